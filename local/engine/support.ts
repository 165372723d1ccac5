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
import { isNumberTypeSql } from './types';
import { QUERY_ID_VARIABLE } from './cortex-meter';

export const SUPPORT_MACROS: readonly string[] = [
  // Snowflake's quotient of two fixed-point numbers is a NUMBER with the numerator's scale s plus
  // 6, at most 12 unless s is larger (0 -> 6, 2 -> 8, 8 -> 12, 18 -> 18), rounded; a FLOAT on
  // either side makes it a FLOAT. sf_quotient_type(a, b) is an expression of that type, which
  // DuckDB's own decimal typing gives that scale (round(x, 12) keeps min(scale, 12), a sum keeps
  // the larger scale); cast_to_type reads its type and never evaluates it. DuckDB divides in
  // double precision and the quotient is cast to it. AVG (a sum over a count) follows the rule.
  `CREATE OR REPLACE MACRO sf_quotient_type(a, b) AS
     (round(coalesce(a, 0) * 1.000000, 12) + coalesce(a, 0) * 0 + round(coalesce(b * 0, 0), 0)) * CAST(1 AS DECIMAL(38,0))`,
  `CREATE OR REPLACE MACRO sf_quotient(a, b) AS cast_to_type(a / b, sf_quotient_type(a, b))`,
  // Snowflake raises on division by zero; DuckDB would return NULL.
  `CREATE OR REPLACE MACRO sf_div(a, b) AS CASE WHEN b = 0 THEN error('Division by zero') ELSE sf_quotient(a, b) END`,
  // A value as VARCHAR: a VARIANT string is its text without JSON quotes (PARSE_JSON('"a"')::STRING
  // is a), a JSON null is NULL, other VARIANTs are their JSON text; typeof picks the branch.
  `CREATE OR REPLACE MACRO sf_text(x) AS CASE WHEN typeof(x) = 'JSON' THEN json_extract_string(CAST(x AS JSON), '$') ELSE CAST(x AS VARCHAR) END`,
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
  // The tokens of STRTOK and STRTOK_TO_ARRAY: every character of d is a delimiter and empty
  // tokens are skipped, so map each delimiter to the first one, split there and drop the empty
  // parts. An empty d leaves s one token.
  `CREATE OR REPLACE MACRO sf_tokens(s, d) AS list_filter(
     CASE WHEN d = '' THEN [s] ELSE string_split(translate(s, d, repeat(left(d, 1), length(d))), left(d, 1)) END, lambda t: t <> '')`,
  // STRTOK(s, d, n): an out-of-range n is NULL, never a token counted from the end.
  // (Cast: DuckDB leaves the result untyped when an argument is a NULL literal.)
  `CREATE OR REPLACE MACRO sf_strtok(s, d, n) AS CAST(CASE WHEN n >= 1 THEN sf_tokens(s, d)[CAST(n AS BIGINT)] END AS VARCHAR)`,
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
  // ADD_MONTHS(d, n): DATEADD(month) clamps to the last day of a shorter month; a d that is the
  // last day of its month also lands on the last day of the result's month (Feb 29 + 1 = Mar 31):
  // the days to it are added after the months. t is d as a TIMESTAMP.
  `CREATE OR REPLACE MACRO sf_add_months_days(t, months) AS CASE
     WHEN CAST(t AS DATE) = last_day(t) THEN date_diff('day', CAST(t + months AS DATE), last_day(t + months)) ELSE 0 END`,
  `CREATE OR REPLACE MACRO sf_add_months(d, n) AS sf_dateadd(d, to_months(n) + to_days(sf_add_months_days(sf_timestamp(d), to_months(n))))`,
  // MONTHS_BETWEEN(a, b) of two TIMESTAMPs: whole months from the year and month parts; the same
  // day of the month, or the last day of both months, adds no fraction; otherwise the day and time
  // difference (us microseconds) over a 31-day month (2678400 s), rounded half away from zero to
  // Snowflake's 6 digits in integers, so no binary fraction rounds the wrong way.
  `CREATE OR REPLACE MACRO sf_day_us(t) AS date_diff('microsecond', date_trunc('day', t), t)`,
  `CREATE OR REPLACE MACRO sf_months_fraction(us) AS sign(us) * ((abs(us) * 2 + 2678400) // 5356800)`,
  // (date_part binds much faster than year(), month() and day().)
  `CREATE OR REPLACE MACRO sf_months_between(a, b) AS CAST(CAST(
     ((date_part('year', a) - date_part('year', b)) * 12 + date_part('month', a) - date_part('month', b)) * 1000000 + CASE
       WHEN date_part('day', a) = date_part('day', b) OR (CAST(a AS DATE) = last_day(a) AND CAST(b AS DATE) = last_day(b)) THEN 0
       ELSE sf_months_fraction((date_part('day', a) - date_part('day', b)) * 86400000000 + sf_day_us(a) - sf_day_us(b)) END
     AS DECIMAL(38,0)) * CAST(0.000001 AS DECIMAL(7,6)) AS DECIMAL(38,6))`,
  // NEXT_DAY / PREVIOUS_DAY of a TIMESTAMP: a day of week is named by its first two letters (any
  // case, after leading spaces; the rest is ignored). 0 is Sunday, as dayofweek counts.
  `CREATE OR REPLACE MACRO sf_day_of_week(fn, s) AS CASE
     WHEN s IS NULL THEN NULL
     WHEN list_position(['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'], lower(left(ltrim(s), 2))) IS NULL
       THEN error(fn || ': ''' || s || ''' is not a day of the week (it must start with su, mo, tu, we, th, fr or sa)')
     ELSE list_position(['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'], lower(left(ltrim(s), 2))) - 1 END`,
  `CREATE OR REPLACE MACRO sf_next_day(t, dow) AS
     CAST(t AS DATE) + CAST((sf_day_of_week('NEXT_DAY', dow) - dayofweek(t) + 6) % 7 + 1 AS INTEGER)`,
  `CREATE OR REPLACE MACRO sf_previous_day(t, dow) AS
     CAST(t AS DATE) - CAST((dayofweek(t) - sf_day_of_week('PREVIOUS_DAY', dow) + 6) % 7 + 1 AS INTEGER)`,
  // CONVERT_TIMEZONE(source, target, ts): the target's wall clock at the instant ts is in source
  // (a macro, so the arguments stay in their written order for positional binds).
  `CREATE OR REPLACE MACRO sf_convert_timezone_ntz(source, target, ts) AS timezone(target, timezone(source, ts))`,
  // CONVERT_TIMEZONE(target, ts) is the same instant, a TIMESTAMPTZ (DuckDB keeps no offset per
  // value to show it in); timezone() still rejects an unknown target name.
  `CREATE OR REPLACE MACRO sf_convert_timezone(tz, ts) AS CASE WHEN timezone(tz, ts) IS NULL THEN NULL ELSE ts END`,
  // REGEXP_INSTR finds matches the way regexp_extract_all does. Behind a lazy prefix,
  // '(?s:(.*?))(pattern)', each whole match is the text skipped plus the match (group 2), and
  // their lengths add up to where the k-th match starts; an empty whole match is followed by a
  // step of one character. flags are RE2 inline flags ('(?i)') or ''.
  // (The lambda over a one-element list evaluates the whole matches once; a macro parameter is
  // evaluated where it is used.)
  `CREATE OR REPLACE MACRO sf_regexp_instr_at(sub, w, pos, occ, opt) AS list_transform([regexp_extract_all(sub, w)], lambda whole: CASE
     WHEN len(whole) < occ THEN 0
     ELSE pos + coalesce(list_sum(list_transform(whole[1:occ - 1], lambda x: greatest(length(x), 1))), 0)
       + length(whole[occ]) - CASE WHEN opt = 1 THEN 0 ELSE length(regexp_extract_all(sub, w, 2)[occ]) END END)[1]`,
  `CREATE OR REPLACE MACRO sf_regexp_instr(s, flags, p, pos, occ, opt) AS CASE
     WHEN s IS NULL OR p IS NULL OR pos IS NULL OR occ IS NULL OR opt IS NULL THEN NULL
     WHEN pos < 1 THEN error('Invalid value [' || pos || '] for function ''REGEXP_INSTR'', parameter 3: must be a positive integer')
     WHEN occ < 1 THEN error('Invalid value [' || occ || '] for function ''REGEXP_INSTR'', parameter 4: must be a positive integer')
     WHEN opt NOT IN (0, 1) THEN error('Invalid value [' || opt || '] for function ''REGEXP_INSTR'', parameter 5: must be 0 or 1')
     WHEN NOT regexp_matches(substring(s, CAST(pos AS BIGINT)), flags || p) THEN 0
     ELSE sf_regexp_instr_at(substring(s, CAST(pos AS BIGINT)), flags || '(?s:(.*?))(' || p || ')', CAST(pos AS BIGINT), CAST(occ AS BIGINT), opt) END`,
  // ARRAY_TO_STRING: each element as TO_VARCHAR gives it (strings unquoted, arrays and objects as
  // JSON text), a null element as ''.
  `CREATE OR REPLACE MACRO sf_array_to_string(arr, sep) AS CASE
     WHEN arr IS NULL OR sep IS NULL THEN NULL
     WHEN json_type(arr) <> 'ARRAY' THEN error('ARRAY_TO_STRING: the first argument is not an ARRAY: ' || CAST(arr AS VARCHAR))
     ELSE array_to_string(list_transform(json_extract_string(arr, '$[*]'), lambda e: coalesce(e, '')), sep) END`,
  // ARRAY_SLICE(arr, from, to): from and to count from 0, a negative one from the end, and to is
  // not included (Python's slice), so a slice past either end is []. list_slice takes 1-based
  // bounds, both included, and stops at the end of the list itself; the start of the list is
  // where a position before it stops.
  `CREATE OR REPLACE MACRO sf_slice_position(p, n) AS CASE WHEN p < 0 THEN greatest(p + n, 0) ELSE p END`,
  `CREATE OR REPLACE MACRO sf_array_slice(arr, f, t) AS CASE
     WHEN arr IS NULL OR f IS NULL OR t IS NULL THEN NULL
     WHEN json_type(arr) <> 'ARRAY' THEN error('ARRAY_SLICE: the first argument is not an ARRAY: ' || CAST(arr AS VARCHAR))
     WHEN f <> trunc(f) OR t <> trunc(t) THEN error('ARRAY_SLICE of a position with a fraction is not defined locally (Snowflake does not document it): ' || f || ', ' || t)
     ELSE to_json(list_slice(CAST(json_extract(arr, '$[*]') AS JSON[]),
       sf_slice_position(CAST(f AS BIGINT), json_array_length(arr)) + 1, sf_slice_position(CAST(t AS BIGINT), json_array_length(arr)))) END`,
  // OBJECT_KEYS: Snowflake stores an OBJECT's keys sorted, and lists them in that order.
  `CREATE OR REPLACE MACRO sf_object_keys(obj) AS CASE
     WHEN obj IS NULL THEN NULL
     WHEN json_type(obj) <> 'OBJECT' THEN error('OBJECT_KEYS: the argument is not an OBJECT: ' || CAST(obj AS VARCHAR))
     ELSE to_json(list_sort(json_keys(obj))) END`,
  // TYPEOF: a VARIANT (JSON) number is INTEGER, DECIMAL (a fraction without an exponent) or DOUBLE
  // (an exponent, or more digits than NUMBER's 38), as PARSE_JSON stores it; another value is
  // named as its cast to VARIANT would be. typeof picks the branch (a constant).
  `CREATE OR REPLACE MACRO sf_typeof(v) AS CASE
     WHEN v IS NULL THEN NULL
     WHEN typeof(v) = 'JSON' THEN CASE json_type(CAST(v AS JSON))
       WHEN 'NULL' THEN 'NULL_VALUE'
       WHEN 'BOOLEAN' THEN 'BOOLEAN'
       WHEN 'VARCHAR' THEN 'VARCHAR'
       WHEN 'ARRAY' THEN 'ARRAY'
       WHEN 'OBJECT' THEN 'OBJECT'
       ELSE CASE
         WHEN contains(lower(CAST(v AS VARCHAR)), 'e') OR length(regexp_replace(CAST(v AS VARCHAR), '[^0-9]', '', 'g')) > 38 THEN 'DOUBLE'
         WHEN contains(CAST(v AS VARCHAR), '.') THEN 'DECIMAL'
         ELSE 'INTEGER' END END
     WHEN typeof(v) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT')
       OR typeof(v) LIKE 'DECIMAL(%,0)' THEN 'INTEGER'
     WHEN typeof(v) LIKE 'DECIMAL%' THEN 'DECIMAL'
     WHEN typeof(v) IN ('FLOAT', 'DOUBLE') THEN 'DOUBLE'
     WHEN typeof(v) = 'VARCHAR' THEN 'VARCHAR'
     WHEN typeof(v) = 'BOOLEAN' THEN 'BOOLEAN'
     WHEN typeof(v) = 'DATE' THEN 'DATE'
     WHEN typeof(v) = 'TIME' THEN 'TIME'
     WHEN typeof(v) = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ'
     WHEN typeof(v) = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_TZ'
     WHEN typeof(v) = 'BLOB' THEN 'BINARY'
     ELSE error('TYPEOF: no VARIANT type for a ' || typeof(v)) END`,
  // IS_NULL_VALUE: TRUE only for a JSON null; a SQL NULL (a missing path) stays NULL.
  `CREATE OR REPLACE MACRO sf_is_null_value(v) AS CASE
     WHEN v IS NULL THEN NULL
     WHEN typeof(v) = 'JSON' THEN json_type(CAST(v AS JSON)) = 'NULL'
     ELSE false END`,
  // INITCAP(s, d): every character of d separates words and stays as it is (INITCAP('apple', 'a')
  // is 'aPple'); a word's first character is upper case, the others lower case.
  `CREATE OR REPLACE MACRO sf_initcap(s, d) AS CASE WHEN d IS NOT NULL THEN list_transform([string_split(s, '')], lambda cs:
     array_to_string(list_transform(cs, lambda c, i: CASE
       WHEN contains(d, c) THEN c
       WHEN i = 1 OR contains(d, cs[i - 1]) THEN upper(c)
       ELSE lower(c) END), ''))[1] END`,
  // KURTOSIS and SKEW of list(x): the sums of the non-NULL values' powers of deviation from their
  // mean, in two passes (DuckDB's kurtosis works from raw power sums, which lose the digits
  // Snowflake shows: KURTOSIS of 1, 2, 2, 2, 2 came out 4.999999999998991), and the formulas of
  // Snowflake's reference (m = s / n, k2 = s2 / (n - 1)). Values that are all equal have no such
  // statistic and Snowflake does not document its answer, so they are an error here.
  `CREATE OR REPLACE MACRO sf_central_sums(xs) AS list_transform(
     [list_transform(list_filter(xs, lambda e: e IS NOT NULL), lambda e: CAST(e AS DOUBLE))],
     lambda v: list_transform([list_avg(v)], lambda mean: {
       'n': CAST(len(v) AS DOUBLE),
       's2': list_sum(list_transform(v, lambda e: (e - mean) ** 2)),
       's3': list_sum(list_transform(v, lambda e: (e - mean) ** 3)),
       's4': list_sum(list_transform(v, lambda e: (e - mean) ** 4))})[1])[1]`,
  ...([
    ['sf_kurtosis', 'KURTOSIS', 4, 'm.n * (m.n + 1) / ((m.n - 1) * (m.n - 2) * (m.n - 3)) * (m.n * (m.s4 / m.n) / (m.s2 / (m.n - 1)) ** 2) - 3 * (m.n - 1) ** 2 / ((m.n - 2) * (m.n - 3))'],
    ['sf_skew', 'SKEW', 3, 'm.n ** 2 / ((m.n - 1) * (m.n - 2)) * ((m.s3 / m.n) / (m.s2 / (m.n - 1)) ** 1.5)'],
  ] as const).map(
    ([name, fn, fewest, formula]) => `CREATE OR REPLACE MACRO ${name}(xs) AS list_transform([sf_central_sums(xs)], lambda m: CASE
       WHEN m.n IS NULL OR m.n < ${fewest} THEN NULL
       WHEN m.s2 = 0 THEN error('${fn} of values that are all equal is not defined locally (Snowflake does not document its result)')
       ELSE ${formula} END)[1]`,
  ),
  // MAX_BY / MIN_BY with a count: arg_max's list of {'v': value} structs (NULL when no row has a
  // key) as an ARRAY of the values. A local ARRAY has no SQL NULL elements and Snowflake does not
  // document what takes a NULL value's place, so one is an error.
  `CREATE OR REPLACE MACRO sf_values_by(fn, picked) AS CASE
     WHEN picked IS NULL THEN NULL
     WHEN list_bool_or(list_transform(picked, lambda p: p.v IS NULL)) THEN error(fn || ': a row picked has a NULL value, which Snowflake''s reference does not say how to return in an ARRAY')
     ELSE to_json(list_transform(picked, lambda p: p.v)) END`,
  // TIME_SLICE(t, width, origin, is_end, sub_day): t's slice of the given width counted from
  // origin, keeping t's type. Snowflake takes a DATE (for parts of a day or more) or a TIMESTAMP_NTZ.
  `CREATE OR REPLACE MACRO sf_slice_length(n) AS CASE
     WHEN n < 1 OR n <> trunc(n) THEN error('TIME_SLICE: the slice length must be an integer of at least 1, not ' || n)
     ELSE CAST(n AS BIGINT) END`,
  `CREATE OR REPLACE MACRO sf_time_slice(t, width, origin, is_end, sub_day) AS CASE
     WHEN typeof(t) = 'TIMESTAMP WITH TIME ZONE' THEN error('TIME_SLICE takes a DATE or a TIMESTAMP_NTZ: cast the TIMESTAMP_TZ / TIMESTAMP_LTZ to TIMESTAMP_NTZ first')
     WHEN typeof(t) = 'DATE' AND sub_day THEN error('TIME_SLICE of a DATE takes YEAR, QUARTER, MONTH, WEEK or DAY')
     ELSE cast_to_type(time_bucket(width, sf_timestamp(t), origin) + CASE WHEN is_end THEN width ELSE INTERVAL 0 SECOND END, sf_temporal(t)) END`,
  // Bitwise functions take integers: a fraction rounds half away from zero and text that is no
  // number is NULL, as Snowflake casts them. HUGEINT holds NUMBER(38,0) and the 128-bit shifts.
  `CREATE OR REPLACE MACRO sf_bit_integer(x) AS CASE
     WHEN typeof(x) = 'BLOB' THEN error('Bitwise functions of BINARY values are not supported locally')
     WHEN typeof(x) IN ('FLOAT', 'DOUBLE') THEN TRY_CAST(round(TRY_CAST(x AS DOUBLE)) AS HUGEINT)
     WHEN typeof(x) = 'JSON' THEN TRY_CAST(json_extract_string(CAST(x AS VARCHAR), '$') AS HUGEINT)
     ELSE TRY_CAST(x AS HUGEINT) END`,
  // BITSHIFTLEFT wraps at 128 bits (DuckDB's << raises on overflow): the bits that stay below the
  // sign bit shift as they are, the one that lands on it makes the result negative, the rest drop.
  `CREATE OR REPLACE MACRO sf_bitshiftleft(x, n) AS CASE
     WHEN n < 0 THEN error('BITSHIFTLEFT by a negative number of bits is not supported locally')
     WHEN n >= 128 THEN 0::HUGEINT
     ELSE ((x & (170141183460469231731687303715884105727::HUGEINT >> n)) << n)
       + CASE WHEN (x >> (127 - n)) & 1 = 1 THEN -170141183460469231731687303715884105727::HUGEINT - 1 ELSE 0::HUGEINT END END`,
  // BITSHIFTRIGHT is arithmetic (the sign bit fills in); DuckDB's >> by 128 or more returns 0.
  `CREATE OR REPLACE MACRO sf_bitshiftright(x, n) AS CASE
     WHEN n < 0 THEN error('BITSHIFTRIGHT by a negative number of bits is not supported locally')
     WHEN n >= 128 THEN CASE WHEN x < 0 THEN -1::HUGEINT ELSE 0::HUGEINT END
     ELSE x >> n END`,
  // TO_CHAR / TO_VARCHAR with a numeric format model. sf_fixed_digits(fn, x, n, f, shift) is
  // |x| * 10^shift rounded half away from zero to f decimals, as {'neg', 'int': its integer digits
  // without leading zeros (NULL when more than n: the model overflows), 'frac': its f decimals}.
  // A NUMBER is rounded from its exact digits, a half away from zero, as every NUMBER rounding and
  // cast in Snowflake; a FLOAT only where its double value is clearly on one side of the half
  // (Snowflake does not document which decimal digits of a FLOAT it starts from), and only to 15
  // significant digits: a FLOAT is halfway when its value or its 15-digit decimal form is (the band
  // below 1e14), within two units in the last place otherwise. A FLOAT halfway between two results,
  // and a negative value that rounds to zero (printed with or without its sign, the reference does
  // not say), are errors. typeof picks the branch (it is a constant); each
  // branch reads x through its text, which every type has, so that all of them bind.
  `CREATE OR REPLACE MACRO sf_split_digits(fn, neg, r, n, f) AS
     list_transform([repeat('0', greatest(f + 1 - length(r), 0)) || r], lambda q: list_transform([ltrim(left(q, length(q) - f), '0')], lambda i: CASE
       WHEN neg AND i = '' AND ltrim(right(q, f), '0') = '' THEN error(fn || ': a negative number that rounds to zero in the format is not printed locally (Snowflake does not document whether its sign is kept)')
       ELSE {'neg': neg, 'int': CASE WHEN length(i) > n THEN NULL ELSE i END, 'frac': right(q, f)} END)[1])[1]`,
  `CREATE OR REPLACE MACRO sf_exact_digits(fn, t, n, f, shift) AS list_transform([{
       'neg': starts_with(t, '-'),
       'i': split_part(ltrim(t, '-'), '.', 1) || left(rpad(split_part(t, '.', 2), shift, '0'), shift),
       'r': substr(split_part(t, '.', 2), shift + 1)}], lambda p: CASE
     WHEN length(ltrim(p.i, '0')) > n THEN {'neg': p.neg, 'int': CAST(NULL AS VARCHAR), 'frac': CAST(NULL AS VARCHAR)}
     ELSE sf_split_digits(fn, p.neg, CAST(CAST(p.i || rpad(left(p.r, f), f, '0') AS HUGEINT) + CASE WHEN substr(p.r, f + 1, 1) >= '5' THEN 1 ELSE 0 END AS VARCHAR), n, f) END)[1]`,
  `CREATE OR REPLACE MACRO sf_float_digits(fn, v, n, f, shift) AS CASE
     WHEN isnan(v) OR isinf(v) OR abs(v) * 10.0 ** shift >= 10.0 ** n THEN {'neg': v < 0, 'int': CAST(NULL AS VARCHAR), 'frac': CAST(NULL AS VARCHAR)}
     ELSE list_transform([abs(v) * 10.0 ** (f + shift)], lambda y: CASE
       WHEN y >= 1e15 THEN error(fn || ': a FLOAT printed with more than 15 significant digits is not printed locally (' || v || ')')
       WHEN abs(y - floor(y) - 0.5) <= CASE WHEN y >= 1e14 THEN y * 2.0 ** -51 ELSE 0.5 * 10.0 ** (floor(log10(greatest(y, 1e-300))) - 14) END THEN error(fn || ': the FLOAT ' || v || ' is (about) halfway between two numbers of the format, and Snowflake does not document which it prints; round it first (ROUND(x, ' || f || '))')
       ELSE sf_split_digits(fn, starts_with(CAST(v AS VARCHAR), '-'), CAST(CAST(floor(y + 0.5) AS BIGINT) AS VARCHAR), n, f) END)[1] END`,
  `CREATE OR REPLACE MACRO sf_fixed_digits(fn, x, n, f, shift) AS CASE
     WHEN x IS NULL THEN NULL
     WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN sf_float_digits(fn, CAST(CAST(x AS VARCHAR) AS DOUBLE), n, f, shift)
     WHEN ${isNumberTypeSql('typeof(x)')} THEN sf_exact_digits(fn, CAST(x AS VARCHAR), n, f, shift)
     ELSE error(fn || ' with a numeric format takes a number, not a ' || typeof(x)) END`,
  // A printed integer part with a group separator after each of the positions in `after`: a comma
  // where the position before it holds a digit (or an overflow #), else a blank.
  `CREATE OR REPLACE MACRO sf_digit_groups(field, after) AS array_to_string(list_transform(string_split(field, ''), lambda c, i:
     c || CASE WHEN NOT list_contains(after, i) THEN '' WHEN c = ' ' THEN ' ' ELSE ',' END), '')`,
  // TO_NUMBER / TO_DECIMAL / TO_NUMERIC with a format model read text (a VARCHAR), NULL staying NULL.
  `CREATE OR REPLACE MACRO sf_format_input(fn, x) AS CASE
     WHEN x IS NULL THEN NULL
     WHEN typeof(x) = 'VARCHAR' THEN CAST(x AS VARCHAR)
     ELSE error(fn || ' with a format model takes text, not a ' || typeof(x)) END`,
  `CREATE OR REPLACE MACRO sf_hex_value(h) AS
     list_reduce(list_transform(string_split(h, ''), lambda c: CAST(instr('0123456789abcdef', lower(c)) - 1 AS HUGEINT)), lambda a, b: a * 16 + b)`,
  // The number text s reads as: vals holds what each alternative of the format that matches s reads
  // (NULL where one does not); unclear says s matches a form the reference leaves open (a '+' where
  // only '-' is printed, group separators at other places, ...). Snowflake takes any alternative
  // that matches, so two that read different numbers are an error here.
  `CREATE OR REPLACE MACRO sf_read_number(fn, format, s, vals, unclear, or_null) AS list_transform([list_distinct(vals)], lambda v: CASE
     WHEN s IS NULL THEN NULL
     WHEN length(v) > 1 THEN error(fn || ': ''' || s || ''' reads as different numbers with the alternatives of format ''' || format || '''')
     WHEN length(v) = 1 THEN v[1]
     WHEN unclear THEN error(fn || ': how Snowflake reads ''' || s || ''' with format ''' || format || ''' is not documented, so the local engine does not read it')
     WHEN or_null THEN NULL
     ELSE error('Can''t parse ''' || s || ''' as number with format ''' || format || '''') END)[1]`,
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
  // AI_COMPLETE and SNOWFLAKE.CORTEX.COMPLETE (fn: the name called) run no model locally: a
  // deterministic stand-in answers, labelled as local so no one mistakes it for a model's answer,
  // with the facts the prompt hands the model, which a real answer must rest on.
  // The facts are the text between the prompt's first <facts> and the </facts> after it, or the
  // whole prompt without them, trimmed of white space.
  `CREATE OR REPLACE MACRO sf_cortex_facts(p) AS trim(list_transform([strpos(p, '<facts>') + length('<facts>')], lambda s: CASE
     WHEN s > length('<facts>') AND strpos(substr(p, s), '</facts>') > 0 THEN substr(p, s, strpos(substr(p, s), '</facts>') - 1)
     ELSE p END)[1], ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))`,
  // model_parameters' max_tokens (Snowflake's default 4096 without it): an OBJECT of the keys the
  // AI_COMPLETE reference lists, anything else refused so a misspelt key is not silently ignored.
  `CREATE OR REPLACE MACRO sf_cortex_max_tokens(fn, params) AS CASE
     WHEN json_type(params) <> 'OBJECT' THEN error(fn || ': model_parameters must be an OBJECT such as {''temperature'': 0, ''max_tokens'': 400}, got ' || CAST(params AS VARCHAR))
     WHEN len(list_filter(json_keys(params), lambda k: k NOT IN ('temperature', 'top_p', 'max_tokens', 'guardrails'))) > 0
       THEN error(fn || ': model_parameters key ''' || list_filter(json_keys(params), lambda k: k NOT IN ('temperature', 'top_p', 'max_tokens', 'guardrails'))[1]
         || ''' is not one Snowflake takes; use temperature, top_p, max_tokens, guardrails (keys are case-sensitive)')
     WHEN json_type(params, '$.max_tokens') IS NULL THEN 4096
     WHEN json_type(params, '$.max_tokens') IN ('BIGINT', 'UBIGINT') AND TRY_CAST(json_extract(params, '$.max_tokens') AS BIGINT) >= 0 THEN CAST(json_extract(params, '$.max_tokens') AS BIGINT)
     ELSE error(fn || ': model_parameters max_tokens must be a whole number of tokens, 0 or more; got ' || CAST(json_extract(params, '$.max_tokens') AS VARCHAR)) END`,
  // The answer: the label line, then the facts cut to max_tokens x 4 characters. Snowflake cuts
  // the answer at max_tokens tokens; 4 characters a token is its documented rough rule. (Compared
  // as a DOUBLE first, so a huge max_tokens cannot overflow.) NULL in any argument is NULL. Each
  // answer is metered under the query that asked for it (cortex-meter.ts).
  `CREATE OR REPLACE MACRO sf_cortex_complete(fn, model, prompt, params) AS CASE
     WHEN model IS NULL OR prompt IS NULL OR params IS NULL THEN CAST(NULL AS VARCHAR)
     WHEN trim(model) = '' THEN error(fn || ': the model name is empty (''' || model || '''); pass a Cortex model name such as ''llama3.1-70b''')
     ELSE sf_cortex_metered(getvariable('${QUERY_ID_VARIABLE}'), fn, model, prompt,
       '[local Cortex stand-in for ' || fn || ', model ' || model || ': in Snowflake the model writes its answer from these facts]' || chr(10)
       || list_transform([sf_cortex_facts(prompt)], lambda facts: list_transform([sf_cortex_max_tokens(fn, params)], lambda tokens: CASE
            WHEN CAST(tokens AS DOUBLE) * 4 >= length(facts) THEN facts ELSE left(facts, CAST(tokens * 4 AS BIGINT)) END)[1])[1]) END`,
];
