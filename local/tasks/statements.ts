/**
 * Parser for the task statements the Terraform provider (`snowflake_task`, provider 2.x) and
 * people issue: CREATE [OR REPLACE | OR ALTER] TASK, ALTER TASK, DROP TASK, EXECUTE TASK,
 * SHOW TASKS and DESCRIBE TASK. Works on the engine's tokens, so `;`, `AS` or quotes inside a
 * string, `$$` body or quoted identifier are never mistaken for syntax. The WHEN expression and
 * the AS body are kept exactly as written: the engine runs them later.
 */
import { noCurrentContainer, SnowflakeError, syntaxError, UnsupportedSqlError } from '../engine/errors';
import { Token, tokenize } from '../engine/tokenizer';
import { parseSchedule, TaskSchedule } from './schedule';

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

/** Properties that can be written as `NAME = value` in CREATE TASK and ALTER TASK ... SET. */
export interface TaskProperties {
  /** WAREHOUSE = <name>; absent means a serverless task. */
  readonly warehouse?: string;
  /** USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = '<size>' (serverless tasks only). */
  readonly userTaskManagedInitialWarehouseSize?: string;
  readonly schedule?: TaskSchedule;
  /** CONFIG = '<json>' or $$<json>$$, kept as written (validated as JSON). */
  readonly config?: string;
  readonly allowOverlappingExecution?: boolean;
  readonly userTaskTimeoutMs?: number;
  readonly suspendTaskAfterNumFailures?: number;
  readonly taskAutoRetryAttempts?: number;
  readonly userTaskMinimumTriggerIntervalInSeconds?: number;
  readonly errorIntegration?: string;
  readonly successIntegration?: string;
  readonly comment?: string;
  /** FINALIZE = <root task>: makes this task the finalizer of that root. */
  readonly finalize?: QualifiedName;
  /** Session parameters (QUERY_TAG, TIMEZONE, ...) by upper-case name, values as text. */
  readonly sessionParameters?: Readonly<Record<string, string>>;
  /** TAG (<tag> = '<value>', ...) by tag name as written. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** `CREATE [OR REPLACE | OR ALTER] TASK [IF NOT EXISTS] <name> ... AS <body>`. */
export interface CreateTaskStatement {
  readonly kind: 'create';
  readonly orReplace: boolean;
  /** CREATE OR ALTER: create, or bring an existing task to this definition keeping its state. */
  readonly orAlter: boolean;
  readonly ifNotExists: boolean;
  readonly name: QualifiedName;
  readonly properties: TaskProperties;
  /** Predecessors from AFTER, resolved like the task name. */
  readonly after: readonly QualifiedName[];
  /** The WHEN expression exactly as written. */
  readonly when?: string;
  /** The SQL after AS exactly as written (without a trailing `;`). */
  readonly body: string;
}

/** Property names accepted by ALTER TASK ... UNSET (upper case). */
export type TaskPropertyName = (typeof TASK_PROPERTY_NAMES)[number];

/** One action of ALTER TASK. */
export type AlterTaskAction =
  | { readonly kind: 'resume' }
  | { readonly kind: 'suspend' }
  | { readonly kind: 'set'; readonly properties: TaskProperties }
  /** Names are task properties or session parameters, upper case. */
  | { readonly kind: 'unset'; readonly names: readonly string[] }
  | { readonly kind: 'addAfter'; readonly tasks: readonly QualifiedName[] }
  | { readonly kind: 'removeAfter'; readonly tasks: readonly QualifiedName[] }
  | { readonly kind: 'setFinalize'; readonly root: QualifiedName }
  | { readonly kind: 'unsetFinalize' }
  | { readonly kind: 'modifyAs'; readonly body: string }
  | { readonly kind: 'modifyWhen'; readonly when: string }
  | { readonly kind: 'removeWhen' }
  | { readonly kind: 'setTags'; readonly tags: Readonly<Record<string, string>> }
  | { readonly kind: 'unsetTags'; readonly names: readonly string[] };

/** `ALTER TASK [IF EXISTS] <name> <action>`. */
export interface AlterTaskStatement {
  readonly kind: 'alter';
  readonly ifExists: boolean;
  readonly name: QualifiedName;
  readonly action: AlterTaskAction;
}

/** `DROP TASK [IF EXISTS] <name>`. */
export interface DropTaskStatement {
  readonly kind: 'drop';
  readonly ifExists: boolean;
  readonly name: QualifiedName;
}

/** `EXECUTE TASK <name>`. */
export interface ExecuteTaskStatement {
  readonly kind: 'execute';
  readonly name: QualifiedName;
}

/** Where SHOW TASKS looks. */
export type ShowTasksScope =
  | { readonly kind: 'account' }
  | { readonly kind: 'database'; readonly database: string }
  | { readonly kind: 'schema'; readonly database: string; readonly schema: string };

/** `SHOW [TERSE] TASKS [LIKE '<pattern>'] [IN ACCOUNT | DATABASE [<d>] | SCHEMA [<s>]] [STARTS WITH '<p>'] [ROOT ONLY] [LIMIT <n> [FROM '<name>']]`. */
export interface ShowTasksStatement {
  readonly kind: 'show';
  readonly terse: boolean;
  /** SQL LIKE pattern, matched case-insensitively as Snowflake does. */
  readonly like?: string;
  /** Without IN: the current schema, as Snowflake does (or the account when there is none). */
  readonly scope: ShowTasksScope;
  /** Case-sensitive name prefix. */
  readonly startsWith?: string;
  readonly rootOnly: boolean;
  readonly limit?: number;
  /** LIMIT ... FROM '<name>': start after this name. */
  readonly limitFrom?: string;
}

/** `DESC[RIBE] TASK <name>`. */
export interface DescribeTaskStatement {
  readonly kind: 'describe';
  readonly name: QualifiedName;
}

/** Any task statement. */
export type TaskStatement =
  | CreateTaskStatement
  | AlterTaskStatement
  | DropTaskStatement
  | ExecuteTaskStatement
  | ShowTasksStatement
  | DescribeTaskStatement;

/** Task properties (upper case), in the order CREATE TASK documents them. */
export const TASK_PROPERTY_NAMES = [
  'WAREHOUSE',
  'USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE',
  'SCHEDULE',
  'CONFIG',
  'ALLOW_OVERLAPPING_EXECUTION',
  'USER_TASK_TIMEOUT_MS',
  'SUSPEND_TASK_AFTER_NUM_FAILURES',
  'ERROR_INTEGRATION',
  'SUCCESS_INTEGRATION',
  'COMMENT',
  'FINALIZE',
  'TASK_AUTO_RETRY_ATTEMPTS',
  'USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS',
] as const;

/**
 * Session parameters a task may carry (applied to its runs in Snowflake). Kept as text; the
 * local runner only reads QUERY_TAG (folded into the audit query tag).
 */
export const TASK_SESSION_PARAMETERS: readonly string[] = [
  'ABORT_DETACHED_QUERY',
  'AUTOCOMMIT',
  'BINARY_INPUT_FORMAT',
  'BINARY_OUTPUT_FORMAT',
  'DATE_INPUT_FORMAT',
  'DATE_OUTPUT_FORMAT',
  'ERROR_ON_NONDETERMINISTIC_MERGE',
  'ERROR_ON_NONDETERMINISTIC_UPDATE',
  'LOCK_TIMEOUT',
  'QUERY_TAG',
  'ROWS_PER_RESULTSET',
  'STATEMENT_QUEUED_TIMEOUT_IN_SECONDS',
  'STATEMENT_TIMEOUT_IN_SECONDS',
  'TIMESTAMP_INPUT_FORMAT',
  'TIMESTAMP_LTZ_OUTPUT_FORMAT',
  'TIMESTAMP_NTZ_OUTPUT_FORMAT',
  'TIMESTAMP_OUTPUT_FORMAT',
  'TIMESTAMP_TYPE_MAPPING',
  'TIMESTAMP_TZ_OUTPUT_FORMAT',
  'TIMEZONE',
  'TIME_INPUT_FORMAT',
  'TIME_OUTPUT_FORMAT',
  'TRANSACTION_DEFAULT_ISOLATION_LEVEL',
  'USE_CACHED_RESULT',
  'WEEK_OF_YEAR_POLICY',
  'WEEK_START',
];

/** Warehouse sizes accepted by USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE (dashes ignored). */
const WAREHOUSE_SIZES = [
  'XSMALL',
  'SMALL',
  'MEDIUM',
  'LARGE',
  'XLARGE',
  'XXLARGE',
  'XXXLARGE',
  'X2LARGE',
  'X3LARGE',
  'X4LARGE',
  'X5LARGE',
  'X6LARGE',
];

/** Unquoted identifiers Snowflake stores as written (upper case); anything else prints quoted. */
const PLAIN_IDENTIFIER = /^[A-Z_][A-Z0-9_$]*$/;

/** One identifier part as Snowflake prints it: bare when it can be, otherwise double-quoted. */
export function formatIdentifier(part: string): string {
  return PLAIN_IDENTIFIER.test(part) ? part : `"${part.replace(/"/g, '""')}"`;
}

/** `DB.SCHEMA.NAME`, quoting the parts that need it; also the registry's key for a task. */
export function formatName(name: QualifiedName): string {
  return [name.database, name.schema, name.name].map(formatIdentifier).join('.');
}

/** `"DB"."SCHEMA"."NAME"`: always quoted, as SHOW TASKS prints predecessors. */
export function quotedName(name: QualifiedName): string {
  return [name.database, name.schema, name.name].map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}

/** True when two qualified names denote the same object (parts compare exactly). */
export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.database === b.database && a.schema === b.schema && a.name === b.name;
}

const STATEMENT_HEADS: readonly (readonly string[])[] = [
  ['CREATE', 'TASK'],
  ['CREATE', 'OR', 'REPLACE', 'TASK'],
  ['CREATE', 'OR', 'ALTER', 'TASK'],
  ['ALTER', 'TASK'],
  ['DROP', 'TASK'],
  ['EXECUTE', 'TASK'],
  ['SHOW', 'TASKS'],
  ['SHOW', 'TERSE', 'TASKS'],
  ['DESC', 'TASK'],
  ['DESCRIBE', 'TASK'],
];

/** True when the SQL is one of the task statements this module parses (by its leading keywords). */
export function isTaskStatement(sql: string): boolean {
  const words = tokenize(sql)
    .slice(0, 4)
    .map((t) => (t.kind === 'word' ? t.text.toUpperCase() : ''));
  return STATEMENT_HEADS.some((head) => head.every((word, i) => words[i] === word));
}

/**
 * Parses one task statement (a trailing `;` is allowed). One- and two-part names resolve against
 * `context`; unquoted identifiers are upper-cased, quoted ones kept exactly.
 */
export function parseTaskStatement(sql: string, context: NameContext = {}): TaskStatement {
  const cursor = new Cursor(sql, tokenize(sql), context);
  const verb = cursor.word();
  switch (verb) {
    case 'CREATE':
      return parseCreate(cursor);
    case 'ALTER':
      cursor.expectWord('TASK');
      return parseAlter(cursor);
    case 'DROP': {
      cursor.expectWord('TASK');
      const ifExists = cursor.acceptWords('IF', 'EXISTS');
      const name = cursor.name('DROP TASK');
      cursor.expectEnd();
      return { kind: 'drop', ifExists, name };
    }
    case 'EXECUTE': {
      cursor.expectWord('TASK');
      const name = cursor.name('EXECUTE TASK');
      if (cursor.atWord('RETRY') || cursor.atWord('USING')) {
        const clause = cursor.atWord('RETRY') ? 'EXECUTE TASK ... RETRY LAST' : 'EXECUTE TASK ... USING CONFIG';
        throw new UnsupportedSqlError(
          clause,
          cursor.peek() ?? cursor.endPosition(),
          'Run the task again with EXECUTE TASK <name>.',
        );
      }
      cursor.expectEnd();
      return { kind: 'execute', name };
    }
    case 'SHOW':
      return parseShow(cursor);
    case 'DESC':
    case 'DESCRIBE': {
      cursor.expectWord('TASK');
      const name = cursor.name('DESCRIBE TASK');
      cursor.expectEnd();
      return { kind: 'describe', name };
    }
    default:
      throw cursor.error(`unexpected '${verb}': not a task statement (CREATE/ALTER/DROP/EXECUTE/DESCRIBE TASK, SHOW TASKS).`);
  }
}

function parseCreate(cursor: Cursor): CreateTaskStatement {
  let orReplace = false;
  let orAlter = false;
  if (cursor.acceptWord('OR')) {
    orAlter = cursor.acceptWord('ALTER');
    if (!orAlter) {
      cursor.expectWord('REPLACE');
      orReplace = true;
    }
  }
  cursor.expectWord('TASK');
  const ifNotExists = cursor.acceptWords('IF', 'NOT', 'EXISTS');
  if (ifNotExists && (orReplace || orAlter)) {
    throw cursor.error(`OR ${orReplace ? 'REPLACE' : 'ALTER'} and IF NOT EXISTS cannot be combined; use one of them.`);
  }
  const name = cursor.name('CREATE TASK');
  const properties = parseProperties(cursor, 'create', ['AFTER', 'WHEN', 'AS']);
  const after = cursor.acceptWord('AFTER') ? cursor.nameList('AFTER') : [];
  const when = cursor.acceptWord('WHEN') ? cursor.textUntilWord('AS', 'WHEN') : undefined;
  cursor.expectWord('AS');
  const body = cursor.rest('AS');
  return { kind: 'create', orReplace, orAlter, ifNotExists, name, properties, after, ...(when !== undefined && { when }), body };
}

function parseAlter(cursor: Cursor): AlterTaskStatement {
  const ifExists = cursor.acceptWords('IF', 'EXISTS');
  const name = cursor.name('ALTER TASK');
  const action = parseAlterAction(cursor);
  cursor.expectEnd();
  return { kind: 'alter', ifExists, name, action };
}

const ALTER_ACTIONS =
  'RESUME, SUSPEND, SET <property> = <value> ..., UNSET <property> [, ...], ADD AFTER <task>, REMOVE AFTER <task>, ' +
  'SET FINALIZE = <root>, UNSET FINALIZE, MODIFY AS <sql>, MODIFY WHEN <expr>, REMOVE WHEN, SET TAG, UNSET TAG';

function parseAlterAction(cursor: Cursor): AlterTaskAction {
  const word = cursor.word();
  switch (word) {
    case 'RESUME':
      return { kind: 'resume' };
    case 'SUSPEND':
      return { kind: 'suspend' };
    case 'ADD':
    case 'REMOVE':
      if (word === 'REMOVE' && cursor.acceptWord('WHEN')) return { kind: 'removeWhen' };
      cursor.expectWord('AFTER');
      return { kind: word === 'ADD' ? 'addAfter' : 'removeAfter', tasks: cursor.nameList('AFTER') };
    case 'MODIFY':
      if (cursor.acceptWord('AS')) return { kind: 'modifyAs', body: cursor.rest('MODIFY AS') };
      cursor.expectWord('WHEN');
      return { kind: 'modifyWhen', when: cursor.rest('MODIFY WHEN') };
    case 'SET':
      if (cursor.acceptWord('TAG')) return { kind: 'setTags', tags: cursor.tagAssignments() };
      if (cursor.acceptWord('FINALIZE')) {
        cursor.expectOp('=');
        return { kind: 'setFinalize', root: cursor.name('SET FINALIZE') };
      }
      return { kind: 'set', properties: parseProperties(cursor, 'set', []) };
    case 'UNSET':
      if (cursor.acceptWord('TAG')) return { kind: 'unsetTags', names: cursor.identifierList('UNSET TAG') };
      if (cursor.acceptWord('FINALIZE')) return { kind: 'unsetFinalize' };
      return { kind: 'unset', names: parseUnsetNames(cursor) };
    default:
      throw cursor.error(`unexpected '${word}' in ALTER TASK. Supported actions: ${ALTER_ACTIONS}.`);
  }
}

function parseUnsetNames(cursor: Cursor): string[] {
  const names: string[] = [];
  do {
    const token = cursor.peek();
    const name = cursor.word();
    if (name === 'FINALIZE') throw cursor.errorAt(token, 'UNSET FINALIZE must be on its own (ALTER TASK <name> UNSET FINALIZE).');
    if (!isSupportedProperty(name)) throw unknownProperty(name, token);
    names.push(name);
  } while (cursor.acceptOp(','));
  return names;
}

function isSupportedProperty(name: string): boolean {
  return (TASK_PROPERTY_NAMES as readonly string[]).includes(name) || TASK_SESSION_PARAMETERS.includes(name);
}

function unknownProperty(name: string, at: Token | undefined): SnowflakeError {
  const where = at ? ` at line ${at.line}:${at.col}` : '';
  return new SnowflakeError(
    '001003',
    '42000',
    `SQL compilation error:\ninvalid property '${name}' for 'TASK'${where}. ` +
      `Supported properties: ${TASK_PROPERTY_NAMES.join(', ')}; session parameters: ${TASK_SESSION_PARAMETERS.join(', ')}.`,
  );
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `NAME = value` pairs until one of `stopWords` (or the end). In `set` mode FINALIZE is not a
 * property (it is its own ALTER action) and AFTER/WHEN/AS are not expected.
 */
function parseProperties(cursor: Cursor, mode: 'create' | 'set', stopWords: readonly string[]): TaskProperties {
  const properties: Mutable<TaskProperties> = {};
  const sessionParameters: Record<string, string> = {};
  const seen = new Set<string>();
  while (!cursor.done() && !stopWords.some((w) => cursor.atWord(w))) {
    const token = cursor.peek();
    const name = cursor.word();
    if (mode === 'create' && (name === 'TAG' || (name === 'WITH' && cursor.acceptWord('TAG')))) {
      properties.tags = cursor.tagAssignments();
      continue;
    }
    if (seen.has(name)) throw cursor.errorAt(token, `property ${name} is given more than once; keep one.`);
    seen.add(name);
    if (!isSupportedProperty(name) || (mode === 'set' && name === 'FINALIZE')) throw unknownProperty(name, token);
    cursor.expectOp('=');
    if (TASK_SESSION_PARAMETERS.includes(name)) {
      sessionParameters[name] = cursor.literalText(name);
      continue;
    }
    assignProperty(cursor, properties, name as TaskPropertyName);
  }
  if (Object.keys(sessionParameters).length > 0) properties.sessionParameters = sessionParameters;
  if (properties.warehouse !== undefined && properties.userTaskManagedInitialWarehouseSize !== undefined) {
    throw cursor.error(
      'WAREHOUSE and USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE cannot both be set: the size applies to serverless tasks only. Keep one.',
    );
  }
  return properties;
}

function assignProperty(cursor: Cursor, properties: Mutable<TaskProperties>, name: TaskPropertyName): void {
  switch (name) {
    case 'WAREHOUSE':
      properties.warehouse = cursor.identifier(name);
      return;
    case 'ERROR_INTEGRATION':
      properties.errorIntegration = cursor.identifier(name);
      return;
    case 'SUCCESS_INTEGRATION':
      properties.successIntegration = cursor.identifier(name);
      return;
    case 'FINALIZE':
      properties.finalize = cursor.name('FINALIZE');
      return;
    case 'USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE': {
      const token = cursor.peek();
      const size = cursor.stringOrWord(name).toUpperCase();
      if (!WAREHOUSE_SIZES.includes(size.replace(/-/g, ''))) {
        throw cursor.errorAt(token, `invalid value '${size}' for ${name}; allowed: ${WAREHOUSE_SIZES.join(', ')}.`);
      }
      properties.userTaskManagedInitialWarehouseSize = size;
      return;
    }
    case 'SCHEDULE':
      properties.schedule = parseSchedule(cursor.string(name));
      return;
    case 'CONFIG': {
      const token = cursor.peek();
      const config = cursor.string(name);
      try {
        JSON.parse(config);
      } catch {
        throw cursor.errorAt(token, `CONFIG must be a JSON object such as $${'{"env": "local"}'}$$ (got ${config}).`);
      }
      properties.config = config;
      return;
    }
    case 'COMMENT':
      properties.comment = cursor.string(name);
      return;
    case 'ALLOW_OVERLAPPING_EXECUTION':
      properties.allowOverlappingExecution = cursor.boolean(name);
      return;
    case 'USER_TASK_TIMEOUT_MS':
      properties.userTaskTimeoutMs = cursor.integer(name, 1);
      return;
    case 'SUSPEND_TASK_AFTER_NUM_FAILURES':
      properties.suspendTaskAfterNumFailures = cursor.integer(name, 0);
      return;
    case 'TASK_AUTO_RETRY_ATTEMPTS':
      properties.taskAutoRetryAttempts = cursor.integer(name, 0, 30);
      return;
    case 'USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS':
      properties.userTaskMinimumTriggerIntervalInSeconds = cursor.integer(name, 1);
      return;
  }
}

function parseShow(cursor: Cursor): ShowTasksStatement {
  const terse = cursor.acceptWord('TERSE');
  cursor.expectWord('TASKS');
  const like = cursor.acceptWord('LIKE') ? cursor.string('LIKE') : undefined;
  let scope: ShowTasksScope | undefined;
  if (cursor.acceptWord('IN')) {
    const container = cursor.word();
    if (container === 'ACCOUNT') scope = { kind: 'account' };
    else if (container === 'DATABASE') scope = { kind: 'database', database: cursor.containerDatabase() };
    else if (container === 'SCHEMA') scope = { kind: 'schema', ...cursor.containerSchema() };
    else throw cursor.error(`unexpected '${container}' after IN; use IN ACCOUNT, IN DATABASE <db> or IN SCHEMA <db>.<schema>.`);
  }
  const startsWith = cursor.acceptWords('STARTS', 'WITH') ? cursor.string('STARTS WITH') : undefined;
  const rootOnly = cursor.acceptWords('ROOT', 'ONLY');
  let limit: number | undefined;
  let limitFrom: string | undefined;
  if (cursor.acceptWord('LIMIT')) {
    limit = cursor.integer('LIMIT', 1);
    if (cursor.acceptWord('FROM')) limitFrom = cursor.string('LIMIT ... FROM');
  }
  cursor.expectEnd();
  scope ??= cursor.defaultShowScope();
  return {
    kind: 'show',
    terse,
    scope,
    rootOnly,
    ...(like !== undefined && { like }),
    ...(startsWith !== undefined && { startsWith }),
    ...(limit !== undefined && { limit }),
    ...(limitFrom !== undefined && { limitFrom }),
  };
}

/** A read position over one statement's tokens (trailing semicolons dropped). */
class Cursor {
  private readonly tokens: readonly Token[];
  private pos = 0;

  constructor(private readonly sql: string, tokens: readonly Token[], private readonly context: NameContext) {
    let end = tokens.length;
    while (end > 0 && tokens[end - 1].kind === 'op' && tokens[end - 1].text === ';') end--;
    this.tokens = tokens.slice(0, end);
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  endPosition(): { line: number; col: number } {
    const last = this.tokens[this.tokens.length - 1];
    if (!last) return { line: 1, col: 1 };
    const lines = this.sql.slice(0, last.end).split('\n');
    return { line: lines.length, col: lines[lines.length - 1].length + 1 };
  }

  errorAt(token: Token | undefined, detail: string): SnowflakeError {
    return token
      ? syntaxError(`at '${token.text}': ${detail}`, token)
      : syntaxError(`at end of statement: ${detail}`, this.endPosition());
  }

  error(detail: string): SnowflakeError {
    return this.errorAt(this.peek(), detail);
  }

  atWord(word: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text.toUpperCase() === word;
  }

  acceptWord(word: string): boolean {
    if (!this.atWord(word)) return false;
    this.pos++;
    return true;
  }

  /** Accepts a keyword sequence only when all of it is there. */
  acceptWords(...words: string[]): boolean {
    const all = words.every((word, i) => {
      const token = this.peek(i);
      return token?.kind === 'word' && token.text.toUpperCase() === word;
    });
    if (all) this.pos += words.length;
    return all;
  }

  expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.error(`expected ${word}.`);
  }

  acceptOp(op: string): boolean {
    const token = this.peek();
    if (token?.kind !== 'op' || token.text !== op) return false;
    this.pos++;
    return true;
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.error(`expected '${op}'.`);
  }

  expectEnd(): void {
    if (!this.done()) throw this.error('unexpected text after the end of the statement.');
  }

  /** The next token as an upper-case keyword. */
  word(): string {
    const token = this.peek();
    if (token?.kind !== 'word') throw this.error('expected a keyword.');
    this.pos++;
    return token.text.toUpperCase();
  }

  /** One identifier part: unquoted upper-cased, quoted kept. */
  identifier(what: string): string {
    const token = this.peek();
    if (token?.kind === 'word') {
      this.pos++;
      return token.text.toUpperCase();
    }
    if (token?.kind === 'quoted') {
      this.pos++;
      return token.value;
    }
    throw this.error(`expected an identifier for ${what}.`);
  }

  private parts(what: string): string[] {
    const parts = [this.identifier(what)];
    while (this.acceptOp('.')) parts.push(this.identifier(what));
    return parts;
  }

  /** A one-, two- or three-part schema object name resolved against the context. */
  name(statement: string): QualifiedName {
    const token = this.peek();
    const parts = this.parts(statement);
    if (parts.length > 3)
      throw this.errorAt(token, `a task name has at most three parts (database.schema.task), got ${parts.length}.`);
    const name = parts[parts.length - 1];
    const schema = parts.length >= 2 ? parts[parts.length - 2] : this.context.schema;
    const database = parts.length === 3 ? parts[0] : this.context.database;
    if (database === undefined) throw noCurrentContainer('database', statement);
    if (schema === undefined) throw noCurrentContainer('schema', statement);
    return { database, schema, name };
  }

  nameList(statement: string): QualifiedName[] {
    const names = [this.name(statement)];
    while (this.acceptOp(',')) names.push(this.name(statement));
    return names;
  }

  identifierList(what: string): string[] {
    const names = [this.parts(what).join('.')];
    while (this.acceptOp(',')) names.push(this.parts(what).join('.'));
    return names;
  }

  /** True at the end or at a SHOW TASKS clause keyword, i.e. where an optional container name is absent. */
  private atShowClause(): boolean {
    return this.done() || ['STARTS', 'ROOT', 'LIMIT'].some((word) => this.atWord(word));
  }

  /** IN DATABASE [<db>]: the named database or the current one. */
  containerDatabase(): string {
    if (!this.atShowClause()) return this.identifier('IN DATABASE');
    if (this.context.database === undefined) throw noCurrentContainer('database', 'SHOW TASKS IN DATABASE');
    return this.context.database;
  }

  /** IN SCHEMA [[<db>.]<schema>]. */
  containerSchema(): { database: string; schema: string } {
    const parts = this.atShowClause() ? [] : this.parts('IN SCHEMA');
    const schema = parts.length > 0 ? parts[parts.length - 1] : this.context.schema;
    const database = parts.length === 2 ? parts[0] : this.context.database;
    if (database === undefined) throw noCurrentContainer('database', 'SHOW TASKS IN SCHEMA');
    if (schema === undefined) throw noCurrentContainer('schema', 'SHOW TASKS IN SCHEMA');
    return { database, schema };
  }

  defaultShowScope(): ShowTasksScope {
    const { database, schema } = this.context;
    if (database !== undefined && schema !== undefined) return { kind: 'schema', database, schema };
    if (database !== undefined) return { kind: 'database', database };
    return { kind: 'account' };
  }

  string(what: string): string {
    const token = this.peek();
    if (token?.kind !== 'string') throw this.error(`expected a string literal ('...' or $$...$$) for ${what}.`);
    this.pos++;
    return token.value;
  }

  stringOrWord(what: string): string {
    const token = this.peek();
    if (token?.kind === 'word') {
      this.pos++;
      return token.text;
    }
    return this.string(what);
  }

  boolean(what: string): boolean {
    const token = this.peek();
    const text = token?.kind === 'word' || token?.kind === 'string' ? token.value.toUpperCase() : '';
    if (text !== 'TRUE' && text !== 'FALSE') throw this.error(`expected TRUE or FALSE for ${what}.`);
    this.pos++;
    return text === 'TRUE';
  }

  integer(what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const token = this.peek();
    const value = token?.kind === 'number' && /^\d+$/.test(token.text) ? Number(token.text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
      throw this.error(`invalid value for ${what}: expected ${range}.`);
    }
    this.pos++;
    return value;
  }

  /** A session parameter value: string, number or keyword, as text. */
  literalText(what: string): string {
    const token = this.peek();
    if (token?.kind === 'string' || token?.kind === 'number' || token?.kind === 'word') {
      this.pos++;
      return token.value;
    }
    throw this.error(`expected a value for ${what}.`);
  }

  /** `( <tag> = '<value>' [, ...] )`. */
  tagAssignments(): Record<string, string> {
    const tags: Record<string, string> = {};
    const parenthesised = this.acceptOp('(');
    do {
      const tag = this.parts('TAG').join('.');
      this.expectOp('=');
      tags[tag] = this.string(`TAG ${tag}`);
    } while (this.acceptOp(','));
    if (parenthesised) this.expectOp(')');
    return tags;
  }

  /**
   * Source text from here to the first top-level `stopWord` (not inside brackets), exactly as
   * written. Used for WHEN, which ends at AS.
   */
  textUntilWord(stopWord: string, what: string): string {
    const start = this.peek();
    let depth = 0;
    while (!this.done()) {
      const token = this.peek() as Token;
      if (token.kind === 'op' && (token.text === '(' || token.text === '[')) depth++;
      if (token.kind === 'op' && (token.text === ')' || token.text === ']')) depth--;
      if (depth === 0 && token.kind === 'word' && token.text.toUpperCase() === stopWord) break;
      this.pos++;
    }
    const last = this.tokens[this.pos - 1];
    if (!start || start === this.peek()) throw this.errorAt(start, `${what} needs an expression.`);
    return this.sql.slice(start.start, last.end);
  }

  /** The rest of the statement exactly as written (comments inside kept, trailing `;` dropped). */
  rest(what: string): string {
    const start = this.peek();
    const last = this.tokens[this.tokens.length - 1];
    if (!start) throw this.errorAt(undefined, `${what} needs SQL after it.`);
    this.pos = this.tokens.length;
    return this.sql.slice(start.start, last.end);
  }
}
