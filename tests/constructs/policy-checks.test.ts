import { App, Aspects, TerraformStack } from 'cdktf';
import { execute, grantAccountRole, stage, table, warehouse } from '@cdktf/provider-snowflake';
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

  it('EYE-RAP1: a table or view with tenant rows created without a row access policy fails synth', () => {
    const ddl = (sql: string) => (s: Construct) => new execute.Execute(s, 'ddl', { execute: sql, revert: 'SELECT 1' });
    expect(synth(ddl('CREATE TABLE IF NOT EXISTS "P".BENCHMARK.KPI (TENANT_ID VARCHAR, RATE NUMBER)'))).toContain(
      'EYE-RAP1 test/ddl: table "P".BENCHMARK.KPI holds tenant rows (TENANT_ID) but is created without WITH ROW ACCESS POLICY',
    );
    expect(synth(ddl('CREATE OR REPLACE SECURE VIEW "P".AUDIT.V AS SELECT TENANT_ID FROM X'))).toContain('EYE-RAP1 test/ddl: view "P".AUDIT.V holds tenant rows');
    expect(synth(ddl('CREATE TABLE IF NOT EXISTS "P".BENCHMARK.KPI (TENANT_ID VARCHAR) WITH ROW ACCESS POLICY "P".BENCHMARK.TENANT_ROWS ON (TENANT_ID)'))).toBe('');
    expect(synth(ddl('CREATE TABLE IF NOT EXISTS "P".BENCHMARK.PEERS (MONTH DATE, P50 NUMBER)'))).toBe('');
    expect(synth((s) => new table.Table(s, 't', { database: 'P', schema: 'BENCHMARK', name: 'T', column: [{ name: 'TENANT_ID', type: 'VARCHAR' }] }))).toContain(
      'EYE-RAP1 test/t: table holding tenant rows declared as snowflake_table',
    );
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
