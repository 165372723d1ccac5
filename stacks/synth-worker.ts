/**
 * One synth worker process: receives {env, configDir, stacks, outdir} from `synth.ts`, builds
 * those stacks and exits. Loading the config again here is cheaper than serialising the plan.
 */
import { loadEnvironment } from '../environments/load';
import { planEnvironment } from '../model/plan';
import { synthInProcess } from './synth';

process.once('message', (message: { env: string; configDir: string; stacks: string[]; outdir: string }) => {
  try {
    const plan = planEnvironment(loadEnvironment(message.env, { dir: message.configDir }));
    synthInProcess(plan, message.stacks, message.outdir);
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  }
});
