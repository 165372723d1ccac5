/**
 * L3 tenant: everything one practice group owns. Its database with RAW / STAGING / MARTS, access
 * roles per schema, functional roles that people get, and compute: its own warehouse under a
 * credit monitor, or the platform's pooled warehouse for small tenants.
 *
 * Refers to platform objects only by their deterministic names, never by cross-stack tokens, so
 * adding a tenant never changes the platform stack.
 */
import { Construct } from 'constructs';
import { FUNCTIONAL_ROLES, FunctionalRole, POLICY_REFS, TENANT_SCHEMAS, TenantSchema, queryTag } from '../model/names';
import { FUNCTIONAL_GRANTS } from '../model/privileges';
import type { EnvironmentPlan, TenantPlan } from '../model/plan';
import { SchemaAccessRoles } from './access-roles';
import { DatabaseWithSchemas } from './database';
import { RawIngestion } from './ingestion';
import { TenantPipeline } from './pipeline';
import { TenantPolicies } from './policies';
import { Role } from './role';
import { ComputeWarehouse } from './warehouse';

export interface TenantProps {
  /** The environment's plan (from `model/plan`): the platform's names the tenant refers to by name. */
  readonly environment: EnvironmentPlan;
  /** This tenant's plan: its names, tier settings, features and its own warehouse, if it has one. */
  readonly tenant: TenantPlan;
}

export class Tenant extends Construct {
  readonly database: DatabaseWithSchemas;
  readonly warehouse?: ComputeWarehouse;
  readonly ingestion: RawIngestion;
  readonly pipeline: TenantPipeline;
  private readonly access = new Map<TenantSchema, SchemaAccessRoles>();
  private readonly functional = new Map<FunctionalRole, Role>();

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, id);
    const { tenant, environment } = props;
    const names = tenant.names;
    const label = `eyecare tenant ${tenant.id} (${tenant.displayName})`;

    this.database = new DatabaseWithSchemas(this, 'database', {
      name: names.database,
      schemas: TENANT_SCHEMAS,
      dataRetentionDays: tenant.dataRetentionDays,
      comment: label,
    });
    const staging = this.database.schemaResource('STAGING');
    const marts = this.database.schemaResource('MARTS');
    const policies = new TenantPolicies(this, 'policies', { names, database: this.database.nameRef, staging, marts });
    this.ingestion = new RawIngestion(this, 'raw', {
      database: this.database,
      dataRetentionDays: tenant.dataRetentionDays,
      phiMaskingPolicy: policies.phiText.fullyQualifiedName,
      ...(tenant.features.snowpipe && environment.platform.externalStage
        ? { externalStage: { url: `${environment.platform.externalStage.url}${tenant.id}/`, storageIntegration: environment.platform.externalStage.integration } }
        : {}),
    });
    this.pipeline = new TenantPipeline(this, 'pipeline', {
      database: this.database.nameRef,
      databaseName: names.database,
      commissionPlans: tenant.commissionPlans,
      recommendationTargets: tenant.recommendationTargets,
      policies: {
        ...POLICY_REFS,
        dependsOn: [policies.locationAccess, policies.phiText, policies.phiDate],
      },
      schemas: { staging, marts },
      schedule: tenant.taskSchedule,
      queryTag: queryTag('pipeline', tenant.id),
      ...(tenant.features.benchmark ? { benchmark: { tenantId: tenant.id, table: environment.names.benchmarkTable } } : {}),
      ...(tenant.serverlessTasks ? {} : { warehouse: tenant.computeWarehouse }),
    });
    for (const schema of TENANT_SCHEMAS) {
      this.access.set(schema, new SchemaAccessRoles(this, `access-${schema.toLowerCase()}`, {
        database: this.database,
        schema,
        roleName: (level) => names.accessRole(schema, level),
      }));
    }

    for (const role of FUNCTIONAL_ROLES) {
      this.functional.set(role, new Role(this, `role-${role.toLowerCase().replace(/_/g, '-')}`, {
        name: names.functionalRole(role),
        comment: `${role} of ${label}`,
      }));
    }

    if (tenant.warehouse) this.warehouse = ComputeWarehouse.fromPlan(this, 'warehouse', tenant.warehouse, label);

    for (const roleId of FUNCTIONAL_ROLES) {
      const role = this.functional.get(roleId)!;
      const grants = FUNCTIONAL_GRANTS[roleId];
      for (const { schema, level } of grants.access) {
        this.access.get(schema)!.grant(level, role, `to-${roleId.toLowerCase()}`);
      }
      for (const included of grants.includes) this.functional.get(included)!.grantTo(role, `to-${roleId.toLowerCase()}`);
      if (this.warehouse) this.warehouse.grant(role, grants.warehouse, `to-${roleId.toLowerCase()}`);
      else role.inherit(environment.names.pooledWarehouseUsageRole, 'pooled-warehouse');
    }
    // The analyst role (and the engineer and admin above it) reads the benchmark schema: the
    // tenant policy there narrows KPI_MONTHLY to the tenant's own rows; KPI_PEERS is for everyone.
    if (tenant.features.benchmark) this.functionalRole('ANALYST').inherit(environment.names.platformSchemaRole('BENCHMARK', 'RO'), 'benchmark-reader');
    // Cortex writes the analyst's briefs (eyecare ask); the engineer and admin inherit it.
    if (tenant.features.cortex) this.functionalRole('ANALYST').grantCortexUse();
    // The tenant admin reads the AUDIT views, narrowed to the tenant's rows by the tenant policy.
    this.functionalRole('ADMIN').inherit(environment.names.platformSchemaRole('AUDIT', 'RO'), 'audit-reader');
    // Tenant admins roll up to the platform admin, which rolls up to SYSADMIN (platform stack).
    this.functionalRole('ADMIN').grantTo(environment.names.platformAdminRole, 'to-platform-admin');
  }

  functionalRole(role: FunctionalRole): Role {
    return this.functional.get(role)!;
  }

  accessRoles(schema: TenantSchema): SchemaAccessRoles {
    return this.access.get(schema)!;
  }
}
