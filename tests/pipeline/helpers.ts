/**
 * A tenant database on the local engine with the RAW layer exactly as model/ingestion.ts plans it
 * (all-VARCHAR source columns, load metadata, append-only streams) and every pipeline DDL file of
 * sql/ applied, plus helpers to load RAW rows and run the task bodies in dependency order.
 *
 * The order of the staging bodies is the entity order of model/entities.ts (parents first, so
 * locations are staged before the location checks of the other entities read them). The order of
 * the mart bodies is derived from their `-- depends on:` headers, the same headers the lead's
 * task graph parses, so a wrong header breaks these tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalAccount, Session } from '../../local/account/account';
import { ENTITY_NAMES, EntityName, entity } from '../../model/entities';
import { RAW_TABLES } from '../../model/ingestion';

export const SQL_DIR = path.join(__dirname, '..', '..', 'sql');
export const DATABASE = 'TEST_TENANT';

export type Cell = string | number | null;
export type Row = Record<string, unknown>;
/** A RAW record: source field name (snake_case) to its text, `null` when empty. */
export type RawRecord = Readonly<Record<string, string | number | null>>;

export function sqlFile(relative: string): string {
  return fs.readFileSync(path.join(SQL_DIR, relative), 'utf8');
}

/** `-- depends on: A.B, C.D` header of a SQL file, as upper-case two-part names. */
export function dependsOn(sql: string): string[] {
  const line = /^--\s*depends on:\s*(.+)$/im.exec(sql);
  return line ? line[1]!.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) : [];
}

/** The object a mart body refreshes: the target of its MERGE/INSERT. */
function target(sql: string): string {
  const m = /\b(?:MERGE\s+INTO|INSERT\s+INTO)\s+(MARTS\.[A-Z_]+)/i.exec(sql);
  if (!m) throw new Error('mart body without a MERGE INTO / INSERT INTO MARTS.<name>');
  return m[1]!.toUpperCase();
}

/** Mart refresh bodies (sql/marts/*.sql except the benchmark), ordered by their depends-on headers. */
export function martBodies(): { file: string; target: string; sql: string }[] {
  const files = fs
    .readdirSync(path.join(SQL_DIR, 'marts'))
    .filter((f) => f.endsWith('.sql') && f !== 'benchmark.sql')
    .sort();
  const bodies = files.map((f) => {
    const sql = sqlFile(`marts/${f}`);
    return { file: `marts/${f}`, target: target(sql), sql, deps: dependsOn(sql).filter((d) => d.startsWith('MARTS.')) };
  });
  const ordered: typeof bodies = [];
  const done = new Set<string>();
  while (ordered.length < bodies.length) {
    const ready = bodies.filter((b) => !done.has(b.target) && b.deps.every((d) => done.has(d) || d === b.target));
    if (ready.length === 0) throw new Error(`mart dependency cycle or unknown dependency among ${bodies.filter((b) => !done.has(b.target)).map((b) => b.file).join(', ')}`);
    for (const b of ready) {
      ordered.push(b);
      done.add(b.target);
    }
  }
  return ordered.map(({ file, target: t, sql }) => ({ file, target: t, sql }));
}

/** DDL files in the order they must run: staging tables, settings, marts, views, quality. */
export function ddlFiles(): string[] {
  const staging = ['staging/ddl/quarantine.sql', ...ENTITY_NAMES.map((e) => `staging/ddl/${e}.sql`), 'staging/ddl/commission_rules.sql', 'staging/ddl/clinic_hours.sql'];
  const settings = ['staging/commission_defaults.sql', 'staging/clinic_hours_defaults.sql'];
  const martDdl = fs.readdirSync(path.join(SQL_DIR, 'marts', 'ddl')).filter((f) => f.endsWith('.sql')).sort();
  const tables = martDdl.filter((f) => !f.startsWith('v_')).map((f) => `marts/ddl/${f}`);
  const views = martDdl.filter((f) => f.startsWith('v_')).map((f) => `marts/ddl/${f}`);
  return [...staging, ...settings, ...tables, ...views, 'quality/ddl/dq_results.sql'];
}

export class TestTenant {
  private constructor(
    readonly account: LocalAccount,
    readonly session: Session,
    readonly dir: string,
  ) {}

  /** A fresh account with one tenant database: RAW tables and streams, then every DDL file. */
  static async create(): Promise<TestTenant> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eyecare-pipeline-'));
    const account = await LocalAccount.open(path.join(dir, 'tenant.duckdb'));
    const session = account.systemSession('SYSADMIN');
    const t = new TestTenant(account, session, dir);
    await t.run(`CREATE DATABASE ${DATABASE}`);
    session.database = DATABASE;
    for (const schema of ['RAW', 'STAGING', 'MARTS']) await t.run(`CREATE SCHEMA ${DATABASE}.${schema}`);
    for (const table of RAW_TABLES) {
      const columns = table.columns.map((c) => `${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}`).join(', ');
      await t.run(`CREATE TABLE RAW.${table.table} (${columns})`);
      await t.run(`CREATE STREAM RAW.${table.stream} ON TABLE RAW.${table.table} APPEND_ONLY = TRUE`);
    }
    for (const file of ddlFiles()) await t.runFile(file);
    return t;
  }

  close(): void {
    this.account.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  async run(sql: string, binds: Cell[] = []): Promise<void> {
    await this.account.execute(this.session, sql, binds);
  }

  async runFile(relative: string): Promise<void> {
    try {
      await this.run(sqlFile(relative));
    } catch (error) {
      throw new Error(`${relative}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async query(sql: string, binds: Cell[] = []): Promise<Row[]> {
    const result = await this.account.execute(this.session, sql, binds);
    return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
  }

  /** The single value of a one-row, one-column query. */
  async scalar(sql: string): Promise<unknown> {
    const [row] = await this.query(sql);
    return row ? Object.values(row)[0] : undefined;
  }

  /**
   * Appends records to RAW.<TABLE> as COPY INTO would: every field as text, plus where it came
   * from. `row` numbers records from 1 within `file` unless a record says otherwise.
   */
  async loadRaw(name: EntityName, records: readonly RawRecord[], file: string, loadedAt = '2024-06-01 06:00:00', firstRow = 1): Promise<void> {
    const spec = entity(name);
    const columns = [...spec.fields.map((f) => f.name.toUpperCase()), '_SOURCE_FILE', '_SOURCE_ROW', '_LOADED_AT'];
    const perRow = columns.length;
    const chunk = Math.max(1, Math.floor(2000 / perRow));
    for (let start = 0; start < records.length; start += chunk) {
      const slice = records.slice(start, start + chunk);
      const binds: Cell[] = [];
      for (const [i, record] of slice.entries()) {
        for (const f of spec.fields) {
          const v = record[f.name];
          binds.push(v === undefined || v === null ? null : String(v));
        }
        binds.push(file, firstRow + start + i, loadedAt);
      }
      const tuple = `(${columns.map((c) => (c === '_SOURCE_ROW' ? 'CAST(? AS NUMBER(38,0))' : c === '_LOADED_AT' ? 'CAST(? AS TIMESTAMP_NTZ)' : '?')).join(', ')})`;
      await this.run(`INSERT INTO RAW.${spec.table} (${columns.join(', ')}) VALUES ${slice.map(() => tuple).join(', ')}`, binds);
    }
  }

  /** Every staging task body, parents first. */
  async runStaging(): Promise<void> {
    for (const name of ENTITY_NAMES) await this.runFile(`staging/${name}.sql`);
  }

  /** Every mart refresh body in dependency order. */
  async runMarts(): Promise<void> {
    for (const body of martBodies()) await this.runFile(body.file);
  }

  async runAll(): Promise<void> {
    await this.runStaging();
    await this.runMarts();
  }
}
