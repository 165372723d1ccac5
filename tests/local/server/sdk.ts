/** Promise wrappers around `snowflake-sdk` callbacks, and a server with the fake backend. */
import * as snowflake from 'snowflake-sdk';
import { startServer, type RunningServer, type ServerOptions } from '../../../local/server/server';
import { FakeBackend } from './fake-backend';

snowflake.configure({ logLevel: 'OFF' });

export type Row = Record<string, unknown>;

export const USERS = {
  DEV_ACME_ANALYST: { password: 'local', roles: ['DEV_ACME_ANALYST', 'PUBLIC'] },
  DEV_ACME_ADMIN: { password: 'local', roles: ['DEV_ACME_ADMIN', 'DEV_ACME_ANALYST', 'PUBLIC'] },
};

/** A server on an ephemeral port with a fresh fake backend; errors it logs are collected. */
export async function startFake(options: Partial<ServerOptions> = {}): Promise<{ server: RunningServer; backend: FakeBackend; logged: unknown[] }> {
  const backend = new FakeBackend(USERS);
  const logged: unknown[] = [];
  const server = await startServer({ backend, port: 0, log: (message, error) => logged.push({ message, error }), ...options });
  return { server, backend, logged };
}

export function connect(server: RunningServer, options: Partial<snowflake.ConnectionOptions> = {}): Promise<snowflake.Connection> {
  const connection = snowflake.createConnection({
    account: 'local',
    accessUrl: server.url,
    username: 'DEV_ACME_ANALYST',
    password: 'local',
    ...options,
  });
  return new Promise((resolve, reject) => connection.connect((err, conn) => (err ? reject(err) : resolve(conn))));
}

export function destroy(connection: snowflake.Connection): Promise<void> {
  return new Promise((resolve, reject) => connection.destroy((err) => (err ? reject(err) : resolve())));
}

/** Runs a statement; resolves with its rows and the statement (for metadata). */
export function query(
  connection: snowflake.Connection,
  sqlText: string,
  binds?: snowflake.Binds,
  extra: Partial<snowflake.StatementOption> = {},
): Promise<{ rows: Row[]; statement: snowflake.RowStatement }> {
  return new Promise((resolve, reject) => {
    connection.execute({
      sqlText,
      ...(binds ? { binds } : {}),
      ...extra,
      complete: (err, statement, rows) => (err ? reject(err) : resolve({ rows: (rows ?? []) as Row[], statement })),
    });
  });
}

/** The error a statement fails with (fails the test if it succeeds). */
export async function queryError(connection: snowflake.Connection, sqlText: string): Promise<snowflake.SnowflakeError> {
  try {
    await query(connection, sqlText);
  } catch (error) {
    return error as snowflake.SnowflakeError;
  }
  throw new Error(`expected "${sqlText}" to fail`);
}
