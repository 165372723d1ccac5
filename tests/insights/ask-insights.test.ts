/**
 * `eyecare ask` about forecasts and unusual days, on the hand-made series of
 * tests/pipeline/insight-series.ts (as of Friday 2024-03-29), against sums worked out by hand.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ask, Answer, AnomalyAnswer, ForecastAnswer, QueryClient, RecommendationAnswer } from '../../insights/ask';
import { renderAnswer } from '../../insights/answer';
import { renderSql } from '../../constructs/sql';
import { RANGE_Z } from '../../insights/insight-query';
import { FORECAST_DAYS, INSIGHT_MEASURES, METRICS, RECOMMENDED } from '../../insights/metrics';
import { QuestionError } from '../../insights/question';
import { DATABASE, SQL_DIR, TestTenant } from '../pipeline/helpers';
import { refreshInsights, writeRecommendationWeeks, writeSeries } from '../pipeline/insight-series';

let t: TestTenant;

/** MARTS.DIM_LOCATION rows, so answers name the locations. */
async function nameLocations(tenant: TestTenant, locations: readonly { id: string; name: string }[]): Promise<void> {
  for (const l of locations) await tenant.run(`INSERT INTO MARTS.DIM_LOCATION VALUES (?, ?, NULL, 'GA', NULL, '2020-01-01', 'active', TRUE)`, [l.id, l.name]);
}
const LOCATIONS = [
  { id: 'steady', name: 'Steady Eye Care' },
  { id: 'growing', name: 'Growing Vision' },
  { id: 'spiky', name: 'Spiky Optical' },
];

beforeAll(async () => {
  t = await TestTenant.create();
  await writeSeries(t, LOCATIONS.map((l) => l.id));
  await nameLocations(t, LOCATIONS);
  await refreshInsights(t);
});
afterAll(() => t.close());

const client = (): QueryClient => ({ query: (sql, binds = []) => t.query(sql, binds.map((b) => (typeof b === 'boolean' ? String(b) : b))) });
function answered<K extends Answer['kind']>(kind: K) {
  return async (text: string): Promise<Extract<Answer, { kind: K }>> => {
    const a = await ask(client(), { id: 'test', database: DATABASE, locations: LOCATIONS }, text);
    if (a.kind !== kind) throw new Error(`"${text}" was answered as ${a.kind}`);
    return a as Extract<Answer, { kind: K }>;
  };
}
const forecast: (text: string) => Promise<ForecastAnswer> = answered('forecast');
const anomalies: (text: string) => Promise<AnomalyAnswer> = answered('anomalies');

describe('forecasts: sums of the days, with the range of the sum', () => {
  test('next week at steady: 5 weekdays of 11; Monday and Tuesday vary (deviation 1.07, 8 weeks), so the 80 % range is +-2.06', async () => {
    // Each day adds 1.07^2; each weekday's level error (1.07^2 / 8) once per day it is used: 1.2816 x sqrt(2 x 1.1449 + 2 x 1.1449 / 8) = 2.06.
    const a = await forecast('forecast exams next week at steady');
    expect(a.groups.map((g) => [g.label, g.values])).toEqual([['all', [{ forecast: 55, lower: 52.94, upper: 57.06 }]]]);
    expect(renderAnswer(a)[0]).toBe('Forecast of exams, Steady Eye Care, the week of 2024-04-01: 55 (80 % range 52.9 to 57.1).');
  });

  test('two Mondays share the error of the Monday level: 14 days at steady are 110, +-3.07 (not +-2.91, as if every day were independent)', async () => {
    // 1.2816 x sqrt(4 x 1.1449 + 2 x (2 x 1.07)^2 / 8) = 3.07.
    const a = await forecast('forecast exams in the next 14 days at steady');
    expect(a.groups[0]!.values).toEqual([{ forecast: 110, lower: 106.93, upper: 113.07 }]);
  });

  test('by day, a day is its row of MARTS.KPI_FORECAST_DAILY', async () => {
    const a = await forecast('forecast exams by day next week at steady');
    expect(a.groups.map((g) => g.label)).toEqual(['2024-04-01', '2024-04-02', '2024-04-03', '2024-04-04', '2024-04-05', '2024-04-06', '2024-04-07']);
    const [row] = await t.query(`SELECT FORECAST, LOWER_BOUND, UPPER_BOUND FROM MARTS.KPI_FORECAST_DAILY WHERE LOCATION_ID = 'steady' AND MEASURE = 'EXAMS' AND DATE_DAY = '2024-04-01'`);
    expect(a.groups[0]!.values[0]).toEqual({ forecast: Number(row!.FORECAST), lower: Number(row!.LOWER_BOUND), upper: Number(row!.UPPER_BOUND) });
  });

  test('ranked by forecast: growing (about 1,060 exams a week) leads, and the question without "forecast" reads the same', async () => {
    const a = await forecast('which location will have the most exams next week');
    expect(a.groups.map((g) => g.label)).toEqual(['Growing Vision']);
    expect(a.groups[0]!.values[0]!.forecast).toBeCloseTo(5 * 208.5 * (1 + (5 / 1042.5) * 3.5) + (5 / 1042.5) * 208.5 * (3 + 4 + 5 + 6 + 7) / 7, 0);
    expect((await forecast('exams by location next week')).groups.map((g) => g.label)).toEqual(['Growing Vision', 'Spiky Optical', 'Steady Eye Care']);
  });
});

describe('anomalies: the days outside their band, most unusual first', () => {
  test('March 2024 holds one: 16 exams at Spiky on 2024-03-11 against 11 (6.6 to 15.4)', async () => {
    const a = await anomalies('unusual days in March 2024');
    expect(a.judged).toBe(29 * 3 * 7);
    expect(a.anomalies.map(({ metric, ...rest }) => ({ ...rest, metric: metric.id }))).toEqual([
      { day: '2024-03-11', locationId: 'spiky', location: 'Spiky Optical', metric: 'exams', actual: 16, expected: 11, lower: 6.6, upper: 15.4, score: 4.55 },
    ]);
    expect(renderAnswer(a).slice(0, 3)).toEqual([
      'Unusual days, all locations, March 2024, data through 2024-03-29, in every measure followed: 1 of 609 days x measures judged, most unusual first:',
      '  day         location       measure  actual  expected  usual range        spreads',
      '  2024-03-11  Spiky Optical  exams        16        11  6.6 to 15.4  +4.55 (above)',
    ]);
  });

  test('none at steady in February: 18 days judged (from Monday 02-12, the first with 6 earlier same weekdays)', async () => {
    const a = await anomalies('anomalies in exams at steady last month');
    expect([a.anomalies.length, a.judged]).toEqual([0, 18]);
    expect(renderAnswer(a)[0]).toBe('No unusual days, Steady Eye Care, February 2024, in exams: all 18 days x measures judged were within their band.');
  });
});

describe('recommendations: the rules a location falls short on, largest opportunity first', () => {
  let r: TestTenant;
  const RECOMMENDING = [
    { id: 'weak', name: 'Weak Eye Care' },
    { id: 'strong', name: 'Strong Vision' },
    { id: 'tiny', name: 'Tiny Optical' },
  ];
  const recommend = async (text: string): Promise<RecommendationAnswer> => {
    const a = await ask({ query: (sql, binds = []) => r.query(sql, binds.map((b) => (typeof b === 'boolean' ? String(b) : b))) }, { id: 'test', database: DATABASE, locations: RECOMMENDING }, text);
    if (a.kind !== 'recommendations') throw new Error(`"${text}" was answered as ${a.kind}`);
    return a;
  };

  beforeAll(async () => {
    r = await TestTenant.create();
    await nameLocations(r, RECOMMENDING);
    await writeRecommendationWeeks(r);
  });
  afterAll(() => r.close());

  test('weak falls short on all six rules: the four with a dollar value first, largest first', async () => {
    const a = await recommend('recommendations');
    expect(a.checked).toBe(3 * 6);
    expect(a.recommendations.map((x) => [x.locationId, x.ruleId, x.opportunity])).toEqual([
      ['weak', 'EXAMS_PER_OD_DAY', 18000],
      ['weak', 'SCHEDULE_UTILISATION', 13500],
      ['weak', 'OPTICAL_CAPTURE', 4050],
      ['weak', 'NO_SHOW_RATE', 1800],
      ['weak', 'CL_ANNUAL_SUPPLY', null],
      ['weak', 'UNUSUAL_DAYS', null],
    ]);
    const text = renderAnswer(a);
    expect(text[0]).toBe('Recommendations, all locations, from the 4 weeks (2024-03-02 to 2024-03-29): 6 of 18 checks fall short, largest opportunity first:');
    expect(text.slice(5, 7)).toEqual([
      '  3. Weak Eye Care: optical capture rate 40.0% (40 of 100) against a target of 58.0% (typical: 58-68 % at independent practices); meeting it would have been worth about $4,050.00 over the 4 weeks.',
      '     Walk every patient given a spectacle Rx from the exam lane to an optician, and call those who leave without ordering within a week.',
    ]);
    expect(text[1]).toMatch(/^ {2}1\. Weak Eye Care: comprehensive exams per OD day 5\.00 \(100 over 20\) against a target of 8\.00 /);
  });

  test("a tenant's own target is said to be its own, the rules' are not", async () => {
    const setCapture = (target: string) => r.run(renderSql('staging/recommendation_target_overrides.sql', { TARGET_VALUES: `('OPTICAL_CAPTURE', ${target})` }));
    await setCapture('0.45');
    await r.runFile('insights/recommendations.sql');
    const [own] = (await recommend('recommendations for optical capture at weak')).recommendations;
    expect([own!.target, own!.targetSource]).toEqual([0.45, 'tenant']);
    expect(renderAnswer(await recommend('recommendations for optical capture at weak'))[1]).toMatch(/^ {2}1\. Weak Eye Care: optical capture rate 40\.0% \(40 of 100\) against the practice's own target of 45\.0% \(typical: 58-68 %/);
    await setCapture('NULL');
    await r.runFile('insights/recommendations.sql');
    expect((await recommend('recommendations for optical capture at weak')).recommendations.map((x) => [x.target, x.targetSource])).toEqual([[0.58, 'platform']]);
  });

  test('one measure at one location, and a location with nothing to do', async () => {
    expect((await recommend('how can we improve optical capture at weak?')).recommendations.map((x) => x.ruleId)).toEqual(['OPTICAL_CAPTURE']);
    const strong = await recommend('what should we do at strong');
    expect(renderAnswer(strong)[0]).toBe('No recommendations, Strong Vision, from the 4 weeks (2024-03-02 to 2024-03-29): all 6 checks met their targets (or had too little data to judge).');
  });

  test('says what it does not cover', async () => {
    await expect(recommend('recommendations last month')).rejects.toThrow(new QuestionError('recommendations read the 4 weeks to the as-of day 2024-03-29, not February 2024: drop the period (ask "recommendations", optionally with a location or a measure)'));
    await expect(recommend('recommendations for net revenue')).rejects.toThrow(/^recommendations cover optical capture rate, no-show rate, schedule utilisation, exams per od day, annual supply rate and unusual days; not net revenue \(collected\): /);
  });
});

describe('what ask knows of the insight marts is what their SQL says', () => {
  const sql = (file: string) => fs.readFileSync(path.join(SQL_DIR, file), 'utf8');

  test('the measures: the MEASURE values of MARTS.V_INSIGHT_SERIES', () => {
    const view = sql('insights/ddl/v_insight_series.sql');
    const values = [...view.slice(view.indexOf('VALUES')).matchAll(/\('([A-Z_]+)', \d+\)/g)].map((m) => m[1]);
    expect(values).toEqual(INSIGHT_MEASURES);
    for (const measure of INSIGHT_MEASURES) expect(view).toMatch(new RegExp(`WHEN '${measure}'\\s+THEN k\\.${measure}\\n`));
  });

  test(`the horizon: ${FORECAST_DAYS} days after the as-of day, and the 80 % range's z`, () => {
    const refresh = sql('insights/kpi_forecast_daily.sql');
    expect(refresh).toContain(`d.DAYS_AHEAD BETWEEN 1 AND ${FORECAST_DAYS}`);
    expect(refresh).toContain(`${RANGE_Z} * l.DEVIATION`);
  });

  test('the recommendation rules: one per measure ask can name, by the measure\'s label, and unusual days', () => {
    const rules = [...sql('insights/recommendations.sql').matchAll(/\('([A-Z_]+)', '([^']+)', '(rate|ratio|count)'/g)].map((m) => [m[1], m[2], m[3]]);
    expect(rules.map(([, measure, unit]) => [measure, unit])).toEqual([
      ...RECOMMENDED.map((id) => METRICS.find((m) => m.id === id)!).map((m) => [m.label, m.unit]),
      ['unusual days in the last 7 days', 'count'],
    ]);
  });
});
