/**
 * A database's INFORMATION_SCHEMA views (TABLES, COLUMNS, VIEWS, SCHEMATA) as DuckDB subqueries
 * over DuckDB's catalog and the engine's own list of Snowflake schemas, with Snowflake's column
 * names. As in Snowflake, a view lists only what the session's role may see: the statement runs
 * with {@link INFORMATION_SCHEMA_VARIABLE} holding every visible schema (`DB.SCHEMA`) and table or
 * view (`DB.SCHEMA.NAME`) of the databases it reads, each mapped to its owner role.
 */
import { isNumberTypeSql, snowflakeDataTypeSql } from './types';

/**
 * The DuckDB schema holding the engine's catalog of Snowflake databases and schemas (DuckDB's own
 * cannot tell them apart) and of when each table and view was created; it has no `$`, so no
 * Snowflake schema maps to it.
 */
export const CATALOG = 'sf_catalog';

/**
 * The join that gives each table or view (named `name`, in the schema row `schemas` of
 * the catalog's schemas table) its `c.created_on`, NULL for one created before the engine kept it.
 */
export function createdOnJoin(schemas: string, name: string): string {
  return `LEFT JOIN ${CATALOG}.objects c ON c.database_name = ${schemas}.database_name AND c.schema_name = ${schemas}.name AND c.name = ${name}`;
}

/** The DuckDB variable (a MAP of visible schema or object name to owner role) the views filter by. */
export const INFORMATION_SCHEMA_VARIABLE = 'sf_information_schema';

/** The views a database's INFORMATION_SCHEMA has locally. */
export const INFORMATION_SCHEMA_VIEWS = ['TABLES', 'COLUMNS', 'VIEWS', 'SCHEMATA'] as const;

const visible = (key: string) => `map_contains(getvariable('${INFORMATION_SCHEMA_VARIABLE}'), ${key})`;
const ownerOf = (key: string) => `map_extract_value(getvariable('${INFORMATION_SCHEMA_VARIABLE}'), ${key})`;

/** Every table and view of `database` (a SQL string literal) the session may see, with its schema, kind and owner. */
function objects(database: string): string {
  const key = `s.database_name || '.' || s.name || '.' || o.name`;
  return `SELECT s.database_name AS db, s.name AS sch, o.name, o.kind, o.duck_schema, o.row_count, o.comment, o.definition, ${ownerOf(key)} AS owner, c.created_on
    FROM (SELECT schema_name AS duck_schema, table_name AS name, 'BASE TABLE' AS kind, estimated_size AS row_count, comment, CAST(NULL AS VARCHAR) AS definition
            FROM duckdb_tables() WHERE database_name = current_database()
          UNION ALL
          SELECT schema_name, view_name, 'VIEW', NULL, comment, sql FROM duckdb_views() WHERE database_name = current_database() AND NOT internal) o
    JOIN ${CATALOG}.schemas s ON o.duck_schema = s.database_name || '$' || s.name
    ${createdOnJoin('s', 'o.name')}
   WHERE s.database_name = ${database} AND ${visible(key)}`;
}

/**
 * The DuckDB subquery for `<database>.INFORMATION_SCHEMA.<view>` (`database` as a SQL string
 * literal), or undefined for a view the engine does not have.
 */
export function informationSchemaRelation(database: string, view: string): string | undefined {
  switch (view) {
    case 'TABLES':
      // LAST_ALTERED: a view changes only by DDL; a table's last DML time is not kept locally.
      return `SELECT db AS TABLE_CATALOG, sch AS TABLE_SCHEMA, name AS TABLE_NAME, owner AS TABLE_OWNER, kind AS TABLE_TYPE, 'NO' AS IS_TRANSIENT,
          CAST(NULL AS VARCHAR) AS CLUSTERING_KEY, CAST(row_count AS DECIMAL(38,0)) AS ROW_COUNT, CAST(NULL AS DECIMAL(38,0)) AS BYTES,
          CAST(IF(kind = 'BASE TABLE', 1, NULL) AS DECIMAL(38,0)) AS RETENTION_TIME, created_on AS CREATED, IF(kind = 'VIEW', created_on, NULL) AS LAST_ALTERED,
          IF(kind = 'BASE TABLE', 'NO', NULL) AS AUTO_CLUSTERING_ON, comment AS COMMENT
        FROM (${objects(database)})`;
    case 'VIEWS':
      // The text is the view's translation, policy bodies inlined: its owner's to see, as SHOW VIEWS shows it.
      return `SELECT db AS TABLE_CATALOG, sch AS TABLE_SCHEMA, name AS TABLE_NAME, owner AS TABLE_OWNER,
          IF(list_contains(getvariable('sf_roles_in_session'), owner), definition, NULL) AS VIEW_DEFINITION, 'NONE' AS CHECK_OPTION,
          'NO' AS IS_UPDATABLE, 'NO' AS INSERTABLE_INTO, 'NO' AS IS_SECURE, created_on AS CREATED, created_on AS LAST_ALTERED, comment AS COMMENT
        FROM (${objects(database)}) WHERE kind = 'VIEW'`;
    case 'COLUMNS':
      return `SELECT o.db AS TABLE_CATALOG, o.sch AS TABLE_SCHEMA, o.name AS TABLE_NAME, c.column_name AS COLUMN_NAME,
          CAST(c.column_index AS DECIMAL(38,0)) AS ORDINAL_POSITION, c.column_default AS COLUMN_DEFAULT, IF(c.is_nullable, 'YES', 'NO') AS IS_NULLABLE,
          ${snowflakeDataTypeSql('c.data_type')} AS DATA_TYPE,
          CAST(IF(c.data_type = 'VARCHAR', 16777216, NULL) AS DECIMAL(38,0)) AS CHARACTER_MAXIMUM_LENGTH,
          CAST(IF(c.data_type = 'VARCHAR', 16777216, NULL) AS DECIMAL(38,0)) AS CHARACTER_OCTET_LENGTH,
          CAST(CASE WHEN c.data_type LIKE 'DECIMAL%' THEN c.numeric_precision WHEN ${isNumberTypeSql('c.data_type')} THEN 38 END AS DECIMAL(38,0)) AS NUMERIC_PRECISION,
          CAST(CASE WHEN ${isNumberTypeSql('c.data_type')} THEN 10 END AS DECIMAL(38,0)) AS NUMERIC_PRECISION_RADIX,
          CAST(CASE WHEN c.data_type LIKE 'DECIMAL%' THEN c.numeric_scale WHEN ${isNumberTypeSql('c.data_type')} THEN 0 END AS DECIMAL(38,0)) AS NUMERIC_SCALE,
          CAST(CASE WHEN c.data_type IN ('TIME', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE') THEN 9 END AS DECIMAL(38,0)) AS DATETIME_PRECISION,
          c.comment AS COMMENT
        FROM (${objects(database)}) o
        JOIN duckdb_columns() c ON c.database_name = current_database() AND c.schema_name = o.duck_schema AND c.table_name = o.name`;
    case 'SCHEMATA': {
      const key = `s.database_name || '.' || s.name`;
      return `SELECT s.database_name AS CATALOG_NAME, s.name AS SCHEMA_NAME, ${ownerOf(key)} AS SCHEMA_OWNER, 'NO' AS IS_TRANSIENT,
          IF(s.managed_access, 'YES', 'NO') AS IS_MANAGED_ACCESS, CAST(1 AS DECIMAL(38,0)) AS RETENTION_TIME, s.created_on AS CREATED,
          CAST(NULL AS TIMESTAMPTZ) AS LAST_ALTERED, s.comment AS COMMENT
        FROM ${CATALOG}.schemas s WHERE s.database_name = ${database} AND ${visible(key)}`;
    }
    default:
      return undefined;
  }
}
