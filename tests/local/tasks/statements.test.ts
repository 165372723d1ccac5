import { SnowflakeError, UnsupportedSqlError } from '../../../local/engine/errors';
import { CronSchedule } from '../../../local/tasks/schedule';
import { isTaskStatement, parseTaskStatement, ShowTasksStatement, TaskStatement } from '../../../local/tasks/statements';
import { CONTEXT, createStatement } from './fakes';

const parse = (sql: string): TaskStatement => parseTaskStatement(sql, CONTEXT);

describe('CREATE TASK', () => {
  test('reads every property the Terraform provider writes, with quoted three-part names', () => {
    const statement = createStatement(
      `CREATE OR REPLACE TASK "DEV_ACME"."STAGING"."load_patients" WAREHOUSE = "DEV_ACME_WH" SCHEDULE = '5 MINUTE'
       CONFIG = ${'$${"env": "dev"}$$'} ALLOW_OVERLAPPING_EXECUTION = true QUERY_TAG = 'pipeline' TIMEZONE = 'UTC'
       USER_TASK_TIMEOUT_MS = 600000 SUSPEND_TASK_AFTER_NUM_FAILURES = 3 ERROR_INTEGRATION = "ALERTS"
       COMMENT = 'loads patients' TASK_AUTO_RETRY_ATTEMPTS = 2 USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS = 60
       AS INSERT INTO t SELECT 1;`,
    );
    expect(statement).toMatchObject({
      orReplace: true,
      orAlter: false,
      ifNotExists: false,
      name: { database: 'DEV_ACME', schema: 'STAGING', name: 'load_patients' },
      after: [],
      body: 'INSERT INTO t SELECT 1',
      properties: {
        warehouse: 'DEV_ACME_WH',
        schedule: { kind: 'interval', seconds: 300, text: '5 MINUTE' },
        config: '{"env": "dev"}',
        allowOverlappingExecution: true,
        sessionParameters: { QUERY_TAG: 'pipeline', TIMEZONE: 'UTC' },
        userTaskTimeoutMs: 600000,
        suspendTaskAfterNumFailures: 3,
        errorIntegration: 'ALERTS',
        comment: 'loads patients',
        taskAutoRetryAttempts: 2,
        userTaskMinimumTriggerIntervalInSeconds: 60,
      },
    });
    expect(statement.when).toBeUndefined();
  });

  test('reads a serverless child with AFTER, WHEN and a tag, and a finalizer', () => {
    const child = createStatement(
      `CREATE TASK IF NOT EXISTS child USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL' TAG (governance.tags.owner = 'data')
       AFTER root, other.sibling WHEN SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM') AS SELECT 1`,
    );
    expect(child).toMatchObject({
      ifNotExists: true,
      properties: { userTaskManagedInitialWarehouseSize: 'XSMALL', tags: { 'GOVERNANCE.TAGS.OWNER': 'data' } },
      after: [
        { database: 'DB', schema: 'S', name: 'ROOT' },
        { database: 'DB', schema: 'OTHER', name: 'SIBLING' },
      ],
      when: "SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM')",
    });
    const finalizer = createStatement('CREATE OR ALTER TASK cleanup FINALIZE = "DB"."S"."ROOT" AS CALL cleanup()');
    expect(finalizer).toMatchObject({ orAlter: true, properties: { finalize: { database: 'DB', schema: 'S', name: 'ROOT' } } });
  });

  test.each([
    ['t', { database: 'DB', schema: 'S', name: 'T' }],
    ['marts.t', { database: 'DB', schema: 'MARTS', name: 'T' }],
    ['other.marts.t', { database: 'OTHER', schema: 'MARTS', name: 'T' }],
    ['"My Task"', { database: 'DB', schema: 'S', name: 'My Task' }],
    ['"db"."s"."t"', { database: 'db', schema: 's', name: 't' }],
    ['Db.s."Mixed"', { database: 'DB', schema: 'S', name: 'Mixed' }],
  ])('resolves the name %s with Snowflake identifier rules', (name, expected) => {
    expect(createStatement(`CREATE TASK ${name} AS SELECT 1`).name).toEqual(expected);
  });

  test('needs a current database and schema for short names', () => {
    expect(() => parseTaskStatement('CREATE TASK t AS SELECT 1', { database: 'DB' })).toThrow(/does not have a current schema/);
    expect(() => parseTaskStatement('CREATE TASK s.t AS SELECT 1', {})).toThrow(/does not have a current database/);
  });

  test('keeps the WHEN expression and the AS body exactly as written', () => {
    const sql =
      "CREATE TASK t AFTER r WHEN SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM')  AND CAST(x AS INT) > 0\n" +
      "AS MERGE INTO m USING (SELECT ';' AS s, 'it''s; AS' AS q) src ON TRUE -- keep; this\n" +
      "  WHEN MATCHED THEN UPDATE SET v = $$a;b 'c' AS$$ ;  ";
    const statement = createStatement(sql);
    expect(statement.when).toBe("SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM')  AND CAST(x AS INT) > 0");
    expect(statement.body).toBe(
      "MERGE INTO m USING (SELECT ';' AS s, 'it''s; AS' AS q) src ON TRUE -- keep; this\n  WHEN MATCHED THEN UPDATE SET v = $$a;b 'c' AS$$",
    );
  });

  test.each([
    [
      "SCHEDULE = 'USING CRON 0 6 * * 1-5 America/Chicago'",
      { kind: 'cron', expression: '0 6 * * 1-5', timeZone: 'America/Chicago' },
    ],
    ["SCHEDULE = '1 HOUR'", { kind: 'interval', seconds: 3600 }],
    ["SCHEDULE = '90 SECONDS'", { kind: 'interval', seconds: 90 }],
  ])('reads %s', (property, expected) => {
    expect(createStatement(`CREATE TASK t ${property} AS SELECT 1`).properties.schedule).toMatchObject(expected);
  });

  test('the cron schedule keeps its parsed fields', () => {
    const schedule = createStatement("CREATE TASK t SCHEDULE = 'USING CRON */15 9-17 * JAN,JUL MON-FRI UTC' AS SELECT 1")
      .properties.schedule as CronSchedule;
    expect([...schedule.minute.values]).toEqual([0, 15, 30, 45]);
    expect([...schedule.hour.values]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...schedule.month.values]).toEqual([1, 7]);
    expect([...schedule.dayOfWeek.values]).toEqual([1, 2, 3, 4, 5]);
  });

  test.each([
    [
      'an unknown property, listing the supported ones',
      'CREATE TASK t WAREHOUS = wh AS SELECT 1',
      /invalid property 'WAREHOUS' for 'TASK' at line 1:15\. Supported properties: WAREHOUSE, .*SCHEDULE.*; session parameters: .*QUERY_TAG/,
    ],
    ['a repeated property', "CREATE TASK t COMMENT = 'a' COMMENT = 'b' AS SELECT 1", /property COMMENT is given more than once/],
    [
      'a warehouse with a serverless size',
      "CREATE TASK t WAREHOUSE = wh USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'SMALL' AS SELECT 1",
      /cannot both be set/,
    ],
    [
      'a bad warehouse size',
      "CREATE TASK t USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'HUGE' AS SELECT 1",
      /invalid value 'HUGE'.*allowed: XSMALL/,
    ],
    [
      'a non-boolean',
      'CREATE TASK t ALLOW_OVERLAPPING_EXECUTION = 1 AS SELECT 1',
      /expected TRUE or FALSE for ALLOW_OVERLAPPING_EXECUTION/,
    ],
    [
      'too many retries',
      'CREATE TASK t TASK_AUTO_RETRY_ATTEMPTS = 31 AS SELECT 1',
      /TASK_AUTO_RETRY_ATTEMPTS: expected an integer from 0 to 30/,
    ],
    ['config that is not JSON', "CREATE TASK t CONFIG = '{env: dev}' AS SELECT 1", /CONFIG must be a JSON object/],
    [
      'an unknown schedule unit',
      "CREATE TASK t SCHEDULE = '5 FORTNIGHTS' AS SELECT 1",
      /invalid value '5 FORTNIGHTS' for property SCHEDULE/,
    ],
    ['a missing AS', 'CREATE TASK t AFTER r', /expected 'AS'/],
    ['an empty body', 'CREATE TASK t AS ;', /AS needs SQL after it/],
    ['an empty WHEN', 'CREATE TASK t WHEN AS SELECT 1', /WHEN needs an expression/],
    ['a four-part name', 'CREATE TASK a.b.c.d AS SELECT 1', /at most three parts/],
    ['IF NOT EXISTS with OR REPLACE', 'CREATE OR REPLACE TASK IF NOT EXISTS t AS SELECT 1', /cannot be combined/],
  ])('rejects %s', (_what, sql, message) => {
    const error = (() => {
      try {
        parse(sql);
      } catch (caught) {
        return caught;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(SnowflakeError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('ALTER, DROP, EXECUTE, DESCRIBE and SHOW', () => {
  const t = { database: 'DB', schema: 'S', name: 'T' };
  test.each<[string, unknown]>([
    ['ALTER TASK t RESUME', { kind: 'resume' }],
    ['ALTER TASK t SUSPEND;', { kind: 'suspend' }],
    [
      "ALTER TASK t SET WAREHOUSE = wh SCHEDULE = '10 MINUTE' COMMENT = 'x' QUERY_TAG = 'q'",
      {
        kind: 'set',
        properties: { warehouse: 'WH', schedule: { seconds: 600 }, comment: 'x', sessionParameters: { QUERY_TAG: 'q' } },
      },
    ],
    ['ALTER TASK t UNSET WAREHOUSE, SCHEDULE, QUERY_TAG', { kind: 'unset', names: ['WAREHOUSE', 'SCHEDULE', 'QUERY_TAG'] }],
    [
      'ALTER TASK t ADD AFTER a, "b"',
      {
        kind: 'addAfter',
        tasks: [
          { ...t, name: 'A' },
          { ...t, name: 'b' },
        ],
      },
    ],
    ['ALTER TASK t REMOVE AFTER a', { kind: 'removeAfter', tasks: [{ ...t, name: 'A' }] }],
    ['ALTER TASK t SET FINALIZE = root', { kind: 'setFinalize', root: { ...t, name: 'ROOT' } }],
    ['ALTER TASK t UNSET FINALIZE', { kind: 'unsetFinalize' }],
    ["ALTER TASK t MODIFY AS SELECT ';'", { kind: 'modifyAs', body: "SELECT ';'" }],
    ["ALTER TASK t MODIFY WHEN SYSTEM$STREAM_HAS_DATA('S')", { kind: 'modifyWhen', when: "SYSTEM$STREAM_HAS_DATA('S')" }],
    ['ALTER TASK t REMOVE WHEN', { kind: 'removeWhen' }],
    ["ALTER TASK t SET TAG gov.t.owner = 'x'", { kind: 'setTags', tags: { 'GOV.T.OWNER': 'x' } }],
    ['ALTER TASK t UNSET TAG gov.t.owner', { kind: 'unsetTags', names: ['GOV.T.OWNER'] }],
  ])('%s', (sql, action) => {
    expect(parse(sql)).toMatchObject({ kind: 'alter', ifExists: false, name: t, action });
  });

  test.each<[string, unknown]>([
    ['ALTER TASK IF EXISTS t RESUME', { kind: 'alter', ifExists: true, name: t }],
    ['DROP TASK t', { kind: 'drop', ifExists: false, name: t }],
    ['DROP TASK IF EXISTS x.t', { kind: 'drop', ifExists: true, name: { ...t, schema: 'X' } }],
    ['EXECUTE TASK t', { kind: 'execute', name: t }],
    ['DESC TASK t', { kind: 'describe', name: t }],
    ['DESCRIBE TASK t', { kind: 'describe', name: t }],
    ['SHOW TASKS', { kind: 'show', terse: false, rootOnly: false }],
    [
      "SHOW TERSE TASKS LIKE 'load%' IN DATABASE dev_acme STARTS WITH 'LOAD' ROOT ONLY LIMIT 5 FROM 'LOAD_A'",
      {
        terse: true,
        like: 'load%',
        scope: { database: 'DEV_ACME' },
        startsWith: 'LOAD',
        rootOnly: true,
        limit: 5,
        limitFrom: 'LOAD_A',
      },
    ],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toMatchObject(expected as object);
  });

  // Without IN, every SHOW of schema objects lists the current database, or the account without one.
  test.each([
    ['SHOW TASKS', CONTEXT, { database: 'DB' }],
    ['SHOW TASKS', {}, undefined],
    ['SHOW TASKS IN SCHEMA dev_acme.staging', CONTEXT, { database: 'DEV_ACME', schema: 'STAGING' }],
    ['SHOW TASKS IN SCHEMA staging', CONTEXT, { database: 'DB', schema: 'STAGING' }],
    ['SHOW TASKS IN SCHEMA', CONTEXT, { database: 'DB', schema: 'S' }],
    ['SHOW TASKS IN DATABASE', CONTEXT, { database: 'DB' }],
    ['SHOW TASKS IN DATABASE ROOT ONLY', CONTEXT, { database: 'DB' }],
    ['SHOW TASKS IN SCHEMA LIMIT 3', CONTEXT, { database: 'DB', schema: 'S' }],
    ['SHOW TASKS IN ACCOUNT', CONTEXT, undefined],
    // The SHOW TASKS reference: a bare name is a schema; IN SCHEMA with no schema in use is the database, or the account.
    ['SHOW TASKS IN staging', CONTEXT, { database: 'DB', schema: 'STAGING' }],
    ["SHOW TASKS LIKE 'line%' IN tpch.public", CONTEXT, { database: 'TPCH', schema: 'PUBLIC' }],
    ['SHOW TASKS IN SCHEMA', { database: 'DB' }, { database: 'DB' }],
    ['SHOW TASKS IN SCHEMA', {}, undefined],
    ['SHOW TASKS IN DATABASE', {}, undefined],
  ])('%s in %j looks in %j', (sql, context, scope) => {
    expect((parseTaskStatement(sql, context) as ShowTasksStatement).scope).toEqual(scope);
  });

  test('an unqualified schema with no database in use is the error the reference gives', () => {
    expect(() => parseTaskStatement('SHOW TASKS IN staging', {})).toThrow(expect.objectContaining({ code: '002003', message: 'SQL compilation error: Object does not exist, or operation cannot be performed.' }));
  });

  test.each([
    [
      'an unknown ALTER action',
      'ALTER TASK t RENAME TO u',
      /unexpected 'RENAME': not an ALTER TASK action\. Supported actions: RESUME, SUSPEND/,
    ],
    ['an unknown UNSET property', 'ALTER TASK t UNSET COLOR', /invalid property 'COLOR'/],
    ['FINALIZE among SET pairs', "ALTER TASK t SET COMMENT = 'x' FINALIZE = r", /invalid property 'FINALIZE'/],
    ['text after DROP', 'DROP TASK t CASCADE', /unexpected 'CASCADE': expected the end of the statement/],
  ])('rejects %s', (_what, sql, message) => {
    expect(() => parse(sql)).toThrow(message);
  });

  test('EXECUTE TASK ... RETRY LAST is reported as unsupported, with its position', () => {
    expect(() => parse('EXECUTE TASK t RETRY LAST')).toThrow(UnsupportedSqlError);
    expect(() => parse('EXECUTE TASK t RETRY LAST')).toThrow(/RETRY LAST' at line 1:16/);
  });

  test.each([
    ['CREATE TASK t AS SELECT 1', true],
    ['create or replace task t as select 1', true],
    ['CREATE OR ALTER TASK t AS SELECT 1', true],
    ['show terse tasks', true],
    ['DESC TASK t', true],
    ['EXECUTE TASK t', true],
    ['CREATE TABLE task (x INT)', false],
    ['SELECT * FROM tasks', false],
    ['EXECUTE IMMEDIATE $$SELECT 1$$', false],
  ])('isTaskStatement(%s) = %s', (sql, expected) => {
    expect(isTaskStatement(sql)).toBe(expected);
  });
});
