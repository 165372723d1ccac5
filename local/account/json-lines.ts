/**
 * Files of JSON lines kept next to the account's database (the audit log, task history): an
 * append costs microseconds where a DuckDB insert committed and synced each time (2-4 ms).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The `<db>.<name>.ndjson` file (a temporary one for :memory:), created if missing. A last line
 * torn by a crash is ended, so the lines appended after it stay lines of their own.
 */
export function openJsonLinesFile(database: string, name: string): string {
  const file = database === ':memory:' ? path.join(os.tmpdir(), `eyecare-${name}-${randomUUID()}.ndjson`) : `${database}.${name}.ndjson`;
  fs.appendFileSync(file, '');
  const size = fs.statSync(file).size;
  if (size > 0) {
    const last = Buffer.alloc(1);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, last, 0, 1, size - 1);
    } finally {
      fs.closeSync(fd);
    }
    if (last[0] !== 0x0a) fs.appendFileSync(file, '\n');
  }
  return file;
}

/** Appends one value as a line: a crash of the process loses at most the line being written. */
export function appendJsonLine(file: string, value: unknown): void {
  fs.appendFileSync(file, `${JSON.stringify(value)}\n`);
}

/** The objects of a JSON-lines file, skipping empty lines and a line torn by a crash. */
export function readJsonLines(file: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A torn line: the crash lost this one record, not the file.
    }
  }
  return rows;
}
