/**
 * Days as integers (days since 1970-01-01, UTC) and the practice calendar: open days, business
 * days and seasonality. Timestamps are location wall-clock times without an offset, as
 * practice-management exports write them.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of an ISO date (`YYYY-MM-DD`); throws on anything else. */
export function dayOf(iso: string): number {
  const m = ISO_DATE.exec(iso);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || isoDate(ms / MS_PER_DAY) !== iso) {
    throw new Error(`date ${JSON.stringify(iso)} is not a valid ISO date (expected YYYY-MM-DD)`);
  }
  return ms / MS_PER_DAY;
}

/** Formatted days 1900-2199 (day -25567 to 83600), filled on first use. */
const ISO_CACHE_FIRST = -25_567;
const isoCache: (string | undefined)[] = [];

/** `YYYY-MM-DD` of a day number (cached: the generator formats the same few hundred days millions of times). */
export function isoDate(day: number): string {
  const i = day - ISO_CACHE_FIRST;
  let s = isoCache[i];
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (i >= 0 && i < 110_000) isoCache[i] = s;
  }
  return s;
}

/** `YYYYMMDD`, for file names and ids. */
export function compactDate(day: number): string {
  return isoDate(day).replace(/-/g, '');
}

// Hot path: aliases avoid slow global lookups in sandboxed test runners.
const round = Math.round;
const floor = Math.floor;
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `YYYY-MM-DDTHH:MM:SS` for a minute offset from the day's midnight (may spill into other days). */
export function timestamp(day: number, minute: number): string {
  const m = round(minute);
  const d = day + floor(m / 1440);
  const rem = ((m % 1440) + 1440) % 1440;
  return `${isoDate(d)}T${TWO_DIGITS[floor(rem / 60)]}:${TWO_DIGITS[rem % 60]}:00`;
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function monthOf(day: number): number {
  return Number(isoDate(day).slice(5, 7));
}

/** Whole years between a birth day and another day. */
export function ageOn(birthDay: number, day: number): number {
  const b = isoDate(birthDay);
  const d = isoDate(day);
  const years = Number(d.slice(0, 4)) - Number(b.slice(0, 4));
  return d.slice(5) < b.slice(5) ? years - 1 : years;
}

/** The day `years` calendar years later (29 Feb maps to 28 Feb). */
export function addYears(day: number, years: number): number {
  const s = isoDate(day);
  const target = `${Number(s.slice(0, 4)) + years}${s.slice(4)}`;
  return target.endsWith('-02-29') ? dayOf(target.replace(/29$/, '28')) : dayOf(target);
}

const holidayCache = new Map<number, ReadonlySet<number>>();

/** US holidays practices close for: New Year, Memorial Day, July 4, Labor Day, Thanksgiving, Christmas. */
function holidays(year: number): ReadonlySet<number> {
  let set = holidayCache.get(year);
  if (!set) {
    const d = (month: number, date: number) => Date.UTC(year, month - 1, date) / MS_PER_DAY;
    const nthWeekday = (month: number, wd: number, n: number) => {
      const first = d(month, 1);
      return first + ((wd - weekday(first) + 7) % 7) + (n - 1) * 7;
    };
    const lastMonday = (month: number) => {
      const last = d(month + 1, 1) - 1;
      return last - ((weekday(last) - 1 + 7) % 7);
    };
    set = new Set([d(1, 1), lastMonday(5), d(7, 4), nthWeekday(9, 1, 1), nthWeekday(11, 4, 4), d(12, 25)]);
    holidayCache.set(year, set);
  }
  return set;
}

export function isHoliday(day: number): boolean {
  return holidays(Number(isoDate(day).slice(0, 4))).has(day);
}

/** Practices see patients Monday to Saturday, except holidays. */
export function isOpen(day: number): boolean {
  return weekday(day) !== 0 && !isHoliday(day);
}

/** Labs, payers and banks work Monday to Friday, except holidays. */
export function isBusinessDay(day: number): boolean {
  const wd = weekday(day);
  return wd !== 0 && wd !== 6 && !isHoliday(day);
}

/** The first day on or after `day` that passes `test`. */
export function onOrAfter(day: number, test: (day: number) => boolean): number {
  let d = day;
  while (!test(d)) d++;
  return d;
}

/** The first day on or before `day` that passes `test`. */
export function onOrBefore(day: number, test: (day: number) => boolean): number {
  let d = day;
  while (!test(d)) d--;
  return d;
}

/** `n` days that pass `test` after `day` (n = 0 gives the first passing day on or after it). */
export function addDays(day: number, n: number, test: (day: number) => boolean): number {
  let d = onOrAfter(day, test);
  for (let i = 0; i < n; i++) d = onOrAfter(d + 1, test);
  return d;
}
