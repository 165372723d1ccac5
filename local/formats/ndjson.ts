/**
 * Newline-delimited JSON as COPY INTO reads it: one JSON object per line, a line's number being
 * its record number. Only the check that decides whether DuckDB's reader may load a file lives
 * here; the JavaScript reader is `JSON.parse` per line (stages.ts, parseFile).
 */

/** Keys another reader matches exactly as a JavaScript property lookup does: lower case ASCII, no escapes. */
const KEY = '"[a-z0-9_]+"';
/**
 * Scalar values whose text both readers agree on: strings without `\u` escapes or control
 * characters; numbers as `String(JSON.parse(n))` writes them back (no exponent, leading zeros,
 * trailing fraction zeros or `-0`, at most 15 digits so the double holds them exactly, and not
 * below 0.01, where DuckDB switches to exponent notation); true, false and null.
 */
const VALUE = [
  '"[^"\\\\\\x00-\\x1f]*(?:\\\\["\\\\/bfnrt][^"\\\\\\x00-\\x1f]*)*"',
  '(?!-0[,}])(?!-?0\\.00)-?(?=[0-9.]{1,15}[,}])(?:0|[1-9][0-9]*)(?:\\.[0-9]*[1-9])?',
  'true',
  'false',
  'null',
].join('|');
const RECORD = new RegExp(`\\{(?:${KEY}:(?:${VALUE})(?:,${KEY}:(?:${VALUE}))*)?\\}(?:\\n|$)`, 'y');
/** One key and its value inside a line RECORD accepted, so keys are found only where keys are. */
const MEMBER = /"([a-z0-9_]+)":(?:"[^"\\]*(?:\\.[^"\\]*)*"|[^,}]*)/g;

/**
 * The number of records when the text is plain NDJSON, which DuckDB's `read_json` reads into the
 * same values as `JSON.parse` plus `String()` (see VALUE): every line one flat object of scalar
 * values with no key twice, LF line ends, no blank line (a blank line has a line number but no
 * record). Undefined otherwise. Reads no values, so it is cheap enough to decide before loading.
 */
export function plainNdjsonRecords(text: string): number | undefined {
  let records = 0;
  let i = 0;
  // The previous line's keys in order, each once: a line with the same keys needs no key check (exports repeat one order).
  let shape: RegExp | undefined;
  while (i < text.length) {
    if (shape) {
      shape.lastIndex = i;
      if (shape.test(text)) {
        i = shape.lastIndex;
        records++;
        continue;
      }
    }
    RECORD.lastIndex = i;
    if (!RECORD.test(text)) return undefined;
    const end = RECORD.lastIndex;
    const keys: string[] = [];
    MEMBER.lastIndex = i;
    for (let m = MEMBER.exec(text); m !== null && m.index < end; m = MEMBER.exec(text)) keys.push(m[1]!);
    // JSON.parse keeps a repeated key's last value; DuckDB refuses the line.
    if (new Set(keys).size !== keys.length) return undefined;
    shape = new RegExp(`\\{${keys.map((k) => `"${k}":(?:${VALUE})`).join(',')}\\}(?:\\n|$)`, 'y');
    i = end;
    records++;
  }
  return records;
}
