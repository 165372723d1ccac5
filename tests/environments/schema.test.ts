import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, formatIssue } from '../../environments/issues';
import { environmentJsonSchema } from '../../environments/json-schema';
import { availableEnvironments, loadEnvironment } from '../../environments/load';
import { CONFIG_DIR, validEnvironment, validTenant, writeEnvironment } from '../helpers/config';

/** The contract's error lines for a config directory holding one `test.yaml`. */
function errorLines(dir: string, env = 'test'): string[] {
  try {
    loadEnvironment(env, { dir });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

function linesFor(tenantOverrides: Record<string, unknown>, id = 'acme'): string[] {
  return errorLines(writeEnvironment(validEnvironment({ [id]: validTenant(tenantOverrides) })));
}

describe('environment files in the repository', () => {
  it.each(['dev', 'staging', 'prod', 'local'])('%s.yaml is valid', (env) => {
    const config = loadEnvironment(env, { dir: CONFIG_DIR });
    expect(config.name).toBe(env);
    expect(Object.keys(config.tenants).length).toBeGreaterThan(0);
  });

  it('local holds three example tenants, one per tier', () => {
    const config = loadEnvironment('local', { dir: CONFIG_DIR });
    expect(Object.values(config.tenants).map((t) => t.tier).sort()).toEqual(['large', 'medium', 'small']);
  });

  it('every environment file points editors at the committed JSON Schema', () => {
    for (const env of availableEnvironments(CONFIG_DIR)) {
      expect(fs.readFileSync(path.join(CONFIG_DIR, `${env}.yaml`), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/schema\.json$/m);
    }
  });

  it('environments/schema.json is generated from the zod schema (run `npm run schema` when this fails)', () => {
    expect(fs.readFileSync(path.join(CONFIG_DIR, 'schema.json'), 'utf8')).toBe(environmentJsonSchema());
  });
});

describe('invalid config: one line per problem with file, field path, value and what is allowed', () => {
  it('reports a YAML syntax error with its line', () => {
    const dir = writeEnvironment('account:\n  organization_name: X\ntenants:\n  acme: { name: "unterminated\n    tier: small\n');
    const [line] = errorLines(dir);
    expect(line).toMatch(/^.*test\.yaml: line \d+, column \d+: YAML syntax error: /);
  });

  it('reports a duplicate tenant key as a YAML error at its line', () => {
    const dir = writeEnvironment('tenants:\n  acme: {}\n  acme: {}\n');
    expect(errorLines(dir)[0]).toMatch(/test\.yaml: line 3, column 3: YAML syntax error: Map keys must be unique/);
  });

  it('names an unknown environment and lists the known ones', () => {
    const dir = writeEnvironment(validEnvironment());
    expect(errorLines(dir, 'qa')).toEqual([expect.stringMatching(/qa\.yaml: environment: unknown environment \(got "qa"; one of test /)]);
  });

  it('rejects a duplicate location id at the second occurrence', () => {
    const lines = linesFor({
      locations: [
        { id: 'downtown', name: 'A', state: 'TX' },
        { id: 'uptown', name: 'B', state: 'TX' },
        { id: 'downtown', name: 'C', state: 'TX' },
      ],
    });
    expect(lines).toEqual([expect.stringContaining('tenants.acme.locations[2].id: duplicate location id (also at locations[0]) (got "downtown"; location ids unique within the tenant)')]);
  });

  it.each([
    ['upper case', 'Acme'],
    ['a space', 'acme vision'],
    ['a quote', "acme'"],
    ['a semicolon', 'acme;drop'],
    ['a SQL comment', 'acme--x'],
    ['a leading digit', '1acme'],
    ['one character', 'a'],
    ['31 characters', 'a'.repeat(31)],
  ])('rejects a tenant id with %s', (_, id) => {
    const lines = errorLines(writeEnvironment(validEnvironment({ [id]: validTenant() })));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`: invalid tenant id (got ${JSON.stringify(id)}; a lower-case letter, then 1-29 lower-case letters, digits or _`);
    expect(lines[0]).toMatch(/tenants(\.|\[)/);
  });

  it.each(['platform', 'audit', 'shared'])('rejects the reserved tenant id %s', (id) => {
    expect(errorLines(writeEnvironment(validEnvironment({ [id]: validTenant() })))).toEqual([
      expect.stringContaining(`tenants.${id}: reserved tenant id (got "${id}"; any id but platform, audit, shared; pick another key)`),
    ]);
  });

  it('rejects an unknown tier and lists the tiers', () => {
    expect(linesFor({ tier: 'huge' })).toEqual([expect.stringContaining('tenants.acme.tier: not an allowed value (got "huge"; one of small, medium, large)')]);
  });

  it('rejects an invalid warehouse size', () => {
    expect(linesFor({ tier: 'medium', warehouse_size: 'X-SMALL' })).toEqual([
      expect.stringContaining('tenants.acme.warehouse_size: not an allowed value (got "X-SMALL"; one of XSMALL, SMALL, MEDIUM, LARGE, XLARGE, XXLARGE)'),
    ]);
  });

  it.each([
    [0, 'too small'],
    [86_401, 'too large'],
  ])('rejects auto-suspend of %s seconds', (seconds, problem) => {
    expect(linesFor({ auto_suspend_seconds: seconds })).toEqual([
      expect.stringContaining(`tenants.acme.auto_suspend_seconds: ${problem} (got ${seconds}; a number from 60 to 86400)`),
    ]);
  });

  it('rejects empty locations', () => {
    expect(linesFor({ locations: [] })).toEqual([expect.stringContaining('tenants.acme.locations: must not be empty (got an empty list; at least 1 location, e.g. the two lines "locations:" and "  - { id: main_street, name: Main Street Eye Care, state: TX }")')]);
  });

  it('rejects a misspelt key and suggests the closest known one', () => {
    const [line] = linesFor({ warehose_size: 'SMALL' });
    expect(line).toContain('tenants.acme.warehose_size: unknown field (got "warehose_size"; did you mean "warehouse_size"? known fields: name, tier, locations');
  });

  it('rejects a misspelt top-level key', () => {
    const doc = validEnvironment();
    doc.tenant = doc.tenants;
    delete doc.tenants;
    expect(errorLines(writeEnvironment(doc))[0]).toContain('tenant: unknown field (got "tenant"; did you mean "tenants"?');
  });

  it('reports a missing required field', () => {
    const tenant = validTenant();
    delete tenant.tier;
    expect(errorLines(writeEnvironment(validEnvironment({ acme: tenant })))).toEqual([
      expect.stringContaining('tenants.acme.tier: required field is missing (got nothing; add tier: <small | medium | large>)'),
    ]);
  });

  it('reports a bad location id format inside the list', () => {
    expect(linesFor({ locations: [{ id: 'Down Town', name: 'A', state: 'TX' }] })).toEqual([
      expect.stringContaining('tenants.acme.locations[0].id: invalid location id (got "Down Town"; a lower-case letter, then up to 29'),
    ]);
  });

  it('rejects size and quota on a tenant that uses the pooled warehouse', () => {
    expect(linesFor({ warehouse_size: 'SMALL' })).toEqual([
      expect.stringContaining('tenants.acme.warehouse_size: applies only to a dedicated warehouse (got "SMALL"; remove it, or set dedicated_warehouse: true'),
    ]);
  });

  it('rejects Snowpipe without an external stage, and a landing URL or role that is not S3 / IAM', () => {
    expect(linesFor({ features: { snowpipe: true } })).toEqual([
      expect.stringContaining('tenants.acme.features.snowpipe: Snowpipe needs an external stage to watch (got true; set ingestion.external_stage (url, aws_role_arn)'),
    ]);
    const doc = { ...validEnvironment(), ingestion: { external_stage: { url: 'https://bucket/x', aws_role_arn: 'role/x' } } };
    expect(errorLines(writeEnvironment(doc))).toEqual([
      expect.stringContaining(`ingestion.external_stage.url: invalid S3 URL (got "https://bucket/x"; an S3 URL ending in '/'`),
      expect.stringContaining(`ingestion.external_stage.aws_role_arn: invalid IAM role ARN (got "role/x"; an IAM role ARN`),
    ]);
  });

  it('rejects more than one day of Time Travel on Standard edition', () => {
    const doc = { ...validEnvironment({ acme: validTenant({ data_retention_days: 7 }) }), edition: 'standard' };
    expect(errorLines(writeEnvironment(doc))).toEqual([expect.stringContaining('tenants.acme.data_retention_days: Standard edition keeps Time Travel for at most 1 day (got 7;')]);
  });

  it('rejects a commission rate above 50 %', () => {
    expect(linesFor({ commission_plans: { house: { dispensary_rate: 3 } } })).toEqual([
      expect.stringContaining('tenants.acme.commission_plans.house.dispensary_rate: too large (got 3; a number from 0 to 0.5)'),
    ]);
  });

  it('rejects a malformed task schedule', () => {
    expect(linesFor({ task_schedule: 'every hour' })[0]).toContain("tenants.acme.task_schedule: invalid task schedule (got \"every hour\"; '<1-11520> MINUTE' or 'USING CRON");
  });

  it('reports every problem at once, across tenants', () => {
    const lines = errorLines(
      writeEnvironment(validEnvironment({ acme: validTenant({ tier: 'huge' }), Bad: validTenant(), zeta: validTenant({ locations: [] }) })),
    );
    expect(lines).toHaveLength(3);
  });

  it('accepts a dedicated small tenant with its own size, and cron schedules', () => {
    const dir = writeEnvironment(
      validEnvironment({ acme: validTenant({ dedicated_warehouse: true, warehouse_size: 'SMALL', task_schedule: 'USING CRON 0 6 * * * America/Chicago' }) }),
    );
    expect(loadEnvironment('test', { dir }).tenants.acme!.warehouse_size).toBe('SMALL');
  });
});
