import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentJsonSchema } from './json-schema';

const target = path.join(__dirname, 'schema.json');
fs.writeFileSync(target, environmentJsonSchema());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
