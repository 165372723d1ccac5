/**
 * An answer in words: the measure, whose, when, the value (and its change when comparing), then
 * how it was computed and as of which day, so a reader can check it against the marts.
 */
import type { Answer, AnswerGroup, MeasuredValue } from './ask';
import { SOURCE_TABLE, type Metric, type MetricUnit } from './metrics';
import type { Period } from './periods';

function money(n: number): string {
  return `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A value as it reads: $1,234.50, 9.8%, 1,234, 9.52. */
export function formatValue(unit: MetricUnit, n: number): string {
  switch (unit) {
    case 'usd':
      return money(n);
    case 'rate':
      return `${(n * 100).toFixed(1)}%`;
    case 'count':
      return Math.round(n).toLocaleString('en-US');
    case 'ratio':
      return n.toFixed(2);
  }
}

function measured(m: Metric, v: MeasuredValue | undefined): string {
  if (v?.value === null || v?.value === undefined) return v?.denominator === 0 ? `n/a (no ${m.denominatorNoun ?? 'data'})` : 'no data';
  return formatValue(m.unit, v.value);
}

/** The change from `before` to `now`: points for rates, an amount and a percentage otherwise. */
export function formatChange(unit: MetricUnit, now: number | null, before: number | null): string {
  if (now === null || before === null) return 'n/a';
  const sign = (n: number) => (n > 0 ? '+' : n < 0 ? '-' : '±');
  const diff = now - before;
  if (unit === 'rate') return `${sign(diff)}${Math.abs(diff * 100).toFixed(1)} pts`;
  const amount = unit === 'usd' ? money(Math.abs(diff)) : unit === 'count' ? Math.round(Math.abs(diff)).toLocaleString('en-US') : Math.abs(diff).toFixed(2);
  const relative = before === 0 ? '' : ` (${sign(diff)}${Math.abs((100 * diff) / before).toFixed(1)}%)`;
  return `${sign(diff)}${amount}${relative}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const GROUP_NOUNS = { location: 'location', staff: 'staff member', day: 'day', week: 'week (starting Monday)', month: 'month', quarter: 'quarter', year: 'year' } as const;

/** Columns padded to their widest cell, numbers right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function periodText(p: Period, asOfDay: string): string {
  return p.to > asOfDay && p.from <= asOfDay ? `${p.label}, data through ${asOfDay}` : p.label;
}

/** The answer as lines of text. */
export function renderAnswer(answer: Answer): string[] {
  const { question: q, span } = answer;
  const scope = [q.locations.length > 0 ? q.locations.map((l) => l.name).join(', ') : 'all locations', ...(q.staffRoles.length > 0 ? [`${q.staffRoles.map((r) => `${r}s`).join(' and ')} only`] : [])].join(', ');
  const when = periodText(q.period, span.asOfDay);
  const before = q.comparedWith ? periodText(q.comparedWith, span.asOfDay) : undefined;
  const lines: string[] = [];
  const outside = (p: Period) => p.to < span.firstDay || p.from > span.asOfDay;
  for (const p of [q.period, q.comparedWith]) {
    if (p && outside(p)) lines.push(`Note: ${p.label} is outside the data, which covers ${span.firstDay} to ${span.asOfDay}.`);
  }

  if (!q.groupBy) {
    const g: AnswerGroup | undefined = answer.groups[0];
    q.metrics.forEach((m, i) => {
      const now = measured(m, g?.current[i]);
      if (!before) lines.push(`${capitalised(m.label)}, ${scope}, ${when}: ${now}.`);
      else lines.push(`${capitalised(m.label)}, ${scope}: ${now} in ${when}, against ${measured(m, g?.previous?.[i])} in ${before}: ${formatChange(m.unit, g?.current[i]?.value ?? null, g?.previous?.[i]?.value ?? null)}.`);
    });
  } else {
    const order = q.ranking?.order === 'asc' ? 'lowest' : 'highest';
    const ranked = q.ranking ? ` (${q.ranking.limit === undefined ? `ranked, ${order} first` : `the ${order}${q.ranking.limit === 1 ? '' : ` ${q.ranking.limit}`}`})` : '';
    const measures = q.metrics.map((m) => m.label).join(', ');
    lines.push(`${capitalised(measures)} by ${GROUP_NOUNS[q.groupBy]}, ${scope}, ${when}${before ? `, against ${before}` : ''}${ranked}:`);
    if (answer.groups.length === 0) lines.push('  (no rows in that period)');
    else {
      const header = [GROUP_NOUNS[q.groupBy], ...q.metrics.flatMap((m) => (before ? [m.label, 'before', 'change'] : [m.label]))];
      const rows = answer.groups.map((g, n) => [
        `${q.ranking ? `${n + 1}. ` : ''}${g.label}`,
        ...q.metrics.flatMap((m, i) =>
          before ? [measured(m, g.current[i]), measured(m, g.previous?.[i]), formatChange(m.unit, g.current[i]?.value ?? null, g.previous?.[i]?.value ?? null)] : [measured(m, g.current[i])],
        ),
      ]);
      lines.push(...table(header, rows));
    }
  }
  for (const m of q.metrics) {
    const f = m[q.source]!;
    lines.push(`  ${m.label}: ${f.denominator ? `SUM(${f.numerator}) / SUM(${f.denominator})` : `SUM(${f.numerator})`} over MARTS.${SOURCE_TABLE[q.source]} (docs/kpis.md, "${m.kpi}")`);
  }
  lines.push(`  as of ${span.asOfDay}, the last day with recorded activity (data from ${span.firstDay}); read by a local question grammar, see docs/ask.md`);
  return lines;
}
