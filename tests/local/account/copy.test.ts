import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalAccount, Session } from '../../../local/account/account';
import { openAccount, rows } from '../../helpers/account';

describe('stages and COPY INTO', () => {
  let account: LocalAccount;
  let dir: string;
  let admin: Session;

  const put = async (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return rows(account, admin, `PUT 'file://${file}' @D.RAW.LANDING/appointments/`);
  };
  const copy = (onError = 'CONTINUE') =>
    rows(
      account,
      admin,
      `COPY INTO D.RAW.APPOINTMENTS (ID, STATUS, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT)
         FROM (SELECT $1, $2, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME FROM @D.RAW.LANDING/appointments/)
         FILE_FORMAT = (FORMAT_NAME = 'D.RAW.CSV_EXPORT') ON_ERROR = ${onError}`,
    );

  beforeEach(async () => {
    ({ account, dir } = await openAccount());
    admin = account.systemSession('SYSADMIN');
    await account.execute(admin, 'CREATE DATABASE D; CREATE SCHEMA D.RAW');
    await account.execute(admin, 'CREATE TABLE D.RAW.APPOINTMENTS (ID VARCHAR, STATUS VARCHAR, _SOURCE_FILE VARCHAR, _SOURCE_ROW NUMBER(38,0), _LOADED_AT TIMESTAMP_NTZ)');
    await account.execute(admin, 'CREATE STAGE D.RAW.LANDING DIRECTORY = (ENABLE = TRUE)');
    await account.execute(
      admin,
      `CREATE FILE FORMAT D.RAW.CSV_EXPORT TYPE = CSV SKIP_HEADER = 1 FIELD_OPTIONALLY_ENCLOSED_BY = '"' NULL_IF = ('') ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE`,
    );
  });
  afterEach(() => account.close());

  it('loads staged CSV with load metadata, and skips a file it already loaded', async () => {
    expect(await put('a_20240101.csv', 'id,status\nA1,completed\n"A2","no_show, late"\nA3,\n')).toEqual([
      { source: 'a_20240101.csv', target: 'appointments/a_20240101.csv', source_size: 48, target_size: 48, status: 'UPLOADED' },
    ]);
    expect(await copy()).toEqual([
      expect.objectContaining({ file: 'landing/appointments/a_20240101.csv', status: 'LOADED', rows_parsed: 3, rows_loaded: 3, errors_seen: 0 }),
    ]);
    const loaded = await rows(account, admin, 'SELECT ID, STATUS, _SOURCE_FILE AS F, _SOURCE_ROW AS R FROM D.RAW.APPOINTMENTS ORDER BY ID');
    expect(loaded).toEqual([
      { ID: 'A1', STATUS: 'completed', F: 'appointments/a_20240101.csv', R: 2 },
      { ID: 'A2', STATUS: 'no_show, late', F: 'appointments/a_20240101.csv', R: 3 },
      { ID: 'A3', STATUS: null, F: 'appointments/a_20240101.csv', R: 4 },
    ]);
    expect(await copy()).toEqual([{ status: 'Copy executed with 0 files processed.' }]);
    expect((await rows(account, admin, 'SELECT count(*) AS N FROM D.RAW.APPOINTMENTS'))[0]!.N).toBe(3);
  });

  it('COPY inside an explicit transaction is part of it: a rollback takes back the rows and the load history', async () => {
    await put('a_20240101.csv', 'id,status\nA1,completed\nA2,no_show\n');
    await account.execute(admin, 'BEGIN');
    expect(await copy()).toEqual([expect.objectContaining({ status: 'LOADED', rows_loaded: 2 })]);
    expect((await rows(account, admin, 'SELECT count(*) AS N FROM D.RAW.APPOINTMENTS'))[0]!.N).toBe(2);
    await account.execute(admin, 'ROLLBACK');
    expect((await rows(account, admin, 'SELECT count(*) AS N FROM D.RAW.APPOINTMENTS'))[0]!.N).toBe(0);
    // The file was never loaded, so the next COPY loads it.
    await account.execute(admin, 'BEGIN');
    expect(await copy()).toEqual([expect.objectContaining({ status: 'LOADED', rows_loaded: 2 })]);
    await account.execute(admin, 'COMMIT');
    expect(await copy()).toEqual([{ status: 'Copy executed with 0 files processed.' }]);
    expect((await rows(account, admin, 'SELECT ID FROM D.RAW.APPOINTMENTS ORDER BY ID')).map((r) => r.ID)).toEqual(['A1', 'A2']);
  });

  it('PUT with a pattern puts every matching file (links as their target) in name order, skips unchanged ones and refuses a pattern with no match', async () => {
    const src = path.join(dir, 'exports');
    fs.mkdirSync(src);
    for (const [name, content] of [['b.csv', 'id\nB\n'], ['a.csv', 'id\nA\n'], ['note.txt', 'x']]) fs.writeFileSync(path.join(src, name), content);
    fs.mkdirSync(path.join(src, 'sub.csv'));
    fs.symlinkSync(path.join(src, 'a.csv'), path.join(src, 'c.csv'));
    const putAll = (options = '') => rows(account, admin, `PUT 'file://${path.join(src, '*.csv')}' @D.RAW.LANDING/many${options}`);
    expect((await putAll()).map((r) => [r.source, r.target, r.target_size, r.status])).toEqual([
      ['a.csv', 'many/a.csv', 5, 'UPLOADED'],
      ['b.csv', 'many/b.csv', 5, 'UPLOADED'],
      ['c.csv', 'many/c.csv', 5, 'UPLOADED'],
    ]);
    fs.writeFileSync(path.join(src, 'b.csv'), 'id\nB2\n');
    expect((await putAll()).map((r) => [r.source, r.status])).toEqual([['a.csv', 'SKIPPED'], ['b.csv', 'UPLOADED'], ['c.csv', 'SKIPPED']]);
    expect((await putAll(' OVERWRITE = TRUE')).map((r) => r.status)).toEqual(['UPLOADED', 'UPLOADED', 'UPLOADED']);
    expect(fs.readFileSync(path.join(account.stages.dir({ database: 'D', schema: 'RAW', name: 'LANDING' }), 'many', 'b.csv'), 'utf8')).toBe('id\nB2\n');
    await expect(rows(account, admin, `PUT 'file://${path.join(src, '*.json')}' @D.RAW.LANDING/many`)).rejects.toThrow("File doesn't exist");
    await expect(rows(account, admin, `PUT 'file://${path.join(src, 'missing.csv')}' @D.RAW.LANDING/many`)).rejects.toThrow("File doesn't exist");
  });

  it('ON_ERROR = CONTINUE loads the good rows and keeps every rejected record with its reason', async () => {
    await put('b_20240102.csv', 'id,status\nB1,completed\nB2,too,many\n"B3,unterminated\n');
    const [result] = await copy('CONTINUE');
    expect(result).toMatchObject({ status: 'PARTIALLY_LOADED', rows_parsed: 3, rows_loaded: 1, errors_seen: 2, first_error_line: 3 });
    expect(String(result!.first_error)).toContain('Number of columns in file (3) does not match that of the corresponding table (2)');
    const errors = await account.engine.system('SELECT line_number, error, rejected_record FROM sf_system.load_errors ORDER BY line_number');
    expect(errors.map((e) => [Number(e[0]), String(e[1]).slice(0, 20), e[2]])).toEqual([
      [3, 'Number of columns in', 'B2,too,many'],
      [4, 'unterminated quoted ', '"B3,unterminated\n'],
    ]);
  });

  it("VALIDATE returns a COPY's rejected records with their reasons, by its query id or '_last', to roles that may load the table", async () => {
    await expect(rows(account, admin, "SELECT * FROM TABLE(VALIDATE(D.RAW.APPOINTMENTS, JOB_ID => '_last'))")).rejects.toThrow(
      "JOB_ID => '_last': no COPY INTO D.RAW.APPOINTMENTS has loaded a file in this session",
    );
    await put('b_20240102.csv', 'id,status\nB1,completed\nB2,too,many\n');
    const copied = await account.execute(
      admin,
      `COPY INTO D.RAW.APPOINTMENTS (ID, STATUS, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT)
         FROM (SELECT $1, $2, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME FROM @D.RAW.LANDING/appointments/)
         FILE_FORMAT = (FORMAT_NAME = 'D.RAW.CSV_EXPORT') ON_ERROR = CONTINUE`,
    );
    const rejected = [
      expect.objectContaining({
        ERROR: expect.stringContaining('Number of columns in file (3) does not match that of the corresponding table (2)'),
        FILE: 'appointments/b_20240102.csv',
        LINE: 3,
        ROW_NUMBER: 3,
        REJECTED_RECORD: 'B2,too,many',
      }),
    ];
    admin.database = 'D';
    admin.schema = 'RAW';
    expect(await rows(account, admin, "SELECT * FROM TABLE(VALIDATE(APPOINTMENTS, JOB_ID => '_last'))")).toEqual(rejected);
    // Another session names the COPY by its query id.
    const other = account.systemSession('SYSADMIN');
    expect(await rows(account, other, `SELECT * FROM TABLE(VALIDATE(D.RAW.APPOINTMENTS, JOB_ID => '${copied.queryId}'))`)).toEqual(rejected);
    await expect(rows(account, other, "SELECT * FROM TABLE(VALIDATE(D.RAW.APPOINTMENTS, JOB_ID => 'no-such-query'))")).rejects.toThrow(
      "no COPY INTO D.RAW.APPOINTMENTS with that query id loaded a file",
    );
    // Rejected records are raw export text, unmasked: a role that can only read the table may not see them.
    await account.execute(account.systemSession('SECURITYADMIN'), 'CREATE ROLE READER; GRANT USAGE ON DATABASE D TO ROLE READER; GRANT USAGE ON SCHEMA D.RAW TO ROLE READER; GRANT SELECT ON TABLE D.RAW.APPOINTMENTS TO ROLE READER');
    await expect(rows(account, account.systemSession('READER'), `SELECT * FROM TABLE(VALIDATE(D.RAW.APPOINTMENTS, JOB_ID => '${copied.queryId}'))`)).rejects.toThrow(
      "Insufficient privileges to operate on table 'D.RAW.APPOINTMENTS'",
    );
  });

  it('PURGE = TRUE removes the files it loaded from the stage after the load; a skipped file stays; not inside a transaction', async () => {
    await put('a_20240101.csv', 'id,status\nA1,completed\n');
    await put('b_20240102.csv', 'id,status\nB1,too,many\n');
    const purge = (onError: string) =>
      rows(
        account,
        admin,
        `COPY INTO D.RAW.APPOINTMENTS (ID, STATUS, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT)
           FROM (SELECT $1, $2, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME FROM @D.RAW.LANDING/appointments/)
           FILE_FORMAT = (FORMAT_NAME = 'D.RAW.CSV_EXPORT') ON_ERROR = ${onError} PURGE = TRUE`,
      );
    await account.execute(admin, 'BEGIN');
    await expect(purge('SKIP_FILE')).rejects.toThrow("'COPY INTO ... PURGE = TRUE inside an explicit transaction'");
    await account.execute(admin, 'ROLLBACK');
    expect((await purge('SKIP_FILE')).map((r) => [r.file, r.status])).toEqual([
      ['landing/appointments/a_20240101.csv', 'LOADED'],
      ['landing/appointments/b_20240102.csv', 'LOAD_FAILED'],
    ]);
    expect((await rows(account, admin, 'LIST @D.RAW.LANDING/appointments/')).map((r) => r.name)).toEqual(['landing/appointments/b_20240102.csv']);
    expect((await rows(account, admin, 'SELECT ID FROM D.RAW.APPOINTMENTS')).map((r) => r.ID)).toEqual(['A1']);
  });

  it('ON_ERROR = ABORT_STATEMENT loads nothing and names the file and line; SKIP_FILE skips the whole file', async () => {
    await put('c_20240103.csv', 'id,status\nC1,ok\nC2\n');
    await expect(copy('ABORT_STATEMENT')).rejects.toThrow(/File 'landing\/appointments\/c_20240103.csv', line 3/);
    expect((await copy('SKIP_FILE'))[0]).toMatchObject({ status: 'LOAD_FAILED', rows_loaded: 0 });
    expect((await rows(account, admin, 'SELECT count(*) AS N FROM D.RAW.APPOINTMENTS'))[0]!.N).toBe(0);
  });

  describe('into typed columns, a value that does not convert rejects its record under ON_ERROR', () => {
    const copyTyped = (onError: string) =>
      rows(
        account,
        admin,
        `COPY INTO D.RAW.VISITS (ID, AMOUNT, VISIT_DATE, KEPT, _SOURCE_ROW)
           FROM (SELECT $1, $2, $3, $4, METADATA$FILE_ROW_NUMBER FROM @D.RAW.LANDING/visits/)
           FILE_FORMAT = (FORMAT_NAME = 'D.RAW.CSV_EXPORT') ON_ERROR = ${onError}`,
      );
    beforeEach(async () => {
      await account.execute(admin, 'CREATE TABLE D.RAW.VISITS (ID VARCHAR, AMOUNT NUMBER(5,2), VISIT_DATE DATE, KEPT BOOLEAN, _SOURCE_ROW NUMBER(18,0))');
      const file = path.join(dir, 'v_20240105.csv');
      fs.writeFileSync(file, 'id,amount,visit_date,kept\nV1,12.50,2024-01-05,true\nV2,twelve,2024-01-05,true\nV3,1.00,2024-02-30,false\nV4,123456.00,2024-01-06,true\nV5,,,\nV6,3,2024-01-07,maybe\n');
      await rows(account, admin, `PUT 'file://${file}' @D.RAW.LANDING/visits/`);
    });

    it('CONTINUE loads the rows that convert and keeps each other one with its value, reason and column', async () => {
      const [result] = await copyTyped('CONTINUE');
      expect(result).toMatchObject({ status: 'PARTIALLY_LOADED', rows_parsed: 6, rows_loaded: 2, errors_seen: 4, first_error: "Numeric value 'twelve' is not recognized", first_error_line: 3 });
      expect(await rows(account, admin, 'SELECT ID, AMOUNT, VISIT_DATE, KEPT, _SOURCE_ROW AS R FROM D.RAW.VISITS ORDER BY ID')).toEqual([
        { ID: 'V1', AMOUNT: 12.5, VISIT_DATE: '2024-01-05', KEPT: true, R: 2 },
        { ID: 'V5', AMOUNT: null, VISIT_DATE: null, KEPT: null, R: 6 },
      ]);
      const rejects = await rows(account, admin, "SELECT * FROM TABLE(VALIDATE(D.RAW.VISITS, JOB_ID => '_last'))");
      expect(rejects.map(({ LINE, ERROR, COLUMN_NAME, REJECTED_RECORD }) => ({ LINE, ERROR, COLUMN_NAME, REJECTED_RECORD }))).toEqual([
        { LINE: 3, ERROR: "Numeric value 'twelve' is not recognized", COLUMN_NAME: '"VISITS"["AMOUNT":2]', REJECTED_RECORD: 'V2,twelve,2024-01-05,true' },
        { LINE: 4, ERROR: "Date '2024-02-30' is not recognized", COLUMN_NAME: '"VISITS"["VISIT_DATE":3]', REJECTED_RECORD: 'V3,1.00,2024-02-30,false' },
        { LINE: 5, ERROR: "Numeric value '123456.00' is out of range", COLUMN_NAME: '"VISITS"["AMOUNT":2]', REJECTED_RECORD: 'V4,123456.00,2024-01-06,true' },
        { LINE: 7, ERROR: "Boolean value 'maybe' is not recognized", COLUMN_NAME: '"VISITS"["KEPT":4]', REJECTED_RECORD: 'V6,3,2024-01-07,maybe' },
      ]);
    });

    it('ABORT_STATEMENT loads nothing and names the first value, file and line; SKIP_FILE skips the file', async () => {
      await expect(copyTyped('ABORT_STATEMENT')).rejects.toThrow("Numeric value 'twelve' is not recognized\n  File 'landing/visits/v_20240105.csv', line 3");
      expect(await copyTyped('SKIP_FILE')).toEqual([expect.objectContaining({ status: 'LOAD_FAILED', rows_loaded: 0, errors_seen: 4 })]);
      expect(await rows(account, admin, 'SELECT count(*) AS N FROM D.RAW.VISITS')).toEqual([{ N: 0 }]);
    });
  });

  it('loads NDJSON by field name', async () => {
    const file = path.join(dir, 'claims.ndjson');
    fs.writeFileSync(file, '{"id":"K1","status":"paid"}\n{"id":"K2","status":null}\nnot json\n');
    await rows(account, admin, `PUT 'file://${file}' @D.RAW.LANDING/claims/`);
    await account.execute(admin, 'CREATE TABLE D.RAW.CLAIMS (ID VARCHAR, STATUS VARCHAR)');
    const [result] = await rows(account, admin, "COPY INTO D.RAW.CLAIMS FROM @D.RAW.LANDING/claims/ FILE_FORMAT = (TYPE = JSON) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE ON_ERROR = CONTINUE");
    expect(result).toMatchObject({ status: 'PARTIALLY_LOADED', rows_loaded: 2, errors_seen: 1 });
    expect(await rows(account, admin, 'SELECT ID, STATUS FROM D.RAW.CLAIMS ORDER BY ID')).toEqual([{ ID: 'K1', STATUS: 'paid' }, { ID: 'K2', STATUS: null }]);
  });

  it('LIST and REMOVE work on stage paths; a role without READ on the stage cannot COPY from it', async () => {
    await put('d.csv', 'id,status\nD1,x\n');
    expect((await rows(account, admin, 'LIST @D.RAW.LANDING')).map((r) => r.name)).toEqual(['landing/appointments/d.csv']);
    const security = account.systemSession('SECURITYADMIN');
    await account.execute(security, 'CREATE ROLE LOADER; GRANT USAGE ON DATABASE D TO ROLE LOADER; GRANT USAGE ON SCHEMA D.RAW TO ROLE LOADER; GRANT INSERT, SELECT ON TABLE D.RAW.APPOINTMENTS TO ROLE LOADER');
    await expect(account.execute(account.systemSession('LOADER'), "COPY INTO D.RAW.APPOINTMENTS (ID, STATUS) FROM @D.RAW.LANDING/appointments/ FILE_FORMAT = (FORMAT_NAME = 'D.RAW.CSV_EXPORT')")).rejects.toMatchObject({ code: '002003' });
    expect((await rows(account, admin, 'REMOVE @D.RAW.LANDING/appointments/')).length).toBe(1);
    expect(await rows(account, admin, 'LIST @D.RAW.LANDING')).toEqual([]);
  });
});
