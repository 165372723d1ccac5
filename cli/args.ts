/**
 * A small, strict argument parser: `--name value`, `--name=value`, boolean `--flag`, and
 * positionals. Unknown options are errors that name the option and list the known ones.
 */
import { closest } from '../environments/issues';

export interface OptionSpec {
  readonly name: string;
  /** Takes a value (`--env prod`) or is a boolean flag (`--json`). */
  readonly value: boolean;
  readonly description: string;
}

export interface ParsedArgs {
  readonly options: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const spec = specs.find((s) => s.name === rawName);
    if (!spec) {
      const known = specs.map((s) => s.name);
      const suggestion = closest(rawName, known);
      throw new UsageError(
        `unknown option --${rawName}${suggestion ? ` (did you mean --${suggestion}?)` : ''}; options: ${known.length ? known.map((k) => `--${k}`).join(', ') : 'none'}`,
      );
    }
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`--${spec.name} is a flag and takes no value (got "${inline}")`);
      options[spec.name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${spec.name} needs a value: ${spec.description}`);
    }
    options[spec.name] = value;
  }
  return { options, positionals };
}
