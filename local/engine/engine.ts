/**
 * The local Snowflake-compatible engine: one DuckDB file, Snowflake SQL in, Snowflake-shaped
 * results and errors out. Databases and schemas live in a small catalog (a database with no
 * schemas still exists); every Snowflake schema is a DuckDB schema `"<DB>$<SCHEMA>"`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DuckDBConnection, DuckDBInstance, DuckDBMaterializedResult } from '@duckdb/node-api';
import {
  ColumnName,
  ColumnRetype,
  EngineCommand,
  MergeSteps,
  ObjectReference,
  SESSION_VARIABLES,
  STAR_COLUMNS,
  ShowScope,
  StatementType,
  TranslatedSql,
  TranslatedStatement,
  TranslationContext,
  duckSchemaName,
  likeRegExp,
  quoteIdentifier,
  translateStatement,
  withContainer,
} from './dialect';
import {
  SnowflakeError,
  databaseDoesNotExist,
  objectAlreadyExists,
  noSchemaInScope,
  objectDoesNotExist,
  schemaDoesNotExist,
} from './errors';
import { ResultColumn, ResultRows } from './results';
import { retypesInPlace, snowflakeTypeText } from './types';
import { SUPPORT_MACROS } from './support';
import { CortexCall, CortexMeter, QUERY_ID_VARIABLE } from './cortex-meter';
import { CATALOG, INFORMATION_SCHEMA_VARIABLE, createdOnJoin } from './information-schema';
import { splitStatements, sqlLiteral } from './tokenizer';

/** A value bound to a `?` or `:n` placeholder. */
export type BindValue = string | number | boolean | bigint | null;

/** Session state and binds for one `execute` call. */
export interface ExecuteOptions {
  /** Current database for one- and two-part names. @default none */
  readonly database?: string;
  /** Current schema for one-part names. @default none */
  readonly schema?: string;
  /** What CURRENT_ROLE() returns. @default none (CURRENT_ROLE() is rejected) */
  readonly role?: string;
  /** What CURRENT_USER() returns. @default none (CURRENT_USER() is rejected) */
  readonly user?: string;
  /** The roles IS_ROLE_IN_SESSION() is TRUE for. @default none (IS_ROLE_IN_SESSION() is rejected) */
  readonly rolesInSession?: readonly string[];
  /** Values for `?` placeholders, consumed in order across the statements. @default [] */
  readonly binds?: readonly BindValue[];
}

/**
 * The result of the last statement of an `execute` call. Values: FIXED and REAL are JS
 * numbers (as `snowflake-sdk` returns them by default), TEXT strings, BOOLEAN booleans,
 * DATE `YYYY-MM-DD`, TIMESTAMP_* `YYYY-MM-DD HH:MM:SS[.ffffff][+zz]` strings and VARIANT
 * JSON text.
 */
export interface ExecuteResult {
  readonly columns: readonly ResultColumn[];
  /** The rows; empty when {@link deferred} holds them. */
  readonly rows: readonly (readonly unknown[])[];
  /** A SELECT's rows, converted when read, when the context asked for that (`deferRows`). */
  readonly deferred?: ResultRows;
  /** Rows affected for INSERT / UPDATE / DELETE / MERGE, otherwise the number of rows returned. */
  readonly rowCount: number;
  /** The session context after the statements ran (USE and CREATE DATABASE/SCHEMA change it). */
  readonly context: TranslationContext;
  /** What the last statement was. */
  readonly statementType: StatementType | EngineCommand['kind'];
}

const SESSION_SETUP: readonly string[] = [
  // Snowflake sorts NULL as the largest value: last ascending, first descending.
  "SET default_null_order = 'nulls_last_on_asc_first_on_desc'",
  // `/` never truncates in Snowflake (7/2 = 3.5).
  'SET integer_division = false',
  // Results must not depend on the machine's time zone.
  "SET TimeZone = 'UTC'",
  `CREATE SCHEMA IF NOT EXISTS ${CATALOG}`,
  `CREATE TABLE IF NOT EXISTS ${CATALOG}.databases (
     name VARCHAR PRIMARY KEY, created_on TIMESTAMPTZ NOT NULL, comment VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ${CATALOG}.schemas (
     database_name VARCHAR NOT NULL, name VARCHAR NOT NULL, created_on TIMESTAMPTZ NOT NULL,
     comment VARCHAR, managed_access BOOLEAN NOT NULL, PRIMARY KEY (database_name, name))`,
  // When each table and view was created (DuckDB does not record it), for SHOW and INFORMATION_SCHEMA.
  `CREATE TABLE IF NOT EXISTS ${CATALOG}.objects (
     database_name VARCHAR NOT NULL, schema_name VARCHAR NOT NULL, name VARCHAR NOT NULL, created_on TIMESTAMPTZ NOT NULL)`,
];

const STATUS_OK = 'Statement executed successfully.';
/** CREATE ... IF NOT EXISTS, which keeps an existing object as it is (see recordCreation). */
const IF_NOT_EXISTS = /^\s*CREATE\b[^(]*?\bIF\s+NOT\s+EXISTS\b/i;
type ShowCommand = Extract<EngineCommand, { readonly kind: 'show' }>;
/** A SHOW's scope once a bare name in it is known to be a schema or a database. */
type ResolvedShowScope = Exclude<ShowScope, { readonly kind: 'named' }>;

/** A COMMIT statement. */
const COMMIT = /^\s*COMMIT\b/i;

/** Statements that cannot change DuckDB's catalog (see LocalEngine.run). */
const CATALOG_PRESERVING = /^\s*(?:SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|BEGIN|COMMIT|CHECKPOINT)\b/i;

/** Whether a statement can change the catalog: anything but reads and row changes, and any write to the engine's own database and schema lists. */
function mayChangeCatalog(sql: string): boolean {
  return !CATALOG_PRESERVING.test(sql) || (sql.includes(`${CATALOG}.`) && !/^\s*SELECT\b/i.test(sql));
}

/** DuckDB's message for a statement in a transaction it aborted (it then takes only ROLLBACK). */
const ABORTED = /Current transaction is aborted/;

/** The text of an error, which from the native module may come from another realm (no instanceof Error). */
function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' ? message : String(error);
}

/**
 * DuckDB's transaction errors and what the engine answers: a write-write conflict between two
 * open transactions, and a statement in a transaction an earlier failed statement aborted
 * (Snowflake would have rolled back only that statement).
 */
const TRANSACTION_ERRORS: readonly { readonly pattern: RegExp; readonly error: () => SnowflakeError }[] = [
  {
    pattern: /Conflict on|write-write conflict/i,
    error: () =>
      new SnowflakeError(
        '000625',
        '57014',
        'Statement could not change rows that another open transaction has changed. Snowflake would wait for that transaction\'s lock; the local engine refuses at once. Commit or roll back the other session\'s transaction, then run the statement again.',
      ),
  },
  {
    pattern: ABORTED,
    error: () =>
      new SnowflakeError(
        '000603',
        '25P02',
        'A statement failed earlier in this transaction, so the transaction can only be rolled back: the local engine cannot undo a single statement of a transaction as Snowflake does. Nothing in it will be committed; run ROLLBACK and repeat the transaction without the failing statement.',
      ),
  },
];

/** COMMIT of a transaction an earlier failed statement aborted: refused, never reported as done. */
const abortedCommit = (): SnowflakeError =>
  new SnowflakeError(
    '000603',
    '25P02',
    'Transaction rolled back, nothing in it was committed: a statement failed inside it, and the local engine cannot undo a single statement of a transaction as Snowflake does. Repeat the transaction without the failing statement.',
  );

/** The engine's answer to a DuckDB transaction error, or undefined for any other error. */
function transactionError(error: unknown): SnowflakeError | undefined {
  const message = errorMessage(error);
  return TRANSACTION_ERRORS.find((e) => e.pattern.test(message))?.error();
}

/** DuckDB error text patterns and the Snowflake error each one means. */
const ERROR_MAP: readonly { readonly pattern: RegExp; readonly error: (m: RegExpMatchArray) => SnowflakeError }[] = [
  {
    pattern: /Referenced column "?([^"\s]+)"? not found/,
    error: (m) => new SnowflakeError('000904', '42000', `SQL compilation error:\ninvalid identifier '${m[1]}'`),
  },
  {
    pattern: /Could not convert string ["']([^"']*)["'] to (?:DECIMAL|INT|BIGINT|DOUBLE|HUGEINT)/,
    error: (m) => new SnowflakeError('100038', '22018', `Numeric value '${m[1]}' is not recognized`),
  },
  {
    pattern: /(?:date|timestamp) field (?:format|value)[^"]*"([^"]*)"/i,
    error: (m) => new SnowflakeError('100040', '22007', `Date '${m[1]}' is not recognized`),
  },
  {
    pattern: /Could not parse string "([^"]*)" according to format/,
    error: (m) => new SnowflakeError('100096', '22007', `Can't parse '${m[1]}' as date with the given format`),
  },
  {
    // TO_NUMBER / TO_DECIMAL with a format model (support.ts raises it with Snowflake's wording).
    pattern: /(Can't parse '.*' as number with format '.*')/s,
    error: (m) => new SnowflakeError('100140', '22007', m[1]!),
  },
  {
    pattern: /Boolean value '(.*)' is not recognized/,
    error: (m) => new SnowflakeError('100037', '22018', `Boolean value '${m[1]}' is not recognized`),
  },
  {
    // A value that does not fit a NUMBER(p,s): inserted, cast, or in a column retyped smaller.
    pattern: /(?:Could not cast value |Casting value ")([^"\s]+)"? to (?:type )?DECIMAL\(\d+,\d+\)/,
    error: (m) => new SnowflakeError('100039', '22003', `Numeric value '${m[1]}' is out of range`),
  },
  { pattern: /Division by zero/, error: () => new SnowflakeError('100051', '22012', 'Division by zero') },
  ...TRANSACTION_ERRORS,
  {
    pattern: /NOT NULL constraint failed: ([^\s]+)/,
    error: (m) => new SnowflakeError('100072', '22000', `NULL result in a non-nullable column (${m[1]})`),
  },
  { pattern: /with name "?([^"\s]+)"? already exists/, error: (m) => objectAlreadyExists(m[1]) },
  { pattern: /(?:Table|View) with name "?([^"\s]+)"? does not exist/, error: (m) => objectDoesNotExist(m[1]) },
  {
    pattern: /^Parser Error: (.*)/s,
    error: (m) => new SnowflakeError('001003', '42000', `SQL compilation error:\nsyntax error: ${m[1]}`),
  },
];

/** A DuckDB object's key in the engine's catalog caches (NUL never occurs in an identifier). */
const objectKey = (duckSchema: string, name: string): string => `${duckSchema}\0${name}`;

/** Snowflake's column names for DML results, by statement and action. */
const DML_COLUMNS: Readonly<Record<string, string>> = {
  insert: 'number of rows inserted',
  update: 'number of rows updated',
  delete: 'number of rows deleted',
};

type TableName = { readonly database: string; readonly schema: string; readonly name: string };

/** Rows for {@link LocalEngine.bulkLoad}'s temp table: its columns, typed, and values in that order. */
export interface BufferRows {
  readonly columns: readonly { readonly name: string; readonly type: 'VARCHAR' | 'BIGINT' }[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** One DuckDB connection and what DuckDB keeps per connection: variables and a transaction. */
interface Lane {
  readonly connection: DuckDBConnection;
  /** The session whose role, user and roles the DuckDB variables hold (see useSession). */
  sessionKey: string | undefined;
  /** The query whose Cortex calls the connection meters (see useSession), if any. */
  meteredQuery: string | undefined;
  /** Whether a BEGIN has run without its COMMIT or ROLLBACK yet. */
  inTransaction: boolean;
  /** Whether the open transaction changed the catalog, which only it sees until it commits. */
  changedCatalog: boolean;
  /** The catalog version when the open transaction began: its snapshot misses later changes. */
  catalogVersionAtBegin: number;
  /** Whether a call failed inside the open transaction (DuckDB may then have aborted it). */
  erred: boolean;
}

/** Idle session connections kept for the next explicit transaction (a task graph opens dozens). */
const IDLE_LANES = 4;

/**
 * An embedded Snowflake-compatible engine over one DuckDB database file.
 *
 * A session's explicit transaction (BEGIN ... COMMIT/ROLLBACK, see {@link inSession}) runs on a
 * DuckDB connection of its own, so other sessions neither see its uncommitted rows nor land their
 * own writes in it; everything else shares one connection. Statements of sessions inside their
 * transactions may run at the same time (a task graph's branches do); everything else runs
 * alone (see {@link serialised}).
 */
export class LocalEngine {
  /** The last call that runs alone (see {@link serialised}); every later call waits for it. */
  private exclusiveTail: Promise<unknown> = Promise.resolve();
  /** Calls in flight on sessions' own connections, which may overlap one another. */
  private readonly overlapping = new Set<Promise<unknown>>();
  /** The connection for statements outside a session's explicit transaction. */
  private readonly shared: Lane;
  /** Sessions inside an explicit transaction, each on its own connection. */
  private readonly sessionLanes = new Map<string, Lane>();
  private readonly idleLanes: Lane[] = [];
  /** The session the running call belongs to (see {@link inSession}). */
  private readonly currentSession = new AsyncLocalStorage<string>();

  /**
   * Object kinds and columns already looked up. DuckDB's catalog functions cost milliseconds
   * each (they describe every table), and every statement checks the objects it references, so
   * the answers are kept until a statement that can change the catalog runs (see {@link run}).
   */
  private readonly catalog = new Map<string, Promise<unknown>>();
  private catalogGeneration = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    connection: DuckDBConnection,
    private readonly cortex: CortexMeter,
  ) {
    this.shared = newLane(connection);
  }

  /**
   * Changes whenever the cached catalog lookups are dropped (see {@link run}), so a cache of
   * anything derived from the catalog can be keyed on it.
   */
  get catalogVersion(): number {
    return this.catalogGeneration;
  }

  /** Opens (creating if needed) an engine on a DuckDB file, or in memory with `:memory:`. */
  static async open(file: string): Promise<LocalEngine> {
    // Typed macro overloads (support.ts) need the v1.4+ storage format in database files.
    const instance = await DuckDBInstance.create(file, { storage_compatibility_version: 'latest' });
    const connection = await instance.connect();
    const cortex = new CortexMeter();
    cortex.register(connection);
    for (const sql of [...SESSION_SETUP, ...SUPPORT_MACROS]) await connection.run(sql);
    return new LocalEngine(instance, connection, cortex);
  }

  /** The Cortex calls a query made (context.queryId of a statement that calls Cortex), once. */
  takeCortexCalls(queryId: string): CortexCall[] {
    return this.cortex.take(queryId);
  }

  /**
   * Runs one or more `;`-separated Snowflake statements and returns the last one's result.
   * Throws SnowflakeError (or UnsupportedSqlError) for the first statement that fails.
   */
  execute(sql: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    return this.serialised(
      () => this.executeNow(sql, options),
      () => {
        // Statements after a COMMIT would run on the shared connection, which is never shared at once.
        const statements = splitStatements(sql).map((statement) => statement.text);
        return statements.some(mayChangeCatalog) || statements.slice(0, -1).some((text) => COMMIT.test(text));
      },
    );
  }

  /**
   * Runs `work` as `session`: a BEGIN it issues (through any method of this engine) opens a
   * transaction on a connection of the session's own, which its later calls use until COMMIT or
   * ROLLBACK. Calls outside any session share one connection.
   */
  inSession<T>(session: string, work: () => Promise<T>): Promise<T> {
    return this.currentSession.run(session, work);
  }

  /** A session ended: its open transaction, if any, is rolled back (as Snowflake does). */
  endSession(session: string): Promise<void> {
    return this.serialised(async () => {
      const lane = this.sessionLanes.get(session);
      if (lane) await this.currentSession.run(session, () => this.run('ROLLBACK', []));
    });
  }

  /** Closes the connections and the database file. */
  close(): void {
    for (const lane of [...this.sessionLanes.values(), ...this.idleLanes, this.shared]) lane.connection.closeSync();
    // A session ending after this (a server shut down after its account) has nothing left to roll back.
    this.sessionLanes.clear();
    this.idleLanes.length = 0;
    this.instance.closeSync();
  }

  /** The connection the running call uses: its session's while that session has a transaction open. */
  private get lane(): Lane {
    const session = this.currentSession.getStore();
    return (session !== undefined ? this.sessionLanes.get(session) : undefined) ?? this.shared;
  }

  private get connection(): DuckDBConnection {
    return this.lane.connection;
  }

  private async executeNow(sql: string, options: ExecuteOptions): Promise<ExecuteResult> {
    const statements = splitStatements(sql);
    if (statements.length === 0) throw new SnowflakeError('000900', '42000', 'Empty SQL statement.');
    const { database, schema, role, user, rolesInSession } = options;
    let context = withContainer({ ...(role === undefined ? {} : { role }), ...(user === undefined ? {} : { user }), ...(rolesInSession ? { rolesInSession } : {}) }, database, schema);
    const binds = options.binds ?? [];
    let bindOffset = 0;
    let result: ExecuteResult | undefined;
    for (const statement of statements) {
      const translated = translateStatement(statement, context);
      const count = translated.kind === 'sql' ? translated.bindCount : 0;
      result = await this.runTranslated(translated, binds.slice(bindOffset, bindOffset + count), context, bindOffset);
      bindOffset += count;
      context = result.context;
    }
    return result as ExecuteResult;
  }

  /**
   * Runs one already translated statement. The access-control layer translates first (to see
   * which objects a statement touches) and then runs it here, so nothing is translated twice.
   * Scheduled like `execute` (see {@link serialised}).
   */
  runStatement(translated: TranslatedStatement, binds: readonly BindValue[], context: TranslationContext): Promise<ExecuteResult> {
    return this.serialised(
      () => this.runTranslated(translated, binds, context, 0),
      () => translated.kind === 'command' || mayChangeCatalog(translated.sql),
    );
  }

  /**
   * Whether the current session's open transaction can only be rolled back (a statement failed
   * in it and DuckDB aborted it): its COMMIT will be refused.
   */
  transactionFailed(): Promise<boolean> {
    return this.serialised(async () => {
      const lane = this.lane;
      return lane.inTransaction && (await isAborted(lane));
    });
  }

  /** Whether a Snowflake object is a table or a view, or undefined when it does not exist. */
  async objectKind(database: string, schema: string, name: string): Promise<'TABLE' | 'VIEW' | undefined> {
    return this.serialised(() => this.kindOf(database, schema, name));
  }

  private async kindOf(database: string, schema: string, name: string): Promise<'TABLE' | 'VIEW' | undefined> {
    const kinds = await this.cached('kinds', async () => {
      const rows = await this.query(
        `SELECT schema_name, table_name, 'TABLE' FROM duckdb_tables() WHERE database_name = current_database()
         UNION ALL
         SELECT schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE database_name = current_database() AND NOT internal`,
        [],
      );
      return new Map(rows.map(([s, n, kind]) => [objectKey(String(s), String(n)), kind as 'TABLE' | 'VIEW']));
    });
    return kinds.get(objectKey(duckSchemaName(database, schema), name));
  }

  /**
   * A catalog lookup, kept until the catalog can have changed (see `run`). Lookups read the whole
   * database at once: DuckDB's catalog functions cost the same for one object as for all of them
   * (duckdb_columns() about 8 ms, duckdb_tables() 4 ms with three tenants applied), and a load or a
   * task graph asks about a dozen tables in a row.
   */
  private async cached<T>(key: string, lookup: () => Promise<T>): Promise<T> {
    // A transaction that changed the catalog sees objects nobody else does yet, and one that began
    // before the last change does not see it: either asks DuckDB, and keeps the answer to itself.
    const lane = this.lane;
    if (lane.changedCatalog || (lane.inTransaction && lane.catalogVersionAtBegin !== this.catalogGeneration)) return lookup();
    // The answer's promise is kept at once, so tasks of a graph that ask at the same moment share one lookup.
    if (this.catalog.has(key)) return this.catalog.get(key) as Promise<T>;
    const answer = lookup();
    this.catalog.set(key, answer);
    answer.catch(() => {
      if (this.catalog.get(key) === answer) this.catalog.delete(key);
    });
    return answer;
  }

  /** Every database, by name. */
  listDatabases(): Promise<string[]> {
    return this.serialised(() => this.databaseNames());
  }

  private async databaseNames(): Promise<string[]> {
    return (await this.query(`SELECT name FROM ${CATALOG}.databases ORDER BY name`, [])).map(([name]) => String(name));
  }

  /** The schemas of a database, by name. */
  listSchemas(database: string): Promise<string[]> {
    return this.serialised(() => this.schemasOf(database));
  }

  private async schemasOf(database: string): Promise<string[]> {
    return (await this.query(`SELECT name FROM ${CATALOG}.schemas WHERE database_name = $1`, [database])).map(([name]) => String(name));
  }

  /** Tables and views of a schema (or of every schema of a database), for `ALL ... IN SCHEMA` grants. */
  listObjects(database: string, schema?: string): Promise<{ schema: string; name: string; kind: 'TABLE' | 'VIEW' }[]> {
    return this.serialised(() => this.objectsOf(database, schema));
  }

  private async objectsOf(database: string, schema?: string): Promise<{ schema: string; name: string; kind: 'TABLE' | 'VIEW' }[]> {
    const rows = await this.query(
      `SELECT s.name, o.name, o.kind FROM (
         SELECT schema_name, table_name AS name, 'TABLE' AS kind FROM duckdb_tables() WHERE database_name = current_database()
         UNION ALL
         SELECT schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE database_name = current_database() AND NOT internal) o
       JOIN ${CATALOG}.schemas s ON o.schema_name = s.database_name || '$' || s.name
       WHERE s.database_name = $1${schema === undefined ? '' : ' AND s.name = $2'}
       ORDER BY 1, 2`,
      schema === undefined ? [database] : [database, schema],
    );
    return rows.map(([s, name, kind]) => ({ schema: String(s), name: String(name), kind: kind as 'TABLE' | 'VIEW' }));
  }

  /** Columns of a table or view, in order, with their DuckDB types. */
  tableColumns(database: string, schema: string, name: string): Promise<ColumnInfo[]> {
    return this.serialised(() => this.columnsOf(database, schema, name));
  }

  private async columnsOf(database: string, schema: string, name: string): Promise<ColumnInfo[]> {
    const columns = await this.cached('columns', async () => {
      const byTable = new Map<string, ColumnInfo[]>();
      const rows = await this.query(
        `SELECT schema_name, table_name, column_name, data_type, is_nullable, column_default, comment FROM duckdb_columns() WHERE database_name = current_database() ORDER BY schema_name, table_name, column_index`,
        [],
      );
      for (const [s, table, column, type, nullable, defaultValue, comment] of rows) {
        const key = objectKey(String(s), String(table));
        if (!byTable.has(key)) byTable.set(key, []);
        byTable.get(key)!.push({
          name: String(column),
          type: String(type),
          nullable: nullable !== false,
          ...(defaultValue === null ? {} : { defaultValue: String(defaultValue) }),
          ...(comment === null || comment === '' ? {} : { comment: String(comment) }),
        });
      }
      return byTable;
    });
    return columns.get(objectKey(duckSchemaName(database, schema), name)) ?? [];
  }

  /**
   * Rows appended through DuckDB's appender to a temp table (`columns`, typed), then inserted
   * into `target` as `INSERT INTO target (into) SELECT select FROM <that table>`, casting on
   * insert. Returns the rows inserted.
   */
  async bulkLoad(target: TableName, into: readonly string[], select: readonly string[], buffer: BufferRows): Promise<number> {
    if (buffer.rows.length === 0) return 0;
    return this.serialised(() => this.withBuffer(buffer, (name) => this.insertSelectNow(target, into, select, name)));
  }

  /**
   * The rows of `buffer` that an INSERT would fail to cast: for each row where some check's
   * `value` (an expression over the buffer's columns) is not NULL yet does not cast to its
   * `type` (a DuckDB type, as the target column has it), the first such check and the value.
   */
  async uncastable(buffer: BufferRows, checks: readonly { readonly value: string; readonly type: string }[]): Promise<{ file: string; row: number; check: number; value: string }[]> {
    if (buffer.rows.length === 0 || checks.length === 0) return [];
    const failing = checks.map((c, k) => `WHEN ${c.value} IS NOT NULL AND TRY_CAST(${c.value} AS ${c.type}) IS NULL THEN ${k}`).join(' ');
    const values = checks.map((c) => `CAST(${c.value} AS VARCHAR)`).join(', ');
    const rows = await this.serialised(() =>
      this.withBuffer(buffer, async (name) =>
        (await this.connection.runAndReadAll(`SELECT _file, _row, k, [${values}][k + 1] FROM (SELECT *, CASE ${failing} END AS k FROM ${name}) WHERE k IS NOT NULL ORDER BY _file, _row`)).getRows(),
      ),
    );
    return rows.map(([file, row, check, value]) => ({ file: String(file), row: Number(row), check: Number(check), value: String(value) }));
  }

  /** Runs `use` on a temp table holding `buffer`'s rows, appended through DuckDB's appender; drops it after. */
  private async withBuffer<T>(buffer: BufferRows, use: (name: string) => Promise<T>): Promise<T> {
    const name = `copy_buffer_${process.pid}_${Date.now()}`;
    await this.connection.run(`CREATE TEMP TABLE ${name} (${buffer.columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(', ')})`);
    try {
      const appender = await this.connection.createAppender(name, 'main', 'temp');
      const types = buffer.columns.map((c) => c.type);
      for (const row of buffer.rows) {
        for (let k = 0; k < types.length; k++) {
          const value = row[k];
          if (value === null || value === undefined) appender.appendNull();
          else if (types[k] === 'BIGINT') appender.appendBigInt(BigInt(value));
          else appender.appendVarchar(String(value));
        }
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
      return await use(name);
    } finally {
      await this.connection.run(`DROP TABLE IF EXISTS ${name}`);
    }
  }

  /** `INSERT INTO target (into) SELECT select FROM source`, source being DuckDB SQL (a table function). Returns the rows inserted. */
  insertSelect(target: TableName, into: readonly string[], select: readonly string[], source: string): Promise<number> {
    return this.serialised(() => this.insertSelectNow(target, into, select, source));
  }

  private async insertSelectNow(target: TableName, into: readonly string[], select: readonly string[], source: string): Promise<number> {
    const table = `${quoteIdentifier(duckSchemaName(target.database, target.schema))}.${quoteIdentifier(target.name)}`;
    const reader = await this.connection.runAndReadAll(`INSERT INTO ${table} (${into.map(quoteIdentifier).join(', ')}) SELECT ${select.join(', ')} FROM ${source}`);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /** Does a database, or a schema of it, exist? */
  async containerExists(database: string, schema?: string): Promise<boolean> {
    return this.serialised(() => (schema === undefined ? this.databaseExists(database) : this.schemaExists(database, schema)));
  }

  /**
   * Raw DuckDB access to the engine's own bookkeeping (`sf_system`: access control, audit log,
   * apply state). Never reachable from Snowflake SQL: no Snowflake schema maps to a name
   * without `$`.
   */
  system(sql: string, binds: readonly BindValue[] = []): Promise<unknown[][]> {
    return this.serialised(
      () => this.query(sql, binds),
      () => mayChangeCatalog(sql),
    );
  }

  /**
   * Runs `work` when it may. A call of a session inside its explicit transaction uses that
   * session's own connection (a session makes one call at a time), so it may overlap other such
   * calls: DuckDB runs transactions on separate connections at once. Every other call runs
   * alone, after everything before it, and so does a call whose `mustRunAlone` says so: whatever
   * can change the catalog (as does any call in a transaction that changed it), so the cached
   * catalog lookups never race a change. An overlapping call still waits for the calls that run
   * alone queued before it.
   */
  private serialised<T>(work: () => Promise<T>, mustRunAlone: () => boolean = () => false): Promise<T> {
    const lane = this.lane;
    const overlaps = lane !== this.shared && !lane.changedCatalog && !mustRunAlone();
    const ready = overlaps ? this.exclusiveTail : Promise.all([this.exclusiveTail, ...this.overlapping]);
    const run = ready.then(async () => {
      try {
        return await work();
      } catch (error) {
        const current = this.lane;
        if (current.inTransaction) current.erred = true;
        throw error;
      }
    });
    const settled = run.catch(() => undefined);
    if (overlaps) {
      this.overlapping.add(settled);
      void settled.then(() => this.overlapping.delete(settled));
    } else {
      this.exclusiveTail = settled;
    }
    return run;
  }

  private async runTranslated(translated: TranslatedStatement, values: readonly BindValue[], context: TranslationContext, bindOffset: number): Promise<ExecuteResult> {
    if (translated.kind === 'command') return this.runCommand(translated.command, context);
    if (values.length < translated.bindCount) {
      throw new SnowflakeError('002049', '42601', `SQL compilation error: Bind variable ${bindOffset + values.length + 1} not set.`);
    }
    return this.runSql(translated, values, context);
  }

  // ---- SQL statements ---------------------------------------------------------------------

  private async runSql(statement: TranslatedSql, binds: readonly BindValue[], context: TranslationContext): Promise<ExecuteResult> {
    await this.useSession(context);
    if (statement.informationSchema) await this.setVisibleObjects(statement.informationSchema, context.visibleObjects);
    const present = await this.checkReferences(statement.references);
    if (!present && statement.skipIfMissing) return status(STATUS_OK, context, statement.statementType);
    if (statement.retype) await this.checkRetype(statement.references.find((r) => r.access === 'write')!, statement.retype);
    let result: DuckDBMaterializedResult | undefined;
    let mergeCounts: Record<string, number> | undefined;
    try {
      if (statement.mergeSteps) mergeCounts = await this.mergeInSteps(statement.mergeSteps, context);
      else result = await this.run(statement.sql, binds);
    } catch (error) {
      throw toSnowflakeError(error, statement);
    }
    await this.recordCreation(statement);
    const target = statement.references.find((r) => r.access === 'write');
    switch (statement.statementType) {
      case 'SELECT':
        return rowsResult(await ResultRows.read(result!), context, 'SELECT', context.deferRows === true, statement.columnNames);
      case 'INSERT':
      case 'UPDATE':
      case 'DELETE': {
        const count = Number((await result!.getRowsJson())[0]?.[0] ?? 0);
        return dml([[statement.statementType.toLowerCase(), count]], context, statement.statementType);
      }
      case 'MERGE': {
        // Snowflake reports one count column per WHEN action the MERGE has.
        const tally = mergeCounts ?? countBy((await result!.getRowsJson()).map((row) => String(row[0]).toLowerCase()));
        const present = new Set(statement.references.filter((r) => r.access === 'write').map((r) => r.action));
        const counts = Object.keys(DML_COLUMNS)
          .filter((action) => present.has(action as ObjectReference['action']))
          .map((action): [string, number] => [action, tally[action] ?? 0]);
        return dml(counts, context, 'MERGE');
      }
      case 'CREATE_TABLE':
      case 'CREATE_VIEW':
        return status(`${statement.statementType === 'CREATE_TABLE' ? 'Table' : 'View'} ${target?.name} successfully created.`, context, statement.statementType);
      case 'DROP_TABLE':
      case 'DROP_VIEW':
        return status(`${target?.name} successfully dropped.`, context, statement.statementType);
      default:
        return status(STATUS_OK, context, statement.statementType);
    }
  }

  /**
   * Runs a MERGE in steps (see MergeSteps) in one transaction, its own unless one is open, and
   * returns the rows it inserted, updated and deleted. The temporary tables are DuckDB's, not
   * the account's, so the cached catalog lookups stay.
   */
  private async mergeInSteps(merge: MergeSteps, context: TranslationContext): Promise<Record<string, number>> {
    const own = !this.lane.inTransaction;
    if (own) {
      await this.run('BEGIN TRANSACTION', []);
      // BEGIN moved the session to a connection of its own, last used by whichever session ran
      // there: the steps must see this session's role and user (the policies read them).
      await this.useSession(context);
    }
    // CREATE TABLE ... AS answers with its row count, like the other statements here.
    const count = async (sql: string) => ((await (await this.connection.run(sql)).getRowsJson())[0] ?? []).map(Number);
    try {
      const counts = { insert: 0, update: 0, delete: 0 };
      const [sourceRows] = await count(merge.source);
      // Steps a count shows to have nothing to do are left out: most runs change few rows.
      if (sourceRows > 0) {
        if (merge.updated) {
          [counts.update] = await count(merge.updated.create);
          const [, distinct] = counts.update > 1 ? await count(merge.updated.count) : [counts.update, counts.update];
          if (distinct !== counts.update) throw new SnowflakeError('100090', '42P18', 'Duplicate row detected during DML action');
        }
        const [deletedByClauses] = merge.deleted ? await count(merge.deleted) : [];
        // The total counts the DELETEs that stand for updates; the rest are the MERGE's own.
        const [total] = await count(merge.merge);
        const merged = total - counts.update;
        counts.delete = deletedByClauses ?? (merge.deletes ? merged : 0);
        counts.insert = merged - counts.delete;
        if (counts.update > 0) await this.connection.run(merge.updated!.insert);
      }
      await this.connection.run(merge.cleanup);
      if (own) await this.run('COMMIT', []);
      return counts;
    } catch (error) {
      // A transaction that was open stays the caller's to roll back (DuckDB has aborted it).
      if (own) await this.run('ROLLBACK', []);
      throw error;
    }
  }

  /**
   * Fails like Snowflake when a referenced container or object is missing (DuckDB would name
   * its own schema, or match names case-insensitively). Returns false when an object that may
   * be missing (DROP ... IF EXISTS) is.
   */
  private async checkReferences(references: readonly ObjectReference[]): Promise<boolean> {
    let allPresent = true;
    for (const ref of references) {
      const creating = ref.action === 'create';
      if (!(await this.databaseExists(ref.database))) {
        if (creating) throw databaseDoesNotExist(ref.database);
        if (!ref.mustExist) return false;
        throw objectDoesNotExist(qualified(ref));
      }
      if (!(await this.schemaExists(ref.database, ref.schema))) {
        if (creating) throw schemaDoesNotExist(`${ref.database}.${ref.schema}`);
        if (!ref.mustExist) return false;
        throw objectDoesNotExist(qualified(ref));
      }
      if (creating) continue;
      const exists = await this.objectExists(ref);
      if (!exists && ref.mustExist) throw objectDoesNotExist(qualified(ref));
      allPresent &&= exists;
    }
    return allPresent;
  }

  /** Refuses a column type change Snowflake does not make in place (002108), before DuckDB would convert the column. */
  private async checkRetype(table: ObjectReference, retype: ColumnRetype): Promise<void> {
    const current = (await this.columnsOf(table.database, table.schema, table.name)).find((c) => c.name === retype.column)?.type;
    if (current === undefined) throw new SnowflakeError('000904', '42000', `SQL compilation error:\ninvalid identifier '${retype.column}'`);
    if (!retypesInPlace(current, retype.duckType)) {
      throw new SnowflakeError('002108', '22000', `SQL compilation error: cannot change column ${retype.column} from type ${snowflakeTypeText(current)} to ${snowflakeTypeText(retype.duckType)}`);
    }
  }

  private async objectExists(ref: ObjectReference): Promise<boolean> {
    return (await this.kindOf(ref.database, ref.schema, ref.name)) !== undefined;
  }

  // ---- catalog commands -------------------------------------------------------------------

  private async runCommand(command: EngineCommand, context: TranslationContext): Promise<ExecuteResult> {
    switch (command.kind) {
      case 'createDatabase': {
        if (await this.databaseExists(command.name)) {
          if (command.ifNotExists) return status(`${command.name} already exists, statement succeeded.`, context, command.kind);
          if (!command.orReplace) throw objectAlreadyExists(command.name);
          await this.dropDatabase(command.name);
        }
        await this.query(`INSERT INTO ${CATALOG}.databases VALUES ($1, current_timestamp, $2)`, [command.name, command.comment ?? null]);
        await this.createSchema(command.name, 'PUBLIC', false);
        // Like Snowflake, creating a database makes it (and its PUBLIC schema) current.
        return status(`Database ${command.name} successfully created.`, withContainer(context, command.name, 'PUBLIC'), command.kind);
      }
      case 'dropDatabase': {
        if (!(await this.databaseExists(command.name))) {
          if (command.ifExists) return status(`Drop statement executed successfully (${command.name} already dropped).`, context, command.kind);
          throw databaseDoesNotExist(command.name);
        }
        await this.dropDatabase(command.name);
        const next = context.database === command.name ? withContainer(context) : context;
        return status(`${command.name} successfully dropped.`, next, command.kind);
      }
      case 'createSchema': {
        if (!(await this.databaseExists(command.database))) throw databaseDoesNotExist(command.database);
        const name = `${command.database}.${command.name}`;
        if (await this.schemaExists(command.database, command.name)) {
          if (command.ifNotExists) return status(`${command.name} already exists, statement succeeded.`, context, command.kind);
          if (!command.orReplace) throw objectAlreadyExists(name);
          await this.dropSchema(command.database, command.name);
        }
        await this.createSchema(command.database, command.name, command.managedAccess, command.comment);
        return status(`Schema ${command.name} successfully created.`, withContainer(context, command.database, command.name), command.kind);
      }
      case 'dropSchema': {
        if (!(await this.databaseExists(command.database))) throw databaseDoesNotExist(command.database);
        if (!(await this.schemaExists(command.database, command.name))) {
          if (command.ifExists) return status(`Drop statement executed successfully (${command.name} already dropped).`, context, command.kind);
          throw schemaDoesNotExist(`${command.database}.${command.name}`);
        }
        await this.dropSchema(command.database, command.name);
        const next = context.database === command.database && context.schema === command.name ? withContainer(context, command.database) : context;
        return status(`${command.name} successfully dropped.`, next, command.kind);
      }
      case 'alterDatabase':
      case 'alterSchema': {
        const [database, schema] = command.kind === 'alterDatabase' ? [command.name, undefined] : [command.database, command.name];
        const exists = (await this.databaseExists(database)) && (schema === undefined || (await this.schemaExists(database, schema)));
        if (!exists) {
          if (command.ifExists) return status(STATUS_OK, context, command.kind);
          throw schema === undefined ? databaseDoesNotExist(database) : schemaDoesNotExist(`${database}.${schema}`);
        }
        const row = schema === undefined ? { table: 'databases', where: 'name = $2', keys: [database] } : { table: 'schemas', where: 'database_name = $2 AND name = $3', keys: [database, schema] };
        if (command.comment !== undefined) await this.query(`UPDATE ${CATALOG}.${row.table} SET comment = $1 WHERE ${row.where}`, [command.comment, ...row.keys]);
        if (command.kind === 'alterSchema' && command.managedAccess !== undefined) await this.query(`UPDATE ${CATALOG}.schemas SET managed_access = $1 WHERE ${row.where}`, [command.managedAccess, ...row.keys]);
        return status(STATUS_OK, context, command.kind);
      }
      case 'useDatabase': {
        if (!(await this.databaseExists(command.database))) throw databaseDoesNotExist(command.database);
        const hasPublic = await this.schemaExists(command.database, 'PUBLIC');
        return status(STATUS_OK, withContainer(context, command.database, hasPublic ? 'PUBLIC' : undefined), command.kind);
      }
      case 'useSchema': {
        if (!(await this.databaseExists(command.database))) throw databaseDoesNotExist(command.database);
        if (!(await this.schemaExists(command.database, command.schema))) throw schemaDoesNotExist(`${command.database}.${command.schema}`);
        return status(STATUS_OK, withContainer(context, command.database, command.schema), command.kind);
      }
      case 'show': {
        const scope = await this.resolveShowScope(command.scope);
        return command.object === 'COLUMNS' ? this.showColumns(scope, command.like, context) : this.show({ ...command, object: command.object, scope }, context);
      }
      case 'describe':
        return this.describe(command.object, context);
    }
  }

  private async createSchema(database: string, name: string, managedAccess: boolean, comment?: string): Promise<void> {
    const duckName = duckSchemaName(database, name);
    // `A$B`.`C` and `A`.`B$C` would share one DuckDB schema; refuse rather than mix them.
    const taken = await this.query('SELECT 1 FROM duckdb_schemas() WHERE database_name = current_database() AND schema_name = $1', [duckName]);
    if (taken.length > 0) {
      throw new SnowflakeError(
        '002002',
        '42710',
        `SQL compilation error:\nSchema '${database}.${name}' maps to local schema "${duckName}", which another database/schema pair already uses. Rename one of them (avoid '$' in names).`,
      );
    }
    await this.run(`CREATE SCHEMA ${quoteIdentifier(duckName)}`, []);
    await this.query(`INSERT INTO ${CATALOG}.schemas VALUES ($1, $2, current_timestamp, $3, $4)`, [database, name, comment ?? null, managedAccess]);
  }

  private async dropSchema(database: string, name: string): Promise<void> {
    await this.run(`DROP SCHEMA IF EXISTS ${quoteIdentifier(duckSchemaName(database, name))} CASCADE`, []);
    await this.query(`DELETE FROM ${CATALOG}.schemas WHERE database_name = $1 AND name = $2`, [database, name]);
    await this.query(`DELETE FROM ${CATALOG}.objects WHERE database_name = $1 AND schema_name = $2`, [database, name]);
  }

  /**
   * Keeps each table's and view's creation time: set by CREATE (again by CREATE OR REPLACE, not
   * by CREATE ... IF NOT EXISTS of an existing one), carried over by RENAME TO, removed by DROP.
   * Written on the statement's connection, so rolling back the DDL rolls this back with it.
   */
  private async recordCreation(statement: TranslatedSql): Promise<void> {
    const written = statement.references.filter((r) => r.access === 'write');
    const created = written.find((r) => r.action === 'create');
    const where = 'database_name = $1 AND schema_name = $2 AND name = $3';
    const key = (r: ObjectReference) => [r.database, r.schema, r.name];
    switch (statement.statementType) {
      case 'CREATE_TABLE':
      case 'CREATE_VIEW':
        if (!created) return;
        if (IF_NOT_EXISTS.test(statement.sql)) {
          await this.query(`INSERT INTO ${CATALOG}.objects SELECT $1, $2, $3, current_timestamp WHERE NOT EXISTS (FROM ${CATALOG}.objects WHERE ${where})`, key(created));
          return;
        }
        await this.query(`DELETE FROM ${CATALOG}.objects WHERE ${where}`, key(created));
        await this.query(`INSERT INTO ${CATALOG}.objects VALUES ($1, $2, $3, current_timestamp)`, key(created));
        return;
      case 'DROP_TABLE':
      case 'DROP_VIEW':
        for (const dropped of written) await this.query(`DELETE FROM ${CATALOG}.objects WHERE ${where}`, key(dropped));
        return;
      case 'ALTER_TABLE': {
        const altered = written.find((r) => r.action === 'alter');
        if (created && altered) await this.query(`UPDATE ${CATALOG}.objects SET name = $4 WHERE ${where}`, [...key(altered), created.name]);
        return;
      }
    }
  }

  private async dropDatabase(name: string): Promise<void> {
    for (const schema of await this.schemasOf(name)) await this.dropSchema(name, schema);
    await this.query(`DELETE FROM ${CATALOG}.databases WHERE name = $1`, [name]);
  }

  private async databaseExists(name: string): Promise<boolean> {
    return (await this.cached(`database ${name}`, () => this.query(`SELECT 1 FROM ${CATALOG}.databases WHERE name = $1`, [name]))).length > 0;
  }

  private async schemaExists(database: string, name: string): Promise<boolean> {
    return (await this.cached(`schema ${database}.${name}`, () => this.query(`SELECT 1 FROM ${CATALOG}.schemas WHERE database_name = $1 AND name = $2`, [database, name]))).length > 0;
  }

  /** A table's or view's columns as Snowflake's DESCRIBE shows them; `policy name` is the account's to fill. */
  private async describe(object: { database: string; schema: string; name: string }, context: TranslationContext): Promise<ExecuteResult> {
    await this.requireObject(object);
    const names = ['name', 'type', 'kind', 'null?', 'default', 'primary key', 'unique key', 'check', 'expression', 'comment', 'policy name', 'privacy domain'];
    const rows = (await this.columnsOf(object.database, object.schema, object.name)).map((c) => [
      c.name, snowflakeTypeText(c.type), 'COLUMN', c.nullable ? 'Y' : 'N', c.defaultValue ?? null, 'N', 'N', null, null, c.comment ?? null, null, null,
    ]);
    return textRows(names, rows, context);
  }

  /** SHOW COLUMNS: every column of the tables and views in scope, with Snowflake's column names. */
  private async showColumns(scope: ResolvedShowScope, like: string | undefined, context: TranslationContext): Promise<ExecuteResult> {
    await this.checkScope(scope);
    const pattern = like === undefined ? undefined : likeRegExp(like);
    const objects = await this.objectsIn(scope);
    const rows: unknown[][] = [];
    for (const o of objects) {
      for (const c of await this.columnsOf(o.database, o.schema, o.name)) {
        if (pattern && !pattern.test(c.name)) continue;
        rows.push([o.name, o.schema, c.name, JSON.stringify(columnDataType(c)), c.nullable ? 'true' : 'false', c.defaultValue ?? '', 'COLUMN', '', c.comment ?? '', o.database, '']);
      }
    }
    const names = ['table_name', 'schema_name', 'column_name', 'data_type', 'null?', 'default', 'kind', 'expression', 'comment', 'database_name', 'autoincrement'];
    return textRows(names, rows, context);
  }

  /** The tables and views a SHOW scope covers, in name order. */
  private async objectsIn(scope: ResolvedShowScope): Promise<{ database: string; schema: string; name: string }[]> {
    if (scope.kind === 'object') {
      await this.requireObject(scope);
      return [scope];
    }
    const databases = scope.kind === 'account' ? await this.databaseNames() : [scope.database];
    const objects: { database: string; schema: string; name: string }[] = [];
    for (const database of databases) {
      for (const o of await this.objectsOf(database, scope.kind === 'schema' ? scope.schema : undefined)) objects.push({ database, schema: o.schema, name: o.name });
    }
    return objects;
  }

  /** A table or view DESCRIBE or SHOW COLUMNS names must exist. */
  private async requireObject(object: { database: string; schema: string; name: string }): Promise<void> {
    if ((await this.kindOf(object.database, object.schema, object.name)) === undefined) throw objectDoesNotExist(`${object.database}.${object.schema}.${object.name}`);
  }

  /** A bare name after IN: the current database's schema of that name, or else the database of that name. */
  private async resolveShowScope(scope: ShowScope): Promise<ResolvedShowScope> {
    if (scope.kind !== 'named') return scope;
    if (scope.currentDatabase !== undefined && (await this.schemaExists(scope.currentDatabase, scope.name))) return { kind: 'schema', database: scope.currentDatabase, schema: scope.name };
    if (await this.databaseExists(scope.name)) return { kind: 'database', database: scope.name };
    throw scope.currentDatabase === undefined ? noSchemaInScope() : schemaDoesNotExist(`${scope.currentDatabase}.${scope.name}`);
  }

  /** A SHOW's database or schema must exist. */
  private async checkScope(scope: ResolvedShowScope): Promise<void> {
    if (scope.kind !== 'account' && !(await this.databaseExists(scope.database))) throw databaseDoesNotExist(scope.database);
    if ((scope.kind === 'schema' || scope.kind === 'object') && !(await this.schemaExists(scope.database, scope.schema))) {
      throw schemaDoesNotExist(`${scope.database}.${scope.schema}`);
    }
  }

  /** SHOW DATABASES / SCHEMAS / TABLES / VIEWS with Snowflake's column names (a subset of them). */
  private async show(
    { object, scope, like, terse, startsWith, limit, limitFrom }: ShowCommand & { readonly object: 'DATABASES' | 'SCHEMAS' | 'TABLES' | 'VIEWS'; readonly scope: ResolvedShowScope },
    context: TranslationContext,
  ): Promise<ExecuteResult> {
    await this.checkScope(scope);
    // DuckDB rejects unused parameters, so each one is added where the SQL uses it.
    const binds: BindValue[] = [];
    const param = (value: BindValue): string => {
      binds.push(value);
      return `$${binds.length}`;
    };
    const filters = (): string =>
      [
        like === undefined ? '' : ` AND name ILIKE ${param(like)}`,
        startsWith === undefined ? '' : ` AND starts_with(name, ${param(startsWith)})`,
        limitFrom === undefined ? '' : ` AND name > ${param(limitFrom)}`,
        scope.kind === 'account' ? '' : ` AND database_name = ${param(scope.database)}`,
        scope.kind === 'schema' || scope.kind === 'object' ? ` AND schema_name = ${param(scope.schema)}` : '',
      ].join('');
    const objects = (kind: 'tables' | 'views'): string => `
      SELECT o.${kind === 'tables' ? 'table_name' : 'view_name'} AS name, s.database_name, s.name AS schema_name,
             ${kind === 'tables' ? 'o.estimated_size' : 'o.sql'} AS detail, c.created_on
        FROM duckdb_${kind}() o
        JOIN ${CATALOG}.schemas s ON o.schema_name = s.database_name || '$' || s.name
        ${createdOnJoin('s', `o.${kind === 'tables' ? 'table_name' : 'view_name'}`)}
       WHERE o.database_name = current_database()${kind === 'views' ? ' AND NOT o.internal' : ''}`;
    const current = (value: string | undefined): string => (value === undefined ? 'NULL' : param(value));
    const queries: Record<typeof object, () => string> = {
      DATABASES: () => `
        SELECT created_on, name, 'N' AS is_default, CASE WHEN name = ${current(context.database)} THEN 'Y' ELSE 'N' END AS is_current,
               '' AS origin, '' AS owner, coalesce(comment, '') AS comment, '' AS options, '1' AS retention_time, 'STANDARD' AS kind
          FROM ${CATALOG}.databases WHERE true${filters()} ORDER BY name`,
      SCHEMAS: () => `
        SELECT created_on, name, 'N' AS is_default,
               CASE WHEN database_name = ${current(context.database)} AND name = ${current(context.schema)} THEN 'Y' ELSE 'N' END AS is_current,
               database_name, '' AS owner, coalesce(comment, '') AS comment,
               CASE WHEN managed_access THEN 'MANAGED ACCESS' ELSE '' END AS options, '1' AS retention_time
          FROM ${CATALOG}.schemas WHERE true${filters()} ORDER BY database_name, name`,
      TABLES: () => `
        SELECT created_on, name, database_name, schema_name, 'TABLE' AS kind, '' AS comment,
               '' AS cluster_by, detail AS rows, CAST(NULL AS BIGINT) AS bytes, '' AS owner, '1' AS retention_time
          FROM (${objects('tables')}) WHERE true${filters()} ORDER BY database_name, schema_name, name`,
      VIEWS: () => `
        SELECT created_on, name, '' AS reserved, database_name, schema_name, '' AS owner,
               '' AS comment, detail AS text, 'false' AS is_secure, 'false' AS is_materialized
          FROM (${objects('views')}) WHERE true${filters()} ORDER BY database_name, schema_name, name`,
    };
    // TERSE: five columns for every kind, those that do not apply NULL (SHOW DATABASES' and SHOW SCHEMAS' references).
    const terseColumns: Record<typeof object, string> = {
      DATABASES: 'created_on, name, CAST(NULL AS VARCHAR) AS kind, CAST(NULL AS VARCHAR) AS database_name, CAST(NULL AS VARCHAR) AS schema_name',
      SCHEMAS: 'created_on, name, CAST(NULL AS VARCHAR) AS kind, database_name, CAST(NULL AS VARCHAR) AS schema_name',
      TABLES: "created_on, name, 'TABLE' AS kind, database_name, schema_name",
      VIEWS: "created_on, name, 'VIEW' AS kind, database_name, schema_name",
    };
    const sql = `${terse ? `SELECT ${terseColumns[object]} FROM (${queries[object]()}) ORDER BY database_name, schema_name, name` : queries[object]()}${limit === undefined ? '' : ` LIMIT ${limit}`}`;
    return rowsResult(await ResultRows.read(await this.connection.run(sql, binds)), context, 'show', false);
  }

  private async query(sql: string, binds: readonly BindValue[]): Promise<unknown[][]> {
    return (await (await this.run(sql, binds)).getRowsJson()) as unknown[][];
  }

  /**
   * Sets the DuckDB variables CURRENT_ROLE(), CURRENT_USER() and IS_ROLE_IN_SESSION() read, when
   * the session differs from the last statement's (statements run one at a time on the one
   * connection). A statement without a session sees NULLs: policies then let nothing through.
   */
  private async useSession(context: TranslationContext): Promise<void> {
    const roles = context.role === undefined ? undefined : (context.rolesInSession ?? []);
    const key = context.role === undefined ? '' : [context.role, context.user ?? '', ...(roles ?? [])].join('\u0000');
    const lane = this.lane;
    const text = (value: string | undefined) => (value === undefined ? 'CAST(NULL AS VARCHAR)' : sqlLiteral(value));
    // A statement that calls Cortex runs with its query id set (cortex-meter.ts); the next one on
    // the connection clears it, so a call no statement declared (inside a view) is never billed to it.
    if (context.queryId !== lane.meteredQuery) {
      await lane.connection.run(`SET VARIABLE ${QUERY_ID_VARIABLE} = ${text(context.queryId)}`);
      lane.meteredQuery = context.queryId;
    }
    if (key === lane.sessionKey) return;
    await lane.connection.run(`SET VARIABLE ${SESSION_VARIABLES.role} = ${text(context.role)}`);
    await lane.connection.run(`SET VARIABLE ${SESSION_VARIABLES.user} = ${text(context.user)}`);
    await lane.connection.run(`SET VARIABLE ${SESSION_VARIABLES.roles} = ${roles ? `CAST([${roles.map(sqlLiteral).join(', ')}] AS VARCHAR[])` : 'CAST(NULL AS VARCHAR[])'}`);
    lane.sessionKey = key;
  }

  /**
   * The objects the statement's INFORMATION_SCHEMA views list (see information-schema.ts): those
   * the caller names, or without access control every schema and object of the databases read.
   */
  private async setVisibleObjects(databases: readonly string[], visible: TranslationContext['visibleObjects']): Promise<void> {
    const entries = new Map(visible ?? []);
    if (visible === undefined) {
      for (const database of databases) {
        for (const schema of await this.schemasOf(database)) entries.set(`${database}.${schema}`, undefined);
        for (const o of await this.objectsOf(database)) entries.set(`${database}.${o.schema}.${o.name}`, undefined);
      }
    }
    const pairs = [...entries].map(([name, owner]) => `${sqlLiteral(name)}: ${owner === undefined ? 'NULL' : sqlLiteral(owner)}`);
    await this.lane.connection.run(`SET VARIABLE ${INFORMATION_SCHEMA_VARIABLE} = CAST(MAP {${pairs.join(', ')}} AS MAP(VARCHAR, VARCHAR))`);
  }

  /**
   * Every statement for Snowflake objects goes through here. Reads and row changes leave the
   * catalog as it is; anything else (DDL, ROLLBACK, COMMIT of a transaction that changed the
   * catalog), and any write to the engine's own database and schema lists, may change it, so the
   * cached lookups are dropped. A session's BEGIN takes a connection of its own; its COMMIT or
   * ROLLBACK gives it back.
   */
  private async run(sql: string, binds: readonly BindValue[]): Promise<DuckDBMaterializedResult> {
    const begins = /^\s*(?:BEGIN|START)\b/i.test(sql);
    const ends = /^\s*(?:COMMIT|ROLLBACK)\b/i.test(sql);
    const session = this.currentSession.getStore();
    const opensLane = begins && session !== undefined && !this.sessionLanes.has(session);
    if (opensLane) this.sessionLanes.set(session, await this.idleLane());
    const lane = this.lane;
    const changesCatalog = mayChangeCatalog(sql);
    if (changesCatalog || (ends && lane.changedCatalog)) {
      this.catalog.clear();
      this.catalogGeneration++;
    }
    if (begins) {
      // A BEGIN inside a transaction (which DuckDB refuses) leaves the snapshot where it was.
      if (!lane.inTransaction) lane.catalogVersionAtBegin = this.catalogGeneration;
      lane.inTransaction = true;
    } else if (changesCatalog && lane.inTransaction && !ends) lane.changedCatalog = true;
    try {
      // DuckDB would answer COMMIT of an aborted transaction by rolling it back, and report success.
      if (COMMIT.test(sql) && (await isAborted(lane))) {
        await lane.connection.run('ROLLBACK');
        throw abortedCommit();
      }
      return await lane.connection.run(sql, binds.length > 0 ? [...binds] : undefined);
    } catch (error) {
      // A BEGIN that failed opened nothing: the connection it took goes back to the pool.
      if (opensLane) {
        lane.inTransaction = false;
        this.releaseLane(session!, lane);
      }
      throw transactionError(error) ?? error;
    } finally {
      if (ends) {
        // Ended whether COMMIT succeeded or failed: DuckDB rolls back a transaction it cannot commit.
        lane.inTransaction = false;
        lane.changedCatalog = false;
        lane.erred = false;
        if (lane !== this.shared) this.releaseLane(session!, lane);
      }
    }
  }

  /** A connection for a session's transaction: an idle one, or a new one. */
  private async idleLane(): Promise<Lane> {
    return this.idleLanes.pop() ?? newLane(await this.instance.connect());
  }

  private releaseLane(session: string, lane: Lane): void {
    this.sessionLanes.delete(session);
    if (this.idleLanes.length < IDLE_LANES) this.idleLanes.push(lane);
    else lane.connection.closeSync();
  }
}

/**
 * Whether DuckDB has aborted the lane's transaction (it then refuses every statement but
 * ROLLBACK). Only a call that failed inside the transaction can have, so DuckDB is asked only then.
 */
async function isAborted(lane: Lane): Promise<boolean> {
  if (!lane.erred) return false;
  try {
    await lane.connection.run('SELECT 1');
    return false;
  } catch (error) {
    return ABORTED.test(errorMessage(error));
  }
}

function newLane(connection: DuckDBConnection): Lane {
  return { connection, sessionKey: undefined, meteredQuery: undefined, inTransaction: false, changedCatalog: false, catalogVersionAtBegin: 0, erred: false };
}

function qualified(ref: ObjectReference): string {
  return `${ref.database}.${ref.schema}.${ref.name}`;
}

/** A SHOW or DESCRIBE answer built in JavaScript: text columns, one row each. */
function textRows(names: readonly string[], rows: unknown[][], context: TranslationContext): ExecuteResult {
  return { columns: names.map((name) => ({ name, type: 'TEXT', nullable: true })), rows, rowCount: rows.length, context, statementType: 'show' };
}

function status(message: string, context: TranslationContext, statementType: ExecuteResult['statementType']): ExecuteResult {
  return { columns: [{ name: 'status', type: 'TEXT', nullable: false }], rows: [[message]], rowCount: 1, context, statementType };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function dml(counts: readonly (readonly [string, number])[], context: TranslationContext, statementType: StatementType): ExecuteResult {
  return {
    columns: counts.map(([action]) => ({ name: DML_COLUMNS[action], type: 'FIXED', precision: 38, scale: 0, nullable: false })),
    rows: [counts.map(([, count]) => count)],
    rowCount: counts.reduce((sum, [, count]) => sum + count, 0),
    context,
    statementType,
  };
}

/**
 * A result of read rows: converted now, or handed over to be converted when read (`defer`);
 * `names` gives Snowflake's name to the columns where it is defined (TranslatedSql.columnNames).
 */
function rowsResult(rows: ResultRows, context: TranslationContext, statementType: ExecuteResult['statementType'], defer: boolean, names?: readonly ColumnName[]): ExecuteResult {
  const columns = names ? withSnowflakeNames(rows.columns, names) : rows.columns;
  const common = { columns, rowCount: rows.length, context, statementType };
  return defer ? { ...common, rows: [], deferred: rows } : { ...common, rows: rows.slice() };
}

/**
 * The columns with the names of `names`: the items before the first star name the first columns,
 * those after the last star the last ones; a star's own columns (and items between two stars,
 * whose place is unknown) keep DuckDB's names, which are the columns' own.
 */
function withSnowflakeNames(columns: readonly ResultColumn[], names: readonly ColumnName[]): ResultColumn[] {
  const first = names.indexOf(STAR_COLUMNS);
  const head = first < 0 ? names : names.slice(0, first);
  const tail = first < 0 ? [] : names.slice(names.lastIndexOf(STAR_COLUMNS) + 1);
  if (first < 0 ? names.length !== columns.length : head.length + tail.length > columns.length) return [...columns];
  const tailStart = columns.length - tail.length;
  return columns.map((column, i) => {
    const name = i < head.length ? head[i] : i >= tailStart ? tail[i - tailStart] : undefined;
    return name === undefined ? column : { ...column, name };
  });
}

/** Maps a DuckDB error to Snowflake's code, state and wording, naming the statement's position. */
function toSnowflakeError(error: unknown, statement: TranslatedSql): SnowflakeError {
  if (error instanceof SnowflakeError) return error;
  const message = errorMessage(error);
  for (const { pattern, error: make } of ERROR_MAP) {
    const match = message.match(pattern);
    if (match) return make(match);
  }
  const { line, col } = statement.source.position;
  return new SnowflakeError(
    '000603',
    'XX000',
    `SQL execution error in the statement at line ${line}:${col}: ${message}\nTranslated SQL: ${statement.sql}`,
  );
}

/** A table's or view's column as the engine reads it from DuckDB's catalog. */
export interface ColumnInfo {
  readonly name: string;
  /** DuckDB's type name, e.g. `DECIMAL(12,2)`. */
  readonly type: string;
  readonly nullable: boolean;
  /** The DEFAULT expression, as DuckDB keeps it. */
  readonly defaultValue?: string;
  readonly comment?: string;
}

/** SHOW COLUMNS' `data_type`: Snowflake's JSON description of a column's type. */
function columnDataType(column: ColumnInfo): Record<string, unknown> {
  const text = snowflakeTypeText(column.type);
  const number = /^NUMBER\((\d+),(\d+)\)$/.exec(text);
  const base =
    number ? { type: 'FIXED', precision: Number(number[1]), scale: Number(number[2]) }
    : text.startsWith('VARCHAR') ? { type: 'TEXT', length: 16777216, byteLength: 16777216, fixed: false }
    : text === 'FLOAT' ? { type: 'REAL' }
    : { type: text.replace(/\(\d+\)$/, '') };
  return { ...base, nullable: column.nullable };
}
