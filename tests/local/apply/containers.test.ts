/** Updates of databases, schemas and roles: the ALTER Snowflake runs, or an error saying why not. */
import { ApplyError } from '../../../local/apply/apply';
import { AS, Applied, CONTAINERS, Resources, changed, count, freshAccount, noOp } from './stack';

describe('local applier: databases, schemas and roles', () => {
  let local: Applied;
  beforeEach(async () => {
    local = await freshAccount();
  });
  afterEach(() => local.account.close());

  const database = async () => (await local.rows('SHOW DATABASES')).find((d) => d.name === 'T')!;
  const schemas = async (db = 'T') => (await local.rows(`SHOW SCHEMAS IN DATABASE ${db}`)).map((s) => [s.name, s.comment, s.options]);

  it('alters a database comment and retention in place, unsets a removed comment, and then has nothing to do', async () => {
    const base = changed(CONTAINERS, 'snowflake_database', 'db', { comment: 'one', data_retention_time_in_days: 1 });
    await local.apply(base);
    const next = changed(base, 'snowflake_database', 'db', { comment: 'two', data_retention_time_in_days: 7 });
    expect(await local.apply(next)).toMatchObject({ updated: [`local-test: snowflake_database.db`], statements: 1 });
    expect((await database()).comment).toBe('two');
    // Retention has no local meaning (no Time Travel), but the ALTER Snowflake would run did run.
    const history = await local.rows("SELECT QUERY_TEXT, EXECUTION_STATUS FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE QUERY_TEXT LIKE 'ALTER DATABASE%'");
    expect(history).toEqual([{ QUERY_TEXT: `ALTER DATABASE "T" SET DATA_RETENTION_TIME_IN_DAYS = 7 COMMENT = 'two'`, EXECUTION_STATUS: 'SUCCESS' }]);
    expect(await local.apply(next)).toEqual(noOp(count(next)));

    const uncommented = changed(next, 'snowflake_database', 'db', { comment: undefined });
    expect(await local.apply(uncommented)).toMatchObject({ updated: [`local-test: snowflake_database.db`], statements: 1 });
    expect((await database()).comment).toBe('');
    expect(await local.apply(uncommented)).toEqual(noOp(count(uncommented)));
  });

  it('records drop_public_schema_on_creation without running anything, as the provider ignores it after creation', async () => {
    await local.apply(CONTAINERS);
    const next = changed(CONTAINERS, 'snowflake_database', 'db', { drop_public_schema_on_creation: true });
    expect(await local.apply(next)).toEqual(noOp(count(next)));
    expect((await schemas()).map(([name]) => name)).toContain('PUBLIC');
  });

  it('refuses to rename a database, naming the resource, both names and the way out', async () => {
    await local.apply(CONTAINERS);
    const message = await local.failure(changed(CONTAINERS, 'snowflake_database', 'db', { name: 'U' }));
    expect(message).toContain('local-test: snowflake_database.db: cannot change name from "T" to "U": the provider renames a database in place (ALTER DATABASE ... RENAME TO)');
    expect(message).toContain('what a snowflake_database can change locally: in place: data_retention_time_in_days, comment; recorded only: drop_public_schema_on_creation');
    expect(message).toContain('revert the change, or rebuild the local account');
    expect((await database()).name).toBe('T');
  });

  it('alters a schema comment and managed access in place', async () => {
    const base = changed(CONTAINERS, 'snowflake_schema', 's', { with_managed_access: 'true', comment: 'raw files' });
    await local.apply(base);
    expect(await schemas()).toContainEqual(['S', 'raw files', 'MANAGED ACCESS']);
    const next = changed(base, 'snowflake_schema', 's', { with_managed_access: 'false', comment: 'landed files', data_retention_time_in_days: 3 });
    expect(await local.apply(next)).toMatchObject({ updated: [`local-test: snowflake_schema.s`], statements: 2 });
    expect(await schemas()).toContainEqual(['S', 'landed files', '']);
    expect(await local.apply(next)).toEqual(noOp(count(next)));
  });

  it('replaces a schema moved to another database, as the provider does (database is ForceNew)', async () => {
    const base: Resources = { ...CONTAINERS, snowflake_database: { db: { name: 'T' }, other: { name: 'U' } } };
    await local.apply(base);
    const next = changed(base, 'snowflake_schema', 's', { database: '${snowflake_database.other.name}' });
    expect(await local.apply(next)).toMatchObject({ updated: [`local-test: snowflake_schema.s`], statements: 2 });
    expect((await schemas('T')).map(([name]) => name)).not.toContain('S');
    expect((await schemas('U')).map(([name]) => name)).toContain('S');
    expect(await local.apply(next)).toEqual(noOp(count(next)));
  });

  it('refuses a replacement that lifecycle.prevent_destroy forbids', async () => {
    const base: Resources = { ...CONTAINERS, snowflake_database: { db: { name: 'T' }, other: { name: 'U' } } };
    const kept = changed(base, 'snowflake_schema', 's', { lifecycle: { prevent_destroy: true } });
    await local.apply(kept);
    const message = await local.failure(changed(kept, 'snowflake_schema', 's', { database: '${snowflake_database.other.name}' }));
    expect(message).toContain('local-test: snowflake_schema.s: changing database replaces it (destroy, then create), which its lifecycle.prevent_destroy forbids');
    expect((await schemas('T')).map(([name]) => name)).toContain('S');
  });

  it('refuses a role comment change it cannot make, and applies nothing until it is reverted', async () => {
    const base: Resources = { snowflake_account_role: { r: { name: 'R', comment: 'one', provider: AS.securityadmin } } };
    await local.apply(base);
    const next = changed(base, 'snowflake_account_role', 'r', { comment: 'two' });
    const message = await local.failure(next);
    expect(message).toContain('local-test: snowflake_account_role.r: cannot change comment from "one" to "two": Snowflake changes it with ALTER ROLE ... SET COMMENT');
    // Not recorded as applied: the next apply refuses again, and reverting is a no-op.
    await expect(local.apply(next)).rejects.toBeInstanceOf(ApplyError);
    expect((await local.rows('SHOW ROLES')).find((r) => r.name === 'R')!.comment).toBe('one');
    expect(await local.apply(base)).toEqual(noOp(1));
  });
});
