/**
 * DuckDB macros the translated SQL calls. Most exist because a Snowflake function's result
 * type depends on its argument's type (DATEADD of a DATE is a DATE, of a TIMESTAMP a TIMESTAMP). Typed macro
 * overloads let DuckDB pick per type at bind time, which the translator cannot know.
 * The engine creates them in the `main` schema of every database it opens.
 */
export const SUPPORT_MACROS: readonly string[] = [
  // Snowflake raises on division by zero; DuckDB would return NULL.
  `CREATE OR REPLACE MACRO sf_div(a, b) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE a / b END`,
  `CREATE OR REPLACE MACRO sf_dateadd
     (d DATE, i INTERVAL) AS CAST(d + i AS DATE),
     (d TIMESTAMP, i INTERVAL) AS d + i,
     (d TIMESTAMPTZ, i INTERVAL) AS d + i,
     (d VARCHAR, i INTERVAL) AS CAST(d AS TIMESTAMP) + i`,
  `CREATE OR REPLACE MACRO sf_date_trunc
     (p, d DATE) AS CAST(date_trunc(p, d) AS DATE),
     (p, d TIMESTAMP) AS date_trunc(p, d),
     (p, d TIMESTAMPTZ) AS date_trunc(p, d),
     (p, d VARCHAR) AS date_trunc(p, CAST(d AS TIMESTAMP))`,
  `CREATE OR REPLACE MACRO sf_timestamp
     (d DATE) AS CAST(d AS TIMESTAMP),
     (d TIMESTAMP) AS d,
     (d TIMESTAMPTZ) AS d,
     (d VARCHAR) AS CAST(d AS TIMESTAMP)`,
  // Snowflake's TO_BOOLEAN accepts on/off and n/y, which DuckDB's cast does not.
  ...(['sf_to_boolean', 'sf_try_to_boolean'] as const).map(
    (name) => `CREATE OR REPLACE MACRO ${name}
     (x VARCHAR) AS CASE
       WHEN x IS NULL THEN NULL
       WHEN lower(trim(x)) IN ('true', 't', 'yes', 'y', 'on', '1') THEN true
       WHEN lower(trim(x)) IN ('false', 'f', 'no', 'n', 'off', '0') THEN false
       ELSE ${name === 'sf_to_boolean' ? `error('Boolean value ''' || x || ''' is not recognized')` : 'NULL'} END,
     (x BOOLEAN) AS x,
     (x DOUBLE) AS x <> 0`,
  ),
];
