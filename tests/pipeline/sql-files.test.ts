/**
 * Conventions of the SQL files the lead's constructs load by path: two-part names only, the
 * benchmark's two placeholders and no other templating, a depends-on header on every body, one
 * DDL and one refresh body per contract mart, and code lists that match model/entities.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENTITY_NAMES, entity } from '../../model/entities';
import { dependsOn } from '../../constructs/sql';
import { refreshSpecs } from '../../constructs/pipeline';
import { pipelineGraph } from '../../model/pipeline';
import { DATABASE, SQL_DIR, TestTenant, martBodies, sqlFile } from './helpers';

function sqlFiles(dir = SQL_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sqlFiles(path.join(dir, d.name)) : d.name.endsWith('.sql') ? [path.join(dir, d.name)] : []));
}
const relative = (file: string) => path.relative(SQL_DIR, file);

const CONTRACT_MARTS = ['DIM_DATE', 'DIM_LOCATION', 'DIM_PATIENT', 'DIM_STAFF', 'FCT_APPOINTMENTS', 'FCT_EXAMS', 'FCT_OPTICAL_ORDERS', 'FCT_PAYMENTS', 'FCT_CLAIMS', 'FCT_INVENTORY_DAILY', 'KPI_LOCATION_DAILY', 'KPI_STAFF_MONTHLY'];

test('no file names a database: objects are RAW.X, STAGING.Y, MARTS.Z', () => {
  for (const file of sqlFiles()) {
    const code = fs.readFileSync(file, 'utf8').replace(/--.*$/gm, '');
    expect({ file: relative(file), threePart: code.match(/\b\w+\.(RAW|STAGING|MARTS)\.\w+/gi) ?? [] }).toEqual({ file: relative(file), threePart: [] });
  }
});

/** The files with placeholders, and exactly which; every other file has none (but the location and PHI policies: the role prefix). */
const TEMPLATED: Readonly<Record<string, readonly string[]>> = {
  'marts/benchmark.sql': ['{{BENCHMARK_TABLE}}', '{{TENANT_ID}}'],
  'policies/tenant_rows.sql': ['{{PLATFORM_ADMIN_ROLE}}', '{{TENANT_ROLE_PREFIX}}', '{{TENANT_ROLE_SUFFIX}}'],
  'staging/commission_overrides.sql': ['{{COMMISSION_VALUES}}'],
  'staging/recommendation_target_overrides.sql': ['{{TARGET_VALUES}}'],
  'platform/benchmark_peers.sql': ['{{MIN_PEERS}}'],
  'platform/ddl/audit_query_history.sql': ['{{TENANT_DATABASE_PATTERN}}', '{{TENANT_ROLE_PATTERN}}'],
  'platform/ddl/audit_phi_access.sql': ['{{TENANT_DATABASE_PATTERN}}'],
  'platform/ddl/audit_login_history.sql': ['{{TENANT_ROLE_PATTERN}}'],
  'platform/ddl/audit_cortex_usage.sql': ['{{TENANT_ROLE_PATTERN}}'],
  'cortex/public_revoke.sql': ['{{CORTEX_USER_ROLE}}'],
  'cortex/public_grant.sql': ['{{CORTEX_USER_ROLE}}'],
};

test('only the benchmark feed and peers, the audit views, the policies, the commission and recommendation target settings and the Cortex grants are templated, each with exactly its placeholders', () => {
  const expected = (file: string) => TEMPLATED[file] ?? (file.startsWith('policies/') ? ['{{ROLE_PREFIX}}'] : []);
  for (const file of sqlFiles()) {
    const found = [...new Set(fs.readFileSync(file, 'utf8').match(/\{\{\w+\}\}/g) ?? [])].sort();
    expect({ file: relative(file), found }).toEqual({ file: relative(file), found: expected(relative(file)) });
  }
});

test('every contract mart has a DDL file and a refresh body, ordered by depends-on headers', () => {
  const order = martBodies().map((b) => b.target);
  for (const mart of CONTRACT_MARTS) {
    expect(fs.existsSync(path.join(SQL_DIR, 'marts', 'ddl', `${mart.toLowerCase()}.sql`))).toBe(true);
    expect(order).toContain(`MARTS.${mart}`);
  }
  for (const body of martBodies()) {
    const deps = dependsOn(body.file);
    expect({ file: body.file, hasHeader: deps.length > 0 }).toEqual({ file: body.file, hasHeader: true });
    for (const dep of deps.filter((d) => d.startsWith('MARTS.'))) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(body.target));
  }
});

test('every staging body is one transaction over its stream, quarantine first', () => {
  for (const name of ENTITY_NAMES) {
    const sql = sqlFile(`staging/${name}.sql`);
    const table = entity(name).table;
    expect(sql).toMatch(/EXECUTE IMMEDIATE \$\$\s*BEGIN\s+BEGIN TRANSACTION;[\s\S]*INSERT INTO STAGING\.QUARANTINE[\s\S]*MERGE INTO STAGING\.STG_PMS__\w+[\s\S]*COMMIT;\s*END\s*\$\$/);
    expect(sql.match(new RegExp(`RAW\\.${table}_STREAM\\b`, 'g'))!.length).toBeGreaterThanOrEqual(2);
  }
});

test('code checks in staging use the value lists of model/entities.ts', () => {
  for (const name of ENTITY_NAMES) {
    const sql = sqlFile(`staging/${name}.sql`);
    for (const f of entity(name).fields.filter((x) => x.values)) {
      expect(sql).toContain(`LOWER(NULLIF(TRIM(r.${f.name.toUpperCase()}), '')) NOT IN (${f.values!.map((v) => `'${v}'`).join(', ')})`);
    }
  }
});

/**
 * Snowflake runs a graph's independent branches at the same time, so a change list must be read
 * only by tasks that run after every task writing it; otherwise the reader can empty the list
 * while a writer is still filling it, and those changes wait for the next run. Writers are the
 * bodies that INSERT INTO a STAGING.*_CHANGES table (for FACT_CHANGES, per MART key); readers
 * are the bodies that DELETE what they consumed.
 */
test('every change-list writer runs before the task that consumes its rows', () => {
  const specs = refreshSpecs();
  const graph = pipelineGraph(specs);
  const after = new Map(graph.map((t) => [t.name, t.after]));
  const ancestors = (task: string, seen = new Set<string>()): Set<string> => {
    for (const p of after.get(task) ?? []) if (!seen.has(p)) ancestors(p, seen.add(p));
    return seen;
  };
  const bodies = specs.map((s) => ({ task: s.task, sql: sqlFile(s.file).replace(/--.*$/gm, '') }));
  const lists = fs.readdirSync(path.join(SQL_DIR, 'staging', 'ddl')).filter((f) => f.endsWith('_changes.sql')).map((f) => `STAGING.${f.replace('.sql', '').toUpperCase()}`);
  expect(lists).toEqual(['STAGING.FACT_CHANGES', 'STAGING.INVENTORY_CHANGES', 'STAGING.KPI_CHANGES']);
  const keysWritten = (sql: string, list: string): string[] =>
    [...sql.matchAll(new RegExp(`INSERT INTO ${list}\\b[^;]*`, 'g'))].flatMap((m) =>
      list === 'STAGING.FACT_CHANGES' ? [...m[0].matchAll(/SELECT (?:DISTINCT )?'([A-Z_]+)'/g)].map((k) => k[1]!) : ['*'],
    );
  const keysConsumed = (sql: string, list: string): string[] => {
    const deletes = [...sql.matchAll(new RegExp(`DELETE FROM ${list}\\b[^;]*`, 'g'))].map((m) => m[0]);
    return deletes.flatMap((d) => (list === 'STAGING.FACT_CHANGES' ? [...d.matchAll(/'([A-Z_]+)'/g)].map((k) => k[1]!) : ['*']));
  };
  const pairs: string[] = [];
  for (const list of lists) {
    for (const writer of bodies) {
      for (const key of keysWritten(writer.sql, list)) {
        const readers = bodies.filter((b) => keysConsumed(b.sql, list).includes(key));
        expect({ list, key, readers: readers.length }).toEqual({ list, key, readers: 1 });
        for (const reader of readers) {
          pairs.push(`${writer.task} -> ${reader.task}`);
          expect({ writer: writer.task, list, key, reader: reader.task, runsBefore: ancestors(reader.task).has(writer.task) }).toEqual({
            writer: writer.task,
            list,
            key,
            reader: reader.task,
            runsBefore: true,
          });
        }
      }
    }
  }
  // Every staging body that changes facts or KPIs was found writing a list.
  expect(new Set(pairs).size).toBeGreaterThanOrEqual(20);
});

test('every column migration adds its column to a table deployed before it, and does nothing the second time', async () => {
  const migrations = sqlFiles()
    .map((file) => ({ file: relative(file), match: /ALTER TABLE (\w+\.\w+) ADD COLUMN IF NOT EXISTS (\w+) (\w+)/.exec(fs.readFileSync(file, 'utf8').replace(/--.*$/gm, '')) }))
    .filter((m): m is { file: string; match: RegExpExecArray } => m.match !== null);
  expect(migrations.map((m) => m.file).sort()).toEqual(['insights/ddl/recommendations_target_source.sql', 'marts/ddl/kpi_location_daily_updated_at.sql']);
  const t = await TestTenant.create();
  try {
    const columns = async (table: string) =>
      (await t.query(`SELECT COLUMN_NAME, DATA_TYPE FROM ${DATABASE}.INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA || '.' || TABLE_NAME = ?`, [table])).map((row) => `${row.COLUMN_NAME} ${row.DATA_TYPE}`);
    for (const { file, match } of migrations) {
      const [, table, column] = match;
      const created = await columns(table!);
      // The table as deployed before the column existed.
      await t.run(`ALTER TABLE ${table} DROP COLUMN ${column}`);
      expect((await columns(table!)).some((c) => c.startsWith(`${column} `))).toBe(false);
      await t.runFile(file);
      await t.runFile(file);
      // Added last, as Snowflake adds it: the refreshes name their columns, so the order does not matter.
      expect({ file, columns: (await columns(table!)).sort() }).toEqual({ file, columns: created.sort() });
    }
  } finally {
    t.close();
  }
});
