/**
 * The two kinds of stack: `<env>-platform` and `<env>-tenant-<id>`. Each has its own state and
 * its own provider blocks; tenant stacks depend on the platform stack (recorded in the manifest
 * by name, see `synth.ts`), never on its tokens.
 */
import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { EnvironmentPlan, TenantPlan } from '../model/plan';
import { Platform } from '../constructs/platform';
import { INGESTION_PREVIEW_FEATURES } from '../constructs/ingestion';
import { PROTECT_DATA_CONTEXT, SnowflakeProviders } from '../constructs/providers';
import { Tenant } from '../constructs/tenant';

abstract class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, name: string, environment: EnvironmentPlan) {
    super(scope, name);
    this.node.setContext(PROTECT_DATA_CONTEXT, environment.protectData);
    const state = environment.state;
    if (state.kind === 's3') {
      const backend = new S3Backend(this, { bucket: state.bucket, region: state.region, key: state.keyFor(name), encrypt: true });
      // S3-native locking (Terraform 1.10+); cdktf 0.21 predates the typed option.
      backend.addOverride('use_lockfile', true);
    } else {
      new LocalBackend(this, { path: state.pathFor(name) });
    }
    SnowflakeProviders.create(this, {
      organizationName: environment.account.organization_name,
      accountName: environment.account.account_name,
      previewFeatures: INGESTION_PREVIEW_FEATURES,
    });
  }
}

export class PlatformStack extends EnvironmentStack {
  readonly platform: Platform;

  constructor(scope: Construct, environment: EnvironmentPlan) {
    super(scope, environment.names.platformStack, environment);
    this.platform = new Platform(this, 'platform', { environment });
  }
}

export class TenantStack extends EnvironmentStack {
  readonly tenant: Tenant;

  constructor(scope: Construct, environment: EnvironmentPlan, tenant: TenantPlan) {
    super(scope, tenant.names.stack, environment);
    this.tenant = new Tenant(this, 'tenant', { environment, tenant });
  }
}

/** Stack names of an environment in a stable order: platform first, then tenants by id. */
export function stackNames(environment: EnvironmentPlan): string[] {
  return [environment.names.platformStack, ...environment.tenants.map((t) => t.names.stack)];
}

/** Stacks a stack must be deployed after. */
export function stackDependencies(environment: EnvironmentPlan, stack: string): string[] {
  return stack === environment.names.platformStack ? [] : [environment.names.platformStack];
}

/** Adds the named stacks (all by default) to `scope`. */
export function addStacks(scope: Construct, environment: EnvironmentPlan, only?: ReadonlySet<string>): TerraformStack[] {
  const wanted = (name: string) => !only || only.has(name);
  const stacks: TerraformStack[] = [];
  if (wanted(environment.names.platformStack)) stacks.push(new PlatformStack(scope, environment));
  for (const tenant of environment.tenants) {
    if (wanted(tenant.names.stack)) stacks.push(new TenantStack(scope, environment, tenant));
  }
  return stacks;
}
