/**
 * snowflake-sdk against the local account through the REST endpoint: the contract's "done when"
 * for the endpoint, on the applied local environment.
 */
import { SnowflakeClient, connect } from '../../client/snowflake';
import { LocalAccount } from '../../local/account/account';
import { accountBackend } from '../../local/account/backend';
import { RunningServer, startServer } from '../../local/server/server';
import { ensureLocalUsers, localPlan, synthAndApply, workspace } from '../../local/workspace';
import { CONFIG_DIR, tempDir } from '../helpers/config';
import { connect as sdkConnect, destroy } from './server/sdk';
import type * as snowflake from 'snowflake-sdk';

describe('snowflake-sdk on the local account', () => {
  let account: LocalAccount;
  let server: RunningServer;
  const clients: SnowflakeClient[] = [];
  const as = async (user: string, password = 'local') => {
    const client = await connect({ account: 'local', accessUrl: server.url, username: user, password });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const ws = workspace(tempDir('sdk'));
    account = await LocalAccount.open(ws.database, { stageRoot: ws.stages });
    await synthAndApply(ws, account, CONFIG_DIR);
    await ensureLocalUsers(account, localPlan(CONFIG_DIR), 'local');
    const sysadmin = account.systemSession('SYSADMIN');
    for (const db of ['LOCAL_CLEARSIGHT', 'LOCAL_BRIGHTVIEW']) {
      await account.execute(sysadmin, `CREATE TABLE ${db}.MARTS.KPI_TEST (LOCATION_ID VARCHAR, REVENUE NUMBER(38,2), DAY DATE)`);
      await account.execute(sysadmin, `INSERT INTO ${db}.MARTS.KPI_TEST VALUES ('${db.toLowerCase()}_loc', 1234.50, '2025-03-01')`);
    }
    server = await startServer({ backend: accountBackend(account), port: 0 });
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await server.close();
    account.close();
  });

  it("logs in as a tenant analyst and reads that tenant's marts, with types converted", async () => {
    const analyst = await as('LOCAL_CLEARSIGHT_ANALYST');
    expect(await analyst.query('SELECT CURRENT_ROLE() AS R, CURRENT_USER() AS U')).toEqual([{ R: 'LOCAL_CLEARSIGHT_ANALYST', U: 'LOCAL_CLEARSIGHT_ANALYST' }]);
    expect(
      await analyst.query("SELECT IS_ROLE_IN_SESSION('LOCAL_CLEARSIGHT_MARTS_RO') AS INHERITED, IS_ROLE_IN_SESSION('LOCAL_CLEARSIGHT_ADMIN') AS ABOVE, 'IS_ROLE_IN_SESSION(''X'')' AS TEXT"),
    ).toEqual([{ INHERITED: true, ABOVE: false, TEXT: "IS_ROLE_IN_SESSION('X')" }]);
    const [row] = await analyst.query('SELECT LOCATION_ID, REVENUE, DAY FROM LOCAL_CLEARSIGHT.MARTS.KPI_TEST WHERE REVENUE > ?', [100]);
    expect(row).toMatchObject({ LOCATION_ID: 'local_clearsight_loc', REVENUE: 1234.5 });
    expect((row!.DAY as Date).toISOString().slice(0, 10)).toBe('2025-03-01');
  });

  it("is refused on another tenant's objects with Snowflake's not-authorized error", async () => {
    const analyst = await as('LOCAL_CLEARSIGHT_ANALYST');
    await expect(analyst.query('SELECT * FROM LOCAL_BRIGHTVIEW.MARTS.KPI_TEST')).rejects.toMatchObject({ code: '002003' });
    await expect(analyst.query('USE DATABASE LOCAL_BRIGHTVIEW')).rejects.toMatchObject({ code: '002003' });
    await expect(analyst.query('SELECT * FROM LOCAL_CLEARSIGHT.RAW.APPOINTMENTS')).rejects.toMatchObject({ code: '002003' });
    // The session keeps working after a failed statement.
    expect(await analyst.query('SELECT 1 AS ONE')).toEqual([{ ONE: 1 }]);
  });

  it('USE ROLE succeeds only for granted roles', async () => {
    const admin = await as('LOCAL_CLEARSIGHT_ADMIN');
    await admin.query('USE ROLE LOCAL_CLEARSIGHT_ANALYST');
    expect(await admin.query('SELECT CURRENT_ROLE() AS R')).toEqual([{ R: 'LOCAL_CLEARSIGHT_ANALYST' }]);
    const analyst = await as('LOCAL_CLEARSIGHT_ANALYST');
    await expect(analyst.query('USE ROLE LOCAL_CLEARSIGHT_ADMIN')).rejects.toMatchObject({ code: '003013' });
    await expect(analyst.query('USE ROLE LOCAL_BRIGHTVIEW_ANALYST')).rejects.toMatchObject({ code: '003013' });
  });

  it("USE WAREHOUSE sets what CURRENT_WAREHOUSE() answers, for a warehouse the role may use", async () => {
    const analyst = await as('LOCAL_CLEARSIGHT_ANALYST');
    expect(await analyst.query('SELECT CURRENT_WAREHOUSE() AS W')).toEqual([{ W: null }]);
    await analyst.query('USE WAREHOUSE LOCAL_CLEARSIGHT_WH');
    expect(await analyst.query('SELECT CURRENT_WAREHOUSE() AS W')).toEqual([{ W: 'LOCAL_CLEARSIGHT_WH' }]);
    await expect(analyst.query('USE WAREHOUSE LOCAL_VISIONWORKS_SOUTH_WH')).rejects.toMatchObject({ code: '002003' });
    expect(await analyst.query('SELECT CURRENT_WAREHOUSE() AS W')).toEqual([{ W: 'LOCAL_CLEARSIGHT_WH' }]);
  });

  it('a wrong password or unknown user is 390100', async () => {
    await expect(as('LOCAL_CLEARSIGHT_ANALYST', 'nope')).rejects.toMatchObject({ code: '390100' });
    await expect(as('NOBODY')).rejects.toMatchObject({ code: '390100' });
  });

  it('streams a many-chunk result from the statement it ran, whatever DML another session runs while it downloads', async () => {
    const sysadmin = account.systemSession('SYSADMIN');
    const n = 60_000;
    const table = { database: 'LOCAL_CLEARSIGHT', schema: 'MARTS', name: 'STREAM_TEST' };
    await account.execute(sysadmin, 'CREATE TABLE LOCAL_CLEARSIGHT.MARTS.STREAM_TEST (ID NUMBER(38,0), STATE VARCHAR)');
    const text = ['c1', 'c2'];
    const rows = Array.from({ length: n }, (_, i) => [String(i), 'before']);
    await account.engine.bulkLoad(table, ['ID', 'STATE'], text, { columns: text.map((name) => ({ name, type: 'VARCHAR' as const })), rows });
    const connection = await sdkConnect(server, { username: 'LOCAL_CLEARSIGHT_ANALYST', password: 'local' });
    try {
      const statement = await new Promise<snowflake.RowStatement>((resolve, reject) =>
        connection.execute({ sqlText: 'SELECT ID, STATE FROM LOCAL_CLEARSIGHT.MARTS.STREAM_TEST ORDER BY ID', streamResult: true, complete: (err, stmt) => (err ? reject(err) : resolve(stmt)) }),
      );
      expect(statement.getNumRows()).toBe(n);
      const seen: { ID: number; STATE: string }[] = [];
      await new Promise<void>((resolve, reject) => {
        const stream = statement.streamRows();
        stream
          .on('data', (row: { ID: number; STATE: string }) => {
            // After the inline chunk, before most chunks are downloaded: another session's DML
            // runs on the same DuckDB connection.
            if (seen.push(row) !== 1) return;
            stream.pause();
            account.execute(sysadmin, "UPDATE LOCAL_CLEARSIGHT.MARTS.STREAM_TEST SET STATE = 'after'; DELETE FROM LOCAL_CLEARSIGHT.MARTS.STREAM_TEST WHERE ID >= 1000").then(() => stream.resume(), reject);
          })
          .on('error', reject)
          .on('end', () => resolve());
      });
      expect(seen).toHaveLength(n);
      expect(seen.filter((row, i) => row.ID !== i || row.STATE !== 'before')).toEqual([]);
      expect((await account.execute(sysadmin, "SELECT COUNT(*) FROM LOCAL_CLEARSIGHT.MARTS.STREAM_TEST WHERE STATE = 'after'")).rows).toEqual([[1000]]);
    } finally {
      await destroy(connection);
    }
  });

  it("keeps a client's open transaction to itself, and rolls it back when the client logs out", async () => {
    await account.execute(account.systemSession('SYSADMIN'), 'CREATE TABLE LOCAL_CLEARSIGHT.MARTS.TXN_TEST (ID NUMBER, V NUMBER); INSERT INTO LOCAL_CLEARSIGHT.MARTS.TXN_TEST VALUES (1, 0)');
    const writer = await connect({ account: 'local', accessUrl: server.url, username: 'LOCAL_CLEARSIGHT_ADMIN', password: 'local' });
    const other = await as('LOCAL_CLEARSIGHT_ADMIN');
    await writer.query('BEGIN');
    await writer.query('UPDATE LOCAL_CLEARSIGHT.MARTS.TXN_TEST SET V = 1 WHERE ID = 1');
    expect(await writer.query('SELECT V FROM LOCAL_CLEARSIGHT.MARTS.TXN_TEST')).toEqual([{ V: 1 }]);
    expect(await other.query('SELECT V FROM LOCAL_CLEARSIGHT.MARTS.TXN_TEST')).toEqual([{ V: 0 }]);
    await expect(other.query('UPDATE LOCAL_CLEARSIGHT.MARTS.TXN_TEST SET V = 2 WHERE ID = 1')).rejects.toMatchObject({ code: '000625' });
    await writer.close();
    // The logout rolled the update back and released the row.
    await other.query('UPDATE LOCAL_CLEARSIGHT.MARTS.TXN_TEST SET V = 2 WHERE ID = 1');
    expect(await other.query('SELECT V FROM LOCAL_CLEARSIGHT.MARTS.TXN_TEST')).toEqual([{ V: 2 }]);
  });

  it('many clients each committing or rolling back their own transaction at the same time keep exactly the committed rows', async () => {
    await account.execute(account.systemSession('SYSADMIN'), 'CREATE TABLE LOCAL_CLEARSIGHT.MARTS.TXN_MANY (CLIENT NUMBER, N NUMBER)');
    const writers = await Promise.all([0, 1, 2, 3, 4, 5].map(() => as('LOCAL_CLEARSIGHT_ADMIN')));
    await Promise.all(
      writers.map(async (w, client) => {
        await w.query('BEGIN');
        for (let n = 0; n < 3; n++) await w.query('INSERT INTO LOCAL_CLEARSIGHT.MARTS.TXN_MANY VALUES (?, ?)', [client, n]);
        // Each client sees its own rows and only the committed rows of the others.
        const seen = await w.query('SELECT count(*) AS N FROM LOCAL_CLEARSIGHT.MARTS.TXN_MANY WHERE CLIENT = ?', [client]);
        expect(seen).toEqual([{ N: 3 }]);
        await w.query(client % 2 === 0 ? 'COMMIT' : 'ROLLBACK');
      }),
    );
    const kept = await account.execute(account.systemSession('SYSADMIN'), 'SELECT CLIENT, count(*) FROM LOCAL_CLEARSIGHT.MARTS.TXN_MANY GROUP BY CLIENT ORDER BY CLIENT');
    expect(kept.rows).toEqual([[0, 3], [2, 3], [4, 3]]);
  });

  it('audits every statement with user, role and query tag', async () => {
    const analyst = await as('LOCAL_CLEARSIGHT_ANALYST');
    await analyst.query("ALTER SESSION SET QUERY_TAG = 'tenant=clearsight;component=test'");
    await analyst.query('SELECT count(*) FROM LOCAL_CLEARSIGHT.MARTS.KPI_TEST');
    const rows = await account.engine.system(
      "SELECT user_name, role_name, query_tag, execution_status FROM sf_system.audit_log WHERE query_text LIKE 'SELECT count(*) FROM LOCAL_CLEARSIGHT.MARTS.KPI_TEST%'",
    );
    expect(rows).toContainEqual(['LOCAL_CLEARSIGHT_ANALYST', 'LOCAL_CLEARSIGHT_ANALYST', 'tenant=clearsight;component=test', 'SUCCESS']);
  });
});
