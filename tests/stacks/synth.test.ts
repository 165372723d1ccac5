import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { StackSelectionError, selectStacks } from '../../stacks/synth';
import { readSynthesized } from '../../synthesized/read';
import { CONFIG_DIR, REPO_ROOT, tempDir, validEnvironment, validTenant, writeEnvironment } from '../helpers/config';
import { allFiles, stackFiles, synthTo } from '../helpers/synth';

const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

/** Runs the cdktf app (`main.ts`) as `cdktf synth` would, in a child process. */
function runApp(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(tsx, [path.join(REPO_ROOT, 'main.ts')], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('one snapshot per environment', () => {
  it.each(['dev', 'staging', 'prod', 'local'])('%s', async (env) => {
    const outdir = await synthTo({ env, configDir: CONFIG_DIR });
    // cdktf's "//" metadata (construct paths) is noise in a review, and SQL bodies are reviewed in
    // sql/: long strings appear as a digest, which still changes when their text does.
    const compact = (key: string, value: unknown) =>
      key === '//' ? undefined : typeof value === 'string' && value.length > 160 ? `<sql ${createHash('sha256').update(value).digest('hex').slice(0, 16)}, ${value.length} chars>` : value;
    const stacks = Object.fromEntries([...stackFiles(outdir)].map(([name, json]) => [name, JSON.parse(json, compact)]));
    expect({ manifest: JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')), stacks }).toMatchSnapshot();
  });
});

describe('stacks', () => {
  it('writes one platform stack and one stack per tenant; tenants depend on the platform', async () => {
    const outdir = await synthTo({ env: 'prod', configDir: CONFIG_DIR });
    const stacks = readSynthesized(outdir);
    expect(stacks.map((s) => s.name)).toEqual(['prod-platform', 'prod-tenant-acme', 'prod-tenant-northstar']);
    expect(stacks.map((s) => s.dependencies)).toEqual([[], ['prod-platform'], ['prod-platform']]);
  });

  it('protects data-bearing resources in prod and staging, not in dev', async () => {
    for (const [env, expected] of [['prod', true], ['staging', true], ['dev', false]] as const) {
      const stacks = readSynthesized(await synthTo({ env, configDir: CONFIG_DIR }));
      const dataBearing = stacks.flatMap((s) => s.resources).filter((r) => r.type === 'snowflake_database' || r.type === 'snowflake_schema');
      expect(dataBearing.length).toBeGreaterThan(0);
      for (const r of dataBearing) expect([r.address, (r.config.lifecycle as { prevent_destroy?: boolean })?.prevent_destroy === true]).toEqual([r.address, expected]);
    }
  });

  it('onboarding tenant N+1 adds exactly one stack directory and leaves every other stack byte-identical', async () => {
    const tenants: Record<string, unknown> = {};
    for (let i = 0; i < 5; i++) tenants[`practice_${i}`] = validTenant({ tier: (['small', 'medium', 'large'] as const)[i % 3] });
    const before = stackFiles(await synthTo({ env: 'test', configDir: writeEnvironment(validEnvironment(tenants)) }));
    const afterDir = await synthTo({ env: 'test', configDir: writeEnvironment(validEnvironment({ ...tenants, newcomer: validTenant({ tier: 'medium' }) })) });
    const after = stackFiles(afterDir);
    expect([...after.keys()].filter((k) => !before.has(k))).toEqual(['test-tenant-newcomer']);
    for (const [name, json] of before) expect([name, after.get(name) === json]).toEqual([name, true]);
    expect(allFiles(afterDir).filter((f) => f.includes('newcomer'))).toEqual(['stacks/test-tenant-newcomer/cdk.tf.json']);
  });

  it('a full synth removes the stack of an off-boarded tenant', async () => {
    const outdir = await synthTo({ env: 'test', configDir: writeEnvironment(validEnvironment({ acme: validTenant(), zeta: validTenant() })) });
    await synthTo({ env: 'test', configDir: writeEnvironment(validEnvironment({ acme: validTenant() })), outdir });
    expect([...stackFiles(outdir).keys()]).toEqual(['test-platform', 'test-tenant-acme']);
  });

  it('EYECARE_STACKS and parallel workers give JSON byte-identical to a full single-process synth', async () => {
    const tenants: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) tenants[`group_${i}`] = validTenant({ tier: i % 2 ? 'medium' : 'small' });
    const configDir = writeEnvironment(validEnvironment(tenants));
    const full = stackFiles(await synthTo({ env: 'test', configDir }));
    const partial = stackFiles(await synthTo({ env: 'test', configDir, stacks: ['test-tenant-group_1', 'test-tenant-group_4*'] }));
    expect([...partial.keys()]).toEqual(['test-tenant-group_1', 'test-tenant-group_4']);
    for (const [name, json] of partial) expect(json).toBe(full.get(name));
    const parallel = stackFiles(await synthTo({ env: 'test', configDir, workers: 2 }));
    expect(parallel).toEqual(full);
  });

  it('a stack pattern that matches nothing is an error naming it', () => {
    expect(() => selectStacks(['dev-platform'], ['dev-tenant-nope'])).toThrow(StackSelectionError);
    expect(() => selectStacks(['dev-platform'], ['dev-tenant-nope'])).toThrow(/no stack matches "dev-tenant-nope"/);
  });
});

describe('the cdktf app (main.ts)', () => {
  it('exits 1 on invalid config, prints the contract line, and writes nothing to cdktf.out', () => {
    const configDir = writeEnvironment(validEnvironment({ acme: validTenant({ tier: 'huge' }) }));
    const outdir = path.join(tempDir('app'), 'cdktf.out');
    const { status, stderr } = runApp({ EYECARE_ENV: 'test', EYECARE_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(`${configDir}/test.yaml: tenants.acme.tier: not an allowed value (got "huge"; one of small, medium, large)`);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('never writes secrets from SNOWFLAKE_* variables into cdktf.out', () => {
    const outdir = path.join(tempDir('app'), 'cdktf.out');
    const markers = { SNOWFLAKE_PASSWORD: 'marker-password-7f3a', SNOWFLAKE_PRIVATE_KEY: 'marker-private-key-91bc', SNOWFLAKE_USER: 'marker-user-5d2e', SNOWFLAKE_TOKEN: 'marker-token-c0de' };
    const { status, stderr } = runApp({ ...markers, EYECARE_ENV: 'local', EYECARE_CONFIG_DIR: CONFIG_DIR, CDKTF_OUTDIR: outdir });
    expect([status, stderr]).toEqual([0, '']);
    const files = allFiles(outdir);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = fs.readFileSync(path.join(outdir, file), 'utf8');
      for (const marker of Object.values(markers)) expect([file, text.includes(marker)]).toEqual([file, false]);
    }
  });
});
