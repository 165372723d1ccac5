/**
 * Reads a plain-English question about a tenant's KPIs into a structured one: which measures,
 * over which days, for which locations, grouped or ranked how, compared with what. Deterministic
 * and local (no language model reads patient data): the grammar is the catalog of metrics.ts plus
 * the time, grouping and ranking phrases below, and docs/ask.md lists them. A question it cannot
 * read fully fails with what it did not understand and what it can answer.
 */
import { closestAll, quotedAlternatives } from '../environments/issues';
import { ASKABLE, BOOKED_AHEAD, BRIEFED, FORECASTABLE, FORECAST_DAYS, METRICS, METRIC_GROUPS, Metric, MetricGroup, MetricSource, RECOMMENDED, SOURCES, SOURCE_TABLE, bestFirst, insightMeasure, metric } from './metrics';
import {
  CalendarUnit, MONTH_NAMES, Period, addDays, calendarPeriod, datesPeriod, daysBetween, followingDays, isIsoDate, nextUnits, periodToDate, previousPeriod, previousUnits, restOf, startOf, trailingDays, yearEarlier,
} from './periods';

export type Grouping = 'location' | 'staff' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A staff member a question may name: DIM_STAFF's id, name and role. */
export interface StaffRef {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

export interface LocationRef {
  readonly id: string;
  readonly name: string;
}

/** The days the marts hold: from the first day through the last day anything happened (the as-of day). */
export interface DataSpan {
  readonly firstDay: string;
  readonly asOfDay: string;
}

/**
 * What a question asks for: KPIs over days that happened (MARTS.KPI_LOCATION_DAILY or
 * KPI_STAFF_MONTHLY), a forecast of days to come (MARTS.KPI_FORECAST_DAILY), the unusual days
 * of a period (MARTS.KPI_ANOMALY_DAILY), what to do next (MARTS.RECOMMENDATIONS), or a brief in
 * prose on a period, which Cortex writes from all of those (insights/brief.ts).
 */
export type QuestionKind = 'kpi' | 'forecast' | 'anomalies' | 'recommendations' | 'brief';

export interface Question {
  readonly text: string;
  readonly kind: QuestionKind;
  /** The measures named; for anomalies and recommendations, empty means every one they cover. */
  readonly metrics: readonly Metric[];
  /** Ids of the measures only a role-specific group's phrase named ("staff productivity"): the answer leaves out those with no value in any group. */
  readonly omittable?: readonly string[];
  readonly source: MetricSource;
  readonly period: Period;
  /** A second period to compare with ("vs last month", "growth"). */
  readonly comparedWith?: Period;
  readonly groupBy?: Grouping;
  /**
   * Order the groups by the first metric, or by its change against `comparedWith` ("which location
   * grew fastest"); `limit` keeps the first ones ("top 3", "which location": 1).
   */
  readonly ranking?: { readonly order: 'desc' | 'asc'; readonly limit?: number; readonly by?: 'change' };
  /** Only these locations (named in the question); empty means every location the reader may see. */
  readonly locations: readonly LocationRef[];
  /** Grouped by staff: only these roles (DIM_STAFF.ROLE) when the question named one ("by optician"); empty means everyone. */
  readonly staffRoles: readonly string[];
  /** Only these staff members, named in the question ("Dr Jones", "Jennifer Thomas"): read from the staff mart. */
  readonly staff?: readonly StaffRef[];
  /** Days after the as-of day, as booked so far ("appointments booked next week"): the periods are not cut at the as-of day. */
  readonly ahead?: true;
}

/** The roles a staff word stands for; a word for anyone ("staff", "employees") stands for none in particular. */
function staffRolesOf(word: string): string[] {
  if (/^(?:doctors?|providers?)$/.test(word)) return ['ophthalmologist', 'optometrist'];
  const role = /^(optometrist|ophthalmologist|optician)s?$/.exec(word);
  return role ? [role[1]!] : [];
}

/** The marts a measure may come from, in the order a question without a staff grouping prefers them (SOURCES' order). */
const SOURCE_ORDER = Object.keys(SOURCES) as readonly MetricSource[];

/** A question that cannot be answered as asked, with what to ask instead. */
export class QuestionError extends Error {}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const COUNT = `(\\d{1,4}|${Object.keys(NUMBER_WORDS).join('|')})`;
const countOf = (word: string) => NUMBER_WORDS[word] ?? Number(word);

const MONTH = `(${MONTH_NAMES.join('|')}|${MONTH_NAMES.map((m) => m.slice(0, 3)).join('|')}|sept)`;
const monthIndex = (word: string) => MONTH_NAMES.findIndex((m) => m.startsWith(word.slice(0, 3)));
const YEAR = '((?:19|20)\\d{2})';
const UNIT = '(week|month|quarter|year)';
const ISO = '(\\d{4}-\\d{2}-\\d{2})';

const LOCATION_WORDS = 'locations?|clinics?|offices?|practices?|sites?|stores?|branch(?:es)?';
/** Words for staff that may stand alone as a modifier ("optician commission"): not "people", which questions use for patients. */
const ROLE_WORDS = 'staff(?: members?)?|employees?|doctors?|optometrists?|ophthalmologists?|opticians?|providers?';
const STAFF_WORDS = `${ROLE_WORDS}|people|persons?|team members?`;
const GROUP_LEAD = '(?:by|per|for each|each|for every|every|across|broken down by|split by|grouped by)';
const HIGH = 'highest|most|best|top|largest|biggest|greatest|strongest|leading';
const LOW = 'lowest|least|fewest|worst|bottom|smallest|weakest';

/** Words that carry no meaning for the grammar; anything else left over is reported as not understood. */
const FILLER = new Set(
  ('compare comparing earned earn earns sold sell sells generated generate brought bring what whats ' +
    'what\'s was were is are be been how much many did do does our my the a an of in on at for from to ' +
    'with and or show me tell give list we us total overall sum value values number amount figure ' +
    'figures rate kpi kpis please i would like know see it its there has have had get got which who ' +
    'where when during over all time ever so far this that these those per by each every as compared ' +
    'than vs versus about made make performing performed perform performance doing look looks numbers ' +
    'report breakdown period day days any you saw seen go going went fare faring fared')
    .split(' '),
);

const lower = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'");

/** The question's text with consumed spans blanked, so each phrase is read once. */
class Reader {
  private text: string;
  constructor(text: string) {
    this.text = ` ${lower(text).replace(/[?!,;:()"]/g, ' ').replace(/\.(?=\s|$)/g, ' ').replace(/\s+/g, ' ').trim()} `;
  }

  /** Every match of `pattern` (word-bounded), blanked out; `at` is where it was, for order. */
  take(pattern: string): { groups: string[]; at: number }[] {
    const re = new RegExp(`(?<=[\\s])(?:${pattern})(?=[\\s])`, 'g');
    const found: { groups: string[]; at: number }[] = [];
    this.text = this.text.replace(re, (match: string, ...rest: unknown[]) => {
      const offset = rest[rest.length - 2] as number;
      found.push({ groups: rest.slice(0, -2).map((g) => (g === undefined ? '' : String(g))), at: offset });
      return ' '.repeat(match.length);
    });
    return found;
  }

  has(pattern: string): boolean {
    return new RegExp(`(?<=[\\s])(?:${pattern})(?=[\\s])`).test(this.text);
  }

  leftovers(): string[] {
    return this.text.split(/\s+/).filter((w) => w !== '' && !FILLER.has(w) && !/^-+$/.test(w));
  }
}

const escape = (phrase: string) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');

/**
 * The metrics a question names, longest phrase first, in the order it names them; those only a
 * role-specific group named; and the first group named (its implied grouping, ranking and growth).
 */
function readMetrics(reader: Reader): { metrics: Metric[]; omittable: string[]; group?: MetricGroup } {
  const phrases = [
    ...METRICS.flatMap((m) => m.phrases.map((phrase) => ({ ms: [m], phrase, group: undefined as MetricGroup | undefined }))),
    ...METRIC_GROUPS.flatMap((group) => group.phrases.map((phrase) => ({ ms: group.ids.map(metric), phrase, group }))),
  ].sort((a, b) => b.phrase.length - a.phrase.length);
  const found: { m: Metric; at: number; group?: MetricGroup }[] = [];
  for (const { ms, phrase, group } of phrases) for (const hit of reader.take(escape(phrase))) found.push(...ms.map((m) => ({ m, at: hit.at, group })));
  found.sort((a, b) => a.at - b.at);
  const ordered = found.map((f) => f.m);
  const group = found.find((f) => f.group)?.group;
  const metrics = ordered.filter((m, i) => ordered.indexOf(m) === i);
  const omittable = metrics.filter((m) => found.every((f) => f.m !== m || f.group?.roleSpecific)).map((m) => m.id);
  return { metrics, omittable, ...(group ? { group } : {}) };
}

/** Every period the question names, in the order it names them. */
function readPeriods(reader: Reader, span: DataSpan, ahead: boolean): { period: Period; at: number }[] {
  const asOf = span.asOfDay;
  const out: { period: Period; at: number }[] = [];
  const add = (hits: { groups: string[]; at: number }[], make: (g: string[]) => Period) => hits.forEach((h) => out.push({ period: make(h.groups), at: h.at }));
  const day = (text: string) => {
    if (!isIsoDate(text)) throw new QuestionError(`"${text}" is not a calendar date: write dates as YYYY-MM-DD, e.g. ${asOf}`);
    return text;
  };
  add(reader.take(`(?:from|between) ${ISO} (?:to|and|until|through|-) ${ISO}`), ([a, b]) => {
    const [from, to] = [day(a!), day(b!)];
    if (from > to) throw new QuestionError(`the period ${from} to ${to} ends before it starts: put the earlier date first`);
    return datesPeriod(from, to);
  });
  add(reader.take(`since ${ISO}`), ([a]) => datesPeriod(day(a!), asOf));
  add(reader.take(`(?:last|past|previous|prior|trailing) ${COUNT} days?`), ([n]) => trailingDays(countOf(n!), asOf));
  add(reader.take(`(?:last|past|previous|prior|trailing) ${COUNT} weeks?`), ([n]) => trailingDays(7 * countOf(n!), asOf, `the last ${countOf(n!)} weeks`));
  add(reader.take(`(?:last|past|previous|prior|trailing) ${COUNT} (month|quarter|year)s?`), ([n, unit]) => previousUnits(unit as CalendarUnit, asOf, countOf(n!)));
  add(reader.take(`(?:the )?(?:next|coming|following) ${COUNT} days?`), ([n]) => followingDays(countOf(n!), asOf));
  add(reader.take(`(?:the )?(?:next|coming|following) ${COUNT} weeks?`), ([n]) => followingDays(7 * countOf(n!), asOf, `the next ${countOf(n!)} weeks`));
  add(reader.take(`(?:the )?(?:next|coming|following) ${COUNT} (month|quarter|year)s?`), ([n, unit]) => nextUnits(unit as CalendarUnit, asOf, countOf(n!)));
  add(reader.take(`(?:the )?(?:next|coming|following) ${UNIT}`), ([unit]) => nextUnits(unit as CalendarUnit, asOf));
  add(reader.take(`(?:the )?rest of (?:this|the|the current) ${UNIT}`), ([unit]) => restOf(unit as CalendarUnit, asOf));
  add(reader.take('tomorrow'), () => datesPeriod(addDays(asOf, 1), addDays(asOf, 1)));
  // Ahead, "this month" is the part of it still to come.
  add(reader.take(`(?:this|current) ${UNIT}(?: so far| to date)?|${UNIT} to date`), ([a, b]) => (ahead ? restOf : periodToDate)((a || b) as CalendarUnit, asOf));
  add(reader.take('(mtd|qtd|ytd|wtd)'), ([a]) => periodToDate(({ m: 'month', q: 'quarter', y: 'year', w: 'week' } as const)[a![0] as 'm' | 'q' | 'y' | 'w'], asOf));
  add(reader.take(`(?:last|past|previous|prior) ${UNIT}`), ([unit]) => previousUnits(unit as CalendarUnit, asOf));
  add(reader.take('today'), () => datesPeriod(asOf, asOf));
  add(reader.take('yesterday'), () => datesPeriod(addDays(asOf, -1), addDays(asOf, -1)));
  add(reader.take(`q([1-4]) (?:of )?${YEAR}|${YEAR} q([1-4])`), ([q1, y1, y2, q2]) => calendarPeriod('quarter', `${y1 || y2}-${String(3 * (Number(q1 || q2) - 1) + 1).padStart(2, '0')}-01`));
  add(reader.take(`${MONTH}(?: of)? ${YEAR}`), ([m, y]) => calendarPeriod('month', `${y}-${String(monthIndex(m!) + 1).padStart(2, '0')}-01`));
  // "may" alone is a verb more often than a month.
  add(reader.take(`(?:in|during|for|of) ${MONTH}|(?!may\\s)${MONTH}`), ([m1, m2]) => {
    const m = m1 || m2;
    // A month without a year is the latest one that has begun by the as-of day, or in a question
    // about days to come, the next one that has not ended.
    const month = monthIndex(m!);
    const asOfMonth = Number(asOf.slice(5, 7));
    const year = Number(asOf.slice(0, 4)) + (ahead ? (month + 1 < asOfMonth ? 1 : 0) : month + 1 > asOfMonth ? -1 : 0);
    return calendarPeriod('month', `${year}-${String(month + 1).padStart(2, '0')}-01`);
  });
  add(reader.take(`(?:on )?${ISO}`), ([a]) => datesPeriod(day(a!), day(a!)));
  add(reader.take(`(?:in |during |for )?${YEAR}`), ([y]) => calendarPeriod('year', `${y}-01-01`));
  add(reader.take('all time|all history|ever|to date|overall|so far|in total'), () => allHistory(span));
  return out.sort((a, b) => a.at - b.at);
}

/** The grouping a trend over `period` is shown in: months, or weeks or days over a shorter period. */
function trendUnit(period: Period): Grouping {
  const days = daysBetween(period.from, period.to);
  return days > 92 ? 'month' : days > 21 ? 'week' : 'day';
}

function allHistory(span: DataSpan): Period {
  return { from: span.firstDay, to: span.asOfDay, label: `all history (${span.firstDay} to ${span.asOfDay})`, kind: 'all' };
}

/**
 * Phrases that name each location: its id, its name, and its name without the words every
 * location of the tenant shares ("SVP Buckhead" -> "buckhead") or that say nothing ("eye care").
 */
function locationPhrases(locations: readonly LocationRef[]): { location: LocationRef; phrase: string }[] {
  const words = (name: string) => lower(name).split(/[^a-z0-9']+/).filter(Boolean);
  const shared = locations.length > 1 ? words(locations[0]!.name).filter((w) => locations.every((l) => words(l.name).includes(w))) : [];
  const generic = new Set(['eye', 'eyes', 'care', 'eyecare', 'vision', 'optometry', 'optical', 'clinic', 'center', 'centre', 'group', 'associates', 'the', 'of', 'and', ...shared]);
  return locations.flatMap((location) => {
    const distinct = words(location.name).filter((w) => !generic.has(w)).join(' ');
    const phrases = new Set([lower(location.name), location.id, location.id.replace(/_/g, ' '), ...(distinct.length >= 3 ? [distinct] : [])]);
    return [...phrases].map((phrase) => ({ location, phrase }));
  });
}

/**
 * Staff members the question names: by full name, or a doctor as "Dr <last name>" / "doctor <full
 * name>". A last name alone is not read: "Day", "Price" or "Best" are words of questions too.
 */
function readStaff(reader: Reader, staff: readonly StaffRef[]): StaffRef[] {
  const doctor = (s: StaffRef) => s.role === 'optometrist' || s.role === 'ophthalmologist';
  const phrases = staff.flatMap((s) => {
    const name = lower(s.name).replace(/\s+/g, ' ').trim();
    const last = name.split(' ').pop()!;
    return [{ s, phrase: name }, ...(doctor(s) ? [`dr ${name}`, `doctor ${name}`, `dr ${last}`, `doctor ${last}`].map((phrase) => ({ s, phrase })) : [])];
  });
  const found = new Map<string, StaffRef>();
  for (const { s, phrase } of phrases.sort((a, b) => b.phrase.length - a.phrase.length)) {
    if (reader.has(escape(phrase))) found.set(s.id, s);
  }
  // Taken after every phrase was tried, so two doctors named Jones are both "Dr Jones".
  for (const { phrase } of phrases) reader.take(escape(phrase));
  return [...found.values()];
}

function readLocations(reader: Reader, locations: readonly LocationRef[]): LocationRef[] {
  const found = new Map<string, LocationRef>();
  for (const { location, phrase } of locationPhrases(locations).sort((a, b) => b.phrase.length - a.phrase.length)) {
    if (reader.take(escape(phrase)).length > 0) found.set(location.id, location);
  }
  return [...found.values()];
}

const UNIT_GROUPS: Readonly<Record<string, Grouping>> = {
  day: 'day', daily: 'day', week: 'week', weekly: 'week', month: 'month', monthly: 'month',
  quarter: 'quarter', quarterly: 'quarter', year: 'year', yearly: 'year', annually: 'year',
};

/** A ranking as asked: by value, or "best"/"worst", which the measure turns into an order. */
interface WantedRanking {
  readonly order: 'desc' | 'asc' | 'best' | 'worst';
  readonly limit?: number;
  readonly by?: 'change';
}

/**
 * How the question groups and orders its answer. A measure group's implied grouping and ranking
 * ("location ranking") apply where the question says none; what it says wins.
 */
function readGrouping(reader: Reader, implied: MetricGroup | undefined): { groupBy?: Grouping; ranking?: WantedRanking; staffRoles: string[] } {
  const direction = (word: string): WantedRanking['order'] =>
    word === 'best' || word === 'top' || word === 'leading' || word === 'strongest' ? 'best' : word === 'worst' || word === 'bottom' || word === 'weakest' ? 'worst' : new RegExp(`^(?:${HIGH})$`).test(word) ? 'desc' : 'asc';
  let groupBy: Grouping | undefined;
  let ranking: WantedRanking | undefined;
  let staffRoles: string[] = [];
  const kind = (word: string): Grouping => {
    if (new RegExp(`^(?:${LOCATION_WORDS})$`).test(word)) return 'location';
    staffRoles = staffRolesOf(word);
    return 'staff';
  };
  // "for all locations", "across all clinics", "the whole group": every location together, as with no location named.
  reader.take(`(?:(?:for|at|in|over|across) )?all (?:of )?(?:the |our )?(?:${LOCATION_WORDS})|(?:(?:for|across) )?(?:the )?(?:whole|entire) (?:group|practice|business|company)`);
  // "top 3 locations", "bottom two opticians": the order is said, and a superlative after it does not change it.
  const withGrouping = reader.take(`(top|bottom|best|worst) ${COUNT} (${LOCATION_WORDS}|${STAFF_WORDS})`);
  for (const { groups } of withGrouping) {
    groupBy = kind(groups[2]!);
    ranking = { order: direction(groups[0]!), limit: countOf(groups[1]!) };
  }
  // "top 3 by location", "the bottom 2 of the location ranking": the grouping is said elsewhere.
  const alone = reader.take(`(?:the )?(top|bottom|best|worst) ${COUNT}(?: of(?: the)?)?`);
  for (const { groups } of alone) ranking = { order: direction(groups[0]!), limit: countOf(groups[1]!) };
  const counted = withGrouping.length + alone.length > 0;
  // "worst first", "lowest first": the order of a whole ranking.
  for (const { groups } of reader.take(`(best|worst|${HIGH}|${LOW}) first`)) ranking = { ...ranking, order: direction(groups[0]!) };
  // "which location had the most ...", "which 3 opticians earned the highest ..."
  for (const { groups } of reader.take(`(?:which|what)(?: ${COUNT})? (${LOCATION_WORDS}|${STAFF_WORDS})`)) {
    groupBy = kind(groups[1]!);
    ranking ??= { order: 'desc', limit: groups[0] ? countOf(groups[0]) : 1 };
  }
  for (const { groups } of reader.take(`${GROUP_LEAD} (${LOCATION_WORDS}|${STAFF_WORDS})`)) groupBy = kind(groups[0]!);
  for (const { groups } of reader.take(`${GROUP_LEAD} (day|week|month|quarter|year)|(daily|weekly|monthly|quarterly|yearly|annually)`)) groupBy = UNIT_GROUPS[groups[0] || groups[1]!];
  for (const { groups } of reader.take(`(?:compare|comparing) (?:the )?(${LOCATION_WORDS}|${STAFF_WORDS})`)) groupBy = kind(groups[0]!);
  for (const { groups } of reader.take(`rank(?:ed|ing)? (?:the |all |our )?(${LOCATION_WORDS}|${STAFF_WORDS})`)) {
    groupBy = kind(groups[0]!);
    ranking ??= { order: 'best' };
  }
  if (reader.take('rank(?:ed|ing)?|league table').length > 0) {
    groupBy ??= 'location';
    ranking ??= { order: 'best' };
  }
  // A staff or location word left standing as a modifier groups by it: "optician commission", "staff commissions", "clinic revenue".
  if (!groupBy) for (const { groups } of reader.take(`(${LOCATION_WORDS}|${ROLE_WORDS})`)) groupBy = kind(groups[0]!);
  groupBy ??= implied?.groupBy;
  if (implied?.ranked && groupBy === implied.groupBy) ranking ??= { order: 'best' };
  const superlative = reader.take(`(?:the )?(${HIGH}|${LOW})`)[0];
  if (superlative && !counted) {
    const order = direction(superlative.groups[0]!);
    ranking = ranking ? { ...ranking, order } : groupBy ? { order, limit: 1 } : undefined;
  }
  if (ranking && !groupBy) {
    throw new QuestionError(`a ranking needs something to rank: add a grouping, e.g. "${ranking.limit ? `top ${ranking.limit} locations` : 'by location'}" or "${ranking.limit ? `bottom ${ranking.limit} opticians` : 'by optician'}"`);
  }
  return { ...(groupBy ? { groupBy } : {}), ...(ranking ? { ranking } : {}), staffRoles };
}

const GROWTH = 'growth|grew|grow|change|changed|increase|increased|decrease|decreased|go up|go down|went up|went down|trending(?: up| down)?';
/** The books ahead: "appointments booked next week", "how full is the schedule next week", "what's on the books". */
const BOOKED_WORDS = "already booked|booked(?: so far| already| up| in)?|on the books|in the (?:books?|diary)|how (?:full|busy)(?: is| are| will)?(?: the| our)?(?: schedules?| diary| books?| clinics?)?|schedule fill|fill rate";
/** "How did we do", "how is Buckhead doing", "how are the clinics performing": a question about the headline KPIs. */
const HOW_DID = /^\s*how\b.*\b(?:do|doing|did|done|perform(?:s|ing|ed)?|go|going|went|fare|faring|fared)\b/i;
/** A trend is the series over time: grouped by month (by week or day over a shorter period), not one change. */
const TREND = 'trends?|over time';
/** A ranking by change: "grew fastest", "biggest increase" (most up first), "fell the most", "steepest decline" (most down first). */
const FASTEST_UP = '(?:grew|grows?|grown|growing|increased|rose|improved|went up) (?:the )?(?:fastest|most|quickest)|(?:fastest|quickest)[- ]growing|(?:fastest|most|biggest|largest|highest|strongest) (?:growth|increase|rise|gain)';
const FASTEST_DOWN = '(?:fell|falls?|dropped|declined|decreased|shrank|went down) (?:the )?(?:fastest|most)|fastest[- ](?:falling|shrinking|declining)|(?:biggest|largest|steepest|sharpest) (?:drop|decline|decrease|fall)';
/** "top 3 locations by growth in exams": ranked by the change, in the order the ranking words give. */
const BY_CHANGE = '(?:by|in) (?:the )?(?:growth|change|increase|rise)(?: in)?';
const FORECAST_WORDS = 'forecast(?:s|ed|ing)?|predict(?:s|ed|ion|ions)?|projected|projections?|expected|expect|outlook|will';
const ANOMALY_WORDS = 'anomal(?:y|ies|ous)(?: days?)?|unusual(?: days?)?|outliers?|abnormal(?: days?)?|out of the ordinary';
const RECOMMEND_WORDS =
  'recommendations?|recommend(?:ed)?|advice|advise|suggestions?|suggest|opportunit(?:y|ies)|what (?:should|can|could) (?:we|i) do(?: about| to improve)?|how (?:can|could|do|should) (?:we|i) improve|improve(?:ments?)?|where to improve|(?:below|under|short of|missing|behind) (?:the |our |its |their )?targets?(?: on| for| in)?';
const BRIEF_WORDS = 'brief(?:ing)?|summar(?:y|ies|ise|ize)|overview|write-?up|narrative|in (?:plain )?(?:english|words)';
const VERSUS = '(?:vs|versus|compared (?:to|with)|against|relative to|than)';
/** "vs the month before": the period against the one before it. */
const VERSUS_BEFORE = `${VERSUS} (?:the )?(?:period |days? |weeks? |months? )?(?:before|prior)`;
/** "year over year", "vs the same month last year": the period against the same one a year earlier. Read before the periods ("last year" is one). */
const YEAR_OVER_YEAR = `yoy|year[- ](?:over|on)[- ]year|${VERSUS} (?:the )?same (?:period|days|week|month|quarter) (?:last year|a year (?:earlier|before|ago)|the year before)|${VERSUS} (?:a year (?:earlier|before|ago)|the year before)`;

/** A question in English read against the tenant's locations and the days its marts hold. */
export function interpret(text: string, context: { readonly locations: readonly LocationRef[]; readonly span: DataSpan; readonly staff?: readonly StaffRef[] }): Question {
  if (text.trim() === '') throw new QuestionError('the question is empty: ask e.g. "net revenue last month by location"');
  const reader = new Reader(text);
  // Names first: a staff member's name may hold a word the grammar reads ("Will", "May").
  const staff = readStaff(reader, context.staff ?? []);
  // A brief covers the recommendations and unusual days too, so their words do not change what it is.
  const brief = reader.take(BRIEF_WORDS).length > 0;
  const recommendations = reader.take(RECOMMEND_WORDS).length > 0 && !brief;
  const anomalies = reader.take(ANOMALY_WORDS).length > 0 && !recommendations && !brief;
  const forecast = reader.take(FORECAST_WORDS).length > 0 && !anomalies && !recommendations && !brief;
  const locations = readLocations(reader, context.locations);
  const named = readMetrics(reader);
  // After the measures: "booked appointments" is one of them, "appointments booked next week" the books ahead.
  // A KPI question, not one for the insight marts or a brief (which the words above decide).
  const insight = brief || recommendations || anomalies || forecast;
  const booked = reader.take(BOOKED_WORDS).length > 0 && !insight;
  const yearOverYear = reader.take(YEAR_OVER_YEAR).length > 0;
  const periods = readPeriods(reader, context.span, forecast || booked);
  // "Appointments booked next week", "how full is the schedule": the books ahead, read from the KPI mart, not forecast;
  // so is "appointments next week", as only bookings are known of those measures ahead.
  const future = periods[0] !== undefined && periods[0].period.from > context.span.asOfDay;
  const onlyBooked = named.metrics.length > 0 && named.metrics.every((m) => BOOKED_AHEAD.includes(m.id)) && !insight;
  const ahead = (booked && (periods[0] === undefined || future)) || (onlyBooked && future);
  const fastest = reader.take(FASTEST_UP).length > 0 ? 'desc' : reader.take(FASTEST_DOWN).length > 0 ? 'asc' : undefined;
  const byChange = fastest !== undefined || reader.take(BY_CHANGE).length > 0;
  // "Which location grew fastest" names no measure: the location ranking's, as docs/kpis.md ranks growth.
  const growthGroup = byChange && named.metrics.length === 0 ? METRIC_GROUPS.find((g) => g.growth) : undefined;
  // "How did Buckhead do last month?" names none either: the headline KPIs a brief is given, against the period before.
  const howDid = named.metrics.length === 0 && !byChange && !insight && HOW_DID.test(text);
  const { metrics, omittable, group } = growthGroup
    ? { metrics: growthGroup.ids.map(metric), omittable: [], group: growthGroup }
    : howDid
      ? { metrics: BRIEFED.map(metric), omittable: [], group: undefined }
      : booked && named.metrics.length === 0
        ? { metrics: BOOKED_AHEAD.map(metric), omittable: [], group: undefined }
        : named;
  const trend = reader.take(TREND).length > 0;
  const growth = reader.take(GROWTH).length > 0 || group?.growth === true || byChange || yearOverYear || howDid;
  const versusBefore = reader.take(VERSUS_BEFORE).length > 0;
  const versus = reader.take(VERSUS).length > 0;
  // "Evanston vs Oak Park", "compare Evanston and Oak Park": two locations side by side in one period, not one period against another.
  const sideBySide = (versus || reader.has('compare|comparing')) && !versusBefore && !growth && locations.length >= 2 && periods.length <= 1;
  const comparing = versusBefore || (versus && !sideBySide);
  const grouping = readGrouping(reader, group);
  const groupBy = grouping.groupBy ?? (sideBySide ? 'location' : trend ? trendUnit(periods[0]?.period ?? allHistory(context.span)) : staff.length > 0 ? 'staff' : undefined);
  const { staffRoles } = grouping;
  const wanted: WantedRanking | undefined = byChange ? { ...grouping.ranking, order: fastest ?? grouping.ranking?.order ?? 'desc', by: 'change' } : grouping.ranking;
  if (byChange && !groupBy) throw new QuestionError(`"${text}" ranks a change but names nothing to rank: add a grouping, e.g. "which location" or "by optician"`);
  const leftovers = reader.leftovers();

  if (metrics.length === 0 && !insight) {
    const hints = leftovers.filter((w) => w.length > 3).flatMap((w) => closestAll(w, METRICS.flatMap((m) => m.phrases.filter((p) => !p.includes(' ')))));
    throw new QuestionError(
      `no measure found in "${text}"${hints.length ? ` (did you mean ${quotedAlternatives([...new Set(hints)])}?)` : ''}; ask about one of: ${ASKABLE}`,
    );
  }
  if (leftovers.length > 0) {
    const words = [...new Set(leftovers)];
    throw new QuestionError(
      `did not understand ${quotedAlternatives(words).replace(/ or /, ' and ')} in "${text}": name a measure (e.g. ${(metrics[0] ?? METRICS[0]!).phrases[0]}), a period (last month, Q1 2025, since 2025-01-01), a location (${context.locations.slice(0, 2).map((l) => l.name).join(', ')}) or a grouping (by location, by month, top 3 locations); docs/ask.md lists every phrase`,
    );
  }
  if (periods.length > 2) throw new QuestionError(`"${text}" names ${periods.length} periods (${periods.map((p) => p.period.label).join('; ')}): ask about one, or compare two`);
  // A question about days after the as-of day asks for a forecast, whether it says so or not.
  const kind: QuestionKind = brief
    ? 'brief'
    : recommendations
    ? 'recommendations'
    : anomalies
      ? 'anomalies'
      : forecast || (!ahead && periods[0] !== undefined && periods[0].period.from > context.span.asOfDay)
        ? 'forecast'
        : 'kpi';
  if (ahead) {
    const unknown = metrics.filter((m) => !BOOKED_AHEAD.includes(m.id));
    if (unknown.length > 0) {
      throw new QuestionError(`${unknown.map((m) => m.label).join(', ')} of days to come is not booked but forecast: ask "forecast ${unknown[0]!.phrases[0]} next week"; booked ahead are ${BOOKED_AHEAD.map((id) => metric(id).phrases[0]).join(', ')}`);
    }
    if (comparing || growth) throw new QuestionError(`"${text}" compares days to come with others, which the books ahead do not: ask about one period`);
    if (groupBy === 'staff' || staff.length > 0) throw new QuestionError('bookings ahead are read per location and day: ask per location');
  }
  if (kind !== 'kpi' && staff.length > 0) {
    throw new QuestionError(`${staff.map((s) => s.name).join(' and ')}: forecasts, unusual days, recommendations and briefs are kept per location, not per staff member; ask about a staff member's KPIs (e.g. "exams last month")`);
  }
  if (kind !== 'kpi') {
    const read: InsightWords = { metrics, periods: periods.map((p) => p.period), locations, staffRoles, comparing: growth || comparing, ...(groupBy ? { groupBy } : {}), ...(wanted ? { wanted } : {}) };
    if (kind === 'brief') return briefQuestion(text, read, context.span);
    return kind === 'recommendations' ? recommendationQuestion(text, read, context.span) : insightQuestion(kind, text, read, context.span);
  }

  // Grouped by staff or about named staff members, the staff mart; otherwise the first mart that holds every measure named.
  const source: MetricSource = groupBy === 'staff' || staff.length > 0 ? 'staffMonthly' : (SOURCE_ORDER.find((s) => metrics.every((m) => m[s])) ?? SOURCE_ORDER.find((s) => metrics.some((m) => m[s]))!);
  const unsupported = metrics.filter((m) => !m[source]);
  if (unsupported.length > 0) {
    const home = (m: Metric) => SOURCE_ORDER.find((s) => m[s]);
    const grains = SOURCE_ORDER.filter((s) => metrics.some((m) => home(m) === s)).map((s) => SOURCES[s].grain);
    throw new QuestionError(
      source === 'staffMonthly' && (groupBy === 'staff' || staff.length > 0)
        ? `${unsupported.map((m) => m.label).join(', ')} ${unsupported.length === 1 ? 'is' : 'are'} kept per location, not per staff member: ask per location, or per staff member about ${METRICS.filter((m) => m.staffMonthly).map((m) => m.phrases[0]).join(', ')}`
        : `${unsupported.map((m) => m.label).join(', ')} and ${metrics.filter((m) => !unsupported.includes(m)).map((m) => m.label).join(', ')} come from different marts (${grains.join(', ')}): ask about them separately`,
    );
  }
  if (SOURCES[source].monthly && (groupBy === 'day' || groupBy === 'week')) {
    throw new QuestionError(`${metrics[0]!.label} is kept ${SOURCES[source].grain} (MARTS.${SOURCE_TABLE[source]}): group it by month, quarter or year, not by ${groupBy}`);
  }

  // Without a period, how a location did is how it did in the last whole month.
  let period = periods[0]?.period ?? (howDid ? previousUnits('month', context.span.asOfDay) : ahead ? followingDays(28, context.span.asOfDay, 'the next 4 weeks') : allHistory(context.span));
  let comparedWith: Period | undefined = periods[1]?.period;
  if (!comparedWith && (growth || comparing)) {
    comparedWith = yearOverYear ? yearEarlier(period) : previousPeriod(period);
    if (!comparedWith) throw new QuestionError(`"${text}" asks for a change but names no period to compare: add one, e.g. "last month" or "Q1 2025 vs Q4 2024"`);
  } else if (comparedWith && period.from < comparedWith.from) {
    // The earlier period is the baseline: "March vs April" and "April vs March" both read as a change from March.
    const earlier = period;
    period = comparedWith;
    comparedWith = earlier;
  }
  if (SOURCES[source].monthly) for (const p of [period, comparedWith]) if (p) requireWholeMonths(p, metrics[0]!, source, context.span);

  const ranking = wanted && rankingOf(wanted, metrics[0]!);
  return {
    text,
    kind,
    metrics,
    ...(omittable.length > 0 ? { omittable } : {}),
    source,
    period,
    ...(comparedWith ? { comparedWith } : {}),
    ...(groupBy ? { groupBy } : {}),
    ...(ranking ? { ranking } : {}),
    locations,
    staffRoles,
    ...(staff.length > 0 ? { staff } : {}),
    ...(ahead ? { ahead: true as const } : {}),
  };
}

/** A ranking as asked, with best and worst turned into the order the measure ranks by. A ranking always comes with its grouping (readGrouping sets both). */
function rankingOf(wanted: WantedRanking, m: Metric): NonNullable<Question['ranking']> {
  const best = bestFirst(m);
  return { ...wanted, order: wanted.order === 'best' ? best : wanted.order === 'worst' ? (best === 'desc' ? 'asc' : 'desc') : wanted.order };
}

/** What interpret read of a question about the insight marts or for a brief. */
interface InsightWords {
  readonly metrics: readonly Metric[];
  readonly periods: readonly Period[];
  readonly locations: readonly LocationRef[];
  readonly groupBy?: Grouping;
  readonly wanted?: WantedRanking;
  readonly staffRoles: readonly string[];
  readonly comparing: boolean;
}

/**
 * A forecast (of days after the as-of day, at most FORECAST_DAYS of them; grouped and ranked as
 * KPIs are) or an anomaly list (of days up to the as-of day, every measure unless some are named).
 * Both read the insight marts, which follow a few additive measures per location and day.
 */
function insightQuestion(kind: 'forecast' | 'anomalies', text: string, read: InsightWords, span: DataSpan): Question {
  const asOf = span.asOfDay;
  // A comparison first: "which location will grow fastest" is refused for what it asks, not for the measures it implied.
  if (read.comparing || read.periods.length > 1) throw new QuestionError(`"${text}" compares periods, which ${kind === 'forecast' ? 'a forecast' : 'an anomaly list'} does not: ask about one period`);
  const outside = read.metrics.filter((m) => insightMeasure(m) === undefined);
  if (outside.length > 0) {
    throw new QuestionError(`${kind === 'forecast' ? 'forecasts' : 'anomalies'} follow ${FORECASTABLE}; not ${outside.map((m) => m.label).join(', ')}: ask about one of those`);
  }
  if (read.groupBy === 'staff' || read.staffRoles.length > 0) throw new QuestionError(`${kind === 'forecast' ? 'forecasts' : 'anomalies'} are kept per location and day, not per staff member: ask per location`);
  const common = { text, kind, metrics: read.metrics, source: 'daily' as const, locations: read.locations, staffRoles: [] };
  if (kind === 'anomalies') {
    if (read.groupBy) throw new QuestionError(`anomalies are listed day by day, most unusual first: drop "by ${read.groupBy}", or ask for a KPI or a forecast by ${read.groupBy}`);
    const period = read.periods[0] ?? trailingDays(28, asOf, 'the last 4 weeks');
    if (period.from > asOf) throw new QuestionError(`${period.label} has not happened yet (the data runs to ${asOf}): anomalies are found in days that have; ask for a forecast of it instead`);
    return { ...common, period };
  }
  if (read.metrics.length === 0) throw new QuestionError(`"${text}" names nothing to forecast: ask e.g. "forecast net revenue next month"; forecasts follow ${FORECASTABLE}`);
  const last = addDays(asOf, FORECAST_DAYS);
  let period = read.periods[0] ?? followingDays(28, asOf, 'the next 4 weeks');
  if (period.from > period.to) throw new QuestionError(`the as-of day ${asOf} is the last day of that period, so none of it is left to forecast: ask about the next one (e.g. "next month")`);
  if (period.kind === 'all' || period.to <= asOf) {
    throw new QuestionError(`${period.label} is not after the as-of day ${asOf}: a forecast is of days to come (e.g. "next month"); without "forecast", ask what ${period.label} was`);
  }
  if (period.to > last) {
    throw new QuestionError(`${period.label} runs past ${last}, the last day forecast (${FORECAST_DAYS} days after the as-of day ${asOf}): ask about a period up to then, e.g. "next month" or "the next 4 weeks"`);
  }
  if (period.from <= asOf) period = { ...period, from: addDays(asOf, 1), label: `${period.label}, from ${addDays(asOf, 1)}` };
  return { ...common, period, ...(read.groupBy ? { groupBy: read.groupBy } : {}), ...(read.wanted ? { ranking: rankingOf(read.wanted, read.metrics[0]!) } : {}) };
}

/** Recommendations: of the 4 weeks to the as-of day (the window MARTS.RECOMMENDATIONS reads), for the locations and rule measures named. */
function recommendationQuestion(text: string, read: InsightWords, span: DataSpan): Question {
  const outside = read.metrics.filter((m) => !RECOMMENDED.includes(m.id));
  if (outside.length > 0) {
    throw new QuestionError(`recommendations cover ${RECOMMENDED.map((id) => METRICS.find((m) => m.id === id)!.phrases[0]).join(', ')} and unusual days; not ${outside.map((m) => m.label).join(', ')}: ask about one of those, or for all of them`);
  }
  if (read.periods.length > 0 || read.comparing) {
    throw new QuestionError(`recommendations read the 4 weeks to the as-of day ${span.asOfDay}, not ${read.periods[0]?.label ?? 'a comparison'}: drop the period (ask "recommendations", optionally with a location or a measure)`);
  }
  // "Which locations are below target": they are listed per location anyway.
  if ((read.groupBy && read.groupBy !== 'location') || read.staffRoles.length > 0) throw new QuestionError('recommendations are listed per location, largest opportunity first: drop the grouping');
  return { text, kind: 'recommendations', metrics: read.metrics, source: 'daily', period: trailingDays(28, span.asOfDay, 'the 4 weeks'), locations: read.locations, staffRoles: [] };
}

/**
 * A brief on one period that has happened (the last 4 weeks unless named), against the period
 * before it, for the locations named or all: the headline measures, its unusual days and the
 * open recommendations, which Cortex puts into prose.
 */
function briefQuestion(text: string, read: InsightWords, span: DataSpan): Question {
  const headline = BRIEFED.map(metric);
  if (read.metrics.length > 0) {
    throw new QuestionError(`a brief covers its own headline measures (${headline.map((m) => m.phrases[0]).join(', ')}), unusual days and recommendations: drop ${read.metrics.map((m) => `"${m.phrases[0]}"`).join(', ')}, or ask about ${read.metrics.length === 1 ? 'it' : 'them'} without "brief"`);
  }
  if (read.comparing || read.periods.length > 1) throw new QuestionError(`a brief compares its period with the one before it by itself: name one period (e.g. "brief last month")`);
  if (read.groupBy || read.staffRoles.length > 0) throw new QuestionError('a brief covers the locations named (or all of them) as a whole: drop the grouping, or name a location');
  const period = read.periods[0] ?? trailingDays(28, span.asOfDay, 'the last 4 weeks');
  if (period.from > span.asOfDay) throw new QuestionError(`${period.label} has not happened yet (the data runs to ${span.asOfDay}): a brief is on days that have; ask for a forecast of it instead`);
  // A brief of days without data would have Cortex write about zeros, and bill for it.
  if (period.to < span.firstDay) throw new QuestionError(`${period.label} is before the data, which starts on ${span.firstDay}: ask for a brief of a period since then (e.g. "brief last month")`);
  const comparedWith = previousPeriod(period);
  if (!comparedWith) throw new QuestionError(`a brief compares its period with the one before it, and ${period.label} has none: name a period, e.g. "brief last month" or "brief the last 4 weeks"`);
  return { text, kind: 'brief', metrics: headline, source: 'daily', period, comparedWith, locations: read.locations, staffRoles: [] };
}

/** Monthly marts: a period must start on a month's first day and end on its last (or on the as-of day). */
function requireWholeMonths(period: Period, m: Metric, source: MetricSource, span: DataSpan): void {
  const endsMonth = addDays(period.to, 1) === startOf('month', addDays(period.to, 1));
  if (period.from === startOf('month', period.from) && (endsMonth || period.to === span.asOfDay)) return;
  if (period.kind === 'all') return;
  throw new QuestionError(
    `${m.label} is kept ${SOURCES[source].grain} (MARTS.${SOURCE_TABLE[source]}), and ${period.label} is not whole months: ask about a month, a quarter or a year (e.g. "last month", "Q1 2025", "this year")`,
  );
}
