/**
 * Who may call the Cortex functions in a local account: a role holding SNOWFLAKE.CORTEX_USER,
 * granted to it or to a role it inherits (PUBLIC holds it in a new account, as in Snowflake). The
 * stand-in's text itself is tested in tests/local/engine/cortex.test.ts.
 */
import * as path from 'node:path';
import { LocalAccount, Session } from '../../../local/account/account';
import { openAccount, rows } from '../../helpers/account';

/** The query `eyecare ask` runs as a tenant's analyst. */
const ASK = `SELECT AI_COMPLETE(?, ?, {'temperature': 0, 'max_tokens': 400}) AS BRIEF`;
const PROMPT = 'Brief the owner.\n<facts>\nrevenue_30d: 182400\n</facts>';
const BRIEF = '[local Cortex stand-in for AI_COMPLETE, model llama3.1-70b: in Snowflake the model writes its answer from these facts]\nrevenue_30d: 182400';

const refusal = (fn: string, role: string) => ({
  code: '003001',
  sqlState: '42501',
  message: `SQL access control error:\nInsufficient privileges to operate on function '${fn}' (role ${role} does not hold database role SNOWFLAKE.CORTEX_USER).`,
});

describe('Cortex functions and SNOWFLAKE.CORTEX_USER', () => {
  let account: LocalAccount;
  let file: string;
  let admin: Session;
  const as = (role: string): Session => ({ ...account.systemSession(role), id: `test-${role}` });
  const ask = (role: string) => rows(account, as(role), ASK, ['llama3.1-70b', PROMPT]);

  beforeEach(async () => {
    const opened = await openAccount();
    account = opened.account;
    file = path.join(opened.dir, 'local.duckdb');
    admin = account.systemSession('ACCOUNTADMIN');
    // Roles as a tenant has them: the analyst inherits a read-only role; OTHER has no grants at all.
    await account.execute(account.systemSession('SECURITYADMIN'), 'CREATE ROLE T_ANALYST; CREATE ROLE T_MARTS_RO; CREATE ROLE T_LEAD; CREATE ROLE OTHER');
    await account.execute(account.systemSession('SECURITYADMIN'), 'GRANT ROLE T_MARTS_RO TO ROLE T_ANALYST; GRANT ROLE T_ANALYST TO ROLE T_LEAD');
  });
  afterEach(() => account.close());

  it('in a new account any role may call them, through PUBLIC', async () => {
    expect(await ask('OTHER')).toEqual([{ BRIEF }]);
    expect(await rows(account, as('OTHER'), `SELECT SNOWFLAKE.CORTEX.COMPLETE('m', '<facts>x</facts>') AS B`)).toEqual([
      { B: '[local Cortex stand-in for SNOWFLAKE.CORTEX.COMPLETE, model m: in Snowflake the model writes its answer from these facts]\nx' },
    ]);
  });

  it('after REVOKE ... FROM ROLE PUBLIC only a role granted it, or inheriting a role granted it, may; the others are refused by name', async () => {
    await account.execute(admin, 'REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    await account.execute(admin, 'GRANT DATABASE ROLE "SNOWFLAKE"."CORTEX_USER" TO ROLE T_ANALYST');
    expect(await ask('T_ANALYST')).toEqual([{ BRIEF }]);
    expect(await ask('T_LEAD')).toEqual([{ BRIEF }]);
    await expect(ask('OTHER')).rejects.toMatchObject(refusal('AI_COMPLETE', 'OTHER'));
    // Granted to the analyst, not to the roles the analyst inherits.
    await expect(ask('T_MARTS_RO')).rejects.toMatchObject(refusal('AI_COMPLETE', 'T_MARTS_RO'));
    await expect(rows(account, as('OTHER'), `SELECT UPPER(SNOWFLAKE.CORTEX.COMPLETE('m', 'p'))`)).rejects.toMatchObject(refusal('SNOWFLAKE.CORTEX.COMPLETE', 'OTHER'));
  });

  it('a refused statement does not run: nothing is written', async () => {
    await account.execute(account.systemSession('SYSADMIN'), 'CREATE DATABASE D; CREATE SCHEMA D.S; CREATE TABLE D.S.BRIEFS (B VARCHAR); GRANT ALL ON DATABASE D TO ROLE OTHER; GRANT ALL ON SCHEMA D.S TO ROLE OTHER; GRANT ALL ON TABLE D.S.BRIEFS TO ROLE OTHER');
    await account.execute(admin, 'REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    await expect(account.execute(as('OTHER'), `INSERT INTO D.S.BRIEFS SELECT AI_COMPLETE('m', 'p')`)).rejects.toMatchObject(refusal('AI_COMPLETE', 'OTHER'));
    expect(await rows(account, as('OTHER'), 'SELECT COUNT(*) AS N FROM D.S.BRIEFS')).toEqual([{ N: 0 }]);
  });

  it('a view calling one is checked when it is created, as its creator', async () => {
    const sysadmin = account.systemSession('SYSADMIN');
    await account.execute(sysadmin, 'CREATE DATABASE D; CREATE SCHEMA D.S');
    await account.execute(admin, 'REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    await expect(account.execute(sysadmin, `CREATE VIEW D.S.BRIEF AS SELECT AI_COMPLETE('m', 'p') AS B`)).rejects.toMatchObject(refusal('AI_COMPLETE', 'SYSADMIN'));
    await account.execute(admin, 'GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE SYSADMIN');
    await account.execute(sysadmin, `CREATE VIEW D.S.BRIEF AS SELECT AI_COMPLETE('m', 'p') AS B`);
    expect((await rows(account, sysadmin, 'SHOW VIEWS IN SCHEMA D.S')).map((v) => v.name)).toEqual(['BRIEF']);
  });

  it('grants of it are managed by ACCOUNTADMIN only, and a database role the local engine lacks is named', async () => {
    await expect(account.execute(account.systemSession('SECURITYADMIN'), 'REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC')).rejects.toMatchObject({
      code: '003001',
      message: "SQL access control error:\nInsufficient privileges to operate on database role 'SNOWFLAKE.CORTEX_USER'.",
    });
    await expect(account.execute(admin, 'GRANT DATABASE ROLE SNOWFLAKE.AI_FUNCTIONS_USER TO ROLE T_ANALYST')).rejects.toMatchObject({
      code: '002003',
      message: "SQL compilation error:\nDatabase role 'SNOWFLAKE.AI_FUNCTIONS_USER' does not exist or not authorized. The local engine has the database roles SNOWFLAKE.CORTEX_USER.",
    });
    expect(await ask('OTHER')).toEqual([{ BRIEF }]);
  });

  it('its grants persist with the access-control state across reopening the account', async () => {
    await account.execute(admin, 'REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    await account.execute(admin, 'GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE T_ANALYST');
    account.close();
    account = await LocalAccount.open(file);
    expect(await ask('T_LEAD')).toEqual([{ BRIEF }]);
    await expect(ask('OTHER')).rejects.toMatchObject(refusal('AI_COMPLETE', 'OTHER'));
    expect((await rows(account, admin, 'SHOW GRANTS TO ROLE T_ANALYST')).filter((g) => g.granted_on === 'DATABASE_ROLE')).toEqual([
      { privilege: 'USAGE', granted_on: 'DATABASE_ROLE', name: 'SNOWFLAKE.CORTEX_USER', grantee_name: 'T_ANALYST' },
    ]);
  });

  it('state written before database roles were kept loads with PUBLIC holding SNOWFLAKE.CORTEX_USER', async () => {
    await account.execute(admin, 'REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    await account.engine.system(`UPDATE sf_system.state SET value = json_merge_patch(value, '{"databaseRoleGrants": null}') WHERE key = 'access_control'`);
    account.close();
    account = await LocalAccount.open(file);
    expect(await ask('OTHER')).toEqual([{ BRIEF }]);
  });
});
