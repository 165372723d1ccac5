/**
 * A cursor over tokens for the hand-written parsers of statements the engine handles itself
 * (account objects, stages, streams, COPY). Keywords match case-insensitively; identifiers
 * follow Snowflake's case rules; errors are Snowflake syntax errors naming what was expected.
 */
import { SnowflakeError } from './errors';
import { Token } from './tokenizer';

/** Canonical Snowflake identifier: unquoted upper-cased, quoted kept as written. */
export function canonical(token: Token): string {
  return token.kind === 'quoted' ? token.value : token.value.toUpperCase();
}

export class Cursor {
  private i = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly sql: string,
  ) {}

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

  /** Consumes the keywords if they all come next (case-insensitive). */
  accept(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) {
      const t = this.tokens[this.i + k];
      if (!t || (t.kind !== 'word' && t.kind !== 'op') || t.text.toUpperCase() !== words[k]) return false;
    }
    this.i += words.length;
    return true;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) throw this.error(`expected '${words.join(' ')}'`);
  }

  identifier(): string {
    const t = this.tokens[this.i];
    if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) throw this.error('expected an identifier');
    this.i++;
    return canonical(t);
  }

  /** `a`, `a.b` or `a.b.c`, canonicalised and joined with dots. */
  qualifiedName(): string {
    const parts = [this.identifier()];
    while (this.accept('.')) parts.push(this.identifier());
    return parts.join('.');
  }

  /** A literal value: string, number or bare word (TRUE, XSMALL, 'x'). */
  value(): string {
    const t = this.tokens[this.i];
    if (!t || (t.kind !== 'string' && t.kind !== 'number' && t.kind !== 'word' && t.kind !== 'quoted')) throw this.error('expected a value');
    this.i++;
    return t.kind === 'word' ? t.value.toUpperCase() : t.value;
  }

  error(expected: string): SnowflakeError {
    const t = this.tokens[this.i];
    const where = t ? `line ${t.line} at position ${t.col - 1} unexpected '${t.text}'` : `unexpected end of statement '${this.sql.trim().slice(-40)}'`;
    return new SnowflakeError('001003', '42000', `SQL compilation error:\nsyntax error ${where}: ${expected}.`);
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
