/**
 * `npm run bench [name...]`: runs the benchmarks (all by default) and records the results in
 * docs/performance.md. Benchmarks, not unit tests, hold the speed and memory targets.
 */
import { benchLocal, benchLocalEndpoint, benchLocalIncremental } from './local';
import { benchSynth } from './synth';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  synth: () => benchSynth(),
  local: () => benchLocal(),
  incremental: () => benchLocalIncremental(),
  endpoint: () => benchLocalEndpoint(),
};

async function run(names: readonly string[]): Promise<void> {
  const chosen = names.length ? names : Object.keys(BENCHMARKS);
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
