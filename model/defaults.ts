/**
 * Every default of the platform, secure and cheap, in one place. Tier presets are data: a tier
 * picks a row, a tenant's own fields override it, the environment's `defaults` sit underneath.
 */
import type { Tier, WarehouseSize } from '../environments/schema';

export interface TierPreset {
  /** Small tenants share the pooled warehouse; larger ones get their own. */
  readonly dedicatedWarehouse: boolean;
  readonly warehouseSize: WarehouseSize;
  /** Monthly credit quota on the tenant's warehouse resource monitor. */
  readonly creditQuota: number;
  /** Root task schedule; the root runs only when a RAW stream has data, so short is cheap. */
  readonly taskSchedule: string;
  /** Time Travel days on the tenant database: more history costs storage. */
  readonly dataRetentionDays: number;
  /** Multi-cluster ceiling (needs Enterprise or above). */
  readonly maxClusterCount: number;
  /** Serverless tasks: no warehouse resume minimum for tiny, bursty work. */
  readonly serverlessTasks: boolean;
  readonly cortex: boolean;
}

export const TIER_PRESETS: Readonly<Record<Tier, TierPreset>> = {
  small: {
    dedicatedWarehouse: false,
    warehouseSize: 'XSMALL',
    creditQuota: 30,
    taskSchedule: '60 MINUTE',
    dataRetentionDays: 1,
    maxClusterCount: 1,
    serverlessTasks: true,
    cortex: false,
  },
  medium: {
    dedicatedWarehouse: true,
    warehouseSize: 'XSMALL',
    creditQuota: 120,
    taskSchedule: '30 MINUTE',
    dataRetentionDays: 7,
    maxClusterCount: 1,
    serverlessTasks: false,
    cortex: true,
  },
  large: {
    dedicatedWarehouse: true,
    warehouseSize: 'SMALL',
    creditQuota: 500,
    taskSchedule: '15 MINUTE',
    dataRetentionDays: 14,
    maxClusterCount: 2,
    serverlessTasks: false,
    cortex: true,
  },
};

export const PLATFORM_DEFAULTS = {
  timezone: 'America/New_York',
  /** Seconds idle before a warehouse suspends; 60 s is Snowflake's billing minimum per resume. */
  autoSuspendSeconds: 60,
  /** Kill runaway queries after an hour. */
  statementTimeoutSeconds: 3_600,
  /** Queued statements give up after 10 minutes instead of piling up. */
  statementQueuedTimeoutSeconds: 600,
  /** Warehouse size when none is given: XSMALL bills the fewest credits per hour (1). */
  warehouseSize: 'XSMALL' as WarehouseSize,
  /** Multi-cluster ceiling when none is given: one cluster, so concurrency can never multiply the bill. */
  maxClusterCount: 1,
  /** Time Travel days on databases, schemas and RAW tables when none is given: a day of undo at the least storage. */
  dataRetentionDays: 1,
  /** Schemas are managed-access unless told otherwise: only the owner grants, so no creator can quietly share a table. */
  managedAccess: true,
  /** Consecutive failed runs before Snowflake suspends a task graph: a broken graph stops billing after 3 tries. */
  taskSuspendAfterFailures: 3,
  /** Automatic retries of a failed task graph run: one retry rides out a transient error without doubling the cost. */
  taskRetryAttempts: 1,
  /** First size Snowflake gives a serverless task, which it then adapts from the runs: start at the cheapest. */
  serverlessTaskInitialSize: 'XSMALL' as WarehouseSize,
  pooledWarehouseSize: 'XSMALL' as WarehouseSize,
  pooledCreditQuota: 200,
  pooledMaxClusterCount: 1,
  platformDataRetentionDays: 7,
  benchmark: true,
  /** A benchmark percentile is published only over at least this many tenants (k-anonymity). */
  benchmarkMinPeers: 5,
  /** The peer percentiles are recomputed once a day, after the nightly pipeline runs. */
  benchmarkPeersSchedule: 'USING CRON 0 7 * * * UTC',
  snowpipe: false,
  /** Resource monitor thresholds in percent of the quota. */
  monitor: { notifyAt: [75, 90], suspendAt: 100, suspendImmediateAt: 110 },
} as const;

/** Credits per hour by warehouse size (standard warehouses). */
export const CREDITS_PER_HOUR: Readonly<Record<WarehouseSize, number>> = {
  XSMALL: 1,
  SMALL: 2,
  MEDIUM: 4,
  LARGE: 8,
  XLARGE: 16,
  XXLARGE: 32,
};

/** Cortex, for tenants with `features.cortex`: the model `eyecare ask` has write briefs, and how long they may be. */
export const CORTEX_DEFAULTS = {
  /** A 70B Llama: the cost model's credits per million tokens are this model's. */
  model: 'llama3.1-70b',
  /**
   * Output tokens a brief may take (AI_COMPLETE's `max_tokens`, about 750 words): a cap against
   * runaway output, well above the 250 words a brief is asked for.
   */
  maxOutputTokens: 1000,
} as const;

/**
 * What the cost model assumes about a month of use, by tier; `eyecare cost` prints these with
 * every estimate. Pipeline time scales with locations (exports per location per day).
 */
export const COST_ASSUMPTIONS = {
  /** Pipeline graph runs per day: exports land once a day, the root skips when streams are empty. */
  pipelineRunsPerDay: 1,
  /** Compute minutes of one pipeline run per location, on an XSMALL warehouse. */
  pipelineMinutesPerLocation: 1.5,
  /** Serverless tasks bill 0.9x the credits of the equivalent warehouse. */
  serverlessMultiplier: 0.9,
  /** Analyst query hours per month the warehouse is awake, by tier. */
  queryHoursPerMonth: { small: 8, medium: 30, large: 90 } as Readonly<Record<'small' | 'medium' | 'large', number>>,
  /** Compressed storage per location per month of history (all layers), in GB. */
  storageGbPerLocationMonth: 0.05,
  /** Months of history kept. */
  historyMonths: 36,
  storageUsdPerTbMonth: 23,
  /**
   * Cortex: briefs per month (`eyecare ask "brief ..."`, its one use) and tokens per brief (a prompt
   * of about 800, measured on the sample tenants, and an answer of about 350: 250 words), at ~0.36
   * credits per million tokens.
   */
  cortexBriefsPerMonth: 300,
  cortexTokensPerBrief: 1200,
  cortexCreditsPerMillionTokens: 0.36,
  daysPerMonth: 30,
  /** Snowpipe (where enabled): uncompressed export volume per location per day, and its credits per GB. */
  snowpipeGbPerLocationDay: 0.02,
  snowpipeCreditsPerGb: 0.0037,
} as const;
