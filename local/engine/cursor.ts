/**
 * A cursor over tokens for the hand-written parsers of statements the engine handles itself
 * (account objects, stages, streams, COPY, grants, tasks). Keywords match case-insensitively;
 * identifiers follow Snowflake's case rules; errors are Snowflake syntax errors at the token that
 * did not fit, naming what was expected.
 */
import { SnowflakeError, SourcePosition, syntaxError } from './errors';
import { Token } from './tokenizer';

/** Canonical Snowflake identifier: unquoted upper-cased, quoted kept as written. */
export function canonical(token: Token): string {
  return token.kind === 'quoted' ? token.value : token.value.toUpperCase();
}

export class Cursor {
  private i = 0;
  private readonly tokens: readonly Token[];

  /** Over one statement's tokens; a trailing `;` is not part of it. */
  constructor(
    tokens: readonly Token[],
    private readonly sql: string,
  ) {
    let end = tokens.length;
    while (end > 0 && tokens[end - 1]!.kind === 'op' && tokens[end - 1]!.text === ';') end--;
    this.tokens = tokens.slice(0, end);
  }

  /** Source offset of the next token (the text's length at the end). */
  offset(): number {
    return this.tokens[this.i]?.start ?? this.sql.length;
  }

  /** Skips every token that starts before `offset` (after reading raw text up to it). */
  skipTo(offset: number): void {
    while (this.i < this.tokens.length && this.tokens[this.i]!.start < offset) this.i++;
  }

  /** The raw source text from the next token up to (not including) whitespace or one of `stops`. */
  rawWord(stops = '),;'): string {
    const from = this.offset();
    let to = from;
    while (to < this.sql.length && !/\s/.test(this.sql[to]!) && !stops.includes(this.sql[to]!)) to++;
    this.skipTo(to);
    return this.sql.slice(from, to);
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  /** Do these keywords (or operators) come next? Case-insensitive; consumes nothing. */
  at(...words: string[]): boolean {
    return words.every((word, k) => {
      const t = this.tokens[this.i + k];
      return !!t && (t.kind === 'word' || t.kind === 'op') && t.text.toUpperCase() === word;
    });
  }

  /** Consumes the keywords if they all come next (case-insensitive). */
  accept(...words: string[]): boolean {
    if (!this.at(...words)) return false;
    this.i += words.length;
    return true;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) throw this.error(`expected '${words.join(' ')}'`);
  }

  /** The next token as an upper-case keyword. */
  word(): string {
    const t = this.tokens[this.i];
    if (t?.kind !== 'word') throw this.error('expected a keyword');
    this.i++;
    return t.text.toUpperCase();
  }

  /** One identifier part, canonical; `what` names it in the error. */
  identifier(what?: string): string {
    const t = this.tokens[this.i];
    if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) throw this.error(`expected an identifier${what ? ` for ${what}` : ''}`);
    this.i++;
    return canonical(t);
  }

  /** The parts of `a`, `a.b` or `a.b.c` (or longer: the caller decides), canonical. */
  parts(what?: string): string[] {
    const parts = [this.identifier(what)];
    while (this.accept('.')) parts.push(this.identifier(what));
    return parts;
  }

  /** `a`, `a.b` or `a.b.c`, canonicalised and joined with dots. */
  qualifiedName(): string {
    return this.parts().join('.');
  }

  /** A literal value: string, number or bare word (TRUE, XSMALL, 'x'). */
  value(): string {
    const t = this.tokens[this.i];
    if (!t || (t.kind !== 'string' && t.kind !== 'number' && t.kind !== 'word' && t.kind !== 'quoted')) throw this.error('expected a value');
    this.i++;
    return t.kind === 'word' ? t.value.toUpperCase() : t.value;
  }

  /** A string literal ('...' or $$...$$), for `what`. */
  string(what: string): string {
    const t = this.tokens[this.i];
    if (t?.kind !== 'string') throw this.error(`expected a string literal ('...' or $$...$$) for ${what}`);
    this.i++;
    return t.value;
  }

  /** A string literal or a bare word, as written. */
  stringOrWord(what: string): string {
    const t = this.tokens[this.i];
    if (t?.kind !== 'word') return this.string(what);
    this.i++;
    return t.text;
  }

  /** TRUE or FALSE, bare or quoted. */
  boolean(what: string): boolean {
    const t = this.tokens[this.i];
    const text = t?.kind === 'word' || t?.kind === 'string' ? t.value.toUpperCase() : '';
    if (text !== 'TRUE' && text !== 'FALSE') throw this.error(`expected TRUE or FALSE for ${what}`);
    this.i++;
    return text === 'TRUE';
  }

  /** A whole number from `min` to `max`. */
  integer(what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const t = this.tokens[this.i];
    const value = t?.kind === 'number' && /^\d+$/.test(t.text) ? Number(t.text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
      throw this.error(`invalid value for ${what}: expected ${range}`);
    }
    this.i++;
    return value;
  }

  /** A string, number or keyword, as text (a session parameter's value). */
  literalText(what: string): string {
    const t = this.tokens[this.i];
    if (t?.kind !== 'string' && t?.kind !== 'number' && t?.kind !== 'word') throw this.error(`expected a value for ${what}`);
    this.i++;
    return t.value;
  }

  /**
   * Source text from here to the first `stopWord` outside brackets, exactly as written (WHEN's
   * expression, which ends at AS).
   */
  textUntil(stopWord: string, what: string): string {
    const start = this.tokens[this.i];
    let depth = 0;
    while (!this.done()) {
      const t = this.tokens[this.i]!;
      if (t.kind === 'op' && (t.text === '(' || t.text === '[')) depth++;
      if (t.kind === 'op' && (t.text === ')' || t.text === ']')) depth--;
      if (depth === 0 && t.kind === 'word' && t.text.toUpperCase() === stopWord) break;
      this.i++;
    }
    if (!start || start === this.tokens[this.i]) throw this.error(`${what} needs an expression`, start);
    return this.sql.slice(start.start, this.tokens[this.i - 1]!.end);
  }

  /** The rest of the statement exactly as written (comments inside kept). */
  rest(what: string): string {
    const start = this.tokens[this.i];
    if (!start) throw this.error(`${what} needs SQL after it`);
    this.i = this.tokens.length;
    return this.sql.slice(start.start, this.tokens[this.tokens.length - 1]!.end);
  }

  /** Where the statement ends, for an error there. */
  endPosition(): SourcePosition {
    const last = this.tokens[this.tokens.length - 1];
    if (!last) return { line: 1, col: 1 };
    const lines = this.sql.slice(0, last.end).split('\n');
    return { line: lines.length, col: lines[lines.length - 1]!.length + 1 };
  }

  /** A syntax error at `at` (the next token by default): what was found, then `expected`. */
  error(expected: string, at: Token | undefined = this.tokens[this.i]): SnowflakeError {
    return at ? syntaxError(`unexpected '${at.text}': ${expected}.`, at) : syntaxError(`unexpected end of statement '${this.sql.trim().slice(-40)}': ${expected}.`, this.endPosition());
  }

  end(): void {
    if (!this.done()) throw this.error('expected the end of the statement');
  }
}

/** A parsed option value: a literal, a list `('a', 'b')`, or nested options `(ENABLE = TRUE)`. */
export type OptionValue = string | readonly string[] | OptionMap;
export interface OptionMap {
  readonly [name: string]: OptionValue;
}

/** Is the cursor at `NAME =`? */
export function atOption(c: Cursor): boolean {
  const name = c.peek();
  const eq = c.peek(1);
  return !!name && (name.kind === 'word' || name.kind === 'quoted') && !!eq && eq.kind === 'op' && eq.text === '=';
}

/** `NAME = value` pairs (commas between them optional), upper-cased names, until something else. */
export function parseOptions(c: Cursor): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  while (atOption(c)) {
    const name = c.identifier();
    c.expect('=');
    out[name] = optionValue(c);
    c.accept(',');
  }
  return out;
}

function optionValue(c: Cursor): OptionValue {
  if (!c.accept('(')) return c.value();
  if (atOption(c)) {
    const nested = parseOptions(c);
    c.expect(')');
    return nested;
  }
  const items: string[] = [];
  while (!c.accept(')')) {
    items.push(c.value());
    c.accept(',');
  }
  return items;
}
