import { ENTITIES, entity, type EntityName, type EntitySpec } from '../../model/entities';
import { applicableReasons, MALFORMED_REASONS, MALFORMED_ROW_RATE, type MalformedReason, type RawRecord } from '../../local/seed';
import { generate, MEDIUM_TENANT, readAll } from './helpers';

const g = generate({ ...MEDIUM_TENANT, startDate: '2024-01-01', days: 90 }, 'integrity');
const all = readAll(g);
const locationIds = new Set(MEDIUM_TENANT.locations.map((l) => l.id));
const bad = new Map(g.manifest.malformed.map((m) => [`${m.file}#${m.row}`, m]));
const isMalformed = (file: string, row: number) => bad.has(`${file}#${row}`);
/** `YYYYMMDD` of an export file name. */
const fileDay = (file: string) => /_(\d{8})_\d{3}\.\w+$/.exec(file)![1]!;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;
const realDay = (v: string) => {
  const ms = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(v);
};
const validDate = (v: string) => DATE.test(v) && realDay(v);
const validTimestamp = (v: string) => TIMESTAMP.test(v) && realDay(v.slice(0, 10)) && Number(v.slice(11, 13)) < 24 && Number(v.slice(14, 16)) < 60;

/**
 * An independent oracle for what staging should quarantine: every defect a record has, judged
 * from the entity catalog and the tenant config only.
 */
function defects(spec: EntitySpec, r: RawRecord): MalformedReason[] {
  const found = new Set<MalformedReason>();
  for (const f of spec.fields) {
    const v = r[f.name] ?? null;
    if (spec.businessKey.includes(f.name) && v === null) found.add('missing_business_key');
    if (v === null) continue;
    if (f.type === 'date' && !validDate(v)) found.add('unparseable_date');
    if (f.type === 'timestamp' && !validTimestamp(v)) found.add('unparseable_date');
    if (f.name === 'quantity' && Number(v) < 0) found.add('negative_quantity');
    if (f.currency && !NUMBER.test(v)) found.add('non_numeric_amount');
    if (spec.foreignKeys.some((fk) => fk.field === f.name && fk.references === 'locations') && !locationIds.has(v)) found.add('unknown_location');
  }
  return [...found];
}

describe('malformed rows', () => {
  it('are exactly the rows the manifest lists, each with exactly its one defect', () => {
    const flagged: string[] = [];
    const mismatches: unknown[] = [];
    for (const spec of ENTITIES) {
      for (const { file, row, record } of all[spec.name]) {
        const found = defects(spec, record);
        const listed = bad.get(`${file}#${row}`);
        if (found.length) flagged.push(`${file}#${row}`);
        if (listed ? found.length !== 1 || found[0] !== listed.reason : found.length > 0) mismatches.push({ file, row, found, listed: listed?.reason });
      }
    }
    expect(mismatches).toEqual([]);
    expect(flagged.sort()).toEqual([...bad.keys()].sort());
  });

  it('come at the documented rate, with every reason represented', () => {
    const total = ENTITIES.reduce((s, e) => s + g.manifest.entities[e.name].rows, 0);
    const rate = g.manifest.malformed.length / (total - g.manifest.malformed.length);
    expect(rate).toBeGreaterThan(MALFORMED_ROW_RATE * 0.8);
    expect(rate).toBeLessThan(MALFORMED_ROW_RATE * 1.2);
    expect(new Set(g.manifest.malformed.map((m) => m.reason))).toEqual(new Set(MALFORMED_REASONS));
    for (const m of g.manifest.malformed) expect(applicableReasons(entity(m.entity))).toContain(m.reason);
    expect(g.manifest.entities.locations.malformedRows).toBe(0);
  });

  it('are counted per entity in the manifest', () => {
    for (const spec of ENTITIES) {
      const listed = g.manifest.malformed.filter((m) => m.entity === spec.name).length;
      expect({ entity: spec.name, listed }).toEqual({ entity: spec.name, listed: g.manifest.entities[spec.name].malformedRows });
      expect(g.manifest.entities[spec.name].rows).toBe(all[spec.name].length);
    }
  });

  it('never reuse a valid row\'s business key', () => {
    for (const spec of ENTITIES) {
      const key = (r: RawRecord) => spec.businessKey.map((k) => r[k]).join('|');
      const valid = new Set(all[spec.name].filter((x) => !isMalformed(x.file, x.row)).map((x) => key(x.record)));
      const clashes = all[spec.name].filter((x) => isMalformed(x.file, x.row) && valid.has(key(x.record)));
      expect(clashes).toEqual([]);
    }
  });
});

describe('valid rows', () => {
  const valid = Object.fromEntries(ENTITIES.map((e) => [e.name, all[e.name].filter((x) => !isMalformed(x.file, x.row))])) as Record<EntityName, typeof all.locations>;

  it('fill required fields with values of the declared type and domain', () => {
    const problems: unknown[] = [];
    for (const spec of ENTITIES) {
      for (const { file, row, record } of valid[spec.name]) {
        for (const f of spec.fields) {
          const v = record[f.name] ?? null;
          const ok =
            v === null
              ? !f.required
              : f.type === 'integer'
                ? INTEGER.test(v)
                : f.type === 'decimal'
                  ? NUMBER.test(v)
                  : f.type === 'boolean'
                    ? v === 'true' || v === 'false'
                    : f.type === 'date'
                      ? validDate(v)
                      : f.type === 'timestamp'
                        ? validTimestamp(v)
                        : !f.values || f.values.includes(v);
          if (!ok) problems.push({ file, row, field: f.name, value: v });
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('point every foreign key at a parent exported on the same day or earlier', () => {
    const firstExport = new Map<EntityName, Map<string, string>>();
    for (const spec of ENTITIES) {
      const seen = new Map<string, string>();
      for (const { file, record } of valid[spec.name]) {
        const key = spec.businessKey.map((k) => record[k]).join('|');
        const day = fileDay(file);
        if (!seen.has(key) || seen.get(key)! > day) seen.set(key, day);
      }
      firstExport.set(spec.name, seen);
    }
    const orphans: unknown[] = [];
    let checked = 0;
    for (const spec of ENTITIES) {
      for (const { file, row, record } of valid[spec.name]) {
        for (const fk of spec.foreignKeys) {
          const value = record[fk.field] ?? null;
          if (value === null) continue;
          checked++;
          const parentDay = firstExport.get(fk.references)!.get(value);
          if (parentDay === undefined || parentDay > fileDay(file)) orphans.push({ file, row, field: fk.field, value, parentDay });
        }
      }
    }
    expect(orphans.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
  });

  it('version a business key only with strictly later updated_at values, counted as corrections', () => {
    for (const spec of ENTITIES) {
      const last = new Map<string, string>();
      const outOfOrder: string[] = [];
      let repeats = 0;
      // Files are read in date order and rows in file order, so versions must come out ascending.
      for (const { record } of valid[spec.name]) {
        const key = spec.businessKey.map((k) => record[k]).join('|');
        const previous = last.get(key);
        if (previous !== undefined) {
          repeats++;
          if (previous >= record.updated_at!) outOfOrder.push(key);
        }
        last.set(key, record.updated_at!);
      }
      expect(outOfOrder).toEqual([]);
      // The whole history is in this run, so every re-export's first version is too.
      expect({ entity: spec.name, corrections: repeats }).toEqual({ entity: spec.name, corrections: g.manifest.entities[spec.name].correctionRows });
    }
    expect(g.manifest.entities.appointments.correctionRows).toBeGreaterThan(1000);
    expect(g.manifest.entities.claims.correctionRows).toBeGreaterThan(1000);
    expect(g.manifest.entities.patients.correctionRows).toBeGreaterThan(10);
  });

  it('write one file per entity and export day, named <entity>_<YYYYMMDD>_<NNN>', () => {
    for (const spec of ENTITIES) {
      for (const f of g.manifest.entities[spec.name].files) {
        expect(f.path).toMatch(new RegExp(`^${spec.name}/${spec.name}_\\d{8}_\\d{3}\\.${spec.format}$`));
        expect(fileDay(f.path)).toBe(f.date.replace(/-/g, ''));
        expect(f.date >= '2024-01-01' && f.date < '2024-03-31').toBe(true);
      }
    }
  });
});
