/**
 * The contract between the Snowflake-protocol HTTP server and whatever executes SQL behind it
 * (the embedded DuckDB engine, or a fake in tests). The server owns the wire format, sessions,
 * tokens, result chunking and cancellation; a backend only authenticates users and runs one
 * statement at a time for a given session state.
 */

/** Who is logged in and what the session currently points at (Snowflake's session context). */
export interface SessionState {
  /** Login name, as the backend spells it. */
  readonly user: string;
  /** Current role. */
  readonly role: string;
  /** Current database, if any. */
  readonly database?: string;
  /** Current schema, if any. */
  readonly schema?: string;
  /** Current warehouse, if any. */
  readonly warehouse?: string;
  /** `QUERY_TAG` session parameter, if set. */
  readonly queryTag?: string;
}

/** Snowflake's logical column types, as they appear (upper case) in result metadata. */
export type ColumnType =
  | 'FIXED'
  | 'REAL'
  | 'TEXT'
  | 'BOOLEAN'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP_NTZ'
  | 'TIMESTAMP_LTZ'
  | 'TIMESTAMP_TZ'
  | 'VARIANT'
  | 'OBJECT'
  | 'ARRAY'
  | 'BINARY';

/**
 * One result column. The JS values a backend may put in `QueryResult.rows` for each type:
 *
 * - FIXED: number, bigint (exact at any size) or decimal text.
 * - REAL: number (NaN and ±Infinity allowed) or numeric text.
 * - TEXT: string (anything else is converted with `String`).
 * - BOOLEAN: boolean, number (non-zero is true) or `'true'`/`'false'`/`'1'`/`'0'`.
 * - DATE: Date (its UTC calendar day), `'YYYY-MM-DD'` text, or days since 1970-01-01.
 * - TIME: `'HH:MM:SS[.fffffffff]'` text, Date (its UTC time of day) or seconds since midnight.
 * - TIMESTAMP_NTZ / _LTZ / _TZ: Date, epoch milliseconds, or ISO-like text
 *   (`YYYY-MM-DD[ T]HH:MM:SS[.f…][Z|±HH:MM]`, up to nanoseconds). NTZ keeps the written
 *   wall-clock time (an offset in the text is ignored); LTZ and TZ take the offset into
 *   account, TZ also reports it.
 * - VARIANT / OBJECT / ARRAY: a string is taken as JSON text already (how DuckDB returns JSON);
 *   any other value is serialized with `JSON.stringify`.
 * - BINARY: Uint8Array/Buffer, or hex text.
 *
 * `null` and `undefined` are SQL NULL for every type.
 */
export interface Column {
  /** Column name as Snowflake reports it (usually upper case). */
  readonly name: string;
  /** Logical type. */
  readonly type: ColumnType;
  /** FIXED: total digits (default 38). */
  readonly precision?: number;
  /** FIXED: digits after the point (default 0); TIME/TIMESTAMP_*: fractional-second digits (default 9). */
  readonly scale?: number;
  /** TEXT/BINARY: maximum length (default 16,777,216 / 8,388,608). */
  readonly length?: number;
  /** Whether the column may hold NULL. */
  readonly nullable: boolean;
  /** Source database, when the column comes straight from a table. */
  readonly database?: string;
  /** Source schema, when the column comes straight from a table. */
  readonly schema?: string;
  /** Source table, when the column comes straight from a table. */
  readonly table?: string;
}

/** What kind of statement ran; decides Snowflake's `statementTypeId` in the response. */
export type StatementType = 'SELECT' | 'DML' | 'DDL' | 'USE' | 'SHOW';

/**
 * A result's rows, each with one JS value per column (see {@link Column} for the accepted
 * values): an array, or rows the backend converts only when they are read. The server reads them
 * in ranges, one result chunk at a time as the client downloads it, so an array must not change
 * after it is returned.
 */
export interface Rows {
  readonly length: number;
  /** Rows [start, end). */
  slice(start: number, end: number): readonly (readonly unknown[])[];
  /** Frees what holds the rows; the server calls it once it will read no more of them. */
  release?(): void;
}

/** The outcome of one statement. */
export interface QueryResult {
  /** Result columns; empty for statements that return none (a status row is then reported). */
  readonly columns: readonly Column[];
  readonly rows: Rows;
  /** DML: number of rows inserted/updated/deleted (reported when `columns` is empty). */
  readonly rowCount?: number;
  /** Statement kind; defaults to SELECT. */
  readonly statementType?: StatementType;
  /** Session changes the statement made (USE …, ALTER SESSION SET QUERY_TAG …). */
  readonly session?: Partial<SessionState>;
}

/**
 * One bind value as the client sent it: Snowflake's logical type name (`FIXED`, `REAL`,
 * `TEXT`, `BOOLEAN`, `VARIANT`, `DATE`, `TIMESTAMP_NTZ`, …) and the value decoded to JS:
 * FIXED becomes a number (bigint beyond 2^53), REAL a number, BOOLEAN a boolean, VARIANT the
 * parsed JSON; every other type stays the text the client sent. `null` is SQL NULL.
 */
export interface BindValue {
  /** Snowflake logical type name the client chose for the value. */
  readonly type: string;
  /** The decoded value. */
  readonly value: string | number | bigint | boolean | null | object;
}

/**
 * Binds of one statement: an array for positional/numbered binds (`?`, `:1` → index 0), or a
 * record keyed by name when a client sent named binds (`:tenant` → key `tenant`).
 */
export type Binds = readonly BindValue[] | Readonly<Record<string, BindValue>>;

/**
 * An error a backend throws to report a Snowflake error to the client. Anything thrown without
 * string `code` and `sqlState` is reported as an internal error (and logged, not sent).
 */
export interface BackendError {
  /** Snowflake's six-digit error code, e.g. `002003`. */
  readonly code: string;
  /** ANSI SQL state, e.g. `42S02`. */
  readonly sqlState: string;
  /** Message shown to the client, e.g. `SQL compilation error:\nObject 'T' does not exist or not authorized.` */
  readonly message: string;
}

/**
 * What the server needs from a SQL engine. Role, warehouse, database and schema given in the
 * client's connect options are applied at login by running `USE ROLE|WAREHOUSE|DATABASE|SCHEMA
 * <name>` through {@link Backend.execute}, so a backend reports those changes in
 * `QueryResult.session` like any other USE.
 */
export interface Backend {
  /** Checks a login; `undefined` rejects it (Snowflake error 390100). */
  authenticate(user: string, password: string): Promise<SessionState | undefined>;
  /**
   * Runs one statement in the given session state. Rejects with a {@link BackendError} for SQL
   * errors. `signal` fires when the client cancels the statement or the session ends; a backend
   * should stop work then (the server answers the client either way).
   */
  execute(session: SessionState, sql: string, binds: Binds, signal: AbortSignal): Promise<QueryResult>;
  /**
   * The session ended (logout, expiry or server shutdown): release what it holds. Snowflake rolls
   * back a transaction a session leaves open. @default nothing to release
   */
  closeSession?(session: SessionState): Promise<void>;
}
