/**
 * `npm run bench [name...]`: runs the benchmarks (all by default) and records the results in
 * docs/performance.md. Benchmarks, not unit tests, hold the speed and memory targets.
 */
import { LOCAL_BENCHMARKS, benchLocalSection } from './local';
import { benchSynth } from './synth';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  synth: () => benchSynth(),
  // Every local benchmark, in order; each also runs alone by its name (load, incremental, ...).
  local: async () => {
    for (const name of Object.keys(LOCAL_BENCHMARKS)) await benchLocalSection(name);
  },
  ...Object.fromEntries(Object.keys(LOCAL_BENCHMARKS).map((name) => [name, () => benchLocalSection(name)])),
};

async function run(names: readonly string[]): Promise<void> {
  // By default each benchmark once: `local` already runs every local one.
  const chosen = names.length ? names : ['synth', 'local'];
  for (const name of chosen) {
    const bench = BENCHMARKS[name];
    if (!bench) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    await bench();
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
