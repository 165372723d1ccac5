/**
 * The Snowflake provider blocks of a stack, one per Snowflake role that manages a kind of object.
 *
 * Credentials are never set here: the provider reads `SNOWFLAKE_USER`, `SNOWFLAKE_PASSWORD` or
 * `SNOWFLAKE_PRIVATE_KEY` (and `SNOWFLAKE_AUTHENTICATOR`) from the environment at plan time, so
 * nothing secret can reach `cdktf.out`. The account is pinned from config so a stack for `prod`
 * cannot be applied to another account by a stray variable.
 */
import { Construct, IConstruct } from 'constructs';
import { provider } from '@cdktf/provider-snowflake';

/** Which system role manages which objects. */
export type ManagingRole = 'SYSADMIN' | 'SECURITYADMIN' | 'ACCOUNTADMIN';

export interface SnowflakeProvidersProps {
  /** Organization part of the account identifier (not a secret). */
  readonly organizationName: string;
  /** Account part of the account identifier (not a secret). */
  readonly accountName: string;
  /**
   * Provider preview features our constructs use (e.g. `snowflake_table_resource`).
   * @default none
   */
  readonly previewFeatures?: readonly string[];
}

const PROVIDERS_ID = 'snowflake';

export class SnowflakeProviders extends Construct {
  /** The providers registered on the stack that holds `scope`. */
  static of(scope: IConstruct): SnowflakeProviders {
    for (let current: IConstruct | undefined = scope; current; current = current.node.scope) {
      const found = current.node.tryFindChild(PROVIDERS_ID);
      if (found instanceof SnowflakeProviders) return found;
    }
    throw new Error(`${scope.node.path}: no SnowflakeProviders in this stack; create one with id '${PROVIDERS_ID}' first`);
  }

  static create(scope: Construct, props: SnowflakeProvidersProps): SnowflakeProviders {
    return new SnowflakeProviders(scope, PROVIDERS_ID, props);
  }

  private readonly byRole: Record<ManagingRole, provider.SnowflakeProvider>;

  private constructor(scope: Construct, id: string, props: SnowflakeProvidersProps) {
    super(scope, id);
    const make = (role: ManagingRole, alias?: string) =>
      new provider.SnowflakeProvider(this, role.toLowerCase(), {
        ...(alias ? { alias } : {}),
        organizationName: props.organizationName,
        accountName: props.accountName,
        role,
        ...(props.previewFeatures?.length ? { previewFeaturesEnabled: [...props.previewFeatures] } : {}),
      });
    this.byRole = {
      SYSADMIN: make('SYSADMIN'),
      SECURITYADMIN: make('SECURITYADMIN', 'securityadmin'),
      // Resource monitors, and assigning them to warehouses, are ACCOUNTADMIN-only in Snowflake.
      ACCOUNTADMIN: make('ACCOUNTADMIN', 'accountadmin'),
    };
  }

  /** The provider that manages objects owned by `role`. */
  forRole(role: ManagingRole): provider.SnowflakeProvider {
    return this.byRole[role];
  }
}

/** Context key set by the stacks: protect data-bearing resources from `terraform destroy`. */
export const PROTECT_DATA_CONTEXT = 'eyecare:protectData';

/** `lifecycle.prevent_destroy` for data-bearing resources, from the explicit prop or the stack's context. */
export function dataLifecycle(scope: IConstruct, preventDestroy: boolean | undefined): { lifecycle?: { preventDestroy: true } } {
  const protect = preventDestroy ?? scope.node.tryGetContext(PROTECT_DATA_CONTEXT) === true;
  return protect ? { lifecycle: { preventDestroy: true } } : {};
}
