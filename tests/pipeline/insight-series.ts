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

/** Replaces MARTS.KPI_LOCATION_DAILY with the locations' series (a location not described above follows steady). */
export async function writeSeries(t: TestTenant, locations: readonly string[]): Promise<void> {
  const columns = (await t.query(`SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'MARTS' AND TABLE_NAME = 'KPI_LOCATION_DAILY' AND IS_NULLABLE = 'NO' ORDER BY ORDINAL_POSITION`)).map((r) => r.COLUMN_NAME as string);
  const numbers = columns.filter((c) => c !== 'LOCATION_ID' && c !== 'DATE_DAY');
  await t.run('DELETE FROM MARTS.KPI_LOCATION_DAILY');
  const rows = locations.flatMap((location) => Array.from({ length: DAYS }, (_, i) => `('${location}', '${day(i)}', ${numbers.map((c) => (c === 'EXAMS' ? exams(location, i) : 0)).join(', ')})`));
  await t.run(`INSERT INTO MARTS.KPI_LOCATION_DAILY (LOCATION_ID, DATE_DAY, ${numbers.join(', ')}) VALUES ${rows.join(', ')}`);
}

/** Runs the two insight refresh bodies. */
export async function refreshInsights(t: TestTenant): Promise<void> {
  await t.runFile('marts/kpi_anomaly_daily.sql');
  await t.runFile('marts/kpi_forecast_daily.sql');
}
