/**
 * Translates the Snowflake SQL our pipeline uses into DuckDB SQL, token by token.
 *
 * Names: a Snowflake DATABASE.SCHEMA becomes one DuckDB schema `"<DB>$<SCHEMA>"` in a single
 * DuckDB file; unquoted identifiers are upper-cased (Snowflake's rule) and every identifier
 * is emitted quoted, so DuckDB sees exactly the Snowflake name. One- and two-part object
 * names resolve against the session's current database and schema.
 *
 * Whatever the translator does not recognise fails with UnsupportedSqlError (what, line:col,
 * what to do) rather than reaching DuckDB, where it might run with different semantics.
 */
import {
  SnowflakeError,
  SourcePosition,
  UnsupportedSqlError,
  noCurrentContainer,
  noSchemaInScope,
  syntaxError,
} from './errors';
import { CallSite, FUNCTIONS, FunctionRule, NILADIC_FUNCTIONS, arrayConstructSql, objectConstructSql } from './functions';
import { INFORMATION_SCHEMA_VARIABLE, INFORMATION_SCHEMA_VIEWS, informationSchemaRelation } from './information-schema';
import { Group, Node, Statement, Token, firstToken, lastToken, splitStatements, sqlLiteral } from './tokenizer';
import { TEXT_TYPES, VARIANT_CAST, castSql, duckTypeFor } from './types';

/** The session state names resolve against. */
export interface TranslationContext {
  /** Current database (canonical: upper case unless it was created quoted). */
  readonly database?: string;
  /** Current schema in the current database. */
  readonly schema?: string;
  /** What CURRENT_ROLE() returns; without it CURRENT_ROLE() is rejected. */
  readonly role?: string;
  /** What CURRENT_USER() returns; without it CURRENT_USER() is rejected. */
  readonly user?: string;
  /** What CURRENT_WAREHOUSE() returns; without it, NULL (no warehouse in use). */
  readonly warehouse?: string;
  /**
   * The roles IS_ROLE_IN_SESSION() answers TRUE for: the session's role and every role it
   * inherits. Without them IS_ROLE_IN_SESSION() is rejected.
   */
  readonly rolesInSession?: readonly string[];
  /**
   * Row access and masking policies: for a table the session may only see through a policy, the
   * DuckDB subquery that replaces every read of it (rows filtered, columns masked).
   */
  readonly protectedRelation?: (object: { readonly database: string; readonly schema: string; readonly name: string }) => string | undefined;
  /**
   * Row access policies on the target of an UPDATE, DELETE or MERGE, which changes only the rows
   * the policy lets the session see: for a protected table, the DuckDB condition on a target row
   * the statement names `qualifier`; undefined for a table without a row access policy.
   */
  readonly targetRowAccess?: (object: { readonly database: string; readonly schema: string; readonly name: string }, qualifier: string) => string | undefined;
  /**
   * Masking policies on the target of an UPDATE, DELETE or MERGE, whose expressions read masked
   * columns masked, as in Snowflake: for each masked column, the DuckDB expression of its policy
   * on a target row the statement names `qualifier`.
   */
  readonly targetMasking?: (object: { readonly database: string; readonly schema: string; readonly name: string }, qualifier: string) => ReadonlyMap<string, string>;
  /**
   * SYSTEM$STREAM_HAS_DATA('<stream>'): the DuckDB expression answering it for a stream name as
   * written (streams are the account's); without it the function is rejected.
   */
  readonly streamHasData?: (name: string) => { readonly sql: string; readonly stream: { readonly database: string; readonly schema: string; readonly name: string } };
  /**
   * Not for translation: what a statement reading INFORMATION_SCHEMA may list, each visible schema
   * (`DB.SCHEMA`) and table or view (`DB.SCHEMA.NAME`) mapped to its owner role. Without it, the
   * views list every object (the engine alone has no access control).
   */
  readonly visibleObjects?: ReadonlyMap<string, string | undefined>;
  /**
   * Not for translation: the engine returns a SELECT's rows unconverted (`ExecuteResult.deferred`),
   * for a caller that streams them (the Snowflake endpoint).
   */
  readonly deferRows?: boolean;
  /** Not for translation: the query id a statement's Cortex calls are metered under (see takeCortexCalls). */
  readonly queryId?: string;
}

/** The context with a new current database and schema (either may be cleared); role and user stay. */
export function withContainer(context: TranslationContext, database?: string, schema?: string): TranslationContext {
  const { role, user, rolesInSession, protectedRelation, targetRowAccess, targetMasking, warehouse, streamHasData } = context;
  return {
    ...(streamHasData ? { streamHasData } : {}),
    ...(warehouse === undefined ? {} : { warehouse }),
    ...(targetMasking ? { targetMasking } : {}),
    ...(protectedRelation ? { protectedRelation } : {}),
    ...(targetRowAccess ? { targetRowAccess } : {}),
    ...(rolesInSession ? { rolesInSession } : {}),
    ...(database === undefined ? {} : { database }),
    ...(database === undefined || schema === undefined ? {} : { schema }),
    ...(role === undefined ? {} : { role }),
    ...(user === undefined ? {} : { user }),
  };
}

/** What a statement does to an object; the privilege an engine checks follows from it. */
export type ObjectAction = 'select' | 'insert' | 'update' | 'delete' | 'truncate' | 'create' | 'drop' | 'alter';

/** A table or view a statement reads or writes (CTEs, aliases and subqueries are not objects). */
export interface ObjectReference {
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  /** `read` for SELECT sources, `write` for targets of DML and DDL. */
  readonly access: 'read' | 'write';
  readonly action: ObjectAction;
  /** Set when the statement says which kind of object it means (CREATE VIEW, DROP TABLE). */
  readonly objectType?: 'TABLE' | 'VIEW';
  /** The statement fails when the object is missing (false for CREATE and DROP ... IF EXISTS). */
  readonly mustExist: boolean;
}

/** The kinds of statements that run as DuckDB SQL. */
export type StatementType =
  | 'SELECT'
  | 'INSERT'
  | 'UPDATE'
  | 'DELETE'
  | 'MERGE'
  | 'CREATE_TABLE'
  | 'CREATE_VIEW'
  | 'DROP_TABLE'
  | 'DROP_VIEW'
  | 'TRUNCATE'
  | 'ALTER_TABLE'
  | 'TRANSACTION';

/** A statement translated to DuckDB SQL. */
export interface TranslatedSql {
  readonly kind: 'sql';
  readonly statementType: StatementType;
  /** DuckDB SQL; a MERGE ends in `RETURNING merge_action` so the engine can count by action. */
  readonly sql: string;
  /** Objects the statement touches, one entry per object and action. */
  readonly references: readonly ObjectReference[];
  /** Number of bind values the statement consumes. */
  readonly bindCount: number;
  /** `IF EXISTS` on TRUNCATE / ALTER: do nothing when the target is missing. */
  readonly skipIfMissing: boolean;
  readonly source: Statement;
  /** A MERGE without bind values: the same statement in steps that update no row in place. */
  readonly mergeSteps?: MergeSteps;
  /** A query's result column names as Snowflake gives them, where they differ from DuckDB's (see queryColumnNames). */
  readonly columnNames?: readonly ColumnName[];
  /** An ALTER TABLE that changes a column's type; the engine checks the change against the stored type first. */
  readonly retype?: ColumnRetype;
  /** Databases whose INFORMATION_SCHEMA the statement reads: it runs with their visible objects (see information-schema.ts). */
  readonly informationSchema?: readonly string[];
  /** The statement reads INFORMATION_SCHEMA.TASK_HISTORY: the visible objects include every task the role may see (`TASK:DB.SCHEMA.NAME`). */
  readonly readsTaskHistory?: true;
  /**
   * Functions the statement calls that need a database role (FunctionRule.databaseRole: the Cortex
   * functions need SNOWFLAKE.CORTEX_USER), each once: the account runs the statement only for a
   * role that holds it. Calls inside a view the statement reads are not listed (see README).
   */
  readonly databaseRoleCalls?: readonly DatabaseRoleCall[];
}

/** A call of a function that only a role holding a database role may make. */
export interface DatabaseRoleCall {
  /** The function as FUNCTIONS names it, e.g. `AI_COMPLETE`, `SNOWFLAKE.CORTEX.COMPLETE`. */
  readonly function: string;
  /** The database role, e.g. `SNOWFLAKE.CORTEX_USER`. */
  readonly databaseRole: string;
}

/** `ALTER TABLE ... ALTER COLUMN c SET DATA TYPE t`: which column, and its new DuckDB type. */
export interface ColumnRetype {
  /** Canonical column name, unquoted. */
  readonly column: string;
  readonly duckType: string;
}

/**
 * A MERGE as DuckDB statements (see StatementTranslator.merge), run in one transaction in this
 * order. The MERGE among them has no RETURNING (it made DuckDB's MERGE 8-10x slower), so the
 * per-action counts come from its total and the counts of `updated` and `deleted`.
 */
export interface MergeSteps {
  /** Materialises the source rows in a temporary table. */
  readonly source: string;
  /** When the MERGE has UPDATE clauses: the rows they write, deleted and then inserted again. */
  readonly updated?: {
    /** Materialises each row an UPDATE clause writes, its target row id first, in a temporary table. */
    readonly create: string;
    /** Rows updated, and distinct target rows among them (fewer: a row matched twice, Snowflake's 100090). */
    readonly count: string;
    /** Inserts the rewritten rows. */
    readonly insert: string;
  };
  /** When the MERGE both deletes and inserts: how many rows its DELETE clauses take. */
  readonly deleted?: string;
  /** The MERGE with every UPDATE clause a DELETE; returns its total row count. */
  readonly merge: string;
  /** Whether it has DELETE clauses of its own (not counting the UPDATEs turned into DELETE). */
  readonly deletes: boolean;
  /** Drops the temporary tables (statements separated by `;`). */
  readonly cleanup: string;
}

/** SHOW ... IN scope: the whole account, a database, or a schema. */
export type ShowScope =
  | { readonly kind: 'account' }
  | { readonly kind: 'database'; readonly database: string }
  | { readonly kind: 'schema'; readonly database: string; readonly schema: string }
  /** SHOW COLUMNS IN TABLE | VIEW: one object's columns. */
  | { readonly kind: 'object'; readonly database: string; readonly schema: string; readonly name: string }
  /**
   * A bare one-part name (`SHOW TABLES IN raw`): a schema of the current database, or else a
   * database (SHOW VIEWS' reference: the DATABASE or SCHEMA keyword is not required). The engine
   * resolves it against its catalog.
   */
  | { readonly kind: 'named'; readonly name: string; readonly currentDatabase?: string };

/** Statements the engine runs itself against its catalog rather than as DuckDB SQL. */
export type EngineCommand =
  | {
      readonly kind: 'createDatabase';
      readonly name: string;
      readonly orReplace: boolean;
      readonly ifNotExists: boolean;
      readonly comment?: string;
    }
  | { readonly kind: 'dropDatabase'; readonly name: string; readonly ifExists: boolean }
  | {
      readonly kind: 'createSchema';
      readonly database: string;
      readonly name: string;
      readonly orReplace: boolean;
      readonly ifNotExists: boolean;
      readonly managedAccess: boolean;
      readonly comment?: string;
    }
  | { readonly kind: 'dropSchema'; readonly database: string; readonly name: string; readonly ifExists: boolean }
  /** ALTER DATABASE / SCHEMA: `comment` null is UNSET COMMENT; undefined leaves it. */
  | { readonly kind: 'alterDatabase'; readonly name: string; readonly ifExists: boolean; readonly comment?: string | null }
  | {
      readonly kind: 'alterSchema';
      readonly database: string;
      readonly name: string;
      readonly ifExists: boolean;
      readonly comment?: string | null;
      readonly managedAccess?: boolean;
    }
  | { readonly kind: 'useDatabase'; readonly database: string }
  | { readonly kind: 'useSchema'; readonly database: string; readonly schema: string }
  | {
      readonly kind: 'show';
      readonly object: ShowObject;
      /** TERSE: created_on, name, kind, database_name and schema_name only. */
      readonly terse: boolean;
      readonly like?: string;
      readonly scope: ShowScope;
      /** STARTS WITH: a case-sensitive name prefix. */
      readonly startsWith?: string;
      /** LIMIT: at most this many of the rows the role sees (the account applies it after its filter). */
      readonly limit?: number;
      /** LIMIT ... FROM: only names after this one. */
      readonly limitFrom?: string;
    }
  /** DESCRIBE TABLE | VIEW: the object's columns, one row each. */
  | { readonly kind: 'describe'; readonly object: { readonly database: string; readonly schema: string; readonly name: string }; readonly objectType: 'TABLE' | 'VIEW' };

export type ShowObject = 'DATABASES' | 'SCHEMAS' | 'TABLES' | 'VIEWS' | 'COLUMNS';

/** A statement the engine handles itself. */
export interface TranslatedCommand {
  readonly kind: 'command';
  readonly command: EngineCommand;
  readonly source: Statement;
}

export type TranslatedStatement = TranslatedSql | TranslatedCommand;

/** The DuckDB schema holding one Snowflake schema. */
export function duckSchemaName(database: string, schema: string): string {
  return `${database}$${schema}`;
}

/** Quotes a name as a DuckDB identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The DuckDB name of a Snowflake object: `"DB$SCHEMA"."NAME"`. */
export function duckObjectName(database: string, schema: string, name: string): string {
  return `${quoteIdentifier(duckSchemaName(database, schema))}.${quoteIdentifier(name)}`;
}

/**
 * Translates every statement of a SQL text. USE and CREATE DATABASE / SCHEMA change the
 * context of later statements, as they do in a Snowflake session (existence is the engine's
 * concern, so USE DATABASE assumes its PUBLIC schema).
 */
export function translate(sql: string, context: TranslationContext = {}): TranslatedStatement[] {
  let current = context;
  return splitStatements(sql).map((statement) => {
    const translated = translateStatement(statement, current);
    if (translated.kind === 'command') {
      const { command } = translated;
      if (command.kind === 'useDatabase') current = withContainer(current, command.database, 'PUBLIC');
      if (command.kind === 'createDatabase') current = withContainer(current, command.name, 'PUBLIC');
      if (command.kind === 'useSchema') current = withContainer(current, command.database, command.schema);
      if (command.kind === 'createSchema') current = withContainer(current, command.database, command.name);
    }
    return translated;
  });
}

/** SQL LIKE (`%`, `_`, backslash escape) as a case-insensitive whole-string RegExp, as SHOW ... LIKE matches names. */
export function likeRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 'is');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Translates one statement (from `splitStatements`) in a context. */
export function translateStatement(statement: Statement, context: TranslationContext): TranslatedStatement {
  return new StatementTranslator(statement, context).translate();
}

/** Words that are syntax, never identifiers or aliases; most are emitted upper case as they are. */
const KEYWORDS = new Set(
  (
    'FROM JOIN WITH MINUS NULLS SELECT DISTINCT ALL WHERE GROUP BY ORDER HAVING QUALIFY LIMIT OFFSET UNION INTERSECT EXCEPT AS ON ' +
    'USING INNER LEFT RIGHT FULL OUTER CROSS NATURAL AND OR NOT IS NULL TRUE FALSE IN EXISTS BETWEEN LIKE ' +
    'ILIKE ESCAPE CASE WHEN THEN ELSE END ASC DESC OVER PARTITION ROWS RANGE UNBOUNDED PRECEDING FOLLOWING ' +
    'CURRENT ROW RECURSIVE INSERT INTO VALUES UPDATE SET DELETE MERGE MATCHED INTERVAL WITHIN DEFAULT ANY ' +
    'SOME WINDOW EXCLUDE ROLLUP CUBE GROUPING SETS IGNORE RESPECT'
  ).split(' '),
);

/** Keywords that are values, so they can be operands of `/`. */
const VALUE_KEYWORDS = new Set(['NULL', 'TRUE', 'FALSE']);

/** Words that start Snowflake syntax the local engine does not run, with what to do instead. */
const UNSUPPORTED_WORDS: Readonly<Record<string, string>> = {
  CONNECT: 'Rewrite CONNECT BY as a recursive CTE (WITH RECURSIVE).',
  START: 'Rewrite START WITH ... CONNECT BY as a recursive CTE (WITH RECURSIVE).',
  SAMPLE: 'Sampling is not reproducible locally; filter deterministically instead.',
  TABLESAMPLE: 'Sampling is not reproducible locally; filter deterministically instead.',
  MATCH_RECOGNIZE: 'Rewrite with window functions (LAG/LEAD, ROW_NUMBER).',
  FETCH: 'Use LIMIT n [OFFSET m].',
  ASOF: 'Rewrite the ASOF join with QUALIFY ROW_NUMBER() over a range join.',
  LATERAL: 'Use LATERAL only in FROM, with FLATTEN(INPUT => ...) or a subquery.',
};

/** Typed literals: `DATE '2024-01-01'`. */
const TYPED_LITERALS: Readonly<Record<string, string>> = {
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  TIMESTAMP_NTZ: 'TIMESTAMP',
  TIMESTAMP_LTZ: 'TIMESTAMPTZ',
  TIMESTAMP_TZ: 'TIMESTAMPTZ',
};

/** Table and view options that have no local meaning and are dropped. */
const IGNORED_OBJECT_OPTIONS = new Set([
  'COMMENT',
  'DATA_RETENTION_TIME_IN_DAYS',
  'MAX_DATA_EXTENSION_TIME_IN_DAYS',
  'CHANGE_TRACKING',
  'ENABLE_SCHEMA_EVOLUTION',
  'DEFAULT_DDL_COLLATION',
]);

const SECURITY_HINT =
  'Policies, tags, roles and grants are applied by the local security layer from cdktf.out, not as SQL through the dialect.';

/** DuckDB variables the engine sets to the running session's role, user and roles in session. */
export const SESSION_VARIABLES = { role: 'sf_current_role', user: 'sf_current_user', roles: 'sf_roles_in_session' } as const;

/**
 * Functions answered from the session context; `required` ones have no NULL answer in Snowflake.
 * Those with a `variable` are read from it when the statement runs.
 */
const SESSION_FUNCTIONS: Readonly<Record<string, { readonly field: 'database' | 'schema' | 'role' | 'user' | 'warehouse'; readonly required: boolean; readonly variable?: string }>> = {
  CURRENT_DATABASE: { field: 'database', required: false },
  CURRENT_SCHEMA: { field: 'schema', required: false },
  CURRENT_WAREHOUSE: { field: 'warehouse', required: false },
  CURRENT_ROLE: { field: 'role', required: true, variable: SESSION_VARIABLES.role },
  CURRENT_USER: { field: 'user', required: true, variable: SESSION_VARIABLES.user },
};

/** Context functions about the Snowflake account itself, which the local account does not have. */
const ACCOUNT_FUNCTIONS: ReadonlySet<string> = new Set([
  'CURRENT_ACCOUNT', 'CURRENT_ACCOUNT_NAME', 'CURRENT_ORGANIZATION_NAME', 'CURRENT_REGION', 'CURRENT_SECONDARY_ROLES', 'CURRENT_AVAILABLE_ROLES',
]);

/** Window functions that take IGNORE NULLS / RESPECT NULLS. */
const NULLS_TREATMENT = new Set(['FIRST_VALUE', 'LAST_VALUE', 'NTH_VALUE', 'LAG', 'LEAD']);

/** CREATE kinds that belong to the security layer. */
const SECURITY_OBJECTS = new Set(['ROLE', 'USER', 'ROW', 'MASKING', 'TAG', 'NETWORK']);

/** Statement heads handled elsewhere in the local platform, with where. */
const OTHER_LAYER_STATEMENTS: Readonly<Record<string, string>> = {
  GRANT: SECURITY_HINT,
  REVOKE: SECURITY_HINT,
  COPY: 'Load files with `eyecare local load`, which stages and copies them into RAW.',
  PUT: 'Load files with `eyecare local load`, which stages and copies them into RAW.',
  CALL: 'Stored procedures are not run locally; inline their SQL.',
  EXECUTE: 'Run task graphs with `eyecare local run`.',
  UNSET: 'Session variables are not supported locally; inline the values.',
  DECLARE: 'Snowflake Scripting blocks are not run locally; write plain statements.',
};

/** Words after SHOW that name Snowflake objects the local engine does not list. */
const OTHER_SHOW_OBJECTS = [
  'OBJECTS', 'PIPES', 'FUNCTIONS', 'USER', 'PROCEDURES', 'SEQUENCES', 'INTEGRATIONS', 'SHARES', 'PARAMETERS', 'VARIABLES', 'TAGS',
  'ALERTS', 'NETWORK', 'EXTERNAL', 'MATERIALIZED', 'DYNAMIC', 'PRIMARY', 'IMPORTED', 'EXPORTED', 'ROLES', 'GRANTS', 'USERS',
  'WAREHOUSES', 'TASKS', 'STREAMS', 'STAGES', 'FILE', 'ROW', 'MASKING', 'RESOURCE', 'ACCOUNTS', 'REPLICATION', 'EVENT', 'SESSION',
] as const;

/** Words that start a Snowflake SQL statement (its command reference), run locally or not. */
const SNOWFLAKE_STATEMENT_VERBS: ReadonlySet<string> = new Set([
  'ALTER', 'BEGIN', 'CALL', 'COMMENT', 'COMMIT', 'COPY', 'CREATE', 'DECLARE', 'DELETE', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE',
  'EXPLAIN', 'GET', 'GRANT', 'INSERT', 'LIST', 'LS', 'MERGE', 'PUT', 'REMOVE', 'REVOKE', 'RM', 'ROLLBACK', 'SELECT', 'SET', 'SHOW',
  'START', 'TRUNCATE', 'UNDROP', 'UNSET', 'UPDATE', 'USE', 'VALUES', 'WITH',
]);

/** Words that end a SELECT list at its top level. */
const AFTER_SELECT_LIST = new Set(['FROM', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION', 'EXCEPT', 'MINUS', 'INTERSECT', 'WINDOW']);
/** Words that end the pattern of `x RLIKE pattern`: boolean operators, and the clauses that follow a condition. */
const REGEXP_OPERAND_END = new Set([...AFTER_SELECT_LIST, 'AND', 'OR', 'THEN', 'WHEN', 'ELSE', 'END', 'AS', 'IS']);
/** Words that end an expression themselves, so they are never an implicit alias. */
const EXPRESSION_END_WORDS = new Set(['END', 'NULL', 'TRUE', 'FALSE']);
/** Words an operand follows, so a word after them is that operand, not an implicit alias. */
const OPERAND_BEFORE_WORDS = new Set(['IS', 'NOT', 'AND', 'OR', 'IN', 'LIKE', 'ILIKE', 'BETWEEN', 'DISTINCT', 'ELSE', 'THEN', 'WHEN', 'CASE', 'AS']);

/**
 * One SELECT list item's result column name (see queryColumnNames): undefined where DuckDB's name
 * is right, {@link STAR_COLUMNS} for a star, whose columns are counted only when the query runs.
 */
export type ColumnName = string | undefined;
/** A star (`*`, `t.*`, with EXCLUDE, ...) among a query's column names. */
export const STAR_COLUMNS = '*';

/**
 * The result column names Snowflake gives the outermost SELECT list's unaliased items: a column
 * reference is the column's name (`t.a` is `A`), any other expression its text as written,
 * upper-cased (`UPPER('a')` is `UPPER('A')`, `CURRENT_ROLE()` is `CURRENT_ROLE()`). DuckDB would
 * name them after the translated SQL (`getvariable('sf_current_role')`). Undefined where the
 * item has an alias (the translation keeps it); a star's columns keep their own names.
 */
export function queryColumnNames(statement: Statement): ColumnName[] | undefined {
  const nodes = statement.nodes;
  let i = 0;
  if (isWordNode(nodes[0], 'WITH')) {
    // WITH [RECURSIVE] name [(columns)] AS (query) [, ...] SELECT
    i = 1;
    while (i < nodes.length && !isWordNode(nodes[i], 'SELECT')) i++;
  }
  if (!isWordNode(nodes[i], 'SELECT')) return undefined;
  i++;
  if (isWordNode(nodes[i], 'DISTINCT') || isWordNode(nodes[i], 'ALL')) i++;
  if (isWordNode(nodes[i], 'TOP')) i += 2;
  const items: Node[][] = [[]];
  for (; i < nodes.length; i++) {
    const node = nodes[i]!;
    // GROUP of `LISTAGG(...) WITHIN GROUP (ORDER BY ...)` is part of the item, not a GROUP BY.
    if (node.kind === 'word' && AFTER_SELECT_LIST.has(node.text.toUpperCase()) && !(isWordNode(node, 'GROUP') && isWordNode(nodes[i - 1], 'WITHIN'))) break;
    if (isOpNode(node, ',')) items.push([]);
    else items[items.length - 1]!.push(node);
  }
  const names: ColumnName[] = [];
  for (const item of items) {
    if (item.length === 0) return undefined;
    // `*` and `t.*` (with EXCLUDE, RENAME, ...) stand for columns counted only when the query runs.
    if (item.some((node, k) => isOpNode(node, '*') && (k === 0 || isOpNode(item[k - 1], '.')))) {
      names.push(STAR_COLUMNS);
      continue;
    }
    const last = item[item.length - 1]!;
    const before = item[item.length - 2];
    const aliased =
      isWordNode(before, 'AS') ||
      (item.length >= 2 &&
        (last.kind === 'quoted' || (last.kind === 'word' && !EXPRESSION_END_WORDS.has(last.text.toUpperCase()) && !OPERAND_BEFORE_WORDS.has(last.text.toUpperCase()))) &&
        before !== undefined &&
        before.kind !== 'op' &&
        !(before.kind === 'word' && OPERAND_BEFORE_WORDS.has(before.text.toUpperCase())));
    if (aliased) {
      names.push(undefined);
      continue;
    }
    const reference = item.every((node, k) => (k % 2 === 0 ? node.kind === 'word' || node.kind === 'quoted' : isOpNode(node, '.')));
    if (reference) {
      names.push(canonical(last as Token));
      continue;
    }
    names.push(sourceText(statement, item).toUpperCase());
  }
  return names;
}

/** Nodes of `statement` as written. */
function sourceText(statement: Statement, nodes: readonly Node[]): string {
  const base = firstToken(statement.nodes[0]!).start;
  return statement.text.slice(firstToken(nodes[0]!).start - base, lastToken(nodes[nodes.length - 1]!).end - base);
}

const isOpNode = (node: Node | undefined, op: string): boolean => node?.kind === 'op' && node.text === op;

/** Names visible as CTEs at a point in a query; nested scopes see their parents' names. */
class Scope {
  private readonly names = new Set<string>();
  constructor(private readonly parent?: Scope) {}
  add(name: string): void {
    this.names.add(name);
  }
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }
}

/** One piece of translated output. */
interface Piece {
  readonly text: string;
  /** A value (column, literal, call, group) rather than an operator or keyword. */
  readonly operand: boolean;
  /** Printed without a space before it (commas). */
  readonly glue?: boolean;
}

/**
 * Output pieces joined by spaces. Pieces stay separate until the end so that binary `/` can
 * be rewritten with its operands: Snowflake raises "Division by zero" where DuckDB returns NULL.
 */
class Output {
  private readonly pieces: Piece[] = [];
  push(text: string, operand = false): void {
    this.pieces.push({ text, operand });
  }
  comma(): void {
    this.pieces.push({ text: ',', operand: false, glue: true });
  }
  /** Whether the last piece is a value an operator (`:path`, `[i]`, `::type`) can apply to. */
  get lastIsOperand(): boolean {
    return this.pieces[this.pieces.length - 1]?.operand ?? false;
  }
  pop(): string {
    return this.pieces.pop()?.text ?? '';
  }
  /** Where the next piece goes, for {@link takeFrom}. */
  mark(): number {
    return this.pieces.length;
  }
  /** Removes and returns the text of the pieces pushed since `mark`. */
  takeFrom(mark: number): string {
    return join(this.pieces.splice(mark));
  }
  /** Whether the last piece is the keyword `word`. */
  lastIsKeyword(word: string): boolean {
    const last = this.pieces[this.pieces.length - 1];
    return last !== undefined && !last.operand && last.text === word;
  }
  /**
   * Removes and returns the operand of a comparison that ends here: operands joined by the
   * arithmetic and concatenation operators, which bind tighter than LIKE (a CASE ... END is one
   * operand); undefined when there is none.
   */
  popOperand(): string | undefined {
    let start = this.pieces.length;
    for (;;) {
      const unit = unitStart(this.pieces, start - 1);
      if (unit < 0) break;
      start = unit;
      const before = this.pieces[start - 1];
      if (!before || before.operand || !['||', '+', '-', '*', '/', '%'].includes(before.text)) break;
      start -= 1;
    }
    const first = this.pieces[start];
    // The subject may begin with a CASE or a unary sign.
    if (first === undefined || (!first.operand && !['CASE', '-', '+'].includes(first.text))) return undefined;
    const subject = join(this.pieces.slice(start));
    this.pieces.splice(start);
    return `(${subject})`;
  }
  text(): string {
    const pieces = [...this.pieces];
    for (let k = 0; k < pieces.length; k++) {
      if (pieces[k].text !== '/' || pieces[k].operand) continue;
      const start = leftOperandStart(pieces, k - 1);
      const end = rightOperandEnd(pieces, k + 1);
      // A malformed division is left for DuckDB to report.
      if (start < 0 || end < 0) continue;
      const text = `sf_div(${join(pieces.slice(start, k))}, ${join(pieces.slice(k + 1, end + 1))})`;
      pieces.splice(start, end - start + 1, { text, operand: true });
      k = start;
    }
    return join(pieces);
  }
}

function join(pieces: readonly Piece[]): string {
  return pieces.map((piece, k) => (k > 0 && !piece.glue ? ` ${piece.text}` : piece.text)).join('');
}

/** Start of the single operand (`x`, `f(x) OVER (...)`, `CASE ... END`) that ends at `end`. */
function unitStart(pieces: readonly Piece[], end: number): number {
  const piece = pieces[end];
  if (!piece) return -1;
  if (pieces[end - 1]?.text === 'OVER' && !pieces[end - 1].operand) return unitStart(pieces, end - 2);
  if (piece.text === 'END' && !piece.operand) return matchCase(pieces, end, -1);
  return piece.operand ? end : -1;
}

/** The left operand of `/`: operands joined by `*`, `/` and `%`, which bind as tightly. */
function leftOperandStart(pieces: readonly Piece[], end: number): number {
  let start = unitStart(pieces, end);
  while (start > 1 && ['*', '%'].includes(pieces[start - 1].text) && !pieces[start - 1].operand) {
    const previous = unitStart(pieces, start - 2);
    if (previous < 0) break;
    start = previous;
  }
  return start;
}

/** The right operand of `/`: one operand with its unary signs and OVER clause. */
function rightOperandEnd(pieces: readonly Piece[], begin: number): number {
  let k = begin;
  while (pieces[k] && ['-', '+'].includes(pieces[k].text) && !pieces[k].operand) k++;
  const piece = pieces[k];
  if (!piece) return -1;
  if (piece.text === 'CASE' && !piece.operand) k = matchCase(pieces, k, 1);
  else if (!piece.operand) return -1;
  if (k >= 0 && pieces[k + 1]?.text === 'OVER' && !pieces[k + 1].operand && pieces[k + 2]) k += 2;
  return k;
}

/** Index of the CASE matching an END (direction -1) or the END matching a CASE (+1). */
function matchCase(pieces: readonly Piece[], from: number, direction: 1 | -1): number {
  let depth = 0;
  for (let k = from; k >= 0 && k < pieces.length; k += direction) {
    if (pieces[k].operand) continue;
    if (pieces[k].text === 'CASE') depth += direction;
    if (pieces[k].text === 'END') depth -= direction;
    if (depth === 0) return k;
  }
  return -1;
}

/** A read position in a run of nodes. */
class Cursor {
  i = 0;
  constructor(
    readonly items: readonly Node[],
    private readonly end: SourcePosition,
  ) {}
  get done(): boolean {
    return this.i >= this.items.length;
  }
  peek(k = 0): Node | undefined {
    return this.items[this.i + k];
  }
  /** Position of the next node, or the end of the run. */
  get position(): SourcePosition {
    const node = this.peek();
    return node ? firstToken(node) : this.end;
  }
  next(): Node {
    const node = this.items[this.i];
    if (!node) throw syntaxError("unexpected '<EOF>'.", this.end);
    this.i++;
    return node;
  }
  isWord(k: number, ...words: string[]): boolean {
    const node = this.peek(k);
    return node?.kind === 'word' && words.includes(node.text.toUpperCase());
  }
  isOp(k: number, op: string): boolean {
    return isOpNode(this.peek(k), op);
  }
  isParen(k: number): boolean {
    const node = this.peek(k);
    return node?.kind === 'group' && node.open.text === '(';
  }
  /** Consumes the words if they come next, in order. */
  takeWords(...words: string[]): boolean {
    if (!words.every((word, k) => this.isWord(k, word))) return false;
    this.i += words.length;
    return true;
  }
  expectWord(...words: string[]): string {
    const node = this.peek();
    if (node?.kind !== 'word' || !words.includes(node.text.toUpperCase())) {
      throw syntaxError(`unexpected '${describe(node)}', expected ${words.join(' or ')}.`, this.position);
    }
    this.i++;
    return node.text.toUpperCase();
  }
  expectGroup(): Group {
    const node = this.peek();
    if (node?.kind !== 'group' || node.open.text !== '(') {
      throw syntaxError(`unexpected '${describe(node)}', expected '('.`, this.position);
    }
    this.i++;
    return node;
  }
  expectEnd(): void {
    if (!this.done) throw syntaxError(`unexpected '${describe(this.peek())}'.`, this.position);
  }
}

function describe(node: Node | undefined): string {
  if (!node) return '<EOF>';
  return node.kind === 'group' ? node.open.text : node.text;
}

/** A token that names something: an unquoted word or a quoted identifier. */
type NameToken = Token & { readonly kind: 'word' | 'quoted' };

const isName = (node: Node | undefined): node is NameToken => node?.kind === 'word' || node?.kind === 'quoted';

/** Canonical Snowflake name of an identifier token: unquoted upper-cased, quoted as written. */
function canonical(token: Token): string {
  return token.kind === 'quoted' ? token.value : token.text.toUpperCase();
}

/** Splits a group's items at top-level commas. */
function splitArgs(items: readonly Node[], at: SourcePosition): Node[][] {
  if (items.length === 0) return [];
  const args: Node[][] = [[]];
  for (const item of items) {
    if (item.kind === 'op' && item.text === ',') args.push([]);
    else args[args.length - 1].push(item);
  }
  const empty = args.findIndex((arg) => arg.length === 0);
  if (empty >= 0) throw syntaxError(`unexpected ','; argument ${empty + 1} is empty.`, at);
  return args;
}

/** At `PIVOT (` or `UNPIVOT [INCLUDE | EXCLUDE NULLS] (` after a table reference. */
function atPivot(c: Cursor): boolean {
  return (c.isWord(0, 'PIVOT') && c.isParen(1)) || (c.isWord(0, 'UNPIVOT') && (c.isParen(1) || (c.isWord(1, 'INCLUDE', 'EXCLUDE') && c.isWord(2, 'NULLS') && c.isParen(3))));
}

/** Number of values in a VALUES tuple `( ... )`. */
function tupleWidth(node: Node | undefined): number {
  return node?.kind === 'group' ? splitArgs(node.items, node.open).length : 0;
}

const startsQuery = (items: readonly Node[]): boolean => {
  const first = items[0];
  return first?.kind === 'word' && ['SELECT', 'WITH', 'VALUES'].includes(first.text.toUpperCase());
};

type Mode = 'query' | 'args';

interface TableRefOptions {
  readonly access: 'read' | 'write';
  readonly actions: readonly ObjectAction[];
  readonly alias?: boolean;
  readonly objectType?: 'TABLE' | 'VIEW';
  readonly mustExist?: boolean;
}

/** One query being translated: its SELECT TOP n, and whether it has a LIMIT of its own. */
interface QueryLevel {
  top?: string;
  limited?: boolean;
}

/** A table reference as translated, with the name its columns are qualified by (alias, else table name). */
interface AliasedRef {
  readonly text: string;
  readonly object?: { readonly database: string; readonly schema: string; readonly name: string };
  readonly alias?: string;
}

/** A MERGE's WHEN clause: an UPDATE keeps its assignments, other actions their DuckDB text. */
type MergeClause = { readonly matched: boolean; readonly condition?: string } & (
  | { readonly kind: 'update'; readonly assignments: readonly { readonly column: string; readonly value: string }[] }
  | { readonly kind: 'other'; readonly action: string }
);

const MERGE_SOURCE_NAME = '"__merge_source"';
const MERGE_UPDATED_NAME = '"__merge_updated"';
const MERGE_SOURCE = `temp.main.${MERGE_SOURCE_NAME}`;
const MERGE_UPDATED = `temp.main.${MERGE_UPDATED_NAME}`;
const MERGE_ROW = '"__merge_row"';

function mergeSql(target: string, source: string, on: string, clauses: readonly MergeClause[]): string {
  const whens = clauses.map((clause) => {
    const action = clause.kind === 'update' ? `UPDATE SET ${clause.assignments.map((a) => `${quoteIdentifier(a.column)} = ${a.value}`).join(', ')}` : clause.action;
    return `WHEN ${clause.matched ? '' : 'NOT '}MATCHED${clause.condition === undefined ? '' : ` AND ${clause.condition}`} THEN ${action}`;
  });
  return `MERGE INTO ${target} USING ${source} ON ${on} ${whens.join(' ')}`;
}

/**
 * The MERGE in steps, reading the source once from a temporary table. Each WHEN MATCHED ...
 * UPDATE becomes DELETE plus an INSERT of the rewritten rows: DuckDB updates rows in place, and
 * its next checkpoint then rewrites every updated column of each 122,880-row group the update
 * touched, so correcting one row of a large table cost as much as rewriting the table. A WHEN
 * MATCHED clause takes the matched rows no earlier one took, as in Snowflake.
 */
function mergeSteps(
  target: AliasedRef & { readonly object: NonNullable<AliasedRef['object']> },
  source: AliasedRef,
  on: string,
  clauses: readonly MergeClause[],
): MergeSteps {
  const t = quoteIdentifier(target.alias ?? target.object.name);
  const sourceRef = `${MERGE_SOURCE} AS ${quoteIdentifier(source.alias ?? '__merge_source')}`;
  const from = `${target.text} JOIN ${sourceRef} ON ${on}`;
  const earlier: string[] = [];
  const updates: string[] = [];
  const deletes: string[] = [];
  for (const clause of clauses.filter((each) => each.matched)) {
    const applies = [clause.condition ?? 'TRUE', ...earlier.map((condition) => `NOT coalesce(${condition}, FALSE)`)].join(' AND ');
    if (clause.kind === 'update') {
      const values = clause.assignments.map((a) => `${a.value} AS ${quoteIdentifier(a.column)}`).join(', ');
      updates.push(`SELECT ${t}.rowid AS ${MERGE_ROW}, ${t}.* REPLACE (${values}) FROM ${from} WHERE ${applies}`);
    } else deletes.push(applies);
    if (clause.condition === undefined) break;
    earlier.push(clause.condition);
  }
  const inserts = clauses.some((clause) => !clause.matched);
  return {
    source: `CREATE OR REPLACE TEMP TABLE ${MERGE_SOURCE_NAME} AS SELECT * FROM ${source.text}`,
    ...(updates.length > 0
      ? {
          updated: {
            create: `CREATE OR REPLACE TEMP TABLE ${MERGE_UPDATED_NAME} AS ${updates.join(' UNION ALL ')}`,
            count: `SELECT count(*), count(DISTINCT ${MERGE_ROW}) FROM ${MERGE_UPDATED}`,
            insert: `INSERT INTO ${duckObjectName(target.object.database, target.object.schema, target.object.name)} SELECT * EXCLUDE (${MERGE_ROW}) FROM ${MERGE_UPDATED}`,
          },
        }
      : {}),
    ...(deletes.length > 0 && inserts ? { deleted: `SELECT count(DISTINCT ${t}.rowid) FROM ${from} WHERE ${deletes.map((applies) => `(${applies})`).join(' OR ')}` } : {}),
    merge: mergeSql(target.text, sourceRef, on, clauses.map((clause): MergeClause => (clause.kind === 'update' ? { ...clause, kind: 'other', action: 'DELETE' } : clause))),
    deletes: deletes.length > 0,
    cleanup: [`DROP TABLE IF EXISTS ${MERGE_SOURCE}`, ...(updates.length > 0 ? [`DROP TABLE IF EXISTS ${MERGE_UPDATED}`] : [])].join('; '),
  };
}

/** The statement's `?` placeholders by source offset, numbered in the order they are written. */
function positionalBindOrder(nodes: readonly Node[]): Map<number, number> {
  const order = new Map<number, number>();
  const visit = (items: readonly Node[]): void => {
    for (const node of items) {
      if (node.kind === 'group') visit(node.items);
      else if (node.kind === 'param' && node.text === '?') order.set(node.start, order.size + 1);
    }
  };
  visit(nodes);
  return order;
}

const isWordNode = (node: Node | undefined, word: string): boolean => node?.kind === 'word' && node.text.toUpperCase() === word;

/**
 * Snowflake's FIRST_VALUE, LAST_VALUE and NTH_VALUE see the whole partition when the window has
 * an ORDER BY but no frame; DuckDB (like ANSI SQL) stops at the current row. The frame to add.
 */
function wholePartitionFrame(fn: string, window: readonly Node[]): string {
  if (!['FIRST_VALUE', 'LAST_VALUE', 'NTH_VALUE'].includes(fn)) return '';
  const hasOrder = window.some((node) => isWordNode(node, 'ORDER'));
  const hasFrame = window.some((node) => isWordNode(node, 'ROWS') || isWordNode(node, 'RANGE') || isWordNode(node, 'GROUPS'));
  return hasOrder && !hasFrame ? ' ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING' : '';
}

/** Translates one statement; collects the objects it references and the binds it uses. */
class StatementTranslator {
  private readonly references: ObjectReference[] = [];
  private readonly informationSchemas = new Set<string>();
  /** The statement reads INFORMATION_SCHEMA.TASK_HISTORY: it runs with the tasks the role may see. */
  private readsTaskHistory = false;
  /** Functions called that need a database role, by function name (see TranslatedSql.databaseRoleCalls). */
  private readonly databaseRoleCalls = new Map<string, string>();
  /** The queries being translated, innermost last: a SELECT TOP n sets its level's LIMIT. */
  private readonly queryLevels: QueryLevel[] = [];
  /** Subqueries entered so far (see `step`): a DML's own expressions are at the depth its masking began. */
  private queryDepth = 0;
  /** While translating the expressions of an UPDATE, DELETE or MERGE whose target has masked columns. */
  private masking?: { readonly qualifier: string; readonly columns: ReadonlyMap<string, string>; readonly depth: number };
  private positionalBinds = 0;
  /** Each `?` of the statement (by its offset) and its number, 1 for the first written. */
  private positionalOrder?: ReadonlyMap<number, number>;
  private numberedBinds = 0;
  private readonly end: SourcePosition;
  private readonly verb: string;

  constructor(
    private readonly statement: Statement,
    private readonly context: TranslationContext,
  ) {
    const lines = statement.text.split('\n');
    const lastLine = lines[lines.length - 1];
    this.end = {
      line: statement.position.line + lines.length - 1,
      col: (lines.length === 1 ? statement.position.col : 1) + lastLine.length,
    };
    const head = statement.nodes[0];
    this.verb = head?.kind === 'word' ? head.text.toUpperCase() : 'SELECT';
  }

  translate(): TranslatedStatement {
    const c = this.cursor(this.statement.nodes);
    const head = c.peek();
    if (head?.kind === 'group') return this.sql('SELECT', this.run(c, new Scope(), 'query'));
    if (head?.kind !== 'word') throw syntaxError(`unexpected '${describe(head)}'.`, c.position);
    const verb = head.text.toUpperCase();
    switch (verb) {
      case 'SELECT':
      case 'WITH': {
        const columnNames = queryColumnNames(this.statement);
        return { ...this.sql('SELECT', this.run(c, new Scope(), 'query')), ...(columnNames ? { columnNames } : {}) };
      }
      case 'INSERT':
        return this.insert(c);
      case 'UPDATE':
        return this.update(c);
      case 'DELETE':
        return this.delete(c);
      case 'MERGE':
        return this.merge(c);
      case 'CREATE':
        return this.create(c);
      case 'DROP':
        return this.drop(c);
      case 'TRUNCATE':
        return this.truncate(c);
      case 'ALTER':
        return this.alter(c);
      case 'COMMENT':
        return this.comment(c);
      case 'USE':
        return this.use(c);
      case 'SHOW':
        return this.show(c);
      case 'DESCRIBE':
      case 'DESC':
        return this.describe(c);
      case 'BEGIN':
      case 'START':
      case 'COMMIT':
      case 'ROLLBACK':
        return this.transaction(c, verb);
      default:
        // A word that starts no Snowflake statement is a syntax error there (a typo), not a missing feature.
        if (!SNOWFLAKE_STATEMENT_VERBS.has(verb)) throw syntaxError(`unexpected '${head.text}'.`, head);
        throw new UnsupportedSqlError(
          `${verb} statement`,
          head,
          OTHER_LAYER_STATEMENTS[verb] ??
            'The local engine runs SELECT, INSERT, UPDATE, DELETE, MERGE, CREATE/DROP TABLE|VIEW|SCHEMA|DATABASE, TRUNCATE, ALTER TABLE|SCHEMA|DATABASE, COMMENT ON, USE, SHOW and DESCRIBE.',
        );
    }
  }

  // ---- statements -------------------------------------------------------------------------

  private sql(statementType: StatementType, sql: string, skipIfMissing = false): TranslatedSql {
    if (this.positionalBinds > 0 && this.numberedBinds > 0) {
      throw new UnsupportedSqlError('mixing ? and :n binds', this.statement.position, 'Use one bind style per statement.');
    }
    return {
      kind: 'sql',
      statementType,
      sql,
      references: this.references,
      bindCount: Math.max(this.positionalBinds, this.numberedBinds),
      skipIfMissing,
      source: this.statement,
      ...(this.informationSchemas.size > 0 || this.readsTaskHistory ? { informationSchema: [...this.informationSchemas] } : {}),
      ...(this.readsTaskHistory ? { readsTaskHistory: true } : {}),
      ...(this.databaseRoleCalls.size > 0 ? { databaseRoleCalls: [...this.databaseRoleCalls].map(([fn, databaseRole]) => ({ function: fn, databaseRole })) } : {}),
    };
  }

  private command(command: EngineCommand): TranslatedCommand {
    return { kind: 'command', command, source: this.statement };
  }

  private insert(c: Cursor): TranslatedSql {
    c.next();
    if (c.isWord(0, 'OVERWRITE', 'ALL', 'FIRST')) {
      const at = c.position;
      throw new UnsupportedSqlError(`INSERT ${c.expectWord('OVERWRITE', 'ALL', 'FIRST')}`, at, 'Use TRUNCATE then INSERT INTO, or one INSERT INTO per target.');
    }
    c.expectWord('INTO');
    const out = new Output();
    out.push('INSERT INTO');
    this.tableRef(c, out, new Scope(), { access: 'write', actions: ['insert'], alias: false });
    return this.sql('INSERT', this.run(c, new Scope(), 'query', out));
  }

  private update(c: Cursor): TranslatedSql {
    c.next();
    const scope = new Scope();
    const target = this.aliasedTableRef(c, scope, { access: 'write', actions: ['update'] });
    c.expectWord('SET');
    const rest = c.items.slice(c.i);
    const end = rest.findIndex((node) => isWordNode(node, 'FROM') || isWordNode(node, 'WHERE'));
    const set = this.assignments(end < 0 ? rest : rest.slice(0, end), scope, target, c.position);
    c.i += end < 0 ? rest.length : end;
    return this.sql('UPDATE', `UPDATE ${target.text} SET ${set.map((a) => `${quoteIdentifier(a.column)} = ${a.value}`).join(', ')} ${this.visibleTargetRows(c, scope, target)}`);
  }

  /** `column = value, ...` of an UPDATE or a MERGE's WHEN MATCHED ... UPDATE; the values read the target masked. */
  private assignments(nodes: readonly Node[], scope: Scope, target: AliasedRef, at: SourcePosition): { column: string; value: string }[] {
    return splitArgs(nodes, at).map((assignment) => {
      const eq = assignment.findIndex((node) => isOpNode(node, '='));
      const column = assignment[eq - 1];
      if (eq < 1 || !isName(column)) throw syntaxError(`unexpected '${describe(assignment[0])}', expected column = expression.`, firstToken(assignment[0]));
      return { column: canonical(column), value: this.masked(target, () => this.run(this.cursor(assignment.slice(eq + 1)), scope, 'args')) };
    });
  }

  /**
   * Translates a DML's expressions with its target's masked columns read through their masking
   * policies (Snowflake masks them in SET, WHERE, ON and WHEN too: a role that sees a column
   * masked cannot copy or test its clear value through an UPDATE).
   */
  private masked<T>(target: AliasedRef, translate: () => T): T {
    const columns = target.object && target.alias !== undefined ? this.context.targetMasking?.(target.object, target.alias) : undefined;
    if (!columns || columns.size === 0) return translate();
    const before = this.masking;
    this.masking = { qualifier: target.alias!, columns, depth: this.queryDepth };
    try {
      return translate();
    } finally {
      this.masking = before;
    }
  }

  /**
   * A read of a masked target column in its DML's expressions: the policy's expression. Inside a
   * subquery an unqualified name may be the subquery's own column, which the translator cannot
   * tell from the target's: it must be qualified.
   */
  private maskedColumn(parts: readonly Token[], at: Token): string | undefined {
    const masking = this.masking;
    const column = canonical(parts[parts.length - 1]!);
    const expression = masking?.columns.get(column);
    if (masking === undefined || expression === undefined) return undefined;
    if (parts.length === 2 && canonical(parts[0]!) === masking.qualifier) return `(${expression})`;
    if (parts.length !== 1) return undefined;
    if (this.queryDepth === masking.depth) return `(${expression})`;
    throw new UnsupportedSqlError(
      `unqualified ${column} in a subquery of a statement whose target masks ${column}`,
      at,
      `Write ${masking.qualifier}.${column} for the target's (masked) value, or qualify the subquery's own column.`,
    );
  }

  private delete(c: Cursor): TranslatedSql {
    c.next();
    c.expectWord('FROM');
    const scope = new Scope();
    const target = this.aliasedTableRef(c, scope, { access: 'write', actions: ['delete'] });
    const out = new Output();
    if (c.takeWords('USING')) {
      out.push('USING');
      this.tableList(c, out, scope);
    }
    return this.sql('DELETE', `DELETE FROM ${target.text} ${this.visibleTargetRows(c, scope, target, out)}`);
  }

  /** The target's row access condition, when its table has a row access policy. */
  private targetCondition(target: AliasedRef): string | undefined {
    const condition = target.object && target.alias !== undefined ? this.context.targetRowAccess?.(target.object, target.alias) : undefined;
    return condition === undefined ? undefined : `(${condition})`;
  }

  /**
   * The rest of an UPDATE or DELETE (SET, FROM or USING, WHERE), translated and limited to the
   * target rows its row access policy lets the session see. The statement's WHERE is the one
   * outside parentheses (subqueries are groups); neither statement has a clause after it.
   */
  private visibleTargetRows(c: Cursor, scope: Scope, target: AliasedRef, out = new Output()): string {
    const rest = c.items.slice(c.i);
    const where = rest.findIndex((node) => isWordNode(node, 'WHERE'));
    const before = this.run(this.cursor(where < 0 ? rest : rest.slice(0, where)), scope, 'query', out);
    const filter = where < 0 ? undefined : this.masked(target, () => this.run(this.cursor(rest.slice(where + 1)), scope, 'query'));
    const condition = this.targetCondition(target);
    const conditions = [...(filter === undefined ? [] : [condition === undefined ? filter : `(${filter})`]), ...(condition === undefined ? [] : [condition])];
    return conditions.length === 0 ? before : `${before} WHERE ${conditions.join(' AND ')}`;
  }

  /**
   * MERGE INTO target USING source ON condition WHEN ... clauses: one DuckDB MERGE, and without
   * bind values the same statement in steps (mergeSteps), which is what the engine runs.
   */
  private merge(c: Cursor): TranslatedSql {
    c.next();
    c.expectWord('INTO');
    // The target's privileges depend on which WHEN ... THEN actions the statement has.
    const actions = new Set<ObjectAction>();
    this.statement.nodes.forEach((node, k) => {
      const after = this.statement.nodes[k + 1];
      if (isWordNode(node, 'THEN') && after?.kind === 'word') {
        const action = after.text.toLowerCase();
        if (action === 'insert' || action === 'update' || action === 'delete') actions.add(action);
      }
    });
    const scope = new Scope();
    const target = this.aliasedTableRef(c, scope, { access: 'write', actions: [...actions] });
    c.expectWord('USING');
    const source = this.aliasedTableRef(c, scope, { access: 'read', actions: ['select'] });
    c.expectWord('ON');
    const rest = c.items.slice(c.i);
    const starts = rest.flatMap((node, k) => (isWordNode(node, 'WHEN') && (isWordNode(rest[k + 1], 'MATCHED') || (isWordNode(rest[k + 1], 'NOT') && isWordNode(rest[k + 2], 'MATCHED'))) ? [k] : []));
    if (starts.length === 0) throw syntaxError(`unexpected '${describe(rest[rest.length - 1])}', expected WHEN [NOT] MATCHED.`, this.end);
    const matching = this.masked(target, () => this.run(this.cursor(rest.slice(0, starts[0])), scope, 'query'));
    // Target rows the policy hides match nothing, as in Snowflake: their source rows are NOT MATCHED.
    const hidden = this.targetCondition(target);
    const on = hidden === undefined ? matching : `(${matching}) AND ${hidden}`;
    const clauses = starts.map((start, k) => this.mergeClause(rest.slice(start, starts[k + 1] ?? rest.length), scope, target));
    const translated = this.sql('MERGE', `${mergeSql(target.text, source.text, on, clauses)} RETURNING merge_action`);
    // Bind values stay with the one statement: the steps would each need their own subset.
    if (translated.bindCount > 0 || !target.object) return translated;
    return { ...translated, mergeSteps: mergeSteps({ ...target, object: target.object }, source, on, clauses) };
  }

  /** A table reference and the name its columns are qualified by. */
  private aliasedTableRef(c: Cursor, scope: Scope, options: TableRefOptions): AliasedRef {
    const start = c.i;
    const out = new Output();
    const object = this.tableRef(c, out, scope, options);
    const consumed = c.items.slice(start, c.i);
    const last = consumed[consumed.length - 1]?.kind === 'group' && consumed.length > 1 ? consumed[consumed.length - 2] : consumed[consumed.length - 1];
    const explicit = consumed.length > 1 && isName(last) && !(last.kind === 'word' && KEYWORDS.has(last.text.toUpperCase())) ? canonical(last) : undefined;
    return { text: out.text(), ...(object ? { object } : {}), ...(explicit ?? object?.name ? { alias: explicit ?? object?.name } : {}) };
  }

  /** One `WHEN [NOT] MATCHED [AND condition] THEN action` clause. */
  private mergeClause(nodes: readonly Node[], scope: Scope, target: AliasedRef): MergeClause {
    const c = this.cursor(nodes);
    c.expectWord('WHEN');
    const matched = !c.takeWords('NOT');
    c.expectWord('MATCHED');
    // The clause's THEN is the first one outside a CASE expression of its condition.
    let depth = 0;
    let then = -1;
    for (let k = c.i; k < nodes.length && then < 0; k++) {
      if (isWordNode(nodes[k], 'CASE')) depth++;
      else if (isWordNode(nodes[k], 'END')) depth--;
      else if (depth === 0 && isWordNode(nodes[k], 'THEN')) then = k;
    }
    if (then < 0) throw syntaxError(`unexpected '${describe(nodes[nodes.length - 1])}', expected THEN.`, this.end);
    let condition: string | undefined;
    if (c.takeWords('AND')) condition = this.masked(target, () => this.run(this.cursor(nodes.slice(c.i, then)), scope, 'query'));
    else if (c.i !== then) throw syntaxError(`unexpected '${describe(c.peek())}', expected AND or THEN.`, c.position);
    const action = this.cursor(nodes.slice(then + 1));
    if (matched && action.takeWords('UPDATE')) {
      action.expectWord('SET');
      return { matched, condition, kind: 'update', assignments: this.assignments(action.items.slice(action.i), scope, target, action.position) };
    }
    return { matched, condition, kind: 'other', action: this.run(action, scope, 'query') };
  }

  private create(c: Cursor): TranslatedStatement {
    c.next();
    const orReplace = c.takeWords('OR', 'REPLACE');
    let recursive = false;
    for (;;) {
      const modifier = c.peek();
      if (c.isWord(0, 'TEMPORARY', 'TEMP', 'VOLATILE', 'LOCAL', 'GLOBAL')) {
        throw new UnsupportedSqlError(`CREATE ${describe(modifier).toUpperCase()}`, c.position, 'Create a regular (or TRANSIENT) table in a schema and drop it when done.');
      }
      // TRANSIENT (no fail-safe) and SECURE (hides the view text) change nothing locally.
      if (c.takeWords('TRANSIENT') || c.takeWords('SECURE')) continue;
      if (c.takeWords('RECURSIVE')) {
        recursive = true;
        continue;
      }
      break;
    }
    const kindToken = c.peek();
    const kind = kindToken?.kind === 'word' ? kindToken.text.toUpperCase() : describe(kindToken);
    if (recursive && kind !== 'VIEW') throw syntaxError(`unexpected '${kind}' after RECURSIVE.`, c.position);
    switch (kind) {
      case 'DATABASE':
      case 'SCHEMA':
        return this.createContainer(c, kind, orReplace);
      case 'TABLE':
        return this.createTable(c, orReplace);
      case 'VIEW':
        if (recursive) throw new UnsupportedSqlError('CREATE RECURSIVE VIEW', c.position, 'Write the view with a WITH RECURSIVE query instead.');
        return this.createView(c, orReplace);
      default:
        throw new UnsupportedSqlError(
          `CREATE ${kind}`,
          kindToken ? firstToken(kindToken) : c.position,
          SECURITY_OBJECTS.has(kind)
            ? SECURITY_HINT
            : `CREATE ${kind} is not plain SQL for the DuckDB layer; apply it through the local applier from cdktf.out.`,
        );
    }
  }

  private createContainer(c: Cursor, kind: 'DATABASE' | 'SCHEMA', orReplace: boolean): TranslatedCommand {
    c.next();
    const ifNotExists = c.takeWords('IF', 'NOT', 'EXISTS');
    const names = this.nameParts(c, kind === 'DATABASE' ? 1 : 2);
    let managedAccess = false;
    let comment: string | undefined;
    while (!c.done) {
      if (c.takeWords('WITH', 'MANAGED', 'ACCESS')) {
        managedAccess = true;
        continue;
      }
      if (c.isWord(0, 'CLONE')) throw new UnsupportedSqlError(`CREATE ${kind} ... CLONE`, c.position, `Create the ${kind.toLowerCase()} and copy its tables with CREATE TABLE ... AS SELECT.`);
      comment = this.objectOption(c, `CREATE ${kind}`) ?? comment;
    }
    if (kind === 'DATABASE') {
      return this.command({ kind: 'createDatabase', name: canonical(names[0]), orReplace, ifNotExists, ...(comment === undefined ? {} : { comment }) });
    }
    const { database, schema } = this.schemaName(names);
    return this.command({
      kind: 'createSchema',
      database,
      name: schema,
      orReplace,
      ifNotExists,
      managedAccess,
      ...(comment === undefined ? {} : { comment }),
    });
  }

  /** Consumes one ignored `NAME = value` option (or COPY GRANTS); returns COMMENT's value. */
  private objectOption(c: Cursor, where: string): string | undefined {
    if (c.takeWords('COPY', 'GRANTS')) return undefined;
    const option = c.peek();
    if (option?.kind === 'word' && IGNORED_OBJECT_OPTIONS.has(option.text.toUpperCase()) && c.isOp(1, '=')) {
      c.i += 2;
      const value = c.next();
      return option.text.toUpperCase() === 'COMMENT' && value.kind === 'string' ? value.value : undefined;
    }
    throw new UnsupportedSqlError(
      `${where} option ${describe(option).toUpperCase()}`,
      c.position,
      option?.kind === 'word' && ['WITH', 'ROW', 'TAG', 'MASKING'].includes(option.text.toUpperCase())
        ? SECURITY_HINT
        : `Supported options: ${[...IGNORED_OBJECT_OPTIONS].join(', ')}, COPY GRANTS (ignored locally).`,
    );
  }

  private createTable(c: Cursor, orReplace: boolean): TranslatedSql {
    c.next();
    const ifNotExists = c.takeWords('IF', 'NOT', 'EXISTS');
    const out = new Output();
    out.push(`CREATE ${orReplace ? 'OR REPLACE ' : ''}TABLE${ifNotExists ? ' IF NOT EXISTS' : ''}`);
    this.tableRef(c, out, new Scope(), { access: 'write', actions: ['create'], alias: false, objectType: 'TABLE', mustExist: false });
    const columns = c.isParen(0) ? c.expectGroup() : undefined;
    if (columns) out.push(`(${this.columnDefinitions(columns)})`);
    while (!c.done && !c.isWord(0, 'AS')) {
      if (c.isWord(0, 'LIKE', 'CLONE')) {
        const at = c.position;
        throw new UnsupportedSqlError(`CREATE TABLE ... ${c.expectWord('LIKE', 'CLONE')}`, at, 'Use CREATE TABLE ... AS SELECT * FROM source (add WHERE FALSE for an empty copy).');
      }
      if (c.takeWords('CLUSTER', 'BY')) {
        c.expectGroup(); // Clustering only affects pruning in Snowflake.
        continue;
      }
      this.objectOption(c, 'CREATE TABLE');
    }
    if (c.takeWords('AS')) {
      if (columns) throw new UnsupportedSqlError('CREATE TABLE (columns) AS SELECT', c.position, 'Drop the column list and cast in the SELECT instead.');
      out.push('AS');
      return this.sql('CREATE_TABLE', this.run(c, new Scope(), 'query', out));
    }
    if (!columns) throw syntaxError(`unexpected '${describe(c.peek())}', expected a column list or AS.`, c.position);
    return this.sql('CREATE_TABLE', out.text());
  }

  /** Column definitions; PRIMARY KEY / UNIQUE / FOREIGN KEY are dropped because Snowflake does not enforce them. */
  private columnDefinitions(group: Group): string {
    const definitions = splitArgs(group.items, group.open)
      .filter((def) => !(def[0]?.kind === 'word' && ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN'].includes(def[0].text.toUpperCase())))
      .map((def) => this.columnDefinition(this.cursor(def)));
    if (definitions.length === 0) throw syntaxError('a table needs at least one column.', group.open);
    return definitions.join(', ');
  }

  private columnDefinition(c: Cursor): string {
    const name = c.next();
    if (!isName(name)) throw syntaxError(`unexpected '${describe(name)}', expected a column name.`, firstToken(name));
    const parts = [quoteIdentifier(canonical(name)), this.typeAt(c)];
    while (!c.done) {
      if (c.takeWords('NOT', 'NULL')) parts.push('NOT NULL');
      else if (c.takeWords('NULL')) parts.push('NULL');
      else if (c.takeWords('PRIMARY', 'KEY') || c.takeWords('UNIQUE')) continue;
      else if (c.takeWords('CONSTRAINT')) c.next();
      else if (c.takeWords('REFERENCES')) {
        this.nameParts(c, 3);
        if (c.isParen(0)) c.next();
      } else if (c.takeWords('COMMENT')) c.next();
      else if (c.takeWords('DEFAULT')) {
        const start = c.i;
        while (!c.done && !c.isWord(0, 'NOT', 'NULL', 'PRIMARY', 'UNIQUE', 'CONSTRAINT', 'REFERENCES', 'COMMENT')) c.i++;
        parts.push(`DEFAULT ${this.run(this.cursor(c.items.slice(start, c.i)), new Scope(), 'args')}`);
      } else {
        const option = describe(c.peek()).toUpperCase();
        throw new UnsupportedSqlError(
          `column option ${option}`,
          c.position,
          option === 'AUTOINCREMENT' || option === 'IDENTITY'
            ? 'Generate keys in the loading SQL (e.g. ROW_NUMBER() or a hash of the natural key).'
            : option === 'WITH' || option === 'MASKING'
              ? SECURITY_HINT
              : 'Supported: NOT NULL, NULL, DEFAULT, COMMENT, and PRIMARY KEY / UNIQUE / REFERENCES (not enforced, as in Snowflake).',
        );
      }
    }
    return parts.join(' ');
  }

  private createView(c: Cursor, orReplace: boolean): TranslatedSql {
    c.next();
    const ifNotExists = c.takeWords('IF', 'NOT', 'EXISTS');
    const out = new Output();
    out.push(`CREATE ${orReplace ? 'OR REPLACE ' : ''}VIEW${ifNotExists ? ' IF NOT EXISTS' : ''}`);
    this.tableRef(c, out, new Scope(), { access: 'write', actions: ['create'], alias: false, objectType: 'VIEW', mustExist: false });
    if (c.isParen(0)) out.push(`(${this.run(this.cursor(c.expectGroup().items), new Scope(), 'args')})`);
    while (!c.isWord(0, 'AS')) {
      if (c.done) throw syntaxError("unexpected '<EOF>', expected AS.", c.position);
      this.objectOption(c, 'CREATE VIEW');
    }
    c.next();
    out.push('AS');
    return this.sql('CREATE_VIEW', this.run(c, new Scope(), 'query', out));
  }

  private drop(c: Cursor): TranslatedStatement {
    c.next();
    const kindToken = c.next();
    const kind = describe(kindToken).toUpperCase();
    if (!['TABLE', 'VIEW', 'DATABASE', 'SCHEMA'].includes(kind)) {
      throw new UnsupportedSqlError(`DROP ${kind}`, firstToken(kindToken), `DROP ${kind} is applied by the local applier from cdktf.out.`);
    }
    const ifExists = c.takeWords('IF', 'EXISTS');
    if (kind === 'DATABASE' || kind === 'SCHEMA') {
      const names = this.nameParts(c, kind === 'DATABASE' ? 1 : 2);
      c.takeWords('CASCADE') || c.takeWords('RESTRICT');
      c.expectEnd();
      if (kind === 'DATABASE') return this.command({ kind: 'dropDatabase', name: canonical(names[0]), ifExists });
      const { database, schema } = this.schemaName(names);
      return this.command({ kind: 'dropSchema', database, name: schema, ifExists });
    }
    const out = new Output();
    out.push(`DROP ${kind}${ifExists ? ' IF EXISTS' : ''}`);
    this.tableRef(c, out, new Scope(), { access: 'write', actions: ['drop'], alias: false, objectType: kind as 'TABLE' | 'VIEW', mustExist: !ifExists });
    c.takeWords('CASCADE') || c.takeWords('RESTRICT');
    c.expectEnd();
    return this.sql(kind === 'TABLE' ? 'DROP_TABLE' : 'DROP_VIEW', out.text());
  }

  private truncate(c: Cursor): TranslatedSql {
    c.next();
    c.takeWords('TABLE');
    const ifExists = c.takeWords('IF', 'EXISTS');
    const out = new Output();
    out.push('TRUNCATE');
    this.tableRef(c, out, new Scope(), { access: 'write', actions: ['truncate'], alias: false, objectType: 'TABLE', mustExist: !ifExists });
    c.expectEnd();
    return this.sql('TRUNCATE', out.text(), ifExists);
  }

  private alter(c: Cursor): TranslatedStatement {
    c.next();
    if (c.isWord(0, 'DATABASE', 'SCHEMA')) return this.alterContainer(c, c.expectWord('DATABASE', 'SCHEMA') as 'DATABASE' | 'SCHEMA');
    if (!c.isWord(0, 'TABLE')) {
      throw new UnsupportedSqlError(`ALTER ${describe(c.peek()).toUpperCase()}`, c.position, 'Only ALTER TABLE ADD/DROP/RENAME/ALTER COLUMN and RENAME TO run locally; other objects are applied from cdktf.out.');
    }
    c.next();
    const ifExists = c.takeWords('IF', 'EXISTS');
    const out = new Output();
    out.push('ALTER TABLE');
    const target = this.tableRef(c, out, new Scope(), { access: 'write', actions: ['alter'], alias: false, objectType: 'TABLE', mustExist: !ifExists });
    if (c.takeWords('ADD')) {
      c.takeWords('COLUMN');
      const ifNotExists = c.takeWords('IF', 'NOT', 'EXISTS');
      out.push(`ADD COLUMN${ifNotExists ? ' IF NOT EXISTS' : ''} ${this.columnDefinition(c)}`);
    } else if (c.takeWords('DROP')) {
      c.takeWords('COLUMN');
      const ifColumnExists = c.takeWords('IF', 'EXISTS');
      out.push(`DROP COLUMN${ifColumnExists ? ' IF EXISTS' : ''} ${this.identifier(c)}`);
      if (!c.done) throw new UnsupportedSqlError('ALTER TABLE DROP of several columns', c.position, 'Drop one column per ALTER TABLE statement.');
    } else if (c.takeWords('RENAME', 'COLUMN')) {
      const from = this.identifier(c);
      c.expectWord('TO');
      out.push(`RENAME COLUMN ${from} TO ${this.identifier(c)}`);
    } else if (c.takeWords('RENAME', 'TO')) {
      const parts = this.nameParts(c, 3);
      const renamed = this.resolve(parts);
      if (!target || renamed.database !== target.database || renamed.schema !== target.schema) {
        throw new UnsupportedSqlError('ALTER TABLE RENAME TO another schema', firstToken(parts[0]), 'Rename within the same schema, or CREATE TABLE ... AS SELECT in the other schema.');
      }
      this.record(renamed, { access: 'write', actions: ['create'], objectType: 'TABLE', mustExist: false });
      out.push(`RENAME TO ${quoteIdentifier(renamed.name)}`);
    } else if (c.isWord(0, 'SET', 'UNSET') && target) {
      // Options with no local meaning, dropped as CREATE TABLE drops them: nothing to change, but
      // the statement still fails like Snowflake's when the table is missing.
      if (c.takeWords('SET')) while (!c.done) this.objectOption(c, 'ALTER TABLE SET');
      else {
        c.next();
        for (;;) {
          c.expectWord(...IGNORED_OBJECT_OPTIONS);
          if (!c.isOp(0, ',')) break;
          c.next();
        }
      }
      c.expectEnd();
      return this.sql('ALTER_TABLE', `SELECT 1 FROM ${duckObjectName(target.database, target.schema, target.name)} LIMIT 0`, ifExists);
    } else if (c.takeWords('ALTER') || c.takeWords('MODIFY')) {
      c.takeWords('COLUMN');
      const name = c.next();
      if (!isName(name)) throw syntaxError(`unexpected '${describe(name)}', expected a column name.`, firstToken(name));
      // A column comment has no local meaning (CREATE TABLE drops it too); the column must exist.
      if (target && (c.takeWords('COMMENT') || c.takeWords('UNSET', 'COMMENT'))) {
        if (c.peek()?.kind === 'string') c.next();
        c.expectEnd();
        return this.sql('ALTER_TABLE', `SELECT ${quoteIdentifier(canonical(name))} FROM ${duckObjectName(target.database, target.schema, target.name)} LIMIT 0`, ifExists);
      }
      // `[ [ SET DATA ] TYPE ] <type>`; the other column changes (NOT NULL, DEFAULT) are not local.
      const typed = c.takeWords('SET', 'DATA', 'TYPE') || c.takeWords('TYPE') || (c.peek()?.kind === 'word' && !c.isWord(0, 'SET', 'DROP', 'UNSET', 'COMMENT'));
      if (!typed) {
        throw new UnsupportedSqlError(`ALTER TABLE ... ALTER COLUMN ${describe(c.peek()).toUpperCase()}`, c.position, 'Only a column type change ([SET DATA] TYPE) runs locally; masking policies are applied from cdktf.out.');
      }
      const retype = { column: canonical(name), duckType: this.typeAt(c) };
      c.expectEnd();
      out.push(`ALTER COLUMN ${quoteIdentifier(retype.column)} SET DATA TYPE ${retype.duckType}`);
      return { ...this.sql('ALTER_TABLE', out.text(), ifExists), retype };
    } else {
      throw new UnsupportedSqlError(`ALTER TABLE ${describe(c.peek()).toUpperCase()}`, c.position, `Supported: ADD [COLUMN], DROP [COLUMN], RENAME COLUMN, RENAME TO, ALTER [COLUMN] ... [SET DATA] TYPE | COMMENT, SET / UNSET ${[...IGNORED_OBJECT_OPTIONS].join(', ')}.`);
    }
    c.expectEnd();
    return this.sql('ALTER_TABLE', out.text(), ifExists);
  }

  /**
   * `COMMENT [IF EXISTS] ON DATABASE | SCHEMA | TABLE | VIEW | COLUMN <name> IS '<text>'`: what
   * ALTER ... SET COMMENT does. A database's or schema's comment is kept; a table's, view's or
   * column's has no local meaning (CREATE TABLE drops it too), so the statement only checks that
   * the object exists and may be altered by the role.
   */
  private comment(c: Cursor): TranslatedStatement {
    c.next();
    const ifExists = c.takeWords('IF', 'EXISTS');
    c.expectWord('ON');
    if (!c.isWord(0, 'DATABASE', 'SCHEMA', 'TABLE', 'VIEW', 'COLUMN')) {
      throw new UnsupportedSqlError(`COMMENT ON ${describe(c.peek()).toUpperCase()}`, c.position, "Comments on databases, schemas, tables, views and columns run locally; other objects take theirs from their resource's comment argument in cdktf.out.");
    }
    const kind = c.expectWord('DATABASE', 'SCHEMA', 'TABLE', 'VIEW', 'COLUMN');
    const start = c.i;
    const parts = this.nameParts(c, kind === 'COLUMN' ? 4 : kind === 'DATABASE' ? 1 : kind === 'SCHEMA' ? 2 : 3);
    c.expectWord('IS');
    const text = c.next();
    if (text.kind !== 'string') throw syntaxError(`unexpected '${describe(text)}', expected the comment as a string.`, firstToken(text));
    c.expectEnd();
    if (kind === 'DATABASE') return this.command({ kind: 'alterDatabase', name: canonical(parts[0]), ifExists, comment: text.value });
    if (kind === 'SCHEMA') {
      const { database, schema } = this.schemaName(parts);
      return this.command({ kind: 'alterSchema', database, name: schema, ifExists, comment: text.value });
    }
    const column = kind === 'COLUMN' ? parts.pop() : undefined;
    if (kind === 'COLUMN' && parts.length === 0) throw syntaxError('COMMENT ON COLUMN needs <table>.<column>.', firstToken(c.items[start]!));
    const target = this.resolve(parts);
    this.record(target, { access: 'write', actions: ['alter'], mustExist: !ifExists, ...(kind === 'VIEW' ? { objectType: 'VIEW' as const } : kind === 'TABLE' ? { objectType: 'TABLE' as const } : {}) });
    return this.sql('ALTER_TABLE', `SELECT ${column ? quoteIdentifier(canonical(column)) : '1'} FROM ${duckObjectName(target.database, target.schema, target.name)} LIMIT 0`, ifExists);
  }

  /**
   * ALTER DATABASE | SCHEMA ... SET / UNSET, and a schema's { ENABLE | DISABLE } MANAGED ACCESS. The
   * catalog keeps the comment and managed access; the other options are ignored as CREATE ignores them.
   */
  private alterContainer(c: Cursor, kind: 'DATABASE' | 'SCHEMA'): TranslatedCommand {
    const ifExists = c.takeWords('IF', 'EXISTS');
    const names = this.nameParts(c, kind === 'DATABASE' ? 1 : 2);
    let comment: string | null | undefined;
    let managedAccess: boolean | undefined;
    if (kind === 'SCHEMA' && c.isWord(0, 'ENABLE', 'DISABLE') && c.isWord(1, 'MANAGED') && c.isWord(2, 'ACCESS')) {
      managedAccess = c.expectWord('ENABLE', 'DISABLE') === 'ENABLE';
      c.expectWord('MANAGED');
      c.expectWord('ACCESS');
    } else if (c.takeWords('SET')) {
      while (!c.done) comment = this.objectOption(c, `ALTER ${kind} SET`) ?? comment;
    } else if (c.takeWords('UNSET')) {
      for (;;) {
        if (c.expectWord(...IGNORED_OBJECT_OPTIONS) === 'COMMENT') comment = null;
        if (!c.isOp(0, ',')) break;
        c.next();
      }
    } else {
      throw new UnsupportedSqlError(`ALTER ${kind} ${describe(c.peek()).toUpperCase()}`, c.position, `Supported: SET and UNSET of ${[...IGNORED_OBJECT_OPTIONS].join(', ')}${kind === 'SCHEMA' ? ', and ENABLE | DISABLE MANAGED ACCESS' : ''}.`);
    }
    c.expectEnd();
    const changes = { ifExists, ...(comment === undefined ? {} : { comment }) };
    if (kind === 'DATABASE') return this.command({ kind: 'alterDatabase', name: canonical(names[0]), ...changes });
    const { database, schema } = this.schemaName(names);
    return this.command({ kind: 'alterSchema', database, name: schema, ...changes, ...(managedAccess === undefined ? {} : { managedAccess }) });
  }

  private use(c: Cursor): TranslatedCommand {
    c.next();
    if (c.isWord(0, 'ROLE', 'WAREHOUSE', 'SECONDARY')) {
      throw new UnsupportedSqlError(`USE ${describe(c.peek()).toUpperCase()}`, c.position, 'Roles and warehouses belong to the session layer (the REST endpoint / `local sql --user`).');
    }
    const kind = c.takeWords('DATABASE') ? 'DATABASE' : c.takeWords('SCHEMA') ? 'SCHEMA' : undefined;
    const names = this.nameParts(c, kind === 'DATABASE' ? 1 : 2);
    c.expectEnd();
    if (kind === 'DATABASE' || (kind === undefined && names.length === 1)) {
      return this.command({ kind: 'useDatabase', database: canonical(names[0]) });
    }
    const { database, schema } = this.schemaName(names);
    return this.command({ kind: 'useSchema', database, schema });
  }

  private show(c: Cursor): TranslatedCommand {
    c.next();
    const terse = c.takeWords('TERSE');
    const object = c.expectWord('DATABASES', 'SCHEMAS', 'TABLES', 'VIEWS', 'COLUMNS', ...OTHER_SHOW_OBJECTS);
    if (!['DATABASES', 'SCHEMAS', 'TABLES', 'VIEWS', 'COLUMNS'].includes(object)) {
      // The account's SHOWs (roles, grants, streams, policies...) never reach the translator.
      const kind = [object, ...(c.isWord(0, 'POLICIES', 'TABLES', 'VIEWS', 'FUNCTIONS', 'KEYS', 'MONITORS', 'FORMATS') ? [describe(c.next()).toUpperCase()] : [])].join(' ');
      throw new UnsupportedSqlError(
        `SHOW ${kind}`,
        this.statement.position,
        'Shown locally: DATABASES, SCHEMAS, TABLES, VIEWS, COLUMNS, ROLES, USERS, GRANTS, WAREHOUSES, RESOURCE MONITORS, TASKS, STREAMS, STAGES, FILE FORMATS, ROW ACCESS POLICIES and MASKING POLICIES.',
      );
    }
    const text = (what: string): string => {
      const token = c.next();
      if (token.kind !== 'string') throw syntaxError(`unexpected '${describe(token)}', expected a string after ${what}.`, firstToken(token));
      return token.value;
    };
    const like = c.takeWords('LIKE') ? text('LIKE') : undefined;
    // The scopes of Snowflake's SHOW references: without IN, or IN DATABASE or IN SCHEMA without a
    // name, what is in use (the current schema, else database, else the account); a bare name is a
    // schema, one part of it in the current database or else a database (for COLUMNS a table or
    // view; for SCHEMAS a database).
    const { database: currentDatabase, schema: currentSchema } = this.context;
    const inUse: ShowScope = currentDatabase === undefined ? { kind: 'account' } : { kind: 'database', database: currentDatabase };
    // A name after IN DATABASE or IN SCHEMA is absent at the end or where STARTS WITH or LIMIT begins.
    const nameAbsent = () => c.done || c.isWord(0, 'STARTS', 'LIMIT');
    let scope: ShowScope | undefined;
    if (c.takeWords('IN')) {
      if (c.takeWords('ACCOUNT')) scope = { kind: 'account' };
      else if (c.takeWords('DATABASE')) scope = nameAbsent() ? inUse : { kind: 'database', database: canonical(this.nameParts(c, 1)[0]) };
      else {
        const schemaWord = c.takeWords('SCHEMA');
        if (schemaWord && nameAbsent()) {
          scope = currentDatabase !== undefined && currentSchema !== undefined ? { kind: 'schema', database: currentDatabase, schema: currentSchema } : inUse;
        } else if (object === 'COLUMNS' && !schemaWord) {
          if (!c.takeWords('TABLE')) c.takeWords('VIEW');
          scope = { kind: 'object', ...this.resolve(this.nameParts(c, 3)) };
        } else {
          const names = this.nameParts(c, 2);
          if (object === 'SCHEMAS' && names.length === 1 && !schemaWord) scope = { kind: 'database', database: canonical(names[0]) };
          else if (names.length === 1 && !schemaWord) scope = { kind: 'named', name: canonical(names[0]), ...(currentDatabase === undefined ? {} : { currentDatabase }) };
          else if (names.length === 1 && currentDatabase === undefined) throw noSchemaInScope();
          else scope = { kind: 'schema', ...this.schemaName(names) };
        }
      }
    }
    // Databases live in the account and schemas in a database; narrower scopes mean nothing.
    if ((object === 'DATABASES' && scope && scope.kind !== 'account') || (object === 'SCHEMAS' && (scope?.kind === 'schema' || scope?.kind === 'object'))) {
      throw syntaxError(`SHOW ${object} cannot be scoped IN ${scope.kind.toUpperCase()}.`, this.statement.position);
    }
    const pages: { startsWith?: string; limit?: number; limitFrom?: string } = {};
    if (object !== 'COLUMNS') {
      if (c.takeWords('STARTS', 'WITH')) pages.startsWith = text('STARTS WITH');
      if (c.takeWords('LIMIT')) {
        const rows = c.next();
        // The references: LIMIT rows can't exceed 10000.
        if (rows.kind !== 'number' || !/^\d+$/.test(rows.text) || Number(rows.text) < 1 || Number(rows.text) > 10000) {
          throw syntaxError(`unexpected '${describe(rows)}', expected the number of rows after LIMIT, from 1 to 10000.`, firstToken(rows));
        }
        pages.limit = Number(rows.text);
        if (c.takeWords('FROM')) pages.limitFrom = text('LIMIT ... FROM');
      }
    }
    if (!c.done) {
      throw new UnsupportedSqlError(
        `SHOW ${object} ${describe(c.peek()).toUpperCase()}`,
        c.position,
        'Supported: SHOW [TERSE] <objects> [LIKE pattern] [IN ACCOUNT | DATABASE [d] | [SCHEMA] [d.s] | [TABLE | VIEW] t (COLUMNS only)] [STARTS WITH prefix] [LIMIT n [FROM name]] (not COLUMNS).',
      );
    }
    if (terse && object === 'COLUMNS') throw syntaxError('SHOW COLUMNS has no TERSE form.', this.statement.position);
    return this.command({ kind: 'show', object: object as ShowObject, terse, scope: scope ?? (object === 'DATABASES' ? { kind: 'account' } : inUse), ...(like === undefined ? {} : { like }), ...pages });
  }

  /** DESCRIBE | DESC [TABLE | VIEW] name. */
  private describe(c: Cursor): TranslatedCommand {
    c.next();
    // DESCRIBE <kind> <name>: TABLE and VIEW are the engine's (TASK is the task layer's).
    if (!c.isWord(0, 'TABLE', 'VIEW') && isName(c.peek()) && isName(c.peek(1))) {
      throw new UnsupportedSqlError(`DESCRIBE ${describe(c.peek()).toUpperCase()}`, c.position, 'Described locally: TABLE, VIEW, TASK, STREAM, STAGE and FILE FORMAT (DESCRIBE <kind> name).');
    }
    const objectType = c.takeWords('VIEW') ? 'VIEW' : (c.takeWords('TABLE'), 'TABLE');
    const object = this.resolve(this.nameParts(c, 3));
    if (c.isWord(0, 'TYPE') && c.isOp(1, '=') && c.isWord(2, 'COLUMNS')) c.i += 3;
    if (!c.done) throw new UnsupportedSqlError(`DESCRIBE ${describe(c.peek()).toUpperCase()}`, c.position, 'Supported: DESCRIBE [TABLE | VIEW] name [TYPE = COLUMNS].');
    return this.command({ kind: 'describe', object, objectType });
  }

  private transaction(c: Cursor, verb: string): TranslatedSql {
    c.next();
    if (verb === 'START') c.expectWord('TRANSACTION');
    else c.takeWords('TRANSACTION') || c.takeWords('WORK');
    if (!c.done && verb === 'BEGIN') {
      throw new UnsupportedSqlError('Snowflake Scripting block (BEGIN ... END)', this.statement.position, OTHER_LAYER_STATEMENTS.DECLARE);
    }
    c.expectEnd();
    const sql = verb === 'COMMIT' ? 'COMMIT' : verb === 'ROLLBACK' ? 'ROLLBACK' : 'BEGIN TRANSACTION';
    return this.sql('TRANSACTION', sql);
  }

  // ---- names ------------------------------------------------------------------------------

  private cursor(items: readonly Node[]): Cursor {
    return new Cursor(items, this.end);
  }

  /** Reads a dotted name of 1..max parts. */
  private nameParts(c: Cursor, max: number): Token[] {
    const parts: Token[] = [];
    for (;;) {
      const part = c.next();
      if (!isName(part)) throw syntaxError(`unexpected '${describe(part)}', expected a name.`, firstToken(part));
      parts.push(part);
      if (!c.isOp(0, '.')) break;
      if (parts.length === max) throw syntaxError(`'${describe(c.peek(1))}': a name has at most ${max} parts here.`, c.position);
      c.next();
    }
    return parts;
  }

  private identifier(c: Cursor): string {
    const token = c.next();
    if (!isName(token)) throw syntaxError(`unexpected '${describe(token)}', expected an identifier.`, firstToken(token));
    return quoteIdentifier(canonical(token));
  }

  private currentDatabase(what: string): string {
    if (this.context.database === undefined) throw noCurrentContainer('database', what);
    return this.context.database;
  }

  private currentSchema(what: string): { database: string; schema: string } {
    const database = this.currentDatabase(what);
    if (this.context.schema === undefined) throw noCurrentContainer('schema', what);
    return { database, schema: this.context.schema };
  }

  private schemaName(parts: readonly Token[]): { database: string; schema: string } {
    if (parts.length === 2) return { database: canonical(parts[0]), schema: canonical(parts[1]) };
    return { database: this.currentDatabase(this.verb), schema: canonical(parts[0]) };
  }

  /** Resolves a 1-3 part object name against the current database and schema. */
  private resolve(parts: readonly Token[]): { database: string; schema: string; name: string } {
    const names = parts.map(canonical);
    const name = names[names.length - 1];
    if (names.length === 3) return { database: names[0], schema: names[1], name };
    if (names.length === 2) return { database: this.currentDatabase(this.verb), schema: names[0], name };
    return { ...this.currentSchema(this.verb), name };
  }

  /**
   * A read of `<db>.INFORMATION_SCHEMA.<view>`: the view's subquery, which lists what the session
   * may see when the statement runs. Not an object reference: every role reads its own rows.
   */
  private informationSchemaView(object: { database: string; schema: string; name: string }, options: TableRefOptions, at: Node): string {
    const relation = options.access === 'read' ? informationSchemaRelation(sqlLiteral(object.database), object.name) : undefined;
    if (relation === undefined) {
      const hint = `Read ${INFORMATION_SCHEMA_VIEWS.join(', ')}, or use SHOW and DESCRIBE.`;
      throw new UnsupportedSqlError(`${object.database}.INFORMATION_SCHEMA.${object.name}${options.access === 'read' ? '' : ` (${options.actions.join('/')})`}`, firstToken(at), hint);
    }
    this.informationSchemas.add(object.database);
    return relation;
  }

  private record(object: { database: string; schema: string; name: string }, options: TableRefOptions): void {
    for (const action of options.actions) {
      const reference: ObjectReference = {
        ...object,
        access: options.access,
        action,
        mustExist: options.mustExist ?? true,
        ...(options.objectType ? { objectType: options.objectType } : {}),
      };
      const duplicate = this.references.some(
        (r) => r.database === object.database && r.schema === object.schema && r.name === object.name && r.action === action && r.access === options.access,
      );
      if (!duplicate) this.references.push(reference);
    }
  }

  // ---- FROM clauses -----------------------------------------------------------------------

  private tableList(c: Cursor, out: Output, scope: Scope): void {
    this.tableRef(c, out, scope, { access: 'read', actions: ['select'] });
    while (c.isOp(0, ',')) {
      c.next();
      out.comma();
      this.tableRef(c, out, scope, { access: 'read', actions: ['select'] });
    }
  }

  /** One table reference with its alias; returns the object when it is one (not a CTE or subquery). */
  private tableRef(c: Cursor, out: Output, scope: Scope, options: TableRefOptions): { database: string; schema: string; name: string } | undefined {
    const node = c.peek();
    const start = out.mark();
    let object: { database: string; schema: string; name: string } | undefined;
    // VALUES columns are COLUMN1, COLUMN2... in Snowflake (DuckDB: col0, col1...).
    let valuesColumns = 0;
    if (c.isWord(0, 'VALUES')) {
      const start = c.i;
      c.next();
      valuesColumns = tupleWidth(c.peek());
      while (c.isParen(0)) {
        c.next();
        if (!(c.isOp(0, ',') && c.isParen(1))) break;
        c.next();
      }
      out.push(`(${this.run(this.cursor(c.items.slice(start, c.i)), scope, 'query')})`);
    } else if (node?.kind === 'group' && node.open.text === '(') {
      c.next();
      if (node.items[0]?.kind === 'word' && node.items[0].text.toUpperCase() === 'VALUES') {
        valuesColumns = tupleWidth(node.items[1]);
      }
      if (startsQuery(node.items)) out.push(`(${this.run(this.cursor(node.items), scope, 'query')})`);
      else {
        // A parenthesised join: its first item is a table reference too.
        const inner = this.cursor(node.items);
        const joined = new Output();
        this.tableRef(inner, joined, scope, options);
        out.push(`(${this.run(inner, scope, 'query', joined)})`);
      }
    } else if (c.isWord(0, 'LATERAL')) {
      c.next();
      if (c.isWord(0, 'FLATTEN') && c.isParen(1)) {
        c.next();
        out.push(this.flatten(c.expectGroup(), scope));
      } else {
        const group = c.expectGroup();
        if (!startsQuery(group.items)) throw new UnsupportedSqlError('LATERAL without a subquery', group.open, UNSUPPORTED_WORDS.LATERAL);
        out.push(`LATERAL (${this.run(this.cursor(group.items), scope, 'query')})`);
      }
    } else if (c.isWord(0, 'TABLE') && c.isParen(1)) {
      c.next();
      const inner = this.cursor(c.expectGroup().items);
      const named = inner.items.length > 1 && inner.items.length <= 6 && inner.isParen(inner.items.length - 1) ? inner.items.slice(0, -1).filter(isName).map(canonical) : [];
      const fn = named.length === 1 && (named[0] === 'FLATTEN' || named[0] === 'GENERATOR') ? named[0] : named[named.length - 1] === 'TASK_HISTORY' && named[named.length - 2] === 'INFORMATION_SCHEMA' ? 'TASK_HISTORY' : undefined;
      if (!fn || inner.items.length !== 2 * named.length) {
        throw new UnsupportedSqlError(
          `TABLE(${describe(inner.peek()).toUpperCase()}(...))`,
          inner.position,
          'The table functions run locally are TABLE(FLATTEN(INPUT => ...)), TABLE(GENERATOR(ROWCOUNT => n)) and TABLE(INFORMATION_SCHEMA.TASK_HISTORY(...)).',
        );
      }
      const args = inner.items[inner.items.length - 1] as Group;
      out.push(fn === 'FLATTEN' ? this.flatten(args, scope) : fn === 'GENERATOR' ? this.generator(args, scope) : this.taskHistory(args, scope));
    } else if (c.isWord(0, 'FLATTEN') && c.isParen(1)) {
      c.next();
      out.push(this.flatten(c.expectGroup(), scope));
    } else if (isName(node) && !(node.kind === 'word' && KEYWORDS.has(node.text.toUpperCase()))) {
      const parts = this.nameParts(c, 3);
      if (c.isParen(0) && options.alias !== false) {
        throw new UnsupportedSqlError(`table function ${parts.map(canonical).join('.')}`, firstToken(parts[0]), 'Only FLATTEN is supported as a table function.');
      }
      if (parts.length === 1 && scope.has(canonical(parts[0]))) out.push(quoteIdentifier(canonical(parts[0])));
      else {
        object = this.resolve(parts);
        const information = object.schema === 'INFORMATION_SCHEMA' ? this.informationSchemaView(object, options, parts[0]!) : undefined;
        if (information === undefined) this.record(object, options);
        const policy = information ?? (options.access === 'read' ? this.context.protectedRelation?.(object) : undefined);
        if (policy !== undefined) {
          // Reads go through the policy subquery, under the table's own name unless aliased.
          out.push(`(${policy})`);
          const before = out.text();
          if (options.alias !== false) this.alias(c, out, scope, valuesColumns);
          if (out.text() === before) out.push(`AS ${quoteIdentifier(object.name)}`);
          if (options.alias !== false) this.pivots(c, out, scope, start);
          return object;
        }
        out.push(duckObjectName(object.database, object.schema, object.name));
      }
    } else {
      throw syntaxError(`unexpected '${describe(node)}', expected a table.`, c.position);
    }
    if (options.alias !== false) {
      this.alias(c, out, scope, valuesColumns);
      this.pivots(c, out, scope, start);
    }
    return object;
  }

  /**
   * PIVOT and UNPIVOT after the table reference written to `out` from `start`, each with its own
   * alias; DuckDB has both in the same SQL-standard form.
   */
  private pivots(c: Cursor, out: Output, scope: Scope, start: number): void {
    while (atPivot(c)) {
      const word = c.expectWord('PIVOT', 'UNPIVOT');
      if (word === 'PIVOT') out.push(this.pivot(c.expectGroup(), scope, () => out.takeFrom(start)));
      else out.push(this.unpivot(c));
      this.alias(c, out, scope, 0);
    }
  }

  /**
   * `PIVOT (agg(column) FOR name IN (value, ...))`: one column per value, named as Snowflake
   * names it (the value as written: `'JAN'` with its quotes, `1`); the other columns group. An
   * aggregate typed by a second one (AVG, MEDIAN) is computed per group of every other column
   * first and pivoted as it is (`source` takes the table reference out to wrap it).
   */
  private pivot(group: Group, scope: Scope, source: () => string): string {
    const usage = 'Write PIVOT (<aggregate>(<column>) FOR <column> IN (<value>, ...)) with literal values.';
    const items = group.items;
    const forAt = items.findIndex((node) => isWordNode(node, 'FOR'));
    const list = items[forAt + 3];
    const [fn, argument] = items;
    const measure = argument?.kind === 'group' && argument.items.length === 1 && isName(argument.items[0]) ? argument.items[0] : undefined;
    if (forAt !== 2 || fn?.kind !== 'word' || !measure || !isName(items[forAt + 1]) || !isWordNode(items[forAt + 2], 'IN') || list?.kind !== 'group' || list.open.text !== '(') {
      throw syntaxError(`unexpected '${describe(items[0])}': ${usage}`, firstToken(items[0] ?? group));
    }
    if (items.length > forAt + 4) {
      throw new UnsupportedSqlError(`PIVOT ${describe(items[forAt + 4]).toUpperCase()}`, firstToken(items[forAt + 4]!), `${usage} DEFAULT ON NULL is not run locally: wrap the pivoted columns in COALESCE.`);
    }
    const values = splitArgs(list.items, list.open);
    if (values.length === 1 && (isWordNode(values[0]![0], 'ANY') || isWordNode(values[0]![0], 'SELECT'))) {
      throw new UnsupportedSqlError(`PIVOT IN (${describe(values[0]![0]).toUpperCase()} ...)`, firstToken(values[0]![0]!), `${usage} List the values (dynamic pivots need them known when the statement compiles locally).`);
    }
    const aggregate = this.run(this.cursor(items.slice(0, forAt)), scope, 'args');
    const column = this.run(this.cursor([items[forAt + 1]!]), scope, 'args');
    const named = values.map((value) => `${this.run(this.cursor(value), scope, 'args')} AS ${quoteIdentifier(sourceText(this.statement, value))}`);
    const pivoted = (value: string) => `PIVOT (${value} FOR ${column} IN (${named.join(', ')}))`;
    if (!FUNCTIONS[fn.text.toUpperCase()]?.typedBySum) return pivoted(aggregate);
    const grouped = `SELECT * EXCLUDE (${quoteIdentifier(canonical(measure))}), ${aggregate} AS __pivot_value FROM ${source()} GROUP BY ALL`;
    return `(${grouped}) ${pivoted('first(__pivot_value)')}`;
  }

  /** `UNPIVOT [INCLUDE | EXCLUDE NULLS] (value FOR name IN (column, ...))`: the name column holds each column's name. */
  private unpivot(c: Cursor): string {
    const nulls = c.takeWords('INCLUDE', 'NULLS') ? ' INCLUDE NULLS' : (c.takeWords('EXCLUDE', 'NULLS'), '');
    const group = c.expectGroup();
    const [value, forWord, name, inWord, list, ...rest] = group.items;
    if (!isName(value) || !isWordNode(forWord, 'FOR') || !isName(name) || !isWordNode(inWord, 'IN') || list?.kind !== 'group' || rest.length > 0) {
      throw syntaxError(`unexpected '${describe(rest[0] ?? group.items[0])}': write UNPIVOT (<value column> FOR <name column> IN (<column>, ...)).`, firstToken(rest[0] ?? group));
    }
    const columns = splitArgs(list.items, list.open).map((column) => {
      if (column.length !== 1 || !isName(column[0])) throw new UnsupportedSqlError('UNPIVOT IN with an expression or alias', firstToken(column[0]!), 'List the columns to unpivot by name.');
      return quoteIdentifier(canonical(column[0]));
    });
    return `UNPIVOT${nulls} (${quoteIdentifier(canonical(value))} FOR ${quoteIdentifier(canonical(name))} IN (${columns.join(', ')}))`;
  }

  /** `[AS] alias [(columns)]`; a VALUES list without column names gets Snowflake's COLUMN1... */
  private alias(c: Cursor, out: Output, scope: Scope, valuesColumns: number): void {
    const defaultColumns = Array.from({ length: valuesColumns }, (_, k) => quoteIdentifier(`COLUMN${k + 1}`)).join(', ');
    const explicit = c.takeWords('AS');
    const node = c.peek();
    if (node?.kind === 'word' && c.isParen(1) && ['AT', 'BEFORE', 'CHANGES'].includes(node.text.toUpperCase())) {
      throw new UnsupportedSqlError(`${node.text.toUpperCase()} (time travel / change tracking)`, node, 'Query the current table; history is not kept locally.');
    }
    if (node?.kind === 'word' && UNSUPPORTED_WORDS[node.text.toUpperCase()] && !explicit) {
      throw new UnsupportedSqlError(node.text.toUpperCase(), node, UNSUPPORTED_WORDS[node.text.toUpperCase()]);
    }
    const isAlias = node?.kind === 'quoted' || (node?.kind === 'word' && (explicit || (!KEYWORDS.has(node.text.toUpperCase()) && !atPivot(c))));
    if (!isAlias) {
      if (explicit) throw syntaxError(`unexpected '${describe(node)}', expected an alias.`, c.position);
      if (defaultColumns) out.push(`AS "VALUES"(${defaultColumns})`);
      return;
    }
    c.next();
    out.push(`AS ${quoteIdentifier(canonical(node))}`);
    if (c.isParen(0)) out.push(`(${this.run(this.cursor(c.expectGroup().items), scope, 'args')})`);
    else if (defaultColumns) out.push(`(${defaultColumns})`);
  }

  /** A table function's `NAME => value` arguments; positional ones and names outside `known` are refused with `usage`. */
  private namedArguments(fn: string, group: Group, known: readonly string[], usage: string): Map<string, Node[]> {
    const named = new Map<string, Node[]>();
    for (const arg of splitArgs(group.items, group.open)) {
      const [name, arrow, ...value] = arg;
      if (!isName(name) || arrow?.kind !== 'op' || arrow.text !== '=>' || value.length === 0) {
        throw new UnsupportedSqlError(`${fn} with positional arguments`, firstToken(arg[0]), usage);
      }
      named.set(canonical(name), value);
    }
    const unknown = [...named.keys()].find((name) => !known.includes(name));
    if (unknown) throw new UnsupportedSqlError(`${fn} argument ${unknown}`, group.open, `${usage} Arguments run locally: ${known.join(', ')}.`);
    return named;
  }

  /**
   * INFORMATION_SCHEMA.TASK_HISTORY(...): the runs of tasks the session's role may see (owner,
   * MONITOR or OPERATE), most recent first, at most RESULT_LIMIT (default 100) of them, within the
   * last 7 days as Snowflake keeps them.
   */
  private taskHistory(group: Group, scope: Scope): string {
    const usage = "Write TASK_HISTORY([SCHEDULED_TIME_RANGE_START => t] [, SCHEDULED_TIME_RANGE_END => t] [, RESULT_LIMIT => n] [, TASK_NAME => 'name'] [, ERROR_ONLY => TRUE]).";
    const named = this.namedArguments('TASK_HISTORY', group, ['SCHEDULED_TIME_RANGE_START', 'SCHEDULED_TIME_RANGE_END', 'RESULT_LIMIT', 'TASK_NAME', 'ERROR_ONLY'], usage);
    const arg = (name: string) => {
      const nodes = named.get(name);
      return nodes === undefined ? undefined : this.run(this.cursor(nodes), scope, 'args');
    };
    const limit = arg('RESULT_LIMIT') ?? '100';
    const start = arg('SCHEDULED_TIME_RANGE_START');
    const end = arg('SCHEDULED_TIME_RANGE_END');
    const taskName = arg('TASK_NAME');
    const errorOnly = arg('ERROR_ONLY');
    const oldest = `now() - INTERVAL 7 DAY`;
    const conditions = [
      `map_contains(getvariable('${INFORMATION_SCHEMA_VARIABLE}'), 'TASK:' || h."DATABASE_NAME" || '.' || h."SCHEMA_NAME" || '.' || h."NAME")`,
      `h."SCHEDULED_TIME" >= ${oldest}`,
      ...(start === undefined ? [] : [`h."SCHEDULED_TIME" >= CASE WHEN CAST(${start} AS TIMESTAMPTZ) < ${oldest} - INTERVAL 1 MINUTE THEN error('TASK_HISTORY: SCHEDULED_TIME_RANGE_START must be within the last 7 days.') ELSE CAST(${start} AS TIMESTAMPTZ) END`]),
      ...(end === undefined ? [] : [`h."SCHEDULED_TIME" < CAST(${end} AS TIMESTAMPTZ)`]),
      ...(taskName === undefined ? [] : [`h."NAME" = upper(${taskName})`]),
      ...(errorOnly === undefined ? [] : [`(NOT coalesce(CAST(${errorOnly} AS BOOLEAN), FALSE) OR h."STATE" IN ('FAILED', 'CANCELLED'))`]),
    ];
    this.readsTaskHistory = true;
    const range = `CASE WHEN CAST(${limit} AS BIGINT) BETWEEN 1 AND 10000 THEN CAST(${limit} AS BIGINT) ELSE error('TASK_HISTORY: RESULT_LIMIT must be between 1 and 10000.') END`;
    return `(SELECT h.* FROM ${duckObjectName('SNOWFLAKE', 'ACCOUNT_USAGE', 'TASK_HISTORY')} AS h WHERE ${conditions.join(' AND ')} ORDER BY h."SCHEDULED_TIME" DESC LIMIT ${range})`;
  }

  /** GENERATOR(ROWCOUNT => n): n rows of no data of their own, which SEQ4() and friends number. */
  private generator(group: Group, scope: Scope): string {
    const rows = this.namedArguments('GENERATOR', group, ['ROWCOUNT'], 'Write GENERATOR(ROWCOUNT => n).').get('ROWCOUNT');
    if (!rows) throw syntaxError('GENERATOR needs ROWCOUNT => n.', group.open);
    return `range(CAST(${this.run(this.cursor(rows), scope, 'args')} AS BIGINT))`;
  }

  /**
   * LATERAL FLATTEN(INPUT => x [, PATH => 'p']): one row per array element or object field,
   * with Snowflake's KEY, PATH, INDEX, VALUE and THIS columns (SEQ is not produced).
   */
  private flatten(group: Group, scope: Scope): string {
    const named = this.namedArguments('FLATTEN', group, ['INPUT', 'PATH'], "Write FLATTEN(INPUT => expression [, PATH => 'a.b']) (no OUTER, RECURSIVE or MODE).");
    const input = named.get('INPUT');
    if (!input) throw syntaxError('FLATTEN needs INPUT => expression.', group.open);
    let source = `CAST(${this.run(this.cursor(input), scope, 'args')} AS JSON)`;
    const path = named.get('PATH');
    if (path) {
      const [token] = path;
      if (path.length !== 1 || token.kind !== 'string') throw new UnsupportedSqlError('FLATTEN PATH that is not a literal', firstToken(path[0]), "Write PATH => 'a.b'.");
      source = `json_extract(${source}, ${sqlLiteral(`$.${token.value}`)})`;
    }
    const from = `FROM (SELECT ${source} AS __this) AS __src`;
    const arrays =
      `SELECT CAST(NULL AS VARCHAR) AS "KEY", '[' || __i || ']' AS "PATH", __i AS "INDEX", json_extract(__this, __i) AS "VALUE", __this AS "THIS" ` +
      `${from}, range(CAST(CASE WHEN json_type(__this) = 'ARRAY' THEN json_array_length(__this) ELSE 0 END AS BIGINT)) AS __r(__i)`;
    const objects =
      `SELECT __k AS "KEY", __k AS "PATH", CAST(NULL AS BIGINT) AS "INDEX", ` +
      `json_extract(__this, '/' || replace(replace(__k, '~', '~0'), '/', '~1')) AS "VALUE", __this AS "THIS" ` +
      `${from}, unnest(CASE WHEN json_type(__this) = 'OBJECT' THEN json_keys(__this) ELSE [] END) AS __u(__k)`;
    return `LATERAL (${arrays} UNION ALL ${objects})`;
  }

  // ---- expressions ------------------------------------------------------------------------

  /** Translates the rest of a cursor's nodes into `out` and returns the text. */
  private run(c: Cursor, parent: Scope, mode: Mode, out = new Output()): string {
    const scope = new Scope(parent);
    const level: QueryLevel = {};
    this.queryLevels.push(level);
    try {
      while (!c.done) this.step(c, out, scope, mode);
    } finally {
      this.queryLevels.pop();
    }
    if (level.top === undefined) return out.text();
    if (level.limited) throw new UnsupportedSqlError('TOP with LIMIT', this.statement.position, 'Write one of TOP n or LIMIT n.');
    return `${out.text()} LIMIT ${level.top}`;
  }

  /**
   * RLIKE / REGEXP as Snowflake's operator, `x [NOT] RLIKE pattern` (the pattern runs to the next
   * AND, OR, comma or clause): REGEXP_LIKE, a match of the whole subject.
   */
  private regexpMatch(word: string, token: Token, c: Cursor, out: Output, scope: Scope): string {
    const negated = out.lastIsKeyword('NOT');
    if (negated) out.pop();
    const subject = out.popOperand();
    if (subject === undefined) throw syntaxError(`unexpected '${word}', expected a value before it.`, token);
    const rest = c.items.slice(c.i);
    const end = rest.findIndex((node) => isOpNode(node, ',') || (node.kind === 'word' && REGEXP_OPERAND_END.has(node.text.toUpperCase())));
    const pattern = rest.slice(0, end < 0 ? rest.length : end);
    if (pattern.length === 0) throw syntaxError(`unexpected '${describe(rest[0])}', expected a pattern after ${word}.`, token);
    c.i += pattern.length;
    const match = `regexp_full_match(${subject}, ${this.run(this.cursor(pattern), scope, 'args')})`;
    return negated ? `(NOT ${match})` : match;
  }

  /**
   * `x [I]LIKE ANY | ALL (p1, p2, ...) [ESCAPE e]`: whether x matches any (all) of the patterns,
   * NULL where Snowflake's OR (AND) of the single matches would be. DuckDB has no quantified LIKE,
   * so the patterns become a list matched in a lambda, x written once.
   */
  private likeAnyAll(like: string, c: Cursor, out: Output, scope: Scope): void {
    if (out.lastIsKeyword('NOT')) throw new UnsupportedSqlError(`NOT ${like} ANY/ALL`, c.position, `Write NOT (x ${like} ANY (...)) or x NOT ${like} p1 AND x NOT ${like} p2 ...`);
    const quantifier = c.expectWord('ANY', 'ALL');
    const group = c.expectGroup();
    const patterns = splitArgs(group.items, group.open).map((pattern) => this.run(this.cursor(pattern), scope, 'args'));
    const escape = c.takeWords('ESCAPE') ? ` ESCAPE ${this.run(this.cursor([c.next()]), scope, 'args')}` : '';
    const subject = out.popOperand();
    if (subject === undefined) throw syntaxError(`unexpected '${like}', expected a value before ${like} ${quantifier}.`, c.position);
    const matches = `list_transform([${patterns.join(', ')}], lambda "__pattern": ${subject} ${like} "__pattern"${escape})`;
    // Three-valued as OR (AND) is: a decisive TRUE (FALSE) wins, else a NULL match makes it NULL.
    // The matches are computed once, as the one element of a list the outer lambda reads.
    const [decisive, otherwise] = quantifier === 'ANY' ? ['list_bool_or("__m")', 'FALSE'] : ['NOT list_bool_and("__m")', 'TRUE'];
    const verdict = `CASE WHEN ${decisive} THEN ${quantifier === 'ANY' ? 'TRUE' : 'FALSE'} WHEN list_count("__m") < len("__m") THEN NULL ELSE ${otherwise} END`;
    out.push(`list_transform([${matches}], lambda "__m": ${verdict})[1]`, true);
  }

  /**
   * UNION, EXCEPT, INTERSECT or MINUS after SELECT TOP n in the same query: Snowflake's TOP limits
   * its own SELECT only, which a LIMIT at the end would not say.
   */
  private setOperation(token: Token): void {
    if (this.queryLevels[this.queryLevels.length - 1]?.top !== undefined) {
      throw new UnsupportedSqlError(`SELECT TOP n ... ${token.text.toUpperCase()}`, token, 'Put the SELECT TOP n in parentheses: (SELECT TOP n ...) UNION ALL ...');
    }
  }

  private step(c: Cursor, out: Output, scope: Scope, mode: Mode): void {
    const node = c.next();
    if (node.kind === 'group') {
      if (node.open.text === '{') out.push(this.objectConstant(node, scope), true);
      else if (node.open.text === '[' && !out.lastIsOperand) out.push(arrayConstructSql(splitArgs(node.items, node.open).map((element) => this.run(this.cursor(element), scope, 'args'))), true);
      else if (node.open.text === '[') {
        c.i--;
        this.variantPath(c, out, false);
      } else {
        const query = startsQuery(node.items);
        if (query) this.queryDepth++;
        try {
          out.push(`(${this.run(this.cursor(node.items), scope, 'query')})`, true);
        } finally {
          if (query) this.queryDepth--;
        }
      }
      return;
    }
    switch (node.kind) {
      case 'string':
        out.push(sqlLiteral(node.value), true);
        return;
      case 'number':
        out.push(node.text, true);
        return;
      case 'param':
        out.push(this.bind(node), true);
        return;
      case 'quoted': {
        const qualified = this.qualifiedFunction(node, c);
        out.push(qualified ? this.call(node, c, scope, qualified) : this.columnRef(node, c), true);
        return;
      }
      case 'op':
        this.operator(node, c, out);
        return;
      case 'word':
        this.word(node, c, out, scope, mode);
        return;
    }
  }

  /**
   * A bind placeholder. `?` becomes `$n`, n its place among the statement's `?`s as written: a
   * rule may emit its arguments in another order (CHARINDEX) or twice (REGEXP_COUNT), and DuckDB
   * would number plain `?`s in the order they appear in the translation.
   */
  private bind(token: Token): string {
    if (token.text === '?') {
      this.positionalOrder ??= positionalBindOrder(this.statement.nodes);
      const index = this.positionalOrder.get(token.start)!;
      this.positionalBinds = Math.max(this.positionalBinds, index);
      return `$${index}`;
    }
    const index = Number(token.text.slice(1));
    this.numberedBinds = Math.max(this.numberedBinds, index);
    return `$${index}`;
  }

  private operator(token: Token, c: Cursor, out: Output): void {
    switch (token.text) {
      case ',':
        out.comma();
        return;
      case '::':
        out.push(castSql(out.pop(), this.typeAt(c, true), false), true);
        return;
      case ':':
        this.variantPath(c, out, true);
        return;
      case '(':
      case ')':
      case '.':
      case ';':
      case '[':
      case ']':
        throw syntaxError(`unexpected '${token.text}'.`, token);
      default:
        if (['+', '-', '*', '/', '%', '=', '<', '>', '<=', '>=', '<>', '!=', '||'].includes(token.text)) {
          out.push(token.text);
          return;
        }
        // $n: the n-th column of what the query reads, DuckDB's #n.
        if (/^\$[1-9]\d*$/.test(token.text)) {
          out.push(`#${token.text.slice(1)}`, true);
          return;
        }
        throw new UnsupportedSqlError(`operator ${token.text}`, token, token.text === '=>' ? 'Named arguments are supported only in FLATTEN, GENERATOR and TASK_HISTORY.' : 'Use an equivalent function.');
    }
  }

  private word(token: Token, c: Cursor, out: Output, scope: Scope, mode: Mode): void {
    const upper = token.text.toUpperCase();
    const next = c.peek();
    switch (upper) {
      case 'WITH':
        this.withClause(c, out, scope);
        return;
      case 'FROM':
        const [before, distinct] = c.items.slice(Math.max(0, c.i - 3), c.i - 1);
        if (distinct?.kind === 'word' && distinct.text.toUpperCase() === 'DISTINCT' && before?.kind === 'word' && ['IS', 'NOT'].includes(before.text.toUpperCase())) {
          out.push('FROM'); // IS [NOT] DISTINCT FROM
          return;
        }
        if (mode === 'args') {
          throw new UnsupportedSqlError('FROM inside function arguments', token, 'Use the comma form, e.g. SUBSTR(s, 2, 3), TRIM(s), EXTRACT(part FROM x) / DATE_PART(part, x).');
        }
        out.push('FROM');
        this.tableList(c, out, scope);
        return;
      case 'JOIN':
        out.push('JOIN');
        this.tableRef(c, out, scope, { access: 'read', actions: ['select'] });
        return;
      case 'NULLS':
        out.push(c.isWord(0, 'FIRST', 'LAST') ? `NULLS ${c.expectWord('FIRST', 'LAST')}` : 'NULLS');
        return;
      case 'MINUS':
        this.setOperation(token);
        out.push('EXCEPT');
        return;
      case 'UNION':
      case 'EXCEPT':
      case 'INTERSECT':
        this.setOperation(token);
        out.push(upper);
        return;
      case 'RLIKE':
      case 'REGEXP':
        // RLIKE(subject, pattern) is a function call (FUNCTIONS), handled below.
        if (c.isParen(0) && !out.lastIsOperand) break;
        out.push(this.regexpMatch(upper, token, c, out, scope), true);
        return;
      case 'LIKE':
      case 'ILIKE':
        if (c.isWord(0, 'ANY', 'ALL') && c.isParen(1)) {
          this.likeAnyAll(upper, c, out, scope);
          return;
        }
        out.push(upper);
        return;
      case 'LIMIT':
        this.queryLevels[this.queryLevels.length - 1]!.limited = true;
        out.push('LIMIT');
        return;
      case 'SELECT': {
        out.push('SELECT');
        if (c.isWord(0, 'DISTINCT', 'ALL')) out.push(c.expectWord('DISTINCT', 'ALL'));
        // SELECT TOP n: a LIMIT on this query (see run).
        if (c.isWord(0, 'TOP') && c.peek(1)?.kind === 'number') {
          c.next();
          this.queryLevels[this.queryLevels.length - 1]!.top = (c.next() as Token).text;
        }
        return;
      }
    }
    if (UNSUPPORTED_WORDS[upper]) throw new UnsupportedSqlError(upper, token, UNSUPPORTED_WORDS[upper]);
    // LEFT(...) and RIGHT(...) are functions, not joins.
    if (FUNCTIONS[upper] && next?.kind === 'group' && next.open.text === '(') {
      out.push(this.call(token, c, scope), true);
      return;
    }
    if (KEYWORDS.has(upper)) {
      out.push(upper, VALUE_KEYWORDS.has(upper));
      return;
    }
    if (TYPED_LITERALS[upper] && next?.kind === 'string') {
      c.next();
      out.push(`${TYPED_LITERALS[upper]} ${sqlLiteral(next.value)}`, true);
      return;
    }
    if (next?.kind === 'group' && next.open.text === '(') {
      out.push(this.call(token, c, scope), true);
      return;
    }
    if (NILADIC_FUNCTIONS.has(upper)) {
      out.push(this.applyRule(token, upper, FUNCTIONS[upper], [], scope, {}), true);
      return;
    }
    const qualified = this.qualifiedFunction(token, c);
    out.push(qualified ? this.call(token, c, scope, qualified) : this.columnRef(token, c), true);
  }

  /**
   * `SNOWFLAKE.CORTEX.COMPLETE(`: a function Snowflake keeps in a schema, which FUNCTIONS lists by
   * its full name (canonical parts: `"SNOWFLAKE"."CORTEX"."COMPLETE"` matches, `"snowflake"...` does
   * not). Moves the cursor to its parentheses and returns the name; undefined for anything else.
   */
  private qualifiedFunction(first: Token, c: Cursor): string | undefined {
    const parts = [canonical(first)];
    let k = 0;
    while (c.isOp(k, '.') && isName(c.peek(k + 1))) {
      parts.push(canonical(c.peek(k + 1) as Token));
      k += 2;
    }
    const name = parts.join('.');
    if (parts.length < 2 || !c.isParen(k) || !FUNCTIONS[name]) return undefined;
    c.i += k;
    return name;
  }

  /** `a`, `t.a`, `t.*`, or a column qualified by a 2-3 part object name. */
  private columnRef(first: Token, c: Cursor): string {
    const parts: Token[] = [first];
    let star = false;
    while (c.isOp(0, '.')) {
      const after = c.peek(1);
      if (isName(after)) parts.push(after);
      else if (after?.kind === 'op' && after.text === '*') star = true;
      else break;
      c.i += 2;
      if (star) break;
    }
    if (c.isParen(0)) {
      throw new UnsupportedSqlError(`function ${parts.map(canonical).join('.')}`, first, 'User-defined functions are not run locally; inline the expression.');
    }
    const masked = star ? undefined : this.maskedColumn(parts, first);
    if (masked !== undefined) return masked;
    const names = parts.map((part) => quoteIdentifier(canonical(part)));
    // A column qualified by its object's full name refers to the translated object name.
    const qualifierLength = star ? parts.length : parts.length - 1;
    if (qualifierLength >= 2) {
      const object = this.resolve(parts.slice(0, qualifierLength));
      // A policy-protected table is read as a subquery named after the table.
      const protectedName = this.context.protectedRelation?.(object) !== undefined;
      names.splice(0, qualifierLength, protectedName ? quoteIdentifier(object.name) : duckObjectName(object.database, object.schema, object.name));
    }
    return [...names, ...(star ? ['*'] : [])].join('.');
  }

  private withClause(c: Cursor, out: Output, scope: Scope): void {
    out.push(c.takeWords('RECURSIVE') ? 'WITH RECURSIVE' : 'WITH');
    for (;;) {
      const name = c.next();
      if (!isName(name)) throw syntaxError(`unexpected '${describe(name)}', expected a CTE name.`, firstToken(name));
      // Registered before the body so later CTEs (and a recursive one itself) see it.
      scope.add(canonical(name));
      const columns = c.isParen(0) ? `(${this.run(this.cursor(c.expectGroup().items), scope, 'args')})` : '';
      c.expectWord('AS');
      const body = c.expectGroup();
      out.push(`${quoteIdentifier(canonical(name))}${columns} AS (${this.run(this.cursor(body.items), scope, 'query')})`);
      if (!c.isOp(0, ',')) return;
      c.next();
      out.comma();
    }
  }

  /**
   * A Snowflake type name at the cursor (`NUMBER(10,2)`, `DOUBLE PRECISION`), as DuckDB. As a cast
   * target (`forCast`), VARIANT is `VARIANT_CAST`: a value becomes a VARIANT holding it (text stays
   * text), where a JSON cast would parse the text.
   */
  private typeAt(c: Cursor, forCast = false): string {
    const token = c.next();
    if (token.kind !== 'word') throw syntaxError(`unexpected '${describe(token)}', expected a type.`, firstToken(token));
    const name = token.text.toUpperCase();
    if (forCast && name === 'VARIANT') return VARIANT_CAST;
    if (name === 'DOUBLE') c.takeWords('PRECISION');
    if (name === 'CHAR' || name === 'CHARACTER') c.takeWords('VARYING');
    const params: number[] = [];
    if (c.isParen(0)) {
      const group = c.expectGroup();
      for (const arg of splitArgs(group.items, group.open)) {
        const [value] = arg;
        if (arg.length !== 1 || value.kind !== 'number') throw syntaxError(`unexpected '${describe(value)}' in type ${name}; expected a number.`, firstToken(value));
        params.push(Number(value.text));
      }
    }
    const duck = duckTypeFor(name, params);
    if (!duck) {
      throw new UnsupportedSqlError(
        `type ${name}${params.length ? `(${params.join(',')})` : ''}`,
        token,
        'Use NUMBER(p,s), INT, FLOAT, VARCHAR, BOOLEAN, DATE, TIME, TIMESTAMP_NTZ/LTZ/TZ, BINARY, VARIANT, OBJECT or ARRAY.',
      );
    }
    return duck;
  }

  /** An OBJECT constant, `{'key': value, ...}`, as OBJECT_CONSTRUCT('key', value, ...). */
  private objectConstant(group: Group, scope: Scope): string {
    const pairs = group.items.length === 0 ? [] : splitArgs(group.items, group.open);
    const args = pairs.flatMap((pair) => {
      const [key, colon, ...value] = pair;
      if (key?.kind !== 'string' || !isOpNode(colon, ':') || value.length === 0) {
        throw syntaxError(`unexpected '${describe(pair[0])}', expected 'key': value in an OBJECT constant.`, firstToken(pair[0]));
      }
      return [sqlLiteral(key.value), this.run(this.cursor(value), scope, 'args')];
    });
    return objectConstructSql(args);
  }

  /**
   * `x:a.b[0]` and `x['a']` on the operand just emitted: JSON extraction. A following
   * `::type` reads the scalar (unquoted for text), as Snowflake's cast of a VARIANT does.
   */
  private variantPath(c: Cursor, out: Output, afterColon: boolean): void {
    const start = c.position;
    // A `[` with no value before it is an ARRAY constant (see step); a `:` needs one.
    if (!out.lastIsOperand) throw new UnsupportedSqlError("':' without a value before it", start, 'Write column:field.');
    const operand = out.pop();
    let path = '$';
    const key = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `."${name.replace(/["\\]/g, '\\$&')}"`);
    if (afterColon) {
      const first = c.next();
      // Path elements keep their case: Snowflake's keys are case-sensitive even unquoted.
      if (!isName(first)) throw syntaxError(`unexpected '${describe(first)}' after ':'; expected a field name.`, firstToken(first));
      path += key(first.kind === 'quoted' ? first.value : first.text);
    }
    for (;;) {
      if (c.isOp(0, '.') && isName(c.peek(1))) {
        const field = c.peek(1) as Token;
        path += key(field.kind === 'quoted' ? field.value : field.text);
        c.i += 2;
        continue;
      }
      const bracket = c.peek();
      if (bracket?.kind === 'group' && bracket.open.text === '[') {
        c.next();
        const [index] = bracket.items;
        if (bracket.items.length !== 1 || (index.kind !== 'number' && index.kind !== 'string')) {
          throw new UnsupportedSqlError('computed variant subscript', bracket.open, "Use a literal index or key: x[0], x['key'].");
        }
        path += index.kind === 'number' ? `[${index.text}]` : key(index.value);
        continue;
      }
      break;
    }
    if (!c.isOp(0, '::')) {
      out.push(`json_extract(${operand}, ${sqlLiteral(path)})`, true);
      return;
    }
    c.next();
    const type = this.typeAt(c);
    const scalar = `json_extract_string(${operand}, ${sqlLiteral(path)})`;
    if (type === 'JSON') out.push(`json_extract(${operand}, ${sqlLiteral(path)})`, true);
    else out.push(TEXT_TYPES.has(type) ? scalar : castSql(scalar, type, false), true);
  }

  /** A call of the function `upper` (its FUNCTIONS name; the name token's text by default), `name` where it is written. */
  private call(name: Token, c: Cursor, scope: Scope, upper = name.text.toUpperCase()): string {
    const group = c.expectGroup();
    const session = SESSION_FUNCTIONS[upper];
    if (session) {
      if (group.items.length > 0) throw syntaxError(`${upper} takes no arguments.`, group.open);
      const value = this.context[session.field];
      // Role and user are read when the statement runs, not when it is translated: a view or a
      // policy body inside one answers for whoever reads it, as in Snowflake.
      if (value !== undefined && session.variable) return `getvariable('${session.variable}')`;
      if (value !== undefined) return sqlLiteral(value);
      if (session.required) throw new UnsupportedSqlError(`${upper}() without a ${session.field} in the session`, name, `Pass ${session.field} in the TranslationContext / ExecuteOptions.`);
      return 'CAST(NULL AS VARCHAR)';
    }
    if (upper === 'SYSTEM$STREAM_HAS_DATA' && this.context.streamHasData) {
      const [stream, ...extra] = group.items;
      if (stream?.kind !== 'string' || extra.length > 0) throw syntaxError("SYSTEM$STREAM_HAS_DATA takes one stream name, as a string: SYSTEM$STREAM_HAS_DATA('RAW.APPOINTMENTS_STREAM').", group.open);
      // A read of the stream, authorized as one each time the statement runs.
      const answer = this.context.streamHasData(stream.value);
      this.record(answer.stream, { access: 'read', actions: ['select'] });
      return answer.sql;
    }
    if (upper === 'IS_ROLE_IN_SESSION') {
      if (!this.context.rolesInSession) throw new UnsupportedSqlError('IS_ROLE_IN_SESSION() without the roles of a session', name, 'Pass rolesInSession in the TranslationContext.');
      const args = splitArgs(group.items, group.open);
      if (args.length !== 1) throw new SnowflakeError(args.length ? '000939' : '000938', '42601', `SQL compilation error:\nIS_ROLE_IN_SESSION takes 1 argument (got ${args.length}).`);
      // A literal, an expression or a column: evaluated per row against the session's roles.
      return `list_contains(getvariable('${SESSION_VARIABLES.roles}'), CAST(${this.run(this.cursor(args[0]!), scope, 'query')} AS VARCHAR))`;
    }
    const rule = FUNCTIONS[upper];
    if (!rule) {
      throw new UnsupportedSqlError(
        `function ${upper}`,
        name,
        ACCOUNT_FUNCTIONS.has(upper)
          ? `The local account has no account locator, organization, region or secondary roles; the session answers ${Object.keys(SESSION_FUNCTIONS).map((f) => `${f}()`).join(', ')}.`
          : 'Rewrite it with a supported function, or add a rule to FUNCTIONS in local/engine/functions.ts.',
      );
    }
    const args = splitArgs(group.items, group.open);
    let distinct = false;
    if (args[0]?.[0]?.kind === 'word' && (args[0][0] as Token).text.toUpperCase() === 'DISTINCT') {
      distinct = true;
      args[0] = args[0].slice(1);
    }
    // Snowflake writes FIRST_VALUE(x) IGNORE NULLS; DuckDB wants it inside the parentheses.
    let nulls: string | undefined;
    if ((c.isWord(0, 'IGNORE') || c.isWord(0, 'RESPECT')) && c.isWord(1, 'NULLS')) {
      if (typeof rule.emit === 'function' || !NULLS_TREATMENT.has(upper)) {
        throw new UnsupportedSqlError(`${upper} ... ${describe(c.peek()).toUpperCase()} NULLS`, c.position, 'IGNORE/RESPECT NULLS applies to FIRST_VALUE, LAST_VALUE, NTH_VALUE, LAG and LEAD.');
      }
      nulls = `${c.expectWord('IGNORE', 'RESPECT')} NULLS`;
      c.next();
    }
    let withinGroup: string | undefined;
    if (c.isWord(0, 'WITHIN') && c.isWord(1, 'GROUP') && c.isParen(2)) {
      if (!rule.withinGroup) throw new UnsupportedSqlError(`${upper} ... WITHIN GROUP`, c.position, `${upper} does not take WITHIN GROUP.`);
      c.i += 2;
      withinGroup = this.run(this.cursor(c.expectGroup().items), scope, 'query');
    }
    let over: string | undefined;
    if (rule.takesOver && c.takeWords('OVER')) {
      const window = c.next();
      over = window.kind === 'group' ? `OVER (${this.run(this.cursor(window.items), scope, 'query')}${wholePartitionFrame(upper, window.items)})` : `OVER ${this.columnRef(window as Token, c)}`;
    }
    return this.applyRule(name, upper, rule, args, scope, { distinct, withinGroup, over, nulls });
  }

  private applyRule(
    name: Token,
    upper: string,
    rule: FunctionRule,
    raw: readonly (readonly Node[])[],
    scope: Scope,
    extras: { distinct?: boolean; withinGroup?: string | undefined; over?: string | undefined; nulls?: string | undefined },
  ): string {
    if (raw.length < rule.minArgs || raw.length > rule.maxArgs) {
      const expected = rule.minArgs === rule.maxArgs ? `${rule.minArgs}` : `${rule.minArgs} to ${rule.maxArgs === Number.MAX_SAFE_INTEGER ? 'any' : rule.maxArgs}`;
      throw new SnowflakeError(
        raw.length < rule.minArgs ? '000938' : '000939',
        '42601',
        `SQL compilation error: error line ${name.line} at position ${name.col - 1}\n` +
          `${raw.length < rule.minArgs ? 'not enough' : 'too many'} arguments for function [${upper}], expected ${expected}, got ${raw.length}`,
      );
    }
    const translated = new Map<number, string>();
    const translateArg = (i: number): string => {
      if (!translated.has(i)) translated.set(i, this.run(this.cursor(raw[i]), scope, 'args'));
      return translated.get(i) as string;
    };
    const site: CallSite = {
      name: upper,
      position: name,
      argCount: raw.length,
      distinct: extras.distinct ?? false,
      ...(extras.withinGroup === undefined ? {} : { withinGroup: extras.withinGroup }),
      ...(extras.over === undefined ? {} : { over: extras.over }),
      arg: translateArg,
      args: () => raw.map((_, i) => translateArg(i)),
      raw: (i) => raw[i],
      translate: (nodes) => this.run(this.cursor(nodes), scope, 'args'),
      translateType: (nodes) => {
        const c = this.cursor(nodes);
        const type = this.typeAt(c, true);
        c.expectEnd();
        return type;
      },
      unsupported: (construct, hint) => {
        throw new UnsupportedSqlError(construct, name, hint);
      },
    };
    if (rule.databaseRole !== undefined) this.databaseRoleCalls.set(upper, rule.databaseRole);
    if (typeof rule.emit === 'function') return rule.emit(site);
    const within = site.withinGroup === undefined ? '' : ` WITHIN GROUP (${site.withinGroup})`;
    const nulls = extras.nulls === undefined ? '' : ` ${extras.nulls}`;
    return `${rule.emit ?? upper.toLowerCase()}(${site.distinct ? 'DISTINCT ' : ''}${site.args().join(', ')}${nulls})${within}${site.over === undefined ? '' : ` ${site.over}`}`;
  }
}
