/**
 * A brief: how a period went, in a few paragraphs of plain English, which a Cortex model
 * (AI_COMPLETE, sql/cortex/brief.sql) writes from facts the marts give: the headline measures
 * against the period before, the most unusual days and the largest open recommendations. The
 * facts are the answers `ask` gives to those questions, read as the asking role (its row access
 * applies), and they are per-location aggregates: no patient row goes into a prompt.
 */
import { formatChange, formatEstimate, formatValue, measured, targetText } from './answer';
import type { AnomalyAnswer, KpiAnswer, RecommendationAnswer } from './ask';
import type { Question } from './question';

/** Unusual days and recommendations a brief is given, most unusual and largest first: enough to act on, a bounded prompt. */
export const BRIEF_ITEMS = 5;

/** What the model is told; the facts follow between the tags the local stand-in also reads. */
const INSTRUCTIONS = [
  'You write for the owner of an eyecare practice group. In under 250 words of plain English, say how the period went,',
  'what changed against the period before, which days were unusual, and the two or three actions most worth taking,',
  'largest value first. Use only the facts given below; where a figure is n/a or no data, say it is missing',
  'rather than guessing. No tables, no headings.',
].join(' ');

/** One line per fact: what the brief covers, each headline measure, each unusual day, each recommendation. */
export function briefFacts(question: Question, kpis: KpiAnswer, anomalies: AnomalyAnswer, recommendations: RecommendationAnswer): string[] {
  const before = question.comparedWith!;
  const group = kpis.groups[0];
  const facts = [
    `Locations: ${question.locations.length > 0 ? question.locations.map((l) => l.name).join(', ') : 'all locations of the group'}.`,
    `Period: ${question.period.label}, compared with ${before.label}; data through ${kpis.span.asOfDay}.`,
    // Without it, a first month against an empty one reads as growth from nothing.
    ...(before.from < kpis.span.firstDay ? [`Note: the data starts on ${kpis.span.firstDay}, so ${before.label} is ${before.to < kpis.span.firstDay ? 'wholly' : 'partly'} missing: its figures are not comparable.`] : []),
    ...question.metrics.map((m, i) => {
      const [now, then] = [group?.current[i], group?.previous?.[i]];
      return `${m.label}: ${measured(m, now)}, against ${measured(m, then)} before (${formatChange(m.unit, now?.value ?? null, then?.value ?? null)}).`;
    }),
  ];
  const unusual = anomalies.anomalies.slice(0, BRIEF_ITEMS);
  facts.push(`Unusual days: ${anomalies.anomalies.length} of ${anomalies.judged} location-days x measures judged${unusual.length ? `; the ${unusual.length === 1 ? 'most unusual' : `${unusual.length} most unusual`}:` : '.'}`);
  for (const a of unusual) {
    facts.push(`- ${a.day} at ${a.location}: ${a.metric.label} ${formatValue(a.metric.unit, a.actual)}, ${a.score > 0 ? 'above' : 'below'} the usual ${formatEstimate(a.metric.unit, Math.max(0, a.lower))} to ${formatEstimate(a.metric.unit, a.upper)}.`);
  }
  const largest = recommendations.recommendations.slice(0, BRIEF_ITEMS);
  facts.push(`Recommendations from ${recommendations.question.period.label}: ${recommendations.recommendations.length} of ${recommendations.checked} checks fall short${largest.length ? ', largest opportunity first:' : '.'}`);
  for (const r of largest) {
    const worth = r.opportunity === null ? '' : `, worth about ${formatValue('usd', r.opportunity)} over the 4 weeks`;
    facts.push(`- ${r.location}: ${r.measure} ${r.value === null ? 'n/a' : formatValue(r.unit, r.value)} against ${targetText(r)} of ${formatValue(r.unit, r.target)} (typical ${r.typical})${worth}. ${r.action}`);
  }
  return facts;
}

/** The prompt: the instructions, then the facts between `<facts>` lines. */
export function briefPrompt(facts: readonly string[]): string {
  return `${INSTRUCTIONS}\n<facts>\n${facts.join('\n')}\n</facts>`;
}
