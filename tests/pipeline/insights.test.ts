/**
 * The insight marts on the hand-made KPI series of insight-series.ts: MARTS.KPI_ANOMALY_DAILY and
 * MARTS.KPI_FORECAST_DAILY against values worked out by hand from the method in docs/insights.md.
 */
import { renderSql } from '../../constructs/sql';
import { RECOMMENDATION_TARGETS } from '../../environments/schema';
import { TestTenant, Row, sqlFile } from './helpers';
import { correctKpi, refreshInsights, writeRecommendationWeeks, writeSeries } from './insight-series';

let t: TestTenant;
const refresh = () => refreshInsights(t);
const num = (v: unknown) => (v === null ? null : Number(v));
const anomaly = async (location: string, date: string) => {
  const [row] = await t.query(`SELECT * FROM MARTS.KPI_ANOMALY_DAILY WHERE LOCATION_ID = ? AND DATE_DAY = ? AND MEASURE = 'EXAMS'`, [location, date]);
  return row && { expected: num(row.EXPECTED), lower: num(row.LOWER_BOUND), upper: num(row.UPPER_BOUND), score: num(row.SCORE), baseline: num(row.BASELINE_DAYS), isAnomaly: row.IS_ANOMALY };
};
const forecast = async (location: string, date: string) => {
  const [row] = await t.query(`SELECT * FROM MARTS.KPI_FORECAST_DAILY WHERE LOCATION_ID = ? AND DATE_DAY = ? AND MEASURE = 'EXAMS'`, [location, date]);
  return row && { forecast: num(row.FORECAST), lower: num(row.LOWER_BOUND), upper: num(row.UPPER_BOUND), deviation: num(row.DEVIATION), growth: num(row.WEEKLY_GROWTH), baseline: num(row.BASELINE_DAYS), asOf: String(row.AS_OF_DAY).slice(0, 10) };
};
const snapshot = async (): Promise<Row[]> => [
  ...(await t.query('SELECT * FROM MARTS.KPI_ANOMALY_DAILY ORDER BY LOCATION_ID, DATE_DAY, MEASURE')),
  ...(await t.query('SELECT * FROM MARTS.KPI_FORECAST_DAILY ORDER BY LOCATION_ID, DATE_DAY, MEASURE')),
];

beforeAll(async () => {
  t = await TestTenant.create();
  await writeSeries(t, ['steady', 'growing', 'spiky']);
  await refresh();
});
afterAll(() => t.close());

describe('anomalies: each day against the same weekday of the 8 weeks before', () => {
  test('the spike is the one anomaly: 16 exams against 11 expected, spread 1.1 (a tenth of the mean), band 6.6-15.4', async () => {
    expect(await anomaly('spiky', '2024-03-11')).toEqual({ expected: 11, lower: 6.6, upper: 15.4, score: 4.55, baseline: 8, isAnomaly: true });
    expect(await t.query(`SELECT LOCATION_ID, TO_VARCHAR(DATE_DAY, 'YYYY-MM-DD') AS DAY, MEASURE FROM MARTS.KPI_ANOMALY_DAILY WHERE IS_ANOMALY`)).toEqual([
      { LOCATION_ID: 'spiky', DAY: '2024-03-11', MEASURE: 'EXAMS' },
    ]);
  });

  test('a day is judged from its 6th earlier same weekday on; before that it has no band', async () => {
    expect(await anomaly('steady', '2024-02-05')).toEqual({ expected: null, lower: null, upper: null, score: null, baseline: 5, isAnomaly: false });
    // Six Mondays, 10, 12, 10, 12, 10, 12: mean 11, sample deviation 1.0954, less than a tenth of the mean.
    expect(await anomaly('steady', '2024-02-12')).toEqual({ expected: 11, lower: 6.6, upper: 15.4, score: -0.91, baseline: 6, isAnomaly: false });
  });

  test('a steady zero (closed weekends, measures not kept) has the unit floor as its spread and is never flagged', async () => {
    const [row] = await t.query(`SELECT * FROM MARTS.KPI_ANOMALY_DAILY WHERE LOCATION_ID = 'steady' AND DATE_DAY = '2024-03-23' AND MEASURE = 'EXAMS'`);
    expect([num(row!.EXPECTED), num(row!.LOWER_BOUND), num(row!.UPPER_BOUND), row!.IS_ANOMALY]).toEqual([0, -4, 4, false]);
    const [revenue] = await t.query(`SELECT * FROM MARTS.KPI_ANOMALY_DAILY WHERE LOCATION_ID = 'steady' AND DATE_DAY = '2024-03-29' AND MEASURE = 'NET_REVENUE'`);
    expect([num(revenue!.LOWER_BOUND), num(revenue!.UPPER_BOUND)]).toEqual([-100, 100]);
  });

  test('only days up to the as-of day: the weekend after Friday 2024-03-29 has not happened', async () => {
    expect(await t.scalar(`SELECT TO_VARCHAR(MAX(DATE_DAY), 'YYYY-MM-DD') FROM MARTS.KPI_ANOMALY_DAILY`)).toBe('2024-03-29');
    expect(await t.scalar(`SELECT COUNT(*) FROM MARTS.KPI_ANOMALY_DAILY`)).toBe(3 * 7 * 89);
  });
});

describe('forecasts: the weekday level moved along the trend, for the 62 days after the as-of day', () => {
  test('a series without trend forecasts its weekday means, with the 80 % range of one more day', async () => {
    // Mondays 10 and 12, four each: deviation sqrt(8/7) = 1.0690; margin 1.2816 x 1.0690 x sqrt(1 + 1/8) = 1.4532.
    expect(await forecast('steady', '2024-04-01')).toEqual({ forecast: 11, lower: 9.55, upper: 12.45, deviation: 1.07, growth: 0, baseline: 8, asOf: '2024-03-29' });
    expect(await forecast('steady', '2024-04-03')).toEqual({ forecast: 11, lower: 11, upper: 11, deviation: 0, growth: 0, baseline: 8, asOf: '2024-03-29' });
    expect((await forecast('steady', '2024-04-06'))!.forecast).toBe(0);
  });

  test('a growing series: level 208.5 (Mondays of weeks 5-12), growth 5 / 1,042.5 a week, 3.93 weeks from the level to 2024-04-01', async () => {
    const f = (await forecast('growing', '2024-04-01'))!;
    expect(f.growth).toBe(0.0048);
    expect(f.forecast).toBeCloseTo(208.5 * (1 + (5 / 1042.5) * (3.5 + 3 / 7)), 2);
    // Eight consecutive values: sample deviation sqrt(6).
    expect(f.deviation).toBe(2.45);
    const later = (await forecast('growing', '2024-05-27'))!;
    expect(later.forecast).toBeCloseTo(208.5 * (1 + (5 / 1042.5) * (3.5 + 59 / 7)), 2);
  });

  test('62 days per location and measure, from the day after the as-of day', async () => {
    expect(await t.query(`SELECT TO_VARCHAR(MIN(DATE_DAY), 'YYYY-MM-DD') AS FIRST, TO_VARCHAR(MAX(DATE_DAY), 'YYYY-MM-DD') AS LAST, COUNT(*) AS N FROM MARTS.KPI_FORECAST_DAILY`)).toEqual([
      { FIRST: '2024-03-30', LAST: '2024-05-30', N: 3 * 7 * 62 },
    ]);
  });

  test('a short history: a weekday needs 4 weeks for a forecast, and the trend its 8 weeks after the first 4 (else growth 0)', async () => {
    const short = await TestTenant.create();
    try {
      await writeSeries(short, ['growing']);
      // Five weeks: Monday 2024-01-01 to Sunday 2024-02-04, as of Friday 02-02.
      await short.run(`DELETE FROM MARTS.KPI_LOCATION_DAILY WHERE DATE_DAY > '2024-02-04'`);
      await refreshInsights(short);
      const rows = await short.query(`SELECT DAYOFWEEKISO(DATE_DAY) AS WEEKDAY, MIN(BASELINE_DAYS) AS N, MAX(WEEKLY_GROWTH) AS GROWTH FROM MARTS.KPI_FORECAST_DAILY WHERE MEASURE = 'EXAMS' GROUP BY 1 ORDER BY 1`);
      // Mondays 01-01 to 01-29 and Fridays 01-05 to 02-02 (5 each); Saturdays and Sundays up to 01-28 (4: the weekend after Friday has not happened).
      expect(rows.map((r) => [r.WEEKDAY, r.N, Number(r.GROWTH)])).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => [d, d <= 5 ? 5 : 4, 0]));
      await short.run(`DELETE FROM MARTS.KPI_LOCATION_DAILY WHERE DATE_DAY > '2024-01-21'`);
      await refreshInsights(short);
      expect(await short.scalar('SELECT COUNT(*) FROM MARTS.KPI_FORECAST_DAILY')).toBe(0);
    } finally {
      short.close();
    }
  });

  test('growth is held within 1 % a week: a series doubling in 12 weeks forecasts +1 % a week', async () => {
    await writeSeries(t, ['steady', 'growing', 'spiky', 'booming']);
    await correctKpi(t, `EXAMS = 100 + 10 * FLOOR(DATEDIFF(day, DATE '2024-01-01', DATE_DAY) / 7)`, `LOCATION_ID = 'booming' AND DAYOFWEEKISO(DATE_DAY) <= 5`);
    await refresh();
    expect((await forecast('booming', '2024-04-01'))!.growth).toBe(0.01);
  });
});

describe('each refresh keeps the tables current and writes only what changed', () => {
  test('a re-run changes no row', async () => {
    const before = await snapshot();
    await refresh();
    expect(await snapshot()).toEqual(before);
  });

  test('correcting the spike clears the anomaly and moves the Mondays that counted it', async () => {
    await correctKpi(t, `EXAMS = 10`, `LOCATION_ID = 'spiky' AND DATE_DAY = '2024-03-11'`);
    await refresh();
    expect(await t.scalar('SELECT COUNT(*) FROM MARTS.KPI_ANOMALY_DAILY WHERE IS_ANOMALY')).toBe(0);
    expect(await anomaly('spiky', '2024-03-18')).toEqual(await anomaly('steady', '2024-03-18'));
    expect(await forecast('spiky', '2024-04-01')).toEqual(await forecast('steady', '2024-04-01'));
  });

  test('a new day of data moves the forecast on: the day it reaches leaves the table', async () => {
    await correctKpi(t, `EXAMS = 11`, `DATE_DAY = '2024-03-30'`);
    await refresh();
    expect(await t.scalar(`SELECT TO_VARCHAR(MIN(DATE_DAY), 'YYYY-MM-DD') FROM MARTS.KPI_FORECAST_DAILY`)).toBe('2024-03-31');
    expect(await t.scalar(`SELECT COUNT(DISTINCT AS_OF_DAY) FROM MARTS.KPI_FORECAST_DAILY`)).toBe(1);
    expect((await forecast('steady', '2024-04-01'))!.asOf).toBe('2024-03-30');
  });
});

describe('recommendations: each location\'s last 4 weeks against the rules\' targets', () => {
  let r: TestTenant;
  const rows = async (): Promise<Record<string, [number | null, number | null, unknown]>> =>
    Object.fromEntries(
      (await r.query(`SELECT LOCATION_ID || ' ' || RULE_ID AS K, VALUE, OPPORTUNITY_USD, TRIGGERED FROM MARTS.RECOMMENDATIONS`)).map((row) => [row.K, [row.VALUE === null ? null : Number(row.VALUE), row.OPPORTUNITY_USD === null ? null : Number(row.OPPORTUNITY_USD), row.TRIGGERED]]),
    );

  beforeAll(async () => {
    r = await TestTenant.create();
    await writeRecommendationWeeks(r);
  });
  afterAll(() => r.close());

  test('weak falls short on every rule, each worth the gap to its target at the location\'s own prices', async () => {
    expect(await rows()).toMatchObject({
      // 58 - 40 = 18 eyewear orders x $225 a pair.
      'weak OPTICAL_CAPTURE': [0.4, 4050, true],
      // 30 - 12 % of 200 = 6 no-shows x $300 an exam.
      'weak NO_SHOW_RATE': [0.15, 1800, true],
      // 7,500 - 6,000 = 1,500 minutes / (6,000 minutes / 180 visits) = 45 visits x $300.
      'weak SCHEDULE_UTILISATION': [0.6, 13500, true],
      // 8 x 20 - 100 = 60 exams x $300.
      'weak EXAMS_PER_OD_DAY': [5, 18000, true],
      'weak CL_ANNUAL_SUPPLY': [0.2, null, true],
      // Two measures flagged on one day within the last 7: one unusual day.
      'weak UNUSUAL_DAYS': [1, null, true],
    });
  });

  test('strong meets every target (its unusual day is 9 days back), and tiny has too little data to judge', async () => {
    const all = await rows();
    expect(Object.entries(all).filter(([key, [, , triggered]]) => triggered && !key.startsWith('weak '))).toEqual([]);
    expect(all['tiny OPTICAL_CAPTURE']).toEqual([0.2, 3.8 * 200, false]);
  });

  test('a re-run writes nothing; meeting a target turns its row off', async () => {
    const before = await r.query('SELECT * FROM MARTS.RECOMMENDATIONS ORDER BY 1, 2');
    await r.runFile('insights/recommendations.sql');
    expect(await r.query('SELECT * FROM MARTS.RECOMMENDATIONS ORDER BY 1, 2')).toEqual(before);
    await correctKpi(r, `EYEWEAR_CAPTURED_PATIENTS = 60`, `LOCATION_ID = 'weak'`);
    await r.runFile('insights/recommendations.sql');
    expect((await rows())['weak OPTICAL_CAPTURE']).toEqual([0.6, 0, false]);
  });
});

describe("recommendations: a tenant's own targets (STAGING.RECOMMENDATION_TARGETS, from its config) replace the rules' own", () => {
  let r: TestTenant;
  /** What applying the tenant stack runs for these targets (constructs/pipeline.ts lists every rule, NULL where unset). */
  const setTargets = (targets: Readonly<Record<string, number | null>>) =>
    r.run(renderSql('staging/recommendation_target_overrides.sql', { TARGET_VALUES: Object.entries(targets).map(([rule, target]) => `('${rule}', ${target ?? 'NULL'})`).join(', ') }));
  const weak = async () =>
    Object.fromEntries(
      (await r.query(`SELECT RULE_ID, TARGET, TARGET_SOURCE, OPPORTUNITY_USD, TRIGGERED FROM MARTS.RECOMMENDATIONS WHERE LOCATION_ID = 'weak' AND RULE_ID IN ('OPTICAL_CAPTURE', 'EXAMS_PER_OD_DAY', 'NO_SHOW_RATE')`)).map((row) => [
        row.RULE_ID,
        [Number(row.TARGET), row.TARGET_SOURCE, row.OPPORTUNITY_USD === null ? null : Number(row.OPPORTUNITY_USD), row.TRIGGERED],
      ]),
    );

  beforeAll(async () => {
    r = await TestTenant.create();
    await writeRecommendationWeeks(r);
  });
  afterAll(() => r.close());

  test('the rules a tenant may set are the rules of the refresh but the unusual days, and each rule\'s own target lies in the range a tenant may set', () => {
    const own = new Map([...sqlFile('insights/recommendations.sql').matchAll(/\('([A-Z_]+)', '[^']*', '(?:rate|ratio|count)', ([\d.]+),/g)].map((m) => [m[1]!, Number(m[2])]));
    expect([...own.keys()]).toEqual([...Object.keys(RECOMMENDATION_TARGETS).map((rule) => rule.toUpperCase()), 'UNUSUAL_DAYS']);
    for (const [rule, { min, max }] of Object.entries(RECOMMENDATION_TARGETS)) {
      expect([rule, min <= own.get(rule.toUpperCase())! && own.get(rule.toUpperCase())! <= max]).toEqual([rule, true]);
    }
  });

  test('capture 45 % (weak: 45 - 40 = 5 orders x $225) and 4 exams per OD day (weak does 5: met); the no-show rule keeps its own 12 %', async () => {
    await setTargets({ OPTICAL_CAPTURE: 0.45, NO_SHOW_RATE: null, EXAMS_PER_OD_DAY: 4 });
    await r.runFile('insights/recommendations.sql');
    expect(await weak()).toEqual({ OPTICAL_CAPTURE: [0.45, 'tenant', 1125, true], EXAMS_PER_OD_DAY: [4, 'tenant', 0, false], NO_SHOW_RATE: [0.12, 'platform', 1800, true] });
  });

  test('a target set back to NULL returns the rule to its own; applying the same targets again writes nothing', async () => {
    await setTargets({ OPTICAL_CAPTURE: null, NO_SHOW_RATE: null, EXAMS_PER_OD_DAY: null });
    const settings = await r.query('SELECT * FROM STAGING.RECOMMENDATION_TARGETS ORDER BY RULE_ID');
    await setTargets({ OPTICAL_CAPTURE: null, NO_SHOW_RATE: null, EXAMS_PER_OD_DAY: null });
    expect(await r.query('SELECT * FROM STAGING.RECOMMENDATION_TARGETS ORDER BY RULE_ID')).toEqual(settings);
    await r.runFile('insights/recommendations.sql');
    expect(await weak()).toEqual({ OPTICAL_CAPTURE: [0.58, 'platform', 4050, true], EXAMS_PER_OD_DAY: [8, 'platform', 18000, true], NO_SHOW_RATE: [0.12, 'platform', 1800, true] });
  });
});
