/**
 * Snowflake SQL tokenizer. Everything in the dialect layer works on these tokens, so a quote,
 * semicolon or `--` inside a string literal, quoted identifier, comment or `$$` body can never
 * be mistaken for syntax (which is what regular expressions over the whole text get wrong).
 */
import { SourcePosition, SnowflakeError, syntaxError } from './errors';
import { RecentMap } from './recent';

/** A string as a DuckDB literal; DuckDB does not interpret backslashes, so only quotes double. */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * - `word`: an unquoted identifier or keyword (`select`, `my_table`, `A$B`)
 * - `quoted`: a double-quoted identifier; `value` holds its case-preserved name
 * - `string`: a `'...'` or `$$...$$` literal; `value` holds the decoded contents
 * - `number`: a numeric literal
 * - `op`: punctuation and operators (`::`, `||`, `(`, `,` ...)
 * - `param`: a bind placeholder, `?` or `:1`
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'param';

/** One token with its place in the source. */
export interface Token extends SourcePosition {
  readonly kind: TokenKind;
  /** The token exactly as written. */
  readonly text: string;
  /** Decoded value: literal contents for strings, the name for quoted identifiers, else `text`. */
  readonly value: string;
  /** Offset of the first character in the source. */
  readonly start: number;
  /** Offset just past the last character in the source. */
  readonly end: number;
}

/** A parenthesised or bracketed run of nodes; `open` is `(`, `[` or `{`. */
export interface Group {
  readonly kind: 'group';
  readonly open: Token;
  readonly close: Token;
  readonly items: readonly Node[];
}

/** A token or a bracketed group of nodes. */
export type Node = Token | Group;

/** One statement of a (possibly multi-statement) SQL text. */
export interface Statement {
  /** The statement's source text, without the terminating semicolon. */
  readonly text: string;
  /** The statement's tokens as a tree of bracketed groups. */
  readonly nodes: readonly Node[];
  /** Where the statement starts in the full text. */
  readonly position: SourcePosition;
}

const MULTI_CHAR_OPS = ['::', '||', '<=', '>=', '<>', '!=', '=>', '->'];
const SINGLE_CHAR_OPS = new Set([...'(),;.:*+-/%=<>[]{}~^&|!@']);

/** Snowflake's backslash escapes inside single-quoted literals. */
const ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  '0': '\0',
};

const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';
const isWordStart = (ch: string): boolean => /[A-Za-z_]/.test(ch) || ch > '\u007f';
const isWordPart = (ch: string): boolean => /[A-Za-z0-9_$]/.test(ch) || ch > '\u007f';

/** Texts tokenized recently; task bodies and client statements repeat, and several parsers read each one. */
const recent = new RecentMap<readonly Token[]>(256);

/**
 * Splits SQL text into tokens, dropping whitespace and comments (`--`, `//`, `/* *\/`). Tokens
 * are immutable, so a text seen recently is answered from a cache (a fresh array of the same
 * tokens, which callers may filter or extend).
 */
export function tokenize(sql: string): Token[] {
  let tokens = recent.get(sql);
  if (!tokens) {
    tokens = scan(sql);
    recent.set(sql, tokens);
  }
  return [...tokens];
}

function scan(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (offset: number): SourcePosition => ({ line, col: offset - lineStart + 1 });
  // Advances over sql[from, to) keeping the line bookkeeping right for multi-line tokens.
  const advance = (to: number): void => {
    for (let k = i; k < to; k++) {
      if (sql[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    i = to;
  };
  const push = (kind: TokenKind, end: number, value: string, at: SourcePosition): void => {
    tokens.push({ kind, text: sql.slice(i, end), value, start: i, end, line: at.line, col: at.col });
    advance(end);
  };

  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1] ?? '';
    const at = here(i);
    if (/\s/.test(ch)) {
      advance(i + 1);
    } else if ((ch === '-' && next === '-') || (ch === '/' && next === '/')) {
      const eol = sql.indexOf('\n', i);
      advance(eol < 0 ? sql.length : eol);
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw unterminated('comment', at);
      advance(close + 2);
    } else if (ch === "'") {
      const { end, value } = readQuotedString(sql, i, at);
      push('string', end, value, at);
    } else if (ch === '$' && next === '$') {
      const close = sql.indexOf('$$', i + 2);
      if (close < 0) throw unterminated('$$ string', at);
      push('string', close + 2, sql.slice(i + 2, close), at);
    } else if (ch === '"') {
      const { end, value } = readQuotedIdentifier(sql, i, at);
      push('quoted', end, value, at);
    } else if (isDigit(ch) || (ch === '.' && isDigit(next))) {
      const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i));
      const end = i + (match ? match[0].length : 1);
      push('number', end, sql.slice(i, end), at);
    } else if (isWordStart(ch)) {
      let end = i + 1;
      while (end < sql.length && isWordPart(sql[end])) end++;
      push('word', end, sql.slice(i, end), at);
    } else if (ch === '?') {
      push('param', i + 1, '?', at);
    } else if (ch === ':' && isDigit(next)) {
      let end = i + 1;
      while (end < sql.length && isDigit(sql[end])) end++;
      push('param', end, sql.slice(i, end), at);
    } else if (ch === '$' && isDigit(next)) {
      let end = i + 1;
      while (end < sql.length && isDigit(sql[end])) end++;
      push('op', end, sql.slice(i, end), at);
    } else {
      const op = MULTI_CHAR_OPS.find((candidate) => sql.startsWith(candidate, i));
      if (op) push('op', i + op.length, op, at);
      else if (SINGLE_CHAR_OPS.has(ch)) push('op', i + 1, ch, at);
      else throw syntaxError(`unexpected '${ch}'.`, at);
    }
  }
  return tokens;
}

function unterminated(what: string, at: SourcePosition): SnowflakeError {
  return syntaxError(`unterminated ${what} starting at line ${at.line}:${at.col}; close it or escape the quote.`, at);
}

/** Reads `'...'` with Snowflake's `''` and backslash escapes, returning the decoded value. */
function readQuotedString(sql: string, start: number, at: SourcePosition): { end: number; value: string } {
  let value = '';
  let k = start + 1;
  while (k < sql.length) {
    const ch = sql[k];
    if (ch === "'") {
      if (sql[k + 1] === "'") {
        value += "'";
        k += 2;
        continue;
      }
      return { end: k + 1, value };
    }
    if (ch === '\\' && k + 1 < sql.length) {
      const { text, length } = decodeEscape(sql, k + 1);
      value += text;
      k += 1 + length;
      continue;
    }
    value += ch;
    k++;
  }
  throw unterminated('string literal', at);
}

/** Decodes the escape after a backslash at `k`: octal `\ooo`, `\xhh`, `\uhhhh`, named, or the character itself. */
function decodeEscape(sql: string, k: number): { text: string; length: number } {
  const octal = /^[0-7]{3}/.exec(sql.slice(k, k + 3));
  if (octal) return { text: String.fromCharCode(parseInt(octal[0], 8)), length: 3 };
  const hex = /^x([0-9A-Fa-f]{2})/.exec(sql.slice(k, k + 3));
  if (hex) return { text: String.fromCharCode(parseInt(hex[1], 16)), length: 3 };
  const unicode = /^u([0-9A-Fa-f]{4})/.exec(sql.slice(k, k + 5));
  if (unicode) return { text: String.fromCharCode(parseInt(unicode[1], 16)), length: 5 };
  // A surrogate pair is one character to the user; keep it whole.
  const codePoint = sql.codePointAt(k) ?? 0;
  const literal = String.fromCodePoint(codePoint);
  return { text: ESCAPES[literal] ?? literal, length: literal.length };
}

function readQuotedIdentifier(sql: string, start: number, at: SourcePosition): { end: number; value: string } {
  let value = '';
  let k = start + 1;
  while (k < sql.length) {
    if (sql[k] === '"') {
      if (sql[k + 1] === '"') {
        value += '"';
        k += 2;
        continue;
      }
      if (value === '') throw syntaxError('empty quoted identifier "" is not allowed.', at);
      return { end: k + 1, value };
    }
    value += sql[k];
    k++;
  }
  throw unterminated('quoted identifier', at);
}

const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** Nests tokens into `( )`, `[ ]` and `{ }` groups; unbalanced brackets are syntax errors. */
export function buildTree(tokens: readonly Token[]): Node[] {
  const root: Node[] = [];
  const stack: { open: Token; items: Node[] }[] = [];
  let items = root;
  for (const token of tokens) {
    if (token.kind === 'op' && CLOSING[token.text] !== undefined) {
      stack.push({ open: token, items });
      items = [];
    } else if (token.kind === 'op' && (token.text === ')' || token.text === ']' || token.text === '}')) {
      const frame = stack.pop();
      if (!frame || token.text !== CLOSING[frame.open.text]) throw syntaxError(`unexpected '${token.text}'.`, token);
      frame.items.push({ kind: 'group', open: frame.open, close: token, items });
      items = frame.items;
    } else {
      items.push(token);
    }
  }
  const unclosed = stack.pop();
  if (unclosed) throw syntaxError(`unexpected '<EOF>': '${unclosed.open.text}' is never closed.`, unclosed.open);
  return root;
}

/** Splits a SQL text into statements at top-level semicolons; empty statements are dropped. */
export function splitStatements(sql: string): Statement[] {
  const statements: Statement[] = [];
  let current: Node[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    const first = firstToken(current[0]);
    const last = lastToken(current[current.length - 1]);
    statements.push({ text: sql.slice(first.start, last.end), nodes: current, position: { line: first.line, col: first.col } });
    current = [];
  };
  for (const node of buildTree(tokenize(sql))) {
    if (node.kind === 'op' && node.text === ';') flush();
    else current.push(node);
  }
  flush();
  return statements;
}

/** The first token of a node (the opening bracket of a group). */
export function firstToken(node: Node): Token {
  return node.kind === 'group' ? node.open : node;
}

/** The last token of a node (the closing bracket of a group). */
export function lastToken(node: Node): Token {
  return node.kind === 'group' ? node.close : node;
}
