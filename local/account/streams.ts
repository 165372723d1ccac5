/**
 * Streams, locally. A stream is a DuckDB view in its schema that shows the source table's
 * changes since the stream's offset, with Snowflake's METADATA$ columns:
 *
 * - append-only: rows at or past the offset's row position (DuckDB row ids grow with appends);
 *   tables with an append-only stream are therefore insert-only here, which RAW tables are;
 * - standard: the difference between the table and a snapshot taken at the offset: inserts and
 *   deletes; an update shows as a DELETE of the old row plus an INSERT of the new one (Snowflake
 *   flags that pair METADATA$ISUPDATE; here it stays FALSE, as row identity is not tracked).
 *
 * The offset advances only when a DML statement that reads the stream commits: it is updated in
 * the same DuckDB transaction as the DML, so a failed or rolled-back consumer leaves it alone.
 */
import { duckSchemaName, quoteIdentifier } from '../engine/dialect';
import { sqlLiteral } from '../engine/tokenizer';
import { QualifiedName } from '../engine/names';
import { StreamDefinition, qualifiedText } from './objects';

const OFFSETS = 'sf_system.stream_offsets';
export const STREAM_SETUP = `CREATE TABLE IF NOT EXISTS ${OFFSETS} (stream VARCHAR PRIMARY KEY, next_row BIGINT NOT NULL)`;

const duck = (n: QualifiedName) => `${quoteIdentifier(duckSchemaName(n.database, n.schema))}.${quoteIdentifier(n.name)}`;
/** A standard stream's snapshot: a table in sf_system named after the stream. */
const snapshotName = (stream: QualifiedName) => `stream_base$${qualifiedText(stream)}`;
const snapshotTable = (stream: QualifiedName) => `sf_system.${quoteIdentifier(snapshotName(stream))}`;

/** DuckDB statements that create a stream's view (and offset or snapshot). */
export function createStreamSql(stream: StreamDefinition, showInitialRows: boolean, columns: readonly string[]): string[] {
  const source = duck(stream.table);
  if (stream.mode === 'APPEND_ONLY') {
    const key = sqlLiteral(qualifiedText(stream));
    return [`INSERT OR REPLACE INTO ${OFFSETS} SELECT ${key}, ${showInitialRows ? '0' : `(${appendOnlyEndSql(stream)})`}`, streamViewSql(stream, columns)];
  }
  const cols = columns.map(quoteIdentifier).join(', ');
  return [`CREATE OR REPLACE TABLE ${snapshotTable(stream)} AS SELECT ${cols} FROM ${source}${showInitialRows ? ' WHERE FALSE' : ''}`, streamViewSql(stream, columns)];
}

/** The stream's view over its table's `columns`: rows past the offset, or the table's difference from the snapshot. */
function streamViewSql(stream: StreamDefinition, columns: readonly string[]): string {
  const source = duck(stream.table);
  if (stream.mode === 'APPEND_ONLY') {
    return `CREATE OR REPLACE VIEW ${duck(stream)} AS
         SELECT ${columns.map((c) => `t.${quoteIdentifier(c)}`).join(', ')}, 'INSERT' AS "METADATA$ACTION", FALSE AS "METADATA$ISUPDATE",
                CAST(t.rowid AS VARCHAR) AS "METADATA$ROW_ID"
           FROM ${source} AS t
          WHERE t.rowid >= (SELECT next_row FROM ${OFFSETS} WHERE stream = ${sqlLiteral(qualifiedText(stream))})`;
  }
  const cols = columns.map(quoteIdentifier).join(', ');
  const base = snapshotTable(stream);
  return `CREATE OR REPLACE VIEW ${duck(stream)} AS
       WITH added AS (SELECT ${cols} FROM ${source} EXCEPT ALL SELECT ${cols} FROM ${base}),
            removed AS (SELECT ${cols} FROM ${base} EXCEPT ALL SELECT ${cols} FROM ${source})
       SELECT added.*, 'INSERT' AS "METADATA$ACTION", FALSE AS "METADATA$ISUPDATE", CAST(NULL AS VARCHAR) AS "METADATA$ROW_ID" FROM added
       UNION ALL
       SELECT removed.*, 'DELETE', FALSE, CAST(NULL AS VARCHAR) FROM removed`;
}

/**
 * After ALTER TABLE: the stream follows its table's columns and keeps its offset, as a Snowflake
 * stream reads the table's current columns. A standard stream's snapshot gains an added column
 * (NULL, as the table's existing rows have it, so no row looks changed) and loses a dropped one.
 */
export function followTableSql(stream: StreamDefinition, columns: readonly { readonly name: string; readonly type: string }[], snapshotColumns: readonly string[]): string[] {
  const names = columns.map((c) => c.name);
  if (stream.mode === 'APPEND_ONLY') return [streamViewSql(stream, names)];
  const base = snapshotTable(stream);
  return [
    ...snapshotColumns.filter((c) => !names.includes(c)).map((c) => `ALTER TABLE ${base} DROP COLUMN ${quoteIdentifier(c)}`),
    ...columns.filter((c) => !snapshotColumns.includes(c.name)).map((c) => `ALTER TABLE ${base} ADD COLUMN ${quoteIdentifier(c.name)} ${c.type}`),
    streamViewSql(stream, names),
  ];
}

/** The columns of a standard stream's snapshot, for followTableSql. */
export function snapshotColumnsSql(stream: StreamDefinition): string {
  return `SELECT column_name FROM duckdb_columns() WHERE schema_name = 'sf_system' AND table_name = ${sqlLiteral(snapshotName(stream))} ORDER BY column_index`;
}

/** The offset an append-only stream moves to when consumed now: past the table's last row. */
export function appendOnlyEndSql(stream: StreamDefinition): string {
  return `SELECT coalesce(max(rowid) + 1, 0) FROM ${duck(stream.table)}`;
}

/**
 * Statements that move a stream's offset to "now"; run inside the consumer's transaction. An
 * append-only stream moves to `nextRow` when given: where it stood when the transaction consumed
 * it, so rows the transaction adds to the table afterwards stay in the stream.
 */
export function advanceStreamSql(stream: StreamDefinition, columns: readonly string[], nextRow?: number): string[] {
  const source = duck(stream.table);
  if (stream.mode === 'APPEND_ONLY') {
    return [`UPDATE ${OFFSETS} SET next_row = ${nextRow ?? `(${appendOnlyEndSql(stream)})`} WHERE stream = ${sqlLiteral(qualifiedText(stream))}`];
  }
  const cols = columns.map(quoteIdentifier).join(', ');
  return [`DELETE FROM ${snapshotTable(stream)}`, `INSERT INTO ${snapshotTable(stream)} SELECT ${cols} FROM ${source}`];
}

/** Statements that remove a stream's local state (its view goes with DROP VIEW). */
export function dropStreamSql(stream: StreamDefinition): string[] {
  return [`DROP VIEW IF EXISTS ${duck(stream)}`, `DELETE FROM ${OFFSETS} WHERE stream = ${sqlLiteral(qualifiedText(stream))}`, `DROP TABLE IF EXISTS ${snapshotTable(stream)}`];
}

/**
 * What SYSTEM$STREAM_HAS_DATA answers, for several streams in one row: whether each stream's view
 * has a row. One statement for all of them, since a root task's WHEN names every RAW stream and
 * each statement has a fixed cost in DuckDB.
 */
export function hasDataSql(streams: readonly QualifiedName[]): string {
  return `SELECT ${streams.map(streamHasDataSql).join(', ')}`;
}

/** SYSTEM$STREAM_HAS_DATA of one stream, as a DuckDB expression. */
export function streamHasDataSql(stream: QualifiedName): string {
  return `EXISTS (SELECT 1 FROM ${duck(stream)})`;
}
