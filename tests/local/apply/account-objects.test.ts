/** Resource monitors, warehouses and grants: the ALTERs the provider runs, or an error saying why not. */
import { AS, Applied, CONTAINERS, Resources, changed, count, freshAccount, noOp } from './stack';

/** Whether a role may call a Cortex function (it holds SNOWFLAKE.CORTEX_USER), or the message it is refused with. */
async function cortex(local: Applied, role: string): Promise<true | string> {
  return local.account.execute({ ...local.account.systemSession(role), id: `cortex-${role}` }, `SELECT AI_COMPLETE('m', 'p')`).then(
    () => true,
    (error: Error) => error.message,
  );
}

describe('local applier: account objects', () => {
  let local: Applied;
  beforeEach(async () => {
    local = await freshAccount();
  });
  afterEach(() => local.account.close());

  const properties = async (what: 'RESOURCE MONITORS' | 'WAREHOUSES', name: string) =>
    JSON.parse(String((await local.rows(`SHOW ${what}`)).find((o) => o.name === name)!.properties)) as Record<string, string>;

  describe('resource monitor', () => {
    const base: Resources = {
      snowflake_resource_monitor: { rm: { name: 'RM', credit_quota: 10, notify_users: ['ALICE'], notify_triggers: [75], suspend_trigger: 100, provider: AS.accountadmin } },
    };
    const monitor = () => properties('RESOURCE MONITORS', 'RM');

    it('creates it with NOTIFY_USERS and alters them in place, and then has nothing to do', async () => {
      await local.apply(base);
      expect(await monitor()).toEqual({ CREDIT_QUOTA: '10', NOTIFY_USERS: 'ALICE', TRIGGERS: '75:NOTIFY 100:SUSPEND' });
      const next = changed(base, 'snowflake_resource_monitor', 'rm', { notify_users: ['ALICE', 'BOB'] });
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_resource_monitor.rm'], statements: 1 });
      expect((await monitor()).NOTIFY_USERS).toBe('ALICE,BOB');
      expect(await local.apply(next)).toEqual(noOp(1));
    });

    it('sets frequency and start timestamp together, and changed triggers', async () => {
      await local.apply(base);
      const next = changed(base, 'snowflake_resource_monitor', 'rm', { frequency: 'WEEKLY', start_timestamp: '2030-01-01 00:00', notify_triggers: [50, 90] });
      expect(await local.apply(next)).toMatchObject({ statements: 2 });
      expect(await monitor()).toMatchObject({ FREQUENCY: 'WEEKLY', START_TIMESTAMP: '2030-01-01 00:00', TRIGGERS: '50:NOTIFY 90:NOTIFY 100:SUSPEND' });
      expect(await local.apply(next)).toEqual(noOp(1));
    });

    it('refuses removals Snowflake makes with UNSET, which the local engine does not parse', async () => {
      await local.apply(base);
      expect(await local.failure(changed(base, 'snowflake_resource_monitor', 'rm', { notify_users: undefined }))).toContain(
        'local-test: snowflake_resource_monitor.rm: cannot change notify_users from ["ALICE"] to (unset): Snowflake resets it with ALTER RESOURCE MONITOR "RM" UNSET NOTIFY_USERS',
      );
      expect(await local.failure(changed(base, 'snowflake_resource_monitor', 'rm', { credit_quota: undefined }))).toContain('cannot change credit_quota from 10 to (unset)');
      expect((await monitor()).NOTIFY_USERS).toBe('ALICE');
    });

    it('is replaced when every trigger is removed, as the provider does', async () => {
      await local.apply(base);
      const next = changed(base, 'snowflake_resource_monitor', 'rm', { notify_triggers: undefined, suspend_trigger: undefined });
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_resource_monitor.rm'], statements: 2 });
      expect(await monitor()).toEqual({ CREDIT_QUOTA: '10', NOTIFY_USERS: 'ALICE' });
    });
  });

  describe('warehouse', () => {
    const base: Resources = { snowflake_warehouse: { wh: { name: 'WH', warehouse_size: 'XSMALL', auto_suspend: 60, initially_suspended: true, comment: 'one' } } };

    it('alters only what changed, records initially_suspended, and refuses a removal', async () => {
      await local.apply(base);
      const next = changed(base, 'snowflake_warehouse', 'wh', { comment: 'two' });
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_warehouse.wh'], statements: 1 });
      expect((await properties('WAREHOUSES', 'WH')).COMMENT).toBe('two');
      expect(await local.apply(next)).toEqual(noOp(1));
      // The provider ignores initially_suspended once the warehouse exists.
      const resumed = changed(next, 'snowflake_warehouse', 'wh', { initially_suspended: false });
      expect(await local.apply(resumed)).toEqual(noOp(1));
      expect(await local.failure(changed(resumed, 'snowflake_warehouse', 'wh', { auto_suspend: undefined }))).toContain(
        'local-test: snowflake_warehouse.wh: cannot change auto_suspend from 60 to (unset): Snowflake resets it with ALTER WAREHOUSE "WH" UNSET AUTO_SUSPEND',
      );
    });
  });

  describe('database role grant', () => {
    // What a tenant with features.cortex gets: PUBLIC's grant revoked, the analyst's granted.
    const base: Resources = {
      snowflake_account_role: { analyst: { name: 'T_ANALYST', provider: AS.securityadmin }, other: { name: 'OTHER', provider: AS.securityadmin } },
      snowflake_execute: {
        public: { execute: 'REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC', revert: 'GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE PUBLIC', provider: AS.accountadmin },
      },
      snowflake_grant_database_role: {
        cortex: { database_role_name: '"SNOWFLAKE"."CORTEX_USER"', parent_role_name: '${snowflake_account_role.analyst.name}', provider: AS.accountadmin },
      },
    };
    const refused = (role: string) => `SQL access control error:\nInsufficient privileges to operate on function 'AI_COMPLETE' (role ${role} does not hold database role SNOWFLAKE.CORTEX_USER).`;

    it('grants the database role to the parent role, and then has nothing to do', async () => {
      expect(await local.apply(base)).toMatchObject({ created: expect.arrayContaining(['local-test: snowflake_grant_database_role.cortex']), statements: 4 });
      expect([await cortex(local, 'T_ANALYST'), await cortex(local, 'OTHER')]).toEqual([true, refused('OTHER')]);
      expect((await local.rows('SHOW GRANTS TO ROLE T_ANALYST')).map((g) => [g.privilege, g.granted_on, g.name])).toEqual([['USAGE', 'DATABASE_ROLE', 'SNOWFLAKE.CORTEX_USER']]);
      expect(await local.apply(base)).toEqual(noOp(count(base)));
    });

    it('takes the database role unquoted too, and replaces the grant (revoke, then grant) when an argument changes', async () => {
      const unquoted = changed(base, 'snowflake_grant_database_role', 'cortex', { database_role_name: 'SNOWFLAKE.CORTEX_USER' });
      await local.apply(unquoted);
      expect(await cortex(local, 'T_ANALYST')).toBe(true);
      const moved = changed(unquoted, 'snowflake_grant_database_role', 'cortex', { parent_role_name: '${snowflake_account_role.other.name}' });
      expect(await local.apply(moved)).toMatchObject({ updated: ['local-test: snowflake_grant_database_role.cortex'], statements: 2 });
      expect([await cortex(local, 'T_ANALYST'), await cortex(local, 'OTHER')]).toEqual([refused('T_ANALYST'), true]);
      expect(await local.apply(moved)).toEqual(noOp(count(moved)));
    });

    it('revokes it when destroyed; destroying the execute resource gives PUBLIC its grant back', async () => {
      await local.apply(base);
      const { snowflake_grant_database_role: _grant, ...withoutGrant } = base;
      expect(await local.apply(withoutGrant)).toMatchObject({ destroyed: ['local-test: snowflake_grant_database_role.cortex'], statements: 1 });
      expect(await cortex(local, 'T_ANALYST')).toBe(refused('T_ANALYST'));
      const { snowflake_execute: _execute, ...rolesOnly } = withoutGrant;
      expect(await local.apply(rolesOnly)).toMatchObject({ destroyed: ['local-test: snowflake_execute.public'], statements: 1 });
      expect([await cortex(local, 'T_ANALYST'), await cortex(local, 'OTHER')]).toEqual([true, true]);
    });

    it('refuses a database role or share grantee by name, before running anything', async () => {
      const message = await local.failure(changed(base, 'snowflake_grant_database_role', 'cortex', { parent_role_name: undefined, share_name: 'PARTNERS', parent_database_role_name: 'T.READER' }));
      expect(message).toContain(
        'local-test: snowflake_grant_database_role.cortex: argument share_name is not supported by the local applier for snowflake_grant_database_role (supported: database_role_name, parent_role_name); its value "PARTNERS" would be ignored',
      );
      expect(message).toContain('local-test: snowflake_grant_database_role.cortex: argument parent_database_role_name is not supported by the local applier for snowflake_grant_database_role');
      expect(await local.rows('SHOW ROLES')).not.toContainEqual(expect.objectContaining({ name: 'T_ANALYST' }));
      expect(await local.failure(changed(base, 'snowflake_grant_database_role', 'cortex', { parent_role_name: undefined }))).toContain(
        'local-test: snowflake_grant_database_role.cortex: grant of database role "SNOWFLAKE"."CORTEX_USER" without parent_role_name: the local applier grants database roles to account roles only',
      );
    });

    it('needs the ACCOUNTADMIN provider, as in Snowflake', async () => {
      const asSysadmin = changed(base, 'snowflake_grant_database_role', 'cortex', { provider: AS.sysadmin });
      expect(await local.failure(asSysadmin)).toContain(
        "local-test: snowflake_grant_database_role.cortex: SQL access control error:\nInsufficient privileges to operate on database role 'SNOWFLAKE.CORTEX_USER'.",
      );
    });
  });

  describe('future grant', () => {
    const base: Resources = {
      ...CONTAINERS,
      snowflake_account_role: { reader: { name: 'READER', provider: AS.securityadmin } },
      snowflake_grant_privileges_to_account_role: {
        future: { account_role_name: '${snowflake_account_role.reader.name}', privileges: ['SELECT'], on_schema_object: { future: { object_type_plural: 'TABLES', in_schema: 'T.S' } }, provider: AS.securityadmin },
      },
    };

    it('gains privileges in place, and refuses to lose one it cannot revoke', async () => {
      await local.apply(base);
      const more = changed(base, 'snowflake_grant_privileges_to_account_role', 'future', { privileges: ['SELECT', 'INSERT'] });
      expect(await local.apply(more)).toMatchObject({ updated: ['local-test: snowflake_grant_privileges_to_account_role.future'], statements: 1 });
      await local.account.execute(local.account.systemSession('SYSADMIN'), 'CREATE TABLE T.S.NEW (ID VARCHAR)');
      const grants = (await local.rows('SHOW GRANTS TO ROLE READER')).filter((g) => g.name === 'T.S.NEW').map((g) => g.privilege);
      expect(grants.sort()).toEqual(['INSERT', 'SELECT']);
      expect(await local.apply(more)).toEqual(noOp(count(more)));
      expect(await local.failure(base)).toContain(
        'snowflake_grant_privileges_to_account_role.future: cannot change privileges from ["SELECT","INSERT"] to ["SELECT"]: the local engine cannot revoke a future grant',
      );
    });
  });
});
