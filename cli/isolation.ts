/**
 * `eyecare verify-isolation [--env E]`: the static check of the synthesized role graph, and for
 * the local environment the dynamic attacks through snowflake-sdk against the local account.
 * Exit 1 with the evidence on any leak.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnvironment } from '../environments/load';
import { planEnvironment } from '../model/plan';
import { synthesize } from '../stacks/synth';
import { readSynthesized } from '../synthesized/read';
import { staticIsolationFindings } from '../synthesized/role-graph';
import { LocalAccount } from '../local/account/account';
import { accountBackend } from '../local/account/backend';
import { dynamicIsolationCheck } from '../local/isolation';
import { startServer } from '../local/server/server';
import { LOCAL_ENVIRONMENT, localPassword, workspace } from '../local/workspace';

/** Dynamic attacks on an open local account, through an endpoint on an ephemeral port. */
export async function attackLocalAccount(account: LocalAccount, env = LOCAL_ENVIRONMENT): Promise<string[]> {
  const plan = planEnvironment(loadEnvironment(env));
  const server = await startServer({ backend: accountBackend(account), port: 0 });
  try {
    return (await dynamicIsolationCheck(plan, server.url, localPassword())).map(
      (f) => `dynamic: ${f.user}: ${f.attack}: expected ${f.expected}, got ${f.got}\n    ${f.sql}`,
    );
  } finally {
    await server.close();
  }
}

export async function verifyIsolation(env: string): Promise<number> {
  const plan = planEnvironment(loadEnvironment(env));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `eyecare-isolation-${env}-`));
  try {
    await synthesize({ env, outdir });
    const findings = staticIsolationFindings(readSynthesized(outdir), plan.names.platformAdminRole).map((f) => `static: ${f}`);
    console.log(`static: ${plan.tenants.length} tenants, role graph from ${outdir}`);
    const ws = workspace();
    if (env === LOCAL_ENVIRONMENT && fs.existsSync(ws.database)) {
      const account = await LocalAccount.open(ws.database, { stageRoot: ws.stages });
      try {
        findings.push(...(await attackLocalAccount(account, env)));
        console.log(`dynamic: every tenant's analyst, location manager and engineer attacked through snowflake-sdk`);
      } finally {
        account.close();
      }
    } else if (env === LOCAL_ENVIRONMENT) {
      console.log('dynamic: skipped (no local account; run `npm run local` first)');
    }
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
