import { StackSelectionError, parseStackPatterns } from '../../stacks/synth';

describe('parseStackPatterns', () => {
  it('splits and trims a comma-separated list', () => {
    expect(parseStackPatterns('dev-platform, dev-tenant-*')).toEqual(['dev-platform', 'dev-tenant-*']);
  });

  it('selects every stack when unset or empty', () => {
    expect(parseStackPatterns(undefined)).toEqual([]);
    expect(parseStackPatterns('')).toEqual([]);
  });

  it.each([
    [',', 1, 2],
    [' ', 1, 1],
    ['a,,b', 2, 3],
    ['a,', 2, 2],
    [',a', 1, 2],
  ])('refuses %p, naming the source, the empty pattern and the expected form', (value, position, count) => {
    const message = `EYECARE_STACKS: pattern ${position} of ${count} is empty (got ${JSON.stringify(value)}; expected stack names or * globs separated by single commas, e.g. "dev-platform,dev-tenant-*"; remove the extra comma, or give no EYECARE_STACKS to select every stack)`;
    expect(() => parseStackPatterns(value)).toThrow(StackSelectionError);
    expect(() => parseStackPatterns(value)).toThrow(message);
  });

  it('names the option when the list came from --stacks', () => {
    expect(() => parseStackPatterns(',', '--stacks')).toThrow(/^--stacks: pattern 1 of 2 is empty \(got ","; .*give no --stacks to select every stack\)$/);
  });
});
