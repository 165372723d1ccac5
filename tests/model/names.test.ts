import fc from 'fast-check';
import { RESERVED_TENANT_IDS, TENANT_ID_PATTERN } from '../../environments/schema';
import {
  ACCESS_LEVELS,
  BENCHMARK_TABLE,
  EnvironmentNames,
  FINALIZER_TASK,
  FUNCTIONAL_ROLES,
  MAX_IDENTIFIER_LENGTH,
  NamingError,
  PLATFORM_SCHEMAS,
  POLICY_REFS,
  ROOT_TASK,
  TENANT_NAME_SUFFIXES,
  TENANT_POLICIES,
  TENANT_ROWS_POLICY,
  TENANT_SCHEMAS,
  TenantNames,
  pipelineNames,
  qualified,
  rawNames,
  schemaObject,
} from '../../model/names';
import { ENTITIES } from '../../model/entities';
import * as ingestion from '../../model/ingestion';

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

describe('object names', () => {
  const env = new EnvironmentNames('prod');
  const acme = env.tenant('acme');

  it('qualifies schema-relative, tenant and platform objects, unquoted', () => {
    expect(schemaObject('STAGING', 'STG_PMS__APPOINTMENTS')).toBe('STAGING.STG_PMS__APPOINTMENTS');
    expect(schemaObject('BENCHMARK', BENCHMARK_TABLE)).toBe('BENCHMARK.KPI_MONTHLY');
    expect(acme.schemaName('MARTS')).toBe('PROD_ACME.MARTS');
    expect(acme.object('RAW', 'APPOINTMENTS')).toBe('PROD_ACME.RAW.APPOINTMENTS');
    expect(acme.object('MARTS', 'KPI_LOCATION_DAILY')).toBe('PROD_ACME.MARTS.KPI_LOCATION_DAILY');
    expect(env.platformObject('AUDIT', 'PHI_ACCESS')).toBe('PROD_PLATFORM.AUDIT.PHI_ACCESS');
    expect(env.benchmarkTable).toBe('PROD_PLATFORM.BENCHMARK.KPI_MONTHLY');
    expect(env.benchmarkTable).toBe(env.platformObject('BENCHMARK', BENCHMARK_TABLE));
  });

  it.each(['kpi', 'KPI; DROP TABLE X', 'A.B', '"KPI"', '', '_KPI', 'K'.repeat(MAX_IDENTIFIER_LENGTH + 1)])('refuses to qualify the invalid object name %j', (object) => {
    expect(() => schemaObject('MARTS', object)).toThrow(NamingError);
    expect(() => acme.object('MARTS', object)).toThrow(NamingError);
    expect(() => env.platformObject('BENCHMARK', object)).toThrow(NamingError);
  });

  it('names the platform objects', () => {
    expect(BENCHMARK_TABLE).toBe('KPI_MONTHLY');
    expect(TENANT_ROWS_POLICY).toBe('TENANT_ROWS');
  });

  it("names a tenant's policies, and their schema-relative references", () => {
    expect(TENANT_POLICIES).toEqual({
      locationAccess: { schema: 'MARTS', name: 'LOCATION_ACCESS' },
      phiText: { schema: 'STAGING', name: 'PHI_TEXT' },
      phiDate: { schema: 'STAGING', name: 'PHI_DATE' },
    });
    expect(POLICY_REFS).toEqual({ locationAccess: 'MARTS.LOCATION_ACCESS', phiText: 'STAGING.PHI_TEXT', phiDate: 'STAGING.PHI_DATE' });
  });
});

describe('RAW names', () => {
  it('names the file formats, stages, streams and pipes', () => {
    expect(rawNames.fileFormats).toEqual({ csv: 'CSV_EXPORT', ndjson: 'NDJSON_EXPORT' });
    expect(rawNames.landingStage).toBe('LANDING');
    expect(rawNames.externalLandingStage).toBe('LANDING_S3');
    expect(rawNames.stream('APPOINTMENTS')).toBe('APPOINTMENTS_STREAM');
    expect(rawNames.pipe('OPTICAL_ORDER_LINES')).toBe('OPTICAL_ORDER_LINES_PIPE');
  });

  it("each RAW table's stream is named by rawNames", () => {
    for (const plan of ingestion.RAW_TABLES) expect(plan.stream).toBe(`${plan.table}_STREAM`);
  });

  it('every entity of the catalog yields valid RAW and STAGING identifiers', () => {
    for (const { table } of ENTITIES) {
      for (const name of [table, rawNames.stream(table), rawNames.pipe(table), pipelineNames.stagingTable(table), ...Object.values(rawNames.fileFormats), rawNames.landingStage, rawNames.externalLandingStage]) {
        expect(name).toMatch(SNOWFLAKE_UNQUOTED);
        expect(name.length).toBeLessThanOrEqual(MAX_IDENTIFIER_LENGTH);
      }
    }
  });

  it.each(['appointments', 'APPOINTMENTS; DROP', 'A-B', 'A'.repeat(MAX_IDENTIFIER_LENGTH)])('refuses to build from the invalid table name %j', (table) => {
    expect(() => rawNames.stream(table)).toThrow(NamingError);
    expect(() => rawNames.pipe(table)).toThrow(NamingError);
    expect(() => pipelineNames.stagingTable(table)).toThrow(NamingError);
  });

  it('refuses a stream or pipe of no table, which would start with an underscore', () => {
    expect(() => rawNames.stream('')).toThrow(NamingError);
    expect(() => rawNames.pipe('')).toThrow(NamingError);
  });
});

describe('pipeline names', () => {
  it('names the fixed tasks', () => {
    expect(pipelineNames.rootTask).toBe('PIPELINE_ROOT');
    expect(pipelineNames.finalizerTask).toBe('PIPELINE_FINALIZER');
    expect(pipelineNames.benchmarkFeedTask).toBe('BENCHMARK_FEED');
    expect(ROOT_TASK).toBe(pipelineNames.rootTask);
    expect(FINALIZER_TASK).toBe(pipelineNames.finalizerTask);
  });

  it("names a refresh's task and the table it writes after its sql/ file", () => {
    expect(pipelineNames.stagingTask('appointments')).toBe('STG_APPOINTMENTS');
    expect(pipelineNames.stagingTask('optical_order_lines')).toBe('STG_OPTICAL_ORDER_LINES');
    expect(pipelineNames.martTask('kpi_location_daily')).toBe('MART_KPI_LOCATION_DAILY');
    expect(pipelineNames.qualityTask('dq_checks')).toBe('DQ_CHECKS');
    expect(pipelineNames.stagingTable('APPOINTMENTS')).toBe('STG_PMS__APPOINTMENTS');
    expect(pipelineNames.martTable('kpi_location_daily')).toBe('KPI_LOCATION_DAILY');
    expect(pipelineNames.qualityResultsTable).toBe('DQ_RESULTS');
  });

  it.each(['bad-name', 'v.x', "x'y", 'x'.repeat(MAX_IDENTIFIER_LENGTH + 1)])('refuses to build task or table names from the invalid refresh name %j', (refresh) => {
    expect(() => pipelineNames.stagingTask(refresh)).toThrow(NamingError);
    expect(() => pipelineNames.martTask(refresh)).toThrow(NamingError);
    expect(() => pipelineNames.qualityTask(refresh)).toThrow(NamingError);
    expect(() => pipelineNames.martTable(refresh)).toThrow(NamingError);
  });

  it.each(['1st', '_x', ''])('refuses the unprefixed names of the refresh %j, which would not start with a letter', (refresh) => {
    expect(() => pipelineNames.qualityTask(refresh)).toThrow(NamingError);
    expect(() => pipelineNames.martTable(refresh)).toThrow(NamingError);
  });

  it('valid refresh names give valid identifiers, and a layer prefix keeps the fixed tasks apart', () => {
    const refresh = fc
      .tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_'), maxLength: 60 }))
      .map(([head, tail]) => head + tail);
    const fixed: string[] = [pipelineNames.rootTask, pipelineNames.finalizerTask, pipelineNames.benchmarkFeedTask];
    fc.assert(
      fc.property(refresh, (name) => {
        for (const built of [pipelineNames.stagingTask(name), pipelineNames.martTask(name), pipelineNames.qualityTask(name), pipelineNames.martTable(name)]) {
          expect(built).toMatch(SNOWFLAKE_UNQUOTED);
          expect(built.length).toBeLessThanOrEqual(MAX_IDENTIFIER_LENGTH);
        }
        expect(fixed).not.toContain(pipelineNames.stagingTask(name));
        expect(fixed).not.toContain(pipelineNames.martTask(name));
      }),
    );
  });
});
