/**
 * The one module that builds Snowflake identifiers. Nothing else concatenates names.
 *
 * Every identifier is upper case `[A-Z][A-Z0-9_]*`, built only from validated ids (environment
 * name, tenant id) and constants, so it is safe unquoted in SQL and needs no escaping. Cross-tenant
 * uniqueness: tenant-scoped names are `<ENV>_<TENANT><SUFFIX>` and no suffix in a name space ends
 * with another suffix of the same name space (checked in tests), so two tenants can never produce
 * the same name even when one id is a prefix of the other (`acme` / `acme_raw`). Multi-part names
 * (`SCHEMA.OBJECT`, `DB.SCHEMA.OBJECT`, `"DB"."SCHEMA"`) are joined here too, from checked parts.
 */
import { ENVIRONMENT_NAME_PATTERN, TENANT_ID_PATTERN, RESERVED_TENANT_IDS } from '../environments/schema';
import type { FileFormat } from './entities';

export const MAX_IDENTIFIER_LENGTH = 255;
const IDENTIFIER = /^[A-Z][A-Z0-9_]*$/;

/** Schemas every tenant database has, in pipeline order. */
export const TENANT_SCHEMAS = ['RAW', 'STAGING', 'MARTS'] as const;
export type TenantSchema = (typeof TENANT_SCHEMAS)[number];

export const PLATFORM_SCHEMAS = ['BENCHMARK', 'AUDIT'] as const;
export type PlatformSchema = (typeof PLATFORM_SCHEMAS)[number];

/** Access-role bundles per schema, least to most privileged (RO ⊂ RW ⊂ FULL). */
export const ACCESS_LEVELS = ['RO', 'RW', 'FULL'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Functional roles of a tenant: what people and services are granted. */
export const FUNCTIONAL_ROLES = ['ADMIN', 'ENGINEER', 'ANALYST', 'LOCATION_MANAGER', 'CLINICIAN'] as const;
export type FunctionalRole = (typeof FUNCTIONAL_ROLES)[number];

/** The platform task that publishes benchmark peer percentiles, in `<ENV>_PLATFORM.BENCHMARK`. */
export const BENCHMARK_PEERS_TASK = 'BENCHMARK_PEERS';
/** The platform table of tenants' anonymised monthly KPI rows, in `<ENV>_PLATFORM.BENCHMARK`. */
export const BENCHMARK_TABLE = 'KPI_MONTHLY';
/** The row access policy on TENANT_ID over the platform's tenant rows, in `<ENV>_PLATFORM.BENCHMARK`. */
export const TENANT_ROWS_POLICY = 'TENANT_ROWS';

/** Snowflake's system roles our roles roll up to. */
export const SYSTEM_ROLES = { sysadmin: 'SYSADMIN', securityadmin: 'SECURITYADMIN', accountadmin: 'ACCOUNTADMIN' } as const;

/**
 * The database role of Snowflake's own SNOWFLAKE database that lets a role call Cortex AI
 * functions (AI_COMPLETE and the rest). A new account grants it to PUBLIC; the platform takes it
 * back and grants it to the tenants with `features.cortex`.
 */
export const CORTEX_USER_ROLE = { database: 'SNOWFLAKE', name: 'CORTEX_USER' } as const;

export class NamingError extends Error {}

/** The `<organization>-<account>` identifier a driver connects to (snowflake-sdk's `account`). */
export function accountIdentifier(account: { readonly organization_name: string; readonly account_name: string }): string {
  return `${account.organization_name}-${account.account_name}`;
}

function checked(name: string): string {
  if (!IDENTIFIER.test(name) || name.length > MAX_IDENTIFIER_LENGTH) {
    throw new NamingError(`internal: built an invalid Snowflake identifier ${JSON.stringify(name)}`);
  }
  return name;
}

/** `"DB"."SCHEMA"` / `"DB"."SCHEMA"."OBJECT"`: the form the provider's grant arguments expect. */
export function qualified(...parts: string[]): string {
  return parts.map((p) => `"${checked(p)}"`).join('.');
}

/**
 * `SCHEMA.OBJECT`, unquoted: how DDL, task bodies and dependency headers name an object of their
 * own database (the database is the session's, or qualifies it later).
 */
export function schemaObject(schema: TenantSchema | PlatformSchema, object: string): string {
  return `${checked(schema)}.${checked(object)}`;
}

/** Names of one environment's platform-level objects. */
export class EnvironmentNames {
  readonly prefix: string;

  constructor(readonly env: string) {
    if (!ENVIRONMENT_NAME_PATTERN.test(env)) {
      throw new NamingError(`environment name ${JSON.stringify(env)} must match ${ENVIRONMENT_NAME_PATTERN}`);
    }
    this.prefix = env.toUpperCase();
  }

  get platformStack(): string {
    return `${this.env}-platform`;
  }
  get platformDatabase(): string {
    return checked(`${this.prefix}_PLATFORM`);
  }
  get platformAdminRole(): string {
    return checked(`${this.prefix}_PLATFORM_ADMIN`);
  }
  /** Read access to the platform schemas, e.g. `PROD_PLATFORM_BENCHMARK_RO`. */
  platformSchemaRole(schema: PlatformSchema, level: AccessLevel): string {
    return checked(`${this.prefix}_PLATFORM_${schema}_${level}`);
  }
  /** The storage integration Snowflake reads the practices' S3 exports through. */
  get storageIntegration(): string {
    return checked(`${this.prefix}_EXPORTS_S3`);
  }
  /** `<ENV>_PLATFORM.<SCHEMA>.<OBJECT>`, unquoted: a platform object named from outside its database. */
  platformObject(schema: PlatformSchema, object: string): string {
    return `${this.platformDatabase}.${schemaObject(schema, object)}`;
  }
  /** Tenants' anonymised monthly KPI rows, `<ENV>_PLATFORM.BENCHMARK.KPI_MONTHLY`: each tenant's graph writes its own. */
  get benchmarkTable(): string {
    return this.platformObject('BENCHMARK', BENCHMARK_TABLE);
  }
  /**
   * How a tenant's functional role name is built from its id, for SQL that maps a row's TENANT_ID
   * to the tenant's role: `'<prefix>' || UPPER(TENANT_ID) || '<suffix>'` (tested against `tenant()`).
   */
  tenantRoleAffixes(role: FunctionalRole): { readonly prefix: string; readonly suffix: string } {
    return { prefix: `${this.prefix}_`, suffix: `_${role}` };
  }
  /**
   * Regular expressions (the same in Snowflake's and DuckDB's engines) whose group 1 is the tenant
   * id, upper-cased, in one of its role names or its database name: how audit rows are attributed.
   * Unique because no role suffix ends with another; the platform's own names give `PLATFORM`.
   */
  get tenantNamePatterns(): { readonly role: string; readonly database: string } {
    const suffixes = TENANT_NAME_SUFFIXES.role.map((s) => s.slice(1)).join('|');
    return { role: `^${this.prefix}_(.+)_(${suffixes})$`, database: `^${this.prefix}_(.+)$` };
  }
  get pooledWarehouse(): string {
    return checked(`${this.prefix}_SHARED_WH`);
  }
  get pooledResourceMonitor(): string {
    return checked(`${this.prefix}_SHARED_RM`);
  }
  /** Role that may use the pooled warehouse; granted to small tenants' functional roles. */
  get pooledWarehouseUsageRole(): string {
    return checked(`${this.prefix}_SHARED_WH_USAGE`);
  }

  tenant(tenantId: string): TenantNames {
    return new TenantNames(this, tenantId);
  }
}

/**
 * The session QUERY_TAG of the platform's own work (tasks, CLI sessions): JSON that the AUDIT views
 * read the component (and tenant, where there is one) from.
 */
export function queryTag(component: string, tenantId?: string): string {
  return JSON.stringify({ app: 'eyecare', ...(tenantId ? { tenant: tenantId } : {}), component });
}

/** Names of one tenant's objects. */
export class TenantNames {
  readonly prefix: string;

  constructor(
    readonly environment: EnvironmentNames,
    readonly tenantId: string,
  ) {
    if (!TENANT_ID_PATTERN.test(tenantId) || (RESERVED_TENANT_IDS as readonly string[]).includes(tenantId)) {
      throw new NamingError(`tenant id ${JSON.stringify(tenantId)} is not valid (validate the config first)`);
    }
    this.prefix = `${environment.prefix}_${tenantId.toUpperCase()}`;
  }

  get stack(): string {
    return `${this.environment.env}-tenant-${this.tenantId}`;
  }
  get database(): string {
    return checked(this.prefix);
  }
  get warehouse(): string {
    return checked(`${this.prefix}_WH`);
  }
  get resourceMonitor(): string {
    return checked(`${this.prefix}_RM`);
  }
  functionalRole(role: FunctionalRole): string {
    return checked(`${this.prefix}_${role}`);
  }
  accessRole(schema: TenantSchema, level: AccessLevel): string {
    return checked(`${this.prefix}_${schema}_${level}`);
  }
  /** Fully qualified schema in the provider's quoted form. */
  schemaRef(schema: TenantSchema): string {
    return qualified(this.database, schema);
  }
  /** `<DB>.<SCHEMA>`, unquoted: one of the tenant's schemas named from outside its database. */
  schemaName(schema: TenantSchema): string {
    return `${this.database}.${checked(schema)}`;
  }
  /** `<DB>.<SCHEMA>.<OBJECT>`, unquoted: one of the tenant's objects named from outside its database. */
  object(schema: TenantSchema, object: string): string {
    return `${this.database}.${schemaObject(schema, object)}`;
  }
}

/**
 * Names in a tenant's RAW schema, schema-relative (the tenant database qualifies them). A RAW table
 * is named by the entity catalog (`EntitySpec.table`); what is built on it is built here.
 */
export const rawNames = {
  /** Named file formats, one per export format. */
  fileFormats: { csv: 'CSV_EXPORT', ndjson: 'NDJSON_EXPORT' } as Readonly<Record<FileFormat, string>>,
  /** The internal stage practice exports are put into, one folder per entity. */
  landingStage: 'LANDING',
  /** The external (S3) stage Snowpipe watches, `<url><tenant>/`, one folder per entity. */
  externalLandingStage: 'LANDING_S3',
  /** The stream on a RAW table, e.g. `APPOINTMENTS_STREAM`. */
  stream: (table: string): string => checked(`${table}_STREAM`),
  /** Whether a schema-qualified object (`RAW.APPOINTMENTS_STREAM`) is a stream on a RAW table. */
  isStream: (object: string): boolean => /^RAW\.[A-Z0-9_]+_STREAM$/.test(object),
  /** The Snowpipe that auto-ingests a RAW table's files from the external stage, e.g. `APPOINTMENTS_PIPE`. */
  pipe: (table: string): string => checked(`${table}_PIPE`),
} as const;

/**
 * Names of a tenant's pipeline: its task graph (tasks live in STAGING) and the tables its refreshes
 * write. A refresh is named by its `sql/` body's file name (`appointments`, `kpi_location_daily`).
 */
export const pipelineNames = {
  /** The root task: runs when any RAW stream has data. */
  rootTask: 'PIPELINE_ROOT',
  /** The finalizer task: records every run of the root's graph. */
  finalizerTask: 'PIPELINE_FINALIZER',
  /** The task that merges the tenant's monthly KPIs into the platform benchmark table. */
  benchmarkFeedTask: 'BENCHMARK_FEED',
  /** A staging refresh's task, e.g. `STG_APPOINTMENTS`. */
  stagingTask: (refresh: string): string => checked(`STG_${refresh.toUpperCase()}`),
  /** A mart refresh's task, e.g. `MART_KPI_LOCATION_DAILY`. */
  martTask: (refresh: string): string => checked(`MART_${refresh.toUpperCase()}`),
  /** An insight refresh's task, e.g. `INSIGHT_KPI_ANOMALY_DAILY`. */
  insightTask: (refresh: string): string => checked(`INSIGHT_${refresh.toUpperCase()}`),
  /** A data-quality refresh's task, e.g. `DQ_CHECKS`. */
  qualityTask: (refresh: string): string => checked(refresh.toUpperCase()),
  /** The STAGING table a RAW table is typed into, e.g. `STG_PMS__APPOINTMENTS`. */
  stagingTable: (rawTable: string): string => checked(`STG_PMS__${rawTable}`),
  /** The MARTS table a mart refresh writes, e.g. `KPI_LOCATION_DAILY`. */
  martTable: (refresh: string): string => checked(refresh.toUpperCase()),
  /** The STAGING table the data-quality refreshes write. */
  qualityResultsTable: 'DQ_RESULTS',
} as const;

/** The pipeline's root task (kept as a constant: the task graph and the local runner start from it). */
export const ROOT_TASK = pipelineNames.rootTask;
/** The pipeline's finalizer task. */
export const FINALIZER_TASK = pipelineNames.finalizerTask;

/**
 * A tenant's data-protection policies and the schema each lives in: location row access on MARTS,
 * PHI masking on STAGING.
 */
export const TENANT_POLICIES = {
  locationAccess: { schema: 'MARTS', name: 'LOCATION_ACCESS' },
  phiText: { schema: 'STAGING', name: 'PHI_TEXT' },
  phiDate: { schema: 'STAGING', name: 'PHI_DATE' },
} as const satisfies Record<string, { readonly schema: TenantSchema; readonly name: string }>;
export type TenantPolicy = keyof typeof TENANT_POLICIES;

/** The policies schema-relative, e.g. `MARTS.LOCATION_ACCESS`: how attachments in DDL name them. */
export const POLICY_REFS = Object.fromEntries(
  Object.entries(TENANT_POLICIES).map(([policy, { schema, name }]) => [policy, schemaObject(schema, name)]),
) as Readonly<Record<TenantPolicy, string>>;

/**
 * Suffixes per Snowflake name space, exported so tests can prove no suffix ends with another
 * (the property that keeps tenants' names disjoint).
 */
export const TENANT_NAME_SUFFIXES = {
  database: [''],
  warehouse: ['_WH'],
  resourceMonitor: ['_RM'],
  role: [
    ...FUNCTIONAL_ROLES.map((r) => `_${r}`),
    ...TENANT_SCHEMAS.flatMap((s) => ACCESS_LEVELS.map((l) => `_${s}_${l}`)),
  ],
} as const;
