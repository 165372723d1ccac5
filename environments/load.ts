/**
 * Loads and validates `environments/<env>.yaml`. Every problem is reported at once, each as one
 * line naming the file, the field path, the value and what is allowed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, ConfigIssue, closest, formatPath, showValue } from './issues';
import {
  ENVIRONMENT_NAME_PATTERN,
  EnvironmentConfig,
  LOCATION_ID_PATTERN,
  RESERVED_TENANT_IDS,
  TASK_SCHEDULE_PATTERN,
  TENANT_ID_PATTERN,
  environmentSchema,
} from './schema';

/** The directory holding the environment files: `EYECARE_CONFIG_DIR` or `./environments`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.EYECARE_CONFIG_DIR ?? path.join(process.cwd(), 'environments'));
}

/** The environment `cdktf synth|diff|deploy` works on: `EYECARE_ENV`, default `dev`. */
export function selectedEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.EYECARE_ENV ?? 'dev';
}

export function availableEnvironments(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** Human descriptions of the patterns the schema uses, for the "allowed" part of a message. */
const PATTERN_HELP = new Map<string, string>([
  // zod reports patterns as `/source/`; keys here use the same form.
  [TENANT_ID_PATTERN.source, 'a lower-case letter, then 1-29 lower-case letters, digits or _'],
  [LOCATION_ID_PATTERN.source, 'a lower-case letter, then up to 29 lower-case letters, digits or _'],
  [TASK_SCHEDULE_PATTERN.source, "'<1-11520> MINUTE' or 'USING CRON <min> <hour> <day> <month> <weekday> <time zone>'"],
  [/^[A-Z][A-Z0-9_]{0,254}$/.source, 'an upper-case Snowflake name: A-Z, digits and _'],
  [/^[A-Z]+_[A-Z0-9_]+$/.source, "a Snowflake region id such as 'AWS_US_EAST_1'"],
  [/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9_.-]+)*\/$/.source, "an S3 URL ending in '/', e.g. 's3://eyecare-prod-exports/practices/'"],
  [/^arn:aws:iam::\d{12}:role\/[A-Za-z0-9+=,.@_\/-]{1,512}$/.source, "an IAM role ARN, e.g. 'arn:aws:iam::123456789012:role/eyecare-ingest'"],
]);

type AnySchema = z.core.$ZodType;

/** Follows a value path through the schema, unwrapping optional/default wrappers. */
function schemaAt(root: AnySchema, at: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = root;
  const unwrap = (s: AnySchema): AnySchema => {
    let inner = s;
    for (;;) {
      const def = inner._zod.def as { type: string; innerType?: AnySchema };
      if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) inner = def.innerType;
      else return inner;
    }
  };
  for (const key of at) {
    if (!current) return undefined;
    const def = unwrap(current)._zod.def as {
      type: string;
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
    };
    if (def.type === 'object') current = def.shape?.[String(key)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
  }
  return current ? unwrap(current) : undefined;
}

function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of at) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function knownKeys(root: AnySchema, at: readonly PropertyKey[]): string[] {
  const def = schemaAt(root, at)?._zod.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape).filter((k) => k !== '$schema') : [];
}

function rangeText(root: AnySchema, at: readonly PropertyKey[]): string | undefined {
  const schema = schemaAt(root, at) as { minValue?: number | null; maxValue?: number | null; _zod: { def: { type: string } } } | undefined;
  if (!schema || schema._zod.def.type !== 'number') return undefined;
  const { minValue, maxValue } = schema;
  const finite = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  if (finite(minValue) && finite(maxValue)) return `a number from ${minValue} to ${maxValue}`;
  if (finite(minValue)) return `a number of at least ${minValue}`;
  if (finite(maxValue)) return `a number of at most ${maxValue}`;
  return undefined;
}

/** Translates one zod issue into contract-format issues (unknown keys give one line each). */
function fromZodIssue(file: string, raw: unknown, issue: z.core.$ZodIssue): ConfigIssue[] {
  const at = issue.path;
  const got = showValue(valueAt(raw, at));
  const where = formatPath(at);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && valueAt(raw, at) === undefined) {
    const expected = issue.code === 'invalid_value' ? issue.values.map(String).join(' | ') : issue.expected;
    return [{ file, path: where, problem: 'required field is missing', got, allowed: `add ${String(at[at.length - 1])}: <${expected}>` }];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(environmentSchema, at);
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
      return [{ file, path: where, problem: `wrong type`, got, allowed: `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}` }];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const direction = issue.code === 'too_small' ? 'too small' : 'too large';
      const allowed =
        issue.origin === 'array'
          ? `at least ${String(bound)} item${Number(bound) === 1 ? '' : 's'}`
          : issue.origin === 'string'
            ? `${issue.code === 'too_small' ? 'at least' : 'at most'} ${String(bound)} characters`
            : (rangeText(environmentSchema, at) ?? `${issue.code === 'too_small' ? 'at least' : 'at most'} ${String(bound)}`);
      const problem = issue.origin === 'array' ? 'must not be empty' : direction;
      return [{ file, path: where, problem, got, allowed }];
    }
    case 'invalid_format': {
      const pattern = 'pattern' in issue && typeof issue.pattern === 'string' ? issue.pattern.replace(/^\/|\/[a-z]*$/g, '') : undefined;
      const help = (pattern && PATTERN_HELP.get(pattern)) ?? `format ${issue.format}`;
      return [{ file, path: where, problem: 'invalid format', got, allowed: help }];
    }
    default:
      return [{ file, path: where, problem: issue.message, got, allowed: 'see environments/schema.json' }];
  }
}

/** Tenant ids are map keys, so zod never sees them as values; checked on the raw document. */
function tenantIdIssues(file: string, raw: unknown): ConfigIssue[] {
  const tenants = valueAt(raw, ['tenants']);
  if (tenants === null || typeof tenants !== 'object' || Array.isArray(tenants)) return [];
  const out: ConfigIssue[] = [];
  for (const id of Object.keys(tenants)) {
    const at = formatPath(['tenants', id]);
    if ((RESERVED_TENANT_IDS as readonly string[]).includes(id)) {
      out.push({ file, path: at, problem: 'reserved tenant id', got: JSON.stringify(id), allowed: `any id but ${RESERVED_TENANT_IDS.join(', ')}; pick another key` });
    } else if (!TENANT_ID_PATTERN.test(id)) {
      out.push({
        file,
        path: at,
        problem: 'invalid tenant id',
        got: JSON.stringify(id),
        allowed: `${PATTERN_HELP.get(TENANT_ID_PATTERN.source)}, e.g. "${suggestTenantId(id)}"`,
      });
    }
  }
  return out;
}

/** Checks zod cannot express per field: uniqueness and cross-field rules. */
function semanticIssues(file: string, config: z.infer<typeof environmentSchema>): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const [id, tenant] of Object.entries(config.tenants)) {
    const seen = new Map<string, number>();
    tenant.locations.forEach((location, index) => {
      const first = seen.get(location.id);
      if (first !== undefined) {
        out.push({
          file,
          path: formatPath(['tenants', id, 'locations', index, 'id']),
          problem: `duplicate location id (also at locations[${first}])`,
          got: JSON.stringify(location.id),
          allowed: 'location ids unique within the tenant',
        });
      } else seen.set(location.id, index);
    });
    const dedicated = tenant.dedicated_warehouse ?? tenant.tier !== 'small';
    if (!dedicated) {
      for (const field of ['warehouse_size', 'credit_quota'] as const) {
        if (tenant[field] !== undefined) {
          out.push({
            file,
            path: formatPath(['tenants', id, field]),
            problem: 'applies only to a dedicated warehouse',
            got: showValue(tenant[field]),
            allowed: `remove it, or set dedicated_warehouse: true (${tenant.tier} tenants share the pooled warehouse by default)`,
          });
        }
      }
    }
    if (tenant.features?.snowpipe && !config.ingestion?.external_stage) {
      out.push({
        file,
        path: formatPath(['tenants', id, 'features', 'snowpipe']),
        problem: 'Snowpipe needs an external stage to watch',
        got: 'true',
        allowed: 'set ingestion.external_stage (url, aws_role_arn) in the environment file, or turn snowpipe off',
      });
    }
    if (config.edition === 'standard' && (tenant.data_retention_days ?? 0) > 1) {
      out.push({
        file,
        path: formatPath(['tenants', id, 'data_retention_days']),
        problem: 'Standard edition keeps Time Travel for at most 1 day',
        got: String(tenant.data_retention_days),
        allowed: '0 or 1 on standard; up to 90 on enterprise or business_critical',
      });
    }
  }
  return out;
}

function suggestTenantId(id: string): string {
  const cleaned = id.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').slice(0, 30);
  return cleaned.length >= 2 && !(RESERVED_TENANT_IDS as readonly string[]).includes(cleaned) ? cleaned : 'acme_vision';
}

/** Parses YAML text; syntax errors (and duplicate keys) come back with their line and column. */
function parseYaml(file: string, text: string): { value?: unknown; issues: ConfigIssue[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = text.split('\n');
    return {
      issues: doc.errors.map((error) => {
        const line = error.linePos?.[0]?.line ?? 1;
        const col = error.linePos?.[0]?.col ?? 1;
        return {
          file,
          path: `line ${line}, column ${col}`,
          problem: `YAML syntax error: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
          got: showValue((lines[line - 1] ?? '').trim()),
          allowed: 'valid YAML; check indentation, colons and quotes on that line',
        };
      }),
    };
  }
  return { value: doc.toJS(), issues: [] };
}

export interface LoadOptions {
  /** @default configDir() */
  readonly dir?: string;
}

/** Loads one environment or throws a ConfigError listing every problem. */
export function loadEnvironment(name: string, options: LoadOptions = {}): EnvironmentConfig {
  const dir = options.dir ?? configDir();
  const file = path.join(dir, `${name}.yaml`);
  const shown = displayPath(file);
  const available = availableEnvironments(dir);
  if (!ENVIRONMENT_NAME_PATTERN.test(name) || !available.includes(name)) {
    throw new ConfigError([
      {
        file: shown,
        path: 'environment',
        problem: 'unknown environment',
        got: JSON.stringify(name),
        allowed: available.length
          ? `one of ${available.join(', ')} (files in ${displayPath(dir)}); set EYECARE_ENV or --env`
          : `no environment files in ${displayPath(dir)}; set EYECARE_CONFIG_DIR`,
      },
    ]);
  }
  const parsed = parseYaml(shown, fs.readFileSync(file, 'utf8'));
  if (parsed.issues.length) throw new ConfigError(parsed.issues);
  const raw = parsed.value ?? {};
  const idIssues = tenantIdIssues(shown, raw);
  const result = environmentSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError([...idIssues, ...result.error.issues.flatMap((issue) => fromZodIssue(shown, raw, issue))]);
  }
  const issues = [...idIssues, ...semanticIssues(shown, result.data)];
  if (issues.length) throw new ConfigError(issues);
  return { ...result.data, name, file: shown };
}
