import { loadEnvironment } from '../../environments/load';
import { TIER_PRESETS } from '../../model/defaults';
import { planEnvironment } from '../../model/plan';
import { validEnvironment, validTenant, writeEnvironment } from '../helpers/config';

function plan(tenants: Record<string, unknown>, extra: Record<string, unknown> = {}, env = 'test') {
  return planEnvironment(loadEnvironment(env, { dir: writeEnvironment({ ...validEnvironment(tenants), ...extra }, env) }));
}

describe('tenant plan', () => {
  it('small tenants use the pooled warehouse and serverless tasks', () => {
    const [acme] = plan({ acme: validTenant() }).tenants;
    expect(acme!.warehouse).toBeUndefined();
    expect(acme!.computeWarehouse).toBe('TEST_SHARED_WH');
    expect(acme!.serverlessTasks).toBe(true);
    expect(acme!.taskSchedule).toBe(TIER_PRESETS.small.taskSchedule);
  });

  it('medium and large tenants get a dedicated, monitored warehouse sized by tier', () => {
    const { tenants } = plan({ big: validTenant({ tier: 'large' }), mid: validTenant({ tier: 'medium' }) });
    expect(tenants.map((t) => t.id)).toEqual(['big', 'mid']);
    expect(tenants[0]!.warehouse).toMatchObject({ name: 'TEST_BIG_WH', size: 'SMALL', creditQuota: 500, maxClusterCount: 2, autoSuspendSeconds: 60, resourceMonitor: 'TEST_BIG_RM' });
    expect(tenants[1]!.warehouse).toMatchObject({ name: 'TEST_MID_WH', size: 'XSMALL', creditQuota: 120, maxClusterCount: 1 });
  });

  it('tenant fields override the tier preset, which overrides environment defaults', () => {
    const [t] = plan(
      { acme: validTenant({ tier: 'medium', warehouse_size: 'MEDIUM', credit_quota: 42, auto_suspend_seconds: 300, task_schedule: '5 MINUTE' }) },
      { defaults: { data_retention_days: 3, auto_suspend_seconds: 120 } },
    ).tenants;
    expect(t!.warehouse).toMatchObject({ size: 'MEDIUM', creditQuota: 42, autoSuspendSeconds: 300 });
    expect(t!.taskSchedule).toBe('5 MINUTE');
    expect(t!.dataRetentionDays).toBe(3);
  });

  it("carries a tenant's commission rules, spiffs defaulting to 0, sorted by plan", () => {
    const [t] = plan({ acme: validTenant({ commission_plans: { house_plan: { dispensary_rate: 0.04 }, dispensary_3pct: { dispensary_rate: 0.035, spiff_ar_coating: 7.5 } } }) }).tenants;
    expect(t!.commissionPlans).toEqual([
      { plan: 'dispensary_3pct', dispensaryRate: 0.035, spiffArCoating: 7.5, spiffProgressive: 0, spiffSecondPair: 0 },
      { plan: 'house_plan', dispensaryRate: 0.04, spiffArCoating: 0, spiffProgressive: 0, spiffSecondPair: 0 },
    ]);
  });

  it("lists every rule a tenant may set a target for, with the tenant's target or null", () => {
    const [set, unset] = plan({ acme: validTenant({ recommendation_targets: { optical_capture: 0.5, exams_per_od_day: 10 } }), bolt: validTenant() }).tenants;
    expect(set!.recommendationTargets).toEqual([
      { ruleId: 'OPTICAL_CAPTURE', target: 0.5 },
      { ruleId: 'NO_SHOW_RATE', target: null },
      { ruleId: 'SCHEDULE_UTILISATION', target: null },
      { ruleId: 'EXAMS_PER_OD_DAY', target: 10 },
      { ruleId: 'CL_ANNUAL_SUPPLY', target: null },
    ]);
    expect(unset!.recommendationTargets.every((t) => t.target === null)).toBe(true);
  });

  it('multi-cluster needs more than Standard edition', () => {
    const [t] = plan({ big: validTenant({ tier: 'large' }) }, { edition: 'standard' }).tenants;
    expect(t!.warehouse!.maxClusterCount).toBe(1);
  });

  it.each([
    ['prod', true],
    ['staging', true],
    ['dev', false],
    ['local', false],
  ])('%s protects data: %s', (env, expected) => {
    expect(plan({ acme: validTenant() }, {}, env).protectData).toBe(expected);
  });

  it('keeps state locally unless an S3 backend is configured', () => {
    expect(plan({ acme: validTenant() }).state.kind).toBe('local');
    const s3 = plan({ acme: validTenant() }, { state: { s3: { bucket: 'tf-state', region: 'us-east-1' } } }).state;
    expect(s3.kind === 's3' && s3.keyFor('test-platform')).toBe('eyecare/test/test-platform.tfstate');
  });
});
