/**
 * Construct defaults live in `model/defaults.ts`; a prop's `@default` names the value and where it
 * comes from (`@default 1 (\`PLATFORM_DEFAULTS.dataRetentionDays\`)`), and this keeps the two in step.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLATFORM_DEFAULTS } from '../../model/defaults';

const CONSTRUCTS = path.resolve(__dirname, '..', '..', 'constructs');

const references = fs
  .readdirSync(CONSTRUCTS)
  .filter((f) => f.endsWith('.ts'))
  .flatMap((file) =>
    [...fs.readFileSync(path.join(CONSTRUCTS, file), 'utf8').matchAll(/@default (.+?) \(`PLATFORM_DEFAULTS\.([A-Za-z.]+)`\)/g)].map((m) => ({ file, documented: m[1]!, key: m[2]! })),
  );

describe('construct defaults', () => {
  it('are documented with their PLATFORM_DEFAULTS entry', () => {
    expect(references.length).toBeGreaterThanOrEqual(13);
  });

  it.each(references.map((r) => [`${r.file} ${r.key}`, r] as const))('%s: @default names the value in model/defaults.ts', (_, { documented, key }) => {
    const value = key.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown>)[part], PLATFORM_DEFAULTS);
    expect(value).not.toBeUndefined();
    const shown = (v: unknown): string => (Array.isArray(v) ? `[${v.map(shown).join(', ')}]` : typeof v === 'string' ? `'${v}'` : String(v));
    expect(documented).toBe(shown(value));
  });
});
