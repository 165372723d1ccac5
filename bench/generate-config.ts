/**
 * Writes a synthetic environment with N tenants (tiers mixed 70/25/5, like a real book of
 * practices) for synth benchmarks and scale tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';

export function generatedEnvironment(tenantCount: number): Record<string, unknown> {
  const tenants: Record<string, unknown> = {};
  for (let i = 0; i < tenantCount; i++) {
    const tier = i % 20 === 0 ? 'large' : i % 4 === 1 ? 'medium' : 'small';
    const locationCount = tier === 'large' ? 40 : tier === 'medium' ? 5 : 1;
    tenants[`practice_${String(i).padStart(4, '0')}`] = {
      name: `Practice ${i}`,
      tier,
      locations: Array.from({ length: locationCount }, (_, j) => ({ id: `loc_${j}`, name: `Location ${j}`, state: 'TX' })),
    };
  }
  return {
    account: { organization_name: 'BENCHORG', account_name: 'EYECARE_BENCH' },
    region: 'AWS_US_EAST_1',
    edition: 'business_critical',
    credit_price_usd: 4,
    tenants,
  };
}

/** Writes `<dir>/<env>.yaml` and returns the directory. */
export function writeGeneratedEnvironment(dir: string, env: string, tenantCount: number): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${env}.yaml`), stringify(generatedEnvironment(tenantCount)));
  return dir;
}
