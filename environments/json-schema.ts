/**
 * The JSON Schema editors use for completion in `environments/*.yaml` (via the
 * `yaml-language-server: $schema=./schema.json` line), generated from the zod schema.
 * `npm run schema` rewrites `environments/schema.json`; a test fails when it is stale.
 */
import { z } from 'zod';
import { environmentSchema } from './schema';

export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(environmentSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Eyecare analytics environment' }, null, 2)}\n`;
}
