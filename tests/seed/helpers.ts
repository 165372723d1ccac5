/**
 * Shared by the seed tests: generate into a temp directory (removed after the run, see
 * tests/global-setup.js), read the files back the way a loader would, and compute the domain
 * KPIs the distribution tests check.
 */
import { ENTITIES, entity, type EntityName } from '../../model/entities';
import { tempDir } from '../helpers/config';
import { generateSeedData, readEntityRecords, type LocatedRecord, type RawRecord, type SeedInput, type SeedManifest } from '../../local/seed';

export const MEDIUM_TENANT: Omit<SeedInput, 'startDate' | 'days'> = {
  tenantId: 'clearsight',
  tier: 'medium',
  seed: 7,
  locations: [
    { id: 'northside', name: 'ClearSight Northside', state: 'IL', city: 'Chicago' },
    { id: 'lakeview', name: 'ClearSight Lakeview', state: 'IL', city: 'Chicago' },
    { id: 'evanston', name: 'ClearSight Evanston', state: 'IL', city: 'Evanston' },
    { id: 'oak_park', name: 'ClearSight Oak Park', state: 'IL' },
  ],
};

export const SMALL_TENANT: Omit<SeedInput, 'startDate' | 'days'> = {
  tenantId: 'brightview',
  tier: 'small',
  seed: 11,
  locations: [{ id: 'main_street', name: 'BrightView Main Street', state: 'TX', city: 'Austin' }],
};

export interface Generated {
  readonly dir: string;
  readonly manifest: SeedManifest;
}

export function generate(input: SeedInput, label = input.tenantId): Generated {
  const dir = tempDir(label);
  return { dir, manifest: generateSeedData(input, dir) };
}

/** Every record of every entity, malformed ones included. */
export function readAll(g: Generated): Record<EntityName, LocatedRecord[]> {
  return Object.fromEntries(ENTITIES.map((e) => [e.name, readEntityRecords(g.dir, g.manifest, e.name)])) as Record<EntityName, LocatedRecord[]>;
}

const keyOf = (name: EntityName, r: RawRecord) => entity(name).businessKey.map((k) => r[k]).join('|');

/** The current version of every business key, malformed rows left out (what staging keeps). */
export function latestValid(g: Generated, all = readAll(g)): Record<EntityName, RawRecord[]> {
  const bad = new Set(g.manifest.malformed.map((m) => `${m.file}#${m.row}`));
  const out = {} as Record<EntityName, RawRecord[]>;
  for (const spec of ENTITIES) {
    const latest = new Map<string, RawRecord>();
    for (const { file, row, record } of all[spec.name]) {
      if (bad.has(`${file}#${row}`)) continue;
      const key = keyOf(spec.name, record);
      const prev = latest.get(key);
      if (!prev || prev.updated_at! < record.updated_at!) latest.set(key, record);
    }
    out[spec.name] = [...latest.values()];
  }
  return out;
}

const num = (v: string | null) => Number(v ?? 0);
const ratio = (n: number, d: number) => (d === 0 ? Number.NaN : n / d);
const weekdayOf = (isoDate: string) => new Date(`${isoDate.slice(0, 10)}T00:00:00Z`).getUTCDay();

/** Domain KPIs over visits dated in [from, to) (ISO dates). */
export function kpis(data: Record<EntityName, RawRecord[]>, from: string, to: string) {
  const inRange = (d: string | null) => d !== null && d.slice(0, 10) >= from && d.slice(0, 10) < to;
  const doctorVisits = data.appointments.filter((a) => a.appointment_type !== 'dispensing' && inRange(a.scheduled_start));
  const count = (status: string) => doctorVisits.filter((a) => a.status === status).length;
  const completed = doctorVisits.filter((a) => a.status === 'completed');
  const seen = new Map<string, boolean>();
  for (const a of completed) seen.set(a.patient_id!, (seen.get(a.patient_id!) ?? false) || a.is_new_patient === 'true');

  const exams = data.exams.filter((e) => inRange(e.exam_date));
  const comprehensive = exams.filter((e) => e.exam_type === 'comprehensive');
  const doctorDays = new Set(comprehensive.map((e) => `${e.provider_id}|${e.exam_date}`));
  const examIds = new Set(exams.map((e) => e.exam_id));
  const spectacleRx = data.prescriptions.filter((r) => r.rx_type === 'spectacle' && examIds.has(r.exam_id));
  const eyewear = data.optical_orders.filter((o) => o.order_type === 'eyewear');
  const rxWithOrder = new Set(eyewear.map((o) => o.rx_id));
  const completePairs = eyewear.filter((o) => o.frame_upc !== null && o.status !== 'cancelled' && inRange(o.order_date));
  const clOrders = data.optical_orders.filter((o) => o.order_type === 'contact_lens' && inRange(o.order_date));

  const claims = data.claims.filter((c) => inRange(c.service_date));
  const thirdPartyFinal = claims.filter((c) => c.payer_class !== 'private_pay' && (c.status === 'paid' || c.status === 'denied'));
  const billedBy = new Map<string, number>();
  for (const c of claims) billedBy.set(c.payer_class!, (billedBy.get(c.payer_class!) ?? 0) + num(c.billed_amount));
  const billedTotal = [...billedBy.values()].reduce((a, b) => a + b, 0);

  return {
    doctorVisits: doctorVisits.length,
    noShowRate: ratio(count('no_show'), doctorVisits.length),
    cancellationRate: ratio(count('cancelled'), doctorVisits.length),
    sundayVisits: data.appointments.filter((a) => weekdayOf(a.scheduled_start!) === 0).length,
    newPatientShare: ratio([...seen.values()].filter(Boolean).length, seen.size),
    comprehensivePerDoctorDay: ratio(comprehensive.length, doctorDays.size),
    opticalCapture: ratio(spectacleRx.filter((r) => rxWithOrder.has(r.rx_id)).length, spectacleRx.length),
    averageEyewearSale: ratio(completePairs.reduce((s, o) => s + num(o.total_amount), 0), completePairs.length),
    clAnnualSupplyRate: ratio(clOrders.filter((o) => o.cl_supply_months === '12').length, clOrders.length),
    denialRate: ratio(thirdPartyFinal.filter((c) => c.status === 'denied').length, thirdPartyFinal.length),
    payerMix: Object.fromEntries([...billedBy].map(([k, v]) => [k, v / billedTotal])),
  };
}
