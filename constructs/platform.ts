/**
 * L3 platform: the environment's shared objects. The platform database (BENCHMARK for
 * cross-tenant anonymised KPIs, AUDIT for access views), the platform admin role, and the pooled
 * warehouse small tenants share, with the role that grants its use.
 */
import { Construct } from 'constructs';
import { PLATFORM_SCHEMAS, SYSTEM_ROLES } from '../model/names';
import type { EnvironmentPlan } from '../model/plan';
import { SchemaAccessRoles } from './access-roles';
import { DatabaseWithSchemas } from './database';
import { Role } from './role';
import { ComputeWarehouse } from './warehouse';

export interface PlatformProps {
  readonly environment: EnvironmentPlan;
}

export class Platform extends Construct {
  readonly database: DatabaseWithSchemas;
  readonly adminRole: Role;
  readonly pooledWarehouse: ComputeWarehouse;
  readonly pooledWarehouseUsage: Role;

  constructor(scope: Construct, id: string, props: PlatformProps) {
    super(scope, id);
    const { environment } = props;
    const names = environment.names;

    this.adminRole = new Role(this, 'admin', { name: names.platformAdminRole, comment: `eyecare ${environment.env} platform admin` });
    this.adminRole.grantTo(SYSTEM_ROLES.sysadmin, 'to-sysadmin');

    this.database = new DatabaseWithSchemas(this, 'database', {
      name: names.platformDatabase,
      schemas: PLATFORM_SCHEMAS,
      dataRetentionDays: environment.platform.dataRetentionDays,
      comment: `eyecare ${environment.env} platform: cross-tenant benchmarks and audit`,
    });
    for (const schema of PLATFORM_SCHEMAS) {
      const access = new SchemaAccessRoles(this, `access-${schema.toLowerCase()}`, {
        database: this.database,
        schema,
        roleName: (level) => names.platformSchemaRole(schema, level),
      });
      access.grant('FULL', this.adminRole, 'to-platform-admin');
    }

    const plan = environment.platform.pooledWarehouse;
    this.pooledWarehouse = ComputeWarehouse.fromPlan(this, 'pooled-warehouse', plan, `eyecare ${environment.env} pooled warehouse for small tenants`);
    this.pooledWarehouseUsage = new Role(this, 'pooled-usage', {
      name: names.pooledWarehouseUsageRole,
      comment: `use of ${plan.name}; granted to small tenants' functional roles`,
    });
    this.pooledWarehouse.grantUsage(this.pooledWarehouseUsage);
    this.pooledWarehouse.grant(this.adminRole, ['USAGE', 'OPERATE', 'MONITOR'], 'to-platform-admin');
    this.pooledWarehouseUsage.grantTo(this.adminRole, 'to-platform-admin');
  }
}
