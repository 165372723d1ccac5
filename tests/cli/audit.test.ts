/**
 * `eyecare audit` against a deployed environment connects to the account its YAML pins, as the
 * tenant's admin, with credentials from SNOWFLAKE_* only; a missing credential is a usage error
 * that names what to set, not a stack trace.
 */
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { connectionFromEnv } from '../../client/settings';
import { REPO_ROOT } from '../helpers/config';

function eyecare(args: string[], env: Record<string, string | undefined>) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'eyecare.cjs'), ...args], { cwd: REPO_ROOT, env, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('eyecare audit against a deployed environment', () => {
  // No SNOWFLAKE_* from the machine running the tests.
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SNOWFLAKE_') && name !== 'EYECARE_LOCAL_URL'));

  it.each([
    [{}, 'eyecare audit: prod: SNOWFLAKE_USER is not set: set it to the Snowflake user to connect to EYECAREORG-EYECARE_PROD as, with SNOWFLAKE_PRIVATE_KEY (key-pair auth) or SNOWFLAKE_PASSWORD'],
    [{ SNOWFLAKE_USER: 'AUDITOR' }, 'eyecare audit: prod: neither SNOWFLAKE_PRIVATE_KEY nor SNOWFLAKE_PASSWORD is set: set one to authenticate AUDITOR to EYECAREORG-EYECARE_PROD'],
  ])('with %j it exits 2 naming what to set', (env, message) => {
    const { status, stderr } = eyecare(['audit', '--env', 'prod', '--tenant', 'acme'], { ...base, ...env });
    expect({ status, stderr: stderr.trim() }).toEqual({ status: 2, stderr: message });
  });

  it('eyecare ask connects the same way, as the tenant analyst, and names the tenants there are', () => {
    expect(eyecare(['ask', '--env', 'prod', '--tenant', 'acme', 'revenue last month'], base)).toEqual({
      status: 2,
      stderr: 'eyecare ask: prod: SNOWFLAKE_USER is not set: set it to the Snowflake user to connect to EYECAREORG-EYECARE_PROD as, with SNOWFLAKE_PRIVATE_KEY (key-pair auth) or SNOWFLAKE_PASSWORD\n',
    });
    const unknown = eyecare(['ask', '--env', 'prod', '--tenant', 'nobody', 'revenue'], base);
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringMatching(/^eyecare ask: --tenant: "nobody" is not a tenant of prod \(tenants: .*acme.*\)\n$/)]);
  });

  it('connects to the pinned account as the given role, the credentials from the environment', () => {
    expect(connectionFromEnv('EYECAREORG-EYECARE_PROD', { SNOWFLAKE_USER: 'AUDITOR', SNOWFLAKE_PRIVATE_KEY: 'pem' }, { role: 'PROD_ACME_ADMIN' })).toEqual({
      account: 'EYECAREORG-EYECARE_PROD',
      username: 'AUDITOR',
      privateKey: 'pem',
      role: 'PROD_ACME_ADMIN',
    });
    // EYECARE_LOCAL_URL points the same code at the local endpoint, with the local password.
    expect(connectionFromEnv('EYECAREORG-EYECARE_PROD', { SNOWFLAKE_USER: 'LOCAL_ACME_ADMIN', EYECARE_LOCAL_URL: 'http://127.0.0.1:8085' })).toEqual({
      account: 'local',
      username: 'LOCAL_ACME_ADMIN',
      password: 'local',
      accessUrl: 'http://127.0.0.1:8085',
    });
  });
});
