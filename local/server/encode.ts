/**
 * Result encoding in Snowflake's JSON result format: `rowtype` metadata plus rows whose cells are
 * JSON strings (or null) that `snowflake-sdk` converts back to JS types. Rows are written as JSON
 * text directly, one cell encoder per column chosen up front, because a generic
 * `JSON.stringify` per row is the bottleneck for million-row results.
 */
import type { Column, ColumnType, QueryResult, Rows, StatementType } from './backend';

/** One `rowtype` entry as Snowflake sends it. */
export interface RowType {
  readonly name: string;
  readonly database: string;
  readonly schema: string;
  readonly table: string;
  readonly type: string;
  readonly precision: number | null;
  readonly scale: number | null;
  readonly length: number | null;
  readonly byteLength: number | null;
  readonly nullable: boolean;
  readonly collation: null;
}

/** Where the first chunk is cut; later chunks hold as many rows as it did. */
export interface ChunkLimits {
  /** Most rows in one chunk. */
  readonly rows: number;
  /** Size (characters of JSON) after which the first chunk is closed. */
  readonly bytes: number;
}

/** Encodes one non-null cell as a JSON literal (a quoted string). */
type CellEncoder = (value: unknown) => string;

interface TypeCodec {
  /** Metadata defaults: precision, scale, length and byteLength for the `rowtype` entry. */
  readonly meta: (column: Column) => Pick<RowType, 'precision' | 'scale' | 'length' | 'byteLength'>;
  /** Builds the cell encoder for a column (so per-column settings are looked up once). */
  readonly encoder: (column: Column) => CellEncoder;
}

const MAX_TEXT = 16_777_216;
const MAX_BINARY = 8_388_608;
const TIME_SCALE = 9;
const MS_PER_DAY = 86_400_000;

/** Snowflake's `statementTypeId` values (the SDK derives DML row counts from them). */
const STATEMENT_TYPE_IDS: Readonly<Record<StatementType, number>> = {
  SELECT: 0x1000,
  DML: 0x3100,
  USE: 0x4300,
  SHOW: 0x4400,
  DDL: 0x6000,
};

const quote = (text: string): string => `"${text}"`;

function fail(type: string, value: unknown): never {
  throw new TypeError(`cannot encode ${typeof value} ${String(value)} as ${type}`);
}

// --- Dates and times -------------------------------------------------------------------------

/** A point in time as whole epoch seconds plus nanoseconds (0 ≤ nanos < 1e9). */
interface Instant {
  readonly seconds: number;
  readonly nanos: number;
  /** Offset from UTC in minutes, when the source stated one. */
  readonly offsetMinutes?: number;
}

const TIMESTAMP_TEXT =
  /^(-?\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const TIME_TEXT = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

const nanosFromFraction = (digits: string | undefined): number => (digits ? Number(digits.padEnd(9, '0')) : 0);

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0);
  return digits[0] === '-' ? -minutes : minutes;
}

function instantFromMillis(ms: number): Instant {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** Parses timestamp text; `applyOffset` false keeps the wall-clock time (TIMESTAMP_NTZ). */
function instantFromText(text: string, applyOffset: boolean): Instant {
  const m = TIMESTAMP_TEXT.exec(text.trim());
  if (!m) return fail('timestamp', text);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) / 1000;
  const offset = offsetMinutes(m[8]);
  const seconds = applyOffset && offset !== undefined ? wall - offset * 60 : wall;
  return { seconds, nanos: nanosFromFraction(m[7]), ...(offset === undefined ? {} : { offsetMinutes: offset }) };
}

function toInstant(value: unknown, applyOffset: boolean): Instant {
  if (value instanceof Date) return instantFromMillis(value.getTime());
  if (typeof value === 'number') return instantFromMillis(value);
  if (typeof value === 'string') return instantFromText(value, applyOffset);
  return fail('timestamp', value);
}

/** Exact decimal text of `seconds + nanos / 1e9`, as the SDK reads timestamps and times. */
function decimalSeconds({ seconds, nanos }: Instant): string {
  if (seconds >= 0 || nanos === 0) return `${seconds}.${String(nanos).padStart(9, '0')}`;
  // -2 s + 0.25 s is -1.75 s: the text carries the sign of the whole value.
  return `-${-seconds - 1}.${String(1e9 - nanos).padStart(9, '0')}`;
}

function encodeDate(value: unknown): string {
  if (value instanceof Date) return quote(String(Math.floor(value.getTime() / MS_PER_DAY)));
  if (typeof value === 'number') return quote(String(Math.trunc(value)));
  if (typeof value === 'string') return quote(String(Math.floor(instantFromText(value, false).seconds / 86_400)));
  return fail('DATE', value);
}

function encodeTime(value: unknown): string {
  if (value instanceof Date) return quote(decimalSeconds(instantFromMillis(((value.getTime() % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY)));
  if (typeof value === 'number') return quote(decimalSeconds(instantFromMillis(value * 1000)));
  const m = typeof value === 'string' ? TIME_TEXT.exec(value.trim()) : null;
  if (!m) return fail('TIME', value);
  const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  return quote(decimalSeconds({ seconds, nanos: nanosFromFraction(m[4]) }));
}

// Snowflake sends TIMESTAMP_TZ as "<epoch seconds> <1440 + offset minutes>" (result version 1).
const TZ_INDEX_BASE = 1440;

// --- Other types -----------------------------------------------------------------------------

/** Decimal text of `n` with exactly `scale` digits after the point, as Snowflake writes NUMBER(p,s). */
function fixedFromNumber(scale: number): (n: number) => string {
  if (scale === 0) return (n) => (Number.isSafeInteger(n) ? `"${n}"` : Number.isFinite(n) ? `"${n.toFixed(0)}"` : fail('FIXED', n));
  const factor = 10 ** scale;
  return (n) => {
    const scaled = Math.round(n * factor);
    if (!Number.isSafeInteger(scaled)) return Number.isFinite(n) ? `"${n.toFixed(scale)}"` : fail('FIXED', n);
    // Integer arithmetic is several times faster than toFixed on the million-row path.
    let digits = String(scaled < 0 ? -scaled : scaled);
    if (digits.length <= scale) digits = digits.padStart(scale + 1, '0');
    return `"${scaled < 0 ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}"`;
  };
}

function encodeFixed(column: Column): CellEncoder {
  const fromNumber = fixedFromNumber(column.scale ?? 0);
  return (value) => {
    if (typeof value === 'number') return fromNumber(value);
    if (typeof value === 'bigint') return quote(value.toString());
    if (typeof value === 'string') return encodeString(value);
    return fail('FIXED', value);
  };
}

function encodeReal(value: unknown): string {
  if (typeof value === 'number') return quote(String(value));
  if (typeof value === 'string' || typeof value === 'bigint') return encodeString(String(value));
  return fail('REAL', value);
}

const TRUE_TEXT = new Set(['true', '1', 't', 'yes', 'y', 'on']);
const FALSE_TEXT = new Set(['false', '0', 'f', 'no', 'n', 'off']);

function encodeBoolean(value: unknown): string {
  if (typeof value === 'boolean') return value ? '"1"' : '"0"';
  if (typeof value === 'number' || typeof value === 'bigint') return value ? '"1"' : '"0"';
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (TRUE_TEXT.has(text)) return '"1"';
    if (FALSE_TEXT.has(text)) return '"0"';
  }
  return fail('BOOLEAN', value);
}

// Only quotes, backslashes, control characters and lone surrogates need JSON escaping.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const encodeString = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);
const encodeText = (value: unknown): string => encodeString(typeof value === 'string' ? value : String(value));

// JSON has no bigint; inside semi-structured values they become numbers like any JSON parser's.
const bigintAsNumber = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

const encodeJson = (value: unknown): string => encodeString(typeof value === 'string' ? value : JSON.stringify(value, bigintAsNumber));

function encodeBinary(value: unknown): string {
  if (value instanceof Uint8Array) return quote(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex').toUpperCase());
  if (typeof value === 'string' && /^[0-9a-f]*$/i.test(value)) return quote(value.toUpperCase());
  return fail('BINARY', value);
}

// --- The codec table -------------------------------------------------------------------------

const numberMeta = (c: Column) => ({ precision: c.precision ?? 38, scale: c.scale ?? 0, length: null, byteLength: null });
const plainMeta = () => ({ precision: null, scale: null, length: null, byteLength: null });
const timeMeta = (c: Column) => ({ precision: 0, scale: c.scale ?? TIME_SCALE, length: null, byteLength: null });
const jsonMeta = () => ({ precision: null, scale: null, length: null, byteLength: MAX_TEXT });
const always = (encode: CellEncoder) => () => encode;

const timestamp = (applyOffset: boolean, withZone: boolean): TypeCodec['encoder'] => () =>
  withZone
    ? (value) => {
        const instant = toInstant(value, applyOffset);
        return quote(`${decimalSeconds(instant)} ${TZ_INDEX_BASE + (instant.offsetMinutes ?? 0)}`);
      }
    : (value) => quote(decimalSeconds(toInstant(value, applyOffset)));

const CODECS: Readonly<Record<ColumnType, TypeCodec>> = {
  FIXED: { meta: numberMeta, encoder: encodeFixed },
  REAL: { meta: plainMeta, encoder: always(encodeReal) },
  TEXT: {
    meta: (c) => ({ precision: null, scale: null, length: c.length ?? MAX_TEXT, byteLength: Math.min((c.length ?? MAX_TEXT) * 4, MAX_TEXT) }),
    encoder: always(encodeText),
  },
  BOOLEAN: { meta: plainMeta, encoder: always(encodeBoolean) },
  DATE: { meta: plainMeta, encoder: always(encodeDate) },
  TIME: { meta: timeMeta, encoder: always(encodeTime) },
  TIMESTAMP_NTZ: { meta: timeMeta, encoder: timestamp(false, false) },
  TIMESTAMP_LTZ: { meta: timeMeta, encoder: timestamp(true, false) },
  TIMESTAMP_TZ: { meta: timeMeta, encoder: timestamp(true, true) },
  VARIANT: { meta: jsonMeta, encoder: always(encodeJson) },
  OBJECT: { meta: jsonMeta, encoder: always(encodeJson) },
  ARRAY: { meta: jsonMeta, encoder: always(encodeJson) },
  BINARY: {
    meta: (c) => ({ precision: null, scale: null, length: c.length ?? MAX_BINARY, byteLength: c.length ?? MAX_BINARY }),
    encoder: always(encodeBinary),
  },
};

function rowtypeOf(column: Column): RowType {
  const codec = CODECS[column.type];
  if (!codec) throw new TypeError(`unknown column type ${String(column.type)} for column ${column.name}`);
  return {
    name: column.name,
    database: column.database ?? '',
    schema: column.schema ?? '',
    table: column.table ?? '',
    type: column.type.toLowerCase(),
    ...codec.meta(column),
    nullable: column.nullable,
    collation: null,
  };
}

/** Statements without result columns report one row, as Snowflake does. */
function withStatusColumns(result: QueryResult): Pick<QueryResult, 'columns' | 'rows'> {
  if (result.columns.length > 0) return result;
  if (result.statementType === 'DML') {
    return { columns: [{ name: 'number of rows affected', type: 'FIXED', nullable: false }], rows: [[result.rowCount ?? 0]] };
  }
  return { columns: [{ name: 'status', type: 'TEXT', nullable: true }], rows: [['Statement executed successfully.']] };
}

/**
 * A result ready for the wire. The first chunk (sent inline) is encoded up front and sets the
 * rows per chunk; later chunks are read from the backend's rows and encoded when the client
 * downloads them, so the server encodes chunk n+1 while the client parses chunk n, and no second
 * copy of the rows is kept. Once every chunk has been downloaded the rows are released: a result
 * streams once (the first chunk stays in the query response).
 */
export class EncodedResult {
  readonly rowtype: readonly RowType[];
  readonly statementTypeId: number;
  /** Number of rows in the result. */
  readonly total: number;
  /** Rows of the first chunk, JSON arrays joined by commas (no outer brackets). */
  readonly firstChunk: string;
  /** Row count of each chunk; chunk 0 is the inline one. */
  readonly chunkRowCounts: readonly number[];
  /** The rows, until every chunk has been downloaded or the result is dropped. */
  private rows: Rows | undefined;
  /** Chunks (≥ 1) not downloaded yet. */
  private readonly pending = new Set<number>();
  private readonly encoders: readonly CellEncoder[];
  private readonly rowsPerChunk: number;
  private readonly bytesPerRow: number;

  constructor(result: QueryResult, limits: ChunkLimits) {
    const { columns, rows } = withStatusColumns(result);
    this.rowtype = columns.map(rowtypeOf);
    this.statementTypeId = STATEMENT_TYPE_IDS[result.statementType ?? 'SELECT'];
    this.rows = rows;
    this.total = rows.length;
    this.encoders = columns.map((c) => CODECS[c.type].encoder(c));
    const first = this.encodeRows(rows.slice(0, Math.min(rows.length, limits.rows)), limits.bytes);
    this.firstChunk = first.text;
    this.rowsPerChunk = Math.max(1, first.count);
    this.bytesPerRow = first.count > 0 ? Buffer.byteLength(first.text) / first.count : 0;
    const counts = first.count > 0 ? [first.count] : [];
    for (let start = first.count; start < rows.length; start += this.rowsPerChunk) {
      this.pending.add(counts.length);
      counts.push(Math.min(this.rowsPerChunk, rows.length - start));
    }
    this.chunkRowCounts = counts;
    if (this.pending.size === 0) this.release();
  }

  /** Whether the rows are gone (every chunk downloaded, or the result dropped). */
  get released(): boolean {
    return this.rows === undefined;
  }

  /** Rows of chunk `index` (≥ 1), read and encoded now. */
  chunk(index: number): string {
    const rows = this.rows;
    if (!rows) throw new Error('result rows were released');
    const start = this.chunkRowCounts[0]! + (index - 1) * this.rowsPerChunk;
    const text = this.encodeRows(rows.slice(start, Math.min(this.total, start + this.rowsPerChunk)), Number.POSITIVE_INFINITY).text;
    this.pending.delete(index);
    if (this.pending.size === 0) this.release();
    return text;
  }

  /** Frees the rows; later chunk downloads fail. */
  release(): void {
    this.rows?.release?.();
    this.rows = undefined;
  }

  /** Size of chunk `index` in bytes, estimated from the first chunk (the SDK only reports it). */
  estimatedSize(index: number): number {
    return Math.round(this.bytesPerRow * (this.chunkRowCounts[index] ?? 0));
  }

  /** Encodes `rows`, stopping early once the text reaches `maxChars`. */
  private encodeRows(rows: readonly (readonly unknown[])[], maxChars: number): { text: string; count: number } {
    const { encoders } = this;
    const width = encoders.length;
    let text = '';
    let r = 0;
    while (r < rows.length && text.length < maxChars) {
      const row = rows[r]!;
      let line = r === 0 ? '[' : ',[';
      for (let c = 0; c < width; c++) {
        const value = row[c];
        if (c > 0) line += ',';
        line += value === null || value === undefined ? 'null' : encoders[c]!(value);
      }
      text += line + ']';
      r++;
    }
    return { text, count: r };
  }
}
