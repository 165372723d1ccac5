/**
 * One clinic day at `main` (Monday 2024-06-03), small enough to compute every KPI by hand. The
 * expected values in kpis.test.ts are derived in the comments here.
 *
 * Schedule (doctor OD1, 20-minute slots): A1 P1 completed (new patient), A2 P2 completed,
 * A3 P3 no-show, A4 P4 cancelled two days ahead; A5 is a dispensing visit (not a doctor visit).
 *   scheduled 4, no-shows 1 (0.25), cancellations 1 (0.25), booked minutes 60 (A1-A3),
 *   available 460 (one doctor clinic day, Monday default) -> utilisation 0.1304,
 *   patients seen 2 (1 new, 1 returning).
 * Exams: E1 (P1) and E2 (P2), both comprehensive: OD days 1 -> 2.00 exams per OD day.
 * Prescriptions: RX1 spectacle (E1), RX2 spectacle (E2), RX3 soft CL (E2).
 * Orders by optician OPT1 (plan dispensary_3pct_spiffs):
 *   O1 P1 eyewear on RX1, progressive with AR coating, 500.00
 *   O2 P1 eyewear on RX1 (second pair), single vision, 200.00
 *   O3 P2 contact lenses on RX3, 12-month supply, 300.00
 *   O4 P2 eyewear on RX2, cancelled, 150.00 (counts nowhere)
 *   -> optical orders 3, optical revenue 1000.00, eyewear orders 2, eyewear revenue 700.00,
 *      average eyewear sale 350.00; spectacle-Rx patients 2, captured 1 (P1) -> capture 0.5;
 *      CL orders 1, annual supply 1 -> 1.0.
 * Claims (all by OD1): C1 E1 vsp 200.00 paid 06-10 (insurance 120, write-off 60, copay 20);
 *   C2 E2 medicare 150.00 denied 06-12; C3 O1 private pay 500.00 paid 06-03.
 *   -> gross revenue 850.00 (vsp 200, medicare 150, private pay 500), 3 submitted, 1 denied.
 * Payments: PY1 copay 20.00 and PY2 500.00 on 06-03, PY3 insurance 120.00 on 06-10; PY4 is
 *   malformed (amount 'N/A') and quarantined.
 *   -> net revenue 520.00 on 06-03 and 120.00 on 06-10 (640.00 in total);
 *      revenue per comprehensive exam on 06-03: 520 / 2 = 260.00.
 *   A/R: 06-03 850 - 0 - 520 = 330.00; 06-10 330 - 60 - 120 = 150.00 (C2, still open).
 * Commission for OPT1 in June: 3% of 1000.00 = 30.00 + AR 5.00 + progressive 10.00 + second
 *   pair 10.00 = 55.00. OD1 in June: 2 exams, 850.00 attributed.
 * Inventory of frame F1 at main: +10 on 06-01, sold 1 on 06-03, sold 1 and written off 1 on
 *   06-05, 1 returned on 06-06 -> on hand 10, 10, 9, 9, 7, 8 (06-01 .. 06-06).
 */
import { records } from './fixtures';
import { TestTenant } from './helpers';

export async function loadKpiDataset(t: TestTenant): Promise<void> {
  await t.loadRaw('locations', records('locations', [{}]), 'locations/l.csv');
  await t.loadRaw('staff', records('staff', [
    { staff_id: 'OD1' },
    { staff_id: 'OPT1', role: 'optician', npi: null, commission_plan: 'dispensary_3pct_spiffs' },
    { staff_id: 'FD1', role: 'front_desk', npi: null },
  ]), 'staff/s.csv');
  await t.loadRaw('products', records('products', [{}]), 'products/p.csv');
  await t.loadRaw('patients', records('patients', [
    { patient_id: 'P1' }, { patient_id: 'P2' }, { patient_id: 'P3' }, { patient_id: 'P4' },
  ]), 'patients/p.csv');
  const slot = (start: string, end: string) => ({ scheduled_start: `2024-06-03T${start}:00`, scheduled_end: `2024-06-03T${end}:00` });
  await t.loadRaw('appointments', records('appointments', [
    { appointment_id: 'A1', patient_id: 'P1', status: 'completed', is_new_patient: 'true', ...slot('09:00', '09:20'), updated_at: '2024-06-03T09:25:00' },
    { appointment_id: 'A2', patient_id: 'P2', status: 'completed', ...slot('09:20', '09:40'), updated_at: '2024-06-03T09:45:00' },
    { appointment_id: 'A3', patient_id: 'P3', status: 'no_show', ...slot('09:40', '10:00'), updated_at: '2024-06-03T18:00:00' },
    { appointment_id: 'A4', patient_id: 'P4', status: 'cancelled', ...slot('10:00', '10:20'), cancelled_at: '2024-06-01T10:00:00', updated_at: '2024-06-01T10:00:00' },
    { appointment_id: 'A5', patient_id: 'P1', provider_id: 'OPT1', appointment_type: 'dispensing', status: 'completed', ...slot('11:00', '11:20'), updated_at: '2024-06-03T11:25:00' },
  ]), 'appointments/a.csv');
  await t.loadRaw('exams', records('exams', [
    { exam_id: 'E1', appointment_id: 'A1', patient_id: 'P1', cpt_code: '92004' },
    { exam_id: 'E2', appointment_id: 'A2', patient_id: 'P2' },
  ]), 'exams/e.csv');
  await t.loadRaw('prescriptions', records('prescriptions', [
    { rx_id: 'RX1', exam_id: 'E1', patient_id: 'P1' },
    { rx_id: 'RX2', exam_id: 'E2', patient_id: 'P2' },
    { rx_id: 'RX3', exam_id: 'E2', patient_id: 'P2', rx_type: 'soft_cl', pd: null, cl_brand: 'Acuvue', cl_base_curve: '8.50', cl_diameter: '14.20' },
  ]), 'prescriptions/r.csv');
  await t.loadRaw('optical_orders', records('optical_orders', [
    { order_id: 'O1', patient_id: 'P1', rx_id: 'RX1', lens_style: 'progressive', lens_treatments: 'ar;blue_light', total_amount: '500.00', patient_portion: '500.00' },
    { order_id: 'O2', patient_id: 'P1', rx_id: 'RX1', total_amount: '200.00', patient_portion: '200.00', updated_at: '2024-06-03T10:20:00' },
    { order_id: 'O3', patient_id: 'P2', rx_id: 'RX3', order_type: 'contact_lens', frame_upc: null, frame_brand: null, frame_model: null, frame_color: null, frame_size: null, lens_style: null, lens_material: null, cl_supply_months: '12', total_amount: '300.00', patient_portion: '300.00' },
    { order_id: 'O4', patient_id: 'P2', rx_id: 'RX2', status: 'cancelled', total_amount: '150.00', patient_portion: '150.00' },
  ]), 'optical_orders/o.ndjson');
  await t.loadRaw('optical_order_lines', records('optical_order_lines', [
    { order_id: 'O1', line_number: '1', unit_price: '300.00' },
    { order_id: 'O1', line_number: '2', product_id: 'L1', hcpcs_code: 'V2781', description: 'Progressive lens', quantity: '2', unit_price: '100.00' },
  ]), 'optical_order_lines/l.ndjson');
  const move = (id: string, type: string, quantity: string, at: string) => ({ movement_id: id, movement_type: type, quantity, moved_at: at, updated_at: at });
  await t.loadRaw('inventory_movements', records('inventory_movements', [
    move('M1', 'received', '10', '2024-06-01T07:00:00'),
    move('M2', 'sold', '1', '2024-06-03T10:00:00'),
    move('M3', 'sold', '1', '2024-06-05T10:00:00'),
    move('M4', 'adjusted', '1', '2024-06-05T17:00:00'),
    move('M5', 'returned', '1', '2024-06-06T12:00:00'),
  ]), 'inventory_movements/m.csv');
  await t.loadRaw('claims', records('claims', [
    { claim_id: 'C1', exam_id: 'E1', payer_class: 'vsp', billed_amount: '200.00', status: 'paid', adjudicated_date: '2024-06-10', paid_amount: '120.00', adjusted_amount: '60.00', patient_responsibility: '20.00', updated_at: '2024-06-10T12:00:00' },
    { claim_id: 'C2', patient_id: 'P2', exam_id: 'E2', payer_class: 'medicare', payer_name: 'Medicare', billed_amount: '150.00', status: 'denied', adjudicated_date: '2024-06-12', denial_reason: 'coding_error', paid_amount: '0.00', adjusted_amount: '0.00', updated_at: '2024-06-12T12:00:00' },
    { claim_id: 'C3', exam_id: null, order_id: 'O1', payer_class: 'private_pay', payer_name: 'Self-pay', billed_amount: '500.00', status: 'paid', adjudicated_date: '2024-06-03', paid_amount: '500.00', adjusted_amount: '0.00', patient_responsibility: '500.00', updated_at: '2024-06-03T10:30:00' },
  ]), 'claims/c.ndjson');
  await t.loadRaw('payments', records('payments', [
    { payment_id: 'PY1', claim_id: 'C1', amount: '20.00' },
    { payment_id: 'PY2', claim_id: 'C3', order_id: 'O1', amount: '500.00', received_at: '2024-06-03T10:25:00', updated_at: '2024-06-03T10:25:00' },
    { payment_id: 'PY3', claim_id: 'C1', payer_type: 'insurance', method: 'eft', amount: '120.00', received_at: '2024-06-10T15:00:00', updated_at: '2024-06-10T15:00:00' },
    { payment_id: 'PY4', claim_id: 'C1', amount: 'N/A' },
  ]), 'payments/p.csv');
}
