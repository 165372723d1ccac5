import { LocalAccount, Session } from '../../../local/account/account';
import { openAccount, rows } from '../../helpers/account';

describe('DESCRIBE, SHOW and INFORMATION_SCHEMA', () => {
  let account: LocalAccount;
  let sysadmin: Session;

  beforeEach(async () => {
    ({ account } = await openAccount());
    sysadmin = account.systemSession('SYSADMIN');
    await account.execute(sysadmin, 'CREATE DATABASE T; CREATE SCHEMA T.STAGING; CREATE SCHEMA T.MARTS');
    await account.execute(
      sysadmin,
      "CREATE TABLE T.STAGING.PATIENTS (PATIENT_ID VARCHAR(40) NOT NULL, LAST_NAME STRING, BIRTH_DATE DATE, BALANCE NUMBER(12,2) DEFAULT 0, VISITS INTEGER, SEEN_AT TIMESTAMP_NTZ, ACTIVE BOOLEAN, PROFILE VARIANT, SCORE FLOAT)",
    );
    await account.execute(sysadmin, 'CREATE VIEW T.STAGING.V_PATIENTS AS SELECT PATIENT_ID, BALANCE FROM T.STAGING.PATIENTS');
    await account.execute(sysadmin, 'CREATE TABLE T.MARTS.KPI (LOCATION_ID VARCHAR, NET_REVENUE NUMBER(14,2))');
    await account.execute(sysadmin, "CREATE MASKING POLICY T.STAGING.MASK_NAME AS (val VARCHAR) RETURNS VARCHAR -> CASE WHEN IS_ROLE_IN_SESSION('SYSADMIN') THEN val ELSE NULL END");
    await account.execute(sysadmin, 'ALTER TABLE T.STAGING.PATIENTS MODIFY COLUMN LAST_NAME SET MASKING POLICY T.STAGING.MASK_NAME');
    const security = account.systemSession('SECURITYADMIN');
    await account.execute(security, 'CREATE ROLE MARTS_READER; GRANT USAGE ON DATABASE T TO ROLE MARTS_READER; GRANT USAGE ON SCHEMA T.MARTS TO ROLE MARTS_READER');
    await account.execute(security, 'GRANT SELECT ON TABLE T.MARTS.KPI TO ROLE MARTS_READER');
  });
  afterEach(() => account.close());

  it("DESCRIBE TABLE shows each column's Snowflake type, nullability, default and masking policy", async () => {
    const described = await rows(account, sysadmin, 'DESCRIBE TABLE T.STAGING.PATIENTS');
    expect(described.map((c) => [c.name, c.type, c.kind, c['null?'], c.default === null ? null : 'set', c['policy name']])).toEqual([
      ['PATIENT_ID', 'VARCHAR(16777216)', 'COLUMN', 'N', null, null],
      ['LAST_NAME', 'VARCHAR(16777216)', 'COLUMN', 'Y', null, 'T.STAGING.MASK_NAME'],
      ['BIRTH_DATE', 'DATE', 'COLUMN', 'Y', null, null],
      ['BALANCE', 'NUMBER(12,2)', 'COLUMN', 'Y', 'set', null],
      ['VISITS', 'NUMBER(38,0)', 'COLUMN', 'Y', null, null],
      ['SEEN_AT', 'TIMESTAMP_NTZ(9)', 'COLUMN', 'Y', null, null],
      ['ACTIVE', 'BOOLEAN', 'COLUMN', 'Y', null, null],
      ['PROFILE', 'VARIANT', 'COLUMN', 'Y', null, null],
      ['SCORE', 'FLOAT', 'COLUMN', 'Y', null, null],
    ]);
    sysadmin.database = 'T';
    sysadmin.schema = 'STAGING';
    expect((await rows(account, sysadmin, 'DESC VIEW V_PATIENTS')).map((c) => [c.name, c.type])).toEqual([
      ['PATIENT_ID', 'VARCHAR(16777216)'],
      ['BALANCE', 'NUMBER(12,2)'],
    ]);
  });

  it('SHOW COLUMNS lists the columns in scope with their JSON data type, filtered by LIKE', async () => {
    const kpi = await rows(account, sysadmin, 'SHOW COLUMNS IN TABLE T.MARTS.KPI');
    expect(kpi.map((c) => [c.table_name, c.schema_name, c.column_name, JSON.parse(String(c.data_type)), c.database_name])).toEqual([
      ['KPI', 'MARTS', 'LOCATION_ID', { type: 'TEXT', length: 16777216, byteLength: 16777216, fixed: false, nullable: true }, 'T'],
      ['KPI', 'MARTS', 'NET_REVENUE', { type: 'FIXED', precision: 14, scale: 2, nullable: true }, 'T'],
    ]);
    const like = await rows(account, sysadmin, "SHOW COLUMNS LIKE '%id' IN DATABASE T");
    expect(like.map((c) => `${c.schema_name}.${c.table_name}.${c.column_name}`)).toEqual(['MARTS.KPI.LOCATION_ID', 'STAGING.PATIENTS.PATIENT_ID', 'STAGING.V_PATIENTS.PATIENT_ID']);
  });

  it('a role sees the columns of what it may see only; anything else does not exist for it', async () => {
    const reader = account.systemSession('MARTS_READER');
    expect((await rows(account, reader, 'SHOW COLUMNS IN DATABASE T')).map((c) => `${c.table_name}.${c.column_name}`)).toEqual(['KPI.LOCATION_ID', 'KPI.NET_REVENUE']);
    expect((await rows(account, reader, 'DESCRIBE TABLE T.MARTS.KPI')).map((c) => c.name)).toEqual(['LOCATION_ID', 'NET_REVENUE']);
    const hidden = "Object 'T.STAGING.PATIENTS' does not exist or not authorized.";
    await expect(rows(account, reader, 'DESCRIBE TABLE T.STAGING.PATIENTS')).rejects.toThrow(hidden);
    await expect(rows(account, reader, 'SHOW COLUMNS IN TABLE T.STAGING.PATIENTS')).rejects.toThrow(hidden);
    await expect(rows(account, sysadmin, 'DESCRIBE TABLE T.MARTS.MISSING')).rejects.toThrow("Object 'T.MARTS.MISSING' does not exist or not authorized.");
  });

  it("INFORMATION_SCHEMA's TABLES, COLUMNS, VIEWS and SCHEMATA list what the role may see, with Snowflake's columns", async () => {
    sysadmin.database = 'T';
    const tables = await rows(account, sysadmin, 'SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_OWNER FROM INFORMATION_SCHEMA.TABLES ORDER BY 1, 2');
    expect(tables.map((t) => Object.values(t).join(' '))).toEqual(['MARTS KPI BASE TABLE SYSADMIN', 'STAGING PATIENTS BASE TABLE SYSADMIN', 'STAGING V_PATIENTS VIEW SYSADMIN']);
    const columns = await rows(
      account,
      sysadmin,
      "SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH FROM T.INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'PATIENTS' AND ORDINAL_POSITION <= 5 ORDER BY ORDINAL_POSITION",
    );
    expect(columns.map((c) => Object.values(c))).toEqual([
      ['PATIENT_ID', 1, 'TEXT', null, null, 'NO', 16777216],
      ['LAST_NAME', 2, 'TEXT', null, null, 'YES', 16777216],
      ['BIRTH_DATE', 3, 'DATE', null, null, 'YES', null],
      ['BALANCE', 4, 'NUMBER', 12, 2, 'YES', null],
      ['VISITS', 5, 'NUMBER', 38, 0, 'YES', null],
    ]);
    const reader = { ...account.systemSession('MARTS_READER'), database: 'T' };
    expect(await rows(account, reader, 'SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES')).toEqual([{ TABLE_SCHEMA: 'MARTS', TABLE_NAME: 'KPI' }]);
    expect((await rows(account, reader, 'SELECT DISTINCT TABLE_NAME FROM INFORMATION_SCHEMA.COLUMNS')).map((c) => c.TABLE_NAME)).toEqual(['KPI']);
    expect((await rows(account, reader, 'SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA')).map((c) => c.SCHEMA_NAME)).toEqual(['MARTS']);
    // A view's text (its translation, policies inlined) is its owner's to read.
    await account.execute(account.systemSession('SECURITYADMIN'), 'GRANT USAGE ON SCHEMA T.STAGING TO ROLE MARTS_READER; GRANT SELECT ON VIEW T.STAGING.V_PATIENTS TO ROLE MARTS_READER');
    const definition = 'SELECT TABLE_NAME, VIEW_DEFINITION IS NOT NULL AS SHOWN FROM T.INFORMATION_SCHEMA.VIEWS';
    expect(await rows(account, reader, definition)).toEqual([{ TABLE_NAME: 'V_PATIENTS', SHOWN: false }]);
    expect(await rows(account, sysadmin, definition)).toEqual([{ TABLE_NAME: 'V_PATIENTS', SHOWN: true }]);
    await expect(rows(account, sysadmin, 'SELECT * FROM T.INFORMATION_SCHEMA.FUNCTIONS')).rejects.toThrow('Read TABLES, COLUMNS, VIEWS, SCHEMATA, or use SHOW and DESCRIBE.');
  });

  it('DESCRIBE TABLE and INFORMATION_SCHEMA.COLUMNS name every column type alike, a computed integer column as NUMBER(38,0)', async () => {
    await account.execute(sysadmin, 'CREATE TABLE T.MARTS.COUNTS AS SELECT COUNT(*) AS N, 1.5::DOUBLE AS RATIO FROM T.STAGING.PATIENTS');
    for (const table of ['PATIENTS', 'COUNTS']) {
      const schema = table === 'COUNTS' ? 'MARTS' : 'STAGING';
      const described = await rows(account, sysadmin, `DESCRIBE TABLE T.${schema}.${table}`);
      const listed = await rows(account, sysadmin, `SELECT COLUMN_NAME, DATA_TYPE FROM T.INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '${table}' ORDER BY ORDINAL_POSITION`);
      // DATA_TYPE is DESCRIBE's type without its parameters, VARCHAR being TEXT.
      const family = (type: string) => type.replace(/\(.*\)$/, '').replace(/^VARCHAR$/, 'TEXT');
      expect(listed.map((c) => [c.COLUMN_NAME, c.DATA_TYPE])).toEqual(described.map((c) => [c.name, family(String(c.type))]));
    }
    expect((await rows(account, sysadmin, 'DESCRIBE TABLE T.MARTS.COUNTS')).map((c) => [c.name, c.type])).toEqual([
      ['N', 'NUMBER(38,0)'],
      ['RATIO', 'FLOAT'],
    ]);
  });

  it('the engine alone (no access control) lists every object', async () => {
    const result = await account.engine.execute("SELECT TABLE_NAME FROM T.INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'STAGING' ORDER BY 1");
    expect(result.rows).toEqual([['PATIENTS'], ['V_PATIENTS']]);
  });

  it('SHOW GRANTS ON an object lists its owner and every privilege on it, to roles that hold one', async () => {
    sysadmin.database = 'T';
    const grants = await rows(account, sysadmin, 'SHOW GRANTS ON TABLE MARTS.KPI');
    expect(grants.map((g) => [g.privilege, g.granted_on, g.name, g.granted_to, g.grantee_name])).toEqual([
      ['OWNERSHIP', 'TABLE', 'T.MARTS.KPI', 'ROLE', 'SYSADMIN'],
      ['SELECT', 'TABLE', 'T.MARTS.KPI', 'ROLE', 'MARTS_READER'],
    ]);
    expect((await rows(account, account.systemSession('MARTS_READER'), 'SHOW GRANTS ON TABLE T.MARTS.KPI')).length).toBe(2);
    expect((await rows(account, sysadmin, 'SHOW GRANTS ON SCHEMA MARTS')).map((g) => `${g.privilege} ${g.grantee_name}`)).toEqual(['OWNERSHIP SYSADMIN', 'USAGE MARTS_READER']);
    // SHOW names each object's owner role.
    expect((await rows(account, account.systemSession('MARTS_READER'), 'SHOW TABLES IN DATABASE T')).map((t) => [t.name, t.owner])).toEqual([['KPI', 'SYSADMIN']]);
    // LIMIT counts the rows the role sees: the first table listed, MARTS.A_HIDDEN, is not one of them.
    await account.execute(sysadmin, 'CREATE TABLE T.MARTS.A_HIDDEN (X INT)');
    expect((await rows(account, account.systemSession('MARTS_READER'), 'SHOW TABLES IN DATABASE T LIMIT 1')).map((t) => t.name)).toEqual(['KPI']);
    await account.execute(sysadmin, 'DROP TABLE T.MARTS.A_HIDDEN');
    expect((await rows(account, sysadmin, 'SHOW SCHEMAS IN DATABASE T')).map((t) => [t.name, t.owner])).toEqual([['MARTS', 'SYSADMIN'], ['PUBLIC', 'SYSADMIN'], ['STAGING', 'SYSADMIN']]);
    await expect(rows(account, account.systemSession('MARTS_READER'), 'SHOW GRANTS ON TABLE T.STAGING.PATIENTS')).rejects.toThrow("Table 'T.STAGING.PATIENTS' does not exist or not authorized.");
  });

  it('SHOW ROW ACCESS POLICIES and SHOW MASKING POLICIES list the policies the role may see, by scope and LIKE', async () => {
    await account.execute(sysadmin, 'CREATE ROW ACCESS POLICY T.MARTS.ALL_ROWS AS (x VARCHAR) RETURNS BOOLEAN -> TRUE');
    const masking = await rows(account, sysadmin, "SHOW MASKING POLICIES LIKE 'mask%' IN DATABASE T");
    expect(masking.map((p) => [p.name, p.database_name, p.schema_name, p.kind, p.owner, p.signature])).toEqual([['MASK_NAME', 'T', 'STAGING', 'MASKING POLICY', 'SYSADMIN', '(VAL VARCHAR) RETURNS VARCHAR']]);
    expect((await rows(account, sysadmin, 'SHOW ROW ACCESS POLICIES IN SCHEMA T.MARTS')).map((p) => p.name)).toEqual(['ALL_ROWS']);
    expect(await rows(account, sysadmin, 'SHOW ROW ACCESS POLICIES IN SCHEMA T.STAGING')).toEqual([]);
    expect(await rows(account, account.systemSession('MARTS_READER'), 'SHOW MASKING POLICIES IN ACCOUNT')).toEqual([]);
    await expect(rows(account, sysadmin, 'SHOW PIPES')).rejects.toThrow("Unsupported feature 'SHOW PIPES'");
  });

  it('SHOW STAGES and SHOW STREAMS take LIKE and IN as Snowflake does: without IN, the current database or else the account', async () => {
    await account.execute(sysadmin, 'CREATE STAGE T.STAGING.LANDING; CREATE STAGE T.MARTS.EXPORTS; CREATE DATABASE U; CREATE STAGE U.PUBLIC.LANDING');
    const stages = async (sql: string, session: Session = sysadmin) => (await rows(account, session, sql)).map((r) => `${r.database_name}.${r.schema_name}.${r.name}`);
    // CREATE DATABASE made U the session's database.
    expect(await stages('SHOW STAGES')).toEqual(['U.PUBLIC.LANDING']);
    expect(await stages('SHOW STAGES', account.systemSession('SYSADMIN'))).toEqual(['T.MARTS.EXPORTS', 'T.STAGING.LANDING', 'U.PUBLIC.LANDING']);
    const inT = { ...sysadmin, database: 'T', schema: 'STAGING' };
    expect(await stages('SHOW STAGES', inT)).toEqual(['T.MARTS.EXPORTS', 'T.STAGING.LANDING']);
    expect(await stages('SHOW STAGES IN SCHEMA', inT)).toEqual(['T.STAGING.LANDING']);
    expect(await stages('SHOW STAGES IN MARTS', inT)).toEqual(['T.MARTS.EXPORTS']);
    expect(await stages('SHOW STAGES IN DATABASE U', inT)).toEqual(['U.PUBLIC.LANDING']);
    expect(await stages("SHOW STAGES LIKE 'land%' IN ACCOUNT", inT)).toEqual(['T.STAGING.LANDING', 'U.PUBLIC.LANDING']);
    await account.execute(sysadmin, 'CREATE STREAM T.STAGING.PATIENTS_STREAM ON TABLE T.STAGING.PATIENTS');
    expect(await stages("SHOW STREAMS LIKE '%STREAM'", inT)).toEqual(['T.STAGING.PATIENTS_STREAM']);
    await expect(rows(account, inT, 'SHOW STAGES LIKE LANDING')).rejects.toThrow("expected a pattern string after LIKE, such as LIKE 'RAW%'");
  });

  it("GET_DDL writes a table's DDL from its columns and policies, and gives a view's and a policy's as created", async () => {
    await account.execute(sysadmin, 'CREATE ROW ACCESS POLICY T.MARTS.ALL_ROWS AS (x VARCHAR) RETURNS BOOLEAN -> TRUE');
    await account.execute(sysadmin, 'ALTER TABLE T.MARTS.KPI ADD ROW ACCESS POLICY T.MARTS.ALL_ROWS ON (LOCATION_ID)');
    sysadmin.database = 'T';
    const ddl = async (sql: string, session = sysadmin) => Object.values((await rows(account, session, sql))[0]!)[0];
    expect(await ddl("SELECT GET_DDL('TABLE', 'MARTS.KPI')")).toBe(
      'create or replace TABLE KPI (\n\tLOCATION_ID VARCHAR(16777216),\n\tNET_REVENUE NUMBER(14,2)\n)\nwith row access policy T.MARTS.ALL_ROWS on (LOCATION_ID);',
    );
    expect(await ddl("select get_ddl('table', 'T.STAGING.PATIENTS')")).toContain('\tLAST_NAME VARCHAR(16777216) WITH MASKING POLICY T.STAGING.MASK_NAME,\n');
    expect(Object.keys((await rows(account, sysadmin, "select get_ddl('table', 'T.STAGING.PATIENTS')"))[0]!)).toEqual(["GET_DDL('TABLE', 'T.STAGING.PATIENTS')"]);
    expect(await ddl("SELECT GET_DDL('VIEW', 'STAGING.V_PATIENTS')")).toBe('CREATE VIEW T.STAGING.V_PATIENTS AS SELECT PATIENT_ID, BALANCE FROM T.STAGING.PATIENTS;');
    expect(await ddl("SELECT GET_DDL('POLICY', 'T.MARTS.ALL_ROWS')")).toBe('create or replace row access policy ALL_ROWS as (X VARCHAR) returns BOOLEAN ->\nTRUE\n;');
    // What the role may not see does not exist for it; other kinds are not written locally.
    await expect(rows(account, account.systemSession('MARTS_READER'), "SELECT GET_DDL('TABLE', 'T.STAGING.PATIENTS')")).rejects.toThrow("Object 'T.STAGING.PATIENTS' does not exist or not authorized.");
    expect(await ddl("SELECT GET_DDL('TABLE', 'T.MARTS.KPI')", account.systemSession('MARTS_READER'))).toContain('create or replace TABLE KPI');
    await expect(rows(account, sysadmin, "SELECT GET_DDL('SCHEMA', 'MARTS')")).rejects.toThrow("Unsupported feature 'GET_DDL of a SCHEMA'");
  });
});
