/**
 * Each case runs Snowflake SQL on the local engine and compares with the result Snowflake's
 * documentation gives for the same statement.
 */
import fc from 'fast-check';
import { ExecuteOptions, LocalEngine } from '../../../local/engine/engine';
import { SnowflakeError } from '../../../local/engine/errors';

let engine: LocalEngine;
const session: ExecuteOptions = { database: 'SEM', schema: 'PUBLIC' };
const run = (sql: string) => engine.execute(sql, session);
const rows = async (sql: string) => (await run(sql)).rows;

beforeAll(async () => {
  engine = await LocalEngine.open(':memory:');
  await engine.execute(`
    CREATE DATABASE sem;
    CREATE TABLE nums (id INT, v INT, s VARCHAR, flag BOOLEAN);
    INSERT INTO nums VALUES (1, 10, 'b', true), (2, NULL, NULL, false), (3, 30, 'a', true), (4, 20, 'c', NULL);
    CREATE TABLE docs (id INT, doc VARIANT);
    INSERT INTO docs SELECT 1, PARSE_JSON('{"patient": {"name": "Ann", "age": 41}, "items": [{"sku": "FR-1", "qty": 2}, {"sku": "CL-9", "qty": 1}], "Note": null}');
  `);
});

afterAll(() => engine.close());

describe('semantic differences from DuckDB, matched', () => {
  test('/ on integers returns a fraction: 7/2 = 3.5, never 3', async () => {
    expect(await rows('SELECT 7/2, 7/2*2, -7/2')).toEqual([[3.5, 7, -3.5]]);
  });

  test('division by zero is an error (DuckDB returns NULL)', async () => {
    await expect(run('SELECT 1/0')).rejects.toMatchObject({ code: '100051', message: 'Division by zero' });
    await expect(run('SELECT v / (id - id) FROM nums')).rejects.toBeInstanceOf(SnowflakeError);
  });

  test('GREATEST / LEAST return NULL if any argument is NULL', async () => {
    expect(await rows('SELECT GREATEST(1, NULL), LEAST(1, NULL), GREATEST(1, 3, 2), LEAST(3, 1, 2)')).toEqual([[null, null, 3, 1]]);
  });

  test('CONCAT and || return NULL if any argument is NULL; CONCAT casts to text', async () => {
    expect(await rows("SELECT CONCAT('a', NULL), 'a' || NULL, CONCAT('a', 1, 'b'), CONCAT_WS('-', 'a', NULL)")).toEqual([[null, null, 'a1b', null]]);
  });

  test('ORDER BY ASC puts NULLs last', async () => {
    expect(await rows('SELECT v FROM nums ORDER BY v')).toEqual([[10], [20], [30], [null]]);
  });

  test('ORDER BY DESC puts NULLs first', async () => {
    expect(await rows('SELECT v FROM nums ORDER BY v DESC')).toEqual([[null], [30], [20], [10]]);
  });

  test('explicit NULLS FIRST / LAST is respected', async () => {
    expect(await rows('SELECT v FROM nums ORDER BY v ASC NULLS FIRST')).toEqual([[null], [10], [20], [30]]);
    expect(await rows('SELECT v FROM nums ORDER BY v DESC NULLS LAST')).toEqual([[30], [20], [10], [null]]);
  });

  test('window ORDER BY follows the same NULL ordering', async () => {
    expect(await rows('SELECT id, ROW_NUMBER() OVER (ORDER BY v DESC) FROM nums ORDER BY id')).toEqual([[1, 4], [2, 1], [3, 2], [4, 3]]);
  });

  test('string comparison is case-sensitive (ILIKE is the insensitive form)', async () => {
    expect(await rows("SELECT 'a' = 'A', 'a' < 'B', 'abc' LIKE 'A%', 'abc' ILIKE 'A%'")).toEqual([[false, false, false, true]]);
  });

  test('COUNT_IF, BOOLAND_AGG and BOOLOR_AGG ignore NULLs', async () => {
    expect(await rows('SELECT COUNT_IF(v > 15), BOOLAND_AGG(flag), BOOLOR_AGG(flag) FROM nums')).toEqual([[2, false, true]]);
  });

  test('IFNULL, NVL, NVL2, ZEROIFNULL, NULLIFZERO', async () => {
    expect(await rows("SELECT IFNULL(NULL, 'x'), NVL(NULL, 2), NVL2(NULL, 'set', 'unset'), NVL2(1, 'set', 'unset'), ZEROIFNULL(NULL), NULLIFZERO(0)")).toEqual([
      ['x', 2, 'unset', 'set', 0, null],
    ]);
  });

  test('IFF', async () => {
    expect(await rows("SELECT IFF(1 > 2, 'yes', 'no'), IFF(NULL, 'yes', 'no')")).toEqual([['no', 'no']]);
  });

  test("a fixed-point quotient (/, DIV0, AVG) is a NUMBER with Snowflake's scale, rounded, and MEDIAN keeps three more decimals; FLOAT stays FLOAT", async () => {
    // The reference's rule: scale = max(s1, min(s1 + 6, 12)) for a numerator of scale s1.
    const result = await run(
      'SELECT 2/3, -2/3, 1.50/7, 10.001/3, (1/3)/7, ((1/3)/7)/2, CAST(1 AS NUMBER(38,18))/4, 1::FLOAT/3, 2/3::FLOAT, SUM(column1)/COUNT(*) FROM (VALUES (1), (2), (4)) v',
    );
    expect(result.rows).toEqual([[0.666667, -0.666667, 0.21428571, 3.333666667, 0.047619, 0.0238095, 0.25, 1 / 3, 2 / 3, 2.333333]]);
    expect(result.columns.map((c) => (c.type === 'FIXED' ? `NUMBER(${c.scale})` : c.type))).toEqual([
      'NUMBER(6)', 'NUMBER(6)', 'NUMBER(8)', 'NUMBER(9)', 'NUMBER(12)', 'NUMBER(12)', 'NUMBER(18)', 'REAL', 'REAL', 'NUMBER(6)',
    ]);
    // DIV0 and DIV0NULL answer with the same type, and AVG as the quotient of its sum and count
    // (the reference's example: AVG of 1, 2, 2 is 1.666667), in a window too; of a FLOAT, a FLOAT.
    expect((await run('SELECT DIV0(2, 3), DIV0NULL(2.5, 0)')).columns.map((c) => c.scale)).toEqual([6, 7]);
    const averages = await run(
      'SELECT AVG(column1), AVG(DISTINCT column1), AVG(CAST(column1 AS NUMBER(10,2))), AVG(column1::FLOAT), AVG(column1) OVER () FROM (VALUES (1), (2), (2)) v GROUP BY column1 ORDER BY 1 LIMIT 1',
    );
    expect(averages.rows).toEqual([[1, 1, 1, 1, 1.5]]);
    expect(averages.columns.map((c) => (c.type === 'FIXED' ? `NUMBER(${c.scale})` : c.type))).toEqual(['NUMBER(6)', 'NUMBER(6)', 'NUMBER(8)', 'REAL', 'NUMBER(6)']);
    expect(await rows('SELECT AVG(column1), AVG(DISTINCT column1) FROM (VALUES (1), (2), (2)) v')).toEqual([[1.666667, 1.5]]);
    // MEDIAN keeps three more decimals (the reference's example: MEDIAN of 1, 3, 10, 1, 3 is 3.000).
    const medians = await run('SELECT MEDIAN(column1), MEDIAN(CAST(column1 AS NUMBER(10,2))), MEDIAN(column1::FLOAT), MEDIAN(column1) OVER () FROM (VALUES (1), (3), (10), (1), (3)) v GROUP BY column1 ORDER BY 1 LIMIT 1');
    expect(medians.rows).toEqual([[1, 1, 1, 3]]);
    expect(medians.columns.map((c) => (c.type === 'FIXED' ? `NUMBER(${c.scale})` : c.type))).toEqual(['NUMBER(3)', 'NUMBER(5)', 'REAL', 'NUMBER(3)']);
    expect(await rows('SELECT MEDIAN(column1) FROM (VALUES (1), (2)) v')).toEqual([[1.5]]);
  });

  test('DIV0(x, 0) = 0 and DIV0NULL(x, NULL) = 0', async () => {
    expect(await rows('SELECT DIV0(1, 0), DIV0(7, 2), DIV0NULL(1, NULL)')).toEqual([[0, 3.5, 0]]);
  });

  test('DECODE matches NULL to NULL; EQUAL_NULL is NULL-safe', async () => {
    expect(await rows("SELECT DECODE(NULL, 1, 'one', NULL, 'null', 'other'), DECODE(3, 1, 'one', 'other'), EQUAL_NULL(NULL, NULL)")).toEqual([
      ['null', 'other', true],
    ]);
  });

  test('SQUARE is always a FLOAT (documented example; NULL stays NULL)', async () => {
    const result = await run('SELECT column1, SQUARE(column1) FROM (VALUES (0), (1), (-2), (3.15), (NULL)) v');
    expect(result.rows).toEqual([
      [0, 0],
      [1, 1],
      [-2, 4],
      [3.15, 9.9225],
      [null, null],
    ]);
    expect(result.columns[1].type).toBe('REAL');
    // A FLOAT, so no overflow where an integer product would leave BIGINT's range.
    expect(await rows('SELECT SQUARE(5000000000)')).toEqual([[2.5e19]]);
  });
});

describe('dates and times', () => {
  test("DATEDIFF counts boundaries: DATEDIFF(month, '2024-01-31', '2024-02-01') = 1", async () => {
    expect(await rows("SELECT DATEDIFF(month, '2024-01-31', '2024-02-01'), DATEDIFF(year, '2023-12-31', '2024-01-01')")).toEqual([[1, 1]]);
  });

  test('DATEDIFF(week) counts Monday boundaries, DATEDIFF(day/hour) calendar boundaries', async () => {
    expect(
      await rows("SELECT DATEDIFF(week, '2024-01-07', '2024-01-08'), DATEDIFF(day, '2024-01-01 23:59', '2024-01-02 00:01'), DATEDIFF(hour, '2024-01-01 10:59:59', '2024-01-01 11:00:00')"),
    ).toEqual([[1, 1, 1]]);
  });

  test('DATEADD of a DATE by days/months stays a DATE and clamps to month end', async () => {
    const result = await run("SELECT DATEADD(day, 1, '2024-01-31'::DATE) AS d, DATEADD(month, 1, '2024-01-31') AS m, DATEADD(quarter, -1, '2024-05-31') AS q");
    expect(result.rows).toEqual([['2024-02-01', '2024-02-29', '2024-02-29']]);
    expect(result.columns.map((c) => c.type)).toEqual(['DATE', 'DATE', 'DATE']);
  });

  test('DATEADD by hours gives a TIMESTAMP_NTZ', async () => {
    const result = await run("SELECT DATEADD(hour, 2, '2024-01-31'::DATE) AS h");
    expect(result.rows).toEqual([['2024-01-31 02:00:00']]);
    expect(result.columns[0].type).toBe('TIMESTAMP_NTZ');
  });

  test('DATE_TRUNC keeps the input type; TRUNC(date, part) is the same', async () => {
    const result = await run("SELECT DATE_TRUNC(month, '2024-02-10'::DATE) AS d, DATE_TRUNC('WEEK', '2024-01-10 10:00'::TIMESTAMP_NTZ) AS w, TRUNC('2024-02-10'::DATE, 'YEAR') AS y");
    expect(result.rows).toEqual([['2024-02-01', '2024-01-08 00:00:00', '2024-01-01']]);
    expect(result.columns.map((c) => c.type)).toEqual(['DATE', 'TIMESTAMP_NTZ', 'DATE']);
  });

  test('DATEADD, TIMESTAMPADD, DATEDIFF, TIMESTAMPDIFF and DATE_TRUNC of an aggregate, window or alias keep their types', async () => {
    // DuckDB could not type these arguments for a typed macro overload ("multiple overloads that match").
    const result = await run(`
      SELECT TIMESTAMPADD(day, 3, MIN(d)) AS a, DATEADD(month, 1, MAX(d)) AS b, MIN(DATEADD(day, 3, d)) AS c,
             DATEDIFF(day, MIN(d), MAX(d)) AS e, TIMESTAMPDIFF(day, MIN(d), '2024-02-01') AS f, DATE_TRUNC(month, MAX(d)) AS g,
             DATEADD(hour, 1, MIN(t)) AS h, DATEDIFF(hour, MIN(t), MAX(d)) AS i
      FROM (SELECT '2024-01-01'::DATE AS d, '2024-01-01 10:00'::TIMESTAMP_NTZ AS t UNION ALL SELECT '2024-01-31'::DATE, '2024-01-02 10:00'::TIMESTAMP_NTZ)`);
    expect(result.rows).toEqual([['2024-01-04', '2024-02-29', '2024-01-04', 30, 31, '2024-01-01', '2024-01-01 11:00:00', 710]]);
    expect(result.columns.map((c) => c.type)).toEqual(['DATE', 'DATE', 'DATE', 'FIXED', 'FIXED', 'DATE', 'TIMESTAMP_NTZ', 'FIXED']);
    const windowed = await run("SELECT d, DATEADD(month, 1, LAG(d) OVER (ORDER BY d)) AS n FROM (SELECT '2024-01-31'::DATE AS d UNION ALL SELECT '2024-03-01'::DATE) ORDER BY d");
    expect(windowed.rows).toEqual([
      ['2024-01-31', null],
      ['2024-03-01', '2024-02-29'],
    ]);
    expect(windowed.columns[1].type).toBe('DATE');
    expect(await rows("SELECT MAX(d) AS m, DATEADD(day, 1, m), DATEDIFF(day, '2023-12-31', m) FROM (SELECT '2024-01-31'::DATE AS d)")).toEqual([['2024-01-31', '2024-02-01', 31]]);
  });

  test('a date spine: GENERATOR(ROWCOUNT => n) makes n rows, SEQ4() numbers them from 0', async () => {
    const spine = await run("SELECT SEQ4() AS n, DATEADD(day, SEQ4(), '2024-02-27'::DATE) AS d FROM TABLE(GENERATOR(ROWCOUNT => 4)) ORDER BY n");
    expect(spine.rows).toEqual([
      [0, '2024-02-27'],
      [1, '2024-02-28'],
      [2, '2024-02-29'],
      [3, '2024-03-01'],
    ]);
    // SEQn() is a window function locally, so an aggregate reads it from a subquery.
    expect(await rows('SELECT COUNT(*), MAX(n) FROM (SELECT SEQ8() AS n FROM TABLE(GENERATOR(ROWCOUNT => 2 * 5)) g)')).toEqual([[10, 9]]);
    expect(await rows('SELECT COUNT(*) FROM TABLE(GENERATOR(ROWCOUNT => 0))')).toEqual([[0]]);
  });

  test('YEAROFWEEKISO, YEAROFWEEK, WEEKISO, WEEKOFYEAR, DAYOFYEAR (ISO weeks with the default week parameters)', async () => {
    // 2016-01-02 is in ISO week 53 of 2015.
    expect(
      await rows("SELECT YEAROFWEEKISO('2016-01-02'::DATE), WEEKISO('2016-01-02'::DATE), YEAROFWEEK('2016-01-02'::DATE), WEEKOFYEAR('2016-01-02'::DATE), DAYOFYEAR('2025-04-11'::DATE), DATE_PART(yearofweekiso, '2019-12-30'::DATE), YEAROFWEEKISO(NULL)"),
    ).toEqual([[2015, 53, 2015, 53, 101, 2020, null]]);
  });

  test('EXTRACT, DATE_PART, YEAR, DAYOFWEEK (0 = Sunday), MONTHNAME, DAYNAME', async () => {
    expect(await rows("SELECT EXTRACT(year FROM '2024-01-07'::DATE), DATE_PART(month, '2024-01-07'::DATE), YEAR('2024-01-07'::DATE), DAYOFWEEK('2024-01-07'::DATE), MONTHNAME('2024-01-07'::DATE), DAYNAME('2024-01-07'::DATE)")).toEqual([
      [2024, 1, 2024, 0, 'Jan', 'Sun'],
    ]);
  });

  test('TO_DATE with a format string parses MM/DD/YYYY', async () => {
    expect(await rows("SELECT TO_DATE('01/02/2024', 'MM/DD/YYYY'), TO_DATE('2024-03-04'), TO_TIMESTAMP('2024-03-04 05:06:07', 'YYYY-MM-DD HH24:MI:SS')")).toEqual([
      ['2024-01-02', '2024-03-04', '2024-03-04 05:06:07'],
    ]);
  });

  test("TRY_TO_DATE('2024-13-45') is NULL; TO_DATE of it fails", async () => {
    expect(await rows("SELECT TRY_TO_DATE('2024-13-45'), TRY_TO_DATE('13/45/2024', 'MM/DD/YYYY'), TRY_TO_TIMESTAMP('nope')")).toEqual([[null, null, null]]);
    await expect(run("SELECT TO_DATE('2024-13-45')")).rejects.toMatchObject({ code: '100040' });
  });

  test('TO_VARCHAR / TO_CHAR with a date format', async () => {
    expect(await rows("SELECT TO_VARCHAR('2024-03-01'::DATE, 'YYYY/MM'), TO_CHAR('2024-03-01 13:05:00'::TIMESTAMP, 'DD-MON-YYYY HH12:MI AM')")).toEqual([
      ['2024/03', '01-Mar-2024 01:05 PM'],
    ]);
  });

  test('CURRENT_TIMESTAMP(), SYSDATE(), CURRENT_DATE and their types', async () => {
    const result = await run('SELECT CURRENT_TIMESTAMP() AS a, CURRENT_TIMESTAMP AS b, SYSDATE() AS c, CURRENT_DATE AS d, CURRENT_DATE() AS e');
    expect(result.columns.map((c) => c.type)).toEqual(['TIMESTAMP_TZ', 'TIMESTAMP_TZ', 'TIMESTAMP_NTZ', 'DATE', 'DATE']);
    expect(result.rows[0].every((value) => value !== null)).toBe(true);
  });
  test('ADD_MONTHS keeps the input type and moves a month end to the month end (documented examples; NULL in, NULL out)', async () => {
    const result = await run("SELECT ADD_MONTHS('2016-05-15'::timestamp_ntz, 2) AS a, ADD_MONTHS('2016-02-29'::date, 1) AS b, ADD_MONTHS('2016-05-31'::date, -1) AS c");
    expect(result.rows).toEqual([['2016-07-15 00:00:00', '2016-03-31', '2016-04-30']]);
    expect(result.columns.map((c) => c.type)).toEqual(['TIMESTAMP_NTZ', 'DATE', 'DATE']);
    // Like DATEADD, a day past the shorter month's end clamps to it; a fraction of a month rounds.
    expect(await rows("SELECT ADD_MONTHS('2016-01-31'::DATE, 1), ADD_MONTHS('2016-01-30'::DATE, 1), ADD_MONTHS('2016-02-29 10:30:00'::TIMESTAMP, 1), ADD_MONTHS('2016-02-28'::DATE, 1.5)")).toEqual([
      ['2016-02-29', '2016-02-29', '2016-03-31 10:30:00', '2016-04-28'],
    ]);
    expect(await rows("SELECT ADD_MONTHS(NULL, 1), ADD_MONTHS('2016-02-28'::DATE, NULL), ADD_MONTHS(MAX(d), 1) FROM (SELECT '2024-01-31'::DATE AS d)")).toEqual([[null, null, '2024-02-29']]);
  });

  test('MONTHS_BETWEEN: whole months for the same day or two month ends, else days over 31; a NUMBER with 6 decimals (documented examples)', async () => {
    const whole = await run("SELECT MONTHS_BETWEEN('2019-03-15'::DATE, '2019-02-15'::DATE) AS MonthsBetween1, MONTHS_BETWEEN('2019-03-31'::DATE, '2019-02-28'::DATE) AS MonthsBetween2");
    expect(whole.rows).toEqual([[1, 1]]);
    expect(whole.columns.map((c) => [c.type, c.scale])).toEqual([
      ['FIXED', 6],
      ['FIXED', 6],
    ]);
    expect(
      await rows(
        "SELECT MONTHS_BETWEEN('2019-03-01'::DATE, '2019-02-15'::DATE), MONTHS_BETWEEN('2019-03-01 02:00:00'::TIMESTAMP, '2019-02-15 01:00:00'::TIMESTAMP), MONTHS_BETWEEN('2019-02-15 02:00:00'::TIMESTAMP, '2019-02-15 01:00:00'::TIMESTAMP)",
      ),
    ).toEqual([[0.548387, 0.549731, 0]]);
    expect(await rows("SELECT MONTHS_BETWEEN('2019-03-28'::DATE, '2019-02-28'::DATE), MONTHS_BETWEEN('2019-03-30'::DATE, '2019-02-28'::DATE), MONTHS_BETWEEN('2019-03-31'::DATE, '2019-02-28'::DATE)")).toEqual([[1, 1.064516, 1]]);
    expect(await rows("SELECT MONTHS_BETWEEN('2019-03-01'::DATE, '2019-02-01'::DATE), MONTHS_BETWEEN('2019-02-01'::DATE, '2019-03-01'::DATE)")).toEqual([[1, -1]]);
    // The pairs the Returns section calls exactly 1.0 apart, ROUND of the usage notes, and the Snowpark example.
    expect(
      await rows(
        "SELECT MONTHS_BETWEEN('2019-03-01 02:00:00'::TIMESTAMP, '2019-02-01 13:00:00'::TIMESTAMP), MONTHS_BETWEEN('2019-03-31 01:00:00'::TIMESTAMP, '2019-02-28 13:00:00'::TIMESTAMP), ROUND(MONTHS_BETWEEN('2019-03-31 12:00:00'::TIMESTAMP, '2019-02-28 00:00:00'::TIMESTAMP)), MONTHS_BETWEEN('2020-05-01 13:11:20'::TIMESTAMP, '2020-08-21 01:30:05'::TIMESTAMP)",
      ),
    ).toEqual([[1, 1, 1, -3.629452]]);
    expect(await rows("SELECT MONTHS_BETWEEN(NULL, '2019-02-01'::DATE), MONTHS_BETWEEN('2019-02-01'::DATE, NULL)")).toEqual([[null, null]]);
  });

  test('NEXT_DAY / PREVIOUS_DAY: the first such weekday strictly after / before, a DATE; the day named by its first two letters, any case', async () => {
    // Snowpark's examples: 2020-08-01 is a Saturday, 2020-12-01 a Tuesday.
    expect(await rows("SELECT NEXT_DAY('2020-08-01'::DATE, 'mo'), NEXT_DAY('2020-12-01'::DATE, 'we'), NEXT_DAY('2020-08-01'::DATE, 'fr'), NEXT_DAY('2020-12-01'::DATE, 'fr')")).toEqual([
      ['2020-08-03', '2020-12-02', '2020-08-07', '2020-12-04'],
    ]);
    expect(await rows("SELECT PREVIOUS_DAY('2020-08-01'::DATE, 'mo'), PREVIOUS_DAY('2020-12-01'::DATE, 'we'), PREVIOUS_DAY('2020-08-01'::DATE, 'fr'), PREVIOUS_DAY('2020-12-01'::DATE, 'fr')")).toEqual([
      ['2020-07-27', '2020-11-25', '2020-07-31', '2020-11-27'],
    ]);
    // The SQL reference examples (from 2025-05-06, a Tuesday, and 2018-06-12); leading spaces and trailing characters are ignored.
    const result = await run("SELECT NEXT_DAY('2025-05-06'::DATE, 'Friday') AS n, PREVIOUS_DAY('2025-05-06'::DATE, 'Friday') AS p, NEXT_DAY('2018-06-12', 'Friday ') AS s, NEXT_DAY('2025-05-09 13:00'::TIMESTAMP, '  fRIDAY') AS t");
    expect(result.rows).toEqual([['2025-05-09', '2025-05-02', '2018-06-15', '2025-05-16']]);
    expect(result.columns.map((c) => c.type)).toEqual(['DATE', 'DATE', 'DATE', 'DATE']);
    expect(await rows("SELECT NEXT_DAY(NULL, 'fr'), PREVIOUS_DAY('2025-05-09'::DATE, NULL)")).toEqual([[null, null]]);
    await expect(run("SELECT NEXT_DAY('2025-05-09'::DATE, 'f')")).rejects.toThrow(/'f' is not a day of the week/);
  });

  test('CONVERT_TIMEZONE(source, target, ntz) is the target wall clock (TIMESTAMP_NTZ); (target, ts) the same instant (TIMESTAMP_TZ)', async () => {
    const three = await run(
      "SELECT CONVERT_TIMEZONE('America/Los_Angeles', 'America/New_York', '2024-01-01 14:00:00'::TIMESTAMP_NTZ) AS a, CONVERT_TIMEZONE('Europe/Warsaw', 'UTC', '2024-01-01 00:00:00'::TIMESTAMP_NTZ) AS b",
    );
    expect(three.rows).toEqual([['2024-01-01 17:00:00', '2023-12-31 23:00:00']]);
    expect(three.columns.map((c) => c.type)).toEqual(['TIMESTAMP_NTZ', 'TIMESTAMP_NTZ']);
    // Documented as 2024-04-05 03:00:00.000 -0700: the same instant, shown at the local session's UTC offset.
    const two = await run("SELECT CONVERT_TIMEZONE('America/Los_Angeles', '2024-04-05 12:00:00 +02:00') AS time_in_la");
    expect(two.rows).toEqual([['2024-04-05 10:00:00+00']]);
    expect(two.columns[0].type).toBe('TIMESTAMP_TZ');
    expect(await rows("SELECT CONVERT_TIMEZONE('America/Los_Angeles', '2024-04-05 12:00:00 +02:00') = '2024-04-05 03:00:00-07:00'::TIMESTAMP_TZ")).toEqual([[true]]);
    // An NTZ or a DATE is in the session time zone (UTC locally).
    expect(await rows("SELECT CONVERT_TIMEZONE('UTC', '2024-04-05 12:00:00'::TIMESTAMP_NTZ), CONVERT_TIMEZONE('UTC', '2024-04-05'::DATE)")).toEqual([['2024-04-05 12:00:00+00', '2024-04-05 00:00:00+00']]);
    expect(await rows("SELECT CONVERT_TIMEZONE(NULL, 'UTC', '2024-01-01 00:00:00'::TIMESTAMP_NTZ), CONVERT_TIMEZONE('UTC', NULL), CONVERT_TIMEZONE(NULL, '2024-04-05'::DATE)")).toEqual([[null, null, null]]);
    await expect(run("SELECT CONVERT_TIMEZONE('Nowhere/Else', '2024-04-05'::DATE)")).rejects.toThrow(/Unknown TimeZone/);
    // Positional binds keep their order (the source zone is the first).
    const bound = await engine.execute('SELECT CONVERT_TIMEZONE(?, ?, ?::TIMESTAMP_NTZ)', { ...session, binds: ['America/Los_Angeles', 'America/New_York', '2024-01-01 14:00:00'] });
    expect(bound.rows).toEqual([['2024-01-01 17:00:00']]);
  });

  test('TIME_SLICE: the start or end of the slice holding a DATE or TIMESTAMP_NTZ, slices counted from 1970-01-01, of the input type (documented examples)', async () => {
    // https://docs.snowflake.com/en/sql-reference/functions/time_slice
    const months = await run(`SELECT '2019-02-28'::DATE AS "DATE", TIME_SLICE("DATE", 4, 'MONTH', 'START') AS "START OF SLICE", TIME_SLICE("DATE", 4, 'MONTH', 'END') AS "END OF SLICE"`);
    expect(months.rows).toEqual([['2019-02-28', '2019-01-01', '2019-05-01']]);
    expect(months.columns.map((c) => c.type)).toEqual(['DATE', 'DATE', 'DATE']);
    const hours = await run(`
      SELECT '2019-02-28T01:23:45.678'::TIMESTAMP_NTZ AS "TIMESTAMP 1", '2019-02-28T12:34:56.789'::TIMESTAMP_NTZ AS "TIMESTAMP 2",
             TIME_SLICE("TIMESTAMP 1", 8, 'HOUR') AS "SLICE FOR TIMESTAMP 1", TIME_SLICE("TIMESTAMP 2", 8, 'HOUR') AS "SLICE FOR TIMESTAMP 2"`);
    expect(hours.rows.map((r) => r.slice(2))).toEqual([['2019-02-28 00:00:00', '2019-02-28 08:00:00']]);
    expect(hours.columns.map((c) => c.type)).toEqual(['TIMESTAMP_NTZ', 'TIMESTAMP_NTZ', 'TIMESTAMP_NTZ', 'TIMESTAMP_NTZ']);
    // Two-week buckets start on Mondays (from 1969-12-29, the start of the week holding 1970-01-01).
    await run("CREATE OR REPLACE TABLE accounts (ID INT, billing_date DATE, balance_due NUMBER(11, 2)); INSERT INTO accounts (ID, billing_date, balance_due) VALUES (1, '2018-07-31', 100.00), (2, '2018-08-01', 200.00), (3, '2018-08-25', 400.00)");
    const buckets = await run(`
      SELECT TIME_SLICE(billing_date, 2, 'WEEK', 'START') AS "START OF SLICE", TIME_SLICE(billing_date, 2, 'WEEK', 'END') AS "END OF SLICE",
             COUNT(*) AS "NUMBER OF LATE BILLS", SUM(balance_due) AS "SUM OF MONEY OWED"
      FROM accounts WHERE balance_due > 0 GROUP BY "START OF SLICE", "END OF SLICE" ORDER BY 1`);
    expect(buckets.rows).toEqual([
      ['2018-07-23', '2018-08-06', 2, 300],
      ['2018-08-20', '2018-09-03', 1, 400],
    ]);
    // The usage notes: 15-year slices start in 1955, 1970, 1985, 2000...; 2-week ones on 1969-12-29, 1970-01-12;
    // a 2-month slice starting 2019-01-01 ends 2019-03-01, the next one's start.
    expect(
      await rows("SELECT TIME_SLICE('1960-06-01'::DATE, 15, 'YEAR'), TIME_SLICE('2014-12-31'::DATE, 15, 'year', 'end'), TIME_SLICE('1970-01-01'::DATE, 2, 'WEEK'), TIME_SLICE('1970-01-25'::DATE, 2, 'WEEK'), TIME_SLICE('2019-02-28'::DATE, 2, 'MONTH', 'END')"),
    ).toEqual([['1955-01-01', '2015-01-01', '1969-12-29', '1970-01-12', '2019-03-01']]);
    // Counted from 1970 (from 2000, DuckDB's default, 7 years would start in 2014 and 5 weeks on 2019-01-28).
    expect(
      await rows("SELECT TIME_SLICE('2019-06-01'::DATE, 7, 'YEAR'), TIME_SLICE('2019-02-28'::DATE, 5, 'WEEK'), TIME_SLICE('2019-05-17'::DATE, 1, 'QUARTER'), TIME_SLICE('2019-02-28 13:14:15'::TIMESTAMP_NTZ, 45, 'MINUTE'), TIME_SLICE(MAX(d), 3, 'DAY', 'END') FROM (SELECT '1970-01-04'::DATE d)"),
    ).toEqual([['2019-01-01', '2019-02-25', '2019-04-01', '2019-02-28 12:45:00', '1970-01-07']]);
    expect(await rows("SELECT TIME_SLICE(NULL::DATE, 1, 'DAY'), TIME_SLICE('2019-02-28'::DATE, NULL, 'DAY')")).toEqual([[null, null]]);
    // What Snowflake rejects (a part of a day for a DATE, a TIMESTAMP_TZ, a length below 1) fails here too.
    await expect(run("SELECT TIME_SLICE('2019-02-28'::DATE, 1, 'HOUR')")).rejects.toThrow(/TIME_SLICE of a DATE takes YEAR, QUARTER, MONTH, WEEK or DAY/);
    await expect(run("SELECT TIME_SLICE('2019-02-28 10:00:00 +02:00'::TIMESTAMP_TZ, 1, 'DAY')")).rejects.toThrow(/takes a DATE or a TIMESTAMP_NTZ/);
    await expect(run("SELECT TIME_SLICE('2019-02-28'::DATE, 0, 'DAY')")).rejects.toThrow(/slice length must be an integer of at least 1/);
    await expect(run("SELECT TIME_SLICE('2019-02-28'::DATE, 1, 'MM')")).rejects.toThrow("Unsupported feature 'TIME_SLICE part 'MM''");
    await expect(run("SELECT TIME_SLICE('2019-02-28'::DATE, 1, 'DAY', 'MIDDLE')")).rejects.toThrow("Unsupported feature 'TIME_SLICE side 'MIDDLE''");
  });
});

describe('conversions and types', () => {
  test('TO_NUMBER / TO_DECIMAL round to the scale; TRY_ forms return NULL on bad input', async () => {
    const result = await run("SELECT TO_NUMBER('12.345', 10, 2) AS a, TO_DECIMAL('3.7') AS b, TRY_TO_NUMBER('abc') AS c, TRY_TO_DECIMAL('1.5', 5, 1) AS d");
    expect(result.rows).toEqual([[12.35, 4, null, 1.5]]);
    expect(result.columns.map((c) => [c.type, c.precision, c.scale])).toEqual([
      ['FIXED', 10, 2],
      ['FIXED', 38, 0],
      ['FIXED', 38, 0],
      ['FIXED', 5, 1],
    ]);
  });

  test('text converts to a 38-digit NUMBER exactly beyond 18 digits, through every cast spelling', async () => {
    expect(
      await rows(
        "SELECT TO_VARCHAR(TO_NUMBER('123456789012345678901234')), TO_VARCHAR('-99999999999999999999'::NUMBER), TO_VARCHAR(CAST('12345678901234567890' AS INT)), TRY_TO_NUMBER(REPEAT('9', 39)), TO_NUMBER('-2.5'), TO_VARCHAR(TRY_TO_NUMBER('1234567890123456789.125', 38, 2))",
      ),
    ).toEqual([['123456789012345678901234', '-99999999999999999999', '12345678901234567890', null, -3, '1234567890123456789.13']]);
    await expect(run(`SELECT TO_NUMBER('${'9'.repeat(39)}')`)).rejects.toThrow();
  });

  test('property: a NUMBER(38,s) cast of any text gives what a single 38-digit DuckDB cast gives', async () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 1, maxLength: max });
    const numeric = fc.tuple(fc.constantFrom('', '-', '+', ' '), digits(40), fc.option(digits(6)), fc.constantFrom('', ' ', 'x', 'e2')).map(([sign, whole, fraction, tail]) => `${sign}${whole}${fraction === null ? '' : `.${fraction}`}${tail}`);
    await fc.assert(
      fc.asyncProperty(fc.array(numeric, { minLength: 1, maxLength: 20 }), fc.constantFrom(0, 2), async (texts, scale) => {
        const values = texts.map((t, i) => `(${i}, '${t}')`).join(', ');
        const local = await rows(`SELECT TO_VARCHAR(TRY_TO_NUMBER(t, 38, ${scale})), TO_VARCHAR(TRY_CAST(t AS NUMBER(38, ${scale}))) FROM (VALUES ${values}) AS v(i, t) ORDER BY i`);
        const duck = await engine.system(`SELECT CAST(TRY_CAST(t AS DECIMAL(38, ${scale})) AS VARCHAR) AS d FROM (VALUES ${values}) AS v(i, t) ORDER BY i`);
        expect(local).toEqual(duck.map(([d]) => [d, d]));
      }),
      { numRuns: 60 },
    );
  });

  test('TO_NUMBER of a non-number fails with 100038', async () => {
    await expect(run("SELECT TO_NUMBER('abc')")).rejects.toMatchObject({ code: '100038', message: "Numeric value 'abc' is not recognized" });
  });

  test('TO_BOOLEAN accepts on/off, y/n; TRY_TO_BOOLEAN returns NULL otherwise', async () => {
    expect(await rows("SELECT TO_BOOLEAN('on'), TO_BOOLEAN('N'), TO_BOOLEAN(0), TRY_TO_BOOLEAN('maybe')")).toEqual([[true, false, false, null]]);
    expect(await rows("SELECT TO_BOOLEAN(MIN(x)), TRY_TO_BOOLEAN(MAX(x)), TO_BOOLEAN(SUM(n)) FROM (VALUES ('on', 0), ('zz', 2)) AS v(x, n)")).toEqual([[true, null, true]]);
    await expect(run("SELECT TO_BOOLEAN('maybe')")).rejects.toMatchObject({ code: '100037' });
  });

  test(':: casts take Snowflake type names', async () => {
    const result = await run("SELECT '3.25'::NUMBER(5,1) a, '7'::INT b, 'x'::VARCHAR(10) c, '1.5'::FLOAT d, '2024-01-01 10:00'::TIMESTAMP_NTZ e, '2024-01-01 10:00'::TIMESTAMP_LTZ f, '{\"a\":1}'::VARIANT g, 'true'::BOOLEAN h");
    // Snowflake's own TIMESTAMP_TZ text has a space before the offset.
    expect(await rows("SELECT '2024-04-05 12:00:00 +02:00'::TIMESTAMP_TZ, TO_TIMESTAMP_TZ('2024-04-05 12:00:00.000 +0200'), TRY_CAST('x' AS TIMESTAMP_TZ)")).toEqual([['2024-04-05 10:00:00+00', '2024-04-05 10:00:00+00', null]]);
    // A VARIANT string cast to text is the string itself, in a cast, TO_VARCHAR and CONCAT alike.
    expect(
      await rows("SELECT PARSE_JSON('\"abc\"')::STRING, TO_VARCHAR(PARSE_JSON('\"abc\"')), CONCAT(PARSE_JSON('\"a\"'), 'b'), PARSE_JSON('{\"k\":1}')::VARCHAR, PARSE_JSON('1')::STRING, f.value::STRING FROM TABLE(FLATTEN(INPUT => PARSE_JSON('[\"x\"]'))) f"),
    ).toEqual([['abc', 'abc', 'ab', '{"k":1}', '1', 'x']]);
    // A string cast to VARIANT stays a string (PARSE_JSON parses it), as in Snowflake.
    expect(result.rows).toEqual([[3.3, 7, 'x', 1.5, '2024-01-01 10:00:00', '2024-01-01 10:00:00+00', '"{\\"a\\":1}"', true]]);
    expect(await rows("SELECT '1'::VARIANT, 1::VARIANT, TYPEOF('1'::VARIANT), TYPEOF(CAST(1 AS VARIANT)), PARSE_JSON('[1]')::VARIANT, NULL::VARIANT")).toEqual([['"1"', '1', 'VARCHAR', 'INTEGER', '[1]', null]]);
    expect(result.columns.map((c) => c.type)).toEqual(['FIXED', 'FIXED', 'TEXT', 'REAL', 'TIMESTAMP_NTZ', 'TIMESTAMP_TZ', 'VARIANT', 'BOOLEAN']);
  });
});

describe('numeric format models: TO_CHAR / TO_VARCHAR print, TO_NUMBER / TO_DECIMAL / TO_NUMERIC read', () => {
  // https://docs.snowflake.com/en/sql-reference/functions/to_char (markdown/en/sql-reference/functions/to_char.md).
  // Its table is declared NUMBER but shows three decimals, so the values are NUMBER(38,3) here.
  test('the TO_CHAR reference example: $, B, X and S0XXX, rounding and # for a number too large (documented output)', async () => {
    await run('CREATE OR REPLACE TABLE convert_numbers_to_strings(column1 NUMBER(38,3)); INSERT INTO convert_numbers_to_strings VALUES (-12.391), (0), (-1), (0.10), (0.01), (3987), (1.111)');
    const result = await run(`SELECT column1 AS orig_value,
        TO_CHAR(column1, '">"$99.0"<"') AS D2_1,
        TO_CHAR(column1, '">"B9,999.0"<"') AS D4_1,
        TO_CHAR(column1, '">"0XXX"<"') AS X4,
        TO_CHAR(column1, '">"S0XXX"<"') AS SX4
      FROM convert_numbers_to_strings`);
    expect(result.rows).toEqual([
      [-12.391, '>-$12.4<', '>   -12.4<', '>FFF4<', '>-000C<'],
      [0, '>  $0.0<', '>      .0<', '>0000<', '>+0000<'],
      [-1, '> -$1.0<', '>    -1.0<', '>FFFF<', '>-0001<'],
      [0.1, '>  $0.1<', '>      .1<', '>0000<', '>+0000<'],
      [0.01, '>  $0.0<', '>      .0<', '>0000<', '>+0000<'],
      [3987, '> $##.#<', '> 3,987.0<', '>0F93<', '>+0F93<'],
      [1.111, '>  $1.1<', '>     1.1<', '>0001<', '>+0001<'],
    ]);
    expect(result.columns.map((c) => c.type)).toEqual(['FIXED', 'TEXT', 'TEXT', 'TEXT', 'TEXT']);
    // The example's TME and TM9 columns are text-minimal elements, which are refused.
    await expect(run(`SELECT TO_CHAR(column1, '">"TM9"<"') FROM convert_numbers_to_strings`)).rejects.toThrow(`Unsupported feature 'TO_CHAR format '">"TM9"<"''`);
  });

  // https://docs.snowflake.com/en/sql-reference/sql-format-models (markdown/en/sql-reference/sql-format-models.md)
  test('the sign table: a blank or - floats before the digits, S prints +, MI before the digits stays put, $ floats, FM drops the blanks (documented output)', async () => {
    const formats = ['99', 'S99', '99S', 'MI99', '99MI', '$99', 'FM99'];
    const printed = await rows(`SELECT ${formats.map((f) => `TO_CHAR(12, '${f}'), TO_CHAR(-7, '${f}')`).join(', ')}`);
    // The reference writes each blank as _.
    expect(printed[0].map((text) => (text as string).replace(/ /g, '_'))).toEqual(['_12', '_-7', '+12', '_-7', '12+', '_7-', '_12', '-_7', '12_', '_7-', '_$12', '_-$7', '12', '-7']);
    expect(await rows(`SELECT to_varchar(-123.45, '999.99MI'), to_char(12, '">"99"<"')`)).toEqual([['123.45-', '> 12<']]);
  });

  test('FLOATs with 999,999.999, S000,000.000, S999,999.999 and FM999,999.999 (the reference examples)', async () => {
    await run('CREATE OR REPLACE TABLE sample_numbers (f float); INSERT INTO sample_numbers (f) VALUES (1.2), (123.456), (1234.56), (-123456.789)');
    // The documented tables cannot show trailing blanks; a 9 after the point prints a blank for a
    // trailing zero ("trailing zeros in the fractional part are replaced with spaces"), which FM drops.
    expect(await rows("SELECT to_varchar(f, '999,999.999'), to_varchar(f, 'S000,000.000'), to_varchar(f, 'S999,999.999'), to_varchar(f, 'FM999,999.999') FROM sample_numbers")).toEqual([
      ['       1.2  ', '+000,001.200', '      +1.2  ', '1.2'],
      ['     123.456', '+000,123.456', '    +123.456', '123.456'],
      ['   1,234.56 ', '+001,234.560', '  +1,234.56 ', '1,234.56'],
      ['-123,456.789', '-123,456.789', '-123,456.789', '-123,456.789'],
    ]);
  });

  test('currency, NULLs, negatives, percent and overflow follow the same rules', async () => {
    const result = await run(
      "SELECT TO_VARCHAR(1234.5, '$999,999.00') AS a, TO_VARCHAR(-1234.5, '$999,999.00') AS b, TO_VARCHAR(0, '$999,999.00') AS c, TO_CHAR(1234567.891::FLOAT, 'FM$9,999,999.00') AS d, TO_CHAR(NULL::NUMBER(10,2), '$999.00') AS e, TO_CHAR(0.25, '99%') AS f, TO_CHAR(12345, '9,999') AS g, TO_CHAR('NaN'::FLOAT, '999.9') AS h",
    );
    expect(result.rows).toEqual([['   $1,234.50', '  -$1,234.50', '       $0.00', '$1,234,567.89', null, ' 25%', ' #,###', ' ###.#']]);
    expect(result.columns.map((c) => c.type)).toEqual(Array(8).fill('TEXT'));
    // Rounding carries into the integer part, which then may not fit.
    expect(await rows("SELECT TO_CHAR(99.94, '99.9'), TO_CHAR(99.96, '99.9'), TO_CHAR(-2.6::NUMBER(3,1), 'FM9'), TO_CHAR(255, 'xxxx'), TO_CHAR(-32768, '0XXX')")).toEqual([[' 99.9', ' ##.#', '-3', '  ff', '8000']]);
  });

  test('what the reference does not pin down fails: FLOAT halves, a negative rounding to zero, a negative or signed overflow, FLOATs beyond 15 digits, non-numbers', async () => {
    // A NUMBER's half rounds away from zero, as ROUND and every NUMBER cast do.
    expect(await rows("SELECT TO_CHAR(0.125, '9.99'), TO_CHAR(-0.125, '9.99'), TO_CHAR(2.5, '9'), TO_CHAR(12.344999, '99.99')")).toEqual([[' 0.13', '-0.13', ' 3', ' 12.34']]);
    await expect(run("SELECT TO_CHAR(2.675::FLOAT, '9.99')")).rejects.toThrow(/the FLOAT 2\.675 is \(about\) halfway/);
    await expect(run("SELECT TO_CHAR(-0.004, '9.99')")).rejects.toThrow(/a negative number that rounds to zero/);
    await expect(run("SELECT TO_CHAR(-3987, '$99.0')")).rejects.toThrow(/what it prints for a negative or signed one is not documented/);
    await expect(run("SELECT TO_CHAR(123, 'S99')")).rejects.toThrow(/what it prints for a negative or signed one is not documented/);
    await expect(run("SELECT TO_CHAR(-32769, '0XXX')")).rejects.toThrow(/what it prints for a negative or signed one is not documented/);
    await expect(run("SELECT TO_CHAR(123456789.5::FLOAT, '999999999.9999999')")).rejects.toThrow(/more than 15 significant digits/);
    expect(await rows("SELECT TO_CHAR(123456789.5::FLOAT, '999999999.999999'), TO_CHAR(0.5::FLOAT, '9.9'), TO_CHAR(1.2345678901234::FLOAT, '9.9999999999999')")).toEqual([[' 123456789.5     ', ' 0.5', ' 1.2345678901234']]);
    await expect(run("SELECT TO_CHAR('12', '99')")).rejects.toThrow(/TO_CHAR with a numeric format takes a number, not a VARCHAR/);
  });

  test.each([
    ['9d999EE', 'the exponent elements'],
    ['9.99EEEE', 'the exponent elements'],
    ['TM9', 'the text-minimal elements'],
    ['0999', 'a 9 after a 0 before the decimal point'],
    ['.99', "a '.' that follows no digit"],
    ['99.', 'a decimal point not followed by digits only'],
    ['S$99', '$ with S or MI'],
    ['B99MI', 'B with S, MI, $ or a 0 digit'],
    ['S99MI', "'MI' where it stands"],
    ['MIXX', 'X with $, B, %, MI'],
    ['L999', "'L', which is no element"],
    ['99|999', 'alternative formats'],
  ])("TO_CHAR format '%s' is refused: %s", async (format, reason) => {
    await expect(run(`SELECT TO_CHAR(1, '${format}')`)).rejects.toThrow(new RegExp(`Unsupported feature 'TO_CHAR format '${format.replace(/[.$|]/g, '\\$&')}''.*Not run locally: ${reason.replace(/[.$|()]/g, '\\$&')}`));
  });

  test('TO_NUMBER with a format: 9 takes missing leading digits, 0 does not; | separates alternatives (the reference input examples)', async () => {
    // sql-format-models.md, "Input examples".
    expect(await rows("SELECT TO_NUMBER('012,345.67', '999,999.99', 8, 2), TO_NUMBER('12,345.67', '999,999.99', 8, 2), TO_NUMBER(' 12,345.67', '999,999.99', 8, 2), TO_NUMBER('012,345.67', '000,000.00', 8, 2)")).toEqual([[12345.67, 12345.67, 12345.67, 12345.67]]);
    for (const text of ['12,345.67', ' 12,345.67']) {
      await expect(run(`SELECT TO_NUMBER('${text}', '000,000.00', 8, 2)`)).rejects.toThrow(`Can't parse '${text}' as number with format '000,000.00'`);
    }
    await run("CREATE OR REPLACE TABLE format1 (v varchar, i integer); INSERT INTO format1 (v) VALUES ('-101'), ('102-'), ('103')");
    await expect(run('UPDATE format1 SET i = TO_NUMBER(v)')).rejects.toThrow("Numeric value '102-' is not recognized");
    await run("UPDATE format1 SET i = TO_NUMBER(v, 'MI999|999MI')");
    expect(await rows('SELECT v, i FROM format1 ORDER BY v')).toEqual([
      ['-101', -101],
      ['102-', -102],
      ['103', 103],
    ]);
  });

  test('TO_DECIMAL / TRY_TO_DECIMAL with a format: rounding to the scale, groups, $, X (the TO_DECIMAL and TRY_TO_DECIMAL reference examples)', async () => {
    // functions/to_decimal.md; its TD5 column reads with TM9, which is refused.
    const result = await run("SELECT column1, TO_DECIMAL(column1, '99.9') AS D0, TO_DECIMAL(column1, '99.9', 9, 5) AS D5 FROM VALUES ('1.0'), ('-12.3'), ('0.0'), ('- 0.1')");
    expect(result.rows).toEqual([
      ['1.0', 1, 1],
      ['-12.3', -12, -12.3],
      ['0.0', 0, 0],
      ['- 0.1', 0, -0.1],
    ]);
    expect(result.columns.map((c) => [c.type, c.precision, c.scale])).toEqual([
      ['TEXT', undefined, undefined],
      ['FIXED', 38, 0],
      ['FIXED', 9, 5],
    ]);
    expect(await rows("SELECT TO_DECIMAL(column1, '9,999.99', 6, 2) FROM VALUES ('3,741.72')")).toEqual([[3741.72]]);
    expect(await rows("SELECT TO_DECIMAL(column1, '$9,999.99', 6, 2) FROM VALUES ('$3,741.72')")).toEqual([[3741.72]]);
    expect(await rows("SELECT TO_DECIMAL('ae5', 'XXX')")).toEqual([[2789]]);
    // The reference's error: 100140 (22007): Can't parse 'ae5' as number with format 'XX'.
    await expect(run("SELECT TO_DECIMAL('ae5', 'XX')")).rejects.toMatchObject({ code: '100140', sqlState: '22007', message: "Can't parse 'ae5' as number with format 'XX'" });
    await expect(run("SELECT TO_DECIMAL(column1, 6, 2) FROM VALUES ('$7,543.21')")).rejects.toThrow("Numeric value '$7,543.21' is not recognized");
    // functions/try_to_decimal.md
    expect(await rows("SELECT TRY_TO_DECIMAL(column1, '$9,999.00') AS num, TRY_TO_DECIMAL(column1, '$9,999.00', 6, 2) AS num_with_scale, TRY_TO_DECIMAL(column1, 6, 2) AS num_with_format_err FROM VALUES ('$7,543.21')")).toEqual([[7543, 7543.21, null]]);
    expect(await rows("SELECT TO_DECIMAL(column1, 'XXX'), TRY_TO_DECIMAL(column1, 'XXX'), TO_NUMERIC(column1, 'XXX') FROM VALUES ('aaa')")).toEqual([[2730, 2730, 2730]]);
    expect(await rows("SELECT TRY_TO_NUMBER('ae5', 'XX'), TRY_TO_NUMBER(NULL, '99'), TO_NUMBER(NULL, '99'), TRY_TO_NUMERIC('999.5', '999.9', 3, 0)")).toEqual([[null, null, null, null]]);
    await expect(run("SELECT TO_NUMBER('999.5', '999.9', 3, 0)")).rejects.toThrow("Numeric value '999.5' is out of range");
  });

  test('TO_NUMBER reads what the reference leaves open as an error, also in the TRY_ forms, and takes text only', async () => {
    for (const [text, format] of [
      ['+5', '9'],
      ['1234,567', '9,999,999'],
      ['0012', '99'],
      ['5', 'S9'],
      ['3,741.72', '$9,999.99'],
      ['1.5 -', '9.9MI'],
      ['.', 'B9.9'],
    ]) {
      await expect(run(`SELECT TRY_TO_NUMBER('${text}', '${format}')`)).rejects.toThrow(`how Snowflake reads '${text}' with format '${format}' is not documented`);
    }
    // Clearly outside the model: more digits than positions, a missing 0 digit, no digit before the point without B.
    expect(await rows("SELECT TRY_TO_NUMBER('1.234', '9.99'), TRY_TO_NUMBER('12', '99.00'), TRY_TO_NUMBER('.5', '9.9'), TRY_TO_NUMBER('.5', 'B9.9', 2, 1), TRY_TO_NUMBER('12.', '99.99')")).toEqual([[null, null, null, 0.5, 12]]);
    await expect(run("SELECT TO_NUMBER('123', 'XXX|999')")).rejects.toThrow("'123' reads as different numbers with the alternatives of format 'XXX|999'");
    await expect(run("SELECT TO_NUMBER(12, '99')")).rejects.toThrow(/TO_NUMBER with a format model takes text, not a INTEGER/);
    await expect(run("SELECT TO_NUMBER('12', 'FM99')")).rejects.toThrow("Unsupported feature 'TO_NUMBER format 'FM99''");
  });

  test('property: TO_NUMBER reads back what TO_CHAR prints with the same model', async () => {
    const model = fc.record({
      groups: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
      zeros: fc.integer({ min: 0, max: 2 }),
      fraction: fc.option(fc.record({ nines: fc.integer({ min: 0, max: 2 }), zeros: fc.integer({ min: 0, max: 2 }) })),
      sign: fc.constantFrom('', 'S', 'MI', '$'),
    });
    await fc.assert(
      fc.asyncProperty(model, fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), async (m, seed) => {
        const n = m.groups.reduce((a, b) => a + b, 0);
        // 9s, then the model's 0s at the end of the integer part, cut into the groups.
        const positions = '9'.repeat(n - Math.min(m.zeros, n)) + '0'.repeat(Math.min(m.zeros, n));
        const integer = m.groups.map((run, i) => positions.slice(m.groups.slice(0, i).reduce((a, b) => a + b, 0)).slice(0, run)).join(',');
        const decimals = m.fraction ? m.fraction.zeros + m.fraction.nines : 0;
        const format = `${m.sign}${integer}${m.fraction && decimals ? `.${'0'.repeat(m.fraction.zeros)}${'9'.repeat(m.fraction.nines)}` : ''}`;
        // A value that fits the model, with no more decimals than it has (nothing to round).
        const unscaled = seed % 10n ** BigInt(n + decimals);
        const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(decimals + 1, '0');
        const value = `${unscaled < 0n ? '-' : ''}${decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits}::NUMBER(38,${decimals})`;
        const [[printed, read, original]] = await rows(`SELECT p, TO_VARCHAR(TO_NUMBER(p, '${format}', 38, ${decimals})), TO_VARCHAR(${value}) FROM (SELECT TO_CHAR(${value}, '${format}') AS p)`);
        expect({ printed, read }).toEqual({ printed, read: original });
      }),
      { numRuns: 60 },
    );
  });
});

describe('VALUES', () => {
  test('VALUES columns are COLUMN1, COLUMN2..., also without parentheses in FROM', async () => {
    const result = await run("SELECT column2, COLUMN1 FROM VALUES (1, 'a'), (2, 'b') ORDER BY column1");
    expect(result.columns.map((c) => c.name)).toEqual(['COLUMN2', 'COLUMN1']);
    expect(result.rows).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(await rows('SELECT v.column1 FROM (VALUES (7)) v')).toEqual([[7]]);
  });
});

describe('strings', () => {
  test('SPLIT_PART treats part 0 as 1 and negative parts from the end', async () => {
    expect(await rows("SELECT SPLIT_PART('a,b,c', ',', 0), SPLIT_PART('a,b,c', ',', 2), SPLIT_PART('a,b,c', ',', -1)")).toEqual([['a', 'b', 'c']]);
  });

  test('REGEXP_REPLACE replaces every match; REGEXP_LIKE matches the whole string', async () => {
    expect(await rows("SELECT REGEXP_REPLACE('a1b2', '[0-9]', '#'), REGEXP_LIKE('abc', 'b'), REGEXP_LIKE('abc', 'a.c')")).toEqual([['a#b#', false, true]]);
  });

  test('REGEXP_COUNT counts non-overlapping matches from a position, with parameters; NULL in, NULL out', async () => {
    expect(await rows("SELECT REGEXP_COUNT('It was the best of times, it was the worst of times', '\\\\bwas\\\\b', 1)")).toEqual([[2]]);
    expect(await rows("SELECT REGEXP_COUNT(a, '[[:punct:]][[:alnum:]]+[[:punct:]]', 1, 'i') FROM (VALUES (',abc,def,ghi,jkl,'), (',abc,,def,,ghi,,jkl,')) AS t(a)")).toEqual([[2], [4]]);
    expect(await rows("SELECT REGEXP_COUNT('Apple apple', 'apple'), REGEXP_COUNT('Apple apple', 'apple', 1, 'i'), REGEXP_COUNT('Apple apple', 'apple', 1, 'ic'), REGEXP_COUNT('banana', 'a', 3)")).toEqual([[1, 2, 1, 2]]);
    expect(await rows("SELECT REGEXP_COUNT('a' || CHR(10) || 'b', 'a.b'), REGEXP_COUNT('a' || CHR(10) || 'b', 'a.b', 1, 's'), REGEXP_COUNT('x' || CHR(10) || 'ab', '^ab'), REGEXP_COUNT('x' || CHR(10) || 'ab', '^ab', 1, 'm')")).toEqual([[0, 1, 0, 1]]);
    expect(await rows("SELECT REGEXP_COUNT(NULL, 'a'), REGEXP_COUNT('a', NULL), REGEXP_COUNT('a', 'a', NULL), REGEXP_COUNT(s, 'a') FROM nums WHERE id = 2")).toEqual([[null, null, null, null]]);
    await expect(run("SELECT REGEXP_COUNT('a', 'a', 0)")).rejects.toThrow(/must be a positive integer/);
  });

  test('STRTOK splits at any delimiter character and never returns an empty token', async () => {
    expect(await rows("SELECT STRTOK('a.b.c', '.', 1), STRTOK('user@snowflake.com', '@.', 1), STRTOK('user@snowflake.com', '@.', 2), STRTOK('user@snowflake.com', '@.', 3), STRTOK('user@snowflake.com', '@.', 4)")).toEqual([
      ['a', 'user', 'snowflake', 'com', null],
    ]);
    expect(await rows("SELECT STRTOK('  hello   world '), STRTOK('  hello   world ', ' ', 2), STRTOK('..a..b..', '.', 2), STRTOK('a.b', '.', 0), STRTOK('a.b', '.', -1)")).toEqual([['hello', 'world', 'b', null, null]]);
    // An empty delimiter makes the whole string the one token; an empty string has none.
    expect(await rows("SELECT STRTOK('abc', ''), STRTOK('', ''), STRTOK(NULL, '.', 1), STRTOK('a.b', NULL, 1), STRTOK('a.b', '.', NULL)")).toEqual([['abc', null, null, null, null]]);
  });

  test("UNIFORM and RANDOM generate as the reference describes (the values themselves are not Snowflake's)", async () => {
    // UNIFORM(1, 10, RANDOM()): integers from 1 to 10, both ends included; a FLOAT range gives FLOATs.
    const ints = await run('SELECT UNIFORM(1, 10, RANDOM()) AS u FROM TABLE(GENERATOR(ROWCOUNT => 2000))');
    expect(ints.columns[0]).toMatchObject({ type: 'FIXED', scale: 0 });
    expect(new Set(ints.rows.map((row) => row[0]))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const floats = await run('SELECT UNIFORM(0::FLOAT, 1::FLOAT, RANDOM()) FROM TABLE(GENERATOR(ROWCOUNT => 500))');
    expect(floats.columns[0]).toMatchObject({ type: 'REAL' });
    expect(floats.rows.every(([v]) => typeof v === 'number' && v >= 0 && v <= 1 && !Number.isInteger(v))).toBe(true);
    // A constant gen gives one value on every row (the reference's UNIFORM(1, 10, 1234)).
    const constant = await rows('SELECT UNIFORM(1, 10, 1234) FROM TABLE(GENERATOR(ROWCOUNT => 5))');
    expect(new Set(constant.map((row) => row[0])).size).toBe(1);
    expect(await rows('SELECT MIN(u) >= -3, MAX(u) <= 3 FROM (SELECT UNIFORM(-3, 3, 7) AS u)')).toEqual([[true, true]]);
    // RANDOM is a 64-bit integer, different on each row; a seed's repeatable sequence is not reproduced, so it is refused.
    expect(await rows('SELECT COUNT(DISTINCT r), MIN(TYPEOF(r::VARIANT)) FROM (SELECT RANDOM() AS r FROM TABLE(GENERATOR(ROWCOUNT => 100)))')).toEqual([[100, 'INTEGER']]);
    await expect(run('SELECT RANDOM(42)')).rejects.toThrow("Unsupported feature 'RANDOM with a seed'");
  });

  test('STRTOK_TO_ARRAY returns the same tokens as an ARRAY (the reference examples), empty when there are none', async () => {
    const result = await run("SELECT STRTOK_TO_ARRAY('a.b.c', '.') AS string_to_array, STRTOK_TO_ARRAY('user@snowflake.com', '.@') AS multiple_delimiters, STRTOK_TO_ARRAY('  hello   world '), STRTOK_TO_ARRAY('...', '.'), STRTOK_TO_ARRAY(NULL), STRTOK_TO_ARRAY('a', NULL)");
    expect(result.rows).toEqual([['["a","b","c"]', '["user","snowflake","com"]', '["hello","world"]', '[]', null, null]]);
    // Locally every semi-structured result is VARIANT (DuckDB has one JSON type; README, known differences).
    expect(result.columns[0]).toMatchObject({ type: 'VARIANT' });
  });

  test('LEN, REPLACE with two arguments, CHARINDEX, STARTSWITH, LEFT, RIGHT', async () => {
    expect(await rows("SELECT LEN('abc'), REPLACE('a-b-c', '-'), CHARINDEX('b', 'abc'), STARTSWITH('abc', 'ab'), LEFT('abc', 2), RIGHT('abc', 2)")).toEqual([
      [3, 'abc', 2, true, 'ab', 'bc'],
    ]);
  });

  test('HASH is a deterministic signed 64-bit number; SHA2 and MD5 give hex digests', async () => {
    const [[hash1, hash2, sha, md5]] = await rows("SELECT HASH('a'), HASH('a'), SHA2('abc'), MD5('abc')");
    expect(hash1).toBe(hash2);
    expect(Math.abs(hash1 as number)).toBeLessThan(2 ** 63);
    expect(sha).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(md5).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
  test('REGEXP_INSTR: where the n-th match from a position starts (option 0) or ends (option 1), 0 for none (documented examples)', async () => {
    const demo1 = "'nevermore1, nevermore2, nevermore3.'";
    expect(
      await rows(
        `SELECT REGEXP_INSTR(${demo1}, 'nevermore\\\\d'), REGEXP_INSTR(${demo1}, 'nevermore\\\\d', 5), REGEXP_INSTR(${demo1}, 'nevermore\\\\d', 1, 3), REGEXP_INSTR(${demo1}, 'nevermore\\\\d', 1, 3, 0), REGEXP_INSTR(${demo1}, 'nevermore\\\\d', 1, 3, 1), REGEXP_INSTR(${demo1}, 'nevermore', 1, 4)`,
      ),
    ).toEqual([[1, 13, 25, 25, 35, 0]]);
    const demo2 = "VALUES (2, 'It was the best of times, it was the worst of times.'), (3, 'In    the   string   the   extra   spaces  are   redundant.'), (4, 'A thespian theater is nearby.')";
    expect(await rows(`SELECT REGEXP_INSTR(column2, 'the\\\\W+\\\\w+'), REGEXP_INSTR(column2, 'the\\\\W+\\\\w+', 1, 2) FROM ${demo2} ORDER BY column1`)).toEqual([
      [8, 34],
      [7, 22],
      [0, 0],
    ]);
    const times = "'It was the best of times, it was the worst of times'";
    expect(await rows(`SELECT REGEXP_INSTR(${times}, '\\\\bwas\\\\b', 1, 1), REGEXP_INSTR(${times}, 'the\\\\W+(\\\\w+)', 1, 1, 0), REGEXP_INSTR(${times}, '[[:alpha:]]{2,}st', 15, 1)`)).toEqual([[4, 8, 38]]);
    // The search starts at the position as if the string started there (\b matches at position 3 of 'Hellooo').
    const word = "'\\\\b\\\\S*o\\\\S*\\\\b'";
    const message = "VALUES (1, 'Hellooo World'), (2, 'How are you doing today?'), (3, 'the quick brown fox jumps over the lazy dog'), (4, 'PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS')";
    expect(
      await rows(`SELECT REGEXP_INSTR(column2, ${word}), REGEXP_INSTR(column2, ${word}, 3), REGEXP_INSTR(column2, ${word}, 3, 3), REGEXP_INSTR(column2, ${word}, 3, 3, 1), REGEXP_INSTR(column2, ${word}, 3, 3, 1, 'i') FROM ${message} ORDER BY column1`),
    ).toEqual([
      [1, 3, 0, 0, 0],
      [1, 9, 19, 24, 24],
      [11, 11, 27, 31, 31],
      [0, 0, 0, 0, 35],
    ]);
    // Empty matches count as regexp_extract_all (and REGEXP_COUNT) find them; positions are in characters.
    expect(await rows("SELECT REGEXP_INSTR('baaac', 'a*', 1, 2), REGEXP_INSTR('baaac', 'a*', 1, 2, 1), REGEXP_INSTR('baaac', 'a*', 1, 3), REGEXP_INSTR('éaé', 'é', 1, 2), REGEXP_INSTR('abc', 'c', 10)")).toEqual([[2, 5, 5, 3, 0]]);
    expect(await rows("SELECT REGEXP_INSTR(NULL, 'a'), REGEXP_INSTR('a', NULL), REGEXP_INSTR('a', 'a', NULL), REGEXP_INSTR('a', 'a', 1, NULL), REGEXP_INSTR('a', 'a', 1, 1, NULL), REGEXP_INSTR(s, 'a') FROM nums WHERE id = 2")).toEqual([
      [null, null, null, null, null, null],
    ]);
    await expect(run("SELECT REGEXP_INSTR('a', 'a', 0)")).rejects.toThrow(/parameter 3: must be a positive integer/);
    await expect(run("SELECT REGEXP_INSTR('a', 'a', 1, 0)")).rejects.toThrow(/parameter 4: must be a positive integer/);
    await expect(run("SELECT REGEXP_INSTR('a', 'a', 1, 1, 2)")).rejects.toThrow(/parameter 5/);
    // Positions of capture groups are not translated.
    await expect(run("SELECT REGEXP_INSTR('a', '(a)', 1, 1, 0, 'e')")).rejects.toThrow("Unsupported feature 'REGEXP_INSTR parameter 'e''");
    await expect(run("SELECT REGEXP_INSTR('a', '(a)', 1, 1, 0, '', 1)")).rejects.toThrow("Unsupported feature 'REGEXP_INSTR with a group number'");
  });

  test('INITCAP: the first letter of each word upper case, the rest lower case; default or given delimiters (documented examples)', async () => {
    // https://docs.snowflake.com/en/sql-reference/functions/initcap
    const testinit = [
      ['The Quick Gray Fox', 'The Quick Gray Fox'],
      ['the sky is blue', 'The Sky Is Blue'],
      ['OVER the River 2 Times', 'Over The River 2 Times'],
      ['WE CAN HANDLE THIS', 'We Can Handle This'],
      ['HelL0_hi+therE', 'Hell0_Hi+There'],
      ['νησί του ποταμού', 'Νησί Του Ποταμού'],
      ['ÄäÖößÜü', 'Ääöößüü'],
      ['Hi,are?you!there', 'Hi,Are?You!There'],
      ['to je dobré', 'To Je Dobré'],
      ['ÉéÀàè]çÂâ ÊêÎÔô ÛûËÏ ïÜŸÇç ŒœÆæ', 'Ééààè]Çââ Êêîôô Ûûëï Ïüÿçç Œœææ'],
      ['ĄąĆ ćĘęŁ łŃńÓ óŚśŹźŻż', 'Ąąć Ćęęł Łńńó Óśśźźżż'],
      ['АаБб ВвГгД дЕеЁёЖ жЗзИиЙй', 'Аабб Ввггд Дееёёж Жззиийй'],
      ['ХхЦц ЧчШш ЩщЪъ ЫыЬь ЭэЮ юЯя', 'Ххцц Ччшш Щщъъ Ыыьь Ээю Юяя'],
      [null, null],
    ];
    const values = testinit.map(([v], i) => `(${i}, ${v === null ? 'NULL' : `'${v}'`})`).join(', ');
    const result = await run(`SELECT v, INITCAP(v) FROM (SELECT column1 AS i, column2 AS v FROM VALUES ${values}) ORDER BY i`);
    expect(result.rows).toEqual(testinit);
    expect(result.columns[1].type).toBe('TEXT');
    // Given delimiters replace the default ones and stay as they are; '' makes the whole string one word.
    expect(
      await rows("SELECT INITCAP('this is the new Frame+work', ''), INITCAP('iqamqinterestedqinqthisqtopic','q'), INITCAP('lion☂fRog potato⨊cLoUD', '⨊☂'), INITCAP('apple is僉sweetandballIsROUND', '僉a b')"),
    ).toEqual([['This is the new frame+work', 'IqAmqInterestedqInqThisqTopic', 'Lion☂Frog potato⨊Cloud', 'aPple Is僉SweetaNdbaLlisround']]);
    // Tabs and line breaks are whitespace; an apostrophe or = is no delimiter.
    expect(await rows("SELECT INITCAP('a' || CHR(9) || 'b' || CHR(10) || 'c'), INITCAP('o''neil x=y'), INITCAP(''), INITCAP('ab', NULL), INITCAP(NULL, ' ')")).toEqual([['A\tB\nC', "O'neil X=y", '', null, null]]);
  });
});
describe('bitwise functions', () => {
  const bits = 'SELECT column1 AS bit1, column2 AS bit2 FROM VALUES (1, 1), (2, 4), (4, 2), (16, 24), (0, 65504), (NULL, NULL)';

  test('BITAND, BITOR, BITXOR (documented example; NULL in, NULL out)', async () => {
    const result = await run(`SELECT bit1, bit2, BITAND(bit1, bit2), BITOR(bit1, bit2), BITXOR(bit1, bit2) FROM (${bits}) ORDER BY bit1`);
    expect(result.rows).toEqual([
      [0, 65504, 0, 65504, 65504],
      [1, 1, 1, 1, 0],
      [2, 4, 0, 6, 6],
      [4, 2, 0, 6, 6],
      [16, 24, 16, 24, 8],
      [null, null, null, null, null],
    ]);
    expect(result.columns[2].type).toBe('FIXED');
  });

  test('BITNOT, BITSHIFTLEFT, BITSHIFTRIGHT (documented examples)', async () => {
    expect(await rows(`SELECT bit1, bit2, BITNOT(bit1), BITNOT(bit2), BITSHIFTLEFT(bit1, 1), BITSHIFTRIGHT(bit2, 1) FROM (${bits}) ORDER BY bit1`)).toEqual([
      [0, 65504, -1, -65505, 0, 32752],
      [1, 1, -2, -2, 2, 0],
      [2, 4, -3, -5, 4, 2],
      [4, 2, -5, -3, 8, 1],
      [16, 24, -17, -25, 32, 12],
      [null, null, null, null, null, null],
    ]);
  });

  test('shifts work on 128 bits: a bit shifted into the top one makes the result negative, bits past it drop; right shifts keep the sign', async () => {
    expect(await rows('SELECT TO_VARCHAR(BITSHIFTLEFT(1, 127)), TO_VARCHAR(BITSHIFTLEFT(3, 126)), BITSHIFTLEFT(1, 128), BITSHIFTLEFT(-5, 0), BITSHIFTRIGHT(-5, 1), BITSHIFTRIGHT(-5, 200), BITSHIFTRIGHT(5, 200)')).toEqual([
      ['-170141183460469231731687303715884105728', '-85070591730234615865843651857942052864', 0, -5, -3, -1, 0],
    ]);
  });

  test('other numbers round to integers; text is cast to an integer if it can be, else NULL', async () => {
    expect(await rows("SELECT BITAND('12.3', 7), BITAND('abc', 7), BITAND(2.5, 7), BITAND(2.5::FLOAT, 7), BITOR(PARSE_JSON('6'), 1), BITNOT('x')")).toEqual([[4, null, 3, 3, 7, null]]);
    // The padding side only applies to BINARY values, which are not supported locally.
    await expect(run("SELECT BITAND(1, 2, 'LEFT')")).rejects.toThrow("Unsupported feature 'BITAND with a padding side'");
    await expect(run("SELECT BITOR('ab'::BINARY, 1)")).rejects.toThrow(/BINARY values are not supported locally/);
  });
});


describe('aggregates and windows', () => {
  test('LISTAGG ... WITHIN GROUP orders; the default separator is empty', async () => {
    expect(await rows("SELECT LISTAGG(s, ', ') WITHIN GROUP (ORDER BY s DESC), LISTAGG(s) WITHIN GROUP (ORDER BY s), LISTAGG(DISTINCT flag::VARCHAR, '|') WITHIN GROUP (ORDER BY flag::VARCHAR) FROM nums")).toEqual([
      ['c, b, a', 'abc', 'false|true'],
    ]);
  });

  test('MEDIAN, PERCENTILE_CONT / PERCENTILE_DISC ... WITHIN GROUP, APPROX_COUNT_DISTINCT', async () => {
    expect(await rows('SELECT MEDIAN(v), PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY v), PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY v), APPROX_COUNT_DISTINCT(v) FROM nums')).toEqual([
      [20, 15, 20, 3],
    ]);
  });

  test("RATIO_TO_REPORT divides by the partition total, typed as a quotient (the reference's store_profit example)", async () => {
    expect(await rows('SELECT id, RATIO_TO_REPORT(v) OVER () FROM nums WHERE v IS NOT NULL ORDER BY id')).toEqual([
      [1, 0.166667],
      [3, 0.5],
      [4, 0.333333],
    ]);
    const profit = await run(
      "SELECT column1 AS store_id, 100 * RATIO_TO_REPORT(column2) OVER () AS percent_profit FROM (VALUES (1, 300::NUMERIC(11,2)), (2, 250), (3, 450), (4, NULL)) v ORDER BY 1",
    );
    expect(profit.rows.map((r) => r[1])).toEqual([30, 25, 45, null]);
    expect(profit.columns[1]).toMatchObject({ type: 'FIXED', scale: 8 });
  });

  test('ARRAY_AGG drops NULLs and returns an ARRAY (VARIANT)', async () => {
    const result = await run('SELECT ARRAY_AGG(v) WITHIN GROUP (ORDER BY v) AS a FROM nums');
    expect(result.rows).toEqual([['[10,20,30]']]);
    expect(result.columns[0].type).toBe('VARIANT');
  });

  test('FIRST_VALUE(...) IGNORE NULLS OVER', async () => {
    expect(await rows('SELECT DISTINCT FIRST_VALUE(s) IGNORE NULLS OVER (ORDER BY id DESC) FROM nums')).toEqual([['c']]);
  });

  test('$n is the n-th column of what the query reads, in SELECT and WHERE, named $n', async () => {
    const positional = await run("SELECT $2, $1 FROM (SELECT 'a' AS L, 1 AS N UNION ALL SELECT 'b', 2) t WHERE $2 > 1");
    expect(positional.rows).toEqual([[2, 'b']]);
    expect(positional.columns.map((c) => c.name)).toEqual(['$2', '$1']);
    expect(await rows('SELECT $1 + $2 AS S FROM VALUES (1, 2), (3, 4) ORDER BY 1')).toEqual([[3], [7]]);
  });

  test('SELECT TOP n returns the first n rows of its own query (after ORDER BY), named as its columns', async () => {
    const top = await run('SELECT TOP 2 column1 AS N FROM (VALUES (3), (1), (2)) v ORDER BY N DESC');
    expect(top.rows).toEqual([[3], [2]]);
    expect(top.columns.map((c) => c.name)).toEqual(['N']);
    expect(await rows('SELECT DISTINCT TOP 1 column1 FROM (VALUES (5), (5), (4)) v ORDER BY 1')).toEqual([[4]]);
    expect(await rows('SELECT COUNT(*) FROM (SELECT TOP 2 * FROM (VALUES (1), (2), (3)) v) t')).toEqual([[2]]);
    // TOP limits only its own SELECT of a UNION, which needs parentheses locally.
    await expect(run("SELECT TOP 1 'a' UNION ALL SELECT 'b'")).rejects.toThrow("Unsupported feature 'SELECT TOP n ... UNION'");
    expect(await rows("(SELECT TOP 1 column1 FROM (VALUES ('a'), ('c')) v ORDER BY 1) UNION ALL SELECT 'b' ORDER BY 1")).toEqual([['a'], ['b']]);
  });

  test('QUALIFY ROW_NUMBER() keeps one row per key', async () => {
    await run("CREATE OR REPLACE TABLE dupes AS SELECT * FROM (VALUES (1, 'old'), (1, 'new'), (2, 'only')) AS t(k, v)");
    expect(await rows('SELECT k, v FROM dupes QUALIFY ROW_NUMBER() OVER (PARTITION BY k ORDER BY v) = 1 ORDER BY k')).toEqual([
      [1, 'new'],
      [2, 'only'],
    ]);
  });

  describe('MAX_BY / MIN_BY (documented examples)', () => {
    // https://docs.snowflake.com/en/sql-reference/functions/max_by, .../min_by
    beforeAll(() =>
      run('CREATE OR REPLACE TABLE employees(employee_id NUMBER, department_id NUMBER, salary NUMBER); INSERT INTO employees VALUES (1001, 10, 10000), (1020, 10, 9000), (1030, 10, 8000), (900, 20, 15000), (2000, 20, NULL), (2010, 20, 15000), (2020, 20, 8000)'),
    );

    test('the value in the row with the largest (smallest) key, NULL keys left out; which of two tied rows is not fixed', async () => {
      const result = await run('SELECT MAX_BY(employee_id, salary), MIN_BY(employee_id, salary) FROM employees');
      const [[largest, smallest]] = result.rows;
      expect([900, 2010]).toContain(largest);
      expect([1030, 2020]).toContain(smallest);
      expect(result.columns.map((c) => [c.type, c.scale])).toEqual([
        ['FIXED', 0],
        ['FIXED', 0],
      ]);
      expect(await rows('SELECT department_id, MAX_BY(employee_id, salary), MIN_BY(employee_id, salary) FROM employees WHERE department_id = 10 GROUP BY 1')).toEqual([[10, 1001, 1030]]);
      // The row's value is the answer even when it is NULL; no row with a key (or no row) is NULL.
      expect(await rows("SELECT MAX_BY(column2, column1), MIN_BY(column2, column1), MAX_BY(column2, NULL::INT) FROM VALUES (1, 'a'), (2, NULL)")).toEqual([[null, 'a', null]]);
      expect(await rows('SELECT MIN_BY(employee_id, salary) FROM employees WHERE false')).toEqual([[null]]);
    });

    test('with a count, an ARRAY of the values of that many rows, in key order', async () => {
      const result = await run('SELECT MAX_BY(employee_id, salary, 3), MIN_BY(employee_id, salary, 3) FROM employees');
      const [largest, smallest] = result.rows[0].map((v) => JSON.parse(v as string) as number[]);
      // Documented [900, 2010, 1001] and [1030, 2020, 1020]; the tied first two come in either order.
      const byValue = (ids: number[]) => [...ids].sort((a, b) => a - b);
      expect([byValue(largest.slice(0, 2)), largest[2]]).toEqual([[900, 2010], 1001]);
      expect([byValue(smallest.slice(0, 2)), smallest[2]]).toEqual([[1030, 2020], 1020]);
      expect(result.columns.map((c) => c.type)).toEqual(['VARIANT', 'VARIANT']);
      expect(await rows('SELECT MAX_BY(employee_id, salary, 1000), MIN_BY(employee_id, salary, 2) FROM employees WHERE department_id = 10')).toEqual([['[1001,1020,1030]', '[1030,1020]']]);
      expect(await rows('SELECT MAX_BY(employee_id, salary, 3) FROM employees WHERE salary IS NULL')).toEqual([[null]]);
    });

    test('what is not translated fails: a count that is no literal from 1 to 1000, a NULL value in the ARRAY, OVER', async () => {
      await expect(run('SELECT MAX_BY(employee_id, salary, 0) FROM employees')).rejects.toThrow("Unsupported feature 'MAX_BY with maximum_number_of_values_to_return 0'");
      await expect(run('SELECT MIN_BY(employee_id, salary, department_id) FROM employees')).rejects.toThrow("Unsupported feature 'MIN_BY with maximum_number_of_values_to_return department_id'");
      await expect(run('SELECT MAX_BY(NULLIF(employee_id, 1001), salary, 3) FROM employees WHERE department_id = 10')).rejects.toThrow(/MAX_BY: a row picked has a NULL value/);
      await expect(run('SELECT MAX_BY(employee_id, salary) OVER (PARTITION BY department_id) FROM employees')).rejects.toThrow("Unsupported feature 'MAX_BY ... OVER'");
    });
  });

  test('CONDITIONAL_TRUE_EVENT counts the rows so far in the window order whose condition is true (documented examples)', async () => {
    // https://docs.snowflake.com/en/sql-reference/functions/conditional_true_event (markdown/en/sql-reference/functions/conditional_true_event.md)
    await run(
      "CREATE OR REPLACE TABLE table1 (province VARCHAR, o_col INTEGER, o2_col INTEGER); INSERT INTO table1 (province, o_col, o2_col) VALUES ('Alberta', 0, 10), ('Alberta', 0, 10), ('Alberta', 13, 10), ('Alberta', 13, 11), ('Alberta', 14, 11), ('Alberta', 15, 12), ('Alberta', NULL, NULL), ('Manitoba', 30, 30)",
    );
    // Two rows tie at o_col 13; which of them counts 1 and which 2 is not fixed, so the rows are sorted by the count too.
    const result = await run(
      'SELECT province, o_col, CONDITIONAL_TRUE_EVENT(o_col) OVER (PARTITION BY province ORDER BY o_col) AS true_event, CONDITIONAL_TRUE_EVENT(o_col > 20) OVER (PARTITION BY province ORDER BY o_col) AS true_event_gt_20 FROM table1 ORDER BY province, o_col, true_event',
    );
    expect(result.rows).toEqual([
      ['Alberta', 0, 0, 0],
      ['Alberta', 0, 0, 0],
      ['Alberta', 13, 1, 0],
      ['Alberta', 13, 2, 0],
      ['Alberta', 14, 3, 0],
      ['Alberta', 15, 4, 0],
      ['Alberta', null, 4, 0],
      ['Manitoba', 30, 1, 1],
    ]);
    expect(result.columns.map((c) => [c.type, c.scale])[2]).toEqual(['FIXED', 0]);
    await run(`CREATE OR REPLACE TABLE borrowers (name VARCHAR, status_date DATE, late_balance NUMERIC(11, 2), thirty_day_late_balance NUMERIC(11, 2));
      INSERT INTO borrowers VALUES ('Geoffrey Flake', '2018-01-01'::DATE, 0.0, 0.0), ('Geoffrey Flake', '2018-02-01'::DATE, 1000.0, 0.0), ('Geoffrey Flake', '2018-03-01'::DATE, 2000.0, 1000.0), ('Geoffrey Flake', '2018-04-01'::DATE, 0.0, 0.0),
        ('Geoffrey Flake', '2018-05-01'::DATE, 1000.0, 0.0), ('Geoffrey Flake', '2018-06-01'::DATE, 2000.0, 1000.0), ('Geoffrey Flake', '2018-07-01'::DATE, 0.0, 0.0), ('Geoffrey Flake', '2018-08-01'::DATE, 0.0, 0.0),
        ('Leslie Safer', '2018-01-01'::DATE, 0.0, 0.0), ('Leslie Safer', '2018-02-01'::DATE, 0.0, 0.0), ('Leslie Safer', '2018-03-01'::DATE, 1000.0, 1000.0), ('Leslie Safer', '2018-04-01'::DATE, 2000.0, 1000.0),
        ('Leslie Safer', '2018-05-01'::DATE, 2000.0, 1000.0), ('Leslie Safer', '2018-06-01'::DATE, 2000.0, 1000.0), ('Leslie Safer', '2018-07-01'::DATE, 2000.0, 1000.0), ('Leslie Safer', '2018-08-01'::DATE, 2000.0, 1000.0)`);
    expect(await rows('SELECT name, CONDITIONAL_TRUE_EVENT(thirty_day_late_balance) OVER (PARTITION BY name ORDER BY status_date) AS true_cnt FROM borrowers ORDER BY name, status_date')).toEqual(
      [0, 0, 1, 1, 1, 2, 2, 2].map((n) => ['Geoffrey Flake', n]).concat([0, 0, 1, 2, 3, 4, 5, 6].map((n) => ['Leslie Safer', n])),
    );
    await run(`CREATE OR REPLACE TABLE tbl (p INT, o INT, i INT, r INT, s VARCHAR(100));
      INSERT INTO tbl VALUES (100, 1, 1, 70, 'seventy'), (100, 2, 2, 30, 'thirty'), (100, 3, 3, 40, 'fourty'), (100, 4, NULL, 90, 'ninety'), (100, 5, 5, 50, 'fifty'), (100, 6, 6, 30, 'thirty'), (200, 7, 7, 40, 'fourty'),
        (200, 8, NULL, NULL, 'n_u_l_l'), (200, 9, NULL, NULL, 'n_u_l_l'), (200, 10, 10, 20, 'twenty'), (200, 11, NULL, 90, 'ninety'), (300, 12, 12, 30, 'thirty'), (400, 13, NULL, 20, 'twenty')`);
    expect((await rows('SELECT p, o, CONDITIONAL_TRUE_EVENT(o > 2) OVER (PARTITION BY p ORDER BY o) FROM tbl ORDER BY p, o')).map((row) => row[2])).toEqual([0, 0, 1, 2, 3, 4, 1, 2, 3, 4, 5, 1, 1]);
    // The reference's LAG inside the condition cannot be nested in DuckDB's count; CONDITIONAL_CHANGE_EVENT is not run.
    await expect(run('SELECT CONDITIONAL_TRUE_EVENT(LAG(o) OVER (PARTITION BY p ORDER BY o) > 1) OVER (PARTITION BY p ORDER BY o) FROM tbl')).rejects.toThrow(
      "Unsupported feature 'CONDITIONAL_TRUE_EVENT of a window function'",
    );
    await expect(run('SELECT CONDITIONAL_TRUE_EVENT(o > 2) OVER (PARTITION BY p) FROM tbl')).rejects.toThrow("Unsupported feature 'CONDITIONAL_TRUE_EVENT ... OVER'");
    await expect(run('SELECT CONDITIONAL_TRUE_EVENT(o > 2) FROM tbl')).rejects.toThrow("Unsupported feature 'CONDITIONAL_TRUE_EVENT without OVER'");
    await expect(run('SELECT CONDITIONAL_CHANGE_EVENT(o) OVER (PARTITION BY p ORDER BY o) FROM tbl')).rejects.toThrow("Unsupported feature 'function CONDITIONAL_CHANGE_EVENT'");
  });

  test('KURTOSIS and SKEW: sample estimators, NULL below 4 (3) values; KURTOSIS a NUMBER with 12 decimals, SKEW a FLOAT (documented examples)', async () => {
    // https://docs.snowflake.com/en/sql-reference/functions/kurtosis
    await run('CREATE OR REPLACE TABLE aggr(k INT, v DECIMAL(10,2), v2 DECIMAL(10, 2)); INSERT INTO aggr VALUES (1, 10, null), (2, 10, 12), (2, 20, 22), (2, 25, null), (2, 30, 35)');
    const kurtosis = await run('SELECT KURTOSIS(k), KURTOSIS(v), KURTOSIS(v2) FROM aggr');
    expect(kurtosis.rows).toEqual([[5, -2.32421875, null]]);
    expect(kurtosis.columns.map((c) => [c.type, c.scale])).toEqual([
      ['FIXED', 12],
      ['FIXED', 12],
      ['FIXED', 12],
    ]);
    // https://docs.snowflake.com/en/sql-reference/functions/skew (its table has v2 NULL in the second row).
    await run('UPDATE aggr SET v2 = NULL WHERE v2 = 12');
    const skew = await run('SELECT SKEW(k), SKEW(v), SKEW(v2) FROM aggr');
    const [[k, v, v2]] = skew.rows as [[number, number, null]];
    // The documented formula gives -√5 exactly; Snowflake prints -2.236069766 and 0.05240788515, 8e-7 away.
    expect(k).toBeCloseTo(-Math.sqrt(5), 12);
    expect(Math.abs(k / -2.236069766 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(v / 0.05240788515 - 1)).toBeLessThan(1e-6);
    expect(v2).toBeNull();
    expect(skew.columns.map((c) => c.type)).toEqual(['REAL', 'REAL', 'REAL']);
    // Of a FLOAT, KURTOSIS is a FLOAT; as a window function it takes PARTITION BY.
    const floats = await run('SELECT KURTOSIS(v::FLOAT), SKEW(v::FLOAT) FROM aggr');
    expect(floats.rows[0][0]).toBeCloseTo(-2.32421875, 12);
    expect(floats.columns.map((c) => c.type)).toEqual(['REAL', 'REAL']);
    expect(await rows('SELECT k, KURTOSIS(v) OVER (PARTITION BY k), KURTOSIS(v) OVER () FROM aggr ORDER BY k LIMIT 2')).toEqual([
      [1, null, -2.32421875],
      [2, 0.342857142857, -2.32421875],
    ]);
    expect(await rows('SELECT KURTOSIS(v), SKEW(v) FROM aggr WHERE false')).toEqual([[null, null]]);
    // Snowflake takes no ORDER BY or frame in KURTOSIS's OVER, and SKEW is no window function.
    await expect(run('SELECT KURTOSIS(v) OVER (PARTITION BY k ORDER BY v) FROM aggr')).rejects.toThrow("Unsupported feature 'KURTOSIS ... OVER'");
    await expect(run('SELECT SKEW(v) OVER () FROM aggr')).rejects.toThrow("Unsupported feature 'SKEW ... OVER'");
    // Values that are all equal have no kurtosis or skew; Snowflake does not document its answer.
    await expect(run('SELECT KURTOSIS(column1) FROM VALUES (0.1), (0.1), (0.1), (0.1)')).rejects.toThrow(/KURTOSIS of values that are all equal/);
    await expect(run('SELECT SKEW(column1) FROM VALUES (7), (7), (7)')).rejects.toThrow(/SKEW of values that are all equal/);
  });
});

describe('semi-structured data', () => {
  test('ARRAY constants [...] and OBJECT constants {...} are ARRAY_CONSTRUCT and OBJECT_CONSTRUCT (a NULL value drops its key)', async () => {
    expect(await rows("SELECT [1, 'x', [2]] AS A, ARRAY_SIZE([1, 2, 3]) AS N, [] AS E, [10, 20][1] AS I")).toEqual([['[1,"x",[2]]', 3, '[]', '20']]);
    expect(await rows("SELECT {'a': 1, 'b': {'c': 'x'}, 'd': NULL} AS O, {} AS E, {'k': 2 * 3}:k::NUMBER AS K")).toEqual([['{"a":1,"b":{"c":"x"}}', '{}', 6]]);
    await expect(run('SELECT {a: 1}')).rejects.toThrow("expected 'key': value in an OBJECT constant");
  });

  test('variant paths with : . and [ ], cast with ::', async () => {
    expect(await rows("SELECT doc:patient.name::STRING, doc:patient.age::INT, doc:items[1].sku::VARCHAR, doc['patient']['age'], doc:patient.name FROM docs")).toEqual([
      ['Ann', 41, 'CL-9', '41', '"Ann"'],
    ]);
  });

  test('path elements are case-sensitive; a JSON null reads as SQL NULL when cast', async () => {
    expect(await rows('SELECT doc:Patient, doc:Note::STRING, doc:missing FROM docs')).toEqual([[null, null, null]]);
  });

  test('OBJECT_CONSTRUCT drops NULL values; OBJECT_CONSTRUCT_KEEP_NULL keeps them', async () => {
    expect(await rows("SELECT OBJECT_CONSTRUCT('a', 1, 'b', NULL), OBJECT_CONSTRUCT_KEEP_NULL('a', 1, 'b', NULL)")).toEqual([['{"a":1}', '{"a":1,"b":null}']]);
  });

  test('ARRAY_SIZE of an array, and NULL for a non-array', async () => {
    expect(await rows('SELECT ARRAY_SIZE(doc:items), ARRAY_SIZE(doc:patient) FROM docs')).toEqual([[2, null]]);
  });

  test('ARRAY_CONTAINS(value, array) compares VARIANT values; a NULL value not in the array is NULL', async () => {
    // Snowflake's examples write 'hello'::VARIANT; TO_VARIANT('hello') is the same value.
    expect(await rows("SELECT ARRAY_CONTAINS(TO_VARIANT('hello'), ARRAY_CONSTRUCT('hello', 'hi')), ARRAY_CONTAINS(TO_VARIANT('hello'), ARRAY_CONSTRUCT('hola', 'bonjour'))")).toEqual([[true, false]]);
    expect(await rows("SELECT ARRAY_CONTAINS(NULL, ARRAY_CONSTRUCT('hola', 'bonjour')), ARRAY_CONTAINS(PARSE_JSON('null'), PARSE_JSON('[\"hola\", null]')), ARRAY_CONTAINS(PARSE_JSON('null'), ARRAY_CONSTRUCT('hola')), ARRAY_CONTAINS(1, NULL)")).toEqual([
      [null, true, false, null],
    ]);
    // Numbers by value, never equal to a string; objects and paths as values.
    expect(await rows("SELECT ARRAY_CONTAINS(1, ARRAY_CONSTRUCT(1.0, 2)), ARRAY_CONTAINS(1, ARRAY_CONSTRUCT('1')), ARRAY_CONTAINS(TO_VARIANT('1'), ARRAY_CONSTRUCT(1)), ARRAY_CONTAINS(2, ARRAY_CONSTRUCT())")).toEqual([[true, false, false, false]]);
    expect(await rows("SELECT ARRAY_CONTAINS(doc:items[1], doc:items), ARRAY_CONTAINS(doc:patient.name, ARRAY_CONSTRUCT('Ann')), ARRAY_CONTAINS(PARSE_JSON('{\"sku\": \"FR-1\", \"qty\": 3}'), doc:items) FROM docs")).toEqual([[true, true, false]]);
  });

  test('PARSE_JSON rejects bad JSON; TRY_PARSE_JSON returns NULL', async () => {
    expect(await rows("SELECT TRY_PARSE_JSON('{bad')")).toEqual([[null]]);
    await expect(run("SELECT PARSE_JSON('{bad')")).rejects.toBeInstanceOf(SnowflakeError);
  });

  test('LATERAL FLATTEN over an array gives INDEX and VALUE per element', async () => {
    expect(await rows('SELECT d.id, f.index, f.value:sku::STRING, f.value:qty::INT FROM docs d, LATERAL FLATTEN(INPUT => d.doc:items) f ORDER BY f.index')).toEqual([
      [1, 0, 'FR-1', 2],
      [1, 1, 'CL-9', 1],
    ]);
  });

  test('TABLE(FLATTEN(...)) over an object gives KEY and VALUE per field', async () => {
    expect(await rows("SELECT f.key, f.value FROM docs, TABLE(FLATTEN(INPUT => doc, PATH => 'patient')) f ORDER BY f.key")).toEqual([
      ['age', '41'],
      ['name', '"Ann"'],
    ]);
  });
  test('ARRAY_TO_STRING casts elements to text (strings unquoted) and a NULL element to an empty string (documented examples)', async () => {
    const result = await run(
      "SELECT column1, ARRAY_TO_STRING(PARSE_JSON(column1), '') AS no_separation, ARRAY_TO_STRING(PARSE_JSON(column1), ', ') AS comma_separated FROM VALUES (NULL), ('[]'), ('[1]'), ('[1, 2]'), ('[true, 1, -1.2e-3, \"Abc\", [\"x\",\"y\"], {\"a\":1}]')",
    );
    expect(result.rows.map(([, a, b]) => [a, b])).toEqual([
      [null, null],
      ['', ''],
      ['1', '1'],
      ['12', '1, 2'],
      ['true1-0.0012Abc["x","y"]{"a":1}', 'true, 1, -0.0012, Abc, ["x","y"], {"a":1}'],
    ]);
    expect(result.columns[1].type).toBe('TEXT');
    expect(await rows("SELECT ARRAY_TO_STRING(ARRAY_CONSTRUCT('A', NULL, 'B'), ''), ARRAY_TO_STRING(['A', NULL, 'B'], ', '), ARRAY_TO_STRING(PARSE_JSON('[null, 1]'), '-'), ARRAY_TO_STRING([1, 2], NULL)")).toEqual([
      ['AB', 'A, , B', '-1', null],
    ]);
    await expect(run("SELECT ARRAY_TO_STRING(PARSE_JSON('{\"a\": 1}'), ',')")).rejects.toThrow(/not an ARRAY/);
  });

  test('OBJECT_KEYS returns the top-level keys as an ARRAY, in the sorted order Snowflake stores them', async () => {
    const result = await run(
      "SELECT OBJECT_KEYS(OBJECT_CONSTRUCT('a', 1, 'b', 2, 'c', 3)) AS o, OBJECT_KEYS(TO_VARIANT(OBJECT_CONSTRUCT('a', 1, 'b', 2, 'c', 3))) AS v, OBJECT_KEYS(PARSE_JSON('{\"level_1_A\": {\"level_2\": \"two\"}, \"level_1_B\": \"one\"}')) AS keys",
    );
    expect(result.rows).toEqual([['["a","b","c"]', '["a","b","c"]', '["level_1_A","level_1_B"]']]);
    expect(result.columns.map((c) => c.type)).toEqual(['VARIANT', 'VARIANT', 'VARIANT']);
    expect(await rows("SELECT OBJECT_KEYS(PARSE_JSON('{\"b\": 1, \"a\": 2}')), OBJECT_KEYS(PARSE_JSON('{}')), OBJECT_KEYS(NULL), ARRAY_SIZE(OBJECT_KEYS(doc)) FROM docs")).toEqual([['["a","b"]', '[]', null, 3]]);
    await expect(run("SELECT OBJECT_KEYS(PARSE_JSON('[1]'))")).rejects.toThrow(/not an OBJECT/);
  });

  test('TYPEOF names the type of a VARIANT value: NULL_VALUE for a JSON null, NULL for a SQL NULL (documented example)', async () => {
    const vartab = await rows(
      "SELECT n, TYPEOF(v) FROM (SELECT column1 AS n, PARSE_JSON(column2) AS v FROM VALUES (1, 'null'), (2, null), (3, 'true'), (4, '-17'), (5, '123.12'), (7, '\"Om ara pa ca na dhih\"  '), (9, '{ \"x\" : \"abc\", \"y\" : false, \"z\": 10} ')) ORDER BY n",
    );
    expect(vartab).toEqual([
      [1, 'NULL_VALUE'],
      [2, null],
      [3, 'BOOLEAN'],
      [4, 'INTEGER'],
      [5, 'DECIMAL'],
      [7, 'VARCHAR'],
      [9, 'OBJECT'],
    ]);
    // A number written with an exponent is a DOUBLE; arrays, paths and aggregates of VARIANTs too.
    expect(await rows("SELECT TYPEOF(PARSE_JSON('1.5e300')), TYPEOF(ARRAY_CONSTRUCT(1, 2)), TYPEOF(doc:patient.age), TYPEOF(doc:patient.name), TYPEOF(doc:Note), TYPEOF(doc:missing), TYPEOF(MIN(doc:items)) FROM docs GROUP BY doc")).toEqual([
      ['DOUBLE', 'ARRAY', 'INTEGER', 'VARCHAR', 'NULL_VALUE', null, 'ARRAY'],
    ]);
    // Other values are named as their cast to VARIANT would be.
    expect(await rows("SELECT TYPEOF('check in'), TYPEOF('2024-01-17 19:00:00'::TIMESTAMP), TYPEOF(7), TYPEOF(1.5), TYPEOF(1.5::FLOAT), TYPEOF(TRUE), TYPEOF('2024-01-17'::DATE)")).toEqual([
      ['VARCHAR', 'TIMESTAMP_NTZ', 'INTEGER', 'DECIMAL', 'DOUBLE', 'BOOLEAN', 'DATE'],
    ]);
  });

  test('IS_NULL_VALUE is TRUE for a JSON null, FALSE for other values and NULL for a SQL NULL or a missing path (documented example)', async () => {
    expect(
      await rows(
        "SELECT IS_NULL_VALUE(v), IS_NULL_VALUE(v:x), IS_NULL_VALUE(v:y) FROM (SELECT column1 AS i, PARSE_JSON(column2) AS v FROM VALUES (1, '\"string value\"'), (2, 'null'), (3, '{}'), (4, '{\"x\": null}'), (5, '{\"x\": \"foo\"}'), (6, NULL)) ORDER BY i",
      ),
    ).toEqual([
      [false, null, null],
      [true, null, null],
      [false, null, null],
      [false, true, null],
      [false, false, null],
      [null, null, null],
    ]);
    expect(await rows('SELECT IS_NULL_VALUE(doc:Note), IS_NULL_VALUE(doc:patient), IS_NULL_VALUE(NULL) FROM docs')).toEqual([[true, false, null]]);
  });

  test('ARRAY_SLICE: from 0, to not included, negative positions from the end, NULL for any NULL argument (documented examples)', async () => {
    // https://docs.snowflake.com/en/sql-reference/functions/array_slice
    const digits = '[0,1,2,3,4,5,6]';
    const result = await run(
      `SELECT ARRAY_SLICE(${digits}, 0, 2), ARRAY_SLICE(${digits}, 3, ARRAY_SIZE(${digits})) AS slice_to_last_index, ARRAY_SLICE(['foo','snow','flake','bar'], 1, 3), ARRAY_SLICE(NULL, 2, 3), ARRAY_SLICE(${digits}, NULL, 2), ARRAY_SLICE(${digits}, 0, -2), ARRAY_SLICE(${digits}, -5, -3), ARRAY_SLICE(${digits}, 10, 12), ARRAY_SLICE(${digits}, -10, -12)`,
    );
    expect(result.rows).toEqual([['[0,1]', '[3,4,5,6]', '["snow","flake"]', null, null, '[0,1,2,3,4]', '[2,3]', '[]', '[]']]);
    expect(result.columns.every((c) => c.type === 'VARIANT')).toBe(true);
    // Elements keep their kinds; a position past an end is that end, as in the Python slices the reference likens
    // these to; from past to is [].
    expect(await rows(`SELECT ARRAY_SLICE(${digits}, -10, 2), ARRAY_SLICE(${digits}, 5, 10), ARRAY_SLICE([1, 2, 3], 2, 1), ARRAY_SLICE([1, 2, 3], 0, NULL)`)).toEqual([['[0,1]', '[5,6]', '[]', null]]);
    expect(await rows("SELECT ARRAY_SLICE(PARSE_JSON('[1, null, \"x\", [2], {\"a\": 1}]'), 1, 10), ARRAY_SLICE(doc:items, -1, 5)[0]:sku::STRING FROM docs")).toEqual([['[null,"x",[2],{"a":1}]', 'CL-9']]);
    await expect(run("SELECT ARRAY_SLICE(PARSE_JSON('{\"a\": 1}'), 0, 1)")).rejects.toThrow(/ARRAY_SLICE: the first argument is not an ARRAY/);
    await expect(run('SELECT ARRAY_SLICE([1, 2, 3], 1.5, 3)')).rejects.toThrow(/ARRAY_SLICE of a position with a fraction/);
  });
});

describe('DML', () => {
  test('MERGE updates matches and inserts the rest, reporting both counts', async () => {
    await run("CREATE OR REPLACE TABLE target (id INT, status STRING); INSERT INTO target VALUES (1, 'scheduled'), (2, 'scheduled')");
    const result = await run(`
      MERGE INTO target t
      USING (SELECT 2 AS id, 'arrived' AS status UNION ALL SELECT 3, 'no-show') s ON t.id = s.id
      WHEN MATCHED THEN UPDATE SET status = s.status
      WHEN NOT MATCHED THEN INSERT (id, status) VALUES (s.id, s.status)`);
    expect(result.columns.map((c) => c.name)).toEqual(['number of rows inserted', 'number of rows updated']);
    expect(result.rows).toEqual([[1, 1]]);
    expect(result.rowCount).toBe(2);
    expect(await rows('SELECT id, status FROM target ORDER BY id')).toEqual([
      [1, 'scheduled'],
      [2, 'arrived'],
      [3, 'no-show'],
    ]);
  });

  test('MERGE ... WHEN MATCHED AND ... THEN DELETE', async () => {
    await run("CREATE OR REPLACE TABLE target (id INT, status STRING); INSERT INTO target VALUES (1, 'a'), (2, 'b')");
    const result = await run("MERGE INTO target t USING (SELECT 1 id) s ON t.id = s.id WHEN MATCHED AND t.status = 'a' THEN DELETE");
    expect(result.rows).toEqual([[1]]);
    expect(await rows('SELECT id FROM target')).toEqual([[2]]);
  });

  test('MERGE applies its WHEN MATCHED clauses in order: the first whose condition holds takes the row', async () => {
    await run("CREATE OR REPLACE TABLE target (id INT, status STRING, visits INT NOT NULL); INSERT INTO target VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)");
    const result = await run(`
      MERGE INTO target t
      USING (SELECT column1 AS id, column2 AS status, column3 AS n FROM VALUES (1, 'x', 10), (2, 'y', 20), (4, 'z', 40)) s ON t.id = s.id
      WHEN MATCHED AND t.status = 'a' THEN DELETE
      WHEN MATCHED AND s.n > 5 THEN UPDATE SET status = CASE WHEN s.n > 15 THEN UPPER(s.status) ELSE s.status END, visits = t.visits + s.n
      WHEN NOT MATCHED THEN INSERT (id, status, visits) VALUES (s.id, s.status, s.n)`);
    expect(result.columns.map((c) => c.name)).toEqual(['number of rows inserted', 'number of rows updated', 'number of rows deleted']);
    expect(result.rows).toEqual([[1, 1, 1]]);
    expect(await rows('SELECT id, status, visits FROM target ORDER BY id')).toEqual([
      [2, 'Y', 22],
      [3, 'c', 3],
      [4, 'z', 40],
    ]);
  });

  test('MERGE that would update one row from two source rows fails with 100090 and changes nothing', async () => {
    await run("CREATE OR REPLACE TABLE target (id INT, status STRING); INSERT INTO target VALUES (1, 'a')");
    await expect(run("MERGE INTO target t USING (SELECT 1 id, 'x' s UNION ALL SELECT 1, 'y') s ON t.id = s.id WHEN MATCHED THEN UPDATE SET status = s.s")).rejects.toMatchObject({ code: '100090' });
    expect(await rows('SELECT id, status FROM target')).toEqual([[1, 'a']]);
  });

  test('MERGE keeps NOT NULL on updated rows, and inside a transaction it is rolled back with it', async () => {
    await run("CREATE OR REPLACE TABLE target (id INT, status STRING NOT NULL); INSERT INTO target VALUES (1, 'a'), (2, 'b')");
    await expect(run('MERGE INTO target t USING (SELECT 1 id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET status = NULL')).rejects.toMatchObject({ code: '100072' });
    expect(await rows('SELECT id, status FROM target ORDER BY id')).toEqual([[1, 'a'], [2, 'b']]);
    await run('BEGIN');
    await run("MERGE INTO target USING (SELECT 2 id, 'c' status) src ON target.id = src.id WHEN MATCHED THEN UPDATE SET target.status = src.status");
    expect(await rows('SELECT status FROM target WHERE id = 2')).toEqual([['c']]);
    await run('ROLLBACK');
    expect(await rows('SELECT id, status FROM target ORDER BY id')).toEqual([[1, 'a'], [2, 'b']]);
  });

  test('MERGE with bind values updates as well', async () => {
    await run("CREATE OR REPLACE TABLE target (id INT, status STRING); INSERT INTO target VALUES (1, 'a')");
    const result = await engine.execute('MERGE INTO target t USING (SELECT ? id, ? status) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET status = s.status WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.status)', { ...session, binds: [1, 'z'] });
    expect(result.rows).toEqual([[0, 1]]);
    expect(await rows('SELECT id, status FROM target')).toEqual([[1, 'z']]);
  });

  test('PRIMARY KEY and UNIQUE are not enforced (as in Snowflake); NOT NULL is', async () => {
    await run('CREATE OR REPLACE TABLE keyed (id INT PRIMARY KEY, code STRING UNIQUE NOT NULL, CONSTRAINT fk FOREIGN KEY (id) REFERENCES other (id))');
    await run("INSERT INTO keyed VALUES (1, 'x'), (1, 'x')");
    expect(await rows('SELECT COUNT(*) FROM keyed')).toEqual([[2]]);
    await expect(run('INSERT INTO keyed VALUES (2, NULL)')).rejects.toMatchObject({ code: '100072' });
  });
});

describe('MERGE (property)', () => {
  type Row = { id: number; v: number; s: string };
  type Clause =
    | { matched: true; condition?: { on: 's.v' | 't.v'; above: number }; action: 'update' | 'delete' }
    | { matched: false; condition?: { on: 's.v'; above: number }; action: 'insert' };
  const value = fc.integer({ min: 0, max: 9 });
  const label = fc.constantFrom('a', 'b', 'c');
  const tableRows = (maxId: number) => fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: maxId }), v: value, s: label }), { selector: (r) => r.id, maxLength: 10 });
  const condition = (on: 's.v' | 't.v') => fc.option(fc.record({ on: fc.constant(on), above: value }), { nil: undefined });
  const matchedClause = fc.record({ matched: fc.constant(true as const), condition: fc.oneof(condition('s.v'), condition('t.v')), action: fc.constantFrom('update' as const, 'delete' as const) });
  const insertClause = fc.record({ matched: fc.constant(false as const), condition: condition('s.v'), action: fc.constant('insert' as const) });
  // Only the last clause of a kind may go without a condition (a later one could never apply).
  const clauses = fc
    .tuple(fc.array(matchedClause, { maxLength: 3 }), fc.array(insertClause, { maxLength: 2 }))
    .map(([m, i]) => [...m.filter((c, k) => c.condition || k === m.length - 1), ...i.filter((c, k) => c.condition || k === i.length - 1)] as Clause[])
    .filter((all) => all.length > 0);

  /** Snowflake's MERGE, written out: the first clause whose condition holds takes the row. */
  function expected(target: readonly Row[], source: readonly Row[], all: readonly Clause[]) {
    const counts = { insert: 0, update: 0, delete: 0 };
    const holds = (c: Clause, t: Row | undefined, src: Row) => !c.condition || (c.condition.on === 's.v' ? src.v : t!.v) > c.condition.above;
    const result = new Map(target.map((t) => [t.id, { ...t }]));
    for (const src of source) {
      const t = result.get(src.id);
      const clause = all.find((c) => c.matched === (t !== undefined) && holds(c, t, src));
      if (!clause) continue;
      counts[clause.action]++;
      if (clause.action === 'insert') result.set(src.id, { ...src });
      else if (clause.action === 'delete') result.delete(src.id);
      else result.set(src.id, { id: src.id, v: src.v + t!.v, s: src.s });
    }
    return { rows: [...result.values()].sort((a, b) => a.id - b.id).map((r) => [r.id, r.v, r.s]), counts };
  }

  test('inserts, updates and deletes what the first applicable clause says, with its counts', async () => {
    await fc.assert(
      fc.asyncProperty(tableRows(12), tableRows(15), clauses, async (target, source, all) => {
        const values = (list: readonly Row[]) => list.map((r) => `(${r.id}, ${r.v}, '${r.s}')`).join(', ');
        await run(`CREATE OR REPLACE TABLE m_target (id INT, v INT NOT NULL, s STRING)${target.length ? `; INSERT INTO m_target VALUES ${values(target)}` : ''}`);
        await run(`CREATE OR REPLACE TABLE m_source (id INT, v INT, s STRING)${source.length ? `; INSERT INTO m_source VALUES ${values(source)}` : ''}`);
        const whens = all.map((c) => {
          const when = `WHEN ${c.matched ? '' : 'NOT '}MATCHED${c.condition ? ` AND ${c.condition.on} > ${c.condition.above}` : ''} THEN`;
          return c.action === 'update' ? `${when} UPDATE SET v = src.v + t.v, s = src.s` : c.action === 'delete' ? `${when} DELETE` : `${when} INSERT (id, v, s) VALUES (src.id, src.v, src.s)`;
        });
        const result = await run(`MERGE INTO m_target t USING m_source src ON t.id = src.id ${whens.join(' ').replace(/\bs\.v\b/g, 'src.v')}`);
        const want = expected(target, source, all);
        const actions = (['insert', 'update', 'delete'] as const).filter((a) => all.some((c) => c.action === a));
        expect(result.rows).toEqual([actions.map((a) => want.counts[a])]);
        expect(await rows('SELECT id, v, s FROM m_target ORDER BY id')).toEqual(want.rows);
      }),
      { numRuns: 80 },
    );
  });
});

describe('string literals through the engine (property)', () => {
  const unit = fc.oneof(fc.constantFrom("'", '"', ';', '--', '$$', '\\', '/*', '*/', ':', '?', '\n', '\t', 'é', '😀'), fc.string({ unit: 'grapheme', maxLength: 3 }));

  test('any content written as a Snowflake literal comes back byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(unit, { maxLength: 12 }).map((parts) => parts.join('')), async (value) => {
        const literal = `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
        const result = await run(`SELECT ${literal} AS v, 'tail;--' AS w`);
        expect(result.rows).toEqual([[value, 'tail;--']]);
      }),
      { numRuns: 60 },
    );
  });
});
