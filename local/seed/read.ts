/**
 * Reads export files back as records of strings, the way a loader sees them: CSV empty fields and
 * JSON nulls are `null`, JSON numbers and booleans become their text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EntityName, FileFormat } from '../../model/entities';
import { entity } from '../../model/entities';
import { parseCsv } from '../formats/csv';
import type { SeedManifest } from './generate';

export type RawRecord = Readonly<Record<string, string | null>>;

/** A record with where it came from. */
export interface LocatedRecord {
  /** File path relative to the output directory. */
  readonly file: string;
  /** The record's row number as COPY INTO records it (see {@link fileRowNumber}). */
  readonly row: number;
  readonly record: RawRecord;
}

/**
 * The row number of a file's `index`-th data record (0-based), as METADATA$FILE_ROW_NUMBER and
 * RAW's `_SOURCE_ROW` give it: records counted from the top of the file, the CSV header record
 * included, so a CSV's data starts at row 2 and an NDJSON file's at row 1. For a CSV whose records
 * are one line each, that is the line an editor shows.
 */
export function fileRowNumber(format: FileFormat, index: number): number {
  return index + (format === 'csv' ? 2 : 1);
}

/** Parses one export file. */
export function parseSourceFile(text: string, format: FileFormat): RawRecord[] {
  if (format === 'csv') {
    const [header, ...rows] = parseCsv(text);
    if (!header) return [];
    return rows.map((values) => {
      if (values.length !== header.length) throw new Error(`CSV record has ${values.length} fields, header has ${header.length}`);
      return Object.fromEntries(header.map((name, i) => [name, values[i] === '' ? null : values[i]!]));
    });
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const obj = JSON.parse(line) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, v === null ? null : String(v)]));
    });
}

/** Every record of one entity the manifest lists, in file order. */
export function readEntityRecords(outDir: string, manifest: SeedManifest, name: EntityName): LocatedRecord[] {
  const { format } = entity(name);
  return manifest.entities[name].files.flatMap((f) =>
    parseSourceFile(fs.readFileSync(path.join(outDir, f.path), 'utf8'), format).map((record, i) => ({ file: f.path, row: fileRowNumber(format, i), record })),
  );
}
