/**
 * verify-isolation's dynamic attacks, through snowflake-sdk: clean on the applied local
 * environment, and each deliberately removed grant or policy is caught with its evidence.
 */
import { attackLocalAccount } from '../../cli/isolation';
import { LocalAccount } from '../../local/account/account';
import type { EnvironmentPlan } from '../../model/plan';
import { ensureLocalUsers, localPlan, synthAndApply, workspace } from '../../local/workspace';
import { CONFIG_DIR, tempDir } from '../helpers/config';

describe('verify-isolation (dynamic)', () => {
  let account: LocalAccount;
  let plan: EnvironmentPlan;

  beforeAll(async () => {
    process.env.EYECARE_CONFIG_DIR = CONFIG_DIR;
    const ws = workspace(tempDir('isolation'));
    account = await LocalAccount.open(ws.database, { stageRoot: ws.stages });
    await synthAndApply(ws, account, CONFIG_DIR);
    plan = localPlan(CONFIG_DIR);
    await ensureLocalUsers(account, plan, 'local');
    const sysadmin = account.systemSession('SYSADMIN');
    await account.execute(sysadmin, "INSERT INTO LOCAL_CLEARSIGHT.STAGING.STG_PMS__PATIENTS (PATIENT_ID, LAST_NAME, UPDATED_AT, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT, _STAGED_AT) VALUES ('p-test', 'Garcia', '2025-01-06 08:00:00', 'patients/test.csv', 2, '2025-01-06 09:00:00', '2025-01-06 09:05:00')");
    const rows = plan.tenants.map((t) => `('${t.id}', '2025-03-01', 300, 0.1, 0.6, 0.05, 8, CURRENT_TIMESTAMP())`).join(', ');
    await account.execute(sysadmin, `INSERT INTO LOCAL_PLATFORM.BENCHMARK.KPI_MONTHLY VALUES ${rows}`);
  });
  afterAll(() => {
    account.close();
    delete process.env.EYECARE_CONFIG_DIR;
  });

  it('finds nothing on the applied local environment', async () => {
    expect(await attackLocalAccount(account, plan)).toEqual([]);
  });

  it("catches a grant that hands one tenant's marts to another tenant's analyst", async () => {
    const security = account.systemSession('SECURITYADMIN');
    await account.execute(security, 'GRANT ROLE LOCAL_BRIGHTVIEW_MARTS_RO TO ROLE LOCAL_CLEARSIGHT_ANALYST');
    try {
      const findings = await attackLocalAccount(account, plan);
      expect(findings).toEqual(
        expect.arrayContaining([expect.stringMatching(/^dynamic: LOCAL_CLEARSIGHT_ANALYST: read another tenant's mart: expected refused \(002003\), got succeeded with 0 rows\n\s+SELECT \* FROM LOCAL_BRIGHTVIEW\.MARTS\.KPI_LOCATION_DAILY$/)]),
      );
    } finally {
      await account.execute(security, 'REVOKE ROLE LOCAL_BRIGHTVIEW_MARTS_RO FROM ROLE LOCAL_CLEARSIGHT_ANALYST');
    }
  });

  it('catches a masking policy removed from a PHI column', async () => {
    const sysadmin = account.systemSession('SYSADMIN');
    await account.execute(sysadmin, 'ALTER TABLE LOCAL_CLEARSIGHT.STAGING.STG_PMS__PATIENTS MODIFY COLUMN LAST_NAME UNSET MASKING POLICY');
    try {
      expect(await attackLocalAccount(account, plan)).toEqual([expect.stringContaining('dynamic: LOCAL_CLEARSIGHT_ENGINEER: PHI in clear: expected no leak, got last name visible in clear (G...)')]);
    } finally {
      await account.execute(sysadmin, 'ALTER TABLE LOCAL_CLEARSIGHT.STAGING.STG_PMS__PATIENTS MODIFY COLUMN LAST_NAME SET MASKING POLICY LOCAL_CLEARSIGHT.STAGING.PHI_TEXT');
    }
  });

  it("catches the tenant policy removed from the benchmark table, naming the other tenants' rows", async () => {
    const sysadmin = account.systemSession('SYSADMIN');
    await account.execute(sysadmin, 'ALTER TABLE LOCAL_PLATFORM.BENCHMARK.KPI_MONTHLY DROP ROW ACCESS POLICY LOCAL_PLATFORM.BENCHMARK.TENANT_ROWS');
    try {
      const findings = await attackLocalAccount(account, plan);
      expect(findings).toEqual(
        expect.arrayContaining([
          expect.stringContaining('dynamic: LOCAL_BRIGHTVIEW_ANALYST: benchmark rows of other tenants: expected refused (002003), got rows of clearsight, visionworks_south visible'),
          expect.stringContaining('dynamic: LOCAL_CLEARSIGHT_ANALYST: count the other tenants through an aggregate: expected refused (002003), got 3 tenants counted'),
        ]),
      );
      expect(findings.every((f) => /benchmark|count the other tenants/.test(f))).toBe(true);
    } finally {
      await account.execute(sysadmin, 'ALTER TABLE LOCAL_PLATFORM.BENCHMARK.KPI_MONTHLY ADD ROW ACCESS POLICY LOCAL_PLATFORM.BENCHMARK.TENANT_ROWS ON (TENANT_ID)');
    }
  });
});
