import { LocalAccount, Session } from '../../../local/account/account';
import { openAccount, rows } from '../../helpers/account';

describe('streams', () => {
  let account: LocalAccount;
  let admin: Session;
  const count = async (sql: string) => Number((await rows(account, admin, sql))[0]!.N);

  beforeEach(async () => {
    ({ account } = await openAccount());
    admin = account.systemSession('SYSADMIN');
    await account.execute(admin, 'CREATE DATABASE D; CREATE SCHEMA D.RAW; CREATE SCHEMA D.STG');
    await account.execute(admin, 'CREATE TABLE D.RAW.EVENTS (ID VARCHAR, V VARCHAR); CREATE TABLE D.STG.EVENTS (ID VARCHAR, V VARCHAR)');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('old', 'x')");
  });
  afterEach(() => account.close());

  it('an append-only stream shows rows inserted after it was created, each consumed exactly once', async () => {
    await account.execute(admin, 'CREATE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE');
    expect(await account.streamHasData(admin, 'D.RAW.EVENTS_STREAM')).toBe(false);
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a', '1'), ('b', '2')");
    expect(await account.streamHasData(admin, 'D.RAW.EVENTS_STREAM')).toBe(true);
    const pending = await rows(account, admin, 'SELECT ID, "METADATA$ACTION" AS A FROM D.RAW.EVENTS_STREAM ORDER BY ID');
    expect(pending).toEqual([{ ID: 'a', A: 'INSERT' }, { ID: 'b', A: 'INSERT' }]);
    // Reading with SELECT does not consume; a DML statement does.
    expect(await count('SELECT count(*) AS N FROM D.RAW.EVENTS_STREAM')).toBe(2);
    await account.execute(admin, 'INSERT INTO D.STG.EVENTS SELECT ID, V FROM D.RAW.EVENTS_STREAM');
    expect(await count('SELECT count(*) AS N FROM D.RAW.EVENTS_STREAM')).toBe(0);
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('c', '3')");
    await account.execute(admin, 'INSERT INTO D.STG.EVENTS SELECT ID, V FROM D.RAW.EVENTS_STREAM');
    expect((await rows(account, admin, 'SELECT ID FROM D.STG.EVENTS ORDER BY ID')).map((r) => r.ID)).toEqual(['a', 'b', 'c']);
  });

  it('rows a transaction adds to the table after consuming its append-only stream stay in the stream', async () => {
    await account.execute(admin, 'CREATE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a', '1')");
    await account.execute(admin, 'BEGIN');
    await account.execute(admin, 'INSERT INTO D.STG.EVENTS SELECT ID, V FROM D.RAW.EVENTS_STREAM');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('late', '2')");
    await account.execute(admin, 'COMMIT');
    expect((await rows(account, admin, 'SELECT ID FROM D.RAW.EVENTS_STREAM')).map((r) => r.ID)).toEqual(['late']);
    expect((await rows(account, admin, 'SELECT ID FROM D.STG.EVENTS')).map((r) => r.ID)).toEqual(['a']);
  });

  it('after ALTER TABLE ADD COLUMN both kinds of stream read the new column and keep their offsets', async () => {
    await account.execute(admin, 'CREATE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE; CREATE STREAM D.RAW.EVENTS_CHANGES ON TABLE D.RAW.EVENTS');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a', '1')");
    await account.execute(admin, 'INSERT INTO D.STG.EVENTS SELECT ID, V FROM D.RAW.EVENTS_STREAM');
    await account.execute(admin, 'CREATE TABLE D.STG.CHANGES (ID VARCHAR); INSERT INTO D.STG.CHANGES SELECT ID FROM D.RAW.EVENTS_CHANGES');
    await account.execute(admin, 'ALTER TABLE D.RAW.EVENTS ADD COLUMN SOURCE VARCHAR');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('b', '2', 'pms')");
    // Only the new row, with its new column; the consumed row does not come back, and the old rows' NULLs are no change.
    expect(await rows(account, admin, 'SELECT ID, SOURCE FROM D.RAW.EVENTS_STREAM')).toEqual([{ ID: 'b', SOURCE: 'pms' }]);
    expect(await rows(account, admin, 'SELECT ID, SOURCE, "METADATA$ACTION" AS A FROM D.RAW.EVENTS_CHANGES')).toEqual([{ ID: 'b', SOURCE: 'pms', A: 'INSERT' }]);
  });

  it('a consumer that fails or rolls back does not advance the offset', async () => {
    await account.execute(admin, 'CREATE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a', '1')");
    await expect(account.execute(admin, 'INSERT INTO D.STG.EVENTS SELECT ID, V, 1/0 FROM D.RAW.EVENTS_STREAM')).rejects.toThrow();
    expect(await count('SELECT count(*) AS N FROM D.RAW.EVENTS_STREAM')).toBe(1);
    await account.execute(admin, 'BEGIN');
    await account.execute(admin, 'INSERT INTO D.STG.EVENTS SELECT ID, V FROM D.RAW.EVENTS_STREAM');
    await account.execute(admin, 'ROLLBACK');
    expect(await count('SELECT count(*) AS N FROM D.RAW.EVENTS_STREAM')).toBe(1);
    expect(await count('SELECT count(*) AS N FROM D.STG.EVENTS')).toBe(0);
    await account.execute(admin, 'BEGIN');
    await account.execute(admin, 'INSERT INTO D.STG.EVENTS SELECT ID, V FROM D.RAW.EVENTS_STREAM');
    await account.execute(admin, 'COMMIT');
    expect(await count('SELECT count(*) AS N FROM D.RAW.EVENTS_STREAM')).toBe(0);
    expect(await count('SELECT count(*) AS N FROM D.STG.EVENTS')).toBe(1);
  });

  it('statements in one transaction see the same stream rows; the offset moves at COMMIT (a scripting block)', async () => {
    await account.execute(admin, 'CREATE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE');
    await account.execute(admin, 'CREATE TABLE D.STG.REJECTED (ID VARCHAR)');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('good', '1'), ('bad', NULL)");
    await account.execute(
      admin,
      `EXECUTE IMMEDIATE $$
       BEGIN
         BEGIN TRANSACTION;
         INSERT INTO D.STG.REJECTED SELECT ID FROM D.RAW.EVENTS_STREAM WHERE V IS NULL;
         INSERT INTO D.STG.EVENTS SELECT ID, V FROM D.RAW.EVENTS_STREAM WHERE V IS NOT NULL;
         COMMIT;
       END
       $$`,
    );
    expect((await rows(account, admin, 'SELECT ID FROM D.STG.REJECTED')).map((r) => r.ID)).toEqual(['bad']);
    expect((await rows(account, admin, 'SELECT ID FROM D.STG.EVENTS')).map((r) => r.ID)).toEqual(['good']);
    expect(await count('SELECT count(*) AS N FROM D.RAW.EVENTS_STREAM')).toBe(0);
    await expect(account.execute(admin, 'EXECUTE IMMEDIATE $$ BEGIN LET x := 1; END $$')).rejects.toThrow(/Snowflake Scripting LET/);
  });

  it('SHOW_INITIAL_ROWS = TRUE starts from the beginning of the table', async () => {
    await account.execute(admin, 'CREATE STREAM D.RAW.ALL_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE SHOW_INITIAL_ROWS = TRUE');
    expect(await count('SELECT count(*) AS N FROM D.RAW.ALL_STREAM')).toBe(1);
  });

  it('a standard stream shows inserts and deletes since its offset', async () => {
    await account.execute(admin, 'CREATE STREAM D.STG.EVENTS_CHANGES ON TABLE D.STG.EVENTS');
    await account.execute(admin, "INSERT INTO D.STG.EVENTS VALUES ('a', '1'), ('b', '2')");
    await account.execute(admin, 'CREATE TABLE D.STG.SEEN (ID VARCHAR, A VARCHAR)');
    await account.execute(admin, 'INSERT INTO D.STG.SEEN SELECT ID, "METADATA$ACTION" FROM D.STG.EVENTS_CHANGES');
    await account.execute(admin, "UPDATE D.STG.EVENTS SET V = '9' WHERE ID = 'a'");
    const changes = await rows(account, admin, 'SELECT ID, V, "METADATA$ACTION" AS A FROM D.STG.EVENTS_CHANGES ORDER BY A, ID');
    expect(changes).toEqual([{ ID: 'a', V: '1', A: 'DELETE' }, { ID: 'a', V: '9', A: 'INSERT' }]);
  });

  it('append-only streamed tables refuse deletes locally, with the reason; streams refuse writes', async () => {
    await account.execute(admin, 'CREATE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE');
    await expect(account.execute(admin, "DELETE FROM D.RAW.EVENTS WHERE ID = 'old'")).rejects.toThrow(/append-only stream D.RAW.EVENTS_STREAM tracks by row position/);
    await expect(account.execute(admin, "INSERT INTO D.RAW.EVENTS_STREAM VALUES ('x', 'y', 'INSERT', FALSE, '1')")).rejects.toThrow(/streams are read-only/);
  });

  it('SYSTEM$STREAM_HAS_DATA answers in a query, for streams the role may read', async () => {
    await account.execute(admin, 'CREATE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE');
    admin.database = 'D';
    const hasData = "SELECT SYSTEM$STREAM_HAS_DATA('RAW.EVENTS_STREAM') AS H";
    expect(await rows(account, admin, hasData)).toEqual([{ H: false }]);
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a', '1')");
    expect(await rows(account, admin, hasData)).toEqual([{ H: true }]);
    await expect(rows(account, admin, "SELECT SYSTEM$STREAM_HAS_DATA('RAW.NO_SUCH_STREAM')")).rejects.toThrow("Object 'RAW.NO_SUCH_STREAM' does not exist or not authorized");
    await account.execute(account.systemSession('SECURITYADMIN'), 'CREATE ROLE OUTSIDER; GRANT USAGE ON DATABASE D TO ROLE OUTSIDER; GRANT USAGE ON SCHEMA D.RAW TO ROLE OUTSIDER');
    await expect(rows(account, account.systemSession('OUTSIDER'), "SELECT SYSTEM$STREAM_HAS_DATA('D.RAW.EVENTS_STREAM')")).rejects.toThrow('does not exist or not authorized');
    // DESCRIBE STREAM answers its SHOW row, to roles that may see it.
    expect((await rows(account, admin, 'DESCRIBE STREAM RAW.EVENTS_STREAM')).map((r) => [r.name, r.details])).toEqual([['EVENTS_STREAM', 'APPEND_ONLY on D.RAW.EVENTS']]);
    await expect(rows(account, account.systemSession('OUTSIDER'), 'DESC STREAM D.RAW.EVENTS_STREAM')).rejects.toThrow("Object 'D.RAW.EVENTS_STREAM' does not exist or not authorized.");
  });

  it.each(['DROP TABLE D.RAW.EVENTS', 'CREATE OR REPLACE TABLE D.RAW.EVENTS (ID VARCHAR, V VARCHAR)'])('after %s the stream is stale: reads fail, naming the way out, until it is recreated', async (ddl) => {
    for (const mode of ['APPEND_ONLY = TRUE', '']) await account.execute(admin, `CREATE OR REPLACE STREAM D.RAW.EVENTS_STREAM${mode ? '_AO' : ''} ON TABLE D.RAW.EVENTS ${mode}`);
    await account.execute(admin, ddl);
    const stale = "Base table 'D.RAW.EVENTS' dropped, cannot read from stream 'D.RAW.EVENTS_STREAM': the stream is stale";
    await expect(rows(account, admin, 'SELECT * FROM D.RAW.EVENTS_STREAM')).rejects.toThrow(stale);
    await expect(rows(account, admin, 'SELECT * FROM D.RAW.EVENTS_STREAM_AO')).rejects.toThrow('the stream is stale');
    await expect(account.streamHasData(admin, 'D.RAW.EVENTS_STREAM')).rejects.toThrow(stale);
    await expect(account.execute(admin, 'INSERT INTO D.STG.EVENTS SELECT ID, V FROM D.RAW.EVENTS_STREAM')).rejects.toThrow(stale);
    expect((await rows(account, admin, 'SHOW STREAMS IN SCHEMA D.RAW')).map((r) => r.details)).toEqual([
      'DEFAULT on D.RAW.EVENTS (stale: its table was dropped or replaced)',
      'APPEND_ONLY on D.RAW.EVENTS (stale: its table was dropped or replaced)',
    ]);
    if (ddl.startsWith('DROP')) await account.execute(admin, 'CREATE TABLE D.RAW.EVENTS (ID VARCHAR, V VARCHAR)');
    await account.execute(admin, 'CREATE OR REPLACE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('new', '1')");
    expect(await rows(account, admin, 'SELECT ID FROM D.RAW.EVENTS_STREAM')).toEqual([{ ID: 'new' }]);
  });

  it('a role without SELECT on the stream cannot see it', async () => {
    await account.execute(admin, 'CREATE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE');
    const security = account.systemSession('SECURITYADMIN');
    await account.execute(security, 'CREATE ROLE OUTSIDER; GRANT USAGE ON DATABASE D TO ROLE OUTSIDER; GRANT USAGE ON SCHEMA D.RAW TO ROLE OUTSIDER');
    const outsider = account.systemSession('OUTSIDER');
    await expect(account.execute(outsider, 'SELECT * FROM D.RAW.EVENTS_STREAM')).rejects.toMatchObject({ code: '002003' });
    await expect(account.streamHasData(outsider, 'D.RAW.EVENTS_STREAM')).rejects.toMatchObject({ code: '002003' });
  });
});
