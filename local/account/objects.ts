/**
 * Schema objects the local account manages itself rather than as DuckDB tables: stages (a
 * folder per stage), file formats, and streams. Their DDL is parsed here; their definitions are
 * persisted with the account.
 */
import { Cursor, OptionMap, OptionValue, canonical, parseOptions } from '../engine/cursor';
import { SnowflakeError } from '../engine/errors';
import { NameContext, QualifiedName, ShowFilter, objectName, parseShowFilter } from '../engine/names';
import { tokenize } from '../engine/tokenizer';

export type ManagedKind = 'STAGE' | 'FILE FORMAT' | 'STREAM';

interface ManagedBase extends QualifiedName {
  readonly owner: string;
  readonly comment?: string;
  readonly createdOn: string;
}

export interface StageDefinition extends ManagedBase {
  readonly kind: 'STAGE';
  /** External stages (URL) cannot be reached from here; only internal stages are supported. */
  readonly directory: boolean;
  readonly fileFormat?: OptionMap;
}

export interface FileFormatDefinition extends ManagedBase {
  readonly kind: 'FILE FORMAT';
  readonly type: 'CSV' | 'JSON';
  readonly options: Readonly<Record<string, OptionValue>>;
}

export interface StreamDefinition extends ManagedBase {
  readonly kind: 'STREAM';
  readonly table: QualifiedName;
  readonly mode: 'APPEND_ONLY' | 'DEFAULT';
  /** Its table was dropped or replaced after the stream was created: the stream is stale and cannot be read. */
  readonly stale?: true;
}

export type ManagedObject = StageDefinition | FileFormatDefinition | StreamDefinition;

export type ManagedStatement =
  | { readonly kind: 'create'; readonly object: ManagedObject; readonly orReplace: boolean; readonly ifNotExists: boolean; readonly showInitialRows: boolean }
  | { readonly kind: 'drop'; readonly objectKind: ManagedKind; readonly name: QualifiedName; readonly ifExists: boolean }
  | { readonly kind: 'alterStage'; readonly name: QualifiedName; readonly ifExists: boolean; readonly options: Readonly<Record<string, OptionValue>> }
  | ({ readonly kind: 'show'; readonly objectKind: ManagedKind } & ShowFilter)
  /** DESCRIBE STAGE | FILE FORMAT | STREAM: the object's SHOW row. */
  | { readonly kind: 'describe'; readonly objectKind: ManagedKind; readonly name: QualifiedName };

const KINDS: readonly { readonly words: string[]; readonly kind: ManagedKind; readonly plural: string[] }[] = [
  { words: ['STAGE'], kind: 'STAGE', plural: ['STAGES'] },
  { words: ['FILE', 'FORMAT'], kind: 'FILE FORMAT', plural: ['FILE', 'FORMATS'] },
  { words: ['STREAM'], kind: 'STREAM', plural: ['STREAMS'] },
];

const STAGE_OPTIONS = new Set(['DIRECTORY', 'FILE_FORMAT', 'COMMENT', 'COPY_OPTIONS']);
/** What ALTER STAGE ... SET may change on an internal stage (Snowflake's list). */
const ALTER_STAGE_OPTIONS = new Set(['FILE_FORMAT', 'COMMENT']);
const CSV_OPTIONS = new Set([
  'TYPE', 'FIELD_DELIMITER', 'RECORD_DELIMITER', 'SKIP_HEADER', 'FIELD_OPTIONALLY_ENCLOSED_BY', 'NULL_IF', 'EMPTY_FIELD_AS_NULL',
  'ERROR_ON_COLUMN_COUNT_MISMATCH', 'ENCODING', 'TRIM_SPACE', 'ESCAPE', 'ESCAPE_UNENCLOSED_FIELD', 'SKIP_BLANK_LINES', 'COMPRESSION', 'COMMENT',
  'DATE_FORMAT', 'TIMESTAMP_FORMAT', 'FILE_EXTENSION', 'PARSE_HEADER',
]);
const JSON_OPTIONS = new Set(['TYPE', 'STRIP_OUTER_ARRAY', 'STRIP_NULL_VALUES', 'COMPRESSION', 'COMMENT', 'DATE_FORMAT', 'TIMESTAMP_FORMAT', 'ENCODING', 'IGNORE_UTF8_ERRORS', 'FILE_EXTENSION']);

/**
 * The parts of an object name written as text (`RAW.X_STREAM`, `"Db"."S".T`), canonical per
 * Snowflake's identifier rules; empty when the text is not a name of one to three parts.
 */
export function nameParts(text: string): string[] {
  const parts = tokenize(text)
    .filter((t) => t.kind === 'word' || t.kind === 'quoted')
    .map(canonical);
  return parts.length >= 1 && parts.length <= 3 ? parts : [];
}

export function qualifiedText(n: QualifiedName): string {
  return `${n.database}.${n.schema}.${n.name}`;
}

function kindAt(c: Cursor, plural = false): ManagedKind | undefined {
  for (const k of KINDS) if (c.accept(...(plural ? k.plural : k.words))) return k.kind;
  return undefined;
}

function checkOptions(kind: string, options: Readonly<Record<string, OptionValue>>, allowed: ReadonlySet<string>): void {
  for (const name of Object.keys(options)) {
    if (!allowed.has(name)) {
      throw new SnowflakeError('001008', '22023', `SQL compilation error:\ninvalid property '${name}' for '${kind}'; supported locally: ${[...allowed].join(', ')}.`);
    }
  }
}

const str = (v: OptionValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const optionMap = (v: OptionValue | undefined): OptionMap | undefined => (typeof v === 'object' && !Array.isArray(v) ? (v as OptionMap) : undefined);

/** A stage after ALTER STAGE ... SET: what it names changes; `FILE_FORMAT = ()` and `COMMENT = ''` clear. */
export function alteredStage(stage: StageDefinition, options: Readonly<Record<string, OptionValue>>): StageDefinition {
  const { fileFormat, comment, ...rest } = stage;
  const nextFormat = 'FILE_FORMAT' in options ? optionMap(options.FILE_FORMAT) : fileFormat;
  const nextComment = 'COMMENT' in options ? str(options.COMMENT) : comment;
  return { ...rest, ...(nextFormat ? { fileFormat: nextFormat } : {}), ...(nextComment ? { comment: nextComment } : {}) };
}

/** Parses a stage / file format / stream statement, or returns undefined for anything else. */
export function parseManagedStatement(sql: string, context: NameContext, owner: string): ManagedStatement | undefined {
  const c = new Cursor(tokenize(sql), sql);
  if (c.accept('CREATE')) {
    const orReplace = c.accept('OR', 'REPLACE');
    const kind = kindAt(c);
    if (!kind) return undefined;
    const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
    const where = objectName(c, context, `CREATE ${kind}`);
    const base = { ...where, owner, createdOn: new Date().toISOString() };
    let statement: ManagedStatement;
    if (kind === 'STREAM') {
      c.accept('COPY', 'GRANTS');
      c.expect('ON', 'TABLE');
      const table = objectName(c, where, 'CREATE STREAM');
      const options = parseOptions(c);
      checkOptions('STREAM', options, new Set(['APPEND_ONLY', 'SHOW_INITIAL_ROWS', 'COMMENT']));
      const comment = str(options.COMMENT);
      statement = {
        kind: 'create',
        orReplace,
        ifNotExists,
        showInitialRows: options.SHOW_INITIAL_ROWS === 'TRUE',
        object: { kind, ...base, table, mode: options.APPEND_ONLY === 'TRUE' ? 'APPEND_ONLY' : 'DEFAULT', ...(comment ? { comment } : {}) },
      };
    } else if (kind === 'STAGE') {
      if (c.peek()?.text.toUpperCase() === 'URL' || c.peek()?.text.toUpperCase() === 'STORAGE_INTEGRATION') {
        throw new SnowflakeError('000002', '0A000', "SQL compilation error:\nUnsupported feature 'external stage' in the local engine: external storage cannot be reached from here. Use an internal stage and PUT files into it.");
      }
      const options = parseOptions(c);
      checkOptions('STAGE', options, STAGE_OPTIONS);
      const directory = options.DIRECTORY;
      const fileFormat = options.FILE_FORMAT;
      const comment = str(options.COMMENT);
      statement = {
        kind: 'create',
        orReplace,
        ifNotExists,
        showInitialRows: false,
        object: {
          kind,
          ...base,
          directory: optionMap(directory)?.ENABLE === 'TRUE',
          ...(optionMap(fileFormat) ? { fileFormat: optionMap(fileFormat)! } : {}),
          ...(comment ? { comment } : {}),
        },
      };
    } else {
      const options = parseOptions(c);
      const type = str(options.TYPE) ?? str(options.FORMAT_TYPE);
      if (type !== 'CSV' && type !== 'JSON') {
        throw new SnowflakeError('000002', '0A000', `SQL compilation error:\nUnsupported file format TYPE '${type ?? '(missing)'}' in the local engine; supported: CSV, JSON.`);
      }
      checkOptions(`FILE FORMAT (${type})`, options, type === 'CSV' ? CSV_OPTIONS : JSON_OPTIONS);
      const comment = str(options.COMMENT);
      statement = { kind: 'create', orReplace, ifNotExists, showInitialRows: false, object: { kind, ...base, type, options, ...(comment ? { comment } : {}) } };
    }
    c.end();
    return statement;
  }
  // ALTER STAGE ... SET; its other forms (RENAME TO, REFRESH, tags) are left to the dialect, which refuses them by name.
  if (c.accept('ALTER', 'STAGE')) {
    const ifExists = c.accept('IF', 'EXISTS');
    const where = objectName(c, context, 'ALTER STAGE');
    if (!c.accept('SET')) return undefined;
    const options = parseOptions(c);
    checkOptions('ALTER STAGE', options, ALTER_STAGE_OPTIONS);
    c.end();
    return { kind: 'alterStage', name: where, ifExists, options };
  }
  if (c.accept('DROP')) {
    const kind = kindAt(c);
    if (!kind) return undefined;
    const ifExists = c.accept('IF', 'EXISTS');
    const statement: ManagedStatement = { kind: 'drop', objectKind: kind, ifExists, name: objectName(c, context, `DROP ${kind}`) };
    c.end();
    return statement;
  }
  if (c.accept('DESCRIBE') || c.accept('DESC')) {
    const kind = kindAt(c);
    if (!kind) return undefined;
    const statement: ManagedStatement = { kind: 'describe', objectKind: kind, name: objectName(c, context, `DESCRIBE ${kind}`) };
    c.end();
    return statement;
  }
  if (c.accept('SHOW')) {
    const kind = kindAt(c, true);
    if (!kind) return undefined;
    const filter = parseShowFilter(c, context);
    c.end();
    return { kind: 'show', objectKind: kind, ...filter };
  }
  return undefined;
}
