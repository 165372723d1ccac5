/**
 * RFC 4180 CSV reading with the options Snowflake's CSV file format has. Records keep their
 * 1-based record number and raw text, so a rejected record can be reported (and kept) exactly.
 */

export interface CsvOptions {
  /** @default ',' */
  readonly delimiter?: string;
  /** Quote character (FIELD_OPTIONALLY_ENCLOSED_BY); undefined for none. @default '"' */
  readonly quote?: string;
}

export interface CsvRecord {
  /** 1-based record number in the file, the header included. */
  readonly number: number;
  /** Line on which the record starts (records may span lines inside quotes). */
  readonly line: number;
  readonly fields: readonly string[];
  /** Which fields were quoted (quoted empty strings are not NULL in Snowflake). */
  readonly quoted: readonly boolean[];
  readonly raw: string;
  /** Set when the record is malformed (e.g. an unterminated quote). */
  readonly error?: string;
}

/** Splits CSV text into records. Never throws: a malformed record carries `error`. */
export function* readCsv(text: string, options: CsvOptions = {}): Generator<CsvRecord> {
  const delimiter = options.delimiter ?? ',';
  const quote = 'quote' in options ? options.quote : '"';
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let number = 0;
  let line = 1;
  while (i < n) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let error: string | undefined;
    for (;;) {
      // One field.
      if (quote !== undefined && text[i] === quote) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf(quote, j);
          if (q < 0) {
            error = `unterminated quoted field starting at line ${line}`;
            value += text.slice(j);
            j = n;
            break;
          }
          value += text.slice(j, q);
          if (text[q + 1] === quote) {
            value += quote;
            j = q + 2;
            continue;
          }
          j = q + 1;
          break;
        }
        for (let k = i; k < j; k++) if (text.charCodeAt(k) === 10) line++;
        fields.push(value);
        quoted.push(true);
        i = j;
        if (!error && i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          error = `unexpected ${JSON.stringify(text[i])} after a closing quote`;
          while (i < n && text[i] !== delimiter && text[i] !== '\n') i++;
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text[j];
          if (c === delimiter || c === '\n' || c === '\r') break;
          if (c === quote && !error) error = 'quote inside an unquoted field';
          j++;
        }
        fields.push(text.slice(i, j));
        quoted.push(false);
        i = j;
      }
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    const rawEnd = i;
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    // A trailing empty line is not a record.
    if (rawEnd === start && fields.length === 1 && !quoted[0]) continue;
    number++;
    yield { number, line: startLine, fields, quoted, raw: text.slice(start, rawEnd), ...(error ? { error } : {}) };
  }
}

/**
 * The number of records after the first `skip` when the text is plain CSV, which every
 * RFC 4180 reader splits the way {@link readCsv} does: each record well formed with exactly
 * `fields` fields, records ended by LF only (no CR, no byte order mark, no blank line), and the
 * skipped records on one line each. Undefined otherwise. Reads no field values, so it is cheap
 * enough to decide, before loading, whether another reader (DuckDB's) may load the text.
 */
export function plainCsvRecords(text: string, options: CsvOptions, skip: number, fields: number): number | undefined {
  const delimiter = options.delimiter ?? ',';
  const quote = 'quote' in options ? options.quote : '"';
  if (delimiter.length !== 1 || delimiter === '\n' || delimiter === quote || (quote !== undefined && quote.length !== 1) || quote === '\n' || fields < 1) return undefined;
  if (text.charCodeAt(0) === 0xfeff || text.includes('\r')) return undefined;
  const header = new RegExp(recordPattern(delimiter, quote, '*', false), 'y');
  const record = new RegExp(recordPattern(delimiter, quote, `{${fields - 1}}`, true), 'y');
  let records = 0;
  let i = 0;
  while (i < text.length) {
    // A blank line is no record to readCsv, but may be one to another reader.
    if (text.charCodeAt(i) === 10) return undefined;
    const pattern = records < skip ? header : record;
    pattern.lastIndex = i;
    if (!pattern.test(text)) return undefined;
    i = pattern.lastIndex;
    records++;
  }
  return Math.max(0, records - skip);
}

/** One record and its line end; quoted fields may span lines only if `multiline`. */
function recordPattern(delimiter: string, quote: string | undefined, more: string, multiline: boolean): string {
  const d = escapeRegExp(delimiter);
  if (quote === undefined) return `[^${d}\\n]*(?:${d}[^${d}\\n]*)${more}(?:\\n|$)`;
  const q = escapeRegExp(quote);
  const inside = multiline ? `[^${q}]*` : `[^${q}\\n]*`;
  const field = `(?:[^${d}${q}\\n]*|${q}${inside}(?:${q}${q}${inside})*${q})`;
  return `${field}(?:${d}${field})${more}(?:\\n|$)`;
}

const escapeRegExp = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field, quoted only when it holds a comma, a quote, CR or LF; quotes are doubled. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record, without its line end. */
export function csvRecord(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

/** All records' fields (header included); throws on the first malformed record, naming it. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  for (const record of readCsv(text)) {
    if (record.error) throw new Error(`CSV record ${record.number}: ${record.error}`);
    out.push([...record.fields]);
  }
  return out;
}
