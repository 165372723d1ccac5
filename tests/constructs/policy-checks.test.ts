import { App, Aspects, TerraformStack } from 'cdktf';
import { grantAccountRole, stage, table, warehouse } from '@cdktf/provider-snowflake';
import { Construct } from 'constructs';
import { PolicyChecks, suppressRule } from '../../constructs/policy-checks';
import { PROTECT_DATA_CONTEXT, SnowflakeProviders } from '../../constructs/providers';
import { tempDir } from '../helpers/config';

/** Synthesizes one stack with the checks on; returns the error text, or '' when it passes. */
function synth(build: (scope: Construct) => void, protectData = false): string {
  const app = new App({ outdir: tempDir('checks'), stackTraces: false });
  const stack = new TerraformStack(app, 'test');
  stack.node.setContext(PROTECT_DATA_CONTEXT, protectData);
  SnowflakeProviders.create(stack, { organizationName: 'ORG', accountName: 'ACCT' });
  Aspects.of(stack).add(new PolicyChecks());
  build(stack);
  try {
    app.synth();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

const raw = (scope: Construct, masked: boolean, lifecycle = false) =>
  new table.Table(scope, 'patients', {
    database: 'D',
    schema: 'RAW',
    name: 'PATIENTS',
    column: [
      { name: 'PATIENT_ID', type: 'VARCHAR' },
      { name: 'LAST_NAME', type: 'VARCHAR', comment: 'Family name. [PHI: name]', ...(masked ? { maskingPolicy: '"D"."STAGING"."PHI_TEXT"' } : {}) },
    ],
    ...(lifecycle ? { lifecycle: { preventDestroy: true } } : {}),
  });

describe('policy checks (aspects)', () => {
  it('EYE-WH1: a warehouse without auto-suspend or a resource monitor fails synth', () => {
    expect(synth((s) => new warehouse.Warehouse(s, 'wh', { name: 'W', resourceMonitor: 'RM' }))).toContain('EYE-WH1 test/wh: warehouse without auto_suspend');
    expect(synth((s) => new warehouse.Warehouse(s, 'wh', { name: 'W', autoSuspend: 60 }))).toContain('EYE-WH1 test/wh: warehouse without a resource monitor');
    expect(synth((s) => new warehouse.Warehouse(s, 'wh', { name: 'W', autoSuspend: 60, resourceMonitor: 'RM' }))).toBe('');
  });

  it('EYE-GR1: a grant to PUBLIC fails synth', () => {
    expect(synth((s) => new grantAccountRole.GrantAccountRole(s, 'g', { roleName: 'R', parentRoleName: 'PUBLIC' }))).toContain('EYE-GR1 test/g: grant to PUBLIC');
    expect(synth((s) => new grantAccountRole.GrantAccountRole(s, 'g', { roleName: 'R', parentRoleName: 'ANALYST' }))).toBe('');
  });

  it('EYE-DP1: data-bearing resources need prevent_destroy only where data is protected', () => {
    expect(synth((s) => new stage.Stage(s, 'landing', { database: 'D', schema: 'RAW', name: 'LANDING' }), true)).toContain('EYE-DP1 test/landing: data-bearing resource without lifecycle.prevent_destroy');
    expect(synth((s) => new stage.Stage(s, 'landing', { database: 'D', schema: 'RAW', name: 'LANDING', lifecycle: { preventDestroy: true } }), true)).toBe('');
    expect(synth((s) => new stage.Stage(s, 'landing', { database: 'D', schema: 'RAW', name: 'LANDING' }), false)).toBe('');
  });

  it('EYE-PHI1: a PHI column without a masking policy fails synth, naming the column', () => {
    expect(synth((s) => raw(s, false))).toContain('EYE-PHI1 test/patients: PHI columns without a masking policy: LAST_NAME');
    expect(synth((s) => raw(s, true))).toBe('');
  });

  it('reports every finding at once', () => {
    const message = synth((s) => {
      raw(s, false);
      new warehouse.Warehouse(s, 'wh', { name: 'W' });
    });
    expect(message).toContain('EYE-PHI1');
    expect(message).toContain('EYE-WH1');
  });

  it('a suppression needs a written reason, and is then reported instead of failing', () => {
    expect(() => synth((s) => suppressRule(raw(s, false), 'EYE-PHI1', ''))).toThrow(/suppressing EYE-PHI1 needs a written reason/);
    expect(() => synth((s) => suppressRule(raw(s, false), 'EYE-NOPE', 'a long enough reason'))).toThrow(/no rule EYE-NOPE to suppress/);
    const app = new App({ outdir: tempDir('checks'), stackTraces: false });
    const stack = new TerraformStack(app, 'test');
    SnowflakeProviders.create(stack, { organizationName: 'ORG', accountName: 'ACCT' });
    Aspects.of(stack).add(new PolicyChecks());
    const t = raw(stack, false);
    suppressRule(t, 'EYE-PHI1', 'synthetic test data only, no real patients');
    app.synth();
    expect(t.node.metadata.map((m) => m.data)).toContain('EYE-PHI1 suppressed: synthetic test data only, no real patients');
  });
});
