/**
 * DuckDB macros the translated SQL calls. Most exist because a Snowflake function's result
 * type depends on its argument's type (DATEADD of a DATE is a DATE, of a TIMESTAMP a TIMESTAMP).
 * The engine creates them in the `main` schema of every database it opens.
 *
 * Typed overloads only pick a body through `sf_temporal`'s lambda: DuckDB learns a macro
 * argument's type by binding the argument on its own, and an aggregate (`MIN(d)`), a window
 * function, a select-list alias or a bind value does not bind on its own, so its type is unknown,
 * every typed overload matches and the call fails ("multiple overloads that match"). A lambda parameter is
 * always bound with its type, and `cast_to_type` only reads its second argument's type (that
 * argument is never evaluated), so the lambda costs nothing at run time.
 */
export const SUPPORT_MACROS: readonly string[] = [
  // Snowflake raises on division by zero; DuckDB would return NULL.
  `CREATE OR REPLACE MACRO sf_div(a, b) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE a / b END`,
  // The type Snowflake gives a date/time argument: its own, a TIMESTAMP_NTZ for text. Only
  // called through sf_temporal (see above).
  `CREATE OR REPLACE MACRO sf_temporal_type
     (d DATE) AS d,
     (d TIMESTAMP) AS d,
     (d TIMESTAMPTZ) AS d,
     (d VARCHAR) AS CAST(d AS TIMESTAMP)`,
  `CREATE OR REPLACE MACRO sf_temporal(d) AS cast_to_type(d, list_transform([d], lambda x: sf_temporal_type(x))[1])`,
  // DuckDB's DATE + INTERVAL and date_trunc of a DATE are TIMESTAMPs; Snowflake keeps the input's type.
  `CREATE OR REPLACE MACRO sf_dateadd(d, i) AS cast_to_type(sf_temporal(d) + i, sf_temporal(d))`,
  `CREATE OR REPLACE MACRO sf_date_trunc(p, d) AS cast_to_type(date_trunc(p, sf_temporal(d)), sf_temporal(d))`,
  // A TIMESTAMPTZ becomes its UTC wall-clock time: the session time zone is UTC, so parts and
  // boundaries are the same.
  `CREATE OR REPLACE MACRO sf_timestamp(d) AS CAST(d AS TIMESTAMP)`,
  // STRTOK(s, d, n): every character of d is a delimiter and empty tokens are skipped, so map
  // each delimiter to the first one, split there and drop the empty parts. An empty d leaves s
  // one token; an out-of-range n is NULL, never a token counted from the end.
  // (Cast: DuckDB leaves the result untyped when an argument is a NULL literal.)
  `CREATE OR REPLACE MACRO sf_strtok(s, d, n) AS CAST(CASE WHEN n >= 1 THEN list_filter(
     CASE WHEN d = '' THEN [s] ELSE string_split(translate(s, d, repeat(left(d, 1), length(d))), left(d, 1)) END,
     lambda t: t <> '')[CAST(n AS BIGINT)] END AS VARCHAR)`,
  // VARIANT equality as Snowflake compares values: numbers by value (1 = 1.0, exactly for
  // integers), anything else by its JSON text (the string '1' is not the number 1).
  `CREATE OR REPLACE MACRO sf_variant_equal(a, b) AS CASE
     WHEN json_type(a) IN ('BIGINT', 'UBIGINT') AND json_type(b) IN ('BIGINT', 'UBIGINT') THEN CAST(a AS HUGEINT) = CAST(b AS HUGEINT)
     WHEN json_type(a) IN ('BIGINT', 'UBIGINT', 'DOUBLE') AND json_type(b) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CAST(a AS DOUBLE) = CAST(b AS DOUBLE)
     ELSE CAST(a AS VARCHAR) = CAST(b AS VARCHAR) END`,
  // ARRAY_CONTAINS(v, arr). A local ARRAY is JSON, whose null elements are JSON nulls (it has no
  // SQL NULL elements), so a SQL NULL v is found nowhere: NULL, as Snowflake answers then.
  `CREATE OR REPLACE MACRO sf_array_contains(v, arr) AS CASE
     WHEN arr IS NULL THEN NULL
     WHEN json_type(arr) <> 'ARRAY' THEN error('ARRAY_CONTAINS: the second argument is not an ARRAY: ' || CAST(arr AS VARCHAR))
     WHEN v IS NULL THEN NULL
     ELSE list_contains(list_transform(CAST(json_extract(arr, '$[*]') AS JSON[]), lambda e: sf_variant_equal(e, to_json(v))), true) END`,
  // Snowflake's TO_BOOLEAN accepts on/off and n/y, which DuckDB's cast does not. typeof picks the
  // branch (it is a constant), as typed overloads would without failing on MIN(x).
  ...(['sf_to_boolean', 'sf_try_to_boolean'] as const).map(
    (name) => `CREATE OR REPLACE MACRO ${name}(x) AS CASE
       WHEN x IS NULL THEN NULL
       WHEN typeof(x) IN ('VARCHAR', 'JSON') THEN CASE
         WHEN lower(trim(CAST(x AS VARCHAR))) IN ('true', 't', 'yes', 'y', 'on', '1') THEN true
         WHEN lower(trim(CAST(x AS VARCHAR))) IN ('false', 'f', 'no', 'n', 'off', '0') THEN false
         ELSE ${name === 'sf_to_boolean' ? `error('Boolean value ''' || CAST(x AS VARCHAR) || ''' is not recognized')` : 'NULL'} END
       WHEN typeof(x) = 'BOOLEAN' THEN CAST(x AS BOOLEAN)
       ELSE CAST(x AS DOUBLE) <> 0 END`,
  ),
];
