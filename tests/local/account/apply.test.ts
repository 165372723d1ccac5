import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalAccount } from '../../../local/account/account';
import { ApplyError } from '../../../local/apply/apply';
import { apply, openAccount, rows, synthLocal } from '../../helpers/account';

describe('local applier', () => {
  let account: LocalAccount;
  let outdir: string;

  beforeAll(async () => {
    outdir = await synthLocal();
    ({ account } = await openAccount());
  });
  afterAll(() => account.close());

  it('applies every stack, then a second apply changes nothing and says so', async () => {
    const first = await apply(account, outdir);
    expect(first.created.length).toBeGreaterThan(300);
    expect(first.updated).toEqual([]);
    const second = await apply(account, outdir);
    expect(second).toEqual({ created: [], updated: [], destroyed: [], unchanged: first.created.length, statements: 0 });
  });

  it('creates what the stacks declare, owned and granted as declared', async () => {
    const admin = account.systemSession('ACCOUNTADMIN');
    const databases = (await rows(account, admin, 'SHOW DATABASES')).map((r) => r.name);
    expect(databases).toEqual(expect.arrayContaining(['LOCAL_PLATFORM', 'LOCAL_BRIGHTVIEW', 'LOCAL_CLEARSIGHT', 'LOCAL_VISIONWORKS_SOUTH']));
    const schemas = (await rows(account, admin, 'SHOW SCHEMAS IN DATABASE LOCAL_CLEARSIGHT')).map((r) => r.name);
    expect(schemas.sort()).toEqual(['MARTS', 'RAW', 'STAGING']);
    expect((await rows(account, admin, 'SHOW STREAMS IN SCHEMA LOCAL_CLEARSIGHT.RAW')).length).toBe(12);
    const warehouses = (await rows(account, admin, 'SHOW WAREHOUSES')).map((r) => [r.name, JSON.parse(String(r.properties)).RESOURCE_MONITOR]);
    expect(warehouses).toEqual(expect.arrayContaining([['LOCAL_CLEARSIGHT_WH', 'LOCAL_CLEARSIGHT_RM'], ['LOCAL_SHARED_WH', 'LOCAL_SHARED_RM']]));
    const analystGrants = await rows(account, admin, 'SHOW GRANTS TO ROLE LOCAL_BRIGHTVIEW_ANALYST');
    expect(analystGrants.map((g) => [g.privilege, g.granted_on, g.name])).toEqual(
      expect.arrayContaining([['USAGE', 'ROLE', 'LOCAL_BRIGHTVIEW_MARTS_RO'], ['USAGE', 'ROLE', 'LOCAL_SHARED_WH_USAGE']]),
    );
  });

  it('re-applies only what changed after a synth changes one resource', async () => {
    const file = path.join(outdir, 'stacks', 'local-tenant-clearsight', 'cdk.tf.json');
    const original = fs.readFileSync(file, 'utf8');
    const json = JSON.parse(original);
    const [key] = Object.keys(json.resource.snowflake_resource_monitor);
    json.resource.snowflake_resource_monitor[key!].credit_quota = 999;
    fs.writeFileSync(file, JSON.stringify(json));
    try {
      const summary = await apply(account, outdir);
      expect(summary.updated).toEqual([`local-tenant-clearsight: snowflake_resource_monitor.${key}`]);
      const monitors = await rows(account, account.systemSession('ACCOUNTADMIN'), 'SHOW RESOURCE MONITORS');
      expect(JSON.parse(String(monitors.find((m) => m.name === 'LOCAL_CLEARSIGHT_RM')!.properties)).CREDIT_QUOTA).toBe('999');
    } finally {
      fs.writeFileSync(file, original);
      await apply(account, outdir);
    }
  });

  it('retypes a table column in place as the provider does, keeping rows and stream, and refuses what Snowflake refuses', async () => {
    const file = path.join(outdir, 'stacks', 'local-tenant-clearsight', 'cdk.tf.json');
    const original = fs.readFileSync(file, 'utf8');
    const admin = account.systemSession('ACCOUNTADMIN');
    const retype = async (column: string, type: string) => {
      const json = JSON.parse(original);
      const [key, table] = Object.entries(json.resource.snowflake_table as Record<string, { name: string; column: { name: string; type: string }[] }>).find(([, t]) => t.name === 'STAFF')!;
      table.column.find((c) => c.name === column)!.type = type;
      fs.writeFileSync(file, JSON.stringify(json));
      return key;
    };
    await account.execute(admin, "INSERT INTO LOCAL_CLEARSIGHT.RAW.STAFF (STAFF_ID, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT) VALUES ('s1', 'staff.csv', 2, CURRENT_TIMESTAMP())");
    try {
      const key = await retype('_SOURCE_ROW', 'NUMBER(38,0)');
      const summary = await apply(account, outdir);
      expect(summary.updated).toEqual([`local-tenant-clearsight: snowflake_table.${key}`]);
      const column = (await account.engine.tableColumns('LOCAL_CLEARSIGHT', 'RAW', 'STAFF')).find((c) => c.name === '_SOURCE_ROW');
      expect(column?.type).toBe('DECIMAL(38,0)');
      expect(await rows(account, admin, 'SELECT STAFF_ID, _SOURCE_ROW FROM LOCAL_CLEARSIGHT.RAW.STAFF_STREAM')).toEqual([{ STAFF_ID: 's1', _SOURCE_ROW: 2 }]);

      await retype('_SOURCE_ROW', 'NUMBER(38,2)');
      const error = await apply(account, outdir).catch((e: unknown) => e);
      expect((error as Error).message).toContain(`snowflake_table.${key}`);
      expect((error as Error).message).toContain('cannot change column _SOURCE_ROW from type NUMBER(38,0) to NUMBER(38,2)');
    } finally {
      fs.writeFileSync(file, original);
      await apply(account, outdir);
    }
  });

  it('rejects an unsupported resource type or argument before running anything, naming it', async () => {
    const dir = await synthLocal();
    const file = path.join(dir, 'stacks', 'local-tenant-brightview', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.resource.snowflake_api_integration = { gateway: { name: 'X' } };
    const [role] = Object.keys(json.resource.snowflake_account_role);
    json.resource.snowflake_account_role[role!].owner_role = 'SYSADMIN';
    fs.writeFileSync(file, JSON.stringify(json));
    const { account: fresh } = await openAccount();
    try {
      const error = await apply(fresh, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplyError);
      expect((error as Error).message).toContain('local-tenant-brightview: snowflake_api_integration.gateway: resource type snowflake_api_integration is not supported by the local applier (supported: ');
      expect((error as Error).message).toContain(`snowflake_account_role.${role}: argument owner_role is not supported by the local applier for snowflake_account_role (supported: name, comment)`);
      // Only Snowflake's own shared database: nothing of the environment was created.
      expect((await rows(fresh, fresh.systemSession('ACCOUNTADMIN'), 'SHOW DATABASES')).map((d) => d.name)).toEqual(['SNOWFLAKE']);
    } finally {
      fresh.close();
    }
  });
});
