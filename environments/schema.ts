/**
 * The shape of an environment file (`environments/<env>.yaml`).
 *
 * This module only describes and validates what an operator may write. Defaults are not
 * applied here: `model/defaults.ts` owns every default, so the YAML stays as short as the
 * operator wants and the effective value of a field has one home.
 */
import { z } from 'zod';
import { isTimeZone } from './time-zones';

/** Tenant ids become part of Snowflake identifiers; the contract fixes this pattern. */
export const TENANT_ID_PATTERN = /^[a-z][a-z0-9_]{1,29}$/;
/** Ids the platform stack uses for its own objects (`<ENV>_PLATFORM`, `<ENV>_SHARED_WH`, ...). */
export const RESERVED_TENANT_IDS = ['platform', 'audit', 'shared'] as const;
export const LOCATION_ID_PATTERN = /^[a-z][a-z0-9_]{0,29}$/;
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9]{1,9}$/;
/** Commission plan codes, as staff records carry them. */
export const COMMISSION_PLAN_CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
/** Unquoted Snowflake identifiers as the account locator uses them. */
export const SNOWFLAKE_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,254}$/;
export const SNOWFLAKE_REGION_PATTERN = /^[A-Z]+_[A-Z0-9_]+$/;
export const S3_URL_PATTERN = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9_.-]+)*\/$/;
export const IAM_ROLE_ARN_PATTERN = /^arn:aws:iam::\d{12}:role\/[A-Za-z0-9+=,.@_\/-]{1,512}$/;
export const S3_BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
export const AWS_REGION_PATTERN = /^[a-z]{2}-[a-z]+-\d$/;
export const S3_KEY_PREFIX_PATTERN = /^[a-z0-9][a-z0-9/_-]*$/;

/**
 * The recommendation rules (sql/insights/recommendations.sql) whose target a tenant may set, with
 * what the target measures and the range it must lie in. Their defaults stay with the rules.
 */
export const RECOMMENDATION_TARGETS = {
  optical_capture: { min: 0.05, max: 0.95, measures: 'share of spectacle-Rx patients who order eyewear, 0.58 = 58%; below it triggers' },
  no_show_rate: { min: 0.01, max: 0.5, measures: 'share of doctor appointments missed, 0.12 = 12%; above it triggers' },
  schedule_utilisation: { min: 0.05, max: 1, measures: 'share of bookable doctor minutes booked, 0.75 = 75%; below it triggers' },
  exams_per_od_day: { min: 1, max: 40, measures: 'comprehensive exams per optometrist day; below it triggers' },
  cl_annual_supply: { min: 0.01, max: 1, measures: 'share of contact lens orders that are an annual supply, 0.30 = 30%; below it triggers' },
} as const;
export type RecommendationRule = keyof typeof RECOMMENDATION_TARGETS;

export const TIERS = ['small', 'medium', 'large'] as const;
export type Tier = (typeof TIERS)[number];

/** Snowflake warehouse sizes as the provider spells them. */
export const WAREHOUSE_SIZES = ['XSMALL', 'SMALL', 'MEDIUM', 'LARGE', 'XLARGE', 'XXLARGE'] as const;
export type WarehouseSize = (typeof WAREHOUSE_SIZES)[number];

export const EDITIONS = ['standard', 'enterprise', 'business_critical'] as const;
export type Edition = (typeof EDITIONS)[number];

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS',
  'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC',
  'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR',
] as const;

/** Auto-suspend bounds: 0 would keep a warehouse running (and billing) forever. */
export const AUTO_SUSPEND_MIN_SECONDS = 60;
export const AUTO_SUSPEND_MAX_SECONDS = 86_400;
/** Snowflake's Time Travel limit (Enterprise and above; Standard allows at most 1 day). */
export const MAX_DATA_RETENTION_DAYS = 90;
/** `N MINUTE` (1 to 11520, Snowflake's limit) or `USING CRON <5 fields> <time zone>`. */
export const TASK_SCHEDULE_PATTERN =
  /^(?:(?:[1-9]\d{0,3}|10\d{3}|11[0-4]\d{2}|11520) MINUTE|USING CRON (?:\S+ ){5}[A-Za-z_]+(?:\/[A-Za-z_]+)*)$/;

/** The time zone of a `USING CRON` schedule (its last word), or undefined for `N MINUTE`. */
export function cronTimeZone(schedule: string): string | undefined {
  return TASK_SCHEDULE_PATTERN.test(schedule) && schedule.startsWith('USING CRON ') ? schedule.split(' ').pop() : undefined;
}

/**
 * Custom checks carry `params.check` so the error formatter (environments/zod-issues.ts) can
 * say what is allowed; these are the ones it knows.
 */
export const CUSTOM_CHECKS = {
  timeZone: 'time_zone',
  cronTimeZone: 'cron_time_zone',
} as const;

/** An IANA time zone name; see environments/time-zones.ts for which spellings count. */
const timeZone = z.string().refine(isTimeZone, { params: { check: CUSTOM_CHECKS.timeZone } }).meta({ examples: ['America/New_York'] });

const positiveCredits = z.number().positive().max(1_000_000);

export const featuresSchema = z
  .strictObject({
    /** Cortex AI functions (ask, forecasts, anomalies). @default by tier: off for small */
    cortex: z.boolean().optional(),
    /** Share anonymised KPI rows into the platform BENCHMARK schema. @default true */
    benchmark: z.boolean().optional(),
    /** Snowpipe auto-ingest from the environment's external stage. @default false */
    snowpipe: z.boolean().optional(),
  })
  .describe('Optional platform features for this tenant.');

export const locationSchema = z
  .strictObject({
    id: z.string().regex(LOCATION_ID_PATTERN).describe('Stable location id, lower case (used in data, never in identifiers).'),
    name: z.string().min(1).max(200).describe('Display name.'),
    state: z.enum(US_STATES).describe('US state or territory code.'),
    city: z.string().min(1).max(100).optional(),
    /** IANA time zone of the location. @default the environment's time zone */
    timezone: timeZone.optional(),
  })
  .describe('A practice location (clinic or optical store).');

export const tenantSchema = z
  .strictObject({
    name: z.string().min(1).max(200).describe('Practice group display name.'),
    tier: z.enum(TIERS).describe('Size class: picks warehouse, quota, schedule and retention presets.'),
    locations: z
      .array(locationSchema)
      .min(1)
      .describe('At least one location; ids unique within the tenant.')
      .meta({ examples: [[{ id: 'main_street', name: 'Main Street Eye Care', state: 'TX' }]] }),
    dedicated_warehouse: z
      .boolean()
      .optional()
      .describe('Own warehouse instead of the shared pool. Default: false for small, true otherwise.'),
    warehouse_size: z.enum(WAREHOUSE_SIZES).optional().describe('Dedicated warehouse size. Default by tier.'),
    auto_suspend_seconds: z
      .number()
      .int()
      .min(AUTO_SUSPEND_MIN_SECONDS)
      .max(AUTO_SUSPEND_MAX_SECONDS)
      .optional()
      .describe('Warehouse auto-suspend in seconds. Default 60.'),
    credit_quota: positiveCredits.optional().describe('Monthly credit quota of the dedicated warehouse. Default by tier.'),
    task_schedule: z
      .string()
      .regex(TASK_SCHEDULE_PATTERN)
      .refine(
        (schedule) => {
          const zone = cronTimeZone(schedule);
          return zone === undefined || isTimeZone(zone);
        },
        { params: { check: CUSTOM_CHECKS.cronTimeZone } },
      )
      .optional()
      .describe("Root task schedule, '<N> MINUTE' or 'USING CRON <expr> <tz>'. Default by tier."),
    data_retention_days: z
      .number()
      .int()
      .min(0)
      .max(MAX_DATA_RETENTION_DAYS)
      .optional()
      .describe('Time Travel retention of the tenant database. Default by tier.'),
    features: featuresSchema.optional(),
    commission_plans: z
      .record(
        z.string().regex(COMMISSION_PLAN_CODE_PATTERN),
        z.strictObject({
          dispensary_rate: z.number().min(0).max(0.5).describe('Share of monthly dispensary sales, 0.03 = 3%.'),
          spiff_ar_coating: z.number().min(0).max(1000).optional().describe('USD per AR-coated pair. Default 0.'),
          spiff_progressive: z.number().min(0).max(1000).optional().describe('USD per progressive pair. Default 0.'),
          spiff_second_pair: z.number().min(0).max(1000).optional().describe('USD per second pair. Default 0.'),
        }),
      )
      .optional()
      .describe('Commission rules by plan code (the codes staff records carry), replacing the documented defaults.')
      .meta({ examples: [{ dispensary_3pct: { dispensary_rate: 0.03, spiff_ar_coating: 5 } }] }),
    recommendation_targets: z
      .strictObject(
        Object.fromEntries(
          Object.entries(RECOMMENDATION_TARGETS).map(([rule, t]) => [
            rule,
            z.number().min(t.min).max(t.max).optional().describe(`Target: ${t.measures}. Default: the rule's own (docs/insights.md, "Recommendations").`),
          ]),
        ) as { [R in RecommendationRule]: z.ZodOptional<z.ZodNumber> },
      )
      .optional()
      .describe("The tenant's own targets for recommendation rules, replacing the platform's (a practice focused on medical eyecare may aim lower on optical capture).")
      .meta({ examples: [{ optical_capture: 0.5, exams_per_od_day: 10 }] }),
  })
  .describe('One practice group. The map key under `tenants` is its id.');

export const environmentSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint; ignored.'),
    account: z
      .strictObject({
        organization_name: z.string().regex(SNOWFLAKE_NAME_PATTERN).describe('Snowflake organization name (not a secret).'),
        account_name: z.string().regex(SNOWFLAKE_NAME_PATTERN).describe('Snowflake account name (not a secret).'),
      })
      .describe('Which account this environment deploys to. Credentials come from SNOWFLAKE_* variables only.')
      .meta({ examples: [{ organization_name: 'ACMEORG', account_name: 'EYECARE_PROD' }] }),
    region: z.string().regex(SNOWFLAKE_REGION_PATTERN).describe("Snowflake region id, e.g. 'AWS_US_EAST_1'."),
    edition: z.enum(EDITIONS).describe('Snowflake edition; PHI needs business_critical.'),
    credit_price_usd: z.number().positive().max(100).describe('Price of one credit in US dollars.'),
    timezone: timeZone.optional().describe("Default IANA time zone. Default 'America/New_York'."),
    defaults: z
      .strictObject({
        auto_suspend_seconds: z.number().int().min(AUTO_SUSPEND_MIN_SECONDS).max(AUTO_SUSPEND_MAX_SECONDS).optional(),
        statement_timeout_seconds: z.number().int().min(60).max(172_800).optional(),
        data_retention_days: z.number().int().min(0).max(MAX_DATA_RETENTION_DAYS).optional(),
      })
      .optional()
      .describe('Environment-wide defaults under the tier presets.'),
    platform: z
      .strictObject({
        pooled_warehouse_size: z.enum(WAREHOUSE_SIZES).optional(),
        pooled_credit_quota: positiveCredits.optional(),
        max_cluster_count: z.number().int().min(1).max(10).optional(),
        benchmark_min_peers: z
          .number()
          .int()
          .min(3)
          .max(1000)
          .optional()
          .describe('Tenants a benchmark percentile needs before any tenant sees it; fewer peers could be told apart. Default 5.'),
      })
      .optional()
      .describe('The shared pool and platform objects.'),
    ingestion: z
      .strictObject({
        external_stage: z
          .strictObject({
            url: z
              .string()
              .regex(S3_URL_PATTERN)
              .describe("Bucket and prefix the practices' exports land in, ending in '/'; each tenant gets '<url><tenant id>/'."),
            aws_role_arn: z
              .string()
              .regex(IAM_ROLE_ARN_PATTERN)
              .describe('IAM role Snowflake assumes to read the bucket (storage integration); not a secret.'),
          })
          .optional()
          .describe('S3 landing area for Snowpipe auto-ingest; tenants opt in with features.snowpipe.')
          .meta({ examples: [{ url: 's3://eyecare-prod-exports/practices/', aws_role_arn: 'arn:aws:iam::123456789012:role/eyecare-ingest' }] }),
      })
      .optional()
      .describe('How exports reach RAW beyond the internal stage.'),
    state: z
      .strictObject({
        s3: z
          .strictObject({
            bucket: z.string().regex(S3_BUCKET_PATTERN).describe('S3 bucket holding Terraform state.'),
            region: z.string().regex(AWS_REGION_PATTERN).describe("AWS region of the bucket, e.g. 'us-east-1'."),
            key_prefix: z.string().regex(S3_KEY_PREFIX_PATTERN).optional().describe("Key prefix. Default 'eyecare/<env>'."),
          })
          .describe('Remote state in S3 with native lock files; AWS credentials come from the environment.')
          .meta({ examples: [{ bucket: 'eyecare-prod-tfstate', region: 'us-east-1' }] }),
      })
      .optional()
      .describe('Where Terraform keeps each stack\'s state. Default: a local file per stack (dev only).'),
    tenants: z
      .record(z.string(), tenantSchema)
      .default({})
      .describe('Practice groups keyed by tenant id.')
      .meta({ examples: [{ acme_vision: { name: 'Acme Vision Group', tier: 'small', locations: [{ id: 'main_street', name: 'Main Street Eye Care', state: 'TX' }] } }] }),
  })
  .describe('An eyecare analytics environment.');

export type EnvironmentFile = z.infer<typeof environmentSchema>;
export type TenantConfig = z.infer<typeof tenantSchema>;
export type LocationConfig = z.infer<typeof locationSchema>;
export type FeaturesConfig = z.infer<typeof featuresSchema>;

/** A validated environment: the file's content plus its name (the file name). */
export interface EnvironmentConfig extends EnvironmentFile {
  readonly name: string;
  readonly file: string;
}
