/**
 * A tenant database on the local engine with the RAW layer exactly as model/ingestion.ts plans it
 * (all-VARCHAR source columns, load metadata, append-only streams) and every pipeline DDL file of
 * sql/ applied, plus helpers to load RAW rows and run the task bodies in dependency order.
 *
 * DDL and task bodies run in the order the deployed stacks use (constructs/pipeline.ts), derived
 * from the `-- depends on:` headers, so a wrong header breaks these tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalAccount, Session } from '../../local/account/account';
import { ddlFiles, refreshSpecs } from '../../constructs/pipeline';
import { EntityName, entity } from '../../model/entities';
import { pipelineGraph } from '../../model/pipeline';
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

/**
 * Mart refresh bodies (with the insight marts) in the order the deployed task graph runs them (constructs/pipeline.ts
 * derives it from the `-- depends on:` headers), so a wrong header breaks these tests.
 */
export function martBodies(): { file: string; target: string; sql: string }[] {
  const specs = new Map(refreshSpecs().map((s) => [s.task, s]));
  return pipelineGraph([...specs.values()])
    .filter((t) => t.kind === 'marts' || t.kind === 'insights')
    .map((t) => ({ file: t.file!, target: specs.get(t.name)!.writes[0]!, sql: sqlFile(t.file!) }));
}

/** Every mart table's rows, sorted by their keys, for before/after and incremental/rebuild comparisons. */
export async function martSnapshot(t: TestTenant): Promise<Record<string, Row[]>> {
  const tables = [
    'DIM_DATE', 'DIM_LOCATION', 'DIM_PATIENT', 'DIM_STAFF', 'FCT_APPOINTMENTS', 'FCT_EXAMS', 'FCT_OPTICAL_ORDERS', 'FCT_PAYMENTS', 'FCT_CLAIMS', 'FCT_INVENTORY_DAILY',
    'KPI_LOCATION_DAILY', 'KPI_STAFF_MONTHLY', 'KPI_ANOMALY_DAILY', 'KPI_FORECAST_DAILY',
  ];
  // Their UPDATED_AT is when a refresh last changed the row (and an anomaly's KPI_UPDATED_AT its KPI row's), so they differ between two builds by design.
  const refreshStamped = new Set(['KPI_LOCATION_DAILY', 'KPI_ANOMALY_DAILY', 'KPI_FORECAST_DAILY']);
  const out: Record<string, Row[]> = {};
  for (const table of tables) {
    const rows = await t.query(`SELECT * FROM MARTS.${table} ORDER BY 1, 2, 3`);
    out[table] = refreshStamped.has(table) ? rows.map(({ UPDATED_AT: _refreshed, KPI_UPDATED_AT: _judged, ...values }) => values) : rows;
  }
  return out;
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

  /** Every staging task body, in the deployed graph's order (locations before what checks them). */
  async runStaging(): Promise<void> {
    for (const t of pipelineGraph(refreshSpecs()).filter((n) => n.kind === 'staging')) await this.runFile(t.file!);
  }

  /** Every mart refresh body (the insight marts' too) in dependency order. */
  async runMarts(): Promise<void> {
    for (const body of martBodies()) await this.runFile(body.file);
  }

  async runAll(): Promise<void> {
    await this.runStaging();
    await this.runMarts();
  }
}
