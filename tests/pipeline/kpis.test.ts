/**
 * One test per KPI on the hand-made clinic day of kpi-dataset.ts, and on a hand-made two-year
 * history at two locations (below) for the KPIs that need one, against values computed by hand (see
 * the derivations there and in each test). Rates are compared as stored (rounded to 4 places), money
 * to the cent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderSql } from '../../constructs/sql';
import { loadHistoryDataset } from './history-dataset';
import { loadKpiDataset } from './kpi-dataset';
import { DATABASE, Row, SQL_DIR, TestTenant, sqlFile } from './helpers';

let t: TestTenant;
let day: Row;

beforeAll(async () => {
  t = await TestTenant.create();
  await loadKpiDataset(t);
  await t.runAll();
  [day] = await t.query(`SELECT * FROM MARTS.KPI_LOCATION_DAILY WHERE LOCATION_ID = 'main' AND DATE_DAY = '2024-06-03'`);
});
afterAll(() => t.close());

/** The summary `local up` prints (the headline KPIs up to the as-of day), with the first day of the data. */
async function headline(tenant: TestTenant): Promise<Row> {
  const [span] = await tenant.query(sqlFile('marts/summary/as_of_day.sql'));
  const [k] = await tenant.query(sqlFile('marts/summary/kpi_headline.sql'));
  return { FIRST_DAY: span!.FIRST_DAY, ...k };
}

const kpiOn = async (date: string): Promise<Row> => (await t.query(`SELECT * FROM MARTS.KPI_LOCATION_DAILY WHERE LOCATION_ID = 'main' AND DATE_DAY = '${date}'`))[0]!;

describe('KPI_LOCATION_DAILY on a hand-computed clinic day', () => {
  test('has one row per location and calendar day of the data (06-01 .. 06-12)', async () => {
    const [r] = await t.query(`SELECT COUNT(*) AS N, MIN(DATE_DAY) AS FIRST_DAY, MAX(DATE_DAY) AS LAST_DAY FROM MARTS.KPI_LOCATION_DAILY`);
    expect(r).toEqual({ N: 12, FIRST_DAY: '2024-06-01', LAST_DAY: '2024-06-12' });
  });

  test('gross revenue: charges billed by service date', () => {
    expect(day.GROSS_REVENUE).toBe(850);
  });

  test('net revenue: payments collected by receipt date, malformed payment excluded', async () => {
    expect(day.NET_REVENUE).toBe(520);
    expect((await kpiOn('2024-06-10')).NET_REVENUE).toBe(120);
  });

  test('revenue per comprehensive exam = net revenue / comprehensive exams', () => {
    expect(day.REVENUE_PER_COMPREHENSIVE_EXAM).toBe(260);
  });

  test('exams, comprehensive exams and exams per OD day', () => {
    expect([day.EXAMS, day.COMPREHENSIVE_EXAMS, day.OD_DAYS, day.EXAMS_PER_OD_DAY]).toEqual([2, 2, 1, 2]);
  });

  test('no-show rate = no-shows / doctor appointments scheduled', () => {
    expect([day.APPOINTMENTS_SCHEDULED, day.NO_SHOWS, day.NO_SHOW_RATE]).toEqual([4, 1, 0.25]);
  });

  test('cancellation rate = cancelled or rescheduled / scheduled; late ones are within 24 h', () => {
    expect([day.CANCELLATIONS, day.CANCELLATION_RATE, day.LATE_CANCELLATIONS]).toEqual([1, 0.25, 0]);
  });

  test('schedule utilisation = booked minutes / doctor clinic days x bookable minutes', () => {
    expect([day.BOOKED_MINUTES, day.AVAILABLE_MINUTES, day.SCHEDULE_UTILISATION]).toEqual([60, 460, 0.1304]);
  });

  test('new vs returning patients seen', () => {
    expect([day.PATIENTS_SEEN, day.NEW_PATIENTS_SEEN, day.RETURNING_PATIENTS_SEEN, day.NEW_PATIENT_SHARE]).toEqual([2, 1, 1, 0.5]);
  });

  test('optical orders and revenue exclude cancelled orders', () => {
    expect([day.OPTICAL_ORDERS, day.OPTICAL_REVENUE, day.EYEWEAR_ORDERS, day.COMPLETE_PAIRS, day.EYEWEAR_REVENUE]).toEqual([3, 1000, 2, 2, 700]);
  });

  test('average eyewear sale = eyewear revenue / complete pairs', () => {
    // O1 500 + O2 200, both with a frame from the board: 700 / 2 pairs (the lens-only case is in the history below).
    expect(day.AVG_EYEWEAR_SALE).toBe(350);
  });

  test('optical capture rate = spectacle-Rx patients with an eyewear order / spectacle-Rx patients', () => {
    expect([day.SPECTACLE_RX_PATIENTS, day.EYEWEAR_CAPTURED_PATIENTS, day.OPTICAL_CAPTURE_RATE]).toEqual([2, 1, 0.5]);
  });

  test('contact lens capture and annual-supply rate', () => {
    expect([day.CL_RX_EXAMS, day.CL_CAPTURED_EXAMS, day.CL_ORDERS, day.CL_ANNUAL_SUPPLY_ORDERS, day.CL_ANNUAL_SUPPLY_RATE]).toEqual([1, 1, 1, 1, 1]);
  });

  test('claim denial rate = denied / claims submitted to third-party payers, by submission day', () => {
    // C1 (vsp) and C2 (medicare, denied) were submitted; C3 is a self-pay statement, not a claim to a payer: 1 / 2.
    expect([day.CLAIMS_SUBMITTED, day.CLAIMS_DENIED, day.DENIAL_RATE]).toEqual([2, 1, 0.5]);
  });

  test('payer mix: gross charges by payer class', () => {
    expect([day.BILLED_PRIVATE_PAY, day.BILLED_VSP, day.BILLED_MEDICARE, day.BILLED_MEDICAID, day.BILLED_OTHER_VISION, day.BILLED_COMMERCIAL_MEDICAL, day.BILLED_OTHER]).toEqual([500, 200, 150, 0, 0, 0, 0]);
  });

  test('A/R balance runs charges - write-offs - collections and equals the open claim balances', async () => {
    expect(day.AR_BALANCE).toBe(330);
    expect((await kpiOn('2024-06-10')).AR_BALANCE).toBe(150);
    expect((await kpiOn('2024-06-12')).AR_BALANCE).toBe(150);
    expect(await t.scalar(`SELECT SUM(OPEN_BALANCE) FROM MARTS.FCT_CLAIMS`)).toBe(150);
  });
});

describe('KPI views', () => {
  test('days in A/R = A/R balance / average daily charges of the trailing 90 days', async () => {
    const [r] = await t.query(`SELECT AR_BALANCE, CHARGES_90D, DAYS_IN_WINDOW, DAYS_IN_AR FROM MARTS.V_DAYS_IN_AR WHERE LOCATION_ID = 'main' AND DATE_DAY = '2024-06-03'`);
    // 330 / (850 / 3 days) = 1.16 days
    expect(r).toEqual({ AR_BALANCE: 330, CHARGES_90D: 850, DAYS_IN_WINDOW: 3, DAYS_IN_AR: 1.2 });
  });

  test('monthly rollup recomputes rates from summed inputs', async () => {
    const [m] = await t.query(`SELECT NET_REVENUE, REVENUE_PER_COMPREHENSIVE_EXAM, NO_SHOW_RATE, DENIAL_RATE, PAYER_MIX_PRIVATE_PAY, AR_BALANCE_MONTH_END FROM MARTS.V_KPI_LOCATION_MONTHLY WHERE LOCATION_ID = 'main'`);
    expect(m).toEqual({ NET_REVENUE: 640, REVENUE_PER_COMPREHENSIVE_EXAM: 320, NO_SHOW_RATE: 0.25, DENIAL_RATE: 0.5, PAYER_MIX_PRIVATE_PAY: 0.5882, AR_BALANCE_MONTH_END: 150 });
  });

  test('inventory turns and aged frames from the daily stock', async () => {
    const stock = await t.query(`SELECT DATE_DAY, ON_HAND_QUANTITY FROM MARTS.FCT_INVENTORY_DAILY WHERE PRODUCT_ID = 'F1' ORDER BY DATE_DAY`);
    expect(stock.map((r) => r.ON_HAND_QUANTITY)).toEqual([10, 10, 9, 9, 7, 8]);
    const [h] = await t.query(`SELECT DAYS_COVERED, FRAMES_SOLD, AVG_FRAMES_ON_HAND, ANNUALISED_TURNS, FRAMES_ON_HAND, AGED_FRAMES_SHARE FROM MARTS.V_INVENTORY_HEALTH`);
    // 2 sold / (53 / 6 on hand) x 365 / 6 days = 13.77 turns a year; stock received 5 days ago is not aged.
    expect(h).toEqual({ DAYS_COVERED: 6, FRAMES_SOLD: 2, AVG_FRAMES_ON_HAND: 8.8, ANNUALISED_TURNS: 13.77, FRAMES_ON_HAND: 8, AGED_FRAMES_SHARE: 0 });
  });

  test('recall due date: last comprehensive exam + 18 months for a contact lens wearer', async () => {
    // P2 was given a soft CL Rx (RX3) at E2 on 2024-06-03: due 2025-12-03 (compliance itself: see the history below).
    const [p] = await t.query(`SELECT IS_CL_WEARER, RECALL_INTERVAL_MONTHS, RECALL_DUE_DATE FROM MARTS.DIM_PATIENT WHERE PATIENT_ID = 'P2'`);
    expect(p).toEqual({ IS_CL_WEARER: true, RECALL_INTERVAL_MONTHS: 18, RECALL_DUE_DATE: '2025-12-03' });
  });
});

describe('KPI_STAFF_MONTHLY', () => {
  test('optician commission follows the plan: 3% of dispensary sales plus spiffs', async () => {
    const [r] = await t.query(`SELECT DISPENSARY_ORDERS, DISPENSARY_SALES, AR_COATING_PAIRS, PROGRESSIVE_PAIRS, SECOND_PAIRS, DISPENSARY_COMMISSION, SPIFFS, COMMISSION_EARNED FROM MARTS.KPI_STAFF_MONTHLY WHERE STAFF_ID = 'OPT1' AND MONTH_START = '2024-06-01'`);
    expect(r).toEqual({ DISPENSARY_ORDERS: 3, DISPENSARY_SALES: 1000, AR_COATING_PAIRS: 1, PROGRESSIVE_PAIRS: 1, SECOND_PAIRS: 1, DISPENSARY_COMMISSION: 30, SPIFFS: 25, COMMISSION_EARNED: 55 });
  });

  test('doctor productivity: exams and attributed revenue', async () => {
    const [r] = await t.query(`SELECT EXAMS, COMPREHENSIVE_EXAMS, CLINIC_DAYS, EXAMS_PER_CLINIC_DAY, REVENUE_ATTRIBUTED, COMMISSION_EARNED FROM MARTS.KPI_STAFF_MONTHLY WHERE STAFF_ID = 'OD1' AND MONTH_START = '2024-06-01'`);
    expect(r).toEqual({ EXAMS: 2, COMPREHENSIVE_EXAMS: 2, CLINIC_DAYS: 1, EXAMS_PER_CLINIC_DAY: 2, REVENUE_ATTRIBUTED: 850, COMMISSION_EARNED: 0 });
  });

  test('a tenant rule change is picked up on the next refresh', async () => {
    await t.run(`UPDATE STAGING.COMMISSION_RULES SET DISPENSARY_RATE = 0.05 WHERE COMMISSION_PLAN = 'dispensary_3pct_spiffs'`);
    await t.runFile('marts/kpi_staff_monthly.sql');
    expect(await t.scalar(`SELECT COMMISSION_EARNED FROM MARTS.KPI_STAFF_MONTHLY WHERE STAFF_ID = 'OPT1' AND MONTH_START = '2024-06-01'`)).toBe(75);
    await t.run(`UPDATE STAGING.COMMISSION_RULES SET DISPENSARY_RATE = 0.03 WHERE COMMISSION_PLAN = 'dispensary_3pct_spiffs'`);
    await t.runFile('marts/kpi_staff_monthly.sql');
  });
});

describe('benchmark', () => {
  test('writes one anonymised row per tenant month, idempotently', async () => {
    await t.run(`CREATE DATABASE LOCAL_PLATFORM`);
    await t.run(`CREATE SCHEMA LOCAL_PLATFORM.BENCHMARK`);
    // CREATE DATABASE makes the new database current, as in Snowflake: back to the tenant.
    await t.run(`USE DATABASE ${DATABASE}`);
    await t.run(`CREATE TABLE LOCAL_PLATFORM.BENCHMARK.KPI_MONTHLY (TENANT_ID VARCHAR, MONTH DATE, REVENUE_PER_EXAM NUMBER(12,2), NO_SHOW_RATE NUMBER(7,4), OPTICAL_CAPTURE_RATE NUMBER(7,4), DENIAL_RATE NUMBER(7,4), EXAMS_PER_OD_DAY NUMBER(9,2), UPDATED_AT TIMESTAMP_NTZ)`);
    const template = fs.readFileSync(path.join(SQL_DIR, 'marts', 'benchmark.sql'), 'utf8');
    const placeholders = new Set(template.match(/\{\{[A-Z_]+\}\}/g));
    expect([...placeholders].sort()).toEqual(['{{BENCHMARK_TABLE}}', '{{TENANT_ID}}']);
    const sql = template.replaceAll('{{BENCHMARK_TABLE}}', 'LOCAL_PLATFORM.BENCHMARK.KPI_MONTHLY').replaceAll('{{TENANT_ID}}', 'acme');
    await t.run(sql);
    const first = await t.query(`SELECT * FROM LOCAL_PLATFORM.BENCHMARK.KPI_MONTHLY`);
    expect(first.map(({ UPDATED_AT: _u, ...r }) => r)).toEqual([
      { TENANT_ID: 'acme', MONTH: '2024-06-01', REVENUE_PER_EXAM: 320, NO_SHOW_RATE: 0.25, OPTICAL_CAPTURE_RATE: 0.5, DENIAL_RATE: 0.5, EXAMS_PER_OD_DAY: 2 },
    ]);
    await t.run(sql);
    expect(await t.query(`SELECT * FROM LOCAL_PLATFORM.BENCHMARK.KPI_MONTHLY`)).toEqual(first);

    // Peer percentiles over acme (320 per exam) and three more tenants, by hand: sorted 200, 300,
    // 320, 400; continuous P25 = 200 + 0.75 * 100 = 275, P50 = 300 + 0.5 * 20 = 310, P75 = 320 + 0.25 * 80 = 340.
    await t.run(`INSERT INTO LOCAL_PLATFORM.BENCHMARK.KPI_MONTHLY VALUES ('b', '2024-06-01', 200, 0.1, 0.5, 0.1, 8, CURRENT_TIMESTAMP()), ('c', '2024-06-01', 300, 0.1, 0.5, NULL, 8, CURRENT_TIMESTAMP()), ('d', '2024-06-01', 400, 0.1, 0.5, 0.1, 8, CURRENT_TIMESTAMP())`);
    await t.run(`CREATE TABLE LOCAL_PLATFORM.BENCHMARK.KPI_PEERS (MONTH DATE, METRIC VARCHAR, PEER_COUNT NUMBER(9,0), P25 NUMBER(14,4), P50 NUMBER(14,4), P75 NUMBER(14,4), UPDATED_AT TIMESTAMP_NTZ)`);
    await t.run(`USE DATABASE LOCAL_PLATFORM`);
    // The rates view, under the tenant policy with this session's role (SYSADMIN) as the platform's.
    const policy = renderSql('policies/tenant_rows.sql', { PLATFORM_ADMIN_ROLE: 'SYSADMIN', TENANT_ROLE_PREFIX: 'LOCAL_', TENANT_ROLE_SUFFIX: '_ANALYST' });
    await t.run(`CREATE ROW ACCESS POLICY BENCHMARK.TENANT_ROWS AS (tenant_id VARCHAR) RETURNS BOOLEAN -> ${policy}`);
    await t.run(renderSql('platform/ddl/v_kpi_monthly_rates.sql'));
    const peers = async (minPeers: number) => {
      await t.run(renderSql('platform/benchmark_peers.sql', { MIN_PEERS: String(minPeers) }));
      return (await t.query(`SELECT METRIC, PEER_COUNT, P25, P50, P75 FROM BENCHMARK.KPI_PEERS ORDER BY METRIC`));
    };
    // Five peers required: four tenants publish nothing.
    expect(await peers(5)).toEqual([]);
    // Four: every metric with four values; the denial rate (one tenant has none) stays unpublished.
    const published = await peers(4);
    expect(published.map((r) => r.METRIC)).toEqual(['EXAMS_PER_OD_DAY', 'NO_SHOW_RATE', 'OPTICAL_CAPTURE_RATE', 'REVENUE_PER_EXAM']);
    expect(published.find((r) => r.METRIC === 'REVENUE_PER_EXAM')).toEqual({ METRIC: 'REVENUE_PER_EXAM', PEER_COUNT: 4, P25: 275, P50: 310, P75: 340 });
    const stamped = await t.query(`SELECT METRIC, UPDATED_AT FROM BENCHMARK.KPI_PEERS ORDER BY METRIC`);
    await peers(4);
    expect(await t.query(`SELECT METRIC, UPDATED_AT FROM BENCHMARK.KPI_PEERS ORDER BY METRIC`)).toEqual(stamped);
    await t.run(`USE DATABASE ${DATABASE}`);
  });
});


describe('KPIs over a hand-made history (two locations, two years)', () => {
  let h: TestTenant;
  const kpiAt = async (location: string, date: string): Promise<Row> => (await h.query(`SELECT * FROM MARTS.KPI_LOCATION_DAILY WHERE LOCATION_ID = '${location}' AND DATE_DAY = '${date}'`))[0]!;

  beforeAll(async () => {
    h = await TestTenant.create();
    await loadHistoryDataset(h);
    await h.runAll();
  });
  afterAll(() => h.close());

  test('claim denial rate leaves self-pay statements out', async () => {
    // South 06-06: vsp, medicare (denied), commercial medical and other vision were submitted to payers:
    // 1 / 4 = 0.25 (with the two self-pay statements it would read 1 / 6 = 0.1667). They stay in gross revenue.
    const d = await kpiAt('south', '2024-06-06');
    expect([d.CLAIMS_SUBMITTED, d.CLAIMS_DENIED, d.DENIAL_RATE, d.GROSS_REVENUE, d.BILLED_PRIVATE_PAY]).toEqual([4, 1, 0.25, 600, 200]);
  });

  test('average eyewear sale = eyewear revenue / complete pairs, lens-only jobs in the revenue', async () => {
    // 300 + 200 + 150 (lens-only) = 650 over 2 complete pairs = 325.00 (per eyewear order it was 650 / 3 = 216.67);
    // the contact lenses and the cancelled pair count nowhere. The monthly view divides the same way.
    const d = await kpiAt('south', '2024-06-06');
    expect([d.EYEWEAR_ORDERS, d.COMPLETE_PAIRS, d.EYEWEAR_REVENUE, d.AVG_EYEWEAR_SALE]).toEqual([3, 2, 650, 325]);
    const [m] = await h.query(`SELECT COMPLETE_PAIRS, AVG_EYEWEAR_SALE FROM MARTS.V_KPI_LOCATION_MONTHLY WHERE LOCATION_ID = 'south' AND MONTH_START = '2024-06-01'`);
    expect(m).toEqual({ COMPLETE_PAIRS: 2, AVG_EYEWEAR_SALE: 325 });
  });

  test('late cancellations: given up less than 24 hours before the slot', async () => {
    // South 06-12: 5 scheduled; AL1 (49 h) and AL2 (exactly 24 h) are not late, AL3 (23 h 59 min) and
    // AL4 (rescheduled 2 h ahead) are: 4 cancellations, 2 late, cancellation rate 4 / 5 = 0.8; AL5 no-show.
    const d = await kpiAt('south', '2024-06-12');
    expect([d.APPOINTMENTS_SCHEDULED, d.CANCELLATIONS, d.LATE_CANCELLATIONS, d.CANCELLATION_RATE, d.NO_SHOWS]).toEqual([5, 4, 2, 0.8, 1]);
  });

  test('revenue per active patient = net revenue of 12 months / patients with a kept doctor visit in 24 months', async () => {
    const rows = await h.query(`
      SELECT LOCATION_ID, MONTH_START, NET_REVENUE_12M, ACTIVE_PATIENTS, REVENUE_PER_ACTIVE_PATIENT, HAS_FULL_HISTORY
      FROM MARTS.V_REVENUE_PER_PATIENT
      WHERE MONTH_START IN ('2023-06-01', '2024-06-01', '2024-07-01')
      ORDER BY LOCATION_ID, MONTH_START`);
    expect(rows).toEqual([
      // 2022-07 .. 2023-06: 1000; H1 (2022-06-15), H2, H3 seen since 2021-08: 1000 / 3. The data starts 2022-03-07, inside the window.
      { LOCATION_ID: 'main', MONTH_START: '2023-06-01', NET_REVENUE_12M: 1000, ACTIVE_PATIENTS: 3, REVENUE_PER_ACTIVE_PATIENT: 333.33, HAS_FULL_HISTORY: false },
      // 2023-07 .. 2024-06: 1600 + 2000 (2023-06's 1000 drops out); since 2022-07: H2, H3 (twice), H6 -- not H1
      // (2022-06), H4 (no-show) or H7 (dispensing): 3600 / 3.
      { LOCATION_ID: 'main', MONTH_START: '2024-06-01', NET_REVENUE_12M: 3600, ACTIVE_PATIENTS: 3, REVENUE_PER_ACTIVE_PATIENT: 1200, HAS_FULL_HISTORY: true },
      // A month on, H2 (2022-07-01) is no longer active; the booked visits of 07-08 have not been kept: 3600 / 2.
      { LOCATION_ID: 'main', MONTH_START: '2024-07-01', NET_REVENUE_12M: 3600, ACTIVE_PATIENTS: 2, REVENUE_PER_ACTIVE_PATIENT: 1800, HAS_FULL_HISTORY: true },
      { LOCATION_ID: 'south', MONTH_START: '2023-06-01', NET_REVENUE_12M: 0, ACTIVE_PATIENTS: 0, REVENUE_PER_ACTIVE_PATIENT: null, HAS_FULL_HISTORY: false },
      // 2400 / H3 and H5 (AL1-AL4 gave their slots up, AL5 did not come).
      { LOCATION_ID: 'south', MONTH_START: '2024-06-01', NET_REVENUE_12M: 2400, ACTIVE_PATIENTS: 2, REVENUE_PER_ACTIVE_PATIENT: 1200, HAS_FULL_HISTORY: true },
      { LOCATION_ID: 'south', MONTH_START: '2024-07-01', NET_REVENUE_12M: 2400, ACTIVE_PATIENTS: 2, REVENUE_PER_ACTIVE_PATIENT: 1200, HAS_FULL_HISTORY: true },
    ]);
  });

  test('revenue per active patient of a group of locations counts each patient once (the docs query)', async () => {
    const doc = fs.readFileSync(path.join(SQL_DIR, '..', 'docs', 'kpis.md'), 'utf8');
    const rollup = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!).find((q) => q.includes('V_REVENUE_PER_PATIENT'))!;
    // June 2024, both locations: (3600 + 2400) / 4 patients (H2, H3, H6, H5; H3 was seen at both) = 1500.00,
    // where summing the locations' patients (3 + 2) would give 1200.00.
    expect(await h.query(rollup)).toEqual([{ NET_REVENUE_12M: 6000, ACTIVE_PATIENTS: 4, REVENUE_PER_ACTIVE_PATIENT: 1500 }]);
  });

  test('location ranking and growth against the previous month and the same month a year earlier', async () => {
    const rows = await h.query(`
      SELECT LOCATION_ID, NET_REVENUE, NET_REVENUE_RANK, EXAMS_RANK, NET_REVENUE_GROWTH_MOM, NET_REVENUE_GROWTH_YOY
      FROM MARTS.V_LOCATION_RANKING WHERE MONTH_START = '2024-06-01' ORDER BY LOCATION_ID`);
    expect(rows).toEqual([
      // main: 2000 / 1600 (May) - 1 = 0.25; 2000 / 1000 (June 2023) - 1 = 1.0; one comprehensive exam (EH3) against none.
      { LOCATION_ID: 'main', NET_REVENUE: 2000, NET_REVENUE_RANK: 2, EXAMS_RANK: 1, NET_REVENUE_GROWTH_MOM: 0.25, NET_REVENUE_GROWTH_YOY: 1 },
      // south collected nothing before June: growth from zero is undefined, not infinite.
      { LOCATION_ID: 'south', NET_REVENUE: 2400, NET_REVENUE_RANK: 1, EXAMS_RANK: 2, NET_REVENUE_GROWTH_MOM: null, NET_REVENUE_GROWTH_YOY: null },
    ]);
  });

  test('recall compliance: patients back for a comprehensive exam by the due date + 60 days', async () => {
    // Due in March 2024 at main: R1 (2022-03-07 + 24 months = 03-07), back 05-06, the last day of grace -> returned;
    // R2 (due 03-14) back 05-14, a day after its grace ended -> not; R3 (CL wearer, 2022-09-20 + 18 months = 03-20)
    // back 03-25 -> returned; R4 (due 03-28) never came back -> not: 2 / 4. The later exams set recalls due in
    // 2025-2026, whose grace periods end after the last exam day (2024-06-03): not shown yet.
    expect(await h.query(`SELECT * FROM MARTS.V_RECALL_COMPLIANCE`)).toEqual([
      { LOCATION_ID: 'main', DUE_MONTH: '2024-03-01', PATIENTS_DUE: 4, PATIENTS_RETURNED: 2, RECALL_COMPLIANCE_RATE: 0.5 },
    ]);
  });

  test('aged frames: on hand at month end longer than twice the average turn time', async () => {
    // May 2024 at main: F1 4 x 31 days = 124; F2 20 x 15 (05-01..15) + 10 x 15 (05-16..30) + 20 (05-31) = 470;
    // average on hand 594 / 31 = 19.16; turns 10 sold / 19.16 x 365 / 31 = 6.14 a year, turn time 365 / 6.14 = 59 days.
    // At 05-31 F1 has waited 150 days since 2024-01-02 (> 2 x 59.4 = 118.8): aged; F2 arrived that day: 4 / 24.
    const [r] = await h.query(`SELECT DAYS_COVERED, FRAMES_SOLD, AVG_FRAMES_ON_HAND, ANNUALISED_TURNS, AVERAGE_TURN_DAYS, FRAMES_ON_HAND, AGED_FRAMES, AGED_FRAMES_SHARE FROM MARTS.V_INVENTORY_HEALTH WHERE LOCATION_ID = 'main' AND MONTH_START = '2024-05-01'`);
    expect(r).toEqual({ DAYS_COVERED: 31, FRAMES_SOLD: 10, AVG_FRAMES_ON_HAND: 19.2, ANNUALISED_TURNS: 6.14, AVERAGE_TURN_DAYS: 59, FRAMES_ON_HAND: 24, AGED_FRAMES: 4, AGED_FRAMES_SHARE: 0.1667 });
  });

  test('headline summary: every payment, and rates over the days up to the last day anything happened', async () => {
    // As of 2024-06-28 (the last payment; 07-08 holds bookings only): 2022-03-07 .. 2024-06-28 = 845 days.
    // Net revenue 1000 + 1600 + 2000 + 2400 = 7000 (only 2400 fell on a day with visits); 8 comprehensive exams -> 875.00.
    // No-shows AH4 and AL5 over the 13 doctor appointments up to 06-28 = 0.1538 (the 3 booked for 07-08 would make it 2 / 16).
    // No spectacle Rx was given, so no capture rate; denials 1 / 4 third-party claims.
    const k = await headline(h);
    expect(k).toEqual({ FIRST_DAY: '2022-03-07', AS_OF_DAY: '2024-06-28', DAYS: 845, NET_REVENUE: 7000, EXAMS: 8, REVENUE_PER_COMPREHENSIVE_EXAM: 875, NO_SHOW_RATE: 0.1538, OPTICAL_CAPTURE_RATE: null, DENIAL_RATE: 0.25 });
    expect(await h.scalar(`SELECT SUM(AMOUNT) FROM MARTS.FCT_PAYMENTS`)).toBe(7000);
  });
});

describe('headline summary on the clinic day', () => {
  test('counts the insurance payment of a day without visits', async () => {
    // As of 06-10 (PY3 120.00 and C1's write-off; 06-11 and 06-12 hold nothing): 10 days, 520 + 120 = 640 collected.
    const k = await headline(t);
    expect(k).toEqual({ FIRST_DAY: '2024-06-01', AS_OF_DAY: '2024-06-10', DAYS: 10, NET_REVENUE: 640, EXAMS: 2, REVENUE_PER_COMPREHENSIVE_EXAM: 320, NO_SHOW_RATE: 0.25, OPTICAL_CAPTURE_RATE: 0.5, DENIAL_RATE: 0.5 });
  });
});

describe('docs/kpis.md', () => {
  test('the example query at the top runs', async () => {
    const doc = fs.readFileSync(path.join(SQL_DIR, '..', 'docs', 'kpis.md'), 'utf8');
    const example = /```sql\n([\s\S]*?)```/.exec(doc)![1]!;
    await expect(t.query(example)).resolves.toBeInstanceOf(Array);
  });
});

describe('recompute migration (sql/marts/ddl/kpi_location_daily_recompute.sql)', () => {
  test('queues every stored day, so rows stored under an old definition get the new one', async () => {
    // 06-03 as a table deployed before would hold it: the self-pay statement counted, a stale average sale.
    await t.run(`UPDATE MARTS.KPI_LOCATION_DAILY SET CLAIMS_SUBMITTED = 3, DENIAL_RATE = 0.3333, AVG_EYEWEAR_SALE = 233.33 WHERE LOCATION_ID = 'main' AND DATE_DAY = '2024-06-03'`);
    // A refresh recomputes only the days loads touched: without the migration the old values stay.
    await t.runFile('marts/kpi_location_daily.sql');
    expect((await kpiOn('2024-06-03')).CLAIMS_SUBMITTED).toBe(3);
    await t.runFile('marts/ddl/kpi_location_daily_recompute.sql');
    expect(await t.query(`SELECT LOCATION_ID, FROM_DAY FROM STAGING.KPI_CHANGES`)).toEqual([{ LOCATION_ID: 'main', FROM_DAY: '2024-06-01' }]);
    await t.runFile('marts/kpi_location_daily.sql');
    const d = await kpiOn('2024-06-03');
    expect([d.CLAIMS_SUBMITTED, d.CLAIMS_DENIED, d.DENIAL_RATE, d.AVG_EYEWEAR_SALE]).toEqual([2, 1, 0.5, 350]);
    expect(await t.scalar(`SELECT COUNT(*) FROM STAGING.KPI_CHANGES`)).toBe(0);
  });
});
