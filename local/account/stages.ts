/**
 * Internal stages as folders, and the statements that use them: PUT, LIST, REMOVE and
 * COPY INTO with Snowflake's load metadata (a file already loaded is skipped unless FORCE),
 * ON_ERROR handling, and every rejected record kept with its reason, never dropped.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cursor, OptionMap, OptionValue, parseOptions } from '../engine/cursor';
import { SnowflakeError } from '../engine/errors';
import { sqlLiteral, tokenize } from '../engine/tokenizer';
import { CsvOptions, plainCsvRecords, readCsv } from '../formats/csv';
import { quoteIdentifier } from '../engine/dialect';
import { plainNdjsonRecords } from '../formats/ndjson';
import { NameContext, QualifiedName, objectName, resolveName } from '../engine/names';
import { FileFormatDefinition, nameParts } from './objects';

/** A stage reference: `@STAGE`, `@DB.S.STAGE/sub/path`. */
export interface StageRef {
  readonly stage: QualifiedName;
  /** Path inside the stage, without leading slash; '' for the whole stage. */
  readonly path: string;
}

export type CopyExpression =
  | { readonly kind: 'column'; readonly index: number; readonly jsonPath?: readonly string[] }
  | { readonly kind: 'filename' }
  | { readonly kind: 'rowNumber' }
  | { readonly kind: 'scanTime' }
  | { readonly kind: 'literal'; readonly value: string };

export type StageStatement =
  | { readonly kind: 'put'; readonly source: string; readonly target: StageRef; readonly overwrite: boolean }
  /** `SELECT * FROM TABLE(VALIDATE(<table>, JOB_ID => '<query id>' | '_last'))`: a COPY's rejected records. */
  | { readonly kind: 'validate'; readonly table: QualifiedName; readonly jobId: string }
  | { readonly kind: 'list'; readonly target: StageRef; readonly pattern?: string }
  | { readonly kind: 'remove'; readonly target: StageRef; readonly pattern?: string }
  | {
      readonly kind: 'copy';
      readonly table: QualifiedName;
      readonly columns?: readonly string[];
      readonly expressions?: readonly CopyExpression[];
      readonly source: StageRef;
      readonly files?: readonly string[];
      readonly pattern?: string;
      readonly fileFormat?: OptionMap;
      readonly onError: 'CONTINUE' | 'SKIP_FILE' | 'ABORT_STATEMENT';
      readonly force: boolean;
      /** Remove the files it loaded from the stage once the load has committed. */
      readonly purge: boolean;
      readonly matchByColumnName: boolean;
    };

function stageRef(c: Cursor, context: NameContext): StageRef {
  if (!c.accept('@')) throw c.error("expected a stage reference such as '@LANDING/appointments/'");
  const raw = c.rawWord();
  const slash = raw.indexOf('/');
  const namePart = slash < 0 ? raw : raw.slice(0, slash);
  const parts = nameParts(namePart);
  if (parts.length === 0) throw c.error(`expected a stage name in '@${raw}'`);
  return { stage: resolveName(parts, context, 'stage access'), path: slash < 0 ? '' : raw.slice(slash + 1).replace(/^\/+/, '') };
}

function copyExpression(c: Cursor): CopyExpression {
  const t = c.peek();
  if (!t) throw c.error('expected a column expression');
  if (t.kind === 'op' && /^\$\d+$/.test(t.text)) {
    c.skipTo(t.end);
    const jsonPath: string[] = [];
    if (c.accept(':')) {
      jsonPath.push(c.identifier().toLowerCase());
      while (c.accept('.')) jsonPath.push(c.identifier().toLowerCase());
    }
    if (c.accept('::')) c.identifier();
    return { kind: 'column', index: Number(t.text.slice(1)), ...(jsonPath.length ? { jsonPath } : {}) };
  }
  if (c.accept('METADATA$FILENAME')) return { kind: 'filename' };
  if (c.accept('METADATA$FILE_ROW_NUMBER')) return { kind: 'rowNumber' };
  if (c.accept('METADATA$START_SCAN_TIME') || c.accept('CURRENT_TIMESTAMP', '(', ')') || c.accept('CURRENT_TIMESTAMP') || c.accept('SYSDATE', '(', ')')) return { kind: 'scanTime' };
  if (t.kind === 'string') {
    c.skipTo(t.end);
    return { kind: 'literal', value: t.value };
  }
  throw c.error('expected $n, $1:path, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME or a string (the local COPY transformations)');
}

const optionText = (v: OptionValue | undefined) => (typeof v === 'string' ? v : undefined);

/** Parses PUT / LIST / REMOVE / COPY INTO, or returns undefined for anything else. */
export function parseStageStatement(sql: string, context: NameContext): StageStatement | undefined {
  const c = new Cursor(tokenize(sql), sql);
  if (c.accept('SELECT', '*', 'FROM', 'TABLE', '(', 'VALIDATE', '(')) {
    const table = objectName(c, context, 'VALIDATE');
    c.expect(',', 'JOB_ID', '=>');
    if (c.peek()?.kind !== 'string') throw c.error("expected JOB_ID => '<query id of the COPY>' or '_last'");
    const jobId = c.value();
    c.expect(')', ')');
    c.end();
    return { kind: 'validate', table, jobId };
  }
  if (c.accept('PUT')) {
    const next = c.peek();
    const source = next?.kind === 'string' ? (c.skipTo(next.end), next.value) : c.rawWord();
    if (!source.startsWith('file://')) throw c.error(`expected a 'file://' source (got '${source}')`);
    const target = stageRef(c, context);
    const options = parseOptions(c);
    c.end();
    return { kind: 'put', source: source.slice('file://'.length), target, overwrite: options.OVERWRITE === 'TRUE' };
  }
  for (const [word, kind] of [['LIST', 'list'], ['LS', 'list'], ['REMOVE', 'remove'], ['RM', 'remove']] as const) {
    if (c.accept(word)) {
      const target = stageRef(c, context);
      const pattern = optionText(parseOptions(c).PATTERN);
      c.end();
      return { kind, target, ...(pattern !== undefined ? { pattern } : {}) };
    }
  }
  if (!c.accept('COPY', 'INTO')) return undefined;
  if (c.peek()?.kind === 'op' && c.peek()?.text === '@') {
    throw new SnowflakeError('000002', '0A000', "SQL compilation error:\nUnsupported feature 'COPY INTO @stage' (unloading) in the local engine.");
  }
  const table = objectName(c, context, 'COPY INTO');
  let columns: string[] | undefined;
  if (c.accept('(')) {
    columns = [];
    do columns.push(c.identifier());
    while (c.accept(','));
    c.expect(')');
  }
  c.expect('FROM');
  let expressions: CopyExpression[] | undefined;
  let source: StageRef;
  if (c.accept('(')) {
    c.expect('SELECT');
    expressions = [];
    do expressions.push(copyExpression(c));
    while (c.accept(','));
    c.expect('FROM');
    source = stageRef(c, context);
    if (c.peek()?.kind === 'word' && c.peek()?.text.toUpperCase() !== 'AS') c.identifier();
    else if (c.accept('AS')) c.identifier();
    c.expect(')');
  } else source = stageRef(c, context);
  const options = parseOptions(c);
  c.end();
  const known = new Set(['FILES', 'PATTERN', 'FILE_FORMAT', 'ON_ERROR', 'FORCE', 'MATCH_BY_COLUMN_NAME', 'PURGE']);
  for (const name of Object.keys(options)) {
    if (!known.has(name)) throw new SnowflakeError('001008', '22023', `SQL compilation error:\ninvalid COPY option '${name}'; supported locally: ${[...known].join(', ')}.`);
  }
  const onError = optionText(options.ON_ERROR) ?? 'ABORT_STATEMENT';
  if (onError !== 'CONTINUE' && onError !== 'SKIP_FILE' && onError !== 'ABORT_STATEMENT') {
    throw new SnowflakeError('001008', '22023', `SQL compilation error:\ninvalid ON_ERROR '${onError}'; supported locally: CONTINUE, SKIP_FILE, ABORT_STATEMENT.`);
  }
  if (columns && expressions && columns.length !== expressions.length) {
    throw new SnowflakeError('002020', '21S01', `SQL compilation error:\nInsert value list does not match column list expecting ${columns.length} but got ${expressions.length}`);
  }
  const files = options.FILES;
  const pattern = optionText(options.PATTERN);
  const fileFormat = options.FILE_FORMAT;
  return {
    kind: 'copy',
    table,
    ...(columns ? { columns } : {}),
    ...(expressions ? { expressions } : {}),
    source,
    ...(Array.isArray(files) ? { files: files as string[] } : typeof files === 'string' ? { files: [files] } : {}),
    ...(pattern !== undefined ? { pattern } : {}),
    ...(typeof fileFormat === 'object' && !Array.isArray(fileFormat) ? { fileFormat: fileFormat as OptionMap } : {}),
    onError,
    force: options.FORCE === 'TRUE',
    purge: options.PURGE === 'TRUE',
    matchByColumnName: optionText(options.MATCH_BY_COLUMN_NAME) === 'CASE_INSENSITIVE',
  };
}

/** A file on a stage; its bytes are read when asked for. */
export interface StagedFile {
  readonly name: string;
  /** Where the file is on disk, for readers that open it themselves. */
  readonly path: string;
  readonly size: number;
  readonly lastModified: Date;
  bytes(): Buffer;
}

/** The MD5 that LIST reports and load history keys a loaded file by. */
export function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Stage folders under one root: `<root>/<DB>/<SCHEMA>/<STAGE>/`. */
export class StageStore {
  constructor(readonly root: string) {}

  dir(stage: QualifiedName): string {
    return path.join(this.root, stage.database, stage.schema, stage.name);
  }

  /**
   * Files under a stage path (a folder prefix or one file), as stage-relative paths, sorted.
   * Only stats: LIST hashes, COPY hashes and parses the bytes of one read, REMOVE reads nothing.
   */
  list(ref: StageRef, pattern?: string): StagedFile[] {
    const base = this.dir(ref.stage);
    if (!fs.existsSync(base)) return [];
    const regex = pattern !== undefined ? new RegExp(`^(?:${pattern})$`) : undefined;
    const out: StagedFile[] = [];
    for (const entry of fs.readdirSync(base, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const rel = path.relative(base, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
      if (ref.path && rel !== ref.path && !rel.startsWith(ref.path.endsWith('/') ? ref.path : `${ref.path}/`)) continue;
      if (regex && !regex.test(rel)) continue;
      const full = path.join(base, rel);
      const stat = fs.statSync(full);
      out.push({ name: rel, path: full, size: stat.size, lastModified: stat.mtime, bytes: () => fs.readFileSync(full) });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * PUT of one file, or of every file a `*` / `?` pattern in the file name matches. The target
   * folder is made and listed once per PUT, not per file: an export is hundreds of small files.
   */
  put(source: string, ref: StageRef, overwrite: boolean): { source: string; target: string; size: number; status: 'UPLOADED' | 'SKIPPED' }[] {
    const name = path.basename(source);
    let sources: string[];
    if (!/[*?]/.test(name)) {
      if (!fs.existsSync(source)) throw new SnowflakeError('253006', '58030', `File doesn't exist: ['${source}']`);
      sources = [source];
    } else {
      const dir = path.dirname(source);
      const pattern = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      const entries = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : [];
      // A symbolic link is put as the file it points to, as before; only those need a stat.
      const files = entries.filter((e) => pattern.test(e.name) && (e.isFile() || (e.isSymbolicLink() && fs.statSync(path.join(dir, e.name)).isFile())));
      if (files.length === 0) throw new SnowflakeError('253006', '58030', `File doesn't exist: ['${source}']`);
      sources = files.map((e) => path.join(dir, e.name)).sort();
    }
    const folder = ref.path.endsWith('/') || ref.path === '' ? ref.path : `${ref.path}/`;
    const targetDir = path.join(this.dir(ref.stage), folder);
    fs.mkdirSync(targetDir, { recursive: true });
    const present = new Set(fs.readdirSync(targetDir));
    return sources.map((file) => {
      const target = `${folder}${path.basename(file)}`;
      const full = path.join(targetDir, path.basename(file));
      if (present.has(path.basename(file)) && !overwrite) {
        const bytes = fs.readFileSync(full);
        if (md5(bytes) === md5(fs.readFileSync(file))) return { source: path.basename(file), target, size: bytes.length, status: 'SKIPPED' as const };
      }
      fs.copyFileSync(file, full);
      return { source: path.basename(file), target, size: fs.statSync(full).size, status: 'UPLOADED' as const };
    });
  }

  remove(ref: StageRef, pattern?: string): string[] {
    const removed = this.list(ref, pattern).map((f) => f.name);
    for (const name of removed) fs.rmSync(path.join(this.dir(ref.stage), name));
    return removed;
  }

  drop(stage: QualifiedName): void {
    fs.rmSync(this.dir(stage), { recursive: true, force: true });
  }
}

/** One record of a source file, ready to map onto table columns. */
interface SourceRecord {
  readonly number: number;
  readonly values: readonly (string | null)[] | Readonly<Record<string, unknown>>;
  /** The record's text in the file. */
  readonly raw: string;
}

/** A record COPY does not load, with the reason; `column` names the column whose value did not convert. */
export interface RejectedRecord {
  readonly number: number;
  readonly error: string;
  readonly raw: string;
  readonly column?: string;
}

export interface ParsedFile {
  readonly records: SourceRecord[];
  readonly rejected: RejectedRecord[];
  /** Records in the file, header excluded. */
  readonly parsed: number;
}

/** A file's records with those whose values do not convert to their columns' types (by record number) moved to its rejects. */
export function rejectUnconverted(parsed: ParsedFile, unconverted: ReadonlyMap<number, { readonly error: string; readonly column: string }> | undefined): ParsedFile {
  if (!unconverted || unconverted.size === 0) return parsed;
  const moved = parsed.records.flatMap((r) => {
    const failure = unconverted.get(r.number);
    return failure ? [{ number: r.number, raw: r.raw, ...failure }] : [];
  });
  return {
    records: parsed.records.filter((r) => !unconverted.has(r.number)),
    rejected: [...parsed.rejected, ...moved].sort((a, b) => a.number - b.number),
    parsed: parsed.parsed,
  };
}

/** Snowflake's message for a COPY value that does not convert to its column's type (DuckDB's name of the type). */
export function conversionError(type: string, value: string): string {
  if (/^(DECIMAL|NUMERIC|(TINY|SMALL|U?BIG|HUGE|U)?INT(EGER)?|DOUBLE|FLOAT|REAL)/.test(type)) {
    // A number DuckDB can read that still does not fit the column's precision.
    return Number.isFinite(Number(value.trim())) && value.trim() !== '' ? `Numeric value '${value}' is out of range` : `Numeric value '${value}' is not recognized`;
  }
  if (type === 'DATE') return `Date '${value}' is not recognized`;
  if (type.startsWith('TIMESTAMP')) return `Timestamp '${value}' is not recognized`;
  if (type.startsWith('TIME')) return `Time '${value}' is not recognized`;
  if (type === 'BOOLEAN') return `Boolean value '${value}' is not recognized`;
  if (type === 'JSON') return `Error parsing JSON: '${value}'`;
  return `Value '${value}' is not recognized as ${type}`;
}

const text = (v: OptionValue | undefined, fallback: string): string => (typeof v === 'string' ? v : fallback);

/** A CSV file format's options, as both readers (JavaScript and DuckDB) apply them. */
interface CsvFormat {
  readonly reader: CsvOptions;
  readonly skipHeader: number;
  /** Unquoted values that load as NULL (NULL_IF, plus '' with EMPTY_FIELD_AS_NULL); quoted values never do. */
  readonly nullIf: ReadonlySet<string>;
  readonly checkCount: boolean;
}

function csvFormat(format: Pick<FileFormatDefinition, 'options'>): CsvFormat {
  const quote = text(format.options.FIELD_OPTIONALLY_ENCLOSED_BY, 'NONE');
  const nullIf = new Set(Array.isArray(format.options.NULL_IF) ? (format.options.NULL_IF as string[]) : ['\\N']);
  if (text(format.options.EMPTY_FIELD_AS_NULL, 'TRUE') === 'TRUE') nullIf.add('');
  return {
    reader: { delimiter: text(format.options.FIELD_DELIMITER, ','), ...(quote === 'NONE' ? { quote: undefined } : { quote }) },
    skipHeader: Number(text(format.options.SKIP_HEADER, '0')),
    nullIf,
    checkCount: text(format.options.ERROR_ON_COLUMN_COUNT_MISMATCH, 'TRUE') === 'TRUE',
  };
}

/** Parses one staged file with a file format; structural problems become rejected records. */
export function parseFile(content: string, format: Pick<FileFormatDefinition, 'type' | 'options'>, expectedColumns?: number): ParsedFile {
  const records: SourceRecord[] = [];
  const rejected: RejectedRecord[] = [];
  let parsed = 0;
  if (format.type === 'JSON') {
    let number = 0;
    for (const line of content.split('\n')) {
      number++;
      if (line.trim() === '') continue;
      parsed++;
      try {
        const value = JSON.parse(line) as unknown;
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('a record must be a JSON object');
        records.push({ number, values: value as Record<string, unknown>, raw: line });
      } catch (error) {
        rejected.push({ number, error: `Error parsing JSON: ${error instanceof Error ? error.message : String(error)}`, raw: line });
      }
    }
    return { records, rejected, parsed };
  }
  const csv = csvFormat(format);
  for (const record of readCsv(content, csv.reader)) {
    if (record.number <= csv.skipHeader) continue;
    parsed++;
    if (record.error) {
      rejected.push({ number: record.number, error: record.error, raw: record.raw });
      continue;
    }
    if (csv.checkCount && expectedColumns !== undefined && record.fields.length !== expectedColumns) {
      rejected.push({
        number: record.number,
        error: `Number of columns in file (${record.fields.length}) does not match that of the corresponding table (${expectedColumns})`,
        raw: record.raw,
      });
      continue;
    }
    records.push({
      number: record.number,
      values: record.fields.map((f, k) => (record.quoted[k] ? f : csv.nullIf.has(f) ? null : f)),
      raw: record.raw,
    });
  }
  return { records, rejected, parsed };
}

/**
 * Where a COPY's rows come from, whichever reader produced them: a relation of the file name
 * (`_file`), the record number (`_row`) and the source values `c1`..`c<width>`: CSV field n in
 * `cn`, a JSON record's value for the j-th expression in `cj`. {@link copySelect} maps it onto
 * the table's columns.
 */
export interface CopySource {
  readonly format: 'CSV' | 'JSON';
  readonly expressions: readonly CopyExpression[];
  readonly width: number;
}

export function copySource(format: Pick<FileFormatDefinition, 'type'>, expressions: readonly CopyExpression[]): CopySource {
  if (format.type === 'JSON') return { format: 'JSON', expressions, width: expressions.length };
  if (expressions.some((e) => e.kind === 'column' && e.jsonPath)) throw new SnowflakeError('000002', '0A000', 'SQL compilation error:\n$n:path is for JSON files; CSV columns are plain $n.');
  return { format: 'CSV', expressions, width: Math.max(0, ...expressions.map((e) => (e.kind === 'column' ? e.index : 0))) };
}

/** The relation's source value columns, c1..c<width>. */
const sourceColumns = (source: CopySource): string[] => Array.from({ length: source.width }, (_, k) => `c${k + 1}`);

/** The SELECT list that maps a {@link CopySource} relation onto the COPY's columns: the one definition of the mapping. */
export function copySelect(source: CopySource, scanTime: string): string[] {
  return source.expressions.map((e, j) => {
    switch (e.kind) {
      case 'filename':
        return '_file';
      case 'rowNumber':
        return '_row';
      case 'scanTime':
        return sqlLiteral(scanTime);
      case 'literal':
        return sqlLiteral(e.value);
      case 'column': {
        const slot = source.format === 'JSON' ? j + 1 : e.index;
        return slot >= 1 && slot <= source.width ? `c${slot}` : 'NULL';
      }
    }
  });
}

/** The relation's columns, typed, for loading records parsed in JavaScript. */
export function copyBufferColumns(source: CopySource): { name: string; type: 'VARCHAR' | 'BIGINT' }[] {
  return [{ name: '_file', type: 'VARCHAR' }, { name: '_row', type: 'BIGINT' }, ...sourceColumns(source).map((name) => ({ name, type: 'VARCHAR' as const }))];
}

/** One record parsed in JavaScript as a row of the {@link CopySource} relation. */
export function copyBufferRow(source: CopySource, record: SourceRecord, file: string): (string | number | null)[] {
  const row: (string | number | null)[] = [file, record.number];
  if (Array.isArray(record.values)) {
    for (let k = 0; k < source.width; k++) row.push((record.values as (string | null)[])[k] ?? null);
    return row;
  }
  for (const e of source.expressions) row.push(e.kind === 'column' ? jsonValue(record.values as Record<string, unknown>, e) : null);
  return row;
}

function jsonValue(object: Readonly<Record<string, unknown>>, e: Extract<CopyExpression, { kind: 'column' }>): string | null {
  let value: unknown = e.index === 1 ? object : undefined;
  for (const key of e.jsonPath ?? []) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] ?? (value as Record<string, unknown>)[key.toUpperCase()] : undefined;
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A staged file that DuckDB may read itself: plain (see plainFile), with this many data records. */
export interface PlainFile {
  readonly file: StagedFile;
  readonly records: number;
}

/**
 * The data records of a file when DuckDB's reader, given {@link duckSource}, loads exactly what
 * parseFile would (every record accepted, the same values and record numbers); undefined when only
 * parseFile may read it: a file with a malformed record or a NUL character, values or options
 * DuckDB's reader cannot mirror, or a path DuckDB would take for a glob pattern.
 */
export function plainFile(file: StagedFile, content: string, format: Pick<FileFormatDefinition, 'type' | 'options'>, source: CopySource): number | undefined {
  if (source.width === 0 || /[*?[\]{}]/.test(file.path) || content.includes('\0')) return undefined;
  if (format.type === 'JSON') return duckJsonKeys(source) ? plainNdjsonRecords(content) : undefined;
  const csv = csvFormat(format);
  if (!csv.checkCount || csv.nullIf.size === 0) return undefined;
  return plainCsvRecords(content, csv.reader, csv.skipHeader, source.width);
}

/**
 * The key each JSON source value `cj` reads (undefined for a `cj` no expression fills), when
 * DuckDB can read them: top-level keys only, spelled as plainNdjsonRecords accepts them, none that
 * jsonValue would find on Object.prototype or that shadows `read_json`'s `file_index`.
 */
function duckJsonKeys(source: CopySource): (string | undefined)[] | undefined {
  const keys: (string | undefined)[] = [];
  for (const e of source.expressions) {
    if (e.kind !== 'column') keys.push(undefined);
    else if (e.index === 1 && e.jsonPath?.length === 1 && /^[a-z0-9_]+$/.test(e.jsonPath[0]!) && !(e.jsonPath[0]! in Object.prototype) && e.jsonPath[0] !== 'file_index') keys.push(e.jsonPath[0]);
    else return undefined;
  }
  return keys.some((k) => k !== undefined) ? keys : undefined;
}

/**
 * The {@link CopySource} relation read by DuckDB from plain files: every value as text, NULL as
 * parseFile makes it, and each row's record number from its position (DuckDB keeps file order
 * through `row_number() OVER ()`, and each record of a plain file is one row of the read).
 */
export function duckSource(files: readonly PlainFile[], format: Pick<FileFormatDefinition, 'type' | 'options'>, source: CopySource): string {
  const paths = `[${files.map((f) => sqlLiteral(f.file.path)).join(', ')}]`;
  const { read, values, skip } = format.type === 'JSON' ? duckJsonRead(paths, source) : duckCsvRead(paths, format, source);
  // Row n of the whole read is record n - before + skip of its file, `before` counting the earlier files' records.
  let before = 0;
  const offsets = files.map((f) => {
    const offset = skip - before;
    before += f.records;
    return offset;
  });
  const names = `[${files.map((f) => sqlLiteral(f.file.name)).join(', ')}]`;
  // Materialized: inserting straight from the scan costs DuckDB one batch per file, 2-3x slower for many small files.
  return `(WITH plain AS MATERIALIZED (SELECT ${names}[file_index::BIGINT + 1] AS _file, row_number() OVER () + [${offsets.join(', ')}][file_index::BIGINT + 1] AS _row, ${values.join(', ')} FROM ${read}) FROM plain)`;
}

/** CSV fields c1..cN as text, NULL for unquoted NULL_IF values only. */
function duckCsvRead(paths: string, format: Pick<FileFormatDefinition, 'options'>, source: CopySource): { read: string; values: string[]; skip: number } {
  const csv = csvFormat(format);
  const quote = csv.reader.quote === undefined ? "''" : sqlLiteral(csv.reader.quote);
  const columns = sourceColumns(source).map((c) => `${sqlLiteral(c)}: 'VARCHAR'`).join(', ');
  const read = [
    `read_csv(${paths}`,
    `columns = {${columns}}, auto_detect = false, header = false, skip = ${csv.skipHeader}`,
    `delim = ${sqlLiteral(csv.reader.delimiter ?? ',')}, quote = ${quote}, escape = ${quote}, new_line = '\\n'`,
    `nullstr = [${[...csv.nullIf].map(sqlLiteral).join(', ')}], allow_quoted_nulls = false, strict_mode = true)`,
  ].join(', ');
  return { read, values: sourceColumns(source), skip: csv.skipHeader };
}

/** Each expression's top-level key as text in its `cj` (JSON null and a missing key as NULL). */
function duckJsonRead(paths: string, source: CopySource): { read: string; values: string[]; skip: number } {
  const keys = duckJsonKeys(source);
  if (!keys) throw new Error('internal: duckSource for JSON values plainFile leaves to JavaScript');
  const columns = [...new Set(keys.filter((k) => k !== undefined))].map((k) => `${sqlLiteral(k)}: 'VARCHAR'`).join(', ');
  const read = `read_json(${paths}, format = 'newline_delimited', records = 'true', columns = {${columns}}, auto_detect = false)`;
  return { read, values: keys.map((k, j) => `${k === undefined ? 'CAST(NULL AS VARCHAR)' : quoteIdentifier(k)} AS c${j + 1}`), skip: 0 };
}
