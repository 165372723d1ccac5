import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Approval, DATA_BEARING_TYPES, PlanLintError, formatReport, lintPlan, loadApprovals, planLintFile } from '../../synthesized/plan-lint';

const FIXTURES = path.join(__dirname, 'fixtures');
const APPROVALS_FILE = 'deploy/plan-approvals.yml';

function fixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}

function approvalsFixture(name: string) {
  return loadApprovals(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), name);
}

/** Lints a fixture with a fixed source and approvals file, so messages are stable. */
function lint(name: string, approvals: readonly Approval[] = []) {
  return lintPlan(fixture(name), { source: name, approvals, approvalsFile: APPROVALS_FILE });
}

function lines(name: string, approvals?: readonly Approval[]): string[] {
  return formatReport(lint(name, approvals)).split('\n');
}

/** A minimal plan around hand-written resource changes, for cases no fixture covers. */
function planOf(...resourceChanges: readonly object[]): object {
  return { format_version: '1.2', terraform_version: '1.9.8', planned_values: { root_module: {} }, resource_changes: resourceChanges };
}

function managed(type: string, name: string, actions: readonly string[], change: object = {}, extra: object = {}): object {
  const address = `${type}.${name}`;
  return { address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/snowflakedb/snowflake', change: { actions, before: null, after: null, ...change }, ...extra };
}

function lintError(run: () => unknown): PlanLintError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanLintError) return error;
    throw error;
  }
  throw new Error('expected a PlanLintError');
}

const TABLE = 'snowflake_table.acme_raw-appointments_9D3F0B71';
const STREAM = 'snowflake_stream_on_table.acme_raw-appointments-stream_2B7E44C9';
const DATABASE = 'snowflake_database.acme_database_4C1E8A2B';

describe('data-bearing types', () => {
  test('are the objects whose destroy or replace loses data', () => {
    expect([...DATA_BEARING_TYPES].sort()).toEqual([
      'snowflake_database',
      'snowflake_dynamic_table',
      'snowflake_execute',
      'snowflake_pipe',
      'snowflake_schema',
      'snowflake_stage',
      'snowflake_stream_on_table',
      'snowflake_stream_on_view',
      'snowflake_table',
    ]);
  });
});

describe('blocked changes', () => {
  test('a dropped table is blocked with the reason Terraform gives, and exits 1', () => {
    const report = lint('drop-table.json');
    expect(report.exitCode).toBe(1);
    expect(report.blocked).toEqual([
      {
        address: TABLE,
        action: 'destroy',
        reason: 'destroying it drops the table and its rows; its resource is no longer in the configuration (delete_because_no_resource_config)',
      },
    ]);
    expect(lines('drop-table.json')).toEqual([
      'plan-lint: drop-table.json',
      `  - destroy ${TABLE} [BLOCKED]: its resource is no longer in the configuration (delete_because_no_resource_config)`,
      'plan: 0 to create, 0 to update, 0 to replace, 1 to destroy; 1 blocked',
      `BLOCKED destroy ${TABLE}: destroying it drops the table and its rows; its resource is no longer in the configuration (delete_because_no_resource_config)`,
      `  to allow it, add { address: ${TABLE}, action: destroy, reason: <why losing the data is acceptable>, approved_by: <reviewer> } to ${APPROVALS_FILE} in the pull request`,
    ]);
  });

  test('a replaced stream is blocked and shows the attribute forcing it', () => {
    const report = lint('replace-stream.json');
    expect(report.exitCode).toBe(1);
    expect(report.changes).toEqual([
      {
        address: STREAM,
        type: 'snowflake_stream_on_table',
        action: 'replace',
        dataBearing: true,
        reason: 'the provider cannot change it in place (replace_because_cannot_update); forces replacement: table "DEV_ACME"."RAW"."APPOINTMENTS" -> "DEV_ACME"."RAW"."APPOINTMENTS_V2"',
      },
    ]);
    expect(report.blocked[0]!.reason).toMatch(/^replacing it recreates the stream, losing its offset: unconsumed changes are skipped; /);
    expect(lines('replace-stream.json')[1]).toBe(
      `-/+ replace ${STREAM} [BLOCKED]: the provider cannot change it in place (replace_because_cannot_update); forces replacement: table "DEV_ACME"."RAW"."APPOINTMENTS" -> "DEV_ACME"."RAW"."APPOINTMENTS_V2"`,
    );
  });

  test('a renamed database forces a replace (replace_paths ["name"]) and is blocked', () => {
    const report = lint('rename-database.json');
    expect(report.exitCode).toBe(1);
    expect(report.counts).toEqual({ create: 0, update: 1, replace: 1, destroy: 0, forget: 0, 'no-op': 0, read: 1 });
    expect(report.blocked.map((b) => [b.address, b.action])).toEqual([[DATABASE, 'replace']]);
    expect(lines('rename-database.json')).toEqual([
      'plan-lint: rename-database.json',
      `-/+ replace ${DATABASE} [BLOCKED]: the provider cannot change it in place (replace_because_cannot_update); forces replacement: name "DEV_ACME" -> "DEV_ACME_EYECARE"`,
      '  ~ update  snowflake_schema.acme_schema-marts_77A0D5E3',
      'plan: 0 to create, 1 to update, 1 to replace, 0 to destroy; 1 blocked',
      `BLOCKED replace ${DATABASE}: replacing it drops the database with every schema, table and stage in it; the provider cannot change it in place (replace_because_cannot_update); forces replacement: name "DEV_ACME" -> "DEV_ACME_EYECARE"`,
      `  to allow it, add { address: ${DATABASE}, action: replace, reason: <why losing the data is acceptable>, approved_by: <reviewer> } to ${APPROVALS_FILE} in the pull request`,
    ]);
  });

  test('the data source read in the same plan is counted but never listed or blocked', () => {
    const report = lint('rename-database.json');
    expect(report.changes.find((c) => c.address === 'data.snowflake_current_account.this')).toMatchObject({ action: 'read', dataBearing: false });
  });

  test('table DDL in a snowflake_execute is blocked on replace too', () => {
    const ddl = managed('snowflake_execute', 'acme_staging-ddl-appointments_5E6F7A8B', ['delete', 'create'], {
      before: { execute: 'CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__APPOINTMENTS (...)', revert: "SELECT 'kept' AS NOTE" },
      after: { execute: 'CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__APPOINTMENTS (..., NEW_COLUMN VARCHAR)', revert: "SELECT 'kept' AS NOTE" },
      replace_paths: [['execute']],
    });
    const report = lintPlan(planOf(ddl), {});
    expect(report.exitCode).toBe(1);
    expect(report.blocked[0]!.reason).toContain('runs its revert SQL, then its DDL again');
  });

  test('a view created again, and its row access attached again, lose nothing and pass; a table\'s policy attachment replaced is blocked', () => {
    const view = managed('snowflake_execute', 'acme_pipeline_marts-ddl-v-days-in-ar_7CFD3198', ['delete', 'create'], {
      before: { execute: '-- MARTS.V_DAYS_IN_AR: days in A/R per location\n-- depends on: MARTS.KPI_LOCATION_DAILY\nCREATE OR REPLACE VIEW "DEV_ACME".MARTS.V_DAYS_IN_AR AS SELECT 1 AS X', revert: 'DROP VIEW IF EXISTS "DEV_ACME".MARTS.V_DAYS_IN_AR' },
      after: { execute: 'CREATE OR REPLACE VIEW "DEV_ACME".MARTS.V_DAYS_IN_AR AS SELECT 2 AS X', revert: 'DROP VIEW IF EXISTS "DEV_ACME".MARTS.V_DAYS_IN_AR' },
      replace_paths: [['execute']],
    });
    const viewRows = managed('snowflake_execute', 'acme_pipeline_rows-marts-ddl-v-days-in-ar_1B2C3D4E', ['delete', 'create'], {
      before: { execute: 'ALTER VIEW "DEV_ACME".MARTS.V_DAYS_IN_AR ADD ROW ACCESS POLICY "DEV_ACME".MARTS.LOCATION_ACCESS ON (LOCATION_ID)', revert: 'ALTER VIEW "DEV_ACME".MARTS.V_DAYS_IN_AR DROP ROW ACCESS POLICY "DEV_ACME".MARTS.LOCATION_ACCESS' },
      after: { execute: 'ALTER VIEW "DEV_ACME".MARTS.V_DAYS_IN_AR ADD ROW ACCESS POLICY "DEV_ACME".MARTS.LOCATION_ACCESS ON (LOCATION_ID)', revert: 'ALTER VIEW "DEV_ACME".MARTS.V_DAYS_IN_AR DROP ROW ACCESS POLICY "DEV_ACME".MARTS.LOCATION_ACCESS' },
    }, { action_reason: 'replace_by_triggers' });
    const tableRows = managed('snowflake_execute', 'acme_pipeline_rows-marts-ddl-kpi-location-daily_5A6B7C8D', ['delete', 'create'], {
      before: { execute: 'ALTER TABLE "DEV_ACME".MARTS.KPI_LOCATION_DAILY ADD ROW ACCESS POLICY "DEV_ACME".MARTS.LOCATION_ACCESS ON (LOCATION_ID)', revert: 'ALTER TABLE "DEV_ACME".MARTS.KPI_LOCATION_DAILY DROP ROW ACCESS POLICY "DEV_ACME".MARTS.LOCATION_ACCESS' },
      after: { execute: 'ALTER TABLE "DEV_ACME".MARTS.KPI_LOCATION_DAILY ADD ROW ACCESS POLICY "DEV_ACME".MARTS.LOCATION_ACCESS_V2 ON (LOCATION_ID)', revert: 'ALTER TABLE "DEV_ACME".MARTS.KPI_LOCATION_DAILY DROP ROW ACCESS POLICY "DEV_ACME".MARTS.LOCATION_ACCESS_V2' },
      replace_paths: [['execute']],
    });
    const report = lintPlan(planOf(view, viewRows, tableRows), {});
    expect(report.changes.map((c) => [c.address.split('_').slice(-2, -1)[0], c.dataBearing])).toEqual([
      ['marts-ddl-v-days-in-ar', false],
      ['rows-marts-ddl-v-days-in-ar', false],
      ['rows-marts-ddl-kpi-location-daily', true],
    ]);
    expect(report.blocked.map((b) => b.address)).toEqual(['snowflake_execute.acme_pipeline_rows-marts-ddl-kpi-location-daily_5A6B7C8D']);
  });

  test('a sensitive attribute forcing a replace is not printed', () => {
    const stage = managed('snowflake_stage', 'acme_landing_1A1A1A1A', ['delete', 'create'], {
      before: { name: 'LANDING', credentials: 'AWS_KEY_ID=old' },
      after: { name: 'LANDING', credentials: 'AWS_KEY_ID=new' },
      before_sensitive: { credentials: true },
      after_sensitive: { credentials: true },
      replace_paths: [['credentials']],
    });
    const [change] = lintPlan(planOf(stage), {}).changes;
    expect(change!.reason).toBe('forces replacement: credentials (sensitive) -> (sensitive)');
  });

  test('a forgotten object stays in Snowflake, so it is listed but not blocked', () => {
    const report = lintPlan(planOf(managed('snowflake_database', 'legacy', ['forget'])), { source: 'p.json' });
    expect(report.exitCode).toBe(0);
    expect(formatReport(report).split('\n').slice(1)).toEqual([
      '  ! forget  snowflake_database.legacy',
      'plan: 0 to create, 0 to update, 0 to replace, 0 to destroy, 1 to forget; 0 blocked',
    ]);
  });
});

describe('approvals', () => {
  test('an approved rename passes and consumes its approval', () => {
    const approvals = approvalsFixture('rename-approved.yml');
    const report = lint('rename-database.json', approvals);
    expect(report.exitCode).toBe(0);
    expect(report.blocked).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.approved).toEqual([
      {
        address: DATABASE,
        action: 'replace',
        reason: 'acme renamed to DEV_ACME_EYECARE before go-live; the dev database holds only seed data',
        approvedBy: 'dana.reviewer',
      },
    ]);
    expect(lines('rename-database.json', approvals)).toEqual([
      'plan-lint: rename-database.json',
      `-/+ replace ${DATABASE} [approved by dana.reviewer]: the provider cannot change it in place (replace_because_cannot_update); forces replacement: name "DEV_ACME" -> "DEV_ACME_EYECARE"`,
      '  ~ update  snowflake_schema.acme_schema-marts_77A0D5E3',
      'plan: 0 to create, 1 to update, 1 to replace, 0 to destroy; 0 blocked',
    ]);
  });

  test('an approval for a different action does not cover the change, and says so', () => {
    const approvals = [{ address: DATABASE, action: 'destroy' as const, reason: 'decommission', approvedBy: 'dana.reviewer' }];
    const report = lint('rename-database.json', approvals);
    expect(report.exitCode).toBe(1);
    expect(report.blocked[0]!.reason).toMatch(/; the approval is for destroy, not replace$/);
    expect(report.warnings).toEqual([`stale approval: (destroy ${DATABASE}) matches no change (the plan has replace for it); remove it`]);
  });

  test('a stale approval is a warning, not a failure', () => {
    const report = lint('warehouse-update.json', approvalsFixture('stale.yml'));
    expect(report.exitCode).toBe(0);
    expect(report.warnings).toEqual([`stale approval: stale.yml: approvals[0] (destroy ${TABLE}) matches no change (the address is not in the plan); remove it`]);
    expect(lines('warehouse-update.json', approvalsFixture('stale.yml')).slice(-1)).toEqual([`warning: ${report.warnings[0]}`]);
  });

  test('an approval without a reason is an error naming the entry', () => {
    const error = lintError(() => approvalsFixture('missing-reason.yml'));
    expect(error.path).toBe('$.approvals[1].reason');
    expect(error.message).toBe(
      `missing-reason.yml: $.approvals[1].reason: approval (${TABLE}) has no reason; expected why losing this data is acceptable (a reviewer reads it)`,
    );
  });

  test.each([
    ['no approver', 'approvals:\n  - { address: snowflake_table.t, action: destroy, reason: archived }', 'a.yml: $.approvals[0].approved_by: approval (snowflake_table.t) has no approved_by; expected who reviewed and approved it'],
    ['an empty reason', 'approvals:\n  - { address: snowflake_table.t, action: destroy, reason: " ", approved_by: dana }', 'a.yml: $.approvals[0].reason: reason is " " (snowflake_table.t); expected why losing this data is acceptable (a reviewer reads it)'],
    ['a wrong action', 'approvals:\n  - { address: snowflake_table.t, action: delete, reason: archived, approved_by: dana }', 'a.yml: $.approvals[0].action: is "delete" (snowflake_table.t); expected "destroy" or "replace"'],
    ['a misspelt field', 'approvals:\n  - { address: snowflake_table.t, action: destroy, reason: archived, approver: dana }', 'a.yml: $.approvals[0].approver: unknown field "approver" (snowflake_table.t); expected only address, action, reason, approved_by'],
    ['a list at the top', '- address: snowflake_table.t', 'a.yml: $: is [{"address":"snowflake_table.t"}]; expected a mapping `approvals: [{ address, action, reason, approved_by }]`'],
    ['a duplicate', '{"approvals": [{"address": "t.x", "action": "destroy", "reason": "r", "approved_by": "d"}, {"address": "t.x", "action": "destroy", "reason": "r2", "approved_by": "e"}]}', 'a.yml: $.approvals[1]: duplicate approval for destroy t.x; expected one approval per address and action'],
  ])('an approvals file with %s is an error', (_case, text, message) => {
    expect(lintError(() => loadApprovals(text, 'a.yml')).message).toBe(message);
  });

  test('an emptied approvals list approves nothing', () => {
    expect(loadApprovals('approvals:\n', 'a.yml')).toEqual([]);
  });
});

describe('warnings and safe plans', () => {
  test('grant churn warns (revoke-then-grant) but does not block', () => {
    const report = lint('grant-churn.json');
    expect(report.exitCode).toBe(0);
    expect(report.blocked).toEqual([]);
    expect(report.warnings).toEqual([
      'revoke-then-grant: access briefly lost: snowflake_grant_privileges_to_account_role.acme_analyst-usage-database_0E5C2A19 is destroyed and ' +
        'snowflake_grant_privileges_to_account_role.acme_access-analyst-database_6B91F0D4 grants the same (DEV_ACME_ANALYST on DATABASE DEV_ACME); ' +
        'if the revoke runs last the access stays lost until the next apply',
      'revoke-then-grant: access briefly lost: snowflake_grant_account_role.acme_engineer-to-admin_3F6D1B80 is replaced; ' +
        'the old grant (DEV_ACME_ENGINEER to DEV_ACME_ADMIN) is revoked before the new one is granted',
    ]);
    expect(lines('grant-churn.json')).toContain('plan: 1 to create, 0 to update, 1 to replace, 1 to destroy; 0 blocked');
  });

  test('a destroyed grant with no equivalent created is not churn', () => {
    const grant = (name: string, actions: string[], values: object) =>
      managed('snowflake_grant_privileges_to_account_role', name, actions, actions[0] === 'delete' ? { before: values } : { after: values });
    const usage = { account_role_name: 'DEV_ACME_ANALYST', privileges: ['USAGE'], on_account_object: [{ object_type: 'DATABASE', object_name: 'DEV_ACME' }] };
    const other = { ...usage, on_account_object: [{ object_type: 'DATABASE', object_name: 'DEV_GLOBEX' }] };
    expect(lintPlan(planOf(grant('old', ['delete'], usage), grant('new', ['create'], other)), {}).warnings).toEqual([]);
  });

  test('resizing a warehouse is a safe in-place update', () => {
    const report = lint('warehouse-update.json');
    expect(report.exitCode).toBe(0);
    expect(report.warnings).toEqual([]);
    expect(lines('warehouse-update.json')).toEqual([
      'plan-lint: warehouse-update.json',
      '  ~ update  snowflake_warehouse.acme_warehouse_1D2E3F40',
      'plan: 0 to create, 1 to update, 0 to replace, 0 to destroy; 0 blocked',
    ]);
  });

  test('a create-only plan passes and lists no lines', () => {
    const report = lint('create-only.json');
    expect(report.exitCode).toBe(0);
    expect(report.changes.map((c) => c.action)).toEqual(['create', 'create', 'create']);
    expect(lines('create-only.json')).toEqual(['plan-lint: create-only.json', 'plan: 3 to create, 0 to update, 0 to replace, 0 to destroy; 0 blocked']);
  });

  test('a no-op plan passes', () => {
    const report = lint('no-op.json');
    expect(report.exitCode).toBe(0);
    expect(report.counts['no-op']).toBe(2);
    expect(lines('no-op.json')).toEqual(['plan-lint: no-op.json', 'plan: 0 to create, 0 to update, 0 to replace, 0 to destroy; 0 blocked']);
  });

  test('a plan of an empty stack (Terraform omits resource_changes) passes', () => {
    expect(lintPlan({ format_version: '1.2', planned_values: { root_module: {} } }, {}).changes).toEqual([]);
  });
});

describe('input that is not a plan', () => {
  test('a state file is rejected with where and what is expected', () => {
    const error = lintError(() => lintPlan(fixture('state.json'), { source: 'state.json' }));
    expect(error.path).toBe('$.resource_changes');
    expect(error.message).toBe(
      'state.json: $.resource_changes: this looks like a state file (it has `values`); expected a plan: the output of `terraform show -json <planfile>`',
    );
  });

  test.each([
    ['a new major format', { format_version: '2.0', resource_changes: [] }, '$.format_version: "2.0" is not a 1.x plan format; expected format 1.x (Terraform 1.x); update plan-lint for a new major format'],
    ['no format_version', { resource_changes: [] }, '$.format_version: is nothing; expected a version string such as "1.2": the output of `terraform show -json <planfile>`'],
    ['an array', [], '$: the document is an array; expected an object: the output of `terraform show -json <planfile>`'],
    ['no resource_changes or planned_values', { format_version: '1.2' }, '$.resource_changes: there is no resource_changes; expected a plan: the output of `terraform show -json <planfile>`'],
    [
      'an unknown action list',
      { format_version: '1.2', resource_changes: [{ address: 'snowflake_table.t', mode: 'managed', type: 'snowflake_table', change: { actions: ['delete', 'update'] } }] },
      '$.resource_changes[0].change.actions: ["delete","update"] is not a known action list (snowflake_table.t); expected one of [no-op], [create], [read], [update], [delete,create], [create,delete], [create,forget], [delete], [forget]',
    ],
    ['a change without an address', { format_version: '1.2', resource_changes: [{ mode: 'managed', type: 'snowflake_table', change: { actions: ['delete'] } }] }, '$.resource_changes[0].address: is nothing; expected a non-empty string'],
  ])('%s is rejected', (_case, plan, message) => {
    expect(lintError(() => lintPlan(plan, {})).message).toBe(message);
  });
});

describe('planLintFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-lint-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exits 1 on a blocked plan and names the approvals file in the hint', () => {
    const approvals = path.join(dir, 'approvals.yml');
    fs.writeFileSync(approvals, 'approvals: []\n');
    const result = planLintFile(path.join(FIXTURES, 'drop-table.json'), approvals);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(`to ${approvals} in the pull request`);
  });

  test('exits 0 on the approved rename', () => {
    const result = planLintFile(path.join(FIXTURES, 'rename-database.json'), path.join(FIXTURES, 'rename-approved.yml'));
    expect(result).toEqual({ exitCode: 0, output: expect.stringContaining('plan: 0 to create, 1 to update, 1 to replace, 0 to destroy; 0 blocked') });
  });

  test('exits 1 with a clear error on a binary plan file instead of its JSON', () => {
    const file = path.join(dir, 'tfplan');
    fs.writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    const result = planLintFile(file);
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/^plan-lint: .*tfplan: \$: is not JSON \(.*\); expected the output of `terraform show -json <planfile>`, not the binary plan file$/);
  });

  test('exits 1 on a missing file', () => {
    const missing = path.join(dir, 'missing.json');
    expect(planLintFile(missing)).toEqual({ exitCode: 1, output: `plan-lint: ${missing}: cannot read the plan JSON (ENOENT); expected a readable file` });
  });

  test('exits 1 on an approvals entry without a reason', () => {
    const result = planLintFile(path.join(FIXTURES, 'drop-table.json'), path.join(FIXTURES, 'missing-reason.yml'));
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('$.approvals[1].reason: approval (snowflake_table.acme_raw-appointments_9D3F0B71) has no reason');
  });
});
