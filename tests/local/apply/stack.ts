/**
 * A hand-written one-stack cdktf.out and a fresh local account to apply it to: each test states
 * the resources it needs, applies them, changes one argument and applies again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalAccount } from '../../../local/account/account';
import { ApplySummary } from '../../../local/apply/apply';
import { apply, openAccount, rows } from '../../helpers/account';
import { tempDir } from '../../helpers/config';

export const STACK = 'local-test';

type Config = Record<string, unknown>;
/** `resource` of a cdk.tf.json: type -> name -> config. */
export type Resources = Record<string, Record<string, Config>>;

/** The roles the resources run as, by provider reference. */
export const AS = { sysadmin: undefined, accountadmin: 'snowflake.accountadmin', securityadmin: 'snowflake.securityadmin' } as const;

const PROVIDERS = {
  snowflake: [
    { role: 'SYSADMIN' },
    { alias: 'accountadmin', role: 'ACCOUNTADMIN' },
    { alias: 'securityadmin', role: 'SECURITYADMIN' },
  ],
};

/** A database T with a schema S, which most resources live in. */
export const CONTAINERS: Resources = {
  snowflake_database: { db: { name: 'T' } },
  snowflake_schema: { s: { database: '${snowflake_database.db.name}', name: 'S' } },
};

export interface Applied {
  readonly account: LocalAccount;
  /** Writes the resources as the stack and applies it. */
  apply(resources: Resources): Promise<ApplySummary>;
  /** The message of the error the apply of `resources` fails with. */
  failure(resources: Resources): Promise<string>;
  /** Rows as ACCOUNTADMIN. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** What the account keeps for one kind of its own bookkeeping (policies, managed objects). */
  state<T>(key: 'policies' | 'managed_objects'): Promise<T>;
}

export async function freshAccount(): Promise<Applied> {
  const { account } = await openAccount();
  const outdir = tempDir('apply');
  fs.mkdirSync(path.join(outdir, 'stacks', STACK), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ stacks: { [STACK]: { name: STACK, synthesizedStackPath: `stacks/${STACK}/cdk.tf.json`, dependencies: [] } } }));
  const applied: Applied = {
    account,
    apply: (resources) => {
      fs.writeFileSync(path.join(outdir, 'stacks', STACK, 'cdk.tf.json'), JSON.stringify({ provider: PROVIDERS, resource: resources }));
      return apply(account, outdir);
    },
    failure: (resources) =>
      applied.apply(resources).then(
        () => {
          throw new Error('the apply succeeded');
        },
        (error: Error) => error.message,
      ),
    rows: (sql) => rows(account, account.systemSession('ACCOUNTADMIN'), sql),
    state: async <T>(key: string) => JSON.parse(String((await account.engine.system('SELECT value FROM sf_system.state WHERE key = $1', [key]))[0]![0])) as T,
  };
  return applied;
}

/** `resources` with one config changed (shallow-merged; an undefined value removes the argument). */
export function changed(resources: Resources, type: string, name: string, change: Config): Resources {
  const config = Object.fromEntries(Object.entries({ ...resources[type]![name], ...change }).filter(([, v]) => v !== undefined));
  return { ...resources, [type]: { ...resources[type], [name]: config } };
}

/** What a second apply of the same config reports: nothing to do. */
export function noOp(unchanged: number): ApplySummary {
  return { created: [], updated: [], destroyed: [], unchanged, statements: 0 };
}

/** Counts the resources of a stack. */
export function count(resources: Resources): number {
  return Object.values(resources).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
