/**
 * Config problems in the contract's one-line format:
 * `<file>: <path>: <what is wrong> (got <value>; <what is allowed>)`.
 */

export interface ConfigIssue {
  /** The file the problem is in, relative to the working directory when possible. */
  readonly file: string;
  /** Dotted field path, e.g. `tenants.acme.locations[1].id`; `line 4, column 7` for YAML syntax. */
  readonly path: string;
  readonly problem: string;
  /** The offending value as written (already formatted for humans). */
  readonly got: string;
  /** What is allowed, and how to fix it. */
  readonly allowed: string;
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}: ${issue.path}: ${issue.problem} (got ${issue.got}; ${issue.allowed})`;
}

/** Thrown when an environment cannot be loaded; carries every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
  }
}

const MAX_SHOWN = 60;

/** Renders a config value the way it was written, short enough for one line. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else if (Array.isArray(value)) text = value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  else text = 'a mapping';
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** `tenants.acme.locations[1].id`; keys that are not plain words are quoted so odd ids stay readable. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      const plain = /^[A-Za-z0-9_$-]+$/.test(key);
      out += plain ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out || '(top level)';
}

/** Levenshtein distance, for "did you mean" suggestions on misspelt keys. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * The known words close enough to `word` to be plausible typos, closest first (ties in `known`
 * order), at most `limit`; only those as close as the best one or one edit further.
 */
export function closestAll(word: string, known: readonly string[], limit = 3, threshold = Math.max(2, Math.floor(word.length / 3))): string[] {
  const lower = word.toLowerCase();
  const near = known
    .map((candidate, index) => ({ candidate, index, distance: editDistance(lower, candidate.toLowerCase()) }))
    .filter((c) => c.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.index - b.index);
  const best = near[0]?.distance ?? 0;
  return near.filter((c) => c.distance <= best + 1).slice(0, limit).map((c) => c.candidate);
}

/** The closest known word if it is close enough to be a plausible typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  return closestAll(word, known, 1)[0];
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`: quoted alternatives for a "did you mean" hint. */
export function quotedAlternatives(words: readonly string[]): string {
  const quoted = words.map((w) => JSON.stringify(w));
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
