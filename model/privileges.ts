/**
 * Privilege bundles as data. Each access level lists only what it adds; the level below is
 * granted to it as a role (RO → RW → FULL), so RO ⊂ RW ⊂ FULL holds by construction and each
 * privilege is granted exactly once.
 */
import type { AccessLevel, FunctionalRole, TenantSchema } from './names';

/** Object types granted per schema, as the provider's `object_type_plural` spells them. */
export type SchemaObjectType = 'TABLES' | 'VIEWS' | 'STREAMS' | 'TASKS' | 'STAGES' | 'FILE FORMATS';

export interface PrivilegeBundle {
  /** The level whose role is granted to this one, if any. */
  readonly inherits?: AccessLevel;
  readonly database: readonly string[];
  readonly schema: readonly string[];
  /** Privileges on every current and future object of a type in the schema. */
  readonly objects: Readonly<Partial<Record<SchemaObjectType, readonly string[]>>>;
}

export const ACCESS_BUNDLES: Readonly<Record<AccessLevel, PrivilegeBundle>> = {
  RO: {
    database: ['USAGE'],
    schema: ['USAGE'],
    objects: { TABLES: ['SELECT'], VIEWS: ['SELECT'] },
  },
  RW: {
    inherits: 'RO',
    database: [],
    schema: [],
    objects: { TABLES: ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'], STREAMS: ['SELECT'], STAGES: ['READ', 'WRITE'], 'FILE FORMATS': ['USAGE'] },
  },
  FULL: {
    inherits: 'RW',
    database: ['MONITOR'],
    schema: ['MONITOR', 'CREATE TABLE', 'CREATE VIEW', 'CREATE STREAM', 'CREATE TASK', 'CREATE STAGE', 'CREATE FILE FORMAT', 'CREATE PIPE'],
    objects: { TASKS: ['MONITOR', 'OPERATE'] },
  },
};

/** Every privilege a level holds, its inherited ones included. */
export function effectivePrivileges(level: AccessLevel): Set<string> {
  const out = new Set<string>();
  for (let current: AccessLevel | undefined = level; current; current = ACCESS_BUNDLES[current].inherits) {
    const bundle = ACCESS_BUNDLES[current];
    bundle.database.forEach((p) => out.add(`DATABASE:${p}`));
    bundle.schema.forEach((p) => out.add(`SCHEMA:${p}`));
    for (const [type, privileges] of Object.entries(bundle.objects)) privileges?.forEach((p) => out.add(`${type}:${p}`));
  }
  return out;
}

/** What a role may do with a warehouse: USE runs queries on it; OPERATE also resumes, suspends and watches it. */
export type WarehouseAccessLevel = 'USE' | 'OPERATE';

export interface WarehouseBundle {
  /** The level whose privileges this one holds too, if any. */
  readonly inherits?: WarehouseAccessLevel;
  /** Privileges on the warehouse this level adds. */
  readonly warehouse: readonly string[];
}

/**
 * Warehouse privileges by level. As with the schema bundles, a level lists only what it adds (USE ⊂
 * OPERATE by construction); a warehouse grant is one grant of the level's full list, inherited first.
 */
export const WAREHOUSE_BUNDLES: Readonly<Record<WarehouseAccessLevel, WarehouseBundle>> = {
  USE: { warehouse: ['USAGE'] },
  OPERATE: { inherits: 'USE', warehouse: ['OPERATE', 'MONITOR'] },
};

/** Every warehouse privilege a level holds, inherited ones first (the order a grant lists them in). */
export function warehousePrivileges(level: WarehouseAccessLevel): readonly string[] {
  const bundle = WAREHOUSE_BUNDLES[level];
  return [...(bundle.inherits ? warehousePrivileges(bundle.inherits) : []), ...bundle.warehouse];
}

export interface FunctionalGrant {
  /** Access roles (schema, level) granted to the functional role. */
  readonly access: readonly { readonly schema: TenantSchema; readonly level: AccessLevel }[];
  /** Access to the tenant's (or the pooled) warehouse. */
  readonly warehouse: WarehouseAccessLevel;
  /** Functional roles rolled up into this one. */
  readonly includes: readonly FunctionalRole[];
}

/**
 * What each functional role may do. Analysts and location managers read marts only (the row
 * access policy narrows a location manager's rows); engineers build the pipeline and see PHI
 * masked; the clinical role sees it clear; the admin holds everything.
 */
export const FUNCTIONAL_GRANTS: Readonly<Record<FunctionalRole, FunctionalGrant>> = {
  ANALYST: { access: [{ schema: 'MARTS', level: 'RO' }], warehouse: 'USE', includes: [] },
  LOCATION_MANAGER: { access: [{ schema: 'MARTS', level: 'RO' }], warehouse: 'USE', includes: [] },
  /** Sees patient detail in STAGING clear (the PHI masking policies let it through). */
  CLINICIAN: {
    access: [
      { schema: 'STAGING', level: 'RO' },
      { schema: 'MARTS', level: 'RO' },
    ],
    warehouse: 'USE',
    includes: [],
  },
  ENGINEER: {
    access: [
      { schema: 'RAW', level: 'RW' },
      { schema: 'STAGING', level: 'FULL' },
      { schema: 'MARTS', level: 'FULL' },
    ],
    warehouse: 'OPERATE',
    includes: ['ANALYST'],
  },
  ADMIN: {
    access: [{ schema: 'RAW', level: 'FULL' }],
    warehouse: 'OPERATE',
    includes: ['ENGINEER', 'LOCATION_MANAGER', 'CLINICIAN'],
  },
};
