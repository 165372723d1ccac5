/**
 * The role graph as the synthesized grants define it, and the isolation check over it: no role
 * of one tenant may reach (inherit, or hold a privilege on) a role or object of another tenant.
 *
 * Ownership comes from which stack declares a role or database, not from name prefixes, so
 * `acme` and `acme_raw` can never be confused.
 */
import { SynthesizedStack, resolveReference } from './read';

export interface RoleGraph {
  /** role -> roles granted to it (whose privileges it inherits). */
  readonly inherits: ReadonlyMap<string, ReadonlySet<string>>;
  /** role -> objects it holds privileges on (`DATABASE:X`, `SCHEMA:X.Y`, `WAREHOUSE:W`). */
  readonly privileges: ReadonlyMap<string, ReadonlySet<string>>;
  /** role or object -> owning stack. */
  readonly owner: ReadonlyMap<string, string>;
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Object key for a grant target; schema-level grants count as access to their database too. */
function grantTargets(config: Record<string, unknown>, stack: SynthesizedStack): string[] {
  const onAccountObject = config.on_account_object as { object_type: string; object_name: string } | undefined;
  if (onAccountObject) return [`${onAccountObject.object_type}:${String(resolveReference(stack, onAccountObject.object_name))}`];
  const onSchema = config.on_schema as { schema_name?: string } | undefined;
  const onSchemaObject = config.on_schema_object as { all?: { in_schema?: string }; future?: { in_schema?: string }; object_name?: string } | undefined;
  const schemaName = onSchema?.schema_name ?? onSchemaObject?.all?.in_schema ?? onSchemaObject?.future?.in_schema ?? onSchemaObject?.object_name;
  if (!schemaName) return [];
  const parts = schemaName.split('.').map((p) => p.replace(/^"|"$/g, ''));
  return [`DATABASE:${parts[0]}`, `SCHEMA:${parts.slice(0, 2).join('.')}`];
}

export function buildRoleGraph(stacks: readonly SynthesizedStack[]): RoleGraph {
  const inherits = new Map<string, Set<string>>();
  const privileges = new Map<string, Set<string>>();
  const owner = new Map<string, string>();
  for (const stack of stacks) {
    for (const r of stack.resources) {
      const name = (field: string) => String(resolveReference(stack, r.config[field]));
      switch (r.type) {
        case 'snowflake_account_role':
          owner.set(name('name'), stack.name);
          break;
        case 'snowflake_database':
          owner.set(`DATABASE:${name('name')}`, stack.name);
          break;
        case 'snowflake_warehouse':
          owner.set(`WAREHOUSE:${name('name')}`, stack.name);
          break;
        case 'snowflake_grant_account_role':
          if (r.config.parent_role_name !== undefined) add(inherits, name('parent_role_name'), name('role_name'));
          break;
        case 'snowflake_grant_database_role':
          // Inherited like an account role. Snowflake's own (SNOWFLAKE.CORTEX_USER) belong to no stack, so sharing one is no path between tenants.
          if (r.config.parent_role_name !== undefined) add(inherits, name('parent_role_name'), name('database_role_name').replace(/"/g, ''));
          break;
        case 'snowflake_grant_privileges_to_account_role':
          for (const target of grantTargets(r.config, stack)) add(privileges, name('account_role_name'), target);
          break;
      }
    }
  }
  return { inherits, privileges, owner };
}

/** Every role `role` inherits, itself included. */
export function inheritedRoles(graph: RoleGraph, role: string): Set<string> {
  const seen = new Set<string>([role]);
  const queue = [role];
  while (queue.length) {
    for (const child of graph.inherits.get(queue.pop()!) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return seen;
}

export interface IsolationLeak {
  readonly role: string;
  readonly roleStack: string;
  /** The foreign role or object reached. */
  readonly reaches: string;
  readonly reachesStack: string;
  /** Inheritance path from `role` to where the foreign thing is reached. */
  readonly via: readonly string[];
}

/** Leaks from tenant stacks into other tenant stacks (platform objects are shared by design). */
export function findIsolationLeaks(graph: RoleGraph, isTenantStack: (stack: string) => boolean): IsolationLeak[] {
  const leaks: IsolationLeak[] = [];
  for (const [role, roleStack] of graph.owner) {
    if (role.includes(':') || !isTenantStack(roleStack)) continue;
    // Breadth-first with parents, so a leak comes with the path that explains it.
    const parent = new Map<string, string | undefined>([[role, undefined]]);
    const queue = [role];
    while (queue.length) {
      const current = queue.shift()!;
      const pathTo = (): string[] => {
        const out: string[] = [];
        for (let at: string | undefined = current; at; at = parent.get(at)) out.unshift(at);
        return out;
      };
      const reached = [...(graph.inherits.get(current) ?? []), ...(graph.privileges.get(current) ?? [])];
      for (const target of reached) {
        const targetStack = graph.owner.get(target);
        if (targetStack && targetStack !== roleStack && isTenantStack(targetStack)) {
          leaks.push({ role, roleStack, reaches: target, reachesStack: targetStack, via: pathTo() });
        }
      }
      for (const child of graph.inherits.get(current) ?? []) {
        if (!parent.has(child)) {
          parent.set(child, current);
          queue.push(child);
        }
      }
    }
  }
  return leaks;
}

/**
 * Platform roles that inherit tenant roles. Only the platform admin may (tenant admins roll up
 * to it); any other shared role holding tenant roles would hand every tenant's data to whoever
 * is granted that shared role.
 */
export function sharedRolesReachingTenants(graph: RoleGraph, isTenantStack: (stack: string) => boolean, allowed: ReadonlySet<string>): { role: string; tenantRoles: string[] }[] {
  const out: { role: string; tenantRoles: string[] }[] = [];
  for (const [role, stack] of graph.owner) {
    if (role.includes(':') || isTenantStack(stack) || allowed.has(role)) continue;
    const tenantRoles = [...(graph.inherits.get(role) ?? [])].filter((r) => isTenantStack(graph.owner.get(r) ?? ''));
    if (tenantRoles.length) out.push({ role, tenantRoles: tenantRoles.sort() });
  }
  return out;
}

/** Every static isolation problem of an environment's synthesized stacks, as readable lines. */
export function staticIsolationFindings(stacks: readonly SynthesizedStack[], platformAdminRole: string): string[] {
  const graph = buildRoleGraph(stacks);
  const isTenant = (stack: string) => stack.includes('-tenant-');
  const findings = findIsolationLeaks(graph, isTenant).map((l) => `${l.role} (${l.roleStack}) reaches ${l.reaches} of ${l.reachesStack} via ${l.via.join(' -> ')}`);
  for (const s of sharedRolesReachingTenants(graph, isTenant, new Set([platformAdminRole]))) {
    findings.push(`shared role ${s.role} holds tenant roles ${s.tenantRoles.join(', ')}`);
  }
  for (const [role, stack] of graph.owner) {
    if (role.includes(':') || !isTenant(stack)) continue;
    for (const admin of ['ACCOUNTADMIN', 'SECURITYADMIN', 'USERADMIN', 'SYSADMIN']) {
      if (inheritedRoles(graph, role).has(admin)) findings.push(`${role} (${stack}) holds the system role ${admin}`);
    }
  }
  for (const stack of stacks) {
    for (const r of stack.resources) {
      const grantee = r.config.account_role_name ?? r.config.parent_role_name;
      if (typeof grantee === 'string' && grantee.toUpperCase() === 'PUBLIC') findings.push(`${stack.name}: ${r.address} grants to PUBLIC`);
    }
  }
  return findings;
}
