/**
 * Parser for the account-level statements the local engine handles itself rather than passing to
 * DuckDB: roles, users, grants, warehouses, resource monitors and their SHOW commands. The
 * grammar is Snowflake's; anything outside it is a syntax error that says what was expected.
 */
import { Cursor } from '../engine/cursor';
import { tokenize } from '../engine/tokenizer';
import { OBJECT_KINDS, ObjectKind } from './access-control';

export type GrantTarget =
  | { readonly type: 'object'; readonly kind: ObjectKind; readonly name: string }
  | { readonly type: 'account' }
  | { readonly type: 'all' | 'future'; readonly plural: string; readonly scopeKind: 'SCHEMA' | 'DATABASE'; readonly scope: string };

interface CreateFlags {
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
}

export type SecurityStatement =
  | ({ readonly kind: 'createRole'; readonly name: string; readonly comment?: string } & CreateFlags)
  | { readonly kind: 'dropRole'; readonly name: string; readonly ifExists: boolean }
  | ({ readonly kind: 'createUser'; readonly name: string; readonly properties: Readonly<Record<string, string>> } & CreateFlags)
  | { readonly kind: 'grantRole' | 'revokeRole'; readonly role: string; readonly granteeKind: 'ROLE' | 'USER'; readonly grantee: string }
  /**
   * GRANT DATABASE ROLE <db>.<name> TO ROLE | DATABASE ROLE | SHARE <grantee>, and REVOKE ... FROM:
   * `databaseRole` fully qualified and canonical (`SNOWFLAKE.CORTEX_USER`).
   */
  | {
      readonly kind: 'grantDatabaseRole' | 'revokeDatabaseRole';
      readonly databaseRole: string;
      readonly granteeKind: 'ROLE' | 'DATABASE ROLE' | 'SHARE';
      readonly grantee: string;
    }
  | {
      readonly kind: 'grantPrivileges' | 'revokePrivileges';
      readonly privileges: readonly string[];
      readonly target: GrantTarget;
      readonly role: string;
      /** GRANT OWNERSHIP ... COPY | REVOKE CURRENT GRANTS: what happens to the object's other grants. */
      readonly currentGrants?: 'COPY' | 'REVOKE';
    }
  | ({ readonly kind: 'createWarehouse' | 'createResourceMonitor'; readonly name: string; readonly properties: Readonly<Record<string, string>>; readonly triggers: readonly string[] } & CreateFlags)
  | { readonly kind: 'alterWarehouse' | 'alterResourceMonitor'; readonly name: string; readonly properties: Readonly<Record<string, string>>; readonly triggers: readonly string[] }
  | { readonly kind: 'dropWarehouse' | 'dropResourceMonitor' | 'dropUser'; readonly name: string; readonly ifExists: boolean }
  | { readonly kind: 'show'; readonly what: 'ROLES' | 'USERS' | 'WAREHOUSES' | 'RESOURCE MONITORS' | 'GRANTS TO ROLE' | 'GRANTS OF ROLE' | 'GRANTS TO USER'; readonly name?: string }
  /** SHOW GRANTS ON <kind> <name>: who holds what on one object (its owner included). */
  | { readonly kind: 'showGrantsOn'; readonly object: { readonly kind: ObjectKind; readonly name: string } };

const PLURALS = new Map<string, ObjectKind>(Object.entries(OBJECT_KINDS).map(([kind, plural]) => [plural, kind as ObjectKind]));
export { canonical } from '../engine/cursor';

/** Longest first so `FILE FORMAT` wins over a one-word match. */
const KIND_PHRASES = (Object.keys(OBJECT_KINDS) as ObjectKind[]).sort((a, b) => b.split(' ').length - a.split(' ').length);

function createFlags(c: Cursor): { orReplace: boolean } {
  return { orReplace: c.accept('OR', 'REPLACE') };
}

function ifNotExists(c: Cursor): boolean {
  return c.accept('IF', 'NOT', 'EXISTS');
}

/** `[WITH] KEY = value ...` and `TRIGGERS ON n PERCENT DO action ...`. */
function properties(c: Cursor): { properties: Record<string, string>; triggers: string[] } {
  const out: Record<string, string> = {};
  const triggers: string[] = [];
  c.accept('WITH');
  c.accept('SET');
  while (!c.done()) {
    if (c.accept('TRIGGERS')) {
      while (c.accept('ON')) {
        const percent = c.value();
        c.expect('PERCENT');
        c.expect('DO');
        triggers.push(`${percent}:${c.value()}`);
      }
      continue;
    }
    const name = c.identifier();
    c.expect('=');
    if (c.accept('(')) {
      const items: string[] = [];
      while (!c.accept(')')) {
        items.push(c.value());
        c.accept(',');
      }
      out[name] = items.join(',');
    } else out[name] = c.value();
    c.accept(',');
  }
  return { properties: out, triggers };
}

function objectKind(c: Cursor): ObjectKind | undefined {
  for (const phrase of KIND_PHRASES) if (c.accept(...phrase.split(' '))) return phrase;
  return undefined;
}

function grantTarget(c: Cursor): GrantTarget {
  if (c.accept('ACCOUNT')) return { type: 'account' };
  for (const type of ['all', 'future'] as const) {
    if (c.accept(type.toUpperCase())) {
      let plural: string | undefined;
      for (const candidate of PLURALS.keys()) if (c.accept(...candidate.split(' '))) plural = candidate;
      if (!plural) throw c.error(`expected an object type after ${type.toUpperCase()}, one of ${[...PLURALS.keys()].join(', ')}`);
      c.expect('IN');
      const scopeKind = c.accept('SCHEMA') ? 'SCHEMA' : c.accept('DATABASE') ? 'DATABASE' : undefined;
      if (!scopeKind) throw c.error('expected SCHEMA or DATABASE');
      return { type, plural, scopeKind, scope: c.qualifiedName() };
    }
  }
  const kind = objectKind(c);
  if (!kind) throw c.error(`expected an object type, one of ${KIND_PHRASES.join(', ')}`);
  return { type: 'object', kind, name: c.qualifiedName() };
}

/** Privileges up to `ON`: multi-word ones (`CREATE TABLE`) kept whole, `ALL [PRIVILEGES]` as ALL. */
function privilegeList(c: Cursor): string[] {
  const privileges: string[] = [];
  let words: string[] = [];
  while (!c.done() && !c.accept('ON')) {
    if (c.accept(',')) {
      privileges.push(words.join(' '));
      words = [];
    } else words.push(c.value());
  }
  if (words.length) privileges.push(words.join(' '));
  return privileges.map((p) => (p === 'ALL PRIVILEGES' ? 'ALL' : p));
}

/** Parses one statement, or returns undefined when it is not an account-level statement. */
export function parseSecurityStatement(sql: string): SecurityStatement | undefined {
  const tokens = tokenize(sql).filter((t) => !(t.kind === 'op' && t.text === ';'));
  const c = new Cursor(tokens, sql);
  const parsed = parse(c);
  if (parsed) c.end();
  return parsed;
}

function parse(c: Cursor): SecurityStatement | undefined {
  if (c.accept('CREATE')) {
    const { orReplace } = createFlags(c);
    if (c.accept('ROLE')) {
      const ine = ifNotExists(c);
      const name = c.identifier();
      const comment = c.accept('COMMENT') ? (c.expect('='), c.value()) : undefined;
      return { kind: 'createRole', name, orReplace, ifNotExists: ine, ...(comment !== undefined ? { comment } : {}) };
    }
    if (c.accept('USER')) {
      const ine = ifNotExists(c);
      const name = c.identifier();
      return { kind: 'createUser', name, orReplace, ifNotExists: ine, properties: properties(c).properties };
    }
    const kind = c.accept('WAREHOUSE') ? 'createWarehouse' : c.accept('RESOURCE', 'MONITOR') ? 'createResourceMonitor' : undefined;
    if (kind) {
      const ine = ifNotExists(c);
      const name = c.identifier();
      return { kind, name, orReplace, ifNotExists: ine, ...properties(c) };
    }
    return undefined;
  }
  if (c.accept('ALTER')) {
    const kind = c.accept('WAREHOUSE') ? 'alterWarehouse' : c.accept('RESOURCE', 'MONITOR') ? 'alterResourceMonitor' : undefined;
    if (!kind) return undefined;
    c.accept('IF', 'EXISTS');
    return { kind, name: c.identifier(), ...properties(c) };
  }
  if (c.accept('DROP')) {
    const kind = c.accept('ROLE') ? 'dropRole' : c.accept('USER') ? 'dropUser' : c.accept('WAREHOUSE') ? 'dropWarehouse' : c.accept('RESOURCE', 'MONITOR') ? 'dropResourceMonitor' : undefined;
    if (!kind) return undefined;
    const ifExists = c.accept('IF', 'EXISTS');
    return { kind, name: c.identifier(), ifExists };
  }
  for (const verb of ['GRANT', 'REVOKE'] as const) {
    if (!c.accept(verb)) continue;
    const preposition = verb === 'GRANT' ? 'TO' : 'FROM';
    if (c.accept('DATABASE', 'ROLE')) {
      const databaseRole = c.qualifiedName();
      c.expect(preposition);
      const granteeKind = c.accept('ROLE') ? 'ROLE' : c.accept('DATABASE', 'ROLE') ? 'DATABASE ROLE' : c.accept('SHARE') ? 'SHARE' : undefined;
      if (!granteeKind) throw c.error('expected ROLE, DATABASE ROLE or SHARE');
      return { kind: verb === 'GRANT' ? 'grantDatabaseRole' : 'revokeDatabaseRole', databaseRole, granteeKind, grantee: granteeKind === 'ROLE' ? c.identifier() : c.qualifiedName() };
    }
    if (c.accept('ROLE')) {
      const role = c.identifier();
      c.expect(preposition);
      const granteeKind = c.accept('ROLE') ? 'ROLE' : c.accept('USER') ? 'USER' : undefined;
      if (!granteeKind) throw c.error('expected ROLE or USER');
      return { kind: verb === 'GRANT' ? 'grantRole' : 'revokeRole', role, granteeKind, grantee: c.identifier() };
    }
    const privileges = privilegeList(c);
    const target = grantTarget(c);
    c.expect(preposition);
    c.accept('ROLE');
    const role = c.identifier();
    c.accept('WITH', 'GRANT', 'OPTION');
    const currentGrants = c.accept('COPY', 'CURRENT', 'GRANTS') ? 'COPY' : c.accept('REVOKE', 'CURRENT', 'GRANTS') ? 'REVOKE' : undefined;
    return { kind: verb === 'GRANT' ? 'grantPrivileges' : 'revokePrivileges', privileges, target, role, ...(currentGrants ? { currentGrants } : {}) };
  }
  if (c.accept('SHOW')) {
    for (const what of ['ROLES', 'USERS', 'WAREHOUSES'] as const) if (c.accept(what)) return { kind: 'show', what };
    if (c.accept('RESOURCE', 'MONITORS')) return { kind: 'show', what: 'RESOURCE MONITORS' };
    if (c.accept('GRANTS')) {
      if (c.accept('TO', 'ROLE')) return { kind: 'show', what: 'GRANTS TO ROLE', name: c.identifier() };
      if (c.accept('TO', 'USER')) return { kind: 'show', what: 'GRANTS TO USER', name: c.identifier() };
      if (c.accept('OF', 'ROLE')) return { kind: 'show', what: 'GRANTS OF ROLE', name: c.identifier() };
      if (c.accept('ON')) {
        const kind = objectKind(c);
        if (!kind) throw c.error(`expected an object type after ON, one of ${KIND_PHRASES.join(', ')}`);
        return { kind: 'showGrantsOn', object: { kind, name: c.qualifiedName() } };
      }
      throw c.error('expected TO ROLE, TO USER, OF ROLE or ON <object type> <name>');
    }
    return undefined;
  }
  return undefined;
}
