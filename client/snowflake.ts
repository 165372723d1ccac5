/**
 * The one Snowflake client of the project: `snowflake-sdk` with promises. The CLI, checks and
 * tests use it against Snowflake or against the local endpoint alike; only the connection
 * settings differ (see `connectionFromEnv` in ./settings).
 */
import * as snowflake from 'snowflake-sdk';
import type { ConnectionSettings } from './settings';

export type Row = Record<string, unknown>;

export interface SnowflakeClient {
  query(sql: string, binds?: readonly (string | number | boolean | null)[]): Promise<Row[]>;
  close(): Promise<void>;
}

let configured = false;

export function connect(settings: ConnectionSettings): Promise<SnowflakeClient> {
  if (!configured) {
    // The SDK logs connection failures itself; callers report errors with context instead.
    snowflake.configure({ logLevel: 'OFF' });
    configured = true;
  }
  const connection = snowflake.createConnection({
    account: settings.account,
    username: settings.username,
    ...(settings.privateKey ? { authenticator: 'SNOWFLAKE_JWT', privateKey: settings.privateKey } : { password: settings.password ?? '' }),
    ...(settings.accessUrl ? { accessUrl: settings.accessUrl } : {}),
    ...(settings.role ? { role: settings.role } : {}),
    ...(settings.warehouse ? { warehouse: settings.warehouse } : {}),
    ...(settings.database ? { database: settings.database } : {}),
    ...(settings.schema ? { schema: settings.schema } : {}),
  });
  return new Promise((resolve, reject) =>
    connection.connect((error) => {
      if (error) return reject(error);
      resolve({
        query: (sql, binds) =>
          new Promise((done, fail) =>
            connection.execute({
              sqlText: sql,
              ...(binds ? { binds: [...binds] as snowflake.Binds } : {}),
              complete: (err, _statement, rows) => (err ? fail(err) : done((rows ?? []) as Row[])),
            }),
          ),
        close: () => new Promise((done, fail) => connection.destroy((err) => (err ? fail(err) : done()))),
      });
    }),
  );
}
