/**
 * The embedded default's working folder (`.eyecare/`, git-ignored) and the steps `eyecare local`
 * commands are made of: open the account, synth and apply the `local` environment, create the
 * local users, generate sample exports and load them through stage + COPY INTO.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEnvironment } from '../environments/load';
import { BENCHMARK_PEERS_TASK, FUNCTIONAL_ROLES, ROOT_TASK } from '../model/names';
import { EnvironmentPlan, TenantPlan, planEnvironment } from '../model/plan';
import { RAW_TABLES, copyIntoSql } from '../model/ingestion';
import { synthesize } from '../stacks/synth';
import { LocalAccount } from './account/account';
import { applyTarget } from './account/apply-target';
import { ApplySummary, applySynthesized } from './apply/apply';
import { SeedInput, SeedManifest, generateSeedData, nextWindow } from './seed';
import { renderSql } from '../constructs/sql';
import type { TaskHistoryRow } from './tasks/history';
import type { GraphRunResult } from './tasks/runner';

export const LOCAL_ENVIRONMENT = 'local';
/** First day of every tenant's sample history: fixed, so sample data is the same on every machine. */
export const SEED_HISTORY_START = '2025-01-06';
export const DEFAULT_SEED_DAYS = 90;

export interface Workspace {
  readonly root: string;
  readonly database: string;
  readonly stages: string;
  readonly outdir: string;
  readonly landing: (tenant: string) => string;
  readonly seedState: (tenant: string) => string;
}

export function workspace(root = process.env.EYECARE_LOCAL_DIR ?? path.join(process.cwd(), '.eyecare')): Workspace {
  const abs = path.resolve(root);
  return {
    root: abs,
    database: path.join(abs, 'local.duckdb'),
    stages: path.join(abs, 'stages'),
    outdir: path.join(abs, 'cdktf.out'),
    landing: (tenant) => path.join(abs, 'landing', tenant),
    seedState: (tenant) => path.join(abs, 'seed', `${tenant}.json`),
  };
}

export function localPassword(env: NodeJS.ProcessEnv = process.env): string {
  return env.EYECARE_LOCAL_PASSWORD ?? 'local';
}

export function localPlan(configDir?: string): EnvironmentPlan {
  return planEnvironment(loadEnvironment(LOCAL_ENVIRONMENT, configDir ? { dir: configDir } : {}));
}

export async function openLocalAccount(ws: Workspace): Promise<LocalAccount> {
  fs.mkdirSync(ws.root, { recursive: true });
  return LocalAccount.open(ws.database, { stageRoot: ws.stages });
}

/** Synthesizes the local environment exactly as `cdktf synth` would, then applies it; `onChange` sees each applied change. */
export async function synthAndApply(ws: Workspace, account: LocalAccount, configDir?: string, onChange?: (line: string) => void): Promise<{ stacks: number; summary: ApplySummary }> {
  const result = await synthesize({ env: LOCAL_ENVIRONMENT, outdir: ws.outdir, workers: 1, ...(configDir ? { configDir } : {}) });
  return { stacks: result.stacks.length, summary: await applySynthesized(ws.outdir, await applyTarget(account), onChange ? { onChange } : {}) };
}

/** The contract's local users: one per functional role (and the platform admin), default role = that role. */
export function localUserRoles(plan: EnvironmentPlan): string[] {
  return [plan.names.platformAdminRole, ...plan.tenants.flatMap((t) => FUNCTIONAL_ROLES.map((r) => t.names.functionalRole(r)))];
}

export async function ensureLocalUsers(account: LocalAccount, plan: EnvironmentPlan, password: string): Promise<number> {
  const security = account.systemSession('SECURITYADMIN');
  const roles = localUserRoles(plan);
  const escaped = password.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  for (const role of roles) {
    // OR REPLACE keeps the password in step with EYECARE_LOCAL_PASSWORD on every run.
    await account.execute(security, `CREATE OR REPLACE USER "${role}" PASSWORD = '${escaped}' DEFAULT_ROLE = "${role}"`);
    await account.execute(security, `GRANT ROLE "${role}" TO USER "${role}"`);
  }
  return roles.length;
}

interface SeedState {
  readonly windows: { readonly input: SeedInput; readonly manifest: SeedManifest }[];
}

function tenantSeed(tenant: TenantPlan): number {
  return createHash('sha256').update(`eyecare-sample:${tenant.id}`).digest().readInt32LE(0);
}

function readSeedState(ws: Workspace, tenant: string): SeedState {
  const file = ws.seedState(tenant);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SeedState) : { windows: [] };
}

/**
 * Generates the tenant's next `days` of export files into its landing folder (the first window
 * starts at SEED_HISTORY_START). Returns the new window's manifest.
 */
export function seedNextWindow(ws: Workspace, tenant: TenantPlan, days: number): SeedManifest {
  const state = readSeedState(ws, tenant.id);
  const last = state.windows[state.windows.length - 1];
  const input: SeedInput = last
    ? nextWindow(last.input, last.manifest, days)
    : {
        tenantId: tenant.id,
        tier: tenant.tier,
        locations: tenant.locations.map((l) => ({ id: l.id, name: l.name, state: l.state, ...(l.city ? { city: l.city } : {}) })),
        startDate: SEED_HISTORY_START,
        days,
        seed: tenantSeed(tenant),
        historyStart: SEED_HISTORY_START,
      };
  const manifest = generateSeedData(input, ws.landing(tenant.id));
  fs.mkdirSync(path.dirname(ws.seedState(tenant.id)), { recursive: true });
  fs.writeFileSync(ws.seedState(tenant.id), JSON.stringify({ windows: [...state.windows, { input, manifest }] }, null, 1));
  return manifest;
}

export function hasSeedData(ws: Workspace, tenant: string): boolean {
  return readSeedState(ws, tenant).windows.length > 0;
}

export interface LoadResult {
  readonly entity: string;
  readonly files: number;
  readonly rowsLoaded: number;
  readonly errors: number;
  /** The COPY's query id: `SELECT * FROM TABLE(VALIDATE(RAW.<table>, JOB_ID => '<id>'))` lists its rejected records. */
  readonly jobId: string;
  /** Files with rejected records: how many, and the first one's reason and line. */
  readonly rejected: readonly { readonly file: string; readonly errors: number; readonly firstError: string; readonly line: number }[];
}

/**
 * Puts the tenant's landing files into its RAW stage and loads them with COPY INTO, as the
 * tenant's engineer role (the grants allow exactly this). Files already loaded are skipped by
 * the load history, so loading twice adds nothing.
 */
export async function loadLanding(
  account: LocalAccount,
  ws: Workspace,
  tenant: TenantPlan,
  only?: { entity: string; file: string },
  onEntity?: (entity: string) => void,
): Promise<LoadResult[]> {
  const session = account.systemSession(tenant.names.functionalRole('ENGINEER'));
  session.database = tenant.names.database;
  session.schema = 'RAW';
  const results: LoadResult[] = [];
  for (const plan of RAW_TABLES) {
    if (only && only.entity !== plan.entity.name) continue;
    const folder = path.join(ws.landing(tenant.id), plan.entity.name);
    const source = only ? path.resolve(only.file) : path.join(folder, `*.${plan.format}`);
    if (!only && (!fs.existsSync(folder) || fs.readdirSync(folder).length === 0)) continue;
    onEntity?.(plan.entity.name);
    await account.execute(session, `PUT 'file://${source}' @RAW.LANDING/${plan.entity.name}/`);
    const copy = await account.execute(session, copyIntoSql(plan));
    const loadedFiles = copy.columns.some((c) => c.name === 'rows_loaded') ? copy.rows : [];
    // COPY's answer per file: file, status, rows_parsed, rows_loaded, error_limit, errors_seen, first_error, first_error_line.
    results.push({
      entity: plan.entity.name,
      files: loadedFiles.length,
      rowsLoaded: loadedFiles.reduce((n, r) => n + Number(r[3]), 0),
      errors: loadedFiles.reduce((n, r) => n + Number(r[5]), 0),
      jobId: copy.queryId,
      rejected: loadedFiles
        .filter((r) => Number(r[5]) > 0)
        .map((r) => ({ file: String(r[0]), errors: Number(r[5]), firstError: String(r[6]), line: Number(r[7]) })),
    });
  }
  return results;
}

/** Runs a tenant's pipeline graph once, now (EXECUTE TASK on the root); `onTask` sees each task's history row. */
export async function runPipeline(account: LocalAccount, tenant: TenantPlan, onTask?: (row: TaskHistoryRow) => void): Promise<GraphRunResult> {
  return account.runTaskGraph({ database: tenant.names.database, schema: 'STAGING', name: ROOT_TASK }, onTask ? { onTask } : {});
}

/** Runs the platform's benchmark task once, now: peer percentiles over every tenant's rows. */
export async function runBenchmarkPeers(account: LocalAccount, plan: EnvironmentPlan): Promise<GraphRunResult> {
  return account.runTaskGraph({ database: plan.names.platformDatabase, schema: 'BENCHMARK', name: BENCHMARK_PEERS_TASK });
}

export interface PeerPosition {
  readonly metric: string;
  readonly month: string;
  readonly value: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly peers: number;
}

/** A tenant's latest rates next to its peers' percentiles, read as the tenant's analyst. */
export async function peerPosition(account: LocalAccount, plan: EnvironmentPlan, tenant: TenantPlan, password: string): Promise<PeerPosition[]> {
  const rows = await readAsAnalyst(account, tenant, plan.names.platformDatabase, 'platform/summary/peer_position.sql', password);
  return rows.map((r) => ({
    metric: String(r.METRIC),
    month: String(r.MONTH),
    value: Number(r.VALUE),
    p25: Number(r.P25),
    p50: Number(r.P50),
    p75: Number(r.P75),
    peers: Number(r.PEER_COUNT),
  }));
}

export interface KpiSummary {
  readonly days: number;
  readonly netRevenue: number;
  readonly exams: number;
  readonly revenuePerComprehensiveExam: number | null;
  readonly noShowRate: number | null;
  readonly opticalCaptureRate: number | null;
  readonly denialRate: number | null;
}

/** The headline KPIs over a tenant's whole history, read as its analyst (rates from summed inputs). */
export async function kpiSummary(account: LocalAccount, tenant: TenantPlan, password: string): Promise<KpiSummary> {
  const [row] = await readAsAnalyst(account, tenant, tenant.names.database, 'marts/summary/kpi_headline.sql', password);
  const value = (name: string) => {
    const v = row?.[name];
    return v === null || v === undefined ? null : Number(v);
  };
  return {
    days: value('DAYS') ?? 0,
    netRevenue: value('NET_REVENUE') ?? 0,
    exams: value('EXAMS') ?? 0,
    revenuePerComprehensiveExam: value('REVENUE_PER_COMPREHENSIVE_EXAM'),
    noShowRate: value('NO_SHOW_RATE'),
    opticalCaptureRate: value('OPTICAL_CAPTURE_RATE'),
    denialRate: value('DENIAL_RATE'),
  };
}

/** A summary query from `sql/` run as the tenant's analyst (so its policies apply), rows keyed by column. */
async function readAsAnalyst(account: LocalAccount, tenant: TenantPlan, database: string, file: string, password: string): Promise<Record<string, unknown>[]> {
  const analyst = account.login(tenant.names.functionalRole('ANALYST'), password);
  analyst.database = database;
  const result = await account.execute(analyst, renderSql(file));
  return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]])));
}
