/**
 * Calendar arithmetic for questions, on ISO dates (`YYYY-MM-DD`, UTC, no clock): the data's
 * as-of day stands for "today", so "last month" is the month before the one holding it.
 */

/** An inclusive range of days with the words an answer uses for it. */
export interface Period {
  readonly from: string;
  readonly to: string;
  /** "October 2024", "the last 30 days", "all history". */
  readonly label: string;
  /**
   * What the period is, so "growth" can take the one before it: a calendar unit, a number of days
   * counted back, or explicit dates.
   */
  readonly kind: { readonly unit: CalendarUnit; readonly count: number } | { readonly days: number } | 'dates' | 'all';
}

export type CalendarUnit = 'week' | 'month' | 'quarter' | 'year';

const DAY_MS = 86_400_000;

export const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;

function toDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whether text is a real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(toDate(text).getTime()) && iso(toDate(text)) === text;
}

export function addDays(day: string, days: number): string {
  return iso(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** Days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS) + 1;
}

function addMonths(day: string, months: number): string {
  const d = toDate(day);
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

/** The first day of the calendar unit holding `day` (weeks start on Monday, as DATE_TRUNC(week) does). */
export function startOf(unit: CalendarUnit, day: string): string {
  const d = toDate(day);
  switch (unit) {
    case 'week':
      return addDays(day, -((d.getUTCDay() + 6) % 7));
    case 'month':
      return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)));
    case 'quarter':
      return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1)));
    case 'year':
      return `${d.getUTCFullYear()}-01-01`;
  }
}

/** The first day of the unit `count` units after the one starting on `start`. */
function shift(unit: CalendarUnit, start: string, count: number): string {
  if (unit === 'week') return addDays(start, 7 * count);
  return addMonths(start, count * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12));
}

function monthLabel(start: string): string {
  const d = toDate(start);
  const name = MONTH_NAMES[d.getUTCMonth()]!;
  return `${name[0]!.toUpperCase()}${name.slice(1)} ${d.getUTCFullYear()}`;
}

function unitLabel(unit: CalendarUnit, start: string): string {
  const d = toDate(start);
  switch (unit) {
    case 'week':
      return `the week of ${start}`;
    case 'month':
      return monthLabel(start);
    case 'quarter':
      return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
    case 'year':
      return String(d.getUTCFullYear());
  }
}

/** `count` whole calendar units from the one starting on `start` (e.g. March 2024, Q1 2025). */
export function calendarPeriod(unit: CalendarUnit, start: string, count = 1): Period {
  const to = addDays(shift(unit, start, count), -1);
  const label = count === 1 ? unitLabel(unit, start) : `${unitLabel(unit, start)} to ${unitLabel(unit, shift(unit, start, count - 1))}`;
  return { from: start, to, label, kind: { unit, count } };
}

/** The unit holding `asOf`, from its first day through `asOf` ("this month": month to date). */
export function periodToDate(unit: CalendarUnit, asOf: string): Period {
  const from = startOf(unit, asOf);
  return { from, to: asOf, label: `${unitLabel(unit, from)} to date (through ${asOf})`, kind: { unit, count: 1 } };
}

/** The last `count` units before the one holding `asOf` ("last month", "the previous 2 quarters"). */
export function previousUnits(unit: CalendarUnit, asOf: string, count = 1): Period {
  return calendarPeriod(unit, shift(unit, startOf(unit, asOf), -count), count);
}

/** The next `count` units after the one holding `asOf` ("next month", "the next 2 weeks" of calendar weeks). */
export function nextUnits(unit: CalendarUnit, asOf: string, count = 1): Period {
  return calendarPeriod(unit, shift(unit, startOf(unit, asOf), 1), count);
}

/** The `days` days after `asOf` ("the next 30 days"). */
export function followingDays(days: number, asOf: string, label = `the next ${days} days`): Period {
  return { from: addDays(asOf, 1), to: addDays(asOf, days), label: `${label} (${addDays(asOf, 1)} to ${addDays(asOf, days)})`, kind: { days } };
}

/** The days of the unit holding `asOf` that come after it ("the rest of this month"). */
export function restOf(unit: CalendarUnit, asOf: string): Period {
  const from = addDays(asOf, 1);
  const to = addDays(shift(unit, startOf(unit, asOf), 1), -1);
  return { from, to, label: `the rest of ${unitLabel(unit, startOf(unit, asOf))} (${from} to ${to})`, kind: 'dates' };
}

/** The `days` days ending with `asOf`. */
export function trailingDays(days: number, asOf: string, label = `the last ${days} days`): Period {
  return { from: addDays(asOf, 1 - days), to: asOf, label: `${label} (${addDays(asOf, 1 - days)} to ${asOf})`, kind: { days } };
}

export function datesPeriod(from: string, to: string): Period {
  return { from, to, label: from === to ? from : `${from} to ${to}`, kind: 'dates' };
}

/**
 * The period just before `period`, of the same kind and length: the month before a month, the 30
 * days before 30 days, as many days before explicit dates. Undefined for all history.
 */
export function previousPeriod(period: Period): Period | undefined {
  const kind = period.kind;
  if (kind === 'all') return undefined;
  if (kind === 'dates') {
    const days = daysBetween(period.from, period.to);
    return datesPeriod(addDays(period.from, -days), addDays(period.from, -1));
  }
  if ('days' in kind) {
    const to = addDays(period.from, -1);
    return { from: addDays(to, 1 - kind.days), to, label: `the ${kind.days} days before (${addDays(to, 1 - kind.days)} to ${to})`, kind };
  }
  const start = startOf(kind.unit, period.from);
  const days = daysBetween(period.from, period.to);
  const whole = calendarPeriod(kind.unit, start, kind.count);
  // A period to date is compared with as many days of the unit before it ("this month so far").
  if (whole.to !== period.to) {
    const before = shift(kind.unit, start, -kind.count);
    // A shorter unit before (February after March 31) ends where it ends.
    const sameDay = addDays(before, days - 1);
    const to = sameDay < start ? sameDay : addDays(start, -1);
    return { from: before, to, label: `${unitLabel(kind.unit, before)} to the same day (through ${to})`, kind };
  }
  return calendarPeriod(kind.unit, shift(kind.unit, start, -kind.count), kind.count);
}

/** A day a year earlier (29 February becomes 28 February). */
function yearBefore(day: string): string {
  const shifted = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
  return isIsoDate(shifted) ? shifted : `${Number(day.slice(0, 4)) - 1}${day.slice(4, 8)}28`;
}

/**
 * The same period a year earlier ("year over year"): a whole month, quarter or year the one a year
 * before, a week the week 52 weeks before (so it starts on a Monday too), anything else the same
 * days a year earlier. Undefined for all history.
 */
export function yearEarlier(period: Period): Period | undefined {
  const kind = period.kind;
  if (kind === 'all') return undefined;
  if (typeof kind === 'object' && 'unit' in kind && calendarPeriod(kind.unit, period.from, kind.count).to === period.to) {
    return kind.unit === 'week' ? calendarPeriod('week', addDays(period.from, -364), kind.count) : calendarPeriod(kind.unit, yearBefore(period.from), kind.count);
  }
  const [from, to] = [yearBefore(period.from), yearBefore(period.to)];
  return { from, to, label: `the same days a year earlier (${from} to ${to})`, kind: 'dates' };
}
