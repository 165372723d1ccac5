/**
 * Monthly cost estimate per tenant from the plan and the documented assumptions
 * (`COST_ASSUMPTIONS`). Pure: the same plan always gives the same numbers.
 */
import { COST_ASSUMPTIONS as A, CREDITS_PER_HOUR } from './defaults';
import type { EnvironmentPlan, TenantPlan } from './plan';

export interface TenantCost {
  readonly tenant: string;
  readonly tier: TenantPlan['tier'];
  readonly locations: number;
  /** Where compute runs: the tenant's warehouse, or serverless tasks + the pooled warehouse. */
  readonly compute: string;
  readonly pipelineCredits: number;
  readonly queryCredits: number;
  readonly cortexCredits: number;
  readonly snowpipeCredits: number;
  readonly storageTb: number;
  readonly monthlyUsd: number;
}

export interface CostEstimate {
  readonly tenants: readonly TenantCost[];
  readonly totalUsd: number;
  readonly creditPriceUsd: number;
  readonly assumptions: readonly string[];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function estimateCost(plan: EnvironmentPlan): CostEstimate {
  const tenants = plan.tenants.map((t): TenantCost => {
    const size = t.warehouse?.size ?? plan.platform.pooledWarehouse.size;
    const rate = CREDITS_PER_HOUR[size];
    // Pipeline minutes scale with locations; a bigger warehouse finishes proportionally faster.
    const pipelineHours = (A.pipelineRunsPerDay * A.daysPerMonth * A.pipelineMinutesPerLocation * t.locations.length) / 60 / (rate / CREDITS_PER_HOUR.XSMALL);
    const pipelineCredits = pipelineHours * rate * (t.serverlessTasks ? A.serverlessMultiplier : 1);
    const queryCredits = A.queryHoursPerMonth[t.tier] * rate;
    const cortexCredits = t.features.cortex ? (A.cortexBriefsPerMonth * A.cortexTokensPerBrief * A.cortexCreditsPerMillionTokens) / 1_000_000 : 0;
    const storageTb = (A.storageGbPerLocationMonth * A.historyMonths * t.locations.length) / 1024;
    const snowpipeCredits = t.features.snowpipe ? A.snowpipeGbPerLocationDay * A.daysPerMonth * t.locations.length * A.snowpipeCreditsPerGb : 0;
    const credits = pipelineCredits + queryCredits + cortexCredits + snowpipeCredits;
    return {
      tenant: t.id,
      tier: t.tier,
      locations: t.locations.length,
      compute: t.warehouse ? `${t.warehouse.name} (${size})` : `serverless tasks + ${plan.platform.pooledWarehouse.name} (${size})`,
      pipelineCredits: round(pipelineCredits),
      queryCredits: round(queryCredits),
      cortexCredits: round(cortexCredits, 4),
      snowpipeCredits: round(snowpipeCredits, 4),
      storageTb: round(storageTb, 4),
      monthlyUsd: round(credits * plan.creditPriceUsd + storageTb * A.storageUsdPerTbMonth),
    };
  });
  return {
    tenants,
    totalUsd: round(tenants.reduce((n, t) => n + t.monthlyUsd, 0)),
    creditPriceUsd: plan.creditPriceUsd,
    assumptions: [
      `credit price $${plan.creditPriceUsd} (${plan.edition}); warehouse credits per hour XS 1, S 2, M 4, L 8, XL 16`,
      `${A.pipelineRunsPerDay} pipeline run per day (daily exports; the root task skips when no stream has data), ${A.pipelineMinutesPerLocation} XS-minutes per location per run, faster on bigger warehouses`,
      `serverless tasks (small tier) at ${A.serverlessMultiplier}x warehouse credits`,
      `warehouse awake for analyst queries ${A.queryHoursPerMonth.small} / ${A.queryHoursPerMonth.medium} / ${A.queryHoursPerMonth.large} hours a month (small / medium / large), 60 s auto-suspend`,
      `storage ${A.storageGbPerLocationMonth} GB per location per month over ${A.historyMonths} months, $${A.storageUsdPerTbMonth} per TB-month`,
      `Cortex (where enabled) ${A.cortexBriefsPerMonth} briefs x ${A.cortexTokensPerBrief} tokens (prompt and answer) at ${A.cortexCreditsPerMillionTokens} credits per million tokens`,
      `Snowpipe (where enabled) ${A.snowpipeGbPerLocationDay} GB of exports per location per day at ${A.snowpipeCreditsPerGb} credits per GB`,
      'cloud services not billed below 10 % of daily warehouse credits; resource monitors cap warehouse spend, not serverless',
    ],
  };
}
