/**
 * An answer in words: the measure, whose, when, the value (and its change when comparing), then
 * how it was computed and as of which day, so a reader can check it against the marts.
 */
import type { Answer, AnomalyAnswer, AnswerGroup, BriefAnswer, ForecastAnswer, KpiAnswer, MeasuredValue, Recommendation, RecommendationAnswer } from './ask';
import { FORECAST_DAYS, SOURCES, SOURCE_TABLE, type Metric, type MetricUnit } from './metrics';
import type { Question } from './question';
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

/** A measure's value as an answer prints it; without one, why not ("n/a (no comprehensive exams)", "no data"). */
export function measured(m: Metric, v: MeasuredValue | undefined): string {
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

/** Columns padded to their widest cell: the first `textColumns` left-aligned, the numbers after them right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function periodText(p: Period, asOfDay: string): string {
  return p.to > asOfDay && p.from <= asOfDay ? `${p.label}, data through ${asOfDay}` : p.label;
}

/** How grouped rows are ranked, as words: " (the highest 3)", " (ranked, lowest first)", or nothing. */
function rankingText(q: Question): string {
  if (!q.ranking) return '';
  const { limit } = q.ranking;
  const order = q.ranking.order === 'asc' ? 'lowest' : 'highest';
  if (q.ranking.by === 'change') {
    const what = `in ${q.metrics[0]!.label}`;
    return ` (${limit === undefined ? `ranked by the change ${what}, ${order} first` : limit === 1 ? `the ${order} change ${what}` : `the ${limit} ${order} changes ${what}`})`;
  }
  return ` (${limit === undefined ? `ranked, ${order} first` : `the ${order}${limit === 1 ? '' : ` ${limit}`}`})`;
}

/** Whose target a recommendation holds a location to, as words. */
export function targetText(r: Recommendation): string {
  return r.targetSource === 'tenant' ? "the practice's own target" : 'a target';
}

/** Which locations (and staff) an answer covers, as words. */
function scopeOf(q: Question): string {
  return [
    q.locations.length > 0 ? q.locations.map((l) => l.name).join(', ') : 'all locations',
    ...(q.staffRoles.length > 0 ? [`${q.staffRoles.map((r) => `${r}s`).join(' and ')} only`] : []),
    ...(q.staff?.length ? [`${q.staff.map((s) => `${s.name} (${s.role})`).join(' and ')} only`] : []),
  ].join(', ');
}

/** The answer as lines of text. */
export function renderAnswer(answer: Answer): string[] {
  switch (answer.kind) {
    case 'kpi':
      return renderKpis(answer);
    case 'forecast':
      return renderForecast(answer);
    case 'anomalies':
      return renderAnomalies(answer);
    case 'recommendations':
      return renderRecommendations(answer);
    case 'brief':
      return renderBrief(answer);
  }
}

function renderBrief(answer: BriefAnswer): string[] {
  const { question: q, span } = answer;
  return [
    `Brief, ${scopeOf(q)}, ${periodText(q.period, span.asOfDay)}, against ${q.comparedWith!.label}:`,
    '',
    ...answer.text.split('\n'),
    '',
    `  written by Cortex (${answer.model}) from ${answer.facts.length} facts: the headline KPIs, unusual days and recommendations as ask answers them`,
    `  (ask for any of them to see its figures; --sql shows the prompt); docs/insights.md, "Briefs"; as of ${span.asOfDay}`,
  ];
}

function renderRecommendations(answer: RecommendationAnswer): string[] {
  const { question: q, span } = answer;
  const what = q.metrics.length > 0 ? `, on ${q.metrics.map((m) => m.label).join(', ')}` : '';
  const lines = [
    answer.recommendations.length === 0
      ? `No recommendations, ${scopeOf(q)}${what}, from ${q.period.label}: all ${answer.checked} checks met their targets (or had too little data to judge).`
      : `Recommendations, ${scopeOf(q)}${what}, from ${q.period.label}: ${answer.recommendations.length} of ${answer.checked} checks fall${answer.recommendations.length === 1 ? 's' : ''} short, largest opportunity first:`,
  ];
  answer.recommendations.forEach((r, n) => {
    const value = r.value === null ? 'n/a' : formatEstimate(r.unit, r.value);
    const [numerator, denominator] = [formatEstimate('count', r.numerator), formatEstimate('count', r.denominator)];
    const evidence = r.unit === 'rate' ? ` (${numerator} of ${denominator})` : r.unit === 'ratio' ? ` (${numerator} over ${denominator})` : '';
    const worth = r.opportunity === null ? '' : `; meeting it would have been worth about ${formatValue('usd', r.opportunity)} over the 4 weeks`;
    lines.push(
      `  ${n + 1}. ${r.location}: ${r.measure} ${value}${evidence} against ${targetText(r)} of ${formatEstimate(r.unit, r.target)} (typical: ${r.typical})${worth}.`,
      `     ${r.action}`,
    );
  });
  lines.push(`  rules, targets and how opportunities are valued: MARTS.RECOMMENDATIONS (docs/insights.md, "Recommendations"); as of ${span.asOfDay}`);
  return lines;
}

/** An estimate as it reads: as formatValue, but a count keeps one decimal (an expected 10.8 visits, a band up to 15.4). */
export function formatEstimate(unit: MetricUnit, n: number): string {
  return unit === 'count' ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : formatValue(unit, n);
}

function range(unit: MetricUnit, low: number, high: number): string {
  return `${formatEstimate(unit, low)} to ${formatEstimate(unit, high)}`;
}

function renderForecast(answer: ForecastAnswer): string[] {
  const { question: q, span } = answer;
  const lines: string[] = [];
  const method = [
    `  forecast: each weekday's mean over the 8 weeks to ${span.asOfDay}, moved along the trend of the weekly totals, summed over the days; 80 % range`,
    `  from MARTS.KPI_FORECAST_DAILY, which looks ${FORECAST_DAYS} days ahead (docs/insights.md, "Forecasts"); read by a local question grammar, see docs/ask.md`,
  ];
  if (!q.groupBy) {
    const values = answer.groups[0]?.values ?? [];
    q.metrics.forEach((m, i) => {
      const v = values[i];
      lines.push(`Forecast of ${m.label}, ${scopeOf(q)}, ${q.period.label}: ${v ? `${formatEstimate(m.unit, v.forecast)} (80 % range ${range(m.unit, v.lower, v.upper)})` : 'no forecast (a weekday needs 4 weeks of data first)'}.`);
    });
    return [...lines, ...method];
  }
  const ranked = rankingText(q);
  lines.push(`Forecast of ${q.metrics.map((m) => m.label).join(', ')} by ${GROUP_NOUNS[q.groupBy]}, ${scopeOf(q)}, ${q.period.label}${ranked}:`);
  if (answer.groups.length === 0) lines.push('  (no forecast for that period: a weekday needs 4 weeks of data first)');
  else {
    const header = [GROUP_NOUNS[q.groupBy], ...q.metrics.flatMap((m) => [m.label, '80 % range'])];
    const rows = answer.groups.map((g, n) => [
      `${q.ranking ? `${n + 1}. ` : ''}${g.label}`,
      ...q.metrics.flatMap((m, i) => {
        const v = g.values[i];
        return v ? [formatEstimate(m.unit, v.forecast), range(m.unit, v.lower, v.upper)] : ['none yet', ''];
      }),
    ]);
    lines.push(...table(header, rows));
  }
  return [...lines, ...method];
}

function renderAnomalies(answer: AnomalyAnswer): string[] {
  const { question: q, span } = answer;
  const what = q.metrics.length > 0 ? q.metrics.map((m) => m.label).join(', ') : 'every measure followed';
  const where = `${scopeOf(q)}, ${periodText(q.period, span.asOfDay)}, in ${what}`;
  const judged = answer.judged.toLocaleString('en-US');
  const lines = [
    answer.anomalies.length === 0
      ? `No unusual days, ${where}: all ${judged} days x measures judged were within their band.`
      : `Unusual days, ${where}: ${answer.anomalies.length} of ${judged} days x measures judged, most unusual first:`,
  ];
  if (answer.anomalies.length > 0) {
    const rows = answer.anomalies.map((a) => [
      a.day,
      a.location,
      a.metric.phrases[0]!,
      formatValue(a.metric.unit, a.actual),
      formatEstimate(a.metric.unit, a.expected),
      range(a.metric.unit, Math.max(0, a.lower), a.upper),
      `${a.score > 0 ? '+' : ''}${a.score.toFixed(2)} (${a.score > 0 ? 'above' : 'below'})`,
    ]);
    lines.push(...table(['day', 'location', 'measure', 'actual', 'expected', 'usual range', 'spreads'], rows, 3));
  }
  lines.push(
    '  a day is unusual when it lies more than 4 spreads from the mean of the same weekday over the 8 weeks before it (a spread: their standard deviation,',
    `  at least a tenth of the mean, one visit or $25); MARTS.KPI_ANOMALY_DAILY (docs/insights.md, "Anomalies"); as of ${span.asOfDay}, data from ${span.firstDay}`,
  );
  return lines;
}

function renderKpis(answer: KpiAnswer): string[] {
  const { question: q, span } = answer;
  const scope = scopeOf(q);
  const when = periodText(q.period, span.asOfDay);
  const before = q.comparedWith ? periodText(q.comparedWith, span.asOfDay) : undefined;
  const lines: string[] = [];
  // Days ahead, as booked, lie after the as-of day by design.
  const outside = (p: Period) => p.to < span.firstDay || (p.from > span.asOfDay && !q.ahead);
  for (const p of [q.period, q.comparedWith]) {
    if (p && outside(p)) lines.push(`Note: ${p.label} is outside the data, which covers ${span.firstDay} to ${span.asOfDay}.`);
  }
  // Trailing 24-month windows are short while the data is younger (the view's HAS_FULL_HISTORY).
  const twoYearsBefore = (day: string) => `${Number(day.slice(0, 4)) - 2}${day.slice(4)}`;
  if (q.source === 'patientsMonthly' && twoYearsBefore(q.period.to < span.asOfDay ? q.period.to : span.asOfDay) < span.firstDay) {
    lines.push(`Note: the data starts on ${span.firstDay}, less than 24 months before, so the 12- and 24-month windows are short: not comparable with a full year's figure (typically about $133).`);
  }

  if (!q.groupBy) {
    const g: AnswerGroup | undefined = answer.groups[0];
    q.metrics.forEach((m, i) => {
      const now = measured(m, g?.current[i]);
      if (!before) lines.push(`${capitalised(m.label)}, ${scope}, ${when}: ${now}.`);
      else lines.push(`${capitalised(m.label)}, ${scope}: ${now} in ${when}, against ${measured(m, g?.previous?.[i])} in ${before}: ${formatChange(m.unit, g?.current[i]?.value ?? null, g?.previous?.[i]?.value ?? null)}.`);
    });
  } else {
    const ranked = rankingText(q);
    const measures = q.metrics.map((m) => m.label).join(', ');
    lines.push(`${capitalised(measures)} by ${GROUP_NOUNS[q.groupBy]}, ${scope}, ${when}${before ? `, against ${before}` : ''}${ranked}:`);
    const anyValue = answer.groups.some((g) => [...g.current, ...(g.previous ?? [])].some((v) => v?.value));
    if (answer.groups.length === 0) lines.push('  (no rows in that period)');
    else if (!anyValue && answer.groups.length > 1) lines.push(`  (zero or no value for each of the ${answer.groups.length} ${GROUP_NOUNS[q.groupBy]}s)`);
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
  const noun = GROUP_NOUNS[q.groupBy ?? 'location'];
  if (answer.leftOut) lines.push(`  left out: ${answer.leftOut.map((m) => m.label).join(', ')} (none for any ${noun} shown)`);
  if (answer.groupsLeftOut) lines.push(`  left out: ${answer.groupsLeftOut} ${answer.groupsLeftOut === 1 ? noun : `${noun}s`} with none of these`);
  for (const m of q.metrics) {
    const f = m[q.source]!;
    const scaled = f.scale === undefined ? '' : `${f.scale} x `;
    const when = SOURCES[q.source].atPeriodEnd ? `, on the last day of ${q.groupBy && q.groupBy !== 'location' ? `each ${GROUP_NOUNS[q.groupBy]}` : 'the period'} up to the as-of day` : '';
    lines.push(`  ${m.label}: ${scaled}${f.denominator ? `SUM(${f.numerator}) / SUM(${f.denominator})` : `SUM(${f.numerator})`} over MARTS.${SOURCE_TABLE[q.source]}${when} (docs/kpis.md, "${m.kpi}")`);
  }
  if (q.ahead) lines.push(`  booked so far, as of ${span.asOfDay}: what is on the books for days to come, before the no-shows and late cancellations still to happen`);
  if (SOURCES[q.source].perLocation && q.groupBy !== 'location') {
    lines.push('  over the locations: NET_REVENUE_12M summed, ACTIVE_PATIENTS counted again from MARTS.FCT_APPOINTMENTS (a patient seen at two locations is one)');
  }
  lines.push(`  as of ${span.asOfDay}, the last day with recorded activity (data from ${span.firstDay}); read by a local question grammar, see docs/ask.md`);
  return lines;
}
