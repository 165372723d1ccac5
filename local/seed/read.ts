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
  /** 1-based record number, header not counted. */
  readonly row: number;
  readonly record: RawRecord;
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
    parseSourceFile(fs.readFileSync(path.join(outDir, f.path), 'utf8'), format).map((record, i) => ({ file: f.path, row: i + 1, record })),
  );
}
