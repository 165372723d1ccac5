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

describe('Cortex usage, metered per query in ACCOUNT_USAGE.CORTEX_AI_FUNCTIONS_USAGE_HISTORY', () => {
  let account: LocalAccount;
  let admin: Session;
  const usage = () =>
    rows(
      account,
      admin,
      `SELECT QUERY_ID, FUNCTION_NAME, MODEL_NAME, ROLE_NAMES[0]::VARCHAR AS ROLE, QUERY_TAG, USER_ID, METRICS, CREDITS, START_TIME <= CURRENT_TIMESTAMP() AND END_TIME > START_TIME AS WINDOWED
       FROM SNOWFLAKE.ACCOUNT_USAGE.CORTEX_AI_FUNCTIONS_USAGE_HISTORY ORDER BY QUERY_ID, FUNCTION_NAME`,
    );
  const metrics = (input: number, output: number) => [
    { key: { metric: 'input', unit: 'tokens' }, value: input },
    { key: { metric: 'output', unit: 'tokens' }, value: output },
  ];

  beforeEach(async () => {
    account = (await openAccount()).account;
    admin = account.systemSession('ACCOUNTADMIN');
    await account.execute(account.systemSession('SECURITYADMIN'), 'CREATE ROLE T_ANALYST');
  });
  afterEach(() => account.close());

  it('records each call with its tokens (4 characters a token, prompt in, answer out) and credits, under the query, role, user and tag that made it', async () => {
    const analyst: Session = { ...account.systemSession('T_ANALYST'), id: 'analyst', queryTag: '{"component":"ask"}' };
    const asked = await account.execute(analyst, ASK, ['llama3.1-70b', PROMPT]);
    const [row] = await usage();
    // Prompt 53 characters -> 14 tokens; the answer (BRIEF) 138 characters -> 35 tokens; 49 tokens at 0.36 credits per million.
    expect([PROMPT.length, BRIEF.length]).toEqual([53, 138]);
    expect(row).toEqual({
      QUERY_ID: asked.queryId,
      FUNCTION_NAME: 'AI_COMPLETE',
      MODEL_NAME: 'llama3.1-70b',
      ROLE: 'T_ANALYST',
      QUERY_TAG: '{"component":"ask"}',
      USER_ID: analyst.user,
      METRICS: JSON.stringify(metrics(14, 35)),
      CREDITS: 0.00001764,
      WINDOWED: true,
    });
  });

  it('a query calling it for many rows is one row of their summed tokens; a query without Cortex, or a NULL prompt, records none', async () => {
    await account.execute(admin, `SELECT AI_COMPLETE('m', '<facts>' || SEQ4() || '</facts>') FROM TABLE(GENERATOR(ROWCOUNT => 3))`);
    await account.execute(admin, `SELECT AI_COMPLETE('m', CAST(NULL AS VARCHAR)), UPPER('x')`);
    const [row, ...rest] = await usage();
    expect(rest).toEqual([]);
    // Each prompt '<facts>N</facts>' is 16 characters (4 tokens); each answer the 107-character label line, a newline and N (28 tokens).
    expect([row!.FUNCTION_NAME, row!.METRICS]).toEqual(['AI_COMPLETE', JSON.stringify(metrics(12, 84))]);
  });

  it('a refused call is not metered: it never ran', async () => {
    await account.execute(admin, 'REVOKE DATABASE ROLE SNOWFLAKE.CORTEX_USER FROM ROLE PUBLIC');
    await expect(account.execute({ ...account.systemSession('T_ANALYST'), id: 'analyst' }, ASK, ['m', PROMPT])).rejects.toMatchObject({ code: '003001' });
    expect(await usage()).toEqual([]);
  });
});
