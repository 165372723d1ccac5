/**
 * Hand-made source records for the pipeline tests: every field of an entity filled with a valid
 * default, so a test states only what it is about. Values are export text, as RAW holds them.
 */
import { EntityName, entity } from '../../model/entities';
import type { RawRecord } from './helpers';

const DEFAULTS: { readonly [E in EntityName]: Readonly<Record<string, string | null>> } = {
  locations: { location_id: 'main', location_name: 'Main Street Eye Care', city: 'Austin', state: 'TX', phone: '512-555-0100', opened_date: '2015-04-01', status: 'active', updated_at: '2024-06-01T06:00:00' },
  staff: { staff_id: 'OD1', home_location_id: 'main', first_name: 'Ann', last_name: 'Lee', role: 'optometrist', npi: '1234567890', hire_date: '2020-01-06', termination_date: null, commission_plan: 'none', status: 'active', updated_at: '2024-06-01T06:00:00' },
  products: { product_id: 'F1', product_type: 'frame', sku: 'SKU-F1', upc: '000000000001', manufacturer: 'Acme Optical', brand: 'Acme', collection: 'Classic', model: 'A1', color: 'black', size: '52-18-140', description: 'Acme A1 black', hcpcs_code: 'V2020', unit_cost: '40.00', retail_price: '180.00', reorder_point: '1', active: 'true', updated_at: '2024-06-01T06:00:00' },
  patients: { patient_id: 'P1', home_location_id: 'main', first_name: 'Pat', last_name: 'Doe', birth_date: '1980-05-05', gender: 'female', address_line1: '1 Main St', city: 'Austin', state: 'TX', postal_code: '78701', phone: '512-555-0199', email: 'pat@example.com', guarantor_id: null, status: 'active', referral_source: 'web_search', vision_carrier: 'VSP', vision_plan: 'Choice', medical_carrier: null, medical_plan: null, created_at: '2024-05-01T10:00:00', updated_at: '2024-06-01T06:00:00' },
  appointments: { appointment_id: 'A1', patient_id: 'P1', location_id: 'main', provider_id: 'OD1', appointment_type: 'comprehensive_exam', scheduled_start: '2024-06-03T09:00:00', scheduled_end: '2024-06-03T09:20:00', status: 'scheduled', is_new_patient: 'false', created_at: '2024-05-20T10:00:00', cancelled_at: null, notes: null, updated_at: '2024-05-20T10:00:00' },
  exams: { exam_id: 'E1', appointment_id: 'A1', patient_id: 'P1', provider_id: 'OD1', location_id: 'main', exam_date: '2024-06-03', exam_type: 'comprehensive', cpt_code: '92014', icd10_codes: 'H52.13', dilated: 'true', chief_complaint: 'blurry', updated_at: '2024-06-03T09:30:00' },
  prescriptions: { rx_id: 'RX1', exam_id: 'E1', patient_id: 'P1', prescriber_id: 'OD1', rx_type: 'spectacle', rx_date: '2024-06-03', expiry_date: '2026-06-03', od_sphere: '-1.25', od_cylinder: null, od_axis: null, od_add: null, od_prism: null, od_prism_base: null, os_sphere: '-1.00', os_cylinder: null, os_axis: null, os_add: null, os_prism: null, os_prism_base: null, pd: '63.0', cl_brand: null, cl_base_curve: null, cl_diameter: null, updated_at: '2024-06-03T18:00:00' },
  optical_orders: { order_id: 'O1', patient_id: 'P1', location_id: 'main', rx_id: 'RX1', optician_id: 'OPT1', order_type: 'eyewear', order_date: '2024-06-03', due_date: '2024-06-10', dispensed_date: null, frame_upc: '000000000001', frame_brand: 'Acme', frame_model: 'A1', frame_color: 'black', frame_size: '52-18-140', lens_style: 'single_vision', lens_material: 'polycarbonate', lens_treatments: null, cl_supply_months: null, lab_name: 'Lab', remake_code: null, status: 'ordered', total_amount: '100.00', insurance_portion: '0.00', patient_portion: '100.00', updated_at: '2024-06-03T10:00:00' },
  optical_order_lines: { order_id: 'O1', line_number: '1', product_id: 'F1', hcpcs_code: 'V2020', description: 'Frame', quantity: '1', unit_price: '100.00', discount_amount: '0.00', updated_at: '2024-06-03T10:00:00' },
  inventory_movements: { movement_id: 'M1', product_id: 'F1', location_id: 'main', movement_type: 'received', quantity: '1', moved_at: '2024-06-01T07:00:00', order_id: null, unit_cost: '40.00', reason: null, updated_at: '2024-06-01T07:00:00' },
  claims: { claim_id: 'C1', patient_id: 'P1', location_id: 'main', provider_id: 'OD1', exam_id: 'E1', order_id: null, payer_class: 'vsp', payer_name: 'VSP', service_date: '2024-06-03', submitted_date: '2024-06-03', status: 'submitted', adjudicated_date: null, denial_reason: null, cpt_codes: '92014', icd10_codes: 'H52.13', billed_amount: '100.00', paid_amount: null, adjusted_amount: null, patient_responsibility: '0.00', updated_at: '2024-06-03T19:00:00' },
  payments: { payment_id: 'PY1', patient_id: 'P1', location_id: 'main', claim_id: 'C1', order_id: null, received_at: '2024-06-03T09:40:00', payer_type: 'patient', method: 'credit_card', amount: '10.00', reference: null, posted_by: 'FD1', updated_at: '2024-06-03T09:40:00' },
};

/** A complete source record of `name`: the defaults with `overrides` applied. */
export function record(name: EntityName, overrides: Readonly<Record<string, string | null>> = {}): RawRecord {
  const spec = entity(name);
  const unknown = Object.keys(overrides).filter((k) => !spec.fields.some((f) => f.name === k));
  if (unknown.length) throw new Error(`${name} has no field ${unknown.join(', ')}`);
  return Object.fromEntries(spec.fields.map((f) => [f.name, f.name in overrides ? overrides[f.name]! : (DEFAULTS[name][f.name] ?? null)]));
}

export const records = (name: EntityName, list: readonly Readonly<Record<string, string | null>>[]): RawRecord[] => list.map((o) => record(name, o));
