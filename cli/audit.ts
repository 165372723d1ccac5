/**
 * `eyecare audit --tenant T [--since D] [--all] [--env E]`: who read which of a tenant's PHI
 * columns, from the platform's AUDIT.PHI_ACCESS view, through snowflake-sdk. Against Snowflake it
 * connects with the SNOWFLAKE_* settings; for the local environment it serves the local account on
 * an ephemeral port and reads as the tenant's admin, whom the tenant policy limits to that tenant.
 */
import type { SnowflakeClient } from '../client/snowflake';
import { loadEnvironment } from '../environments/load';
import { queryTag } from '../model/names';
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
  await client.query(`ALTER SESSION SET QUERY_TAG = '${queryTag('audit', tenant.id)}'`);
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

function printReads(tenant: TenantPlan, since: string, reads: readonly PhiReadSummary[]): void {
  console.log(`PHI reads of ${tenant.id} since ${since}: ${reads.length} user-column pair${reads.length === 1 ? '' : 's'}`);
  if (reads.length === 0) return;
  const header = ['user', 'role', 'column', 'reads', 'first', 'last'];
  const cells = reads.map((r) => [r.user, r.role + (r.component ? ` (${r.component})` : ''), r.column, String(r.reads), r.first, r.last]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `  ${c.map((v, i) => (i === 3 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ')}`;
  console.log(line(header));
  cells.forEach((c) => console.log(line(c)));
}

export async function audit(options: { env: string; tenant: string; since?: string; all: boolean }): Promise<number> {
  const plan = planEnvironment(loadEnvironment(options.env));
  const tenant = tenantOf(plan, options.env, options.tenant);
  const since = sinceDate(options.since);
  // As the tenant's admin: the role its AUDIT views are granted to, whom the tenant policy limits to that tenant.
  const reads = await withTenantClient(options.env, plan, tenant, 'ADMIN', (client) => phiReads(client, plan, tenant, since, options.all));
  printReads(tenant, since, reads);
  return 0;
}
