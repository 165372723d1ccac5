/**
 * The `eyecare` command. Each command is an entry in one table: its usage line, its options and
 * what it runs. Exit codes: 0 success, 1 the command found a problem (invalid config, a leak, a
 * blocked plan), 2 the command line itself was wrong.
 */
import * as fs from 'node:fs';
import { ConfigError, closest } from '../environments/issues';
import { SnowflakeError } from '../local/engine/errors';
import { loadEnvironment, selectedEnvironment } from '../environments/load';
import { planEnvironment } from '../model/plan';
import { StackSelectionError, parseStackPatterns, synthesize } from '../stacks/synth';
import { OptionSpec, ParsedArgs, UsageError, parseArgs } from './args';
import { planLintFile } from '../synthesized/plan-lint';
import { estimateCost } from '../model/cost';

// The local engine and snowflake-sdk load only for the commands that use them, so `validate`
// and `synth` start fast and print nothing but their own lines.
// (require, not import(): the bin runs TypeScript through tsx's CommonJS hook.)
const local = async () => require('./local') as typeof import('./local');
const isolation = async () => require('./isolation') as typeof import('./isolation');
const auditing = async () => require('./audit') as typeof import('./audit');
const asking = async () => require('./ask') as typeof import('./ask');

interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  readonly run: (args: ParsedArgs) => Promise<number>;
}

const envOption: OptionSpec = { name: 'env', value: true, description: 'environment name (default: EYECARE_ENV or dev)' };

/** A whole-number option from 1 (to `max` when given), or `fallback` when the option is absent. */
function positiveInteger(args: ParsedArgs, name: string, fallback: number, max?: number): number {
  const raw = args.options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || (max !== undefined && value > max)) {
    throw new UsageError(
      `--${name} must be a whole number ${max === undefined ? 'above 0' : `from 1 to ${max}`} (got "${String(raw)}"; leave --${name} out for the default ${fallback})`,
    );
  }
  return value;
}

function required(args: ParsedArgs, name: string): string {
  const value = args.options[name];
  if (typeof value !== 'string') throw new UsageError(`--${name} is required`);
  return value;
}

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
      const stacks =
        typeof args.options.stacks === 'string' ? parseStackPatterns(args.options.stacks, '--stacks') : parseStackPatterns(process.env.EYECARE_STACKS);
      const result = await synthesize({ env: environmentOf(args), stacks });
      console.log(`synthesized ${result.stacks.length} stacks into ${result.outdir} in ${((Date.now() - started) / 1000).toFixed(1)} s (${result.workers} worker${result.workers === 1 ? '' : 's'})`);
      return 0;
    },
  },
  {
    name: 'cost',
    usage: 'cost [--env E]',
    summary: 'monthly cost estimate per tenant and in total, with its assumptions',
    options: [envOption],
    run: async (args) => {
      const env = environmentOf(args);
      const estimate = estimateCost(planEnvironment(loadEnvironment(env)));
      const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      console.log(`${env}: estimated monthly cost\n`);
      console.log(`  ${'tenant'.padEnd(22)} ${'tier'.padEnd(7)} ${'locs'.padStart(5)} ${'pipeline cr'.padStart(12)} ${'query cr'.padStart(9)} ${'storage TB'.padStart(11)} ${'per month'.padStart(12)}  compute`);
      for (const t of estimate.tenants) {
        console.log(
          `  ${t.tenant.padEnd(22)} ${t.tier.padEnd(7)} ${String(t.locations).padStart(5)} ${t.pipelineCredits.toFixed(2).padStart(12)} ${t.queryCredits.toFixed(2).padStart(9)} ${t.storageTb.toFixed(4).padStart(11)} ${usd(t.monthlyUsd).padStart(12)}  ${t.compute}`,
        );
      }
      console.log(`\n  total ${usd(estimate.totalUsd)} per month\n\nassumptions:\n${estimate.assumptions.map((a) => `  - ${a}`).join('\n')}`);
      return 0;
    },
  },
  {
    name: 'verify-isolation',
    usage: 'verify-isolation [--env E]',
    summary: 'prove tenants cannot see each other: role graph, and attacks on the local account; exit 1 on a leak',
    options: [envOption],
    run: async (args) => (await isolation()).verifyIsolation(environmentOf(args)),
  },
  {
    name: 'audit',
    usage: 'audit --tenant T [--since D] [--all] [--env E]',
    summary: "who read which of a tenant's PHI columns (AUDIT.PHI_ACCESS), as the tenant's admin",
    options: [
      envOption,
      { name: 'tenant', value: true, description: 'tenant id' },
      { name: 'since', value: true, description: 'a date (YYYY-MM-DD) or days back (30d, the default)' },
      { name: 'all', value: false, description: "include the platform's own reads (pipeline tasks)" },
    ],
    run: async (args) =>
      (await auditing()).audit({
        env: environmentOf(args),
        tenant: required(args, 'tenant'),
        ...(typeof args.options.since === 'string' ? { since: args.options.since } : {}),
        all: args.options.all === true,
      }),
  },
  {
    name: 'ask',
    usage: 'ask --tenant T [--env E] [--sql] [--json] "question"',
    summary: "answer a plain-English question from a tenant's marts, as its analyst (docs/ask.md)",
    options: [
      envOption,
      { name: 'tenant', value: true, description: 'tenant id' },
      { name: 'sql', value: false, description: 'also print the SELECT the question became, with its binds' },
      { name: 'json', value: false, description: 'print the reading of the question and the values as JSON' },
    ],
    run: async (args) =>
      (await asking()).askCommand({
        env: environmentOf(args),
        tenant: required(args, 'tenant'),
        question: args.positionals.join(' '),
        sql: args.options.sql === true,
        json: args.options.json === true,
      }),
  },
  {
    name: 'plan-lint',
    usage: 'plan-lint FILE [--approvals F]',
    summary: 'classify a `terraform show -json` plan; exit 1 on an unapproved destroy or replace of data',
    options: [{ name: 'approvals', value: true, description: 'approvals file reviewed in the pull request (YAML or JSON)' }],
    run: async (args) => {
      if (args.positionals.length !== 1) throw new UsageError('give exactly one plan JSON file (terraform show -json plan.out > plan.json)');
      const { exitCode, output } = planLintFile(args.positionals[0]!, typeof args.options.approvals === 'string' ? args.options.approvals : undefined);
      (exitCode === 0 ? console.log : console.error)(output);
      return exitCode;
    },
  },
  {
    name: 'local up',
    usage: 'local up [--days N]',
    summary: 'synth + apply the local environment, seed and load sample data, show layers and isolation',
    options: [{ name: 'days', value: true, description: 'days of sample history for new tenants (default 90)' }],
    run: async (args) => {
      const days = positiveInteger(args, 'days', 90);
      return (await local()).localUp({ days });
    },
  },
  {
    name: 'local sql',
    usage: 'local sql --user U [--json] "<sql>" | --file F',
    summary: 'run SQL on the local engine as a user (its default role); a file runs statement by statement',
    options: [
      { name: 'user', value: true, description: 'local user, e.g. LOCAL_CLEARSIGHT_ANALYST' },
      { name: 'json', value: false, description: 'print rows as JSON' },
      { name: 'file', value: true, description: "a file of SQL statements separated by ';' ('-' reads standard input); each result is printed" },
    ],
    run: async (args) => {
      const file = typeof args.options.file === 'string' ? args.options.file : undefined;
      if (file !== undefined ? args.positionals.length !== 0 : args.positionals.length !== 1) throw new UsageError('give exactly one SQL text, quoted, or --file F');
      const sql = file === undefined ? args.positionals[0]! : readSqlFile(file);
      return (await local()).localSql(required(args, 'user'), sql, args.options.json === true, file !== undefined);
    },
  },
  {
    name: 'local seed',
    usage: 'local seed [--tenant T] [--days N]',
    summary: "generate the next N days of sample exports under .eyecare/landing/ and load them",
    options: [
      { name: 'tenant', value: true, description: 'one tenant (default: all)' },
      { name: 'days', value: true, description: 'days to generate (default 1)' },
    ],
    run: async (args) => {
      const days = positiveInteger(args, 'days', 1);
      return (await local()).localSeed(typeof args.options.tenant === 'string' ? args.options.tenant : undefined, days);
    },
  },
  {
    name: 'local load',
    usage: 'local load --tenant T --entity E FILE',
    summary: 'load one CSV or NDJSON export into RAW.<ENTITY> (a file already loaded is skipped; exit 1 when records were rejected)',
    options: [
      { name: 'tenant', value: true, description: 'tenant id' },
      { name: 'entity', value: true, description: 'source entity, e.g. appointments' },
    ],
    run: async (args) => {
      if (args.positionals.length !== 1) throw new UsageError('give exactly one FILE');
      return (await local()).localLoad(required(args, 'tenant'), required(args, 'entity'), args.positionals[0]!);
    },
  },
  {
    name: 'local run',
    usage: 'local run [--tenant T]',
    summary: "run the tenant pipeline task graph(s) once; print each task's rows and time",
    options: [{ name: 'tenant', value: true, description: 'one tenant (default: all)' }],
    run: async (args) => (await local()).localRun(typeof args.options.tenant === 'string' ? args.options.tenant : undefined),
  },
  {
    name: 'local serve',
    usage: 'local serve [--port P]',
    summary: 'Snowflake REST endpoint on 127.0.0.1 for snowflake-sdk (default port 8085)',
    options: [{ name: 'port', value: true, description: 'TCP port, 1 to 65535 (default 8085)' }],
    run: async (args) => {
      const port = positiveInteger(args, 'port', 8085, 65_535);
      return (await local()).localServe(port);
    },
  },
];

/** The SQL in `--file F` ('-': standard input), or a usage error naming the file. */
function readSqlFile(file: string): string {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return ['usage: eyecare <command> [options]', '', ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)].join('\n');
}

/** One command's usage, summary and options (`eyecare <command> --help`). */
function commandHelp(command: (typeof COMMANDS)[number]): string {
  const width = Math.max(0, ...command.options.map((o) => `--${o.name}${o.value ? ' V' : ''}`.length));
  const options = command.options.map((o) => `  ${`--${o.name}${o.value ? ' V' : ''}`.padEnd(width)}  ${o.description}`);
  return [`usage: eyecare ${command.usage}`, '', command.summary, ...(options.length ? ['', 'options:', ...options] : [])].join('\n');
}

/**
 * The usage error for a command line that names no command: what was typed, the closest command
 * if it looks like a typo, and the commands to choose from.
 */
function unknownCommand(first: string, second: string | undefined): UsageError {
  const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
  if (group.length && (second === undefined || second.startsWith('-'))) {
    return new UsageError(`"${first}" needs a subcommand, one of: ${group.join(', ')} (eyecare --help describes each)`);
  }
  const typed = group.length ? `${first} ${second}` : first;
  const names = group.length ? group : COMMANDS.map((c) => c.name);
  const suggestion = closest(typed, names);
  return new UsageError(`unknown command "${typed}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}; commands: ${names.join(', ')} (eyecare --help describes each)`);
}

export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...afterFirst] = argv;
  if (!first || first === '--help' || first === 'help') {
    console.log(help());
    return first ? 0 : 2;
  }
  // Two-word commands (`local up`) take precedence over one-word ones.
  const twoWords = `${first} ${afterFirst[0] ?? ''}`;
  const command = COMMANDS.find((c) => c.name === twoWords) ?? COMMANDS.find((c) => c.name === first);
  const rest = command?.name === twoWords ? afterFirst.slice(1) : afterFirst;
  try {
    if (!command) throw unknownCommand(first, afterFirst[0]);
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(commandHelp(command));
      return 0;
    }
    return await command.run(parseArgs(rest, command.options));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StackSelectionError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof SnowflakeError) {
      console.error(`${error.code} (${error.sqlState}): ${error.message}`);
      return 1;
    }
    if (error instanceof UsageError) {
      console.error(`${command ? `eyecare ${command.name}` : 'eyecare'}: ${error.message}`);
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
