/**
 * The platform's cross-tenant objects in the synthesized stacks. Benchmark: the tenant policy and
 * the tables it protects from creation, the peer task, each sharing tenant's feed after its KPI
 * mart. Audit: views over ACCOUNT_USAGE under the same policy, readable by tenant admins, and
 * query tags on every task. Onboarding never touches the platform stack (tests/stacks/synth.test.ts).
 */
import { SynthesizedStack, readSynthesized, resolveReference } from '../../synthesized/read';
import { validEnvironment, validTenant, writeEnvironment } from '../helpers/config';
import { synthTo } from '../helpers/synth';
import { RAW_TABLES } from '../../model/ingestion';

type Resource = SynthesizedStack['resources'][number];

describe('benchmark', () => {
  let stacks: readonly SynthesizedStack[];
  const stack = (name: string) => stacks.find((s) => s.name === name)!.resources;
  const ofType = (resources: readonly Resource[], type: string) => resources.filter((r) => r.type === type);
  const task = (resources: readonly Resource[], name: string) => ofType(resources, 'snowflake_task').find((r) => r.config.name === name);

  beforeAll(async () => {
    const doc = {
      ...validEnvironment({ acme: validTenant(), bolt: validTenant({ name: 'Bolt Optical', features: { benchmark: false } }) }),
      platform: { benchmark_min_peers: 4 },
    };
    const outdir = await synthTo({ env: 'test', configDir: writeEnvironment(doc) });
    stacks = readSynthesized(outdir);
  });

  it('the platform declares the tenant policy: its admin reads all rows, a tenant its analyst hierarchy', () => {
    const [policy] = ofType(stack('test-platform'), 'snowflake_row_access_policy');
    expect(policy!.config).toMatchObject({ name: 'TENANT_ROWS', argument: [{ name: 'TENANT_ID', type: 'VARCHAR' }] });
    expect(String(policy!.config.body)).toContain("IS_ROLE_IN_SESSION('TEST_PLATFORM_ADMIN')");
    expect(String(policy!.config.body)).toContain("IS_ROLE_IN_SESSION('TEST_' || UPPER(tenant_id) || '_ANALYST')");
  });

  it('every platform table or view holding tenant rows is created with the policy, after the policy exists', () => {
    const executes = ofType(stack('test-platform'), 'snowflake_execute');
    const withTenants = executes.filter((r) => /CREATE [\s\S]*\bTENANT_ID\b/.test(String(r.config.execute)));
    expect(withTenants.map((r) => /CREATE TABLE IF NOT EXISTS ("\w+"\.\w+\.\w+)/.exec(String(r.config.execute))?.[1])).toContain('"TEST_PLATFORM".BENCHMARK.KPI_MONTHLY');
    for (const r of withTenants) {
      expect([r.address, String(r.config.execute)]).toEqual([r.address, expect.stringContaining('WITH ROW ACCESS POLICY "TEST_PLATFORM".BENCHMARK.TENANT_ROWS ON (TENANT_ID)')]);
    }
    const first = executes.find((r) => String(r.config.execute).includes('BENCHMARK.KPI_MONTHLY'))!;
    expect(first.config.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^snowflake_row_access_policy\./)]));
  });

  it('the peer task runs serverless on the daily schedule and publishes only over the configured peer count', () => {
    const peers = task(stack('test-platform'), 'BENCHMARK_PEERS')!;
    expect(peers.config).toMatchObject({ schedule: { using_cron: '0 7 * * * UTC' }, user_task_managed_initial_warehouse_size: 'XSMALL', started: true });
    expect(String(peers.config.sql_statement)).toContain('HAVING COUNT(VALUE) >= 4');
  });

  it("a sharing tenant's graph feeds its own rows after the KPI mart, and its analyst reads the benchmark schema", () => {
    const acme = stack('test-tenant-acme');
    const feed = task(acme, 'BENCHMARK_FEED')!;
    expect(String(feed.config.sql_statement)).toContain('MERGE INTO TEST_PLATFORM.BENCHMARK.KPI_MONTHLY t');
    expect(String(feed.config.sql_statement)).toMatch(/'acme'\s+AS TENANT_ID/);
    expect(String(feed.config.sql_statement)).not.toMatch(/\{\{/);
    expect(feed.config.after).toEqual([expect.stringContaining('mart_kpi_location_daily')]);
    const dq = task(acme, 'DQ_CHECKS')!;
    expect(dq.config.after).toEqual(expect.arrayContaining([expect.stringContaining('benchmark_feed')]));
    const acmeStack = stacks.find((s) => s.name === 'test-tenant-acme')!;
    const grants = ofType(acme, 'snowflake_grant_account_role').map((r) => [resolveReference(acmeStack, r.config.role_name), resolveReference(acmeStack, r.config.parent_role_name)]);
    expect(grants).toContainEqual(['TEST_PLATFORM_BENCHMARK_RO', 'TEST_ACME_ANALYST']);
  });

  it('a tenant that opts out has no feed and no read access', () => {
    const bolt = stack('test-tenant-bolt');
    expect(task(bolt, 'BENCHMARK_FEED')).toBeUndefined();
    expect(ofType(bolt, 'snowflake_grant_account_role').map((r) => r.config.role_name)).not.toContain('TEST_PLATFORM_BENCHMARK_RO');
    expect(ofType(bolt, 'snowflake_task').map((r) => String(r.config.sql_statement)).join('\n')).not.toContain('BENCHMARK');
  });

  it('the platform admin gets IMPORTED PRIVILEGES on SNOWFLAKE from ACCOUNTADMIN, before the AUDIT views exist', () => {
    const platform = stack('test-platform');
    const grant = ofType(platform, 'snowflake_grant_privileges_to_account_role').find((r) => (r.config.privileges as string[]).includes('IMPORTED PRIVILEGES'))!;
    expect(grant.config).toMatchObject({ provider: 'snowflake.accountadmin', on_account_object: { object_type: 'DATABASE', object_name: 'SNOWFLAKE' } });
    const views = ofType(platform, 'snowflake_execute').filter((r) => /CREATE OR REPLACE SECURE VIEW "TEST_PLATFORM".AUDIT\./.test(String(r.config.execute)));
    expect(views.map((r) => /AUDIT\.(\w+)/.exec(String(r.config.execute))![1]).sort()).toEqual(['CORTEX_USAGE', 'LOGIN_HISTORY', 'PHI_ACCESS', 'QUERY_HISTORY']);
    const first = ofType(platform, 'snowflake_execute').find((r) => String(r.config.execute).includes('BENCHMARK.KPI_MONTHLY'))!;
    expect(first.config.depends_on).toEqual(expect.arrayContaining([`snowflake_grant_privileges_to_account_role.${grant.name}`]));
    const text = (name: string) => String(views.find((r) => String(r.config.execute).includes(`AUDIT.${name}`))!.config.execute);
    const rolePattern = "'^TEST_(.+)_(ADMIN|ENGINEER|ANALYST|LOCATION_MANAGER|CLINICIAN|RAW_RO|RAW_RW|RAW_FULL|STAGING_RO|STAGING_RW|STAGING_FULL|MARTS_RO|MARTS_RW|MARTS_FULL)$'";
    expect(text('QUERY_HISTORY')).toContain(rolePattern);
    expect(text('LOGIN_HISTORY')).toContain(rolePattern);
    expect(text('CORTEX_USAGE')).toContain(rolePattern);
    for (const view of ['CORTEX_USAGE', 'LOGIN_HISTORY', 'PHI_ACCESS', 'QUERY_HISTORY']) expect(text(view)).toContain('WITH ROW ACCESS POLICY "TEST_PLATFORM".BENCHMARK.TENANT_ROWS ON (TENANT_ID)');
    expect(text('PHI_ACCESS')).toContain("'^TEST_(.+)$'");
  });

  it("every tenant's admin reads the AUDIT schema, and every task tags its queries with tenant and component", () => {
    for (const id of ['acme', 'bolt']) {
      const tenantStack = stacks.find((s) => s.name === `test-tenant-${id}`)!;
      const grants = ofType(tenantStack.resources, 'snowflake_grant_account_role').map((r) => [resolveReference(tenantStack, r.config.role_name), resolveReference(tenantStack, r.config.parent_role_name)]);
      expect(grants).toContainEqual(['TEST_PLATFORM_AUDIT_RO', `TEST_${id.toUpperCase()}_ADMIN`]);
      for (const t of ofType(tenantStack.resources, 'snowflake_task')) {
        expect([t.config.name, JSON.parse(String(t.config.query_tag))]).toEqual([t.config.name, { app: 'eyecare', tenant: id, component: 'pipeline' }]);
      }
    }
    expect(JSON.parse(String(task(stack('test-platform'), 'BENCHMARK_PEERS')!.config.query_tag))).toEqual({ app: 'eyecare', component: 'benchmark' });
  });
});

describe('Snowpipe', () => {
  let stacks: readonly SynthesizedStack[];
  const resources = (name: string, type: string) => stacks.find((s) => s.name === name)!.resources.filter((r) => r.type === type);

  beforeAll(async () => {
    const doc = {
      ...validEnvironment({ acme: validTenant(), bolt: validTenant({ name: 'Bolt Optical', features: { snowpipe: true } }) }),
      ingestion: { external_stage: { url: 's3://eyecare-exports/practices/', aws_role_arn: 'arn:aws:iam::123456789012:role/eyecare-ingest' } },
    };
    const outdir = await synthTo({ env: 'prod', configDir: writeEnvironment(doc, 'prod') });
    stacks = readSynthesized(outdir);
  });

  it('the platform declares the storage integration on the landing URL, usable by SYSADMIN', () => {
    const [integration] = resources('prod-platform', 'snowflake_storage_integration');
    expect(integration!.config).toMatchObject({
      provider: 'snowflake.accountadmin',
      name: 'PROD_EXPORTS_S3',
      type: 'EXTERNAL_STAGE',
      storage_provider: 'S3',
      storage_aws_role_arn: 'arn:aws:iam::123456789012:role/eyecare-ingest',
      storage_allowed_locations: ['s3://eyecare-exports/practices/'],
    });
    const usage = resources('prod-platform', 'snowflake_grant_privileges_to_account_role').find((r) => (r.config.on_account_object as { object_type?: string } | undefined)?.object_type === 'INTEGRATION')!;
    expect(usage.config).toMatchObject({ account_role_name: 'SYSADMIN', privileges: ['USAGE'] });
  });

  it("an opted-in tenant gets an external stage on its own prefix and a protected, auto-ingesting pipe per entity", () => {
    const stages = resources('prod-tenant-bolt', 'snowflake_stage').map((r) => r.config.name).sort();
    expect(stages).toEqual(['LANDING', 'LANDING_S3']);
    const s3 = resources('prod-tenant-bolt', 'snowflake_stage').find((r) => r.config.name === 'LANDING_S3')!;
    expect(s3.config).toMatchObject({ url: 's3://eyecare-exports/practices/bolt/', storage_integration: 'PROD_EXPORTS_S3', lifecycle: { prevent_destroy: true } });
    const pipes = resources('prod-tenant-bolt', 'snowflake_pipe');
    expect(pipes).toHaveLength(RAW_TABLES.length);
    const appointments = pipes.find((p) => p.config.name === 'APPOINTMENTS_PIPE')!;
    expect(appointments.config).toMatchObject({ auto_ingest: true, lifecycle: { prevent_destroy: true } });
    expect(String(appointments.config.copy_statement)).toContain('COPY INTO PROD_BOLT.RAW.APPOINTMENTS (');
    expect(String(appointments.config.copy_statement)).toContain('FROM @PROD_BOLT.RAW.LANDING_S3/appointments/)');
    expect(String(appointments.config.copy_statement)).toContain("FILE_FORMAT = (FORMAT_NAME = 'PROD_BOLT.RAW.CSV_EXPORT')");
    expect(resources('prod-tenant-acme', 'snowflake_pipe')).toEqual([]);
    expect(resources('prod-tenant-acme', 'snowflake_stage').map((r) => r.config.name)).toEqual(['LANDING']);
  });
});

describe('cortex: only the roles of tenants with features.cortex may call it', () => {
  let stacks: readonly SynthesizedStack[];
  const stack = (name: string) => stacks.find((s) => s.name === name)!;
  const grantsOf = (name: string) => stack(name).resources.filter((r) => r.type === 'snowflake_grant_database_role');

  beforeAll(async () => {
    const doc = validEnvironment({
      small: validTenant(),
      medium: validTenant({ name: 'Medium Optical', tier: 'medium' }),
      optout: validTenant({ name: 'Opt Out Vision', tier: 'large', features: { cortex: false } }),
      optin: validTenant({ name: 'Opt In Eyes', features: { cortex: true } }),
    });
    stacks = readSynthesized(await synthTo({ env: 'test', configDir: writeEnvironment(doc) }));
  });

  it('the platform takes CORTEX_USER from PUBLIC as ACCOUNTADMIN, and gives it back on destroy', () => {
    const revoke = stack('test-platform').resources.filter((r) => r.type === 'snowflake_execute' && String(r.config.execute).includes('CORTEX_USER'));
    expect(revoke.map((r) => r.config)).toEqual([
      expect.objectContaining({
        execute: expect.stringMatching(/REVOKE DATABASE ROLE SNOWFLAKE\.CORTEX_USER FROM ROLE PUBLIC$/),
        revert: expect.stringMatching(/GRANT DATABASE ROLE SNOWFLAKE\.CORTEX_USER TO ROLE PUBLIC$/),
        provider: 'snowflake.accountadmin',
      }),
    ]);
  });

  it.each([
    ['medium', true],
    ['optin', true],
    ['small', false],
    ['optout', false],
  ])('tenant %s: its analyst role is granted CORTEX_USER: %s (the engineer and admin inherit it)', (tenant, granted) => {
    const s = stack(`test-tenant-${tenant}`);
    const grants = grantsOf(`test-tenant-${tenant}`);
    expect(grants.map((g) => [g.config.database_role_name, resolveReference(s, g.config.parent_role_name)])).toEqual(granted ? [['"SNOWFLAKE"."CORTEX_USER"', `TEST_${tenant.toUpperCase()}_ANALYST`]] : []);
  });
});
