/**
 * GET_DDL, locally: `SELECT GET_DDL('TABLE' | 'VIEW' | 'POLICY', '<name>')` as a statement of its
 * own. A table's DDL is written from its columns and policies, a view's is the Snowflake text it
 * was created with, a policy's its definition, in the shape Snowflake returns them.
 */
import type { ColumnInfo } from '../engine/engine';
import { Cursor } from '../engine/cursor';
import { SnowflakeError } from '../engine/errors';
import { tokenize } from '../engine/tokenizer';
import { snowflakeTypeText } from '../engine/types';
import { PolicyAttachments, PolicyDefinition } from './policies';

export type DdlKind = 'TABLE' | 'VIEW' | 'POLICY';

export interface GetDdlStatement {
  readonly kind: DdlKind;
  /** The object's name as written. */
  readonly name: string;
  /** GET_DDL's result column name, as Snowflake names an unaliased expression. */
  readonly column: string;
}

/** `SELECT GET_DDL('<kind>', '<name>' [, <use fully qualified names>])`, or undefined for any other statement. */
export function parseGetDdl(sql: string): GetDdlStatement | undefined {
  const tokens = tokenize(sql).filter((t) => !(t.kind === 'op' && t.text === ';'));
  const c = new Cursor(tokens, sql);
  if (!c.accept('SELECT')) return undefined;
  const start = c.offset();
  if (!c.accept('GET_DDL', '(')) return undefined;
  if (c.peek()?.kind !== 'string') throw c.error("expected the object type as a string: GET_DDL('TABLE', 'MARTS.KPI_LOCATION_DAILY')");
  const kind = c.value().toUpperCase();
  c.expect(',');
  if (c.peek()?.kind !== 'string') throw c.error("expected the object name as a string: GET_DDL('TABLE', 'MARTS.KPI_LOCATION_DAILY')");
  const name = c.value();
  if (c.accept(',')) c.value();
  const close = c.offset();
  c.expect(')');
  const column = sql.slice(start, close + 1).toUpperCase();
  c.end();
  if (kind !== 'TABLE' && kind !== 'VIEW' && kind !== 'POLICY') {
    throw new SnowflakeError('000002', '0A000', `SQL compilation error:\nUnsupported feature 'GET_DDL of a ${kind}' in the local engine: it writes the DDL of a TABLE, VIEW or POLICY (SHOW and DESCRIBE list the rest).`);
  }
  return { kind, name, column };
}

/** A table's DDL: its columns with Snowflake's types, NOT NULL, defaults, masking and row access policies. */
export function tableDdl(name: string, columns: readonly ColumnInfo[], attachments: PolicyAttachments | undefined): string {
  const lines = columns.map((c) => {
    const masking = attachments?.masking[c.name];
    return `\t${c.name} ${snowflakeTypeText(c.type)}${c.nullable ? '' : ' NOT NULL'}${c.defaultValue !== undefined ? ` DEFAULT ${c.defaultValue}` : ''}${masking ? ` WITH MASKING POLICY ${masking}` : ''}`;
  });
  const rowAccess = attachments?.rowAccess ? `\nwith row access policy ${attachments.rowAccess.policy} on (${attachments.rowAccess.columns.join(', ')})` : '';
  return `create or replace TABLE ${name} (\n${lines.join(',\n')}\n)${rowAccess};`;
}

/** A policy's DDL, as created. */
export function policyDdl(policy: PolicyDefinition): string {
  const kind = policy.kind === 'MASKING POLICY' ? 'masking policy' : 'row access policy';
  return `create or replace ${kind} ${policy.name} as (${policy.args.map((a) => `${a.name} ${a.type}`).join(', ')}) returns ${policy.returns} ->\n${policy.body}\n;`;
}
