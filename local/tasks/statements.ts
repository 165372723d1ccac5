/**
 * Parser for the task statements the Terraform provider (`snowflake_task`, provider 2.x) and
 * people issue: CREATE [OR REPLACE | OR ALTER] TASK, ALTER TASK, DROP TASK, EXECUTE TASK,
 * SHOW TASKS and DESCRIBE TASK. Works on the engine's tokens, so `;`, `AS` or quotes inside a
 * string, `$$` body or quoted identifier are never mistaken for syntax. The WHEN expression and
 * the AS body are kept exactly as written: the engine runs them later.
 */
import { Cursor } from '../engine/cursor';
import { SnowflakeError, UnsupportedSqlError } from '../engine/errors';
import { NameContext, QualifiedName, ShowFilter, objectName, parseShowFilter } from '../engine/names';
import { Token, tokenize } from '../engine/tokenizer';
import { parseSchedule, TaskSchedule } from './schedule';

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

/**
 * `SHOW [TERSE] TASKS [LIKE '<pattern>'] [IN ACCOUNT | DATABASE [<d>] | [SCHEMA] [<s>]] [STARTS WITH '<p>'] [ROOT ONLY] [LIMIT <n> [FROM '<name>']]`;
 * without IN, the current database (the account when there is none), as every SHOW of schema objects.
 */
export interface ShowTasksStatement extends ShowFilter {
  readonly kind: 'show';
  readonly terse: boolean;
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
  const cursor = new Cursor(tokenize(sql), sql);
  const verbToken = cursor.peek();
  const verb = cursor.word();
  switch (verb) {
    case 'CREATE':
      return parseCreate(cursor, context);
    case 'ALTER':
      cursor.expect('TASK');
      return parseAlter(cursor, context);
    case 'DROP': {
      cursor.expect('TASK');
      const ifExists = cursor.accept('IF', 'EXISTS');
      const name = objectName(cursor, context, 'DROP TASK');
      cursor.end();
      return { kind: 'drop', ifExists, name };
    }
    case 'EXECUTE': {
      cursor.expect('TASK');
      const name = objectName(cursor, context, 'EXECUTE TASK');
      if (cursor.at('RETRY') || cursor.at('USING')) {
        const clause = cursor.at('RETRY') ? 'EXECUTE TASK ... RETRY LAST' : 'EXECUTE TASK ... USING CONFIG';
        throw new UnsupportedSqlError(
          clause,
          cursor.peek() ?? cursor.endPosition(),
          'Run the task again with EXECUTE TASK <name>.',
        );
      }
      cursor.end();
      return { kind: 'execute', name };
    }
    case 'SHOW':
      return parseShow(cursor, context);
    case 'DESC':
    case 'DESCRIBE': {
      cursor.expect('TASK');
      const name = objectName(cursor, context, 'DESCRIBE TASK');
      cursor.end();
      return { kind: 'describe', name };
    }
    default:
      throw cursor.error('not a task statement (CREATE/ALTER/DROP/EXECUTE/DESCRIBE TASK, SHOW TASKS)', verbToken);
  }
}

function parseCreate(cursor: Cursor, context: NameContext): CreateTaskStatement {
  let orReplace = false;
  let orAlter = false;
  if (cursor.accept('OR')) {
    orAlter = cursor.accept('ALTER');
    if (!orAlter) {
      cursor.expect('REPLACE');
      orReplace = true;
    }
  }
  cursor.expect('TASK');
  const ifNotExists = cursor.accept('IF', 'NOT', 'EXISTS');
  if (ifNotExists && (orReplace || orAlter)) {
    throw cursor.error(`OR ${orReplace ? 'REPLACE' : 'ALTER'} and IF NOT EXISTS cannot be combined; use one of them`);
  }
  const name = objectName(cursor, context, 'CREATE TASK');
  const properties = parseProperties(cursor, context, 'create', ['AFTER', 'WHEN', 'AS']);
  const after = cursor.accept('AFTER') ? nameList(cursor, context, 'AFTER') : [];
  const when = cursor.accept('WHEN') ? cursor.textUntil('AS', 'WHEN') : undefined;
  cursor.expect('AS');
  const body = cursor.rest('AS');
  return { kind: 'create', orReplace, orAlter, ifNotExists, name, properties, after, ...(when !== undefined && { when }), body };
}

function parseAlter(cursor: Cursor, context: NameContext): AlterTaskStatement {
  const ifExists = cursor.accept('IF', 'EXISTS');
  const name = objectName(cursor, context, 'ALTER TASK');
  const action = parseAlterAction(cursor, context);
  cursor.end();
  return { kind: 'alter', ifExists, name, action };
}

const ALTER_ACTIONS =
  'RESUME, SUSPEND, SET <property> = <value> ..., UNSET <property> [, ...], ADD AFTER <task>, REMOVE AFTER <task>, ' +
  'SET FINALIZE = <root>, UNSET FINALIZE, MODIFY AS <sql>, MODIFY WHEN <expr>, REMOVE WHEN, SET TAG, UNSET TAG';

function parseAlterAction(cursor: Cursor, context: NameContext): AlterTaskAction {
  const wordToken = cursor.peek();
  const word = cursor.word();
  switch (word) {
    case 'RESUME':
      return { kind: 'resume' };
    case 'SUSPEND':
      return { kind: 'suspend' };
    case 'ADD':
    case 'REMOVE':
      if (word === 'REMOVE' && cursor.accept('WHEN')) return { kind: 'removeWhen' };
      cursor.expect('AFTER');
      return { kind: word === 'ADD' ? 'addAfter' : 'removeAfter', tasks: nameList(cursor, context, 'AFTER') };
    case 'MODIFY':
      if (cursor.accept('AS')) return { kind: 'modifyAs', body: cursor.rest('MODIFY AS') };
      cursor.expect('WHEN');
      return { kind: 'modifyWhen', when: cursor.rest('MODIFY WHEN') };
    case 'SET':
      if (cursor.accept('TAG')) return { kind: 'setTags', tags: tagAssignments(cursor) };
      if (cursor.accept('FINALIZE')) {
        cursor.expect('=');
        return { kind: 'setFinalize', root: objectName(cursor, context, 'SET FINALIZE') };
      }
      return { kind: 'set', properties: parseProperties(cursor, context, 'set', []) };
    case 'UNSET':
      if (cursor.accept('TAG')) return { kind: 'unsetTags', names: identifierList(cursor, 'UNSET TAG') };
      if (cursor.accept('FINALIZE')) return { kind: 'unsetFinalize' };
      return { kind: 'unset', names: parseUnsetNames(cursor) };
    default:
      throw cursor.error(`not an ALTER TASK action. Supported actions: ${ALTER_ACTIONS}`, wordToken);
  }
}

function parseUnsetNames(cursor: Cursor): string[] {
  const names: string[] = [];
  do {
    const token = cursor.peek();
    const name = cursor.word();
    if (name === 'FINALIZE') throw cursor.error('UNSET FINALIZE must be on its own (ALTER TASK <name> UNSET FINALIZE)', token);
    if (!isSupportedProperty(name)) throw unknownProperty(name, token);
    names.push(name);
  } while (cursor.accept(','));
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
function parseProperties(cursor: Cursor, context: NameContext, mode: 'create' | 'set', stopWords: readonly string[]): TaskProperties {
  const properties: Mutable<TaskProperties> = {};
  const sessionParameters: Record<string, string> = {};
  const seen = new Set<string>();
  while (!cursor.done() && !stopWords.some((w) => cursor.at(w))) {
    const token = cursor.peek();
    const name = cursor.word();
    if (mode === 'create' && (name === 'TAG' || (name === 'WITH' && cursor.accept('TAG')))) {
      properties.tags = tagAssignments(cursor);
      continue;
    }
    if (seen.has(name)) throw cursor.error(`property ${name} is given more than once; keep one`, token);
    seen.add(name);
    if (!isSupportedProperty(name) || (mode === 'set' && name === 'FINALIZE')) throw unknownProperty(name, token);
    cursor.expect('=');
    if (TASK_SESSION_PARAMETERS.includes(name)) {
      sessionParameters[name] = cursor.literalText(name);
      continue;
    }
    assignProperty(cursor, context, properties, name as TaskPropertyName);
  }
  if (Object.keys(sessionParameters).length > 0) properties.sessionParameters = sessionParameters;
  if (properties.warehouse !== undefined && properties.userTaskManagedInitialWarehouseSize !== undefined) {
    throw cursor.error(
      'WAREHOUSE and USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE cannot both be set: the size applies to serverless tasks only. Keep one.',
    );
  }
  return properties;
}

function assignProperty(cursor: Cursor, context: NameContext, properties: Mutable<TaskProperties>, name: TaskPropertyName): void {
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
      properties.finalize = objectName(cursor, context, 'FINALIZE');
      return;
    case 'USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE': {
      const token = cursor.peek();
      const size = cursor.stringOrWord(name).toUpperCase();
      if (!WAREHOUSE_SIZES.includes(size.replace(/-/g, ''))) {
        throw cursor.error(`invalid value '${size}' for ${name}; allowed: ${WAREHOUSE_SIZES.join(', ')}`, token);
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
        throw cursor.error(`CONFIG must be a JSON object such as $${'{"env": "local"}'}$$ (got ${config})`, token);
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

function parseShow(cursor: Cursor, context: NameContext): ShowTasksStatement {
  const terse = cursor.accept('TERSE');
  cursor.expect('TASKS');
  const filter = parseShowFilter(cursor, context, ['STARTS', 'ROOT', 'LIMIT']);
  const startsWith = cursor.accept('STARTS', 'WITH') ? cursor.string('STARTS WITH') : undefined;
  const rootOnly = cursor.accept('ROOT', 'ONLY');
  let limit: number | undefined;
  let limitFrom: string | undefined;
  if (cursor.accept('LIMIT')) {
    limit = cursor.integer('LIMIT', 1);
    if (cursor.accept('FROM')) limitFrom = cursor.string('LIMIT ... FROM');
  }
  cursor.end();
  return {
    kind: 'show',
    terse,
    rootOnly,
    ...filter,
    ...(startsWith !== undefined && { startsWith }),
    ...(limit !== undefined && { limit }),
    ...(limitFrom !== undefined && { limitFrom }),
  };
}

function nameList(cursor: Cursor, context: NameContext, statement: string): QualifiedName[] {
  const names = [objectName(cursor, context, statement)];
  while (cursor.accept(',')) names.push(objectName(cursor, context, statement));
  return names;
}

function identifierList(cursor: Cursor, what: string): string[] {
  const names = [cursor.parts(what).join('.')];
  while (cursor.accept(',')) names.push(cursor.parts(what).join('.'));
  return names;
}

/** `( <tag> = '<value>' [, ...] )`. */
function tagAssignments(cursor: Cursor): Record<string, string> {
  const tags: Record<string, string> = {};
  const parenthesised = cursor.accept('(');
  do {
    const tag = cursor.parts('TAG').join('.');
    cursor.expect('=');
    tags[tag] = cursor.string(`TAG ${tag}`);
  } while (cursor.accept(','));
  if (parenthesised) cursor.expect(')');
  return tags;
}
