/**
 * Schema object names in the statements the engine's own parsers read (account objects,
 * policies, stages, tasks): how a one- to three-part name resolves against the session, and
 * which objects a SHOW's LIKE and IN clauses pick.
 */
import { Cursor } from './cursor';
import { likeRegExp } from './dialect';
import { noCurrentContainer, noSchemaInScope } from './errors';

/** A fully resolved schema object name; parts are stored as Snowflake stores them. */
export interface QualifiedName {
  readonly database: string;
  readonly schema: string;
  readonly name: string;
}

/** The session's current database and schema, used to resolve one- and two-part names. */
export interface NameContext {
  readonly database?: string;
  readonly schema?: string;
}

/** A name's parts resolved against the session; `action` names the statement when a current database or schema is missing. */
export function resolveName(parts: readonly string[], context: NameContext, action: string): QualifiedName {
  const [database, schema] = parts.length === 3 ? parts : parts.length === 2 ? [context.database, parts[0]] : [context.database, context.schema];
  if (!database) throw noCurrentContainer('database', action);
  if (!schema) throw noCurrentContainer('schema', action);
  return { database, schema, name: parts[parts.length - 1]! };
}

/** The schema object name at the cursor (`name`, `schema.name` or `database.schema.name`), resolved. */
export function objectName(c: Cursor, context: NameContext, action: string): QualifiedName {
  const first = c.peek();
  const parts = c.parts(action);
  if (parts.length > 3) throw c.error(`a name has at most three parts (database.schema.name), got ${parts.length}`, first);
  return resolveName(parts, context, action);
}

/** What a SHOW of schema objects lists: `[LIKE '<pattern>'] [IN ACCOUNT | DATABASE [<d>] | [SCHEMA] [<s>]]`. */
export interface ShowFilter {
  /** SQL LIKE pattern on the name, case-insensitive. */
  readonly like?: string;
  /** Where it looks; undefined is the whole account. */
  readonly scope?: { readonly database: string; readonly schema?: string };
}

/**
 * The LIKE and IN clauses of a SHOW, as Snowflake's SHOW references (SHOW TASKS, SHOW TABLES)
 * describe them. Without IN: the current database, or the account when none is in use. IN
 * DATABASE without a name: the current database, or the account. IN SCHEMA without a name: the
 * current schema, or the current database, or the account. A bare name (`IN raw`, `IN db.raw`)
 * is a schema, one part of it in the current database (an error without one). A name is absent at
 * the end of the statement or where one of `clauses` (the SHOW's later clauses, such as SHOW
 * TASKS' LIMIT) begins.
 */
export function parseShowFilter(c: Cursor, context: NameContext, clauses: readonly string[] = []): ShowFilter {
  let like: string | undefined;
  if (c.accept('LIKE')) {
    if (c.peek()?.kind !== 'string') throw c.error("expected a pattern string after LIKE, such as LIKE 'RAW%'");
    like = c.value();
  }
  const nameAbsent = () => c.done() || clauses.some((word) => c.at(word));
  const current = context.database === undefined ? undefined : { database: context.database };
  let scope: ShowFilter['scope'] = current;
  if (c.accept('IN')) {
    if (c.accept('ACCOUNT')) scope = undefined;
    else if (c.accept('DATABASE')) scope = nameAbsent() ? current : { database: c.identifier('IN DATABASE') };
    else if (!c.accept('SCHEMA') || !nameAbsent()) {
      const first = c.peek();
      const parts = c.parts('IN SCHEMA');
      if (parts.length > 2) throw c.error(`a schema name has at most two parts (database.schema), got ${parts.length}`, first);
      const database = parts.length === 2 ? parts[0]! : context.database;
      if (database === undefined) throw noSchemaInScope();
      scope = { database, schema: parts[parts.length - 1]! };
    } else if (context.database !== undefined && context.schema !== undefined) scope = { database: context.database, schema: context.schema };
  }
  return { ...(like === undefined ? {} : { like }), ...(scope ? { scope } : {}) };
}

/** Whether a SHOW lists an object: its name matches the LIKE pattern and it is in the IN scope (none: the whole account). */
export function showFilter({ like, scope }: ShowFilter): (object: QualifiedName) => boolean {
  const pattern = like === undefined ? undefined : likeRegExp(like);
  return (object) => (!pattern || pattern.test(object.name)) && (!scope || (object.database === scope.database && (scope.schema === undefined || object.schema === scope.schema)));
}
