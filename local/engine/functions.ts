/**
 * The Snowflake functions the local engine runs, as one table. A name missing here is not
 * passed to DuckDB: the translator raises UnsupportedSqlError, because a DuckDB function of
 * the same name may mean something else (DuckDB's CONCAT skips NULLs, Snowflake's does not).
 */
import { SourcePosition } from './errors';
import { numberModelOf, printNumberSql, readNumberSql } from './number-format';
import { Node, Token, sqlLiteral } from './tokenizer';
import { VARIANT_CAST, castSql } from './types';

/** What a translation rule sees of one function call. */
export interface CallSite {
  /** The function name, upper case. */
  readonly name: string;
  /** Where the function name is in the source. */
  readonly position: SourcePosition;
  /** Number of arguments written. */
  readonly argCount: number;
  /** `DISTINCT` was written before the first argument. */
  readonly distinct: boolean;
  /** Translated contents of `WITHIN GROUP (...)`, e.g. `ORDER BY "X"`. */
  readonly withinGroup?: string;
  /** Translated `OVER (...)` clause, for rules that take it (`takesOver`). */
  readonly over?: string;
  /** Argument `i`, translated to DuckDB (each argument is translated once). */
  arg(i: number): string;
  /** All arguments, translated. */
  args(): string[];
  /** Argument `i` as written, for date parts, formats and type names. */
  raw(i: number): readonly Node[];
  /** Translates a run of nodes as an expression. */
  translate(nodes: readonly Node[]): string;
  /** Translates a run of nodes as a Snowflake type name. */
  translateType(nodes: readonly Node[]): string;
  /** Throws UnsupportedSqlError for this call. */
  unsupported(construct: string, hint: string): never;
}

/** OBJECT_CONSTRUCT of translated key, value, ... arguments (and an object constant `{'k': v}`): a NULL value drops its key. */
export function objectConstructSql(keysAndValues: readonly string[]): string {
  return `json_merge_patch('{}', json_object(${keysAndValues.join(', ')}))`;
}

/** ARRAY_CONSTRUCT of translated arguments (and an array constant `[a, b]`). */
export function arrayConstructSql(elements: readonly string[]): string {
  return `json_array(${elements.join(', ')})`;
}

/** How one Snowflake function is run in DuckDB. */
export interface FunctionRule {
  readonly minArgs: number;
  readonly maxArgs: number;
  /**
   * A DuckDB function taking the same arguments with the same meaning, or a rewrite.
   * @default the Snowflake name (a DuckDB builtin of that name has the same meaning)
   */
  readonly emit?: string | ((call: CallSite) => string);
  /** Accepts `WITHIN GROUP (ORDER BY ...)`. */
  readonly withinGroup?: boolean;
  /**
   * The call's `OVER (...)` is translated with it: a rewrite places it itself (it wraps the
   * aggregate); a plain rule gets it appended (the dialect may complete its frame).
   */
  readonly takesOver?: boolean;
  /**
   * Its translation holds a second aggregate that only types it (see typedAggregate), so DuckDB's
   * PIVOT, which takes one aggregate, gets it computed per group first.
   */
  readonly typedBySum?: true;
  /**
   * The database role the session's role must hold to call it (the Cortex functions: Snowflake's
   * SNOWFLAKE.CORTEX_USER). The translator lists such calls in TranslatedSql.databaseRoleCalls, and
   * the account refuses the statement before it runs when the role lacks the database role.
   */
  readonly databaseRole?: string;
}

const MANY = Number.MAX_SAFE_INTEGER;

/** A function DuckDB has under `duck` (default: the same name) with Snowflake's semantics. */
const same = (minArgs: number, maxArgs: number, duck?: string): FunctionRule => ({
  minArgs,
  maxArgs,
  ...(duck ? { emit: duck } : {}),
});
/**
 * A one-argument aggregate (or window function) whose result DuckDB types otherwise than Snowflake:
 * `finish` of DuckDB's aggregate `duck` of the argument, cast to the type of `template`, an
 * expression over the argument's SUM (a NUMBER of the argument's scale, or FLOAT), which
 * cast_to_type only reads the type of.
 */
function typedAggregate(duck: string, template: (sum: string) => string, finish = (aggregated: string): string => aggregated): RewriteRule {
  return {
    ...rewrite(1, 1, (call) => {
      const [argument, over] = [`${call.distinct ? 'DISTINCT ' : ''}${call.arg(0)}`, call.over ? ` ${call.over}` : ''];
      return `cast_to_type(${finish(`${duck}(${argument})${over}`)}, ${template(`sum(${argument})${over}`)})`;
    }),
    takesOver: true,
    typedBySum: true,
  };
}

type RewriteRule = FunctionRule & { readonly emit: (call: CallSite) => string };

const rewrite = (minArgs: number, maxArgs: number, emit: (call: CallSite) => string): RewriteRule => ({
  minArgs,
  maxArgs,
  emit,
});

const paren = (sql: string): string => `(${sql})`;

/** Snowflake date/time part names and abbreviations, mapped to DuckDB's. */
const DATE_PARTS: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      ['year', 'YEAR YEARS Y YY YYY YYYY YR YRS'],
      ['quarter', 'QUARTER QUARTERS Q QTR QTRS'],
      ['month', 'MONTH MONTHS MM MON MONS'],
      ['week', 'WEEK WEEKS W WK WEEKOFYEAR WOY WY'],
      ['day', 'DAY DAYS D DD DAYOFMONTH'],
      ['hour', 'HOUR HOURS H HH HR HRS'],
      ['minute', 'MINUTE MINUTES M MI MIN MINS'],
      ['second', 'SECOND SECONDS S SEC SECS'],
      ['millisecond', 'MILLISECOND MILLISECONDS MS MSEC'],
      ['microsecond', 'MICROSECOND MICROSECONDS US USEC'],
      ['dow', 'DAYOFWEEK WEEKDAY DOW DW'],
      ['isodow', 'DAYOFWEEKISO WEEKDAY_ISO DOW_ISO DW_ISO'],
      ['doy', 'DAYOFYEAR YEARDAY DOY DY'],
      // With the default WEEK_START and WEEK_OF_YEAR_POLICY (0) Snowflake's weeks are ISO weeks.
      ['isoyear', 'YEAROFWEEK YEAROFWEEKISO'],
      ['epoch', 'EPOCH_SECOND EPOCH EPOCH_SECONDS'],
    ] as const
  ).flatMap(([part, names]) => names.split(' ').map((name) => [name, part])),
);

/** Parts DATEADD / DATEDIFF / DATE_TRUNC accept, with the DuckDB interval constructor. */
const INTERVAL_OF: Readonly<Record<string, (n: string) => string>> = {
  year: (n) => `to_years(${n})`,
  quarter: (n) => `to_months(3 * ${n})`,
  month: (n) => `to_months(${n})`,
  week: (n) => `to_weeks(${n})`,
  day: (n) => `to_days(${n})`,
  hour: (n) => `to_hours(${n})`,
  minute: (n) => `to_minutes(${n})`,
  second: (n) => `to_seconds(${n})`,
  millisecond: (n) => `to_milliseconds(${n})`,
  microsecond: (n) => `to_microseconds(${n})`,
};
/** Parts at which Snowflake's DATEADD / DATE_TRUNC of a DATE still returns a DATE. */
const DATE_LEVEL_PARTS = new Set(['year', 'quarter', 'month', 'week', 'day']);

const single = (nodes: readonly Node[]): Token | undefined =>
  nodes.length === 1 && nodes[0].kind !== 'group' ? nodes[0] : undefined;

/** Reads a date part written bare (`day`) or quoted (`'day'`) as argument `i`. */
function datePart(call: CallSite, i: number, allowed?: Readonly<Record<string, unknown>>): string {
  const token = single(call.raw(i));
  const written = token && (token.kind === 'word' || token.kind === 'string') ? token.value : undefined;
  const part = written ? DATE_PARTS[written.toUpperCase()] : undefined;
  if (!part || (allowed && !(part in allowed))) {
    const accepted = allowed ? Object.keys(allowed).join(', ') : 'year, month, day, hour, dayofweek, ...';
    call.unsupported(
      `${call.name} date part ${written ?? 'expression'}`,
      `Write one of ${accepted} as the first argument (got ${written ?? 'an expression'}).`,
    );
  }
  return part;
}

/** A string literal argument's value, e.g. a format; anything else is unsupported. */
function literal(call: CallSite, i: number, what: string): string {
  const token = single(call.raw(i));
  if (token?.kind !== 'string') call.unsupported(`${call.name} with a non-literal ${what}`, `Write the ${what} as a string literal.`);
  return token.value;
}

/**
 * A date/time argument. String literals are cast (DATE if they look like `YYYY-MM-DD`, else
 * TIMESTAMP) and a bare NULL is a NULL TIMESTAMP, because DuckDB cannot pick an overload for an
 * untyped literal.
 */
function temporalArg(call: CallSite, i: number): string {
  const token = single(call.raw(i));
  if (token?.kind === 'word' && token.text.toUpperCase() === 'NULL') return 'CAST(NULL AS TIMESTAMP)';
  if (token?.kind !== 'string') return call.arg(i);
  const type = /^\d{4}-\d{2}-\d{2}$/.test(token.value.trim()) ? 'DATE' : 'TIMESTAMP';
  return `CAST(${call.arg(i)} AS ${type})`;
}

/** Snowflake date/time format elements, longest first, and their strftime equivalents. */
const FORMAT_ELEMENTS: readonly (readonly [string, string])[] = [
  ['YYYY', '%Y'],
  ['YY', '%y'],
  ['MMMM', '%B'],
  ['MON', '%b'],
  ['MM', '%m'],
  ['MI', '%M'],
  ['DD', '%d'],
  ['DY', '%a'],
  ['HH24', '%H'],
  ['HH12', '%I'],
  ['HH', '%H'],
  ['SS', '%S'],
  ['FF9', '%n'],
  ['FF6', '%f'],
  ['FF3', '%g'],
  ['FF', '%f'],
  ['AM', '%p'],
  ['PM', '%p'],
  ['TZH:TZM', '%z'],
];

/** Converts a Snowflake date format (`MM/DD/YYYY`) to a strftime/strptime format. */
export function convertDateFormat(format: string): string | undefined {
  let out = '';
  let k = 0;
  while (k < format.length) {
    const rest = format.slice(k).toUpperCase();
    const element = FORMAT_ELEMENTS.find(([snowflake]) => rest.startsWith(snowflake));
    if (element) {
      out += element[1];
      k += element[0].length;
    } else if (format[k] === '"') {
      // "..." is literal text inside a Snowflake format.
      const close = format.indexOf('"', k + 1);
      if (close < 0) return undefined;
      out += format.slice(k + 1, close).replace(/%/g, '%%');
      k = close + 1;
    } else if (/[A-Za-z0-9]/.test(format[k])) {
      return undefined;
    } else {
      out += format[k] === '%' ? '%%' : format[k];
      k++;
    }
  }
  return out;
}

function formatArg(call: CallSite, i: number): string {
  const format = literal(call, i, 'format');
  const converted = convertDateFormat(format);
  if (converted === undefined) {
    call.unsupported(
      `${call.name} format '${format}'`,
      'Use date/time elements YYYY, YY, MM, MON, MMMM, DD, DY, HH24, HH12, MI, SS, FF, AM/PM, TZH:TZM and punctuation.',
    );
  }
  return sqlLiteral(converted);
}

/**
 * Argument `i`, a regular-expression parameters literal, as RE2 inline flags to put before the
 * pattern (empty for none): i, m and s mean the same in both, the later of c and i wins, and e
 * only matters to functions returning a submatch. Snowflake's defaults are DuckDB's
 * (case-sensitive, `.` stops at a newline, `^` and `$` match at the ends only).
 */
function regexpFlags(call: CallSite, i: number): string {
  const flags = new Set<string>();
  for (const letter of literal(call, i, 'parameters string')) {
    if (letter === 'c') flags.delete('i');
    else if ('ims'.includes(letter)) flags.add(letter);
    else if (letter !== 'e') call.unsupported(`${call.name} parameter '${letter}'`, 'Use the regular expression parameters c, i, m, e and s.');
  }
  return flags.size ? `(?${[...flags].join('')})` : '';
}

/** TO_DATE / TO_TIMESTAMP (and TRY_ forms): a cast, or strptime when a format is given. */
function toTemporal(type: string, tryCast: boolean): FunctionRule {
  return rewrite(1, 2, (call) => {
    if (call.argCount === 1) return castSql(call.arg(0), type, tryCast);
    const parse = tryCast ? 'try_strptime' : 'strptime';
    return `CAST(${parse}(${call.arg(0)}, ${formatArg(call, 1)}) AS ${type})`;
  });
}

/** TO_NUMBER(x [, format] [, precision [, scale]]) and TRY_ forms; a format is a numeric format model (readNumberSql). */
function toNumber(tryCast: boolean): FunctionRule {
  return rewrite(1, 4, (call) => {
    const format = call.argCount > 1 && single(call.raw(1))?.kind === 'string' ? literal(call, 1, 'format') : undefined;
    const first = format === undefined ? 1 : 2;
    if (call.argCount > first + 2) call.unsupported(`${call.name} with ${call.argCount} arguments`, `Write ${call.name}(x [, 'format'] [, precision [, scale]]).`);
    const params = [first, first + 1].filter((i) => i < call.argCount).map((i) => {
      const token = single(call.raw(i));
      return token?.kind === 'number'
        ? token.text
        : call.unsupported(`${call.name} with a non-literal format, precision or scale`, `Write the format as a string literal and precision and scale as integer literals, e.g. ${call.name}(x, '9,999.99', 10, 2).`);
    });
    const [precision = '38', scale = '0'] = params;
    return format === undefined ? castSql(call.arg(0), `DECIMAL(${precision},${scale})`, tryCast) : readNumberSql(call, format, precision, scale, tryCast);
  });
}

/** TO_CHAR / TO_VARCHAR: text as TO_VARCHAR casts, or by a date format, or by a numeric format model. */
const toChar = rewrite(1, 2, (c) => {
  if (c.argCount === 1) return asText(c.arg(0));
  const format = literal(c, 1, 'format');
  return convertDateFormat(format) === undefined ? printNumberSql(c, numberModelOf(c, format)) : `strftime(${temporalArg(c, 0)}, ${formatArg(c, 1)})`;
});

const castTo = (type: string, tryCast = false): FunctionRule =>
  rewrite(1, 1, (call) => castSql(call.arg(0), type, tryCast));

/** CAST(x AS type) / TRY_CAST: split at the top-level AS and translate the type name. */
function castSyntax(tryCast: boolean): FunctionRule {
  return rewrite(1, 1, (call) => {
    const raw = call.raw(0);
    const as = raw.findIndex((node) => node.kind === 'word' && node.text.toUpperCase() === 'AS');
    if (as < 1) call.unsupported(`${call.name} without AS`, `Write ${call.name}(expression AS type).`);
    return castSql(call.translate(raw.slice(0, as)), call.translateType(raw.slice(as + 1)), tryCast);
  });
}

/** NULL if any argument is NULL, otherwise `inner`: Snowflake's rule for GREATEST, LEAST, CONCAT... */
const nullIfAnyNull = (args: readonly string[], inner: string): string =>
  `CASE WHEN ${args.map((a) => `${paren(a)} IS NULL`).join(' OR ')} THEN NULL ELSE ${inner} END`;

const asText = (sql: string): string => castSql(sql, 'VARCHAR', false);

const dateadd = rewrite(3, 3, (call) => {
  const part = datePart(call, 0, INTERVAL_OF);
  const interval = INTERVAL_OF[part](`CAST(${call.arg(1)} AS BIGINT)`);
  const base = temporalArg(call, 2);
  // DuckDB's DATE + INTERVAL is a TIMESTAMP; Snowflake keeps a DATE for day-or-larger parts.
  return DATE_LEVEL_PARTS.has(part) ? `sf_dateadd(${base}, ${interval})` : `(${base} + ${interval})`;
});

// Snowflake counts part boundaries crossed; truncating both sides first makes DuckDB do the
// same for every part (DuckDB's own week difference counts whole 7-day spans instead).
const datediff = rewrite(3, 3, (call) => {
  const part = datePart(call, 0, INTERVAL_OF);
  const side = (i: number): string => `date_trunc('${part}', sf_timestamp(${temporalArg(call, i)}))`;
  return `date_diff('${part}', ${side(1)}, ${side(2)})`;
});

const dateTrunc = rewrite(2, 2, (call) => `sf_date_trunc('${datePart(call, 0, INTERVAL_OF)}', ${temporalArg(call, 1)})`);

const datePartOf = (part: string): FunctionRule => rewrite(1, 1, (call) => `date_part('${part}', ${temporalArg(call, 0)})`);

const strftimeOf = (format: string): FunctionRule => rewrite(1, 1, (call) => `strftime(${temporalArg(call, 0)}, '${format}')`);

/**
 * CEIL / FLOOR with an optional scale. DuckDB's ceil and floor take no scale (the call failed to
 * bind), so round to the scale and step one unit of it when rounding went the wrong way:
 * CEIL(135.135, 1) = 135.2, FLOOR(-975.975, -1) = -980. NUMBER inputs stay exact decimals.
 */
function roundTo(direction: 'ceil' | 'floor'): FunctionRule {
  return rewrite(1, 2, (call) => {
    if (call.argCount === 1) return `${direction}(${call.arg(0)})`;
    const written = call.raw(1).map((node) => (node.kind === 'group' ? '(' : node.text)).join('');
    if (!/^-?\d+$/.test(written)) call.unsupported(`${call.name} with a non-literal scale`, `Write the scale as an integer literal, e.g. ${call.name}(x, 2).`);
    const scale = Number(written);
    const step = scale > 0 ? `0.${'0'.repeat(scale - 1)}1` : `1${'0'.repeat(-scale)}`;
    const rounded = `round(${call.arg(0)}, ${scale})`;
    return direction === 'ceil'
      ? `CASE WHEN ${rounded} < ${paren(call.arg(0))} THEN ${rounded} + ${step} ELSE ${rounded} END`
      : `CASE WHEN ${rounded} > ${paren(call.arg(0))} THEN ${rounded} - ${step} ELSE ${rounded} END`;
  });
}

/** Parts LAST_DAY accepts (weeks end on Sunday, as with Snowflake's default WEEK_START = 0). */
const LAST_DAY_PARTS: Readonly<Record<string, unknown>> = { year: 1, quarter: 1, month: 1, week: 1 };

/**
 * BITAND, BITOR, BITXOR of two integers (see sf_bit_integer). The third argument, a padding side,
 * only applies to BINARY values.
 */
const bitwise = (combine: (a: string, b: string) => string): FunctionRule =>
  rewrite(2, 3, (call) => {
    if (call.argCount === 3) {
      call.unsupported(`${call.name} with a padding side`, `The padding side is for BINARY values, which bitwise functions do not take locally; write ${call.name}(integer, integer).`);
    }
    return combine(`sf_bit_integer(${call.arg(0)})`, `sf_bit_integer(${call.arg(1)})`);
  });
const bitshift = (macro: string): FunctionRule =>
  rewrite(2, 2, (call) => `${macro}(sf_bit_integer(${call.arg(0)}), sf_bit_integer(${call.arg(1)}))`);

/** SQL with its identifiers and strings blanked, so that only its keywords are read. */
const keywordsOf = (sql: string): string => sql.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'/g, "''");

/**
 * `rule` with its OVER clause held to what Snowflake takes: none for a function that is no window
 * function there, only PARTITION BY (no ORDER BY, no frame) for `partition`, and for `ordered` an
 * OVER ([PARTITION BY ...] ORDER BY ...) without a frame, which the rule completes itself.
 */
function windowAs(accepted: 'none' | 'partition' | 'ordered', rule: RewriteRule): FunctionRule {
  const takes = {
    none: 'is not a window function',
    partition: 'takes OVER (PARTITION BY ...) only, without ORDER BY or a window frame',
    ordered: 'takes OVER ([PARTITION BY ...] ORDER BY ...), without a window frame (or a named window)',
  }[accepted];
  return {
    ...rule,
    takesOver: true,
    emit: (call) => {
      const clause = call.over === undefined ? undefined : keywordsOf(call.over);
      const refused =
        accepted === 'ordered'
          ? !clause?.startsWith('OVER (') || !/\bORDER BY\b/.test(clause) || /\b(ROWS|RANGE|GROUPS)\b/.test(clause)
          : clause !== undefined && (accepted === 'none' || /\b(ORDER BY|ROWS|RANGE|GROUPS)\b/.test(clause));
      if (refused) call.unsupported(`${call.name} ${clause === undefined ? 'without' : '...'} OVER`, `Snowflake's ${call.name} ${takes}.`);
      return rule.emit(call);
    },
  };
}

/**
 * CONDITIONAL_TRUE_EVENT(x) OVER (... ORDER BY ...): how many rows of the partition, up to this
 * one in its order, have x true (a number that is not 0; NULL is not true). Snowflake lets x hold
 * LAG or LEAD over the same window, which DuckDB cannot nest in the count.
 */
const conditionalTrueEvent = windowAs(
  'ordered',
  rewrite(1, 1, (call) => {
    if (/\bOVER\b/i.test(keywordsOf(call.arg(0)))) {
      call.unsupported(`${call.name} of a window function`, 'Compute the LAG / LEAD in a subquery and pass its column.');
    }
    return `sum(CASE WHEN sf_to_boolean(${call.arg(0)}) THEN 1 ELSE 0 END) ${(call.over as string).slice(0, -1)} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
  }),
);

/**
 * MAX_BY / MIN_BY(value, key [, n]): the value in the row with the largest (smallest) key, rows
 * with a NULL key left out, so a NULL value in that row is the answer (DuckDB's arg_max would skip
 * the row). With n, an ARRAY of the values of the n rows with the largest (smallest) keys in key
 * order (sf_values_by); n is a constant from 1 to 1000, as Snowflake requires.
 */
function valueBy(duck: 'arg_max' | 'arg_min'): RewriteRule {
  return rewrite(2, 3, (call) => {
    if (call.argCount === 2) return `${duck}_null(${call.arg(0)}, ${call.arg(1)})`;
    const written = single(call.raw(2));
    const count = written?.kind === 'number' && /^\d+$/.test(written.text) ? Number(written.text) : 0;
    if (count < 1 || count > 1000) {
      call.unsupported(`${call.name} with maximum_number_of_values_to_return ${written?.text ?? 'expression'}`, 'Write the number of values as an integer literal from 1 to 1000, as Snowflake requires.');
    }
    // Each value in a struct, which is never NULL, so that arg_max keeps the rows whose value is.
    return `sf_values_by('${call.name}', ${duck}({'v': ${call.arg(0)}}, ${call.arg(1)}, ${count}))`;
  });
}

/** INITCAP's word separators when none are given: whitespace and the punctuation Snowflake's reference lists. */
const INITCAP_DELIMITERS = `' !?@"^#$&~_,.:;+-*%/|\\[](){}<>' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)`;

/** The units TIME_SLICE takes (its reference lists these names only). */
const TIME_SLICE_PARTS: Readonly<Record<string, string>> = {
  YEAR: 'year',
  QUARTER: 'quarter',
  MONTH: 'month',
  WEEK: 'week',
  DAY: 'day',
  HOUR: 'hour',
  MINUTE: 'minute',
  SECOND: 'second',
};

/**
 * TIME_SLICE(t, n, 'part' [, 'START' | 'END']): the start (or end, the next slice's start) of the
 * n-part slice holding t, slices counted from 1970-01-01 00:00:00 (weeks from Monday 1969-12-29,
 * the start of its week with the default WEEK_START).
 */
const timeSlice = rewrite(3, 4, (call) => {
  const unit = literal(call, 2, 'date or time part').toUpperCase();
  const part = TIME_SLICE_PARTS[unit];
  if (!part) call.unsupported(`TIME_SLICE part '${unit}'`, `Write one of ${Object.keys(TIME_SLICE_PARTS).map((p) => `'${p}'`).join(', ')}.`);
  const side = call.argCount > 3 ? literal(call, 3, 'START or END').toUpperCase() : 'START';
  if (side !== 'START' && side !== 'END') call.unsupported(`TIME_SLICE side '${side}'`, "Write 'START' or 'END'.");
  const origin = part === 'week' ? "TIMESTAMP '1969-12-29'" : "TIMESTAMP '1970-01-01'";
  const width = INTERVAL_OF[part](`sf_slice_length(${call.arg(1)})`);
  return `sf_time_slice(${temporalArg(call, 0)}, ${width}, ${origin}, ${side === 'END'}, ${!DATE_LEVEL_PARTS.has(part)})`;
});

/** The database role Snowflake requires for its Cortex AI functions (AI_COMPLETE, SNOWFLAKE.CORTEX.COMPLETE). */
const CORTEX_USER = 'SNOWFLAKE.CORTEX_USER';

/**
 * AI_COMPLETE / SNOWFLAKE.CORTEX.COMPLETE as the deterministic, labelled local stand-in (no model
 * runs locally; see sf_cortex_complete), given model_parameters as a DuckDB JSON expression.
 */
const cortexComplete = (call: CallSite, parameters: string): string =>
  `sf_cortex_complete(${sqlLiteral(call.name)}, ${asText(call.arg(0))}, ${asText(call.arg(1))}, ${parameters})`;

/** What the stand-in answers, for the hints of the forms it does not run. */
const CORTEX_STAND_IN = 'The local Cortex stand-in answers with the plain response string only';

/**
 * AI_COMPLETE(model, prompt [, model_parameters]). Its response_format (4th) and show_details (5th)
 * arguments make Snowflake answer with structured output or an OBJECT of details, which a stand-in
 * could only invent: refused by name rather than counted as too many arguments.
 */
const aiComplete: FunctionRule = {
  ...rewrite(2, 5, (call) => {
    if (call.argCount > 3) {
      call.unsupported(`AI_COMPLETE with ${call.argCount === 4 ? 'response_format' : 'show_details'}`, `${CORTEX_STAND_IN}: call AI_COMPLETE(model, prompt [, model_parameters]).`);
    }
    return cortexComplete(call, call.argCount === 3 ? `CAST(${call.arg(2)} AS JSON)` : `json('{}')`);
  }),
  databaseRole: CORTEX_USER,
};

/**
 * SNOWFLAKE.CORTEX.COMPLETE(model, prompt), the older form. With a third argument (options) it
 * answers a JSON object of choices and usage instead of the response string: refused by name.
 */
const cortexCompleteLegacy: FunctionRule = {
  ...rewrite(2, 3, (call) => {
    if (call.argCount === 3) {
      call.unsupported(
        'SNOWFLAKE.CORTEX.COMPLETE with options',
        `With options it returns an OBJECT of choices and usage. ${CORTEX_STAND_IN}: call AI_COMPLETE(model, prompt, {'max_tokens': n}) or SNOWFLAKE.CORTEX.COMPLETE(model, prompt).`,
      );
    }
    return cortexComplete(call, `json('{}')`);
  }),
  databaseRole: CORTEX_USER,
};

/** The function table, keyed by upper-case Snowflake name (a function Snowflake keeps in a schema by its full name). */
export const FUNCTIONS: Readonly<Record<string, FunctionRule>> = {
  // Aggregates and window functions with identical semantics.
  COUNT: same(1, MANY),
  SUM: same(1, 1),
  // Typed as Snowflake types the quotient of the sum and the count: AVG of 1, 2, 2 is 1.666667.
  AVG: typedAggregate('avg', (sum) => `sf_quotient_type(${sum}, 0)`),
  MIN: same(1, 1),
  MAX: same(1, 1),
  // Three more decimals than its argument: MEDIAN of 1, 3, 10, 1, 3 is 3.000 (FLOAT stays FLOAT).
  MEDIAN: typedAggregate('median', (sum) => `${sum} * 1.000 * CAST(1 AS DECIMAL(38,0))`),
  MODE: same(1, 1),
  STDDEV: same(1, 1),
  STDDEV_SAMP: same(1, 1),
  STDDEV_POP: same(1, 1),
  VARIANCE: same(1, 1),
  VAR_SAMP: same(1, 1),
  VAR_POP: same(1, 1),
  CORR: same(2, 2),
  COVAR_SAMP: same(2, 2),
  COVAR_POP: same(2, 2),
  REGR_SLOPE: same(2, 2),
  REGR_INTERCEPT: same(2, 2),
  REGR_R2: same(2, 2),
  // Snowflake's sample (bias-corrected) estimators, NULL below 4 (3) values. KURTOSIS is a NUMBER
  // with 12 decimals (KURTOSIS of 1, 2, 2, 2, 2 is 5.000000000000) unless its argument is a FLOAT;
  // SKEW is always a FLOAT.
  KURTOSIS: windowAs('partition', typedAggregate('list', (sum) => `round(${sum}, 0) * CAST(1 AS DECIMAL(38,12))`, (values) => `sf_kurtosis(${values})`)),
  SKEW: windowAs('none', typedAggregate('list', (sum) => `CAST(${sum} AS DOUBLE)`, (values) => `sf_skew(${values})`)),
  MAX_BY: windowAs('none', valueBy('arg_max')),
  MIN_BY: windowAs('none', valueBy('arg_min')),
  APPROX_COUNT_DISTINCT: same(1, 1),
  APPROX_PERCENTILE: same(2, 2, 'approx_quantile'),
  ANY_VALUE: same(1, 1),
  COUNT_IF: same(1, 1),
  BOOLAND_AGG: same(1, 1, 'bool_and'),
  BOOLOR_AGG: same(1, 1, 'bool_or'),
  PERCENTILE_CONT: { ...same(1, 1), withinGroup: true },
  PERCENTILE_DISC: { ...same(1, 1), withinGroup: true },
  ROW_NUMBER: same(0, 0),
  RANK: same(0, 0),
  DENSE_RANK: same(0, 0),
  PERCENT_RANK: same(0, 0),
  CUME_DIST: same(0, 0),
  NTILE: same(1, 1),
  LAG: same(1, 3),
  LEAD: same(1, 3),
  // Their OVER clause is the dialect's to translate: without a frame Snowflake's covers the whole partition.
  FIRST_VALUE: { ...same(1, 1), takesOver: true },
  LAST_VALUE: { ...same(1, 1), takesOver: true },
  NTH_VALUE: { ...same(2, 2), takesOver: true },
  LISTAGG: {
    ...rewrite(1, 2, (call) => {
      const separator = call.argCount > 1 ? call.arg(1) : "''";
      const order = call.withinGroup ? ` ${call.withinGroup}` : '';
      return `string_agg(${call.distinct ? 'DISTINCT ' : ''}${call.arg(0)}, ${separator}${order})`;
    }),
    withinGroup: true,
  },
  ARRAY_AGG: {
    // Snowflake drops NULLs and returns [] for no rows; DuckDB's list keeps NULLs.
    ...rewrite(1, 1, (call) => {
      const order = call.withinGroup ? ` ${call.withinGroup}` : '';
      const list = `list(${call.distinct ? 'DISTINCT ' : ''}${call.arg(0)}${order}) FILTER (WHERE ${paren(call.arg(0))} IS NOT NULL)`;
      return `coalesce(to_json(${list}${call.over ? ` ${call.over}` : ''}), '[]'::JSON)`;
    }),
    withinGroup: true,
    takesOver: true,
  },
  CONDITIONAL_TRUE_EVENT: conditionalTrueEvent,
  RATIO_TO_REPORT: {
    ...rewrite(1, 1, (call) => {
      if (!call.over) call.unsupported('RATIO_TO_REPORT without OVER', 'Add OVER (PARTITION BY ...) or OVER ().');
      return `sf_quotient(${call.arg(0)}, NULLIF(sum(${call.arg(0)}) ${call.over}, 0))`;
    }),
    takesOver: true,
  },

  // Conditional expressions.
  COALESCE: same(1, MANY),
  NULLIF: same(2, 2),
  IFNULL: same(2, 2, 'coalesce'),
  NVL: same(2, 2, 'coalesce'),
  NVL2: rewrite(3, 3, (c) => `CASE WHEN ${paren(c.arg(0))} IS NOT NULL THEN ${c.arg(1)} ELSE ${c.arg(2)} END`),
  IFF: rewrite(3, 3, (c) => `CASE WHEN ${paren(c.arg(0))} THEN ${c.arg(1)} ELSE ${c.arg(2)} END`),
  ZEROIFNULL: rewrite(1, 1, (c) => `coalesce(${c.arg(0)}, 0)`),
  NULLIFZERO: rewrite(1, 1, (c) => `nullif(${c.arg(0)}, 0)`),
  DIV0: rewrite(2, 2, (c) => `CASE WHEN ${paren(c.arg(1))} = 0 THEN 0 ELSE sf_quotient(${c.arg(0)}, ${c.arg(1)}) END`),
  DIV0NULL: rewrite(
    2,
    2,
    (c) => `CASE WHEN ${paren(c.arg(1))} = 0 OR ${paren(c.arg(1))} IS NULL THEN 0 ELSE sf_quotient(${c.arg(0)}, ${c.arg(1)}) END`,
  ),
  EQUAL_NULL: rewrite(2, 2, (c) => `(${paren(c.arg(0))} IS NOT DISTINCT FROM ${paren(c.arg(1))})`),
  DECODE: rewrite(3, MANY, (c) => {
    // DECODE matches NULL to NULL, unlike CASE x WHEN ...
    const [subject, ...rest] = c.args();
    const branches: string[] = [];
    for (let i = 0; i + 1 < rest.length; i += 2) {
      branches.push(`WHEN ${paren(subject)} IS NOT DISTINCT FROM ${paren(rest[i])} THEN ${rest[i + 1]}`);
    }
    const otherwise = rest.length % 2 === 1 ? ` ELSE ${rest[rest.length - 1]}` : '';
    return `CASE ${branches.join(' ')}${otherwise} END`;
  }),
  GREATEST: rewrite(1, MANY, (c) => nullIfAnyNull(c.args(), `greatest(${c.args().join(', ')})`)),
  LEAST: rewrite(1, MANY, (c) => nullIfAnyNull(c.args(), `least(${c.args().join(', ')})`)),

  // Numbers.
  ABS: same(1, 1),
  CEIL: roundTo('ceil'),
  CEILING: same(1, 1, 'ceil'),
  FLOOR: roundTo('floor'),
  ROUND: same(1, 2),
  SIGN: same(1, 1),
  SQRT: same(1, 1),
  // SEQ1/2/4/8: increasing integers from 0 in the order rows are produced (Snowflake allows gaps
  // and wraps at the type's width; a local query never reaches either). The argument only picks
  // signed or unsigned wrapping.
  ...Object.fromEntries(['SEQ1', 'SEQ2', 'SEQ4', 'SEQ8'].map((name) => [name, rewrite(0, 1, () => '(row_number() OVER () - 1)')])),
  // Always a FLOAT, even of an integer (x * x would stay an integer and overflow).
  SQUARE: rewrite(1, 1, (c) => `power(CAST(${c.arg(0)} AS DOUBLE), 2)`),
  CBRT: same(1, 1),
  POWER: same(2, 2),
  POW: same(2, 2, 'power'),
  EXP: same(1, 1),
  LN: same(1, 1),
  LOG: same(2, 2),
  MOD: same(2, 2, 'mod'),
  PI: same(0, 0),
  DEGREES: same(1, 1),
  RADIANS: same(1, 1),
  SIN: same(1, 1),
  COS: same(1, 1),
  TAN: same(1, 1),
  ASIN: same(1, 1),
  ACOS: same(1, 1),
  ATAN: same(1, 1),
  ATAN2: same(2, 2),
  FACTORIAL: same(1, 1),
  TRUNC: rewrite(1, 2, (call) => {
    // TRUNC(date, 'MONTH') is DATE_TRUNC; TRUNC(number, scale) truncates digits.
    if (call.argCount === 2 && single(call.raw(1))?.kind === 'string') {
      return `sf_date_trunc('${datePart(call, 1, INTERVAL_OF)}', ${temporalArg(call, 0)})`;
    }
    return `trunc(${call.args().join(', ')})`;
  }),
  TRUNCATE: same(1, 2, 'trunc'),
  HASH: rewrite(1, MANY, (c) => {
    // DuckDB's hash is unsigned; shift into Snowflake's signed 64-bit range.
    return `CAST(CAST(hash(${c.args().join(', ')}) AS HUGEINT) - 9223372036854775808 AS BIGINT)`;
  }),
  MD5: same(1, 1),
  SHA1: same(1, 1),
  SHA2: rewrite(1, 2, (call) => {
    if (call.argCount === 2 && single(call.raw(1))?.text !== '256') {
      call.unsupported('SHA2 with a digest size other than 256', 'Use SHA2(x) or SHA2(x, 256).');
    }
    return `sha256(${call.arg(0)})`;
  }),
  UUID_STRING: rewrite(0, 0, () => 'CAST(uuid() AS VARCHAR)'),
  // A pseudo-random signed 64-bit integer. Snowflake repeats a seed's sequence, which cannot be
  // reproduced here: a seeded call is refused rather than given other values.
  RANDOM: rewrite(0, 1, (call) => {
    if (call.argCount > 0) call.unsupported('RANDOM with a seed', "Snowflake's seeded sequence is not reproduced locally; use RANDOM(), or UNIFORM(min, max, <constant>) for a value that stays the same.");
    return 'CAST(CAST(hash(random()) AS HUGEINT) - 9223372036854775808 AS BIGINT)';
  }),
  // UNIFORM(min, max, gen): an integer in [min, max] when both are integer literals, else a FLOAT
  // in that range; a function of gen alone, so a constant gen gives the same value on every row.
  UNIFORM: rewrite(3, 3, (call) => {
    const integerLiteral = (i: number) => /^-?\d+$/.test(call.raw(i).map((node) => (node.kind === 'group' ? '(' : node.text)).join(''));
    const unit = `(CAST(hash(${call.arg(2)}) AS DOUBLE) / 18446744073709551616.0)`;
    return integerLiteral(0) && integerLiteral(1)
      ? `CAST(${call.arg(0)} + floor(${unit} * (${call.arg(1)} - (${call.arg(0)}) + 1)) AS BIGINT)`
      : `(CAST(${call.arg(0)} AS DOUBLE) + ${unit} * (CAST(${call.arg(1)} AS DOUBLE) - CAST(${call.arg(0)} AS DOUBLE)))`;
  }),
  // Bitwise functions of integers.
  BITAND: bitwise((a, b) => `(${a} & ${b})`),
  BITOR: bitwise((a, b) => `(${a} | ${b})`),
  BITXOR: bitwise((a, b) => `xor(${a}, ${b})`),
  BITNOT: rewrite(1, 1, (c) => `(~sf_bit_integer(${c.arg(0)}))`),
  BITSHIFTLEFT: bitshift('sf_bitshiftleft'),
  BITSHIFTRIGHT: bitshift('sf_bitshiftright'),

  // Strings. String comparisons stay case-sensitive: DuckDB's default collation is binary too.
  LOWER: same(1, 1),
  UPPER: same(1, 1),
  // Snowflake converts a number argument to text; explicit delimiters replace the default ones.
  INITCAP: rewrite(1, 2, (c) => `sf_initcap(${asText(c.arg(0))}, ${c.argCount > 1 ? asText(c.arg(1)) : INITCAP_DELIMITERS})`),
  LENGTH: same(1, 1),
  LEN: same(1, 1, 'length'),
  TRIM: same(1, 2),
  LTRIM: same(1, 2),
  RTRIM: same(1, 2),
  SUBSTR: same(2, 3, 'substring'),
  SUBSTRING: same(2, 3),
  LEFT: same(2, 2),
  RIGHT: same(2, 2),
  LPAD: same(3, 3),
  RPAD: same(3, 3),
  REVERSE: same(1, 1),
  REPEAT: same(2, 2),
  ASCII: same(1, 1),
  CHR: same(1, 1),
  TRANSLATE: same(3, 3),
  CONTAINS: same(2, 2),
  STARTSWITH: same(2, 2, 'starts_with'),
  ENDSWITH: same(2, 2, 'ends_with'),
  REPLACE: rewrite(2, 3, (c) => `replace(${c.arg(0)}, ${c.arg(1)}, ${c.argCount > 2 ? c.arg(2) : "''"})`),
  CHARINDEX: rewrite(2, 2, (c) => `instr(${c.arg(1)}, ${c.arg(0)})`),
  POSITION: rewrite(1, 2, (c) => (c.argCount === 1 ? `position(${c.arg(0)})` : `instr(${c.arg(1)}, ${c.arg(0)})`)),
  SPLIT_PART: rewrite(3, 3, (c) => {
    // Snowflake treats part 0 as 1; DuckDB returns ''.
    return `split_part(${c.arg(0)}, ${c.arg(1)}, CASE WHEN ${paren(c.arg(2))} = 0 THEN 1 ELSE ${c.arg(2)} END)`;
  }),
  // Snowflake converts a number argument to text.
  STRTOK: rewrite(1, 3, (c) => `sf_strtok(${asText(c.arg(0))}, ${c.argCount > 1 ? asText(c.arg(1)) : "' '"}, ${c.argCount > 2 ? c.arg(2) : '1'})`),
  // An ARRAY of every token (empty when there is none), NULL for a NULL argument.
  STRTOK_TO_ARRAY: rewrite(1, 2, (c) => `to_json(sf_tokens(${asText(c.arg(0))}, ${c.argCount > 1 ? asText(c.arg(1)) : "' '"}))`),
  SPLIT: rewrite(2, 2, (c) => `to_json(string_split(${c.arg(0)}, ${c.arg(1)}))`),
  CONCAT: rewrite(1, MANY, (c) => paren(c.args().map(asText).join(' || '))),
  CONCAT_WS: rewrite(2, MANY, (c) => {
    const [separator, ...parts] = c.args();
    return paren(parts.map(asText).join(` || ${asText(separator)} || `));
  }),
  REGEXP_LIKE: same(2, 2, 'regexp_full_match'),
  // RLIKE(subject, pattern) is REGEXP_LIKE; `subject RLIKE pattern` is translated as an operator.
  RLIKE: same(2, 2, 'regexp_full_match'),
  // Non-overlapping matches from `position` (1-based, where the search starts).
  REGEXP_COUNT: rewrite(2, 4, (c) => {
    const flags = c.argCount > 3 ? regexpFlags(c, 3) : '';
    const pattern = flags ? `'${flags}' || ${paren(c.arg(1))}` : c.arg(1);
    if (c.argCount < 3) return `len(regexp_extract_all(${c.arg(0)}, ${pattern}))`;
    const position = `CASE WHEN ${paren(c.arg(2))} < 1 THEN error('Invalid value [' || ${paren(c.arg(2))} || '] for function ''REGEXP_COUNT'', parameter 3: must be a positive integer') ELSE ${c.arg(2)} END`;
    return `len(regexp_extract_all(substring(${c.arg(0)}, ${position}), ${pattern}))`;
  }),
  // Snowflake returns NULL when nothing matches; DuckDB's regexp_extract returns ''.
  REGEXP_SUBSTR: rewrite(2, 2, (c) => `CASE WHEN regexp_matches(${c.arg(0)}, ${c.arg(1)}) THEN regexp_extract(${c.arg(0)}, ${c.arg(1)}) END`),
  // Snowflake replaces every match; DuckDB only the first unless given 'g'.
  REGEXP_REPLACE: rewrite(2, 3, (c) => `regexp_replace(${c.arg(0)}, ${c.arg(1)}, ${c.argCount > 2 ? c.arg(2) : "''"}, 'g')`),
  // The position (1-based) where the occurrence-th match from `position` starts, or just after it
  // ends (option 1); 0 when there is none. A match's groups would need the positions of submatches,
  // which DuckDB does not return (see sf_regexp_instr).
  REGEXP_INSTR: rewrite(2, 7, (c) => {
    const groups = 'REGEXP_INSTR returns the position of the whole match locally; leave out the e parameter and group_num';
    if (c.argCount > 6) c.unsupported('REGEXP_INSTR with a group number', `${groups}.`);
    if (c.argCount > 5 && literal(c, 5, 'parameters string').includes('e')) c.unsupported("REGEXP_INSTR parameter 'e'", `${groups}.`);
    const flags = c.argCount > 5 ? regexpFlags(c, 5) : '';
    const [position, occurrence, option] = ([[2, '1'], [3, '1'], [4, '0']] as const).map(([i, fallback]) => (i < c.argCount ? c.arg(i) : fallback));
    return `sf_regexp_instr(${asText(c.arg(0))}, '${flags}', ${c.arg(1)}, ${position}, ${occurrence}, ${option})`;
  }),

  // Dates and times.
  CURRENT_DATE: rewrite(0, 0, () => 'current_date'),
  CURRENT_TIMESTAMP: rewrite(0, 0, () => 'current_timestamp'),
  GETDATE: rewrite(0, 0, () => 'current_timestamp'),
  SYSTIMESTAMP: rewrite(0, 0, () => 'current_timestamp'),
  // An ANSI alias of CURRENT_TIMESTAMP: a TIMESTAMP_LTZ, not a TIMESTAMP_NTZ.
  LOCALTIMESTAMP: rewrite(0, 0, () => 'current_timestamp'),
  // SYSDATE is the current UTC time without a zone.
  SYSDATE: rewrite(0, 0, () => "timezone('UTC', current_timestamp)"),
  DATEADD: dateadd,
  TIMESTAMPADD: dateadd,
  DATEDIFF: datediff,
  TIMESTAMPDIFF: datediff,
  DATE_TRUNC: dateTrunc,
  TIME_SLICE: timeSlice,
  DATE_PART: rewrite(2, 2, (call) => `date_part('${datePart(call, 0)}', ${temporalArg(call, 1)})`),
  EXTRACT: rewrite(1, 1, (call) => {
    const raw = call.raw(0);
    const from = raw[1];
    if (raw.length < 3 || from.kind === 'group' || from.text.toUpperCase() !== 'FROM') {
      call.unsupported('EXTRACT without FROM', 'Write EXTRACT(part FROM expression).');
    }
    const token = single(raw.slice(0, 1));
    const part = token ? DATE_PARTS[token.value.toUpperCase()] : undefined;
    if (!part) call.unsupported(`EXTRACT part ${token?.text ?? 'expression'}`, 'Use a date part such as year, month, day, hour.');
    return `date_part('${part}', ${call.translate(raw.slice(2))})`;
  }),
  YEAR: datePartOf('year'),
  YEAROFWEEK: datePartOf('isoyear'),
  YEAROFWEEKISO: datePartOf('isoyear'),
  QUARTER: datePartOf('quarter'),
  MONTH: datePartOf('month'),
  DAY: datePartOf('day'),
  DAYOFMONTH: datePartOf('day'),
  DAYOFWEEK: datePartOf('dow'),
  DAYOFWEEKISO: datePartOf('isodow'),
  DAYOFYEAR: datePartOf('doy'),
  WEEK: datePartOf('week'),
  WEEKOFYEAR: datePartOf('week'),
  WEEKISO: datePartOf('week'),
  HOUR: datePartOf('hour'),
  MINUTE: datePartOf('minute'),
  SECOND: datePartOf('second'),
  // Snowflake's names are three-letter abbreviations ('Jan', 'Mon').
  MONTHNAME: strftimeOf('%b'),
  DAYNAME: strftimeOf('%a'),
  // LAST_DAY(d [, part]): the last day of d's month (default), year, quarter or week, always a DATE.
  LAST_DAY: rewrite(1, 2, (c) => {
    const part = c.argCount === 2 ? datePart(c, 1, LAST_DAY_PARTS) : 'month';
    if (part === 'month') return `last_day(${temporalArg(c, 0)})`;
    return `CAST(date_trunc('${part}', ${temporalArg(c, 0)}) + ${INTERVAL_OF[part]('1')} - to_days(1) AS DATE)`;
  }),
  // Snowflake carries months and days outside their range over (DATE_FROM_PARTS(2010, 14, 1) is
  // 2011-02-01, (2004, 1, 0) is 2003-12-31); DuckDB's make_date rejects them. Count from January 1st.
  DATE_FROM_PARTS: rewrite(
    3,
    3,
    (c) => `CAST(make_date(CAST(${c.arg(0)} AS BIGINT), 1, 1) + to_months(CAST(${c.arg(1)} AS BIGINT) - 1) + to_days(CAST(${c.arg(2)} AS BIGINT) - 1) AS DATE)`,
  ),
  // ADD_MONTHS keeps the input's type; a fractional month count rounds to the nearest integer.
  ADD_MONTHS: rewrite(2, 2, (c) => `sf_add_months(${temporalArg(c, 0)}, CAST(round(${c.arg(1)}) AS BIGINT))`),
  // A NUMBER with 6 decimals (Snowflake shows 1.000000; its documentation says FLOAT).
  MONTHS_BETWEEN: rewrite(2, 2, (c) => `sf_months_between(sf_timestamp(${temporalArg(c, 0)}), sf_timestamp(${temporalArg(c, 1)}))`),
  // Always a DATE, strictly after (before) the input's day.
  NEXT_DAY: rewrite(2, 2, (c) => `sf_next_day(sf_timestamp(${temporalArg(c, 0)}), ${c.arg(1)})`),
  PREVIOUS_DAY: rewrite(2, 2, (c) => `sf_previous_day(sf_timestamp(${temporalArg(c, 0)}), ${c.arg(1)})`),
  // (source, target, ntz): the wall-clock time in the target zone, a TIMESTAMP_NTZ. (target, ts): the
  // same instant as a TIMESTAMP_TZ, shown (like every local TIMESTAMP_TZ) at UTC's offset.
  CONVERT_TIMEZONE: rewrite(2, 3, (c) =>
    c.argCount === 3
      ? `sf_convert_timezone_ntz(${c.arg(0)}, ${c.arg(1)}, sf_timestamp(${temporalArg(c, 2)}))`
      : `sf_convert_timezone(${c.arg(0)}, ${castSql(c.arg(1), 'TIMESTAMPTZ', false)})`,
  ),
  TO_DATE: toTemporal('DATE', false),
  DATE: toTemporal('DATE', false),
  TRY_TO_DATE: toTemporal('DATE', true),
  TO_TIMESTAMP: toTemporal('TIMESTAMP', false),
  TO_TIMESTAMP_NTZ: toTemporal('TIMESTAMP', false),
  TO_TIMESTAMP_LTZ: toTemporal('TIMESTAMPTZ', false),
  TO_TIMESTAMP_TZ: toTemporal('TIMESTAMPTZ', false),
  TRY_TO_TIMESTAMP: toTemporal('TIMESTAMP', true),
  TRY_TO_TIMESTAMP_NTZ: toTemporal('TIMESTAMP', true),
  TRY_TO_TIMESTAMP_LTZ: toTemporal('TIMESTAMPTZ', true),
  TRY_TO_TIMESTAMP_TZ: toTemporal('TIMESTAMPTZ', true),
  TO_TIME: toTemporal('TIME', false),
  TRY_TO_TIME: toTemporal('TIME', true),

  // Conversions.
  CAST: castSyntax(false),
  TRY_CAST: castSyntax(true),
  TO_NUMBER: toNumber(false),
  TO_DECIMAL: toNumber(false),
  TO_NUMERIC: toNumber(false),
  TRY_TO_NUMBER: toNumber(true),
  TRY_TO_DECIMAL: toNumber(true),
  TRY_TO_NUMERIC: toNumber(true),
  TO_DOUBLE: castTo('DOUBLE'),
  TRY_TO_DOUBLE: castTo('DOUBLE', true),
  TO_BOOLEAN: rewrite(1, 1, (c) => `sf_to_boolean(${c.arg(0)})`),
  TRY_TO_BOOLEAN: rewrite(1, 1, (c) => `sf_try_to_boolean(${c.arg(0)})`),
  TO_VARCHAR: toChar,
  TO_CHAR: toChar,

  // Semi-structured data: VARIANT, OBJECT and ARRAY are DuckDB JSON.
  PARSE_JSON: rewrite(1, 1, (c) => `json(${c.arg(0)})`),
  TRY_PARSE_JSON: rewrite(1, 1, (c) => `try(json(${c.arg(0)}))`),
  TO_JSON: rewrite(1, 1, (c) => `CAST(to_json(${c.arg(0)}) AS VARCHAR)`),
  TO_VARIANT: castTo(VARIANT_CAST),
  // OBJECT_CONSTRUCT leaves out keys whose value is NULL; a JSON merge patch drops exactly those.
  OBJECT_CONSTRUCT: rewrite(0, MANY, (c) => {
    if (c.argCount % 2 !== 0) c.unsupported('OBJECT_CONSTRUCT with an odd number of arguments', 'Pass key, value pairs (OBJECT_CONSTRUCT(*) is not supported).');
    return objectConstructSql(c.args());
  }),
  OBJECT_CONSTRUCT_KEEP_NULL: same(0, MANY, 'json_object'),
  ARRAY_CONSTRUCT: rewrite(0, MANY, (c) => arrayConstructSql(c.args())),
  // The value comes first, as in Snowflake.
  ARRAY_CONTAINS: rewrite(2, 2, (c) => `sf_array_contains(${c.arg(0)}, ${c.arg(1)})`),
  ARRAY_SIZE: rewrite(1, 1, (c) => `CASE WHEN json_type(${c.arg(0)}) = 'ARRAY' THEN json_array_length(${c.arg(0)}) END`),
  // Positions from 0, `to` not included, negative ones from the end (as Python slices).
  ARRAY_SLICE: rewrite(3, 3, (c) => `sf_array_slice(${c.arg(0)}, ${c.arg(1)}, ${c.arg(2)})`),
  ARRAY_TO_STRING: rewrite(2, 2, (c) => `sf_array_to_string(${c.arg(0)}, ${asText(c.arg(1))})`),
  OBJECT_KEYS: rewrite(1, 1, (c) => `sf_object_keys(${c.arg(0)})`),
  TYPEOF: rewrite(1, 1, (c) => `sf_typeof(${c.arg(0)})`),
  IS_NULL_VALUE: rewrite(1, 1, (c) => `sf_is_null_value(${c.arg(0)})`),

  // Cortex AI: deterministic local stand-ins, labelled as local. A function Snowflake keeps in a
  // schema is listed by its full name, which the translator matches as written before `(`.
  AI_COMPLETE: aiComplete,
  'SNOWFLAKE.CORTEX.COMPLETE': cortexCompleteLegacy,
};

/** Words usable without parentheses that are function calls (`CURRENT_DATE`). */
export const NILADIC_FUNCTIONS: ReadonlySet<string> = new Set(['CURRENT_DATE', 'CURRENT_TIMESTAMP', 'LOCALTIMESTAMP']);
