/** Test fixtures: environment files written to a temporary config directory. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CONFIG_DIR = path.join(REPO_ROOT, 'environments');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `eyecare-${prefix}-`));
}

/** A minimal valid environment document; tests change one thing at a time. */
export function validEnvironment(tenants: Record<string, unknown> = { acme: validTenant() }): Record<string, unknown> {
  return {
    account: { organization_name: 'TESTORG', account_name: 'EYECARE_TEST' },
    region: 'AWS_US_EAST_1',
    edition: 'business_critical',
    credit_price_usd: 4,
    tenants,
  };
}

export function validTenant(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Acme Vision Group',
    tier: 'small',
    locations: [{ id: 'downtown', name: 'Downtown Eye Care', state: 'TX' }],
    ...overrides,
  };
}

/** Writes `<dir>/<env>.yaml` from a document (or raw text) and returns the directory. */
export function writeEnvironment(doc: Record<string, unknown> | string, env = 'test', dir = tempDir('config')): string {
  fs.writeFileSync(path.join(dir, `${env}.yaml`), typeof doc === 'string' ? doc : stringify(doc));
  return dir;
}
