/**
 * Loads and validates `environments/<env>.yaml`. Every problem is reported at once, each as one
 * line naming the file, the field path, the value and what is allowed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, ConfigIssue, formatPath, showValue } from './issues';
import { ENVIRONMENT_NAME_PATTERN, EnvironmentConfig, RESERVED_TENANT_IDS, TENANT_ID_PATTERN, environmentSchema } from './schema';
import { describePattern, fromZodIssue, valueAt } from './zod-issues';

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
        allowed: describePattern(TENANT_ID_PATTERN, id),
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
    throw new ConfigError([...idIssues, ...result.error.issues.flatMap((issue) => fromZodIssue(environmentSchema, shown, raw, issue))]);
  }
  const issues = [...idIssues, ...semanticIssues(shown, result.data)];
  if (issues.length) throw new ConfigError(issues);
  return { ...result.data, name, file: shown };
}
