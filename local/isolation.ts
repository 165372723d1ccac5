/**
 * The dynamic half of `eyecare verify-isolation`: every tenant's users try, through
 * snowflake-sdk, to reach another tenant's data or escalate, and every attempt must be refused
 * the way Snowflake refuses it. Each finding carries the statement and what came back.
 */
import { SnowflakeClient, connect } from '../client/snowflake';
import { pipelineNames, qualified } from '../model/names';
import type { EnvironmentPlan, TenantPlan } from '../model/plan';

export interface Finding {
  readonly user: string;
  readonly attack: string;
  readonly sql: string;
  readonly expected: string;
  readonly got: string;
}

interface Attack {
  readonly name: string;
  readonly sql: string;
  /** Snowflake error codes that count as refused, or a check on the rows that come back. */
  readonly refusedWith?: readonly string[];
  readonly rowsMustBe?: (rows: Record<string, unknown>[]) => string | undefined;
}

const NOT_AUTHORIZED = ['002003'];

/** Attacks by one tenant's analyst on another tenant's objects and on the account. */
function crossTenantAttacks(own: TenantPlan, other: TenantPlan): Attack[] {
  const foreign = other.names.object('MARTS', 'KPI_LOCATION_DAILY');
  return [
    { name: "read another tenant's mart", sql: `SELECT * FROM ${foreign}`, refusedWith: NOT_AUTHORIZED },
    { name: 'quoted three-part name', sql: `SELECT * FROM ${qualified(other.names.database, 'MARTS', 'KPI_LOCATION_DAILY')}`, refusedWith: NOT_AUTHORIZED },
    { name: 'UNION with an own table', sql: `SELECT LOCATION_ID FROM ${own.names.object('MARTS', 'KPI_LOCATION_DAILY')} UNION ALL SELECT LOCATION_ID FROM ${foreign}`, refusedWith: NOT_AUTHORIZED },
    { name: 'subquery in a filter', sql: `SELECT 1 WHERE EXISTS (SELECT 1 FROM ${foreign})`, refusedWith: NOT_AUTHORIZED },
    { name: "another tenant's RAW", sql: `SELECT * FROM ${other.names.object('RAW', 'PATIENTS')}`, refusedWith: NOT_AUTHORIZED },
    { name: 'USE DATABASE', sql: `USE DATABASE ${other.names.database}`, refusedWith: NOT_AUTHORIZED },
    { name: "USE ROLE of another tenant's admin", sql: `USE ROLE ${other.names.functionalRole('ADMIN')}`, refusedWith: ['003013'] },
    { name: 'time travel on a foreign table', sql: `SELECT * FROM ${foreign} AT(OFFSET => -60)`, refusedWith: ['002003', '000002'] },
    {
      name: 'SHOW DATABASES lists only own',
      sql: 'SHOW DATABASES',
      rowsMustBe: (rows) => (rows.some((r) => r.name === other.names.database) ? `lists ${other.names.database}` : undefined),
    },
  ];
}

function accountAttacks(own: TenantPlan): Attack[] {
  return [
    { name: 'USE ROLE ACCOUNTADMIN', sql: 'USE ROLE ACCOUNTADMIN', refusedWith: ['003013'] },
    { name: 'USE ROLE SECURITYADMIN', sql: 'USE ROLE SECURITYADMIN', refusedWith: ['003013'] },
    { name: 'grant itself more', sql: `GRANT ROLE ${own.names.functionalRole('ADMIN')} TO ROLE ${own.names.functionalRole('ANALYST')}`, refusedWith: ['003001'] },
    { name: 'identifier injection', sql: `SELECT * FROM ${own.names.database}.MARTS."KPI_LOCATION_DAILY; DROP TABLE X"`, refusedWith: ['002003'] },
  ];
}

/**
 * The shared benchmark table holds every tenant's rows: whatever a tenant's analyst writes, only
 * its own rows may come back (or nothing at all, for a tenant that does not share).
 */
function benchmarkAttacks(plan: EnvironmentPlan, own: TenantPlan): Attack[] {
  const table = plan.names.benchmarkTable;
  const onlyOwn = (rows: Record<string, unknown>[]) => {
    const foreign = [...new Set(rows.map((r) => r.TENANT_ID).filter((id) => id !== own.id))];
    return foreign.length ? `rows of ${foreign.join(', ')} visible` : undefined;
  };
  const others = plan.tenants.filter((t) => t.id !== own.id).map((t) => `'${t.id}'`).join(', ') || "'none'";
  const read = (name: string, sql: string): Attack => ({ name, sql, refusedWith: NOT_AUTHORIZED, rowsMustBe: onlyOwn });
  return [
    read('benchmark rows of other tenants', `SELECT DISTINCT TENANT_ID FROM ${table}`),
    read('benchmark rows by tenant id', `SELECT TENANT_ID FROM ${table} WHERE TENANT_ID IN (${others})`),
    read('benchmark filter injection', `SELECT TENANT_ID FROM ${table} WHERE TENANT_ID = '' OR '1' = '1'`),
    read('benchmark through a derived table and UNION', `SELECT TENANT_ID FROM (SELECT * FROM ${table}) x UNION ALL SELECT TENANT_ID FROM ${table}`),
    read('benchmark through the rates view', `SELECT DISTINCT TENANT_ID FROM ${plan.names.platformObject('BENCHMARK', 'V_KPI_MONTHLY_RATES')}`),
    { name: 'benchmark with time travel', sql: `SELECT DISTINCT TENANT_ID FROM ${table} AT(OFFSET => -60)`, refusedWith: ['002003', '000002'], rowsMustBe: onlyOwn },
    {
      name: 'count the other tenants through an aggregate',
      sql: `SELECT count(DISTINCT TENANT_ID) AS N FROM ${table}`,
      refusedWith: NOT_AUTHORIZED,
      rowsMustBe: (rows) => (Number(rows[0]?.N ?? 0) > 1 ? `${rows[0]!.N} tenants counted` : undefined),
    },
  ];
}

/** Row and column policies inside one tenant. */
function policyAttacks(plan: EnvironmentPlan, tenant: TenantPlan): { user: string; attacks: Attack[] }[] {
  const kpi = tenant.names.object('MARTS', 'KPI_LOCATION_DAILY');
  const noRows = (rows: Record<string, unknown>[]) => {
    const n = Number(Object.values(rows[0] ?? {})[0] ?? 0);
    return n === 0 ? undefined : `${n} rows visible without an entitlement`;
  };
  const notClear = (rows: Record<string, unknown>[]) => {
    const name = rows[0]?.LAST_NAME;
    return typeof name === 'string' && !/^[0-9a-f]{64}$/.test(name) ? `last name visible in clear (${name.slice(0, 1)}...)` : undefined;
  };
  return [
    {
      user: tenant.names.functionalRole('LOCATION_MANAGER'),
      attacks: [
        { name: 'rows of unentitled locations', sql: `SELECT count(*) AS N FROM ${kpi}`, rowsMustBe: noRows },
        { name: 'the benchmark without a grant', sql: `SELECT count(*) AS N FROM ${plan.names.benchmarkTable}`, refusedWith: NOT_AUTHORIZED },
        { name: 'through a view', sql: `SELECT count(*) AS N FROM ${tenant.names.object('MARTS', 'V_KPI_LOCATION_MONTHLY')}`, rowsMustBe: noRows },
        { name: 'through a derived table', sql: `SELECT count(*) AS N FROM (SELECT * FROM ${kpi}) x`, rowsMustBe: noRows },
      ],
    },
    {
      user: tenant.names.functionalRole('ENGINEER'),
      attacks: [{ name: 'PHI in clear', sql: `SELECT LAST_NAME FROM ${tenant.names.object('STAGING', pipelineNames.stagingTable('PATIENTS'))} WHERE LAST_NAME IS NOT NULL LIMIT 1`, rowsMustBe: notClear }],
    },
  ];
}

async function attempt(client: SnowflakeClient, user: string, attack: Attack): Promise<Finding | undefined> {
  const expected = attack.refusedWith ? `refused (${attack.refusedWith.join(' or ')})` : 'no leak';
  try {
    const rows = await client.query(attack.sql);
    const leak = attack.rowsMustBe ? attack.rowsMustBe(rows) : `succeeded with ${rows.length} rows`;
    return leak ? { user, attack: attack.name, sql: attack.sql, expected, got: leak } : undefined;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'no code';
    if (attack.refusedWith?.includes(code)) return undefined;
    return { user, attack: attack.name, sql: attack.sql, expected, got: `error ${code}: ${(error as Error).message.split('\n').join(' ')}` };
  }
}

/** Runs every attack through the endpoint at `url`; returns the leaks (empty when isolated). */
export async function dynamicIsolationCheck(plan: EnvironmentPlan, url: string, password: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const run = async (user: string, attacks: readonly Attack[]) => {
    const client = await connect({ account: 'local', accessUrl: url, username: user, password });
    try {
      for (const attack of attacks) {
        const finding = await attempt(client, user, attack);
        if (finding) findings.push(finding);
      }
    } finally {
      await client.close();
    }
  };
  for (const tenant of plan.tenants) {
    const analyst = tenant.names.functionalRole('ANALYST');
    await run(analyst, [
      ...plan.tenants.filter((t) => t.id !== tenant.id).flatMap((other) => crossTenantAttacks(tenant, other)),
      ...accountAttacks(tenant),
      ...benchmarkAttacks(plan, tenant),
    ]);
    for (const { user, attacks } of policyAttacks(plan, tenant)) await run(user, attacks);
  }
  return findings;
}
