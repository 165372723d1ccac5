/** Login, session context, token renewal, heartbeat and logout, through snowflake-sdk. */
import * as snowflake from 'snowflake-sdk';
import { startServer, type RunningServer } from '../../../local/server/server';
import { FakeBackend } from './fake-backend';
import { connect, destroy, query, queryError, startFake, USERS } from './sdk';

let server: RunningServer;

beforeAll(async () => {
  ({ server } = await startFake({ sessionTokenSeconds: 1 }));
});
afterAll(() => server.close());

test('connects with account local and the access URL, queries, and disconnects', async () => {
  const connection = await connect(server);
  expect(connection.isUp()).toBe(true);
  const { rows } = await query(connection, 'SELECT CONTEXT');
  expect(rows).toEqual([{ USER: 'DEV_ACME_ANALYST', ROLE: 'DEV_ACME_ANALYST', DATABASE: null, SCHEMA: null, QUERY_TAG: null }]);
  await destroy(connection);
  expect(connection.isUp()).toBe(false);
});

test('a wrong password fails with 390100', async () => {
  await expect(connect(server, { password: 'nope' })).rejects.toMatchObject({ code: '390100' });
});

test('USE changes are reported with the result and carried to the next statement', async () => {
  const connection = await connect(server);
  const { statement } = await query(connection, 'USE DATABASE dev_acme');
  const state = statement.getSessionState() as { getCurrentDatabase(): string; getCurrentSchema(): string; getCurrentRole(): string };
  expect([state.getCurrentDatabase(), state.getCurrentSchema(), state.getCurrentRole()]).toEqual(['DEV_ACME', 'PUBLIC', 'DEV_ACME_ANALYST']);
  await query(connection, "ALTER SESSION SET QUERY_TAG = 'nightly'");
  const { rows } = await query(connection, 'SELECT CONTEXT');
  expect(rows[0]).toMatchObject({ DATABASE: 'DEV_ACME', SCHEMA: 'PUBLIC', QUERY_TAG: 'nightly' });
  await destroy(connection);
});

test('role, database, schema and query tag from the connect options apply at login', async () => {
  const connection = await connect(server, { username: 'dev_acme_admin', role: 'DEV_ACME_ANALYST', database: 'DEV_ACME', schema: 'MARTS', queryTag: 'etl' });
  const { rows } = await query(connection, 'SELECT CONTEXT');
  expect(rows[0]).toEqual({ USER: 'DEV_ACME_ADMIN', ROLE: 'DEV_ACME_ANALYST', DATABASE: 'DEV_ACME', SCHEMA: 'MARTS', QUERY_TAG: 'etl' });
  await destroy(connection);
});

test('a role not granted to the user fails the login; an unknown database just stays unset', async () => {
  await expect(connect(server, { role: 'DEV_ACME_ADMIN' })).rejects.toMatchObject({ code: '390189' });
  const connection = await connect(server, { database: 'NOPE' });
  expect((await query(connection, 'SELECT CONTEXT')).rows[0]).toMatchObject({ DATABASE: null });
  await destroy(connection);
});

test('an expired session token is renewed with the master token, transparently', async () => {
  const connection = await connect(server);
  await query(connection, 'USE DATABASE DEV_GLOBEX');
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const { rows } = await query(connection, 'SELECT CONTEXT');
  expect(rows[0]).toMatchObject({ DATABASE: 'DEV_GLOBEX' });
  await destroy(connection);
});

test('heartbeat answers while connected; after logout the session tokens stop working', async () => {
  const connection = await connect(server);
  await expect(connection.isValidAsync()).resolves.toBe(true);
  // A second client sharing the session's tokens shows what the server still accepts.
  const twin = snowflake.deserializeConnection({ account: 'local', accessUrl: server.url }, connection.serialize());
  await expect(query(twin, 'SELECT CONTEXT')).resolves.toMatchObject({ rows: [{ USER: 'DEV_ACME_ANALYST' }] });
  await destroy(connection);
  await expect(twin.isValidAsync()).resolves.toBe(false);
  await expect(queryError(twin, 'SELECT CONTEXT')).resolves.toBeInstanceOf(Error);
});

test('the backend hears when a session ends: by its master token expiring, and at shutdown', async () => {
  const { server: short, backend } = await startFake({ sessionTokenSeconds: 1, masterTokenSeconds: 1, resultTtlMs: 100 });
  try {
    await connect(short);
    // The sweeper runs every resultTtlMs; the master token lives a second.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(backend.closed).toEqual(['DEV_ACME_ANALYST']);
    await connect(short);
  } finally {
    await short.close();
  }
  expect(backend.closed).toEqual(['DEV_ACME_ANALYST', 'DEV_ACME_ANALYST']);
});

test('binds only 127.0.0.1', async () => {
  await expect(startServer({ backend: new FakeBackend(USERS), port: 0, host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1 only/);
});
