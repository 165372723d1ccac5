/**
 * DuckDB results read as Snowflake columns and JS values. A result's data chunks are taken from
 * DuckDB when its statement runs, so later statements on the connection cannot change them, and
 * are converted to JS values only for the rows asked for: the endpoint streams a million-row
 * result chunk by chunk instead of holding it all as JS values before answering.
 */
import {
  DuckDBDataChunk,
  DuckDBDecimalType,
  DuckDBDecimalValue,
  DuckDBResult,
  DuckDBType,
  DuckDBTypeId,
  DuckDBValue,
  DuckDBVector,
  JsonDuckDBValueConverter,
} from '@duckdb/node-api';
import { ColumnType, snowflakeColumnType } from './types';

/** A result column described in Snowflake's terms. */
export interface ResultColumn extends ColumnType {
  readonly name: string;
  /** DuckDB does not report nullability of results, so this is always true. */
  readonly nullable: boolean;
}

/** Largest integer a double holds exactly, as a bigint. */
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
/** 10^0 … 10^22 are exact doubles. */
const MAX_EXACT_POWER = 22;

/**
 * A scaled DECIMAL (value / 10^scale) as the nearest double, the same number
 * `Number('<decimal text>')` gives: an exact integer divided by an exact power of ten rounds
 * once. Skipping the text is what makes million-row NUMBER results cheap to read.
 */
function numberFromScaled(value: bigint | number, width: number, scale: number): number {
  // DECIMALs up to 9 digits are stored as 16/32-bit integers: exact doubles already.
  if (typeof value === 'number') return scale === 0 ? value : value / 10 ** scale;
  if (scale === 0) return Number(value);
  if (scale <= MAX_EXACT_POWER && value <= MAX_EXACT && value >= -MAX_EXACT) return Number(value) / 10 ** scale;
  return Number(new DuckDBDecimalValue(value, width, scale).toString());
}

/** A DECIMAL value as the nearest double (see {@link numberFromScaled}). */
export function numberFromDecimal(decimal: DuckDBDecimalValue): number {
  return numberFromScaled(decimal.value, decimal.width, decimal.scale);
}

/** Reads one cell of a column's vector as the JS value ExecuteResult documents. */
type CellReader = (vector: DuckDBVector, row: number) => unknown;

/** The vectors DECIMAL columns come in; all of them read the unscaled integer without an object per cell. */
interface ScaledVector {
  getScaledValue(row: number): bigint | number | null;
}

/** The reader for one result column, chosen once. */
function cellReader(duck: DuckDBType, type: ColumnType['type']): CellReader {
  const json = (value: DuckDBValue): unknown => JsonDuckDBValueConverter(value, duck, JsonDuckDBValueConverter);
  if (type === 'FIXED' && duck instanceof DuckDBDecimalType) {
    const { width, scale } = duck;
    return (vector, row) => {
      const value = (vector as unknown as ScaledVector).getScaledValue(row);
      return value === null ? null : numberFromScaled(value, width, scale);
    };
  }
  if (type === 'FIXED' || type === 'REAL') {
    return (vector, row) => {
      const value = vector.getItem(row);
      if (typeof value === 'bigint') return Number(value);
      const converted = json(value);
      return typeof converted === 'string' ? Number(converted) : converted;
    };
  }
  if (type === 'VARIANT') {
    return (vector, row) => {
      const converted = json(vector.getItem(row));
      return converted === null || typeof converted === 'string' ? converted : JSON.stringify(converted);
    };
  }
  if (duck.typeId === DuckDBTypeId.VARCHAR) return (vector, row) => vector.getItem(row);
  return (vector, row) => json(vector.getItem(row));
}

/**
 * The rows of one DuckDB result, converted to JS values on demand. Holds DuckDB's chunks (not JS
 * values) until {@link release}; `length` and `slice` make it usable wherever rows are read in
 * ranges.
 */
export class ResultRows {
  /** Number of rows. */
  readonly length: number;
  /** First row of each chunk, and the row count at the end (so chunk i holds rows [starts[i], starts[i + 1])). */
  private readonly starts: readonly number[];
  private chunks: readonly DuckDBDataChunk[] | undefined;

  private constructor(
    readonly columns: readonly ResultColumn[],
    private readonly readers: readonly CellReader[],
    chunks: readonly DuckDBDataChunk[],
  ) {
    const starts = [0];
    for (const chunk of chunks) starts.push(starts[starts.length - 1]! + chunk.rowCount);
    this.starts = starts;
    this.length = starts[starts.length - 1]!;
    this.chunks = chunks;
  }

  /** Takes every chunk of `result` from DuckDB now; converts nothing yet. */
  static async read(result: DuckDBResult): Promise<ResultRows> {
    const duckTypes = result.columnTypes();
    const types = duckTypes.map(snowflakeColumnType);
    const columns = result.columnNames().map((name, i): ResultColumn => ({ name, ...types[i]!, nullable: true }));
    const readers = duckTypes.map((duck, i) => cellReader(duck, types[i]!.type));
    return new ResultRows(columns, readers, await result.fetchAllChunks());
  }

  /** Rows [start, end) as JS values, converted now (like Array.prototype.slice, without negative indexes). */
  slice(start = 0, end = this.length): unknown[][] {
    const chunks = this.chunks;
    if (!chunks) throw new Error('the result rows were released');
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    const rows: unknown[][] = new Array(to - from);
    for (let r = 0; r < rows.length; r++) rows[r] = new Array<unknown>(this.readers.length);
    let chunkIndex = this.chunkOf(from);
    for (let row = from; row < to; chunkIndex++) {
      const chunkStart = this.starts[chunkIndex]!;
      const last = Math.min(to, this.starts[chunkIndex + 1]!);
      // A fresh wrapper per conversion: the library caches vectors and their strings per wrapper,
      // which would keep every converted value alive as long as the result.
      const chunk = new DuckDBDataChunk(chunks[chunkIndex]!.chunk);
      for (let c = 0; c < this.readers.length; c++) {
        const read = this.readers[c]!;
        const vector = chunk.getColumnVector(c);
        for (let r = row; r < last; r++) rows[r - from]![c] = read(vector, r - chunkStart);
      }
      row = last;
    }
    return rows;
  }

  /** Drops the DuckDB chunks; reading rows afterwards fails. */
  release(): void {
    this.chunks = undefined;
  }

  /** Index of the chunk holding `row` (binary search over the chunk starts). */
  private chunkOf(row: number): number {
    let low = 0;
    let high = this.starts.length - 2;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= row) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
