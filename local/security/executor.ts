/**
 * Executes account-level statements against the access-control model, with Snowflake's
 * authorization rules: who may create roles and users, who may grant, who may create
 * warehouses and resource monitors (and assign one to a warehouse: account admins only).
 */
import { SnowflakeError } from '../engine/errors';
import { AccessControl, AccessControlError, OBJECT_KINDS, ObjectKind, ObjectRef, databaseRoleDoesNotExist } from './access-control';
import { GrantTarget, SecurityStatement } from './statements';

export interface AccountObject {
  readonly kind: 'WAREHOUSE' | 'RESOURCE MONITOR';
  readonly name: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly triggers: readonly string[];
  readonly owner: string;
}

/** What the engine knows about schema objects, for `ALL <objects> IN SCHEMA` and existence. */
export interface ObjectCatalog {
  exists(ref: ObjectRef): boolean;
  /** Objects of a kind in a schema (`DB.SCHEMA`) or database (`DB`). */
  list(kind: ObjectKind, scopeKind: 'SCHEMA' | 'DATABASE', scope: string): ObjectRef[];
}

export interface SecurityResult {
  readonly columns: readonly { readonly name: string; readonly type: 'TEXT' | 'FIXED' | 'BOOLEAN' }[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
  /** True when the statement changed the model (the engine persists it then). */
  readonly changed: boolean;
}

const WAREHOUSE_PROPERTIES = new Set([
  'WAREHOUSE_SIZE', 'WAREHOUSE_TYPE', 'AUTO_SUSPEND', 'AUTO_RESUME', 'INITIALLY_SUSPENDED', 'STATEMENT_TIMEOUT_IN_SECONDS',
  'STATEMENT_QUEUED_TIMEOUT_IN_SECONDS', 'RESOURCE_MONITOR', 'MIN_CLUSTER_COUNT', 'MAX_CLUSTER_COUNT', 'SCALING_POLICY', 'COMMENT',
  'ENABLE_QUERY_ACCELERATION', 'MAX_CONCURRENCY_LEVEL',
]);
const MONITOR_PROPERTIES = new Set(['CREDIT_QUOTA', 'FREQUENCY', 'START_TIMESTAMP', 'END_TIMESTAMP', 'NOTIFY_USERS']);
const USER_PROPERTIES = new Set(['PASSWORD', 'DEFAULT_ROLE', 'LOGIN_NAME', 'DISPLAY_NAME', 'COMMENT', 'DISABLED', 'MUST_CHANGE_PASSWORD', 'DEFAULT_WAREHOUSE', 'DEFAULT_NAMESPACE', 'EMAIL', 'TYPE', 'RSA_PUBLIC_KEY']);

const text = (name: string) => ({ name, type: 'TEXT' as const });
const done = (status: string): SecurityResult => ({ columns: [text('status')], rows: [[status]], changed: true });

function insufficient(action: string): SnowflakeError {
  return new SnowflakeError('003001', '42501', `SQL access control error:\nInsufficient privileges to operate on ${action}.`);
}

function unsupportedProperty(kind: string, name: string, allowed: ReadonlySet<string>): SnowflakeError {
  return new SnowflakeError('001008', '22023', `SQL compilation error:\ninvalid property '${name}' for '${kind}'; supported: ${[...allowed].join(', ')}.`);
}

export class SecurityExecutor {
  constructor(
    private readonly acl: AccessControl,
    private readonly accountObjects: Map<string, AccountObject>,
    private readonly catalog: ObjectCatalog,
    /** Hashes a password for storage (the engine owns the algorithm). */
    private readonly hashPassword: (password: string) => string,
  ) {}

  execute(statement: SecurityStatement, role: string): SecurityResult {
    try {
      return this.run(statement, role);
    } catch (error) {
      if (error instanceof AccessControlError) throw new SnowflakeError(error.code, error.sqlState, error.message);
      throw error;
    }
  }

  private run(s: SecurityStatement, role: string): SecurityResult {
    switch (s.kind) {
      case 'createRole':
        this.require(this.acl.hasAccountPrivilege(role, 'CREATE ROLE'), `account (CREATE ROLE) as ${role}`);
        return this.acl.createRole(s.name, role, { orReplace: s.orReplace, ifNotExists: s.ifNotExists, ...(s.comment !== undefined ? { comment: s.comment } : {}) })
          ? done(`Role ${s.name} successfully created.`)
          : { ...done(`${s.name} already exists, statement succeeded.`), changed: false };
      case 'dropRole':
        this.require(this.acl.hasAccountPrivilege(role, 'MANAGE GRANTS') || this.ownsRole(role, s.name), `role '${s.name}'`);
        this.acl.dropRole(s.name, s.ifExists, role);
        return done(`${s.name} successfully dropped.`);
      case 'createUser': {
        this.require(this.acl.hasAccountPrivilege(role, 'CREATE USER'), `account (CREATE USER) as ${role}`);
        for (const name of Object.keys(s.properties)) if (!USER_PROPERTIES.has(name)) throw unsupportedProperty('USER', name, USER_PROPERTIES);
        const password = s.properties.PASSWORD;
        const created = this.acl.createUser(
          {
            name: s.name,
            ...(password !== undefined ? { passwordHash: this.hashPassword(password) } : {}),
            ...(s.properties.DEFAULT_ROLE ? { defaultRole: s.properties.DEFAULT_ROLE.toUpperCase() } : {}),
            disabled: s.properties.DISABLED === 'TRUE',
          },
          { orReplace: s.orReplace, ifNotExists: s.ifNotExists },
        );
        return created ? done(`User ${s.name} successfully created.`) : { ...done(`${s.name} already exists, statement succeeded.`), changed: false };
      }
      case 'dropUser':
        throw new SnowflakeError('000002', '0A000', `SQL compilation error:\nUnsupported feature 'DROP USER' in the local engine; users follow the functional roles the applier creates.`);
      case 'grantRole':
      case 'revokeRole': {
        this.require(this.acl.hasAccountPrivilege(role, 'MANAGE GRANTS') || this.ownsRole(role, s.role), `role '${s.role}'`);
        if (s.granteeKind === 'ROLE') {
          if (s.kind === 'grantRole') this.acl.grantRoleToRole(s.role, s.grantee);
          else this.acl.revokeRoleFromRole(s.role, s.grantee);
        } else if (s.kind === 'grantRole') this.acl.grantRoleToUser(s.role, s.grantee);
        else this.acl.revokeRoleFromUser(s.role, s.grantee);
        return done('Statement executed successfully.');
      }
      case 'grantDatabaseRole':
      case 'revokeDatabaseRole':
        return this.grantDatabaseRole(s, role);
      case 'grantPrivileges':
      case 'revokePrivileges':
        if (s.privileges.includes('OWNERSHIP')) return this.grantOwnership(s, role);
        return this.grant(s.kind === 'grantPrivileges', s.privileges, s.target, s.role, role);
      case 'createWarehouse':
      case 'createResourceMonitor':
        return this.createAccountObject(s, role);
      case 'alterWarehouse':
      case 'alterResourceMonitor':
        return this.alterAccountObject(s, role);
      case 'dropWarehouse':
      case 'dropResourceMonitor': {
        const kind = s.kind === 'dropWarehouse' ? 'WAREHOUSE' : 'RESOURCE MONITOR';
        const existing = this.accountObjects.get(`${kind}|${s.name}`);
        if (!existing) {
          if (s.ifExists) return { ...done('Drop statement executed successfully.'), changed: false };
          throw this.doesNotExist(kind, s.name);
        }
        this.require(this.acl.roleInherits(role, existing.owner), `${kind.toLowerCase()} '${s.name}'`);
        this.accountObjects.delete(`${kind}|${s.name}`);
        this.acl.objectDropped({ kind, name: s.name });
        return done(`${s.name} successfully dropped.`);
      }
      case 'show':
        return this.show(s.what, s.name, role);
      case 'showGrantsOn':
        return this.showGrantsOn(s.object, role);
    }
  }

  /**
   * GRANT / REVOKE DATABASE ROLE of the SNOWFLAKE database (the only database roles locally) to or
   * from an account role. Snowflake lets only ACCOUNTADMIN manage these grants; granting twice or
   * revoking what was not granted succeeds and changes nothing, as there.
   */
  private grantDatabaseRole(s: Extract<SecurityStatement, { kind: 'grantDatabaseRole' | 'revokeDatabaseRole' }>, role: string): SecurityResult {
    const verb = s.kind === 'grantDatabaseRole' ? 'GRANT' : 'REVOKE';
    if (s.granteeKind !== 'ROLE') {
      throw new SnowflakeError(
        '000002',
        '0A000',
        `SQL compilation error:\nUnsupported feature '${verb} DATABASE ROLE ... ${verb === 'GRANT' ? 'TO' : 'FROM'} ${s.granteeKind}' in the local engine: database roles are granted to account roles only locally (got ${s.granteeKind} ${s.grantee}).`,
      );
    }
    if (!this.acl.hasDatabaseRole(s.databaseRole)) throw databaseRoleDoesNotExist(s.databaseRole);
    this.require(this.acl.roleInherits(role, 'ACCOUNTADMIN'), `database role '${s.databaseRole}'`);
    if (s.kind === 'grantDatabaseRole') this.acl.grantDatabaseRole(s.databaseRole, s.grantee);
    else this.acl.revokeDatabaseRole(s.databaseRole, s.grantee);
    return done('Statement executed successfully.');
  }

  /**
   * SHOW GRANTS ON an object, for a role that holds a privilege on it (or owns it) or MANAGE
   * GRANTS; to any other role the object does not exist.
   */
  private showGrantsOn(object: ObjectRef, role: string): SecurityResult {
    const grants = this.exists(object) ? this.acl.grantsOn(object) : [];
    if (!this.acl.hasAccountPrivilege(role, 'MANAGE GRANTS') && !grants.some((g) => this.acl.roleInherits(role, g.role))) throw this.doesNotExist(object.kind, object.name);
    return {
      columns: [text('privilege'), text('granted_on'), text('name'), text('granted_to'), text('grantee_name')],
      rows: grants.map((g) => [g.privilege, object.kind, object.name, 'ROLE', g.role]),
      changed: false,
    };
  }

  /**
   * GRANT OWNERSHIP ON <object> TO ROLE r [COPY | REVOKE CURRENT GRANTS]: r owns it from now on;
   * the object's other grants stay (COPY, the local default) or go (REVOKE). Only the owner, or a
   * role with MANAGE GRANTS, gives it away; ownership is never revoked, only transferred.
   */
  private grantOwnership(s: Extract<SecurityStatement, { kind: 'grantPrivileges' | 'revokePrivileges' }>, role: string): SecurityResult {
    const unsupported = (what: string, hint: string) => new SnowflakeError('000002', '0A000', `SQL compilation error:\nUnsupported feature '${what}' in the local engine. ${hint}`);
    if (s.kind === 'revokePrivileges') throw unsupported('REVOKE OWNERSHIP', 'Ownership is transferred, not revoked: GRANT OWNERSHIP ON ... TO ROLE <new owner>.');
    if (s.privileges.length > 1) throw unsupported('OWNERSHIP with other privileges', 'Grant OWNERSHIP in a statement of its own.');
    if (s.target.type !== 'object') throw unsupported(`GRANT OWNERSHIP ON ${s.target.type.toUpperCase()} objects`, 'Grant ownership of one object at a time.');
    const ref = { kind: s.target.kind, name: s.target.name };
    if (!this.exists(ref)) throw this.doesNotExist(s.target.kind, s.target.name);
    if (!this.acl.hasRole(s.role)) throw this.doesNotExist('ROLE', s.role);
    this.require(this.acl.hasAccountPrivilege(role, 'MANAGE GRANTS') || this.acl.roleInherits(role, this.acl.ownerOf(ref) ?? '\0'), `${s.target.kind.toLowerCase()} '${s.target.name}'`);
    this.acl.transferOwnership(ref, s.role, s.currentGrants === 'REVOKE');
    return done('Statement executed successfully.');
  }

  private grant(grant: boolean, privileges: readonly string[], target: GrantTarget, grantee: string, role: string): SecurityResult {
    const manageGrants = this.acl.hasAccountPrivilege(role, 'MANAGE GRANTS');
    if (target.type === 'account') {
      this.require(manageGrants, 'account');
      if (!grant) throw new SnowflakeError('000002', '0A000', 'SQL compilation error:\nUnsupported feature \'REVOKE ... ON ACCOUNT\' in the local engine.');
      this.acl.grantAccountPrivileges(grantee, privileges);
      return done('Statement executed successfully.');
    }
    if (target.type === 'object') {
      const ref = { kind: target.kind, name: target.name };
      if (!this.exists(ref)) throw this.doesNotExist(target.kind, target.name);
      this.require(manageGrants || this.acl.roleInherits(role, this.acl.ownerOf(ref) ?? '\0'), `${target.kind.toLowerCase()} '${target.name}'`);
      if (grant) this.acl.grantPrivileges(grantee, privileges, ref);
      else this.acl.revokePrivileges(grantee, privileges, ref);
      return done('Statement executed successfully.');
    }
    const scope: ObjectRef = { kind: target.scopeKind, name: target.scope };
    if (!this.catalog.exists(scope)) throw this.doesNotExist(target.scopeKind, target.scope);
    // Future grants in a managed-access schema: only the schema owner or MANAGE GRANTS.
    this.require(manageGrants || this.acl.roleInherits(role, this.acl.ownerOf(scope) ?? '\0'), `${target.scopeKind.toLowerCase()} '${target.scope}'`);
    const kind = (Object.keys(OBJECT_KINDS) as ObjectKind[]).find((k) => OBJECT_KINDS[k] === target.plural)!;
    if (target.type === 'future') {
      if (!grant) throw new SnowflakeError('000002', '0A000', "SQL compilation error:\nUnsupported feature 'REVOKE ... ON FUTURE' in the local engine; re-apply the stack instead.");
      this.acl.grantFuture(grantee, privileges, target.plural, scope);
    } else {
      for (const ref of this.catalog.list(kind, target.scopeKind, target.scope)) {
        if (grant) this.acl.grantPrivileges(grantee, privileges, ref);
        else this.acl.revokePrivileges(grantee, privileges, ref);
      }
    }
    return done('Statement executed successfully.');
  }

  private createAccountObject(s: Extract<SecurityStatement, { kind: 'createWarehouse' | 'createResourceMonitor' }>, role: string): SecurityResult {
    const kind = s.kind === 'createWarehouse' ? 'WAREHOUSE' : 'RESOURCE MONITOR';
    this.require(this.acl.hasAccountPrivilege(role, `CREATE ${kind}`), `account (CREATE ${kind}) as ${role}`);
    this.checkProperties(kind, s.properties, role);
    const id = `${kind}|${s.name}`;
    if (this.accountObjects.has(id)) {
      if (s.ifNotExists) return { ...done(`${s.name} already exists, statement succeeded.`), changed: false };
      if (!s.orReplace) throw new SnowflakeError('002002', '42710', `SQL compilation error:\nObject '${s.name}' already exists.`);
    }
    this.accountObjects.set(id, { kind, name: s.name, properties: { ...s.properties }, triggers: [...s.triggers], owner: role });
    this.acl.objectCreated({ kind, name: s.name }, role);
    return done(`${kind === 'WAREHOUSE' ? 'Warehouse' : 'Resource monitor'} ${s.name} successfully created.`);
  }

  private alterAccountObject(s: Extract<SecurityStatement, { kind: 'alterWarehouse' | 'alterResourceMonitor' }>, role: string): SecurityResult {
    const kind = s.kind === 'alterWarehouse' ? 'WAREHOUSE' : 'RESOURCE MONITOR';
    const existing = this.accountObjects.get(`${kind}|${s.name}`);
    if (!existing) throw this.doesNotExist(kind, s.name);
    this.require(this.acl.roleInherits(role, existing.owner) || this.acl.can(role, 'MODIFY', { kind, name: s.name }), `${kind.toLowerCase()} '${s.name}'`);
    this.checkProperties(kind, s.properties, role);
    this.accountObjects.set(`${kind}|${s.name}`, {
      ...existing,
      properties: { ...existing.properties, ...s.properties },
      triggers: s.triggers.length ? [...s.triggers] : existing.triggers,
    });
    return done('Statement executed successfully.');
  }

  private checkProperties(kind: 'WAREHOUSE' | 'RESOURCE MONITOR', properties: Readonly<Record<string, string>>, role: string): void {
    const allowed = kind === 'WAREHOUSE' ? WAREHOUSE_PROPERTIES : MONITOR_PROPERTIES;
    for (const name of Object.keys(properties)) if (!allowed.has(name)) throw unsupportedProperty(kind, name, allowed);
    const monitor = properties.RESOURCE_MONITOR;
    if (kind === 'WAREHOUSE' && monitor !== undefined) {
      // Snowflake: only account administrators can assign a resource monitor to a warehouse.
      this.require(this.acl.roleInherits(role, 'ACCOUNTADMIN'), `resource monitor '${monitor}' (assigning it needs ACCOUNTADMIN)`);
      if (!this.accountObjects.has(`RESOURCE MONITOR|${monitor.toUpperCase()}`)) throw this.doesNotExist('RESOURCE MONITOR', monitor);
    }
  }

  private show(what: Extract<SecurityStatement, { kind: 'show' }>['what'], name: string | undefined, role: string): SecurityResult {
    const unchanged = (columns: SecurityResult['columns'], rows: SecurityResult['rows']): SecurityResult => ({ columns, rows, changed: false });
    switch (what) {
      case 'ROLES':
        return unchanged([text('name'), text('owner'), text('comment')], this.acl.listRoles().map((r) => [r.name, r.owner, r.comment ?? '']));
      case 'USERS':
        this.require(this.acl.hasAccountPrivilege(role, 'MANAGE GRANTS') || this.acl.hasAccountPrivilege(role, 'CREATE USER'), 'users');
        return unchanged([text('name'), text('default_role'), { name: 'disabled', type: 'BOOLEAN' }], this.acl.listUsers().map((u) => [u.name, u.defaultRole ?? '', u.disabled]));
      case 'WAREHOUSES':
      case 'RESOURCE MONITORS': {
        const kind = what === 'WAREHOUSES' ? 'WAREHOUSE' : 'RESOURCE MONITOR';
        const visible = [...this.accountObjects.values()].filter(
          (o) => o.kind === kind && (this.acl.roleInherits(role, o.owner) || ['USAGE', 'MONITOR', 'OPERATE', 'MODIFY'].some((p) => this.acl.can(role, p, { kind, name: o.name }))),
        );
        return unchanged(
          [text('name'), text('owner'), text('properties')],
          visible.sort((a, b) => a.name.localeCompare(b.name)).map((o) => [o.name, o.owner, JSON.stringify({ ...o.properties, ...(o.triggers.length ? { TRIGGERS: o.triggers.join(' ') } : {}) })]),
        );
      }
      case 'GRANTS TO ROLE':
        this.require(this.acl.roleInherits(role, name!) || this.acl.hasAccountPrivilege(role, 'MANAGE GRANTS'), `role '${name}'`);
        if (!this.acl.hasRole(name!)) throw this.doesNotExist('ROLE', name!);
        return unchanged([text('privilege'), text('granted_on'), text('name'), text('grantee_name')], this.acl.grantsTo(name!).map((g) => [g.privilege, g.kind, g.name, name!]));
      case 'GRANTS OF ROLE':
        if (!this.acl.hasRole(name!)) throw this.doesNotExist('ROLE', name!);
        return unchanged([text('role'), text('granted_to'), text('grantee_name')], this.acl.grantsOf(name!).map((g) => [name!, g.grantedTo, g.name]));
      case 'GRANTS TO USER': {
        const roles = [...this.acl.rolesGrantedToUser(name!)].sort();
        return unchanged([text('role'), text('granted_to'), text('grantee_name')], roles.map((r) => [r, 'USER', name!]));
      }
    }
  }

  private exists(ref: ObjectRef): boolean {
    return ref.kind === 'WAREHOUSE' || ref.kind === 'RESOURCE MONITOR' ? this.accountObjects.has(`${ref.kind}|${ref.name}`) : this.catalog.exists(ref);
  }

  private ownsRole(role: string, target: string): boolean {
    const record = this.acl.listRoles().find((r) => r.name === target);
    return record !== undefined && this.acl.roleInherits(role, record.owner);
  }

  private require(allowed: boolean, what: string): void {
    if (!allowed) throw insufficient(what);
  }

  private doesNotExist(kind: string, name: string): SnowflakeError {
    const label = kind.charAt(0) + kind.slice(1).toLowerCase();
    return new SnowflakeError('002003', '02000', `SQL compilation error:\n${label} '${name}' does not exist or not authorized.`);
  }
}
