import { AccessControl, ObjectKind, ObjectRef } from '../../../local/security/access-control';
import { AccountObject, ObjectCatalog, SecurityExecutor } from '../../../local/security/executor';
import { parseSecurityStatement } from '../../../local/security/statements';

/** An executor over a hand-made catalog, running statements as a given role. */
function setup(objects: ObjectRef[] = []) {
  const acl = new AccessControl();
  const accountObjects = new Map<string, AccountObject>();
  const catalog: ObjectCatalog = {
    exists: (ref) => objects.some((o) => o.kind === ref.kind && o.name === ref.name),
    list: (kind: ObjectKind, scopeKind, scope) =>
      objects.filter((o) => o.kind === kind && (scopeKind === 'SCHEMA' ? o.name.startsWith(`${scope}.`) && o.name.split('.').length === 3 : o.name.startsWith(`${scope}.`))),
  };
  const executor = new SecurityExecutor(acl, accountObjects, catalog, (p) => `hash:${p}`);
  const run = (sql: string, role = 'ACCOUNTADMIN') => {
    const statement = parseSecurityStatement(sql);
    if (!statement) throw new Error(`not a security statement: ${sql}`);
    return executor.execute(statement, role);
  };
  const create = (ref: ObjectRef, owner = 'SYSADMIN') => {
    objects.push(ref);
    acl.objectCreated(ref, owner);
  };
  return { acl, run, create, accountObjects };
}

describe('access control', () => {
  it('role hierarchy: privileges flow up to parent roles, never down or sideways', () => {
    const { acl, run, create } = setup();
    create({ kind: 'DATABASE', name: 'DB' });
    create({ kind: 'SCHEMA', name: 'DB.MARTS' });
    create({ kind: 'TABLE', name: 'DB.MARTS.KPI' });
    for (const r of ['MARTS_RO', 'ANALYST', 'ADMIN', 'OTHER']) run(`CREATE ROLE ${r}`, 'SECURITYADMIN');
    run('GRANT USAGE ON DATABASE db TO ROLE marts_ro', 'SECURITYADMIN');
    run('GRANT USAGE ON SCHEMA db.marts TO ROLE marts_ro', 'SECURITYADMIN');
    run('GRANT SELECT ON ALL TABLES IN SCHEMA db.marts TO ROLE marts_ro', 'SECURITYADMIN');
    run('GRANT ROLE marts_ro TO ROLE analyst', 'SECURITYADMIN');
    run('GRANT ROLE analyst TO ROLE admin', 'SECURITYADMIN');
    const kpi = { kind: 'TABLE' as const, name: 'DB.MARTS.KPI' };
    expect(acl.canOnSchemaObject('ADMIN', 'SELECT', kpi)).toBe(true);
    expect(acl.canOnSchemaObject('ANALYST', 'SELECT', kpi)).toBe(true);
    expect(acl.canOnSchemaObject('ANALYST', 'INSERT', kpi)).toBe(false);
    expect(acl.canOnSchemaObject('OTHER', 'SELECT', kpi)).toBe(false);
    expect(acl.roleInherits('ADMIN', 'MARTS_RO')).toBe(true);
    expect(acl.roleInherits('MARTS_RO', 'ADMIN')).toBe(false);
  });

  it('future grants apply to objects created later; ALL grants only to existing ones', () => {
    const { acl, run, create } = setup();
    create({ kind: 'DATABASE', name: 'DB' });
    create({ kind: 'SCHEMA', name: 'DB.RAW' });
    create({ kind: 'TABLE', name: 'DB.RAW.OLD' });
    run('CREATE ROLE reader', 'SECURITYADMIN');
    run('GRANT SELECT ON ALL TABLES IN SCHEMA "DB"."RAW" TO ROLE reader', 'SECURITYADMIN');
    run('GRANT SELECT ON FUTURE TABLES IN SCHEMA "DB"."RAW" TO ROLE reader', 'SECURITYADMIN');
    create({ kind: 'TABLE', name: 'DB.RAW.NEW' });
    create({ kind: 'VIEW', name: 'DB.RAW.V' });
    expect(acl.can('READER', 'SELECT', { kind: 'TABLE', name: 'DB.RAW.OLD' })).toBe(true);
    expect(acl.can('READER', 'SELECT', { kind: 'TABLE', name: 'DB.RAW.NEW' })).toBe(true);
    expect(acl.can('READER', 'SELECT', { kind: 'VIEW', name: 'DB.RAW.V' })).toBe(false);
  });

  it('the owner holds every privilege; system roles inherit as in Snowflake', () => {
    const { acl, create } = setup();
    create({ kind: 'TABLE', name: 'DB.S.T' }, 'SYSADMIN');
    expect(acl.can('SYSADMIN', 'DELETE', { kind: 'TABLE', name: 'DB.S.T' })).toBe(true);
    expect(acl.can('ACCOUNTADMIN', 'DELETE', { kind: 'TABLE', name: 'DB.S.T' })).toBe(true);
    expect(acl.can('SECURITYADMIN', 'SELECT', { kind: 'TABLE', name: 'DB.S.T' })).toBe(false);
  });

  it('only roles with CREATE ROLE / MANAGE GRANTS may create roles and grant', () => {
    const { run } = setup();
    run('CREATE ROLE analyst', 'USERADMIN');
    expect(() => run('CREATE ROLE sneaky', 'ANALYST')).toThrow(expect.objectContaining({ code: '003001', sqlState: '42501' }));
    expect(() => run('GRANT ROLE accountadmin TO ROLE analyst', 'ANALYST')).toThrow(expect.objectContaining({ code: '003001' }));
  });

  it('GRANT OWNERSHIP transfers an object to another role, keeping or revoking its other grants; ownership is never revoked', () => {
    const { acl, run, create } = setup();
    const table: ObjectRef = { kind: 'TABLE', name: 'DB.S.T' };
    create(table);
    run('CREATE ROLE NEW_OWNER');
    run('CREATE ROLE READER');
    run('GRANT SELECT ON TABLE DB.S.T TO ROLE READER');
    run('GRANT OWNERSHIP ON TABLE DB.S.T TO ROLE NEW_OWNER', 'SYSADMIN');
    expect([acl.ownerOf(table), acl.can('NEW_OWNER', 'DELETE', table), acl.can('READER', 'SELECT', table)]).toEqual(['NEW_OWNER', true, true]);
    // The old owner gave it away: it may not give it away again.
    expect(() => run('GRANT OWNERSHIP ON TABLE DB.S.T TO ROLE READER', 'SYSADMIN')).toThrow("Insufficient privileges to operate on table 'DB.S.T'");
    run('GRANT OWNERSHIP ON TABLE DB.S.T TO ROLE READER REVOKE CURRENT GRANTS');
    expect([acl.ownerOf(table), acl.can('NEW_OWNER', 'SELECT', table)]).toEqual(['READER', false]);
    expect(() => run('GRANT OWNERSHIP ON TABLE DB.S.T TO ROLE NOBODY')).toThrow("Role 'NOBODY' does not exist or not authorized.");
    expect(() => run('REVOKE OWNERSHIP ON TABLE DB.S.T FROM ROLE READER')).toThrow("Unsupported feature 'REVOKE OWNERSHIP'");
  });

  it('refuses a cycle in the role graph', () => {
    const { run } = setup();
    run('CREATE ROLE a', 'SECURITYADMIN');
    run('CREATE ROLE b', 'SECURITYADMIN');
    run('GRANT ROLE a TO ROLE b', 'SECURITYADMIN');
    expect(() => run('GRANT ROLE b TO ROLE a', 'SECURITYADMIN')).toThrow(/would create a cycle/);
  });

  it('a grant on an object that does not exist is 002003', () => {
    const { run } = setup();
    run('CREATE ROLE r', 'SECURITYADMIN');
    expect(() => run('GRANT USAGE ON DATABASE nope TO ROLE r', 'SECURITYADMIN')).toThrow(expect.objectContaining({ code: '002003', message: expect.stringContaining("Database 'NOPE' does not exist or not authorized.") }));
  });

  it('warehouses: properties checked, monitors assignable only by ACCOUNTADMIN', () => {
    const { run, accountObjects } = setup();
    run('CREATE RESOURCE MONITOR t_rm WITH CREDIT_QUOTA = 30 TRIGGERS ON 75 PERCENT DO NOTIFY ON 100 PERCENT DO SUSPEND ON 110 PERCENT DO SUSPEND_IMMEDIATE', 'ACCOUNTADMIN');
    expect(() => run('CREATE WAREHOUSE t_wh WITH WAREHOUSE_SIZE = XSMALL RESOURCE_MONITOR = t_rm', 'SYSADMIN')).toThrow(/assigning it needs ACCOUNTADMIN/);
    run("CREATE WAREHOUSE t_wh WITH WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE RESOURCE_MONITOR = t_rm", 'ACCOUNTADMIN');
    expect(accountObjects.get('WAREHOUSE|T_WH')?.properties).toMatchObject({ WAREHOUSE_SIZE: 'XSMALL', AUTO_SUSPEND: '60', RESOURCE_MONITOR: 'T_RM' });
    expect(accountObjects.get('RESOURCE MONITOR|T_RM')?.triggers).toEqual(['75:NOTIFY', '100:SUSPEND', '110:SUSPEND_IMMEDIATE']);
    expect(() => run('CREATE WAREHOUSE x WITH WAREHOUSE_SIZ = XSMALL', 'SYSADMIN')).toThrow(/invalid property 'WAREHOUSE_SIZ' for 'WAREHOUSE'; supported: WAREHOUSE_SIZE/);
  });

  it('users get their default role and may use only granted roles', () => {
    const { acl, run } = setup();
    run('CREATE ROLE analyst', 'SECURITYADMIN');
    run("CREATE USER analyst PASSWORD = 'local' DEFAULT_ROLE = analyst", 'SECURITYADMIN');
    run('GRANT ROLE analyst TO USER analyst', 'SECURITYADMIN');
    expect(acl.user('ANALYST')).toMatchObject({ passwordHash: 'hash:local', defaultRole: 'ANALYST', disabled: false });
    expect([...acl.rolesGrantedToUser('ANALYST')].sort()).toEqual(['ANALYST', 'PUBLIC']);
  });

  it('survives a snapshot round trip', () => {
    const { acl, run, create } = setup();
    create({ kind: 'DATABASE', name: 'DB' });
    create({ kind: 'SCHEMA', name: 'DB.S' });
    run('CREATE ROLE r', 'SECURITYADMIN');
    run('GRANT SELECT ON FUTURE TABLES IN SCHEMA db.s TO ROLE r', 'SECURITYADMIN');
    run('GRANT CREATE DATABASE ON ACCOUNT TO ROLE r', 'SECURITYADMIN');
    const copy = new AccessControl(JSON.parse(JSON.stringify(acl.snapshot())));
    copy.objectCreated({ kind: 'TABLE', name: 'DB.S.T' }, 'SYSADMIN');
    expect(copy.can('R', 'SELECT', { kind: 'TABLE', name: 'DB.S.T' })).toBe(true);
    expect(copy.hasAccountPrivilege('R', 'CREATE DATABASE')).toBe(true);
    expect(copy.snapshot().roles.map((r) => r.name)).toEqual(['R']);
  });

  it('parses the statement forms the applier emits and rejects malformed ones with a syntax error', () => {
    expect(parseSecurityStatement('GRANT MONITOR, OPERATE ON FUTURE TASKS IN SCHEMA "D"."S" TO ROLE "R"')).toEqual({
      kind: 'grantPrivileges',
      privileges: ['MONITOR', 'OPERATE'],
      target: { type: 'future', plural: 'TASKS', scopeKind: 'SCHEMA', scope: 'D.S' },
      role: 'R',
    });
    expect(parseSecurityStatement('GRANT CREATE TABLE, CREATE FILE FORMAT ON SCHEMA d.s TO ROLE r')).toMatchObject({ privileges: ['CREATE TABLE', 'CREATE FILE FORMAT'] });
    expect(parseSecurityStatement('GRANT READ ON ALL FILE FORMATS IN SCHEMA d.s TO ROLE r')).toMatchObject({ target: { plural: 'FILE FORMATS' } });
    expect(parseSecurityStatement('SELECT 1')).toBeUndefined();
    expect(() => parseSecurityStatement('GRANT ROLE a TO GROUP b')).toThrow(expect.objectContaining({ code: '001003' }));
  });
});

describe('database roles (SNOWFLAKE.CORTEX_USER)', () => {
  const CORTEX = 'SNOWFLAKE.CORTEX_USER';

  it('parses GRANT / REVOKE DATABASE ROLE with the database role qualified, quoted or not', () => {
    expect(parseSecurityStatement('GRANT DATABASE ROLE "SNOWFLAKE"."CORTEX_USER" TO ROLE "T_ANALYST"')).toEqual({
      kind: 'grantDatabaseRole',
      databaseRole: CORTEX,
      granteeKind: 'ROLE',
      grantee: 'T_ANALYST',
    });
    expect(parseSecurityStatement('revoke database role snowflake.cortex_user from role public;')).toEqual({ kind: 'revokeDatabaseRole', databaseRole: CORTEX, granteeKind: 'ROLE', grantee: 'PUBLIC' });
    expect(parseSecurityStatement('GRANT DATABASE ROLE d.dr TO SHARE s')).toMatchObject({ granteeKind: 'SHARE', grantee: 'S' });
    expect(() => parseSecurityStatement('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO USER u')).toThrow("unexpected 'USER': expected ROLE, DATABASE ROLE or SHARE.");
  });

  it('PUBLIC holds SNOWFLAKE.CORTEX_USER in a new account, so every role does through PUBLIC', () => {
    const { acl, run } = setup();
    run('CREATE ROLE analyst', 'SECURITYADMIN');
    expect([acl.holdsDatabaseRole('PUBLIC', CORTEX), acl.holdsDatabaseRole('ANALYST', CORTEX), acl.holdsDatabaseRole('ANALYST', 'SNOWFLAKE.OTHER')]).toEqual([true, true, false]);
  });

  it('granted to an account role, it is held by that role and every role that inherits it; revoking it from PUBLIC takes it from the rest', () => {
    const { acl, run } = setup();
    for (const r of ['ANALYST', 'LEAD', 'OTHER']) run(`CREATE ROLE ${r}`, 'SECURITYADMIN');
    run('GRANT ROLE analyst TO ROLE lead', 'SECURITYADMIN');
    run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    run('GRANT DATABASE ROLE "SNOWFLAKE"."CORTEX_USER" TO ROLE analyst');
    expect(['PUBLIC', 'ANALYST', 'LEAD', 'OTHER', 'ACCOUNTADMIN'].map((r) => acl.holdsDatabaseRole(r, CORTEX))).toEqual([false, true, true, false, false]);
  });

  it('granting twice and revoking what was not granted succeed and change nothing, as in Snowflake', () => {
    const { acl, run } = setup();
    run('CREATE ROLE analyst', 'SECURITYADMIN');
    expect(run('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE PUBLIC').rows).toEqual([['Statement executed successfully.']]);
    run('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE analyst');
    run('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE analyst');
    expect(acl.snapshot().databaseRoleGrants).toEqual({ [CORTEX]: ['PUBLIC', 'ANALYST'] });
    run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE analyst');
    expect(run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE analyst').rows).toEqual([['Statement executed successfully.']]);
    run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    expect(acl.snapshot().databaseRoleGrants).toEqual({ [CORTEX]: [] });
  });

  it('only a role that is or inherits ACCOUNTADMIN manages them', () => {
    const { acl, run } = setup();
    run('CREATE ROLE analyst', 'SECURITYADMIN');
    run('CREATE ROLE admins', 'SECURITYADMIN');
    const refused = expect.objectContaining({ code: '003001', sqlState: '42501', message: "SQL access control error:\nInsufficient privileges to operate on database role 'SNOWFLAKE.CORTEX_USER'." });
    for (const role of ['SECURITYADMIN', 'SYSADMIN', 'ANALYST']) {
      expect(() => run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC', role)).toThrow(refused);
      expect(() => run('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE analyst', role)).toThrow(refused);
    }
    run('GRANT ROLE accountadmin TO ROLE admins');
    run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC', 'ADMINS');
    expect(acl.holdsDatabaseRole('ANALYST', CORTEX)).toBe(false);
  });

  it('a database role the local engine does not have, a missing grantee, and a grantee that is not an account role are refused by name', () => {
    const { run } = setup();
    expect(() => run('GRANT DATABASE ROLE SNOWFLAKE.ML_ADMIN TO ROLE PUBLIC')).toThrow(
      expect.objectContaining({ code: '002003', sqlState: '02000', message: "SQL compilation error:\nDatabase role 'SNOWFLAKE.ML_ADMIN' does not exist or not authorized. The local engine has the database roles SNOWFLAKE.CORTEX_USER." }),
    );
    expect(() => run('REVOKE DATABASE ROLE "snowflake"."cortex_user" FROM ROLE PUBLIC', 'SYSADMIN')).toThrow("Database role 'snowflake.cortex_user' does not exist or not authorized.");
    expect(() => run('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE nobody')).toThrow(expect.objectContaining({ code: '002003', message: "SQL compilation error:\nRole 'NOBODY' does not exist or not authorized." }));
    expect(() => run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE nobody')).toThrow("Role 'NOBODY' does not exist or not authorized.");
    expect(() => run('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO SHARE partners')).toThrow(
      expect.objectContaining({ code: '000002', message: "SQL compilation error:\nUnsupported feature 'GRANT DATABASE ROLE ... TO SHARE' in the local engine: database roles are granted to account roles only locally (got SHARE PARTNERS)." }),
    );
    expect(() => run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM DATABASE ROLE d.reader')).toThrow("Unsupported feature 'REVOKE DATABASE ROLE ... FROM DATABASE ROLE' in the local engine");
  });

  it('SHOW GRANTS TO ROLE lists it as Snowflake does: USAGE on DATABASE_ROLE SNOWFLAKE.CORTEX_USER', () => {
    const { run } = setup();
    run('CREATE ROLE analyst', 'SECURITYADMIN');
    run('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE analyst');
    expect(run('SHOW GRANTS TO ROLE analyst').rows).toEqual([['USAGE', 'DATABASE_ROLE', CORTEX, 'ANALYST']]);
    expect(run('SHOW GRANTS TO ROLE public').rows).toEqual([['USAGE', 'DATABASE_ROLE', CORTEX, 'PUBLIC']]);
  });

  it('a dropped role loses it: a new role of that name does not hold it', () => {
    const { acl, run } = setup();
    run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    run('CREATE ROLE analyst', 'SECURITYADMIN');
    run('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE analyst');
    run('DROP ROLE analyst', 'SECURITYADMIN');
    run('CREATE ROLE analyst', 'SECURITYADMIN');
    expect(acl.holdsDatabaseRole('ANALYST', CORTEX)).toBe(false);
  });

  it('survives a snapshot round trip; state written before database roles were kept has the new-account grants', () => {
    const { acl, run } = setup();
    run('CREATE ROLE analyst', 'SECURITYADMIN');
    run('REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    run('GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE analyst');
    const copy = new AccessControl(JSON.parse(JSON.stringify(acl.snapshot())));
    expect([copy.holdsDatabaseRole('PUBLIC', CORTEX), copy.holdsDatabaseRole('ANALYST', CORTEX)]).toEqual([false, true]);
    const { databaseRoleGrants: _grants, ...before } = acl.snapshot();
    const old = new AccessControl(JSON.parse(JSON.stringify(before)));
    expect(old.snapshot().databaseRoleGrants).toEqual({ [CORTEX]: ['PUBLIC'] });
  });
});
