/**
 * Word lists and the product catalog the generator draws from. Names and streets are common US
 * ones; free texts deliberately hold commas, quotes and line breaks, as real notes do, so the
 * file writers and loaders are exercised on them.
 */
import type { SourceRow } from '../../model/entities';
import { Rng } from './rng';

export const FIRST_NAMES = {
  female: ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Emily', 'Olivia', 'Emma', 'Ava', 'Sophia', 'Maria', 'Ana', 'Grace', 'Chloe', 'Aaliyah', 'Mei', 'Priya', "D'Andra", 'Zoë'],
  male: ['James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Charles', 'Daniel', 'Matthew', 'Anthony', 'Jose', 'Luis', 'Noah', 'Liam', 'Ethan', 'Wei', 'Arjun', 'Malik', 'Jean-Luc'],
} as const;
export const ALL_FIRST_NAMES: readonly string[] = [...FIRST_NAMES.female, ...FIRST_NAMES.male];
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson',
  'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Nguyen', 'Patel', 'Kim', "O'Brien", 'McAllister', 'Van der Berg', 'Smith-Jones',
] as const;
export const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Elm St', 'Park Blvd', 'Washington Ave', 'Lakeview Rd', '2nd St', 'Highland Ave', 'Sunset Blvd', 'Pine Ct', 'Church St', 'Mill Rd'] as const;
export const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'aol.com'] as const;
export const CITIES_BY_STATE: Readonly<Record<string, readonly string[]>> = {
  TX: ['Austin', 'Round Rock', 'Pflugerville', 'Cedar Park'],
  IL: ['Chicago', 'Evanston', 'Oak Park', 'Skokie'],
  GA: ['Atlanta', 'Decatur', 'Savannah', 'Marietta'],
  NC: ['Charlotte', 'Raleigh', 'Durham', 'Cary'],
  TN: ['Nashville', 'Memphis', 'Franklin'],
  FL: ['Orlando', 'Tampa', 'Jacksonville', 'Winter Park'],
  AL: ['Birmingham', 'Hoover', 'Vestavia Hills'],
  SC: ['Columbia', 'Lexington', 'Irmo'],
};
export const FALLBACK_CITIES = ['Springfield', 'Riverside', 'Franklin', 'Greenville', 'Fairview'] as const;

/** Carriers by payer class, with their plans. */
export const CARRIERS = {
  vsp: [{ name: 'VSP', plans: ['VSP Choice', 'VSP Signature', 'VSP Enhanced'] }],
  other_vision: [
    { name: 'EyeMed', plans: ['EyeMed Insight', 'EyeMed Access'] },
    { name: 'Davis Vision', plans: ['Davis Vision Standard'] },
    { name: 'Spectera', plans: ['Spectera Vision'] },
    { name: 'Superior Vision', plans: ['Superior Vision Plus'] },
  ],
  medicare: [{ name: 'Medicare', plans: ['Medicare Part B', 'Medicare Advantage'] }],
  medicaid: [{ name: 'Medicaid', plans: ['State Medicaid', 'CHIP'] }],
  commercial_medical: [
    { name: 'Blue Cross Blue Shield', plans: ['BCBS PPO', 'BCBS HMO'] },
    { name: 'Aetna', plans: ['Aetna Choice POS'] },
    { name: 'UnitedHealthcare', plans: ['UHC Choice Plus'] },
    { name: 'Cigna', plans: ['Cigna Open Access'] },
  ],
  other: [{ name: 'Tricare', plans: ['Tricare Select'] }, { name: 'Workers Comp', plans: ['State Workers Comp'] }],
} as const;

export const REFRACTIVE_DX = ['H52.13', 'H52.03', 'H52.223', 'H52.4', 'H52.13;H52.223', 'H52.4;H52.03'] as const;
export const MEDICAL_DX = ['H04.123', 'H10.33', 'H40.013', 'E11.9;H35.033', 'H25.13', 'H35.30', 'H43.392', 'H16.223'] as const;

export const CHIEF_COMPLAINTS = {
  comprehensive: [
    'Annual exam, no complaints',
    'Blurry vision at distance, especially driving at night',
    'Difficulty reading small print, holds phone farther away',
    'Needs new glasses; "old pair broke" last week',
    'Headaches after screen work, 2-3x/week',
    'Routine exam.\nFamily history of glaucoma (mother)',
    'School vision screening referral, "can\'t see the board"',
  ],
  medical: [
    'Eyes red, itchy and watery, 3 days',
    'Dry eye, burning by afternoon\nUses artificial tears 4x/day',
    'New floaters in left eye since Monday; no flashes',
    'Diabetic eye exam, A1c "about 7"',
    'Glaucoma follow-up, IOP check',
    'Foreign body sensation, right eye, after yard work',
  ],
  contact_lens_fitting: [
    'Wants to try contact lenses for sports',
    'CL discomfort, "lenses feel dry" by 3pm',
    'Refit: switching to daily disposables, allergies',
    'Toric fit, lenses rotating\nVision fluctuates',
  ],
} as const;

export const APPOINTMENT_NOTES = [
  'Confirmed by text',
  'Pt running late, "10 min"',
  'Bring current glasses, CL boxes',
  'Prefers afternoon appts\nCall mobile first',
  'Insurance card updated at check-in',
  'Needs interpreter (Spanish)',
  'Guardian to attend, minor',
] as const;

export const LABS = ['Essilor Lab Dallas', 'Zeiss VisionCare Lab', 'Hoya Lab Services', 'Shamir Insight Lab', 'Walman Optical'] as const;
export const CL_DISTRIBUTOR = 'ABB Optical Group';

export const DENIAL_WEIGHTS = {
  eligibility: 0.3,
  missing_information: 0.2,
  frequency_limit: 0.15,
  non_covered_service: 0.12,
  coding_error: 0.1,
  authorization_required: 0.08,
  duplicate_claim: 0.05,
} as const;

// --- products ---------------------------------------------------------------------------------

interface FrameBrand {
  readonly brand: string;
  readonly manufacturer: string;
  readonly collections: readonly string[];
  readonly modelPrefix: string;
  /** Typical retail price; SKUs vary around it. */
  readonly retail: number;
  readonly weight: number;
}

const FRAME_BRANDS: readonly FrameBrand[] = [
  { brand: 'Ray-Ban', manufacturer: 'EssilorLuxottica', collections: ['Optics', 'Icons'], modelPrefix: 'RX', retail: 135, weight: 3 },
  { brand: 'Oakley', manufacturer: 'EssilorLuxottica', collections: ['Sport', 'Lifestyle'], modelPrefix: 'OX', retail: 145, weight: 2 },
  { brand: 'Coach', manufacturer: 'EssilorLuxottica', collections: ['Signature'], modelPrefix: 'HC', retail: 150, weight: 1 },
  { brand: 'Flexon', manufacturer: 'Marchon', collections: ['Titanium'], modelPrefix: 'FX', retail: 115, weight: 2 },
  { brand: 'Nike', manufacturer: 'Marchon', collections: ['Kids', 'Performance'], modelPrefix: 'NK', retail: 95, weight: 2 },
  { brand: 'Calvin Klein', manufacturer: 'Marchon', collections: ['CK Jeans'], modelPrefix: 'CK', retail: 110, weight: 2 },
  { brand: 'Kate Spade', manufacturer: 'Safilo', collections: ['New York'], modelPrefix: 'KS', retail: 125, weight: 1 },
  { brand: 'Tommy Hilfiger', manufacturer: 'Safilo', collections: ['TH Core'], modelPrefix: 'TH', retail: 99, weight: 2 },
  { brand: 'Silhouette', manufacturer: 'Silhouette International', collections: ['Momentum', 'Rimless'], modelPrefix: 'SI', retail: 230, weight: 1 },
  { brand: 'Modo', manufacturer: 'Modo Eyewear', collections: ['Titanium', 'Acetate'], modelPrefix: 'MD', retail: 160, weight: 1 },
  { brand: 'Vera Wang', manufacturer: 'Kenmark', collections: ['Luxe'], modelPrefix: 'VW', retail: 130, weight: 1 },
  { brand: 'Clearvision', manufacturer: 'ClearVision Optical', collections: ['Value', 'Junior'], modelPrefix: 'CV', retail: 59, weight: 4 },
  { brand: 'House Collection', manufacturer: 'Practice Label', collections: ['Essentials'], modelPrefix: 'HS', retail: 39, weight: 4 },
];
const FRAME_COLORS = ['Black', 'Tortoise', 'Gunmetal', 'Gold', 'Crystal', 'Navy', 'Burgundy', 'Matte Grey', 'Rose Gold', 'Havana'] as const;

/** A lens, treatment, contact lens or accessory product with fixed pricing. */
interface FixedProduct {
  readonly id: string;
  readonly type: 'lens' | 'contact_lens' | 'accessory';
  readonly manufacturer: string;
  readonly brand: string;
  readonly description: string;
  readonly hcpcs: string;
  /** Retail per unit (per lens for lenses and treatments, per box for contact lenses). */
  readonly retail: number;
  readonly cost: number;
  readonly reorderPoint: number;
}

/** Lens designs and material upcharges are priced per lens, so a pair is quantity 2. */
export const LENS_PRODUCTS = {
  single_vision: { id: 'LNS-SV', type: 'lens', manufacturer: 'Essilor', brand: 'Essilor', description: 'Single vision lens', hcpcs: 'V2100', retail: 27, cost: 8, reorderPoint: 0 },
  bifocal: { id: 'LNS-BF', type: 'lens', manufacturer: 'Essilor', brand: 'Essilor', description: 'Flat-top 28 bifocal lens', hcpcs: 'V2203', retail: 45, cost: 14, reorderPoint: 0 },
  progressive: { id: 'LNS-PAL', type: 'lens', manufacturer: 'Essilor', brand: 'Varilux', description: 'Progressive lens', hcpcs: 'V2781', retail: 68, cost: 24, reorderPoint: 0 },
} as const satisfies Record<string, FixedProduct>;
export const MATERIAL_PRODUCTS = {
  cr39: null,
  polycarbonate: { id: 'LNS-MAT-PC', type: 'lens', manufacturer: 'Essilor', brand: 'Airwear', description: 'Polycarbonate material', hcpcs: 'V2784', retail: 14, cost: 4, reorderPoint: 0 },
  trivex: { id: 'LNS-MAT-TVX', type: 'lens', manufacturer: 'PPG', brand: 'Trivex', description: 'Trivex material', hcpcs: 'V2799', retail: 18, cost: 6, reorderPoint: 0 },
  high_index: { id: 'LNS-MAT-HI', type: 'lens', manufacturer: 'Hoya', brand: 'Hoya 1.67', description: 'High index 1.67 material', hcpcs: 'V2782', retail: 32, cost: 10, reorderPoint: 0 },
} as const satisfies Record<string, FixedProduct | null>;
export const TREATMENT_PRODUCTS = {
  ar: { id: 'TRT-AR', type: 'lens', manufacturer: 'Essilor', brand: 'Crizal', description: 'Anti-reflective coating', hcpcs: 'V2750', retail: 24, cost: 6, reorderPoint: 0 },
  blue_light: { id: 'TRT-BLUE', type: 'lens', manufacturer: 'Essilor', brand: 'Eyezen', description: 'Blue-light filter', hcpcs: 'V2799', retail: 16, cost: 4, reorderPoint: 0 },
  photochromic: { id: 'TRT-PHOTO', type: 'lens', manufacturer: 'Transitions', brand: 'Transitions', description: 'Photochromic', hcpcs: 'V2744', retail: 38, cost: 12, reorderPoint: 0 },
} as const satisfies Record<string, FixedProduct>;
/** Contact lenses: boxes per eye per month of supply in `boxesPerEyePerMonth`. */
export const CL_PRODUCTS = [
  { id: 'CL-AOAS-6', type: 'contact_lens', manufacturer: 'Johnson & Johnson', brand: 'Acuvue Oasys', description: 'Acuvue Oasys 2-week, 6 pack', hcpcs: 'V2520', retail: 42, cost: 24, reorderPoint: 4, boxesPerEyePerMonth: 0.5 },
  { id: 'CL-A1D-90', type: 'contact_lens', manufacturer: 'Johnson & Johnson', brand: '1-Day Acuvue Moist', description: '1-Day Acuvue Moist, 90 pack', hcpcs: 'V2520', retail: 78, cost: 48, reorderPoint: 4, boxesPerEyePerMonth: 0.33 },
  { id: 'CL-DT1-90', type: 'contact_lens', manufacturer: 'Alcon', brand: 'Dailies Total1', description: 'Dailies Total1, 90 pack', hcpcs: 'V2520', retail: 92, cost: 58, reorderPoint: 4, boxesPerEyePerMonth: 0.33 },
  { id: 'CL-BIOT-6', type: 'contact_lens', manufacturer: 'CooperVision', brand: 'Biofinity Toric', description: 'Biofinity Toric monthly, 6 pack', hcpcs: 'V2521', retail: 68, cost: 38, reorderPoint: 4, boxesPerEyePerMonth: 0.17 },
  { id: 'CL-ULTRA-6', type: 'contact_lens', manufacturer: 'Bausch + Lomb', brand: 'Ultra', description: 'Bausch + Lomb Ultra monthly, 6 pack', hcpcs: 'V2520', retail: 55, cost: 30, reorderPoint: 4, boxesPerEyePerMonth: 0.17 },
  { id: 'CL-RGP', type: 'contact_lens', manufacturer: 'Art Optical', brand: 'Boston XO', description: 'Rigid gas permeable lens, custom', hcpcs: 'V2510', retail: 145, cost: 60, reorderPoint: 0, boxesPerEyePerMonth: 0.09 },
] as const satisfies readonly (FixedProduct & { boxesPerEyePerMonth: number })[];
export const ACCESSORY_PRODUCTS = [
  { id: 'ACC-CASE', type: 'accessory', manufacturer: 'Hilco', brand: 'Hilco', description: 'Hard case', hcpcs: 'V2799', retail: 15, cost: 3, reorderPoint: 20 },
  { id: 'ACC-CLEAN', type: 'accessory', manufacturer: 'Hilco', brand: 'Hilco', description: 'Lens cleaning kit, spray, cloth', hcpcs: 'V2799', retail: 12, cost: 2.5, reorderPoint: 20 },
  { id: 'ACC-CHAIN', type: 'accessory', manufacturer: 'Hilco', brand: 'Hilco', description: 'Eyewear chain', hcpcs: 'V2799', retail: 18, cost: 4, reorderPoint: 10 },
] as const satisfies readonly FixedProduct[];

/** A frame SKU. */
export interface Frame {
  readonly id: string;
  readonly upc: string;
  readonly brand: string;
  readonly manufacturer: string;
  readonly collection: string;
  readonly model: string;
  readonly color: string;
  readonly size: string;
  readonly retail: number;
  readonly cost: number;
}

/** UPC-A with a valid check digit. */
function upc(rng: Rng): string {
  const body = `8${rng.digits(10)}`;
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += Number(body[i]) * (i % 2 === 0 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** The tenant's frame catalog: `count` SKUs, keyed by the tenant seed only. */
export function frameCatalog(rng: Rng, count: number): readonly Frame[] {
  const weights = Object.fromEntries(FRAME_BRANDS.map((b, i) => [String(i), b.weight]));
  const frames: Frame[] = [];
  for (let i = 0; i < count; i++) {
    const b = FRAME_BRANDS[Number(rng.weighted(weights))]!;
    // Retail ends in 9 and spreads around the brand's typical price; cost gives ~61% margin.
    const retail = Math.max(39, Math.round((b.retail * rng.uniform(0.75, 1.3)) / 10) * 10 - 1);
    frames.push({
      id: `FRM-${String(i + 1).padStart(5, '0')}`,
      upc: upc(rng),
      brand: b.brand,
      manufacturer: b.manufacturer,
      collection: rng.pick(b.collections),
      model: `${b.modelPrefix}${rng.int(1000, 9899)}`,
      color: rng.pick(FRAME_COLORS),
      size: `${rng.int(46, 58)}-${rng.int(14, 21)}-${rng.pick([135, 140, 145, 150])}`,
      retail,
      cost: Math.round(retail * rng.uniform(0.32, 0.46) * 100) / 100,
    });
  }
  return frames;
}

/** Product master rows: the frame catalog, then lenses, treatments, contact lenses, accessories. */
export function productRows(frames: readonly Frame[], updatedAt: string): SourceRow<'products'>[] {
  const rows: SourceRow<'products'>[] = frames.map((f) => ({
    product_id: f.id,
    product_type: 'frame',
    sku: f.id,
    upc: f.upc,
    manufacturer: f.manufacturer,
    brand: f.brand,
    collection: f.collection,
    model: f.model,
    color: f.color,
    size: f.size,
    description: `${f.brand} ${f.model} ${f.color} ${f.size}`,
    hcpcs_code: 'V2020',
    unit_cost: f.cost,
    retail_price: f.retail,
    reorder_point: 1,
    active: true,
    updated_at: updatedAt,
  }));
  const fixed: readonly FixedProduct[] = [
    ...Object.values(LENS_PRODUCTS),
    ...Object.values(MATERIAL_PRODUCTS).filter((p): p is NonNullable<typeof p> => p !== null),
    ...Object.values(TREATMENT_PRODUCTS),
    ...CL_PRODUCTS,
    ...ACCESSORY_PRODUCTS,
  ];
  for (const p of fixed) {
    rows.push({
      product_id: p.id,
      product_type: p.type,
      sku: p.id,
      upc: p.type === 'lens' ? null : `0${String(Rng.for('upc', p.id).digits(11))}`,
      manufacturer: p.manufacturer,
      brand: p.brand,
      collection: null,
      model: null,
      color: null,
      size: null,
      description: p.description,
      hcpcs_code: p.hcpcs,
      unit_cost: p.cost,
      retail_price: p.retail,
      reorder_point: p.reorderPoint,
      active: true,
      updated_at: updatedAt,
    });
  }
  return rows;
}
