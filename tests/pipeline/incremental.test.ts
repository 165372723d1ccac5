/**
 * Incremental refreshes: marts built run by run, as daily loads arrive, equal the marts one run
 * builds from the same RAW rows, including corrections that move a stock movement to another day
 * and line, a product whose unit cost changes, an appointment moved to another location and day, a
 * payment moved to another day, an exam moved to another patient, a prescription moved to another
 * exam, an order moved to another prescription (so the other order there is no longer a second
 * pair), a line added to an existing order, a patient's status, and clinic hours changed as a setting; the inventory mart extends
 * its series without rewriting the days before the change, and the location KPIs rewrite only the
 * days whose values change.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSeedData, nextWindow, readEntityRecords, type SeedInput, type SeedManifest } from '../../local/seed';
import { ENTITY_NAMES } from '../../model/entities';
import { records } from './fixtures';
import { TestTenant, martSnapshot } from './helpers';

interface Batch {
  readonly load: (t: TestTenant) => Promise<void>;
}

/** Sample windows of 8, 1 and 1 days, each loaded as the files of that window. */
function seedBatches(dir: string): Batch[] {
  const batches: Batch[] = [];
  let input: SeedInput = { tenantId: 'acme', tier: 'small', locations: [{ id: 'downtown', name: 'Downtown Eye Care', state: 'TX' }, { id: 'uptown', name: 'Uptown Eye Care', state: 'TX' }], startDate: '2024-03-04', days: 8, seed: 5 };
  for (const days of [8, 1, 1]) {
    const out = path.join(dir, `w${batches.length}`);
    const manifest: SeedManifest = generateSeedData({ ...input, days }, out);
    batches.push({
      load: async (t) => {
        for (const name of ENTITY_NAMES) {
          const byFile = new Map<string, Record<string, string | null>[]>();
          for (const r of readEntityRecords(out, manifest, name)) byFile.set(r.file, [...(byFile.get(r.file) ?? []), { ...r.record }]);
          for (const [file, list] of byFile) await t.loadRaw(name, list, `w${batches.length}/${file}`);
        }
      },
    });
    input = nextWindow({ ...input, days }, manifest, days);
  }
  return batches;
}

/** Stock corrections after the sample: a receipt moved to a later day, a sale moved to an earlier day at another line, a cost change. */
const corrections: Batch[] = [
  {
    load: async (t) => {
      await t.loadRaw('inventory_movements', records('inventory_movements', [
        { movement_id: 'MX1', product_id: 'FX1', location_id: 'downtown', movement_type: 'received', quantity: '5', moved_at: '2024-03-06T08:00:00', updated_at: '2024-03-14T07:00:00' },
        { movement_id: 'MX2', product_id: 'FX1', location_id: 'downtown', movement_type: 'sold', quantity: '2', moved_at: '2024-03-09T08:00:00', updated_at: '2024-03-14T07:00:00' },
      ]), 'fix/m1.csv', '2024-03-15 06:00:00');
      await t.loadRaw('appointments', records('appointments', [
        { appointment_id: 'AX1', location_id: 'downtown', provider_id: 'ODX', status: 'completed', scheduled_start: '2024-03-05T09:00:00', scheduled_end: '2024-03-05T09:30:00', updated_at: '2024-03-14T07:00:00' },
      ]), 'fix/a1.csv', '2024-03-15 06:00:00');
      await t.loadRaw('claims', records('claims', [
        { claim_id: 'CX1', location_id: 'uptown', service_date: '2024-03-05', submitted_date: '2024-03-05', billed_amount: '80.00', updated_at: '2024-03-14T07:00:00' },
        { claim_id: 'CX2', location_id: 'uptown', service_date: '2024-03-06', submitted_date: '2024-03-06', billed_amount: '90.00', updated_at: '2024-03-14T07:00:00' },
      ]), 'fix/c1.csv', '2024-03-15 06:00:00');
      await t.loadRaw('payments', records('payments', [
        { payment_id: 'PYX1', location_id: 'uptown', claim_id: 'CX1', received_at: '2024-03-05T10:00:00', amount: '50.00', updated_at: '2024-03-14T07:00:00' },
      ]), 'fix/y1.csv', '2024-03-15 06:00:00');
      // Two patients, each with an exam and a spectacle prescription; PX1's prescription has two pairs.
      const at = { location_id: 'downtown', provider_id: 'ODX', updated_at: '2024-03-14T07:00:00' };
      await t.loadRaw('patients', records('patients', [
        { patient_id: 'PX1', home_location_id: 'downtown', updated_at: '2024-03-14T07:00:00' },
        { patient_id: 'PX2', home_location_id: 'downtown', updated_at: '2024-03-14T07:00:00' },
        { patient_id: 'PX3', home_location_id: 'downtown', updated_at: '2024-03-14T07:00:00' },
      ]), 'fix/pt1.csv', '2024-03-15 06:00:00');
      await t.loadRaw('exams', records('exams', [
        { ...at, exam_id: 'EX1', patient_id: 'PX1', appointment_id: 'AXE1', exam_date: '2024-03-05' },
        { ...at, exam_id: 'EX2', patient_id: 'PX2', appointment_id: 'AXE2', exam_date: '2024-03-06' },
        { ...at, exam_id: 'EX3', patient_id: 'PX3', appointment_id: 'AXE3', exam_date: '2024-03-04' },
      ]), 'fix/e1.csv', '2024-03-15 06:00:00');
      await t.loadRaw('prescriptions', records('prescriptions', [
        { rx_id: 'RXX1', exam_id: 'EX1', patient_id: 'PX1', prescriber_id: 'ODX', updated_at: '2024-03-14T07:00:00' },
        { rx_id: 'RXX2', exam_id: 'EX2', patient_id: 'PX2', prescriber_id: 'ODX', updated_at: '2024-03-14T07:00:00' },
      ]), 'fix/rx1.csv', '2024-03-15 06:00:00');
      await t.loadRaw('optical_orders', records('optical_orders', [
        { order_id: 'OX1', patient_id: 'PX1', location_id: 'downtown', rx_id: 'RXX1', order_date: '2024-03-05', updated_at: '2024-03-14T07:00:00' },
        { order_id: 'OX2', patient_id: 'PX1', location_id: 'downtown', rx_id: 'RXX1', order_date: '2024-03-07', updated_at: '2024-03-14T07:00:00' },
      ]), 'fix/o1.csv', '2024-03-15 06:00:00');
      await t.loadRaw('optical_order_lines', records('optical_order_lines', [{ order_id: 'OX1', line_number: '1', unit_price: '120.00', updated_at: '2024-03-14T07:00:00' }]), 'fix/l1.csv', '2024-03-15 06:00:00');
    },
  },
  {
    load: async (t) => {
      await t.loadRaw('inventory_movements', records('inventory_movements', [
        { movement_id: 'MX1', product_id: 'FX1', location_id: 'downtown', movement_type: 'received', quantity: '5', moved_at: '2024-03-08T08:00:00', updated_at: '2024-03-15T07:00:00' },
        { movement_id: 'MX2', product_id: 'FX2', location_id: 'uptown', movement_type: 'sold', quantity: '2', moved_at: '2024-03-05T08:00:00', updated_at: '2024-03-15T07:00:00' },
      ]), 'fix/m2.csv', '2024-03-16 06:00:00');
      await t.loadRaw('products', records('products', [{ product_id: 'FX1', unit_cost: '55.00', updated_at: '2024-03-16T05:00:00' }]), 'fix/p1.csv', '2024-03-16 06:00:00');
      await t.loadRaw('appointments', records('appointments', [
        { appointment_id: 'AX1', location_id: 'uptown', provider_id: 'ODX', status: 'completed', scheduled_start: '2024-03-07T09:00:00', scheduled_end: '2024-03-07T09:30:00', updated_at: '2024-03-15T07:00:00' },
      ]), 'fix/a2.csv', '2024-03-16 06:00:00');
      await t.loadRaw('payments', records('payments', [
        { payment_id: 'PYX1', location_id: 'uptown', claim_id: 'CX2', received_at: '2024-03-08T10:00:00', amount: '50.00', updated_at: '2024-03-15T07:00:00' },
      ]), 'fix/y2.csv', '2024-03-16 06:00:00');
      // Corrections across entities: EX1 and EX3 (PX3's only exam) belong to PX2; RXX1 was written at EX2; OX1 fills RXX2, so
      // OX2 becomes RXX1's first pair; OX2 gets a line; PX2 becomes inactive.
      const at = { location_id: 'downtown', provider_id: 'ODX', updated_at: '2024-03-15T07:00:00' };
      await t.loadRaw('exams', records('exams', [
        { ...at, exam_id: 'EX1', patient_id: 'PX2', appointment_id: 'AXE1', exam_date: '2024-03-05' },
        { ...at, exam_id: 'EX3', patient_id: 'PX2', appointment_id: 'AXE3', exam_date: '2024-03-04' },
      ]), 'fix/e2.csv', '2024-03-16 06:00:00');
      await t.loadRaw('prescriptions', records('prescriptions', [
        { rx_id: 'RXX1', exam_id: 'EX2', patient_id: 'PX2', prescriber_id: 'ODX', updated_at: '2024-03-15T07:00:00' },
      ]), 'fix/rx2.csv', '2024-03-16 06:00:00');
      await t.loadRaw('optical_orders', records('optical_orders', [
        { order_id: 'OX1', patient_id: 'PX1', location_id: 'downtown', rx_id: 'RXX2', order_date: '2024-03-05', updated_at: '2024-03-15T07:00:00' },
      ]), 'fix/o2.csv', '2024-03-16 06:00:00');
      await t.loadRaw('optical_order_lines', records('optical_order_lines', [{ order_id: 'OX2', line_number: '1', unit_price: '90.00', updated_at: '2024-03-15T07:00:00' }]), 'fix/l2.csv', '2024-03-16 06:00:00');
      await t.loadRaw('patients', records('patients', [{ patient_id: 'PX2', home_location_id: 'downtown', status: 'inactive', updated_at: '2024-03-15T07:00:00' }]), 'fix/pt2.csv', '2024-03-16 06:00:00');
    },
  },
  {
    // A settings change only, no new rows: downtown's own Tuesday and a new default for Wednesday.
    load: async (t) => {
      await t.run(`INSERT INTO STAGING.CLINIC_HOURS (LOCATION_ID, ISO_DAY_OF_WEEK, BOOKABLE_MINUTES, UPDATED_AT) VALUES ('downtown', 2, 300, CURRENT_TIMESTAMP())`);
      await t.run(`UPDATE STAGING.CLINIC_HOURS SET BOOKABLE_MINUTES = 400 WHERE LOCATION_ID = '*' AND ISO_DAY_OF_WEEK = 3`);
    },
  },
];

let dir: string;
let incremental: TestTenant;
let rebuilt: TestTenant;
const inventoryAfterFirstRun: Record<string, unknown>[] = [];
/** KPI_LOCATION_DAILY after the first and the second load. */
const kpisAfterRun: Record<string, unknown>[][] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eyecare-incremental-'));
  const batches = [...seedBatches(dir), ...corrections];
  incremental = await TestTenant.create();
  for (const [i, batch] of batches.entries()) {
    await batch.load(incremental);
    await incremental.runAll();
    if (i === 0) inventoryAfterFirstRun.push(...(await incremental.query(`SELECT * FROM MARTS.FCT_INVENTORY_DAILY ORDER BY 1, 2, 3`)));
    if (i <= 1) kpisAfterRun.push(await incremental.query(`SELECT * FROM MARTS.KPI_LOCATION_DAILY ORDER BY 1, 2`));
  }
  rebuilt = await TestTenant.create();
  for (const batch of batches) await batch.load(rebuilt);
  await rebuilt.runAll();
}, 600_000);

afterAll(() => {
  incremental.close();
  rebuilt.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('marts refreshed run by run equal the marts one run builds from the same rows', async () => {
  const built = await martSnapshot(rebuilt);
  expect(built['FCT_INVENTORY_DAILY']!.length).toBeGreaterThan(inventoryAfterFirstRun.length);
  expect(await martSnapshot(incremental)).toEqual(built);
});

test('the corrections moved the stock: FX1 downtown now starts on its receipt, FX2 uptown on the moved sale', async () => {
  const line = (product: string, location: string) =>
    incremental.query(`SELECT DATE_DAY, ON_HAND_QUANTITY, ON_HAND_COST FROM MARTS.FCT_INVENTORY_DAILY
      WHERE PRODUCT_ID = '${product}' AND LOCATION_ID = '${location}' AND DATE_DAY <= '2024-03-09' ORDER BY DATE_DAY`);
  // 5 received on 03-08 (moved from 03-06) at the new unit cost of 55.00; the sale moved away.
  expect(await line('FX1', 'downtown')).toEqual([
    { DATE_DAY: '2024-03-08', ON_HAND_QUANTITY: 5, ON_HAND_COST: 275 },
    { DATE_DAY: '2024-03-09', ON_HAND_QUANTITY: 5, ON_HAND_COST: 275 },
  ]);
  // FX2 has no product row, so no cost.
  expect(await line('FX2', 'uptown')).toEqual(['2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08', '2024-03-09'].map((d) => ({ DATE_DAY: d, ON_HAND_QUANTITY: -2, ON_HAND_COST: null })));
});

test('the moved appointment and payment count on their new days (and claim) only, as in a rebuild', async () => {
  const day = (location: string, date: string) =>
    incremental.query(`SELECT APPOINTMENTS_SCHEDULED, NET_REVENUE, AVAILABLE_MINUTES FROM MARTS.KPI_LOCATION_DAILY WHERE LOCATION_ID = '${location}' AND DATE_DAY = '${date}'`);
  const built = (location: string, date: string) =>
    rebuilt.query(`SELECT APPOINTMENTS_SCHEDULED, NET_REVENUE, AVAILABLE_MINUTES FROM MARTS.KPI_LOCATION_DAILY WHERE LOCATION_ID = '${location}' AND DATE_DAY = '${date}'`);
  for (const [location, date] of [['downtown', '2024-03-05'], ['uptown', '2024-03-05'], ['uptown', '2024-03-07'], ['uptown', '2024-03-08']] as const) {
    expect(await day(location, date)).toEqual(await built(location, date));
  }
  const appointments = await incremental.scalar(`SELECT COUNT(*) FROM MARTS.FCT_APPOINTMENTS WHERE APPOINTMENT_ID = 'AX1' AND LOCATION_ID = 'uptown' AND APPOINTMENT_DATE = '2024-03-07'`);
  expect(appointments).toBe(1);
  // The payment counts once, on its new day and against its new claim.
  const [payment] = await incremental.query(`SELECT RECEIVED_DATE, AMOUNT FROM MARTS.FCT_PAYMENTS WHERE PAYMENT_ID = 'PYX1'`);
  expect(payment).toEqual({ RECEIVED_DATE: '2024-03-08', AMOUNT: 50 });
  expect(await incremental.query(`SELECT CLAIM_ID, PAYMENTS_RECEIVED, OPEN_BALANCE FROM MARTS.FCT_CLAIMS WHERE CLAIM_ID IN ('CX1', 'CX2') ORDER BY 1`)).toEqual([
    { CLAIM_ID: 'CX1', PAYMENTS_RECEIVED: 0, OPEN_BALANCE: 80 },
    { CLAIM_ID: 'CX2', PAYMENTS_RECEIVED: 50, OPEN_BALANCE: 40 },
  ]);
});

test('corrections across entities reach every mart row they change, as in a rebuild', async () => {
  const rows = async (sql: string) => (await incremental.query(sql)).map((r) => Object.values(r));
  expect(await rows(`SELECT EXAM_ID, PATIENT_ID, HAS_SPECTACLE_RX, HAS_EYEWEAR_ORDER FROM MARTS.FCT_EXAMS WHERE EXAM_ID IN ('EX1', 'EX2') ORDER BY 1`)).toEqual([
    ['EX1', 'PX2', false, false],
    ['EX2', 'PX2', true, true],
  ]);
  expect(await rows(`SELECT ORDER_ID, RX_ID, EXAM_ID, IS_SECOND_PAIR, LINE_COUNT, LIST_AMOUNT FROM MARTS.FCT_OPTICAL_ORDERS WHERE ORDER_ID IN ('OX1', 'OX2') ORDER BY 1`)).toEqual([
    ['OX1', 'RXX2', 'EX2', false, 1, 120],
    ['OX2', 'RXX1', 'EX2', false, 1, 90],
  ]);
  expect(await rows(`SELECT PATIENT_ID, STATUS, LAST_EXAM_DATE IS NULL, IS_CL_WEARER FROM MARTS.DIM_PATIENT WHERE PATIENT_ID IN ('PX1', 'PX2', 'PX3') ORDER BY 1`)).toEqual([
    ['PX1', 'active', true, false],
    ['PX2', 'inactive', false, false],
    ['PX3', 'active', true, false],
  ]);
});

test('the clinic hours setting reached every day it applies to: downtown Tuesdays at 300, Wednesdays at the new 400 default', async () => {
  const rows = await incremental.query(`SELECT k.LOCATION_ID, d.ISO_DAY_OF_WEEK, k.AVAILABLE_MINUTES, s.DOCTOR_DAYS
    FROM MARTS.KPI_LOCATION_DAILY k
    JOIN MARTS.DIM_DATE d ON d.DATE_DAY = k.DATE_DAY
    JOIN (SELECT LOCATION_ID, APPOINTMENT_DATE, COUNT(DISTINCT PROVIDER_ID) AS DOCTOR_DAYS FROM MARTS.FCT_APPOINTMENTS WHERE IS_DOCTOR_VISIT GROUP BY 1, 2) s
      ON s.LOCATION_ID = k.LOCATION_ID AND s.APPOINTMENT_DATE = k.DATE_DAY
    WHERE d.ISO_DAY_OF_WEEK IN (2, 3)`);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    const minutes = r['ISO_DAY_OF_WEEK'] === 2 ? (r['LOCATION_ID'] === 'downtown' ? 300 : 460) : 400;
    expect(r['AVAILABLE_MINUTES']).toBe(Number(r['DOCTOR_DAYS']) * minutes);
  }
});

test('after the second load only the KPI days whose values changed got a new UPDATED_AT', async () => {
  const [first, second] = kpisAfterRun as [Record<string, unknown>[], Record<string, unknown>[]];
  const key = (r: Record<string, unknown>) => `${r['LOCATION_ID']}|${r['DATE_DAY']}`;
  const before = new Map(first.map((r) => [key(r), r]));
  const values = ({ UPDATED_AT: _refreshed, ...kpis }: Record<string, unknown>) => kpis;
  let kept = 0;
  let rewritten = 0;
  for (const row of second) {
    const old = before.get(key(row));
    if (!old) continue;
    const changed = JSON.stringify(values(old)) !== JSON.stringify(values(row));
    expect({ day: key(row), touched: row['UPDATED_AT'] !== old['UPDATED_AT'] }).toEqual({ day: key(row), touched: changed });
    if (changed) rewritten += 1;
    else kept += 1;
  }
  // The load added a day and corrected earlier ones (whose A/R balance carries into every later
  // day); the days before the first correction keep their rows.
  expect(second.length).toBeGreaterThan(first.length);
  expect(rewritten).toBeGreaterThan(0);
  expect(kept).toBeGreaterThan(0);
});

test('a run with nothing new changes no inventory or KPI row and leaves no pending change', async () => {
  const read = () => Promise.all([incremental.query(`SELECT * FROM MARTS.FCT_INVENTORY_DAILY ORDER BY 1, 2, 3`), incremental.query(`SELECT * FROM MARTS.KPI_LOCATION_DAILY ORDER BY 1, 2`)]);
  const before = await read();
  await incremental.runAll();
  expect(await read()).toEqual(before);
  expect(await incremental.scalar(`SELECT COUNT(*) FROM STAGING.INVENTORY_CHANGES`)).toBe(0);
  expect(await incremental.scalar(`SELECT COUNT(*) FROM STAGING.KPI_CHANGES`)).toBe(0);
  expect(await incremental.scalar(`SELECT COUNT(*) FROM STAGING.FACT_CHANGES`)).toBe(0);
});
