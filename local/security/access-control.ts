/**
 * Snowflake's access control, locally: roles and their hierarchy, users, privileges on objects,
 * future grants, and ownership. The engine asks it before every statement touches an object, so
 * a role sees exactly what it would see in Snowflake.
 *
 * Rules modelled on Snowflake's:
 * - a role has the privileges granted to it and to every role granted to it (transitively);
 * - the owner of an object holds every privilege on it; the creating role owns what it creates;
 * - reading a table needs USAGE on its database and schema plus SELECT on the table;
 * - `FUTURE <objects> IN SCHEMA` grants apply to objects created later in that schema, and
 *   `ALL <objects> IN SCHEMA` to those that exist when the grant runs;
 * - ACCOUNTADMIN inherits SECURITYADMIN and SYSADMIN; SECURITYADMIN inherits USERADMIN; every
 *   role inherits PUBLIC;
 * - the SNOWFLAKE database's roles (DATABASE_ROLES) are granted to account roles, and held through
 *   inheritance like everything else; only ACCOUNTADMIN manages their grants.
 */

/** Kinds of securable objects, with the plural Snowflake uses in `ALL/FUTURE <plural>`. */
export const OBJECT_KINDS = {
  DATABASE: 'DATABASES',
  SCHEMA: 'SCHEMAS',
  TABLE: 'TABLES',
  VIEW: 'VIEWS',
  STREAM: 'STREAMS',
  TASK: 'TASKS',
  STAGE: 'STAGES',
  'FILE FORMAT': 'FILE FORMATS',
  PIPE: 'PIPES',
  'ROW ACCESS POLICY': 'ROW ACCESS POLICIES',
  'MASKING POLICY': 'MASKING POLICIES',
  FUNCTION: 'FUNCTIONS',
  PROCEDURE: 'PROCEDURES',
  WAREHOUSE: 'WAREHOUSES',
  'RESOURCE MONITOR': 'RESOURCE MONITORS',
} as const;
export type ObjectKind = keyof typeof OBJECT_KINDS;

export const SYSTEM_ROLES = ['ACCOUNTADMIN', 'SECURITYADMIN', 'USERADMIN', 'SYSADMIN', 'PUBLIC'] as const;
/** Account-level privileges Snowflake gives its system roles. */
const SYSTEM_ACCOUNT_PRIVILEGES: Readonly<Record<string, readonly string[]>> = {
  USERADMIN: ['CREATE ROLE', 'CREATE USER'],
  SECURITYADMIN: ['MANAGE GRANTS'],
  SYSADMIN: ['CREATE DATABASE', 'CREATE WAREHOUSE'],
  ACCOUNTADMIN: ['CREATE RESOURCE MONITOR', 'MONITOR USAGE', 'CREATE INTEGRATION'],
};

/**
 * The database roles of the local account, by fully qualified name, with the account roles a new
 * Snowflake account grants each to. Snowflake's SNOWFLAKE database has more; these are the ones a
 * local check reads (FunctionRule.databaseRole).
 */
export const DATABASE_ROLES: Readonly<Record<string, { readonly grantedInNewAccount: readonly string[] }>> = {
  // Lets a role call the Cortex AI functions; a new account grants it to PUBLIC.
  'SNOWFLAKE.CORTEX_USER': { grantedInNewAccount: ['PUBLIC'] },
};

const SYSTEM_HIERARCHY: readonly [parent: string, child: string][] = [
  ['ACCOUNTADMIN', 'SECURITYADMIN'],
  ['ACCOUNTADMIN', 'SYSADMIN'],
  ['SECURITYADMIN', 'USERADMIN'],
];

/** A securable object: kind plus its fully qualified, canonical (upper-cased) name. */
export interface ObjectRef {
  readonly kind: ObjectKind;
  /** `DB`, `DB.SCHEMA` or `DB.SCHEMA.NAME`; account objects by their name. */
  readonly name: string;
}

export interface UserRecord {
  readonly name: string;
  readonly passwordHash?: string;
  readonly defaultRole?: string;
  readonly disabled: boolean;
}

export interface RoleRecord {
  readonly name: string;
  readonly comment?: string;
  readonly owner: string;
}

export class AccessControlError extends Error {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
    this.name = 'AccessControlError';
  }
}

/** A database role the local account does not have: Snowflake's 002003, and the ones it has. */
export function databaseRoleDoesNotExist(name: string): AccessControlError {
  return new AccessControlError(
    '002003',
    '02000',
    `SQL compilation error:\nDatabase role '${name}' does not exist or not authorized. The local engine has the database roles ${Object.keys(DATABASE_ROLES).join(', ')}.`,
  );
}

const key = (ref: ObjectRef) => `${ref.kind}|${ref.name}`;

function ensureSet<K, V>(map: Map<K, Set<V>>, k: K): Set<V> {
  let set = map.get(k);
  if (!set) map.set(k, (set = new Set()));
  return set;
}

/** Serialisable form, persisted by the engine next to the data. */
export interface AccessControlSnapshot {
  readonly roles: RoleRecord[];
  readonly users: UserRecord[];
  readonly roleGrants: [parent: string, child: string][];
  readonly userRoles: [user: string, role: string][];
  readonly privileges: [role: string, object: string, privilege: string][];
  readonly future: [scope: string, plural: string, role: string, privilege: string][];
  readonly owners: [object: string, role: string][];
  readonly accountPrivileges: [role: string, privilege: string][];
  /**
   * Each database role and the account roles granted it. Absent from state written before
   * database roles were kept, and a database role absent from it, has its new-account grants.
   */
  readonly databaseRoleGrants?: Readonly<Record<string, readonly string[]>>;
}

export class AccessControl {
  private readonly roles = new Map<string, RoleRecord>();
  private readonly users = new Map<string, UserRecord>();
  /** parent role -> roles granted to it */
  private readonly children = new Map<string, Set<string>>();
  private readonly userRoles = new Map<string, Set<string>>();
  /** role -> object key -> privileges */
  private readonly privileges = new Map<string, Map<string, Set<string>>>();
  /** `SCHEMA|DB.S` or `DATABASE|DB` -> plural -> role -> privileges */
  private readonly future = new Map<string, Map<string, Map<string, Set<string>>>>();
  private readonly owners = new Map<string, string>();
  private readonly accountPrivileges = new Map<string, Set<string>>();
  /** database role -> account roles granted it */
  private readonly databaseRoleGrants = new Map<string, Set<string>>();
  /** Cache of role closures; any change to the hierarchy clears it. */
  private readonly closures = new Map<string, ReadonlySet<string>>();

  constructor(snapshot?: AccessControlSnapshot) {
    for (const role of SYSTEM_ROLES) this.roles.set(role, { name: role, owner: 'ACCOUNTADMIN' });
    for (const [parent, child] of SYSTEM_HIERARCHY) ensureSet(this.children, parent).add(child);
    for (const [databaseRole, { grantedInNewAccount }] of Object.entries(DATABASE_ROLES)) {
      this.databaseRoleGrants.set(databaseRole, new Set(snapshot?.databaseRoleGrants?.[databaseRole] ?? grantedInNewAccount));
    }
    if (snapshot) this.restore(snapshot);
  }

  // ---- roles and users -------------------------------------------------------------------

  hasRole(name: string): boolean {
    return this.roles.has(name);
  }

  listRoles(): RoleRecord[] {
    return [...this.roles.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  createRole(name: string, owner: string, options: { orReplace?: boolean; ifNotExists?: boolean; comment?: string } = {}): boolean {
    if (this.roles.has(name)) {
      if (options.ifNotExists) return false;
      if (!options.orReplace) throw new AccessControlError('002002', '42710', `SQL compilation error:\nObject '${name}' already exists.`);
      this.dropRole(name);
    }
    this.roles.set(name, { name, owner, ...(options.comment ? { comment: options.comment } : {}) });
    return true;
  }

  /**
   * Drops a role; what it owned passes to `heir` (Snowflake gives it to the role that ran DROP
   * ROLE), so a role created later under the same name owns nothing.
   */
  dropRole(name: string, ifExists = false, heir = 'SECURITYADMIN'): void {
    if ((SYSTEM_ROLES as readonly string[]).includes(name)) {
      throw new AccessControlError('003001', '42501', `SQL access control error:\nCannot drop system role '${name}'.`);
    }
    if (!this.roles.delete(name)) {
      if (ifExists) return;
      throw this.roleDoesNotExist(name);
    }
    this.children.delete(name);
    for (const set of this.children.values()) set.delete(name);
    for (const set of this.userRoles.values()) set.delete(name);
    for (const set of this.databaseRoleGrants.values()) set.delete(name);
    this.privileges.delete(name);
    for (const byPlural of this.future.values()) for (const byRole of byPlural.values()) byRole.delete(name);
    for (const [object, owner] of this.owners) if (owner === name) this.owners.set(object, heir);
    this.closures.clear();
  }

  createUser(user: UserRecord, options: { orReplace?: boolean; ifNotExists?: boolean } = {}): boolean {
    if (this.users.has(user.name)) {
      if (options.ifNotExists) return false;
      if (!options.orReplace) throw new AccessControlError('002002', '42710', `SQL compilation error:\nObject '${user.name}' already exists.`);
    }
    if (user.defaultRole && !this.roles.has(user.defaultRole)) throw this.roleDoesNotExist(user.defaultRole);
    this.users.set(user.name, user);
    return true;
  }

  user(name: string): UserRecord | undefined {
    return this.users.get(name);
  }

  listUsers(): UserRecord[] {
    return [...this.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  grantRoleToRole(role: string, parent: string): void {
    this.requireRole(role);
    this.requireRole(parent);
    if (role === parent || this.closure(role).has(parent)) {
      throw new AccessControlError('003013', '42501', `SQL access control error:\nGranting role '${role}' to role '${parent}' would create a cycle.`);
    }
    ensureSet(this.children, parent).add(role);
    this.closures.clear();
  }

  revokeRoleFromRole(role: string, parent: string): void {
    this.children.get(parent)?.delete(role);
    this.closures.clear();
  }

  grantRoleToUser(role: string, user: string): void {
    this.requireRole(role);
    if (!this.users.has(user)) throw new AccessControlError('002003', '02000', `SQL compilation error:\nUser '${user}' does not exist or not authorized.`);
    ensureSet(this.userRoles, user).add(role);
  }

  revokeRoleFromUser(role: string, user: string): void {
    this.userRoles.get(user)?.delete(role);
  }

  /** Roles a user may `USE ROLE`: granted ones, their default role, and PUBLIC. */
  rolesGrantedToUser(user: string): Set<string> {
    const out = new Set<string>(['PUBLIC', ...(this.userRoles.get(user) ?? [])]);
    const record = this.users.get(user);
    if (record?.defaultRole) out.add(record.defaultRole);
    return out;
  }

  /** True when `role` is `other` or inherits it; what IS_ROLE_IN_SESSION answers. */
  roleInherits(role: string, other: string): boolean {
    return this.closure(role).has(other);
  }

  /** `role` and every role it inherits, PUBLIC included. */
  closure(role: string): ReadonlySet<string> {
    const cached = this.closures.get(role);
    if (cached) return cached;
    const out = new Set<string>([role, 'PUBLIC']);
    const queue = [role];
    while (queue.length) {
      for (const child of this.children.get(queue.pop()!) ?? []) {
        if (!out.has(child)) {
          out.add(child);
          queue.push(child);
        }
      }
    }
    this.closures.set(role, out);
    return out;
  }

  // ---- database roles --------------------------------------------------------------------

  /** Is `name` (fully qualified, `SNOWFLAKE.CORTEX_USER`) one of the local account's database roles? */
  hasDatabaseRole(name: string): boolean {
    return this.databaseRoleGrants.has(name);
  }

  /** `GRANT DATABASE ROLE <db role> TO ROLE <role>`; granting it again changes nothing. */
  grantDatabaseRole(databaseRole: string, role: string): void {
    const holders = this.requireDatabaseRole(databaseRole);
    this.requireRole(role);
    holders.add(role);
  }

  /** `REVOKE DATABASE ROLE <db role> FROM ROLE <role>`; revoking what was not granted changes nothing. */
  revokeDatabaseRole(databaseRole: string, role: string): void {
    const holders = this.requireDatabaseRole(databaseRole);
    this.requireRole(role);
    holders.delete(role);
  }

  /** Does `role` hold the database role, granted to it or to a role it inherits (PUBLIC included)? */
  holdsDatabaseRole(role: string, databaseRole: string): boolean {
    const holders = this.databaseRoleGrants.get(databaseRole);
    return holders !== undefined && [...this.closure(role)].some((r) => holders.has(r));
  }

  // ---- privileges ------------------------------------------------------------------------

  /** `GRANT <privilege> ON ACCOUNT TO ROLE`. */
  grantAccountPrivileges(role: string, privileges: readonly string[]): void {
    this.requireRole(role);
    const set = ensureSet(this.accountPrivileges, role);
    privileges.forEach((p) => set.add(p));
  }

  /** Does `role` hold an account-level privilege (its own, inherited, or a system role's)? */
  hasAccountPrivilege(role: string, privilege: string): boolean {
    for (const r of this.closure(role)) {
      if (SYSTEM_ACCOUNT_PRIVILEGES[r]?.includes(privilege) || this.accountPrivileges.get(r)?.has(privilege)) return true;
    }
    return false;
  }

  grantPrivileges(role: string, privileges: readonly string[], object: ObjectRef): void {
    this.requireRole(role);
    const set = ensureSet(ensureSet2(this.privileges, role), key(object));
    privileges.forEach((p) => set.add(p));
  }

  revokePrivileges(role: string, privileges: readonly string[], object: ObjectRef): void {
    const set = this.privileges.get(role)?.get(key(object));
    privileges.forEach((p) => set?.delete(p));
  }

  /** `GRANT ... ON FUTURE <plural> IN SCHEMA|DATABASE <scope>`. */
  grantFuture(role: string, privileges: readonly string[], plural: string, scope: ObjectRef): void {
    this.requireRole(role);
    let byPlural = this.future.get(key(scope));
    if (!byPlural) this.future.set(key(scope), (byPlural = new Map()));
    const set = ensureSet(ensureSet2(byPlural, plural), role);
    privileges.forEach((p) => set.add(p));
  }

  /** Records a new object's owner and applies the future grants of its schema (then database). */
  objectCreated(object: ObjectRef, owner: string): void {
    this.owners.set(key(object), owner);
    const plural = OBJECT_KINDS[object.kind];
    const parts = object.name.split('.');
    // Schema-level future grants win over database-level ones, as in Snowflake.
    const scopes = parts.length === 3 ? [key({ kind: 'SCHEMA', name: `${parts[0]}.${parts[1]}` }), key({ kind: 'DATABASE', name: parts[0]! })] : parts.length === 2 ? [key({ kind: 'DATABASE', name: parts[0]! })] : [];
    for (const scope of scopes) {
      const byRole = this.future.get(scope)?.get(plural);
      if (!byRole?.size) continue;
      for (const [role, privileges] of byRole) this.grantPrivileges(role, [...privileges], object);
      break;
    }
  }

  /** Forgets an object and every grant on it (DROP). */
  objectDropped(object: ObjectRef): void {
    const k = key(object);
    this.owners.delete(k);
    for (const byObject of this.privileges.values()) byObject.delete(k);
  }

  /** GRANT OWNERSHIP: `owner` owns the object from now on; with `revokeGrants`, every other grant on it goes. */
  transferOwnership(object: ObjectRef, owner: string, revokeGrants: boolean): void {
    const k = key(object);
    if (revokeGrants) for (const byObject of this.privileges.values()) byObject.delete(k);
    this.owners.set(k, owner);
  }

  ownerOf(object: ObjectRef): string | undefined {
    return this.owners.get(key(object));
  }

  /** Does `role` (with everything it inherits) hold `privilege` on `object`, or own it? */
  can(role: string, privilege: string, object: ObjectRef): boolean {
    const k = key(object);
    for (const r of this.closure(role)) {
      if (this.owners.get(k) === r) return true;
      const held = this.privileges.get(r)?.get(k);
      if (held && (held.has(privilege) || held.has('ALL'))) return true;
    }
    return false;
  }

  /**
   * Can `role` use `privilege` on a schema object: USAGE on database and schema, plus the
   * privilege on the object itself. Owning the database or schema does not imply object access.
   */
  canOnSchemaObject(role: string, privilege: string, object: ObjectRef): boolean {
    const [db, schema] = object.name.split('.');
    return (
      this.can(role, 'USAGE', { kind: 'DATABASE', name: db! }) &&
      this.can(role, 'USAGE', { kind: 'SCHEMA', name: `${db}.${schema}` }) &&
      this.can(role, privilege, object)
    );
  }

  /** Grants held directly by a role (SHOW GRANTS TO ROLE). */
  grantsTo(role: string): { privilege: string; kind: string; name: string }[] {
    const out: { privilege: string; kind: string; name: string }[] = [];
    for (const [objectKey, privileges] of this.privileges.get(role) ?? []) {
      const [kind, name] = objectKey.split('|') as [string, string];
      for (const privilege of [...privileges].sort()) out.push({ privilege, kind, name });
    }
    for (const child of [...(this.children.get(role) ?? [])].sort()) out.push({ privilege: 'USAGE', kind: 'ROLE', name: child });
    for (const [databaseRole, holders] of this.databaseRoleGrants) if (holders.has(role)) out.push({ privilege: 'USAGE', kind: 'DATABASE_ROLE', name: databaseRole });
    return out;
  }

  /** Privileges held on one object, by role, its OWNERSHIP first (SHOW GRANTS ON). */
  grantsOn(object: ObjectRef): { privilege: string; role: string }[] {
    const k = key(object);
    const owner = this.owners.get(k);
    const out: { privilege: string; role: string }[] = owner === undefined ? [] : [{ privilege: 'OWNERSHIP', role: owner }];
    for (const [role, byObject] of [...this.privileges].sort(([a], [b]) => a.localeCompare(b))) {
      for (const privilege of [...(byObject.get(k) ?? [])].sort()) out.push({ privilege, role });
    }
    return out;
  }

  /** Roles and users a role is granted to (SHOW GRANTS OF ROLE). */
  grantsOf(role: string): { grantedTo: 'ROLE' | 'USER'; name: string }[] {
    const out: { grantedTo: 'ROLE' | 'USER'; name: string }[] = [];
    for (const [parent, set] of this.children) if (set.has(role)) out.push({ grantedTo: 'ROLE', name: parent });
    for (const [user, set] of this.userRoles) if (set.has(role)) out.push({ grantedTo: 'USER', name: user });
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  // ---- persistence -----------------------------------------------------------------------

  snapshot(): AccessControlSnapshot {
    const privileges: [string, string, string][] = [];
    for (const [role, byObject] of this.privileges) for (const [object, set] of byObject) for (const p of set) privileges.push([role, object, p]);
    const future: [string, string, string, string][] = [];
    for (const [scope, byPlural] of this.future) for (const [plural, byRole] of byPlural) for (const [role, set] of byRole) for (const p of set) future.push([scope, plural, role, p]);
    const roleGrants: [string, string][] = [];
    for (const [parent, set] of this.children) for (const child of set) roleGrants.push([parent, child]);
    const userRoles: [string, string][] = [];
    for (const [user, set] of this.userRoles) for (const role of set) userRoles.push([user, role]);
    return {
      roles: [...this.roles.values()].filter((r) => !(SYSTEM_ROLES as readonly string[]).includes(r.name)),
      users: [...this.users.values()],
      roleGrants: roleGrants.filter(([p, c]) => !SYSTEM_HIERARCHY.some(([sp, sc]) => sp === p && sc === c)),
      userRoles,
      privileges,
      future,
      owners: [...this.owners],
      accountPrivileges: [...this.accountPrivileges].flatMap(([role, set]) => [...set].map((p): [string, string] => [role, p])),
      databaseRoleGrants: Object.fromEntries([...this.databaseRoleGrants].map(([databaseRole, holders]) => [databaseRole, [...holders]])),
    };
  }

  private restore(s: AccessControlSnapshot): void {
    s.roles.forEach((r) => this.roles.set(r.name, r));
    s.users.forEach((u) => this.users.set(u.name, u));
    s.roleGrants.forEach(([parent, child]) => ensureSet(this.children, parent).add(child));
    s.userRoles.forEach(([user, role]) => ensureSet(this.userRoles, user).add(role));
    s.privileges.forEach(([role, object, p]) => ensureSet(ensureSet2(this.privileges, role), object).add(p));
    for (const [scope, plural, role, p] of s.future) {
      let byPlural = this.future.get(scope);
      if (!byPlural) this.future.set(scope, (byPlural = new Map()));
      ensureSet(ensureSet2(byPlural, plural), role).add(p);
    }
    s.owners.forEach(([object, role]) => this.owners.set(object, role));
    s.accountPrivileges.forEach(([role, p]) => ensureSet(this.accountPrivileges, role).add(p));
  }

  private requireRole(name: string): void {
    if (!this.roles.has(name)) throw this.roleDoesNotExist(name);
  }

  /** The account roles granted a database role the local account has. */
  private requireDatabaseRole(name: string): Set<string> {
    const holders = this.databaseRoleGrants.get(name);
    if (!holders) throw databaseRoleDoesNotExist(name);
    return holders;
  }

  private roleDoesNotExist(name: string): AccessControlError {
    return new AccessControlError('002003', '02000', `SQL compilation error:\nRole '${name}' does not exist or not authorized.`);
  }
}

function ensureSet2<K, K2, V>(map: Map<K, Map<K2, V>>, k: K): Map<K2, V> {
  let inner = map.get(k);
  if (!inner) map.set(k, (inner = new Map()));
  return inner;
}
