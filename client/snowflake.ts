/**
 * The one Snowflake client of the project: `snowflake-sdk` with promises. The CLI, checks and
 * tests use it against Snowflake or against the local endpoint alike; only the connection
 * settings differ (see `connectionFromEnv`).
 */
import * as snowflake from 'snowflake-sdk';

export interface ConnectionSettings {
  readonly account: string;
  readonly username: string;
  readonly password?: string;
  /** Key-pair auth for CI: PEM text of the private key. */
  readonly privateKey?: string;
  /** `http://127.0.0.1:8085` for the local endpoint; unset for Snowflake. */
  readonly accessUrl?: string;
  readonly role?: string;
  readonly warehouse?: string;
  readonly database?: string;
  readonly schema?: string;
}

export type Row = Record<string, unknown>;

export interface SnowflakeClient {
  query(sql: string, binds?: readonly (string | number | boolean | null)[]): Promise<Row[]>;
  close(): Promise<void>;
}

let configured = false;

/** Connection settings that cannot work, with what to set. */
export class ConnectionSettingsError extends Error {}

/**
 * Settings for `account` (the environment's pinned `<organization>-<account>`; secrets never live
 * in config) from SNOWFLAKE_USER and SNOWFLAKE_PRIVATE_KEY or SNOWFLAKE_PASSWORD; with
 * EYECARE_LOCAL_URL set, the local endpoint instead.
 */
export function connectionFromEnv(account: string, env: NodeJS.ProcessEnv = process.env, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  const local = env.EYECARE_LOCAL_URL;
  const username = overrides.username ?? env.SNOWFLAKE_USER;
  if (!username) {
    throw new ConnectionSettingsError(`SNOWFLAKE_USER is not set: set it to the Snowflake user to connect to ${account} as, with SNOWFLAKE_PRIVATE_KEY (key-pair auth) or SNOWFLAKE_PASSWORD`);
  }
  const password = overrides.password ?? (local ? (env.EYECARE_LOCAL_PASSWORD ?? 'local') : env.SNOWFLAKE_PASSWORD);
  const privateKey = overrides.privateKey ?? env.SNOWFLAKE_PRIVATE_KEY;
  if (!local && !password && !privateKey) {
    throw new ConnectionSettingsError(`neither SNOWFLAKE_PRIVATE_KEY nor SNOWFLAKE_PASSWORD is set: set one to authenticate ${username} to ${account}`);
  }
  return {
    account: local ? 'local' : account,
    username,
    ...(password ? { password } : {}),
    ...(privateKey && !local ? { privateKey } : {}),
    ...(local ? { accessUrl: local } : {}),
    ...(overrides.role ? { role: overrides.role } : {}),
  };
}

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
