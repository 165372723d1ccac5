/**
 * Row access and masking policies, locally: their DDL, their attachment to tables, and the
 * subquery through which a session reads a protected table (rows the row access policy allows,
 * columns through their masking policies). Policy bodies are Snowflake expressions, evaluated for
 * the session: CURRENT_ROLE()/CURRENT_USER() by the translator, IS_ROLE_IN_SESSION() here.
 */
import { Cursor } from '../engine/cursor';
import { SnowflakeError } from '../engine/errors';
import { Token, tokenize } from '../engine/tokenizer';
import { NameContext, QualifiedName, ShowFilter, objectName, parseShowFilter } from '../engine/names';
import { qualifiedText } from './objects';

export type PolicyKind = 'ROW ACCESS POLICY' | 'MASKING POLICY';

export interface PolicyDefinition extends QualifiedName {
  readonly kind: PolicyKind;
  readonly args: readonly { readonly name: string; readonly type: string }[];
  readonly returns: string;
  /** The body after `->`, as written. */
  readonly body: string;
  readonly owner: string;
  readonly comment?: string;
  /**
   * EXEMPT_OTHER_POLICIES of a masking policy, as created. Recorded only: the local engine does not
   * restrict which policies may reference a masked column, so there is nothing for it to lift.
   */
  readonly exemptOtherPolicies?: boolean;
}

export type PolicyStatement =
  | { readonly kind: 'create'; readonly policy: PolicyDefinition; readonly orReplace: boolean; readonly ifNotExists: boolean }
  | { readonly kind: 'drop'; readonly policyKind: PolicyKind; readonly name: QualifiedName; readonly ifExists: boolean }
  | { readonly kind: 'addRowAccess' | 'dropRowAccess'; readonly table: QualifiedName; readonly policy: QualifiedName; readonly columns: readonly string[] }
  | { readonly kind: 'setMasking' | 'unsetMasking'; readonly table: QualifiedName; readonly column: string; readonly policy?: QualifiedName }
  /** SHOW ROW ACCESS POLICIES | MASKING POLICIES [LIKE '<pattern>'] [IN ACCOUNT | DATABASE d | SCHEMA [d.]s]. */
  | ({ readonly kind: 'show'; readonly policyKind: PolicyKind } & ShowFilter);

/** Attachments: per table, its row access policy and the masking policy of each column. */
export interface PolicyAttachments {
  rowAccess?: { policy: string; columns: string[] };
  masking: Record<string, string>;
}

/** A type such as `NUMBER(38, 2)`, up to one of `stops` outside parentheses. */
function typeText(c: Cursor, stops: readonly string[]): string {
  const parts: string[] = [];
  let depth = 0;
  for (let t = c.peek(); t; t = c.peek()) {
    if (depth === 0 && stops.includes(t.text)) break;
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    parts.push(t.text);
    c.skipTo(t.end);
  }
  if (parts.length === 0) throw c.error('expected a data type');
  return parts.join(' ').replace(/ \( /g, '(').replace(/ \)/g, ')').replace(/ , /g, ',');
}

/**
 * The properties after a policy body (`COMMENT = '...'`, `EXEMPT_OTHER_POLICIES = TRUE`), read
 * from the end of the statement because the body before them is free text; `end` is where the
 * body stops.
 */
function trailingProperties(tokens: readonly Token[], bodyStart: number, kind: PolicyKind): { end?: number; comment?: string; exemptOtherPolicies?: boolean } {
  const found: { end?: number; comment?: string; exemptOtherPolicies?: boolean } = {};
  for (let n = tokens.length; n >= 3 && tokens[n - 3]!.start >= bodyStart; n -= 3) {
    const [name, eq, value] = [tokens[n - 3]!, tokens[n - 2]!, tokens[n - 1]!];
    if (name.kind !== 'word' || eq.text !== '=') break;
    const property = name.text.toUpperCase();
    if (property === 'COMMENT' && value.kind === 'string' && found.comment === undefined) found.comment = value.value;
    else if (property === 'EXEMPT_OTHER_POLICIES' && /^(TRUE|FALSE)$/i.test(value.text) && found.exemptOtherPolicies === undefined) {
      if (kind !== 'MASKING POLICY') throw new SnowflakeError('001008', '22023', `SQL compilation error:\ninvalid property 'EXEMPT_OTHER_POLICIES' for '${kind}'.`);
      found.exemptOtherPolicies = value.text.toUpperCase() === 'TRUE';
    } else break;
    found.end = name.start;
  }
  return found;
}

function policyKind(c: Cursor): PolicyKind | undefined {
  if (c.accept('ROW', 'ACCESS', 'POLICY')) return 'ROW ACCESS POLICY';
  if (c.accept('MASKING', 'POLICY')) return 'MASKING POLICY';
  return undefined;
}

/** Parses policy DDL and attachments, or returns undefined for any other statement. */
export function parsePolicyStatement(sql: string, context: NameContext, owner: string): PolicyStatement | undefined {
  const tokens = tokenize(sql).filter((t) => !(t.kind === 'op' && t.text === ';'));
  const c = new Cursor(tokens, sql);
  const name = (action: string, at: NameContext = context) => objectName(c, at, action);
  if (c.accept('CREATE')) {
    const orReplace = c.accept('OR', 'REPLACE');
    const kind = policyKind(c);
    if (!kind) return undefined;
    const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
    const where = name(`CREATE ${kind}`);
    c.expect('AS');
    c.expect('(');
    const args: { name: string; type: string }[] = [];
    while (!c.accept(')')) {
      const arg = c.identifier();
      args.push({ name: arg, type: typeText(c, [',', ')']) });
      c.accept(',');
    }
    c.expect('RETURNS');
    const returns = [typeText(c, ['->'])];
    if (!c.accept('->')) throw c.error("expected '->' before the policy body");
    const { end, ...trailing } = trailingProperties(tokens, c.offset(), kind);
    const body = sql.slice(c.offset(), end).trim().replace(/;\s*$/, '');
    if (!body) throw c.error('expected a policy body after ->');
    if (kind === 'ROW ACCESS POLICY' && returns.join(' ') !== 'BOOLEAN') throw c.error('a row access policy RETURNS BOOLEAN');
    return { kind: 'create', orReplace, ifNotExists, policy: { kind, ...where, args, returns: returns.join(' '), body, owner, ...trailing } };
  }
  if (c.accept('SHOW')) {
    const kind = c.accept('ROW', 'ACCESS', 'POLICIES') ? 'ROW ACCESS POLICY' : c.accept('MASKING', 'POLICIES') ? 'MASKING POLICY' : undefined;
    if (!kind) return undefined;
    const filter = parseShowFilter(c, context);
    c.end();
    return { kind: 'show', policyKind: kind, ...filter };
  }
  if (c.accept('DROP')) {
    const kind = policyKind(c);
    if (!kind) return undefined;
    const ifExists = c.accept('IF', 'EXISTS');
    const statement: PolicyStatement = { kind: 'drop', policyKind: kind, ifExists, name: name(`DROP ${kind}`) };
    c.end();
    return statement;
  }
  if (!c.accept('ALTER', 'TABLE') && !c.accept('ALTER', 'VIEW')) return undefined;
  c.accept('IF', 'EXISTS');
  const table = name('ALTER TABLE');
  for (const verb of ['ADD', 'DROP'] as const) {
    if (c.accept(verb, 'ROW', 'ACCESS', 'POLICY')) {
      const policy = name(`${verb} ROW ACCESS POLICY`, table);
      const columns: string[] = [];
      if (verb === 'ADD') {
        c.expect('ON');
        c.expect('(');
        do columns.push(c.identifier());
        while (c.accept(','));
        c.expect(')');
      }
      c.end();
      return { kind: verb === 'ADD' ? 'addRowAccess' : 'dropRowAccess', table, policy, columns };
    }
  }
  if (c.accept('MODIFY') || c.accept('ALTER')) {
    c.accept('COLUMN');
    const column = c.identifier();
    if (c.accept('SET', 'MASKING', 'POLICY')) {
      const policy = name('SET MASKING POLICY', table);
      c.accept('FORCE');
      c.end();
      return { kind: 'setMasking', table, column, policy };
    }
    if (c.accept('UNSET', 'MASKING', 'POLICY')) {
      c.end();
      return { kind: 'unsetMasking', table, column };
    }
  }
  return undefined;
}

/** `CREATE TABLE|VIEW ... WITH ROW ACCESS POLICY p ON (c)`: the policy attached as the object is created. */
export interface InlineRowAccess {
  /** The CREATE statement without its row access clause. */
  readonly create: string;
  readonly object: QualifiedName;
  readonly policy: QualifiedName;
  readonly columns: readonly string[];
}

/**
 * Splits a CREATE TABLE or VIEW that attaches a row access policy in its definition into the
 * plain CREATE and the attachment; undefined for every other statement. The clause is found at
 * parenthesis depth 0 (and before a view's AS), so column definitions and view text are untouched.
 */
export function parseInlineRowAccess(sql: string, context: NameContext): InlineRowAccess | undefined {
  const tokens = tokenize(sql).filter((t) => !(t.kind === 'op' && t.text === ';'));
  const c = new Cursor(tokens, sql);
  if (!c.accept('CREATE')) return undefined;
  c.accept('OR', 'REPLACE');
  while (c.accept('SECURE') || c.accept('TRANSIENT') || c.accept('TEMPORARY') || c.accept('LOCAL') || c.accept('GLOBAL')) continue;
  const kind = c.accept('TABLE') ? 'TABLE' : c.accept('VIEW') ? 'VIEW' : undefined;
  if (!kind) return undefined;
  c.accept('IF', 'NOT', 'EXISTS');
  const object = objectName(c, context, `CREATE ${kind}`);
  let depth = 0;
  for (let t = c.peek(); t; t = c.peek()) {
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (depth === 0 && kind === 'VIEW' && t.kind === 'word' && t.text.toUpperCase() === 'AS') return undefined;
    const start = t.start;
    if (depth === 0 && (c.accept('WITH', 'ROW', 'ACCESS', 'POLICY') || c.accept('ROW', 'ACCESS', 'POLICY'))) {
      const policy = objectName(c, object, 'ROW ACCESS POLICY');
      c.expect('ON');
      c.expect('(');
      const columns: string[] = [];
      do columns.push(c.identifier());
      while (c.accept(','));
      c.expect(')');
      return { create: `${sql.slice(0, start)}${sql.slice(c.offset())}`.trim(), object, policy, columns };
    }
    c.skipTo(t.end);
  }
  return undefined;
}

/** The body with argument names replaced by (quoted) expressions, token by token. */
export function bindArguments(body: string, args: readonly { readonly name: string }[], values: readonly string[]): string {
  const byName = new Map(args.map((a, i) => [a.name, values[i]!]));
  let out = '';
  let at = 0;
  const tokens = tokenize(body) as Token[];
  for (const [k, t] of tokens.entries()) {
    const key = t.kind === 'quoted' ? t.value : t.kind === 'word' ? t.value.toUpperCase() : undefined;
    const value = key !== undefined ? byName.get(key) : undefined;
    // `e.LOCATION_ID` is a column of e, not the argument.
    if (value === undefined || tokens[k - 1]?.text === '.') continue;
    out += body.slice(at, t.start) + value;
    at = t.end;
  }
  return out + body.slice(at);
}

/**
 * The row access policy's condition on a row of `table` that a statement names `qualifier` (the
 * target of an UPDATE, DELETE or MERGE, whose rows Snowflake limits to those the policy lets the
 * session see), as a Snowflake expression. Refused when the policy body itself names `qualifier`
 * (a table or alias of its own lookup would capture the target's columns).
 */
export function rowAccessCondition(table: QualifiedName, qualifier: string, rowAccess: NonNullable<PolicyAttachments['rowAccess']>, policy: PolicyDefinition): string {
  if (policy.args.length !== rowAccess.columns.length) {
    throw new SnowflakeError('002262', '22000', `Row access policy ${qualifiedText(policy)} takes ${policy.args.length} arguments but is attached ON ${rowAccess.columns.length} columns of ${qualifiedText(table)}.`);
  }
  return bindToTarget(table, qualifier, policy, rowAccess.columns);
}

/**
 * The masking policy's expression for `column` of a row of `table` that a statement names
 * `qualifier` (a column of the target of an UPDATE, DELETE or MERGE, read in its expressions,
 * which Snowflake masks there too), as a Snowflake expression.
 */
export function maskedColumn(table: QualifiedName, qualifier: string, column: string, policy: PolicyDefinition): string {
  return bindToTarget(table, qualifier, policy, [column]);
}

/**
 * A policy body with its arguments bound to columns of the row named `qualifier`. Refused when
 * the body itself names `qualifier` (a table or alias of its own lookup would capture them).
 */
function bindToTarget(table: QualifiedName, qualifier: string, policy: PolicyDefinition, columns: readonly string[]): string {
  const names = tokenize(policy.body).flatMap((t) => (t.kind === 'quoted' ? [t.value] : t.kind === 'word' ? [t.value.toUpperCase()] : []));
  if (names.includes(qualifier)) {
    throw new SnowflakeError(
      '002262',
      '22000',
      `The ${policy.kind.toLowerCase()} ${qualifiedText(policy)} on ${qualifiedText(table)} names '${qualifier}', which this statement uses for its target ${qualifiedText(table)}; the local engine cannot tell the two apart. Give the target another alias (UPDATE ${table.name} AS tgt ...).`,
    );
  }
  return bindArguments(policy.body, policy.args, columns.map((c) => `${quoteName(qualifier)}.${quoteName(c)}`));
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The Snowflake SELECT that a session reads instead of a protected table: every column (masked
 * ones through their policy), and only the rows the row access policy returns TRUE for.
 */
export function protectedSelect(
  table: QualifiedName,
  columns: readonly string[],
  attachments: PolicyAttachments,
  policy: (name: string) => PolicyDefinition,
): string {
  // Arguments bind to the protected table under an alias of its own, so a subquery in a policy
  // body (an entitlement lookup) cannot capture them.
  const qualifier = 'POLICY$TARGET';
  const alias = quoteName(qualifier);
  const column = (c: string) => `${alias}.${quoteName(c)}`;
  const select = columns.map((name) => {
    const masking = attachments.masking[name];
    if (!masking) return column(name);
    const p = policy(masking);
    return `(${bindArguments(p.body, p.args, [column(name)])}) AS ${quoteName(name)}`;
  });
  let where = '';
  if (attachments.rowAccess) {
    where = ` WHERE (${rowAccessCondition(table, qualifier, attachments.rowAccess, policy(attachments.rowAccess.policy))})`;
  }
  return `SELECT ${select.join(', ')} FROM ${quoteName(table.database)}.${quoteName(table.schema)}.${quoteName(table.name)} AS ${alias}${where}`;
}
