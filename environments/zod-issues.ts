/**
 * Turns zod issues into the contract's lines: what is wrong, where, the value as written, what
 * is allowed and how to fix it. This is the one place that knows zod's issue codes; what is
 * allowed is read from the schema itself (field lists, bounds, enums, `examples` metadata) so a
 * new field gets a useful message without a message of its own. Only regex patterns need words
 * here, in PATTERN_HELP, since a pattern cannot describe itself.
 */
import { z } from 'zod';
import { ConfigIssue, closest, formatPath, quotedAlternatives, showValue } from './issues';
import {
  AWS_REGION_PATTERN,
  COMMISSION_PLAN_CODE_PATTERN,
  CUSTOM_CHECKS,
  IAM_ROLE_ARN_PATTERN,
  LOCATION_ID_PATTERN,
  RESERVED_TENANT_IDS,
  S3_BUCKET_PATTERN,
  S3_KEY_PREFIX_PATTERN,
  S3_URL_PATTERN,
  SNOWFLAKE_NAME_PATTERN,
  SNOWFLAKE_REGION_PATTERN,
  TASK_SCHEDULE_PATTERN,
  TENANT_ID_PATTERN,
  cronTimeZone,
} from './schema';
import { TIME_ZONE_HELP, suggestTimeZones } from './time-zones';

// ---------------------------------------------------------------------------------------------
// Patterns

export interface PatternHelp {
  /** What the value is, for the problem: `invalid <what>`. */
  readonly what: string;
  /** What the pattern allows, in words. */
  readonly allowed: string;
  /** A valid value, shown when `fix` has nothing better. */
  readonly example: string;
  /** The bad value made valid when that is mechanical (case, separators); checked against the pattern. */
  readonly fix?: (value: string) => string;
}

const lowerCaseId = (value: string): string =>
  value.trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '');

/** Human descriptions of the patterns the schema uses, keyed by the pattern's source. */
const PATTERN_HELP = new Map<string, PatternHelp>(
  (
    <Array<[RegExp, PatternHelp]>>[
      [
        TENANT_ID_PATTERN,
        {
          what: 'tenant id',
          allowed: 'a lower-case letter, then 1-29 lower-case letters, digits or _',
          example: 'acme_vision',
          fix: (v) => {
            const id = lowerCaseId(v).slice(0, 30);
            return (RESERVED_TENANT_IDS as readonly string[]).includes(id) ? `${id}_group` : id;
          },
        },
      ],
      [
        LOCATION_ID_PATTERN,
        { what: 'location id', allowed: 'a lower-case letter, then up to 29 lower-case letters, digits or _', example: 'main_street', fix: (v) => lowerCaseId(v).slice(0, 30) },
      ],
      [
        COMMISSION_PLAN_CODE_PATTERN,
        {
          what: 'commission plan code',
          allowed: 'a lower-case letter, then up to 39 lower-case letters, digits or _',
          example: 'dispensary_3pct',
          fix: (v) => lowerCaseId(v).slice(0, 40),
        },
      ],
      [
        TASK_SCHEDULE_PATTERN,
        {
          what: 'task schedule',
          allowed: "'<1-11520> MINUTE' or 'USING CRON <min> <hour> <day> <month> <weekday> <time zone>'",
          example: '60 MINUTE',
          fix: (v) => {
            const minutes = /^\s*(\d+)\s*(?:m|mins?|minutes?)\s*$/i.exec(v);
            if (minutes) return `${Number(minutes[1])} MINUTE`;
            return v.trim().replace(/\s+/g, ' ').replace(/^using cron /i, 'USING CRON ');
          },
        },
      ],
      [
        SNOWFLAKE_NAME_PATTERN,
        {
          what: 'Snowflake name',
          allowed: 'an upper-case letter, then up to 254 upper-case letters, digits or _',
          example: 'EYECARE_PROD',
          fix: (v) => v.trim().toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^[^A-Z]+/, ''),
        },
      ],
      [
        SNOWFLAKE_REGION_PATTERN,
        {
          what: 'Snowflake region id',
          allowed: 'a Snowflake region id: the cloud (AWS, AZURE or GCP), _ and the region, in upper case with _ between words',
          example: 'AWS_US_EAST_1',
          fix: (v) => {
            const upper = v.trim().toUpperCase().replace(/[-\s]+/g, '_');
            return /^[A-Z]{2}_[A-Z]+_\d$/.test(upper) ? `AWS_${upper}` : upper;
          },
        },
      ],
      [
        S3_URL_PATTERN,
        {
          what: 'S3 URL',
          allowed: "an S3 URL ending in '/': s3://<bucket>/<prefix>/",
          example: 's3://eyecare-prod-exports/practices/',
          fix: (v) => (v.trim().endsWith('/') ? v.trim() : `${v.trim()}/`),
        },
      ],
      [
        IAM_ROLE_ARN_PATTERN,
        { what: 'IAM role ARN', allowed: 'an IAM role ARN: arn:aws:iam::<12-digit account id>:role/<role name>', example: 'arn:aws:iam::123456789012:role/eyecare-ingest' },
      ],
      [
        S3_BUCKET_PATTERN,
        {
          what: 'S3 bucket name',
          allowed: '3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit',
          example: 'eyecare-prod-tfstate',
          fix: (v) =>
            v
              .trim()
              .toLowerCase()
              .replace(/^s3:\/\/([^/]*).*$/, '$1')
              .replace(/[_\s]+/g, '-')
              .replace(/[^a-z0-9.-]/g, '')
              .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, ''),
        },
      ],
      [
        AWS_REGION_PATTERN,
        {
          what: 'AWS region',
          allowed: 'an AWS region id: two lower-case letters, a word and a digit joined by hyphens',
          example: 'us-east-1',
          fix: (v) => v.trim().toLowerCase().replace(/^aws[_-]/, '').replace(/[_\s]+/g, '-'),
        },
      ],
      [
        S3_KEY_PREFIX_PATTERN,
        {
          what: 'S3 key prefix',
          allowed: "lower-case letters, digits, '/', '_' and '-', starting with a letter or digit (no leading '/')",
          example: 'eyecare/prod',
          fix: (v) => v.trim().toLowerCase().replace(/\s+/g, '-').replace(/^[^a-z0-9]+/, ''),
        },
      ],
    ]
  ).map(([pattern, help]) => [pattern.source, help]),
);

/** The help for a pattern; `pattern` is a RegExp or zod's `/source/flags` rendering of one. */
export function patternHelp(pattern: RegExp | string): PatternHelp | undefined {
  const source = typeof pattern === 'string' ? pattern.replace(/^\/|\/[a-z]*$/g, '') : pattern.source;
  return PATTERN_HELP.get(source);
}

/** `<what the pattern allows>, e.g. "<the value fixed, or the example>"`. */
export function describePattern(pattern: RegExp, value: unknown): string {
  const help = patternHelp(pattern);
  if (!help) return `text matching ${String(pattern)}`;
  const fixed = typeof value === 'string' && help.fix ? help.fix(value) : undefined;
  const example = fixed !== undefined && fixed !== value && pattern.test(fixed) ? fixed : help.example;
  return `${help.allowed}, e.g. ${JSON.stringify(example)}`;
}

// ---------------------------------------------------------------------------------------------
// Reading the schema

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  keyType?: AnySchema;
  valueType?: AnySchema;
  entries?: Record<string, string | number>;
  checks?: Array<{ _zod: { def: CheckDef } }>;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  params?: { check?: string };
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly']);

/** A field's schema with its wrappers: `layers[0]` as declared, `node` with optional/default removed. */
interface Field {
  readonly layers: readonly AnySchema[];
  readonly node: AnySchema;
  readonly def: Def;
  readonly optional: boolean;
}

function field(schema: AnySchema): Field {
  const layers = [schema];
  for (;;) {
    const def = layers[layers.length - 1]!._zod.def as Def;
    if (!WRAPPERS.has(def.type) || !def.innerType) break;
    layers.push(def.innerType);
  }
  const node = layers[layers.length - 1]!;
  return { layers, node, def: node._zod.def as Def, optional: layers.some((l) => WRAPPERS.has((l._zod.def as Def).type) && (l._zod.def as Def).type !== 'nullable') };
}

/** The schema of the value at `at`, or undefined when the path leaves the schema. */
function fieldAt(root: AnySchema, at: readonly PropertyKey[]): Field | undefined {
  let current = field(root);
  for (const key of at) {
    const { def } = current;
    const next = def.type === 'object' ? def.shape?.[String(key)] : def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
    if (!next) return undefined;
    current = field(next);
  }
  return current;
}

function checksOf(f: Field): CheckDef[] {
  return f.layers.flatMap((layer) => ((layer._zod.def as Def).checks ?? []).map((c) => c._zod.def));
}

function regexOf(f: Field): RegExp | undefined {
  return checksOf(f).find((c) => c.check === 'string_format' && c.format === 'regex')?.pattern;
}

function customCheckOf(f: Field): string | undefined {
  return checksOf(f).find((c) => c.check === 'custom' && c.params?.check)?.params?.check;
}

/** The first of the `examples` given in the schema's metadata on any of its layers. */
function ownExample(f: Field): unknown {
  for (const layer of f.layers) {
    const examples = z.globalRegistry.get(layer)?.examples;
    if (Array.isArray(examples) && examples.length > 0) return examples[0];
  }
  return undefined;
}

/** An example value for the field at `at`: its own, or the matching part of an enclosing field's. */
function exampleAt(root: AnySchema, at: readonly PropertyKey[]): unknown {
  let f = field(root);
  let example = ownExample(f);
  for (const key of at) {
    const { def } = f;
    const next = def.type === 'object' ? def.shape?.[String(key)] : def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
    if (!next) return undefined;
    if (example !== null && typeof example === 'object') {
      const e = example as Record<PropertyKey, unknown>;
      example = def.type === 'object' ? e[key] : def.type === 'array' ? (example as unknown[])[0] : Object.values(e)[0];
    } else example = undefined;
    f = field(next);
    example = ownExample(f) ?? example;
  }
  if (example !== undefined) return example;
  const pattern = regexOf(f);
  if (pattern) return patternHelp(pattern)?.example;
  if (f.def.type === 'enum' && f.def.entries) return Object.values(f.def.entries)[0];
  if (f.def.type === 'object' && at.length > 0) {
    // A mapping without an example of its own: its required fields' examples, if they all have one.
    const required = Object.entries(f.def.shape ?? {}).filter(([, s]) => !field(s).optional);
    const parts = required.map(([key]) => [key, exampleAt(root, [...at, key])] as const);
    if (parts.length > 0 && parts.every(([, v]) => v !== undefined)) return Object.fromEntries(parts);
  }
  return undefined;
}

interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}

function numberBounds(f: Field): { min?: Bound; max?: Bound; whole: boolean } {
  let min: Bound | undefined;
  let max: Bound | undefined;
  let whole = false;
  for (const c of checksOf(f)) {
    // The tightest bound wins; at the same value an exclusive bound is the tighter one.
    const tighter = (b: Bound | undefined, value: number, inclusive: boolean, sign: 1 | -1): boolean =>
      !b || sign * (value - b.value) > 0 || (value === b.value && !inclusive);
    if (c.check === 'greater_than' && typeof c.value === 'number' && tighter(min, c.value, c.inclusive ?? true, 1)) min = { value: c.value, inclusive: c.inclusive ?? true };
    if (c.check === 'less_than' && typeof c.value === 'number' && tighter(max, c.value, c.inclusive ?? true, -1)) max = { value: c.value, inclusive: c.inclusive ?? true };
    if (c.check === 'number_format' && /int/.test(c.format ?? '')) whole = true;
  }
  return { min, max, whole };
}

/** `a number from 60 to 86400`, `a number greater than 0 and at most 100`, ... */
function rangeText(f: Field | undefined, whole: boolean, fallback?: { min?: Bound; max?: Bound }): string {
  const bounds = f && numberBounds(f);
  const min = bounds?.min ?? fallback?.min;
  const max = bounds?.max ?? fallback?.max;
  const noun = whole ? 'a whole number' : 'a number';
  if (min && max && min.inclusive && max.inclusive) return `${noun} from ${min.value} to ${max.value}`;
  const low = min && (min.inclusive ? `at least ${min.value}` : `greater than ${min.value}`);
  const high = max && (max.inclusive ? `at most ${max.value}` : `less than ${max.value}`);
  if (low && high) return `${noun} ${low} and ${high}`;
  if (low) return min!.inclusive ? `${noun} of ${low}` : `${noun} ${low}`;
  if (high) return max!.inclusive ? `${noun} of ${high}` : `${noun} ${high}`;
  return noun;
}

function list(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** `the fields a and b (optional: c, d)` for an object schema. */
function fieldsText(f: Field): string {
  const shape = Object.entries(f.def.shape ?? {}).filter(([key]) => key !== '$schema');
  const required = shape.filter(([, s]) => !field(s).optional).map(([key]) => key);
  const optional = shape.filter(([, s]) => field(s).optional).map(([key]) => key);
  if (required.length === 0) return `any of the fields ${optional.join(', ')}`;
  return `the field${required.length === 1 ? '' : 's'} ${list(required)}${optional.length ? ` (optional: ${optional.join(', ')})` : ''}`;
}

/** `tenants` -> `tenant`, `commission_plans` -> `commission plan`. */
function singular(key: PropertyKey | undefined): string {
  const words = typeof key === 'string' ? key.replace(/_/g, ' ') : 'entry';
  return words.endsWith('ies') ? `${words.slice(0, -3)}y` : words.endsWith('s') ? words.slice(0, -1) : words;
}

function plural(noun: string): string {
  return noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}

/** What a record's keys are called: the key pattern's name, or `<entry> id`. */
function keyNoun(f: Field, key: PropertyKey | undefined): string {
  const pattern = f.def.keyType ? regexOf(field(f.def.keyType)) : undefined;
  return (pattern && patternHelp(pattern)?.what) ?? `${singular(key)} id`;
}

/** In words, what the field at `at` holds; for the "allowed" part and missing-field hints. */
function allowedText(root: AnySchema, at: readonly PropertyKey[], f: Field, value?: unknown): string {
  const key = lastKey(at);
  switch (f.def.type) {
    case 'object':
      return `a mapping with ${fieldsText(f)}`;
    case 'record':
      return `a mapping of ${plural(keyNoun(f, key))} to ${singular(key)} entries`;
    case 'array':
      return `a list of ${plural(singular(key))}`;
    case 'boolean':
      return 'true or false';
    case 'number':
      return rangeText(f, numberBounds(f).whole);
    case 'enum':
      return `one of ${Object.values(f.def.entries ?? {}).join(', ')}`;
    case 'string': {
      const pattern = regexOf(f);
      if (pattern) return describePattern(pattern, value);
      if (customCheckOf(f) === CUSTOM_CHECKS.timeZone) return TIME_ZONE_HELP;
      const length = checksOf(f);
      const min = length.find((c) => c.check === 'min_length')?.minimum;
      const max = length.find((c) => c.check === 'max_length')?.maximum;
      if (min !== undefined && max !== undefined) return `text of ${min} to ${max} characters`;
      return 'text';
    }
    default: {
      const example = exampleAt(root, at);
      return example === undefined ? f.def.type : `a value like ${flowYaml(example)}`;
    }
  }
}

function lastKey(at: readonly PropertyKey[]): PropertyKey | undefined {
  return at[at.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Examples as YAML

const RESERVED_SCALARS = /^(?:true|false|yes|no|on|off|null|~|-?[\d.]+(?:e[+-]?\d+)?|\.inf|\.nan)$/i;

/** One-line YAML (flow style) for an example value. */
export function flowYaml(value: unknown): string {
  if (typeof value === 'string') {
    const plain = /^[A-Za-z_./][A-Za-z0-9_ ./:@+=-]*$/.test(value) && !/: |:$| #| $/.test(value) && !RESERVED_SCALARS.test(value);
    return plain ? value : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${flowYaml(v)}`).join(', ')} }`;
  }
  return String(value);
}

/**
 * The example as YAML a reader can copy. Lists and keyed maps are where block structure
 * matters (a `- ` too many or too few), so those come as two lines; the contract keeps one
 * line per problem, so the lines are quoted one after the other.
 */
function exampleText(root: AnySchema, at: readonly PropertyKey[], f: Field): string | undefined {
  const example = exampleAt(root, at);
  if (example === undefined) return undefined;
  const key = lastKey(at);
  const head = typeof key === 'string' ? `${key}:` : undefined;
  if (f.def.type === 'array' && Array.isArray(example) && example.length > 0 && head) {
    return `the two lines ${JSON.stringify(head)} and ${JSON.stringify(`  - ${flowYaml(example[0])}`)}`;
  }
  if (f.def.type === 'record' && example !== null && typeof example === 'object' && head) {
    const [entryKey, entry] = Object.entries(example)[0] ?? [];
    if (entryKey !== undefined) return `the two lines ${JSON.stringify(head)} and ${JSON.stringify(`  ${entryKey}: ${flowYaml(entry)}`)}`;
  }
  if (typeof key === 'number') return `- ${flowYaml(example)}`;
  return head ? `${head} ${flowYaml(example)}` : flowYaml(example);
}

// ---------------------------------------------------------------------------------------------
// Issues

/** The value at a path in the parsed document, undefined where the path does not exist. */
export function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of at) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function knownKeys(root: AnySchema, at: readonly PropertyKey[]): string[] {
  const f = fieldAt(root, at);
  return f?.def.type === 'object' && f.def.shape ? Object.keys(f.def.shape).filter((k) => k !== '$schema') : [];
}

const YAML_TRUE = /^(?:true|yes|on|y)$/i;
const YAML_FALSE = /^(?:false|no|off|n)$/i;

/** The line for a value of the wrong type (it is present: missing values are handled before). */
function wrongType(root: AnySchema, at: readonly PropertyKey[], expected: string, value: unknown, f: Field | undefined): { problem: string; allowed: string } {
  const key = lastKey(at);
  const named = typeof key === 'string' ? `"${key}:"` : 'the "- "';
  const emptyFix = `write a value after ${named}${f?.optional ? ', or delete the line' : ''}`;
  const withExample = (text: string): string => {
    const example = f && exampleText(root, at, f);
    return example ? `${text}, e.g. ${example}` : text;
  };
  if (!f) return { problem: 'wrong type', allowed: `expected ${expected}` };
  const allowed = allowedText(root, at, f, value);
  switch (f.def.type) {
    case 'object': {
      const fix = Array.isArray(value)
        ? 'remove the "- " in front of its fields'
        : typeof key === 'number'
          ? 'write its fields after the "- "'
          : `write its fields indented on the lines under ${named}${value === null && f.optional ? ', or delete the line' : ''}`;
      return { problem: 'not a mapping', allowed: withExample(`${allowed}; ${fix}`) };
    }
    case 'record': {
      const noun = singular(key);
      const fix = Array.isArray(value)
        ? `write each ${noun} under its ${keyNoun(f, key)} instead of after "- "`
        : `write each ${noun} indented under ${named} as "<${keyNoun(f, key)}>:" and its fields${value === null && f.optional ? ', or delete the line' : ''}`;
      return { problem: 'not a mapping', allowed: withExample(`${allowed}; ${fix}`) };
    }
    case 'array': {
      const fix =
        value === null ? emptyFix : `write each ${singular(key)} on its own line starting with "- ", indented under ${named}`;
      return { problem: 'not a list', allowed: withExample(`${allowed}; ${fix}`) };
    }
    case 'number': {
      const whole = expected === 'int';
      const problem = whole && typeof value === 'number' ? 'not a whole number' : 'not a number';
      const text = rangeText(f, whole || numberBounds(f).whole);
      const numeric = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
      const fix =
        value === null
          ? emptyFix
          : numeric
            ? `remove the quotes: ${String(key)}: ${Number(value)}`
            : typeof value === 'number' && whole
              ? `round it, e.g. ${String(key)}: ${nearestWhole(f, value)}`
              : `write digits, e.g. ${String(key)}: ${String(exampleNumber(f))}`;
      return { problem, allowed: `${text}; ${fix}` };
    }
    case 'boolean': {
      const meant = typeof value === 'string' ? (YAML_TRUE.test(value.trim()) ? true : YAML_FALSE.test(value.trim()) ? false : undefined) : undefined;
      const fix = value === null ? emptyFix : meant !== undefined ? `write ${String(key)}: ${meant} without quotes` : `write ${String(key)}: true or ${String(key)}: false`;
      return { problem: 'not true or false', allowed: `true or false; ${fix}` };
    }
    case 'string': {
      const fix =
        value === null
          ? emptyFix
          : typeof value === 'number' || typeof value === 'boolean'
            ? `put it in quotes: ${String(key)}: "${String(value)}"`
            : 'write a single value on the same line';
      return { problem: 'not text', allowed: `${allowed}; ${fix}` };
    }
    default:
      return { problem: 'wrong type', allowed: withExample(allowed) };
  }
}

/** `value` rounded to a whole number inside the field's bounds. */
function nearestWhole(f: Field, value: number): number {
  const { min, max } = numberBounds(f);
  let n = Math.round(value);
  if (min && (n < min.value || (!min.inclusive && n === min.value))) n = Math.floor(min.value) + 1 - (min.inclusive && Number.isInteger(min.value) ? 1 : 0);
  if (max && (n > max.value || (!max.inclusive && n === max.value))) n = Math.ceil(max.value) - 1 + (max.inclusive && Number.isInteger(max.value) ? 1 : 0);
  return n;
}

function exampleNumber(f: Field): number {
  const { min, max, whole } = numberBounds(f);
  if (min && min.inclusive) return min.value;
  if (min && max) return whole ? Math.floor((min.value + max.value) / 2) : (min.value + max.value) / 2;
  return min ? min.value + 1 : 1;
}

/** The hint for a missing required field: `add <key>: <what>`. */
function missingHint(root: AnySchema, at: readonly PropertyKey[], f: Field | undefined, expected: string): string {
  const key = String(lastKey(at));
  if (!f) return `add ${key}: <${expected}>`;
  if (f.def.type === 'enum') return `add ${key}: <${Object.values(f.def.entries ?? {}).join(' | ')}>`;
  if (['object', 'record', 'array'].includes(f.def.type)) {
    const example = exampleText(root, at, f);
    return example ? `add ${example}` : `add ${key}: with ${allowedText(root, at, f)}`;
  }
  if (f.def.type === 'boolean') return `add ${key}: <true | false>`;
  return `add ${key}: <${allowedText(root, at, f)}>`;
}

function tooSmallOrBig(
  root: AnySchema,
  at: readonly PropertyKey[],
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  value: unknown,
  f: Field | undefined,
): { problem: string; allowed: string } {
  const small = issue.code === 'too_small';
  const bound = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive ?? true;
  const key = lastKey(at);
  switch (issue.origin) {
    case 'array':
    case 'set': {
      const noun = singular(key);
      const count = (n: number): string => `${n} ${n === 1 ? noun : plural(noun)}`;
      const n = inclusive ? bound : small ? bound + 1 : bound - 1;
      if (small) {
        const example = f && n === 1 ? exampleText(root, at, f) : undefined;
        const allowed = `at least ${count(n)}${example ? `, e.g. ${example}` : ''}`;
        return { problem: n === 1 ? 'must not be empty' : 'too few items', allowed };
      }
      return { problem: 'too many items', allowed: `at most ${count(n)}; remove ${Array.isArray(value) ? value.length - n : 'some'}` };
    }
    case 'string': {
      const n = inclusive ? bound : small ? bound + 1 : bound - 1;
      const chars = (m: number): string => `${m} character${m === 1 ? '' : 's'}`;
      const length = typeof value === 'string' ? value.length : 0;
      if (issue.exact) return { problem: `wrong length (${chars(length)})`, allowed: `exactly ${chars(n)}` };
      if (small) {
        const emptyFix = f?.optional ? `; write a value or delete the line` : '; write a value';
        return length === 0 ? { problem: 'must not be empty', allowed: `at least ${chars(n)}${emptyFix}` } : { problem: `too short (${chars(length)})`, allowed: `at least ${chars(n)}` };
      }
      return { problem: `too long (${chars(length)})`, allowed: `at most ${chars(n)}; shorten it` };
    }
    default: {
      // Numbers: the whole range from the schema, so the other bound shows too.
      const fallback = small ? { min: { value: bound, inclusive } } : { max: { value: bound, inclusive } };
      return { problem: small ? 'too small' : 'too large', allowed: rangeText(f, false, fallback) };
    }
  }
}

function customIssue(issue: z.core.$ZodIssueCustom, value: unknown): { problem: string; got?: string; allowed: string } | undefined {
  const check = issue.params?.check;
  if (check === CUSTOM_CHECKS.timeZone && typeof value === 'string') {
    const suggestions = suggestTimeZones(value);
    return { problem: 'unknown time zone', allowed: `${suggestions.length ? `did you mean ${quotedAlternatives(suggestions)}? ` : ''}${TIME_ZONE_HELP}` };
  }
  if (check === CUSTOM_CHECKS.cronTimeZone && typeof value === 'string') {
    const zone = cronTimeZone(value) ?? '';
    const suggestions = suggestTimeZones(zone).map((s) => `${value.slice(0, value.length - zone.length)}${s}`);
    return {
      problem: `unknown time zone ${JSON.stringify(zone)} at the end of the CRON schedule`,
      allowed: `${suggestions.length ? `did you mean ${quotedAlternatives(suggestions)}? ` : ''}the last word must be ${TIME_ZONE_HELP}`,
    };
  }
  return undefined;
}

/** Translates one zod issue into contract-format issues (unknown keys give one line each). */
export function fromZodIssue(root: AnySchema, file: string, raw: unknown, issue: z.core.$ZodIssue): ConfigIssue[] {
  const at = issue.path;
  const value = valueAt(raw, at);
  const got = showValue(value);
  const where = formatPath(at);
  const f = fieldAt(root, at);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && value === undefined) {
    const expected = issue.code === 'invalid_value' ? issue.values.map(String).join(' | ') : issue.expected;
    return [{ file, path: where, problem: 'required field is missing', got, allowed: missingHint(root, at, f, expected) }];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(root, at);
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return {
          file,
          path: formatPath([...at, key]),
          problem: 'unknown field',
          got: JSON.stringify(key),
          allowed: `${suggestion ? `did you mean "${suggestion}"? ` : ''}known fields: ${known.join(', ')}`,
        };
      });
    }
    case 'invalid_value':
      return [{ file, path: where, problem: 'not an allowed value', got, allowed: `one of ${issue.values.map(String).join(', ')}` }];
    case 'invalid_type':
      return [{ file, path: where, got, ...wrongType(root, at, issue.expected, value, f) }];
    case 'too_small':
    case 'too_big':
      return [{ file, path: where, got, ...tooSmallOrBig(root, at, issue, value, f) }];
    case 'invalid_format': {
      const pattern = issue.pattern !== undefined ? (f && regexOf(f)) ?? new RegExp(issue.pattern.replace(/^\/|\/[a-z]*$/g, '')) : undefined;
      const help = pattern && patternHelp(pattern);
      if (pattern) return [{ file, path: where, problem: `invalid ${help?.what ?? 'format'}`, got, allowed: describePattern(pattern, value) }];
      const i = issue as z.core.$ZodIssueInvalidStringFormat & { prefix?: string; suffix?: string; includes?: string };
      const allowed =
        i.format === 'starts_with'
          ? `text starting with ${JSON.stringify(i.prefix)}`
          : i.format === 'ends_with'
            ? `text ending with ${JSON.stringify(i.suffix)}`
            : i.format === 'includes'
              ? `text containing ${JSON.stringify(i.includes)}`
              : `a valid ${i.format.replace(/_/g, ' ')}`;
      return [{ file, path: where, problem: `invalid ${i.format.replace(/_/g, ' ')}`, got, allowed }];
    }
    case 'invalid_key': {
      // The path ends at the key; the value there is the entry, so show the key itself.
      const key = lastKey(at);
      const record = fieldAt(root, at.slice(0, -1));
      const keyField = record?.def.keyType ? field(record.def.keyType) : undefined;
      const pattern = keyField && regexOf(keyField);
      const what = (pattern && patternHelp(pattern)?.what) ?? `key under ${formatPath(at.slice(0, -1))}`;
      const allowed = pattern ? describePattern(pattern, key) : keyField ? allowedText(root, at.slice(0, -1), keyField) : 'a valid key';
      return [{ file, path: where, problem: `invalid ${what}`, got: JSON.stringify(String(key)), allowed: `${allowed}; rename the key` }];
    }
    case 'not_multiple_of':
      return [{ file, path: where, problem: 'not an allowed step', got, allowed: `a multiple of ${issue.divisor}` }];
    case 'custom': {
      const custom = customIssue(issue, value);
      if (custom) return [{ file, path: where, got, ...custom }];
      break;
    }
    default:
      break;
  }
  return [{ file, path: where, problem: issue.message, got, allowed: f ? `${allowedText(root, at, f, value)} (see environments/schema.json)` : 'see environments/schema.json' }];
}

/** Every regex in the schema (values and record keys); a test checks each has PATTERN_HELP. */
export function schemaPatterns(root: AnySchema): RegExp[] {
  const out: RegExp[] = [];
  const visit = (schema: AnySchema): void => {
    const f = field(schema);
    const pattern = regexOf(f);
    if (pattern) out.push(pattern);
    for (const child of [...Object.values(f.def.shape ?? {}), f.def.element, f.def.keyType, f.def.valueType]) if (child) visit(child);
  };
  visit(root);
  return out;
}
