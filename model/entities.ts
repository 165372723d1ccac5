/**
 * The source entities a practice-management / EHR / billing export carries, as data.
 *
 * One definition per entity says what lands in `RAW.<TABLE>`: the fields in export order with the
 * export's loose type, which of them identify a row (business key) and which version it is
 * (`updated_at`), which are PHI, which point at other entities, and the file format the export
 * uses. The sample data generator (`local/seed`), the RAW tables and the staging checks all read
 * this one catalog, so a field added here shows up everywhere.
 *
 * Every entity is exported as a change log: a business key may appear many times, and the row
 * with the greatest `updated_at` is the current version. Fields are scalars in both formats.
 */

/** The loose types an export uses; staging casts them to Snowflake types. */
export const FIELD_TYPES = ['string', 'integer', 'decimal', 'date', 'timestamp', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * Kinds of protected health information, each with its own masking rule. Only patient data is
 * PHI; staff names and location addresses are workforce and business data.
 */
export const PHI_KINDS = ['name', 'birth_date', 'contact', 'address', 'free_text'] as const;
export type PhiKind = (typeof PHI_KINDS)[number];

/**
 * How an entity's files are written. CSV is what practice-management systems export; the
 * optical lab and claims clearinghouse integrations speak JSON, so their entities arrive as
 * newline-delimited JSON (flat objects, one key per field, numbers as JSON numbers).
 */
export const FILE_FORMATS = ['csv', 'ndjson'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** One field of a source file. */
export interface FieldSpec {
  /** snake_case name, the CSV header and the NDJSON key. */
  readonly name: string;
  readonly type: FieldType;
  /** A valid row always has a value (business key fields, foreign keys to required parents, ...). */
  readonly required: boolean;
  /** Set when the field is PHI; it then carries a masking policy in Snowflake. */
  readonly phi?: PhiKind;
  /** The closed set of values a valid row uses, for categorical fields. */
  readonly values?: readonly string[];
  /** Money in US dollars (two decimals). */
  readonly currency?: 'USD';
  readonly description: string;
}

/** A reference from a child field to a parent entity's business key (single-column keys). */
export interface ForeignKey {
  readonly field: string;
  readonly references: EntityName;
}

export interface EntitySpec {
  /** snake_case entity name, also the folder and file name prefix of its export files. */
  readonly name: EntityName;
  /** Table name in the tenant's `RAW` schema (unquoted upper-case Snowflake identifier). */
  readonly table: string;
  readonly description: string;
  /**
   * `master`: reference data exported as a full snapshot when a tenant's history starts (the
   * patient panel is then grown by daily deltas); `event`: exported daily, one file per day.
   */
  readonly kind: 'master' | 'event';
  readonly format: FileFormat;
  /** Field(s) that identify a business object across versions. */
  readonly businessKey: readonly string[];
  /** Timestamp field that orders versions of one business key; the greatest wins. */
  readonly versionField: string;
  /** Fields in export order. */
  readonly fields: readonly FieldSpec[];
  readonly foreignKeys: readonly ForeignKey[];
}

/** Entity names, parents before children (the order to load and to check foreign keys in). */
export const ENTITY_NAMES = [
  'locations',
  'staff',
  'products',
  'patients',
  'appointments',
  'exams',
  'prescriptions',
  'optical_orders',
  'optical_order_lines',
  'inventory_movements',
  'claims',
  'payments',
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

/** The schema RAW tables live in (see `model/names.ts` for database names). */
export const RAW_SCHEMA = 'RAW';

// --- value domains shared by several entities ------------------------------------------------

export const STAFF_ROLES = ['optometrist', 'ophthalmologist', 'optician', 'technician', 'front_desk', 'manager'] as const;
export const COMMISSION_PLANS = ['none', 'dispensary_2pct', 'dispensary_3pct', 'dispensary_3pct_spiffs', 'dispensary_5pct'] as const;
export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const PATIENT_STATUSES = ['active', 'inactive', 'deceased'] as const;
export const REFERRAL_SOURCES = ['existing_patient', 'friend_family', 'physician', 'insurance_directory', 'web_search', 'walk_in', 'social_media'] as const;
export const APPOINTMENT_TYPES = ['comprehensive_exam', 'medical_visit', 'cl_fitting', 'follow_up', 'dispensing'] as const;
export const APPOINTMENT_STATUSES = ['scheduled', 'arrived', 'completed', 'no_show', 'cancelled', 'rescheduled'] as const;
export const EXAM_TYPES = ['comprehensive', 'medical', 'contact_lens_fitting'] as const;
export const RX_TYPES = ['spectacle', 'soft_cl', 'rigid_cl'] as const;
export const PRISM_BASES = ['up', 'down', 'in', 'out'] as const;
export const ORDER_TYPES = ['eyewear', 'contact_lens'] as const;
export const ORDER_STATUSES = ['ordered', 'in_lab', 'ready', 'dispensed', 'cancelled'] as const;
export const LENS_STYLES = ['single_vision', 'bifocal', 'progressive'] as const;
export const LENS_MATERIALS = ['cr39', 'polycarbonate', 'trivex', 'high_index'] as const;
export const REMAKE_CODES = ['wrong_rx', 'lab_error', 'adaptation', 'frame_damage', 'measurement'] as const;
export const PRODUCT_TYPES = ['frame', 'lens', 'contact_lens', 'accessory'] as const;
/** Quantity is always positive; the type gives the direction (received, returned: in; sold, adjusted: out). */
export const MOVEMENT_TYPES = ['received', 'sold', 'adjusted', 'returned'] as const;
export const PAYER_CLASSES = ['private_pay', 'medicare', 'medicaid', 'vsp', 'other_vision', 'commercial_medical', 'other'] as const;
export const CLAIM_STATUSES = ['submitted', 'accepted', 'denied', 'paid'] as const;
export const DENIAL_REASONS = ['eligibility', 'missing_information', 'non_covered_service', 'frequency_limit', 'authorization_required', 'coding_error', 'duplicate_claim'] as const;
export const PAYER_TYPES = ['patient', 'insurance'] as const;
export const PAYMENT_METHODS = ['cash', 'check', 'credit_card', 'debit_card', 'hsa_fsa', 'financing', 'eft'] as const;

// --- field builders: keep each definition one line and its literal name as a type ------------

interface FieldOptions {
  readonly required?: boolean;
  readonly phi?: PhiKind;
  readonly values?: readonly string[];
  readonly currency?: 'USD';
}

function field<const N extends string>(name: N, type: FieldType, description: string, options: FieldOptions = {}): FieldSpec & { readonly name: N } {
  const { required = false, ...rest } = options;
  return { name, type, required, description, ...rest };
}
const req = { required: true } as const;
const money = (required = true): FieldOptions => ({ required, currency: 'USD' });
const oneOf = (values: readonly string[], required = true): FieldOptions => ({ required, values });
const updatedAt = () => field('updated_at', 'timestamp', 'When this version of the record was written; the greatest wins.', req);

interface Definition<F extends readonly FieldSpec[]> {
  readonly table: string;
  readonly description: string;
  readonly kind: EntitySpec['kind'];
  readonly format: FileFormat;
  readonly businessKey: readonly F[number]['name'][];
  readonly fields: F;
  readonly foreignKeys: readonly { readonly field: F[number]['name']; readonly references: EntityName }[];
}

/** Keeps the field tuple's literal names so rows can be typed per entity. */
function define<const F extends readonly FieldSpec[]>(definition: Definition<F>): Definition<F> {
  return definition;
}

const DEFINITIONS = {
  locations: define({
    table: 'LOCATIONS',
    description: 'Clinics and optical stores of the practice group (from the tenant config).',
    kind: 'master',
    format: 'csv',
    businessKey: ['location_id'],
    fields: [
      field('location_id', 'string', 'Stable location id from the tenant config.', req),
      field('location_name', 'string', 'Display name.', req),
      field('city', 'string', 'City, when configured.'),
      field('state', 'string', 'US state code.', req),
      field('phone', 'string', 'Front desk phone (business contact, not PHI).'),
      field('opened_date', 'date', 'First day the location saw patients.', req),
      field('status', 'string', 'Operating status.', oneOf(['active', 'closed'])),
      updatedAt(),
    ],
    foreignKeys: [],
  }),
  staff: define({
    table: 'STAFF',
    description: 'Doctors, opticians, technicians, front desk and managers.',
    kind: 'master',
    format: 'csv',
    businessKey: ['staff_id'],
    fields: [
      field('staff_id', 'string', 'Staff id.', req),
      field('home_location_id', 'string', 'Location the person mostly works at.', req),
      field('first_name', 'string', 'Given name (workforce data, not PHI).', req),
      field('last_name', 'string', 'Family name (workforce data, not PHI).', req),
      field('role', 'string', 'Job role.', oneOf(STAFF_ROLES)),
      field('npi', 'string', 'National Provider Identifier, for doctors.'),
      field('hire_date', 'date', 'First day of employment.', req),
      field('termination_date', 'date', 'Last day of employment, when it ended.'),
      field('commission_plan', 'string', 'Dispensary commission plan; most practices pay none.', oneOf(COMMISSION_PLANS)),
      field('status', 'string', 'Employment status.', oneOf(['active', 'terminated'])),
      updatedAt(),
    ],
    foreignKeys: [{ field: 'home_location_id', references: 'locations' }],
  }),
  products: define({
    table: 'PRODUCTS',
    description: 'Catalog of frames, lenses and lens treatments, contact lenses and accessories.',
    kind: 'master',
    format: 'csv',
    businessKey: ['product_id'],
    fields: [
      field('product_id', 'string', 'Product id.', req),
      field('product_type', 'string', 'Product family.', oneOf(PRODUCT_TYPES)),
      field('sku', 'string', 'Practice SKU.', req),
      field('upc', 'string', 'Universal Product Code (frames, contact lenses, accessories).'),
      field('manufacturer', 'string', 'Manufacturer or lab.', req),
      field('brand', 'string', 'Brand.', req),
      field('collection', 'string', 'Frame collection.'),
      field('model', 'string', 'Model name or number.'),
      field('color', 'string', 'Frame colour.'),
      field('size', 'string', 'Frame size as eye-bridge-temple, e.g. 52-18-140.'),
      field('description', 'string', 'Display description.', req),
      field('hcpcs_code', 'string', 'HCPCS code billed for the product (V2020 frames, V2100-V2799 lenses, V25xx contact lenses).'),
      field('unit_cost', 'decimal', 'Acquisition cost per unit.', money()),
      field('retail_price', 'decimal', 'Retail price per unit.', money()),
      field('reorder_point', 'integer', 'On-hand quantity per location that triggers a reorder.', req),
      field('active', 'boolean', 'Still sold.', req),
      updatedAt(),
    ],
    foreignKeys: [],
  }),
  patients: define({
    table: 'PATIENTS',
    description: 'Patient demographics and coverage (PHI). The panel is exported when history starts, then new and changed patients daily.',
    kind: 'master',
    format: 'csv',
    businessKey: ['patient_id'],
    fields: [
      field('patient_id', 'string', 'Patient (chart) id.', req),
      field('home_location_id', 'string', 'Location that owns the chart.', req),
      field('first_name', 'string', 'Given name.', { required: true, phi: 'name' }),
      field('last_name', 'string', 'Family name.', { required: true, phi: 'name' }),
      field('birth_date', 'date', 'Date of birth.', { required: true, phi: 'birth_date' }),
      field('gender', 'string', 'Administrative gender.', oneOf(GENDERS)),
      field('address_line1', 'string', 'Street address.', { phi: 'address' }),
      field('city', 'string', 'City.', { phi: 'address' }),
      field('state', 'string', 'US state code (not PHI on its own).'),
      field('postal_code', 'string', 'ZIP code.', { phi: 'address' }),
      field('phone', 'string', 'Phone number.', { phi: 'contact' }),
      field('email', 'string', 'Email address.', { phi: 'contact' }),
      field('guarantor_id', 'string', 'Patient responsible for the bill, for minors and dependants.'),
      field('status', 'string', 'Chart status.', oneOf(PATIENT_STATUSES)),
      field('referral_source', 'string', 'How the patient found the practice.', oneOf(REFERRAL_SOURCES, false)),
      field('vision_carrier', 'string', 'Vision plan carrier (VSP, EyeMed, ...), empty when self-pay.'),
      field('vision_plan', 'string', 'Vision plan name.'),
      field('medical_carrier', 'string', 'Medical insurance carrier (Medicare, Medicaid, commercial, ...).'),
      field('medical_plan', 'string', 'Medical plan name.'),
      field('created_at', 'timestamp', 'When the chart was created.', req),
      updatedAt(),
    ],
    foreignKeys: [
      { field: 'home_location_id', references: 'locations' },
      { field: 'guarantor_id', references: 'patients' },
    ],
  }),
  appointments: define({
    table: 'APPOINTMENTS',
    description: 'Scheduled visits: exported when booked, and again when cancelled, completed or missed.',
    kind: 'event',
    format: 'csv',
    businessKey: ['appointment_id'],
    fields: [
      field('appointment_id', 'string', 'Appointment id.', req),
      field('patient_id', 'string', 'Patient.', req),
      field('location_id', 'string', 'Location of the visit.', req),
      field('provider_id', 'string', 'Doctor, or optician for dispensing visits.', req),
      field('appointment_type', 'string', 'Visit type.', oneOf(APPOINTMENT_TYPES)),
      field('scheduled_start', 'timestamp', 'Slot start, location wall-clock time.', req),
      field('scheduled_end', 'timestamp', 'Slot end, location wall-clock time.', req),
      field('status', 'string', 'Status as of updated_at.', oneOf(APPOINTMENT_STATUSES)),
      field('is_new_patient', 'boolean', 'First visit of the patient at the practice.', req),
      field('created_at', 'timestamp', 'When the appointment was booked.', req),
      field('cancelled_at', 'timestamp', 'When the patient cancelled or rescheduled.'),
      field('notes', 'string', 'Front desk notes.', { phi: 'free_text' }),
      updatedAt(),
    ],
    foreignKeys: [
      { field: 'patient_id', references: 'patients' },
      { field: 'location_id', references: 'locations' },
      { field: 'provider_id', references: 'staff' },
    ],
  }),
  exams: define({
    table: 'EXAMS',
    description: 'Exams performed at completed appointments.',
    kind: 'event',
    format: 'csv',
    businessKey: ['exam_id'],
    fields: [
      field('exam_id', 'string', 'Exam id.', req),
      field('appointment_id', 'string', 'Appointment the exam took place at.', req),
      field('patient_id', 'string', 'Patient.', req),
      field('provider_id', 'string', 'Examining doctor.', req),
      field('location_id', 'string', 'Location.', req),
      field('exam_date', 'date', 'Date of service.', req),
      field('exam_type', 'string', 'Exam type.', oneOf(EXAM_TYPES)),
      field('cpt_code', 'string', 'Primary CPT code (92004/92014 comprehensive, 92012 intermediate, 92310 contact lens fitting).', req),
      field('icd10_codes', 'string', 'Diagnosis codes, semicolon separated.', req),
      field('dilated', 'boolean', 'Pupils dilated.', req),
      field('chief_complaint', 'string', 'Chief complaint in the patient\'s words.', { phi: 'free_text' }),
      updatedAt(),
    ],
    foreignKeys: [
      { field: 'appointment_id', references: 'appointments' },
      { field: 'patient_id', references: 'patients' },
      { field: 'provider_id', references: 'staff' },
      { field: 'location_id', references: 'locations' },
    ],
  }),
  prescriptions: define({
    table: 'PRESCRIPTIONS',
    description: 'Spectacle and contact lens prescriptions written at exams (OD right eye, OS left eye).',
    kind: 'event',
    format: 'csv',
    businessKey: ['rx_id'],
    fields: [
      field('rx_id', 'string', 'Prescription id.', req),
      field('exam_id', 'string', 'Exam that produced it.', req),
      field('patient_id', 'string', 'Patient.', req),
      field('prescriber_id', 'string', 'Prescribing doctor.', req),
      field('rx_type', 'string', 'Prescription type.', oneOf(RX_TYPES)),
      field('rx_date', 'date', 'Date written.', req),
      field('expiry_date', 'date', 'Date it expires.', req),
      field('od_sphere', 'decimal', 'Right sphere, diopters.', req),
      field('od_cylinder', 'decimal', 'Right cylinder, diopters (minus cylinder).'),
      field('od_axis', 'integer', 'Right axis, 1-180 degrees, with a cylinder.'),
      field('od_add', 'decimal', 'Right near addition, diopters.'),
      field('od_prism', 'decimal', 'Right prism, prism diopters.'),
      field('od_prism_base', 'string', 'Right prism base direction.', oneOf(PRISM_BASES, false)),
      field('os_sphere', 'decimal', 'Left sphere, diopters.', req),
      field('os_cylinder', 'decimal', 'Left cylinder, diopters (minus cylinder).'),
      field('os_axis', 'integer', 'Left axis, 1-180 degrees, with a cylinder.'),
      field('os_add', 'decimal', 'Left near addition, diopters.'),
      field('os_prism', 'decimal', 'Left prism, prism diopters.'),
      field('os_prism_base', 'string', 'Left prism base direction.', oneOf(PRISM_BASES, false)),
      field('pd', 'decimal', 'Binocular pupillary distance, mm (spectacle Rx).'),
      field('cl_brand', 'string', 'Contact lens brand (contact lens Rx).'),
      field('cl_base_curve', 'decimal', 'Contact lens base curve, mm.'),
      field('cl_diameter', 'decimal', 'Contact lens diameter, mm.'),
      updatedAt(),
    ],
    foreignKeys: [
      { field: 'exam_id', references: 'exams' },
      { field: 'patient_id', references: 'patients' },
      { field: 'prescriber_id', references: 'staff' },
    ],
  }),
  optical_orders: define({
    table: 'OPTICAL_ORDERS',
    description: 'Eyewear jobs (one complete pair or lens-only job per order) and contact lens orders; exported when ordered, ready and dispensed.',
    kind: 'event',
    format: 'ndjson',
    businessKey: ['order_id'],
    fields: [
      field('order_id', 'string', 'Order (job) number.', req),
      field('patient_id', 'string', 'Patient.', req),
      field('location_id', 'string', 'Selling location.', req),
      field('rx_id', 'string', 'Prescription filled.'),
      field('optician_id', 'string', 'Optician who sold the order (commission).', req),
      field('order_type', 'string', 'Eyewear or contact lenses.', oneOf(ORDER_TYPES)),
      field('order_date', 'date', 'Date ordered.', req),
      field('due_date', 'date', 'Promised date.', req),
      field('dispensed_date', 'date', 'Date handed to the patient.'),
      field('frame_upc', 'string', 'Frame UPC (empty for lens-only jobs with the patient\'s own frame).'),
      field('frame_brand', 'string', 'Frame brand.'),
      field('frame_model', 'string', 'Frame model.'),
      field('frame_color', 'string', 'Frame colour.'),
      field('frame_size', 'string', 'Frame size, eye-bridge-temple.'),
      field('lens_style', 'string', 'Lens design.', oneOf(LENS_STYLES, false)),
      field('lens_material', 'string', 'Lens material.', oneOf(LENS_MATERIALS, false)),
      field('lens_treatments', 'string', 'Treatments, semicolon separated (ar, blue_light, photochromic).'),
      field('cl_supply_months', 'integer', 'Months of contact lenses supplied (12 = annual supply).'),
      field('lab_name', 'string', 'Lab or distributor.'),
      field('remake_code', 'string', 'Why the job was remade.', oneOf(REMAKE_CODES, false)),
      field('status', 'string', 'Status as of updated_at.', oneOf(ORDER_STATUSES)),
      field('total_amount', 'decimal', 'Order total after discounts.', money()),
      field('insurance_portion', 'decimal', 'Expected vision-plan payment.', money()),
      field('patient_portion', 'decimal', 'Amount the patient owes.', money()),
      updatedAt(),
    ],
    foreignKeys: [
      { field: 'patient_id', references: 'patients' },
      { field: 'location_id', references: 'locations' },
      { field: 'rx_id', references: 'prescriptions' },
      { field: 'optician_id', references: 'staff' },
    ],
  }),
  optical_order_lines: define({
    table: 'OPTICAL_ORDER_LINES',
    description: 'Priced lines of an optical order (frame, lenses, treatments, contact lenses, accessories).',
    kind: 'event',
    format: 'ndjson',
    businessKey: ['order_id', 'line_number'],
    fields: [
      field('order_id', 'string', 'Order.', req),
      field('line_number', 'integer', 'Line number within the order, from 1.', req),
      field('product_id', 'string', 'Product sold.', req),
      field('hcpcs_code', 'string', 'HCPCS code billed.', req),
      field('description', 'string', 'Line description.', req),
      field('quantity', 'integer', 'Units (lenses are billed per lens, so a pair is 2).', req),
      field('unit_price', 'decimal', 'Retail price per unit.', money()),
      field('discount_amount', 'decimal', 'Discount on the line.', money()),
      updatedAt(),
    ],
    foreignKeys: [
      { field: 'order_id', references: 'optical_orders' },
      { field: 'product_id', references: 'products' },
    ],
  }),
  inventory_movements: define({
    table: 'INVENTORY_MOVEMENTS',
    description: 'Stock movements per product and location; quantity is positive, the type gives the direction.',
    kind: 'event',
    format: 'csv',
    businessKey: ['movement_id'],
    fields: [
      field('movement_id', 'string', 'Movement id.', req),
      field('product_id', 'string', 'Product.', req),
      field('location_id', 'string', 'Location whose stock moved.', req),
      field('movement_type', 'string', 'received and returned (by a patient) add stock; sold and adjusted (damage, loss) remove it.', oneOf(MOVEMENT_TYPES)),
      field('quantity', 'integer', 'Units moved, always positive.', req),
      field('moved_at', 'timestamp', 'When the stock moved.', req),
      field('order_id', 'string', 'Optical order, for sold and returned movements.'),
      field('unit_cost', 'decimal', 'Cost per unit.', money()),
      field('reason', 'string', 'Why, for adjustments and returns.'),
      updatedAt(),
    ],
    foreignKeys: [
      { field: 'product_id', references: 'products' },
      { field: 'location_id', references: 'locations' },
      { field: 'order_id', references: 'optical_orders' },
    ],
  }),
  claims: define({
    table: 'CLAIMS',
    description: 'Charges billed to a payer (self-pay statements included): exported when submitted, accepted and adjudicated.',
    kind: 'event',
    format: 'ndjson',
    businessKey: ['claim_id'],
    fields: [
      field('claim_id', 'string', 'Claim id.', req),
      field('patient_id', 'string', 'Patient.', req),
      field('location_id', 'string', 'Billing location.', req),
      field('provider_id', 'string', 'Rendering provider.', req),
      field('exam_id', 'string', 'Exam billed, for professional claims.'),
      field('order_id', 'string', 'Optical order billed, for materials claims.'),
      field('payer_class', 'string', 'Payer class.', oneOf(PAYER_CLASSES)),
      field('payer_name', 'string', 'Payer (carrier) name.', req),
      field('service_date', 'date', 'Date of service.', req),
      field('submitted_date', 'date', 'Date submitted to the payer.', req),
      field('status', 'string', 'Status as of updated_at.', oneOf(CLAIM_STATUSES)),
      field('adjudicated_date', 'date', 'Date paid or denied.'),
      field('denial_reason', 'string', 'Why the payer denied it.', oneOf(DENIAL_REASONS, false)),
      field('cpt_codes', 'string', 'CPT/HCPCS codes billed, semicolon separated.', req),
      field('icd10_codes', 'string', 'Diagnosis codes, semicolon separated.'),
      field('billed_amount', 'decimal', 'Gross charges.', money()),
      field('paid_amount', 'decimal', 'Paid by the payer.', money(false)),
      field('adjusted_amount', 'decimal', 'Contractual adjustment (write-off).', money(false)),
      field('patient_responsibility', 'decimal', 'Copay, coinsurance and overage the patient owes.', money(false)),
      updatedAt(),
    ],
    foreignKeys: [
      { field: 'patient_id', references: 'patients' },
      { field: 'location_id', references: 'locations' },
      { field: 'provider_id', references: 'staff' },
      { field: 'exam_id', references: 'exams' },
      { field: 'order_id', references: 'optical_orders' },
    ],
  }),
  payments: define({
    table: 'PAYMENTS',
    description: 'Receipts from patients and insurance payments, each applied to a claim.',
    kind: 'event',
    format: 'csv',
    businessKey: ['payment_id'],
    fields: [
      field('payment_id', 'string', 'Payment id.', req),
      field('patient_id', 'string', 'Patient whose account was credited.', req),
      field('location_id', 'string', 'Location that posted it.', req),
      field('claim_id', 'string', 'Claim the payment is applied to.', req),
      field('order_id', 'string', 'Optical order, for eyewear deposits and balances.'),
      field('received_at', 'timestamp', 'When the money was received.', req),
      field('payer_type', 'string', 'Who paid.', oneOf(PAYER_TYPES)),
      field('method', 'string', 'Payment method.', oneOf(PAYMENT_METHODS)),
      field('amount', 'decimal', 'Amount received.', money()),
      field('reference', 'string', 'Check, EFT trace or card authorisation number.'),
      field('posted_by', 'string', 'Staff member who posted it.'),
      updatedAt(),
    ],
    foreignKeys: [
      { field: 'patient_id', references: 'patients' },
      { field: 'location_id', references: 'locations' },
      { field: 'claim_id', references: 'claims' },
      { field: 'order_id', references: 'optical_orders' },
      { field: 'posted_by', references: 'staff' },
    ],
  }),
} as const satisfies { readonly [E in EntityName]: unknown };

type Definitions = typeof DEFINITIONS;

/** Field names of one entity, as a type. */
export type FieldName<E extends EntityName> = Definitions[E]['fields'][number]['name'];

/** One cell of a source row; `null` is an empty CSV field / JSON null. */
export type Cell = string | number | boolean | null;

/** A source row of entity `E`: every field present, `null` when empty. */
export type SourceRow<E extends EntityName> = { [K in FieldName<E>]: Cell };

/** Every entity, parents before children. */
export const ENTITIES: readonly EntitySpec[] = ENTITY_NAMES.map((name): EntitySpec => {
  const d: Definition<readonly FieldSpec[]> = DEFINITIONS[name];
  return {
    name,
    table: d.table,
    description: d.description,
    kind: d.kind,
    format: d.format,
    businessKey: d.businessKey,
    versionField: 'updated_at',
    fields: d.fields,
    foreignKeys: d.foreignKeys,
  };
});

const BY_NAME: ReadonlyMap<string, EntitySpec> = new Map(ENTITIES.map((e) => [e.name, e]));

export function isEntityName(name: string): name is EntityName {
  return BY_NAME.has(name);
}

/** The entity called `name`; throws with the allowed names when there is none. */
export function entity(name: string): EntitySpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`unknown source entity ${JSON.stringify(name)} (allowed: ${ENTITY_NAMES.join(', ')})`);
  return spec;
}

/** The field `name` of an entity; throws when the entity has no such field. */
export function fieldOf(spec: EntitySpec, name: string): FieldSpec {
  const found = spec.fields.find((f) => f.name === name);
  if (!found) throw new Error(`entity ${spec.name} has no field ${JSON.stringify(name)}`);
  return found;
}
