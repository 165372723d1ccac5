/**
 * Staging on hand-made rows: every RAW row ends in quarantine (with the right reason), in staging
 * as the winning version of its key, or collapsed as an older duplicate; late corrections flow
 * through to the marts; re-running changes nothing.
 */
import { ENTITY_NAMES } from '../../model/entities';
import { loadKpiDataset } from './kpi-dataset';
import { records } from './fixtures';
import { TestTenant, martSnapshot } from './helpers';

describe('quarantine reasons', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await TestTenant.create();
    await loadKpiDataset(t);
    await t.loadRaw('appointments', records('appointments', [
      { appointment_id: '  ' },                                                     // missing_business_key
      { appointment_id: 'B2', scheduled_start: '2024-02-30T09:00:00' },             // unparseable_date
      { appointment_id: 'B3', location_id: 'LOC-404' },                             // unknown_location
      { appointment_id: 'B4', patient_id: null },                                   // missing_required_field
      { appointment_id: 'B5', status: 'maybe' },                                    // invalid_code
      { appointment_id: 'B6', is_new_patient: 'perhaps' },                          // invalid_value
      { appointment_id: 'B7', status: ' No_Show ', location_id: ' main ' },          // valid: trimmed, lower-cased
    ]), 'appointments/bad.csv');
    await t.loadRaw('optical_order_lines', records('optical_order_lines', [
      { order_id: 'O1', line_number: '3', quantity: '-2' },                         // negative_quantity
      { order_id: 'O1', line_number: '4', unit_price: '12.50.00' },                 // non_numeric_amount
      { order_id: 'O1', line_number: null },                                        // missing_business_key
      { order_id: 'O1', line_number: '5', quantity: '1234567890' },                 // invalid_value: over NUMBER(9,0)
      { order_id: 'O1', line_number: '12345678901' },                               // missing_business_key: not a line number
    ]), 'optical_order_lines/bad.ndjson');
    await t.runStaging();
  });
  afterAll(() => t.close());

  test('each malformed row is quarantined once with its reason and the raw record', async () => {
    const rows = await t.query(`SELECT ENTITY, SOURCE_FILE, SOURCE_ROW, REASON FROM STAGING.QUARANTINE ORDER BY ENTITY, SOURCE_FILE, SOURCE_ROW`);
    expect(rows).toEqual([
      { ENTITY: 'appointments', SOURCE_FILE: 'appointments/bad.csv', SOURCE_ROW: 1, REASON: 'missing_business_key' },
      { ENTITY: 'appointments', SOURCE_FILE: 'appointments/bad.csv', SOURCE_ROW: 2, REASON: 'unparseable_date' },
      { ENTITY: 'appointments', SOURCE_FILE: 'appointments/bad.csv', SOURCE_ROW: 3, REASON: 'unknown_location' },
      { ENTITY: 'appointments', SOURCE_FILE: 'appointments/bad.csv', SOURCE_ROW: 4, REASON: 'missing_required_field' },
      { ENTITY: 'appointments', SOURCE_FILE: 'appointments/bad.csv', SOURCE_ROW: 5, REASON: 'invalid_code' },
      { ENTITY: 'appointments', SOURCE_FILE: 'appointments/bad.csv', SOURCE_ROW: 6, REASON: 'invalid_value' },
      { ENTITY: 'optical_order_lines', SOURCE_FILE: 'optical_order_lines/bad.ndjson', SOURCE_ROW: 1, REASON: 'negative_quantity' },
      { ENTITY: 'optical_order_lines', SOURCE_FILE: 'optical_order_lines/bad.ndjson', SOURCE_ROW: 2, REASON: 'non_numeric_amount' },
      { ENTITY: 'optical_order_lines', SOURCE_FILE: 'optical_order_lines/bad.ndjson', SOURCE_ROW: 3, REASON: 'missing_business_key' },
      { ENTITY: 'optical_order_lines', SOURCE_FILE: 'optical_order_lines/bad.ndjson', SOURCE_ROW: 4, REASON: 'invalid_value' },
      { ENTITY: 'optical_order_lines', SOURCE_FILE: 'optical_order_lines/bad.ndjson', SOURCE_ROW: 5, REASON: 'missing_business_key' },
      { ENTITY: 'payments', SOURCE_FILE: 'payments/p.csv', SOURCE_ROW: 4, REASON: 'non_numeric_amount' },
    ]);
    const record = JSON.parse(String(await t.scalar(`SELECT RECORD FROM STAGING.QUARANTINE WHERE REASON = 'unknown_location'`))) as Record<string, unknown>;
    expect(record).toMatchObject({ appointment_id: 'B3', location_id: 'LOC-404', cancelled_at: null });
  });

  test('valid rows are typed, trimmed and lower-cased', async () => {
    const [r] = await t.query(`SELECT STATUS, LOCATION_ID, SCHEDULED_START, IS_NEW_PATIENT FROM STAGING.STG_PMS__APPOINTMENTS WHERE APPOINTMENT_ID = 'B7'`);
    expect(r).toEqual({ STATUS: 'no_show', LOCATION_ID: 'main', SCHEDULED_START: '2024-06-03 09:00:00', IS_NEW_PATIENT: false });
  });

  test('streams are consumed: nothing is left to stage', async () => {
    for (const name of ['APPOINTMENTS', 'PAYMENTS', 'OPTICAL_ORDER_LINES']) {
      expect(await t.scalar(`SELECT COUNT(*) FROM RAW.${name}_STREAM`)).toBe(0);
    }
  });
});

describe('reconciliation, versions and incremental corrections', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await TestTenant.create();
    await loadKpiDataset(t);
    // A second export of A1 (older version, re-sent) and of C1 (same version twice): both collapse.
    await t.loadRaw('appointments', records('appointments', [{ appointment_id: 'A1', patient_id: 'P1', status: 'scheduled', updated_at: '2024-05-20T10:00:00' }]), 'appointments/a2.csv');
    await t.loadRaw('claims', records('claims', [{ claim_id: 'C1', exam_id: 'E1', payer_class: 'vsp', billed_amount: '200.00', status: 'paid', adjudicated_date: '2024-06-10', paid_amount: '120.00', adjusted_amount: '60.00', patient_responsibility: '20.00', updated_at: '2024-06-10T12:00:00' }]), 'claims/c2.ndjson');
    await t.runAll();
    await t.runFile('quality/dq_checks.sql');
  });
  afterAll(() => t.close());

  test.each([...ENTITY_NAMES])('%s: RAW = STAGING + QUARANTINE + collapsed duplicates', async (name) => {
    const table = name.toUpperCase();
    const raw = Number(await t.scalar(`SELECT COUNT(*) FROM RAW.${table}`));
    const staged = Number(await t.scalar(`SELECT COUNT(*) FROM STAGING.STG_PMS__${table}`));
    const quarantined = Number(await t.scalar(`SELECT COUNT(*) FROM STAGING.QUARANTINE WHERE ENTITY = '${name}'`));
    const expectedCollapsed: Record<string, number> = { appointments: 1, claims: 1 };
    expect(raw - staged - quarantined).toBe(expectedCollapsed[name] ?? 0);
    const [dq] = await t.query(`SELECT STATUS, OBSERVED, EXPECTED FROM STAGING.DQ_RESULTS WHERE CHECK_NAME = 'row_count_reconciliation' AND ENTITY = '${name}'`);
    expect(dq).toEqual({ STATUS: 'pass', OBSERVED: String(raw), EXPECTED: String(raw) });
  });

  test('an older version arriving later does not overwrite the newer one', async () => {
    expect(await t.scalar(`SELECT STATUS FROM STAGING.STG_PMS__APPOINTMENTS WHERE APPOINTMENT_ID = 'A1'`)).toBe('completed');
  });

  test('uniqueness and referential checks pass; freshness reports the old load', async () => {
    const failed = await t.query(`SELECT CHECK_NAME, ENTITY FROM STAGING.DQ_RESULTS WHERE STATUS = 'fail' AND CHECK_NAME <> 'freshness'`);
    expect(failed).toEqual([]);
    const runs = await t.query(`SELECT COUNT(DISTINCT RUN_ID) AS RUNS, COUNT(DISTINCT CHECKED_AT) AS TIMES FROM STAGING.DQ_RESULTS`);
    expect(runs).toEqual([{ RUNS: 1, TIMES: 1 }]);
    expect(await t.scalar(`SELECT COUNT(*) FROM STAGING.DQ_RESULTS WHERE CHECK_NAME = 'freshness' AND STATUS = 'fail'`)).toBe(8);
  });

  test('mart revenue equals the sum of valid payments to the cent', async () => {
    const cents = async (sql: string) => Math.round(Number(await t.scalar(sql)) * 100);
    expect(await cents(`SELECT SUM(NET_REVENUE) FROM MARTS.KPI_LOCATION_DAILY`)).toBe(64000);
    expect(await cents(`SELECT SUM(AMOUNT) FROM MARTS.FCT_PAYMENTS`)).toBe(64000);
  });

  test('re-running every body changes no staging or mart row', async () => {
    const stagedBefore = await t.query(`SELECT * FROM STAGING.STG_PMS__APPOINTMENTS ORDER BY APPOINTMENT_ID`);
    const before = await martSnapshot(t);
    await t.runAll();
    expect(await t.query(`SELECT * FROM STAGING.STG_PMS__APPOINTMENTS ORDER BY APPOINTMENT_ID`)).toEqual(stagedBefore);
    expect(await martSnapshot(t)).toEqual(before);
  });

  test('a late correction (scheduled -> no_show) updates the fact and that day\'s KPI row only', async () => {
    await t.loadRaw('appointments', records('appointments', [{ appointment_id: 'A6', patient_id: 'P3', scheduled_start: '2024-06-04T09:00:00', scheduled_end: '2024-06-04T09:20:00' }]), 'appointments/a3.csv', '2024-06-02 06:00:00');
    await t.runAll();
    const kpi = async (date: string) => (await t.query(`SELECT APPOINTMENTS_SCHEDULED, NO_SHOWS, NO_SHOW_RATE FROM MARTS.KPI_LOCATION_DAILY WHERE DATE_DAY = '${date}'`))[0];
    expect(await kpi('2024-06-04')).toEqual({ APPOINTMENTS_SCHEDULED: 1, NO_SHOWS: 0, NO_SHOW_RATE: 0 });
    const otherDay = await kpi('2024-06-03');

    await t.loadRaw('appointments', records('appointments', [{ appointment_id: 'A6', patient_id: 'P3', scheduled_start: '2024-06-04T09:00:00', scheduled_end: '2024-06-04T09:20:00', status: 'no_show', updated_at: '2024-06-04T18:00:00' }]), 'appointments/a4.csv', '2024-06-05 06:00:00');
    await t.runAll();
    expect(await t.query(`SELECT STATUS, IS_NO_SHOW FROM MARTS.FCT_APPOINTMENTS WHERE APPOINTMENT_ID = 'A6'`)).toEqual([{ STATUS: 'no_show', IS_NO_SHOW: true }]);
    expect(await kpi('2024-06-04')).toEqual({ APPOINTMENTS_SCHEDULED: 1, NO_SHOWS: 1, NO_SHOW_RATE: 1 });
    expect(await kpi('2024-06-03')).toEqual(otherDay);
  });
});
