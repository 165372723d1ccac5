import * as fs from 'node:fs';
import * as path from 'node:path';
import { SynthesizedStack, readSynthesized } from '../../synthesized/read';
import { buildRoleGraph, findIsolationLeaks, inheritedRoles, sharedRolesReachingTenants } from '../../synthesized/role-graph';
import { validEnvironment, validTenant, writeEnvironment } from '../helpers/config';
import { synthTo } from '../helpers/synth';

const isTenantStack = (stack: string) => stack.includes('-tenant-');

describe('role graph from the synthesized grants', () => {
  let stacks: SynthesizedStack[];
  let outdir: string;

  beforeAll(async () => {
    // Prefix-sharing ids and every tier: the cases most likely to cross wires.
    const configDir = writeEnvironment(
      validEnvironment({
        acme: validTenant({ tier: 'small' }),
        acme_raw: validTenant({ tier: 'medium' }),
        acme_marts: validTenant({ tier: 'large' }),
        zenith: validTenant({ tier: 'small' }),
      }),
    );
    outdir = await synthTo({ env: 'test', configDir });
    stacks = readSynthesized(outdir);
  });

  it('no role of one tenant reaches any role or object of another tenant', () => {
    expect(findIsolationLeaks(buildRoleGraph(stacks), isTenantStack)).toEqual([]);
  });

  it('the analyst reads only its own marts; the admin holds every tenant role', () => {
    const graph = buildRoleGraph(stacks);
    const analystReach = [...inheritedRoles(graph, 'TEST_ACME_ANALYST')].flatMap((r) => [...(graph.privileges.get(r) ?? [])]);
    // Its own marts, the pool, and the shared benchmark schema (where the tenant policy narrows the rows).
    expect(new Set(analystReach)).toEqual(new Set(['DATABASE:TEST_ACME', 'SCHEMA:TEST_ACME.MARTS', 'WAREHOUSE:TEST_SHARED_WH', 'DATABASE:TEST_PLATFORM', 'SCHEMA:TEST_PLATFORM.BENCHMARK']));
    const admin = inheritedRoles(graph, 'TEST_ACME_ADMIN');
    for (const role of ['TEST_ACME_ENGINEER', 'TEST_ACME_ANALYST', 'TEST_ACME_LOCATION_MANAGER', 'TEST_ACME_RAW_FULL', 'TEST_ACME_MARTS_RO']) {
      expect(admin.has(role)).toBe(true);
    }
    expect([...admin].some((r) => r.startsWith('TEST_ACME_RAW_') && r !== 'TEST_ACME_RAW_RO' && r !== 'TEST_ACME_RAW_RW' && r !== 'TEST_ACME_RAW_FULL')).toBe(false);
  });

  it('small tenants use the pooled warehouse through the shared usage role, which holds no tenant role', () => {
    const graph = buildRoleGraph(stacks);
    expect(inheritedRoles(graph, 'TEST_ACME_ANALYST').has('TEST_SHARED_WH_USAGE')).toBe(true);
    expect([...(graph.privileges.get('TEST_SHARED_WH_USAGE') ?? [])]).toEqual(['WAREHOUSE:TEST_SHARED_WH']);
    expect(sharedRolesReachingTenants(graph, isTenantStack, new Set(['TEST_PLATFORM_ADMIN']))).toEqual([]);
  });

  it('Cortex: the analysts (and admins) of medium and large tenants inherit SNOWFLAKE.CORTEX_USER, small ones do not, and sharing it is no path between them', () => {
    const graph = buildRoleGraph(stacks);
    const cortex = (role: string) => inheritedRoles(graph, role).has('SNOWFLAKE.CORTEX_USER');
    expect(['ACME', 'ACME_RAW', 'ACME_MARTS', 'ZENITH'].map((t) => [t, cortex(`TEST_${t}_ANALYST`), cortex(`TEST_${t}_ADMIN`)])).toEqual([
      ['ACME', false, false],
      ['ACME_RAW', true, true],
      ['ACME_MARTS', true, true],
      ['ZENITH', false, false],
    ]);
    expect(graph.owner.has('SNOWFLAKE.CORTEX_USER')).toBe(false);
  });

  it('tenant admins roll up to the platform admin, which rolls up to SYSADMIN', () => {
    const graph = buildRoleGraph(stacks);
    const platform = inheritedRoles(graph, 'TEST_PLATFORM_ADMIN');
    for (const tenant of ['ACME', 'ACME_RAW', 'ACME_MARTS', 'ZENITH']) expect(platform.has(`TEST_${tenant}_ADMIN`)).toBe(true);
    expect(inheritedRoles(graph, 'SYSADMIN').has('TEST_PLATFORM_ADMIN')).toBe(true);
  });

  it('catches a deliberately planted cross-tenant grant, with the path', () => {
    const file = path.join(outdir, 'stacks', 'test-tenant-zenith', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.resource.snowflake_grant_account_role.planted = { role_name: 'TEST_ACME_MARTS_RO', parent_role_name: '${snowflake_account_role.tenant_role-analyst_role_planted.name}' };
    json.resource.snowflake_account_role['tenant_role-analyst_role_planted'] = { name: 'TEST_ZENITH_ANALYST' };
    fs.writeFileSync(file, JSON.stringify(json));
    const leaks = findIsolationLeaks(buildRoleGraph(readSynthesized(outdir)), isTenantStack);
    expect(leaks).toContainEqual(expect.objectContaining({ role: 'TEST_ZENITH_ANALYST', reaches: 'TEST_ACME_MARTS_RO', reachesStack: 'test-tenant-acme' }));
  });
});
