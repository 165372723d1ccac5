/**
 * The measures `eyecare ask` can answer, as data: the words people use for each, and how it is
 * computed from the marts. Every formula is the one docs/kpis.md gives, recomputed from summed
 * inputs (a rate over a month is the month's numerator over its denominator, never an average of
 * daily rates), so an answer equals what the marts' own monthly view or summary shows.
 */

/** How a value reads: dollars, a fraction shown as a percentage, a count, or a plain ratio. */
export type MetricUnit = 'usd' | 'rate' | 'count' | 'ratio';

/**
 * A measure over one mart: `SUM(numerator)`, or `SUM(numerator) / SUM(denominator)` when a
 * denominator is given, times `scale` (365 for a rate per year from days). A numerator may add
 * columns (`A + B`).
 */
export interface Formula {
  readonly numerator: string;
  readonly denominator?: string;
  /** @default 1 */
  readonly scale?: number;
}

/**
 * Which mart a measure is read from (the Metric keys of its formulas): location x day, staff
 * member x month, location x month of the frame inventory, location x month recalls fell due,
 * location x month of trailing patient windows, or location x end of day balances.
 */
export type MetricSource = 'daily' | 'staffMonthly' | 'inventoryMonthly' | 'recallMonthly' | 'patientsMonthly' | 'balances';

export interface SourceRows {
  /** The MARTS table or view. */
  readonly table: string;
  readonly period: string;
  readonly location: string;
  /** Rows are months: a period must be whole months. */
  readonly monthly: boolean;
  /** Rows are balances at the end of a day (or trailing windows at a month): a period, or a group of days in it, reads its last row, not a sum. */
  readonly atPeriodEnd: boolean;
  /** Rows of different locations do not add up (a patient seen at two is one): one location at a time. */
  readonly perLocation?: true;
  /** What a row is, for messages. */
  readonly grain: string;
}

/** Where each source's rows are and what they are. */
export const SOURCES: Readonly<Record<MetricSource, SourceRows>> = {
  daily: { table: 'KPI_LOCATION_DAILY', period: 'DATE_DAY', location: 'LOCATION_ID', monthly: false, atPeriodEnd: false, grain: 'per location and day' },
  staffMonthly: { table: 'KPI_STAFF_MONTHLY', period: 'MONTH_START', location: 'HOME_LOCATION_ID', monthly: true, atPeriodEnd: false, grain: 'per staff member and month' },
  inventoryMonthly: { table: 'V_INVENTORY_HEALTH', period: 'MONTH_START', location: 'LOCATION_ID', monthly: true, atPeriodEnd: false, grain: 'per location and month of frame inventory' },
  recallMonthly: { table: 'V_RECALL_COMPLIANCE', period: 'DUE_MONTH', location: 'LOCATION_ID', monthly: true, atPeriodEnd: false, grain: 'per location and month the recalls fell due' },
  patientsMonthly: {
    table: 'V_REVENUE_PER_PATIENT', period: 'MONTH_START', location: 'LOCATION_ID', monthly: true, atPeriodEnd: true, perLocation: true,
    grain: 'per location and month, over trailing windows of 12 and 24 months',
  },
  balances: { table: 'V_DAYS_IN_AR', period: 'DATE_DAY', location: 'LOCATION_ID', monthly: false, atPeriodEnd: true, grain: 'per location as a balance at the end of each day' },
};

/** The mart table or view of each source, in the tenant's MARTS schema. */
export const SOURCE_TABLE: Readonly<Record<MetricSource, string>> = Object.fromEntries(Object.entries(SOURCES).map(([source, s]) => [source, s.table])) as Record<MetricSource, string>;

export interface Metric {
  readonly id: string;
  /** How the answer names it. */
  readonly label: string;
  /** Lower-case phrases a question may use for it; the longest phrase in a question wins. */
  readonly phrases: readonly string[];
  readonly unit: MetricUnit;
  /** Whether "best" means the highest value (revenue) or the lowest (no-show rate). */
  readonly higherIsBetter: boolean;
  /** Over MARTS.KPI_LOCATION_DAILY (location x day). */
  readonly daily?: Formula;
  /** Over MARTS.KPI_STAFF_MONTHLY (staff member x month): what "by staff" and "which optician" read. */
  readonly staffMonthly?: Formula;
  /** Over MARTS.V_INVENTORY_HEALTH (location x month, frames only). */
  readonly inventoryMonthly?: Formula;
  /** Over MARTS.V_DAYS_IN_AR (location x day, balances): read on the period's last day. */
  readonly balances?: Formula;
  /** Over MARTS.V_RECALL_COMPLIANCE (location x month the recalls fell due). */
  readonly recallMonthly?: Formula;
  /** Over MARTS.V_REVENUE_PER_PATIENT (location x month, trailing windows): one location at a time. */
  readonly patientsMonthly?: Formula;
  /** The docs/kpis.md section that defines it. */
  readonly kpi: string;
  /** What the denominator counts, for an answer whose denominator is 0 ("no comprehensive exams"). */
  readonly denominatorNoun?: string;
}

/**
 * The payer classes of the payer mix (the BILLED_<CLASS> columns of KPI_LOCATION_DAILY, Medicare and
 * Medicaid together as in V_KPI_LOCATION_MONTHLY): id, label, columns, the words for the class.
 * Private pay is the one a practice wants more of: it is paid at the desk, in full.
 */
const PAYER_CLASSES: readonly (readonly [id: string, label: string, columns: string, phrases: readonly string[]])[] = [
  ['private_pay', 'private pay', 'BILLED_PRIVATE_PAY', ['private pay', 'self pay', 'self-pay', 'cash pay']],
  ['medicare_medicaid', 'Medicare and Medicaid', 'BILLED_MEDICARE + BILLED_MEDICAID', ['medicare and medicaid', 'medicare', 'medicaid', 'government']],
  ['vsp', 'VSP', 'BILLED_VSP', ['vsp']],
  ['other_vision', 'other vision plan', 'BILLED_OTHER_VISION', ['other vision plan', 'other vision']],
  ['commercial_medical', 'commercial medical', 'BILLED_COMMERCIAL_MEDICAL', ['commercial medical', 'commercial insurance', 'medical insurance']],
  ['other_payer', 'other payer', 'BILLED_OTHER', ['other payer']],
];

/** Phrases that stand for several measures at once, and for how a question about them is usually meant. */
export interface MetricGroup {
  readonly phrases: readonly string[];
  /** The measures, in the order the answer shows them; the first is the one a ranking orders by. */
  readonly ids: readonly string[];
  /** The grouping the phrase implies ("staff productivity" is per staff member) where the question names none. */
  readonly groupBy?: 'location' | 'staff';
  /** The phrase asks for a ranking, best first, unless the question orders it otherwise. */
  readonly ranked?: true;
  /** The phrase asks for growth: the period against the one before, as "growth" would. */
  readonly growth?: true;
  /**
   * Its measures belong to different roles (an optician has no exams): an answer leaves out the
   * ones no group shown has, and the groups with none. A zero payer share, by contrast, is part of the mix.
   */
  readonly roleSpecific?: true;
}

/** The measures docs/kpis.md ranks locations by ("Location ranking and growth"). */
const LOCATION_RANKING = ['net_revenue', 'comprehensive_exams'];

/**
 * "payer mix" is every payer class's share; "staff productivity" the staff mart's measures per
 * staff member; "location ranking" the locations ranked as docs/kpis.md defines it, and "location
 * growth" that ranking against the period before.
 */
export const METRIC_GROUPS: readonly MetricGroup[] = [
  { phrases: ['payer mix', 'payor mix', 'payer breakdown', 'insurance mix'], ids: PAYER_CLASSES.map(([id]) => `${id}_share`) },
  {
    phrases: ['staff productivity', 'staff performance', 'provider productivity', 'productivity', 'staff scorecard'],
    ids: ['exams', 'exams_per_od_day', 'gross_revenue', 'optical_orders', 'optical_revenue', 'commission'],
    groupBy: 'staff',
    roleSpecific: true,
  },
  {
    phrases: ['location ranking', 'location rankings', 'ranking of locations', 'location league table', 'location performance', 'location scorecard'],
    ids: LOCATION_RANKING,
    groupBy: 'location',
    ranked: true,
  },
  { phrases: ['location growth', 'location ranking and growth'], ids: LOCATION_RANKING, groupBy: 'location', ranked: true, growth: true },
];

export const METRICS: readonly Metric[] = [
  {
    id: 'net_revenue', label: 'net revenue (collected)', unit: 'usd', higherIsBetter: true, kpi: 'Net revenue (collected)',
    phrases: ['net revenue', 'revenue', 'collections', 'collected revenue', 'collected', 'cash collected', 'money collected', 'collect', 'income', 'takings'],
    daily: { numerator: 'NET_REVENUE' },
  },
  {
    id: 'gross_revenue', label: 'gross revenue (charges billed)', unit: 'usd', higherIsBetter: true, kpi: 'Gross revenue',
    phrases: ['gross revenue', 'gross charges', 'charges', 'billed', 'billings', 'production', 'revenue attributed', 'provider revenue'],
    daily: { numerator: 'GROSS_REVENUE' },
    staffMonthly: { numerator: 'REVENUE_ATTRIBUTED' },
  },
  {
    id: 'contractual_adjustments', label: 'contractual adjustments (write-offs)', unit: 'usd', higherIsBetter: false, kpi: 'A/R balance and days in A/R',
    phrases: ['contractual adjustments', 'adjustments', 'write-offs', 'write offs', 'writeoffs'],
    daily: { numerator: 'CONTRACTUAL_ADJUSTMENTS' },
  },
  {
    id: 'exams', label: 'exams', unit: 'count', higherIsBetter: true, kpi: 'Exams and exams per OD day',
    phrases: ['exams', 'exam count', 'eye exams', 'examinations', 'number of exams'],
    daily: { numerator: 'EXAMS' },
    staffMonthly: { numerator: 'EXAMS' },
  },
  {
    id: 'comprehensive_exams', label: 'comprehensive exams', unit: 'count', higherIsBetter: true, kpi: 'Exams and exams per OD day',
    phrases: ['comprehensive exams', 'comprehensive eye exams', 'comprehensives'],
    daily: { numerator: 'COMPREHENSIVE_EXAMS' },
    staffMonthly: { numerator: 'COMPREHENSIVE_EXAMS' },
  },
  {
    id: 'revenue_per_exam', label: 'net revenue per comprehensive exam', unit: 'usd', higherIsBetter: true, kpi: 'Revenue per comprehensive exam',
    phrases: ['revenue per comprehensive exam', 'revenue per exam', 'net revenue per exam', 'revenue per eye exam', 'collections per exam', 'average revenue per exam', 'average exam revenue'],
    daily: { numerator: 'NET_REVENUE', denominator: 'COMPREHENSIVE_EXAMS' },
    denominatorNoun: 'comprehensive exams',
  },
  {
    id: 'exams_per_od_day', label: 'comprehensive exams per OD day', unit: 'ratio', higherIsBetter: true, kpi: 'Exams and exams per OD day',
    phrases: ['exams per od day', 'exams per doctor day', 'exams per doctor per day', 'exams per clinic day', 'exams per day per doctor', 'doctor productivity'],
    daily: { numerator: 'COMPREHENSIVE_EXAMS', denominator: 'OD_DAYS' },
    staffMonthly: { numerator: 'COMPREHENSIVE_EXAMS', denominator: 'CLINIC_DAYS' },
    denominatorNoun: 'OD days',
  },
  {
    id: 'appointments', label: 'doctor appointments scheduled', unit: 'count', higherIsBetter: true, kpi: 'No-show rate',
    phrases: ['appointments', 'appointments scheduled', 'scheduled appointments', 'bookings', 'booked appointments'],
    daily: { numerator: 'APPOINTMENTS_SCHEDULED' },
  },
  {
    id: 'no_shows', label: 'no-shows', unit: 'count', higherIsBetter: false, kpi: 'No-show rate',
    phrases: ['no-shows', 'no shows', 'noshows', 'missed appointments'],
    daily: { numerator: 'NO_SHOWS' },
  },
  {
    id: 'no_show_rate', label: 'no-show rate', unit: 'rate', higherIsBetter: false, kpi: 'No-show rate',
    phrases: ['no-show rate', 'no show rate', 'noshow rate', 'missed appointment rate', 'no-show percentage'],
    daily: { numerator: 'NO_SHOWS', denominator: 'APPOINTMENTS_SCHEDULED' },
    denominatorNoun: 'doctor appointments',
  },
  {
    id: 'cancellations', label: 'cancellations', unit: 'count', higherIsBetter: false, kpi: 'Cancellation rate',
    phrases: ['cancellations', 'cancelled appointments', 'canceled appointments'],
    daily: { numerator: 'CANCELLATIONS' },
  },
  {
    id: 'cancellation_rate', label: 'cancellation rate', unit: 'rate', higherIsBetter: false, kpi: 'Cancellation rate',
    phrases: ['cancellation rate', 'cancel rate', 'cancelation rate'],
    daily: { numerator: 'CANCELLATIONS', denominator: 'APPOINTMENTS_SCHEDULED' },
    denominatorNoun: 'doctor appointments',
  },
  {
    id: 'schedule_utilisation', label: 'schedule utilisation', unit: 'rate', higherIsBetter: true, kpi: 'Schedule utilisation',
    phrases: ['schedule utilisation', 'schedule utilization', 'utilisation', 'utilization', 'chair utilisation', 'chair utilization'],
    daily: { numerator: 'BOOKED_MINUTES', denominator: 'AVAILABLE_MINUTES' },
    denominatorNoun: 'available doctor minutes',
  },
  {
    id: 'patients_seen', label: 'patients seen (a patient counts once per day seen)', unit: 'count', higherIsBetter: true, kpi: 'New vs returning patients',
    phrases: ['patients seen', 'patient visits', 'patients', 'visits'],
    daily: { numerator: 'PATIENTS_SEEN' },
  },
  {
    id: 'new_patients', label: 'new patients seen', unit: 'count', higherIsBetter: true, kpi: 'New vs returning patients',
    phrases: ['new patients', 'new patients seen', 'new patient visits'],
    daily: { numerator: 'NEW_PATIENTS_SEEN' },
  },
  {
    id: 'returning_patients', label: 'returning patients seen', unit: 'count', higherIsBetter: true, kpi: 'New vs returning patients',
    phrases: ['returning patients', 'existing patients', 'established patients'],
    daily: { numerator: 'RETURNING_PATIENTS_SEEN' },
  },
  {
    id: 'new_patient_share', label: 'new patient share', unit: 'rate', higherIsBetter: true, kpi: 'New vs returning patients',
    phrases: ['new patient share', 'share of new patients', 'percentage of new patients', 'proportion of new patients', 'new patient rate', 'new patient percentage', 'new vs returning', 'new versus returning'],
    daily: { numerator: 'NEW_PATIENTS_SEEN', denominator: 'PATIENTS_SEEN' },
    denominatorNoun: 'patients seen',
  },
  {
    id: 'optical_orders', label: 'optical orders', unit: 'count', higherIsBetter: true, kpi: 'Optical orders and average eyewear sale',
    phrases: ['optical orders', 'orders', 'dispensary orders'],
    daily: { numerator: 'OPTICAL_ORDERS' },
    staffMonthly: { numerator: 'DISPENSARY_ORDERS' },
  },
  {
    id: 'optical_revenue', label: 'optical sales', unit: 'usd', higherIsBetter: true, kpi: 'Optical orders and average eyewear sale',
    phrases: ['optical revenue', 'optical sales', 'dispensary sales', 'dispensary revenue', 'eyewear and contact lens sales'],
    daily: { numerator: 'OPTICAL_REVENUE' },
    staffMonthly: { numerator: 'DISPENSARY_SALES' },
  },
  {
    id: 'average_optical_order', label: 'average optical order value', unit: 'usd', higherIsBetter: true, kpi: 'Optical orders and average eyewear sale',
    phrases: ['average optical order value', 'average optical order', 'average order value', 'aov'],
    daily: { numerator: 'OPTICAL_REVENUE', denominator: 'OPTICAL_ORDERS' },
    staffMonthly: { numerator: 'DISPENSARY_SALES', denominator: 'DISPENSARY_ORDERS' },
    denominatorNoun: 'optical orders',
  },
  {
    id: 'average_eyewear_sale', label: 'average eyewear sale (per complete pair)', unit: 'usd', higherIsBetter: true, kpi: 'Optical orders and average eyewear sale',
    phrases: ['average eyewear sale', 'average glasses sale', 'average spectacle sale', 'average sale per pair', 'eyewear sale'],
    daily: { numerator: 'EYEWEAR_REVENUE', denominator: 'COMPLETE_PAIRS' },
    denominatorNoun: 'complete pairs',
  },
  {
    id: 'optical_capture_rate', label: 'optical capture rate', unit: 'rate', higherIsBetter: true, kpi: 'Optical capture rate',
    phrases: ['optical capture rate', 'optical capture', 'capture rate', 'eyewear capture rate', 'eyewear capture', 'capture'],
    daily: { numerator: 'EYEWEAR_CAPTURED_PATIENTS', denominator: 'SPECTACLE_RX_PATIENTS' },
    denominatorNoun: 'patients given a spectacle Rx',
  },
  {
    id: 'cl_capture_rate', label: 'contact lens capture rate', unit: 'rate', higherIsBetter: true, kpi: 'Contact lens capture and annual-supply rate',
    phrases: ['contact lens capture rate', 'contact lens capture', 'cl capture rate', 'cl capture'],
    daily: { numerator: 'CL_CAPTURED_EXAMS', denominator: 'CL_RX_EXAMS' },
    denominatorNoun: 'exams writing a contact lens Rx',
  },
  {
    id: 'cl_annual_supply_rate', label: 'contact lens annual-supply rate', unit: 'rate', higherIsBetter: true, kpi: 'Contact lens capture and annual-supply rate',
    phrases: ['annual supply rate', 'annual-supply rate', 'annual supply', 'annual supplies', 'contact lens annual supply rate', 'cl annual supply rate'],
    daily: { numerator: 'CL_ANNUAL_SUPPLY_ORDERS', denominator: 'CL_ORDERS' },
    denominatorNoun: 'contact lens orders',
  },
  {
    id: 'claims_submitted', label: 'claims submitted', unit: 'count', higherIsBetter: true, kpi: 'Claim denial rate',
    phrases: ['claims', 'claims submitted', 'submitted claims', 'insurance claims'],
    daily: { numerator: 'CLAIMS_SUBMITTED' },
  },
  {
    id: 'claims_denied', label: 'claims denied', unit: 'count', higherIsBetter: false, kpi: 'Claim denial rate',
    phrases: ['claims denied', 'denied claims', 'claim denials', 'denials'],
    daily: { numerator: 'CLAIMS_DENIED' },
  },
  {
    id: 'denial_rate', label: 'claim denial rate', unit: 'rate', higherIsBetter: false, kpi: 'Claim denial rate',
    phrases: ['denial rate', 'claim denial rate', 'claims denial rate', 'denied claim rate', 'rejection rate'],
    daily: { numerator: 'CLAIMS_DENIED', denominator: 'CLAIMS_SUBMITTED' },
    denominatorNoun: 'claims submitted',
  },
  {
    // 365 x frames sold / frame-days on hand: each month's annualised turns (the view's ANNUALISED_TURNS), and over several months their sum's.
    id: 'inventory_turns', label: 'frame inventory turns (annualised)', unit: 'ratio', higherIsBetter: true, kpi: 'Inventory turns and aged frames',
    phrases: ['inventory turns', 'frame turns', 'inventory turnover', 'stock turns', 'turns'],
    inventoryMonthly: { numerator: 'FRAMES_SOLD', denominator: 'FRAME_DAYS_ON_HAND', scale: 365 },
    denominatorNoun: 'frames on hand',
  },
  {
    id: 'aged_frames_share', label: 'aged frames share (of frames on hand at month ends)', unit: 'rate', higherIsBetter: false, kpi: 'Inventory turns and aged frames',
    phrases: ['aged frames share', 'aged frames', 'aged inventory', 'old frames', 'aged stock', 'stale frames'],
    inventoryMonthly: { numerator: 'AGED_FRAMES', denominator: 'FRAMES_ON_HAND' },
    denominatorNoun: 'frames on hand',
  },
  {
    id: 'ar_balance', label: 'A/R balance', unit: 'usd', higherIsBetter: false, kpi: 'A/R balance and days in A/R',
    phrases: ['a/r balance', 'ar balance', 'accounts receivable', 'receivables', 'outstanding balance', 'a/r'],
    balances: { numerator: 'AR_BALANCE' },
  },
  {
    // The group's A/R over its average daily charges of the trailing 90 days (each location's DAYS_IN_AR, for one location).
    id: 'days_in_ar', label: 'days in A/R', unit: 'ratio', higherIsBetter: false, kpi: 'A/R balance and days in A/R',
    phrases: ['days in a/r', 'days in ar', 'days in accounts receivable', 'a/r days', 'ar days', 'days sales outstanding', 'dso'],
    balances: { numerator: 'AR_BALANCE', denominator: 'AVG_DAILY_CHARGES_90D' },
    denominatorNoun: 'charges in the trailing 90 days',
  },
  {
    // Of the patients due back in the period's months, those back for a comprehensive exam within 60 days of the due date.
    id: 'recall_compliance', label: 'recall compliance (patients due back who came)', unit: 'rate', higherIsBetter: true, kpi: 'Recall compliance',
    phrases: ['recall compliance', 'recall compliance rate', 'recall rate', 'recalls', 'recall'],
    recallMonthly: { numerator: 'PATIENTS_RETURNED', denominator: 'PATIENTS_DUE' },
    denominatorNoun: 'patients due back',
  },
  ...PAYER_CLASSES.map(([id, label, columns, phrases]): Metric => ({
    id: `${id}_share`, label: `${label} share of gross charges`, unit: 'rate', higherIsBetter: id === 'private_pay', kpi: 'Payer mix',
    phrases: phrases.flatMap((p) => [`${p} share`, `${p} mix`, `share of ${p}`]),
    daily: { numerator: columns, denominator: 'GROSS_REVENUE' },
    denominatorNoun: 'charges',
  })),
  {
    id: 'revenue_per_active_patient', label: 'revenue per active patient (12 months of revenue over patients seen in 24)', unit: 'usd', higherIsBetter: true, kpi: 'Revenue per active patient',
    phrases: ['revenue per active patient', 'revenue per patient', 'revenue per active patients', 'annual revenue per patient'],
    patientsMonthly: { numerator: 'NET_REVENUE_12M', denominator: 'ACTIVE_PATIENTS' },
    denominatorNoun: 'active patients',
  },
  {
    id: 'active_patients', label: 'active patients (a kept doctor visit in the last 24 months)', unit: 'count', higherIsBetter: true, kpi: 'Revenue per active patient',
    phrases: ['active patients', 'active patient count', 'patient base'],
    patientsMonthly: { numerator: 'ACTIVE_PATIENTS' },
  },
  {
    id: 'commission', label: 'commission earned', unit: 'usd', higherIsBetter: true, kpi: 'Commission earned',
    phrases: ['commission', 'commissions', 'commission earned', 'commissions earned', 'commission paid'],
    staffMonthly: { numerator: 'COMMISSION_EARNED' },
  },
  {
    id: 'spiffs', label: 'spiffs', unit: 'usd', higherIsBetter: true, kpi: 'Commission earned',
    phrases: ['spiffs', 'spiff', 'spiff earnings'],
    staffMonthly: { numerator: 'SPIFFS' },
  },
];

/** The order that puts a measure's best value first: the highest revenue, the lowest no-show rate. */
export function bestFirst(m: Metric): 'desc' | 'asc' {
  return m.higherIsBetter ? 'desc' : 'asc';
}

/**
 * The measures the insight marts watch and forecast: MARTS.V_INSIGHT_SERIES's MEASURE values, each
 * a KPI_LOCATION_DAILY column (a test holds the two lists together).
 */
export const INSIGHT_MEASURES: readonly string[] = ['GROSS_REVENUE', 'NET_REVENUE', 'EXAMS', 'PATIENTS_SEEN', 'NO_SHOWS', 'OPTICAL_ORDERS', 'OPTICAL_REVENUE'];

/** The insight series a measure is (its KPI_LOCATION_DAILY column), if the insight marts hold it: a plain daily sum. */
export function insightMeasure(m: Metric): string | undefined {
  return m.daily && !m.daily.denominator && INSIGHT_MEASURES.includes(m.daily.numerator) ? m.daily.numerator : undefined;
}

/** The measures forecasts and anomalies cover, by their first phrase, for errors. */
export const FORECASTABLE = METRICS.filter((m) => insightMeasure(m) !== undefined).map((m) => m.phrases[0]).join(', ');

/**
 * The measures MARTS.RECOMMENDATIONS has rules for (its MEASURE is the metric's label; a test holds
 * them together), besides unusual days.
 */
/**
 * What is known of days after the as-of day without a forecast, and what a question about the
 * books ahead answers when it names no measure: the appointments on the books (cancelled ones
 * included, as the cancellation rate counts them), the cancellations already made, and the doctor
 * minutes booked against those available.
 */
export const BOOKED_AHEAD: readonly string[] = ['appointments', 'cancellations', 'schedule_utilisation'];

export const RECOMMENDED: readonly string[] = ['optical_capture_rate', 'no_show_rate', 'schedule_utilisation', 'exams_per_od_day', 'cl_annual_supply_rate'];

/** The headline measures a brief reports against the period before (insights/brief.ts). */
export const BRIEFED: readonly string[] = [
  'net_revenue', 'exams', 'patients_seen', 'new_patients', 'optical_capture_rate', 'average_optical_order', 'no_show_rate', 'schedule_utilisation', 'denial_rate',
];

/** Days after the as-of day that MARTS.KPI_FORECAST_DAILY covers (enough for "next month" from any day of this one). */
export const FORECAST_DAYS = 62;

/** The first phrase of every measure: what an error offers to ask about instead. */
export const ASKABLE = METRICS.map((m) => m.phrases[0]).join(', ');

/** The metric with this id (ids are the catalog's own, so a missing one is a programming error). */
export function metric(id: string): Metric {
  const found = METRICS.find((m) => m.id === id);
  if (!found) throw new Error(`no metric "${id}" (known: ${METRICS.map((m) => m.id).join(', ')})`);
  return found;
}
