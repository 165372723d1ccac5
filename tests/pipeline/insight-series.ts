/**
 * Hand-made KPI series for the insight marts (MARTS.KPI_ANOMALY_DAILY, MARTS.KPI_FORECAST_DAILY).
 *
 * Thirteen weeks, Monday 2024-01-01 to Sunday 2024-03-31, practices open Monday to Friday, so the
 * as-of day is Friday 2024-03-29. Exams per weekday, with w the week (0 for the first):
 *   steady   Mondays 10 in even weeks and 12 in odd ones, Tuesdays the other way round, 11 on the
 *            other weekdays: every week has 55 exams (no trend), every Monday averages 11.
 *   growing  200 + w every weekday: weekly totals 1000 + 5w.
 *   spiky    as steady, but 16 exams on Monday 2024-03-11 (week 10, where steady has 10).
 * Every other measure is 0.
 */
import type { TestTenant } from './helpers';

const FIRST_MONDAY = Date.UTC(2024, 0, 1);
const DAYS = 91;
const day = (i: number) => new Date(FIRST_MONDAY + i * 86_400_000).toISOString().slice(0, 10);

function exams(location: string, i: number): number {
  const [week, weekday] = [Math.floor(i / 7), i % 7];
  if (weekday >= 5) return 0;
  if (location === 'growing') return 200 + week;
  if (location === 'spiky' && day(i) === '2024-03-11') return 16;
  if (weekday === 0) return week % 2 === 0 ? 10 : 12;
  if (weekday === 1) return week % 2 === 0 ? 12 : 10;
  return 11;
}

/**
 * Replaces MARTS.KPI_LOCATION_DAILY with the locations' series (a location not described above
 * follows steady). Rows are stamped UPDATED_AT as the KPI refresh stamps a row it changes; so are
 * the tests' corrections (see `correctKpi`).
 */
export async function writeSeries(t: TestTenant, locations: readonly string[]): Promise<void> {
  const columns = (await t.query(`SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'MARTS' AND TABLE_NAME = 'KPI_LOCATION_DAILY' AND IS_NULLABLE = 'NO' ORDER BY ORDINAL_POSITION`)).map((r) => r.COLUMN_NAME as string);
  const numbers = columns.filter((c) => c !== 'LOCATION_ID' && c !== 'DATE_DAY');
  await t.run('DELETE FROM MARTS.KPI_LOCATION_DAILY');
  const rows = locations.flatMap((location) => Array.from({ length: DAYS }, (_, i) => `('${location}', '${day(i)}', ${numbers.map((c) => (c === 'EXAMS' ? exams(location, i) : 0)).join(', ')}, CURRENT_TIMESTAMP())`));
  await t.run(`INSERT INTO MARTS.KPI_LOCATION_DAILY (LOCATION_ID, DATE_DAY, ${numbers.join(', ')}, UPDATED_AT) VALUES ${rows.join(', ')}`);
}

/** Runs the two insight refresh bodies. */
export async function refreshInsights(t: TestTenant): Promise<void> {
  await t.runFile('insights/kpi_anomaly_daily.sql');
  await t.runFile('insights/kpi_forecast_daily.sql');
}

const RECOMMENDATION_COLUMNS = [
  'SPECTACLE_RX_PATIENTS', 'EYEWEAR_CAPTURED_PATIENTS', 'EYEWEAR_REVENUE', 'COMPLETE_PAIRS', 'APPOINTMENTS_SCHEDULED', 'CANCELLATIONS', 'NO_SHOWS',
  'BOOKED_MINUTES', 'AVAILABLE_MINUTES', 'NET_REVENUE', 'EXAMS', 'COMPREHENSIVE_EXAMS', 'OD_DAYS', 'CL_ORDERS', 'CL_ANNUAL_SUPPLY_ORDERS',
];
/**
 * Four weeks for MARTS.RECOMMENDATIONS, each location's as totals on the as-of day 2024-03-29 (the
 * rules read the 28 days to it), in RECOMMENDATION_COLUMNS order:
 *   weak    capture 40 of 100 ($9,000 over 40 pairs), 30 no-shows of 200 (20 cancelled), 6,000 of
 *           10,000 doctor minutes, $30,000 over 100 comprehensive exams on 20 OD days, 4 annual
 *           supplies of 20 CL orders, and an unusual day (two measures) on 03-27: short on every rule.
 *   strong  every rule met; its unusual day (03-20) is 9 days back.
 *   tiny    capture 2 of 10: too few Rx patients to judge.
 */
export const RECOMMENDATION_WEEKS: Readonly<Record<string, readonly number[]>> = {
  weak: [100, 40, 9000, 40, 200, 20, 30, 6000, 10000, 30000, 100, 100, 20, 20, 4],
  strong: [100, 65, 15000, 65, 200, 10, 16, 8000, 10000, 40000, 180, 180, 20, 20, 8],
  tiny: [10, 2, 400, 2, 40, 0, 10, 100, 1000, 1000, 4, 4, 2, 2, 0],
};

/** Writes RECOMMENDATION_WEEKS (every other KPI 0) and their unusual days, then refreshes MARTS.RECOMMENDATIONS. */
export async function writeRecommendationWeeks(t: TestTenant): Promise<void> {
  const others = (await t.query(`SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'MARTS' AND TABLE_NAME = 'KPI_LOCATION_DAILY' AND IS_NULLABLE = 'NO' AND COLUMN_NAME NOT IN ('LOCATION_ID', 'DATE_DAY', ${RECOMMENDATION_COLUMNS.map((c) => `'${c}'`).join(', ')})`)).map((row) => row.COLUMN_NAME as string);
  const rows = Object.entries(RECOMMENDATION_WEEKS).map(([location, v]) => `('${location}', '2024-03-29', ${[...v, ...others.map(() => 0)].join(', ')})`);
  await t.run(`INSERT INTO MARTS.KPI_LOCATION_DAILY (LOCATION_ID, DATE_DAY, ${[...RECOMMENDATION_COLUMNS, ...others].join(', ')}) VALUES ${rows.join(', ')}`);
  await t.run(`INSERT INTO MARTS.KPI_ANOMALY_DAILY (LOCATION_ID, DATE_DAY, MEASURE, ACTUAL, BASELINE_DAYS, IS_ANOMALY) VALUES ('weak', '2024-03-27', 'EXAMS', 0, 8, TRUE), ('weak', '2024-03-27', 'PATIENTS_SEEN', 0, 8, TRUE), ('strong', '2024-03-20', 'EXAMS', 0, 8, TRUE)`);
  await t.runFile('insights/recommendations.sql');
}

/** Changes KPI rows as a KPI refresh would: the new values and UPDATED_AT now. */
export async function correctKpi(t: TestTenant, set: string, where: string): Promise<void> {
  await t.run(`UPDATE MARTS.KPI_LOCATION_DAILY SET ${set}, UPDATED_AT = CURRENT_TIMESTAMP() WHERE ${where}`);
}
