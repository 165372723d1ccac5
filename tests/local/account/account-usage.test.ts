/**
 * SNOWFLAKE.ACCOUNT_USAGE on the local account: who may read it, and that query, access, login,
 * user and policy history record what happened, with the columns each query read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalAccount, Session } from '../../../local/account/account';
import { LocalEngine } from '../../../local/engine/engine';
import { columnsRead } from '../../../local/account/account-usage';
import { openAccount, rows } from '../../helpers/account';
import { tempDir } from '../../helpers/config';

describe('columnsRead', () => {
  const columns = ['ID', 'LAST_NAME', 'BIRTH_DATE', 'Quoted'];
  it.each([
    ['SELECT LAST_NAME FROM P', ['LAST_NAME']],
    ['SELECT p.last_name, "Quoted" FROM P p WHERE birth_date > 1', ['LAST_NAME', 'BIRTH_DATE', 'Quoted']],
    ['SELECT * FROM P', columns],
    ['SELECT p.* FROM P p', columns],
    ['SELECT ID, * FROM P', columns],
    ['SELECT count(*) FROM P', []],
    ['SELECT ID * 2 FROM P', ['ID']],
    ["SELECT 'LAST_NAME' FROM P -- BIRTH_DATE", []],
  ])('%s reads %j', (sql, expected) => {
    expect(columnsRead(sql, columns)).toEqual(expected);
  });
});

describe('SNOWFLAKE.ACCOUNT_USAGE', () => {
  let account: LocalAccount;
  let admin: Session;
  let user: Session;

  beforeEach(async () => {
    ({ account } = await openAccount());
    const sysadmin = account.systemSession('SYSADMIN');
    const security = account.systemSession('SECURITYADMIN');
    admin = account.systemSession('ACCOUNTADMIN');
    await account.execute(sysadmin, 'CREATE DATABASE T; CREATE SCHEMA T.S; CREATE TABLE T.S.PATIENTS (ID VARCHAR, LAST_NAME VARCHAR, VISITS INT)');
    await account.execute(sysadmin, "INSERT INTO T.S.PATIENTS VALUES ('p1', 'Garcia', 3)");
    await account.execute(sysadmin, 'CREATE MASKING POLICY T.S.HIDE AS (val VARCHAR) RETURNS VARCHAR -> NULL');
    await account.execute(sysadmin, 'ALTER TABLE T.S.PATIENTS MODIFY COLUMN LAST_NAME SET MASKING POLICY T.S.HIDE');
    await account.execute(security, "CREATE ROLE R; CREATE USER U PASSWORD = 'pw' DEFAULT_ROLE = R; GRANT ROLE R TO USER U");
    await account.execute(security, 'GRANT USAGE ON DATABASE T TO ROLE R; GRANT USAGE ON SCHEMA T.S TO ROLE R; GRANT SELECT ON TABLE T.S.PATIENTS TO ROLE R');
    user = account.login('U', 'pw');
  });
  afterEach(() => account.close());

  it('text that does not even split into statements is logged too, failed, with its error', async () => {
    const analyst = account.systemSession('SYSADMIN');
    await expect(account.execute(analyst, "SELECT 'unterminated")).rejects.toThrow();
    await expect(account.execute(analyst, '  ;  ')).rejects.toThrow('Empty SQL statement.');
    const failed = await rows(account, admin, "SELECT QUERY_TEXT, EXECUTION_STATUS, ERROR_CODE FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE EXECUTION_STATUS = 'FAIL' ORDER BY START_TIME");
    expect(failed.map((r) => [r.QUERY_TEXT, r.ERROR_CODE])).toEqual(expect.arrayContaining([["SELECT 'unterminated", expect.any(String)], ['  ;  ', '000900']]));
  });

  it('is readable only with IMPORTED PRIVILEGES on SNOWFLAKE, and never writable', async () => {
    await expect(account.execute(user, 'SELECT * FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY')).rejects.toMatchObject({ code: '002003' });
    await account.execute(admin, 'GRANT IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE TO ROLE R');
    expect(Number((await rows(account, user, 'SELECT count(*) AS N FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY'))[0]!.N)).toBeGreaterThan(5);
    await expect(account.execute(admin, 'DELETE FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY')).rejects.toMatchObject({ code: '002003' });
  });

  it('ACCESS_HISTORY holds each query with the columns it read; failed queries and COUNT(*) read none', async () => {
    await account.execute(user, "ALTER SESSION SET QUERY_TAG = 'ticket-42'");
    await account.execute(user, 'SELECT LAST_NAME FROM T.S.PATIENTS');
    await account.execute(user, 'SELECT count(*) FROM T.S.PATIENTS');
    await expect(account.execute(user, 'SELECT NO_SUCH FROM T.S.PATIENTS')).rejects.toThrow();
    const read = await rows(
      account,
      admin,
      `WITH cols AS (
         SELECT a.QUERY_ID, o.value:objectName::VARCHAR AS OBJ, c.value:columnName::VARCHAR AS COL
         FROM SNOWFLAKE.ACCOUNT_USAGE.ACCESS_HISTORY a, LATERAL FLATTEN(INPUT => a.BASE_OBJECTS_ACCESSED) o, LATERAL FLATTEN(INPUT => o.value:columns) c
         WHERE a.USER_NAME = 'U')
       SELECT q.QUERY_TAG, q.ROLE_NAME, cols.OBJ, cols.COL FROM cols JOIN SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY q ON q.QUERY_ID = cols.QUERY_ID`,
    );
    expect(read).toEqual([{ QUERY_TAG: 'ticket-42', ROLE_NAME: 'R', OBJ: 'T.S.PATIENTS', COL: 'LAST_NAME' }]);
    const failed = await rows(account, admin, "SELECT EXECUTION_STATUS, ERROR_CODE FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE USER_NAME = 'U' AND QUERY_TEXT LIKE '%NO_SUCH%'");
    expect(failed).toEqual([{ EXECUTION_STATUS: 'FAIL', ERROR_CODE: '000904' }]);
  });

  it('LOGIN_HISTORY has every attempt; USERS has no secrets; POLICY_REFERENCES follows attachments', async () => {
    expect(() => account.login('U', 'wrong')).toThrow(/Incorrect username or password/);
    expect(() => account.login('NOBODY', 'pw')).toThrow(/Incorrect username or password/);
    const logins = await rows(account, admin, 'SELECT USER_NAME, IS_SUCCESS, ERROR_CODE FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY ORDER BY EVENT_TIMESTAMP');
    expect(logins).toEqual([
      { USER_NAME: 'U', IS_SUCCESS: 'YES', ERROR_CODE: null },
      { USER_NAME: 'U', IS_SUCCESS: 'NO', ERROR_CODE: '390100' },
      { USER_NAME: 'NOBODY', IS_SUCCESS: 'NO', ERROR_CODE: '390100' },
    ]);
    const users = await account.execute(admin, "SELECT * FROM SNOWFLAKE.ACCOUNT_USAGE.USERS WHERE NAME = 'U'");
    expect(users.columns.map((c) => c.name)).toEqual(['NAME', 'LOGIN_NAME', 'DEFAULT_ROLE', 'DISABLED', 'DELETED_ON']);
    expect(users.rows).toEqual([['U', 'U', 'R', false, null]]);
    const references = () => rows(account, admin, 'SELECT POLICY_NAME, POLICY_KIND, REF_ENTITY_NAME, REF_COLUMN_NAME FROM SNOWFLAKE.ACCOUNT_USAGE.POLICY_REFERENCES');
    expect(await references()).toEqual([{ POLICY_NAME: 'HIDE', POLICY_KIND: 'MASKING_POLICY', REF_ENTITY_NAME: 'PATIENTS', REF_COLUMN_NAME: 'LAST_NAME' }]);
    await account.execute(account.systemSession('SYSADMIN'), 'ALTER TABLE T.S.PATIENTS MODIFY COLUMN LAST_NAME UNSET MASKING POLICY');
    expect(await references()).toEqual([]);
  });

  it('keeps no password in the query history', async () => {
    const security = account.systemSession('SECURITYADMIN');
    await account.execute(security, "CREATE USER V PASSWORD = 'hunter2-secret' DEFAULT_ROLE = R");
    // Refused locally, and audited like every statement: redacted all the same.
    await expect(account.execute(security, "ALTER USER V SET PASSWORD = 'another-secret'")).rejects.toThrow(/ALTER USER/);
    const texts = (await rows(account, admin, "SELECT QUERY_TEXT FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE QUERY_TEXT LIKE '%USER V%'")).map((r) => r.QUERY_TEXT);
    expect(texts).toEqual(["CREATE USER V PASSWORD = '***' DEFAULT_ROLE = R", "ALTER USER V SET PASSWORD = '***'"]);
    const file = (account as unknown as { auditFile: string }).auditFile;
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/secret|hunter2|pw'/);
  });

  it('the audit log is a file of JSON lines: a line torn by a crash is skipped, every other line stays', async () => {
    await account.execute(user, 'SELECT ID FROM T.S.PATIENTS');
    const file = `${(account as unknown as { auditFile: string }).auditFile}`;
    const before = Number((await rows(account, admin, 'SELECT count(*) AS N FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY'))[0]!.N);
    fs.appendFileSync(file, '{"query_id":"torn","start_ti');
    fs.appendFileSync(file, '\n');
    await account.execute(user, 'SELECT VISITS FROM T.S.PATIENTS');
    const after = await rows(account, admin, "SELECT count(*) AS N, count_if(QUERY_TEXT = 'SELECT VISITS FROM T.S.PATIENTS') AS V FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY");
    // +1 for the count query itself, +1 for the VISITS query; the torn line is not a row.
    expect(after[0]).toEqual({ N: before + 2, V: 1 });
  });
});

describe('an account whose audit log was a table', () => {
  it('moves the rows into the audit file when it opens', async () => {
    const file = path.join(tempDir('audit-migration'), 'old.duckdb');
    const engine = await LocalEngine.open(file);
    await engine.system('CREATE SCHEMA sf_system');
    await engine.system(`CREATE TABLE sf_system.audit_log (query_id VARCHAR, start_time TIMESTAMPTZ, session_id VARCHAR, user_name VARCHAR, role_name VARCHAR,
      query_tag VARCHAR, database_name VARCHAR, schema_name VARCHAR, query_text VARCHAR, statement_type VARCHAR, rows_produced BIGINT, execution_status VARCHAR,
      error_code VARCHAR, error_message VARCHAR, total_elapsed_ms DOUBLE, objects_accessed JSON)`);
    await engine.system("INSERT INTO sf_system.audit_log VALUES ('q-old', '2025-01-02 03:04:05+00', 's', 'ANN', 'R', NULL, NULL, NULL, 'SELECT 42', 'SELECT', 1, 'SUCCESS', NULL, NULL, 1.5, '[]')");
    engine.close();
    const account = await LocalAccount.open(file);
    try {
      const old = await rows(account, account.systemSession('ACCOUNTADMIN'), "SELECT USER_NAME, QUERY_TEXT, START_TIME FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE QUERY_ID = 'q-old'");
      expect(old).toEqual([{ USER_NAME: 'ANN', QUERY_TEXT: 'SELECT 42', START_TIME: '2025-01-02 03:04:05+00' }]);
      expect(await account.engine.system("SELECT table_type FROM information_schema.tables WHERE table_schema = 'sf_system' AND table_name = 'audit_log'")).toEqual([['VIEW']]);
    } finally {
      account.close();
    }
  });
});
