import { LocalAccount, Session } from '../../../local/account/account';
import { openAccount, rows } from '../../helpers/account';

/** Two sessions of one account: what one's open transaction does to the other. */
describe('explicit transactions across sessions', () => {
  let account: LocalAccount;
  let a: Session;
  let b: Session;
  /** A table to consume into, and an append-only stream on T. */
  const LOG_AND_STREAM = 'CREATE TABLE D.PUBLIC.LOG (X NUMBER); CREATE STREAM D.PUBLIC.T_STREAM ON TABLE D.PUBLIC.T APPEND_ONLY = TRUE';
  const values = async (session: Session, sql = 'SELECT X FROM D.PUBLIC.T ORDER BY X') => (await rows(account, session, sql)).map((r) => Object.values(r)[0]);

  /** A graph in D.PUBLIC: ROOT (with `when`, if given) and CHILD after it running `body`, both resumed. */
  const graphWith = async (body: string, when?: string) => {
    const admin = { ...account.systemSession('SYSADMIN'), database: 'D', schema: 'PUBLIC' };
    await account.execute(admin, `CREATE TASK ROOT SCHEDULE = '60 MINUTE' ${when ? `WHEN ${when} ` : ''}AS SELECT 1`);
    await account.execute(admin, `CREATE TASK CHILD AFTER ROOT AS EXECUTE IMMEDIATE $$ BEGIN ${body} END $$`);
    await account.execute(admin, 'ALTER TASK CHILD RESUME; ALTER TASK ROOT RESUME');
    return { database: 'D', schema: 'PUBLIC', name: 'ROOT' };
  };

  beforeEach(async () => {
    ({ account } = await openAccount());
    a = { ...account.systemSession('SYSADMIN'), id: 'session-a' };
    b = { ...account.systemSession('SYSADMIN'), id: 'session-b' };
    await account.execute(a, 'CREATE DATABASE D; CREATE TABLE D.PUBLIC.T (X NUMBER)');
  });
  afterEach(() => account.close());

  it('uncommitted rows stay in their session; another session commits its own rows meanwhile', async () => {
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (1)');
    await account.execute(b, 'INSERT INTO D.PUBLIC.T VALUES (2)');
    expect(await values(b)).toEqual([2]);
    expect(await values(a)).toEqual([1]);
    await account.execute(a, 'ROLLBACK');
    // B's row was never part of A's transaction.
    expect(await values(b)).toEqual([2]);

    await account.execute(a, 'BEGIN TRANSACTION');
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (3)');
    await account.execute(a, 'COMMIT');
    expect(await values(b)).toEqual([2, 3]);
  });

  it('a stream consumed in an open transaction still shows its rows to others until the commit', async () => {
    await account.execute(a, LOG_AND_STREAM);
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (1), (2)');
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.LOG SELECT X FROM D.PUBLIC.T_STREAM');
    expect(await values(b, 'SELECT X FROM D.PUBLIC.T_STREAM ORDER BY X')).toEqual([1, 2]);
    expect(await account.streamHasData(b, 'D.PUBLIC.T_STREAM')).toBe(true);
    await account.execute(a, 'COMMIT');
    expect(await values(b, 'SELECT X FROM D.PUBLIC.T_STREAM')).toEqual([]);
    expect(await values(b, 'SELECT X FROM D.PUBLIC.LOG ORDER BY X')).toEqual([1, 2]);
  });

  it('two sessions consuming the same rows of a stream: the later commit fails, nothing is consumed twice', async () => {
    await account.execute(a, LOG_AND_STREAM);
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (1)');
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.LOG SELECT X FROM D.PUBLIC.T_STREAM');
    await account.execute(b, 'INSERT INTO D.PUBLIC.LOG SELECT X FROM D.PUBLIC.T_STREAM');
    await expect(account.execute(a, 'COMMIT')).rejects.toMatchObject({ code: '000625' });
    expect(await values(b, 'SELECT X FROM D.PUBLIC.LOG')).toEqual([1]);
    // Rows loaded after the consumers are still in the stream.
    await account.execute(b, 'INSERT INTO D.PUBLIC.T VALUES (2)');
    expect(await values(a, 'SELECT X FROM D.PUBLIC.T_STREAM')).toEqual([2]);
  });

  it('changing rows another open transaction changed fails with a clear error, and works after its commit', async () => {
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (1)');
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'UPDATE D.PUBLIC.T SET X = 10 WHERE X = 1');
    await expect(account.execute(b, 'UPDATE D.PUBLIC.T SET X = 20 WHERE X = 1')).rejects.toMatchObject({
      code: '000625',
      message: expect.stringMatching(/another open transaction.*Commit or roll back/s),
    });
    await account.execute(a, 'COMMIT');
    await account.execute(b, 'UPDATE D.PUBLIC.T SET X = 20 WHERE X = 10');
    expect(await values(a)).toEqual([20]);
  });

  it('DDL commits the open transaction first and runs on its own, as in Snowflake; so does a grant', async () => {
    await account.execute(a, LOG_AND_STREAM);
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (1)');
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.LOG SELECT X FROM D.PUBLIC.T_STREAM');
    await account.execute(a, 'CREATE TABLE D.PUBLIC.NEW_ONE (X NUMBER)');
    // Committed by the CREATE: the rows, the stream offset, and the table, all seen by others.
    expect(await values(b, 'SELECT X FROM D.PUBLIC.LOG')).toEqual([1]);
    expect(await values(b, 'SELECT X FROM D.PUBLIC.T_STREAM')).toEqual([]);
    expect(await values(b, 'SELECT X FROM D.PUBLIC.NEW_ONE')).toEqual([]);
    // The session is out of the transaction: this INSERT commits at once, and ROLLBACK has nothing to undo.
    await account.execute(a, 'INSERT INTO D.PUBLIC.NEW_ONE VALUES (7)');
    await account.execute(a, 'ROLLBACK');
    expect(await values(b, 'SELECT X FROM D.PUBLIC.NEW_ONE')).toEqual([7]);

    await account.execute(account.systemSession('SECURITYADMIN'), 'CREATE ROLE READER');
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (2)');
    await account.execute(a, 'GRANT USAGE ON DATABASE D TO ROLE READER');
    await account.execute(a, 'ROLLBACK');
    expect(await values(b)).toEqual([1, 2]);
  });

  it('BEGIN inside a transaction is ignored; COMMIT and ROLLBACK without one do nothing', async () => {
    await account.execute(a, 'COMMIT');
    await account.execute(a, 'ROLLBACK');
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (1)');
    expect((await account.execute(a, 'BEGIN TRANSACTION')).rows).toEqual([['Statement executed successfully.']]);
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (2)');
    expect(await values(b)).toEqual([]);
    await account.execute(a, 'COMMIT');
    expect(await values(b)).toEqual([1, 2]);
  });

  it('a transaction a failed statement aborted is never reported committed, and streams it read keep their rows', async () => {
    await account.execute(a, LOG_AND_STREAM);
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (1)');
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.LOG SELECT X FROM D.PUBLIC.T_STREAM');
    // A compilation error leaves the transaction usable (DuckDB did not run anything).
    await expect(account.execute(a, 'SELECT NOPE FROM D.PUBLIC.T')).rejects.toMatchObject({ code: '000904' });
    await account.execute(a, 'INSERT INTO D.PUBLIC.LOG VALUES (5)');
    // An execution error aborts it: later statements say so, and the COMMIT is refused.
    await expect(account.execute(a, 'INSERT INTO D.PUBLIC.LOG VALUES (1/0)')).rejects.toMatchObject({ code: '100051' });
    await expect(account.execute(a, 'INSERT INTO D.PUBLIC.LOG VALUES (6)')).rejects.toMatchObject({ code: '000603', message: expect.stringMatching(/run ROLLBACK and repeat the transaction/) });
    await expect(account.execute(a, 'COMMIT')).rejects.toMatchObject({ code: '000603', message: expect.stringMatching(/^Transaction rolled back, nothing in it was committed/) });
    expect(await values(b, 'SELECT X FROM D.PUBLIC.LOG')).toEqual([]);
    expect(await values(b, 'SELECT X FROM D.PUBLIC.T_STREAM')).toEqual([1]);
    // The session is out of the transaction: its next statement commits on its own.
    await account.execute(a, 'INSERT INTO D.PUBLIC.LOG VALUES (7)');
    expect(await values(b, 'SELECT X FROM D.PUBLIC.LOG')).toEqual([7]);
  });

  it('a transaction with a compilation error in it still commits the rest', async () => {
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (1)');
    await expect(account.execute(a, 'INSERT INTO D.PUBLIC.MISSING VALUES (2)')).rejects.toMatchObject({ code: '002003' });
    await account.execute(a, 'COMMIT');
    expect(await values(b)).toEqual([1]);
  });

  it('ending a session rolls back the transaction it left open; its next statement runs on its own', async () => {
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (1)');
    await account.endSession(a.id);
    expect(await values(b)).toEqual([]);
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (2)');
    expect(await values(b)).toEqual([2]);
  });

  it('a task graph runs its own transactions while a client transaction is open, and sees only committed rows', async () => {
    await account.execute(a, 'CREATE TABLE D.PUBLIC.COPIED (X NUMBER); CREATE STREAM D.PUBLIC.T_STREAM ON TABLE D.PUBLIC.T APPEND_ONLY = TRUE');
    const graph = await graphWith('BEGIN TRANSACTION; INSERT INTO PUBLIC.COPIED SELECT X FROM PUBLIC.T_STREAM; COMMIT;', "SYSTEM$STREAM_HAS_DATA('PUBLIC.T_STREAM')");
    await account.execute(b, 'INSERT INTO D.PUBLIC.T VALUES (1)');
    await account.execute(a, 'BEGIN');
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (2)');
    expect((await account.runTaskGraph(graph)).state).toBe('SUCCEEDED');
    expect(await values(b, 'SELECT X FROM D.PUBLIC.COPIED ORDER BY X')).toEqual([1]);
    await account.execute(a, 'COMMIT');
    expect((await account.runTaskGraph(graph)).state).toBe('SUCCEEDED');
    expect(await values(b, 'SELECT X FROM D.PUBLIC.COPIED ORDER BY X')).toEqual([1, 2]);
  });

  it('a task body that fails inside its transaction leaves nothing open: its rows are gone, the account keeps working', async () => {
    const run = await account.runTaskGraph(await graphWith('BEGIN TRANSACTION; INSERT INTO PUBLIC.T VALUES (1); INSERT INTO PUBLIC.MISSING VALUES (2); COMMIT;'));
    expect(run.rows.map((r) => [r.name, r.state])).toEqual([['ROOT', 'SUCCEEDED'], ['CHILD', 'FAILED']]);
    expect(await values(b)).toEqual([]);
    await account.execute(a, 'INSERT INTO D.PUBLIC.T VALUES (3)');
    expect(await values(b)).toEqual([3]);
  });
});
