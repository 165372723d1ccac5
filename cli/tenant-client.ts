/**
 * A snowflake-sdk client connected as one of a tenant's functional roles, for the commands that
 * read a tenant's data (`audit`, `ask`). Against a deployed environment it connects to the account
 * the environment pins, with the SNOWFLAKE_* credentials; for the local environment it serves the
 * local account on an ephemeral port and logs in as the role's local user.
 */
import * as fs from 'node:fs';
import { ConnectionSettings, ConnectionSettingsError, connectionFromEnv } from '../client/settings';
import { SnowflakeClient, connect } from '../client/snowflake';
import { accountIdentifier, queryTag, type FunctionalRole } from '../model/names';
import type { EnvironmentPlan, TenantPlan } from '../model/plan';
import { withLocalEndpoint } from '../local/account/backend';
import { LOCAL_ENVIRONMENT, localPassword, openLocalAccount, workspace } from '../local/workspace';
import { UsageError } from './args';

/** The tenant of `plan` with this id, or a usage error listing the tenants there are. */
export function tenantOf(plan: EnvironmentPlan, env: string, id: string): TenantPlan {
  const tenant = plan.tenants.find((t) => t.id === id);
  if (!tenant) throw new UsageError(`--tenant: "${id}" is not a tenant of ${env} (tenants: ${plan.tenants.map((t) => t.id).join(', ') || 'none'})`);
  return tenant;
}

/**
 * Runs `work` with a client connected as the tenant's `role` (in `database` when given), closed
 * after. Its queries carry the platform's query tag for `component` and the tenant, which the
 * AUDIT views attribute them by (what an `ask` brief spent in AUDIT.CORTEX_USAGE, for one).
 */
export async function withTenantClient<T>(
  env: string,
  plan: EnvironmentPlan,
  tenant: TenantPlan,
  role: FunctionalRole,
  component: string,
  work: (client: SnowflakeClient) => Promise<T>,
  database?: string,
): Promise<T> {
  const use = async (client: SnowflakeClient) => {
    try {
      await client.query(`ALTER SESSION SET QUERY_TAG = '${queryTag(component, tenant.id)}'`);
      return await work(client);
    } finally {
      await client.close();
    }
  };
  const roleName = tenant.names.functionalRole(role);
  const inDatabase = database ? { database } : {};
  if (env !== LOCAL_ENVIRONMENT) {
    let settings: ConnectionSettings;
    try {
      settings = connectionFromEnv(accountIdentifier(plan.account), process.env, { role: roleName });
    } catch (error) {
      if (error instanceof ConnectionSettingsError) throw new UsageError(`${env}: ${error.message}`);
      throw error;
    }
    return use(await connect({ ...settings, ...inDatabase }));
  }
  const ws = workspace();
  if (!fs.existsSync(ws.database)) throw new UsageError(`no local account in ${ws.root}; run \`npm run local\` first`);
  const account = await openLocalAccount(ws);
  try {
    return await withLocalEndpoint(account, async (url) =>
      use(await connect({ account: 'local', accessUrl: url, username: roleName, password: localPassword(), ...inDatabase })),
    );
  } finally {
    account.close();
  }
}
