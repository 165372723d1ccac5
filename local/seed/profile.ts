/**
 * The knobs that make sample data look like a US independent eyecare practice. Each figure is
 * chosen to land the KPIs of `docs/domain.md` (cited next to it) inside their published ranges;
 * change a knob and the distribution tests say whether the KPIs still hold.
 */
import type { Tier } from '../../environments/schema';
import { monthOf, isoDate } from './calendar';

/** How a tier staffs a location; locations' count comes from the tenant config. */
export interface TierProfile {
  /** Chance a location has a second doctor ("~1-2 ODs"). */
  readonly secondDoctorChance: number;
  /** Weekdays the second doctor works, [min, max]. */
  readonly secondDoctorDays: readonly [number, number];
  /** Every n-th location's second doctor is an ophthalmologist (0: none). */
  readonly ophthalmologistEvery: number;
}

/** Small practices run about one doctor, consolidated groups run busier two-doctor sites. */
export const TIER_PROFILES: Readonly<Record<Tier, TierProfile>> = {
  small: { secondDoctorChance: 0.5, secondDoctorDays: [1, 2], ophthalmologistEvery: 0 },
  medium: { secondDoctorChance: 1, secondDoctorDays: [2, 3], ophthalmologistEvery: 0 },
  large: { secondDoctorChance: 1, secondDoctorDays: [3, 5], ophthalmologistEvery: 4 },
};

/** Staff per location besides doctors ("2 opticians, 1-2 techs, 2 front desk"); one manager each. */
export const SUPPORT_STAFF = { optician: 2, front_desk: 2, manager: 1 } as const;

// --- schedule --------------------------------------------------------------------------------

/** Doctor slots are 20 minutes: 2-3 exams booked per hour. */
export const SLOT_MINUTES = 20;
/** Clinic sessions in minutes from midnight: weekdays 8:40-12:00 and 13:00-17:20, Saturday 9:00-13:00. */
export const WEEKDAY_SESSIONS: readonly (readonly [number, number])[] = [[520, 720], [780, 1040]];
export const SATURDAY_SESSIONS: readonly (readonly [number, number])[] = [[540, 780]];
/** Share of slots booked in an average month (schedule utilisation 75-90%). */
export const BASE_BOOKING_RATE = 0.84;
export const MAX_BOOKING_RATE = 0.97;
/** A doctor misses a scheduled clinic day (vacation, CE, sick) this often. */
export const DOCTOR_ABSENCE_RATE = 0.05;

/**
 * Demand by time of year: back-to-school peak in August, benefits reset in November-December,
 * quiet late January-February.
 */
export function seasonality(day: number): number {
  const month = monthOf(day);
  if (month === 1) return Number(isoDate(day).slice(8)) <= 15 ? 0.95 : 0.82;
  return SEASON_BY_MONTH[month - 1]!;
}
const SEASON_BY_MONTH: readonly number[] = [0.9, 0.8, 0.94, 0.96, 0.97, 1.0, 1.04, 1.18, 0.98, 0.97, 1.08, 1.12];

/** Visit mix per doctor slot; cl_fitting takes two slots. */
export const OPTOMETRIST_MIX = { comprehensive_exam: 0.66, medical_visit: 0.17, cl_fitting: 0.06, follow_up: 0.11 } as const;
export const OPHTHALMOLOGIST_MIX = { comprehensive_exam: 0.3, medical_visit: 0.5, cl_fitting: 0, follow_up: 0.2 } as const;
export const DURATION_MINUTES = { comprehensive_exam: 20, medical_visit: 20, cl_fitting: 40, follow_up: 20, dispensing: 20 } as const;

/** Chance a booked visit is a new patient's first ("new patient share 25-30%" of patients seen). */
export const NEW_PATIENT_RATE = { comprehensive_exam: 0.33, medical_visit: 0.18, cl_fitting: 0.15, follow_up: 0, dispensing: 0 } as const;

/** Booking lead time in days, [min, max], per visit type (new patients book sooner). */
export const LEAD_DAYS = {
  comprehensive_exam: [0, 42],
  new_comprehensive_exam: [0, 21],
  medical_visit: [0, 5],
  cl_fitting: [2, 21],
  follow_up: [14, 42],
} as const;
/** Longest lead: bookings are exported this many days before the visit at most (plus a weekend shift). */
export const MAX_LEAD_DAYS = 42;

/**
 * Final status of a booked visit: no-shows 8-12% of scheduled, cancellations 5-10% (most within
 * 24 h), a few moved to another day.
 */
export const STATUS_RATES = { cancelled: 0.07, rescheduled: 0.02, no_show: 0.1 } as const;
/** Share of cancellations that come in the last 24 hours. */
export const LATE_CANCELLATION_SHARE = 0.7;

// --- patients ---------------------------------------------------------------------------------

/** Age bands of patients; August brings the back-to-school children. */
export const AGE_MIX = { child: 0.17, young: 0.26, middle: 0.34, senior: 0.23 } as const;
export const AGE_MIX_AUGUST = { child: 0.3, young: 0.24, middle: 0.3, senior: 0.16 } as const;
export const GENDER_MIX = { female: 0.52, male: 0.46, other: 0.01, unknown: 0.01 } as const;
export const REFERRAL_MIX = { existing_patient: 0.2, friend_family: 0.25, physician: 0.08, insurance_directory: 0.17, web_search: 0.2, walk_in: 0.05, social_media: 0.05 } as const;

// --- clinical ---------------------------------------------------------------------------------

/** Comprehensive exams that end with a spectacle prescription ("most"). */
export const SPECTACLE_RX_RATE = 0.86;
/** Contact lens wearers among patients (~30% of active patients). */
export const CL_WEARER_RATE = 0.3;
/** Optical capture: exam patients with a spectacle Rx who order eyewear (58-68% at independents). */
export const OPTICAL_CAPTURE_RATE = 0.63;
/** Captured orders placed on a later day than the exam. */
export const LATE_ORDER_RATE = 0.15;
/** Lens-only jobs in the patient's own frame (not a complete pair). */
export const OWN_FRAME_RATE = 0.08;
/** Multi-pair ratio ~10%. */
export const SECOND_PAIR_RATE = 0.1;
/** Contact lens purchase capture ~56% of CL exams; annual supply 30-50% of CL orders. */
export const CL_CAPTURE_RATE = 0.56;
export const CL_SUPPLY_MIX = { 12: 0.4, 6: 0.35, 3: 0.25 } as const;
/** Jobs cancelled before dispensing, and remakes. */
export const ORDER_CANCEL_RATE = 0.02;
export const REMAKE_RATE = 0.03;

// --- money ------------------------------------------------------------------------------------

/** Professional fees by CPT code (before the practice's own fee-schedule factor). */
export const EXAM_FEES: Readonly<Record<string, number>> = { '92004': 215, '92014': 165, '92012': 125, '99213': 140, '92310': 120, '92015': 45 };

/**
 * Lens design for presbyopes (patients with a near add; everyone else gets single vision), then
 * material and treatments, priced so the average complete pair lands near $227.
 */
export const PRESBYOPE_LENS_MIX = { progressive: 0.6, bifocal: 0.2, single_vision: 0.2 } as const;
export const LENS_MATERIAL_MIX = { cr39: 0.35, polycarbonate: 0.45, high_index: 0.12, trivex: 0.08 } as const;
export const TREATMENT_RATES = { ar: 0.55, blue_light: 0.15, photochromic: 0.12 } as const;
/** Orders with a line discount (second pair, senior, employee), and its size. */
export const DISCOUNT_RATE = 0.3;
export const DISCOUNT_SHARE: readonly [number, number] = [0.1, 0.25];

/**
 * Payer mix of gross billings: private pay ~30%, Medicare/Medicaid ~20%, VSP ~18%, other vision
 * ~13%, commercial medical ~16%, other ~3%. Reached through patients' coverage below and the
 * chance that a comprehensive exam is billed to medical insurance (by age band).
 */
export const VISION_COVERAGE = { vsp: 0.33, other_vision: 0.27, none: 0.4 } as const;
export const MEDICAL_EXAM_RATE_BY_AGE: readonly (readonly [number, number])[] = [[18, 0.2], [40, 0.35], [65, 0.55], [200, 0.9]];
/** Added to that chance for patients without a vision plan. */
export const NO_VISION_PLAN_MEDICAL_BONUS = 0.3;
/** Vision-plan contractual write-off ~36% of gross billing; other payers' allowed share of billed. */
export const ALLOWED_SHARE: Readonly<Record<'vsp' | 'other_vision' | 'medicare' | 'medicaid' | 'commercial_medical' | 'other', readonly [number, number]>> = {
  vsp: [0.58, 0.7],
  other_vision: [0.58, 0.7],
  medicare: [0.5, 0.65],
  medicaid: [0.4, 0.55],
  commercial_medical: [0.6, 0.8],
  other: [0.6, 0.8],
};
/** Claim denial rate 10-20% of third-party claims. */
export const DENIAL_RATE = { vsp: 0.1, other_vision: 0.12, medicare: 0.14, medicaid: 0.2, commercial_medical: 0.18, other: 0.16 } as const;
/** Third-party claims adjudicated this many business days after submission (days in A/R ~17). */
export const ADJUDICATION_BUSINESS_DAYS: readonly [number, number] = [8, 30];
/** Self-pay balances sent a statement instead of paid at the desk, and its payment lag in days. */
export const STATEMENT_RATE = 0.1;
export const STATEMENT_DAYS: readonly [number, number] = [10, 30];
export const PATIENT_METHODS = { credit_card: 0.55, debit_card: 0.15, cash: 0.07, check: 0.04, hsa_fsa: 0.14, financing: 0.05 } as const;

// --- inventory --------------------------------------------------------------------------------

/**
 * Frames on the board per location: ~850 at a typical ~1.4-doctor practice, scaled by doctor
 * days so frame turns stay near the median 1.8 per year.
 */
export const FRAMES_PER_DOCTOR_FTE = 620;
/** Sold frames are reordered (same SKU) and arrive after this many business days. */
export const REPLENISH_BUSINESS_DAYS: readonly [number, number] = [3, 8];
/** Chance per open day and location that a frame is written off (damage, loss at count). */
export const DAILY_ADJUSTMENT_RATE = 0.15;

// --- export -----------------------------------------------------------------------------------

/** Established patients seen who update their demographics (exported as a new version). */
export const PATIENT_UPDATE_RATE = 0.04;
/** Third-party claims exported in `accepted` status before adjudication. */
export const ACCEPTED_VERSION_RATE = 0.7;
