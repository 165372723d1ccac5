/**
 * Command lines the CLI refuses: each error names the command, the option or word, the value,
 * what is allowed and how to fix it, and exits 2 (1 for a stack selection, like a pattern that
 * matches nothing). None of these get far enough to open the local account or synthesize.
 */
import { eyecare } from './run';

const COMMANDS = 'validate, synth, cost, verify-isolation, audit, ask, plan-lint, local up, local sql, local seed, local load, local run, local serve';
const LOCAL_COMMANDS = 'local up, local sql, local seed, local load, local run, local serve';

describe('unknown commands', () => {
  it('names the command typed and lists the commands', () => {
    expect(eyecare(['deploy'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `eyecare: unknown command "deploy"; commands: ${COMMANDS} (eyecare --help describes each)\n`,
    });
  });

  it('suggests the closest command for a typo', () => {
    expect(eyecare(['valdate', '--env', 'local'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `eyecare: unknown command "valdate" (did you mean validate?); commands: ${COMMANDS} (eyecare --help describes each)\n`,
    });
  });

  it('names both words of an unknown two-word command and lists that group', () => {
    expect(eyecare(['local', 'rn'])).toMatchObject({
      status: 2,
      stderr: `eyecare: unknown command "local rn" (did you mean local run?); commands: ${LOCAL_COMMANDS} (eyecare --help describes each)\n`,
    });
    expect(eyecare(['local', 'deploy'])).toMatchObject({
      status: 2,
      stderr: `eyecare: unknown command "local deploy"; commands: ${LOCAL_COMMANDS} (eyecare --help describes each)\n`,
    });
  });

  it('asks for the subcommand when a group is given alone', () => {
    for (const argv of [['local'], ['local', '--days', '3']]) {
      expect(eyecare(argv)).toMatchObject({
        status: 2,
        stderr: `eyecare: "local" needs a subcommand, one of: ${LOCAL_COMMANDS} (eyecare --help describes each)\n`,
      });
    }
  });
});

describe('local serve --port', () => {
  it.each(['99999', '65536', '0', 'abc'])('refuses %p with the option, the value and the range', (port) => {
    expect(eyecare(['local', 'serve', '--port', port])).toEqual({
      status: 2,
      stdout: '',
      stderr: `eyecare local serve: --port must be a whole number from 1 to 65535 (got "${port}"; leave --port out for the default 8085)\n`,
    });
  });
});

describe('local up / local seed --days', () => {
  it('refuses a count below 1', () => {
    expect(eyecare(['local', 'up', '--days', '0'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'eyecare local up: --days must be a whole number above 0 (got "0"; leave --days out for the default 90)\n',
    });
    expect(eyecare(['local', 'seed', '--days', 'two'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'eyecare local seed: --days must be a whole number above 0 (got "two"; leave --days out for the default 1)\n',
    });
  });
});

describe('synth stack patterns', () => {
  const expected = (source: string, value: string, position: number, count: number) =>
    `${source}: pattern ${position} of ${count} is empty (got ${JSON.stringify(value)}; expected stack names or * globs separated by single commas, e.g. "dev-platform,dev-tenant-*"; remove the extra comma, or give no ${source} to select every stack)\n`;

  it('refuses an empty pattern in --stacks instead of building every stack', () => {
    expect(eyecare(['synth', '--env', 'local', '--stacks', ','])).toEqual({ status: 1, stdout: '', stderr: expected('--stacks', ',', 1, 2) });
    expect(eyecare(['synth', '--env', 'local', '--stacks', 'local-platform,,local-tenant-*'])).toEqual({
      status: 1,
      stdout: '',
      stderr: expected('--stacks', 'local-platform,,local-tenant-*', 2, 3),
    });
  });

  it('refuses an empty pattern in EYECARE_STACKS', () => {
    expect(eyecare(['synth', '--env', 'local'], { EYECARE_STACKS: ',' })).toEqual({ status: 1, stdout: '', stderr: expected('EYECARE_STACKS', ',', 1, 2) });
  });
});
