/** Synthesizes environments into temporary directories and reads them back. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SynthOptions, synthesize } from '../../stacks/synth';
import { tempDir } from './config';

export async function synthTo(options: Omit<SynthOptions, 'outdir'> & { outdir?: string }): Promise<string> {
  const outdir = options.outdir ?? tempDir('out');
  await synthesize({ workers: 1, ...options, outdir });
  return outdir;
}

/** stack name -> exact bytes of its cdk.tf.json. */
export function stackFiles(outdir: string): Map<string, string> {
  const stacksDir = path.join(outdir, 'stacks');
  return new Map(
    fs
      .readdirSync(stacksDir)
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8')] as const),
  );
}

/** Every file under a directory, recursively, relative paths. */
export function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
