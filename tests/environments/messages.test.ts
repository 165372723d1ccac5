/**
 * Every bad input gets one line saying what is wrong, where, the value as written, what is
 * allowed and how to fix it. One row per kind of mistake, with the exact line expected.
 */
import { parse } from 'yaml';
import { ConfigError, closestAll, formatIssue } from '../../environments/issues';
import { loadEnvironment } from '../../environments/load';
import { TASK_SCHEDULE_PATTERN, environmentSchema } from '../../environments/schema';
import { isTimeZone, suggestTimeZones } from '../../environments/time-zones';
import { patternHelp, schemaPatterns } from '../../environments/zod-issues';
import { validEnvironment, validTenant, writeEnvironment } from '../helpers/config';

type Doc = Record<string, unknown>;

/** The error lines for a document, without the `<dir>/test.yaml: ` prefix. */
function lines(doc: Doc): string[] {
  const dir = writeEnvironment(doc);
  try {
    loadEnvironment('test', { dir });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue).map((line) => line.replace(`${dir}/test.yaml: `, ''));
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const withTenant = (overrides: Doc): Doc => validEnvironment({ acme: validTenant(overrides) });
const withLocation = (overrides: Doc): Doc => withTenant({ locations: [{ id: 'downtown', name: 'Downtown Eye Care', state: 'TX', ...overrides }] });
const withS3State = (overrides: Doc): Doc => ({ ...validEnvironment(), state: { s3: { bucket: 'eyecare-prod-tfstate', region: 'us-east-1', ...overrides } } });
const without = (...keys: string[]): Doc => Object.fromEntries(Object.entries(validEnvironment()).filter(([k]) => !keys.includes(k)));

const TIME_ZONES = 'an IANA time zone name (Area/City), e.g. "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", or "UTC"';
const TENANTS_EXAMPLE =
  'e.g. the two lines "tenants:" and "  acme_vision: { name: Acme Vision Group, tier: small, locations: [{ id: main_street, name: Main Street Eye Care, state: TX }] }"';
const LOCATIONS_EXAMPLE = 'e.g. the two lines "locations:" and "  - { id: main_street, name: Main Street Eye Care, state: TX }"';

const CASES: Array<[string, Doc, string]> = [
  // Patterns: the pattern in words, and the value made valid where that is mechanical.
  [
    'S3 state bucket with capitals and _',
    withS3State({ bucket: 'My_Bucket' }),
    'state.s3.bucket: invalid S3 bucket name (got "My_Bucket"; 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, e.g. "my-bucket")',
  ],
  [
    'S3 state bucket given as a URL',
    withS3State({ bucket: 's3://eyecare-prod-tfstate/' }),
    'state.s3.bucket: invalid S3 bucket name (got "s3://eyecare-prod-tfstate/"; 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, e.g. "eyecare-prod-tfstate")',
  ],
  [
    'S3 state bucket of two characters',
    withS3State({ bucket: 'ab' }),
    'state.s3.bucket: invalid S3 bucket name (got "ab"; 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, e.g. "eyecare-prod-tfstate")',
  ],
  [
    'AWS region spelt the Snowflake way',
    withS3State({ region: 'AWS_US_EAST_1' }),
    'state.s3.region: invalid AWS region (got "AWS_US_EAST_1"; an AWS region id: two lower-case letters, a word and a digit joined by hyphens, e.g. "us-east-1")',
  ],
  [
    'AWS region without its number',
    withS3State({ region: 'us_east' }),
    'state.s3.region: invalid AWS region (got "us_east"; an AWS region id: two lower-case letters, a word and a digit joined by hyphens, e.g. "us-east-1")',
  ],
  [
    'S3 key prefix with a leading /',
    withS3State({ key_prefix: '/eyecare/prod' }),
    "state.s3.key_prefix: invalid S3 key prefix (got \"/eyecare/prod\"; lower-case letters, digits, '/', '_' and '-', starting with a letter or digit (no leading '/'), e.g. \"eyecare/prod\")",
  ],
  [
    'Snowflake region spelt the AWS way',
    { ...validEnvironment(), region: 'us-east-1' },
    'region: invalid Snowflake region id (got "us-east-1"; a Snowflake region id: the cloud (AWS, AZURE or GCP), _ and the region, in upper case with _ between words, e.g. "AWS_US_EAST_1")',
  ],
  [
    'Snowflake organization name in lower case',
    { ...validEnvironment(), account: { organization_name: 'acme org', account_name: 'EYECARE_PROD' } },
    'account.organization_name: invalid Snowflake name (got "acme org"; an upper-case letter, then up to 254 upper-case letters, digits or _, e.g. "ACME_ORG")',
  ],
  [
    'landing URL that is not s3://',
    { ...validEnvironment(), ingestion: { external_stage: { url: 'https://bucket/x', aws_role_arn: 'arn:aws:iam::123456789012:role/eyecare-ingest' } } },
    "ingestion.external_stage.url: invalid S3 URL (got \"https://bucket/x\"; an S3 URL ending in '/': s3://<bucket>/<prefix>/, e.g. \"s3://eyecare-prod-exports/practices/\")",
  ],
  [
    "landing URL without the closing '/'",
    { ...validEnvironment(), ingestion: { external_stage: { url: 's3://acme-exports/in', aws_role_arn: 'arn:aws:iam::123456789012:role/eyecare-ingest' } } },
    "ingestion.external_stage.url: invalid S3 URL (got \"s3://acme-exports/in\"; an S3 URL ending in '/': s3://<bucket>/<prefix>/, e.g. \"s3://acme-exports/in/\")",
  ],
  [
    'IAM role that is not an ARN',
    { ...validEnvironment(), ingestion: { external_stage: { url: 's3://acme-exports/in/', aws_role_arn: 'role/x' } } },
    'ingestion.external_stage.aws_role_arn: invalid IAM role ARN (got "role/x"; an IAM role ARN: arn:aws:iam::<12-digit account id>:role/<role name>, e.g. "arn:aws:iam::123456789012:role/eyecare-ingest")',
  ],
  [
    'location id with a space',
    withLocation({ id: 'Down Town' }),
    'tenants.acme.locations[0].id: invalid location id (got "Down Town"; a lower-case letter, then up to 29 lower-case letters, digits or _, e.g. "down_town")',
  ],
  [
    'task schedule in words',
    withTenant({ task_schedule: 'every hour' }),
    "tenants.acme.task_schedule: invalid task schedule (got \"every hour\"; '<1-11520> MINUTE' or 'USING CRON <min> <hour> <day> <month> <weekday> <time zone>', e.g. \"60 MINUTE\")",
  ],
  [
    'task schedule in minutes, spelt out',
    withTenant({ task_schedule: '30 minutes' }),
    "tenants.acme.task_schedule: invalid task schedule (got \"30 minutes\"; '<1-11520> MINUTE' or 'USING CRON <min> <hour> <day> <month> <weekday> <time zone>', e.g. \"30 MINUTE\")",
  ],
  // Record keys: the key, not the entry under it.
  [
    'commission plan code with capitals and -',
    withTenant({ commission_plans: { 'Dispensary-3pct': { dispensary_rate: 0.03 } } }),
    'tenants.acme.commission_plans.Dispensary-3pct: invalid commission plan code (got "Dispensary-3pct"; a lower-case letter, then up to 39 lower-case letters, digits or _, e.g. "dispensary_3pct"; rename the key)',
  ],
  // Wrong types: what the field holds, how to write it, an example.
  [
    'tenants written as a list',
    { ...validEnvironment(), tenants: [validTenant()] },
    `tenants: not a mapping (got a list of 1; a mapping of tenant ids to tenant entries; write each tenant under its tenant id instead of after "- ", ${TENANTS_EXAMPLE})`,
  ],
  [
    'tenants left empty',
    { ...validEnvironment(), tenants: null },
    `tenants: not a mapping (got null; a mapping of tenant ids to tenant entries; write each tenant indented under "tenants:" as "<tenant id>:" and its fields, or delete the line, ${TENANTS_EXAMPLE})`,
  ],
  [
    'commission plans written as a list',
    withTenant({ commission_plans: [{ dispensary_rate: 0.03 }] }),
    'tenants.acme.commission_plans: not a mapping (got a list of 1; a mapping of commission plan codes to commission plan entries; write each commission plan under its commission plan code instead of after "- ", e.g. the two lines "commission_plans:" and "  dispensary_3pct: { dispensary_rate: 0.03, spiff_ar_coating: 5 }")',
  ],
  [
    'locations written as a mapping',
    withTenant({ locations: { downtown: { name: 'Downtown Eye Care', state: 'TX' } } }),
    `tenants.acme.locations: not a list (got a mapping; a list of locations; write each location on its own line starting with "- ", indented under "locations:", ${LOCATIONS_EXAMPLE})`,
  ],
  [
    'a location given as a bare id',
    withTenant({ locations: ['downtown'] }),
    'tenants.acme.locations[0]: not a mapping (got "downtown"; a mapping with the fields id, name and state (optional: city, timezone); write its fields after the "- ", e.g. - { id: main_street, name: Main Street Eye Care, state: TX })',
  ],
  [
    'account written as a list',
    { ...validEnvironment(), account: [{ organization_name: 'ACMEORG', account_name: 'EYECARE_PROD' }] },
    'account: not a mapping (got a list of 1; a mapping with the fields organization_name and account_name; remove the "- " in front of its fields, e.g. account: { organization_name: ACMEORG, account_name: EYECARE_PROD })',
  ],
  [
    'state left empty',
    { ...validEnvironment(), state: null },
    'state: not a mapping (got null; a mapping with the field s3; write its fields indented on the lines under "state:", or delete the line, e.g. state: { s3: { bucket: eyecare-prod-tfstate, region: us-east-1 } })',
  ],
  [
    'features given as a word',
    withTenant({ features: 'cortex' }),
    'tenants.acme.features: not a mapping (got "cortex"; a mapping with any of the fields cortex, benchmark, snowpipe; write its fields indented on the lines under "features:")',
  ],
  ['a number in quotes', { ...validEnvironment(), credit_price_usd: '4' }, 'credit_price_usd: not a number (got "4"; a number greater than 0 and at most 100; remove the quotes: credit_price_usd: 4)'],
  [
    'a fraction where whole seconds are needed',
    withTenant({ auto_suspend_seconds: 90.5 }),
    'tenants.acme.auto_suspend_seconds: not a whole number (got 90.5; a whole number from 60 to 86400; round it, e.g. auto_suspend_seconds: 91)',
  ],
  ['yes in quotes for a flag', withTenant({ features: { cortex: 'yes' } }), 'tenants.acme.features.cortex: not true or false (got "yes"; true or false; write cortex: true without quotes)'],
  ['a number for a name', withTenant({ name: 42 }), 'tenants.acme.name: not text (got 42; text of 1 to 200 characters; put it in quotes: name: "42")'],
  // Bounds: the whole range, exclusive bounds said as such.
  ['a credit quota of 0', withTenant({ tier: 'medium', credit_quota: 0 }), 'tenants.acme.credit_quota: too small (got 0; a number greater than 0 and at most 1000000)'],
  ['a credit quota over the maximum', withTenant({ tier: 'medium', credit_quota: 2_000_000 }), 'tenants.acme.credit_quota: too large (got 2000000; a number greater than 0 and at most 1000000)'],
  ['a credit price of 0', { ...validEnvironment(), credit_price_usd: 0 }, 'credit_price_usd: too small (got 0; a number greater than 0 and at most 100)'],
  ['a pooled credit quota of 0', { ...validEnvironment(), platform: { pooled_credit_quota: 0 } }, 'platform.pooled_credit_quota: too small (got 0; a number greater than 0 and at most 1000000)'],
  ['a negative commission rate', withTenant({ commission_plans: { house: { dispensary_rate: -0.1 } } }), 'tenants.acme.commission_plans.house.dispensary_rate: too small (got -0.1; a number from 0 to 0.5)'],
  [
    'a recommendation target written as a percent',
    withTenant({ recommendation_targets: { optical_capture: 58 } }),
    'tenants.acme.recommendation_targets.optical_capture: too large (got 58; a number from 0.05 to 0.95)',
  ],
  [
    'a target for a rule that takes none',
    withTenant({ recommendation_targets: { unusual_days: 1 } }),
    'tenants.acme.recommendation_targets.unusual_days: unknown field (got "unusual_days"; known fields: optical_capture, no_show_rate, schedule_utilisation, exams_per_od_day, cl_annual_supply)',
  ],
  ['an empty name', withTenant({ name: '' }), 'tenants.acme.name: must not be empty (got ""; at least 1 character; write a value)'],
  ['a name over 200 characters', withTenant({ name: 'x'.repeat(201) }), `tenants.acme.name: too long (201 characters) (got "${'x'.repeat(58)}…; at most 200 characters; shorten it)`],
  ['no locations', withTenant({ locations: [] }), `tenants.acme.locations: must not be empty (got an empty list; at least 1 location, ${LOCATIONS_EXAMPLE})`],
  // Missing fields: what to add, with an example.
  ['no account', without('account'), 'account: required field is missing (got nothing; add account: { organization_name: ACMEORG, account_name: EYECARE_PROD })'],
  [
    'no region',
    without('region'),
    'region: required field is missing (got nothing; add region: <a Snowflake region id: the cloud (AWS, AZURE or GCP), _ and the region, in upper case with _ between words, e.g. "AWS_US_EAST_1">)',
  ],
  ['no credit price', without('credit_price_usd'), 'credit_price_usd: required field is missing (got nothing; add credit_price_usd: <a number greater than 0 and at most 100>)'],
  [
    'a tenant without locations',
    validEnvironment({ acme: { name: 'Acme Vision Group', tier: 'small' } }),
    'tenants.acme.locations: required field is missing (got nothing; add the two lines "locations:" and "  - { id: main_street, name: Main Street Eye Care, state: TX }")',
  ],
  // Time zones: IANA names only, with the closest valid names.
  ['a time zone that does not exist', { ...validEnvironment(), timezone: 'Mars/Base' }, `timezone: unknown time zone (got "Mars/Base"; ${TIME_ZONES})`],
  ['a misspelt time zone', { ...validEnvironment(), timezone: 'America/Chicgo' }, `timezone: unknown time zone (got "America/Chicgo"; did you mean "America/Chicago"? ${TIME_ZONES})`],
  ['a city without its area', { ...validEnvironment(), timezone: 'Chicago' }, `timezone: unknown time zone (got "Chicago"; did you mean "America/Chicago"? ${TIME_ZONES})`],
  ['a time zone in lower case', { ...validEnvironment(), timezone: 'america/new_york' }, `timezone: unknown time zone (got "america/new_york"; did you mean "America/New_York"? ${TIME_ZONES})`],
  ['a legacy link', { ...validEnvironment(), timezone: 'US/Pacific' }, `timezone: unknown time zone (got "US/Pacific"; did you mean "America/Los_Angeles"? ${TIME_ZONES})`],
  ['GMT', { ...validEnvironment(), timezone: 'GMT' }, `timezone: unknown time zone (got "GMT"; did you mean "UTC"? ${TIME_ZONES})`],
  ['an empty time zone', { ...validEnvironment(), timezone: '' }, `timezone: unknown time zone (got ""; ${TIME_ZONES})`],
  ['a time zone left blank', { ...validEnvironment(), timezone: null }, `timezone: not text (got null; ${TIME_ZONES}; write a value after "timezone:", or delete the line)`],
  ['an abbreviation at a location', withLocation({ timezone: 'EST' }), `tenants.acme.locations[0].timezone: unknown time zone (got "EST"; did you mean "America/New_York"? ${TIME_ZONES})`],
  [
    'an ambiguous abbreviation at a location',
    withLocation({ timezone: 'MST' }),
    `tenants.acme.locations[0].timezone: unknown time zone (got "MST"; did you mean "America/Denver" or "America/Phoenix"? ${TIME_ZONES})`,
  ],
  [
    'a misspelt time zone in a CRON schedule',
    withTenant({ task_schedule: 'USING CRON 0 6 * * * America/Chicgo' }),
    `tenants.acme.task_schedule: unknown time zone "America/Chicgo" at the end of the CRON schedule (got "USING CRON 0 6 * * * America/Chicgo"; did you mean "USING CRON 0 6 * * * America/Chicago"? the last word must be ${TIME_ZONES})`,
  ],
];

describe('every bad input gets what, where, the value, what is allowed and how to fix it', () => {
  it.each(CASES)('%s', (_, doc, expected) => {
    expect(lines(doc)).toEqual([expected]);
  });

  it('never falls back to zod wording', () => {
    for (const [, doc] of CASES) {
      for (const line of lines(doc)) {
        expect(line).not.toMatch(/Invalid|expected (record|object|array|string|number)|format regex|schema\.json|in record|\(got [^;]*\)$/);
      }
    }
  });
});

describe('the examples in the messages are right', () => {
  it('the two-line tenants example is YAML for a valid tenant', () => {
    const [, first, second] = /"(tenants:)" and "(.*)"\)$/.exec(lines({ ...validEnvironment(), tenants: [validTenant()] })[0]!)!;
    const tenants = (parse(`${first}\n${second}`) as { tenants: Doc }).tenants;
    expect(environmentSchema.safeParse({ ...validEnvironment(), tenants }).success).toBe(true);
  });

  it('the two-line locations example is YAML for a valid location list', () => {
    const [, first, second] = /"(locations:)" and "(.*)"\)$/.exec(lines(withTenant({ locations: [] }))[0]!)!;
    const locations = (parse(`${first}\n${second}`) as { locations: unknown }).locations;
    expect(environmentSchema.safeParse(withTenant({ locations })).success).toBe(true);
  });

  it('every pattern in the schema has words and a valid example', () => {
    const patterns = schemaPatterns(environmentSchema);
    expect(patterns.length).toBeGreaterThanOrEqual(11);
    for (const pattern of patterns) {
      const help = patternHelp(pattern);
      expect({ pattern: pattern.source, help: help !== undefined }).toEqual({ pattern: pattern.source, help: true });
      expect({ pattern: pattern.source, example: help!.example, valid: pattern.test(help!.example) }).toMatchObject({ valid: true });
    }
  });
});

describe('time zones', () => {
  it('Node lists IANA time zones (Intl.supportedValuesOf, Node 18+)', () => {
    expect(Intl.supportedValuesOf('timeZone')).toContain('America/New_York');
  });

  it.each(['America/New_York', 'America/Chicago', 'America/Phoenix', 'Pacific/Honolulu', 'America/Puerto_Rico', 'UTC', 'Europe/London', 'America/Port-au-Prince'])(
    'accepts %s',
    (zone) => expect(isTimeZone(zone)).toBe(true),
  );

  // ICU lists the CLDR ids (`Asia/Calcutta`, `Europe/Kiev`); the current IANA names are valid too.
  it.each(['Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'Europe/Kiev', 'America/Argentina/Buenos_Aires'])('accepts %s', (zone) => expect(isTimeZone(zone)).toBe(true));

  it.each(['Mars/Base', '', 'utc', 'America/chicago', 'US/Eastern', 'EST', 'GMT', 'Etc/GMT+5', 'Chicago', '+01:00', 'America/New_York '])('rejects %j', (zone) =>
    expect(isTimeZone(zone)).toBe(false),
  );

  it.each([
    ['Mars/Base', []],
    ['Pacific/Honolul', ['Pacific/Honolulu']],
    ['New York', ['America/New_York']],
    ['asia/kolkata', ['Asia/Kolkata']],
    ['US/Eastern', ['America/New_York']],
    ['CST', ['America/Chicago']],
    ['Etc/UTC', ['UTC']],
  ])('suggests for %j: %j', (zone, expected) => expect(suggestTimeZones(zone)).toEqual(expected));

  it('accepts valid time zones at both levels and in a CRON schedule', () => {
    const doc = {
      ...withTenant({
        task_schedule: 'USING CRON 0 6 * * * Asia/Kolkata',
        locations: [{ id: 'downtown', name: 'Downtown Eye Care', state: 'AZ', timezone: 'America/Phoenix' }],
      }),
      timezone: 'UTC',
    };
    const dir = writeEnvironment(doc);
    expect(loadEnvironment('test', { dir }).tenants.acme!.locations[0]!.timezone).toBe('America/Phoenix');
    expect(TASK_SCHEDULE_PATTERN.test('USING CRON 0 6 * * * Asia/Kolkata')).toBe(true);
  });
});

describe('closestAll', () => {
  it('ranks the close words, best first, and leaves out far ones', () => {
    expect(closestAll('warehose_size', ['tier', 'warehouse_size', 'warehouses_size'])).toEqual(['warehouse_size', 'warehouses_size']);
    expect(closestAll('zzz', ['tier', 'name'])).toEqual([]);
  });
});
