/** Stages, tables, streams and policies: every argument reaches the engine, on create and on change. */
import { AS, Applied, CONTAINERS, Resources, changed, count, freshAccount, noOp } from './stack';

interface Policies {
  readonly definitions: { readonly name: string; readonly body: string; readonly comment?: string; readonly exemptOtherPolicies?: boolean }[];
  readonly attachments: Record<string, { readonly masking: Record<string, string> }>;
}

describe('local applier: schema objects', () => {
  let local: Applied;
  beforeEach(async () => {
    local = await freshAccount();
  });
  afterEach(() => local.account.close());

  const where = { database: '${snowflake_database.db.name}', schema: '${snowflake_schema.s.name}' };

  describe('stage', () => {
    const base: Resources = { ...CONTAINERS, snowflake_stage: { landing: { ...where, name: 'LANDING', directory: 'ENABLE = true', comment: 'exports' } } };
    const stage = async () => (await local.rows('SHOW STAGES IN SCHEMA T.S'))[0]!;
    const fileFormat = async () => (await local.state<{ kind: string; fileFormat?: unknown }[]>('managed_objects')).find((o) => o.kind === 'STAGE')!.fileFormat;

    it('alters its comment and file format in place, sets removed ones empty, and then has nothing to do', async () => {
      await local.apply(base);
      const next = changed(base, 'snowflake_stage', 'landing', { comment: 'daily exports', file_format: 'TYPE = JSON' });
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_stage.landing'], statements: 1 });
      expect(await stage()).toMatchObject({ comment: 'daily exports', details: 'internal, directory enabled' });
      expect(await fileFormat()).toEqual({ TYPE: 'JSON' });
      expect(await local.apply(next)).toEqual(noOp(count(next)));

      const bare = changed(next, 'snowflake_stage', 'landing', { comment: undefined, file_format: undefined });
      expect(await local.apply(bare)).toMatchObject({ updated: ['local-test: snowflake_stage.landing'], statements: 1 });
      expect((await stage()).comment).toBe('');
      expect(await fileFormat()).toBeUndefined();
    });

    it('is replaced when its directory setting changes (ForceNew in the provider)', async () => {
      await local.apply(base);
      const next = changed(base, 'snowflake_stage', 'landing', { directory: 'ENABLE = false' });
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_stage.landing'], statements: 2 });
      expect((await stage()).details).toBe('internal');
      expect(await local.apply(next)).toEqual(noOp(count(next)));
    });
  });

  describe('table', () => {
    const policy = { ...where, name: 'MASK', argument: [{ name: 'VAL', type: 'VARCHAR' }], return_data_type: 'VARCHAR', body: "'***'" };
    const masked = { name: 'NAME', type: 'VARCHAR', masking_policy: '${snowflake_masking_policy.mask.fully_qualified_name}' };
    const base: Resources = {
      ...CONTAINERS,
      snowflake_masking_policy: { mask: policy },
      snowflake_table: { t: { ...where, name: 'PATIENTS', comment: 'one row per patient', column: [{ name: 'ID', type: 'VARCHAR' }, masked] } },
    };

    it('unsets a masking policy removed from a column', async () => {
      await local.apply(base);
      expect((await local.state<Policies>('policies')).attachments['T.S.PATIENTS']!.masking).toEqual({ NAME: 'T.S.MASK' });
      const next = changed(base, 'snowflake_table', 't', { column: [{ name: 'ID', type: 'VARCHAR' }, { name: 'NAME', type: 'VARCHAR' }] });
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_table.t'], statements: 1 });
      expect((await local.state<Policies>('policies')).attachments['T.S.PATIENTS']!.masking).toEqual({});
      expect(await local.apply(next)).toEqual(noOp(count(next)));
    });

    it('changes table properties and column comments in place, as the provider does; refuses cluster_by', async () => {
      await local.apply(base);
      const column = [{ name: 'ID', type: 'VARCHAR', comment: 'patient id' }, masked];
      const next = changed(base, 'snowflake_table', 't', { comment: 'patients', data_retention_time_in_days: 7, column });
      // ALTER TABLE ... ALTER COLUMN ID COMMENT, then ALTER TABLE ... SET COMMENT = ... DATA_RETENTION_TIME_IN_DAYS = 7.
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_table.t'], statements: 2 });
      expect(await local.apply(next)).toEqual(noOp(count(next)));
      // Removing the comment again is an UNSET; the table and its masking are untouched.
      const unset = changed(next, 'snowflake_table', 't', { comment: undefined });
      expect(await local.apply(unset)).toMatchObject({ updated: ['local-test: snowflake_table.t'], statements: 1 });
      await local.account.execute(local.account.systemSession('SYSADMIN'), "INSERT INTO T.S.PATIENTS VALUES ('p1', 'Garcia')");
      expect(await local.rows('SELECT ID, NAME FROM T.S.PATIENTS')).toEqual([{ ID: 'p1', NAME: '***' }]);
      expect(await local.failure(changed(unset, 'snowflake_table', 't', { cluster_by: ['ID'] }))).toContain(
        'local-test: snowflake_table.t: cannot change cluster_by from (unset) to ["ID"]: Snowflake changes it with ALTER TABLE ... CLUSTER BY, which the local engine does not run',
      );
    });
  });

  describe('policies', () => {
    const masking = { ...where, name: 'MASK', argument: [{ name: 'VAL', type: 'VARCHAR' }], return_data_type: 'VARCHAR', body: "CASE WHEN CURRENT_ROLE() = 'SYSADMIN' THEN VAL ELSE '***' END", comment: 'names', exempt_other_policies: 'true' };
    const base: Resources = {
      ...CONTAINERS,
      snowflake_masking_policy: { mask: masking },
      snowflake_row_access_policy: { rows: { ...where, name: 'ROWS', argument: [{ name: 'ID', type: 'VARCHAR' }], body: 'TRUE', comment: 'every row' } },
      snowflake_table: { t: { ...where, name: 'PATIENTS', column: [{ name: 'NAME', type: 'VARCHAR', masking_policy: '${snowflake_masking_policy.mask.fully_qualified_name}' }] } },
    };
    const definition = async (name: string) => (await local.state<Policies>('policies')).definitions.find((d) => d.name === name)!;

    it('creates a masking policy with its comment and EXEMPT_OTHER_POLICIES, and its body still masks', async () => {
      await local.apply(base);
      expect(await definition('MASK')).toMatchObject({ body: masking.body, comment: 'names', exemptOtherPolicies: true });
      expect(await definition('ROWS')).toMatchObject({ body: 'TRUE', comment: 'every row' });
      await local.account.execute(local.account.systemSession('SYSADMIN'), "INSERT INTO T.S.PATIENTS VALUES ('Garcia')");
      expect(await local.rows('SELECT NAME FROM T.S.PATIENTS')).toEqual([{ NAME: '***' }]);
    });

    it('re-creates a masking policy whose exempt_other_policies changes, and then has nothing to do', async () => {
      await local.apply(base);
      const next = changed(base, 'snowflake_masking_policy', 'mask', { exempt_other_policies: 'false', comment: 'patient names' });
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_masking_policy.mask'], statements: 1 });
      expect(await definition('MASK')).toMatchObject({ comment: 'patient names', exemptOtherPolicies: false });
      expect(await local.apply(next)).toEqual(noOp(count(next)));
    });
  });

  describe('a view and its row access attachment (replace_triggered_by)', () => {
    const view = (amount: string) => ({
      execute: `CREATE OR REPLACE VIEW T.S.V_SALES AS SELECT LOCATION_ID, ${amount} AS AMOUNT FROM T.S.SALES`,
      revert: 'DROP VIEW IF EXISTS T.S.V_SALES',
      depends_on: ['snowflake_execute.sales'],
    });
    const base: Resources = {
      ...CONTAINERS,
      snowflake_row_access_policy: { north: { ...where, name: 'NORTH_ONLY', argument: [{ name: 'LOCATION_ID', type: 'VARCHAR' }], body: "CURRENT_ROLE() <> 'SYSADMIN' OR LOCATION_ID = 'north'" } },
      snowflake_execute: {
        sales: { execute: "CREATE TABLE IF NOT EXISTS T.S.SALES AS SELECT * FROM VALUES ('north', 1), ('south', 2) AS v (LOCATION_ID, AMOUNT)", revert: 'SELECT 1', depends_on: ['snowflake_schema.s'] },
        view: view('AMOUNT'),
        rows: {
          execute: 'ALTER VIEW T.S.V_SALES ADD ROW ACCESS POLICY T.S.NORTH_ONLY ON (LOCATION_ID)',
          revert: 'ALTER VIEW T.S.V_SALES DROP ROW ACCESS POLICY T.S.NORTH_ONLY',
          depends_on: ['snowflake_execute.view', 'snowflake_row_access_policy.north'],
          lifecycle: { replace_triggered_by: ['snowflake_execute.view'] },
        },
      },
    };
    const seen = async () => (await local.account.execute(local.account.systemSession('SYSADMIN'), 'SELECT LOCATION_ID, AMOUNT FROM T.S.V_SALES ORDER BY 1')).rows;

    it('a changed view is created anew and its attachment runs again (detached from the old view first), so the policy holds', async () => {
      await local.apply(base);
      expect(await seen()).toEqual([['north', 1]]);
      const next = changed(base, 'snowflake_execute', 'view', view('AMOUNT * 10'));
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_execute.view', 'local-test: snowflake_execute.rows'] });
      expect(await seen()).toEqual([['north', 10]]);
      expect(await local.apply(next)).toEqual(noOp(count(next)));
    });

    it('without it, the replaced view would have no policy: the engine drops a view\'s policies with the view, as Snowflake does', async () => {
      const { lifecycle: _, ...rows } = base.snowflake_execute!.rows!;
      const plain = changed(base, 'snowflake_execute', 'rows', { ...rows, lifecycle: undefined });
      await local.apply(plain);
      await local.apply(changed(plain, 'snowflake_execute', 'view', view('AMOUNT * 10')));
      expect(await seen()).toEqual([['north', 10], ['south', 20]]);
    });
  });

  describe('stream', () => {
    const base: Resources = {
      ...CONTAINERS,
      snowflake_table: { t: { ...where, name: 'X', column: [{ name: 'ID', type: 'VARCHAR' }] } },
      snowflake_stream_on_table: { x: { ...where, name: 'X_STREAM', table: '${snowflake_table.t.fully_qualified_name}', append_only: 'true', copy_grants: true } },
      snowflake_account_role: { reader: { name: 'READER', provider: AS.securityadmin } },
      snowflake_grant_privileges_to_account_role: {
        read: { account_role_name: '${snowflake_account_role.reader.name}', privileges: ['SELECT'], on_schema_object: { object_type: 'STREAM', object_name: '${snowflake_stream_on_table.x.fully_qualified_name}' } },
      },
    };
    const streamGrants = async () => (await local.rows('SHOW GRANTS TO ROLE READER')).filter((g) => g.granted_on === 'STREAM').map((g) => [g.privilege, g.name]);

    it('keeps the grants of a re-created stream with copy_grants, and drops them without', async () => {
      await local.apply(base);
      expect(await streamGrants()).toEqual([['SELECT', 'T.S.X_STREAM']]);
      const kept = changed(base, 'snowflake_stream_on_table', 'x', { append_only: 'false' });
      expect(await local.apply(kept)).toMatchObject({ updated: ['local-test: snowflake_stream_on_table.x'], statements: 1 });
      expect(await streamGrants()).toEqual([['SELECT', 'T.S.X_STREAM']]);
      expect(await local.apply(kept)).toEqual(noOp(count(kept)));

      // copy_grants alone changes nothing in Snowflake: recorded only.
      const uncopied = changed(kept, 'snowflake_stream_on_table', 'x', { copy_grants: false });
      expect(await local.apply(uncopied)).toEqual(noOp(count(uncopied)));
      const lost = changed(uncopied, 'snowflake_stream_on_table', 'x', { append_only: 'true' });
      expect(await local.apply(lost)).toMatchObject({ updated: ['local-test: snowflake_stream_on_table.x'], statements: 2 });
      expect(await streamGrants()).toEqual([]);
    });
  });
});
