/**
 * L2 account role with intent methods. Grants reference the role resource, so Terraform (and
 * the local applier) create the role before anything is granted to or from it.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { accountRole, grantAccountRole, grantDatabaseRole, grantPrivilegesToAccountRole } from '@cdktf/provider-snowflake';
import { CORTEX_USER_ROLE, qualified } from '../model/names';
import { SnowflakeProviders } from './providers';

/** A role we manage, or the name of one managed elsewhere (another stack, a system role). */
export type RoleLike = Role | string;

export function roleName(role: RoleLike): string {
  return typeof role === 'string' ? role : role.nameRef;
}

export interface RoleProps {
  /** Snowflake name, from `model/names`. */
  readonly name: string;
  /** Snowflake comment on the role. @default none */
  readonly comment?: string;
}

export class Role extends Construct {
  /** The plain Snowflake name (for messages and cross-stack use). */
  readonly name: string;
  /** A Terraform reference to the name: use it in grants so ordering is explicit. */
  readonly nameRef: string;
  readonly resource: accountRole.AccountRole;

  constructor(scope: Construct, id: string, props: RoleProps) {
    super(scope, id);
    this.name = props.name;
    this.resource = new accountRole.AccountRole(this, 'role', {
      provider: SnowflakeProviders.of(this).forRole('SECURITYADMIN'),
      name: props.name,
      ...(props.comment ? { comment: props.comment } : {}),
    });
    this.nameRef = this.resource.name;
  }

  /** Makes this role's privileges part of `parent` (role hierarchy). */
  grantTo(parent: RoleLike, id = `to-${typeof parent === 'string' ? parent.toLowerCase() : parent.node.id}`): grantAccountRole.GrantAccountRole {
    return grantRole(this, id, this, parent);
  }

  /**
   * Lets this role, and every role above it, call Cortex AI functions (AI_COMPLETE and the rest):
   * grants it Snowflake's `SNOWFLAKE.CORTEX_USER` database role, which only ACCOUNTADMIN manages.
   */
  grantCortexUse(id = 'cortex-user'): grantDatabaseRole.GrantDatabaseRole {
    return new grantDatabaseRole.GrantDatabaseRole(this, id, {
      provider: SnowflakeProviders.of(this).forRole('ACCOUNTADMIN'),
      databaseRoleName: qualified(CORTEX_USER_ROLE.database, CORTEX_USER_ROLE.name),
      parentRoleName: this.nameRef,
    });
  }

  /** Gives this role the privileges of `child`, a role managed elsewhere (e.g. the platform's). */
  inherit(child: string, id = `inherits-${child.toLowerCase()}`): grantAccountRole.GrantAccountRole {
    return grantRole(this, id, child, this);
  }
}

/** `GRANT ROLE role TO ROLE parent`. */
function grantRole(scope: Construct, id: string, role: RoleLike, parent: RoleLike): grantAccountRole.GrantAccountRole {
  return new grantAccountRole.GrantAccountRole(scope, id, {
    provider: SnowflakeProviders.of(scope).forRole('SECURITYADMIN'),
    roleName: roleName(role),
    parentRoleName: roleName(parent),
  });
}

export interface AccountObjectGrant {
  readonly objectType: 'DATABASE' | 'WAREHOUSE' | 'RESOURCE MONITOR';
  readonly objectName: string;
  readonly privileges: readonly string[];
}

type GrantTarget = Pick<
  grantPrivilegesToAccountRole.GrantPrivilegesToAccountRoleConfig,
  'onAccountObject' | 'onSchema' | 'onSchemaObject'
>;

/** One `grant_privileges_to_account_role`; the helpers below only say what it is on. */
function grantPrivileges(
  scope: Construct,
  id: string,
  role: RoleLike,
  privileges: readonly string[],
  target: GrantTarget,
  dependsOn: ITerraformDependable[] = [],
): grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole {
  return new grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole(scope, id, {
    provider: SnowflakeProviders.of(scope).forRole('SECURITYADMIN'),
    ...(dependsOn.length ? { dependsOn } : {}),
    accountRoleName: roleName(role),
    privileges: [...privileges],
    ...target,
  });
}

/** Privileges on an account-level object (database, warehouse, resource monitor). */
export function grantOnAccountObject(scope: Construct, id: string, role: RoleLike, grant: AccountObjectGrant): grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole {
  return grantPrivileges(scope, id, role, grant.privileges, { onAccountObject: { objectType: grant.objectType, objectName: grant.objectName } });
}

/** Privileges on a schema itself (`USAGE`, `CREATE TABLE`, ...). */
export function grantOnSchema(scope: Construct, id: string, role: RoleLike, schemaName: string, privileges: readonly string[], dependsOn: ITerraformDependable[] = []): grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole {
  return grantPrivileges(scope, id, role, privileges, { onSchema: { schemaName } }, dependsOn);
}

/**
 * Privileges on every object of a type in a schema, now (`all`) or when created (`future`).
 * Both are needed: `future` alone misses objects that already exist when the grant lands.
 */
export function grantOnSchemaObjects(
  scope: Construct,
  id: string,
  role: RoleLike,
  schemaName: string,
  objectTypePlural: string,
  privileges: readonly string[],
  when: 'all' | 'future',
  dependsOn: ITerraformDependable[] = [],
): grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole {
  return grantPrivileges(scope, id, role, privileges, { onSchemaObject: { [when]: { objectTypePlural, inSchema: schemaName } } }, dependsOn);
}
