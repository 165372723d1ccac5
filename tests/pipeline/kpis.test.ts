/**
 * One test per KPI on the hand-made clinic day of kpi-dataset.ts, against values computed by hand
 * (see the derivations there). Rates are compared as stored (rounded to 4 places), money to the cent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderSql } from '../../constructs/sql';
import { loadKpiDataset } from './kpi-dataset';
import { DATABASE, Row, SQL_DIR, TestTenant } from './helpers';

let t: TestTenant;
let day: Row;

beforeAll(async () => {
  t = await TestTenant.create();
  await loadKpiDataset(t);
  await t.runAll();
  [day] = await t.query(`SELECT * FROM MARTS.KPI_LOCATION_DAILY WHERE LOCATION_ID = 'main' AND DATE_DAY = '2024-06-03'`);
});
afterAll(() => t.close());

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

  test('average eyewear sale = eyewear revenue / eyewear orders', () => {
    expect(day.AVG_EYEWEAR_SALE).toBe(350);
  });

  test('optical capture rate = spectacle-Rx patients with an eyewear order / spectacle-Rx patients', () => {
    expect([day.SPECTACLE_RX_PATIENTS, day.EYEWEAR_CAPTURED_PATIENTS, day.OPTICAL_CAPTURE_RATE]).toEqual([2, 1, 0.5]);
  });

  test('contact lens capture and annual-supply rate', () => {
    expect([day.CL_RX_EXAMS, day.CL_CAPTURED_EXAMS, day.CL_ORDERS, day.CL_ANNUAL_SUPPLY_ORDERS, day.CL_ANNUAL_SUPPLY_RATE]).toEqual([1, 1, 1, 1, 1]);
  });

  test('claim denial rate = denied / submitted, by submission day', () => {
    expect([day.CLAIMS_SUBMITTED, day.CLAIMS_DENIED, day.DENIAL_RATE]).toEqual([3, 1, 0.3333]);
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
    expect(m).toEqual({ NET_REVENUE: 640, REVENUE_PER_COMPREHENSIVE_EXAM: 320, NO_SHOW_RATE: 0.25, DENIAL_RATE: 0.3333, PAYER_MIX_PRIVATE_PAY: 0.5882, AR_BALANCE_MONTH_END: 150 });
  });

  test('location ranking ranks the month and has no growth without a previous month', async () => {
    const [r] = await t.query(`SELECT NET_REVENUE_RANK, NET_REVENUE_GROWTH_MOM FROM MARTS.V_LOCATION_RANKING WHERE LOCATION_ID = 'main'`);
    expect(r).toEqual({ NET_REVENUE_RANK: 1, NET_REVENUE_GROWTH_MOM: null });
  });

  test('inventory turns and aged frames from the daily stock', async () => {
    const stock = await t.query(`SELECT DATE_DAY, ON_HAND_QUANTITY FROM MARTS.FCT_INVENTORY_DAILY WHERE PRODUCT_ID = 'F1' ORDER BY DATE_DAY`);
    expect(stock.map((r) => r.ON_HAND_QUANTITY)).toEqual([10, 10, 9, 9, 7, 8]);
    const [h] = await t.query(`SELECT DAYS_COVERED, FRAMES_SOLD, AVG_FRAMES_ON_HAND, ANNUALISED_TURNS, FRAMES_ON_HAND, AGED_FRAMES_SHARE FROM MARTS.V_INVENTORY_HEALTH`);
    // 2 sold / (53 / 6 on hand) x 365 / 6 days = 13.77 turns a year; stock received 5 days ago is not aged.
    expect(h).toEqual({ DAYS_COVERED: 6, FRAMES_SOLD: 2, AVG_FRAMES_ON_HAND: 8.8, ANNUALISED_TURNS: 13.77, FRAMES_ON_HAND: 8, AGED_FRAMES_SHARE: 0 });
  });

  test('recall compliance waits until a due month can be judged', async () => {
    // Both exams set a recall due in 2026, after the data ends: nothing to judge yet.
    expect(await t.query(`SELECT * FROM MARTS.V_RECALL_COMPLIANCE`)).toEqual([]);
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
      { TENANT_ID: 'acme', MONTH: '2024-06-01', REVENUE_PER_EXAM: 320, NO_SHOW_RATE: 0.25, OPTICAL_CAPTURE_RATE: 0.5, DENIAL_RATE: 0.3333, EXAMS_PER_OD_DAY: 2 },
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

describe('docs/kpis.md', () => {
  test('the example query at the top runs', async () => {
    const doc = fs.readFileSync(path.join(SQL_DIR, '..', 'docs', 'kpis.md'), 'utf8');
    const example = /```sql\n([\s\S]*?)```/.exec(doc)![1]!;
    await expect(t.query(example)).resolves.toBeInstanceOf(Array);
  });
});
