/**
 * Synthesis of an environment into `cdktf.out`, fast enough for 1,000+ tenants.
 *
 * Stacks share nothing at synth time (they refer to each other by name), so they are built in
 * parallel worker processes, one per core, each writing its own stack directories into a scratch
 * folder; the parent moves them into place and writes the one `manifest.json` cdktf reads.
 * Config is validated before anything touches the output directory.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configDir, loadEnvironment } from '../environments/load';
import { EnvironmentPlan, planEnvironment } from '../model/plan';

/** Stack names of an environment in a stable order: platform first, then tenants by id. */
function stackNames(environment: EnvironmentPlan): string[] {
  return [environment.names.platformStack, ...environment.tenants.map((t) => t.names.stack)];
}

/** Stacks a stack must be deployed after. */
function stackDependencies(environment: EnvironmentPlan, stack: string): string[] {
  return stack === environment.names.platformStack ? [] : [environment.names.platformStack];
}

export interface SynthOptions {
  readonly env: string;
  /** @default configDir() */
  readonly configDir?: string;
  /** @default `CDKTF_OUTDIR` or `cdktf.out` */
  readonly outdir?: string;
  /** Stack names or globs (`prod-tenant-a*`); all stacks when empty or absent. */
  readonly stacks?: readonly string[];
  /** @default one per core, fewer for small environments */
  readonly workers?: number;
  /**
   * Remove stack directories of stacks that no longer exist (full synth only). Off under the
   * cdktf CLI, which prunes them itself and fails if they are already gone.
   * @default true
   */
  readonly pruneOrphans?: boolean;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly string[];
  readonly workers: number;
}

/** Below this many stacks a worker process costs more than it saves. */
const STACKS_PER_WORKER_MIN = 40;

export class StackSelectionError extends Error {}

/**
 * A comma-separated list of stack names or * globs (`EYECARE_STACKS`, or `--stacks` as `source`)
 * as a list of patterns. Unset or empty selects every stack; an empty pattern in a list (`,`,
 * `a,,b`, `a,`) is an error rather than a silent "every stack".
 */
export function parseStackPatterns(value: string | undefined, source = 'EYECARE_STACKS'): string[] {
  if (value === undefined || value === '') return [];
  const patterns = value.split(',').map((s) => s.trim());
  const empty = patterns.findIndex((p) => p === '');
  if (empty >= 0) {
    throw new StackSelectionError(
      `${source}: pattern ${empty + 1} of ${patterns.length} is empty (got ${JSON.stringify(value)}; expected stack names or * globs separated by single commas, e.g. "dev-platform,dev-tenant-*"; remove the extra comma, or give no ${source} to select every stack)`,
    );
  }
  return patterns;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** The stacks the patterns select, in canonical order; a pattern matching nothing is an error. */
export function selectStacks(all: readonly string[], patterns: readonly string[]): string[] {
  if (patterns.length === 0) return [...all];
  const chosen = new Set<string>();
  for (const pattern of patterns) {
    const re = globToRegExp(pattern);
    const matches = all.filter((name) => re.test(name));
    if (matches.length === 0) {
      throw new StackSelectionError(
        `EYECARE_STACKS: no stack matches ${JSON.stringify(pattern)} (got ${JSON.stringify(pattern)}; stacks are ${all.slice(0, 5).join(', ')}${all.length > 5 ? ', …' : ''}; use exact names or * globs)`,
      );
    }
    matches.forEach((m) => chosen.add(m));
  }
  return all.filter((name) => chosen.has(name));
}

/**
 * cdktf records a full stack trace for every token it creates, only to decorate errors about
 * unresolvable tokens; at 100k resources that is most of the construct time. Synth switches the
 * capture off while it builds and restores it afterwards (EYECARE_SYNTH_TRACES=1 keeps the traces,
 * for debugging such an error).
 */
function withoutTokenStackTraces<T>(build: () => T, env: NodeJS.ProcessEnv = process.env): T {
  if (env.EYECARE_SYNTH_TRACES === '1') return build();
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = () => undefined;
  try {
    return build();
  } finally {
    Error.captureStackTrace = capture;
  }
}

/** Builds and synthesizes the given stacks into `outdir` in this process. */
export function synthInProcess(plan: EnvironmentPlan, stacks: readonly string[], outdir: string): void {
  // Loaded here, not at the top: cdktf and the provider bindings take 1-2 s to load, and every CLI
  // command imports this module, most of them to read a plan, not to synthesize.
  const { App } = require('cdktf') as typeof import('cdktf');
  const { addStacks } = require('./stacks') as typeof import('./stacks');
  withoutTokenStackTraces(() => {
    const app = new App({ outdir, stackTraces: false, skipValidation: false });
    addStacks(app, plan, new Set(stacks));
    app.synth();
  });
}

interface WorkerRequest {
  readonly env: string;
  readonly configDir: string;
  readonly stacks: readonly string[];
  readonly outdir: string;
}

function runWorker(request: WorkerRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'synth-worker.ts'), [], {
      // A larger young generation: synth allocates many short-lived objects, and scavenges were
      // a tenth of worker time with the default.
      execArgv: [...process.execArgv, '--max-semi-space-size=64'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, EYECARE_SYNTH_WORKER: '1' },
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`synth worker for ${request.stacks.length} stacks failed (exit ${code ?? signal})`)),
    );
    child.send(request);
  });
}

/** Splits stacks round-robin so each worker gets a similar mix of sizes. */
function partition<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((item, i) => out[i % parts]!.push(item));
  return out.filter((p) => p.length > 0);
}

interface StackManifestEntry {
  name: string;
  constructPath: string;
  workingDirectory: string;
  synthesizedStackPath: string;
  stackMetadataPath: string;
  annotations: unknown[];
  dependencies: string[];
}

/** Same key order and spacing as cdktf's own manifest (json-stable-stringify, 2 spaces). */
function stableStringify(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + stableStringify(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${stableStringify((value as Record<string, unknown>)[k], inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Synthesizes an environment. Throws ConfigError (nothing written) on invalid config. */
export async function synthesize(options: SynthOptions): Promise<SynthResult> {
  const dir = options.configDir ?? configDir();
  const plan = planEnvironment(loadEnvironment(options.env, { dir }));
  const all = stackNames(plan);
  const patterns = options.stacks ?? [];
  const selected = selectStacks(all, patterns);
  const outdir = path.resolve(options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out');

  const workers = Math.max(1, Math.min(options.workers ?? os.availableParallelism(), Math.ceil(selected.length / STACKS_PER_WORKER_MIN)));
  fs.mkdirSync(outdir, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(outdir, '.synth-'));
  try {
    const chunks = partition(selected, workers);
    const chunkDirs = chunks.map((_, i) => path.join(scratch, `part-${i}`));
    if (chunks.length === 1) {
      synthInProcess(plan, chunks[0]!, chunkDirs[0]!);
    } else {
      await Promise.all(chunks.map((stacks, i) => runWorker({ env: options.env, configDir: dir, stacks, outdir: chunkDirs[i]! })));
    }

    const stacksDir = path.join(outdir, 'stacks');
    fs.mkdirSync(stacksDir, { recursive: true });
    if (patterns.length === 0 && options.pruneOrphans !== false) {
      // A full synth is the whole truth: stacks of off-boarded tenants must not linger.
      for (const existing of fs.readdirSync(stacksDir)) {
        if (!selected.includes(existing)) fs.rmSync(path.join(stacksDir, existing), { recursive: true, force: true });
      }
    }
    const entries: Record<string, StackManifestEntry> = {};
    let version = '';
    for (const chunkDir of chunkDirs) {
      const manifest = JSON.parse(fs.readFileSync(path.join(chunkDir, 'manifest.json'), 'utf8')) as {
        version: string;
        stacks: Record<string, StackManifestEntry>;
      };
      version = manifest.version;
      for (const [name, entry] of Object.entries(manifest.stacks)) {
        const target = path.join(stacksDir, name);
        fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(path.join(chunkDir, 'stacks', name), target);
        entries[name] = { ...entry, dependencies: stackDependencies(plan, name) };
      }
    }
    fs.writeFileSync(path.join(outdir, 'manifest.json'), stableStringify({ version, stacks: entries }));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { outdir, stacks: selected, workers };
}
