import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ENTITIES } from '../../model/entities';
import { csvRecord, parseCsv, parseSourceFile } from '../../local/seed';
import { generate, readAll, SMALL_TENANT } from './helpers';

describe('CSV encoding', () => {
  it('round-trips any records through the parser (quotes, commas, CR, LF, unicode)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', 'é', '😀', ';', "'") });
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (records) => {
        // A lone empty field and an empty line are the same CSV; give such records a second field.
        const rows = records.map((r) => (r.length === 1 && r[0] === '' ? ['', ''] : r));
        const encoded = rows.map(csvRecord).join('\n') + '\n';
        expect(parseCsv(encoded)).toEqual(rows);
        expect(parseCsv(encoded.replace(/\n(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\r\n'))).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('quotes only the fields that need it', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', ''])).toBe('plain,"a,b","say ""hi""","two\nlines",');
  });

  it('rejects text that is not CSV, naming the record', () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(/record 2: unterminated quoted field/);
    expect(() => parseCsv('a,"b"x\n')).toThrow(/record 1: unexpected "x" after a closing quote/);
    expect(() => parseCsv('a,b"c"\n')).toThrow(/record 1: quote inside an unquoted field/);
  });
});

describe('generated files', () => {
  const g = generate({ ...SMALL_TENANT, startDate: '2024-08-01', days: 30 }, 'csv');
  const all = readAll(g);

  it('have a header row equal to the entity fields and the same field count on every record', () => {
    for (const spec of ENTITIES.filter((e) => e.format === 'csv')) {
      for (const f of g.manifest.entities[spec.name].files) {
        const records = parseCsv(fs.readFileSync(path.join(g.dir, f.path), 'utf8'));
        expect(records[0]).toEqual(spec.fields.map((x) => x.name));
        expect(records.length - 1).toBe(f.rows);
        expect(records.every((r) => r.length === spec.fields.length)).toBe(true);
      }
    }
  });

  it('write NDJSON objects with every field, in order', () => {
    for (const spec of ENTITIES.filter((e) => e.format === 'ndjson')) {
      const [file] = g.manifest.entities[spec.name].files;
      const lines = fs.readFileSync(path.join(g.dir, file!.path), 'utf8').split('\n').filter(Boolean);
      expect(lines).toHaveLength(file!.rows);
      for (const line of lines) expect(Object.keys(JSON.parse(line) as object)).toEqual(spec.fields.map((x) => x.name));
    }
  });

  it('carry free text with quotes, commas and line breaks that survives a round trip', () => {
    const notes = [...all.appointments.map((x) => x.record.notes), ...all.exams.map((x) => x.record.chief_complaint)].filter((v): v is string => v !== null);
    expect(notes.some((n) => n.includes('\n'))).toBe(true);
    expect(notes.some((n) => n.includes('"'))).toBe(true);
    expect(notes.some((n) => n.includes(','))).toBe(true);
    // Re-encoding what was read gives the file back byte for byte.
    for (const spec of ENTITIES.filter((e) => e.format === 'csv')) {
      const [file] = g.manifest.entities[spec.name].files;
      const original = fs.readFileSync(path.join(g.dir, file!.path), 'utf8');
      const records = parseSourceFile(original, 'csv');
      const names = spec.fields.map((x) => x.name);
      const rebuilt = [names.join(','), ...records.map((r) => csvRecord(names.map((n) => r[n] ?? '')))].join('\n') + '\n';
      expect(rebuilt).toBe(original);
    }
  });

  it('use ISO dates and timestamps', () => {
    const appointment = all.appointments[0]!.record;
    expect(appointment.scheduled_start).toMatch(/^2024-\d{2}-\d{2}T\d{2}:\d{2}:00$/);
    expect(all.patients[0]!.record.birth_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
