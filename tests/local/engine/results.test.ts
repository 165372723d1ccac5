/** How the engine reads DuckDB results into JS values: exact numbers, nulls, nested values. */
import fc from 'fast-check';
import { DuckDBDecimalValue } from '@duckdb/node-api';
import { LocalEngine, numberFromDecimal } from '../../../local/engine/engine';

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
