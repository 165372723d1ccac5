/**
 * The one way SQL enters the stacks: bodies are read from `sql/` by path, with the only two
 * placeholders the pipeline uses ({{TENANT_ID}}, {{BENCHMARK_TABLE}}) substituted, and their
 * `-- depends on:` headers parsed for the task graph.
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
  readonly BENCHMARK_TABLE?: string;
}

/** The text with its placeholders filled; a placeholder without a value is an error naming the file. */
export function renderSql(relative: string, variables: SqlVariables = {}): string {
  return sqlText(relative).replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = (variables as Record<string, string | undefined>)[name];
    if (value === undefined) throw new SqlFileError(`sql/${relative}: placeholder {{${name}}} has no value (allowed: TENANT_ID, BENCHMARK_TABLE)`);
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
