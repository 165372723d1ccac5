/**
 * IANA time zone names, as the environment files accept them (`timezone` at environment and
 * location level, and the last word of a `USING CRON` task schedule).
 *
 * The list is `Intl.supportedValuesOf('timeZone')` (Node's ICU) plus `UTC`. That list holds
 * the CLDR canonical ids, which for a few zones are the older spellings (`Asia/Calcutta`,
 * `Europe/Kiev`), so the current IANA names of those zones (`Asia/Kolkata`, `Europe/Kyiv`,
 * `America/Argentina/Buenos_Aires`) are accepted too when ICU knows them. Legacy links and
 * abbreviations (`US/Eastern`, `EST`, `Etc/GMT+5`) are not: they are rejected with the name to
 * write instead.
 */
import { closestAll } from './issues';

interface Tables {
  readonly listed: readonly string[];
  readonly listedSet: ReadonlySet<string>;
  readonly listedByLowerCase: ReadonlyMap<string, string>;
  readonly areas: ReadonlySet<string>;
}
let tables: Tables | undefined;

/** Built on first use, so loading the schema costs nothing until a time zone is checked. */
function zones(): Tables {
  if (!tables) {
    const listed = [...Intl.supportedValuesOf('timeZone'), 'UTC'];
    tables = {
      listed,
      listedSet: new Set(listed),
      listedByLowerCase: new Map(listed.map((name) => [name.toLowerCase(), name])),
      areas: new Set(listed.filter((name) => name.includes('/')).map((name) => name.split('/')[0]!)),
    };
  }
  return tables;
}

/** What the message says is allowed; US zones first since every location is in a US state. */
export const TIME_ZONE_HELP = 'an IANA time zone name (Area/City), e.g. "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", or "UTC"';

/** The canonical name ICU resolves `name` to, or undefined when ICU does not know it. */
function resolve(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function isTimeZone(name: string): boolean {
  const { listedSet, listedByLowerCase, areas } = zones();
  if (listedSet.has(name)) return true;
  // A current IANA name ICU knows under an older canonical id: `Area/Location`, spelt with the
  // capitals the database uses (ICU itself matches case-insensitively, Snowflake need not).
  const [area, ...rest] = name.split('/');
  if (!areas.has(area!) || rest.length === 0 || !rest.every((part) => /^[A-Z][A-Za-z0-9_+-]*$/.test(part))) return false;
  if (listedByLowerCase.has(name.toLowerCase())) return false;
  return resolve(name) !== undefined;
}

/** Abbreviations and legacy links people write for the zones this platform's locations are in. */
const ABBREVIATIONS = new Map<string, readonly string[]>([
  ...['est', 'edt', 'et', 'eastern', 'us/eastern', 'est5edt'].map((a) => [a, ['America/New_York']] as const),
  ...['cst', 'cdt', 'ct', 'central', 'us/central', 'cst6cdt'].map((a) => [a, ['America/Chicago']] as const),
  ...['mst', 'mdt', 'mt', 'mountain', 'us/mountain', 'mst7mdt'].map((a) => [a, ['America/Denver', 'America/Phoenix']] as const),
  ...['pst', 'pdt', 'pt', 'pacific', 'us/pacific', 'pst8pdt'].map((a) => [a, ['America/Los_Angeles']] as const),
  ...['akst', 'akdt', 'us/alaska'].map((a) => [a, ['America/Anchorage']] as const),
  ...['hst', 'us/hawaii'].map((a) => [a, ['Pacific/Honolulu']] as const),
  ...['ast'].map((a) => [a, ['America/Puerto_Rico']] as const),
  ...['gmt', 'z', 'zulu', 'uct', 'utc', 'universal', 'etc/utc', 'etc/gmt', 'etc/uct', 'etc/universal', 'etc/zulu'].map((a) => [a, ['UTC']] as const),
]);

/** Valid names close to `name`, best first (at most three); empty when nothing is close. */
export function suggestTimeZones(name: string): string[] {
  const { listed, listedByLowerCase } = zones();
  const respelt = name.trim().replace(/ +/g, '_');
  const city = respelt.split('/').pop()!;
  const cities = listed.map((zone) => zone.split('/').pop()!);
  const steps: Array<() => Array<string | undefined>> = [
    // `EST`, `US/Eastern`, `GMT`: the zone meant.
    () => [...(ABBREVIATIONS.get(respelt.toLowerCase()) ?? [])],
    // Wrong capitals or spaces: `america/new york`, `asia/kolkata`.
    () => [listedByLowerCase.get(respelt.toLowerCase()), respelt.replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())],
    // A legacy link ICU knows (`Singapore`, `US/Arizona`): the zone it stands for.
    () => (/^etc\//i.test(respelt) ? [] : [resolve(respelt)]),
    // A typo: `America/Chicgo`.
    () => closestAll(respelt, listed, 3, Math.max(1, Math.floor(respelt.length / 5))),
    // Just the city, or a misspelt one: `Chicago`, `New_Yrok`.
    () => closestAll(city, cities, 3, Math.max(1, Math.floor(city.length / 4))).map((match) => listed[cities.indexOf(match)]),
  ];
  for (const step of steps) {
    const found = step().filter((c): c is string => c !== undefined && c !== name && isTimeZone(c));
    if (found.length > 0) return [...new Set(found)].slice(0, 3);
  }
  return [];
}
