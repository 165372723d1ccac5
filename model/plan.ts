/**
 * The plan: what an environment and each tenant get, with every default resolved. Pure data,
 * derived from validated config; constructs only render it.
 */
import { RECOMMENDATION_TARGETS, type Edition, type EnvironmentConfig, type RecommendationRule, type TenantConfig, type WarehouseSize } from '../environments/schema';
import { PLATFORM_DEFAULTS, TIER_PRESETS } from './defaults';
import { EnvironmentNames, TenantNames } from './names';

export interface WarehousePlan {
  readonly name: string;
  readonly size: WarehouseSize;
  readonly autoSuspendSeconds: number;
  readonly statementTimeoutSeconds: number;
  readonly statementQueuedTimeoutSeconds: number;
  /** 1 unless the edition supports multi-cluster warehouses. */
  readonly maxClusterCount: number;
  readonly resourceMonitor: string;
  readonly creditQuota: number;
}

export interface LocationPlan {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly city?: string;
  readonly timezone: string;
}

export interface TenantPlan {
  readonly id: string;
  readonly displayName: string;
  readonly tier: TenantConfig['tier'];
  readonly names: TenantNames;
  /** The tenant's own warehouse, or undefined when it uses the pooled one. */
  readonly warehouse?: WarehousePlan;
  /** The warehouse its roles and tasks use (own or pooled). */
  readonly computeWarehouse: string;
  readonly taskSchedule: string;
  readonly serverlessTasks: boolean;
  readonly dataRetentionDays: number;
  readonly locations: readonly LocationPlan[];
  readonly features: { readonly cortex: boolean; readonly benchmark: boolean; readonly snowpipe: boolean };
  /** Commission rules the tenant sets, over the defaults of sql/staging/commission_defaults.sql. */
  readonly commissionPlans: readonly CommissionPlan[];
  /**
   * Every recommendation rule a tenant may set a target for, by rule id (`OPTICAL_CAPTURE`), with
   * the tenant's target or null where the rule's own (sql/insights/recommendations.sql) applies.
   */
  readonly recommendationTargets: readonly RecommendationTarget[];
}

export interface RecommendationTarget {
  readonly ruleId: string;
  readonly target: number | null;
}

export interface CommissionPlan {
  readonly plan: string;
  readonly dispensaryRate: number;
  readonly spiffArCoating: number;
  readonly spiffProgressive: number;
  readonly spiffSecondPair: number;
}

export type StatePlan =
  | { readonly kind: 'local'; readonly pathFor: (stack: string) => string }
  | { readonly kind: 's3'; readonly bucket: string; readonly region: string; readonly keyFor: (stack: string) => string };

export interface EnvironmentPlan {
  readonly env: string;
  readonly names: EnvironmentNames;
  readonly account: EnvironmentConfig['account'];
  readonly region: string;
  readonly edition: Edition;
  readonly creditPriceUsd: number;
  /** prod and staging protect data-bearing resources with `prevent_destroy`. */
  readonly protectData: boolean;
  /** Terraform state location per stack. */
  readonly state: StatePlan;
  readonly platform: {
    readonly pooledWarehouse: WarehousePlan;
    readonly dataRetentionDays: number;
    /** The S3 landing area Snowpipe watches, when the environment has one. */
    readonly externalStage?: { readonly integration: string; readonly url: string; readonly awsRoleArn: string };
    /** Cross-tenant benchmark: the smallest peer group a percentile is shown for, and when it is recomputed. */
    readonly benchmark: { readonly minPeers: number; readonly schedule: string };
  };
  /** Tenants sorted by id, so every output is ordered the same way whatever the YAML order. */
  readonly tenants: readonly TenantPlan[];
}

/** Environments whose data must survive a bad plan. */
export const PROTECTED_ENVIRONMENTS: readonly string[] = ['prod', 'staging'];

export function planEnvironment(config: EnvironmentConfig): EnvironmentPlan {
  const names = new EnvironmentNames(config.name);
  const defaults = config.defaults ?? {};
  const multiCluster = config.edition !== 'standard';
  const autoSuspend = defaults.auto_suspend_seconds ?? PLATFORM_DEFAULTS.autoSuspendSeconds;
  const statementTimeout = defaults.statement_timeout_seconds ?? PLATFORM_DEFAULTS.statementTimeoutSeconds;
  const timezone = config.timezone ?? PLATFORM_DEFAULTS.timezone;

  const warehouse = (name: string, monitor: string, size: WarehouseSize, quota: number, clusters: number, suspend = autoSuspend): WarehousePlan => ({
    name,
    size,
    autoSuspendSeconds: suspend,
    statementTimeoutSeconds: statementTimeout,
    statementQueuedTimeoutSeconds: PLATFORM_DEFAULTS.statementQueuedTimeoutSeconds,
    maxClusterCount: multiCluster ? clusters : 1,
    resourceMonitor: monitor,
    creditQuota: quota,
  });

  const pooledWarehouse = warehouse(
    names.pooledWarehouse,
    names.pooledResourceMonitor,
    config.platform?.pooled_warehouse_size ?? PLATFORM_DEFAULTS.pooledWarehouseSize,
    config.platform?.pooled_credit_quota ?? PLATFORM_DEFAULTS.pooledCreditQuota,
    config.platform?.max_cluster_count ?? PLATFORM_DEFAULTS.pooledMaxClusterCount,
  );

  const tenants = Object.keys(config.tenants)
    .sort()
    .map((id): TenantPlan => {
      const tenant = config.tenants[id]!;
      const preset = TIER_PRESETS[tenant.tier];
      const tenantNames = names.tenant(id);
      const dedicated = tenant.dedicated_warehouse ?? preset.dedicatedWarehouse;
      const own = dedicated
        ? warehouse(
            tenantNames.warehouse,
            tenantNames.resourceMonitor,
            tenant.warehouse_size ?? preset.warehouseSize,
            tenant.credit_quota ?? preset.creditQuota,
            preset.maxClusterCount,
            tenant.auto_suspend_seconds ?? autoSuspend,
          )
        : undefined;
      return {
        id,
        displayName: tenant.name,
        tier: tenant.tier,
        names: tenantNames,
        ...(own ? { warehouse: own } : {}),
        computeWarehouse: own?.name ?? pooledWarehouse.name,
        taskSchedule: tenant.task_schedule ?? preset.taskSchedule,
        serverlessTasks: !dedicated && preset.serverlessTasks,
        dataRetentionDays: tenant.data_retention_days ?? defaults.data_retention_days ?? preset.dataRetentionDays,
        locations: tenant.locations.map((l) => ({
          id: l.id,
          name: l.name,
          state: l.state,
          ...(l.city ? { city: l.city } : {}),
          timezone: l.timezone ?? timezone,
        })),
        commissionPlans: Object.entries(tenant.commission_plans ?? {})
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([plan, rule]) => ({
            plan,
            dispensaryRate: rule.dispensary_rate,
            spiffArCoating: rule.spiff_ar_coating ?? 0,
            spiffProgressive: rule.spiff_progressive ?? 0,
            spiffSecondPair: rule.spiff_second_pair ?? 0,
          })),
        recommendationTargets: (Object.keys(RECOMMENDATION_TARGETS) as RecommendationRule[]).map((rule) => ({
          ruleId: rule.toUpperCase(),
          target: tenant.recommendation_targets?.[rule] ?? null,
        })),
        features: {
          cortex: tenant.features?.cortex ?? preset.cortex,
          benchmark: tenant.features?.benchmark ?? PLATFORM_DEFAULTS.benchmark,
          snowpipe: tenant.features?.snowpipe ?? PLATFORM_DEFAULTS.snowpipe,
        },
      };
    });

  return {
    env: config.name,
    names,
    account: config.account,
    region: config.region,
    edition: config.edition,
    creditPriceUsd: config.credit_price_usd,
    protectData: PROTECTED_ENVIRONMENTS.includes(config.name),
    state: config.state?.s3
      ? {
          kind: 's3',
          bucket: config.state.s3.bucket,
          region: config.state.s3.region,
          keyFor: (stack) => `${config.state?.s3?.key_prefix ?? `eyecare/${config.name}`}/${stack}.tfstate`,
        }
      : // Relative to the stack's working directory (cdktf.out/stacks/<stack>): state outlives re-synth.
        { kind: 'local', pathFor: (stack) => `../../../terraform.${stack}.tfstate` },
    platform: {
      pooledWarehouse,
      dataRetentionDays: Math.min(
        defaults.data_retention_days ?? PLATFORM_DEFAULTS.platformDataRetentionDays,
        config.edition === 'standard' ? 1 : Number.MAX_SAFE_INTEGER,
      ),
      ...(config.ingestion?.external_stage
        ? { externalStage: { integration: names.storageIntegration, url: config.ingestion.external_stage.url, awsRoleArn: config.ingestion.external_stage.aws_role_arn } }
        : {}),
      benchmark: {
        minPeers: config.platform?.benchmark_min_peers ?? PLATFORM_DEFAULTS.benchmarkMinPeers,
        schedule: PLATFORM_DEFAULTS.benchmarkPeersSchedule,
      },
    },
    tenants,
  };
}
