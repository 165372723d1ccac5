/** A local account in a temporary folder, with the `local` environment applied. */
import * as path from 'node:path';
import { LocalAccount, Session } from '../../local/account/account';
import { applyTarget } from '../../local/account/apply-target';
import { ApplySummary, applySynthesized } from '../../local/apply/apply';
import { CONFIG_DIR, tempDir } from './config';
import { synthTo } from './synth';

export async function openAccount(): Promise<{ account: LocalAccount; dir: string }> {
  const dir = tempDir('account');
  return { account: await LocalAccount.open(path.join(dir, 'local.duckdb')), dir };
}

export async function synthLocal(): Promise<string> {
  return synthTo({ env: 'local', configDir: CONFIG_DIR });
}

export async function apply(account: LocalAccount, outdir: string): Promise<ApplySummary> {
  return applySynthesized(outdir, await applyTarget(account));
}

/** Runs SQL and returns rows as objects keyed by column name. */
export async function rows(account: LocalAccount, session: Session, sql: string, binds: (string | number | null)[] = []): Promise<Record<string, unknown>[]> {
  const result = await account.execute(session, sql, binds);
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
}
