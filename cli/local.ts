/**
 * `eyecare local ...`: the embedded default. Every subcommand works on `.eyecare/` (or
 * EYECARE_LOCAL_DIR) and talks to the local account the same way a client talks to Snowflake.
 */
import * as fs from 'node:fs';
import { LocalAccount } from '../local/account/account';
import { accountBackend } from '../local/account/backend';
import { startServer } from '../local/server/server';
import { RAW_TABLES, csvHeaderProblem } from '../model/ingestion';
import { parseCsv } from '../local/formats/csv';
import { BENCHMARK_PEERS_TASK, type TenantSchema } from '../model/names';
import type { EnvironmentPlan, TenantPlan } from '../model/plan';
import type { TaskHistoryRow } from '../local/tasks/history';
import type { GraphRunResult } from '../local/tasks/runner';
import type { ResultColumn } from '../local/engine/results';
import {
  DEFAULT_SEED_DAYS,
  Workspace,
  ensureLocalUsers,
  hasSeedData,
  kpiSummary,
  loadLanding,
  localPassword,
  localPlan,
  openLocalAccount,
  runBenchmarkPeers,
  runPipeline,
  peerPosition,
  seedNextWindow,
  synthAndApply,
  workspace,
} from '../local/workspace';
import { UsageError } from './args';
import { splitStatements } from '../local/engine/tokenizer';
import { StatusLine } from './progress';

const seconds = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const number = (n: number) => n.toLocaleString('en-US');

/** What a long step is doing while it runs; each finished step replaces it. */
const status = new StatusLine();

/** Counts a tenant's finished tasks on the status line while its graph runs. */
function taskProgress(tenant: TenantPlan): (row: TaskHistoryRow) => void {
  let done = 0;
  return (row) => status.show(`  run      ${tenant.id}: ${++done} tasks done, last ${row.name} ${row.state}`);
}

function step(name: string, detail: string, started: number): void {
  status.clear();
  console.log(`  ${name.padEnd(8)} ${detail.padEnd(62)} ${seconds(started)}`);
}

function tenantOf(plan: EnvironmentPlan, id: string | undefined): TenantPlan[] {
  if (id === undefined) return [...plan.tenants];
  const tenant = plan.tenants.find((t) => t.id === id);
  if (!tenant) throw new UsageError(`--tenant: unknown tenant "${id}" (tenants in environments/local.yaml: ${plan.tenants.map((t) => t.id).join(', ')})`);
  return [tenant];
}

async function withAccount<T>(ws: Workspace, work: (account: LocalAccount) => Promise<T>): Promise<T> {
  const account = await openLocalAccount(ws);
  try {
    return await work(account);
  } finally {
    account.close();
  }
}

/** Rows in each layer of a tenant's database, read as its admin. */
async function layerCounts(account: LocalAccount, tenant: TenantPlan): Promise<{ raw: number; staging: number; quarantine: number; marts: number }> {
  const admin = account.systemSession(tenant.names.functionalRole('ADMIN'));
  const count = async (schema: TenantSchema) => {
    const tables = await account.execute(admin, `SHOW TABLES IN SCHEMA ${tenant.names.schemaName(schema)}`);
    let total = 0;
    let quarantine = 0;
    for (const row of tables.rows) {
      const name = String(row[1]);
      const [[n]] = (await account.execute(admin, `SELECT count(*) FROM ${tenant.names.schemaName(schema)}."${name}"`)).rows as [[number]];
      if (name === 'QUARANTINE') quarantine += Number(n);
      else total += Number(n);
    }
    return { total, quarantine };
  };
  const [raw, staging, marts] = [await count('RAW'), await count('STAGING'), await count('MARTS')];
  return { raw: raw.total, staging: staging.total, quarantine: staging.quarantine, marts: marts.total };
}

export async function localUp(options: { days?: number } = {}): Promise<number> {
  const ws = workspace();
  const plan = localPlan();
  console.log(`eyecare local up: environments/local.yaml on the embedded engine (${ws.root})`);
  return withAccount(ws, async (account) => {
    let started = Date.now();
    status.show(`  apply    synthesizing environments/local.yaml`);
    let changes = 0;
    const { stacks, summary } = await synthAndApply(ws, account, undefined, (line) => status.show(`  apply    ${++changes} changes: ${line}`));
    step('apply', `${stacks} stacks: ${summary.created.length} created, ${summary.updated.length} updated, ${summary.destroyed.length} destroyed, ${summary.unchanged} unchanged`, started);
    started = Date.now();
    const users = await ensureLocalUsers(account, plan, localPassword());
    step('users', `${users} local users, one per functional role (password: EYECARE_LOCAL_PASSWORD)`, started);
    for (const tenant of plan.tenants) {
      if (hasSeedData(ws, tenant.id)) continue;
      started = Date.now();
      status.show(`  seed     ${tenant.id}: generating ${options.days ?? DEFAULT_SEED_DAYS} days of exports`);
      const manifest = seedNextWindow(ws, tenant, options.days ?? DEFAULT_SEED_DAYS);
      const rows = Object.values(manifest.entities).reduce((n, e) => n + e.rows, 0);
      step('seed', `${tenant.id}: ${manifest.startDate}..${manifest.endDate}, ${number(rows)} rows (${manifest.malformed.length} malformed)`, started);
    }
    for (const tenant of plan.tenants) {
      started = Date.now();
      const loaded = await loadLanding(account, ws, tenant, undefined, (entity) => status.show(`  load     ${tenant.id}: ${entity}`));
      const rows = loaded.reduce((n, l) => n + l.rowsLoaded, 0);
      const files = loaded.reduce((n, l) => n + l.files, 0);
      step('load', `${tenant.id}: ${files} new files, ${number(rows)} rows into RAW`, started);
    }
    for (const tenant of plan.tenants) {
      started = Date.now();
      const run = await runPipeline(account, tenant, taskProgress(tenant));
      step('run', `${tenant.id}: ${graphRunLine(run)}`, started);
      if (run.state === 'FAILED') return 1;
    }
    started = Date.now();
    const peers = await runBenchmarkPeers(account, plan);
    step('run', `platform: ${BENCHMARK_PEERS_TASK} ${peers.state}, ${number(peers.rows.reduce((n, r) => n + r.rowsProduced, 0))} percentile rows changed`, started);
    if (peers.state === 'FAILED') return 1;
    console.log('');
    console.log(`  ${'tenant'.padEnd(20)} ${'RAW'.padStart(10)} ${'STAGING'.padStart(10)} ${'QUARANTINE'.padStart(11)} ${'MARTS'.padStart(10)}`);
    for (const tenant of plan.tenants) {
      const c = await layerCounts(account, tenant);
      console.log(`  ${tenant.id.padEnd(20)} ${number(c.raw).padStart(10)} ${number(c.staging).padStart(10)} ${number(c.quarantine).padStart(11)} ${number(c.marts).padStart(10)}`);
    }
    console.log('');
    console.log(`  ${'KPIs (whole history)'.padEnd(20)} ${'net revenue'.padStart(13)} ${'exams'.padStart(7)} ${'$/comp exam'.padStart(11)} ${'no-show'.padStart(8)} ${'capture'.padStart(8)} ${'denials'.padStart(8)}`);
    const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
    for (const tenant of plan.tenants) {
      const k = await kpiSummary(account, tenant, localPassword());
      console.log(
        `  ${tenant.id.padEnd(20)} ${`$${number(Math.round(k.netRevenue))}`.padStart(13)} ${number(k.exams).padStart(7)} ${(k.revenuePerComprehensiveExam === null ? 'n/a' : `$${k.revenuePerComprehensiveExam.toFixed(0)}`).padStart(11)} ${pct(k.noShowRate).padStart(8)} ${pct(k.opticalCaptureRate).padStart(8)} ${pct(k.denialRate).padStart(8)}`,
      );
    }
    console.log('');
    console.log(`  benchmark: each tenant's latest complete month against its peers' median (read as the tenant's analyst)`);
    const rate = (metric: string, v: number) => (metric.endsWith('_RATE') ? `${(v * 100).toFixed(1)}%` : metric === 'REVENUE_PER_EXAM' ? `$${v.toFixed(0)}` : v.toFixed(1));
    for (const tenant of plan.tenants.filter((t) => t.features.benchmark)) {
      const position = await peerPosition(account, plan, tenant, localPassword());
      const cells = position.map((p) => `${p.metric.toLowerCase()} ${rate(p.metric, p.value)} (p50 ${rate(p.metric, p.p50)}, ${p.peers} peers)`);
      console.log(`  ${tenant.id.padEnd(20)} ${cells.length ? `${position[0]!.month.slice(0, 7)}: ${cells.join(', ')}` : 'no month with enough peers yet'}`);
    }
    // Loaded here: the isolation attacks go through snowflake-sdk, about half a second to load, which no other local command needs.
    const { isolationFindings } = require('./isolation') as typeof import('./isolation');
    const problems = await isolationFindings(ws.outdir, plan, account);
    console.log('');
    if (problems.length) {
      console.log(`isolation: FAILED\n${problems.map((p) => `  ${p}`).join('\n')}`);
      return 1;
    }
    console.log(`isolation: ok (no role path between tenants; every attack by every tenant's users refused, through snowflake-sdk)`);
    const example = plan.tenants[0]!.names.functionalRole('ANALYST');
    console.log('');
    console.log('next:');
    console.log(`  npx eyecare local sql --user ${example} "SHOW TABLES IN SCHEMA ${plan.tenants[0]!.names.schemaName('MARTS')}"`);
    console.log('  npx eyecare local serve            # snowflake-sdk: accessUrl http://127.0.0.1:8085, account local');
    console.log(`  npx eyecare ask --env local --tenant ${plan.tenants[0]!.id} "recommendations"   # also: "forecast net revenue next month", "unusual days last month"`);
    const withCortex = plan.tenants.find((t) => t.features.cortex);
    if (withCortex) console.log(`  npx eyecare ask --env local --tenant ${withCortex.id} "brief last month"   # a Cortex brief (locally its stand-in shows the facts it would be given)`);
    return 0;
  });
}

/** A result cell as Snowflake's clients print it: NULL, JSON for VARIANT values, a NUMBER with its scale's digits (54172.50). */
function cellText(value: unknown, column: Pick<ResultColumn, 'type' | 'scale'>): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number' && column.type === 'FIXED' && column.scale !== undefined && column.scale > 0 && Number.isFinite(value)) return value.toFixed(column.scale);
  return String(value);
}

function printTable(columns: readonly Pick<ResultColumn, 'name' | 'type' | 'scale'>[], rows: readonly (readonly unknown[])[]): void {
  const text = rows.map((r) => r.map((v, i) => cellText(v, columns[i]!)));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.name.length, ...text.map((r) => r[i]!.length))));
  const line = (cells: readonly string[]) => cells.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!))).join(' | ');
  console.log(line(columns.map((c) => c.name)));
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
  text.forEach((r) => console.log(line(r)));
  console.log(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
}

/**
 * SQL as a local user. One text runs as one request (its last statement's result is printed, as
 * Snowflake answers a multi-statement request); a script (`each`) runs statement by statement in
 * one session, each result printed under its first line, and stops at the first error.
 */
export async function localSql(user: string, sql: string, json: boolean, each = false): Promise<number> {
  const ws = workspace();
  if (!fs.existsSync(ws.database)) throw new UsageError(`no local account in ${ws.root}; run \`npm run local\` first`);
  return withAccount(ws, async (account) => {
    const session = account.login(user, localPassword());
    const statements = each ? splitStatements(sql) : [{ text: sql, position: { line: 1, col: 1 } }];
    for (const statement of statements) {
      if (each) console.log(`-- line ${statement.position.line}: ${statement.text.split('\n', 1)[0]}`);
      const result = await account.execute(session, statement.text);
      const names = result.columns.map((c) => c.name);
      if (json) console.log(JSON.stringify(result.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])))));
      else printTable(result.columns, result.rows);
    }
    return 0;
  });
}

export async function localSeed(tenantId: string | undefined, days: number): Promise<number> {
  const ws = workspace();
  const plan = localPlan();
  return withAccount(ws, async (account) => {
    for (const tenant of tenantOf(plan, tenantId)) {
      const started = Date.now();
      const manifest = seedNextWindow(ws, tenant, days);
      const loaded = await loadLanding(account, ws, tenant);
      step('seed', `${tenant.id}: ${manifest.startDate}..${manifest.endDate}, ${number(loaded.reduce((n, l) => n + l.rowsLoaded, 0))} rows loaded`, started);
    }
    return 0;
  });
}

/** A file's first line, read without reading the rest (an export can be large). */
function firstLine(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const text = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    return text.split(/\r?\n/, 1)[0]!.replace(/^\uFEFF/, '');
  } finally {
    fs.closeSync(fd);
  }
}

export async function localLoad(tenantId: string, entity: string, file: string): Promise<number> {
  const ws = workspace();
  const plan = localPlan();
  const [tenant] = tenantOf(plan, tenantId);
  if (!RAW_TABLES.some((t) => t.entity.name === entity)) {
    throw new UsageError(`--entity: unknown entity "${entity}" (entities: ${RAW_TABLES.map((t) => t.entity.name).join(', ')})`);
  }
  if (!fs.existsSync(file)) throw new UsageError(`file not found: ${file}`);
  const raw = RAW_TABLES.find((t) => t.entity.name === entity)!;
  if (raw.format === 'csv') {
    const [header = []] = parseCsv(firstLine(file));
    const problem = csvHeaderProblem(raw, header);
    if (problem) throw new UsageError(`${file}: ${problem}`);
  }
  return withAccount(ws, async (account) => {
    const [result] = await loadLanding(account, ws, tenant!, { entity, file });
    if (result!.files === 0) {
      console.log(`${file}: already loaded, skipped`);
      return 0;
    }
    const table = tenant!.names.object('RAW', raw.table);
    console.log(`${file}: ${number(result!.rowsLoaded)} rows into ${table}${result!.errors ? `, ${number(result!.errors)} rejected` : ''}`);
    for (const r of result!.rejected) {
      console.log(`  ${r.file}: ${number(r.errors)} rejected; the first at line ${r.line}: ${r.firstError.split('\n').join(' ')}`);
    }
    if (result!.errors) {
      console.log(`  every rejected record and its reason (as the tenant's engineer, who loads it):`);
      console.log(`    npx eyecare local sql --user ${tenant!.names.functionalRole('ENGINEER')} "SELECT * FROM TABLE(VALIDATE(${table}, JOB_ID => '${result!.jobId}'))"`);
    }
    // The good rows are loaded either way (ON_ERROR = CONTINUE); rejects make it a load with problems.
    return result!.errors > 0 ? 1 : 0;
  });
}

/** A graph run in one line: why its root skipped it, or its tasks by state and what failed. */
export function graphRunLine(run: Pick<GraphRunResult, 'state' | 'root' | 'rows'>): string {
  const root = run.rows.find((r) => r.name === run.root.name);
  if (run.rows.length === 1 && root?.state === 'SKIPPED') return `graph SKIPPED (${root.name}: ${root.reason ?? 'skipped'})`;
  const states = new Map<string, number>();
  for (const row of run.rows) states.set(row.state, (states.get(row.state) ?? 0) + 1);
  const failed = run.rows.filter((r) => r.state === 'FAILED');
  return `graph ${run.state}, ${run.rows.length} tasks: ${[...states].map(([state, n]) => `${n} ${state.toLowerCase().replace('_', ' ')}`).join(', ')}${failed.length ? ` (${failed.map((f) => `${f.name}: ${f.errorMessage}`).join('; ')})` : ''}`;
}

export async function localRun(tenantId: string | undefined): Promise<number> {
  const ws = workspace();
  const plan = localPlan();
  return withAccount(ws, async (account) => {
    let failed = false;
    for (const tenant of tenantOf(plan, tenantId)) {
      const run = await runPipeline(account, tenant, taskProgress(tenant));
      status.clear();
      console.log(`${tenant.id}: graph ${run.state} (run ${run.runId})`);
      for (const row of run.rows) {
        console.log(`  ${row.name.padEnd(28)} ${row.state.padEnd(12)} ${number(row.rowsProduced).padStart(10)} rows ${`${(row.durationMs / 1000).toFixed(2)} s`.padStart(9)}${row.errorMessage ? `  ${row.errorCode}: ${row.errorMessage.split('\n').join(' ')}` : row.reason ? `  (${row.reason})` : ''}`);
      }
      failed ||= run.state === 'FAILED';
    }
    if (tenantId === undefined) {
      const peers = await runBenchmarkPeers(account, plan);
      console.log(`platform: ${BENCHMARK_PEERS_TASK} ${peers.state}${peers.rows.map((r) => (r.errorMessage ? `  ${r.errorCode}: ${r.errorMessage}` : ` (${number(r.rowsProduced)} rows)`)).join('')}`);
      failed ||= peers.state === 'FAILED';
    }
    return failed ? 1 : 0;
  });
}

export async function localServe(port: number): Promise<number> {
  const ws = workspace();
  if (!fs.existsSync(ws.database)) throw new UsageError(`no local account in ${ws.root}; run \`npm run local\` first`);
  const account = await openLocalAccount(ws);
  const server = await startServer({ backend: accountBackend(account), port });
  console.log(`Snowflake-compatible endpoint on ${server.url} (account 'local'); users are the functional roles, password EYECARE_LOCAL_PASSWORD. Ctrl-C stops it.`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  account.close();
  return 0;
}
