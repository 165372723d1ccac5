/**
 * COPY INTO reads plain CSV and NDJSON files with DuckDB's readers and every other file with the
 * JavaScript parser. These tests hold the two to the same rows, record numbers and rejects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LocalAccount, Session } from '../../../local/account/account';
import { FileFormatDefinition } from '../../../local/account/objects';
import { CopyExpression, CopySource, StagedFile, copyBufferRow, copySource, duckSource, parseFile, plainFile } from '../../../local/account/stages';
import { csvRecord, plainCsvRecords, readCsv } from '../../../local/formats/csv';
import { plainNdjsonRecords } from '../../../local/formats/ndjson';
import { ENTITIES } from '../../../model/entities';
import { openAccount, rows } from '../../helpers/account';
import { SMALL_TENANT, generate } from '../../seed/helpers';

type Format = Pick<FileFormatDefinition, 'type' | 'options'>;

const CSV_EXPORT: Format = { type: 'CSV', options: { SKIP_HEADER: '1', FIELD_OPTIONALLY_ENCLOSED_BY: '"', NULL_IF: [''], ERROR_ON_COLUMN_COUNT_MISMATCH: 'TRUE' } };

const NDJSON: Format = { type: 'JSON', options: {} };

/** `$1:key` per key, then the load metadata, as copyIntoSql writes them for an NDJSON entity. */
const byKey = (keys: readonly string[]): CopySource =>
  copySource(NDJSON, [...keys.map((k): CopyExpression => ({ kind: 'column', index: 1, jsonPath: [k] })), { kind: 'filename' }, { kind: 'rowNumber' }, { kind: 'scanTime' }]);

/** JSON values whose text DuckDB and JavaScript may disagree on: escapes, exponents, -0, long and tiny numbers, nesting. */
const jsonValue = fc.oneof(
  { arbitrary: fc.oneof(fc.string({ unit: fc.constantFrom('a', ' ', 'é') }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(12.5, -0.25, true, null)), weight: 12 },
  // Short decimals from 0.00000001 up, where DuckDB switches to exponent notation sooner than JavaScript.
  { arbitrary: fc.tuple(fc.integer({ min: -9999, max: 9999 }), fc.integer({ min: 1, max: 8 })).map(([n, e]) => n / 10 ** e), weight: 4 },
  fc.string({ unit: fc.constantFrom('a', 'é', '😀', '"', '\\', '/', '\n', '\t', '\u0000', '\u2028', ',', '}', ':') }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => n.toString()),
  fc.constantFrom(0.01, 0.001, 0.0001, 1e-7, 1e21, 100.5, -0, '1.50', '1e2', '-0', '0.010', '007', true, false, null),
  fc.constantFrom({ x: 1 }, [1, 'a'], {}),
);
/** A line: members from a small key set (so keys repeat), values as written or as raw number text. */
const jsonLine = fc.array(fc.tuple(fc.oneof({ arbitrary: fc.constantFrom('a', 'b', 'c_1'), weight: 12 }, fc.constantFrom('A', 'file_index', 'constructor')), jsonValue), { maxLength: 4 }).map((members) =>
  `{${members.map(([k, v]) => `${JSON.stringify(k)}:${typeof v === 'string' && /^-?[0-9]/.test(v) ? v : JSON.stringify(v)}`).join(',')}}`,
);

const positional = (fields: number): CopySource => copySource({ type: 'CSV' }, Array.from({ length: fields }, (_, k) => ({ kind: 'column' as const, index: k + 1 })));

function staged(file: string): StagedFile {
  const stat = fs.statSync(file);
  return { name: path.basename(file), path: file, size: stat.size, lastModified: stat.mtime, bytes: () => fs.readFileSync(file) };
}

/** The relation rows as the JavaScript parser makes them, text as DuckDB's JSON rows show them. */
function javascriptRows(files: readonly StagedFile[], format: Format, source: CopySource): unknown[][] {
  return files.flatMap((f) =>
    parseFile(f.bytes().toString('utf8'), format, source.width).records.map((r) => copyBufferRow(source, r, f.name).map((v) => (typeof v === 'number' ? String(v) : v))),
  );
}

async function duckRows(account: LocalAccount, files: readonly StagedFile[], format: Format, source: CopySource): Promise<unknown[][]> {
  const plain = files.map((file) => ({ file, records: plainFile(file, file.bytes().toString('utf8'), format, source)! }));
  return account.engine.system(`SELECT * FROM ${duckSource(plain, format, source)}`);
}

describe('plainCsvRecords', () => {
  const options = fc.record({ delimiter: fc.constantFrom(',', '|', ';'), quote: fc.constantFrom<string | undefined>('"', "'", undefined) });

  it('accepts only text that readCsv splits into well-formed records of that many fields, one line per skipped record', () => {
    // Lines of `fields` raw tokens, so that a good share are plain, and the tokens' quotes, delimiters, CR and LF break the rest.
    const token = fc.string({ unit: fc.oneof({ arbitrary: fc.constantFrom('a', 'b'), weight: 6 }, fc.constantFrom(',', '|', '"', "'", '""', '"a\n,""b"', "'c''|d'", '\n', '\r', '\uFEFF')), maxLength: 4 });
    const csv = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(token, { minLength: 1, maxLength: 4 }), { maxLength: 5 }), fc.boolean());
    fc.assert(
      fc.property(csv, options, fc.integer({ min: 0, max: 2 }), ([fields, lines, trailing], opts, skip) => {
        const text = lines.map((l) => l.slice(0, fields).join(opts.delimiter)).join('\n') + (trailing ? '\n' : '');
        const records = plainCsvRecords(text, opts, skip, fields);
        if (records === undefined) return;
        const read = [...readCsv(text, opts)];
        expect(read.every((r) => r.error === undefined)).toBe(true);
        expect(read.filter((r) => r.number <= skip).every((r) => !r.raw.includes('\n'))).toBe(true);
        const data = read.filter((r) => r.number > skip);
        expect(data).toHaveLength(records);
        expect(data.every((r) => r.fields.length === fields)).toBe(true);
        expect(text.includes('\r') || text.startsWith('\uFEFF')).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts any well-formed CSV with a fixed field count, quoted line breaks included', () => {
    const value = fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', 'é') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(value, { minLength: 4, maxLength: 4 }), { maxLength: 6 }), (fields, records) => {
        const lines = records.map((r) => r.slice(0, fields)).map((r) => (fields === 1 && r[0] === '' ? ['""'] : r.map((v) => csvRecord([v]))));
        const csv = ['h'.repeat(fields).split('').join(','), ...lines.map((r) => r.join(','))].join('\n') + '\n';
        expect(plainCsvRecords(csv, {}, 1, fields)).toBe(records.length);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses the records the JavaScript parser rejects or DuckDB would number differently', () => {
    for (const csv of ['a,b\n"x,y\n', 'a,b\n"x"z,y\n', 'a,b\nx"z,y\n', 'a,b\nx\n', 'a,b\nx,y\n\nz,w\n', 'a,b\r\nx,y\r\n', '\uFEFFa,b\nx,y\n', '"a\nb",c\nx,y\n']) {
      expect(plainCsvRecords(csv, {}, 1, 2)).toBeUndefined();
    }
    expect(plainCsvRecords('a,b\nx,y\n"p\nq",r', {}, 1, 2)).toBe(2);
  });
});

describe('plainNdjsonRecords', () => {
  it('accepts only lines JSON.parse reads as flat objects with each key once, one record per line', () => {
    const text = fc.tuple(fc.array(fc.oneof({ arbitrary: jsonLine, weight: 8 }, fc.constantFrom('', ' ', '{"a":1} ', '[1]', '"s"', '{"a":1', '{"a":1}\r')), { maxLength: 5 }), fc.boolean());
    fc.assert(
      fc.property(text, ([lines, trailing]) => {
        const content = lines.join('\n') + (trailing ? '\n' : '');
        const records = plainNdjsonRecords(content);
        if (records === undefined) return;
        const parsed = parseFile(content, NDJSON);
        expect(parsed.rejected).toEqual([]);
        expect(parsed.records.map((r) => r.number)).toEqual(Array.from({ length: records }, (_, k) => k + 1));
        // What JSON.stringify writes back unchanged has each key once, canonical numbers and no nesting to tell apart.
        for (const line of content.split('\n').slice(0, records)) {
          expect(JSON.stringify(JSON.parse(line))).toBe(line);
          expect(Object.values(JSON.parse(line)).every((v) => v === null || typeof v !== 'object')).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts the exports as the generator writes them and refuses what DuckDB would read differently', () => {
    expect(plainNdjsonRecords('{"a":"x","b":1.5,"c":null,"d":true}\n{"a":"y\\n\\"z","b":-20}\n')).toBe(2);
    expect(plainNdjsonRecords('')).toBe(0);
    for (const text of ['{"a":1,"a":2}\n', '{"a":1}\n\n{"a":2}\n', '{"a":1e2}', '{"a":0.001}', '{"a":1.50}', '{"a":-0}', '{"a":1234567890123456}', '{"a":"\\u0041"}', '{"A":1}', '{"a":{"b":1}}', '{"a":[1]}', '{ "a":1}', '{"a":1}\r\n']) {
      expect(plainNdjsonRecords(text)).toBeUndefined();
    }
  });
});

describe('DuckDB reader and JavaScript parser', () => {
  let account: LocalAccount;
  let dir: string;
  let admin: Session;

  beforeEach(async () => {
    ({ account, dir } = await openAccount());
    admin = account.systemSession('SYSADMIN');
  });
  afterEach(() => account.close());

  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return staged(file);
  };

  it('give the same rows, values and record numbers under each CSV option', async () => {
    const cases: { format: Format; fields: number; files: string[] }[] = [
      { format: CSV_EXPORT, fields: 3, files: ['h1,h2,h3\nA,,""\n"B ""q""","two\nlines",\\N\n', 'h1,h2,h3\nC,"a,b",  spaced  \n"","",x'] },
      { format: { type: 'CSV', options: {} }, fields: 2, files: ['A,\\N\n"B",""\n,"\\N"\n'] },
      { format: { type: 'CSV', options: { FIELD_DELIMITER: '|', FIELD_OPTIONALLY_ENCLOSED_BY: '"', SKIP_HEADER: '2', NULL_IF: ['NULL', 'n/a'], EMPTY_FIELD_AS_NULL: 'FALSE' } }, fields: 2, files: ['title\nh1|h2\nNULL|\nn/a|a,b\n"x|y"|"NULL"\n'] },
      { format: { type: 'CSV', options: { FIELD_OPTIONALLY_ENCLOSED_BY: "'", SKIP_HEADER: '1' } }, fields: 2, files: ["h1,h2\n'it''s',\"raw\"\n'',z\n"] },
    ];
    for (const [k, c] of cases.entries()) {
      const files = c.files.map((content, j) => write(`case${k}_${j}.csv`, content));
      const source = positional(c.fields);
      const expected = javascriptRows(files, c.format, source);
      expect(expected.length).toBeGreaterThan(0);
      expect(await duckRows(account, files, c.format, source)).toEqual(expected);
    }
  });

  it('leave to JavaScript a file with a NUL character or a path DuckDB would expand as a glob', () => {
    const source = positional(2);
    expect(plainFile(write('plain.csv', 'a,b\nx,y\n'), 'a,b\nx,y\n', CSV_EXPORT, source)).toBe(1);
    expect(plainFile(write('nul.csv', 'a,b\nx\0,y\n'), 'a,b\nx\0,y\n', CSV_EXPORT, source)).toBeUndefined();
    expect(plainFile(write('day[1].csv', 'a,b\nx,y\n'), 'a,b\nx,y\n', CSV_EXPORT, source)).toBeUndefined();
    expect(plainFile(write('plain.csv', 'a,b\nx,y\n'), 'a,b\nx,y\n', { type: 'CSV', options: { ...CSV_EXPORT.options, ERROR_ON_COLUMN_COUNT_MISMATCH: 'FALSE' } }, source)).toBeUndefined();
  });

  it('give the same rows, values and record numbers for any plain NDJSON', async () => {
    const source = byKey(['a', 'b', 'c_1']);
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(jsonLine, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), async (contents) => {
        const files = contents.map((lines, j) => write(`p${compared}_${j}.ndjson`, `${lines.join('\n')}\n`));
        if (!files.every((f) => plainFile(f, f.bytes().toString('utf8'), NDJSON, source) !== undefined)) return;
        compared++;
        expect(await duckRows(account, files, NDJSON, source)).toEqual(javascriptRows(files, NDJSON, source));
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(10);
  });

  it('leave to JavaScript NDJSON expressions DuckDB cannot read as top-level keys', () => {
    const file = write('keys.ndjson', '{"a":"x"}\n');
    const plainWith = (expressions: CopyExpression[]) => plainFile(file, '{"a":"x"}\n', NDJSON, copySource(NDJSON, expressions));
    expect(plainWith([{ kind: 'column', index: 1, jsonPath: ['a'] }, { kind: 'filename' }])).toBe(1);
    for (const jsonPath of [['a', 'b'], ['constructor'], ['file_index'], ['A b']]) expect(plainWith([{ kind: 'column', index: 1, jsonPath }])).toBeUndefined();
    expect(plainWith([{ kind: 'column', index: 2, jsonPath: ['a'] }])).toBeUndefined();
    expect(plainWith([{ kind: 'filename' }])).toBeUndefined();
  });

  it('give the same rows for every generated CSV export', async () => {
    const g = generate({ ...SMALL_TENANT, startDate: '2024-08-01', days: 20 }, 'copy-readers');
    for (const spec of ENTITIES.filter((e) => e.format === 'csv')) {
      const files = g.manifest.entities[spec.name].files.map((f) => staged(path.join(g.dir, f.path)));
      const source = positional(spec.fields.length);
      for (const f of files) expect(plainFile(f, f.bytes().toString('utf8'), CSV_EXPORT, source)).toBe(g.manifest.entities[spec.name].files.find((m) => f.path.endsWith(m.path))!.rows);
      expect(await duckRows(account, files, CSV_EXPORT, source)).toEqual(javascriptRows(files, CSV_EXPORT, source));
    }
    for (const spec of ENTITIES.filter((e) => e.format === 'ndjson')) {
      const files = g.manifest.entities[spec.name].files.map((f) => staged(path.join(g.dir, f.path)));
      const source = byKey(spec.fields.map((f) => f.name));
      for (const f of files) expect(plainFile(f, f.bytes().toString('utf8'), NDJSON, source)).toBe(g.manifest.entities[spec.name].files.find((m) => f.path.endsWith(m.path))!.rows);
      expect(await duckRows(account, files, NDJSON, source)).toEqual(javascriptRows(files, NDJSON, source));
    }
  });

  describe('through COPY INTO', () => {
    const good = ['id,status,note\nA1,ok,"a ""quoted"" note"\nA2,,"two\nlines"\n', 'id,status,note\nB1,late,\n'];
    const bad = 'id,status,note\nC1,ok,x\nC2,too,many,fields\nC3,bad"quote,z\nC4,ok,y\n"C5,unterminated\n';

    async function load(onError: string): Promise<{ result: Record<string, unknown>[]; raw: Record<string, unknown>[]; rejects: unknown[][] }> {
      await account.execute(admin, 'CREATE DATABASE D; CREATE SCHEMA D.RAW; CREATE STAGE D.RAW.LANDING');
      await account.execute(admin, 'CREATE TABLE D.RAW.T (ID VARCHAR, STATUS VARCHAR, NOTE VARCHAR, _SOURCE_FILE VARCHAR, _SOURCE_ROW NUMBER(38,0), _LOADED_AT TIMESTAMP_NTZ)');
      await account.execute(admin, `CREATE FILE FORMAT D.RAW.CSV_EXPORT TYPE = CSV SKIP_HEADER = 1 FIELD_OPTIONALLY_ENCLOSED_BY = '"' NULL_IF = ('')`);
      [...good, bad].forEach((content, k) => write(`t_${k}.csv`, content));
      await account.execute(admin, `PUT 'file://${path.join(dir, 't_*.csv')}' @D.RAW.LANDING/t/`);
      const result = await rows(
        account,
        admin,
        `COPY INTO D.RAW.T FROM (SELECT $1, $2, $3, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME FROM @D.RAW.LANDING/t/)
           FILE_FORMAT = (FORMAT_NAME = 'D.RAW.CSV_EXPORT') ON_ERROR = ${onError}`,
      );
      const raw = await rows(account, admin, 'SELECT ID, STATUS, NOTE, _SOURCE_FILE AS F, _SOURCE_ROW AS R FROM D.RAW.T ORDER BY F, R');
      const rejects = await account.engine.system('SELECT file_name, line_number, error, rejected_record FROM sf_system.load_errors ORDER BY file_name, line_number');
      return { result, raw, rejects };
    }

    /** What the JavaScript parser alone makes of the staged files. */
    function expected(skipBadFile: boolean) {
      const files = [...good, bad].map((content, k) => ({ name: `t/t_${k}.csv`, parsed: parseFile(content, CSV_EXPORT, 3) }));
      const loaded = files.filter((f) => !(skipBadFile && f.parsed.rejected.length > 0));
      return {
        raw: loaded.flatMap((f) =>
          f.parsed.records.map((r) => {
            const [ID, STATUS, NOTE] = r.values as (string | null)[];
            return { ID, STATUS, NOTE, F: f.name, R: r.number };
          }),
        ),
        rejects: files.flatMap((f) => f.parsed.rejected.map((r) => [f.name, String(r.number), r.error, r.raw])),
      };
    }

    it('loads plain files with DuckDB and the file with malformed records with JavaScript, as JavaScript alone would', async () => {
      const bulk = jest.spyOn(account.engine, 'bulkLoad');
      const direct = jest.spyOn(account.engine, 'insertSelect');
      const { result, raw, rejects } = await load('CONTINUE');
      const js = expected(false);
      expect(raw).toEqual(js.raw);
      expect(rejects).toEqual(js.rejects);
      expect(rejects.map((r) => r[1])).toEqual(['3', '4', '6']);
      expect(result.map((r) => [r.file, r.status, r.rows_parsed, r.rows_loaded, r.errors_seen, r.first_error_line])).toEqual([
        ['landing/t/t_0.csv', 'LOADED', 2, 2, 0, null],
        ['landing/t/t_1.csv', 'LOADED', 1, 1, 0, null],
        ['landing/t/t_2.csv', 'PARTIALLY_LOADED', 5, 2, 3, 3],
      ]);
      // The two plain files went to DuckDB's reader in one statement; only the malformed file's good rows to the appender.
      expect(direct).toHaveBeenCalledTimes(1);
      expect(direct.mock.calls[0]![3]).toContain('read_csv');
      expect(bulk.mock.calls[0]![3].rows).toHaveLength(2);
    });

    it('keeps ON_ERROR = SKIP_FILE per file across both readers', async () => {
      const { result, raw, rejects } = await load('SKIP_FILE');
      const js = expected(true);
      expect(raw).toEqual(js.raw);
      expect(rejects).toEqual(js.rejects);
      expect(result.map((r) => r.status)).toEqual(['LOADED', 'LOADED', 'LOAD_FAILED']);
    });

    it('falls back to JavaScript for every file when DuckDB refuses a plain file, loading the same rows', async () => {
      jest.spyOn(account.engine, 'insertSelect').mockRejectedValueOnce(new Error('Invalid Input Error: CSV Error on Line: 2'));
      const { result, raw, rejects } = await load('CONTINUE');
      const js = expected(false);
      expect(raw).toEqual(js.raw);
      expect(rejects).toEqual(js.rejects);
      expect(result.map((r) => r.rows_loaded)).toEqual([2, 1, 2]);
      expect(await account.engine.system("SELECT count(*) FROM sf_system.load_history WHERE table_name = 'D.RAW.T'")).toEqual([['3']]);
    });

    it('loads plain NDJSON with DuckDB and files with a bad line, a repeated key or a number DuckDB writes differently with JavaScript', async () => {
      const contents = [
        '{"id":"A1","amount":12.5,"note":"a \\"quoted\\"\\nnote"}\n{"id":"A2","amount":null}\n',
        '{"id":"B1","amount":7}\n{"id":"B2" oops\n{"id":"B3","amount":1}\n',
        '{"id":"C1","id":"C2","amount":3}\n',
        '{"id":"D1","amount":1e2,"note":"x"}\n{"id":"D2","amount":1.50}\n',
      ];
      const direct = jest.spyOn(account.engine, 'insertSelect');
      await account.execute(admin, 'CREATE DATABASE D; CREATE SCHEMA D.RAW; CREATE STAGE D.RAW.LANDING');
      await account.execute(admin, 'CREATE TABLE D.RAW.T (ID VARCHAR, AMOUNT VARCHAR, NOTE VARCHAR, _SOURCE_FILE VARCHAR, _SOURCE_ROW NUMBER(38,0), _LOADED_AT TIMESTAMP_NTZ)');
      contents.forEach((content, k) => write(`j_${k}.ndjson`, content));
      await account.execute(admin, `PUT 'file://${path.join(dir, 'j_*.ndjson')}' @D.RAW.LANDING/j/`);
      const result = await rows(
        account,
        admin,
        `COPY INTO D.RAW.T FROM (SELECT $1:id::VARCHAR, $1:amount::VARCHAR, $1:note::VARCHAR, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME FROM @D.RAW.LANDING/j/)
           FILE_FORMAT = (TYPE = JSON) ON_ERROR = CONTINUE`,
      );
      const source = byKey(['id', 'amount', 'note']);
      const parsed = contents.map((content, k) => ({ name: `j/j_${k}.ndjson`, parsed: parseFile(content, NDJSON) }));
      expect(await rows(account, admin, 'SELECT ID, AMOUNT, NOTE, _SOURCE_FILE AS F, _SOURCE_ROW AS R FROM D.RAW.T ORDER BY F, R')).toEqual(
        parsed.flatMap((f) =>
          f.parsed.records.map((r) => {
            const [, , ID, AMOUNT, NOTE] = copyBufferRow(source, r, f.name);
            return { ID, AMOUNT, NOTE, F: f.name, R: r.number };
          }),
        ),
      );
      expect(await account.engine.system('SELECT file_name, line_number FROM sf_system.load_errors ORDER BY file_name')).toEqual([['j/j_1.ndjson', '2']]);
      expect(result.map((r) => [r.status, r.rows_loaded])).toEqual([['LOADED', 2], ['PARTIALLY_LOADED', 2], ['LOADED', 1], ['LOADED', 2]]);
      // Only the first file is plain: one read_json over it, the other three through JSON.parse.
      expect(direct).toHaveBeenCalledTimes(1);
      expect(direct.mock.calls[0]![3]).toContain("read_json(['");
      expect(direct.mock.calls[0]![3]).not.toContain('j_1.ndjson');
    });
  });
});
