/**
 * L3 platform: the environment's shared objects. The platform database (BENCHMARK for
 * cross-tenant anonymised KPIs, AUDIT for access views), the tenant row access policy on every
 * table there that holds tenant rows, the task that publishes peer percentiles, the platform admin
 * role, and the pooled warehouse small tenants share, with the role that grants its use.
 */
import { Construct } from 'constructs';
import { execute, grantPrivilegesToAccountRole, rowAccessPolicy, storageIntegration, task } from '@cdktf/provider-snowflake';
import { BENCHMARK_PEERS_TASK, CORTEX_USER_ROLE, PLATFORM_SCHEMAS, SYSTEM_ROLES, TENANT_ROWS_POLICY, queryTag } from '../model/names';
import { PLATFORM_DEFAULTS } from '../model/defaults';
import type { EnvironmentPlan } from '../model/plan';
import { SchemaAccessRoles } from './access-roles';
import { DatabaseWithSchemas } from './database';
import { ddlStatements } from './ddl';
import { taskSchedule } from './pipeline';
import { SnowflakeProviders } from './providers';
import { Role } from './role';
import { renderSql, sqlFiles } from './sql';
import { ComputeWarehouse } from './warehouse';

export interface PlatformProps {
  /** The environment's plan (from `model/plan`): its names, platform settings and pooled warehouse. */
  readonly environment: EnvironmentPlan;
}

export class Platform extends Construct {
  readonly database: DatabaseWithSchemas;
  readonly adminRole: Role;
  readonly pooledWarehouse: ComputeWarehouse;
  readonly pooledWarehouseUsage: Role;
  /** Row access on TENANT_ID: the platform admin reads all rows, a tenant's roles their own. */
  readonly tenantRows: rowAccessPolicy.RowAccessPolicy;
  readonly benchmarkPeers: task.Task;

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

    const provider = SnowflakeProviders.of(this).forRole('SYSADMIN');
    const analyst = names.tenantRoleAffixes('ANALYST');
    this.tenantRows = new rowAccessPolicy.RowAccessPolicy(this, 'tenant-rows', {
      provider,
      database: this.database.nameRef,
      schema: this.database.schemaResource('BENCHMARK').name,
      name: TENANT_ROWS_POLICY,
      argument: [{ name: 'TENANT_ID', type: 'VARCHAR' }],
      body: renderSql('policies/tenant_rows.sql', { PLATFORM_ADMIN_ROLE: names.platformAdminRole, TENANT_ROLE_PREFIX: analyst.prefix, TENANT_ROLE_SUFFIX: analyst.suffix }),
      comment: "tenant rows: the platform admin reads all, a tenant's analyst, engineer and admin roles their own",
    });
    // The AUDIT views read SNOWFLAKE.ACCOUNT_USAGE as their owner (SYSADMIN, above the platform admin).
    const accountUsage = new grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole(this, 'account-usage', {
      provider: SnowflakeProviders.of(this).forRole('ACCOUNTADMIN'),
      accountRoleName: this.adminRole.nameRef,
      privileges: ['IMPORTED PRIVILEGES'],
      onAccountObject: { objectType: 'DATABASE', objectName: 'SNOWFLAKE' },
    });
    const ddl = ddlStatements(this, {
      provider,
      files: ['platform/ddl/kpi_monthly.sql', 'platform/ddl/kpi_peers.sql', 'platform/ddl/v_kpi_monthly_rates.sql', ...sqlFiles('platform/ddl').filter((f) => f.includes('/audit_'))],
      databaseName: names.platformDatabase,
      schemas: PLATFORM_SCHEMAS,
      after: [this.tenantRows, accountUsage, ...PLATFORM_SCHEMAS.map((s) => this.database.schemaResource(s))],
      variables: { TENANT_ROLE_PATTERN: names.tenantNamePatterns.role, TENANT_DATABASE_PATTERN: names.tenantNamePatterns.database },
    });
    const { minPeers, schedule } = environment.platform.benchmark;
    this.benchmarkPeers = new task.Task(this, 'benchmark-peers', {
      provider,
      database: this.database.nameRef,
      schema: this.database.schemaResource('BENCHMARK').name,
      name: BENCHMARK_PEERS_TASK,
      started: true,
      schedule: taskSchedule(schedule),
      userTaskManagedInitialWarehouseSize: PLATFORM_DEFAULTS.serverlessTaskInitialSize,
      sqlStatement: renderSql('platform/benchmark_peers.sql', { MIN_PEERS: String(minPeers) }),
      suspendTaskAfterNumFailures: PLATFORM_DEFAULTS.taskSuspendAfterFailures,
      allowOverlappingExecution: 'false',
      queryTag: queryTag('benchmark'),
      comment: `publishes peer percentiles of the tenants' monthly KPIs over at least ${minPeers} tenants`,
      dependsOn: ddl,
    });

    // Tenants with features.cortex get Cortex through their analyst role (Role.grantCortexUse); no one else.
    const cortexRole = { CORTEX_USER_ROLE: `${CORTEX_USER_ROLE.database}.${CORTEX_USER_ROLE.name}` };
    new execute.Execute(this, 'cortex-public-revoke', {
      provider: SnowflakeProviders.of(this).forRole('ACCOUNTADMIN'),
      execute: renderSql('cortex/public_revoke.sql', cortexRole),
      revert: renderSql('cortex/public_grant.sql', cortexRole),
    });

    const external = environment.platform.externalStage;
    if (external) {
      // Account-level, so the platform owns it; tenants' external stages (SYSADMIN) use it.
      const integration = new storageIntegration.StorageIntegration(this, 'exports-s3', {
        provider: SnowflakeProviders.of(this).forRole('ACCOUNTADMIN'),
        name: external.integration,
        type: 'EXTERNAL_STAGE',
        storageProvider: 'S3',
        storageAwsRoleArn: external.awsRoleArn,
        storageAllowedLocations: [external.url],
        enabled: true,
        comment: `eyecare ${environment.env}: practices' exports under ${external.url}, for Snowpipe`,
      });
      new grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole(this, 'exports-s3-usage', {
        provider: SnowflakeProviders.of(this).forRole('ACCOUNTADMIN'),
        accountRoleName: SYSTEM_ROLES.sysadmin,
        privileges: ['USAGE'],
        onAccountObject: { objectType: 'INTEGRATION', objectName: integration.name },
      });
    }

    const plan = environment.platform.pooledWarehouse;
    this.pooledWarehouse = ComputeWarehouse.fromPlan(this, 'pooled-warehouse', plan, `eyecare ${environment.env} pooled warehouse for small tenants`);
    this.pooledWarehouseUsage = new Role(this, 'pooled-usage', {
      name: names.pooledWarehouseUsageRole,
      comment: `use of ${plan.name}; granted to small tenants' functional roles`,
    });
    this.pooledWarehouse.grantUsage(this.pooledWarehouseUsage);
    this.pooledWarehouse.grant(this.adminRole, 'OPERATE', 'to-platform-admin');
    this.pooledWarehouseUsage.grantTo(this.adminRole, 'to-platform-admin');
  }
}
