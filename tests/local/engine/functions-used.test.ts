/**
 * The functions and constructs the pipeline SQL under sql/ uses, and the other rules of
 * local/engine/functions.ts that had no test: each case runs Snowflake SQL on the local engine and
 * expects the result Snowflake's documentation gives (page cited per group). Dates come back as
 * 'YYYY-MM-DD', TIMESTAMP_NTZ values as 'YYYY-MM-DD HH24:MI:SS[.fff]', NUMBER and FLOAT as numbers.
 */
import { ExecuteOptions, LocalEngine } from '../../../local/engine/engine';
import { SnowflakeError, UnsupportedSqlError } from '../../../local/engine/errors';
import { BAD_AMOUNTS, BAD_DATES, BAD_TIMESTAMPS } from '../../../local/seed/malformed';

let engine: LocalEngine;
const session: ExecuteOptions = { database: 'FNS', schema: 'PUBLIC' };
const run = (sql: string) => engine.execute(sql, session);
const rows = async (sql: string) => (await run(sql)).rows;

/** One expression and the value Snowflake documents for it. */
type Case = readonly [expression: string, expected: unknown];

/** Runs `SELECT <expression>` and compares its one value (fractions to 12 digits: DOUBLE results). */
async function expectValue([expression, expected]: Case): Promise<void> {
  const [[actual]] = await rows(`SELECT ${expression}`);
  if (typeof expected === 'number' && !Number.isInteger(expected)) expect(actual).toBeCloseTo(expected, 12);
  else expect(actual).toEqual(expected);
}

/** The format every staging task parses timestamps with (sql/staging/*.sql). */
const STAGED_TIMESTAMP = `'YYYY-MM-DD"T"HH24:MI:SS'`;

beforeAll(async () => {
  engine = await LocalEngine.open(':memory:');
  await run('CREATE DATABASE fns');
});

afterAll(() => engine.close());

// https://docs.snowflake.com/en/sql-reference/functions/try_to_timestamp
// https://docs.snowflake.com/en/sql-reference/functions/to_timestamp
// https://docs.snowflake.com/en/sql-reference/functions-conversion#date-and-time-formats-in-conversion-functions
// A string that matches the format converts; any other string is NULL (TRY_) instead of an error.
describe("TRY_TO_TIMESTAMP_NTZ(x, 'YYYY-MM-DD\"T\"HH24:MI:SS'): the staging 'unparseable_date' check", () => {
  test.each<Case>([
    [`TRY_TO_TIMESTAMP_NTZ('2024-03-05T09:30:00', ${STAGED_TIMESTAMP})`, '2024-03-05 09:30:00'],
    [`TRY_TO_TIMESTAMP_NTZ('2024-02-29T23:59:59', ${STAGED_TIMESTAMP})`, '2024-02-29 23:59:59'],
    [`TRY_TO_TIMESTAMP_NTZ('2024-12-31T00:00:00', ${STAGED_TIMESTAMP})`, '2024-12-31 00:00:00'],
    [`TRY_TO_TIMESTAMP_NTZ(TRIM('  2024-03-05T09:30:00  '), ${STAGED_TIMESTAMP})`, '2024-03-05 09:30:00'],
    [`TO_TIMESTAMP_NTZ('2024-03-05T09:30:00', ${STAGED_TIMESTAMP})`, '2024-03-05 09:30:00'],
    [`TRY_TO_TIMESTAMP_NTZ('2024-03-05T09:30:00.123', 'YYYY-MM-DD"T"HH24:MI:SS.FF3')`, '2024-03-05 09:30:00.123'],
    [`TRY_TO_TIMESTAMP_NTZ('2024-03-05 09:30:00.123456', 'YYYY-MM-DD HH24:MI:SS.FF')`, '2024-03-05 09:30:00.123456'],
    [`TRY_TO_TIMESTAMP_NTZ('2024-03-05 09:30:00')`, '2024-03-05 09:30:00'],
  ])('%s = %p', async (...c) => expectValue(c));

  test.each([
    ['2023-02-29T08:00:00', 'no February 29th in 2023'],
    ['2024-04-31T08:00:00', 'April has 30 days'],
    ['2024-13-01T08:00:00', 'month 13'],
    ['2024-03-05T24:00:00', 'HH24 stops at 23'],
    ['2024-03-05T09:60:00', 'MI stops at 59'],
    ['2024-03-05 09:30:00', 'a space where the format has "T"'],
    ['2024-03-05', 'no time'],
    ['', 'empty'],
    ...BAD_TIMESTAMPS.map((bad) => [bad, 'a malformed timestamp the seed writes']),
  ])(`TRY_TO_TIMESTAMP_NTZ('%s', ${STAGED_TIMESTAMP}) is NULL (%s)`, async (text) => {
    expect(await rows(`SELECT TRY_TO_TIMESTAMP_NTZ('${text}', ${STAGED_TIMESTAMP})`)).toEqual([[null]]);
  });

  test('a NULL input is NULL, so the check needs its NULLIF(TRIM(x), \'\') IS NOT NULL guard', async () => {
    expect(await rows(`SELECT TRY_TO_TIMESTAMP_NTZ(NULL, ${STAGED_TIMESTAMP}), TRY_TO_TIMESTAMP_NTZ(NULLIF(TRIM('   '), ''), ${STAGED_TIMESTAMP})`)).toEqual([[null, null]]);
  });

  test('TO_TIMESTAMP_NTZ (no TRY_) of a non-matching string is an error', async () => {
    await expect(run(`SELECT TO_TIMESTAMP_NTZ('2024-02-30T10:15:00', ${STAGED_TIMESTAMP})`)).rejects.toBeInstanceOf(SnowflakeError);
  });

  test('the result is a TIMESTAMP_NTZ', async () => {
    expect((await run(`SELECT TRY_TO_TIMESTAMP_NTZ('2024-03-05T09:30:00', ${STAGED_TIMESTAMP}) AS t`)).columns[0].type).toBe('TIMESTAMP_NTZ');
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/try_to_date
// https://docs.snowflake.com/en/sql-reference/functions/to_date
// https://docs.snowflake.com/en/sql-reference/functions/to_time
describe("TRY_TO_DATE(x, 'YYYY-MM-DD') and the other date/time conversions", () => {
  test.each<Case>([
    ["TRY_TO_DATE('2024-02-29', 'YYYY-MM-DD')", '2024-02-29'],
    ["TRY_TO_DATE(TRIM(' 2024-12-31 '), 'YYYY-MM-DD')", '2024-12-31'],
    ["TRY_TO_DATE('2024/02/29', 'YYYY-MM-DD')", null],
    ["TRY_TO_DATE('2024-02-29T00:00:00', 'YYYY-MM-DD')", null],
    ["TRY_TO_DATE(NULL, 'YYYY-MM-DD')", null],
    ["TRY_TO_DATE('29-Feb-2024', 'DD-MON-YYYY')", '2024-02-29'],
    ["DATE('2024-02-29')", '2024-02-29'],
    ["DATE('02/29/2024', 'MM/DD/YYYY')", '2024-02-29'],
    ["TO_TIME('10:11', 'HH24:MI')", '10:11:00'],
    ["TRY_TO_TIME('10:11:12')", '10:11:12'],
    ["TRY_TO_TIME('25:00:00')", null],
    ["TRY_TO_TIMESTAMP_LTZ('not a timestamp')", null],
    ["TRY_TO_TIMESTAMP_TZ('not a timestamp')", null],
  ])('%s = %p', async (...c) => expectValue(c));

  // The local session time zone is UTC, and TIMESTAMP_TZ values are shown in it (local/engine/README.md),
  // so compare instants: 03:04:05 at +02:00 is 01:04:05 UTC; an LTZ without an offset is in the session zone.
  test('TO_TIMESTAMP_TZ with TZH:TZM and TO_TIMESTAMP_LTZ give the instants Snowflake gives', async () => {
    const tz = (text: string) => `TO_TIMESTAMP_TZ('${text}', 'YYYY-MM-DD HH24:MI:SS TZH:TZM')`;
    expect(await rows(`SELECT ${tz('2024-01-02 03:04:05 +02:00')} = ${tz('2024-01-02 01:04:05 +00:00')}, TO_TIMESTAMP_LTZ('2024-01-02 01:04:05') = ${tz('2024-01-02 03:04:05 +02:00')}`)).toEqual([[true, true]]);
  });

  test.each(BAD_DATES.map((bad) => [bad]))("TRY_TO_DATE('%s', 'YYYY-MM-DD') is NULL (a malformed date the seed writes)", async (bad) => {
    expect(await rows(`SELECT TRY_TO_DATE('${bad}', 'YYYY-MM-DD')`)).toEqual([[null]]);
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/to_char
// https://docs.snowflake.com/en/sql-reference/functions-conversion#date-and-time-formats-in-conversion-functions
describe('TO_VARCHAR / TO_CHAR with a format', () => {
  test.each<Case>([
    // The run id format of sql/quality/dq_checks.sql: FF3 is milliseconds, zero-padded.
    [`TO_VARCHAR('2024-03-05 09:08:07.456'::TIMESTAMP_NTZ, 'YYYYMMDD"T"HH24MISS.FF3')`, '20240305T090807.456'],
    [`TO_VARCHAR('2024-03-05 09:08:07'::TIMESTAMP_NTZ, 'YYYYMMDD"T"HH24MISS.FF3')`, '20240305T090807.000'],
    ["TO_CHAR('2024-02-29'::DATE, 'DD/MM/YYYY')", '29/02/2024'],
    ["TO_CHAR('2024-02-29 23:05:00'::TIMESTAMP_NTZ, 'MMMM DD, YYYY HH12:MI PM')", 'February 29, 2024 11:05 PM'],
    ["TO_VARCHAR(NULL::DATE, 'YYYY-MM-DD')", null],
    ['TO_VARCHAR(12.50::NUMBER(12,2))', '12.50'],
    ['TO_VARCHAR(-7)', '-7'],
  ])('%s = %p', async (...c) => expectValue(c));
});

// https://docs.snowflake.com/en/sql-reference/functions/year (DAYOFWEEKISO, QUARTER, MONTH, DAY, WEEK...)
// https://docs.snowflake.com/en/sql-reference/functions-date-time#label-calendar-weeks-weekdays
//   (defaults WEEK_START = 0 and WEEK_OF_YEAR_POLICY = 0: ISO weeks, DAYOFWEEK Sunday = 0)
// https://docs.snowflake.com/en/sql-reference/functions/hour-minute-second
describe('date parts', () => {
  test.each<Case>([
    ["DAYOFWEEKISO('2024-01-01'::DATE)", 1], // Monday
    ["DAYOFWEEKISO('2024-01-06'::DATE)", 6],
    ["DAYOFWEEKISO('2024-01-07'::DATE)", 7], // Sunday
    ["DAYOFWEEKISO('2024-02-29 23:00:00'::TIMESTAMP_NTZ)", 4],
    ["DAYOFWEEK('2024-01-06'::DATE)", 6], // Saturday
    ["QUARTER('2024-03-31'::DATE)", 1],
    ["QUARTER('2024-04-01'::DATE)", 2],
    ["MONTH('2024-12-31'::DATE)", 12],
    ["DAY('2024-02-29'::DATE)", 29],
    ["DAYOFMONTH('2024-03-01'::DATE)", 1],
    ["DAYOFYEAR('2024-12-31'::DATE)", 366],
    ["DAYOFYEAR('2023-12-31'::DATE)", 365],
    ["WEEK('2024-12-30'::DATE)", 1], // that Monday's week has four or more days in 2025
    ["WEEKOFYEAR('2024-01-01'::DATE)", 1],
    ["WEEKISO('2021-01-01'::DATE)", 53],
    ["HOUR('2024-01-02 03:04:05.678'::TIMESTAMP_NTZ)", 3],
    ["MINUTE('2024-01-02 03:04:05.678'::TIMESTAMP_NTZ)", 4],
    ["SECOND('2024-01-02 03:04:05.678'::TIMESTAMP_NTZ)", 5],
    ['DAYOFWEEKISO(NULL::DATE)', null],
    ['QUARTER(NULL::DATE)', null],
  ])('%s = %p', async (...c) => expectValue(c));

  // sql/marts/dim_date.sql derives its week and month columns from these.
  test.each([
    ['2024-01-01', '2024-01-01', false, 31, false],
    ['2024-01-07', '2024-01-01', true, 31, false],
    ['2024-02-29', '2024-02-26', false, 29, true],
    ['2023-02-28', '2023-02-27', false, 28, true],
    ['2024-12-31', '2024-12-30', false, 31, true],
  ])('dim_date for %s: week start %s, weekend %p, %p days in month, month end %p', async (day, weekStart, weekend, days, monthEnd) => {
    const d = `'${day}'::DATE`;
    expect(await rows(`SELECT DATEADD(day, 1 - DAYOFWEEKISO(${d}), ${d}), DAYOFWEEKISO(${d}) IN (6, 7), DAY(LAST_DAY(${d})), ${d} = LAST_DAY(${d})`)).toEqual([
      [weekStart, weekend, days, monthEnd],
    ]);
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/last_day
// LAST_DAY(date_or_timestamp [, year | quarter | month | week]) returns a DATE; month by default.
describe('LAST_DAY', () => {
  test.each<Case>([
    ["LAST_DAY('2024-02-10'::DATE)", '2024-02-29'],
    ["LAST_DAY('2023-02-10'::DATE)", '2023-02-28'],
    ["LAST_DAY('2024-04-30'::DATE)", '2024-04-30'],
    ["LAST_DAY('2024-12-01')", '2024-12-31'],
    ["LAST_DAY('2025-05-08 23:39:20.123'::TIMESTAMP_NTZ)", '2025-05-31'],
    ["LAST_DAY('2024-02-10'::DATE, 'month')", '2024-02-29'],
    ["LAST_DAY('2024-05-08 23:39:20.123'::TIMESTAMP_NTZ, 'year')", '2024-12-31'],
    ["LAST_DAY('2024-02-10'::DATE, 'quarter')", '2024-03-31'],
    ["LAST_DAY('2024-11-10'::DATE, quarter)", '2024-12-31'],
    ["LAST_DAY('2024-01-10'::DATE, 'week')", '2024-01-14'], // Wednesday -> Sunday
    ["LAST_DAY('2024-01-14'::DATE, 'week')", '2024-01-14'],
    ["LAST_DAY('2024-02-26'::DATE, week)", '2024-03-03'],
    ['LAST_DAY(NULL::DATE)', null],
    ["LAST_DAY(NULL::DATE, 'year')", null],
    // sql/marts/ddl/v_recall_compliance.sql: 60 days after the end of the due month.
    ["DATEADD(day, 60, LAST_DAY('2024-01-15'::DATE))", '2024-03-31'],
  ])('%s = %p', async (...c) => expectValue(c));

  test('returns a DATE for a timestamp too', async () => {
    const result = await run("SELECT LAST_DAY('2024-05-08 10:00'::TIMESTAMP_NTZ) AS m, LAST_DAY('2024-05-08 10:00'::TIMESTAMP_NTZ, 'week') AS w");
    expect(result.columns.map((c) => c.type)).toEqual(['DATE', 'DATE']);
  });

  test('a part other than year, quarter, month or week is rejected', async () => {
    await expect(run("SELECT LAST_DAY('2024-02-10'::DATE, 'day')")).rejects.toBeInstanceOf(UnsupportedSqlError);
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/date_from_parts
// Months and days outside their range carry over; zero and negative values count back.
describe('DATE_FROM_PARTS', () => {
  test.each<Case>([
    ['DATE_FROM_PARTS(1977, 8, 7)', '1977-08-07'],
    ['DATE_FROM_PARTS(2024, 2, 29)', '2024-02-29'],
    ['DATE_FROM_PARTS(2010, 1, 100)', '2010-04-10'],
    ['DATE_FROM_PARTS(2010, 1 + 24, 1)', '2012-01-01'],
    ['DATE_FROM_PARTS(2004, 0, 1)', '2003-12-01'],
    ['DATE_FROM_PARTS(2004, -1, 1)', '2003-11-01'],
    ['DATE_FROM_PARTS(2004, 2, 0)', '2004-01-31'],
    ['DATE_FROM_PARTS(2004, 2, -1)', '2004-01-30'],
    ['DATE_FROM_PARTS(NULL, 1, 1)', null],
  ])('%s = %p', async (...c) => expectValue(c));
});

// https://docs.snowflake.com/en/sql-reference/functions/dateadd
// https://docs.snowflake.com/en/sql-reference/functions/datediff (counts part boundaries crossed)
// https://docs.snowflake.com/en/sql-reference/functions/timestampadd, .../timestampdiff (aliases)
describe('DATEADD / DATEDIFF as the marts use them', () => {
  test.each<Case>([
    ["DATEADD(year, -1, '2024-02-29'::DATE)", '2023-02-28'],
    ["DATEADD(month, 24, '2022-02-28'::DATE)", '2024-02-28'],
    ["DATEADD(month, 18, '2023-08-31'::DATE)", '2025-02-28'],
    ["DATEADD(day, -1, '2024-03-01'::DATE)", '2024-02-29'],
    ["DATEADD(day, NULL, '2024-03-01'::DATE)", null],
    ["TIMESTAMPADD(hour, 3, '2024-12-31 23:00:00'::TIMESTAMP_NTZ)", '2025-01-01 02:00:00'],
    ["DATEDIFF(minute, '2024-01-01 10:00:59'::TIMESTAMP_NTZ, '2024-01-01 10:01:00'::TIMESTAMP_NTZ)", 1],
    ["DATEDIFF(minute, '2024-01-02 09:00:00'::TIMESTAMP_NTZ, '2024-01-01 09:00:00'::TIMESTAMP_NTZ)", -1440],
    ["DATEDIFF(day, '2024-02-28 23:00:00'::TIMESTAMP_NTZ, '2024-03-01 01:00:00'::TIMESTAMP_NTZ)", 2],
    ["DATEDIFF(day, '2023-02-28'::DATE, '2023-03-01'::DATE)", 1],
    ["DATEDIFF(hour, NULL, '2024-01-01'::TIMESTAMP_NTZ)", null],
    ["TIMESTAMPDIFF(month, '2024-01-31'::DATE, '2024-03-01'::DATE)", 2],
    // sql/marts/fct_appointments.sql: a late cancellation is under 24 hours before the start.
    ["COALESCE(DATEDIFF(minute, '2024-01-01 10:00'::TIMESTAMP_NTZ, '2024-01-02 09:59'::TIMESTAMP_NTZ) < 24 * 60, FALSE)", true],
    ['COALESCE(DATEDIFF(minute, NULL::TIMESTAMP_NTZ, \'2024-01-02 09:59\'::TIMESTAMP_NTZ) < 24 * 60, FALSE)', false],
  ])('%s = %p', async (...c) => expectValue(c));

  test('DATE_TRUNC(month, ...) of a NULL date is NULL', async () => {
    expect(await rows('SELECT DATE_TRUNC(month, NULL::DATE)')).toEqual([[null]]);
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/to_decimal (TO_NUMBER, TO_NUMERIC)
// https://docs.snowflake.com/en/sql-reference/functions/try_to_decimal (TRY_TO_NUMBER, TRY_TO_NUMERIC)
// https://docs.snowflake.com/en/sql-reference/functions/to_double, .../try_to_double
// A value that does not fit NUMBER(p, s) or is not a number is an error, NULL for the TRY_ forms.
describe('number parsing: TRY_TO_NUMBER(TRIM(x), p, s) as staging writes it', () => {
  test.each<Case>([
    ["TRY_TO_NUMBER('12.50', 12, 2)", 12.5],
    ["TRY_TO_NUMBER('-3.25', 8, 2)", -3.25],
    ["TRY_TO_NUMBER(TRIM(' 42 '), 9, 0)", 42],
    ["TRY_TO_NUMBER('12.345', 12, 2)", 12.35],
    ["TRY_TO_NUMBER('1234567890', 9, 0)", null], // ten digits do not fit NUMBER(9, 0)
    ["TRY_TO_NUMBER('9999999999.99', 12, 2)", 9999999999.99],
    ["TRY_TO_NUMBER('99999999999.99', 12, 2)", null],
    ["TRY_TO_NUMBER('', 9, 0)", null],
    ['TRY_TO_NUMBER(NULL, 9, 0)', null],
    ["TRY_TO_NUMBER('1,000', 9, 0)", null],
    ["TRY_TO_NUMBER('$5', 9, 0)", null],
    ["TO_NUMERIC('7.6')", 8],
    ["TRY_TO_NUMERIC('x')", null],
    ["TO_DOUBLE('1.5e3')", 1500],
    ["TO_DOUBLE('-0.25')", -0.25],
    ["TRY_TO_DOUBLE('abc')", null],
    ['TRY_TO_DOUBLE(NULL)', null],
  ])('%s = %p', async (...c) => expectValue(c));

  test.each(BAD_AMOUNTS.map((bad) => [bad]))("TRY_TO_NUMBER('%s', 12, 2) is NULL (a malformed amount the seed writes)", async (bad) => {
    expect(await rows(`SELECT TRY_TO_NUMBER('${bad}', 12, 2)`)).toEqual([[null]]);
  });

  test('TRY_TO_NUMBER(x, p, s) is a NUMBER(p, s)', async () => {
    const result = await run("SELECT TRY_TO_NUMBER('1', 9, 0) a, TRY_TO_NUMBER('1', 12, 2) b, TRY_TO_NUMBER('1', 8, 2) c");
    expect(result.columns.map((c) => [c.type, c.precision, c.scale])).toEqual([
      ['FIXED', 9, 0],
      ['FIXED', 12, 2],
      ['FIXED', 8, 2],
    ]);
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/to_boolean, .../try_to_boolean
// 'true' 't' 'yes' 'y' 'on' '1' are TRUE, 'false' 'f' 'no' 'n' 'off' '0' FALSE, any case.
describe('TRY_TO_BOOLEAN', () => {
  test.each<Case>([
    ["TRY_TO_BOOLEAN('TRUE')", true],
    ["TRY_TO_BOOLEAN('Yes')", true],
    ["TRY_TO_BOOLEAN('t')", true],
    ["TRY_TO_BOOLEAN('1')", true],
    ["TRY_TO_BOOLEAN('OFF')", false],
    ["TRY_TO_BOOLEAN('F')", false],
    ["TRY_TO_BOOLEAN('0')", false],
    ["TRY_TO_BOOLEAN('2')", null],
    ["TRY_TO_BOOLEAN('maybe')", null],
    ["TRY_TO_BOOLEAN('')", null],
    ['TRY_TO_BOOLEAN(NULL)', null],
  ])('%s = %p', async (...c) => expectValue(c));
});

// https://docs.snowflake.com/en/sql-reference/functions/round (HALF_AWAY_FROM_ZERO by default)
// https://docs.snowflake.com/en/sql-reference/functions/ceil, .../floor (optional scale, may be negative)
// https://docs.snowflake.com/en/sql-reference/functions/trunc, .../mod, .../sign, .../abs
describe('rounding and number functions', () => {
  test.each<Case>([
    ['ROUND(2.5)', 3],
    ['ROUND(-2.5)', -3],
    ['ROUND(135.135, 1)', 135.1],
    ['ROUND(-975.975, 2)', -975.98],
    ['ROUND(-975.975, -1)', -980],
    ['ROUND(NULL)', null],
    ['ROUND(2 / 3, 4)', 0.6667], // sql/marts: ROUND(a / NULLIF(b, 0), 4)
    ['ROUND(5 / NULLIF(0, 0), 4)', null],
    ['CEIL(135.135)', 136],
    ['CEIL(-975.975)', -975],
    ['FLOOR(-975.975)', -976],
    ['CEIL(135.135, 1)', 135.2],
    ['FLOOR(135.135, 1)', 135.1],
    ['CEIL(-975.975, 2)', -975.97],
    ['FLOOR(-975.975, 2)', -975.98],
    ['CEIL(-975.975, -1)', -970],
    ['FLOOR(-975.975, -1)', -980],
    ['CEIL(0.29, 2)', 0.29],
    ['FLOOR(CAST(0.29 AS FLOAT), 2)', 0.29],
    ['CEIL(NULL, 1)', null],
    ['CEILING(1.1)', 2],
    ['TRUNCATE(1.29, 1)', 1.2],
    ['TRUNC(-1.29, 1)', -1.2],
    ['TRUNC(1234.5, -2)', 1200],
    ['MOD(7, 3)', 1],
    ['MOD(-7, 3)', -1],
    ['SIGN(-3)', -1],
    ['SIGN(0)', 0],
    ['ABS(-2.5)', 2.5],
  ])('%s = %p', async (...c) => expectValue(c));

  test('CEIL / FLOOR with a scale keep a NUMBER a NUMBER', async () => {
    const result = await run('SELECT CEIL(1.234, 2) AS c, FLOOR(1.239, 2) AS f');
    expect(result.rows).toEqual([[1.24, 1.23]]);
    expect(result.columns.map((c) => c.type)).toEqual(['FIXED', 'FIXED']);
  });

  test('CEIL with a scale that is not a literal is rejected', async () => {
    await expect(run('SELECT CEIL(1.2, x) FROM (SELECT 1 AS x)')).rejects.toBeInstanceOf(UnsupportedSqlError);
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/sqrt, .../cbrt, .../pow, .../exp, .../ln, .../log,
// .../pi, .../degrees, .../radians, .../sin ... .../atan2 (ATAN2(y, x)), .../factorial
describe('math functions', () => {
  test.each<Case>([
    ['SQRT(16)', 4],
    ['CBRT(27)', 3.0000000000000004],
    ['POWER(2, 10)', 1024],
    ['POW(2, 3)', 8],
    ['EXP(0)', 1],
    ['LN(1)', 0],
    ['LOG(10, 100)', 2], // LOG(base, x)
    ['LOG(2, 8)', 3],
    ['PI()', Math.PI],
    ['DEGREES(PI())', 180],
    ['RADIANS(180)', Math.PI],
    ['SIN(0)', 0],
    ['COS(0)', 1],
    ['TAN(0)', 0],
    ['ASIN(1)', Math.PI / 2],
    ['ACOS(1)', 0],
    ['ATAN(1)', Math.PI / 4],
    ['ATAN2(1, 0)', Math.PI / 2], // ATAN2(y, x)
    ['FACTORIAL(5)', 120],
    ['SQRT(NULL)', null],
  ])('%s = %p', async (...c) => expectValue(c));
});

// https://docs.snowflake.com/en/sql-reference/functions/lag, .../lead
//   LAG / LEAD (expr [, offset [, default]]): offset 1 and default NULL unless given; per partition.
// https://docs.snowflake.com/en/sql-reference/functions/rank, .../dense_rank, .../row_number,
// .../percent_rank, .../cume_dist, .../ntile, .../first_value, .../last_value, .../nth_value
describe('window functions', () => {
  beforeAll(async () => {
    await run(`CREATE OR REPLACE TABLE monthly (location_id STRING, month_start DATE, net_revenue NUMBER(12,2));
      INSERT INTO monthly VALUES
        ('A', '2024-01-01', 100), ('A', '2024-02-01', 300), ('A', '2024-03-01', 200),
        ('B', '2024-01-01', 300), ('B', '2024-02-01', NULL),
        ('C', '2024-01-01', 300), ('C', '2024-02-01', 150)`);
  });

  test('LAG / LEAD with the default offset and default, an offset of 2, and a default value', async () => {
    expect(
      await rows(`SELECT location_id, month_start,
          LAG(net_revenue) OVER (PARTITION BY location_id ORDER BY month_start),
          LEAD(net_revenue) OVER (PARTITION BY location_id ORDER BY month_start),
          LAG(net_revenue, 2) OVER (PARTITION BY location_id ORDER BY month_start),
          LAG(net_revenue, 1, 0) OVER (PARTITION BY location_id ORDER BY month_start),
          LEAD(net_revenue, 1, -1) OVER (PARTITION BY location_id ORDER BY month_start)
        FROM monthly ORDER BY location_id, month_start`),
    ).toEqual([
      ['A', '2024-01-01', null, 300, null, 0, 300],
      ['A', '2024-02-01', 100, 200, null, 100, 200],
      ['A', '2024-03-01', 300, null, 100, 300, -1],
      ['B', '2024-01-01', null, null, null, 0, null], // the next row exists; its value is NULL
      ['B', '2024-02-01', 300, null, null, 300, -1],
      ['C', '2024-01-01', null, 150, null, 0, 150],
      ['C', '2024-02-01', 300, null, null, 300, -1],
    ]);
  });

  test('RANK leaves gaps after ties, DENSE_RANK does not, ROW_NUMBER never ties; DESC puts NULL first', async () => {
    expect(
      await rows(`SELECT location_id,
          RANK() OVER (PARTITION BY month_start ORDER BY net_revenue DESC),
          DENSE_RANK() OVER (PARTITION BY month_start ORDER BY net_revenue DESC),
          ROW_NUMBER() OVER (PARTITION BY month_start ORDER BY net_revenue DESC, location_id)
        FROM monthly WHERE month_start <= '2024-02-01' ORDER BY month_start, location_id`),
    ).toEqual([
      ['A', 3, 2, 3], // January: B and C tie at 300 above A's 100
      ['B', 1, 1, 1],
      ['C', 1, 1, 2],
      ['A', 2, 2, 2], // February: B's NULL sorts first under DESC
      ['B', 1, 1, 1],
      ['C', 3, 3, 3],
    ]);
  });

  test('PERCENT_RANK, CUME_DIST and NTILE', async () => {
    expect(
      await rows(`SELECT v, PERCENT_RANK() OVER (ORDER BY v), CUME_DIST() OVER (ORDER BY v), NTILE(2) OVER (ORDER BY v, id)
        FROM (VALUES (1, 10), (2, 20), (3, 20), (4, 40), (5, 50)) AS t(id, v) ORDER BY id`),
    ).toEqual([
      [10, 0, 0.2, 1],
      [20, 0.25, 0.6, 1],
      [20, 0.25, 0.6, 1],
      [40, 0.75, 0.8, 2],
      [50, 1, 1, 2],
    ]);
  });

  test('FIRST_VALUE, and LAST_VALUE / NTH_VALUE over an explicit whole-partition frame', async () => {
    expect(
      await rows(`SELECT month_start, FIRST_VALUE(net_revenue) OVER (PARTITION BY location_id ORDER BY month_start),
          LAST_VALUE(net_revenue) OVER (PARTITION BY location_id ORDER BY month_start ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
          NTH_VALUE(net_revenue, 2) OVER (PARTITION BY location_id ORDER BY month_start ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
        FROM monthly WHERE location_id = 'A' ORDER BY month_start`),
    ).toEqual([
      ['2024-01-01', 100, 200, 300],
      ['2024-02-01', 100, 200, 300],
      ['2024-03-01', 100, 200, 300],
    ]);
  });

  // Snowflake's example: LAST_VALUE(column2) OVER (PARTITION BY column1 ORDER BY column2) is the
  // partition's last value on every row (its default frame is the whole partition, where DuckDB's
  // stops at the current row); NTH_VALUE likewise, IGNORE NULLS kept.
  test('LAST_VALUE / NTH_VALUE with ORDER BY and no frame cover the whole partition', async () => {
    expect(
      await rows(`SELECT column2, LAST_VALUE(column2) OVER (PARTITION BY column1 ORDER BY column2), NTH_VALUE(column3, 2) IGNORE NULLS OVER (PARTITION BY column1 ORDER BY column2)
        FROM VALUES (1, 10, NULL), (1, 11, 'a'), (1, 12, 'b'), (2, 20, 'c'), (2, 21, 'd') ORDER BY column2`),
    ).toEqual([
      [10, 12, 'b'],
      [11, 12, 'b'],
      [12, 12, 'b'],
      [20, 21, 'd'],
      [21, 21, 'd'],
    ]);
  });

  // sql/marts/ddl/v_days_in_ar.sql and kpi_location_daily.sql: trailing and running window sums.
  test('SUM / COUNT over ROWS BETWEEN n PRECEDING AND CURRENT ROW, and a running total', async () => {
    expect(
      await rows(`SELECT month_start,
          SUM(net_revenue) OVER (PARTITION BY location_id ORDER BY month_start ROWS BETWEEN 1 PRECEDING AND CURRENT ROW),
          COUNT(*) OVER (PARTITION BY location_id ORDER BY month_start ROWS BETWEEN 1 PRECEDING AND CURRENT ROW),
          SUM(net_revenue) OVER (PARTITION BY location_id ORDER BY month_start ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        FROM monthly WHERE location_id = 'A' ORDER BY month_start`),
    ).toEqual([
      ['2024-01-01', 100, 1, 100],
      ['2024-02-01', 400, 2, 400],
      ['2024-03-01', 500, 2, 600],
    ]);
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/trim, .../ltrim, .../rtrim
//   Default characters: ' ' only (tabs and newlines stay); NULL if either argument is NULL.
describe('TRIM, LTRIM, RTRIM', () => {
  test.each<Case>([
    ["TRIM('  a b  ')", 'a b'],
    ["TRIM('')", ''],
    ["TRIM(CHR(9) || 'a' || CHR(10))", '\ta\n'],
    ["TRIM('*-*ABC-*-', '*-')", 'ABC'],
    ["TRIM('xxaxx', 'x')", 'a'],
    ["TRIM(' $12.50. ', ' $.')", '12.50'],
    ['TRIM(NULL)', null],
    ["TRIM('a', NULL)", null],
    ["LTRIM('  a  ')", 'a  '],
    ["RTRIM('  a  ')", '  a'],
    ["LTRIM('0042', '0')", '42'],
    ["RTRIM('1.500', '0')", '1.5'],
    // The staging blank check: NULLIF(TRIM(x), '') IS NULL for NULL, '' and blanks alike.
    ["NULLIF(TRIM('   '), '')", null],
    ["NULLIF(TRIM(' A-1 '), '')", 'A-1'],
  ])('%s = %p', async (...c) => expectValue(c));
});

// https://docs.snowflake.com/en/sql-reference/functions/lower, .../upper, .../length, .../substr,
// .../lpad, .../rpad, .../reverse, .../ascii, .../chr, .../contains, .../position, .../endswith,
// .../translate, .../repeat, .../split, .../sha1, .../uuid_string
describe('string functions', () => {
  test.each<Case>([
    ["LOWER('Comprehensive_EXAM')", 'comprehensive_exam'],
    ["LOWER('ÀÉÎ')", 'àéî'],
    ['LOWER(NULL)', null],
    ["UPPER('acme')", 'ACME'],
    ["LENGTH('abc')", 3],
    ["LENGTH('')", 0],
    ["LENGTH('é😀')", 2],
    ['LENGTH(NULL)', null],
    ["SUBSTR('abcdef', 2, 3)", 'bcd'],
    ["SUBSTR('abcdef', -2)", 'ef'],
    ["SUBSTRING('abcdef', -3, 2)", 'de'],
    ["SUBSTR('abc', 5)", ''],
    ["LPAD('7', 3, '0')", '007'],
    ["LPAD('abcd', 2, '0')", 'ab'],
    ["RPAD('ab', 4, '-')", 'ab--'],
    ["REVERSE('abc')", 'cba'],
    ["ASCII('A')", 65],
    ['CHR(65)', 'A'],
    ["CONTAINS('abc', 'b')", true],
    ["CONTAINS('abc', 'B')", false],
    ["POSITION('b', 'abcb')", 2],
    ["POSITION('b' IN 'abcb')", 2],
    ["POSITION('z', 'abc')", 0],
    ["ENDSWITH('abc', 'bc')", true],
    ["TRANSLATE('abc', 'ab', 'xy')", 'xyc'],
    ["REPEAT('ab', 3)", 'ababab'],
    ["SPLIT('a,b,,c', ',')", '["a","b","","c"]'],
    ["SHA1('abc')", 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['LENGTH(UUID_STRING())', 36],
  ])('%s = %p', async (...c) => expectValue(c));
});

// https://docs.snowflake.com/en/sql-reference/functions/regexp_replace, .../regexp_like, .../regexp_substr
//   REGEXP_SUBSTR returns NULL when nothing matches; '\\1' in a replacement is group 1.
describe('regular expressions as the platform audit views use them', () => {
  // The shape of model/names.ts tenantNamePatterns: '^<PREFIX>_(.+)_(ADMIN|ANALYST)$'.
  const role = "'^DEV_(.+)_(ADMIN|ANALYST)$'";
  test.each<Case>([
    [`REGEXP_LIKE('DEV_ACME_ADMIN', ${role})`, true],
    [`REGEXP_LIKE('DEV_PLATFORM', ${role})`, false],
    [`REGEXP_LIKE(NULL, ${role})`, null],
    [`LOWER(REGEXP_REPLACE('DEV_ACME_EYE_ADMIN', ${role}, '\\\\1'))`, 'acme_eye'],
    [`NULLIF(IFF(REGEXP_LIKE('DEV_PLATFORM_ADMIN', ${role}), LOWER(REGEXP_REPLACE('DEV_PLATFORM_ADMIN', ${role}, '\\\\1')), NULL), 'platform')`, null],
    ["REGEXP_REPLACE(NULL, 'a', 'b')", null],
    ["REGEXP_SUBSTR('abc123def456', '[0-9]+')", '123'],
    ["REGEXP_SUBSTR('abc', '[0-9]+')", null],
    ["REGEXP_SUBSTR(NULL, '[0-9]+')", null],
  ])('%s = %p', async (...c) => expectValue(c));
});

// https://docs.snowflake.com/en/sql-reference/functions/nullif, .../coalesce, .../min, .../max, .../avg
// https://docs.snowflake.com/en/sql-reference/operators-query (EXCEPT / MINUS remove duplicates)
// https://docs.snowflake.com/en/sql-reference/functions/in
describe('NULL handling', () => {
  test.each<Case>([
    ["NULLIF('', '')", null],
    ["NULLIF('a', '')", 'a'],
    ["NULLIF(NULL, '')", null],
    ['NULLIF(1, NULL)', 1],
    ['COALESCE(NULL, NULL, 3)', 3],
    ['COALESCE(NULL, FALSE)', false],
    ["NULL IN ('a', 'b')", null],
    ["'a' IN ('a', NULL)", true],
    ["'c' NOT IN ('a', NULL)", null],
    ["'c' NOT IN ('cancelled', 'rescheduled')", true],
  ])('%s = %p', async (...c) => expectValue(c));

  test('MIN, MAX and AVG skip NULLs; over no rows they are NULL, COUNT(*) is 0', async () => {
    expect(await rows("SELECT MIN(v), MAX(v), MIN(s), MAX(s), AVG(v), COUNT(v), COUNT(*) FROM (VALUES (3, 'b'), (NULL, NULL), (1, 'a')) AS t(v, s)")).toEqual([[1, 3, 'a', 'b', 2, 2, 3]]);
    expect(await rows('SELECT MIN(v), MAX(v), AVG(v), COUNT(*) FROM (SELECT 1 AS v) WHERE v > 1')).toEqual([[null, null, null, 0]]);
  });

  // The marts find changed rows with SELECT ... EXCEPT SELECT ... FROM the fact table.
  test('EXCEPT treats NULLs as equal and removes duplicates', async () => {
    expect(await rows("SELECT * FROM (SELECT 1 AS a, NULL AS b UNION ALL SELECT 2, 'x' UNION ALL SELECT 2, 'x') EXCEPT SELECT 1, NULL")).toEqual([[2, 'x']]);
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/avg, .../mode, .../stddev ... .../var_pop,
// .../corr, .../covar_samp, .../covar_pop, .../regr_slope, .../regr_intercept, .../regr_r2,
// .../any_value, .../approx_percentile
describe('aggregates', () => {
  test('AVG, MODE, STDDEV / VARIANCE (sample and population), ANY_VALUE', async () => {
    const [[avg, mode, stddev, stddevSamp, stddevPop, variance, varSamp, varPop, any]] = await rows(
      'SELECT AVG(v), MODE(v), STDDEV(v), STDDEV_SAMP(v), STDDEV_POP(v), VARIANCE(v), VAR_SAMP(v), VAR_POP(v), ANY_VALUE(k) FROM (VALUES (1, 2), (1, 4), (1, 4), (1, 6), (1, NULL)) AS t(k, v)',
    );
    expect([avg, mode, any]).toEqual([4, 4, 1]);
    expect(stddev).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(stddevSamp).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(stddevPop).toBeCloseTo(Math.SQRT2, 12);
    expect(variance).toBeCloseTo(8 / 3, 12);
    expect(varSamp).toBeCloseTo(8 / 3, 12);
    expect(varPop).toBeCloseTo(2, 12);
  });

  test('CORR, COVAR_SAMP / COVAR_POP, REGR_SLOPE / REGR_INTERCEPT / REGR_R2 (dependent first), APPROX_PERCENTILE', async () => {
    const [result] = await rows('SELECT CORR(y, x), COVAR_SAMP(y, x), COVAR_POP(y, x), REGR_SLOPE(y, x), REGR_INTERCEPT(y, x), REGR_R2(y, x), APPROX_PERCENTILE(x, 0.5) FROM (VALUES (1, 5), (2, 7), (3, 9)) AS t(x, y)');
    [1, 2, 4 / 3, 2, 3, 1, 2].forEach((expected, i) => expect(result[i]).toBeCloseTo(expected, 12));
  });
});

// https://docs.snowflake.com/en/sql-reference/functions/to_json (key order is not specified),
// .../try_parse_json, .../to_variant
describe('semi-structured values in quarantine records and query tags', () => {
  test('TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(...)) keeps every key, NULLs as null', async () => {
    const [[json]] = await rows("SELECT TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL('appointment_id', 'A-1', 'notes', NULL, 'quantity', 2))");
    expect(JSON.parse(json as string)).toEqual({ appointment_id: 'A-1', notes: null, quantity: 2 });
  });

  test.each<Case>([
    ['TO_JSON(NULL)', null],
    ["TO_JSON(PARSE_JSON('null'))", 'null'],
    ["TO_JSON(PARSE_JSON('{\"pi\": 3.14}'))", '{"pi":3.14}'],
    ["TO_JSON(PARSE_JSON('[1, \"a\", null]'))", '[1,"a",null]'],
    ['TO_VARIANT(1)', '1'],
    ["TO_VARIANT('x')", '"x"'],
    ["TRY_PARSE_JSON('{\"component\": \"staging\"}'):component::VARCHAR", 'staging'],
    ["TRY_PARSE_JSON('not json'):component::VARCHAR", null],
    ["TRY_PARSE_JSON('{\"other\": 1}'):component::VARCHAR", null],
    ['TRY_PARSE_JSON(NULL)', null],
  ])('%s = %p', async (...c) => expectValue(c));
});

// https://docs.snowflake.com/en/sql-reference/functions/getdate (alias for CURRENT_TIMESTAMP)
// https://docs.snowflake.com/en/sql-reference/functions/localtimestamp (ANSI alias for CURRENT_TIMESTAMP,
// returns TIMESTAMP_LTZ), https://docs.snowflake.com/en/sql-reference/functions/systimestamp
describe('current time', () => {
  test('GETDATE() and LOCALTIMESTAMP are CURRENT_TIMESTAMP(), with its type; SYSTIMESTAMP() is set', async () => {
    const result = await run('SELECT GETDATE() = CURRENT_TIMESTAMP() AS g, LOCALTIMESTAMP() = CURRENT_TIMESTAMP() AS l, SYSTIMESTAMP() IS NOT NULL AS s, CURRENT_TIMESTAMP() AS c, GETDATE() AS gd, LOCALTIMESTAMP AS lt');
    expect(result.rows[0].slice(0, 3)).toEqual([true, true, true]);
    const [current, getdate, local] = result.columns.slice(3).map((c) => c.type);
    expect([getdate, local]).toEqual([current, current]);
  });
});
