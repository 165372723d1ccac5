/**
 * How `eyecare ask` reads a question: measures, periods (relative to the data's as-of day, not the
 * clock), locations, grouping, ranking and comparisons, and the errors that say what to ask instead.
 */
import fc from 'fast-check';
import { FORECAST_DAYS, METRICS, insightMeasure } from '../../insights/metrics';
import { CalendarUnit, addDays, calendarPeriod, daysBetween, previousPeriod, startOf } from '../../insights/periods';
import { DataSpan, LocationRef, QuestionError, interpret } from '../../insights/question';

const LOCATIONS: LocationRef[] = [
  { id: 'atlanta_midtown', name: 'SVP Atlanta Midtown' },
  { id: 'atlanta_buckhead', name: 'SVP Buckhead' },
  { id: 'savannah', name: 'SVP Savannah' },
];
// A Saturday: "this week" began on Monday 03-25.
const SPAN: DataSpan = { firstDay: '2023-01-02', asOfDay: '2024-03-30' };
const read = (text: string) => interpret(text, { locations: LOCATIONS, span: SPAN });
/** The message of the QuestionError a question fails with. */
const error = (text: string) => {
  try {
    read(text);
  } catch (e) {
    expect(e).toBeInstanceOf(QuestionError);
    return (e as Error).message;
  }
  throw new Error(`"${text}" was read`);
};
const period = (text: string) => {
  const p = read(text).period;
  return [p.from, p.to];
};

describe('measures', () => {
  it.each([
    ['What was our net revenue?', ['net_revenue']],
    ['revenue per exam', ['revenue_per_exam']],
    ['no-show rate and cancellation rate', ['no_show_rate', 'cancellation_rate']],
    ['how many new patients did we see', ['new_patients']],
    ['optical revenue', ['optical_revenue']],
    ['claims denied', ['claims_denied']],
    ['Exams per doctor per day', ['exams_per_od_day']],
  ])('%s -> %j (the longest phrase wins)', (text, ids) => {
    expect(read(text).metrics.map((m) => m.id)).toEqual(ids);
  });

  it('every phrase of the catalog reads as its own metric, alone and inside a question', () => {
    for (const m of METRICS) {
      for (const phrase of m.phrases) {
        const source = m.staffMonthly && !m.daily ? ' by staff' : m.patientsMonthly ? ' by location' : '';
        expect({ phrase, id: read(`what was the ${phrase}${source} last month?`).metrics.map((x) => x.id) }).toEqual({ phrase, id: [m.id] });
      }
    }
  });
});

describe('periods, relative to the as-of day 2024-03-30', () => {
  it.each([
    ['revenue last month', ['2024-02-01', '2024-02-29']],
    ['revenue this month', ['2024-03-01', '2024-03-30']],
    ['revenue mtd', ['2024-03-01', '2024-03-30']],
    ['revenue this week', ['2024-03-25', '2024-03-30']],
    ['revenue last week', ['2024-03-18', '2024-03-24']],
    ['revenue last quarter', ['2023-10-01', '2023-12-31']],
    ['revenue year to date', ['2024-01-01', '2024-03-30']],
    ['revenue last year', ['2023-01-01', '2023-12-31']],
    ['revenue in the last 30 days', ['2024-03-01', '2024-03-30']],
    ['revenue past two weeks', ['2024-03-17', '2024-03-30']],
    ['revenue last 3 months', ['2023-12-01', '2024-02-29']],
    ['revenue yesterday', ['2024-03-29', '2024-03-29']],
    ['revenue today', ['2024-03-30', '2024-03-30']],
    ['revenue in Q4 2023', ['2023-10-01', '2023-12-31']],
    ['revenue 2023 q2', ['2023-04-01', '2023-06-30']],
    ['revenue in February 2024', ['2024-02-01', '2024-02-29']],
    ['revenue in sept 2023', ['2023-09-01', '2023-09-30']],
    // A month without a year is the latest one begun by the as-of day.
    ['revenue in march', ['2024-03-01', '2024-03-31']],
    ['revenue in may', ['2023-05-01', '2023-05-31']],
    ['revenue in 2023', ['2023-01-01', '2023-12-31']],
    ['revenue since 2024-03-15', ['2024-03-15', '2024-03-30']],
    ['revenue from 2023-12-24 to 2024-01-02', ['2023-12-24', '2024-01-02']],
    ['revenue on 2024-02-29', ['2024-02-29', '2024-02-29']],
    ['revenue', ['2023-01-02', '2024-03-30']],
    ['revenue all time', ['2023-01-02', '2024-03-30']],
  ])('%s -> %j', (text, range) => {
    expect(period(text)).toEqual(range);
  });

  it('compares with the period named second, or with the one before for growth, the earlier as the baseline', () => {
    const q = read('revenue in January 2024 vs February 2024');
    expect([q.period.label, q.comparedWith?.label]).toEqual(['February 2024', 'January 2024']);
    const growth = read('revenue growth last month');
    expect([growth.period.label, growth.comparedWith?.label]).toEqual(['February 2024', 'January 2024']);
    // Month to date is compared with the same days of the month before.
    const soFar = read('how did revenue change this month');
    expect([soFar.comparedWith?.from, soFar.comparedWith?.to]).toEqual(['2024-02-01', '2024-02-29']);
    const days = read('exams in the last 7 days compared to before');
    expect([days.comparedWith?.from, days.comparedWith?.to]).toEqual(['2024-03-17', '2024-03-23']);
  });

  it.each([
    ['revenue yoy last month', ['2024-02-01', '2024-02-29'], ['2023-02-01', '2023-02-28', 'February 2023']],
    ['exams year over year in Q4 2023', ['2023-10-01', '2023-12-31'], ['2022-10-01', '2022-12-31', 'Q4 2022']],
    // A week against the week 52 weeks before, Monday to Sunday both.
    ['revenue last week year-on-year', ['2024-03-18', '2024-03-24'], ['2023-03-20', '2023-03-26', 'the week of 2023-03-20']],
    // A month to date against the same days a year earlier.
    ['revenue this month vs the same month last year', ['2024-03-01', '2024-03-30'], ['2023-03-01', '2023-03-30', 'the same days a year earlier (2023-03-01 to 2023-03-30)']],
    // 29 February a year earlier is the 28th.
    ['revenue on 2024-02-29 compared to a year earlier', ['2024-02-29', '2024-02-29'], ['2023-02-28', '2023-02-28', 'the same days a year earlier (2023-02-28 to 2023-02-28)']],
  ])('%s: against the same period a year earlier', (text, now, before) => {
    const q = read(text);
    expect([[q.period.from, q.period.to], [q.comparedWith?.from, q.comparedWith?.to, q.comparedWith?.label]]).toEqual([now, before]);
  });

  it('reads "trending up" as a change, and a trend as no change at all', () => {
    expect(read('is revenue trending up last month').comparedWith?.label).toBe('January 2024');
    expect(read('revenue trend').comparedWith).toBeUndefined();
  });

  it('reads "how did Buckhead do" as the headline KPIs against the period before, the last whole month by default', () => {
    const q = read('how did buckhead do?');
    expect([q.metrics.map((m) => m.id), q.period.label, q.comparedWith?.label, q.locations.map((l) => l.id)]).toEqual([
      ['net_revenue', 'exams', 'patients_seen', 'new_patients', 'optical_capture_rate', 'average_optical_order', 'no_show_rate', 'schedule_utilisation', 'denial_rate'],
      'February 2024',
      'January 2024',
      ['atlanta_buckhead'],
    ]);
    expect([read('how are the clinics performing in Q4 2023').period.label, read('how are the clinics performing in Q4 2023').groupBy]).toEqual(['Q4 2023', 'location']);
    // A measure named is the question: no headline, no comparison.
    const named = read('how is the no-show rate doing');
    expect([named.metrics.map((m) => m.id), named.comparedWith]).toEqual([['no_show_rate'], undefined]);
  });

  it('reads the books ahead from the KPI mart, not a forecast: appointments, cancellations and schedule utilisation of days to come', () => {
    const next = read('how many appointments are booked for next week?');
    expect([next.kind, next.ahead, next.metrics.map((m) => m.id), next.period.from, next.period.to]).toEqual(['kpi', true, ['appointments'], '2024-04-01', '2024-04-07']);
    // Without a measure, all three; without a period, the next 4 weeks; "this month" is its days to come.
    const books = read("what's on the books");
    expect([books.metrics.map((m) => m.id), books.period.from, books.period.to]).toEqual([['appointments', 'cancellations', 'schedule_utilisation'], '2024-03-31', '2024-04-27']);
    expect(read('how full is the schedule this month by location').period.from).toBe('2024-03-31');
    // Measures only bookings know of are read ahead without saying "booked"; others are forecast or refused.
    expect(read('cancellations next week').ahead).toBe(true);
    expect(read('exams next week').kind).toBe('forecast');
    expect(error('net revenue booked next week')).toBe(
      'net revenue (collected) of days to come is not booked but forecast: ask "forecast net revenue next week"; booked ahead are appointments, cancellations, schedule utilisation',
    );
    // A past period is what it was: "how busy were we" is the same measures, not ahead.
    const past = read('how busy were we last month');
    expect([past.ahead, past.metrics.map((m) => m.id)]).toEqual([undefined, ['appointments', 'cancellations', 'schedule_utilisation']]);
  });

  it('asks for a period when year over year has none', () => {
    expect(error('net revenue yoy')).toBe('"net revenue yoy" asks for a change but names no period to compare: add one, e.g. "last month" or "Q1 2025 vs Q4 2024"');
  });

  it('sets two locations side by side for "vs" or "compare" within one period; with two periods or "vs before" it compares the periods', () => {
    const sideBySide = read('buckhead vs savannah net revenue last month');
    expect([sideBySide.groupBy, sideBySide.comparedWith, sideBySide.locations.map((l) => l.id)]).toEqual(['location', undefined, ['atlanta_buckhead', 'savannah']]);
    expect(read('compare buckhead and savannah exams last month').groupBy).toBe('location');
    const periods = read('buckhead and savannah net revenue in February 2024 vs January 2024');
    expect([periods.groupBy, periods.comparedWith?.label]).toEqual([undefined, 'January 2024']);
    expect(read('buckhead and savannah net revenue last month vs the month before').comparedWith?.label).toBe('January 2024');
  });

  it('the period before any calendar period ends the day before it starts and is as long (property)', () => {
    const units: CalendarUnit[] = ['week', 'month', 'quarter', 'year'];
    fc.assert(
      fc.property(fc.constantFrom(...units), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 4 }), (unit, offset, count) => {
        const start = startOf(unit, addDays('1990-01-01', offset));
        const p = calendarPeriod(unit, start, count);
        const before = previousPeriod(p)!;
        expect(before.to).toBe(addDays(p.from, -1));
        expect(calendarPeriod(unit, before.from, count).to).toBe(before.to);
        if (unit === 'week') expect(daysBetween(before.from, before.to)).toBe(daysBetween(p.from, p.to));
      }),
    );
  });

  it('rejects a date that is not one, and a range that ends before it starts', () => {
    expect(() => read('revenue on 2024-02-30')).toThrow('"2024-02-30" is not a calendar date: write dates as YYYY-MM-DD, e.g. 2024-03-30');
    expect(() => read('revenue from 2024-03-01 to 2024-02-01')).toThrow('the period 2024-03-01 to 2024-02-01 ends before it starts: put the earlier date first');
    expect(() => read('revenue in 2022 vs 2023 vs 2024')).toThrow(/names 3 periods/);
  });
});

describe('locations, grouping and ranking', () => {
  it('names locations by their distinctive words, id or full name', () => {
    expect(read('revenue at Buckhead and savannah').locations.map((l) => l.id)).toEqual(['atlanta_buckhead', 'savannah']);
    expect(read('revenue at SVP Atlanta Midtown').locations.map((l) => l.id)).toEqual(['atlanta_midtown']);
    expect(read('revenue at atlanta_midtown').locations.map((l) => l.id)).toEqual(['atlanta_midtown']);
  });

  it.each([
    ['revenue by location', { groupBy: 'location' }],
    ['net revenue per clinic last month', { groupBy: 'location' }],
    ['monthly revenue', { groupBy: 'month' }],
    ['exams by week', { groupBy: 'week' }],
    ['which location had the most exams last month', { groupBy: 'location', ranking: { order: 'desc', limit: 1 } }],
    ['which location had the lowest no-show rate', { groupBy: 'location', ranking: { order: 'asc', limit: 1 } }],
    ['top 3 locations by revenue', { groupBy: 'location', ranking: { order: 'desc', limit: 3 } }],
    // "best" and "worst" follow the metric: a low no-show rate is good.
    ['best 2 clinics by no-show rate', { groupBy: 'location', ranking: { order: 'asc', limit: 2 } }],
    ['worst two clinics by denial rate', { groupBy: 'location', ranking: { order: 'desc', limit: 2 } }],
    ['rank the locations by optical capture rate', { groupBy: 'location', ranking: { order: 'desc' } }],
    ['commission by optician last month', { groupBy: 'staff', source: 'staffMonthly' }],
    ['which optician earned the most commission in 2024', { groupBy: 'staff', ranking: { order: 'desc', limit: 1 }, source: 'staffMonthly' }],
    ['exams by doctor last quarter', { groupBy: 'staff', source: 'staffMonthly' }],
    ['top 2 by location in net revenue', { groupBy: 'location', ranking: { order: 'desc', limit: 2 } }],
    // Every location together is no grouping; a staff or location word as a modifier is one.
    ['net revenue for all locations last month', {}],
    ['net revenue across all of our clinics last month', {}],
    ['net revenue for the whole group', {}],
    ['optician commission last month', { groupBy: 'staff', source: 'staffMonthly' }],
    ['staff commissions last month', { groupBy: 'staff', source: 'staffMonthly' }],
    ['clinic revenue last month', { groupBy: 'location' }],
    // A trend is the series: by month over a long period, by week or day over a shorter one; a grouping said wins.
    ['revenue trend', { groupBy: 'month' }],
    ['no-show rate trend last month', { groupBy: 'week' }],
    ['exams over time in the last 14 days', { groupBy: 'day' }],
    ['revenue trend by quarter', { groupBy: 'quarter' }],
    ['rank the clinics by no-show rate, worst first', { groupBy: 'location', ranking: { order: 'desc' } }],
    // A measure group implies its grouping and ranking; what the question says wins.
    ['location ranking last month', { groupBy: 'location', ranking: { order: 'desc' } }],
    ['location ranking worst first last month', { groupBy: 'location', ranking: { order: 'asc' } }],
    ['the bottom 2 of the location ranking', { groupBy: 'location', ranking: { order: 'asc', limit: 2 } }],
    ['location ranking by month', { groupBy: 'month' }],
    ['staff productivity last month', { groupBy: 'staff', source: 'staffMonthly' }],
    ['productivity by optician last month', { groupBy: 'staff', source: 'staffMonthly' }],
    // Staff productivity summed over each staff member's home location.
    ['staff productivity by location last month', { groupBy: 'location', source: 'staffMonthly' }],
    ['which optometrist had the best staff productivity last month', { groupBy: 'staff', ranking: { order: 'desc', limit: 1 }, source: 'staffMonthly' }],
  ])('%s -> %j', (text, expected) => {
    const q = read(text);
    expect({ groupBy: q.groupBy, ...(q.ranking ? { ranking: q.ranking } : {}), ...('source' in expected ? { source: q.source } : {}) }).toEqual(expected);
  });

  it('reads any combination of measure, period, location and grouping phrases (property)', () => {
    const daily = METRICS.filter((m) => m.daily);
    const periods: [string, string][] = [['last month', '2024-02-01'], ['in Q1 2024', '2024-01-01'], ['since 2023-06-01', '2023-06-01'], ['', '2023-01-02']];
    const groupings: [string, string | undefined][] = [['by location', 'location'], ['by month', 'month'], ['daily', 'day'], ['', undefined]];
    fc.assert(
      fc.property(fc.constantFrom(...daily), fc.nat(), fc.constantFrom(...periods), fc.constantFrom(...groupings), fc.subarray(LOCATIONS), fc.boolean(), (m, k, [p, from], [g, groupBy], where, shout) => {
        const phrase = m.phrases[k % m.phrases.length]!;
        const at = where.length ? `at ${where.map((l) => l.name).join(' and ')}` : '';
        const text = [`what was the ${phrase}`, at, p, g].filter(Boolean).join(' ') + '?';
        const q = read(shout ? text.toUpperCase() : text);
        expect({ metrics: q.metrics.map((x) => x.id), from: q.period.from, groupBy: q.groupBy, locations: q.locations.map((l) => l.id).sort() }).toEqual({
          metrics: [m.id],
          from,
          groupBy,
          locations: where.map((l) => l.id).sort(),
        });
      }),
    );
  });
});

describe('questions it cannot answer say what to ask instead', () => {

  it('names the words it did not understand', () => {
    expect(error('revenue by payer')).toBe(
      'did not understand "payer" in "revenue by payer": name a measure (e.g. net revenue), a period (last month, Q1 2025, since 2025-01-01), a location (SVP Atlanta Midtown, SVP Buckhead) or a grouping (by location, by month, top 3 locations); docs/ask.md lists every phrase',
    );
  });

  it('lists the measures when it finds none, with the closest to a typo', () => {
    expect(error('revenu last month')).toMatch(/^no measure found in "revenu last month" \(did you mean "revenue"\?\); ask about one of: net revenue, gross revenue, .*, commission, spiffs$/);
    expect(error('   ')).toBe('the question is empty: ask e.g. "net revenue last month by location"');
  });

  it('points a KPI it does not answer to where it is', () => {
  });

  it('keeps staff measures to whole months and to the staff mart', () => {
    expect(error('commission in the last 10 days')).toBe(
      'commission earned is kept per staff member and month (MARTS.KPI_STAFF_MONTHLY), and the last 10 days (2024-03-21 to 2024-03-30) is not whole months: ask about a month, a quarter or a year (e.g. "last month", "Q1 2025", "this year")',
    );
    expect(error('no-show rate by doctor')).toBe(
      'no-show rate is kept per location, not per staff member: ask per location, or per staff member about gross revenue, exams, comprehensive exams, exams per od day, optical orders, optical revenue, average optical order value, commission, spiffs',
    );
    expect(error('commission and no-show rate')).toBe('commission earned and no-show rate come from different marts (per location and day, per staff member and month): ask about them separately');
    expect(error('commission by week')).toBe('commission earned is kept per staff member and month (MARTS.KPI_STAFF_MONTHLY): group it by month, quarter or year, not by week');
  });

  it('reads revenue per active patient from its per-location view, for one location, by location or over several', () => {
    expect(read('revenue per patient at buckhead last month').source).toBe('patientsMonthly');
    expect(read('revenue per active patient by location in 2023').groupBy).toBe('location');
    expect([read('revenue per patient last year').source, read('revenue per patient last year').groupBy]).toEqual(['patientsMonthly', undefined]);
  });

  it('reads "payer mix" as every payer class\'s share of gross charges, and a class on its own', () => {
    const shares = ['private_pay_share', 'medicare_medicaid_share', 'vsp_share', 'other_vision_share', 'commercial_medical_share', 'other_payer_share'];
    expect(read('payer mix last month').metrics.map((m) => m.id)).toEqual(shares);
    expect(read('medicare share by location and net revenue').metrics.map((m) => m.id)).toEqual(['medicare_medicaid_share', 'net_revenue']);
  });

  it('reads "staff productivity" and "location ranking" as the measures docs/kpis.md groups; staff measures may be left out', () => {
    const staff = read('staff productivity by optician last month');
    expect([staff.metrics.map((m) => m.id), staff.omittable, staff.staffRoles]).toEqual([
      ['exams', 'exams_per_od_day', 'gross_revenue', 'optical_orders', 'optical_revenue', 'commission'],
      ['exams', 'exams_per_od_day', 'gross_revenue', 'optical_orders', 'optical_revenue', 'commission'],
      ['optician'],
    ]);
    // A measure named on its own is never left out, even when a group names it too.
    expect(read('commission and staff productivity last month').omittable).toEqual(['exams', 'exams_per_od_day', 'gross_revenue', 'optical_orders', 'optical_revenue']);
    expect(read('location ranking in Q1 2024').metrics.map((m) => m.id)).toEqual(['net_revenue', 'comprehensive_exams']);
    expect([read('location ranking last month').omittable, read('payer mix last month').omittable]).toEqual([undefined, undefined]);
  });

  it('reads "location growth" as the ranking against the period before', () => {
    const q = read('location growth last month');
    expect([q.groupBy, q.ranking, q.period.from, q.comparedWith?.from]).toEqual(['location', { order: 'desc' }, '2024-02-01', '2024-01-01']);
    expect(error('location growth')).toBe('"location growth" asks for a change but names no period to compare: add one, e.g. "last month" or "Q1 2025 vs Q4 2024"');
  });

  it.each([
    ['which location grew fastest last month', { order: 'desc', limit: 1, by: 'change' }],
    ['which 3 clinics grew the most in exams last month', { order: 'desc', limit: 3, by: 'change' }],
    ['which location had the biggest drop in no-show rate last month', { order: 'asc', limit: 1, by: 'change' }],
    // "top" is best: for a no-show rate the largest fall.
    ['top 2 locations by growth in no-show rate last month', { order: 'asc', limit: 2, by: 'change' }],
    ['rank the locations by growth in net revenue last month', { order: 'desc', by: 'change' }],
  ])('%s ranks by the change against the period before: %j', (text, ranking) => {
    const q = read(text);
    expect([q.ranking, q.comparedWith?.from]).toEqual([ranking, '2024-01-01']);
  });

  it('refuses a growth ranking of a forecast for what it asks: a forecast compares no periods', () => {
    expect(error('which location will grow fastest next month')).toBe('"which location will grow fastest next month" compares periods, which a forecast does not: ask about one period');
  });

  it('reads a growth ranking without a measure as the location ranking\'s, and asks for a grouping without one', () => {
    expect(read('which location grew fastest last month').metrics.map((m) => m.id)).toEqual(['net_revenue', 'comprehensive_exams']);
    expect(error('net revenue grew fastest last month')).toBe('"net revenue grew fastest last month" ranks a change but names nothing to rank: add a grouping, e.g. "which location" or "by optician"');
  });

  it('reads staff members by full name, and doctors as "Dr <last name>"; a last name alone is a word of the question', () => {
    const staff = [
      { id: 'OD1', name: 'Richard Jones', role: 'optometrist' },
      { id: 'OD2', name: 'Ana Jones', role: 'ophthalmologist' },
      { id: 'FD1', name: 'Daniel Jones', role: 'front_desk' },
      { id: 'OP1', name: 'May Day', role: 'optician' },
    ];
    const withStaff = (text: string) => interpret(text, { locations: LOCATIONS, span: SPAN, staff });
    const q = withStaff('how many exams did Dr. Jones do last month?');
    // Both doctors named Jones, not the front desk's; the staff mart, per staff member.
    expect([q.staff?.map((s) => s.id), q.groupBy, q.source]).toEqual([['OD1', 'OD2'], 'staff', 'staffMonthly']);
    expect(withStaff('doctor richard jones exams by month').staff?.map((s) => s.id)).toEqual(['OD1']);
    // A name holding grammar words is read as the name first; "by day" stays a grouping.
    const may = withStaff('commission of may day by month');
    expect([may.staff?.map((s) => s.id), may.groupBy, may.period.label]).toEqual([['OP1'], 'month', 'all history (2023-01-02 to 2024-03-30)']);
    expect(withStaff('exams by day last week').staff).toBeUndefined();
    expect(() => withStaff('forecast dr jones exams')).toThrow('Richard Jones and Ana Jones: forecasts, unusual days, recommendations and briefs are kept per location, not per staff member');
  });

  it('asks what to rank when a ranking has no grouping', () => {
    expect(error('top 3 net revenue last month')).toBe('a ranking needs something to rank: add a grouping, e.g. "top 3 locations" or "bottom 3 opticians"');
  });

  it('reads recall compliance by the month recalls fell due, in whole months', () => {
    expect([read('recall compliance last quarter').source, period('recall rate in 2023')]).toEqual(['recallMonthly', ['2023-01-01', '2023-12-31']]);
  });

  it('reads A/R as a balance of its own view, per location', () => {
    expect([read('days in A/R last month').source, read('what is our accounts receivable').metrics.map((m) => m.id)]).toEqual(['balances', ['ar_balance']]);
    expect(error('days in a/r by optician')).toBe(
      'days in A/R is kept per location, not per staff member: ask per location, or per staff member about gross revenue, exams, comprehensive exams, exams per od day, optical orders, optical revenue, average optical order value, commission, spiffs',
    );
    expect(error('days in a/r and net revenue last month')).toBe('days in A/R and net revenue (collected) come from different marts (per location and day, per location as a balance at the end of each day): ask about them separately');
  });

  it('reads frame inventory from its monthly view, in whole months, apart from the other marts', () => {
    expect([read('inventory turns last quarter').source, period('inventory turns last quarter')]).toEqual(['inventoryMonthly', ['2023-10-01', '2023-12-31']]);
    expect(read('aged frames by location this month').metrics.map((m) => m.id)).toEqual(['aged_frames_share']);
    expect(error('inventory turns in the last 10 days')).toBe(
      'frame inventory turns (annualised) is kept per location and month of frame inventory (MARTS.V_INVENTORY_HEALTH), and the last 10 days (2024-03-21 to 2024-03-30) is not whole months: ask about a month, a quarter or a year (e.g. "last month", "Q1 2025", "this year")',
    );
    expect(error('inventory turns by week')).toBe('frame inventory turns (annualised) is kept per location and month of frame inventory (MARTS.V_INVENTORY_HEALTH): group it by month, quarter or year, not by week');
    expect(error('inventory turns and net revenue last month')).toBe('frame inventory turns (annualised) and net revenue (collected) come from different marts (per location and day, per location and month of frame inventory): ask about them separately');
  });

  it('asks for a period when a change is asked over all history', () => {
    expect(error('revenue growth')).toBe('"revenue growth" asks for a change but names no period to compare: add one, e.g. "last month" or "Q1 2025 vs Q4 2024"');
  });
});

describe('forecasts: questions about days after the as-of day (Saturday 2024-03-30)', () => {
  const forecast = (text: string) => {
    const q = read(text);
    return { kind: q.kind, metrics: q.metrics.map((m) => m.id), period: [q.period.from, q.period.to], groupBy: q.groupBy, ranking: q.ranking };
  };

  it.each([
    ['forecast net revenue next month', ['net_revenue'], ['2024-04-01', '2024-04-30']],
    ['What will exams be next week?', ['exams'], ['2024-04-01', '2024-04-07']],
    ['predicted optical orders for the next 14 days', ['optical_orders'], ['2024-03-31', '2024-04-13']],
    ['projected gross revenue over the next 2 weeks', ['gross_revenue'], ['2024-03-31', '2024-04-13']],
    ['forecast exams this month', ['exams'], ['2024-03-31', '2024-03-31']],
    ['forecast net revenue for the rest of the quarter', ['net_revenue'], ['2024-03-31', '2024-03-31']],
    ['expected no-shows tomorrow', ['no_shows'], ['2024-03-31', '2024-03-31']],
    ['forecast net revenue in May', ['net_revenue'], ['2024-05-01', '2024-05-31']],
    // No forecast word, but the days have not happened: a forecast all the same.
    ['net revenue next month', ['net_revenue'], ['2024-04-01', '2024-04-30']],
    ['net revenue in April 2024', ['net_revenue'], ['2024-04-01', '2024-04-30']],
  ])('%s', (text, metrics, days) => {
    expect(forecast(text)).toEqual({ kind: 'forecast', metrics, period: days, groupBy: undefined, ranking: undefined });
  });

  it('defaults to the next 4 weeks, and clips a period under way to the days after the as-of day', () => {
    expect(read('forecast exams').period).toEqual({ from: '2024-03-31', to: '2024-04-27', label: 'the next 4 weeks (2024-03-31 to 2024-04-27)', kind: { days: 28 } });
    expect(read('forecast exams from 2024-03-25 to 2024-04-05').period).toMatchObject({ from: '2024-03-31', to: '2024-04-05', label: '2024-03-25 to 2024-04-05, from 2024-03-31' });
  });

  it('groups and ranks as KPIs do', () => {
    expect(forecast('which location will have the most net revenue next month')).toMatchObject({ groupBy: 'location', ranking: { order: 'desc', limit: 1 } });
    expect(forecast('forecast exams by week for the next 4 weeks')).toMatchObject({ groupBy: 'week', period: ['2024-03-31', '2024-04-27'] });
    expect(read('forecast no-shows at buckhead next week').locations.map((l) => l.id)).toEqual(['atlanta_buckhead']);
  });

  it('says what it cannot forecast', () => {
    expect(error('forecast no-show rate next month')).toBe(
      'forecasts follow net revenue, gross revenue, exams, no-shows, patients seen, optical orders, optical revenue; not no-show rate: ask about one of those',
    );
    expect(error('forecast net revenue in June')).toBe(
      `June 2024 runs past 2024-05-31, the last day forecast (${FORECAST_DAYS} days after the as-of day 2024-03-30): ask about a period up to then, e.g. "next month" or "the next 4 weeks"`,
    );
    expect(error('forecast net revenue last month')).toBe(
      'February 2024 is not after the as-of day 2024-03-30: a forecast is of days to come (e.g. "next month"); without "forecast", ask what February 2024 was',
    );
    expect(error('forecast next month')).toMatch(/^"forecast next month" names nothing to forecast: ask e.g. "forecast net revenue next month"/);
    expect(error('forecast the weather next month')).toMatch(/^did not understand "weather" in "forecast the weather next month": name a measure \(e.g. net revenue\)/);
    expect(error('forecast commission next month by optician')).toMatch(/^forecasts follow .*; not commission earned: ask about one of those$/);
    expect(error('forecast exams next month vs last month')).toBe('"forecast exams next month vs last month" compares periods, which a forecast does not: ask about one period');
    expect(() => interpret('forecast exams for the rest of the month', { locations: LOCATIONS, span: { ...SPAN, asOfDay: '2024-03-31' } })).toThrow(
      'the as-of day 2024-03-31 is the last day of that period, so none of it is left to forecast: ask about the next one (e.g. "next month")',
    );
  });

  it('any forecast measure over any period ahead it names lies within the forecast days', () => {
    const measures = METRICS.filter((m) => insightMeasure(m) !== undefined).map((m) => m.phrases[0]!);
    const periods = ['next week', 'next month', 'the next 10 days', 'the next 3 weeks', 'the rest of this month', 'the rest of this week', 'tomorrow', 'in april', 'in may'];
    fc.assert(
      fc.property(fc.constantFrom(...measures), fc.constantFrom(...periods), fc.constantFrom('forecast ', 'expected ', 'what will be the '), (measure, when, lead) => {
        const q = read(`${lead}${measure} ${when}`);
        expect(q.kind).toBe('forecast');
        expect(q.period.from > SPAN.asOfDay && q.period.from <= q.period.to && q.period.to <= addDays(SPAN.asOfDay, FORECAST_DAYS)).toBe(true);
      }),
    );
  });
});

describe('anomalies: the unusual days of a period that happened', () => {
  it.each([
    ['anomalies last month', [], ['2024-02-01', '2024-02-29'], []],
    ['any unusual days?', [], ['2024-03-03', '2024-03-30'], []],
    ['unusual days in exams at buckhead', ['exams'], ['2024-03-03', '2024-03-30'], ['atlanta_buckhead']],
    ['net revenue outliers in March 2024', ['net_revenue'], ['2024-03-01', '2024-03-31'], []],
  ])('%s', (text, metrics, days, locations) => {
    const q = read(text);
    expect({ kind: q.kind, metrics: q.metrics.map((m) => m.id), period: [q.period.from, q.period.to], locations: q.locations.map((l) => l.id) }).toEqual({ kind: 'anomalies', metrics, period: days, locations });
  });

  it('says what it cannot list', () => {
    expect(error('anomalies by location')).toBe('anomalies are listed day by day, most unusual first: drop "by location", or ask for a KPI or a forecast by location');
    expect(error('anomalies next month')).toBe('April 2024 has not happened yet (the data runs to 2024-03-30): anomalies are found in days that have; ask for a forecast of it instead');
    expect(error('unusual no-show rate')).toBe('anomalies follow net revenue, gross revenue, exams, no-shows, patients seen, optical orders, optical revenue; not no-show rate: ask about one of those');
  });
});

describe('recommendations: what to do next, from the 4 weeks to the as-of day', () => {
  it.each([
    ['recommendations', [], []],
    ['What do you recommend for optical capture at Buckhead?', ['optical_capture_rate'], ['atlanta_buckhead']],
    ['how can we improve the no-show rate', ['no_show_rate'], []],
    ['any opportunities at savannah?', [], ['savannah']],
  ])('%s', (text, metrics, locations) => {
    const q = read(text);
    expect({ kind: q.kind, metrics: q.metrics.map((m) => m.id), period: [q.period.from, q.period.to], locations: q.locations.map((l) => l.id) }).toEqual({ kind: 'recommendations', metrics, period: ['2024-03-03', '2024-03-30'], locations });
  });

  it('takes no grouping but by location, as they are listed; "which locations are below target" asks for them', () => {
    expect(() => read('recommendations by month')).toThrow(new QuestionError('recommendations are listed per location, largest opportunity first: drop the grouping'));
    expect(() => read('recommendations by optician')).toThrow(new QuestionError('recommendations are listed per location, largest opportunity first: drop the grouping'));
    const below = read('which locations are below target on capture?');
    expect([below.kind, below.metrics.map((m) => m.id)]).toEqual(['recommendations', ['optical_capture_rate']]);
    expect(read('recommendations by location').kind).toBe('recommendations');
  });
});

describe('briefs: a period in prose, against the period before it', () => {
  const BRIEFED_IDS = ['net_revenue', 'exams', 'patients_seen', 'new_patients', 'optical_capture_rate', 'average_optical_order', 'no_show_rate', 'schedule_utilisation', 'denial_rate'];
  it.each([
    ['brief', ['2024-03-03', '2024-03-30'], ['2024-02-04', '2024-03-02'], []],
    ['Summarize last month at Buckhead', ['2024-02-01', '2024-02-29'], ['2024-01-01', '2024-01-31'], ['atlanta_buckhead']],
    ['an overview of this week', ['2024-03-25', '2024-03-30'], ['2024-03-18', '2024-03-23'], []],
    ['summary of unusual days and recommendations at savannah last week', ['2024-03-18', '2024-03-24'], ['2024-03-11', '2024-03-17'], ['savannah']],
    ['Q4 2023 in plain English', ['2023-10-01', '2023-12-31'], ['2023-07-01', '2023-09-30'], []],
  ])('%s', (text, current, before, locations) => {
    const q = read(text);
    expect({ kind: q.kind, metrics: q.metrics.map((m) => m.id), period: [q.period.from, q.period.to], before: [q.comparedWith?.from, q.comparedWith?.to], locations: q.locations.map((l) => l.id) }).toEqual({
      kind: 'brief',
      metrics: BRIEFED_IDS,
      period: current,
      before,
      locations,
    });
  });

  it.each([
    ['brief on net revenue last month', 'a brief covers its own headline measures (net revenue, exams, patients seen, new patients, optical capture rate, average optical order value, no-show rate, schedule utilisation, denial rate), unusual days and recommendations: drop "net revenue", or ask about it without "brief"'],
    ['summary of last month vs the month before', 'a brief compares its period with the one before it by itself: name one period (e.g. "brief last month")'],
    ['brief by location', 'a brief covers the locations named (or all of them) as a whole: drop the grouping, or name a location'],
    ['brief next month', 'April 2024 has not happened yet (the data runs to 2024-03-30): a brief is on days that have; ask for a forecast of it instead'],
    ['brief of 2022', '2022 is before the data, which starts on 2023-01-02: ask for a brief of a period since then (e.g. "brief last month")'],
    ['brief of all time', `a brief compares its period with the one before it, and all history (2023-01-02 to 2024-03-30) has none: name a period, e.g. "brief last month" or "brief the last 4 weeks"`],
  ])('%s: refused with what to ask instead', (text, message) => {
    expect(error(text)).toBe(message);
  });
});
