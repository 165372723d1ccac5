import fc from 'fast-check';
import { RESERVED_TENANT_IDS, TENANT_ID_PATTERN } from '../../environments/schema';
import {
  ACCESS_LEVELS,
  EnvironmentNames,
  FUNCTIONAL_ROLES,
  MAX_IDENTIFIER_LENGTH,
  NamingError,
  PLATFORM_SCHEMAS,
  TENANT_NAME_SUFFIXES,
  TENANT_SCHEMAS,
  TenantNames,
  qualified,
} from '../../model/names';

const SNOWFLAKE_UNQUOTED = /^[A-Z_][A-Z0-9_$]*$/;

/** Valid tenant ids as the contract defines them, reserved ones excluded. */
const tenantId = fc
  .tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_'), minLength: 1, maxLength: 29 }))
  .map(([head, tail]) => head + tail)
  .filter((id) => !(RESERVED_TENANT_IDS as readonly string[]).includes(id));
const environment = fc.constantFrom('dev', 'staging', 'prod', 'local', 'qa2');

/** Every identifier a tenant owns, by Snowflake name space. */
function tenantIdentifiers(names: TenantNames): Record<keyof typeof TENANT_NAME_SUFFIXES, string[]> {
  return {
    database: [names.database],
    warehouse: [names.warehouse],
    resourceMonitor: [names.resourceMonitor],
    role: [...FUNCTIONAL_ROLES.map((r) => names.functionalRole(r)), ...TENANT_SCHEMAS.flatMap((s) => ACCESS_LEVELS.map((l) => names.accessRole(s, l)))],
  };
}

function platformIdentifiers(env: EnvironmentNames): Record<keyof typeof TENANT_NAME_SUFFIXES, string[]> {
  return {
    database: [env.platformDatabase],
    warehouse: [env.pooledWarehouse],
    resourceMonitor: [env.pooledResourceMonitor],
    role: [env.platformAdminRole, env.pooledWarehouseUsageRole, ...PLATFORM_SCHEMAS.flatMap((s) => ACCESS_LEVELS.map((l) => env.platformSchemaRole(s, l)))],
  };
}

describe('naming', () => {
  it('follows the contract for the example tenant', () => {
    const names = new EnvironmentNames('prod').tenant('acme');
    expect(names.database).toBe('PROD_ACME');
    expect(names.functionalRole('ANALYST')).toBe('PROD_ACME_ANALYST');
    expect(names.accessRole('MARTS', 'RW')).toBe('PROD_ACME_MARTS_RW');
    expect(names.stack).toBe('prod-tenant-acme');
    expect(new EnvironmentNames('prod').platformDatabase).toBe('PROD_PLATFORM');
    expect(new EnvironmentNames('prod').platformAdminRole).toBe('PROD_PLATFORM_ADMIN');
    expect(names.schemaRef('RAW')).toBe('"PROD_ACME"."RAW"');
  });

  it('every valid tenant id yields valid Snowflake identifiers', () => {
    fc.assert(
      fc.property(environment, tenantId, (env, id) => {
        expect(TENANT_ID_PATTERN.test(id)).toBe(true);
        for (const name of Object.values(tenantIdentifiers(new EnvironmentNames(env).tenant(id))).flat()) {
          expect(name).toMatch(SNOWFLAKE_UNQUOTED);
          expect(name.length).toBeLessThanOrEqual(MAX_IDENTIFIER_LENGTH);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('different tenants (and the platform) never share an identifier in any name space', () => {
    fc.assert(
      fc.property(environment, fc.uniqueArray(tenantId, { minLength: 2, maxLength: 8 }), (env, ids) => {
        const environmentNames = new EnvironmentNames(env);
        const owners = [platformIdentifiers(environmentNames), ...ids.map((id) => tenantIdentifiers(environmentNames.tenant(id)))];
        for (const space of Object.keys(TENANT_NAME_SUFFIXES) as (keyof typeof TENANT_NAME_SUFFIXES)[]) {
          const all = owners.flatMap((o) => o[space]);
          expect(new Set(all).size).toBe(all.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shares nothing even when one tenant id extends another (acme / acme_raw / acme_marts)', () => {
    const env = new EnvironmentNames('prod');
    const ids = ['acme', 'acme_raw', 'acme_marts', 'acme_staging_ro', 'acme_location', 'platform_admin', 'shared_wh'];
    const roles = ids.flatMap((id) => tenantIdentifiers(env.tenant(id)).role).concat(platformIdentifiers(env).role);
    expect(new Set(roles).size).toBe(roles.length);
  });

  it('no suffix in a name space ends with another (the reason prefixes cannot collide)', () => {
    for (const suffixes of Object.values(TENANT_NAME_SUFFIXES)) {
      for (const a of suffixes) for (const b of suffixes) if (a !== b) expect(a.endsWith(b)).toBe(false);
    }
  });

  it.each(['Acme', 'acme;drop', "a'b", 'platform', ''])('refuses to build names from the invalid tenant id %j', (id) => {
    expect(() => new EnvironmentNames('prod').tenant(id)).toThrow(NamingError);
  });

  it('refuses an invalid environment name and invalid qualified parts', () => {
    expect(() => new EnvironmentNames('Prod')).toThrow(NamingError);
    expect(() => qualified('DB', 'bad"name')).toThrow(NamingError);
  });
});

test("the SQL affixes around a tenant id build exactly that tenant's functional role (what the platform policy relies on)", () => {
  fc.assert(
    fc.property(environment, tenantId, fc.constantFrom(...FUNCTIONAL_ROLES), (env, id, role) => {
      const names = new EnvironmentNames(env);
      const { prefix, suffix } = names.tenantRoleAffixes(role);
      return prefix + id.toUpperCase() + suffix === names.tenant(id).functionalRole(role);
    }),
  );
});
