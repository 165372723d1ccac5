/**
 * The two kinds of stack: `<env>-platform` and `<env>-tenant-<id>`. Each has its own state and
 * its own provider blocks; tenant stacks depend on the platform stack (recorded in the manifest
 * by name, see `synth.ts`), never on its tokens.
 */
import { Construct, IConstruct } from 'constructs';
import { Aspects, DefaultTokenResolver, LocalBackend, S3Backend, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Tokenization } from 'cdktf';
import type { EnvironmentPlan, TenantPlan } from '../model/plan';
import { Platform } from '../constructs/platform';
import { INGESTION_PREVIEW_FEATURES } from '../constructs/ingestion';
import { PolicyChecks } from '../constructs/policy-checks';
import { PROTECT_DATA_CONTEXT, SnowflakeProviders } from '../constructs/providers';
import { Tenant } from '../constructs/tenant';

/** The stack's own Terraform elements, depth first, as cdktf collects them. */
function elementsOf(scope: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(scope)) into.push(scope);
  for (const child of scope.node.children) if (!TerraformStack.isStack(child)) elementsOf(child, into);
  return into;
}

/** cdktf's merge of resolved fragments: objects merge recursively, arrays concatenate. */
function mergeResolved(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (!existing || typeof existing !== 'object' || Array.isArray(existing)) target[key] = {};
      mergeResolved(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else if (Array.isArray(value)) {
      target[key] = Array.isArray(existing) ? [...existing, ...value] : value;
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
}

/** The resolver cdktf itself uses when synthesizing a stack. */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

abstract class EnvironmentStack extends TerraformStack {
  /**
   * cdktf resolves each element's fragment, merges them, then resolves the merged tree once more.
   * Without stack-level overrides or outputs (these stacks have neither; see addOverride) that
   * second pass re-walks resolved values only: 16 % of synth time at 1,000 tenants. The output is
   * byte-identical to cdktf's own (tested).
   */
  override toTerraform(): Record<string, unknown> {
    const elements = elementsOf(this);
    if (elements.some((e) => TerraformOutput.isTerraformOutput(e))) return super.toTerraform() as Record<string, unknown>;
    const metadata: Record<string, unknown> = { version: this.node.tryGetContext('cdktfVersion'), stackName: this.node.id, backend: 'local' };
    const resolve = (value: unknown) => Tokenization.resolve(value, { scope: this, preparing: false, resolver: RESOLVER }) as Record<string, unknown>;
    for (const e of elements) mergeResolved(metadata, resolve(e.toMetadata()));
    const tf: Record<string, unknown> = { '//': { metadata, outputs: {} } };
    for (const e of elements) mergeResolved(tf, resolve(e.toTerraform()));
    this.checkReferencesAreLocal(tf);
    return tf;
  }

  /** Without the prepare pass a token from another stack would render as a dangling reference: refuse it. */
  private checkReferencesAreLocal(tf: Record<string, unknown>): void {
    const resources = (tf.resource ?? {}) as Record<string, Record<string, unknown>>;
    for (const match of JSON.stringify(tf.resource ?? {}).matchAll(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z0-9_]+\}/g)) {
      if (!resources[match[1]!]?.[match[2]!]) {
        throw new Error(
          `${this.node.path}: references ${match[1]}.${match[2]}, which is not in this stack (a token from another stack?). Stacks refer to each other by the names in model/names, never by tokens.`,
        );
      }
    }
  }

  /**
   * cdktf's prepare pass resolves every element once more, in "preparing" mode, only to discover
   * cross-stack references and add outputs for them. These stacks refer to each other by name,
   * never by token (a token from another stack fails synth loudly, tested), and always declare
   * their backend; so there is nothing to prepare, and skipping it saves a full pass.
   */
  override prepareStack(): void {}

  /** Stack-level overrides would need cdktf's second resolve pass (see toTerraform). */
  override addOverride(path: string): void {
    throw new Error(`${this.node.path}: stack-level overrides are not supported (tried ${path}); override the resource instead`);
  }

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
    // Unsafe or unbounded resources fail synth (constructs/policy-checks.ts).
    Aspects.of(this).add(new PolicyChecks());
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
