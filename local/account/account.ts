/**
 * A local Snowflake account: the SQL engine plus users, sessions, roles, grants and an audit log.
 * Every statement runs in a session as its current role and is authorized the way Snowflake
 * authorizes it before the engine runs it; every statement, allowed or refused, is audited.
 *
 * Objects a role cannot see are reported as Snowflake does, "does not exist or not
 * authorized" (002003); objects it sees but may not change give 003001.
 */
import { isUtf8 } from 'node:buffer';
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEngine, BindValue, ExecuteResult } from '../engine/engine';
import { ObjectReference, TranslatedStatement, TranslationContext, translateStatement, withContainer } from '../engine/dialect';
import { SnowflakeError } from '../engine/errors';
import { RecentMap } from '../engine/recent';
import { Statement, splitStatements, sqlLiteral, tokenize } from '../engine/tokenizer';
import { AccessControl, AccessControlSnapshot, ObjectKind, ObjectRef } from '../security/access-control';
import { AccountObject, SecurityExecutor } from '../security/executor';
import { canonical, parseSecurityStatement } from '../security/statements';
import { NameContext, QualifiedName, resolveName, showFilter } from '../engine/names';
import { FileFormatDefinition, ManagedObject, ManagedStatement, StreamDefinition, alteredStage, nameParts, parseManagedStatement, qualifiedText } from './objects';
import { CopySource, PlainFile, StageStatement, StageStore, StagedFile, conversionError, copyBufferColumns, copyBufferRow, copySelect, copySource, duckSource, md5, parseFile, parseStageStatement, plainFile, rejectUnconverted } from './stages';
import { STREAM_SETUP, advanceStreamSql, appendOnlyEndSql, createStreamSql, dropStreamSql, followTableSql, hasDataSql, snapshotColumnsSql, streamHasDataSql } from './streams';
import { appendJsonLine, openJsonLinesFile } from './json-lines';
import { TaskService } from './task-service';
import { ACCOUNT_USAGE, ACCOUNT_USAGE_SETUP, AuditRecord, IMPORTED_PRIVILEGES, auditLogView, redactSecrets, taskHistoryView, LoginEvent, ObjectAccess, columnsRead, loginRow, policyReferences } from './account-usage';
import { GetDdlStatement, parseGetDdl, policyDdl, tableDdl } from './ddl';
import { InlineRowAccess, PolicyAttachments, PolicyDefinition, PolicyStatement, parseInlineRowAccess, maskedColumn, parsePolicyStatement, protectedSelect, rowAccessCondition } from './policies';
import { isTaskStatement } from '../tasks/statements';
import { constantCondition } from '../tasks/conditions';
import type { GraphRunResult, RunGraphOptions, WhenOutcome } from '../tasks/runner';

export interface Session {
  readonly id: string;
  readonly user: string;
  role: string;
  database?: string;
  schema?: string;
  warehouse?: string;
  queryTag?: string;
  /** A SELECT returns its rows unconverted (`deferred`), for a caller that streams them. */
  readonly deferRows?: boolean;
}

export interface StatementResult extends Omit<ExecuteResult, 'context'> {
  readonly queryId: string;
  /**
   * For a Snowflake Scripting block: rows its INSERT, UPDATE, DELETE, MERGE and COPY statements
   * wrote, together (the block itself answers one row, like Snowflake's). What a task body that is
   * a block reports as its rows.
   */
  readonly rowsWritten?: number;
}

const WRITES_ROWS: ReadonlySet<string> = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

const SYSTEM = 'sf_system';
const SYSTEM_SETUP = [
  `CREATE SCHEMA IF NOT EXISTS ${SYSTEM}`,
  `CREATE TABLE IF NOT EXISTS ${SYSTEM}.state (key VARCHAR PRIMARY KEY, value JSON NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${SYSTEM}.load_history (
     table_name VARCHAR NOT NULL, file_name VARCHAR NOT NULL, md5 VARCHAR NOT NULL, last_load_time TIMESTAMPTZ NOT NULL, status VARCHAR NOT NULL,
     row_parsed BIGINT NOT NULL, row_count BIGINT NOT NULL, error_count BIGINT NOT NULL, first_error_message VARCHAR, first_error_line_number BIGINT)`,
  `CREATE TABLE IF NOT EXISTS ${SYSTEM}.load_errors (
     table_name VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line_number BIGINT NOT NULL, error VARCHAR NOT NULL, rejected_record VARCHAR NOT NULL,
     load_time TIMESTAMPTZ NOT NULL)`,
  // The COPY's query id (VALIDATE's JOB_ID); accounts from before it have NULL there.
  `ALTER TABLE ${SYSTEM}.load_history ADD COLUMN IF NOT EXISTS job_id VARCHAR`,
  `ALTER TABLE ${SYSTEM}.load_errors ADD COLUMN IF NOT EXISTS job_id VARCHAR`,
  // The column whose value did not convert (VALIDATE's COLUMN_NAME, "TABLE"["COLUMN":position]).
  `ALTER TABLE ${SYSTEM}.load_errors ADD COLUMN IF NOT EXISTS column_name VARCHAR`,
  STREAM_SETUP,
];

/** Moves an audit log kept in a table (accounts before the audit file) into the file. */
async function migrateAuditTable(engine: LocalEngine, file: string): Promise<void> {
  const [kind] = await engine.system(`SELECT table_type FROM information_schema.tables WHERE table_schema = '${SYSTEM}' AND table_name = 'audit_log'`);
  if (kind?.[0] !== 'BASE TABLE') return;
  const exported = `${file}.migrating`;
  await engine.system(`COPY (SELECT * FROM ${SYSTEM}.audit_log ORDER BY start_time) TO ${sqlLiteral(exported)} (FORMAT JSON)`);
  fs.appendFileSync(file, fs.readFileSync(exported));
  fs.rmSync(exported);
  await engine.system(`DROP TABLE ${SYSTEM}.audit_log`);
}

/** Options for opening an account. */
export interface AccountOptions {
  /** Folder holding internal stages. @default `stages/` next to the database file (a temp folder for :memory:) */
  readonly stageRoot?: string;
}

const MANAGED_PRIVILEGE: Readonly<Record<ManagedObject['kind'], string>> = { STAGE: 'CREATE STAGE', 'FILE FORMAT': 'CREATE FILE FORMAT', STREAM: 'CREATE STREAM' };
const DML_CONSUMERS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE_TABLE']);

/** Result columns of the statements the account answers itself. */
const text = (name: string) => ({ name, type: 'TEXT' as const, nullable: true });
const fixed = (name: string) => ({ name, type: 'FIXED' as const, precision: 38, scale: 0, nullable: true });

const NOT_AUTHORIZED = (name: string) => new SnowflakeError('002003', '42S02', `SQL compilation error:\nObject '${name}' does not exist or not authorized.`);
const INSUFFICIENT = (kind: string, name: string) => new SnowflakeError('003001', '42501', `SQL access control error:\nInsufficient privileges to operate on ${kind.toLowerCase()} '${name}'.`);

/** A staged file COPY will load: its bytes as hashed, once. */
interface StagedBytes {
  readonly file: StagedFile;
  readonly bytes: Buffer;
  readonly digest: string;
  /** The name COPY reports: `<stage>/<path>`. */
  readonly stageFile: string;
}

/** What one COPY loads: rows parsed in JavaScript, plain files DuckDB reads itself, and the bookkeeping rows. */
interface CopyLoad {
  readonly format: Pick<FileFormatDefinition, 'type' | 'options'>;
  readonly source: CopySource;
  readonly rows: (string | number | null)[][];
  readonly plain: PlainFile[];
  /** load_history rows without the table name (file, md5, status, parsed, loaded, errors, first error, its line). */
  readonly history: (string | number | null)[][];
  /** load_errors rows without the table name (file, line, error, record, column). */
  readonly errors: (string | number | null)[][];
  readonly results: (string | number | null)[][];
}

/**
 * Decides each file's outcome under ON_ERROR, throwing for ABORT_STATEMENT. With `plainToDuckDB`,
 * plain CSV and NDJSON files (see plainFile) are left to DuckDB's reader; JavaScript parses the rest, so
 * a malformed record is rejected with its exact record number.
 */
function copyLoad(
  copy: Extract<StageStatement, { kind: 'copy' }>,
  format: Pick<FileFormatDefinition, 'type' | 'options'>,
  source: CopySource,
  staged: readonly StagedBytes[],
  plainToDuckDB: boolean,
  unconverted?: ReadonlyMap<string, ReadonlyMap<number, { readonly error: string; readonly column: string }>>,
): CopyLoad {
  const load: CopyLoad = { format, source, rows: [], plain: [], history: [], errors: [], results: [] };
  const outcome = (s: StagedBytes, state: string, parsed: number, loaded: number, rejected: number, first?: { error: string; number: number }) => {
    load.history.push([s.file.name, s.digest, state, parsed, loaded, rejected, first?.error ?? null, first?.number ?? null]);
    load.results.push([s.stageFile, state, parsed, loaded, parsed, rejected, first?.error ?? null, first?.number ?? null]);
  };
  for (const s of staged) {
    const content = s.bytes.toString('utf8');
    // Invalid UTF-8 decodes to replacement characters here, which DuckDB's reader would refuse.
    const records = plainToDuckDB && isUtf8(s.bytes) ? plainFile(s.file, content, format, source) : undefined;
    if (records !== undefined) {
      if (records > 0) load.plain.push({ file: s.file, records });
      outcome(s, 'LOADED', records, records, 0);
      continue;
    }
    const parsed = rejectUnconverted(parseFile(content, format, source.width), unconverted?.get(s.file.name));
    const firstError = parsed.rejected[0];
    if (firstError && copy.onError === 'ABORT_STATEMENT') {
      throw new SnowflakeError('100016', '22000', `${firstError.error}\n  File '${s.stageFile}', line ${firstError.number}\n  Row ${firstError.number} starts at line ${firstError.number}. Use ON_ERROR = CONTINUE to load the other rows.`);
    }
    const skip = firstError !== undefined && copy.onError === 'SKIP_FILE';
    if (!skip) for (const record of parsed.records) load.rows.push(copyBufferRow(source, record, s.file.name));
    const state = skip ? 'LOAD_FAILED' : firstError ? 'PARTIALLY_LOADED' : 'LOADED';
    outcome(s, state, parsed.parsed, skip ? 0 : parsed.records.length, parsed.rejected.length, firstError);
    for (const r of parsed.rejected) load.errors.push([s.file.name, r.number, r.error, r.raw, r.column ?? null]);
  }
  return load;
}

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 32).toString('hex')}`;
}

function passwordMatches(password: string, stored: string | undefined): boolean {
  const [scheme, salt, hash] = stored?.split('$') ?? [];
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'hex'), expected.length), expected);
}

/**
 * Policy SQL (a protected table's subquery, a target's row condition) in DuckDB's dialect,
 * translated apart from the statement that uses it: its lookups run with the policy owner's
 * rights, so they are not the session's reads.
 */
function translatePolicySql(sql: string, context: TranslationContext): string {
  const translated = translateStatement(splitStatements(sql)[0]!, context);
  if (translated.kind !== 'sql') throw new SnowflakeError('000603', 'XX000', `policy SQL did not translate to a query: ${sql}`);
  return translated.sql;
}

/** A view's Snowflake text and the session context it was created in (see refreshViewsReading). */
interface ViewSource {
  readonly text: string;
  readonly role: string;
  readonly user: string;
  readonly database?: string;
  readonly schema?: string;
  /** The tables and views it reads, qualified. */
  readonly reads: readonly string[];
}

const qualifiedName = (ref: Pick<ObjectReference, 'database' | 'schema' | 'name'>) => `${ref.database}.${ref.schema}.${ref.name}`;

export class LocalAccount {
  private readonly security: SecurityExecutor;
  /** Each view's Snowflake text, by qualified name. */
  private readonly viewSources = new Map<string, ViewSource>();

  /** Task definitions, runs and history. */
  tasks!: TaskService;

  private constructor(
    readonly engine: LocalEngine,
    readonly acl: AccessControl,
    private readonly accountObjects: Map<string, AccountObject>,
    private readonly managed: Map<string, ManagedObject>,
    readonly stages: StageStore,
    /** The audit log: one JSON line per statement (see auditLogView). */
    private readonly auditFile: string,
  ) {
    this.security = new SecurityExecutor(
      acl,
      accountObjects,
      {
        exists: (ref) => this.knownObjects.has(`${ref.kind}|${ref.name}`),
        list: (kind: ObjectKind, scopeKind, scope) =>
          [...this.knownObjects]
            .map((k) => k.split('|') as [ObjectKind, string])
            .filter(([k, name]) => k === kind && (scopeKind === 'SCHEMA' ? name.startsWith(`${scope}.`) && name.split('.').length === 3 : name.startsWith(`${scope}.`)))
            .map(([k, name]) => ({ kind: k, name })),
      },
      hashPassword,
    );
  }

  /** Objects that exist, as `KIND|NAME`: loaded once at open, then kept up to date by DDL. */
  private knownObjects = new Set<string>();
  /** Bookkeeping changed by the current statement, written once when it ends. */
  readonly dirty = new Set<'access_control' | 'account_objects' | 'managed_objects' | 'policies' | 'view_sources'>();
  /** Row access and masking policies by qualified name, and what each table has attached. */
  private readonly policies = new Map<string, PolicyDefinition>();
  private readonly attachments = new Map<string, PolicyAttachments>();
  /** Login attempts not yet written to LOGIN_HISTORY (logging in is synchronous; writing is not). */
  private readonly pendingLogins: LoginEvent[] = [];
  /** The columns each running statement read (ACCESS_HISTORY), keyed by its privilege list. */
  private readonly columnReads = new WeakMap<readonly string[], ObjectAccess[]>();
  /** Statements translated recently (see {@link translated}): a tenant graph runs about 170, so room for a dozen graphs and client statements. */
  private readonly translations = new RecentMap<{ readonly translated: TranslatedStatement; readonly reads: ObjectAccess[] }>(2048);
  /** Bumped whenever a policy or an attachment changes; part of every translation's key. */
  private policyVersion = 0;

  static async open(file: string, options: AccountOptions = {}): Promise<LocalAccount> {
    const engine = await LocalEngine.open(file);
    const auditFile = openJsonLinesFile(file, 'audit');
    const taskHistoryFile = openJsonLinesFile(file, 'task_history');
    for (const sql of SYSTEM_SETUP) await engine.system(sql);
    await migrateAuditTable(engine, auditFile);
    for (const sql of [auditLogView(auditFile), ...ACCOUNT_USAGE_SETUP, taskHistoryView(taskHistoryFile)]) await engine.system(sql);
    const stored = new Map((await engine.system(`SELECT key, value FROM ${SYSTEM}.state`)).map(([k, v]) => [String(k), JSON.parse(String(v))]));
    const objects = new Map<string, AccountObject>(((stored.get('account_objects') ?? []) as AccountObject[]).map((o) => [`${o.kind}|${o.name}`, o]));
    const managed = new Map<string, ManagedObject>(((stored.get('managed_objects') ?? []) as ManagedObject[]).map((o) => [managedKey(o.kind, o), o]));
    const stageRoot = options.stageRoot ?? (file === ':memory:' ? path.join(os.tmpdir(), `eyecare-stages-${randomUUID()}`) : path.join(path.dirname(file), 'stages'));
    const account = new LocalAccount(engine, new AccessControl(stored.get('access_control') as AccessControlSnapshot | undefined), objects, managed, new StageStore(stageRoot), auditFile);
    const policies = (stored.get('policies') ?? { definitions: [], attachments: {} }) as { definitions: PolicyDefinition[]; attachments: Record<string, PolicyAttachments> };
    for (const p of policies.definitions) account.policies.set(qualifiedText(p), p);
    for (const [table, a] of Object.entries(policies.attachments)) account.attachments.set(table, a);
    for (const [view, source] of Object.entries((stored.get('view_sources') ?? {}) as Record<string, ViewSource>)) account.viewSources.set(view, source);
    await account.loadKnownObjects();
    account.adoptAccountUsage();
    // State written before POLICY_REFERENCES existed gets its references once.
    if (stored.has('policies') && !('references' in (stored.get('policies') as object))) {
      account.policiesChanged();
    }
    await account.flush();
    account.tasks = await TaskService.open(engine, taskHistoryFile, {
      run: async (sql, as) => {
        const session: Session = { id: `task-${as.queryTag}`, user: 'SYSTEM', role: as.role, database: as.database, schema: as.schema, queryTag: as.queryTag };
        try {
          const result = await account.runStatements(session, sql);
          return { rowCount: result.rowsWritten ?? result.rowCount, queryId: result.queryId };
        } finally {
          // The run's session ends with it: a body that failed inside its transaction leaves nothing open.
          await account.closeSession(session.id);
        }
      },
      evaluate: (expression, as) => account.evaluateCondition({ id: `task-when-${as.queryTag}`, user: 'SYSTEM', role: as.role, database: as.database, schema: as.schema, queryTag: as.queryTag }, expression),
      canOnSchema: (role, privilege, database, schema) => account.acl.can(role, privilege, { kind: 'SCHEMA', name: `${database}.${schema}` }),
      canOperate: (role, task, owner) => account.acl.roleInherits(role, owner) || account.acl.can(role, 'OPERATE', { kind: 'TASK', name: `${task.database}.${task.schema}.${task.name}` }),
      canSee: (role, task) => account.visible(role, { kind: 'TASK', name: `${task.database}.${task.schema}.${task.name}` }),
      onCreated: (task, owner) => {
        const ref: ObjectRef = { kind: 'TASK', name: `${task.database}.${task.schema}.${task.name}` };
        account.acl.objectCreated(ref, owner);
        account.objectAdded(ref);
        account.dirty.add('access_control');
      },
      onDropped: (task) => {
        const ref: ObjectRef = { kind: 'TASK', name: `${task.database}.${task.schema}.${task.name}` };
        account.acl.objectDropped(ref);
        account.objectRemoved(ref);
        account.dirty.add('access_control');
      },
    });
    return account;
  }

  close(): void {
    this.engine.close();
  }

  /** Logs a user in; a wrong password or unknown user is Snowflake's 390100. */
  login(user: string, password: string, clientType = 'EYECARE_LOCAL'): Session {
    const name = user.toUpperCase();
    const record = this.acl.user(name);
    if (!record || record.disabled || !passwordMatches(password, record.passwordHash)) {
      const error = new SnowflakeError('390100', '08004', 'Incorrect username or password was specified.');
      this.pendingLogins.push({ user: name, success: false, clientType, errorCode: error.code, errorMessage: error.message });
      throw error;
    }
    this.pendingLogins.push({ user: name, success: true, clientType });
    return { id: randomUUID(), user: name, role: record.defaultRole ?? 'PUBLIC' };
  }

  /** SNOWFLAKE and its ACCOUNT_USAGE schema belong to ACCOUNTADMIN, as in Snowflake. */
  private adoptAccountUsage(): void {
    for (const ref of [{ kind: 'DATABASE', name: ACCOUNT_USAGE.database }, { kind: 'SCHEMA', name: `${ACCOUNT_USAGE.database}.${ACCOUNT_USAGE.schema}` }] as const) {
      if (this.acl.ownerOf(ref) !== undefined) continue;
      this.acl.objectCreated(ref, 'ACCOUNTADMIN');
      this.dirty.add('access_control');
    }
  }

  /** Writes the login attempts made since the last statement to LOGIN_HISTORY. */
  private async writePendingLogins(): Promise<void> {
    for (const event of this.pendingLogins.splice(0)) {
      const { sql, params } = loginRow(event, randomUUID());
      await this.engine.system(sql, params);
    }
  }

  /** A session for platform tooling (the applier) running as a system role. */
  systemSession(role: string): Session {
    return { id: `system-${role.toLowerCase()}`, user: 'EYECARE_LOCAL_ADMIN', role };
  }

  /** Roles the session's user may switch to with USE ROLE. */
  usableRoles(session: Session): Set<string> {
    if (session.user === 'EYECARE_LOCAL_ADMIN') return new Set(this.acl.listRoles().map((r) => r.name));
    const out = new Set<string>();
    for (const role of this.acl.rolesGrantedToUser(session.user)) for (const r of this.acl.closure(role)) out.add(r);
    return out;
  }

  /**
   * Runs one or more statements in a session and returns the last result. Session changes
   * (USE ..., ALTER SESSION) are applied to `session`.
   */
  async execute(session: Session, sql: string, binds: readonly BindValue[] = []): Promise<StatementResult> {
    // One statement at a time across sessions; a session's explicit transaction keeps its own
    // DuckDB connection between statements (LocalEngine.inSession).
    const run = this.queue.then(() => this.executeNow(session, sql, binds));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private queue: Promise<unknown> = Promise.resolve();
  /** Each session's last COPY that loaded files: VALIDATE's JOB_ID => '_last'. */
  private readonly lastCopyJob = new Map<string, string>();

  /** A session ended (logout, expiry): a transaction it left open is rolled back, as in Snowflake. */
  endSession(sessionId: string): Promise<void> {
    const run = this.queue.then(() => this.closeSession(sessionId));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends a session in the caller's turn of the queue. */
  private async closeSession(sessionId: string): Promise<void> {
    this.openTransactions.delete(sessionId);
    this.lastCopyJob.delete(sessionId);
    await this.engine.endSession(sessionId);
  }

  /** Runs a task graph now, queued like any statement (what `eyecare local run` does); `onTask` sees each task's history row. */
  runTaskGraph(root: { database: string; schema: string; name: string }, options: Pick<RunGraphOptions, 'onTask'> = {}): Promise<GraphRunResult> {
    const run = this.queue.then(() => this.tasks.runGraph(root, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Statements of a task body, run in the caller's turn of the queue (tasks run inside EXECUTE TASK). */
  private runStatements(session: Session, sql: string): Promise<StatementResult> {
    return this.executeNow(session, sql, []);
  }

  /** A WHEN condition: SYSTEM$STREAM_HAS_DATA calls answered here, the rest evaluated by the engine. */
  private async evaluateCondition(session: Session, expression: string): Promise<WhenOutcome> {
    const calls = [...expression.matchAll(/SYSTEM\$STREAM_HAS_DATA\s*\(\s*'([^']+)'\s*\)/gi)];
    const streams = calls.map((call) => call[1]!);
    const answers = await this.streamsHaveData(session, streams);
    let rewritten = expression;
    calls.forEach((call, i) => (rewritten = rewritten.replace(call[0], answers[i] ? 'TRUE' : 'FALSE')));
    const streamsWithoutData = streams.filter((_, i) => !answers[i]);
    const holds = constantCondition(rewritten) ?? (await this.executeNow(session, `SELECT (${rewritten}) AS RESULT`, [])).rows[0]?.[0] === true;
    return { holds, streamsWithoutData, streamsAsked: streams.length };
  }

  private executeNow(session: Session, sql: string, binds: readonly BindValue[]): Promise<StatementResult> {
    return this.engine.inSession(session.id, () => this.executeInSession(session, sql, binds));
  }

  private async executeInSession(session: Session, sql: string, binds: readonly BindValue[]): Promise<StatementResult> {
    let statements: Statement[];
    try {
      statements = splitStatements(sql);
      if (statements.length === 0) throw new SnowflakeError('000900', '42000', 'Empty SQL statement.');
    } catch (error) {
      // Text that does not even split into statements is audited too, as Snowflake logs failed compilations.
      const e = error instanceof SnowflakeError ? error : new SnowflakeError('001003', '42000', error instanceof Error ? error.message : String(error));
      await this.audit(session, randomUUID(), sql, undefined, undefined, e, 0, []);
      throw e;
    }
    let result: StatementResult | undefined;
    let offset = 0;
    for (const statement of statements) {
      const { result: r, bindsUsed } = await this.runAudited(session, statement, binds.slice(offset));
      offset += bindsUsed;
      result = r;
    }
    return result!;
  }

  /** Runs one statement and writes its audit row, whether it succeeds or fails. */
  private async runAudited(session: Session, statement: Statement, binds: readonly BindValue[]): Promise<{ result: StatementResult; bindsUsed: number }> {
    const started = performance.now();
    const queryId = randomUUID();
    const accessed: string[] = [];
    if (this.pendingLogins.length) await this.writePendingLogins();
    try {
      const { result, bindsUsed } = await this.executeOne(session, statement, binds, accessed, queryId).finally(() => this.flush());
      await this.audit(session, queryId, statement.text, result.statementType, result.rowCount, undefined, performance.now() - started, accessed);
      return { result: { ...result, queryId }, bindsUsed };
    } catch (error) {
      const e = error instanceof SnowflakeError ? error : new SnowflakeError('000603', 'XX000', error instanceof Error ? error.message : String(error));
      await this.audit(session, queryId, statement.text, undefined, undefined, e, performance.now() - started, accessed);
      throw e;
    }
  }

  /**
   * `EXECUTE IMMEDIATE $$ BEGIN <statement>; ... END $$`: a Snowflake Scripting block of plain
   * statements (what the pipeline's tasks run), each audited on its own. Variables, loops and
   * branches are not supported locally and fail by name.
   */
  private async executeBlock(session: Session, body: string): Promise<Omit<StatementResult, 'queryId'>> {
    const match = /^\s*BEGIN\b([\s\S]*)\bEND\s*;?\s*$/i.exec(body);
    const inner = match && !/^\s*(TRANSACTION|WORK)\b/i.test(match[1]!) ? match[1]! : body;
    let last: Omit<ExecuteResult, 'context'> = status(STATUS_OK);
    let rowsWritten = 0;
    for (const statement of splitStatements(inner)) {
      const first = statement.text.trim().split(/\s+/)[0]!.toUpperCase();
      if (['DECLARE', 'LET', 'IF', 'FOR', 'WHILE', 'LOOP', 'CASE', 'RETURN', 'EXCEPTION', 'REPEAT'].includes(first)) {
        throw new SnowflakeError('000002', '0A000', `SQL compilation error:\nUnsupported feature 'Snowflake Scripting ${first}' in the local engine: blocks may hold plain statements only.`);
      }
      last = (await this.runAudited(session, statement, [])).result;
      if (WRITES_ROWS.has(String(last.statementType))) rowsWritten += last.rowCount;
    }
    return { ...last, rowsWritten };
  }

  private async executeOne(session: Session, statement: Statement, binds: readonly BindValue[], accessed: string[], queryId: string): Promise<{ result: Omit<ExecuteResult, 'context'>; bindsUsed: number }> {
    const sessionChange = this.sessionStatement(session, statement.text);
    if (sessionChange) return { result: status(sessionChange), bindsUsed: 0 };
    const tokens = tokenize(statement.text);
    if (tokens.length === 3 && /^EXECUTE$/i.test(tokens[0]!.text) && /^IMMEDIATE$/i.test(tokens[1]!.text) && tokens[2]!.kind === 'string') {
      return { result: await this.executeBlock(session, tokens[2]!.value), bindsUsed: 0 };
    }
    // Snowflake runs DDL as a transaction of its own, committing the session's open one first.
    if (this.openTransactions.has(session.id) && IMPLICIT_COMMIT.test(statement.text)) await this.commitOpenTransaction(session);

    if (isTaskStatement(statement.text)) {
      const r = await this.tasks.execute(statement.text, session);
      if (r.rows) {
        const names = Object.keys(r.rows[0] ?? {});
        return {
          result: { columns: names.map((name) => ({ name, type: 'TEXT' as const, nullable: true })), rows: r.rows.map((row) => names.map((n) => row[n] ?? null)), rowCount: r.rows.length, statementType: 'show' },
          bindsUsed: 0,
        };
      }
      return { result: status(r.status ?? STATUS_OK), bindsUsed: 0 };
    }
    const parsedSecurity = parseSecurityStatement(statement.text);
    if (parsedSecurity) {
      const security = parsedSecurity.kind === 'showGrantsOn' ? { ...parsedSecurity, object: { ...parsedSecurity.object, name: this.nameInSession(parsedSecurity.object, session) } } : parsedSecurity;
      const r = this.security.execute(security, session.role);
      if (r.changed) this.dirty.add('access_control').add('account_objects');
      return {
        result: { columns: r.columns.map((c) => ({ ...c, nullable: true })), rows: r.rows, rowCount: r.rows.length, statementType: 'show' },
        bindsUsed: 0,
      };
    }

    const context: TranslationContext = {
      role: session.role,
      user: session.user,
      rolesInSession: [...this.acl.closure(session.role)],
      streamHasData: (name) => {
        const stream = this.readableStream(session, name);
        return { sql: streamHasDataSql(stream), stream };
      },
      ...(session.database !== undefined ? { database: session.database } : {}),
      ...(session.schema !== undefined ? { schema: session.schema } : {}),
      ...(session.warehouse !== undefined ? { warehouse: session.warehouse } : {}),
      ...(session.deferRows ? { deferRows: true } : {}),
    };
    const policy = parsePolicyStatement(statement.text, context, session.role);
    if (policy) return { result: await this.runPolicy(session, policy), bindsUsed: 0 };
    const inline = parseInlineRowAccess(statement.text, context);
    if (inline) return this.createWithRowAccess(session, inline, binds, accessed, queryId);
    const managed = parseManagedStatement(statement.text, context, session.role);
    if (managed) return { result: await this.runManaged(session, managed, accessed), bindsUsed: 0 };
    const staged = parseStageStatement(statement.text, context);
    if (staged) return { result: await this.runStage(session, staged, accessed, queryId), bindsUsed: 0 };
    const ddl = parseGetDdl(statement.text);
    if (ddl) return { result: await this.getDdl(session, ddl), bindsUsed: 0 };

    const { translated, reads } = await this.translated(statement, context);
    await this.authorize(session, translated, accessed);
    this.refuseRenameOfProtected(translated);
    this.columnReads.set(accessed, reads);
    const bindsUsed = translated.kind === 'sql' ? translated.bindCount : 0;
    const informationSchema = translated.kind === 'sql' ? translated.informationSchema : undefined;
    const tasks = translated.kind === 'sql' && translated.readsTaskHistory === true;
    const metered = translated.kind === 'sql' && (translated.databaseRoleCalls?.length ?? 0) > 0;
    const runContext = {
      ...context,
      ...(informationSchema ? { visibleObjects: await this.visibleObjects(session.role, informationSchema, tasks) } : {}),
      // Cortex calls are billed per query: metered under this one (local/engine/cortex-meter.ts).
      ...(metered ? { queryId } : {}),
    };
    const result = await this.runConsumingStreams(withoutShowLimit(translated), binds.slice(0, bindsUsed), runContext, session);
    await this.recordOwnership(session, translated);
    await this.rememberViewSource(translated, context);
    await this.followAlteredTable(translated);
    this.staleStreamsOfReplacedTables(translated);
    await this.detachPoliciesOfReplaced(translated);
    session.database = result.context.database;
    session.schema = result.context.schema;
    const { context: _context, ...rest } = result;
    return { result: await this.filterShow(session, translated, rest), bindsUsed };
  }

  /**
   * The statement translated with its policies, and the columns it reads for ACCESS_HISTORY. Both
   * depend only on the text, the session's role, user and current names, the catalog and the
   * policies, so a task body or client statement seen before under the same ones is answered
   * from a cache instead of being tokenized, translated and resolved again. Authorization is not
   * cached: it runs for every statement.
   */
  private async translated(statement: Statement, context: TranslationContext): Promise<{ translated: TranslatedStatement; reads: ObjectAccess[] }> {
    const key = [this.engine.catalogVersion, this.policyVersion, context.role, context.user, context.database, context.schema, context.warehouse, statement.text].join('\u0000');
    const known = this.translations.get(key);
    // The text is the same; where it sits in the request (for error positions) may not be.
    if (known) return { translated: known.translated.kind === 'sql' ? { ...known.translated, source: statement } : known.translated, reads: known.reads };
    const translated = await this.translateWithPolicies(statement, context);
    const reads = await this.objectsRead(statement.text, translated);
    this.translations.set(key, { translated, reads });
    return { translated, reads };
  }

  /** Records that a policy or attachment changed: saved at the next commit, and no translation made before is used again. */
  private policiesChanged(): void {
    this.policyVersion++;
    this.dirty.add('policies');
  }

  /**
   * Translates a statement; reads of tables with row access or masking policies go through a
   * subquery whose policy bodies are evaluated when it runs, for the session running it (a view
   * over a protected table keeps the subquery, so it answers for each reader).
   */
  private async translateWithPolicies(statement: Statement, context: TranslationContext): Promise<TranslatedStatement> {
    const plain = translateStatement(statement, context);
    if (plain.kind !== 'sql' || this.attachments.size === 0) return plain;
    const substitutions = new Map<string, string>();
    for (const ref of plain.references) {
      const table = qualifiedName(ref);
      // A stream's rows are its table's, under the table's policies (Snowflake applies them to stream reads).
      const stream = this.managed.get(managedKey('STREAM', ref));
      const attached = this.attachments.get(stream?.kind === 'STREAM' ? qualifiedText(stream.table) : table);
      if (ref.access !== 'read' || !attached || substitutions.has(table)) continue;
      const columns = (await this.engine.tableColumns(ref.database, ref.schema, ref.name)).map((c) => c.name);
      const select = protectedSelect(ref, columns, attached, (name) => this.policies.get(name)!);
      substitutions.set(table, translatePolicySql(select, withContainer(context, ref.database, ref.schema)));
    }
    const protectedTarget = plain.references.some((ref) => ref.access === 'write' && this.attachments.has(qualifiedName(ref)));
    if (substitutions.size === 0 && !protectedTarget) return plain;
    const expression = (o: QualifiedName, snowflake: string) => translatePolicySql(`SELECT (${snowflake})`, withContainer(context, o.database, o.schema)).replace(/^SELECT /, '');
    return translateStatement(statement, {
      ...context,
      protectedRelation: (o) => substitutions.get(qualifiedName(o)),
      targetRowAccess: (o, qualifier) => {
        const rowAccess = this.attachments.get(qualifiedName(o))?.rowAccess;
        return rowAccess ? expression(o, rowAccessCondition(o, qualifier, rowAccess, this.policies.get(rowAccess.policy)!)) : undefined;
      },
      targetMasking: (o, qualifier) => {
        const masking = Object.entries(this.attachments.get(qualifiedName(o))?.masking ?? {});
        return new Map(masking.map(([column, policy]) => [column, expression(o, maskedColumn(o, qualifier, column, this.policies.get(policy)!))]));
      },
    });
  }

  private async runPolicy(session: Session, statement: PolicyStatement): Promise<Omit<ExecuteResult, 'context'>> {
    const role = session.role;
    if (statement.kind === 'show') {
      const rows = [...this.policies.values()]
        .filter((p) => p.kind === statement.policyKind)
        .filter(showFilter(statement))
        .filter((p) => this.visible(role, { kind: p.kind, name: qualifiedText(p) }))
        .sort((a, b) => qualifiedText(a).localeCompare(qualifiedText(b)))
        .map((p) => [p.name, p.database, p.schema, p.kind, p.owner, p.comment ?? '', `(${p.args.map((a) => `${a.name} ${a.type}`).join(', ')}) RETURNS ${p.returns}`]);
      return { columns: ['name', 'database_name', 'schema_name', 'kind', 'owner', 'comment', 'signature'].map(text), rows, rowCount: rows.length, statementType: 'show' };
    }
    if (statement.kind === 'create') {
      const p = statement.policy;
      const schemaRef: ObjectRef = { kind: 'SCHEMA', name: `${p.database}.${p.schema}` };
      if (!(await this.engine.containerExists(p.database, p.schema)) || !this.visible(role, schemaRef)) throw NOT_AUTHORIZED(schemaRef.name);
      if (!this.acl.can(role, `CREATE ${p.kind}`, schemaRef)) throw INSUFFICIENT('schema', schemaRef.name);
      const key = qualifiedText(p);
      if (this.policies.has(key)) {
        if (statement.ifNotExists) return status(`${p.name} already exists, statement succeeded.`);
        if (!statement.orReplace) throw new SnowflakeError('002002', '42710', `SQL compilation error:\nObject '${key}' already exists.`);
      }
      this.policies.set(key, p);
      this.acl.objectCreated({ kind: p.kind, name: key }, role);
      this.policiesChanged();
      this.dirty.add('access_control');
      // A replaced body reaches the views over the tables it protects.
      await this.refreshViewsReading(new Set([...this.attachments].filter(([, a]) => a.rowAccess?.policy === key || Object.values(a.masking).includes(key)).map(([table]) => table)));
      return status(`${p.kind === 'MASKING POLICY' ? 'Masking' : 'Row access'} policy ${p.name} successfully created.`);
    }
    if (statement.kind === 'drop') {
      const key = qualifiedText(statement.name);
      const p = this.policies.get(key);
      if (!p || p.kind !== statement.policyKind) {
        if (statement.ifExists) return status('Drop statement executed successfully.');
        throw NOT_AUTHORIZED(key);
      }
      if (!this.acl.roleInherits(role, p.owner)) throw INSUFFICIENT(p.kind, key);
      const inUse = [...this.attachments].find(([, a]) => a.rowAccess?.policy === key || Object.values(a.masking).includes(key));
      if (inUse) throw new SnowflakeError('003033', '22000', `SQL compilation error:\nPolicy ${key} is attached to ${inUse[0]}; detach it first.`);
      this.policies.delete(key);
      this.acl.objectDropped({ kind: p.kind, name: key });
      this.policiesChanged();
      this.dirty.add('access_control');
      return status(`${p.name} successfully dropped.`);
    }
    const table = qualifiedText(statement.table);
    if ((await this.engine.objectKind(statement.table.database, statement.table.schema, statement.table.name)) === undefined) throw NOT_AUTHORIZED(table);
    const owner = this.acl.ownerOf({ kind: 'TABLE', name: table }) ?? this.acl.ownerOf({ kind: 'VIEW', name: table });
    if (!(owner && this.acl.roleInherits(role, owner)) && !this.acl.hasAccountPrivilege(role, 'MANAGE GRANTS')) throw INSUFFICIENT('table', table);
    const attached = this.attachments.get(table) ?? { masking: {} };
    const policyName = statement.kind === 'addRowAccess' || statement.kind === 'dropRowAccess' || statement.kind === 'setMasking' ? qualifiedText(statement.policy!) : undefined;
    if (policyName !== undefined && statement.kind !== 'dropRowAccess' && !this.policies.has(policyName)) throw NOT_AUTHORIZED(policyName);
    switch (statement.kind) {
      case 'addRowAccess':
        if (attached.rowAccess) throw new SnowflakeError('003037', '22000', `SQL compilation error:\nTable ${table} already has row access policy ${attached.rowAccess.policy}; a table has at most one.`);
        attached.rowAccess = { policy: policyName!, columns: [...statement.columns] };
        break;
      case 'dropRowAccess':
        if (attached.rowAccess?.policy !== policyName) throw new SnowflakeError('003038', '22000', `SQL compilation error:\nRow access policy ${policyName} is not attached to ${table}.`);
        delete attached.rowAccess;
        break;
      case 'setMasking':
        attached.masking[statement.column] = policyName!;
        break;
      case 'unsetMasking':
        delete attached.masking[statement.column];
        break;
    }
    this.attachments.set(table, attached);
    this.policiesChanged();
    await this.refreshViewsReading(new Set([table]));
    return status(STATUS_OK);
  }

  /**
   * Views translate a protected table's read into its policy subquery when they are created, so a
   * policy attached, detached or replaced later would not reach them (a view created before the
   * policy would read the table unprotected). Each view that reads one of `tables` is translated
   * again from its Snowflake text, in the context it was created in, and replaced in DuckDB; its
   * grants and owner stay, as it is the same Snowflake view.
   */
  private async refreshViewsReading(tables: ReadonlySet<string>): Promise<void> {
    if (tables.size === 0) return;
    for (const [view, source] of this.viewSources) {
      if (!source.reads.some((read) => tables.has(read))) continue;
      const [database, schema, name] = nameParts(view);
      if ((await this.engine.objectKind(database!, schema!, name!)) !== 'VIEW') {
        // Dropped with its schema or database since.
        this.viewSources.delete(view);
        this.dirty.add('view_sources');
        continue;
      }
      const context: TranslationContext = {
        role: source.role,
        user: source.user,
        rolesInSession: [...this.acl.closure(source.role)],
        ...(source.database !== undefined ? { database: source.database } : {}),
        ...(source.schema !== undefined ? { schema: source.schema } : {}),
      };
      const translated = await this.translateWithPolicies(splitStatements(source.text)[0]!, context);
      if (translated.kind !== 'sql') continue;
      await this.engine.system(translated.sql.replace(/^CREATE (?:OR REPLACE )?VIEW(?: IF NOT EXISTS)?/, 'CREATE OR REPLACE VIEW'));
    }
  }

  /** After CREATE VIEW: its Snowflake text and context, to translate it again when a policy on what it reads changes; after DROP VIEW, forgotten. */
  private async rememberViewSource(translated: TranslatedStatement, context: TranslationContext): Promise<void> {
    if (translated.kind !== 'sql') return;
    for (const ref of translated.references) {
      const view = qualifiedName(ref);
      if (ref.action === 'drop' && ref.objectType === 'VIEW' && this.viewSources.delete(view)) this.dirty.add('view_sources');
      if (ref.action !== 'create' || ref.objectType !== 'VIEW') continue;
      // IF NOT EXISTS on an existing view changed nothing.
      if (this.viewSources.has(view) && /\bIF\s+NOT\s+EXISTS\b/i.test(translated.source.text.slice(0, translated.source.text.search(/\bAS\b/i)))) continue;
      if ((await this.engine.objectKind(ref.database, ref.schema, ref.name)) !== 'VIEW') continue;
      const reads = [...new Set(translated.references.filter((r) => r.access === 'read').map(qualifiedName))];
      this.viewSources.set(view, {
        text: translated.source.text,
        role: context.role!,
        user: context.user!,
        reads,
        ...(context.database !== undefined ? { database: context.database } : {}),
        ...(context.schema !== undefined ? { schema: context.schema } : {}),
      });
      this.dirty.add('view_sources');
    }
  }

  /** What ACCESS_HISTORY records for a statement: each table or view it reads, with the columns it names. */
  private async objectsRead(text: string, translated: TranslatedStatement): Promise<ObjectAccess[]> {
    if (translated.kind !== 'sql') return [];
    const out = new Map<string, ObjectAccess>();
    for (const ref of translated.references) {
      const name = qualifiedName(ref);
      if (ref.access !== 'read' || out.has(name) || ref.database === ACCOUNT_USAGE.database || this.managed.has(managedKey('STREAM', ref))) continue;
      // Both lookups are answered from the engine's catalog cache between DDL statements.
      const kind = await this.engine.objectKind(ref.database, ref.schema, ref.name);
      if (!kind) continue;
      const columns = (await this.engine.tableColumns(ref.database, ref.schema, ref.name)).map((c) => c.name);
      out.set(name, { objectDomain: kind === 'VIEW' ? 'View' : 'Table', objectName: name, columns: columnsRead(text, columns).map((columnName) => ({ columnName })) });
    }
    return [...out.values()];
  }

  /**
   * A table or view created with its row access policy: the policy must exist before anything is
   * created, so the object is never readable unprotected. IF NOT EXISTS on an existing object
   * changes nothing (as in Snowflake); OR REPLACE gives the new object the named policy.
   */
  private async createWithRowAccess(session: Session, inline: InlineRowAccess, binds: readonly BindValue[], accessed: string[], queryId: string): Promise<{ result: Omit<ExecuteResult, 'context'>; bindsUsed: number }> {
    const policy = qualifiedText(inline.policy);
    if (this.policies.get(policy)?.kind !== 'ROW ACCESS POLICY') throw NOT_AUTHORIZED(policy);
    const { database, schema, name } = inline.object;
    const existed = (await this.engine.objectKind(database, schema, name)) !== undefined;
    const created = await this.executeOne(session, splitStatements(inline.create)[0]!, binds, accessed, queryId);
    const replaced = /^\s*CREATE\s+OR\s+REPLACE\b/i.test(inline.create);
    if (existed && !replaced) return created;
    if (replaced) delete this.attachments.get(qualifiedText(inline.object))?.rowAccess;
    await this.runPolicy(session, { kind: 'addRowAccess', table: inline.object, policy: inline.policy, columns: inline.columns });
    return created;
  }

  /** Streams a statement reads; a DML statement that reads them advances them when it commits. */
  private async runConsumingStreams(translated: TranslatedStatement, binds: readonly BindValue[], context: TranslationContext, session: Session): Promise<ExecuteResult> {
    const consumed =
      translated.kind === 'sql' && DML_CONSUMERS.has(translated.statementType)
        ? [...new Map(translated.references.filter((r) => r.access === 'read').flatMap((r) => {
            const s = this.managed.get(managedKey('STREAM', r));
            return s?.kind === 'STREAM' ? [[qualifiedText(s), s] as const] : [];
          })).values()]
        : [];
    const verb = transactionVerb(translated);
    const ends = verb === 'COMMIT' || verb === 'ROLLBACK';
    const nothingToDo: ExecuteResult = { ...status(STATUS_OK), statementType: 'TRANSACTION', context };
    const pending = this.openTransactions.get(session.id);
    if (pending) {
      // Inside an explicit transaction every statement sees the same stream contents; the
      // offsets move when the transaction commits, as in Snowflake.
      // Snowflake ignores a BEGIN while a transaction is active.
      if (verb === 'BEGIN') return nothingToDo;
      try {
        if (verb === 'COMMIT') await this.advanceCommitted(pending);
        const result = await this.engine.runStatement(translated, binds, context);
        for (const stream of consumed) {
          if (pending.has(qualifiedText(stream))) continue;
          // Where the stream stood when the transaction first consumed it: what it commits to.
          const [[end] = []] = stream.mode === 'APPEND_ONLY' ? await this.engine.system(appendOnlyEndSql(stream)) : [];
          pending.set(qualifiedText(stream), { stream, ...(end !== undefined ? { nextRow: Number(end) } : {}) });
        }
        return result;
      } finally {
        // A COMMIT that failed ended the transaction too (rolled back).
        if (ends) this.openTransactions.delete(session.id);
      }
    }
    // COMMIT or ROLLBACK with no transaction active does nothing, as in Snowflake.
    if (ends) return nothingToDo;
    if (consumed.length === 0) {
      const result = await this.engine.runStatement(translated, binds, context);
      if (verb === 'BEGIN') this.openTransactions.set(session.id, new Map());
      return result;
    }
    return this.inOwnTransaction(async () => {
      const result = await this.engine.runStatement(translated, binds, context);
      await this.advanceStreams(consumed.map((stream) => ({ stream })));
      return result;
    });
  }

  /** `work` in a transaction of its own: committed when it succeeds, rolled back when it fails. */
  private async inOwnTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.engine.system('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.engine.system('COMMIT');
      return result;
    } catch (error) {
      await this.engine.system('ROLLBACK');
      throw error;
    }
  }

  /** The implicit COMMIT before a DDL statement: what COMMIT does, without a statement of its own. */
  private async commitOpenTransaction(session: Session): Promise<void> {
    try {
      await this.advanceCommitted(this.openTransactions.get(session.id)!);
      await this.engine.system('COMMIT');
    } finally {
      this.openTransactions.delete(session.id);
    }
  }

  /**
   * Before a COMMIT: moves the offsets of the streams the transaction consumed. A transaction a
   * failed statement aborted commits nothing (the engine refuses its COMMIT), so they stay.
   */
  private async advanceCommitted(pending: Map<string, ConsumedStream>): Promise<void> {
    if (!(await this.engine.transactionFailed())) await this.advanceStreamsOrRollBack([...pending.values()]);
  }

  /**
   * Moves the offsets a committing transaction consumed. When another session's commit already
   * moved one (a write conflict), the transaction is rolled back, as a failed COMMIT is in
   * Snowflake, so no row is consumed twice.
   */
  private async advanceStreamsOrRollBack(streams: readonly ConsumedStream[]): Promise<void> {
    try {
      await this.advanceStreams(streams);
    } catch (error) {
      await this.engine.system('ROLLBACK');
      throw error;
    }
  }

  private async advanceStreams(streams: readonly ConsumedStream[]): Promise<void> {
    for (const { stream, nextRow } of streams) {
      const columns = (await this.engine.tableColumns(stream.table.database, stream.table.schema, stream.table.name)).map((c) => c.name);
      for (const sql of advanceStreamSql(stream, columns, nextRow)) await this.engine.system(sql);
    }
  }

  /** Sessions inside an explicit BEGIN ... COMMIT/ROLLBACK, with the streams they consumed. */
  private readonly openTransactions = new Map<string, Map<string, ConsumedStream>>();

  /** The streams on a table. */
  private streamsOn(table: ObjectReference): StreamDefinition[] {
    return [...this.managed.values()].filter((o): o is StreamDefinition => o.kind === 'STREAM' && qualifiedText(o.table) === qualifiedName(table));
  }

  private refuseIfAppendOnlyStreamed(ref: ObjectReference): void {
    for (const o of this.streamsOn(ref)) {
      if (o.mode === 'APPEND_ONLY') {
        throw new SnowflakeError(
          '000002',
          '0A000',
          `SQL compilation error:\nUnsupported feature: ${ref.action.toUpperCase()} on ${qualifiedName(ref)}, which append-only stream ${qualifiedText(o)} tracks by row position in the local engine. Load corrections as new rows instead (RAW tables are append-only by design).`,
        );
      }
    }
  }

  /** A stage, file format or stream named in text, resolved against a database and schema. */
  private managedByName(kind: ManagedObject['kind'], text: string, context: NameContext): ManagedObject | undefined {
    const parts = nameParts(text);
    const [database, schema] = parts.length === 3 ? parts : parts.length === 2 ? [context.database, parts[0]] : [context.database, context.schema];
    return parts.length ? this.managed.get(`${kind}|${database}.${schema}.${parts[parts.length - 1]}`) : undefined;
  }

  /** SYSTEM$STREAM_HAS_DATA: does the stream show any change? */
  async streamHasData(session: Session, name: string): Promise<boolean> {
    const [answer] = await this.streamsHaveData(session, [name]);
    return answer!;
  }

  /** SYSTEM$STREAM_HAS_DATA for each named stream, answered by one query. */
  private async streamsHaveData(session: Session, names: readonly string[]): Promise<boolean[]> {
    if (names.length === 0) return [];
    const [answers] = await this.engine.system(hasDataSql(names.map((name) => this.readableStream(session, name))));
    return answers!.map((value) => value === true);
  }

  /** A stream named in SYSTEM$STREAM_HAS_DATA: one the session's role may see, and not stale. */
  private readableStream(session: Session, name: string): StreamDefinition {
    const stream = this.managedByName('STREAM', name, session);
    if (!stream || stream.kind !== 'STREAM' || !this.visible(session.role, { kind: 'STREAM', name: qualifiedText(stream) })) {
      throw NOT_AUTHORIZED(nameParts(name).join('.'));
    }
    if (stream.stale) throw staleStream(stream);
    return stream;
  }

  private async runManaged(session: Session, statement: ManagedStatement, accessed: string[]): Promise<Omit<ExecuteResult, 'context'>> {
    const role = session.role;
    if (statement.kind === 'show' || statement.kind === 'describe') {
      const objects =
        statement.kind === 'show'
          ? [...this.managed.values()].filter((o) => o.kind === statement.objectKind).filter(showFilter(statement))
          : [this.managed.get(managedKey(statement.objectKind, statement.name))].filter((o) => o !== undefined);
      const rows = objects
        .filter((o) => this.visible(role, { kind: o.kind, name: qualifiedText(o) }))
        .sort((a, b) => qualifiedText(a).localeCompare(qualifiedText(b)))
        .map((o) => [o.createdOn, o.name, o.database, o.schema, o.owner, o.comment ?? '', describeManaged(o)]);
      if (statement.kind === 'describe' && rows.length === 0) throw NOT_AUTHORIZED(qualifiedText(statement.name));
      return { columns: ['created_on', 'name', 'database_name', 'schema_name', 'owner', 'comment', 'details'].map(text), rows, rowCount: rows.length, statementType: 'show' };
    }
    if (statement.kind === 'alterStage') {
      const key = managedKey('STAGE', statement.name);
      const existing = this.managed.get(key);
      if (existing?.kind !== 'STAGE') {
        if (statement.ifExists) return status(STATUS_OK);
        throw NOT_AUTHORIZED(qualifiedText(statement.name));
      }
      if (!this.acl.roleInherits(role, existing.owner)) throw INSUFFICIENT(existing.kind, qualifiedText(existing));
      this.managed.set(key, alteredStage(existing, statement.options));
      this.dirty.add('managed_objects');
      return status(STATUS_OK);
    }
    if (statement.kind === 'drop') {
      const key = managedKey(statement.objectKind, statement.name);
      const existing = this.managed.get(key);
      if (!existing) {
        if (statement.ifExists) return status('Drop statement executed successfully.');
        throw NOT_AUTHORIZED(qualifiedText(statement.name));
      }
      if (!this.acl.roleInherits(role, existing.owner)) throw INSUFFICIENT(existing.kind, qualifiedText(existing));
      if (existing.kind === 'STREAM') for (const sql of dropStreamSql(existing)) await this.engine.system(sql);
      if (existing.kind === 'STAGE') this.stages.drop(existing);
      this.managed.delete(key);
      this.acl.objectDropped({ kind: existing.kind, name: qualifiedText(existing) });
      this.objectRemoved({ kind: existing.kind, name: qualifiedText(existing) });
      this.dirty.add('managed_objects').add('access_control');
      return status(`${existing.name} successfully dropped.`);
    }
    const object = statement.object;
    const schemaRef: ObjectRef = { kind: 'SCHEMA', name: `${object.database}.${object.schema}` };
    if (!(await this.engine.containerExists(object.database, object.schema))) throw new SnowflakeError('002003', '02000', `SQL compilation error:\nSchema '${schemaRef.name}' does not exist or not authorized.`);
    if (!this.visible(role, { kind: 'DATABASE', name: object.database }) || !this.visible(role, schemaRef)) throw NOT_AUTHORIZED(schemaRef.name);
    if (!this.acl.can(role, MANAGED_PRIVILEGE[object.kind], schemaRef)) throw INSUFFICIENT('schema', schemaRef.name);
    const key = managedKey(object.kind, object);
    if (this.managed.has(key)) {
      if (statement.ifNotExists) return status(`${object.name} already exists, statement succeeded.`);
      if (!statement.orReplace) throw new SnowflakeError('002002', '42710', `SQL compilation error:\nObject '${qualifiedText(object)}' already exists.`);
    }
    if (object.kind === 'STREAM') {
      const table = object.table;
      const tableKind = await this.engine.objectKind(table.database, table.schema, table.name);
      if (tableKind !== 'TABLE') throw NOT_AUTHORIZED(qualifiedText(table));
      if (!this.acl.canOnSchemaObject(role, 'SELECT', { kind: 'TABLE', name: qualifiedText(table) })) throw INSUFFICIENT('table', qualifiedText(table));
      const columns = (await this.engine.tableColumns(table.database, table.schema, table.name)).map((c) => c.name);
      for (const sql of createStreamSql(object, statement.showInitialRows, columns)) await this.engine.system(sql);
      accessed.push(`SELECT:${qualifiedText(table)}`);
    }
    this.managed.set(key, object);
    this.acl.objectCreated({ kind: object.kind, name: qualifiedText(object) }, role);
    this.objectAdded({ kind: object.kind, name: qualifiedText(object) });
    this.dirty.add('managed_objects').add('access_control');
    return status(`${object.kind === 'FILE FORMAT' ? 'File format' : object.kind === 'STAGE' ? 'Stage area' : 'Stream'} ${object.name} successfully created.`);
  }

  private requireStage(role: string, stage: QualifiedName, privilege: 'READ' | 'WRITE'): void {
    const definition = this.managed.get(managedKey('STAGE', stage));
    const ref: ObjectRef = { kind: 'STAGE', name: qualifiedText(stage) };
    if (!definition || !this.visible(role, ref)) throw new SnowflakeError('002003', '02000', `SQL compilation error:\nStage '${qualifiedText(stage)}' does not exist or not authorized.`);
    if (!this.acl.canOnSchemaObject(role, privilege, ref) && !this.acl.roleInherits(role, definition.owner)) throw INSUFFICIENT('stage', ref.name);
  }

  private async runStage(session: Session, statement: StageStatement, accessed: string[], queryId: string): Promise<Omit<ExecuteResult, 'context'>> {
    switch (statement.kind) {
      case 'validate':
        return this.validateCopy(session, statement);
      case 'put': {
        this.requireStage(session.role, statement.target.stage, 'WRITE');
        const put = this.stages.put(statement.source, statement.target, statement.overwrite);
        accessed.push(`WRITE:${qualifiedText(statement.target.stage)}`);
        return { columns: [text('source'), text('target'), fixed('source_size'), fixed('target_size'), text('status')], rows: put.map((r) => [r.source, r.target, r.size, r.size, r.status]), rowCount: put.length, statementType: 'show' };
      }
      case 'list':
      case 'remove': {
        this.requireStage(session.role, statement.target.stage, statement.kind === 'list' ? 'READ' : 'WRITE');
        if (statement.kind === 'remove') {
          const removed = this.stages.remove(statement.target, statement.pattern);
          return { columns: [text('name'), text('result')], rows: removed.map((n) => [n, 'removed']), rowCount: removed.length, statementType: 'show' };
        }
        const files = this.stages.list(statement.target, statement.pattern);
        return {
          columns: [text('name'), fixed('size'), text('md5'), text('last_modified')],
          rows: files.map((f) => [`${statement.target.stage.name.toLowerCase()}/${f.name}`, f.size, md5(f.bytes()), f.lastModified.toUTCString()]),
          rowCount: files.length,
          statementType: 'show',
        };
      }
      case 'copy':
        return this.copyInto(session, statement, accessed, queryId);
    }
  }

  /**
   * A COPY's rejected records with their reasons, as Snowflake's VALIDATE table function returns
   * them. They are the export's raw text, PHI and all, with no masking: only roles that may load
   * the table (INSERT) read them. The local engine keeps no character position, byte offset, error
   * category or column of an error; those columns are NULL.
   */
  private async validateCopy(session: Session, validate: Extract<StageStatement, { kind: 'validate' }>): Promise<Omit<ExecuteResult, 'context'>> {
    const tableName = qualifiedText(validate.table);
    const tableRef: ObjectRef = { kind: 'TABLE', name: tableName };
    if ((await this.engine.objectKind(validate.table.database, validate.table.schema, validate.table.name)) !== 'TABLE' || !this.visible(session.role, tableRef)) throw NOT_AUTHORIZED(tableName);
    if (!this.acl.canOnSchemaObject(session.role, 'INSERT', tableRef)) throw INSUFFICIENT('table', tableName);
    const jobId = validate.jobId === '_last' ? this.lastCopyJob.get(session.id) : validate.jobId;
    const loaded = jobId === undefined ? [] : await this.engine.system(`SELECT 1 FROM ${SYSTEM}.load_history WHERE table_name = $1 AND job_id = $2 LIMIT 1`, [tableName, jobId]);
    if (loaded.length === 0) {
      throw new SnowflakeError(
        '002003',
        '22023',
        validate.jobId === '_last'
          ? `Invalid argument JOB_ID => '_last': no COPY INTO ${tableName} has loaded a file in this session. Pass the query id of the COPY INTO ${tableName} whose rejects you want.`
          : `Invalid argument JOB_ID => '${validate.jobId}': no COPY INTO ${tableName} with that query id loaded a file. Pass the query id a COPY INTO ${tableName} returned, or '_last' in the session that ran it.`,
      );
    }
    const rejects = await this.engine.system(
      `SELECT error, file_name, line_number, rejected_record, column_name FROM ${SYSTEM}.load_errors WHERE table_name = $1 AND job_id = $2 ORDER BY file_name, line_number`,
      [tableName, jobId!],
    );
    const names = ['ERROR', 'FILE', 'LINE', 'CHARACTER', 'BYTE_OFFSET', 'CATEGORY', 'CODE', 'SQL_STATE', 'COLUMN_NAME', 'ROW_NUMBER', 'ROW_START_LINE', 'REJECTED_RECORD'];
    const numeric = new Set(['LINE', 'CHARACTER', 'BYTE_OFFSET', 'ROW_NUMBER', 'ROW_START_LINE']);
    return {
      columns: names.map((name) => (numeric.has(name) ? fixed(name) : text(name))),
      rows: rejects.map(([error, file, line, record, column]) => [error, file, Number(line), null, null, null, null, null, column, Number(line), Number(line), record]),
      rowCount: rejects.length,
      statementType: 'SELECT',
    };
  }

  /** COPY INTO <table> FROM @stage: load metadata, ON_ERROR, and rejected records kept with their reason. */
  private async copyInto(session: Session, copy: Extract<StageStatement, { kind: 'copy' }>, accessed: string[], jobId: string): Promise<Omit<ExecuteResult, 'context'>> {
    const role = session.role;
    const table = copy.table;
    const tableName = qualifiedText(table);
    if ((await this.engine.objectKind(table.database, table.schema, table.name)) !== 'TABLE') throw NOT_AUTHORIZED(tableName);
    const tableRef: ObjectRef = { kind: 'TABLE', name: tableName };
    if (!this.visible(role, tableRef)) throw NOT_AUTHORIZED(tableName);
    if (!this.acl.canOnSchemaObject(role, 'INSERT', tableRef)) throw INSUFFICIENT('table', tableName);
    this.requireStage(role, copy.source.stage, 'READ');
    const format = this.fileFormatFor(session, copy);
    accessed.push(`INSERT:${tableName}`, `READ:${qualifiedText(copy.source.stage)}`);

    const tableColumns = await this.engine.tableColumns(table.database, table.schema, table.name);
    const columns = copy.columns ?? tableColumns.map((c) => c.name);
    for (const c of columns) if (!tableColumns.some((t) => t.name === c)) throw new SnowflakeError('000904', '42000', `SQL compilation error:\nerror line 0 at position -1\ninvalid identifier '${c}'`);
    if (format.type === 'JSON' && !copy.expressions && !copy.matchByColumnName) {
      throw new SnowflakeError('002023', '22000', 'SQL compilation error:\nJSON file format can produce one and only one column of type variant, object, or array. Use MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE or a transformation (SELECT $1:field ...).');
    }

    let files = this.stages.list(copy.source, copy.pattern);
    if (copy.files) {
      const wanted = new Set(copy.files.map((f) => (copy.source.path ? `${copy.source.path.replace(/\/$/, '')}/${f}` : f)));
      files = files.filter((f) => wanted.has(f.name));
    }
    const loaded = new Set(
      (await this.engine.system(`SELECT file_name, md5 FROM ${SYSTEM}.load_history WHERE table_name = $1 AND status <> 'LOAD_FAILED'`, [tableName])).map(([f, m]) => `${String(f)}|${String(m)}`),
    );
    const scanTime = new Date().toISOString().replace('T', ' ').replace('Z', '');
    const source = copySource(format, copy.expressions ?? columns.map((c, k) => (format.type === 'JSON' ? { kind: 'column' as const, index: 1, jsonPath: [c.toLowerCase()] } : { kind: 'column' as const, index: k + 1 })));
    const staged: StagedBytes[] = [];
    for (const file of files) {
      const bytes = file.bytes();
      const digest = md5(bytes);
      if (copy.force || !loaded.has(`${file.name}|${digest}`)) staged.push({ file, bytes, digest, stageFile: `${copy.source.stage.name.toLowerCase()}/${file.name}` });
    }
    const target = { table, columns, select: copySelect(source, scanTime), jobId };
    // Source values bound for typed columns: a value that does not convert rejects its record.
    const typed = target.select.flatMap((value, j) => {
      const position = tableColumns.findIndex((t) => t.name === columns[j]);
      const type = tableColumns[position]?.type;
      return source.expressions[j]?.kind !== 'column' || value === 'NULL' || type === undefined || type === 'VARCHAR' ? [] : [{ value, type, column: `"${table.name}"["${columns[j]}":${position + 1}]` }];
    });
    // Inside the session's explicit transaction the load is part of it (rolled back with it), and
    // JavaScript parses every file: a file DuckDB's reader refused would abort that transaction.
    const own = !this.openTransactions.has(session.id);
    if (copy.purge && !own) {
      // A rollback would take the rows back but not bring the removed files back.
      throw new SnowflakeError('000002', '0A000', "SQL compilation error:\nUnsupported feature 'COPY INTO ... PURGE = TRUE inside an explicit transaction' in the local engine: run the COPY outside the transaction, or without PURGE and REMOVE the files after COMMIT.");
    }
    let load = typed.length === 0 ? copyLoad(copy, format, source, staged, own) : await this.typedCopyLoad(copy, format, source, staged, typed);
    try {
      await this.runCopyLoad(target, tableName, load, own);
    } catch (error) {
      if (load.plain.length === 0 || error instanceof SnowflakeError) throw error;
      // DuckDB's reader refused a file the plain check let through: JavaScript parses them all instead.
      load = copyLoad(copy, format, source, staged, false);
      await this.runCopyLoad(target, tableName, load, own);
    }
    if (load.results.length === 0) {
      return { columns: [{ name: 'status', type: 'TEXT', nullable: false }], rows: [['Copy executed with 0 files processed.']], rowCount: 0, statementType: 'INSERT' };
    }
    this.lastCopyJob.set(session.id, jobId);
    if (copy.purge) {
      // The load has committed: the files it loaded (fully or partly) leave the stage.
      const loaded = new Set(load.results.filter((r) => r[1] === 'LOADED' || r[1] === 'PARTIALLY_LOADED').map((r) => String(r[0])));
      for (const s of staged) if (loaded.has(s.stageFile)) this.stages.remove({ stage: copy.source.stage, path: s.file.name });
    }
    return {
      columns: [text('file'), text('status'), fixed('rows_parsed'), fixed('rows_loaded'), fixed('error_limit'), fixed('errors_seen'), text('first_error'), fixed('first_error_line')],
      rows: load.results,
      rowCount: load.results.reduce((n, r) => n + Number(r[3]), 0),
      statementType: 'INSERT',
    };
  }

  /**
   * A load into typed columns: every record is parsed first (whatever ON_ERROR says), DuckDB
   * tries each value bound for a typed column as the INSERT would cast it, and a record with a
   * value that does not convert becomes a reject like a malformed one, with Snowflake's message
   * and its column; then ON_ERROR decides on the files as usual.
   */
  private async typedCopyLoad(
    copy: Extract<StageStatement, { kind: 'copy' }>,
    format: Pick<FileFormatDefinition, 'type' | 'options'>,
    source: CopySource,
    staged: readonly StagedBytes[],
    /** Each typed column's source value, its DuckDB type and its name as VALIDATE shows it. */
    typed: readonly { readonly value: string; readonly type: string; readonly column: string }[],
  ): Promise<CopyLoad> {
    const every = copyLoad({ ...copy, onError: 'CONTINUE' }, format, source, staged, false);
    const unconverted = new Map<string, Map<number, { error: string; column: string }>>();
    for (const f of await this.engine.uncastable({ columns: copyBufferColumns(source), rows: every.rows }, typed)) {
      const { type, column } = typed[f.check]!;
      if (!unconverted.has(f.file)) unconverted.set(f.file, new Map());
      unconverted.get(f.file)!.set(f.row, { error: conversionError(type, f.value), column });
    }
    return copyLoad(copy, format, source, staged, false, unconverted);
  }

  /**
   * One transaction, its own or (`own` false) the session's open one: the rows, the load history
   * that makes a re-run skip these files, and the rejects.
   */
  private runCopyLoad(target: CopyTarget, tableName: string, load: CopyLoad, own: boolean): Promise<void> {
    return own ? this.inOwnTransaction(() => this.writeCopyLoad(target, tableName, load)) : this.writeCopyLoad(target, tableName, load);
  }

  private async writeCopyLoad(target: CopyTarget, tableName: string, load: CopyLoad): Promise<void> {
    await this.engine.bulkLoad(target.table, target.columns, target.select, { columns: copyBufferColumns(load.source), rows: load.rows });
    if (load.plain.length > 0) {
      const records = load.plain.reduce((n, f) => n + f.records, 0);
      const inserted = await this.engine.insertSelect(target.table, target.columns, target.select, duckSource(load.plain, load.format, load.source));
      if (inserted !== records) throw new Error(`DuckDB read ${inserted} rows from plain files holding ${records} records`);
    }
    await this.insertSystemRows('load_history', load.history.map((h) => [tableName, ...h, target.jobId]), 'current_timestamp', 3);
    await this.insertSystemRows('load_errors', load.errors.map((e) => [tableName, ...e.slice(0, 4), target.jobId, e[4] ?? null]), 'current_timestamp', 5);
  }

  /**
   * Rows into a bookkeeping table, all in one JSON parameter (binding each value cost DuckDB about
   * 0.2 ms a row, a tenant's hundreds of export files each have one); the INSERT casts each text
   * to its column's type. `extra` is a SQL expression placed at column `at`.
   */
  private async insertSystemRows(table: string, rows: readonly (readonly (string | number | null)[])[], extra: string, at: number): Promise<void> {
    if (rows.length === 0) return;
    const cells = rows[0]!.map((_, k) => `r->>${k}`);
    cells.splice(at, 0, extra);
    // Chunks keep the parameter far below a JavaScript string's limit however long the rejected records are.
    for (let start = 0; start < rows.length; start += 5000) {
      await this.engine.system(`INSERT INTO ${SYSTEM}.${table} SELECT ${cells.join(', ')} FROM (SELECT unnest(CAST($1 AS JSON[])) AS r)`, [JSON.stringify(rows.slice(start, start + 5000))]);
    }
  }

  private fileFormatFor(session: Session, copy: Extract<StageStatement, { kind: 'copy' }>): Pick<FileFormatDefinition, 'type' | 'options'> {
    const inline = copy.fileFormat ?? (this.managed.get(managedKey('STAGE', copy.source.stage)) as { fileFormat?: Record<string, unknown> } | undefined)?.fileFormat;
    const formatName = typeof inline?.FORMAT_NAME === 'string' ? inline.FORMAT_NAME : undefined;
    if (formatName !== undefined) {
      const found = this.managedByName('FILE FORMAT', formatName, copy.table);
      if (!found || found.kind !== 'FILE FORMAT' || !this.visible(session.role, { kind: 'FILE FORMAT', name: qualifiedText(found) })) {
        throw new SnowflakeError('002003', '02000', `SQL compilation error:\nFile format '${formatName}' does not exist or not authorized.`);
      }
      return found;
    }
    const type = typeof inline?.TYPE === 'string' ? inline.TYPE : 'CSV';
    if (type !== 'CSV' && type !== 'JSON') throw new SnowflakeError('000002', '0A000', `SQL compilation error:\nUnsupported file format TYPE '${type}' in the local engine; supported: CSV, JSON.`);
    return { type, options: (inline ?? {}) as FileFormatDefinition['options'] };
  }

  /** USE ROLE / USE WAREHOUSE / ALTER SESSION SET QUERY_TAG: session state the engine never sees. */
  private sessionStatement(session: Session, sql: string): string | undefined {
    const tokens = tokenize(sql);
    const words = tokens.map((t) => (t.kind === 'word' ? t.value.toUpperCase() : t.text));
    if (words[0] === 'USE' && (words[1] === 'ROLE' || words[1] === 'WAREHOUSE') && tokens.length === 3) {
      const name = canonical(tokens[2]!);
      if (words[1] === 'ROLE') {
        if (!this.acl.hasRole(name) || !this.usableRoles(session).has(name)) {
          throw new SnowflakeError('003013', '42501', `SQL access control error:\nRequested role '${name}' is not assigned to the executing user. Specify another role to activate.`);
        }
        session.role = name;
      } else {
        const visible = this.accountObjects.has(`WAREHOUSE|${name}`) && (this.acl.can(session.role, 'USAGE', { kind: 'WAREHOUSE', name }) || this.acl.roleInherits(session.role, this.accountObjects.get(`WAREHOUSE|${name}`)!.owner));
        if (!visible) throw new SnowflakeError('002003', '02000', `SQL compilation error:\nObject '${name}' does not exist or not authorized.`);
        session.warehouse = name;
      }
      return STATUS_OK;
    }
    if (words[0] === 'ALTER' && words[1] === 'SESSION') {
      if (words[2] === 'SET' && words[3] === 'QUERY_TAG' && words[4] === '=' && tokens[5]?.kind === 'string' && tokens.length === 6) {
        session.queryTag = tokens[5].value;
        return STATUS_OK;
      }
      if (words[2] === 'UNSET' && words[3] === 'QUERY_TAG' && tokens.length === 4) {
        delete session.queryTag;
        return STATUS_OK;
      }
      throw new SnowflakeError('000002', '0A000', "SQL compilation error:\nUnsupported feature 'ALTER SESSION' in the local engine: only SET/UNSET QUERY_TAG.");
    }
    return undefined;
  }

  private visible(role: string, ref: ObjectRef): boolean {
    if (this.acl.ownerOf(ref) !== undefined && this.acl.roleInherits(role, this.acl.ownerOf(ref)!)) return true;
    return [IMPORTED_PRIVILEGES, 'USAGE', 'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'MONITOR', 'OPERATE', 'CREATE TABLE', 'CREATE VIEW', 'CREATE SCHEMA', 'MODIFY', 'READ', 'WRITE', 'ALL'].some((p) => this.acl.can(role, p, ref));
  }

  private async authorize(session: Session, translated: TranslatedStatement, accessed: string[]): Promise<void> {
    const role = session.role;
    if (translated.kind === 'command') {
      const c = translated.command;
      switch (c.kind) {
        case 'createDatabase':
          if (!this.acl.hasAccountPrivilege(role, 'CREATE DATABASE')) throw INSUFFICIENT('account', `CREATE DATABASE as ${role}`);
          return;
        case 'createSchema': {
          const db: ObjectRef = { kind: 'DATABASE', name: c.database };
          if (!this.visible(role, db)) throw new SnowflakeError('002003', '02000', `SQL compilation error:\nDatabase '${c.database}' does not exist or not authorized.`);
          if (!this.acl.can(role, 'CREATE SCHEMA', db)) throw INSUFFICIENT('database', c.database);
          return;
        }
        case 'dropDatabase':
        case 'dropSchema':
        case 'alterDatabase':
        case 'alterSchema': {
          const ref: ObjectRef = c.kind === 'dropDatabase' || c.kind === 'alterDatabase' ? { kind: 'DATABASE', name: c.name } : { kind: 'SCHEMA', name: `${c.database}.${c.name}` };
          if (!(await this.exists(ref))) return;
          if (!this.acl.roleInherits(role, this.acl.ownerOf(ref) ?? '\0')) throw INSUFFICIENT(ref.kind, ref.name);
          return;
        }
        case 'useDatabase':
          if ((await this.exists({ kind: 'DATABASE', name: c.database })) && !this.visible(role, { kind: 'DATABASE', name: c.database })) {
            throw new SnowflakeError('002003', '02000', `SQL compilation error:\nDatabase '${c.database}' does not exist or not authorized.`);
          }
          return;
        case 'useSchema': {
          const ref: ObjectRef = { kind: 'SCHEMA', name: `${c.database}.${c.schema}` };
          if ((await this.exists(ref)) && !(this.visible(role, { kind: 'DATABASE', name: c.database }) && this.visible(role, ref))) {
            throw new SnowflakeError('002003', '02000', `SQL compilation error:\nSchema '${ref.name}' does not exist or not authorized.`);
          }
          return;
        }
        case 'show':
          if (c.scope.kind === 'object') await this.requireVisible(role, c.scope);
          return;
        case 'describe':
          await this.requireVisible(role, c.object);
          return;
      }
    }
    for (const ref of translated.references) {
      const name = qualifiedName(ref);
      const schemaRef: ObjectRef = { kind: 'SCHEMA', name: `${ref.database}.${ref.schema}` };
      const dbRef: ObjectRef = { kind: 'DATABASE', name: ref.database };
      if (ref.action === 'create') {
        const privilege = ref.objectType === 'VIEW' ? 'CREATE VIEW' : 'CREATE TABLE';
        if (!(await this.exists(schemaRef))) continue; // the engine reports the missing container
        if (!this.visible(role, dbRef) || !this.visible(role, schemaRef)) throw NOT_AUTHORIZED(`${ref.database}.${ref.schema}`);
        if (!this.acl.can(role, privilege, schemaRef)) throw INSUFFICIENT('schema', schemaRef.name);
        accessed.push(`${privilege}:${name}`);
        continue;
      }
      if (ref.database === ACCOUNT_USAGE.database) {
        // Shared and read-only: readable with IMPORTED PRIVILEGES on the database, writable by nobody.
        if (ref.access !== 'read' || !this.acl.can(role, IMPORTED_PRIVILEGES, dbRef)) throw NOT_AUTHORIZED(name);
        accessed.push(`SELECT:${name}`);
        continue;
      }
      const stream = this.managed.get(managedKey('STREAM', ref));
      const kind = stream ? 'STREAM' : await this.engine.objectKind(ref.database, ref.schema, ref.name);
      if (!kind) continue; // missing: the engine raises 002003 (or skips for IF EXISTS)
      if (stream && ref.access === 'write') throw new SnowflakeError('002003', '42S02', `SQL compilation error:\n'${name}' is a stream; streams are read-only.`);
      if (stream?.kind === 'STREAM' && stream.stale && this.visible(role, { kind: 'STREAM', name })) throw staleStream(stream);
      if (ref.access === 'write' && (ref.action === 'delete' || ref.action === 'update' || ref.action === 'truncate')) this.refuseIfAppendOnlyStreamed(ref);
      const object: ObjectRef = { kind, name };
      if (!this.visibleWithContainers(role, kind, ref)) throw NOT_AUTHORIZED(name);
      const privilege = ref.action === 'select' ? 'SELECT' : ref.action === 'drop' || ref.action === 'alter' ? 'OWNERSHIP' : ref.action.toUpperCase();
      const allowed = privilege === 'OWNERSHIP' ? this.acl.roleInherits(role, this.acl.ownerOf(object) ?? '\0') : this.acl.canOnSchemaObject(role, privilege, object);
      if (!allowed) throw INSUFFICIENT(kind, name);
      accessed.push(`${privilege}:${name}`);
      if (stream?.kind === 'STREAM') {
        // As in Snowflake, querying a stream needs SELECT on its table too: the rows are the table's.
        const table: ObjectRef = { kind: 'TABLE', name: qualifiedText(stream.table) };
        if (!this.visible(role, table) || !this.acl.canOnSchemaObject(role, 'SELECT', table)) throw INSUFFICIENT('table', table.name);
        accessed.push(`SELECT:${table.name}`);
      }
    }
    // Cortex functions spend credits: Snowflake runs them only for a role holding SNOWFLAKE.CORTEX_USER
    // (granted to it or to a role it inherits, PUBLIC included; the local account has no secondary roles).
    for (const call of translated.databaseRoleCalls ?? []) {
      if (!this.acl.holdsDatabaseRole(role, call.databaseRole)) {
        throw new SnowflakeError(
          '003001',
          '42501',
          `SQL access control error:\nInsufficient privileges to operate on function '${call.function}' (role ${role} does not hold database role ${call.databaseRole}).`,
        );
      }
    }
  }

  /**
   * Policies are attached by table and column name here, so a rename would leave them behind and
   * the renamed table readable in the clear (Snowflake keeps them on the object). Refused, with
   * the way round, rather than silently unprotecting the data.
   */
  private refuseRenameOfProtected(translated: TranslatedStatement): void {
    const target = alteredTable(translated);
    if (!target || !/\bRENAME\s+(?:TO|COLUMN)\b/i.test(translated.source.text) || !this.attachments.has(qualifiedName(target))) return;
    throw new SnowflakeError(
      '000002',
      '0A000',
      `SQL compilation error:\nUnsupported feature 'ALTER TABLE ... RENAME on a table with row access or masking policies' in the local engine: the policies on ${qualifiedName(target)} would stay behind on its old name. Detach them (ALTER TABLE ... DROP ROW ACCESS POLICY, ALTER TABLE ... MODIFY COLUMN ... UNSET MASKING POLICY), rename, and attach them again.`,
    );
  }

  /** After ALTER TABLE: every stream on the table follows its columns, offset kept (streams.ts followTableSql). */
  private async followAlteredTable(translated: TranslatedStatement): Promise<void> {
    const table = alteredTable(translated);
    const streams = table ? this.streamsOn(table) : [];
    if (streams.length === 0) return;
    const columns = await this.engine.tableColumns(table!.database, table!.schema, table!.name);
    for (const o of streams) {
      const snapshot = o.mode === 'APPEND_ONLY' ? [] : (await this.engine.system(snapshotColumnsSql(o))).map(([c]) => String(c));
      for (const sql of followTableSql(o, columns, snapshot)) await this.engine.system(sql);
    }
  }

  /**
   * After DROP TABLE or CREATE OR REPLACE TABLE: the streams on the table are stale, as in
   * Snowflake (the table they tracked, and its change history, is gone); reading one fails until it
   * is recreated. Locally a stream is a view over its table's name, which would otherwise read
   * the new table from a meaningless offset.
   */
  private staleStreamsOfReplacedTables(translated: TranslatedStatement): void {
    for (const ref of droppedOrReplaced(translated)) {
      if (ref.objectType === 'VIEW') continue;
      for (const stream of this.streamsOn(ref)) {
        if (stream.stale) continue;
        this.managed.set(managedKey('STREAM', stream), { ...stream, stale: true });
        this.dirty.add('managed_objects');
      }
    }
  }

  /**
   * After DROP or CREATE OR REPLACE of a table or view: its row access and masking policies went
   * with the old object, as in Snowflake (OR REPLACE is a drop and a create; the new object starts
   * without them, unless the statement attaches one itself). Views over it are translated again.
   */
  private async detachPoliciesOfReplaced(translated: TranslatedStatement): Promise<void> {
    const detached = new Set<string>();
    for (const name of droppedOrReplaced(translated).map(qualifiedName)) if (this.attachments.delete(name)) detached.add(name);
    if (detached.size === 0) return;
    this.policiesChanged();
    await this.refreshViewsReading(detached);
  }

  /** After DDL: the session's role owns what it created; dropped objects lose their grants. */
  private async recordOwnership(session: Session, translated: TranslatedStatement): Promise<void> {
    let changed = false;
    if (translated.kind === 'command') {
      const c = translated.command;
      const created = (ref: ObjectRef) => {
        this.acl.objectCreated(ref, session.role);
        this.objectAdded(ref);
      };
      if (c.kind === 'createDatabase') {
        created({ kind: 'DATABASE', name: c.name });
        if (await this.engine.containerExists(c.name, 'PUBLIC')) created({ kind: 'SCHEMA', name: `${c.name}.PUBLIC` });
        changed = true;
      } else if (c.kind === 'createSchema') {
        created({ kind: 'SCHEMA', name: `${c.database}.${c.name}` });
        changed = true;
      } else if (c.kind === 'dropDatabase' || c.kind === 'dropSchema') {
        const ref: ObjectRef = c.kind === 'dropDatabase' ? { kind: 'DATABASE', name: c.name } : { kind: 'SCHEMA', name: `${c.database}.${c.name}` };
        this.acl.objectDropped(ref);
        this.objectRemoved(ref);
        changed = true;
      }
    } else {
      // CREATE OR REPLACE makes a new object: the old one's grants go with it, unless COPY GRANTS (as in Snowflake).
      const replaces = /^\s*CREATE\s+OR\s+REPLACE\b/i.test(translated.source.text) && !/\bCOPY\s+GRANTS\b/i.test(translated.source.text);
      for (const ref of translated.references) {
        if (ref.action === 'create') {
          const kind = await this.engine.objectKind(ref.database, ref.schema, ref.name);
          if (kind) {
            if (replaces) this.acl.objectDropped({ kind, name: qualifiedName(ref) });
            this.acl.objectCreated({ kind, name: qualifiedName(ref) }, session.role);
            this.objectAdded({ kind, name: qualifiedName(ref) });
            changed = true;
          }
        } else if (ref.action === 'drop') {
          for (const kind of ['TABLE', 'VIEW'] as const) {
            this.acl.objectDropped({ kind, name: qualifiedName(ref) });
            this.objectRemoved({ kind, name: qualifiedName(ref) });
          }
          changed = true;
        }
      }
    }
    if (changed) this.dirty.add('access_control');
  }

  /**
   * What INFORMATION_SCHEMA lists for a role in these databases: each schema and table or view it
   * may see (`DB.SCHEMA`, `DB.SCHEMA.NAME`), with its owner role.
   */
  private async visibleObjects(role: string, databases: readonly string[], tasks: boolean): Promise<Map<string, string | undefined>> {
    const visible = new Map<string, string | undefined>();
    // Every task of the account the role may see, for INFORMATION_SCHEMA.TASK_HISTORY (`TASK:` keeps them apart from tables).
    for (const task of tasks ? this.tasks.registry.list() : []) {
      const ref: ObjectRef = { kind: 'TASK', name: `${task.database}.${task.schema}.${task.name}` };
      if (this.visible(role, ref)) visible.set(`TASK:${ref.name}`, this.acl.ownerOf(ref));
    }
    for (const database of databases) {
      if (!this.visible(role, { kind: 'DATABASE', name: database })) continue;
      for (const schema of await this.engine.listSchemas(database)) {
        const ref: ObjectRef = { kind: 'SCHEMA', name: `${database}.${schema}` };
        if (this.visible(role, ref)) visible.set(ref.name, this.acl.ownerOf(ref));
      }
      for (const o of await this.engine.listObjects(database)) {
        const ref: ObjectRef = { kind: o.kind, name: `${database}.${o.schema}.${o.name}` };
        if (visible.has(`${database}.${o.schema}`) && this.visible(role, ref)) visible.set(ref.name, this.acl.ownerOf(ref));
      }
    }
    return visible;
  }

  /** An object's name as written, completed with the session's database and schema as its kind needs (a schema object: three parts). */
  private nameInSession(object: { readonly kind: string; readonly name: string }, session: Session): string {
    const parts = nameParts(object.name);
    if (['DATABASE', 'WAREHOUSE', 'RESOURCE MONITOR', 'ROLE', 'USER'].includes(object.kind) || parts.length === 0) return object.name;
    if (object.kind === 'SCHEMA') return parts.length === 1 && session.database ? `${session.database}.${parts[0]}` : parts.join('.');
    return qualifiedText(resolveName(parts, session, `SHOW GRANTS ON ${object.kind}`));
  }

  /**
   * GET_DDL of a table (written from its columns and policies), a view (the Snowflake text it was
   * created with; a secure view's to its owner only) or a policy, for a role that may see it.
   */
  private async getDdl(session: Session, ddl: GetDdlStatement): Promise<Omit<ExecuteResult, 'context'>> {
    const object = resolveName(nameParts(ddl.name), session, 'GET_DDL');
    const name = qualifiedText(object);
    let definition: string;
    if (ddl.kind === 'POLICY') {
      const policy = this.policies.get(name);
      if (!policy || !this.visible(session.role, { kind: policy.kind, name })) throw NOT_AUTHORIZED(name);
      definition = policyDdl(policy);
    } else {
      if ((await this.engine.objectKind(object.database, object.schema, object.name)) !== ddl.kind) throw NOT_AUTHORIZED(name);
      await this.requireVisible(session.role, object);
      if (ddl.kind === 'TABLE') definition = tableDdl(object.name, await this.engine.tableColumns(object.database, object.schema, object.name), this.attachments.get(name));
      else {
        const source = this.viewSources.get(name);
        if (!source) {
          throw new SnowflakeError('000002', '0A000', `SQL compilation error:
Unsupported feature 'GET_DDL of view ${name}': it was created before the local account kept view text. Recreate it (CREATE OR REPLACE VIEW) once.`);
        }
        const secure = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?SECURE\b/i.test(source.text);
        if (secure && !this.acl.roleInherits(session.role, this.acl.ownerOf({ kind: 'VIEW', name }) ?? '\0')) throw INSUFFICIENT('view', name);
        definition = `${source.text.trim().replace(/;\s*$/, '')};`;
      }
    }
    return { columns: [text(ddl.column)], rows: [[definition]], rowCount: 1, statementType: 'SELECT' };
  }

  /** A table or view the role may not see is, to it, one that does not exist (the engine reports a missing one). */
  private async requireVisible(role: string, object: QualifiedName): Promise<void> {
    const kind = await this.engine.objectKind(object.database, object.schema, object.name);
    if (kind !== undefined && !this.visibleWithContainers(role, kind, object)) throw NOT_AUTHORIZED(qualifiedText(object));
  }

  /** A schema object is visible to a role when its database, its schema and the object itself are. */
  private visibleWithContainers(role: string, kind: ObjectRef['kind'], object: QualifiedName): boolean {
    return (
      this.visible(role, { kind: 'DATABASE', name: object.database }) &&
      this.visible(role, { kind: 'SCHEMA', name: `${object.database}.${object.schema}` }) &&
      this.visible(role, { kind, name: qualifiedText(object) })
    );
  }

  /**
   * SHOW lists only what the role can see, as in Snowflake; DESCRIBE names each column's masking
   * policy (the engine does not know policies).
   */
  private async filterShow(session: Session, translated: TranslatedStatement, result: Omit<ExecuteResult, 'context'>): Promise<Omit<ExecuteResult, 'context'>> {
    if (translated.kind !== 'command') return result;
    const index = (name: string) => result.columns.findIndex((c) => c.name === name);
    if (translated.command.kind === 'describe') {
      const masking = this.attachments.get(qualifiedText(translated.command.object))?.masking ?? {};
      const policyAt = index('policy name');
      const rows = result.rows.map((row) => row.map((cell, i) => (i === policyAt ? (masking[String(row[0])] ?? null) : cell)));
      return { ...result, rows };
    }
    if (translated.command.kind !== 'show') return result;
    const object = translated.command.object;
    const [nameAt, dbAt, schemaAt, ownerAt, textAt] = [index(object === 'COLUMNS' ? 'table_name' : 'name'), index('database_name'), index('schema_name'), index('owner'), index('text')];
    // The objects each row is about: a column's row is its table's or view's.
    const refsOf = (row: readonly unknown[]): ObjectRef[] => {
      const name = String(row[nameAt]);
      if (object === 'DATABASES') return [{ kind: 'DATABASE', name }];
      if (object === 'SCHEMAS') return [{ kind: 'SCHEMA', name: `${String(row[dbAt])}.${name}` }];
      const full = `${String(row[dbAt])}.${String(row[schemaAt])}.${name}`;
      return object === 'COLUMNS' ? [{ kind: 'TABLE', name: full }, { kind: 'VIEW', name: full }] : [{ kind: object === 'TABLES' ? 'TABLE' : 'VIEW', name: full }];
    };
    const rows = result.rows.flatMap((row) => {
      const ref = refsOf(row).find((r) => this.visible(session.role, r));
      if (!ref) return [];
      const owner = this.acl.ownerOf(ref);
      // A view's text here is its translation, policy bodies inlined, and SECURE is not kept: only
      // the owner sees it (Snowflake shows a secure view's text to its owner alone).
      const ownsIt = owner !== undefined && this.acl.roleInherits(session.role, owner);
      return [row.map((cell, i) => (i === ownerAt ? (owner ?? '') : i === textAt && !ownsIt ? '' : cell))];
    });
    const limited = translated.command.limit === undefined ? rows : rows.slice(0, translated.command.limit);
    return { ...result, rows: limited, rowCount: limited.length };
  }

  private async exists(ref: ObjectRef): Promise<boolean> {
    const [db, schema] = ref.name.split('.');
    return this.engine.containerExists(db!, ref.kind === 'SCHEMA' ? schema : undefined);
  }

  private async loadKnownObjects(): Promise<void> {
    const known = new Set<string>();
    for (const db of await this.engine.listDatabases()) {
      known.add(`DATABASE|${db}`);
      for (const schema of await this.engine.listSchemas(db)) known.add(`SCHEMA|${db}.${schema}`);
      for (const o of await this.engine.listObjects(db)) known.add(`${o.kind}|${db}.${o.schema}.${o.name}`);
    }
    for (const o of this.managed.values()) known.add(`${o.kind}|${qualifiedText(o)}`);
    this.knownObjects = known;
  }

  objectAdded(ref: ObjectRef): void {
    this.knownObjects.add(`${ref.kind}|${ref.name}`);
  }

  /** Forgets an object and, for a database or schema, everything inside it. */
  objectRemoved(ref: ObjectRef): void {
    this.knownObjects.delete(`${ref.kind}|${ref.name}`);
    if (ref.kind === 'DATABASE' || ref.kind === 'SCHEMA') {
      for (const k of [...this.knownObjects]) if (k.split('|')[1]!.startsWith(`${ref.name}.`)) this.knownObjects.delete(k);
    }
  }

  /** Writes the bookkeeping the last statement changed. */
  private async flush(): Promise<void> {
    if (this.dirty.size === 0) return;
    const values = {
      policies: () => ({ definitions: [...this.policies.values()], attachments: Object.fromEntries(this.attachments), references: policyReferences(this.attachments) }),
      access_control: () => this.acl.snapshot(),
      account_objects: () => [...this.accountObjects.values()],
      managed_objects: () => [...this.managed.values()],
      view_sources: () => Object.fromEntries(this.viewSources),
    };
    for (const key of this.dirty) await this.engine.system(`INSERT OR REPLACE INTO ${SYSTEM}.state VALUES ($1, $2)`, [key, JSON.stringify(values[key]())]);
    this.dirty.clear();
  }

  private async audit(
    session: Session,
    queryId: string,
    text: string,
    statementType: string | undefined,
    rows: number | undefined,
    error: SnowflakeError | undefined,
    elapsedMs: number,
    accessed: readonly string[],
  ): Promise<void> {
    const record: AuditRecord = {
      query_id: queryId,
      start_time: new Date(Date.now() - elapsedMs).toISOString(),
      session_id: session.id,
      user_name: session.user,
      role_name: session.role,
      query_tag: session.queryTag ?? null,
      database_name: session.database ?? null,
      schema_name: session.schema ?? null,
      query_text: redactSecrets(text),
      statement_type: statementType ?? null,
      rows_produced: rows ?? null,
      execution_status: error ? 'FAIL' : 'SUCCESS',
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
      total_elapsed_ms: elapsedMs,
      objects_accessed: accessed,
      base_objects_accessed: this.columnReads.get(accessed) ?? [],
      cortex_calls: this.engine.takeCortexCalls(queryId),
    };
    appendJsonLine(this.auditFile, record);
  }
}

/** Statements Snowflake runs as a transaction of their own (DDL, grants), committing an open one first. */
const IMPLICIT_COMMIT = /^\s*(?:CREATE|ALTER|DROP|UNDROP|GRANT|REVOKE|COMMENT)\b/i;

/** BEGIN (or START), COMMIT or ROLLBACK, for a transaction statement; undefined for any other. */
function transactionVerb(translated: TranslatedStatement): 'BEGIN' | 'COMMIT' | 'ROLLBACK' | undefined {
  if (translated.kind !== 'sql' || translated.statementType !== 'TRANSACTION') return undefined;
  const word = translated.source.text.trim().split(/\s+/)[0]!.toUpperCase();
  return word === 'START' ? 'BEGIN' : (word as 'BEGIN' | 'COMMIT' | 'ROLLBACK');
}

/** The table an ALTER TABLE statement changes. */
/** The tables and views a statement dropped, or replaced (CREATE OR REPLACE is a drop and a create). */
function droppedOrReplaced(translated: TranslatedStatement): ObjectReference[] {
  if (translated.kind !== 'sql') return [];
  const replaces = /^\s*CREATE\s+OR\s+REPLACE\b/i.test(translated.source.text);
  return translated.references.filter((ref) => ref.action === 'drop' || (ref.action === 'create' && replaces));
}

function alteredTable(translated: TranslatedStatement): ObjectReference | undefined {
  return translated.kind === 'sql' && translated.statementType === 'ALTER_TABLE' ? translated.references.find((r) => r.action === 'alter') : undefined;
}

/** A stream a transaction consumed, and for an append-only one the offset it commits to. */
interface ConsumedStream {
  readonly stream: StreamDefinition;
  readonly nextRow?: number;
}

/** Where a COPY writes: the table, its columns, and the expression each one takes. */
interface CopyTarget {
  readonly table: QualifiedName;
  readonly columns: readonly string[];
  readonly select: readonly string[];
  /** The COPY's query id, kept with its history and rejects (VALIDATE's JOB_ID). */
  readonly jobId: string;
}

function managedKey(kind: ManagedObject['kind'], name: Pick<QualifiedName, 'database' | 'schema' | 'name'>): string {
  return `${kind}|${name.database}.${name.schema}.${name.name}`;
}

/**
 * A SHOW's LIMIT counts the rows the role may see, so the engine lists them all and filterShow
 * applies it after leaving out the others.
 */
function withoutShowLimit(translated: TranslatedStatement): TranslatedStatement {
  if (translated.kind !== 'command' || translated.command.kind !== 'show' || translated.command.limit === undefined) return translated;
  const { limit: _limit, ...command } = translated.command;
  return { ...translated, command };
}

/** Reading a stream whose table was dropped or replaced after it was created. */
function staleStream(stream: StreamDefinition): SnowflakeError {
  const table = qualifiedText(stream.table);
  return new SnowflakeError(
    '091901',
    '01000',
    `Base table '${table}' dropped, cannot read from stream '${qualifiedText(stream)}': the stream is stale (its table was dropped or replaced after the stream was created, and its changes went with it). Recreate it: CREATE OR REPLACE STREAM ${qualifiedText(stream)} ON TABLE ${table}.`,
  );
}

function describeManaged(o: ManagedObject): string {
  if (o.kind === 'STREAM') return `${o.mode} on ${qualifiedText(o.table)}${o.stale ? ' (stale: its table was dropped or replaced)' : ''}`;
  if (o.kind === 'FILE FORMAT') return `${o.type} ${JSON.stringify(o.options)}`;
  return o.directory ? 'internal, directory enabled' : 'internal';
}

const STATUS_OK = 'Statement executed successfully.';

function status(message: string): Omit<ExecuteResult, 'context'> {
  return { columns: [{ name: 'status', type: 'TEXT', nullable: false }], rows: [[message]], rowCount: 1, statementType: 'show' };
}
