/**
 * The one way SQL enters the stacks: bodies are read from `sql/` by path, with the only
 * placeholders there are (see SqlVariables: names built by model/names, numbers from validated
 * config) substituted, and their `-- depends on:` headers parsed for the task graph.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SQL_ROOT = path.resolve(__dirname, '..', 'sql');

const cache = new Map<string, string>();

export class SqlFileError extends Error {}

/** The text of `sql/<relative>`, read once per process. */
export function sqlText(relative: string): string {
  let text = cache.get(relative);
  if (text === undefined) {
    const file = path.join(SQL_ROOT, relative);
    if (!fs.existsSync(file)) throw new SqlFileError(`sql/${relative} does not exist (looked in ${SQL_ROOT})`);
    text = fs.readFileSync(file, 'utf8').trim();
    cache.set(relative, text);
  }
  return text;
}

export interface SqlVariables {
  readonly TENANT_ID?: string;
  /** The platform table tenants' KPI rows go to (`<ENV>_PLATFORM.BENCHMARK.KPI_MONTHLY`). */
  readonly BENCHMARK_TABLE?: string;
  /** `<ENV>_<TENANT>`, the prefix of the tenant's role names. */
  readonly ROLE_PREFIX?: string;
  /** VALUES rows of the tenant's commission rules, built from validated config numbers. */
  readonly COMMISSION_VALUES?: string;
  /** VALUES rows (rule id, target or NULL) of the tenant's recommendation targets, from validated config numbers. */
  readonly TARGET_VALUES?: string;
  /** `<ENV>_PLATFORM_ADMIN`, which reads every tenant's platform rows. */
  readonly PLATFORM_ADMIN_ROLE?: string;
  /** What goes before and after a tenant id to make the role that reads its platform rows. */
  readonly TENANT_ROLE_PREFIX?: string;
  readonly TENANT_ROLE_SUFFIX?: string;
  /** The smallest peer group a benchmark percentile is published for. */
  readonly MIN_PEERS?: string;
  /** Regular expressions whose group 1 is the tenant id in a role or database name (audit attribution). */
  readonly TENANT_ROLE_PATTERN?: string;
  readonly TENANT_DATABASE_PATTERN?: string;
  /** `SNOWFLAKE.CORTEX_USER`, the database role that lets a role call Cortex AI functions. */
  readonly CORTEX_USER_ROLE?: string;
}

const SQL_VARIABLES: readonly (keyof SqlVariables)[] = ['TENANT_ID', 'BENCHMARK_TABLE', 'ROLE_PREFIX', 'COMMISSION_VALUES', 'TARGET_VALUES', 'PLATFORM_ADMIN_ROLE', 'TENANT_ROLE_PREFIX', 'TENANT_ROLE_SUFFIX', 'MIN_PEERS', 'TENANT_ROLE_PATTERN', 'TENANT_DATABASE_PATTERN', 'CORTEX_USER_ROLE'];

/** The text with its placeholders filled; a placeholder without a value is an error naming the file. */
export function renderSql(relative: string, variables: SqlVariables = {}): string {
  return sqlText(relative).replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = (variables as Record<string, string | undefined>)[name];
    if (value === undefined) throw new SqlFileError(`sql/${relative}: placeholder {{${name}}} has no value (allowed: ${SQL_VARIABLES.join(', ')})`);
    return value;
  });
}

/** Objects named in the file's `-- depends on:` header lines. */
export function dependsOn(relative: string): string[] {
  const out: string[] = [];
  for (const match of sqlText(relative).matchAll(/^--\s*depends on:\s*(.+)$/gim)) {
    out.push(...match[1]!.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));
  }
  return out;
}

/** `.sql` files of a folder under `sql/`, sorted, as paths relative to `sql/`. */
export function sqlFiles(folder: string): string[] {
  const dir = path.join(SQL_ROOT, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => `${folder}/${f}`);
}

/**
 * Qualifies the schema-relative names of a statement (`STAGING.X` -> `"DB".STAGING.X`) outside
 * strings, quoted identifiers, comments and `$$` bodies. DDL run by the provider's execute
 * resource has no current database, unlike task bodies, which run in their own database.
 */
export function qualifyForDatabase(sql: string, database: string, schemas: readonly string[] = ['RAW', 'STAGING', 'MARTS']): string {
  // One pass: literals, quoted identifiers, comments and $$ bodies match first and stay as they are.
  const pattern = new RegExp(`('(?:[^'\\\\]|\\\\.|'')*'|"(?:[^"]|"")*"|--[^\\n]*|\\$\\$[\\s\\S]*?\\$\\$)|(?<![A-Za-z0-9_$."])(${schemas.join('|')})\\.`, 'gi');
  return sql.replace(pattern, (match, skipped: string | undefined, schema: string | undefined) => (skipped !== undefined ? match : `"${database}".${schema}.`));
}
