/**
 * `eyecare ask` on the hand-made clinic of tests/pipeline/kpi-dataset.ts, run through the task
 * bodies on the local engine: each answer against the value computed by hand there (and in
 * tests/pipeline/kpis.test.ts), and the words it prints.
 */
import { ask, KpiAnswer, QueryClient } from '../../insights/ask';
import { METRICS } from '../../insights/metrics';
import { renderAnswer } from '../../insights/answer';
import { loadHistoryDataset } from '../pipeline/history-dataset';
import { loadKpiDataset } from '../pipeline/kpi-dataset';
import { DATABASE, TestTenant } from '../pipeline/helpers';

let t: TestTenant;
const TENANT = { id: 'test', database: DATABASE, locations: [{ id: 'main', name: 'Main Street Eye Care' }] };

beforeAll(async () => {
  t = await TestTenant.create();
  await loadKpiDataset(t);
  await t.runAll();
});
afterAll(() => t.close());

const client = (): QueryClient => ({ query: (sql, binds = []) => t.query(sql, binds.map((b) => (typeof b === 'boolean' ? String(b) : b))) });
const answer = async (text: string): Promise<KpiAnswer> => {
  const a = await ask(client(), TENANT, text);
  if (a.kind !== 'kpi') throw new Error(`"${text}" was answered as ${a.kind}`);
  return a;
};
const values = async (text: string) => (await answer(text)).groups.map((g) => [g.label, ...g.current.map((v) => v.value), ...(g.previous ?? []).map((v) => v.value)]);

describe('answers from the marts, against hand-computed values', () => {
  test('as of 2024-06-10, the last day anything happened (06-11 and 06-12 hold nothing)', async () => {
    expect((await answer('net revenue')).span).toEqual({ firstDay: '2024-06-01', asOfDay: '2024-06-10' });
  });

  test('net revenue over all history is every valid payment: 520 on 06-03 and 120 on 06-10', async () => {
    expect(await values('net revenue')).toEqual([['all', 640]]);
    expect(await values('net revenue on 2024-06-03')).toEqual([['all', 520]]);
    expect(await values('gross revenue and exams on 2024-06-03')).toEqual([['all', 850, 2]]);
  });

  test('rates are recomputed from summed inputs: 1 no-show of 4 doctor appointments', async () => {
    const a = await answer('no-show rate in June 2024');
    expect(a.groups[0]!.current).toEqual([{ value: 0.25, denominator: 4 }]);
  });

  test('a rate without a denominator says so instead of 0', async () => {
    const a = await answer('optical capture rate on 2024-06-10');
    expect(a.groups[0]!.current).toEqual([{ value: null, denominator: 0 }]);
    expect(renderAnswer(a)[0]).toBe('Optical capture rate, all locations, 2024-06-10: n/a (no patients given a spectacle Rx).');
  });

  test('a comparison puts the later period first and prints the change', async () => {
    const a = await answer('net revenue on 2024-06-03 vs 2024-06-10');
    expect(await values('net revenue on 2024-06-03 vs 2024-06-10')).toEqual([['all', 120, 520]]);
    expect(renderAnswer(a)[0]).toBe('Net revenue (collected), all locations: $120.00 in 2024-06-10, against $520.00 in 2024-06-03: -$400.00 (-76.9%).');
  });

  test('grouped by day, in calendar order, every day of the period up to the as-of day', async () => {
    expect(await values('net revenue by day since 2024-06-08')).toEqual([
      ['2024-06-08', 0],
      ['2024-06-09', 0],
      ['2024-06-10', 120],
    ]);
  });

  test('staff measures come from KPI_STAFF_MONTHLY: the optician earned 3% of 1,000 plus 25 in spiffs', async () => {
    expect(await values('commission by optician in June 2024')).toEqual([['Ann Lee (optician)', 55]]);
    expect(await values('which doctor had the most comprehensive exams in 2024')).toEqual([['Ann Lee (optometrist)', 2]]);
  });

  test('staff productivity: each staff member\'s measures, without the ones nobody shown has and the staff with none', async () => {
    // OD1: 2 comprehensive exams on 1 OD day, 850.00 attributed; OPT1: 3 orders, 1,000.00, 55.00 commission; FD1: nothing.
    const all = await answer('staff productivity in June 2024');
    expect(await values('staff productivity in June 2024')).toEqual([
      ['Ann Lee (optometrist)', 2, 2, 850, 0, 0, 0],
      ['Ann Lee (optician)', 0, null, 0, 3, 1000, 55],
    ]);
    expect([all.groupsLeftOut, all.leftOut]).toEqual([1, undefined]);
    expect(renderAnswer(all)).toContain('  left out: 1 staff member with none of these');

    const opticians = await answer('productivity by optician in June 2024');
    expect(opticians.groups.map((g) => [g.label, ...g.current.map((v) => v.value)])).toEqual([['Ann Lee (optician)', 3, 1000, 55]]);
    expect(opticians.leftOut?.map((m) => m.id)).toEqual(['exams', 'exams_per_od_day', 'gross_revenue']);
    expect(renderAnswer(opticians)).toContain('  left out: exams, comprehensive exams per OD day, gross revenue (charges billed) (none for any staff member shown)');
    // Named on its own, a measure stays, zero or not, and so does every staff member.
    expect(await values('exams and commission by staff in June 2024')).toEqual([
      ['Ann Lee (optometrist)', 2, 0],
      ['Ann Lee (front_desk)', 0, 0],
      ['Ann Lee (optician)', 0, 55],
    ]);
  });

  test('a staff member named in the question: "Dr Lee" is the optometrist, "Ann Lee" every staff member of that name', async () => {
    const doctor = await answer('how many exams did Dr Lee do in June 2024');
    expect([doctor.groups.map((g) => [g.label, g.current[0]!.value]), renderAnswer(doctor)[0]]).toEqual([
      [['Ann Lee (optometrist)', 2]],
      'Exams by staff member, all locations, Ann Lee (optometrist) only, June 2024, data through 2024-06-10:',
    ]);
    expect(await values('commission of Ann Lee in June 2024')).toEqual([
      ['Ann Lee (optician)', 55],
      ['Ann Lee (front_desk)', 0],
      ['Ann Lee (optometrist)', 0],
    ]);
    expect((await answer('exams by Dr Lee in June 2024')).query.binds).toContain('OD1');
  });

  test('a grouped answer where every value is zero says so in one line', async () => {
    const a = await answer('commission by staff in June 2024');
    const zero = { ...a, groups: a.groups.map((g) => ({ ...g, current: g.current.map(() => ({ value: 0 })) })) };
    expect(renderAnswer(zero)[1]).toBe('  (zero or no value for each of the 3 staff members)');
  });

  test('location ranking: net revenue and comprehensive exams by location, best first, and against the month before as growth', async () => {
    const ranking = await answer('location ranking in June 2024');
    expect([ranking.question.groupBy, ranking.question.ranking, await values('location ranking in June 2024')]).toEqual(['location', { order: 'desc' }, [['Main Street Eye Care', 640, 2]]]);
    const growth = await answer('location growth in June 2024');
    expect([growth.question.comparedWith?.label, growth.groups.map((g) => g.previous?.map((v) => v.value))]).toEqual(['May 2024', [[null, null]]]);
  });

  test('frame inventory from V_INVENTORY_HEALTH: 365 x 2 frames sold / 53 frame-days on hand = 13.77 turns a year; none of the 8 frames aged', async () => {
    const a = await answer('inventory turns and aged frames in June 2024 by location');
    expect(a.question.source).toBe('inventoryMonthly');
    expect(a.groups.map((g) => [g.label, g.current])).toEqual([['Main Street Eye Care', [{ value: 13.77, denominator: 53 }, { value: 0, denominator: 8 }]]]);
    expect(renderAnswer(a).slice(-3, -1)).toEqual([
      '  frame inventory turns (annualised): 365 x SUM(FRAMES_SOLD) / SUM(FRAME_DAYS_ON_HAND) over MARTS.V_INVENTORY_HEALTH (docs/kpis.md, "Inventory turns and aged frames")',
      '  aged frames share (of frames on hand at month ends): SUM(AGED_FRAMES) / SUM(FRAMES_ON_HAND) over MARTS.V_INVENTORY_HEALTH (docs/kpis.md, "Inventory turns and aged frames")',
    ]);
    // One month and one location: the view's own figure.
    expect(await t.scalar(`SELECT ANNUALISED_TURNS FROM MARTS.V_INVENTORY_HEALTH`)).toBe(13.77);
  });

  test('payer mix: each class\'s share of gross charges, as the monthly view has it (private pay 0.5882)', async () => {
    const a = await answer('payer mix in June 2024');
    const [view] = await t.query(`SELECT PAYER_MIX_PRIVATE_PAY, PAYER_MIX_MEDICARE_MEDICAID, PAYER_MIX_VSP, PAYER_MIX_OTHER_VISION, PAYER_MIX_COMMERCIAL_MEDICAL, PAYER_MIX_OTHER FROM MARTS.V_KPI_LOCATION_MONTHLY WHERE LOCATION_ID = 'main'`);
    expect(a.groups[0]!.current.map((v) => v.value)).toEqual(Object.values(view!));
    expect(a.groups[0]!.current[0]!.value).toBe(0.5882);
    expect(a.groups[0]!.current.reduce((sum, v) => sum + v.value!, 0)).toBeCloseTo(1, 3);
  });

  test('A/R is a balance, read on the last day of the period (or of each day, week, month) up to the as-of day, not summed', async () => {
    // 330 / (850 charges / 3 days) = 1.16 days (the view rounds its own DAYS_IN_AR to 1.2).
    expect((await answer('days in a/r and a/r balance on 2024-06-03')).groups.map((g) => g.current)).toEqual([[{ value: 1.16, denominator: expect.closeTo(850 / 3, 6) }, { value: 330 }]]);
    const view = async (day: string) => Number(await t.scalar(`SELECT AR_BALANCE FROM MARTS.V_DAYS_IN_AR WHERE DATE_DAY = '${day}'`));
    // June runs past the as-of day 06-10: its balance is the 06-10 one.
    expect(await values('a/r balance in June 2024')).toEqual([['all', await view('2024-06-10')]]);
    expect(await values('a/r balance by day from 2024-06-01 to 2024-06-03')).toEqual([
      ['2024-06-01', await view('2024-06-01')],
      ['2024-06-02', await view('2024-06-02')],
      ['2024-06-03', 330],
    ]);
    // Weeks end on Sunday: the week of 06-03 ends 06-09; the week of 06-10 is read on the as-of day.
    expect(await values('a/r balance by week in June 2024')).toEqual([
      ['2024-05-27', await view('2024-06-02')],
      ['2024-06-03', await view('2024-06-09')],
      ['2024-06-10', await view('2024-06-10')],
    ]);
  });

  test('a location the question names filters the rows; a period outside the data is said to be', async () => {
    expect(await values('exams at main street on 2024-06-03')).toEqual([['all', 2]]);
    const a = await answer('net revenue in 2023');
    expect(a.groups[0]!.current).toEqual([{ value: null }]);
    expect(renderAnswer(a).slice(0, 2)).toEqual(['Note: 2023 is outside the data, which covers 2024-06-01 to 2024-06-10.', 'Net revenue (collected), all locations, 2023: no data.']);
  });

  test('for every additive measure, the days, weeks and months add up to the total', async () => {
    for (const m of METRICS.filter((x) => x.daily && !x.daily.denominator)) {
      const total = (await answer(`${m.phrases[0]} in June 2024`)).groups[0]!.current[0]!.value;
      for (const unit of ['day', 'week', 'month']) {
        const parts = (await answer(`${m.phrases[0]} by ${unit} in June 2024`)).groups.map((g) => g.current[0]!.value ?? 0);
        expect({ metric: m.id, unit, sum: Math.round(parts.reduce((a, b) => a + b, 0) * 100) / 100 }).toEqual({ metric: m.id, unit, sum: total });
      }
    }
  });

  test('every value from the question is a bind, never SQL text', async () => {
    const a = await answer('net revenue at main street since 2024-06-02 by location');
    expect(a.query.binds).toEqual(['2024-06-02', '2024-06-10', 'main']);
    expect(a.query.sql).not.toMatch(/2024-06|'main'/);
  });
});

describe('answers that need history or a second location, on tests/pipeline/history-dataset.ts', () => {
  let h: TestTenant;
  beforeAll(async () => {
    h = await TestTenant.create();
    await loadHistoryDataset(h);
    await h.runAll();
  });
  afterAll(() => h.close());

  const tenant = { id: 'test', database: DATABASE, locations: [{ id: 'main', name: 'Main Eye Care' }, { id: 'south', name: 'South Eye Care' }] };
  const historyAnswer = async (text: string): Promise<KpiAnswer> => {
    const client: QueryClient = { query: (sql, binds = []) => h.query(sql, binds.map((b) => (typeof b === 'boolean' ? String(b) : b))) };
    const a = await ask(client, tenant, text);
    if (a.kind !== 'kpi') throw new Error(`answered as ${a.kind}`);
    return a;
  };

  test('revenue per active patient, per location, at the period\'s last month up to the as-of day (2024-06-28)', async () => {
    // June 2024: main 3,600 / 3 patients, south 2,400 / 2 (tests/pipeline/kpis.test.ts); Q2 2024 and 2024 read June too.
    for (const period of ['June 2024', 'Q2 2024', '2024']) {
      const a = await historyAnswer(`revenue per active patient and active patients by location in ${period}`);
      expect([period, a.groups.map((g) => [g.id, g.current.map((v) => v.value)])]).toEqual([period, [['main', [1200, 3]], ['south', [1200, 2]]]]);
    }
    // June 2023 at main: 1,000 over 3 patients, from data that starts 2022-03-07: its windows are short, and the answer says so.
    const early = await historyAnswer('revenue per patient at main in June 2023');
    expect(early.groups[0]!.current).toEqual([{ value: 333.33, denominator: 3 }]);
    expect(renderAnswer(early)[0]).toBe('Note: the data starts on 2022-03-07, less than 24 months before, so the 12- and 24-month windows are short: not comparable with a full year\'s figure (typically about $133).');
    expect(renderAnswer(await historyAnswer('revenue per patient at main in June 2024'))[0]).not.toMatch(/^Note/);
  });

  test('over several locations, revenue per active patient sums the revenue and counts each patient once: H3, seen at both, is one of 4', async () => {
    // June 2024: 3,600 + 2,400 = 6,000 over H2, H3, H6 (main) and H3, H5 (south): 4 patients, 1,500 each, not 1,200.
    const group = await historyAnswer('revenue per active patient and active patients in June 2024');
    expect(group.groups.map((g) => [g.id, g.current.map((v) => v.value)])).toEqual([['all', [1500, 4]]]);
    expect((await historyAnswer('revenue per active patient and active patients at main and south in June 2024')).groups[0]!.current.map((v) => v.value)).toEqual([1500, 4]);
    expect(renderAnswer(group).at(-2)).toBe('  over the locations: NET_REVENUE_12M summed, ACTIVE_PATIENTS counted again from MARTS.FCT_APPOINTMENTS (a patient seen at two locations is one)');
    // One location through the same query is the view's own figure, in every month of the history.
    const byMonth = async (where: string) => (await historyAnswer(`revenue per active patient and active patients ${where} by month since 2022-03-01`)).groups.map((g) => [g.id, g.current.map((v) => v.value)]);
    const view = await h.query(
      "SELECT TO_VARCHAR(MONTH_START) AS M, REVENUE_PER_ACTIVE_PATIENT AS R, ACTIVE_PATIENTS AS P FROM MARTS.V_REVENUE_PER_PATIENT WHERE LOCATION_ID = 'main' AND MONTH_START <= '2024-06-01' ORDER BY 1",
    );
    expect(await byMonth('at main')).toEqual(view.map((row) => [row.M, [row.R === null ? null : Number(row.R), Number(row.P)]]));
  });

  test('the books ahead: July 2024 holds the three appointments booked at main for 07-08, one already cancelled, after the as-of day 06-28', async () => {
    const a = await historyAnswer("what's on the books for July 2024");
    const [mart] = await h.query(
      "SELECT ROUND(SUM(BOOKED_MINUTES) / NULLIF(SUM(AVAILABLE_MINUTES), 0), 4) AS U FROM MARTS.KPI_LOCATION_DAILY WHERE DATE_DAY BETWEEN '2024-07-01' AND '2024-07-31'",
    );
    expect([a.question.ahead, a.groups[0]!.current.map((v) => v.value)]).toEqual([true, [3, 1, Number(mart!.U)]]);
    expect(renderAnswer(a)[0]).toBe('Doctor appointments scheduled, all locations, July 2024: 3.');
    expect(renderAnswer(a)).toContain('  booked so far, as of 2024-06-28: what is on the books for days to come, before the no-shows and late cancellations still to happen');
  });

  test('growth ranks by the change, not the value: main 1,600 -> 2,000 (+25 %) before south 2,400 (nothing in May)', async () => {
    const ids = async (text: string) => (await historyAnswer(text)).groups.map((g) => g.id);
    expect(await ids('rank the locations by net revenue in June 2024 vs May 2024')).toEqual(['south', 'main']);
    expect(await ids('rank the locations by growth in net revenue in June 2024')).toEqual(['main', 'south']);
    const fastest = await historyAnswer('which location grew fastest in June 2024');
    expect([fastest.groups.map((g) => [g.id, g.current[0]!.value, g.previous![0]!.value]), fastest.question.metrics.map((m) => m.id)]).toEqual([
      [['main', 2000, 1600]],
      ['net_revenue', 'comprehensive_exams'],
    ]);
    expect(renderAnswer(fastest)[0]).toBe('Net revenue (collected), comprehensive exams by location, all locations, June 2024, data through 2024-06-28, against May 2024 (the highest change in net revenue (collected)):');
  });

  test('recall compliance by the month recalls fell due: 2 of the 4 patients due at main in March 2024 came back within 60 days', async () => {
    const a = await historyAnswer('recall compliance by location in March 2024');
    expect([a.question.source, a.groups.map((g) => [g.id, g.current])]).toEqual(['recallMonthly', [['main', [{ value: 0.5, denominator: 4 }]]]]);
    expect(renderAnswer(a).at(-2)).toBe('  recall compliance (patients due back who came): SUM(PATIENTS_RETURNED) / SUM(PATIENTS_DUE) over MARTS.V_RECALL_COMPLIANCE (docs/kpis.md, "Recall compliance")');
  });
});
