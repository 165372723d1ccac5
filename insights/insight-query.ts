/**
 * The SELECTs of questions about forecasts, unusual days and recommendations, over the insight
 * marts (MARTS.KPI_FORECAST_DAILY, KPI_ANOMALY_DAILY, RECOMMENDATIONS), every value from the
 * question a bind.
 */
import { INSIGHT_MEASURES, insightMeasure } from './metrics';
import type { Question } from './question';
import type { AskQuery } from './query';

/** The z of an 80 % range, as the forecast refresh uses it. */
export const RANGE_Z = 1.2816;

/** The question's measures as insight series (all of them for an anomaly question that names none). */
export function measuresOf(question: Question): string[] {
  return question.metrics.length > 0 ? question.metrics.map((m) => insightMeasure(m)!) : [...INSIGHT_MEASURES];
}

function binder(): { binds: string[]; bind: (value: string) => string } {
  const binds: string[] = [];
  return { binds, bind: (value) => (binds.push(value), '?') };
}

/**
 * Forecast totals per group and measure with their 80 % range. The range of a sum is not the sum
 * of the days' ranges: each day adds its own variance (the weekday's deviation squared), and a
 * location's days of one weekday share the error of the level they all come from (deviation
 * squared over the weeks it was built from), so those add up before they are squared.
 */
export function forecastQuery(question: Question, database: string): AskQuery {
  const { binds, bind } = binder();
  const [groupId, groupLabel] =
    question.groupBy === 'location'
      ? ['f.LOCATION_ID', 'COALESCE(l.LOCATION_NAME, f.LOCATION_ID)']
      : question.groupBy === 'day'
        ? ["TO_VARCHAR(f.DATE_DAY, 'YYYY-MM-DD')", "TO_VARCHAR(f.DATE_DAY, 'YYYY-MM-DD')"]
        : question.groupBy
          ? [`TO_VARCHAR(DATE_TRUNC('${question.groupBy}', f.DATE_DAY), 'YYYY-MM-DD')`, `TO_VARCHAR(DATE_TRUNC('${question.groupBy}', f.DATE_DAY), 'YYYY-MM-DD')`]
          : ["'all'", "'all'"];
  const where = [
    `f.MEASURE IN (${measuresOf(question).map(bind).join(', ')})`,
    `f.DATE_DAY BETWEEN CAST(${bind(question.period.from)} AS DATE) AND CAST(${bind(question.period.to)} AS DATE)`,
    ...(question.locations.length > 0 ? [`f.LOCATION_ID IN (${question.locations.map((l) => bind(l.id)).join(', ')})`] : []),
  ];
  const sql = [
    'WITH days AS (',
    `  SELECT ${groupId} AS GROUP_ID, ${groupLabel} AS GROUP_LABEL, f.MEASURE, f.LOCATION_ID, DAYOFWEEKISO(f.DATE_DAY) AS WEEKDAY, f.FORECAST, f.DEVIATION, f.BASELINE_DAYS`,
    `  FROM ${database}.MARTS.KPI_FORECAST_DAILY f`,
    ...(question.groupBy === 'location' ? [`  LEFT JOIN ${database}.MARTS.DIM_LOCATION l ON l.LOCATION_ID = f.LOCATION_ID`] : []),
    `  WHERE ${where.join(' AND ')}`,
    '),',
    'weekdays AS (',
    '  SELECT GROUP_ID, GROUP_LABEL, MEASURE, SUM(FORECAST) AS FORECAST, SUM(SQUARE(DEVIATION)) AS DAY_VARIANCE, SQUARE(SUM(DEVIATION)) / MAX(BASELINE_DAYS) AS LEVEL_VARIANCE',
    '  FROM days',
    '  GROUP BY GROUP_ID, GROUP_LABEL, MEASURE, LOCATION_ID, WEEKDAY',
    ')',
    `SELECT GROUP_ID, GROUP_LABEL, MEASURE, ROUND(SUM(FORECAST), 2) AS FORECAST, ROUND(${RANGE_Z} * SQRT(SUM(DAY_VARIANCE) + SUM(LEVEL_VARIANCE)), 2) AS MARGIN`,
    'FROM weekdays',
    'GROUP BY GROUP_ID, GROUP_LABEL, MEASURE',
    'ORDER BY GROUP_ID, MEASURE',
  ].join('\n');
  return { sql, binds };
}

/**
 * The unusual days of the period, most unusual first, and how many days x measures were judged
 * (a day has a band once 6 earlier same weekdays are there): one row of JUDGED with no anomaly
 * columns when none was unusual.
 */
export function anomalyQuery(question: Question, database: string, asOfDay: string): AskQuery {
  const { binds, bind } = binder();
  const where = [
    'a.EXPECTED IS NOT NULL',
    `a.MEASURE IN (${measuresOf(question).map(bind).join(', ')})`,
    `a.DATE_DAY BETWEEN CAST(${bind(question.period.from)} AS DATE) AND CAST(${bind(question.period.to < asOfDay ? question.period.to : asOfDay)} AS DATE)`,
    ...(question.locations.length > 0 ? [`a.LOCATION_ID IN (${question.locations.map((l) => bind(l.id)).join(', ')})`] : []),
  ];
  const sql = [
    'WITH judged AS (',
    `  SELECT a.DATE_DAY, a.LOCATION_ID, COALESCE(l.LOCATION_NAME, a.LOCATION_ID) AS LOCATION_NAME, a.MEASURE, a.ACTUAL, a.EXPECTED, a.LOWER_BOUND, a.UPPER_BOUND, a.SCORE, a.IS_ANOMALY`,
    `  FROM ${database}.MARTS.KPI_ANOMALY_DAILY a`,
    `  LEFT JOIN ${database}.MARTS.DIM_LOCATION l ON l.LOCATION_ID = a.LOCATION_ID`,
    `  WHERE ${where.join(' AND ')}`,
    ')',
    "SELECT c.JUDGED, TO_VARCHAR(j.DATE_DAY, 'YYYY-MM-DD') AS DAY, j.LOCATION_ID, j.LOCATION_NAME, j.MEASURE, j.ACTUAL, j.EXPECTED, j.LOWER_BOUND, j.UPPER_BOUND, j.SCORE",
    'FROM (SELECT COUNT(*) AS JUDGED FROM judged) c',
    'LEFT JOIN judged j ON j.IS_ANOMALY',
    'ORDER BY ABS(j.SCORE) DESC NULLS LAST, j.DATE_DAY DESC, j.LOCATION_ID, j.MEASURE',
  ].join('\n');
  return { sql, binds };
}

/**
 * The triggered recommendations, largest opportunity first (those without a dollar value last),
 * and how many location x rule checks there were: one row of CHECKED with no recommendation
 * columns when none triggered.
 */
export function recommendationQuery(question: Question, database: string): AskQuery {
  const { binds, bind } = binder();
  const where = [
    ...(question.metrics.length > 0 ? [`r.MEASURE IN (${question.metrics.map((m) => bind(m.label)).join(', ')})`] : []),
    ...(question.locations.length > 0 ? [`r.LOCATION_ID IN (${question.locations.map((l) => bind(l.id)).join(', ')})`] : []),
  ];
  const sql = [
    'WITH checked AS (',
    `  SELECT r.*, COALESCE(l.LOCATION_NAME, r.LOCATION_ID) AS LOCATION_NAME`,
    `  FROM ${database}.MARTS.RECOMMENDATIONS r`,
    `  LEFT JOIN ${database}.MARTS.DIM_LOCATION l ON l.LOCATION_ID = r.LOCATION_ID`,
    ...(where.length > 0 ? [`  WHERE ${where.join(' AND ')}`] : []),
    ')',
    'SELECT c.CHECKED, j.LOCATION_ID, j.LOCATION_NAME, j.RULE_ID, j.MEASURE, j.UNIT, j.VALUE, j.NUMERATOR, j.DENOMINATOR, j.TARGET, j.TARGET_SOURCE, j.TYPICAL, j.OPPORTUNITY_USD, j.ACTION',
    'FROM (SELECT COUNT(*) AS CHECKED FROM checked) c',
    'LEFT JOIN checked j ON j.TRIGGERED',
    'ORDER BY j.OPPORTUNITY_USD DESC NULLS LAST, j.LOCATION_ID, j.RULE_ID',
  ].join('\n');
  return { sql, binds };
}
