/**
 * The one SELECT a question becomes: its measures over the tenant's KPI mart, per group and per
 * period (the question's, and the one it is compared with), with every value from the question
 * (dates, location ids) as a bind. Ranking and limits are applied to the few result rows after.
 */
import { SOURCES, type Formula } from './metrics';
import type { Grouping, Question } from './question';

export interface AskQuery {
  readonly sql: string;
  readonly binds: readonly (string | number)[];
}

/** A measure over the mart (alias f) as SQL: a sum, or a ratio of sums rounded as its mart column is (rates 4 places, money and ratios 2). */
function measure(formula: Formula, rate: boolean): string {
  const sum = (columns: string) => `SUM(${columns.split(' + ').map((c) => `f.${c}`).join(' + ')})`;
  const scaled = formula.scale === undefined ? '' : `${formula.scale} * `;
  if (!formula.denominator) return `${scaled}${sum(formula.numerator)}`;
  return `ROUND(${scaled}${sum(formula.numerator)} / NULLIF(${sum(formula.denominator)}, 0), ${rate ? 4 : 2})`;
}

const TRUNCATED: Partial<Record<Grouping, string>> = { week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

/**
 * The SELECT for `question` in `database` (the tenant's), its periods ending no later than
 * `asOfDay`: the booked days after it have not happened and would dilute every rate.
 */
export function askQuery(question: Question, database: string, asOfDay: string): AskQuery {
  const source = SOURCES[question.source];
  const fact = `${database}.MARTS.${source.table}`;
  const day = `f.${source.period}`;
  const locationColumn = `f.${source.location}`;
  const binds: string[] = [];
  const bind = (value: string) => {
    binds.push(value);
    return '?';
  };

  const periods = [['current', question.period], ...(question.comparedWith ? [['previous', question.comparedWith] as const] : [])] as const;
  // Booked days ahead are read as they stand; otherwise no period reaches past the as-of day.
  const clip = (to: string) => (question.ahead || to < asOfDay ? to : asOfDay);
  // A month counts when it starts inside the period (the period is whole months, see question.ts).
  const periodRows = periods
    .map(([name, p]) => `SELECT '${name}' AS PERIOD, CAST(${bind(source.monthly ? p.from.slice(0, 8) + '01' : p.from)} AS DATE) AS FROM_DAY, CAST(${bind(clip(p.to))} AS DATE) AS TO_DAY`)
    .join(' UNION ALL ');

  let groupId = `'all'`;
  let groupLabel = `'all'`;
  const joins: string[] = [];
  switch (question.groupBy) {
    case 'location':
      joins.push(`LEFT JOIN ${database}.MARTS.DIM_LOCATION l ON l.LOCATION_ID = ${locationColumn}`);
      groupId = locationColumn;
      groupLabel = `COALESCE(l.LOCATION_NAME, ${locationColumn})`;
      break;
    case 'staff':
      joins.push(`LEFT JOIN ${database}.MARTS.DIM_STAFF s ON s.STAFF_ID = f.STAFF_ID`);
      groupId = 'f.STAFF_ID';
      groupLabel = `COALESCE(s.STAFF_NAME || ' (' || s.ROLE || ')', f.STAFF_ID)`;
      break;
    case 'day':
      groupId = groupLabel = `TO_VARCHAR(${day})`;
      break;
    case undefined:
      break;
    default:
      groupId = groupLabel = `TO_VARCHAR(DATE_TRUNC('${TRUNCATED[question.groupBy]}', ${day}))`;
  }

  const measures = question.metrics.flatMap((m, i) => {
    const formula = m[question.source]!;
    return [`${measure(formula, m.unit === 'rate')} AS M${i}`, ...(formula.denominator ? [`SUM(f.${formula.denominator}) AS D${i}`] : [])];
  });
  const inLocations = (column: string) => `${column} IN (${question.locations.map((l) => bind(l.id)).join(', ')})`;
  const filters = [
    ...(question.locations.length > 0 ? [inLocations(locationColumn)] : []),
    ...(question.staffRoles.length > 0 ? [`s.ROLE IN (${question.staffRoles.map(bind).join(', ')})`] : []),
    ...(question.staff?.length ? [`f.STAFF_ID IN (${question.staff.map((s) => bind(s.id)).join(', ')})`] : []),
  ];
  const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
  // A balance is read at the end of the period, or of each group of days in it: its last day up to the as-of day.
  // Monthly rows are read at the month holding that day.
  const unit = question.groupBy === undefined ? undefined : TRUNCATED[question.groupBy];
  const row = (d: string) => (source.monthly ? `DATE_TRUNC('month', ${d})` : d);
  const periodEnd = question.groupBy === 'day' || (source.monthly && unit === 'month') ? day : unit ? `LEAST(${row(`LAST_DAY(${day}, '${unit}')`)}, ${row('p.TO_DAY')})` : row('p.TO_DAY');
  const read = [`FROM ${fact} f`, `JOIN (${periodRows}) p ON ${day} BETWEEN p.FROM_DAY AND p.TO_DAY${source.atPeriodEnd ? ` AND ${day} = ${periodEnd}` : ''}`, ...joins, where];
  // Patients are counted once over several locations: one row per group and period, counted again.
  const [grouped, from] =
    source.perLocation && question.groupBy !== 'location'
      ? ['f.GROUP_ID AS GROUP_ID, f.GROUP_ID AS GROUP_LABEL, f.PERIOD', patientsOfLocations(database, read, question.locations.length > 0 ? inLocations : undefined)]
      : [`${groupId} AS GROUP_ID, ${groupLabel} AS GROUP_LABEL, p.PERIOD`, read];
  const sql = [`SELECT ${grouped}, ${measures.join(', ')}`, ...from, 'GROUP BY 1, 2, 3', 'ORDER BY 1, 3'].filter(Boolean).join('\n');
  return { sql, binds };

  /**
   * Revenue per active patient of several locations (V_REVENUE_PER_PATIENT is per location): the
   * months the per-location rows would be read at, the locations' 12-month revenue summed, and the
   * patients of a kept doctor visit in the 24 months counted again over all of them (a patient seen
   * at two locations is one), as docs/kpis.md's query does. One row per group and period, named f
   * with the view's columns, so the measures read it as they read the view. Row access applies to
   * the view and to FCT_APPOINTMENTS alike: a reader counts the patients of the locations it may see.
   */
  function patientsOfLocations(db: string, readRows: readonly string[], locationsIn: ((column: string) => string) | undefined): string[] {
    return [
      'FROM (',
      `  WITH reads AS (SELECT ${groupId} AS GROUP_ID, p.PERIOD, f.MONTH_START, f.NET_REVENUE_12M ${readRows.filter(Boolean).join(' ')}),`,
      '  revenue AS (SELECT GROUP_ID, PERIOD, MONTH_START, SUM(NET_REVENUE_12M) AS NET_REVENUE_12M FROM reads GROUP BY 1, 2, 3)',
      '  SELECT r.GROUP_ID, r.PERIOD, r.NET_REVENUE_12M, COUNT(DISTINCT a.PATIENT_ID) AS ACTIVE_PATIENTS',
      '  FROM revenue r',
      `  LEFT JOIN ${db}.MARTS.FCT_APPOINTMENTS a ON a.IS_DOCTOR_VISIT AND a.IS_KEPT${locationsIn ? ` AND ${locationsIn('a.LOCATION_ID')}` : ''}`,
      '    AND a.APPOINTMENT_DATE >= DATEADD(month, -23, r.MONTH_START) AND a.APPOINTMENT_DATE < DATEADD(month, 1, r.MONTH_START)',
      '  GROUP BY 1, 2, 3',
      ') f',
    ];
  }
}
