/**
 * Deterministic sample source data for one tenant, written as a practice-management export.
 *
 * How days stay independent of windows: which slots of a location's day are booked comes from a
 * random stream keyed by (seed, tenant, location, day), and each visit then draws from its own
 * stream keyed by (..., visit); nothing else feeds them. A visit's consequences
 * (the booking exported weeks earlier, the exam, the order that is ready and dispensed days
 * later, the claim adjudicated weeks later, the payments) are emitted to the export file of the
 * day they happen. A window [start, end) therefore simulates the days that can contribute to it,
 * from `start - MAX_LAG_DAYS` to `end + MAX_LEAD_DAYS`, and writes only rows dated inside it:
 * generating 90 days at once or 60 then 30 writes the same files.
 *
 * History starts at `historyStart` (default: the first window's start): nothing happens before
 * it, and its export holds the master data (locations, staff, products, the established patient
 * panel, opening frame stock). Later windows must pass the same `historyStart`; new patients are
 * then exported on the day they book, and every row's parents are in the same or an earlier file.
 */
import type { Tier } from '../../environments/schema';
import { PRISM_BASES, type EntityName, type GENDERS, type PAYER_CLASSES, type SourceRow } from '../../model/entities';
import { addDays, addYears, ageOn, compactDate, dayOf, isBusinessDay, isOpen, isoDate, timestamp, weekday, onOrBefore } from './calendar';
import * as C from './catalog';
import * as P from './profile';
import { Rng } from './rng';
import { Exporter, type EntitySeedSummary, type MalformedRow } from './writer';

/** A location as the tenant config describes it. */
export interface SeedLocation {
  /** Config location id (`^[a-z][a-z0-9_]{0,29}$`). */
  readonly id: string;
  readonly name: string;
  /** US state code. */
  readonly state: string;
  /** @default a city of the state */
  readonly city?: string;
}

/** What to generate. Same input, same files, byte for byte. */
export interface SeedInput {
  readonly tenantId: string;
  /** Staffing profile per location (see `TIER_PROFILES`); volume scales with the location count. */
  readonly tier: Tier;
  /** The tenant's locations, in config order (their position numbers the ids: keep the order). */
  readonly locations: readonly SeedLocation[];
  /** First export day of this window, `YYYY-MM-DD`. */
  readonly startDate: string;
  /** Number of export days in this window (at least 1). */
  readonly days: number;
  /** Any 32-bit integer. */
  readonly seed: number;
  /**
   * First day of the tenant's history, `YYYY-MM-DD`; every window of a tenant must use the same.
   * @default startDate
   */
  readonly historyStart?: string;
}

export interface SeedOptions {
  /** Records per file before the day's export is split into `_002`, `_003`, ... @default 100000 */
  readonly maxRowsPerFile?: number;
}

/** What was written: files, row counts and the exact malformed rows. */
export interface SeedManifest {
  readonly tenantId: string;
  readonly seed: number;
  readonly tier: Tier;
  readonly historyStart: string;
  readonly startDate: string;
  /** First day after the window (the next window's `startDate`). */
  readonly endDate: string;
  readonly days: number;
  /** Per entity, parents before children. */
  readonly entities: Readonly<Record<EntityName, EntitySeedSummary>>;
  /** Every malformed row, in write order. */
  readonly malformed: readonly MalformedRow[];
}

/** Rows may be exported this many days before the visit that causes them (bookings). */
export const MAX_LEAD_DAYS = P.MAX_LEAD_DAYS + 2;
/** ... and this many days after it (claims adjudicated, orders dispensed, statements paid). */
export const MAX_LAG_DAYS = 65;

const LOCATION_ID = /^[a-z][a-z0-9_]{0,29}$/;

type PayerClass = (typeof PAYER_CLASSES)[number];
type VisitType = 'comprehensive_exam' | 'medical_visit' | 'cl_fitting' | 'follow_up';

interface Coverage {
  readonly payer: PayerClass;
  readonly carrier: string;
  readonly plan: string;
}

interface Patient {
  readonly id: string;
  readonly birthDay: number;
  readonly gender: (typeof GENDERS)[number];
  readonly firstName: string;
  readonly lastName: string;
  readonly address: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly phone: string;
  readonly email: string | null;
  readonly vision: Coverage | null;
  readonly medical: Coverage | null;
  readonly wearsCl: boolean;
  readonly rigidCl: boolean;
  /** Habitual refraction: sphere and cylinder per eye, axis, PD. */
  readonly sphere: readonly [number, number];
  readonly cylinder: readonly [number, number];
  readonly axis: readonly [number, number];
  readonly pd: number;
  readonly referral: string;
  readonly guarantorId: string | null;
  readonly createdAt: string;
}

interface Doctor {
  readonly id: string;
  readonly role: 'optometrist' | 'ophthalmologist';
  /** Weekdays (1 = Monday ... 5 = Friday) worked. */
  readonly weekdays: readonly number[];
}

interface Location {
  readonly config: SeedLocation;
  /** Ordinal code used in ids, `001`, `002`, ... */
  readonly code: string;
  readonly city: string;
  readonly zipPrefix: string;
  readonly areaCode: string;
  readonly openedDay: number;
  readonly doctors: readonly Doctor[];
  readonly opticians: readonly string[];
  readonly frontDesk: readonly string[];
  readonly staffRows: readonly SourceRow<'staff'>[];
  readonly panelSize: number;
  /** Frame SKUs on the board with their opening quantity. */
  readonly board: readonly { readonly frame: C.Frame; readonly quantity: number }[];
}

/**
 * One visit (or one location's daily stock count) and everything it causes. Each has its own
 * random stream and ids, `<PREFIX><location>-<YYYYMMDD>-<visit>[-n]`, so skipping a visit's
 * consequences changes nothing else.
 */
interface Ctx {
  readonly day: number;
  readonly loc: Location;
  readonly rng: Rng;
  /** Doctor number and slot, e.g. `107`, or `ADJ` for the stock count. */
  readonly visit: string;
  readonly counters: Map<string, number>;
}

const AGE_BANDS: Readonly<Record<'child' | 'young' | 'middle' | 'senior', readonly [number, number]>> = { child: [3, 17], young: [18, 39], middle: [40, 64], senior: [65, 92] };
const round2 = (x: number) => Math.round(x * 100) / 100;
const quarter = (x: number) => Math.round(x * 4) / 4;
const dayOfMinute = (abs: number) => Math.floor(abs / 1440);
const stamp = (abs: number) => timestamp(0, abs);

/** Generates the window's export files under `outDir` and returns their manifest. */
export function generateSeedData(input: SeedInput, outDir: string, options: SeedOptions = {}): SeedManifest {
  const start = dayOf(input.startDate);
  const history = dayOf(input.historyStart ?? input.startDate);
  validate(input, start, history);
  const end = start + input.days;
  const exporter = new Exporter({
    outDir,
    start,
    end,
    seed: input.seed,
    tenantId: input.tenantId,
    maxRowsPerFile: options.maxRowsPerFile ?? 100_000,
    maxLead: MAX_LEAD_DAYS,
    maxLag: MAX_LAG_DAYS,
  });
  const sim = new TenantSimulation(input, history, exporter);
  if (history >= start && history < end) {
    exporter.beginOrigin(history);
    sim.emitMasterData();
  }
  for (let day = Math.max(history, start - MAX_LAG_DAYS); day < end + MAX_LEAD_DAYS; day++) {
    exporter.beginOrigin(day);
    sim.simulateDay(day, end);
    // No later day can add rows to days more than MAX_LEAD_DAYS back: write them out.
    exporter.flushBefore(Math.min(end, day - MAX_LEAD_DAYS + 1));
  }
  exporter.flushBefore(end);
  return {
    tenantId: input.tenantId,
    seed: input.seed,
    tier: input.tier,
    historyStart: isoDate(history),
    startDate: input.startDate,
    endDate: isoDate(end),
    days: input.days,
    entities: exporter.summary(),
    malformed: exporter.malformed,
  };
}

/** The input for the window right after `manifest`'s, `days` long. */
export function nextWindow(input: SeedInput, manifest: SeedManifest, days: number): SeedInput {
  return { ...input, startDate: manifest.endDate, days, historyStart: manifest.historyStart };
}

function validate(input: SeedInput, start: number, history: number): void {
  const problems: string[] = [];
  if (!Number.isInteger(input.days) || input.days < 1) problems.push(`days: must be a positive integer (got ${input.days})`);
  if (!Number.isInteger(input.seed)) problems.push(`seed: must be an integer (got ${input.seed})`);
  if (history > start) problems.push(`historyStart: must not be after startDate (got ${isoDate(history)} > ${input.startDate})`);
  if (input.locations.length === 0) problems.push('locations: at least one location is needed (got none)');
  const seen = new Set<string>();
  for (const loc of input.locations) {
    if (!LOCATION_ID.test(loc.id)) problems.push(`locations: id ${JSON.stringify(loc.id)} must match ${LOCATION_ID}`);
    if (seen.has(loc.id)) problems.push(`locations: id ${JSON.stringify(loc.id)} is listed twice`);
    seen.add(loc.id);
  }
  if (problems.length) throw new Error(`sample data for tenant ${input.tenantId}: ${problems.join('; ')}`);
}

class TenantSimulation {
  private readonly seed: number;
  private readonly tenant: string;
  private readonly frames: readonly C.Frame[];
  private readonly locations: readonly Location[];
  /** The practice's fee schedule relative to the reference fees. */
  private readonly feeFactor: number;
  private readonly commissionPlan: string;

  constructor(
    private readonly input: SeedInput,
    private readonly history: number,
    private readonly out: Exporter,
  ) {
    this.seed = input.seed;
    this.tenant = input.tenantId;
    const rng = this.stream('tenant');
    this.feeFactor = rng.uniform(0.9, 1.15);
    // Only about one practice in five pays opticians a commission.
    this.commissionPlan = rng.chance(0.2) ? rng.pick(['dispensary_2pct', 'dispensary_3pct', 'dispensary_3pct_spiffs', 'dispensary_5pct']) : 'none';
    this.frames = C.frameCatalog(this.stream('frames'), 1200);
    this.locations = input.locations.map((loc, i) => this.buildLocation(loc, i));
  }

  private stream(...parts: (string | number)[]): Rng {
    return Rng.for(this.seed, this.tenant, ...parts);
  }

  // --- master data ----------------------------------------------------------------------------

  private buildLocation(config: SeedLocation, index: number): Location {
    const rng = this.stream('location', config.id);
    const profile = P.TIER_PROFILES[this.input.tier];
    const code = String(index + 1).padStart(3, '0');
    const staffId = (n: number) => `ST${code}-${String(n).padStart(2, '0')}`;
    const doctors: Doctor[] = [{ id: staffId(1), role: 'optometrist', weekdays: [1, 2, 3, 4, 5] }];
    if (rng.chance(profile.secondDoctorChance)) {
      const days = rng.sample([1, 2, 3, 4, 5], rng.int(...profile.secondDoctorDays)).sort();
      const ophthalmologist = profile.ophthalmologistEvery > 0 && (index + 1) % profile.ophthalmologistEvery === 0;
      doctors.push({ id: staffId(2), role: ophthalmologist ? 'ophthalmologist' : 'optometrist', weekdays: days });
    }
    const roles: [string, string][] = doctors.map((d) => [d.id, d.role]);
    const add = (role: string, count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = staffId(roles.length + 1);
        roles.push([id, role]);
        ids.push(id);
      }
      return ids;
    };
    const opticians = add('optician', P.SUPPORT_STAFF.optician);
    add('technician', doctors.length);
    const frontDesk = add('front_desk', P.SUPPORT_STAFF.front_desk);
    add('manager', P.SUPPORT_STAFF.manager);

    const openedDay = this.history - rng.int(2 * 365, 25 * 365);
    const staffRows = roles.map(([id, role]): SourceRow<'staff'> => {
      const r = Rng.for(this.seed, this.tenant, 'staff', id);
      const female = r.chance(0.6);
      const doctor = role === 'optometrist' || role === 'ophthalmologist';
      return {
        staff_id: id,
        home_location_id: config.id,
        first_name: r.pick(female ? C.FIRST_NAMES.female : C.FIRST_NAMES.male),
        last_name: r.pick(C.LAST_NAMES),
        role,
        npi: doctor ? `1${r.digits(9)}` : null,
        hire_date: isoDate(Math.max(openedDay, this.history - r.int(60, 15 * 365))),
        termination_date: null,
        commission_plan: role === 'optician' ? this.commissionPlan : 'none',
        status: 'active',
        updated_at: timestamp(this.history, 360),
      };
    });

    // Doctor-days per week drive the panel and the frame board (+0.1: the rotating Saturday half day).
    const fte = doctors.reduce((sum, d) => sum + d.weekdays.length / 5, 0) + 0.1;
    const boardUnits = Math.round(P.FRAMES_PER_DOCTOR_FTE * fte * rng.uniform(0.9, 1.1));
    const order = this.frames.map((_, i) => i);
    const board: { frame: C.Frame; quantity: number }[] = [];
    for (let units = 0, i = 0; units < boardUnits && i < order.length; i++) {
      const j = i + Math.floor(rng.next() * (order.length - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
      const quantity = rng.chance(0.25) ? 2 : 1;
      board.push({ frame: this.frames[order[i]!]!, quantity });
      units += quantity;
    }
    return {
      config,
      code,
      city: config.city ?? rng.pick(C.CITIES_BY_STATE[config.state] ?? C.FALLBACK_CITIES),
      zipPrefix: String(rng.int(100, 989)),
      areaCode: String(rng.int(201, 989)),
      openedDay,
      doctors,
      opticians,
      frontDesk,
      staffRows,
      // ~35-50 exams per 100 active patients a year at ~2,100 exams per doctor.
      panelSize: Math.round(fte * 5000 * rng.uniform(0.9, 1.1)),
      board,
    };
  }

  /** The snapshot exported on the first day of history. */
  emitMasterData(): void {
    const day = this.history;
    const at = timestamp(day, 360);
    for (const loc of this.locations) {
      this.out.emit('locations', day, {
        location_id: loc.config.id,
        location_name: loc.config.name,
        city: loc.city,
        state: loc.config.state,
        phone: `${loc.areaCode}-555-${String(100 + Number(loc.code)).padStart(4, '0')}`,
        opened_date: isoDate(loc.openedDay),
        status: 'active',
        updated_at: at,
      });
    }
    for (const loc of this.locations) for (const row of loc.staffRows) this.out.emit('staff', day, row);
    for (const row of C.productRows(this.frames, at)) this.out.emit('products', day, row);
    for (const loc of this.locations) {
      for (let i = 0; i < loc.panelSize; i++) this.out.emit('patients', day, this.patientRow(this.panelPatient(loc, i), loc));
    }
    for (const loc of this.locations) {
      loc.board.forEach((b, i) => {
        this.out.emit('inventory_movements', day, {
          movement_id: `IM${loc.code}-OPEN-${String(i + 1).padStart(5, '0')}`,
          product_id: b.frame.id,
          location_id: loc.config.id,
          movement_type: 'received',
          quantity: b.quantity,
          moved_at: timestamp(day, 420),
          order_id: null,
          unit_cost: b.frame.cost,
          reason: 'opening_balance',
          updated_at: timestamp(day, 420),
        });
      });
    }
  }

  // --- patients -------------------------------------------------------------------------------

  private drawAge(rng: Rng, day: number): number {
    // Back to school: more children among August's new patients.
    const august = isoDate(day).slice(5, 7) === '08';
    const band = rng.weighted(august ? P.AGE_MIX_AUGUST : P.AGE_MIX);
    return rng.int(...AGE_BANDS[band]);
  }

  private panelRng(loc: Location, index: number): Rng {
    return this.stream('panel', loc.code, index);
  }

  private panelPatient(loc: Location, index: number): Patient {
    const rng = this.panelRng(loc, index);
    const age = this.drawAge(rng, this.history);
    const created = this.history - rng.int(30, 12 * 365);
    return this.makePatient(rng, `PT${loc.code}-${String(index).padStart(6, '0')}`, loc, age, this.history, timestamp(created, rng.int(480, 1050)));
  }

  private newPatient(d: Ctx, createdAbs: number): Patient {
    const rng = this.stream('new-patient', d.loc.code, d.day, d.visit);
    return this.makePatient(rng, `PT${d.loc.code}-${compactDate(d.day)}-${d.visit}`, d.loc, this.drawAge(rng, d.day), d.day, stamp(createdAbs));
  }

  private makePatient(rng: Rng, id: string, loc: Location, age: number, ageDay: number, createdAt: string): Patient {
    const gender = rng.weighted(P.GENDER_MIX);
    const firstName = rng.pick(gender === 'male' ? C.FIRST_NAMES.male : gender === 'female' ? C.FIRST_NAMES.female : C.ALL_FIRST_NAMES);
    const lastName = rng.pick(C.LAST_NAMES);
    const handle = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
    const adult = age >= 18;
    let medical: Coverage | null = null;
    if (age >= 65) medical = this.coverage(rng, 'medicare');
    else if (rng.chance(adult ? 0.1 : 0.3)) medical = this.coverage(rng, 'medicaid');
    else if (rng.chance(0.8)) medical = this.coverage(rng, rng.chance(0.82) ? 'commercial_medical' : 'other');
    const visionDraw = rng.weighted(P.VISION_COVERAGE);
    // Medicare does not cover routine vision care; fewer seniors carry a vision plan.
    const vision = visionDraw !== 'none' && (age < 65 || rng.chance(0.5)) ? this.coverage(rng, visionDraw) : null;
    const myopic = age >= 8 && rng.chance(0.55);
    const base = myopic ? -quarter(Math.abs(rng.normal(2.0, 1.6)) + 0.25) : quarter(Math.abs(rng.normal(0.5, 0.9)));
    const aniso = quarter(rng.normal(0, 0.35));
    const cyl = () => (rng.chance(0.55) ? -0.25 * rng.int(1, rng.chance(0.8) ? 4 : 10) : 0);
    const guarantorId = !adult && rng.chance(0.9) ? this.adultPanelPatientId(loc, rng) : null;
    return {
      id,
      birthDay: ageDay - Math.round(age * 365.25) - rng.int(0, 364),
      gender,
      firstName,
      lastName,
      address: `${rng.int(100, 9899)} ${rng.pick(C.STREETS)}${rng.chance(0.15) ? `, Apt ${rng.int(1, 40)}` : ''}`,
      city: rng.chance(0.6) ? loc.city : rng.pick(C.CITIES_BY_STATE[loc.config.state] ?? C.FALLBACK_CITIES),
      state: loc.config.state,
      zip: `${loc.zipPrefix}${rng.digits(2)}`,
      phone: `${loc.areaCode}-${rng.int(200, 989)}-${rng.digits(4)}`,
      email: rng.chance(0.85) ? `${handle}${rng.int(1, 99)}@${rng.pick(C.EMAIL_DOMAINS)}` : null,
      vision,
      medical,
      // Only patients from 12 up wear lenses (~85% of patients): scale so ~30% of all do.
      wearsCl: age >= 12 && rng.chance(P.CL_WEARER_RATE / 0.85),
      rigidCl: rng.chance(0.1),
      sphere: [Math.max(-10, Math.min(6, base)), Math.max(-10, Math.min(6, base + aniso))],
      cylinder: [cyl(), cyl()],
      axis: [rng.int(1, 180), rng.int(1, 180)],
      pd: Math.round((adult ? rng.normal(63, 3.2) : rng.normal(56, 3)) * 2) / 2,
      referral: rng.weighted(P.REFERRAL_MIX),
      guarantorId,
      createdAt,
    };
  }

  private coverage(rng: Rng, payer: Exclude<PayerClass, 'private_pay'>): Coverage {
    const carrier = rng.pick<{ readonly name: string; readonly plans: readonly string[] }>(C.CARRIERS[payer]);
    return { payer, carrier: carrier.name, plan: rng.pick(carrier.plans) };
  }

  /** A parent or guardian from the established panel (exported with the panel, so always there). */
  private adultPanelPatientId(loc: Location, rng: Rng): string | null {
    for (let attempt = 0; attempt < 5; attempt++) {
      const index = rng.int(0, loc.panelSize - 1);
      if (this.drawAge(this.panelRng(loc, index), this.history) >= 18) return `PT${loc.code}-${String(index).padStart(6, '0')}`;
    }
    return null;
  }

  private patientRow(p: Patient, loc: Location, updatedAt = p.createdAt): SourceRow<'patients'> {
    return {
      patient_id: p.id,
      home_location_id: loc.config.id,
      first_name: p.firstName,
      last_name: p.lastName,
      birth_date: isoDate(p.birthDay),
      gender: p.gender,
      address_line1: p.address,
      city: p.city,
      state: p.state,
      postal_code: p.zip,
      phone: p.phone,
      email: p.email,
      guarantor_id: p.guarantorId,
      status: 'active',
      referral_source: p.referral,
      vision_carrier: p.vision?.carrier ?? null,
      vision_plan: p.vision?.plan ?? null,
      medical_carrier: p.medical?.carrier ?? null,
      medical_plan: p.medical?.plan ?? null,
      created_at: p.createdAt,
      updated_at: updatedAt,
    };
  }

  // --- a day at every location ------------------------------------------------------------

  /**
   * Simulates `day` at every location. Visits on days at or after `horizon` only book and cancel
   * (the rows they export earlier); what happens at the visit lies beyond the window.
   */
  simulateDay(day: number, horizon: number): void {
    if (!isOpen(day)) return;
    for (const loc of this.locations) {
      this.clinicDay(day, loc, day >= horizon);
      if (day < horizon) this.inventoryAdjustment(this.context(day, loc, 'ADJ'));
    }
  }

  private context(day: number, loc: Location, visit: string): Ctx {
    return { day, loc, rng: this.stream('visit', loc.code, day, visit), visit, counters: new Map() };
  }

  private nextId(c: Ctx, prefix: string): string {
    const n = (c.counters.get(prefix) ?? 0) + 1;
    c.counters.set(prefix, n);
    return `${prefix}${c.loc.code}-${compactDate(c.day)}-${c.visit}${n > 1 ? `-${n}` : ''}`;
  }

  private clinicDay(day: number, loc: Location, bookingsOnly: boolean): void {
    // The day's own stream decides only which slots are booked with what, so a visit's details
    // (drawn from its own stream) never shift another visit.
    const rng = this.stream('day', loc.code, day);
    const wd = weekday(day);
    const saturday = wd === 6;
    // Saturdays rotate between the doctors, a half day each.
    const week = Math.floor((day + 3) / 7);
    const rate = Math.min(P.MAX_BOOKING_RATE, P.BASE_BOOKING_RATE * P.seasonality(day) * (saturday ? 0.92 : 1));
    loc.doctors.forEach((doctor, doctorIndex) => {
      const works = saturday ? week % loc.doctors.length === doctorIndex : doctor.weekdays.includes(wd);
      if (!works || rng.chance(P.DOCTOR_ABSENCE_RATE)) return;
      const mix = doctor.role === 'ophthalmologist' ? P.OPHTHALMOLOGIST_MIX : P.OPTOMETRIST_MIX;
      let slot = 0;
      for (const [from, to] of saturday ? P.SATURDAY_SESSIONS : P.WEEKDAY_SESSIONS) {
        for (let minute = from; minute + P.SLOT_MINUTES <= to; minute += P.SLOT_MINUTES) {
          slot++;
          if (!rng.chance(rate)) continue;
          let type: VisitType = rng.weighted(mix);
          if (type === 'cl_fitting' && minute + 2 * P.SLOT_MINUTES > to) type = 'comprehensive_exam';
          this.visit(this.context(day, loc, `${doctorIndex + 1}${String(slot).padStart(2, '0')}`), doctor, type, minute, bookingsOnly);
          if (type === 'cl_fitting') minute += P.SLOT_MINUTES;
        }
      }
    });
  }

  /** One booked doctor visit and everything that follows from it. */
  private visit(d: Ctx, doctor: Doctor, type: VisitType, minute: number, bookingsOnly: boolean): void {
    const { rng, day } = d;
    const startAbs = day * 1440 + minute;
    const endAbs = startAbs + P.DURATION_MINUTES[type];
    const isNew = rng.chance(P.NEW_PATIENT_RATE[type]);
    const [minLead, maxLead] = isNew && type === 'comprehensive_exam' ? P.LEAD_DAYS.new_comprehensive_exam : P.LEAD_DAYS[type];
    // Skewed to short leads: most visits are booked within a couple of weeks.
    let lead = minLead + Math.floor((maxLead - minLead + 1) * rng.next() ** 1.6);
    if (lead === 0 && minute - 30 < 450) lead = 1;
    const bookedDay = onOrBefore(day - lead, (x) => weekday(x) !== 0);
    const createdAbs = bookedDay === day ? startAbs - rng.int(30, Math.min(180, minute - 450)) : bookedDay * 1440 + rng.int(480, 1050);
    const patient = isNew ? this.newPatient(d, createdAbs) : this.panelPatient(d.loc, rng.int(0, d.loc.panelSize - 1));
    const exportBooking = Math.max(this.history, bookedDay);
    if (isNew) this.out.emit('patients', exportBooking, this.patientRow(patient, d.loc));

    const appointment: SourceRow<'appointments'> = {
      appointment_id: this.nextId(d, 'AP'),
      patient_id: patient.id,
      location_id: d.loc.config.id,
      provider_id: doctor.id,
      appointment_type: type,
      scheduled_start: stamp(startAbs),
      scheduled_end: stamp(endAbs),
      status: 'scheduled',
      is_new_patient: isNew,
      created_at: stamp(createdAbs),
      cancelled_at: null,
      notes: rng.chance(0.25) ? rng.pick(C.APPOINTMENT_NOTES) : null,
      updated_at: stamp(createdAbs),
    };
    this.out.emit('appointments', exportBooking, appointment);

    const r = rng.next();
    const { cancelled, rescheduled, no_show } = P.STATUS_RATES;
    if (r < cancelled + rescheduled) {
      const before = rng.chance(P.LATE_CANCELLATION_SHARE) ? rng.int(30, 24 * 60) : rng.int(24 * 60, 7 * 24 * 60);
      const cancelAbs = Math.max(createdAbs + 5, startAbs - before);
      const status = r < cancelled ? 'cancelled' : 'rescheduled';
      this.out.emit('appointments', Math.max(this.history, dayOfMinute(cancelAbs)), { ...appointment, status, cancelled_at: stamp(cancelAbs), updated_at: stamp(cancelAbs) }, 2);
      return;
    }
    if (bookingsOnly) return;
    if (r < cancelled + rescheduled + no_show) {
      const at = stamp(day * 1440 + 1080 + rng.int(0, 60));
      this.out.emit('appointments', day, { ...appointment, status: 'no_show', updated_at: at }, 2);
      return;
    }
    this.out.emit('appointments', day, { ...appointment, status: 'completed', updated_at: stamp(endAbs + rng.int(5, 40)) }, 2);
    if (!isNew && rng.chance(P.PATIENT_UPDATE_RATE)) {
      // Check-in updates the phone, email or address: a new version of the patient record.
      const moved = rng.chance(0.4);
      const changed: Patient = {
        ...patient,
        phone: rng.chance(0.6) ? `${d.loc.areaCode}-${rng.int(200, 989)}-${rng.digits(4)}` : patient.phone,
        email: rng.chance(0.5) ? `${patient.firstName.toLowerCase().replace(/[^a-z]/g, '')}${rng.int(100, 999)}@${rng.pick(C.EMAIL_DOMAINS)}` : patient.email,
        address: moved ? `${rng.int(100, 9899)} ${rng.pick(C.STREETS)}` : patient.address,
        zip: moved ? `${d.loc.zipPrefix}${rng.digits(2)}` : patient.zip,
      };
      this.out.emit('patients', day, this.patientRow(changed, d.loc, stamp(startAbs - 5)), 2);
    }
    if (type !== 'follow_up') this.exam(d, doctor, patient, appointment.appointment_id as string, type, isNew, endAbs);
  }

  private exam(d: Ctx, doctor: Doctor, patient: Patient, appointmentId: string, type: Exclude<VisitType, 'follow_up'>, isNew: boolean, endAbs: number): void {
    const { rng, day, loc } = d;
    const age = ageOn(patient.birthDay, day);
    const examType = type === 'comprehensive_exam' ? 'comprehensive' : type === 'medical_visit' ? 'medical' : 'contact_lens_fitting';
    // A comprehensive exam with a medical diagnosis is billed to medical insurance; patients
    // without a vision plan are more often seen for one.
    const medicalRate = P.MEDICAL_EXAM_RATE_BY_AGE.find(([limit]) => age < limit)![1] + (patient.vision ? 0 : P.NO_VISION_PLAN_MEDICAL_BONUS);
    const medicalReason = examType === 'medical' || (examType === 'comprehensive' && patient.medical !== null && rng.chance(medicalRate));
    const cpt = examType === 'comprehensive' ? (isNew ? '92004' : '92014') : examType === 'medical' ? (rng.chance(0.8) ? '92012' : '99213') : '92310';
    const refractive = age >= 42 ? rng.pick(['H52.4', 'H52.4;H52.13', 'H52.4;H52.03']) : rng.pick(C.REFRACTIVE_DX);
    const icd = medicalReason ? `${rng.pick(C.MEDICAL_DX)}${examType === 'comprehensive' ? `;${refractive}` : ''}` : refractive;
    const examId = this.nextId(d, 'EX');
    this.out.emit('exams', day, {
      exam_id: examId,
      appointment_id: appointmentId,
      patient_id: patient.id,
      provider_id: doctor.id,
      location_id: loc.config.id,
      exam_date: isoDate(day),
      exam_type: examType,
      cpt_code: cpt,
      icd10_codes: icd,
      dilated: rng.chance(examType === 'contact_lens_fitting' ? 0 : examType === 'medical' ? 0.4 : 0.6),
      chief_complaint: rng.chance(0.9) ? rng.pick(C.CHIEF_COMPLAINTS[examType]) : null,
      updated_at: stamp(endAbs + 10),
    });

    // Who pays for the exam: medical insurance for a medical reason, else the vision plan.
    let payer: Coverage | null;
    if (medicalReason) payer = patient.medical;
    else if (examType === 'contact_lens_fitting') payer = rng.chance(0.3) ? patient.vision : null;
    else payer = patient.vision ?? (patient.medical?.payer === 'medicaid' ? patient.medical : null);
    // Refraction (92015) is billed with routine exams; medical plans do not cover it.
    const codes = (cpt === '92004' || cpt === '92014') && !medicalReason ? [cpt, '92015'] : [cpt];
    const billed = round2(codes.reduce((sum, c) => sum + P.EXAM_FEES[c]!, 0) * this.feeFactor);
    const split = this.split(rng, payer?.payer ?? 'private_pay', billed, 'exam');
    const paidAt = endAbs + rng.int(2, 10);
    this.bill(d, { patient, providerId: doctor.id, examId, orderId: null, serviceAbs: endAbs, payer, codes, icd, billed, split, patientPayments: [{ abs: paidAt, amount: split.patient }] });

    if (examType === 'medical') return;
    const spectacle = examType === 'comprehensive' && rng.chance(P.SPECTACLE_RX_RATE);
    const contacts = examType === 'contact_lens_fitting' || (examType === 'comprehensive' && patient.wearsCl && rng.chance(0.9));
    if (spectacle) {
      const rx = this.prescription(d, doctor, patient, examId, 'spectacle', age);
      if (rng.chance(P.OPTICAL_CAPTURE_RATE)) {
        const orderDay = rng.chance(P.LATE_ORDER_RATE) ? addDays(day + 1, rng.int(0, 9), isOpen) : day;
        const orderAbs = orderDay === day ? endAbs + rng.int(10, 40) : orderDay * 1440 + rng.int(600, 1050);
        this.eyewearOrder(d, patient, rx, age, orderAbs, false);
        if (rng.chance(P.SECOND_PAIR_RATE)) this.eyewearOrder(d, patient, rx, age, orderAbs + rng.int(5, 20), true);
      }
    }
    if (contacts) {
      const rx = this.prescription(d, doctor, patient, examId, patient.rigidCl ? 'rigid_cl' : 'soft_cl', age);
      if (rng.chance(P.CL_CAPTURE_RATE)) this.contactLensOrder(d, patient, rx, endAbs + rng.int(10, 30));
    }
  }

  private prescription(d: Ctx, doctor: Doctor, patient: Patient, examId: string, rxType: 'spectacle' | 'soft_cl' | 'rigid_cl', age: number): RxInfo {
    const { rng, day } = d;
    // Refraction drifts a little from visit to visit.
    const sphere = patient.sphere.map((s) => quarter(s + (rng.chance(0.3) ? rng.pick([-0.25, 0.25]) : 0)));
    const add = age >= 42 ? Math.min(2.75, 0.75 + 0.25 * Math.floor((age - 42) / 3)) : null;
    const spectacle = rxType === 'spectacle';
    const prism = spectacle && rng.chance(0.02) ? { power: rng.pick([0.5, 1, 1.5, 2, 3]), base: rng.pick(PRISM_BASES) } : null;
    const clProduct = rxType === 'rigid_cl' ? C.CL_PRODUCTS.find((p) => p.id === 'CL-RGP')! : patient.cylinder.some((c) => c <= -0.75) ? C.CL_PRODUCTS.find((p) => p.id === 'CL-BIOT-6')! : rng.pick(SOFT_SPHERICAL_CL);
    const rxId = this.nextId(d, 'RX');
    const eye = (i: 0 | 1) => ({
      sphere: sphere[i]!,
      cylinder: patient.cylinder[i] === 0 ? null : patient.cylinder[i]!,
      axis: patient.cylinder[i] === 0 ? null : patient.axis[i]!,
    });
    const [od, os] = [eye(0), eye(1)];
    this.out.emit('prescriptions', day, {
      rx_id: rxId,
      exam_id: examId,
      patient_id: patient.id,
      prescriber_id: doctor.id,
      rx_type: rxType,
      rx_date: isoDate(day),
      expiry_date: isoDate(addYears(day, spectacle ? 2 : 1)),
      od_sphere: od.sphere,
      od_cylinder: od.cylinder,
      od_axis: od.axis,
      od_add: spectacle ? add : null,
      od_prism: prism?.power ?? null,
      od_prism_base: prism?.base ?? null,
      os_sphere: os.sphere,
      os_cylinder: os.cylinder,
      os_axis: os.axis,
      os_add: spectacle ? add : null,
      os_prism: prism?.power ?? null,
      // Vertical prism is split base up / base down between the eyes; horizontal has the same base.
      os_prism_base: prism ? OPPOSITE_BASE[prism.base] : null,
      pd: spectacle ? patient.pd : null,
      cl_brand: spectacle ? null : clProduct.brand,
      cl_base_curve: spectacle ? null : rxType === 'rigid_cl' ? rng.pick([7.6, 7.8, 8.0]) : rng.pick([8.4, 8.5, 8.6, 8.7]),
      cl_diameter: spectacle ? null : rxType === 'rigid_cl' ? 9.5 : rng.pick([14.0, 14.2, 14.5]),
      updated_at: timestamp(day, 1080),
    });
    return { id: rxId, add, astigmatic: od.cylinder !== null || os.cylinder !== null, clProduct };
  }

  // --- optical --------------------------------------------------------------------------------

  /** One eyewear job: a complete pair, or lenses in the patient's own frame. */
  private eyewearOrder(d: Ctx, patient: Patient, rx: RxInfo, age: number, orderAbs: number, secondPair: boolean): void {
    const { rng, loc } = d;
    const orderDay = dayOfMinute(orderAbs);
    const optician = rng.pick(loc.opticians);
    const boardItem = !secondPair && rng.chance(P.OWN_FRAME_RATE) ? null : rng.pick(loc.board);
    const frame = boardItem?.frame ?? null;
    const style: keyof typeof C.LENS_PRODUCTS =
      rx.add === null ? 'single_vision' : rng.weighted(P.PRESBYOPE_LENS_MIX);
    // Children get impact-resistant polycarbonate.
    const material: keyof typeof C.MATERIAL_PRODUCTS = age < 18 ? 'polycarbonate' : rng.weighted(P.LENS_MATERIAL_MIX);
    const treatments = (Object.keys(P.TREATMENT_RATES) as (keyof typeof P.TREATMENT_RATES)[]).filter((t) => rng.chance(P.TREATMENT_RATES[t]));
    const discountShare = secondPair ? rng.uniform(0.3, 0.5) : rng.chance(P.DISCOUNT_RATE) ? rng.uniform(...P.DISCOUNT_SHARE) : 0;

    const orderId = this.nextId(d, 'OR');
    const lines: SourceRow<'optical_order_lines'>[] = [];
    const at = stamp(orderAbs);
    const line = (productId: string, hcpcs: string, description: string, quantity: number, unitPrice: number, discountable: boolean) =>
      lines.push({
        order_id: orderId,
        line_number: lines.length + 1,
        product_id: productId,
        hcpcs_code: hcpcs,
        description,
        quantity,
        unit_price: unitPrice,
        discount_amount: discountable ? round2(unitPrice * quantity * discountShare) : 0,
        updated_at: at,
      });
    if (frame) line(frame.id, 'V2020', `Frame ${frame.brand} ${frame.model}`, 1, frame.retail, true);
    const lens = C.LENS_PRODUCTS[style];
    line(lens.id, style === 'single_vision' && rx.astigmatic ? 'V2103' : lens.hcpcs, lens.description, 2, lens.retail, true);
    const mat = C.MATERIAL_PRODUCTS[material];
    if (mat) line(mat.id, mat.hcpcs, mat.description, 2, mat.retail, true);
    for (const t of treatments) {
      const product = C.TREATMENT_PRODUCTS[t];
      line(product.id, product.hcpcs, product.description, 2, product.retail, true);
    }
    if (rng.chance(0.12)) {
      const acc = rng.pick(C.ACCESSORY_PRODUCTS);
      line(acc.id, acc.hcpcs, acc.description, 1, acc.retail, false);
    }
    const total = round2(lines.reduce((sum, l) => sum + (l.quantity as number) * (l.unit_price as number) - (l.discount_amount as number), 0));

    // Vision plans pay for one pair a benefit period; second pairs and lapsed benefits are self-pay.
    const payer = !secondPair && patient.vision && rng.chance(0.9) ? patient.vision : !secondPair && patient.medical?.payer === 'medicaid' ? patient.medical : null;
    const split = this.split(rng, payer?.payer ?? 'private_pay', total, 'order');
    const labDays = rng.int(4, 8);
    const remake = rng.chance(P.REMAKE_RATE) ? rng.pick(['wrong_rx', 'lab_error', 'adaptation', 'frame_damage', 'measurement']) : null;
    const dueDay = addDays(orderDay + 1, labDays + 1, isBusinessDay);
    const readyDay = addDays(orderDay + 1, labDays + (remake ? 5 : 0), isBusinessDay);
    const cancelled = rng.chance(P.ORDER_CANCEL_RATE);
    const order: SourceRow<'optical_orders'> = {
      order_id: orderId,
      patient_id: patient.id,
      location_id: loc.config.id,
      rx_id: rx.id,
      optician_id: optician,
      order_type: 'eyewear',
      order_date: isoDate(orderDay),
      due_date: isoDate(dueDay),
      dispensed_date: null,
      frame_upc: frame?.upc ?? null,
      frame_brand: frame?.brand ?? null,
      frame_model: frame?.model ?? null,
      frame_color: frame?.color ?? null,
      frame_size: frame?.size ?? null,
      lens_style: style,
      lens_material: material,
      lens_treatments: treatments.length ? treatments.join(';') : null,
      cl_supply_months: null,
      lab_name: rng.pick(C.LABS),
      remake_code: null,
      status: 'ordered',
      total_amount: total,
      insurance_portion: split.insurance,
      patient_portion: split.patient,
      updated_at: at,
    };
    this.out.emit('optical_orders', orderDay, order);
    for (const l of lines) this.out.emit('optical_order_lines', orderDay, l);
    if (frame) {
      this.movement(d, orderDay, { product: frame.id, type: 'sold', abs: orderAbs, orderId, cost: frame.cost, reason: null });
      this.replenish(d, frame, orderDay);
    }
    if (cancelled) {
      const cancelAbs = addDays(orderDay + 1, rng.int(0, 2), isOpen) * 1440 + rng.int(600, 1020);
      this.out.emit('optical_orders', dayOfMinute(cancelAbs), { ...order, status: 'cancelled', updated_at: stamp(cancelAbs) }, 2);
      if (frame) this.movement(d, dayOfMinute(cancelAbs), { product: frame.id, type: 'returned', abs: cancelAbs, orderId, cost: frame.cost, reason: 'order_cancelled' });
      return;
    }
    // The lab confirms the job the next business day; the practice marks it ready and dispensed.
    const labDay = addDays(orderDay + 1, 0, isBusinessDay);
    this.out.emit('optical_orders', labDay, { ...order, status: 'in_lab', updated_at: timestamp(labDay, rng.int(480, 600)) }, 2);
    const readyAbs = readyDay * 1440 + rng.int(660, 900);
    this.out.emit('optical_orders', readyDay, { ...order, status: 'ready', remake_code: remake, updated_at: stamp(readyAbs) }, 3);
    const pickupDay = addDays(readyDay, rng.chance(0.5) ? 0 : rng.int(1, 5), isOpen);
    const pickupAbs = this.dispensingVisit(d, patient, optician, readyAbs, pickupDay);
    this.out.emit('optical_orders', pickupDay, { ...order, status: 'dispensed', remake_code: remake, dispensed_date: isoDate(pickupDay), updated_at: stamp(pickupAbs) }, 4);

    // Patients pay part of their share when ordering and the balance at pickup.
    const deposit = rng.chance(0.6) ? split.patient : round2(split.patient / 2);
    const payments = [{ abs: orderAbs + 5, amount: deposit }, { abs: pickupAbs, amount: round2(split.patient - deposit) }];
    this.bill(d, { patient, providerId: rng.pick(loc.doctors).id, examId: null, orderId, serviceAbs: orderAbs, payer, codes: [...new Set(lines.map((l) => l.hcpcs_code as string))], icd: null, billed: total, split, patientPayments: payments });
  }

  /**
   * Pickup of a ready job: most patients book a dispensing visit with an optician when the lab
   * calls; the rest walk in. Returns when the order was handed over.
   */
  private dispensingVisit(d: Ctx, patient: Patient, optician: string, readyAbs: number, pickupDay: number): number {
    const { rng, loc } = d;
    const sameDay = pickupDay === dayOfMinute(readyAbs);
    const latest = weekday(pickupDay) === 6 ? 760 : 1020;
    const earliest = sameDay ? Math.ceil((readyAbs % 1440 + 60) / 20) * 20 : 600;
    const startAbs = pickupDay * 1440 + Math.min(latest, earliest + 20 * rng.int(0, Math.max(0, Math.floor((latest - earliest) / 20))));
    const endAbs = startAbs + P.DURATION_MINUTES.dispensing;
    if (!rng.chance(0.6)) return endAbs;
    const bookedAbs = readyAbs + rng.int(10, 50);
    const appointment: SourceRow<'appointments'> = {
      appointment_id: this.nextId(d, 'AP'),
      patient_id: patient.id,
      location_id: loc.config.id,
      provider_id: optician,
      appointment_type: 'dispensing',
      scheduled_start: stamp(startAbs),
      scheduled_end: stamp(endAbs),
      status: 'scheduled',
      is_new_patient: false,
      created_at: stamp(bookedAbs),
      cancelled_at: null,
      notes: null,
      updated_at: stamp(bookedAbs),
    };
    this.out.emit('appointments', dayOfMinute(bookedAbs), appointment);
    this.out.emit('appointments', pickupDay, { ...appointment, status: 'completed', updated_at: stamp(endAbs + rng.int(5, 20)) }, 2);
    return endAbs;
  }

  private contactLensOrder(d: Ctx, patient: Patient, rx: RxInfo, orderAbs: number): void {
    const { rng, loc } = d;
    const orderDay = dayOfMinute(orderAbs);
    const months = Number(rng.weighted(P.CL_SUPPLY_MIX));
    const product = rx.clProduct;
    const boxes = 2 * Math.max(1, Math.ceil(months * product.boxesPerEyePerMonth));
    const orderId = this.nextId(d, 'OR');
    const at = stamp(orderAbs);
    // Annual supplies come with the practice's 10% discount (manufacturer rebates are separate).
    const discount = months === 12 ? round2(boxes * product.retail * 0.1) : 0;
    const total = round2(boxes * product.retail - discount);
    const payer = patient.vision && rng.chance(0.5) ? patient.vision : null;
    const split = this.split(rng, payer?.payer ?? 'private_pay', total, 'order');
    const shippedDay = addDays(orderDay + 1, rng.int(2, 6), isBusinessDay);
    const order: SourceRow<'optical_orders'> = {
      order_id: orderId,
      patient_id: patient.id,
      location_id: loc.config.id,
      rx_id: rx.id,
      optician_id: rng.pick(loc.opticians),
      order_type: 'contact_lens',
      order_date: isoDate(orderDay),
      due_date: isoDate(shippedDay),
      dispensed_date: null,
      frame_upc: null,
      frame_brand: null,
      frame_model: null,
      frame_color: null,
      frame_size: null,
      lens_style: null,
      lens_material: null,
      lens_treatments: null,
      cl_supply_months: months,
      lab_name: C.CL_DISTRIBUTOR,
      remake_code: null,
      status: 'ordered',
      total_amount: total,
      insurance_portion: split.insurance,
      patient_portion: split.patient,
      updated_at: at,
    };
    this.out.emit('optical_orders', orderDay, order);
    this.out.emit('optical_order_lines', orderDay, {
      order_id: orderId,
      line_number: 1,
      product_id: product.id,
      hcpcs_code: product.hcpcs,
      description: product.description,
      quantity: boxes,
      unit_price: product.retail,
      discount_amount: discount,
      updated_at: at,
    });
    // Shipped to the patient's home by the distributor: dispensed when shipped.
    const shippedAbs = shippedDay * 1440 + rng.int(540, 1020);
    this.out.emit('optical_orders', shippedDay, { ...order, status: 'dispensed', dispensed_date: isoDate(shippedDay), updated_at: stamp(shippedAbs) }, 2);
    this.bill(d, { patient, providerId: rng.pick(loc.doctors).id, examId: null, orderId, serviceAbs: orderAbs, payer, codes: [product.hcpcs], icd: null, billed: total, split, patientPayments: [{ abs: orderAbs + 5, amount: split.patient }] });
  }

  // --- inventory ------------------------------------------------------------------------------

  private movement(d: Ctx, day: number, m: { product: string; type: 'received' | 'sold' | 'adjusted' | 'returned'; abs: number; orderId: string | null; cost: number; reason: string | null }): void {
    this.out.emit('inventory_movements', day, {
      movement_id: this.nextId(d, 'IM'),
      product_id: m.product,
      location_id: d.loc.config.id,
      movement_type: m.type,
      quantity: 1,
      moved_at: stamp(m.abs),
      order_id: m.orderId,
      unit_cost: m.cost,
      reason: m.reason,
      updated_at: stamp(m.abs),
    });
  }

  /** Frame boards are kept full: a frame that leaves is reordered and arrives days later. */
  private replenish(d: Ctx, frame: C.Frame, fromDay: number): void {
    const arrival = addDays(fromDay + 1, d.rng.int(...P.REPLENISH_BUSINESS_DAYS), isBusinessDay);
    this.movement(d, arrival, { product: frame.id, type: 'received', abs: arrival * 1440 + d.rng.int(600, 720), orderId: null, cost: frame.cost, reason: 'reorder' });
  }

  private inventoryAdjustment(d: Ctx): void {
    if (!d.rng.chance(P.DAILY_ADJUSTMENT_RATE)) return;
    const { frame } = d.rng.pick(d.loc.board);
    const reason = d.rng.pick(['damaged', 'missing_at_count', 'display_wear']);
    this.movement(d, d.day, { product: frame.id, type: 'adjusted', abs: d.day * 1440 + d.rng.int(540, 1000), orderId: null, cost: frame.cost, reason });
    this.replenish(d, frame, d.day);
  }

  // --- billing --------------------------------------------------------------------------------

  /** How a charge splits between payer, patient and write-off. */
  private split(rng: Rng, payer: PayerClass, billed: number, kind: 'exam' | 'order'): Split {
    if (payer === 'private_pay') return { allowed: billed, insurance: 0, patient: billed };
    const allowed = round2(billed * rng.uniform(...P.ALLOWED_SHARE[payer]));
    let patient: number;
    switch (payer) {
      case 'vsp':
      case 'other_vision':
        patient = kind === 'exam' ? rng.pick([10, 15, 20, 25]) : round2(allowed * rng.uniform(0.2, 0.45));
        break;
      case 'medicare':
        patient = round2(allowed * 0.2);
        break;
      case 'medicaid':
        patient = 0;
        break;
      case 'commercial_medical':
        patient = rng.pick([20, 30, 40, 50]);
        break;
      case 'other':
        patient = rng.pick([0, 10, 20]);
        break;
    }
    patient = Math.min(patient, allowed);
    return { allowed, insurance: round2(allowed - patient), patient };
  }

  /** The claim for a charge, its status changes, and the payments applied to it. */
  private bill(d: Ctx, c: Charge): void {
    const { rng, loc } = d;
    const claimId = this.nextId(d, 'CL');
    const serviceDay = dayOfMinute(c.serviceAbs);
    const payer = c.payer?.payer ?? 'private_pay';
    const base: SourceRow<'claims'> = {
      claim_id: claimId,
      patient_id: c.patient.id,
      location_id: loc.config.id,
      provider_id: c.providerId,
      exam_id: c.examId,
      order_id: c.orderId,
      payer_class: payer,
      payer_name: c.payer?.carrier ?? 'Self-pay',
      service_date: isoDate(serviceDay),
      submitted_date: isoDate(serviceDay),
      status: 'submitted',
      adjudicated_date: null,
      denial_reason: null,
      cpt_codes: c.codes.join(';'),
      icd10_codes: c.icd,
      billed_amount: c.billed,
      paid_amount: null,
      adjusted_amount: null,
      patient_responsibility: c.split.patient,
      updated_at: stamp(c.serviceAbs + 1),
    };
    let patientPayments = c.patientPayments.filter((p) => p.amount > 0);
    if (payer === 'private_pay') {
      // Self-pay: settled at the desk, or a statement paid by mail weeks later.
      if (rng.chance(P.STATEMENT_RATE)) {
        const paidDay = addDays(serviceDay + rng.int(...P.STATEMENT_DAYS), 0, isBusinessDay);
        patientPayments = [{ abs: paidDay * 1440 + rng.int(540, 1000), amount: c.split.patient }];
      }
      const last = patientPayments.length ? Math.max(...patientPayments.map((p) => p.abs)) : c.serviceAbs + 1;
      const paid = { ...base, status: 'paid', adjudicated_date: isoDate(dayOfMinute(last)), paid_amount: c.billed, adjusted_amount: 0, updated_at: stamp(last + 1) };
      if (dayOfMinute(last) !== serviceDay) this.out.emit('claims', serviceDay, base);
      this.out.emit('claims', dayOfMinute(last), paid, dayOfMinute(last) !== serviceDay ? 2 : 1);
    } else {
      // Claims go out in the evening batch of the service day, so the claim is exported no later
      // than the copay or deposit applied to it.
      const submitDay = serviceDay;
      const submitted = { ...base, updated_at: stamp(Math.max(c.serviceAbs + 15, serviceDay * 1440 + rng.int(1080, 1200))) };
      this.out.emit('claims', submitDay, submitted);
      let version = 2;
      const decisionDay = addDays(submitDay + 1, rng.int(...P.ADJUDICATION_BUSINESS_DAYS), isBusinessDay);
      if (rng.chance(P.ACCEPTED_VERSION_RATE)) {
        const acceptedDay = addDays(submitDay + 1, rng.int(0, 1), isBusinessDay);
        this.out.emit('claims', acceptedDay, { ...submitted, status: 'accepted', updated_at: timestamp(acceptedDay, rng.int(420, 600)) }, version++);
      }
      const decidedAt = timestamp(decisionDay, rng.int(660, 900));
      if (rng.chance(P.DENIAL_RATE[payer])) {
        this.out.emit('claims', decisionDay, { ...submitted, status: 'denied', adjudicated_date: isoDate(decisionDay), denial_reason: rng.weighted(C.DENIAL_WEIGHTS), paid_amount: 0, adjusted_amount: 0, updated_at: decidedAt }, version);
      } else {
        this.out.emit('claims', decisionDay, { ...submitted, status: 'paid', adjudicated_date: isoDate(decisionDay), paid_amount: c.split.insurance, adjusted_amount: round2(c.billed - c.split.allowed), updated_at: decidedAt }, version);
        if (c.split.insurance > 0) {
          const eft = rng.chance(0.8);
          this.payment(d, decisionDay, {
            claimId,
            patient: c.patient,
            orderId: c.orderId,
            abs: decisionDay * 1440 + rng.int(930, 1000),
            payerType: 'insurance',
            method: eft ? 'eft' : 'check',
            amount: c.split.insurance,
            reference: eft ? `EFT${rng.digits(9)}` : `CHK${rng.digits(6)}`,
          });
        }
      }
    }
    for (const p of patientPayments) {
      const method = rng.weighted(P.PATIENT_METHODS);
      this.payment(d, dayOfMinute(p.abs), {
        claimId,
        patient: c.patient,
        orderId: c.orderId,
        abs: p.abs,
        payerType: 'patient',
        method: method === 'financing' && p.amount < 300 ? 'credit_card' : method,
        amount: p.amount,
        reference: method === 'cash' ? null : method === 'check' ? `CHK${rng.digits(4)}` : `AUTH${rng.digits(6)}`,
      });
    }
  }

  private payment(d: Ctx, day: number, p: { claimId: string; patient: Patient; orderId: string | null; abs: number; payerType: 'patient' | 'insurance'; method: string; amount: number; reference: string | null }): void {
    this.out.emit('payments', day, {
      payment_id: this.nextId(d, 'PY'),
      patient_id: p.patient.id,
      location_id: d.loc.config.id,
      claim_id: p.claimId,
      order_id: p.orderId,
      received_at: stamp(p.abs),
      payer_type: p.payerType,
      method: p.method,
      amount: p.amount,
      reference: p.reference,
      posted_by: d.rng.pick(d.loc.frontDesk),
      updated_at: stamp(p.abs),
    });
  }
}

const OPPOSITE_BASE = { up: 'down', down: 'up', in: 'in', out: 'out' } as const;
const SOFT_SPHERICAL_CL = C.CL_PRODUCTS.filter((p) => p.hcpcs === 'V2520');

interface RxInfo {
  readonly id: string;
  readonly add: number | null;
  readonly astigmatic: boolean;
  readonly clProduct: (typeof C.CL_PRODUCTS)[number];
}

interface Split {
  /** What the payer recognises; billed minus allowed is written off. */
  readonly allowed: number;
  readonly insurance: number;
  readonly patient: number;
}

interface Charge {
  readonly patient: Patient;
  readonly providerId: string;
  readonly examId: string | null;
  readonly orderId: string | null;
  readonly serviceAbs: number;
  readonly payer: Coverage | null;
  readonly codes: readonly string[];
  readonly icd: string | null;
  readonly billed: number;
  readonly split: Split;
  readonly patientPayments: readonly { readonly abs: number; readonly amount: number }[];
}
