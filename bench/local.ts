/**
 * Embedded-default benchmarks:
 * - `npm run local` from an empty `.eyecare/` (target ≤ 60 s on this machine);
 * - loading CSV/NDJSON exports into RAW through stage + COPY INTO (target ≥ 200k rows/s);
 * - the pipeline's incremental run after one more day versus the first full run (target ≤ 1/10),
 *   at 1x, 10x and 100x history;
 * - the Snowflake endpoint in front of the real local account (p50 of a trivial query, rows/s).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalAccount } from '../local/account/account';
import { accountBackend } from '../local/account/backend';
import { StreamRate, benchServer } from '../local/server/bench';
import { EnvironmentPlan, TenantPlan } from '../model/plan';
import { Workspace, ensureLocalUsers, loadLanding, localPlan, runPipeline, seedNextWindow, synthAndApply, workspace } from '../local/workspace';
import { measure } from './measure';
import { markdownTable, writeSection } from './report';

const ROOT = path.join(__dirname, '..');

function scratch(name: string): Workspace {
  return workspace(fs.mkdtempSync(path.join(os.tmpdir(), `eyecare-bench-${name}-`)));
}

async function prepared(name: string): Promise<{ ws: Workspace; account: LocalAccount; plan: EnvironmentPlan }> {
  const ws = scratch(name);
  fs.mkdirSync(ws.root, { recursive: true });
  const account = await LocalAccount.open(ws.database, { stageRoot: ws.stages });
  const plan = localPlan(path.join(ROOT, 'environments'));
  await synthAndApply(ws, account, path.join(ROOT, 'environments'));
  await ensureLocalUsers(account, plan, 'local');
  return { ws, account, plan };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function benchLocalUp(): Promise<string> {
  const ws = scratch('up');
  const result = await measure(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'cli', 'main.ts'), 'local', 'up'], { ...process.env, EYECARE_LOCAL_DIR: ws.root });
  if (result.exitCode !== 0) throw new Error(`local up failed:\n${result.stderr}`);
  const again = await measure(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'cli', 'main.ts'), 'local', 'up'], { ...process.env, EYECARE_LOCAL_DIR: ws.root });
  fs.rmSync(ws.root, { recursive: true, force: true });
  console.log(`local up: ${result.wallSeconds.toFixed(1)} s from empty, ${again.wallSeconds.toFixed(1)} s again`);
  return markdownTable(
    ['run', 'wall s', 'peak MB'],
    [
      ['`npm run local` from an empty .eyecare/ (3 tenants, 90 days)', result.wallSeconds.toFixed(1), Math.round(result.peakTreeRssMb)],
      ['second `npm run local` (nothing new: applies nothing, loads nothing)', again.wallSeconds.toFixed(1), Math.round(again.peakTreeRssMb)],
    ],
  );
}

async function benchLoad(): Promise<string> {
  const { ws, account, plan } = await prepared('load');
  const rows: (string | number)[][] = [];
  try {
    for (const tenant of plan.tenants) {
      seedNextWindow(ws, tenant, 90);
      const [loaded, ms] = await timed(() => loadLanding(account, ws, tenant));
      const total = loaded.reduce((n, l) => n + l.rowsLoaded, 0);
      rows.push([tenant.id, tenant.tier, total.toLocaleString('en-US'), seconds(ms), Math.round(total / (ms / 1000)).toLocaleString('en-US')]);
      console.log(`load ${tenant.id}: ${total} rows in ${seconds(ms)} s`);
    }
  } finally {
    account.close();
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
  return `${markdownTable(['tenant', 'tier', 'rows', 'seconds', 'rows/s'], rows)}\n\nTarget: ≥ 200,000 rows/s (PUT + COPY INTO, all 12 entities, CSV and NDJSON, load history and rejects included).`;
}

/** First full run and the run after one more day, for a tenant with `days` of history. */
async function incremental(tenant: (plan: EnvironmentPlan) => TenantPlan, days: number): Promise<{ rows: number; fullMs: number; nextMs: number; perTask: Map<string, number>; nextPerTask: Map<string, number> }> {
  const { ws, account, plan } = await prepared(`inc-${days}`);
  try {
    const t = tenant(plan);
    seedNextWindow(ws, t, days);
    await loadLanding(account, ws, t);
    const [full, fullMs] = await timed(() => runPipeline(account, t));
    if (full.state !== 'SUCCEEDED') throw new Error(`full run ${full.state}: ${full.firstError?.errorMessage}`);
    seedNextWindow(ws, t, 1);
    await loadLanding(account, ws, t);
    const [next, nextMs] = await timed(() => runPipeline(account, t));
    const [[raw]] = (await account.execute(account.systemSession('SYSADMIN'), `SELECT count(*) FROM ${t.names.database}.RAW.APPOINTMENTS`)).rows as [[number]];
    return { rows: Number(raw), fullMs, nextMs, perTask: new Map(full.rows.map((r) => [r.name, r.durationMs])), nextPerTask: new Map(next.rows.map((r) => [r.name, r.durationMs])) };
  } finally {
    account.close();
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
}

async function benchIncremental(): Promise<string> {
  const small = (plan: EnvironmentPlan) => plan.tenants.find((t) => t.tier === 'small')!;
  const rows: (string | number)[][] = [];
  let perTask: Map<string, number> | undefined;
  for (const [label, days] of [['1x', 9], ['10x', 90], ['100x', 900]] as const) {
    const r = await incremental(small, days);
    perTask ??= r.perTask;
    rows.push([label, days, r.rows.toLocaleString('en-US'), seconds(r.fullMs), seconds(r.nextMs), (r.nextMs / r.fullMs).toFixed(3)]);
    console.log(`incremental ${label}: full ${seconds(r.fullMs)} s, +1 day ${seconds(r.nextMs)} s`);
  }
  const large = await incremental((plan) => plan.tenants.find((t) => t.tier === 'large')!, 90);
  const tasks = [...large.perTask].sort((a, b) => b[1] - a[1]);
  return [
    markdownTable(['history', 'days', 'RAW appointments', 'first full run s', 'run after +1 day s', 'ratio'], rows),
    '',
    'Target: the run after one more day costs ≤ 1/10 of the first full run.',
    '',
    `Per task, the large tenant (12 locations, 90 days, ${large.rows.toLocaleString('en-US')} appointments; +1 day run ${seconds(large.nextMs)} s of ${seconds(large.fullMs)} s):`,
    '',
    markdownTable(['task', 'first full run s', 'run after +1 day s'], tasks.map(([name, ms]) => [name, seconds(ms), seconds(large.nextPerTask.get(name) ?? 0)])),
  ].join('\n');
}

/** Streamed runs of the 1M-row result per row mode: the machine is shared, so one run says little. */
const LARGE_RUNS = 3;

async function benchEndpoint(): Promise<string> {
  const { ws, account } = await prepared('endpoint');
  try {
    const sysadmin = account.systemSession('SYSADMIN');
    await account.execute(sysadmin, 'CREATE TABLE LOCAL_CLEARSIGHT.MARTS.BENCH_ROWS (ID NUMBER(38,0), AMOUNT NUMBER(12,2), LABEL VARCHAR)');
    const big = Array.from({ length: 1_000_000 }, (_, i) => [String(i), (i % 100000 / 100).toFixed(2), `label-${i % 1000}`]);
    const text = ['c1', 'c2', 'c3'];
    await account.engine.bulkLoad({ database: 'LOCAL_CLEARSIGHT', schema: 'MARTS', name: 'BENCH_ROWS' }, ['ID', 'AMOUNT', 'LABEL'], text, { columns: text.map((name) => ({ name, type: 'VARCHAR' })), rows: big });
    const r = await benchServer(accountBackend(account), {
      user: 'LOCAL_CLEARSIGHT_ANALYST',
      password: 'local',
      trivialSql: 'SELECT 1',
      largeSql: 'SELECT ID, AMOUNT, LABEL FROM LOCAL_CLEARSIGHT.MARTS.BENCH_ROWS',
      largeRows: 1_000_000,
      largeRuns: LARGE_RUNS,
    });
    console.log(
      `endpoint: p50 ${r.trivialP50Ms.toFixed(2)} ms (${r.concurrentP50Ms.toFixed(2)} ms with ${r.sessions} sessions), ${Math.round(r.objectRows.rowsPerSecond)} rows/s (row objects), ${Math.round(r.arrayRows.rowsPerSecond)} rows/s (rowMode array)`,
    );
    const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} rows/s`;
    const span = (s: StreamRate) => `${Math.round(s.minRowsPerSecond).toLocaleString('en-US')}-${rate(s.maxRowsPerSecond)}`;
    return `${markdownTable(
      ['measure', 'value', 'target'],
      [
        ['trivial query p50 (snowflake-sdk -> endpoint -> local account, audited)', `${r.trivialP50Ms.toFixed(2)} ms`, '≤ 5 ms'],
        ['trivial query p99', `${r.trivialP99Ms.toFixed(2)} ms`, ''],
        [`${r.sessions} sessions x ${r.queries / r.sessions} queries, all at once`, `${Math.round(r.queriesPerSecond)} queries/s`, ''],
        [`trivial query p50 / p99 during the ${r.sessions} sessions`, `${r.concurrentP50Ms.toFixed(2)} / ${r.concurrentP99Ms.toFixed(2)} ms`, ''],
        [`1M-row result through streamRows(), row objects (the SDK default), median of ${LARGE_RUNS}`, rate(r.objectRows.rowsPerSecond), '≥ 500,000 rows/s'],
        [`range of those ${LARGE_RUNS} runs`, span(r.objectRows), ''],
        [`same, rows as arrays (\`rowMode: 'array'\`), median of ${LARGE_RUNS}`, rate(r.arrayRows.rowsPerSecond), '≥ 500,000 rows/s'],
        [`range of those ${LARGE_RUNS} runs`, span(r.arrayRows), ''],
        ['of which until the first response (statement run, first chunk), medians, objects / arrays', `${seconds(r.objectRows.firstResponseMs)} / ${seconds(r.arrayRows.firstResponseMs)} s`, ''],
        ['same result, server side (statement, encode, HTTP; no SDK parsing)', rate(r.serverRowsPerSecond), ''],
        ["SDK's own limit (rows per second of its CPU time while streaming), medians, objects / arrays", `${rate(r.objectRows.sdkCpuRowsPerSecond)} / ${rate(r.arrayRows.sdkCpuRowsPerSecond)}`, ''],
      ],
    )}\n\nThe SDK client runs in its own process; every session's statements queue on the account's one DuckDB connection, so with ${r.sessions} sessions in flight a query waits for about ${r.sessions} others (latency ≈ sessions / throughput).`;
  } finally {
    account.close();
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
}

/** Each local benchmark by the name `npm run bench -- <name>` runs it under, in the order `local` runs them. */
export const LOCAL_BENCHMARKS: Readonly<Record<string, () => Promise<string>>> = {
  'local-up': () => benchLocalUp(),
  load: () => benchLoad(),
  incremental: () => benchIncremental(),
  endpoint: () => benchEndpoint(),
};

/** Runs one local benchmark and records its block in docs/performance.md. */
export async function benchLocalSection(name: string): Promise<void> {
  writeSection(name, await LOCAL_BENCHMARKS[name]!());
}
