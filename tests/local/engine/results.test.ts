/** How the engine reads DuckDB results into JS values: exact numbers, nulls, nested values. */
import fc from 'fast-check';
import { DuckDBDecimalValue } from '@duckdb/node-api';
import { LocalEngine } from '../../../local/engine/engine';
import { numberFromDecimal } from '../../../local/engine/results';
import { TranslationContext, translateStatement } from '../../../local/engine/dialect';
import { splitStatements } from '../../../local/engine/tokenizer';

let engine: LocalEngine;

beforeAll(async () => {
  engine = await LocalEngine.open(':memory:');
  await engine.execute('CREATE DATABASE results_db');
});
afterAll(() => engine.close());

test('a DECIMAL becomes the same double as its decimal text, at every scale and size', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }), fc.integer({ min: 0, max: 38 }), (value, scale) => {
      const decimal = new DuckDBDecimalValue(value, 38, scale);
      expect(numberFromDecimal(decimal)).toBe(Number(decimal.toString()));
    }),
    { numRuns: 20_000 },
  );
  // Small scaled values near 2^53, where rounding twice would differ.
  for (const value of [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 3n, 1n, -5n, 0n]) {
    for (const scale of [0, 1, 2, 9, 22, 23]) {
      const decimal = new DuckDBDecimalValue(value, 38, scale);
      expect(numberFromDecimal(decimal)).toBe(Number(decimal.toString()));
    }
  }
});

test('NUMBER, FLOAT, VARCHAR, BOOLEAN, DATE, TIMESTAMP_NTZ and VARIANT values, with nulls', async () => {
  await engine.execute(`
    CREATE TABLE results_db.public.t (n NUMBER(38,2), big NUMBER(38,0), f FLOAT, s VARCHAR, b BOOLEAN, d DATE, ts TIMESTAMP_NTZ, v VARIANT);
    INSERT INTO results_db.public.t
      SELECT 1234.5, 123456789012345678901234567, 2.5, 'a"b', TRUE, '2024-01-02', '2024-01-02 03:04:05.123456', PARSE_JSON('{"x":[1,2.50]}');
    INSERT INTO results_db.public.t SELECT -0.01, -7, 'NaN'::FLOAT, '', FALSE, NULL, NULL, NULL;
    INSERT INTO results_db.public.t SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL;
  `);
  const result = await engine.execute('SELECT * FROM results_db.public.t');
  expect(result.columns.map((c) => [c.name, c.type, c.scale])).toEqual([
    ['N', 'FIXED', 2],
    ['BIG', 'FIXED', 0],
    ['F', 'REAL', undefined],
    ['S', 'TEXT', undefined],
    ['B', 'BOOLEAN', undefined],
    ['D', 'DATE', undefined],
    ['TS', 'TIMESTAMP_NTZ', undefined],
    ['V', 'VARIANT', undefined],
  ]);
  expect(result.rows[0]).toEqual([1234.5, 123456789012345678901234567, 2.5, 'a"b', true, '2024-01-02', '2024-01-02 03:04:05.123456', '{"x":[1,2.5]}']);
  expect(result.rows[1]).toEqual([-0.01, -7, NaN, '', false, null, null, null]);
  expect(result.rows[2]).toEqual([null, null, null, null, null, null, null, null]);
});

test('integer expressions and nested values keep their JS shapes', async () => {
  const result = await engine.execute("SELECT COUNT(*) AS c, 9007199254740993::BIGINT AS b, ARRAY_CONSTRUCT(1.5, 2) AS l, OBJECT_CONSTRUCT('k', 1.25) AS o");
  expect(result.rows).toEqual([[1, 9007199254740992, expect.any(String), expect.any(String)]]);
  expect(JSON.parse(result.rows[0]![2] as string)).toEqual([1.5, 2]);
  expect(JSON.parse(result.rows[0]![3] as string)).toEqual({ k: 1.25 });
});

/** Runs one SELECT with the rows deferred, as the endpoint's sessions do. */
async function deferred(sql: string) {
  const context: TranslationContext = { database: 'RESULTS_DB', schema: 'PUBLIC', deferRows: true };
  return engine.runStatement(translateStatement(splitStatements(sql)[0]!, context), [], context);
}

test('deferred rows are the same rows, converted range by range across DuckDB chunks', async () => {
  const sql = `SELECT CAST(i AS NUMBER(38,0)) AS id, CAST(i / 800 AS NUMBER(4,2)) AS small, CAST(i / 3 AS NUMBER(18,6)) AS mid,
                      CAST(i * 1.5 AS FLOAT) AS f, 'v' || i AS s, CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 = 0 END AS b
                 FROM (WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999) SELECT i FROM n) ORDER BY id`;
  const eager = await engine.execute(sql, { database: 'RESULTS_DB', schema: 'PUBLIC' });
  expect(eager.deferred).toBeUndefined();
  const result = await deferred(sql);
  expect(result.rows).toEqual([]);
  expect(result.rowCount).toBe(5000);
  expect(result.columns).toEqual(eager.columns);
  const rows = result.deferred!;
  expect(rows.length).toBe(5000);
  // DuckDB hands out 2,048-row chunks: ranges inside one, across two, and past the end.
  for (const [start, end] of [[0, 10], [2040, 2060], [100, 4500], [4990, 6000], [0, 5000], [5000, 5000]] as const) {
    expect(rows.slice(start, end)).toEqual(eager.rows.slice(start, end));
  }
  expect(eager.rows[8]).toEqual([8, 0.01, 2.666667, 12, 'v8', true]);
  rows.release();
  expect(() => rows.slice(0, 1)).toThrow('the result rows were released');
});

test('deferred rows are a snapshot: later statements on the connection do not change them', async () => {
  await engine.execute(`CREATE TABLE results_db.public.snap AS WITH RECURSIVE n (id) AS (SELECT 0 UNION ALL SELECT id + 1 FROM n WHERE id < 2999) SELECT id, 'before' AS state FROM n`);
  const rows = (await deferred('SELECT id, state FROM snap ORDER BY id')).deferred!;
  await engine.execute(`UPDATE results_db.public.snap SET state = 'after'; DELETE FROM results_db.public.snap WHERE id > 10`);
  expect(rows.slice(2999, 3000)).toEqual([[2999, 'before']]);
  expect(new Set(rows.slice().map((row) => row[1]))).toEqual(new Set(['before']));
});

test('DECIMALs of every storage width read like their decimal text', async () => {
  const result = await deferred(`SELECT CAST(-12.34 AS NUMBER(4,2)), CAST(123456.789 AS NUMBER(9,3)), CAST(-123456789012.3456 AS NUMBER(18,4)),
                                        CAST('12345678901234567890.123456789' AS NUMBER(38,9)), CAST(NULL AS NUMBER(4,2))`);
  expect(result.deferred!.slice()).toEqual([[-12.34, 123456.789, -123456789012.3456, 12345678901234567890.123456789, null]]);
});
