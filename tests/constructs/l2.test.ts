import { Construct } from 'constructs';
import { Testing } from 'cdktf';
import { accountRole, database, grantAccountRole, grantDatabaseRole, grantPrivilegesToAccountRole, provider, resourceMonitor, schema, warehouse } from '@cdktf/provider-snowflake';
import { SchemaAccessRoles } from '../../constructs/access-roles';
import { DatabaseWithSchemas } from '../../constructs/database';
import { PROTECT_DATA_CONTEXT, SnowflakeProviders } from '../../constructs/providers';
import { CreditMonitor } from '../../constructs/resource-monitor';
import { Role } from '../../constructs/role';
import { ComputeWarehouse } from '../../constructs/warehouse';

function synth(build: (scope: Construct) => void, protect?: boolean): string {
  return Testing.synthScope((scope) => {
    if (protect !== undefined) scope.node.setContext(PROTECT_DATA_CONTEXT, protect);
    SnowflakeProviders.create(scope, { organizationName: 'ORG', accountName: 'ACCT' });
    build(scope);
  });
}

function resources(synthesized: string, type: string): Record<string, Record<string, unknown>>[] {
  return Object.values((JSON.parse(synthesized).resource?.[type] ?? {}) as Record<string, Record<string, unknown>>) as never;
}

describe('SnowflakeProviders', () => {
  it('pins the account but carries no credentials', () => {
    const out = synth(() => undefined);
    expect(out).toHaveProviderWithProperties(provider.SnowflakeProvider, { organization_name: 'ORG', account_name: 'ACCT', role: 'SYSADMIN' });
    expect(out).toHaveProviderWithProperties(provider.SnowflakeProvider, { alias: 'securityadmin', role: 'SECURITYADMIN' });
    expect(out).not.toMatch(/password|private_key|"user"|token/);
  });
});

describe('ComputeWarehouse', () => {
  const build = (scope: Construct, props: Partial<ConstructorParameters<typeof ComputeWarehouse>[2]> = {}) =>
    new ComputeWarehouse(scope, 'wh', { name: 'T_WH', monitor: new CreditMonitor(scope, 'rm', { name: 'T_RM', creditQuota: 10 }), ...props });

  it('defaults: suspended at creation, auto-resume, 60 s auto-suspend, statement timeouts, monitored', () => {
    expect(synth((s) => build(s))).toHaveResourceWithProperties(warehouse.Warehouse, {
      name: 'T_WH',
      warehouse_size: 'XSMALL',
      warehouse_type: 'STANDARD',
      auto_suspend: 60,
      auto_resume: 'true',
      initially_suspended: true,
      statement_timeout_in_seconds: 3600,
      statement_queued_timeout_in_seconds: 600,
      resource_monitor: expect.stringMatching(/^\$\{snowflake_resource_monitor\.rm_monitor_[0-9A-F]{8}\.name\}$/),
      provider: 'snowflake.accountadmin',
    });
  });

  it('is single-cluster unless asked, and multi-cluster scales economically', () => {
    const single = resources(synth((s) => build(s)), 'snowflake_warehouse')[0]!;
    expect(single.max_cluster_count).toBeUndefined();
    expect(synth((s) => build(s, { maxClusterCount: 3 }))).toHaveResourceWithProperties(warehouse.Warehouse, { min_cluster_count: 1, max_cluster_count: 3, scaling_policy: 'ECONOMY' });
  });

  it.each([0, 86_401, 1.5])('refuses auto-suspend %s with the construct path', (seconds) => {
    expect(() => synth((s) => build(s, { autoSuspendSeconds: seconds }))).toThrow(/stack\/wh: autoSuspendSeconds must be 1 to 86400 \(got .*\); 0 would never suspend/);
  });

  it('grantUsage grants USAGE on the warehouse to the role', () => {
    const out = synth((s) => build(s).grantUsage('SOME_ROLE'));
    expect(out).toHaveResourceWithProperties(grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole, {
      account_role_name: 'SOME_ROLE',
      privileges: ['USAGE'],
      on_account_object: { object_type: 'WAREHOUSE', object_name: expect.stringMatching(/^\$\{snowflake_warehouse\.wh_warehouse_[0-9A-F]{8}\.name\}$/) },
    });
  });

  it('grant gives a level its bundle, inherited privileges first, in one grant', () => {
    const out = synth((s) => build(s).grant('SOME_ROLE', 'OPERATE', 'to-some-role'));
    const grants = resources(out, 'snowflake_grant_privileges_to_account_role');
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ account_role_name: 'SOME_ROLE', privileges: ['USAGE', 'OPERATE', 'MONITOR'], on_account_object: { object_type: 'WAREHOUSE' } });
  });
});

describe('CreditMonitor', () => {
  it('defaults: notify at 75 and 90 %, suspend at 100 %, suspend immediately at 110 %', () => {
    expect(synth((s) => new CreditMonitor(s, 'rm', { name: 'T_RM', creditQuota: 30 }))).toHaveResourceWithProperties(resourceMonitor.ResourceMonitor, {
      name: 'T_RM',
      credit_quota: 30,
      notify_triggers: [75, 90],
      suspend_trigger: 100,
      suspend_immediate_trigger: 110,
      provider: 'snowflake.accountadmin',
    });
  });

  it('refuses a zero quota, too many notify thresholds and inverted triggers', () => {
    expect(() => synth((s) => new CreditMonitor(s, 'rm', { name: 'X', creditQuota: 0 }))).toThrow(/creditQuota must be above 0/);
    expect(() => synth((s) => new CreditMonitor(s, 'rm', { name: 'X', creditQuota: 1, notifyAt: [10, 20, 30, 40, 50, 60] }))).toThrow(/at most 5/);
    expect(() => synth((s) => new CreditMonitor(s, 'rm', { name: 'X', creditQuota: 1, suspendAt: 100, suspendImmediateAt: 90 }))).toThrow(/must not be below suspendAt/);
  });
});

describe('DatabaseWithSchemas', () => {
  const build = (scope: Construct, props: Partial<ConstructorParameters<typeof DatabaseWithSchemas>[2]> = {}) =>
    new DatabaseWithSchemas(scope, 'db', { name: 'T_DB', schemas: ['RAW', 'MARTS'], ...props });

  it('defaults: 1 day of Time Travel, PUBLIC dropped, managed-access schemas', () => {
    const out = synth((s) => build(s));
    expect(out).toHaveResourceWithProperties(database.Database, { name: 'T_DB', data_retention_time_in_days: 1, drop_public_schema_on_creation: true, provider: 'snowflake' });
    expect(out).toHaveResourceWithProperties(schema.Schema, { name: 'RAW', with_managed_access: 'true', data_retention_time_in_days: 1 });
    expect(out).toHaveResourceWithProperties(schema.Schema, { name: 'MARTS', with_managed_access: 'true' });
  });

  it('protects the database and schemas from destroy when the stack asks', () => {
    const protectedOut = synth((s) => build(s), true);
    expect(protectedOut).toHaveResourceWithProperties(database.Database, { lifecycle: { prevent_destroy: true } });
    expect(resources(protectedOut, 'snowflake_schema').every((r) => (r.lifecycle as { prevent_destroy?: boolean })?.prevent_destroy === true)).toBe(true);
    expect(resources(synth((s) => build(s), false), 'snowflake_database')[0]!.lifecycle).toBeUndefined();
  });

  it('refuses a schema it does not have', () => {
    expect(() => synth((s) => build(s).schemaRef('STAGING'))).toThrow(/stack\/db: no schema STAGING \(has RAW, MARTS\)/);
  });
});

describe('Role and SchemaAccessRoles', () => {
  it('Role.grantTo builds the hierarchy through the role resource', () => {
    const out = synth((s) => new Role(s, 'r', { name: 'CHILD' }).grantTo('PARENT'));
    expect(out).toHaveResourceWithProperties(accountRole.AccountRole, { name: 'CHILD', provider: 'snowflake.securityadmin' });
    expect(out).toHaveResourceWithProperties(grantAccountRole.GrantAccountRole, { role_name: expect.stringMatching(/^\$\{snowflake_account_role\.r_role_[0-9A-F]{8}\.name\}$/), parent_role_name: 'PARENT' });
  });

  it('Role.grantCortexUse grants Snowflake\'s CORTEX_USER database role to the role, as ACCOUNTADMIN', () => {
    const out = synth((s) => new Role(s, 'r', { name: 'T_ANALYST' }).grantCortexUse());
    expect(resources(out, 'snowflake_grant_database_role')).toHaveLength(1);
    expect(out).toHaveResourceWithProperties(grantDatabaseRole.GrantDatabaseRole, {
      database_role_name: '"SNOWFLAKE"."CORTEX_USER"',
      parent_role_name: expect.stringMatching(/^\$\{snowflake_account_role\.r_role_[0-9A-F]{8}\.name\}$/),
      provider: 'snowflake.accountadmin',
    });
  });

  it('grants each bundle on current and future objects, and chains RO → RW → FULL', () => {
    const out = synth((s) => {
      const db = new DatabaseWithSchemas(s, 'db', { name: 'T_DB', schemas: ['MARTS'] });
      new SchemaAccessRoles(s, 'marts', { database: db, schema: 'MARTS', roleName: (level) => `T_MARTS_${level}` });
    });
    const grants = resources(out, 'snowflake_grant_privileges_to_account_role');
    const future = grants.filter((g) => (g.on_schema_object as { future?: unknown })?.future);
    const all = grants.filter((g) => (g.on_schema_object as { all?: unknown })?.all);
    expect(future.length).toBe(all.length);
    expect(out).toHaveResourceWithProperties(grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole, {
      privileges: ['SELECT'],
      on_schema_object: { future: { object_type_plural: 'TABLES', in_schema: '"T_DB"."MARTS"' } },
      depends_on: [expect.stringMatching(/^snowflake_schema\.db_marts_[0-9A-F]{8}$/)],
    });
    const roleGrants = resources(out, 'snowflake_grant_account_role').map((g) => [g.role_name, g.parent_role_name]);
    expect(roleGrants).toHaveLength(2);
    expect(JSON.stringify(roleGrants)).toMatch(/marts_ro_role.*marts_rw_role/);
    expect(JSON.stringify(roleGrants)).toMatch(/marts_rw_role.*marts_full_role/);
  });
});
