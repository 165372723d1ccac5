/**
 * Type names in both directions: Snowflake type names written in SQL become DuckDB types, and
 * DuckDB result types are reported back with Snowflake's names (FIXED, REAL, TEXT, ...).
 */
import { DuckDBType, DuckDBTypeId } from '@duckdb/node-api';

/** How one Snowflake type name (without its parameters) maps to DuckDB. */
interface TypeRule {
  /** DuckDB type, or a function of the written parameters, e.g. `NUMBER(10,2)`. */
  readonly duck: string | ((params: readonly number[]) => string);
  /** Largest number of parameters Snowflake accepts. */
  readonly maxParams: number;
}

// Snowflake's integer types are all NUMBER(38,0); DECIMAL keeps results exact and typed FIXED.
const number: TypeRule = {
  duck: ([precision = 38, scale = 0]) => `DECIMAL(${precision},${scale})`,
  maxParams: 2,
};
const integer: TypeRule = { duck: 'DECIMAL(38,0)', maxParams: 0 };
const double: TypeRule = { duck: 'DOUBLE', maxParams: 0 };
// Lengths are accepted but not enforced locally (DuckDB VARCHAR has no length limit).
const text: TypeRule = { duck: 'VARCHAR', maxParams: 1 };
const binary: TypeRule = { duck: 'BLOB', maxParams: 1 };
const json: TypeRule = { duck: 'JSON', maxParams: 0 };
// Fractional-second precision is accepted; DuckDB stores microseconds.
const timestamp: TypeRule = { duck: 'TIMESTAMP', maxParams: 1 };
const timestampTz: TypeRule = { duck: 'TIMESTAMPTZ', maxParams: 1 };

/** Snowflake type names the local engine understands, upper case. */
export const SNOWFLAKE_TYPES: Readonly<Record<string, TypeRule>> = {
  NUMBER: number,
  NUMERIC: number,
  DECIMAL: number,
  DEC: number,
  INT: integer,
  INTEGER: integer,
  BIGINT: integer,
  SMALLINT: integer,
  TINYINT: integer,
  BYTEINT: integer,
  FLOAT: double,
  FLOAT4: double,
  FLOAT8: double,
  DOUBLE: double,
  REAL: double,
  VARCHAR: text,
  STRING: text,
  TEXT: text,
  CHAR: text,
  CHARACTER: text,
  NCHAR: text,
  NVARCHAR: text,
  NVARCHAR2: text,
  BINARY: binary,
  VARBINARY: binary,
  BOOLEAN: { duck: 'BOOLEAN', maxParams: 0 },
  DATE: { duck: 'DATE', maxParams: 0 },
  TIME: { duck: 'TIME', maxParams: 1 },
  DATETIME: timestamp,
  TIMESTAMP: timestamp,
  TIMESTAMP_NTZ: timestamp,
  TIMESTAMP_LTZ: timestampTz,
  TIMESTAMP_TZ: timestampTz,
  VARIANT: json,
  OBJECT: json,
  ARRAY: json,
};

/** Types of text-like results; variant path casts to these extract the unquoted string. */
export const TEXT_TYPES: ReadonlySet<string> = new Set(['VARCHAR']);

/**
 * Translates a Snowflake type name and its numeric parameters to DuckDB, or returns
 * `undefined` for names the local engine does not know (the caller reports where).
 */
export function duckTypeFor(name: string, params: readonly number[]): string | undefined {
  const rule = SNOWFLAKE_TYPES[name.toUpperCase()];
  if (!rule || params.length > rule.maxParams) return undefined;
  return typeof rule.duck === 'string' ? rule.duck : rule.duck(params);
}

/** Snowflake's name for a result column type, as the REST protocol reports it. */
export type SnowflakeTypeName =
  | 'FIXED'
  | 'REAL'
  | 'TEXT'
  | 'BINARY'
  | 'BOOLEAN'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP_NTZ'
  | 'TIMESTAMP_TZ'
  | 'VARIANT';

/** A result column described in Snowflake's terms. */
export interface ColumnType {
  readonly type: SnowflakeTypeName;
  /** Total digits, for FIXED. */
  readonly precision?: number;
  /** Digits after the decimal point, for FIXED. */
  readonly scale?: number;
}

const INTEGER_IDS = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.BIGNUM,
]);

const SIMPLE_IDS: ReadonlyMap<DuckDBTypeId, SnowflakeTypeName> = new Map([
  [DuckDBTypeId.FLOAT, 'REAL'],
  [DuckDBTypeId.DOUBLE, 'REAL'],
  [DuckDBTypeId.VARCHAR, 'TEXT'],
  [DuckDBTypeId.UUID, 'TEXT'],
  [DuckDBTypeId.ENUM, 'TEXT'],
  [DuckDBTypeId.BLOB, 'BINARY'],
  [DuckDBTypeId.BOOLEAN, 'BOOLEAN'],
  [DuckDBTypeId.DATE, 'DATE'],
  [DuckDBTypeId.TIME, 'TIME'],
  [DuckDBTypeId.TIME_NS, 'TIME'],
  [DuckDBTypeId.TIMESTAMP, 'TIMESTAMP_NTZ'],
  [DuckDBTypeId.TIMESTAMP_S, 'TIMESTAMP_NTZ'],
  [DuckDBTypeId.TIMESTAMP_MS, 'TIMESTAMP_NTZ'],
  [DuckDBTypeId.TIMESTAMP_NS, 'TIMESTAMP_NTZ'],
  [DuckDBTypeId.TIMESTAMP_TZ, 'TIMESTAMP_TZ'],
  [DuckDBTypeId.TIME_TZ, 'TIME'],
  // NULL-typed results (`SELECT NULL`) are TEXT in Snowflake too.
  [DuckDBTypeId.SQLNULL, 'TEXT'],
]);

/** Describes a DuckDB result type in Snowflake's terms; nested types and JSON are VARIANT. */
export function snowflakeColumnType(type: DuckDBType): ColumnType {
  if (type.alias === 'JSON') return { type: 'VARIANT' };
  if (type.typeId === DuckDBTypeId.DECIMAL) return { type: 'FIXED', precision: type.width, scale: type.scale };
  if (INTEGER_IDS.has(type.typeId)) return { type: 'FIXED', precision: 38, scale: 0 };
  return { type: SIMPLE_IDS.get(type.typeId) ?? 'VARIANT' };
}

/** Precision and scale of a DuckDB `DECIMAL(p,s)` type name, or undefined for another type. */
function decimalOf(duckType: string): { readonly precision: number; readonly scale: number } | undefined {
  const match = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  return match ? { precision: Number(match[1]), scale: Number(match[2]) } : undefined;
}

/**
 * Snowflake's names for the DuckDB types a stored column can have: `text` as DESCRIBE TABLE and
 * GET_DDL write it, `dataType` as INFORMATION_SCHEMA.COLUMNS names it. NUMBER (DuckDB's DECIMAL
 * and integer types) is not listed: its text carries the precision and scale.
 */
const STORED_TYPES: Readonly<Record<string, { readonly text: string; readonly dataType: string }>> = {
  VARCHAR: { text: 'VARCHAR(16777216)', dataType: 'TEXT' },
  DOUBLE: { text: 'FLOAT', dataType: 'FLOAT' },
  FLOAT: { text: 'FLOAT', dataType: 'FLOAT' },
  BOOLEAN: { text: 'BOOLEAN', dataType: 'BOOLEAN' },
  DATE: { text: 'DATE', dataType: 'DATE' },
  TIME: { text: 'TIME(9)', dataType: 'TIME' },
  TIMESTAMP: { text: 'TIMESTAMP_NTZ(9)', dataType: 'TIMESTAMP_NTZ' },
  'TIMESTAMP WITH TIME ZONE': { text: 'TIMESTAMP_TZ(9)', dataType: 'TIMESTAMP_TZ' },
  BLOB: { text: 'BINARY(8388608)', dataType: 'BINARY' },
  JSON: { text: 'VARIANT', dataType: 'VARIANT' },
};

/** DuckDB's integer type names (its catalog's data_type), NUMBER(38,0) to Snowflake as results are. */
const INTEGER_TYPE_NAMES: readonly string[] = [...INTEGER_IDS].map((id) => DuckDBTypeId[id]);

/** Snowflake's name for a stored column's DuckDB type (`DECIMAL(18,0)` is `NUMBER(18,0)`), as DESCRIBE TABLE shows it. */
export function snowflakeTypeText(duckType: string): string {
  const decimal = decimalOf(duckType) ?? (INTEGER_TYPE_NAMES.includes(duckType) ? { precision: 38, scale: 0 } : undefined);
  return decimal ? `NUMBER(${decimal.precision},${decimal.scale})` : (STORED_TYPES[duckType]?.text ?? duckType);
}

/** SQL: whether the DuckDB type name in `typeName` (e.g. duckdb_columns().data_type) is a Snowflake NUMBER. */
export function isNumberTypeSql(typeName: string): string {
  return `(${typeName} LIKE 'DECIMAL%' OR ${typeName} IN (${INTEGER_TYPE_NAMES.map((t) => `'${t}'`).join(', ')}))`;
}

/** SQL: INFORMATION_SCHEMA's DATA_TYPE for the DuckDB type name in `typeName`; the same table as {@link snowflakeTypeText}. */
export function snowflakeDataTypeSql(typeName: string): string {
  const named = Object.entries(STORED_TYPES).map(([duck, t]) => `WHEN ${typeName} = '${duck}' THEN '${t.dataType}'`);
  return `CASE WHEN ${isNumberTypeSql(typeName)} THEN 'NUMBER' ${named.join(' ')} ELSE ${typeName} END`;
}

/**
 * Whether Snowflake's `ALTER COLUMN ... SET DATA TYPE` changes a column in place: to a synonym or
 * another text length (the same DuckDB type here), or a NUMBER to another precision with the
 * same scale (a smaller one only when every value fits, which the conversion checks). Any other
 * change, a scale or a type family, is refused (002108).
 */
export function retypesInPlace(fromDuckType: string, toDuckType: string): boolean {
  if (fromDuckType === toDuckType) return true;
  const [from, to] = [decimalOf(fromDuckType), decimalOf(toDuckType)];
  return from !== undefined && from.scale === to?.scale;
}

/** A time followed by a space and a UTC offset, in a regexp_replace. */
const OFFSET_AFTER_SPACE = String.raw`'(\d)\s+([+-]\d{2}(:?\d{2})?)$'`;

/** The cast target `x::VARIANT`: Snowflake keeps the value as it is (a string stays a string); casting text to JSON would parse it. */
export const VARIANT_CAST = 'VARIANT';

/**
 * `CAST(expression AS type)`, or TRY_CAST. A NUMBER wider than 18 digits (every integer type and
 * plain NUMBER is 38) is parsed as 18 digits first and widened, falling back to the full width
 * only where that fails: DuckDB converts text to a 38-digit DECIMAL about 30x slower than to an
 * 18-digit one (2 us a value), which made every `TRY_TO_NUMBER` over a RAW column cost more than
 * reading it. The value is the same either way. The fallback repeats the expression, so one
 * with a volatile call (uuid()) keeps the plain cast (binds are numbered, `$n`, and repeat safely).
 */
export function castSql(expression: string, duckType: string, tryCast: boolean): string {
  if (duckType === VARIANT_CAST) return `to_json(${expression})`;
  // A VARIANT string becomes its text, not its JSON (see sf_text); TRY_CAST to text cannot fail.
  if (duckType === 'VARCHAR') return `sf_text(${expression})`;
  // Snowflake writes a TIMESTAMP_TZ with a space before its offset ('2024-04-05 12:00:00 +0200'),
  // which DuckDB's cast refuses; any other value goes through its text unchanged.
  if (duckType === 'TIMESTAMPTZ') expression = `regexp_replace(CAST(${expression} AS VARCHAR), ${OFFSET_AFTER_SPACE}, '\\1\\2')`;
  const cast = `${tryCast ? 'TRY_CAST' : 'CAST'}(${expression} AS ${duckType})`;
  const decimal = decimalOf(duckType);
  if (!decimal || decimal.precision <= 18 || decimal.scale > 18 || /\buuid\(/i.test(expression)) return cast;
  return `COALESCE(CAST(TRY_CAST(${expression} AS DECIMAL(18,${decimal.scale})) AS ${duckType}), ${cast})`;
}
