import { loadEnvironment } from '../../environments/load';
import { estimateCost } from '../../model/cost';
import { planEnvironment } from '../../model/plan';
import { CONFIG_DIR } from '../helpers/config';

describe('cost model', () => {
  const estimate = estimateCost(planEnvironment(loadEnvironment('local', { dir: CONFIG_DIR })));
  const byTenant = new Map(estimate.tenants.map((t) => [t.tenant, t]));

  it('small tier: serverless pipeline at 0.9x plus pooled query time (hand-computed)', () => {
    // 30 runs x 1.5 min x 1 location = 0.75 XS-hours -> 0.675 credits; 8 query hours x 1 credit;
    // storage 0.05 GB x 36 months / 1024 = 0.00176 TB -> $0.04; (0.675 + 8) x $4 + $0.04 = $34.74.
    expect(byTenant.get('brightview')).toMatchObject({ pipelineCredits: 0.68, queryCredits: 8, cortexCredits: 0, monthlyUsd: 34.74 });
  });

  it('medium tier: own XSMALL warehouse and Cortex (hand-computed)', () => {
    // 30 x 1.5 min x 4 locations = 3 credits; 30 query hours = 30 credits; Cortex 300 briefs x 1,200 tokens
    // x 0.36 / 1M = 0.1296 credits; storage 0.00703 TB -> $0.16; 33.1296 x $4 + $0.16 = $132.68.
    expect(byTenant.get('clearsight')).toMatchObject({ pipelineCredits: 3, queryCredits: 30, cortexCredits: 0.1296, monthlyUsd: 132.68 });
  });

  it('large tier: a SMALL warehouse runs the pipeline twice as fast at twice the rate', () => {
    expect(byTenant.get('visionworks_south')).toMatchObject({ pipelineCredits: 9, queryCredits: 180, monthlyUsd: 757 });
    expect(estimate.totalUsd).toBe(924.42);
    expect(estimate.assumptions.length).toBeGreaterThanOrEqual(5);
  });

  it('Snowpipe adds its per-GB credits where a tenant enables it (hand-computed)', () => {
    // prod northstar: 3 locations x 0.02 GB x 30 days = 1.8 GB x 0.0037 = 0.00666 credits -> 0.0067.
    const prod = new Map(estimateCost(planEnvironment(loadEnvironment('prod', { dir: CONFIG_DIR }))).tenants.map((t) => [t.tenant, t]));
    expect(prod.get('northstar')!.snowpipeCredits).toBe(0.0067);
    expect(prod.get('acme')!.snowpipeCredits).toBe(0);
    expect(byTenant.get('clearsight')!.snowpipeCredits).toBe(0);
  });
});
