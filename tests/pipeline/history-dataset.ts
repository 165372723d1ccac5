import type { TestTenant } from './helpers';
import { records } from './fixtures';

/**
 * A second tenant: two locations (main, south) over two years, for the KPIs that need history, a
 * second location or days that have not happened yet. Doctor OD1; 20-minute slots at 10:00.
 *
 * Visits (doctor visits unless said):
 *   main:  AH1 H1 2022-06-15, AH2 H2 2022-07-01, AH3A H3 2023-06-12, AH6 H6 2024-05-20, AH3B H3
 *          2024-06-03 completed; AH4 H4 2024-06-04 no-show; AH7 H7 2024-06-05 dispensing (no doctor);
 *          booked ahead for 2024-07-08: AF1 H3 and AF2 H6 scheduled, AF3 H2 cancelled on 06-20.
 *   south: AS3 H3 2024-06-05 and AS5 H5 2024-06-06 completed; on 2024-06-12 AL1-AL4 given up 49 h,
 *          exactly 24 h, 23 h 59 min and 2 h before the slot (AL4 rescheduled), AL5 no-show.
 * Payments: main 1000.00 on 2023-06-20, 1600.00 on 2024-05-22 and 2000.00 on 2024-06-28 (days
 *   without visits; 06-28 is the last day anything happened); south 2400.00 on 2024-06-06.
 * Comprehensive exams at main: R1 2022-03-07 and 2024-05-06, R2 2022-03-14 and 2024-05-14, R3
 *   2022-09-20 (soft CL Rx RXR3) and 2024-03-25, R4 2022-03-28, H3 2024-06-03 (the last exam day).
 * Claims at south for 2024-06-06, 100.00 each: vsp paid, medicare denied, commercial medical paid,
 *   other vision still pending, and two private-pay (self-pay) statements paid at the desk.
 * Orders at south on 2024-06-06: complete pairs 300.00 and 200.00, a lens-only job in the patient's
 *   own frame 150.00, contact lenses 100.00, and a cancelled complete pair 400.00.
 * Frames at main: F1 4 received 2024-01-02; F2 20 received 2024-05-01, 10 sold 05-16, 10 received 05-31.
 */
export async function loadHistoryDataset(h: TestTenant): Promise<void> {
  await h.loadRaw('locations', records('locations', [{}, { location_id: 'south', location_name: 'South Eye Care' }]), 'locations/l.csv');
  await h.loadRaw('staff', records('staff', [{}]), 'staff/s.csv');
  await h.loadRaw('products', records('products', [{}, { product_id: 'F2', sku: 'SKU-F2', upc: '000000000002', model: 'A2' }]), 'products/p.csv');
  const south = ['H5', 'L1', 'L2', 'L3', 'L4', 'L5'];
  const patients = ['H1', 'H2', 'H3', 'H4', 'H6', 'H7', 'R1', 'R2', 'R3', 'R4', ...south];
  await h.loadRaw('patients', records('patients', patients.map((id) => ({ patient_id: id, home_location_id: south.includes(id) ? 'south' : 'main', created_at: '2022-01-03T10:00:00' }))), 'patients/p.csv');
  const visit = (id: string, patient: string, location: string, day: string, status: string, more: Record<string, string> = {}) => ({
    appointment_id: id, patient_id: patient, location_id: location, status, created_at: '2022-03-01T08:00:00',
    scheduled_start: `${day}T10:00:00`, scheduled_end: `${day}T10:20:00`, updated_at: '2024-06-28T18:00:00', ...more,
  });
  const givenUp = (id: string, patient: string, at: string, status = 'cancelled') => visit(id, patient, 'south', '2024-06-12', status, { cancelled_at: at });
  await h.loadRaw('appointments', records('appointments', [
    visit('AH1', 'H1', 'main', '2022-06-15', 'completed'),
    visit('AH2', 'H2', 'main', '2022-07-01', 'completed'),
    visit('AH3A', 'H3', 'main', '2023-06-12', 'completed'),
    visit('AH6', 'H6', 'main', '2024-05-20', 'completed'),
    visit('AH3B', 'H3', 'main', '2024-06-03', 'completed'),
    visit('AH4', 'H4', 'main', '2024-06-04', 'no_show'),
    visit('AH7', 'H7', 'main', '2024-06-05', 'completed', { appointment_type: 'dispensing', provider_id: 'OPT1' }),
    visit('AF1', 'H3', 'main', '2024-07-08', 'scheduled'),
    visit('AF2', 'H6', 'main', '2024-07-08', 'scheduled'),
    visit('AF3', 'H2', 'main', '2024-07-08', 'cancelled', { cancelled_at: '2024-06-20T09:00:00' }),
    visit('AS3', 'H3', 'south', '2024-06-05', 'completed'),
    visit('AS5', 'H5', 'south', '2024-06-06', 'completed'),
    givenUp('AL1', 'L1', '2024-06-10T09:00:00'),
    givenUp('AL2', 'L2', '2024-06-11T10:00:00'),
    givenUp('AL3', 'L3', '2024-06-11T10:01:00'),
    givenUp('AL4', 'L4', '2024-06-12T08:00:00', 'rescheduled'),
    visit('AL5', 'L5', 'south', '2024-06-12', 'no_show'),
  ]), 'appointments/a.csv');
  const exam = (id: string, patient: string, day: string) => ({ exam_id: id, appointment_id: `A${id}`, patient_id: patient, exam_date: day, updated_at: `${day}T18:00:00` });
  await h.loadRaw('exams', records('exams', [
    exam('ER1A', 'R1', '2022-03-07'), exam('ER1B', 'R1', '2024-05-06'),
    exam('ER2A', 'R2', '2022-03-14'), exam('ER2B', 'R2', '2024-05-14'),
    exam('ER3A', 'R3', '2022-09-20'), exam('ER3B', 'R3', '2024-03-25'),
    exam('ER4A', 'R4', '2022-03-28'),
    exam('EH3', 'H3', '2024-06-03'),
  ]), 'exams/e.csv');
  await h.loadRaw('prescriptions', records('prescriptions', [
    { rx_id: 'RXR3', exam_id: 'ER3A', patient_id: 'R3', rx_type: 'soft_cl', rx_date: '2022-09-20', expiry_date: '2023-09-20', pd: null, cl_brand: 'Acuvue', cl_base_curve: '8.50', cl_diameter: '14.20', updated_at: '2022-09-20T18:00:00' },
  ]), 'prescriptions/r.csv');
  const payment = (id: string, location: string, at: string, amount: string) => ({ payment_id: id, patient_id: 'H3', location_id: location, claim_id: `C${id}`, received_at: at, amount, updated_at: at });
  await h.loadRaw('payments', records('payments', [
    payment('PH1', 'main', '2023-06-20T11:00:00', '1000.00'),
    payment('PH2', 'main', '2024-05-22T11:00:00', '1600.00'),
    payment('PH3', 'main', '2024-06-28T11:00:00', '2000.00'),
    payment('PS1', 'south', '2024-06-06T11:00:00', '2400.00'),
  ]), 'payments/p.csv');
  const claim = (id: string, payerClass: string, payerName: string, status: string, more: Record<string, string> = {}) => ({
    claim_id: id, patient_id: 'H5', location_id: 'south', exam_id: null, payer_class: payerClass, payer_name: payerName, service_date: '2024-06-06',
    submitted_date: '2024-06-06', status, billed_amount: '100.00', updated_at: '2024-06-20T12:00:00', ...more,
  });
  const paid = (day: string) => ({ adjudicated_date: day, paid_amount: '100.00', adjusted_amount: '0.00' });
  await h.loadRaw('claims', records('claims', [
    claim('CD1', 'vsp', 'VSP', 'paid', paid('2024-06-20')),
    claim('CD2', 'medicare', 'Medicare', 'denied', { adjudicated_date: '2024-06-20', denial_reason: 'coding_error', paid_amount: '0.00', adjusted_amount: '0.00' }),
    claim('CD3', 'commercial_medical', 'Aetna', 'paid', paid('2024-06-20')),
    claim('CD4', 'other_vision', 'EyeMed', 'submitted'),
    claim('CD5', 'private_pay', 'Self-pay', 'paid', { ...paid('2024-06-06'), patient_responsibility: '100.00' }),
    claim('CD6', 'private_pay', 'Self-pay', 'paid', { ...paid('2024-06-06'), patient_responsibility: '100.00' }),
  ]), 'claims/c.ndjson');
  const order = (id: string, total: string, more: Record<string, string | null> = {}) => ({
    order_id: id, patient_id: 'H5', location_id: 'south', rx_id: null, order_date: '2024-06-06', total_amount: total, patient_portion: total, updated_at: '2024-06-06T12:00:00', ...more,
  });
  const noFrame = { frame_upc: null, frame_brand: null, frame_model: null, frame_color: null, frame_size: null };
  await h.loadRaw('optical_orders', records('optical_orders', [
    order('OE1', '300.00'),
    order('OE2', '200.00'),
    order('OE3', '150.00', noFrame),
    order('OE4', '100.00', { ...noFrame, order_type: 'contact_lens', lens_style: null, lens_material: null, cl_supply_months: '6' }),
    order('OE5', '400.00', { status: 'cancelled' }),
  ]), 'optical_orders/o.ndjson');
  const move = (id: string, product: string, type: string, quantity: string, at: string) => ({ movement_id: id, product_id: product, movement_type: type, quantity, moved_at: at, updated_at: at });
  await h.loadRaw('inventory_movements', records('inventory_movements', [
    move('MH1', 'F1', 'received', '4', '2024-01-02T07:00:00'),
    move('MH2', 'F2', 'received', '20', '2024-05-01T07:00:00'),
    move('MH3', 'F2', 'sold', '10', '2024-05-16T10:00:00'),
    move('MH4', 'F2', 'received', '10', '2024-05-31T07:00:00'),
  ]), 'inventory_movements/m.csv');
}
