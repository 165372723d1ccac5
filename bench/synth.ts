/**
 * Synth benchmark: generated environments of 10, 100 and 1,000 tenants, synthesized by the app
 * exactly as `cdktf synth` runs it (`tsx main.ts`), wall time and peak memory of the process tree.
 * Targets for 1,000 tenants: ≤ 30 s and ≤ 2 GB.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSynthesized } from '../synthesized/read';
import { writeGeneratedEnvironment } from './generate-config';
import { measure } from './measure';
import { markdownTable, writeSection } from './report';

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export async function benchSynth(sizes: readonly number[] = [10, 100, 1000]): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const tenants of sizes) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `eyecare-bench-synth-${tenants}-`));
    const configDir = writeGeneratedEnvironment(path.join(work, 'config'), 'bench', tenants);
    const outdir = path.join(work, 'cdktf.out');
    const env = { ...process.env, EYECARE_ENV: 'bench', EYECARE_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir };
    const result = await measure(TSX, [path.join(ROOT, 'main.ts')], env);
    if (result.exitCode !== 0) throw new Error(`synth of ${tenants} tenants failed:\n${result.stderr}`);
    const stacks = readSynthesized(outdir);
    const resources = stacks.reduce((n, s) => n + s.resources.length, 0);
    const perResourceMs = (result.wallSeconds * 1000) / resources;
    rows.push([tenants, stacks.length, resources, result.wallSeconds.toFixed(1), perResourceMs.toFixed(3), Math.round(result.peakTreeRssMb)]);
    console.log(`synth ${tenants} tenants: ${stacks.length} stacks, ${resources} resources, ${result.wallSeconds.toFixed(1)} s, peak ${Math.round(result.peakTreeRssMb)} MB`);
    fs.rmSync(work, { recursive: true, force: true });
  }
  writeSection(
    'synth',
    markdownTable(['tenants', 'stacks', 'resources', 'wall s', 'ms / resource', 'peak MB (process tree)'], rows) +
      '\n\nTarget for 1,000 tenants: ≤ 30 s wall, ≤ 2,048 MB peak.',
  );
}
