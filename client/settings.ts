/**
 * Where and as whom `client/snowflake.ts` connects: Snowflake or the local endpoint, with
 * credentials from the environment only. Apart from the client so that reading settings does not
 * load snowflake-sdk.
 */

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
