/**
 * The applier's view of a local account: statements run in a system session as the provider's
 * role, and what was applied is kept in the account's own bookkeeping, like Terraform state.
 */
import type { AppliedResource, ApplyTarget } from '../apply/apply';
import type { LocalAccount, Session } from './account';

const STATE_SETUP = `CREATE TABLE IF NOT EXISTS sf_system.apply_state (
  stack VARCHAR NOT NULL, address VARCHAR NOT NULL, type VARCHAR NOT NULL, role VARCHAR NOT NULL, hash VARCHAR NOT NULL,
  config JSON NOT NULL, prevent_destroy BOOLEAN NOT NULL, applied_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (stack, address))`;

export async function applyTarget(account: LocalAccount): Promise<ApplyTarget> {
  await account.engine.system(STATE_SETUP);
  const sessions = new Map<string, Session>();
  return {
    run: async (sql, role) => {
      let session = sessions.get(role);
      if (!session) sessions.set(role, (session = account.systemSession(role)));
      await account.execute(session, sql);
    },
    readState: async () =>
      (await account.engine.system('SELECT stack, address, type, role, hash, config, prevent_destroy FROM sf_system.apply_state ORDER BY applied_at, stack, address')).map(
        ([stack, address, type, role, hash, config, preventDestroy]): AppliedResource => ({
          stack: String(stack),
          address: String(address),
          type: String(type),
          role: String(role),
          hash: String(hash),
          config: JSON.parse(String(config)) as AppliedResource['config'],
          preventDestroy: preventDestroy === true,
        }),
      ),
    writeState: async (entry) => {
      if (entry.config === undefined) {
        await account.engine.system('DELETE FROM sf_system.apply_state WHERE stack = $1 AND address = $2', [entry.stack, entry.address]);
        return;
      }
      const e = entry as AppliedResource;
      await account.engine.system('INSERT OR REPLACE INTO sf_system.apply_state VALUES ($1, $2, $3, $4, $5, $6, $7, current_timestamp)', [
        e.stack, e.address, e.type, e.role, e.hash, JSON.stringify(e.config), e.preventDestroy,
      ]);
    },
  };
}
