/**
 * The `eyecare` command. Each command is an entry in one table: its usage line, its options and
 * what it runs. Exit codes: 0 success, 1 the command found a problem (invalid config, a leak, a
 * blocked plan), 2 the command line itself was wrong.
 */
import { ConfigError } from '../environments/issues';
import { loadEnvironment, selectedEnvironment } from '../environments/load';
import { planEnvironment } from '../model/plan';
import { StackSelectionError, parseStackPatterns, synthesize } from '../stacks/synth';
import { OptionSpec, ParsedArgs, UsageError, parseArgs } from './args';

interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  readonly run: (args: ParsedArgs) => Promise<number>;
}

const envOption: OptionSpec = { name: 'env', value: true, description: 'environment name (default: EYECARE_ENV or dev)' };

function environmentOf(args: ParsedArgs): string {
  return typeof args.options.env === 'string' ? args.options.env : selectedEnvironment();
}

const COMMANDS: readonly Command[] = [
  {
    name: 'validate',
    usage: 'validate [--env E]',
    summary: 'validate an environment file; exit 1 with one line per problem',
    options: [envOption],
    run: async (args) => {
      const env = environmentOf(args);
      const plan = planEnvironment(loadEnvironment(env));
      const tiers = plan.tenants.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.tier]: (acc[t.tier] ?? 0) + 1 }), {});
      const mix = Object.entries(tiers).map(([tier, n]) => `${n} ${tier}`).join(', ');
      console.log(`${env}: valid (${plan.tenants.length} tenant${plan.tenants.length === 1 ? '' : 's'}${mix ? `: ${mix}` : ''})`);
      return 0;
    },
  },
  {
    name: 'synth',
    usage: 'synth [--env E] [--stacks a,b*]',
    summary: 'write cdktf.out for an environment (what `cdktf synth` runs, without the CLI start-up)',
    options: [envOption, { name: 'stacks', value: true, description: 'stack names or globs, comma-separated' }],
    run: async (args) => {
      const started = Date.now();
      const stacks = parseStackPatterns(typeof args.options.stacks === 'string' ? args.options.stacks : process.env.EYECARE_STACKS);
      const result = await synthesize({ env: environmentOf(args), stacks });
      console.log(`synthesized ${result.stacks.length} stacks into ${result.outdir} in ${((Date.now() - started) / 1000).toFixed(1)} s (${result.workers} worker${result.workers === 1 ? '' : 's'})`);
      return 0;
    },
  },
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return ['usage: eyecare <command> [options]', '', ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"\n${help()}`);
    return await command.run(parseArgs(rest, command.options));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StackSelectionError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof UsageError) {
      console.error(`eyecare ${command?.name ?? ''}: ${error.message}`.replace(/ {2}:/, ':'));
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
