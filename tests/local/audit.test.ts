/**
 * The platform AUDIT views on the applied local environment, read through snowflake-sdk as the
 * CLI does: each tenant admin sees its own tenant's queries, logins and PHI reads, nobody else's;
 * other roles are refused.
 */
import { cortexUse, phiReads, sinceDate } from '../../cli/audit';
import { connect, SnowflakeClient } from '../../client/snowflake';
import { LocalAccount } from '../../local/account/account';
import { withLocalEndpoint } from '../../local/account/backend';
import type { EnvironmentPlan, TenantPlan } from '../../model/plan';
import { ensureLocalUsers, localPlan, synthAndApply, workspace } from '../../local/workspace';
import { UsageError } from '../../cli/args';
import { queryTag } from '../../model/names';
import { CONFIG_DIR, tempDir } from '../helpers/config';

describe('AUDIT views and `eyecare audit`', () => {
  let account: LocalAccount;
  let plan: EnvironmentPlan;
  const tenant = (id: string) => plan.tenants.find((t) => t.id === id)!;
  const as = async <T>(user: string, use: (client: SnowflakeClient) => Promise<T>): Promise<T> =>
    withLocalEndpoint(account, async (url) => {
      const client = await connect({ account: 'local', accessUrl: url, username: user, password: 'local' });
      try {
        return await use(client);
      } finally {
        await client.close();
      }
    });

  beforeAll(async () => {
    process.env.EYECARE_CONFIG_DIR = CONFIG_DIR;
    const ws = workspace(tempDir('audit'));
    account = await LocalAccount.open(ws.database, { stageRoot: ws.stages });
    await synthAndApply(ws, account, CONFIG_DIR);
    plan = localPlan(CONFIG_DIR);
    await ensureLocalUsers(account, plan, 'local');
    const sysadmin = account.systemSession('SYSADMIN');
    await account.execute(sysadmin, "INSERT INTO LOCAL_CLEARSIGHT.STAGING.STG_PMS__PATIENTS (PATIENT_ID, LAST_NAME, UPDATED_AT, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT, _STAGED_AT) VALUES ('p-1', 'Garcia', '2025-01-06 08:00:00', 'patients/a.csv', 2, '2025-01-06 09:00:00', '2025-01-06 09:05:00')");
    // A clinician of clearsight reads PHI; an engineer of brightview reads its own (masked) PHI.
    await as('LOCAL_CLEARSIGHT_CLINICIAN', (c) => c.query('SELECT LAST_NAME, BIRTH_DATE FROM LOCAL_CLEARSIGHT.STAGING.STG_PMS__PATIENTS'));
    await as('LOCAL_BRIGHTVIEW_ENGINEER', (c) => c.query('SELECT EMAIL FROM LOCAL_BRIGHTVIEW.STAGING.STG_PMS__PATIENTS'));
    // The pipeline's own read, tagged as its tasks are.
    await account.execute(sysadmin, `ALTER SESSION SET QUERY_TAG = '${queryTag('pipeline', 'clearsight')}'`);
    await account.execute(sysadmin, 'SELECT FIRST_NAME FROM LOCAL_CLEARSIGHT.STAGING.STG_PMS__PATIENTS');
    // clearsight's analyst asks Cortex for a brief (its tier has Cortex; brightview's does not).
    await as('LOCAL_CLEARSIGHT_ANALYST', async (c) => {
      await c.query(`ALTER SESSION SET QUERY_TAG = '${queryTag('ask', 'clearsight')}'`);
      await c.query(`SELECT AI_COMPLETE('llama3.1-70b', '<facts>net revenue: $1</facts>', {'max_tokens': 100}) AS BRIEF`);
    });
  });
  afterAll(() => {
    account.close();
    delete process.env.EYECARE_CONFIG_DIR;
  });

  const reads = (admin: TenantPlan, about: TenantPlan, all = false) =>
    as(admin.names.functionalRole('ADMIN'), (c) => phiReads(c, plan, about, '2020-01-01', all));

  it("a tenant admin sees who read its PHI columns, by user, role and column; the pipeline's reads only with --all", async () => {
    const clearsight = tenant('clearsight');
    const people = await reads(clearsight, clearsight);
    expect(people.map((r) => [r.user, r.role, r.column, r.reads])).toEqual([
      ['LOCAL_CLEARSIGHT_CLINICIAN', 'LOCAL_CLEARSIGHT_CLINICIAN', 'LOCAL_CLEARSIGHT.STAGING.STG_PMS__PATIENTS.BIRTH_DATE', 1],
      ['LOCAL_CLEARSIGHT_CLINICIAN', 'LOCAL_CLEARSIGHT_CLINICIAN', 'LOCAL_CLEARSIGHT.STAGING.STG_PMS__PATIENTS.LAST_NAME', 1],
    ]);
    const everything = await reads(clearsight, clearsight, true);
    expect(everything.filter((r) => r.component === 'pipeline').map((r) => [r.user, r.role, r.column])).toEqual([
      ['EYECARE_LOCAL_ADMIN', 'SYSADMIN', 'LOCAL_CLEARSIGHT.STAGING.STG_PMS__PATIENTS.FIRST_NAME'],
    ]);
    expect(everything).toHaveLength(people.length + 1);
  });

  it("no tenant admin sees another tenant's queries, logins or PHI reads", async () => {
    const brightview = tenant('brightview');
    expect(await reads(brightview, tenant('clearsight'))).toEqual([]);
    expect((await reads(brightview, brightview)).map((r) => r.column)).toEqual(['LOCAL_BRIGHTVIEW.STAGING.STG_PMS__PATIENTS.EMAIL']);
    for (const view of ['QUERY_HISTORY', 'LOGIN_HISTORY', 'PHI_ACCESS']) {
      const seen = await as(brightview.names.functionalRole('ADMIN'), (c) => c.query(`SELECT DISTINCT TENANT_ID FROM LOCAL_PLATFORM.AUDIT.${view}`));
      expect([view, seen]).toEqual([view, [{ TENANT_ID: 'brightview' }]]);
    }
  });

  it("a tenant admin sees what its users spent on Cortex, by user and model, and no other tenant's", async () => {
    const clearsight = tenant('clearsight');
    const brightviewAdmin = tenant('brightview').names.functionalRole('ADMIN');
    // The prompt, 30 characters, is 8 tokens; the answer (the 118-character label line, a newline and the facts' 15) 134 characters, 34 tokens:
    // 42 tokens at 0.36 credits per million.
    expect(await as(clearsight.names.functionalRole('ADMIN'), (c) => cortexUse(c, plan, clearsight, '2020-01-01'))).toEqual([
      { user: 'LOCAL_CLEARSIGHT_ANALYST', role: 'LOCAL_CLEARSIGHT_ANALYST', model: 'llama3.1-70b', queries: 1, inputTokens: 8, outputTokens: 34, credits: 0.00001512 },
    ]);
    expect(await as(clearsight.names.functionalRole('ADMIN'), (c) => c.query('SELECT TENANT_ID, COMPONENT, FUNCTION_NAME, TOKENS FROM LOCAL_PLATFORM.AUDIT.CORTEX_USAGE'))).toEqual([
      { TENANT_ID: 'clearsight', COMPONENT: 'ask', FUNCTION_NAME: 'AI_COMPLETE', TOKENS: 42 },
    ]);
    expect(await as(brightviewAdmin, (c) => cortexUse(c, plan, clearsight, '2020-01-01'))).toEqual([]);
    expect(await as(brightviewAdmin, (c) => c.query('SELECT * FROM LOCAL_PLATFORM.AUDIT.CORTEX_USAGE'))).toEqual([]);
    expect(await as(clearsight.names.functionalRole('ADMIN'), (c) => cortexUse(c, plan, clearsight, sinceDate('0d')))).toHaveLength(1);
  });

  it('analysts and engineers are refused the AUDIT schema; the platform admin sees every tenant', async () => {
    for (const role of ['ANALYST', 'ENGINEER', 'LOCATION_MANAGER'] as const) {
      await expect(as(tenant('clearsight').names.functionalRole(role), (c) => c.query('SELECT * FROM LOCAL_PLATFORM.AUDIT.PHI_ACCESS'))).rejects.toMatchObject({ code: '002003' });
    }
    const tenants = await as('LOCAL_PLATFORM_ADMIN', (c) => c.query('SELECT DISTINCT TENANT_ID FROM LOCAL_PLATFORM.AUDIT.PHI_ACCESS ORDER BY 1'));
    expect(tenants.map((r) => r.TENANT_ID)).toEqual(['brightview', 'clearsight']);
  });

  it('--since takes a date or a number of days and rejects anything else', () => {
    expect(sinceDate('2025-02-01')).toBe('2025-02-01');
    expect(sinceDate('7d', new Date('2026-11-25T10:00:00Z'))).toBe('2026-11-18');
    expect(sinceDate(undefined, new Date('2026-11-25T10:00:00Z'))).toBe('2026-10-26');
    expect(() => sinceDate("2025-01-01' OR '1'='1")).toThrow(UsageError);
    expect(() => sinceDate('2025-13-45')).toThrow(/neither a date/);
  });
});
