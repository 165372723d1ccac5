/**
 * `eyecare ask`: a plain-English question answered from a tenant's marts. The question is read by
 * question.ts (no language model: deterministic, and no question text leaves the machine), turned
 * into one SELECT by query.ts, and run through whatever client the caller connected, as the
 * caller's role, so row access and masking policies apply to the answer as to any query.
 */
import { renderSql } from '../constructs/sql';
import { SOURCE_TABLE, bestFirst } from './metrics';
import { askQuery, type AskQuery } from './query';
import { DataSpan, LocationRef, Question, QuestionError, interpret } from './question';

/** What `ask` needs of a connection: snowflake-sdk's client against Snowflake or the local endpoint. */
export interface QueryClient {
  query(sql: string, binds?: readonly (string | number | boolean | null)[]): Promise<Record<string, unknown>[]>;
}

/** A metric's value in one period: null when its denominator was 0 (then `denominator` is 0). */
export interface MeasuredValue {
  readonly value: number | null;
  readonly denominator?: number;
}

/** One row of the answer: a group (or `all`) with each metric's value now and, when comparing, before. */
export interface AnswerGroup {
  readonly id: string;
  readonly label: string;
  readonly current: readonly MeasuredValue[];
  readonly previous?: readonly MeasuredValue[];
}

export interface Answer {
  readonly question: Question;
  readonly span: DataSpan;
  readonly query: AskQuery;
  readonly groups: readonly AnswerGroup[];
}

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The tenant's data span; an error that says what to run when its marts hold no activity yet. */
export async function dataSpan(client: QueryClient, tenant: string): Promise<DataSpan> {
  const [row] = await client.query(renderSql('marts/summary/as_of_day.sql'));
  const firstDay = row?.FIRST_DAY;
  const asOfDay = row?.AS_OF_DAY;
  if (firstDay === null || firstDay === undefined || asOfDay === null || asOfDay === undefined) {
    throw new QuestionError(`${tenant}'s MARTS.${SOURCE_TABLE.daily} holds no activity yet: load data and run its task graph first (locally: npm run local)`);
  }
  return { firstDay: String(firstDay).slice(0, 10), asOfDay: String(asOfDay).slice(0, 10) };
}

/**
 * Answers `text` for the tenant whose database the client reads: its locations (from config) let
 * the question name them. Groups come ranked when asked ("top 3"), else locations and staff best
 * first and periods in calendar order.
 */
export async function ask(client: QueryClient, tenant: { readonly id: string; readonly database: string; readonly locations: readonly LocationRef[] }, text: string): Promise<Answer> {
  const span = await dataSpan(client, tenant.id);
  const question = interpret(text, { locations: tenant.locations, span });
  const query = askQuery(question, tenant.database, span.asOfDay);
  const rows = await client.query(query.sql, query.binds);
  const measured = (row: Record<string, unknown> | undefined): MeasuredValue[] =>
    question.metrics.map((_, i) => {
      const value = toNumber(row?.[`M${i}`]);
      const denominator = toNumber(row?.[`D${i}`]);
      return denominator === null ? { value } : { value, denominator };
    });
  const byGroup = new Map<string, { label: string; rows: Map<string, Record<string, unknown>> }>();
  for (const row of rows) {
    const id = String(row.GROUP_ID);
    const group = byGroup.get(id) ?? { label: String(row.GROUP_LABEL), rows: new Map() };
    group.rows.set(String(row.PERIOD), row);
    byGroup.set(id, group);
  }
  let groups: AnswerGroup[] = [...byGroup].map(([id, g]) => ({
    id,
    label: g.label,
    current: measured(g.rows.get('current')),
    ...(question.comparedWith ? { previous: measured(g.rows.get('previous')) } : {}),
  }));
  const rankedByValue = question.ranking ?? (question.groupBy === 'location' || question.groupBy === 'staff' ? { order: bestFirst(question.metrics[0]!) } : undefined);
  if (rankedByValue) {
    const sign = rankedByValue.order === 'desc' ? -1 : 1;
    // Groups without a value (no denominator) go last whichever way the ranking runs.
    const key = (g: AnswerGroup) => g.current[0]!.value;
    groups = groups.sort((a, b) => (key(a) === null ? 1 : key(b) === null ? -1 : sign * (key(a)! - key(b)!)) || a.label.localeCompare(b.label));
    if (question.ranking?.limit !== undefined) groups = groups.slice(0, question.ranking.limit);
  }
  if (groups.length === 0 && !question.groupBy) groups = [{ id: 'all', label: 'all', current: measured(undefined), ...(question.comparedWith ? { previous: measured(undefined) } : {}) }];
  return { question, span, query, groups };
}
