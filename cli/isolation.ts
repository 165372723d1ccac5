/**
 * `eyecare verify-isolation [--env E]`: the static check of the synthesized role graph, and for
 * the local environment the dynamic attacks through snowflake-sdk against the local account.
 * Exit 1 with the evidence on any leak.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnvironment } from '../environments/load';
import { planEnvironment, type EnvironmentPlan } from '../model/plan';
import { synthesize } from '../stacks/synth';
import { readSynthesized } from '../synthesized/read';
import { staticIsolationFindings } from '../synthesized/role-graph';
import { LocalAccount } from '../local/account/account';
import { withLocalEndpoint } from '../local/account/backend';
import { dynamicIsolationCheck } from '../local/isolation';
import { LOCAL_ENVIRONMENT, localPassword, workspace } from '../local/workspace';

/** Dynamic attacks on an open local account, through an endpoint on an ephemeral port. */
export async function attackLocalAccount(account: LocalAccount, plan: EnvironmentPlan): Promise<string[]> {
  const findings = await withLocalEndpoint(account, (url) => dynamicIsolationCheck(plan, url, localPassword()));
  return findings.map((f) => `dynamic: ${f.user}: ${f.attack}: expected ${f.expected}, got ${f.got}\n    ${f.sql}`);
}

/**
 * The whole isolation check, shared by `verify-isolation` and `local up`: the static role graph
 * of the stacks synthesized in `outdir`, then, given an open local account, the dynamic attacks.
 */
export async function isolationFindings(outdir: string, plan: EnvironmentPlan, account?: LocalAccount): Promise<string[]> {
  const findings = staticIsolationFindings(readSynthesized(outdir), plan.names.platformAdminRole).map((f) => `static: ${f}`);
  return account ? [...findings, ...(await attackLocalAccount(account, plan))] : findings;
}

export async function verifyIsolation(env: string): Promise<number> {
  const plan = planEnvironment(loadEnvironment(env));
  // A scratch synth: only its role graph is read, and the directory is removed at the end.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `eyecare-isolation-${env}-`));
  try {
    await synthesize({ env, outdir });
    const ws = workspace();
    const local = env === LOCAL_ENVIRONMENT;
    const account = local && fs.existsSync(ws.database) ? await LocalAccount.open(ws.database, { stageRoot: ws.stages }) : undefined;
    let findings: string[];
    try {
      findings = await isolationFindings(outdir, plan, account);
    } finally {
      account?.close();
    }
    console.log(`static: ${plan.tenants.length} tenant${plan.tenants.length === 1 ? '' : 's'}, role graph of the synthesized ${env} stacks`);
    if (account) console.log(`dynamic: every tenant's analyst, location manager and engineer attacked through snowflake-sdk`);
    else if (local) console.log('dynamic: skipped (no local account; run `npm run local` first)');
    if (findings.length) {
      console.error(`isolation: FAILED (${findings.length} finding${findings.length === 1 ? '' : 's'})\n${findings.map((f) => `  ${f}`).join('\n')}`);
      return 1;
    }
    console.log('isolation: ok');
    return 0;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
