/**
 * `eyecare ask`: a plain-English question answered from a tenant's marts. The question is read by
 * question.ts (no language model: deterministic, and no question text leaves the machine), turned
 * into one SELECT by query.ts, and run through whatever client the caller connected, as the
 * caller's role, so row access and masking policies apply to the answer as to any query.
 */
import { renderSql } from '../constructs/sql';
import { briefFacts, briefPrompt } from './brief';
import { METRICS, Metric, MetricUnit, SOURCE_TABLE, bestFirst, insightMeasure } from './metrics';
import { anomalyQuery, forecastQuery, measuresOf, recommendationQuery } from './insight-query';
import { askQuery, type AskQuery } from './query';
import { DataSpan, LocationRef, Question, QuestionError, StaffRef, interpret } from './question';
import { trailingDays } from './periods';

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

interface Answered {
  readonly question: Question;
  readonly span: DataSpan;
  readonly query: AskQuery;
}

/** KPIs over days that happened, per group. */
export interface KpiAnswer extends Answered {
  readonly kind: 'kpi';
  readonly groups: readonly AnswerGroup[];
  /** Measures a role-specific group's phrase implied that had no value in any group (opticians' exams): not shown. */
  readonly leftOut?: readonly Metric[];
  /** Groups left out of a group phrase's answer for having no value in any measure (front desk staff in "staff productivity"). */
  readonly groupsLeftOut?: number;
}

/** A measure's forecast total over the period and its 80 % range. */
export interface ForecastValue {
  readonly forecast: number;
  readonly lower: number;
  readonly upper: number;
}

export interface ForecastGroup {
  readonly id: string;
  readonly label: string;
  /** One per measure of the question, in its order; null where the marts hold no forecast for it. */
  readonly values: readonly (ForecastValue | null)[];
}

export interface ForecastAnswer extends Answered {
  readonly kind: 'forecast';
  readonly groups: readonly ForecastGroup[];
}

/** One unusual day of one measure at one location. */
export interface Anomaly {
  readonly day: string;
  readonly locationId: string;
  readonly location: string;
  readonly metric: Metric;
  readonly actual: number;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  /** Spreads from the expected value: positive above, negative below. */
  readonly score: number;
}

export interface AnomalyAnswer extends Answered {
  readonly kind: 'anomalies';
  /** Most unusual first. */
  readonly anomalies: readonly Anomaly[];
  /** Days x measures in the period that had a band to judge them by. */
  readonly judged: number;
}

/** One triggered rule at one location (MARTS.RECOMMENDATIONS). */
export interface Recommendation {
  readonly locationId: string;
  readonly location: string;
  readonly ruleId: string;
  readonly measure: string;
  readonly unit: MetricUnit;
  /** Null when the denominator is 0. */
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
  readonly target: number;
  /** Whose target: the tenant's own (`recommendation_targets` in its config) or the rule's. */
  readonly targetSource: 'tenant' | 'platform';
  readonly typical: string;
  /** What meeting the target would have been worth over the 4 weeks; null for rules without a dollar value. */
  readonly opportunity: number | null;
  readonly action: string;
}

export interface RecommendationAnswer extends Answered {
  readonly kind: 'recommendations';
  /** Largest opportunity first. */
  readonly recommendations: readonly Recommendation[];
  /** Location x rule checks behind them. */
  readonly checked: number;
}

/** A period in prose, written by a Cortex model from the facts (one line each) that the marts gave. */
export interface BriefAnswer extends Answered {
  readonly kind: 'brief';
  readonly model: string;
  readonly facts: readonly string[];
  readonly text: string;
}

export type Answer = KpiAnswer | ForecastAnswer | AnomalyAnswer | RecommendationAnswer | BriefAnswer;

/** The tenant `ask` answers for: its database, its locations (from config), and Cortex where the tenant has it. */
export interface AskTenant {
  readonly id: string;
  readonly database: string;
  readonly locations: readonly LocationRef[];
  /** The model briefs are written with and their most output tokens; absent when the tenant's `features.cortex` is off. */
  readonly cortex?: { readonly model: string; readonly maxOutputTokens: number };
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
 * The question read; where the grammar alone cannot read it, read again with the staff members it
 * may name ("Dr Jones", from the staff mart, the reader's row access applying), so a question
 * without a name costs no query of the staff.
 */
async function interpretNamingStaff(client: QueryClient, text: string, context: { readonly locations: readonly LocationRef[]; readonly span: DataSpan }): Promise<Question> {
  try {
    return interpret(text, context);
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    const rows = await client.query('SELECT STAFF_ID, STAFF_NAME, ROLE FROM MARTS.DIM_STAFF WHERE STAFF_NAME IS NOT NULL');
    const staff: StaffRef[] = rows.map((r) => ({ id: String(r.STAFF_ID), name: String(r.STAFF_NAME), role: String(r.ROLE) }));
    return interpret(text, { ...context, staff });
  }
}

/**
 * Answers `text` for the tenant whose database the client reads: its locations (from config) let
 * the question name them. Groups come ranked when asked ("top 3"), else locations and staff best
 * first and periods in calendar order.
 */
export async function ask(client: QueryClient, tenant: AskTenant, text: string): Promise<Answer> {
  const span = await dataSpan(client, tenant.id);
  const question = await interpretNamingStaff(client, text, { locations: tenant.locations, span });
  switch (question.kind) {
    case 'brief':
      return briefAnswer(client, tenant, question, span);
    case 'forecast':
      return forecastAnswer(client, question, span, forecastQuery(question, tenant.database));
    case 'anomalies':
      return anomalyAnswer(client, question, span, anomalyQuery(question, tenant.database, span.asOfDay));
    case 'recommendations':
      return recommendationAnswer(client, question, span, recommendationQuery(question, tenant.database));
    case 'kpi':
      return kpiAnswer(client, question, span, askQuery(question, tenant.database, span.asOfDay));
  }
}

/**
 * The brief: the headline KPIs, unusual days and recommendations answered as their own questions
 * would be, given to Cortex as facts. Refused before its facts are read when the tenant has no Cortex.
 */
async function briefAnswer(client: QueryClient, tenant: AskTenant, question: Question, span: DataSpan): Promise<BriefAnswer> {
  if (!tenant.cortex) {
    throw new QuestionError(
      `a brief is written by Snowflake Cortex, which is off for ${tenant.id}: set features: { cortex: true } under tenants.${tenant.id} in the environment's YAML file and deploy (on by default for medium and large tenants); the figures a brief is written from are there without it: ask "net revenue last month vs the month before", "unusual days last month", "recommendations"`,
    );
  }
  const { database } = tenant;
  const headline = { ...question, kind: 'kpi' as const };
  const kpis = await kpiAnswer(client, headline, span, askQuery(headline, database, span.asOfDay));
  const unusual = { ...question, kind: 'anomalies' as const, metrics: [] };
  const anomalies = await anomalyAnswer(client, unusual, span, anomalyQuery(unusual, database, span.asOfDay));
  const open = { ...question, kind: 'recommendations' as const, metrics: [], period: trailingDays(28, span.asOfDay, 'the 4 weeks') };
  const recommendations = await recommendationAnswer(client, open, span, recommendationQuery(open, database));
  const facts = briefFacts(question, kpis, anomalies, recommendations);
  const query = { sql: renderSql('cortex/brief.sql'), binds: [tenant.cortex.model, briefPrompt(facts), tenant.cortex.maxOutputTokens] };
  const [row] = await client.query(query.sql, query.binds);
  return { kind: 'brief', question, span, query, model: tenant.cortex.model, facts, text: String(row?.BRIEF ?? '').trim() };
}

async function recommendationAnswer(client: QueryClient, question: Question, span: DataSpan, query: AskQuery): Promise<RecommendationAnswer> {
  const rows = await client.query(query.sql, query.binds);
  const recommendations = rows
    .filter((row) => row.RULE_ID !== null && row.RULE_ID !== undefined)
    .map((row): Recommendation => ({
      locationId: String(row.LOCATION_ID),
      location: String(row.LOCATION_NAME),
      ruleId: String(row.RULE_ID),
      measure: String(row.MEASURE),
      unit: String(row.UNIT) as MetricUnit,
      value: toNumber(row.VALUE),
      numerator: Number(row.NUMERATOR),
      denominator: Number(row.DENOMINATOR),
      target: Number(row.TARGET),
      targetSource: row.TARGET_SOURCE === 'tenant' ? 'tenant' : 'platform',
      typical: String(row.TYPICAL),
      opportunity: toNumber(row.OPPORTUNITY_USD),
      action: String(row.ACTION),
    }));
  return { kind: 'recommendations', question, span, query, recommendations, checked: Number(rows[0]?.CHECKED ?? 0) };
}

/** Groups best first when the question ranks them (or groups locations or staff), keeping the first `limit`; groups without a value last. */
function ranked<G extends { readonly label: string }>(question: Question, groups: G[], key: (g: G) => number | null): G[] {
  const ranking = question.ranking ?? (question.groupBy === 'location' || question.groupBy === 'staff' ? { order: bestFirst(question.metrics[0]!) } : undefined);
  if (!ranking) return groups;
  const sign = ranking.order === 'desc' ? -1 : 1;
  const sorted = groups.sort((a, b) => (key(a) === null ? 1 : key(b) === null ? -1 : sign * (key(a)! - key(b)!)) || a.label.localeCompare(b.label));
  return question.ranking?.limit === undefined ? sorted : sorted.slice(0, question.ranking.limit);
}

async function forecastAnswer(client: QueryClient, question: Question, span: DataSpan, query: AskQuery): Promise<ForecastAnswer> {
  const rows = await client.query(query.sql, query.binds);
  const measures = measuresOf(question);
  const byGroup = new Map<string, { label: string; values: (ForecastValue | null)[] }>();
  for (const row of rows) {
    const id = String(row.GROUP_ID);
    const group = byGroup.get(id) ?? { label: String(row.GROUP_LABEL), values: measures.map(() => null) };
    const [forecast, margin] = [Number(row.FORECAST), Number(row.MARGIN)];
    group.values[measures.indexOf(String(row.MEASURE))] = { forecast, lower: Math.max(0, Math.round((forecast - margin) * 100) / 100), upper: Math.round((forecast + margin) * 100) / 100 };
    byGroup.set(id, group);
  }
  const groups = ranked(question, [...byGroup].map(([id, g]) => ({ id, ...g })), (g) => g.values[0]?.forecast ?? null);
  return { kind: 'forecast', question, span, query, groups };
}

async function anomalyAnswer(client: QueryClient, question: Question, span: DataSpan, query: AskQuery): Promise<AnomalyAnswer> {
  const rows = await client.query(query.sql, query.binds);
  const metricOf = (measure: string) => METRICS.find((m) => insightMeasure(m) === measure)!;
  const anomalies = rows
    .filter((row) => row.DAY !== null && row.DAY !== undefined)
    .map((row): Anomaly => ({
      day: String(row.DAY),
      locationId: String(row.LOCATION_ID),
      location: String(row.LOCATION_NAME),
      metric: metricOf(String(row.MEASURE)),
      actual: Number(row.ACTUAL),
      expected: Number(row.EXPECTED),
      lower: Number(row.LOWER_BOUND),
      upper: Number(row.UPPER_BOUND),
      score: Number(row.SCORE),
    }));
  return { kind: 'anomalies', question, span, query, anomalies, judged: Number(rows[0]?.JUDGED ?? 0) };
}

async function kpiAnswer(client: QueryClient, question: Question, span: DataSpan, query: AskQuery): Promise<KpiAnswer> {
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
  const all = [...byGroup].map(([id, g]) => ({
    id,
    label: g.label,
    current: measured(g.rows.get('current')),
    ...(question.comparedWith ? { previous: measured(g.rows.get('previous')) } : {}),
  }));
  const shown = withoutEmptyOmittable(question, all);
  // Ranked by the first measure shown. Groups without a value (no denominator) go last whichever way the ranking runs.
  const first = shown.question.metrics[0]!;
  let groups: AnswerGroup[] = ranked(shown.question, shown.groups, (g) => (shown.question.ranking?.by === 'change' ? changeOf(first, g) : g.current[0]!.value));
  if (groups.length === 0 && !question.groupBy) groups = [{ id: 'all', label: 'all', current: measured(undefined), ...(question.comparedWith ? { previous: measured(undefined) } : {}) }];
  return {
    kind: 'kpi',
    question: shown.question,
    span,
    query,
    groups,
    ...(shown.leftOut.length > 0 ? { leftOut: shown.leftOut } : {}),
    ...(shown.groupsLeftOut > 0 ? { groupsLeftOut: shown.groupsLeftOut } : {}),
  };
}

/** A group's change in a measure as its answer prints it: a rate in points, the rest relative to before (none from zero). */
function changeOf(m: Metric, g: AnswerGroup): number | null {
  const [now, before] = [g.current[0]?.value ?? null, g.previous?.[0]?.value ?? null];
  if (now === null || before === null) return null;
  if (m.unit === 'rate') return now - before;
  return before === 0 ? null : (now - before) / Math.abs(before);
}

/**
 * For measures a role-specific group's phrase implied ("staff productivity"), leaves out those that are zero or
 * missing in every group and period (an optician's exams), while one measure remains, and then the
 * groups with none of the rest (front desk staff), while one group remains. Measures the question
 * named itself are always shown, and so is every group when it named one.
 */
function withoutEmptyOmittable(question: Question, groups: AnswerGroup[]): { question: Question; groups: AnswerGroup[]; leftOut: Metric[]; groupsLeftOut: number } {
  const omittable = question.omittable ?? [];
  const none = (v: MeasuredValue | undefined) => !v?.value;
  const emptyIn = (g: AnswerGroup, i: number) => none(g.current[i]) && none(g.previous?.[i]);
  const drop = question.metrics.map((m, i) => groups.length > 0 && omittable.includes(m.id) && groups.every((g) => emptyIn(g, i)));
  const measuresKept = drop.includes(true) && drop.includes(false);
  const keep = <T>(values: readonly T[]) => (measuresKept ? values.filter((_, i) => !drop[i]) : [...values]);
  const metrics = keep(question.metrics);
  const trimmed = groups.map((g) => ({ ...g, current: keep(g.current), ...(g.previous ? { previous: keep(g.previous) } : {}) }));
  const allOmittable = omittable.length > 0 && metrics.every((m) => omittable.includes(m.id));
  const withValues = allOmittable ? trimmed.filter((g) => metrics.some((_, i) => !emptyIn(g, i))) : trimmed;
  const kept = withValues.length > 0 ? withValues : trimmed;
  return {
    question: measuresKept ? { ...question, metrics } : question,
    groups: kept,
    leftOut: question.metrics.filter((_, i) => measuresKept && drop[i]),
    groupsLeftOut: trimmed.length - kept.length,
  };
}
