import { generate, kpis, latestValid, MEDIUM_TENANT, SMALL_TENANT } from './helpers';

/**
 * The sample data must look like a practice: KPIs over a 90-day run of a medium tenant land in
 * the published ranges of docs/domain.md.
 */
describe('sample data distributions (medium tenant, 90 days)', () => {
  const g = generate({ ...MEDIUM_TENANT, startDate: '2024-01-01', days: 90 }, 'dist');
  const data = latestValid(g);
  // Visits of the first 60 days: their orders, claims and payments have happened by day 90.
  const k = kpis(data, '2024-01-01', '2024-03-01');

  it.each([
    ['no-show rate', k.noShowRate, 0.08, 0.12],
    ['cancellation rate', k.cancellationRate, 0.05, 0.1],
    ['new patient share of patients seen', k.newPatientShare, 0.22, 0.33],
    ['comprehensive exams per doctor day (quiet season)', k.comprehensivePerDoctorDay, 7, 11],
    ['optical capture rate', k.opticalCapture, 0.55, 0.7],
    ['average eyewear sale per complete pair', k.averageEyewearSale, 200, 260],
    ['contact lens annual-supply rate', k.clAnnualSupplyRate, 0.3, 0.5],
    ['claim denial rate (third-party claims)', k.denialRate, 0.1, 0.2],
  ])('%s is in range', (_, value, min, max) => {
    expect(value).toBeGreaterThanOrEqual(min);
    expect(value).toBeLessThanOrEqual(max);
  });

  it('has enough visits for the rates to mean something', () => {
    expect(k.doctorVisits).toBeGreaterThan(2500);
  });

  it('bills the payer mix of domain.md within 6 points per class', () => {
    const target = { private_pay: 0.3, medicare: 0.13, medicaid: 0.07, vsp: 0.18, other_vision: 0.13, commercial_medical: 0.16, other: 0.03 };
    for (const [payer, share] of Object.entries(target)) expect({ payer, off: Math.abs((k.payerMix[payer] ?? 0) - share) <= 0.06 }).toEqual({ payer, off: true });
    expect((k.payerMix.medicare ?? 0) + (k.payerMix.medicaid ?? 0)).toBeGreaterThan(0.14);
  });

  it('sees no patients on Sundays or holidays', () => {
    expect(k.sundayVisits).toBe(0);
    const holidays = ['2024-01-01', '2024-05-27', '2024-07-04'];
    expect(data.appointments.filter((a) => holidays.includes(a.scheduled_start!.slice(0, 10)))).toEqual([]);
  });

  it('schedules Saturdays lighter than weekdays', () => {
    const perDay = new Map<string, number>();
    for (const a of data.appointments) perDay.set(a.scheduled_start!.slice(0, 10), (perDay.get(a.scheduled_start!.slice(0, 10)) ?? 0) + 1);
    const mean = (wd: number[]) => {
      const days = [...perDay].filter(([d]) => wd.includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
      return days.reduce((s, [, n]) => s + n, 0) / days.length;
    };
    expect(mean([6])).toBeLessThan(mean([1, 2, 3, 4, 5]) * 0.6);
  });

  it('cancels mostly within 24 hours of the visit', () => {
    const cancelled = data.appointments.filter((a) => a.status === 'cancelled');
    const late = cancelled.filter((a) => Date.parse(a.scheduled_start!) - Date.parse(a.cancelled_at!) <= 24 * 3600_000);
    expect(late.length / cancelled.length).toBeGreaterThan(0.6);
  });

  it('collects insurance weeks after the charge and patient shares at the desk', () => {
    const claims = new Map(data.claims.map((c) => [c.claim_id, c]));
    const lag = (payerType: string) => {
      const ps = data.payments.filter((p) => p.payer_type === payerType);
      return ps.reduce((s, p) => s + (Date.parse(p.received_at!.slice(0, 10)) - Date.parse(claims.get(p.claim_id)!.service_date!)) / 86_400_000, 0) / ps.length;
    };
    expect(lag('insurance')).toBeGreaterThan(15);
    expect(lag('insurance')).toBeLessThan(45);
    expect(lag('patient')).toBeLessThan(7);
  });

  it('keeps about 850 frames on the board per location, turning them about 1.8 times a year', () => {
    const opening = new Map<string, number>();
    const sold = new Map<string, number>();
    for (const m of data.inventory_movements) {
      if (m.reason === 'opening_balance') opening.set(m.location_id!, (opening.get(m.location_id!) ?? 0) + Number(m.quantity));
      if (m.movement_type === 'sold') sold.set(m.location_id!, (sold.get(m.location_id!) ?? 0) + 1);
    }
    expect(opening.size).toBe(4);
    for (const [loc, onHand] of opening) {
      expect({ loc, onHand: onHand >= 600 && onHand <= 1300 }).toEqual({ loc, onHand: true });
      const turns = ((sold.get(loc) ?? 0) * 365) / 90 / onHand;
      expect({ loc, turns: turns >= 1.1 && turns <= 2.8 }).toEqual({ loc, turns: true });
    }
  });

  it('staffs each location like an independent practice', () => {
    const roles = new Map<string, Map<string, number>>();
    for (const s of data.staff) {
      const byRole = roles.get(s.home_location_id!) ?? new Map<string, number>();
      byRole.set(s.role!, (byRole.get(s.role!) ?? 0) + 1);
      roles.set(s.home_location_id!, byRole);
    }
    for (const byRole of roles.values()) {
      expect((byRole.get('optometrist') ?? 0) + (byRole.get('ophthalmologist') ?? 0)).toBeGreaterThanOrEqual(1);
      expect((byRole.get('optometrist') ?? 0) + (byRole.get('ophthalmologist') ?? 0)).toBeLessThanOrEqual(2);
      expect(byRole.get('optician')).toBe(2);
      expect(byRole.get('front_desk')).toBe(2);
      expect(byRole.get('technician')).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('seasonality (small tenant, one year)', () => {
  const g = generate({ ...SMALL_TENANT, startDate: '2024-01-01', days: 366 }, 'season');
  const data = latestValid(g);
  const visits = (month: string) => data.appointments.filter((a) => a.appointment_type !== 'dispensing' && a.scheduled_start!.slice(5, 7) === month).length;

  it('is busier in August and December than in February', () => {
    expect(visits('08')).toBeGreaterThan(visits('02') * 1.25);
    expect(visits('12')).toBeGreaterThan(visits('02') * 1.15);
  });

  it('has a comprehensive exam volume of about 2,100 per full-time doctor a year', () => {
    const k = kpis(data, '2024-01-01', '2024-12-01');
    expect(k.comprehensivePerDoctorDay).toBeGreaterThan(8);
    expect(k.comprehensivePerDoctorDay).toBeLessThan(11);
  });
});
