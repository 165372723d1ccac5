/**
 * Turns generated rows into export files. Rows are serialised as they are emitted and held only
 * until their day can receive no more rows, then written one file per entity per day (split into
 * parts of `maxRowsPerFile`), sorted by `updated_at` as an export would list them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENTITIES, type Cell, type EntityName, type EntitySpec, type FieldSpec, type SourceRow } from '../../model/entities';
import { compactDate, isoDate } from './calendar';
import { CLEAN_ENTITIES, corrupt, MALFORMED_ROW_RATE, type MalformedReason } from './malformed';
import { fileRowNumber } from './read';
import { Rng, unit } from './rng';

/** One file written. */
export interface SeedFile {
  readonly entity: EntityName;
  /** Path relative to the output directory, `/`-separated: `<entity>/<entity>_<YYYYMMDD>_<NNN>.<ext>`. */
  readonly path: string;
  /** Export date (`YYYY-MM-DD`). */
  readonly date: string;
  /** Data records (header excluded), malformed ones included. */
  readonly rows: number;
  readonly bytes: number;
}

/** A malformed row as written: where it is and what is wrong with it. */
export interface MalformedRow {
  readonly entity: EntityName;
  /** File path relative to the output directory, as in {@link SeedFile.path}. */
  readonly file: string;
  /** Row number in the file as COPY INTO records it in `_SOURCE_ROW` ({@link fileRowNumber}: a CSV's header is row 1). */
  readonly row: number;
  readonly reason: MalformedReason;
  /** The field made invalid. */
  readonly field: string;
}

export interface EntitySeedSummary {
  readonly files: readonly SeedFile[];
  /** Records written, malformed included. */
  readonly rows: number;
  readonly malformedRows: number;
  /**
   * Valid rows that re-export a business key with a later `updated_at` (a status change or a
   * correction), counted whether the earlier version is in this window or a previous one.
   */
  readonly correctionRows: number;
}

interface Pending {
  readonly line: string;
  readonly sortKey: string;
  readonly malformed?: { readonly reason: MalformedReason; readonly field: string };
}

export interface ExporterOptions {
  readonly outDir: string;
  /** First export day written (day number). */
  readonly start: number;
  /** First export day not written. */
  readonly end: number;
  readonly seed: number;
  readonly tenantId: string;
  readonly maxRowsPerFile: number;
  /** How far (days) rows may be exported before and after the day that caused them. */
  readonly maxLead: number;
  readonly maxLag: number;
}

const NEEDS_QUOTES = /[",\r\n]/;
// Hot path: an alias avoids slow global lookups in sandboxed test runners.
const stringify = JSON.stringify;

type Formatter = (values: Readonly<Record<string, Cell>>) => string;

function csvCell(f: FieldSpec, v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return f.type === 'decimal' ? v.toFixed(2) : `${v}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function jsonCell(f: FieldSpec, v: Cell): Cell {
  return typeof v === 'number' && f.type === 'decimal' ? Number(v.toFixed(2)) : v;
}

/**
 * Runs for every row written. Lines are joined from arrays, not concatenated: concatenation
 * leaves rope strings that cost memory and time while rows wait to be written.
 */
function formatter(spec: EntitySpec): Formatter {
  const fields = spec.fields;
  if (spec.format === 'csv') {
    return (values) => {
      const cells = new Array<string>(fields.length);
      for (let i = 0; i < fields.length; i++) cells[i] = csvCell(fields[i]!, values[fields[i]!.name] ?? null);
      return cells.join(',');
    };
  }
  // Same output as JSON.stringify of an object with the fields in order, without building it.
  const keys = fields.map((f, i) => `${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`);
  return (values) => {
    const parts = new Array<string>(fields.length + 1);
    for (let i = 0; i < fields.length; i++) parts[i] = keys[i] + stringify(jsonCell(fields[i]!, values[fields[i]!.name] ?? null));
    parts[fields.length] = '}';
    return parts.join('');
  };
}

export class Exporter {
  private readonly pending = new Map<number, Map<EntityName, Pending[]>>();
  private readonly formatters = new Map<EntityName, Formatter>(ENTITIES.map((e) => [e.name, formatter(e)]));
  private readonly specs = new Map<EntityName, EntitySpec>(ENTITIES.map((e) => [e.name, e]));
  private readonly files = new Map<EntityName, SeedFile[]>(ENTITIES.map((e) => [e.name, []]));
  private readonly counts = new Map<EntityName, { rows: number; malformed: number; corrections: number }>(
    ENTITIES.map((e) => [e.name, { rows: 0, malformed: 0, corrections: 0 }]),
  );
  readonly malformed: MalformedRow[] = [];
  private origin = Number.NaN;
  private flushedBefore = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ExporterOptions) {}

  /** Rows emitted from now on are caused by `day` (checked against the lead and lag bounds). */
  beginOrigin(day: number): void {
    this.origin = day;
  }

  /**
   * Queues a row for the export file of `day`; `version` > 1 marks a re-export of its business
   * key. Rows outside the window are dropped.
   */
  emit<E extends EntityName>(name: E, day: number, row: SourceRow<E>, version = 1): void {
    if (day < this.origin - this.options.maxLead || day > this.origin + this.options.maxLag) {
      throw new Error(`internal: ${name} row for ${isoDate(day)} caused on ${isoDate(this.origin)} is outside the generator's lead/lag bounds`);
    }
    if (day < this.options.start || day >= this.options.end) return;
    if (day < this.flushedBefore) throw new Error(`internal: ${name} row for ${isoDate(day)} arrived after that day's files were written`);
    const values = row as Readonly<Record<string, Cell>>;
    const spec = this.specs.get(name)!;
    const format = this.formatters.get(name)!;
    const sortKey = `${values[spec.versionField]}`;
    let byEntity = this.pending.get(day);
    if (!byEntity) this.pending.set(day, (byEntity = new Map()));
    let list = byEntity.get(name);
    if (!list) byEntity.set(name, (list = []));
    list.push({ line: format(values), sortKey });
    if (version > 1) this.counts.get(name)!.corrections++;

    const key = spec.businessKey.length === 1 ? `${values[spec.businessKey[0]!]}` : spec.businessKey.map((k) => `${values[k]}`).join('|');
    const { seed, tenantId } = this.options;
    if (!CLEAN_ENTITIES.includes(name) && unit(seed, tenantId, 'malformed', name, key, version) < MALFORMED_ROW_RATE) {
      const bad = corrupt(spec, values, version, Rng.for(seed, tenantId, 'malformed-how', name, key, version));
      list.push({ line: format(bad.row), sortKey, malformed: { reason: bad.reason, field: bad.field } });
    }
  }

  /** Writes every queued day before `day`. */
  flushBefore(day: number): void {
    const days = [...this.pending.keys()].filter((d) => d < day).sort((a, b) => a - b);
    for (const d of days) {
      const byEntity = this.pending.get(d)!;
      this.pending.delete(d);
      for (const spec of ENTITIES) {
        const rows = byEntity.get(spec.name);
        if (rows) this.writeDay(spec, d, rows);
      }
    }
    this.flushedBefore = Math.max(this.flushedBefore, day);
  }

  summary(): Record<EntityName, EntitySeedSummary> {
    const out = {} as Record<EntityName, EntitySeedSummary>;
    for (const spec of ENTITIES) {
      const c = this.counts.get(spec.name)!;
      out[spec.name] = { files: this.files.get(spec.name)!, rows: c.rows, malformedRows: c.malformed, correctionRows: c.corrections };
    }
    return out;
  }

  private writeDay(spec: EntitySpec, day: number, rows: Pending[]): void {
    rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    const dir = path.join(this.options.outDir, spec.name);
    fs.mkdirSync(dir, { recursive: true });
    const header = spec.format === 'csv' ? spec.fields.map((f) => f.name).join(',') + '\n' : '';
    const counts = this.counts.get(spec.name)!;
    for (let part = 0; part * this.options.maxRowsPerFile < rows.length; part++) {
      const slice = rows.slice(part * this.options.maxRowsPerFile, (part + 1) * this.options.maxRowsPerFile);
      const name = `${spec.name}_${compactDate(day)}_${String(part + 1).padStart(3, '0')}.${spec.format}`;
      const relative = `${spec.name}/${name}`;
      const fd = fs.openSync(path.join(dir, name), 'w');
      let bytes = 0;
      const write = (text: string) => {
        bytes += fs.writeSync(fd, text);
      };
      try {
        if (header) write(header);
        // Chunks of a few hundred records: few system calls, no file-sized strings.
        const chunk: string[] = [];
        slice.forEach((r, i) => {
          chunk.push(r.line);
          if (r.malformed) {
            this.malformed.push({ entity: spec.name, file: relative, row: fileRowNumber(spec.format, i), reason: r.malformed.reason, field: r.malformed.field });
            counts.malformed++;
          }
          if (chunk.length === 500) write(chunk.splice(0).join('\n') + '\n');
        });
        if (chunk.length) write(chunk.join('\n') + '\n');
      } finally {
        fs.closeSync(fd);
      }
      counts.rows += slice.length;
      this.files.get(spec.name)!.push({ entity: spec.name, path: relative, date: isoDate(day), rows: slice.length, bytes });
    }
  }
}
