/**
 * Snowflake's fixed-position numeric format models (`TO_CHAR(x, '$999,999.00')`, `TO_NUMBER(s,
 * '9,999.99')`): one parsed model serves printing and reading, each as DuckDB SQL over the
 * support macros (sf_fixed_digits, sf_read_number, ...). The reference throughout is Snowflake's
 * `sql-format-models` page.
 */
import type { CallSite } from './functions';
import { sqlLiteral } from './tokenizer';

/**
 * A fixed-position numeric format model (`'$999,999.00'`), the one description of it that both
 * TO_CHAR printing and TO_NUMBER reading work from. Only models whose text the reference pins
 * down are built (see numberModel); `sql-format-models` is the reference throughout.
 */
interface NumberModel {
  /** FM: the blanks the numeric elements print are left out. */
  readonly compact: boolean;
  /** Literal text before and after the number. */
  readonly prefix: string;
  readonly suffix: string;
  /** `%` (in the prefix or suffix): the number is printed times 100. */
  readonly percent: boolean;
  readonly leadingSign?: 'S' | 'MI';
  readonly trailingSign?: 'S' | 'MI';
  readonly dollar: boolean;
  /** B: a zero integer part is blank rather than `0`. */
  readonly blankZero: boolean;
  /** X digits (hexadecimal), and the case their letters print in. */
  readonly hex?: 'upper' | 'lower';
  /** The digit positions before the decimal point, in runs between group separators (`9,999` is [1, 3]). */
  readonly groups: readonly number[];
  /** 0 elements before the decimal point: the last positions (`990`), or before X digits (`0XXX`). */
  readonly zeros: number;
  /** Digit positions after the decimal point, and how many of them, from the point on, are 0 elements. */
  readonly fraction?: { readonly digits: number; readonly zeros: number };
}

/** Numeric format elements (case-insensitive, X's case kept) and what they are. */
const MODEL_ELEMENTS: readonly (readonly [string, string])[] = [
  ['FM', 'FM'],
  ['MI', 'MI'],
  ['S', 'S'],
  ['$', '$'],
  ['B', 'B'],
  ['9', '9'],
  ['0', '0'],
  ['X', 'X'],
  ['.', '.'],
  ['D', '.'],
  [',', ','],
  ['G', ','],
  ['%', '%'],
];
/** Symbols a numeric format prints as they are, without double quotes. */
const MODEL_SYMBOLS = ';:-=/()';
const MODEL_HELP =
  'Numeric formats take 9, 0, X, . or D, , or G, $, S, MI, B, FM, % and literals ("text" or ; : - = / ( )); date formats take YYYY, YY, MM, MON, MMMM, DD, DY, HH24, HH12, MI, SS, FF, AM/PM and TZH:TZM.';

/** Why a character where an element was expected is refused. */
function refusedElement(rest: string): string {
  if (/^E/i.test(rest)) {
    return "the exponent elements (EE to EEEEEEE): the reference's one example, TO_CHAR(1234, '9d999EE') = '1.234E3', lacks the blank its own rules reserve for the sign, so the exact text is not known";
  }
  if (/^TM/i.test(rest)) return 'the text-minimal elements TM, TM9 and TME';
  if (/^FX/i.test(rest)) return 'FX (exact matching)';
  if (rest[0] === '|') return 'alternative formats (|), which only TO_NUMBER reads';
  return `'${rest[0]}', which is no element of a numeric format (write literal text in double quotes)`;
}

type ModelToken = { readonly kind: string; readonly text: string };

/** A format's elements and literals (a double-quoted literal, `""` inside it being one quote), or why one is refused. */
function modelTokens(format: string): ModelToken[] | string {
  const tokens: ModelToken[] = [];
  for (let k = 0; k < format.length; ) {
    if (format[k] === '"') {
      let text = '';
      let close = format.indexOf('"', k + 1);
      while (close >= 0 && format[close + 1] === '"') {
        text += `${format.slice(k + 1, close)}"`;
        k = close + 1;
        close = format.indexOf('"', k + 1);
      }
      if (close < 0) return 'an unclosed double quote';
      tokens.push({ kind: 'literal', text: text + format.slice(k + 1, close) });
      k = close + 1;
      continue;
    }
    const upper = format.slice(k).toUpperCase();
    const element = MODEL_ELEMENTS.find(([written]) => upper.startsWith(written));
    const text = format.slice(k, k + (element?.[0].length ?? 1));
    if (element) tokens.push({ kind: element[1], text });
    else if (MODEL_SYMBOLS.includes(text)) tokens.push({ kind: 'literal', text });
    else return refusedElement(format.slice(k));
    k += text.length;
  }
  return tokens;
}

const isDigitToken = (token: ModelToken | undefined): boolean => token !== undefined && '90X'.includes(token.kind);

/**
 * The model a format describes, or why it is refused: `[FM] literals [S|MI] [$] [B] digits
 * [S|MI] literals`, the digits being 9s then 0s (or 0s then Xs) with group separators between
 * them, then a decimal point and 0s then 9s. Combinations the reference shows no text for
 * (B or $ with S or MI, S or MI on both sides, X with MI, $ or B) are refused.
 */
function numberModel(format: string): NumberModel | string {
  const tokens = modelTokens(format);
  if (typeof tokens === 'string') return tokens;
  let k = 0;
  const take = (...kinds: string[]): ModelToken | undefined => (k < tokens.length && kinds.includes(tokens[k].kind) ? tokens[k++] : undefined);
  const literals = (): ModelToken[] => {
    const taken: ModelToken[] = [];
    for (let token = take('literal', '%'); token; token = take('literal', '%')) taken.push(token);
    return taken;
  };
  const compact = take('FM') !== undefined;
  const before = literals();
  const leadingSign = take('S', 'MI')?.kind as 'S' | 'MI' | undefined;
  const dollar = take('$') !== undefined;
  const blankZero = take('B') !== undefined;
  const digits: ModelToken[] = [];
  for (let token = take('9', '0', 'X', ',', '.'); token; token = take('9', '0', 'X', ',', '.')) digits.push(token);
  const trailingSign = leadingSign ? undefined : (take('S', 'MI')?.kind as 'S' | 'MI' | undefined);
  const after = literals();
  if (k < tokens.length) return `'${tokens[k].text}' where it stands`;
  if (!digits.some(isDigitToken)) return 'no digit (9, 0 or X)';
  if (!isDigitToken(digits[0])) return `a '${digits[0].text}' that follows no digit (the reference prints it as a literal)`;

  const point = digits.findIndex((token) => token.kind === '.');
  const whole = point < 0 ? digits : digits.slice(0, point);
  const fraction = point < 0 ? [] : digits.slice(point + 1);
  if (point >= 0 && (fraction.length === 0 || !fraction.every(isDigitToken))) return 'a decimal point not followed by digits only';
  if (whole.some((token, i) => token.kind === ',' && !isDigitToken(whole[i + 1]))) return 'a group separator not followed by a digit';
  const kinds = (run: readonly ModelToken[]): string => run.filter(isDigitToken).map((token) => token.kind).join('');
  const percents = [...before, ...after].filter((token) => token.kind === '%').length;
  const text = (run: readonly ModelToken[]): string => run.map((token) => token.text).join('');
  const model = {
    compact,
    prefix: text(before),
    suffix: text(after),
    percent: percents > 0,
    ...(leadingSign ? { leadingSign } : {}),
    ...(trailingSign ? { trailingSign } : {}),
    dollar,
    blankZero,
    groups: whole.reduce((runs, token) => (token.kind === ',' ? [...runs, 0] : [...runs.slice(0, -1), runs[runs.length - 1] + 1]), [0]),
    zeros: kinds(whole).split('').filter((kind) => kind === '0').length,
  };
  if (percents > 1) return 'a second %';
  if (/X/.test(kinds(digits))) {
    const letters = new Set(whole.filter((token) => token.kind === 'X').map((token) => token.text));
    if (!/^0*X+$/.test(kinds(whole)) || point >= 0 || model.groups.length > 1) return 'X digits with 9, a decimal point or group separators, or a 0 after an X';
    if (letters.size > 1) return 'both X and x';
    if (dollar || blankZero || percents || trailingSign || leadingSign === 'MI') return 'X with $, B, %, MI or a sign after the digits (only S before them is documented)';
    if (whole.length > 31) return 'more than 31 X digits (a 128-bit number)';
    return { ...model, hex: letters.has('x') ? 'lower' : 'upper' };
  }
  if (!/^9*0*$/.test(kinds(whole))) return 'a 9 after a 0 before the decimal point (the reference does not say whether the 0 fills the 9s after it)';
  if (!/^0*9*$/.test(kinds(fraction))) return 'a 0 after a 9 after the decimal point';
  if (blankZero && (leadingSign || trailingSign || dollar || model.zeros)) return 'B with S, MI, $ or a 0 digit';
  if (dollar && (leadingSign || trailingSign)) return '$ with S or MI';
  if (digitCount(model) + fraction.length > 38) return 'more than 38 digits';
  return point < 0 ? model : { ...model, fraction: { digits: fraction.length, zeros: kinds(fraction).replace(/9+$/, '').length } };
}

/** The model a format literal describes; the call is refused with the reason otherwise. */
export function numberModelOf(call: CallSite, format: string): NumberModel {
  const model = numberModel(format);
  if (typeof model === 'string') call.unsupported(`${call.name} format '${format}'`, `Not run locally: ${model}. ${MODEL_HELP}`);
  return model;
}

const digitCount = (model: NumberModel): number => model.groups.reduce((sum, run) => sum + run, 0);

/**
 * TO_CHAR(x, model): the text Snowflake prints, over sf_fixed_digits' parts `d` of x. The
 * integer digits are right-aligned in the digit positions, blank before the first (a 0 element
 * prints a 0, and a zero integer part a single 0 unless B); a group separator prints where a digit
 * is before it; the decimals after their last nonzero digit are blank unless 0 elements. The sign
 * (a blank for a positive number unless S) and `$` stand just before the first character printed,
 * an MI before the digits stays where it is. A number with more integer digits than the model has
 * prints every digit position as `#`.
 */
export function printNumberSql(call: CallSite, model: NumberModel): string {
  const n = digitCount(model);
  const decimals = model.fraction?.digits ?? 0;
  const signOr = (positive: string): string => `CASE WHEN d.neg THEN '-' ELSE '${positive}' END`;
  let body: string;
  let overflow: string;
  if (model.hex) {
    const capacity = `${16n ** BigInt(n)}::HUGEINT`;
    const value = "CASE WHEN d.int = '' THEN 0::HUGEINT ELSE CAST(d.int AS HUGEINT) END";
    // Without S a negative number prints as unsigned, its top bits all ones.
    const unsigned = model.leadingSign === undefined;
    overflow = `d.int IS NULL OR ${value} ${unsigned ? `> CASE WHEN d.neg THEN ${capacity} // 2 ELSE ${capacity} - 1 END` : `>= ${capacity}`}`;
    const word = unsigned ? `CASE WHEN d.neg THEN ${capacity} - ${value} ELSE ${value} END` : value;
    const digits = model.hex === 'lower' ? `lower(hex(${word}))` : `hex(${word})`;
    body = `CASE WHEN ${overflow} THEN '${'#'.repeat(n)}' ELSE lpad(${digits}, ${n}, '${model.zeros ? '0' : ' '}') END`;
  } else {
    overflow = 'd.int IS NULL';
    const core = model.zeros ? `repeat('0', greatest(${model.zeros} - length(d.int), 0)) || d.int` : model.blankZero ? 'd.int' : "CASE WHEN d.int = '' THEN '0' ELSE d.int END";
    const field = `CASE WHEN ${overflow} THEN '${'#'.repeat(n)}' ELSE lpad(${core}, ${n}, ' ') END`;
    const separators = model.groups.slice(0, -1).map((_, i) => model.groups.slice(0, i + 1).reduce((sum, run) => sum + run, 0));
    body = separators.length ? `sf_digit_groups(${field}, [${separators.join(', ')}])` : field;
    if (model.fraction) {
      const { digits, zeros } = model.fraction;
      const kept = `CASE WHEN length(rtrim(d.frac, '0')) >= ${zeros} THEN rtrim(d.frac, '0') ELSE left(d.frac, ${zeros}) END`;
      body += ` || '.' || CASE WHEN ${overflow} THEN '${'#'.repeat(digits)}' ELSE rpad(${kept}, ${digits}, ' ') END`;
    }
  }
  let text: string;
  if (model.leadingSign === 'MI') text = `${signOr(' ')} || ${body}`;
  else if (model.trailingSign) text = `${body} || ${signOr(model.trailingSign === 'S' ? '+' : ' ')}`;
  else if (model.hex && !model.leadingSign) text = body;
  else {
    const floating = `${signOr(model.leadingSign === 'S' ? '+' : ' ')}${model.dollar ? " || '$'" : ''}`;
    text = `list_transform([${body}], lambda b: repeat(' ', length(b) - length(ltrim(b, ' '))) || ${floating} || ltrim(b, ' '))[1]`;
  }
  if (model.compact) text = `replace(${text}, ' ', '')`;
  const printed = [model.prefix && sqlLiteral(model.prefix), text, model.suffix && sqlLiteral(model.suffix)].filter(Boolean).join(' || ');
  const signed = model.leadingSign !== undefined || model.trailingSign !== undefined;
  const refused = `(${overflow}) AND ${signed ? 'true' : 'd.neg'}`;
  const message = sqlLiteral(`${call.name}: Snowflake prints # for a positive number too large for its format; what it prints for a negative or signed one is not documented`);
  const digits = `sf_fixed_digits('${call.name}', ${call.arg(0)}, ${model.hex ? 38 : n}, ${decimals}, ${model.percent ? 2 : 0})`;
  return `list_transform([${digits}], lambda d: CASE WHEN d IS NULL THEN NULL WHEN ${refused} THEN error(${message}) ELSE ${printed} END)[1]`;
}

/**
 * The text a model reads, as a regular expression with four groups: the sign before the number,
 * the integer digits (group separators included), the decimals and the sign after it. `strict`
 * is what the reference documents for its default lax mode: white space around the text; a
 * sign before the digits as printed ('-' only without S or MI), spaces after it; at most as many
 * digits as positions and at least one (none before the point with B), and a digit for each 0
 * element; group separators optional but, when written, where the model has them; the decimal
 * point optional before an empty fraction; MI taking '+'. Otherwise also the forms the reference
 * leaves open: a '+' where only '-' prints, no sign for S, no `$`, spaces before a sign after the
 * digits or around `$`, leading zeros beyond the positions, fewer group separators than the
 * digits would have.
 */
function readPattern(model: NumberModel, strict: boolean): string {
  const n = digitCount(model);
  const sign = (documented: string): string => (strict ? documented : '([+-]?) *');
  let before = '()';
  let after = '()';
  if (model.leadingSign) before = sign(model.leadingSign === 'S' ? '([+-]) *' : '([+-]?) *');
  else if (!model.trailingSign && !model.hex) before = strict ? (model.dollar ? '(-?)\\$' : '(-?) *') : `([+-]?) *${model.dollar ? '\\$? *' : ''}`;
  else if (!model.trailingSign) before = sign('()');
  if (model.trailingSign) after = strict ? (model.trailingSign === 'S' ? '([+-])' : '([+-]?)') : ' *([+-]?)';
  let integer: string;
  if (model.hex) integer = strict ? `([0-9A-Fa-f]{${model.zeros ? n : 1},${n}})` : `0*([0-9A-Fa-f]{1,${n}})`;
  else {
    const least = Math.max(model.zeros, model.blankZero ? 0 : 1);
    const forms = [`[0-9]{${least},${n}}`];
    for (let written = 2; written <= model.groups.length; written++) {
      const exact = model.groups.slice(-(written - 1));
      const rest = exact.reduce((sum, run) => sum + run, 0);
      const first = strict ? model.groups[model.groups.length - written] : n - rest;
      const low = Math.max(1, least - rest);
      if (low <= first) forms.push(`[0-9]{${low},${first}}${exact.map((run) => `,[0-9]{${run}}`).join('')}`);
    }
    integer = `${strict ? '' : '0*'}((?:${forms.join('|')}))`;
  }
  const fraction = !model.fraction
    ? '()'
    : model.fraction.zeros
      ? `\\.([0-9]{${model.fraction.zeros},${model.fraction.digits}})`
      : `(?:\\.([0-9]{0,${model.fraction.digits}}))?`;
  return `^[ \\t\\n\\r\\f\\v]*${before}${integer}${fraction}${after}[ \\t\\n\\r\\f\\v]*$`;
}

/**
 * TO_NUMBER(text, format, precision, scale): each alternative of the format (`MI999|999MI`) reads
 * the text by readPattern into a NUMBER with the largest scale they have, which is then rounded
 * (half away from zero, as any NUMBER cast) to the scale asked for.
 */
export function readNumberSql(call: CallSite, format: string, precision: string, scale: string, tryCast: boolean): string {
  const models = splitAlternatives(format).map((alternative) => {
    const model = numberModelOf(call, alternative);
    if (model.compact || model.prefix || model.suffix) {
      call.unsupported(`${call.name} format '${format}'`, 'Not run locally: FM, % and literals, whose matching rules for input the reference leaves partly open.');
    }
    return model;
  });
  const decimals = Math.max(...models.map((model) => model.fraction?.digits ?? 0));
  const values = models.map((model) => {
    const pattern = sqlLiteral(readPattern(model, true));
    const negative = "r.l = '-' OR r.t = '-'";
    const value = model.hex
      ? `CASE WHEN ${negative} THEN -1 ELSE 1 END * sf_hex_value(r.i)`
      : `(CASE WHEN ${negative} THEN '-' ELSE '' END || CASE WHEN r.i = '' THEN '0' ELSE replace(r.i, ',', '') END || CASE WHEN r.f = '' THEN '' ELSE '.' || r.f END)`;
    // With B the text may hold no digit at all, which the reference does not cover.
    const matches = `regexp_full_match(s, ${pattern})${model.hex ? '' : " AND regexp_matches(s, '[0-9]')"}`;
    return `CASE WHEN ${matches} THEN list_transform([regexp_extract(s, ${pattern}, ['l', 'i', 'f', 't'])], lambda r: CAST(${value} AS DECIMAL(38,${decimals})))[1] END`;
  });
  const unclear = models.map((model) => `regexp_full_match(s, ${sqlLiteral(readPattern(model, false))})`).join(' OR ');
  const read = `list_transform([sf_format_input('${call.name}', ${call.arg(0)})], lambda s: sf_read_number('${call.name}', ${sqlLiteral(format)}, s, [${values.join(', ')}], ${unclear}, ${tryCast}))[1]`;
  return `${tryCast ? 'TRY_CAST' : 'CAST'}(${read} AS DECIMAL(${precision},${scale}))`;
}

/** A format's alternatives, split at each `|` outside double quotes. */
function splitAlternatives(format: string): string[] {
  const alternatives = [''];
  let quoted = false;
  for (const ch of format) {
    if (ch === '"') quoted = !quoted;
    if (ch === '|' && !quoted) alternatives.push('');
    else alternatives[alternatives.length - 1] += ch;
  }
  return alternatives;
}

