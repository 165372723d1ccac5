/**
 * `eyecare audit --tenant T [--since D] [--all] [--env E]`: who read which of a tenant's PHI
 * columns, from the platform's AUDIT.PHI_ACCESS view, and who spent how many Cortex tokens and
 * credits (AUDIT.CORTEX_USAGE), through snowflake-sdk. Against Snowflake it
 * connects with the SNOWFLAKE_* settings; for the local environment it serves the local account on
 * an ephemeral port and reads as the tenant's admin, whom the tenant policy limits to that tenant.
 */
import type { SnowflakeClient } from '../client/snowflake';
import { loadEnvironment } from '../environments/load';
import { type EnvironmentPlan, type TenantPlan, planEnvironment } from '../model/plan';
import { UsageError } from './args';
import { tenantOf, withTenantClient } from './tenant-client';

/** One person's reads of one PHI column. */
export interface PhiReadSummary {
  readonly user: string;
  readonly role: string;
  readonly component: string | null;
  readonly column: string;
  readonly reads: number;
  readonly first: string;
  readonly last: string;
}

/** One person's Cortex use with one model. */
export interface CortexUseSummary {
  readonly user: string;
  readonly role: string;
  readonly model: string;
  readonly queries: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly credits: number;
}

/** `2025-01-31`, or `30d` for the last 30 days; the start of the window as `YYYY-MM-DD`. */
export function sinceDate(text: string | undefined, today = new Date()): string {
  if (text === undefined) return sinceDate('30d', today);
  const days = /^(\d{1,4})d$/.exec(text);
  if (days) return new Date(today.getTime() - Number(days[1]) * 86_400_000).toISOString().slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))) return text;
  throw new UsageError(`--since: "${text}" is neither a date (YYYY-MM-DD) nor a number of days (e.g. 30d)`);
}

/**
 * The tenant's PHI reads since a date, grouped by user, role and column. The platform's own
 * components (the pipeline's tasks) are left out unless `all`. Values go in as binds.
 */
export async function phiReads(client: SnowflakeClient, plan: EnvironmentPlan, tenant: TenantPlan, since: string, all: boolean): Promise<PhiReadSummary[]> {
  const rows = await client.query(
    `SELECT USER_NAME, ROLE_NAME, COMPONENT, OBJECT_NAME || '.' || COLUMN_NAME AS COLUMN_PATH,
            COUNT(DISTINCT QUERY_ID) AS READS, MIN(READ_AT)::VARCHAR AS FIRST_READ, MAX(READ_AT)::VARCHAR AS LAST_READ
     FROM ${plan.names.platformObject('AUDIT', 'PHI_ACCESS')}
     WHERE TENANT_ID = ? AND READ_AT >= ?::DATE AND (? OR COALESCE(COMPONENT, '') NOT IN ('pipeline', 'benchmark'))
     GROUP BY USER_NAME, ROLE_NAME, COMPONENT, COLUMN_PATH
     ORDER BY USER_NAME, COLUMN_PATH`,
    [tenant.id, since, all],
  );
  return rows.map((r) => ({
    user: String(r.USER_NAME),
    role: String(r.ROLE_NAME ?? ''),
    component: r.COMPONENT === null || r.COMPONENT === undefined ? null : String(r.COMPONENT),
    column: String(r.COLUMN_PATH),
    reads: Number(r.READS),
    first: String(r.FIRST_READ).slice(0, 19),
    last: String(r.LAST_READ).slice(0, 19),
  }));
}

/** The tenant's Cortex use since a date, by user, role and model, most credits first. */
export async function cortexUse(client: SnowflakeClient, plan: EnvironmentPlan, tenant: TenantPlan, since: string): Promise<CortexUseSummary[]> {
  const rows = await client.query(
    `SELECT USER_ID, ROLE_NAME, MODEL_NAME, COUNT(DISTINCT QUERY_ID) AS QUERIES, SUM(INPUT_TOKENS) AS INPUT_TOKENS,
            SUM(OUTPUT_TOKENS) AS OUTPUT_TOKENS, SUM(CREDITS) AS CREDITS
     FROM ${plan.names.platformObject('AUDIT', 'CORTEX_USAGE')}
     WHERE TENANT_ID = ? AND START_TIME >= DATE_TRUNC('hour', ?::TIMESTAMP_LTZ)
     GROUP BY USER_ID, ROLE_NAME, MODEL_NAME
     ORDER BY CREDITS DESC, USER_ID, MODEL_NAME`,
    [tenant.id, since],
  );
  return rows.map((r) => ({
    user: String(r.USER_ID),
    role: String(r.ROLE_NAME ?? ''),
    model: String(r.MODEL_NAME ?? ''),
    queries: Number(r.QUERIES),
    inputTokens: Number(r.INPUT_TOKENS),
    outputTokens: Number(r.OUTPUT_TOKENS),
    credits: Number(r.CREDITS),
  }));
}

/** Columns padded to their widest cell, numbers (the `numeric` columns) right-aligned. */
function printTable(header: readonly string[], cells: readonly (readonly string[])[], numeric: ReadonlySet<number>): void {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `  ${c.map((v, i) => (numeric.has(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  console.log(line(header));
  cells.forEach((c) => console.log(line(c)));
}

function printCortexUse(tenant: TenantPlan, since: string, uses: readonly CortexUseSummary[]): void {
  const credits = uses.reduce((sum, u) => sum + u.credits, 0);
  const queries = uses.reduce((n, u) => n + u.queries, 0);
  console.log(`Cortex use of ${tenant.id} since ${since}: ${queries} ${queries === 1 ? 'query' : 'queries'}, ${credits.toFixed(6)} credits`);
  if (uses.length === 0) return;
  const tokens = (n: number) => n.toLocaleString('en-US');
  printTable(
    ['user', 'role', 'model', 'queries', 'input tokens', 'output tokens', 'credits'],
    uses.map((u) => [u.user, u.role, u.model, String(u.queries), tokens(u.inputTokens), tokens(u.outputTokens), u.credits.toFixed(6)]),
    new Set([3, 4, 5, 6]),
  );
}

function printReads(tenant: TenantPlan, since: string, reads: readonly PhiReadSummary[]): void {
  console.log(`PHI reads of ${tenant.id} since ${since}: ${reads.length} user-column pair${reads.length === 1 ? '' : 's'}`);
  if (reads.length === 0) return;
  printTable(
    ['user', 'role', 'column', 'reads', 'first', 'last'],
    reads.map((r) => [r.user, r.role + (r.component ? ` (${r.component})` : ''), r.column, String(r.reads), r.first, r.last]),
    new Set([3]),
  );
}

export async function audit(options: { env: string; tenant: string; since?: string; all: boolean }): Promise<number> {
  const plan = planEnvironment(loadEnvironment(options.env));
  const tenant = tenantOf(plan, options.env, options.tenant);
  const since = sinceDate(options.since);
  // As the tenant's admin: the role its AUDIT views are granted to, whom the tenant policy limits to that tenant.
  const [reads, uses] = await withTenantClient(options.env, plan, tenant, 'ADMIN', 'audit', async (client) => [
    await phiReads(client, plan, tenant, since, options.all),
    await cortexUse(client, plan, tenant, since),
  ] as const);
  printReads(tenant, since, reads);
  console.log('');
  printCortexUse(tenant, since, uses);
  return 0;
}
