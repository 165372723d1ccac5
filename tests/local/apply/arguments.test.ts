/** Every argument is applied, recorded or refused by name: the handler table says which, and the applier holds to it. */
import { ApplyError } from '../../../local/apply/apply';
import { META_ARGUMENTS, RESOURCE_HANDLERS } from '../../../local/apply/resources';
import { Applied, CONTAINERS, Resources, changed, freshAccount, noOp } from './stack';

describe('local applier: arguments', () => {
  it('says, for every argument of every type, what a change to it does, once', () => {
    for (const [type, handler] of Object.entries(RESOURCE_HANDLERS)) {
      const { update = [], replace = [], record = [], refused = {} } = handler.changes;
      const listed = [...update, ...replace, ...record, ...Object.keys(refused)];
      expect([type, listed.filter((a) => !handler.arguments.includes(a))]).toEqual([type, []]);
      expect([type, listed.filter((a, i) => listed.indexOf(a) !== i)]).toEqual([type, []]);
      expect([type, update.length > 0]).toEqual([type, handler.update !== undefined]);
      expect([type, handler.arguments.filter((a) => (META_ARGUMENTS as readonly string[]).includes(a))]).toEqual([type, []]);
    }
  });

  describe('applied to an account', () => {
    let local: Applied;
    beforeEach(async () => {
      local = await freshAccount();
    });
    afterEach(() => local.account.close());

    it('refuses an argument or a block key it would not apply, with its value, before running anything', async () => {
      const resources: Resources = {
        ...changed(CONTAINERS, 'snowflake_database', 'db', { lifecycle: { ignore_changes: ['comment'] } }),
        snowflake_execute: { e: { execute: 'SELECT 1', revert: 'SELECT 1', query: 'SELECT 2' } },
        snowflake_table: { t: { database: 'T', schema: 'S', name: 'X', column: [{ name: 'ID', type: 'NUMBER', default: [{ constant: '0' }] }] } },
      };
      const error = await local.apply(resources).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplyError);
      const message = (error as Error).message;
      expect(message).toContain('local-test: snowflake_execute.e: argument query is not supported by the local applier for snowflake_execute (supported: execute, revert); its value "SELECT 2" would be ignored');
      expect(message).toContain(
        'local-test: snowflake_table.t: column.default is not supported by the local applier for snowflake_table (supported in column: name, type, nullable, comment, masking_policy); its value [{"constant":"0"}] would be ignored',
      );
      expect(message).toContain('local-test: snowflake_database.db: lifecycle.ignore_changes is not supported by the local applier for snowflake_database (supported in lifecycle: prevent_destroy, replace_triggered_by)');
      expect((await local.rows('SHOW DATABASES')).map((d) => d.name)).toEqual(['SNOWFLAKE']);
    });

    it('records a lifecycle.prevent_destroy added to an applied resource, and then refuses to destroy it', async () => {
      await local.apply(CONTAINERS);
      const kept = changed(CONTAINERS, 'snowflake_schema', 's', { lifecycle: { prevent_destroy: true } });
      expect(await local.apply(kept)).toEqual(noOp(2));
      const { snowflake_schema: _schema, ...withoutSchema } = kept;
      expect(await local.apply(withoutSchema).catch((e: Error) => e.message)).toContain('refusing to destroy 1 protected resource(s) (lifecycle.prevent_destroy): local-test: snowflake_schema.s');
    });

    it('records a new revert of an execute resource, and replaces it (revert, then execute) when its text changes', async () => {
      const base: Resources = { ...CONTAINERS, snowflake_execute: { e: { execute: 'CREATE TABLE T.S.A (ID NUMBER)', revert: 'DROP TABLE T.S.A', depends_on: ['snowflake_schema.s'] } } };
      await local.apply(base);
      const reverted = changed(base, 'snowflake_execute', 'e', { revert: 'DROP TABLE IF EXISTS T.S.A' });
      expect(await local.apply(reverted)).toEqual(noOp(3));
      const next = changed(reverted, 'snowflake_execute', 'e', { execute: 'CREATE TABLE T.S.B (ID NUMBER)' });
      expect(await local.apply(next)).toMatchObject({ updated: ['local-test: snowflake_execute.e'], statements: 2 });
      expect((await local.rows('SHOW TABLES IN SCHEMA T.S')).map((t) => t.name)).toEqual(['B']);
    });
  });
});
