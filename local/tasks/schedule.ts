/**
 * Task schedules: Snowflake's `SCHEDULE = '<n> MINUTE'` and `SCHEDULE = 'USING CRON <expr> <tz>'`,
 * and a small five-field cron matcher evaluated in the schedule's time zone (through `Intl`, so
 * daylight-saving changes behave like wall clocks do: a skipped hour never matches, a repeated
 * hour matches twice, which is what Snowflake documents for its cron schedules too).
 */
import { SnowflakeError } from '../engine/errors';

/** A fixed interval between runs, e.g. `'5 MINUTE'`. */
export interface IntervalSchedule {
  readonly kind: 'interval';
  /** The schedule exactly as written (what SHOW TASKS prints). */
  readonly text: string;
  /** Seconds between runs. */
  readonly seconds: number;
}

/** One parsed cron field: the values it allows and whether it was written as `*` (or `*\/n`). */
export interface CronField {
  readonly values: ReadonlySet<number>;
  /** True when the field starts with `*`; drives the day-of-month / day-of-week OR rule. */
  readonly wildcard: boolean;
}

/** A `USING CRON <minute> <hour> <day-of-month> <month> <day-of-week> <time zone>` schedule. */
export interface CronSchedule {
  readonly kind: 'cron';
  /** The schedule exactly as written. */
  readonly text: string;
  /** The five cron fields as written, e.g. `0 6 * * 1-5`. */
  readonly expression: string;
  /** IANA time zone the fields are read in, e.g. `America/Chicago`. */
  readonly timeZone: string;
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  /** 0 = Sunday ... 6 = Saturday (7 is accepted as Sunday). */
  readonly dayOfWeek: CronField;
}

/** A task schedule. */
export type TaskSchedule = IntervalSchedule | CronSchedule;

/** Longest interval Snowflake accepts: 11520 minutes (8 days). */
const MAX_INTERVAL_SECONDS = 11520 * 60;

const INTERVAL_UNITS: Readonly<Record<string, number>> = {
  S: 1,
  SECOND: 1,
  SECONDS: 1,
  M: 60,
  MINUTE: 60,
  MINUTES: 60,
  H: 3600,
  HOUR: 3600,
  HOURS: 3600,
};

/** Snowflake cron extras the local matcher does not implement: last (L), weekday (W), nth (#), any (?). */
const SPECIAL_ITEM = /^(\?|L|LW|\d+[LW]|[A-Za-z]{3}L|.+#\d+)$/i;

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names accepted instead of numbers; index 0 stands for `min`. */
  readonly names?: readonly string[];
}

const FIELD_SPECS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  // 7 is Sunday as well, as in every cron dialect; it is folded to 0 below.
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES },
];

const SCHEDULE_FORMS =
  "'<n> MINUTE' (also SECONDS, HOURS), or 'USING CRON <minute> <hour> <day-of-month> <month> <day-of-week> <time zone>'";

function scheduleError(text: string, problem: string): SnowflakeError {
  return new SnowflakeError(
    '001003',
    '42000',
    `SQL compilation error:\ninvalid value '${text}' for property SCHEDULE: ${problem}. Allowed: ${SCHEDULE_FORMS}.`,
  );
}

/** Parses the value of `SCHEDULE = '...'`; errors name the value and the accepted forms. */
export function parseSchedule(text: string): TaskSchedule {
  const trimmed = text.trim();
  const cron = /^USING\s+CRON\s+(.*)$/is.exec(trimmed);
  if (cron) return parseCron(text, cron[1]);
  const interval = /^(\d+)\s*([A-Za-z]+)$/.exec(trimmed);
  const unit = interval ? INTERVAL_UNITS[interval[2].toUpperCase()] : undefined;
  if (!interval || unit === undefined) throw scheduleError(text, 'not an interval or a cron schedule');
  const seconds = Number(interval[1]) * unit;
  if (seconds < 1 || seconds > MAX_INTERVAL_SECONDS) {
    throw scheduleError(text, `the interval must be between 1 second and 11520 minutes (got ${seconds} seconds)`);
  }
  return { kind: 'interval', text, seconds };
}

function parseCron(text: string, rest: string): CronSchedule {
  const parts = rest.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw scheduleError(text, `a cron schedule needs five fields and a time zone (got ${parts.length} parts)`);
  }
  const timeZone = parts[5];
  if (!isTimeZone(timeZone))
    throw scheduleError(text, `unknown time zone '${timeZone}' (use an IANA name such as UTC or America/Chicago)`);
  const fields = FIELD_SPECS.map((spec, index) => parseField(text, parts[index], spec));
  return {
    kind: 'cron',
    text,
    expression: parts.slice(0, 5).join(' '),
    timeZone,
    minute: fields[0],
    hour: fields[1],
    dayOfMonth: fields[2],
    month: fields[3],
    dayOfWeek: fields[4],
  };
}

function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** One field: a comma list of `*`, `n`, `a-b`, each optionally `/step`. */
function parseField(text: string, field: string, spec: FieldSpec): CronField {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    if (SPECIAL_ITEM.test(item)) {
      throw scheduleError(
        text,
        `cron ${spec.name} field '${field}' uses '${item}' (L, W, # and ? are not supported locally; list the days instead)`,
      );
    }
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) {
      throw scheduleError(
        text,
        `cron ${spec.name} field '${field}' is not supported (use *, numbers, names, lists a,b, ranges a-b and steps /n)`,
      );
    }
    const step = match[2] === undefined ? 1 : Number(match[2]);
    if (step < 1) throw scheduleError(text, `cron ${spec.name} step must be at least 1 (got ${match[2]})`);
    let low = spec.min;
    let high = spec.max === 7 ? 6 : spec.max;
    if (match[1] !== '*') {
      const [from, to] = match[1].split('-');
      low = fieldValue(text, from, spec);
      // `a/n` means from a to the end of the range, stepping n.
      high = to !== undefined ? fieldValue(text, to, spec) : match[2] !== undefined ? spec.max : low;
      if (low > high) throw scheduleError(text, `cron ${spec.name} range '${match[1]}' runs backwards`);
    }
    for (let value = low; value <= high; value += step) values.add(spec.max === 7 && value === 7 ? 0 : value);
  }
  return { values, wildcard: field.startsWith('*') };
}

function fieldValue(text: string, raw: string, spec: FieldSpec): number {
  const byName = spec.names?.indexOf(raw.toUpperCase()) ?? -1;
  const value = byName >= 0 ? spec.min + byName : /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
    throw scheduleError(text, `cron ${spec.name} value '${raw}' is out of range (allowed ${spec.min}-${spec.max}${names})`);
  }
  return value;
}

/** Wall-clock fields of an instant in a time zone. */
interface WallClock {
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday. */
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: DAY_NAMES.indexOf(parts.weekday.toUpperCase()),
  };
}

function dayMatches(schedule: CronSchedule, clock: WallClock): boolean {
  const { dayOfMonth, dayOfWeek } = schedule;
  const byDate = dayOfMonth.values.has(clock.day);
  const byWeekday = dayOfWeek.values.has(clock.weekday);
  // Standard cron: when both day fields are restricted, either one matching is enough.
  if (dayOfMonth.wildcard && dayOfWeek.wildcard) return true;
  if (dayOfMonth.wildcard) return byWeekday;
  if (dayOfWeek.wildcard) return byDate;
  return byDate || byWeekday;
}

/** True when the minute containing `instant` matches the cron schedule in its time zone. */
export function cronMatches(schedule: CronSchedule, instant: Date): boolean {
  const clock = wallClock(instant, schedule.timeZone);
  return (
    schedule.minute.values.has(clock.minute) &&
    schedule.hour.values.has(clock.hour) &&
    schedule.month.values.has(clock.month) &&
    dayMatches(schedule, clock)
  );
}

const MINUTE_MS = 60_000;
/** Enough steps to cross several years with the day/hour skipping below. */
const MAX_SEARCH_STEPS = 200_000;

/**
 * The first minute strictly after `after` that matches, or undefined when none does within the
 * search horizon (e.g. `0 0 31 2 *`, the 31st of February). Skips whole days and hours that
 * cannot match, so a daily or yearly cron costs a few hundred steps, not one per minute.
 */
export function nextCronTime(schedule: CronSchedule, after: Date): Date | undefined {
  let time = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  for (let step = 0; step < MAX_SEARCH_STEPS; step++) {
    const clock = wallClock(new Date(time), schedule.timeZone);
    if (!schedule.month.values.has(clock.month) || !dayMatches(schedule, clock)) {
      // To the next local midnight; across a DST change this lands an hour off and the
      // following steps correct it, because every step re-reads the wall clock.
      time += (24 * 60 - (clock.hour * 60 + clock.minute)) * MINUTE_MS;
    } else if (!schedule.hour.values.has(clock.hour)) {
      time += (60 - clock.minute) * MINUTE_MS;
    } else if (!schedule.minute.values.has(clock.minute)) {
      const later = [...schedule.minute.values].filter((m) => m > clock.minute);
      time += (later.length > 0 ? Math.min(...later) - clock.minute : 60 - clock.minute) * MINUTE_MS;
    } else {
      return new Date(time);
    }
  }
  return undefined;
}
