/**
 * Errors raised by the local engine, shaped like the ones Snowflake returns so that callers
 * (the REST endpoint, `snowflake-sdk`, tests) can match on the same code, SQL state and text.
 */

/** A 1-based position in the SQL text a statement came from. */
export interface SourcePosition {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column number. */
  readonly col: number;
}

/** An error with Snowflake's error code (e.g. `002003`) and ANSI SQL state (e.g. `42S02`). */
export class SnowflakeError extends Error {
  /** Snowflake's six-digit error code, as a string (leading zeros matter). */
  readonly code: string;
  /** The five-character ANSI SQL state Snowflake reports with this code. */
  readonly sqlState: string;

  constructor(code: string, sqlState: string, message: string) {
    super(message);
    this.name = 'SnowflakeError';
    this.code = code;
    this.sqlState = sqlState;
  }
}

/**
 * SQL the local engine does not translate. Raised instead of passing SQL through to DuckDB
 * where it could run with different semantics; the message names the construct, where it is
 * and what to do instead. Code 000002 / 0A000 is Snowflake's own "Unsupported feature".
 */
export class UnsupportedSqlError extends SnowflakeError {
  /** The construct that is not supported, e.g. `function INITCAP` or `CREATE TASK`. */
  readonly construct: string;
  /** Where the construct starts in the submitted SQL. */
  readonly position: SourcePosition;
  /** What to do instead. */
  readonly hint: string;

  constructor(construct: string, position: SourcePosition, hint: string) {
    super(
      '000002',
      '0A000',
      `SQL compilation error:\nUnsupported feature '${construct}' at line ${position.line}:${position.col} ` +
        `(the local engine does not translate it). ${hint}`,
    );
    this.name = 'UnsupportedSqlError';
    this.construct = construct;
    this.position = { line: position.line, col: position.col };
    this.hint = hint;
  }
}

/** `Object 'DB.SCHEMA.T' does not exist or not authorized.` (002003 / 42S02). */
export function objectDoesNotExist(qualifiedName: string): SnowflakeError {
  return new SnowflakeError(
    '002003',
    '42S02',
    `SQL compilation error:\nObject '${qualifiedName}' does not exist or not authorized.`,
  );
}

/** `Database 'X' does not exist or not authorized.` (002003 / 02000). */
export function databaseDoesNotExist(name: string): SnowflakeError {
  return new SnowflakeError(
    '002003',
    '02000',
    `SQL compilation error:\nDatabase '${name}' does not exist or not authorized.`,
  );
}

/** `Schema 'DB.S' does not exist or not authorized.` (002003 / 02000). */
export function schemaDoesNotExist(qualifiedName: string): SnowflakeError {
  return new SnowflakeError(
    '002003',
    '02000',
    `SQL compilation error:\nSchema '${qualifiedName}' does not exist or not authorized.`,
  );
}

/**
 * SHOW ... IN <schema> with an unqualified schema name and no current database: the wording
 * Snowflake's SHOW references give for it (002003 / 02000).
 */
export function noSchemaInScope(): SnowflakeError {
  return new SnowflakeError('002003', '02000', 'SQL compilation error: Object does not exist, or operation cannot be performed.');
}

/** `Object 'X' already exists.` (002002 / 42710). */
export function objectAlreadyExists(qualifiedName: string): SnowflakeError {
  return new SnowflakeError('002002', '42710', `SQL compilation error:\nObject '${qualifiedName}' already exists.`);
}

/** A syntax error (001003 / 42000) at a position of the submitted SQL. */
export function syntaxError(detail: string, position: SourcePosition): SnowflakeError {
  // Snowflake reports a 0-based "position" within the line.
  return new SnowflakeError(
    '001003',
    '42000',
    `SQL compilation error:\nsyntax error line ${position.line} at position ${position.col - 1} ${detail}`,
  );
}

/** A one- or two-part name was used without a current database or schema (090105 / 22000). */
export function noCurrentContainer(kind: 'database' | 'schema', statement: string): SnowflakeError {
  return new SnowflakeError(
    '090105',
    '22000',
    `Cannot perform ${statement}. This session does not have a current ${kind}. ` +
      `Call 'USE ${kind.toUpperCase()}', or use a qualified name.`,
  );
}
