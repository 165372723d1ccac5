import { SnowflakeError } from '../../../local/engine/errors';
import { TaskRegistry } from '../../../local/tasks/graph';
import { parseTaskStatement, ShowTasksStatement } from '../../../local/tasks/statements';
import { CONTEXT, createStatement, define, OWNER, T0 } from './fakes';

const name = (task: string) => ({ database: 'DB', schema: 'S', name: task });

/** A → B, A → C, B,C → D, finalizer F; created children-last but in reverse name order. */
function diamond(registry = new TaskRegistry({ now: () => T0 })): TaskRegistry {
  define(
    registry,
    "CREATE TASK a SCHEDULE = '5 MINUTE' AS SELECT 'a'",
    "CREATE TASK c AFTER a AS SELECT 'c'",
    "CREATE TASK b AFTER a AS SELECT 'b'",
    "CREATE TASK d AFTER c, b AS SELECT 'd'",
    "CREATE TASK f FINALIZE = a AS SELECT 'f'",
  );
  return registry;
}

function errorOf(action: () => unknown): SnowflakeError {
  try {
    action();
  } catch (error) {
    if (error instanceof SnowflakeError) return error;
    throw error;
  }
  throw new Error('expected a SnowflakeError');
}

describe('task definitions', () => {
  test('CREATE TASK records Snowflake defaults: suspended, serverless, 10 failures, no retries, owned by the role', () => {
    const registry = new TaskRegistry({ now: () => T0 });
    define(registry, "CREATE TASK a SCHEDULE = '5 MINUTE' AS SELECT 1");
    expect(registry.require(name('A'))).toMatchObject({
      database: 'DB',
      schema: 'S',
      name: 'A',
      owner: OWNER,
      serverless: true,
      after: [],
      body: 'SELECT 1',
      suspendAfterFailures: 10,
      retryAttempts: 0,
      allowOverlappingExecution: false,
      userTaskTimeoutMs: 3_600_000,
      state: 'suspended',
      createdOn: T0,
    });
  });

  test('ALTER SET and UNSET change properties; a warehouse makes the task warehouse-bound and back', () => {
    const registry = new TaskRegistry();
    define(
      registry,
      'CREATE TASK a AS SELECT 1',
      "ALTER TASK a SET WAREHOUSE = wh SUSPEND_TASK_AFTER_NUM_FAILURES = 3 TASK_AUTO_RETRY_ATTEMPTS = 2 QUERY_TAG = 'x'",
    );
    expect(registry.require(name('A'))).toMatchObject({
      warehouse: 'WH',
      serverless: false,
      suspendAfterFailures: 3,
      retryAttempts: 2,
      sessionParameters: { QUERY_TAG: 'x' },
    });
    define(
      registry,
      'ALTER TASK a UNSET WAREHOUSE, SUSPEND_TASK_AFTER_NUM_FAILURES, QUERY_TAG',
      'ALTER TASK a MODIFY AS SELECT 2',
      'ALTER TASK a MODIFY WHEN 1 = 1',
    );
    const task = registry.require(name('A'));
    expect(task).toMatchObject({
      serverless: true,
      suspendAfterFailures: 10,
      retryAttempts: 2,
      sessionParameters: {},
      body: 'SELECT 2',
      when: '1 = 1',
    });
    expect(task.warehouse).toBeUndefined();
    define(registry, 'ALTER TASK a REMOVE WHEN');
    expect(registry.require(name('A')).when).toBeUndefined();
  });

  test('IF NOT EXISTS keeps the existing task; OR REPLACE starts suspended again; OR ALTER keeps the state', () => {
    const registry = new TaskRegistry();
    define(registry, 'CREATE TASK a AS SELECT 1', 'ALTER TASK a RESUME');
    const id = registry.require(name('A')).id;
    define(registry, 'CREATE TASK IF NOT EXISTS a AS SELECT 2');
    expect(registry.require(name('A'))).toMatchObject({ body: 'SELECT 1', state: 'started' });
    define(registry, 'CREATE OR ALTER TASK a AS SELECT 3');
    expect(registry.require(name('A'))).toMatchObject({ body: 'SELECT 3', state: 'started', id });
    define(registry, 'CREATE OR REPLACE TASK a AS SELECT 4');
    expect(registry.require(name('A'))).toMatchObject({ body: 'SELECT 4', state: 'suspended' });
    expect(registry.require(name('A')).id).not.toBe(id);
    expect(() => define(registry, 'CREATE TASK a AS SELECT 5')).toThrow("Object 'DB.S.A' already exists.");
  });

  test.each<[string, string[], RegExp, string?]>([
    [
      'a cycle',
      [
        'CREATE TASK a AS SELECT 1',
        'CREATE TASK b AFTER a AS SELECT 1',
        'CREATE TASK c AFTER b AS SELECT 1',
        'ALTER TASK b ADD AFTER c',
      ],
      /AFTER would create a cycle: DB\.S\.B -> DB\.S\.C -> DB\.S\.B/,
    ],
    ['a task after itself', ['CREATE TASK a AS SELECT 1', 'ALTER TASK a ADD AFTER a'], /lists itself in AFTER/],
    [
      'a missing predecessor',
      ['CREATE TASK b AFTER nope AS SELECT 1'],
      /Object 'DB\.S\.NOPE' does not exist or not authorized/,
      '002003',
    ],
    [
      'a predecessor in another schema',
      ['CREATE TASK o.x.a AS SELECT 1', 'CREATE TASK b AFTER o.x.a AS SELECT 1'],
      /Task DB\.S\.B: predecessor O\.X\.A is in schema O\.X, not DB\.S\. All tasks of a graph live in one database and schema/,
    ],
    [
      'a child with a schedule',
      ['CREATE TASK a AS SELECT 1', "CREATE TASK b SCHEDULE = '5 MINUTE' AFTER a AS SELECT 1"],
      /a child task \(AFTER DB\.S\.A\) cannot have a SCHEDULE \('5 MINUTE'\)\. Only the root task is scheduled/,
    ],
    [
      'a second finalizer',
      ['CREATE TASK a AS SELECT 1', 'CREATE TASK f FINALIZE = a AS SELECT 1', 'CREATE TASK g FINALIZE = a AS SELECT 1'],
      /root DB\.S\.A already has the finalizer DB\.S\.F\. A root has one finalizer/,
    ],
    [
      'a finalizer with AFTER',
      ['CREATE TASK a AS SELECT 1', 'CREATE TASK f FINALIZE = a AFTER a AS SELECT 1'],
      /a finalizer \(FINALIZE = DB\.S\.A\) cannot have AFTER/,
    ],
    [
      'a finalizer of a child',
      ['CREATE TASK a AS SELECT 1', 'CREATE TASK b AFTER a AS SELECT 1', 'CREATE TASK f FINALIZE = b AS SELECT 1'],
      /FINALIZE = DB\.S\.B is not a root task/,
    ],
    [
      'a child of a finalizer',
      ['CREATE TASK a AS SELECT 1', 'CREATE TASK f FINALIZE = a AS SELECT 1', 'CREATE TASK b AFTER f AS SELECT 1'],
      /predecessor DB\.S\.F is a finalizer/,
    ],
    [
      'a root with a finalizer becoming a child',
      [
        'CREATE TASK a AS SELECT 1',
        'CREATE TASK f FINALIZE = a AS SELECT 1',
        'CREATE TASK z AS SELECT 1',
        'ALTER TASK a ADD AFTER z',
      ],
      /has the finalizer DB\.S\.F, so it must stay a root task/,
    ],
    [
      'predecessors of two graphs',
      ['CREATE TASK a AS SELECT 1', 'CREATE TASK z AS SELECT 1', 'CREATE TASK b AFTER a, z AS SELECT 1'],
      /predecessors belong to different root tasks \(DB\.S\.A, DB\.S\.Z\)/,
    ],
    [
      'removing a predecessor it does not have',
      ['CREATE TASK a AS SELECT 1', 'CREATE TASK b AS SELECT 1', 'ALTER TASK b REMOVE AFTER a'],
      /DB\.S\.A is not a predecessor\. Its predecessors are: none/,
    ],
  ])('rejects %s', (_what, statements, message, code = '091000') => {
    const registry = new TaskRegistry();
    const last = statements[statements.length - 1];
    define(registry, ...statements.slice(0, -1));
    const error = errorOf(() => define(registry, last));
    expect(error.message).toMatch(message);
    expect(error.code).toBe(code);
  });

  test('rejects more than 100 predecessors and predecessors with another owner', () => {
    const registry = new TaskRegistry();
    const many = Array.from({ length: 101 }, (_, i) => `p${i}`);
    define(registry, 'CREATE TASK r AS SELECT 1', ...many.map((p) => `CREATE TASK ${p} AFTER r AS SELECT 1`));
    expect(() => define(registry, `CREATE TASK x AFTER ${many.join(', ')} AS SELECT 1`)).toThrow(
      /has 101 predecessors\. Snowflake allows at most 100/,
    );
    registry.create(createStatement('CREATE TASK other AS SELECT 1'), { role: 'SOMEONE_ELSE' });
    expect(() => define(registry, 'CREATE TASK y AFTER other AS SELECT 1')).toThrow(
      /owned by SOMEONE_ELSE, this task by DEV_ACME_ENGINEER\. All tasks of a graph must have the same owner/,
    );
  });

  test('SYSTEM$PREDECESSORS_STATE: an unknown condition, a call without one, or one on a task without predecessors is refused', () => {
    const registry = new TaskRegistry();
    define(registry, 'CREATE TASK r AS SELECT 1');
    expect(() => define(registry, "CREATE TASK x AFTER r WHEN SYSTEM$PREDECESSORS_STATE('NONE_FAIL') AS SELECT 1")).toThrow(
      "invalid SYSTEM$PREDECESSORS_STATE in the WHEN of task DB.S.X: 'NONE_FAIL': unknown condition. Allowed: 'ALL_SUCCEEDED', 'ALL_FAILED', 'ALL_DONE', 'ALL_SKIPPED', 'AT_LEAST_ONE_FAILED', 'AT_LEAST_ONE_SUCCEEDED', 'NONE_FAILED', 'NONE_FAILED_MIN_ONE_SUCCEEDED', 'NONE_SKIPPED'.",
    );
    expect(() => define(registry, 'CREATE TASK x AFTER r WHEN SYSTEM$PREDECESSORS_STATE(NONE_FAILED) AS SELECT 1')).toThrow(
      'its argument must be one condition name in single quotes',
    );
    expect(() => define(registry, "CREATE TASK x WHEN SYSTEM$PREDECESSORS_STATE('ALL_DONE') AS SELECT 1")).toThrow(
      'Task DB.S.X: its WHEN calls SYSTEM$PREDECESSORS_STATE but it has no predecessors. Only a child task (AFTER ...) can test its predecessors; add AFTER or remove the call.',
    );
    define(registry, "CREATE TASK y AFTER r WHEN SYSTEM$PREDECESSORS_STATE('ALL_DONE') AS SELECT 1");
    expect(() => define(registry, 'ALTER TASK y REMOVE AFTER r')).toThrow('has no predecessors');
    expect(() => define(registry, "ALTER TASK y MODIFY WHEN SYSTEM$PREDECESSORS_STATE('SOME')")).toThrow("'SOME': unknown condition");
  });

  test('a graph with a started root cannot change until the root is suspended (091041)', () => {
    const registry = diamond();
    define(registry, 'ALTER TASK b RESUME', 'ALTER TASK a RESUME');
    const attempts = [
      'CREATE TASK e AFTER d AS SELECT 1',
      "ALTER TASK b SET COMMENT = 'x'",
      'ALTER TASK c RESUME',
      'ALTER TASK f MODIFY AS SELECT 2',
      'DROP TASK d',
    ];
    for (const sql of attempts) {
      const error = errorOf(() => define(registry, sql));
      expect(error.code).toBe('091041');
      expect(error.message).toMatch(
        /Unable to update graph with root task DB\.S\.A since that root task is not suspended .* Run ALTER TASK DB\.S\.A SUSPEND first/,
      );
    }
    // The root's own properties and suspending a child stay allowed, as in Snowflake.
    define(registry, "ALTER TASK a SET SCHEDULE = '10 MINUTE'", 'ALTER TASK b SUSPEND');
    define(registry, 'ALTER TASK a SUSPEND', ...attempts);
    expect(registry.get(name('D'))).toBeUndefined();
  });
});

describe('graph queries', () => {
  test('the diamond runs root first, then by dependencies with ties broken by name', () => {
    const registry = diamond();
    expect(registry.graphOf(name('A')).map((t) => t.name)).toEqual(['A', 'B', 'C', 'D']);
    expect(registry.finalizerOf(name('A'))?.name).toBe('F');
    expect(['A', 'B', 'D', 'F'].map((task) => registry.rootOf(name(task)).name)).toEqual(['A', 'A', 'A', 'A']);
    expect(registry.childrenOf(name('A')).map((t) => t.name)).toEqual(['B', 'C']);
    expect(() => registry.graphOf(name('D'))).toThrow('Task DB.S.D: is not a root task. Use its root DB.S.A instead.');
  });

  test('DROP removes the task from its dependents and frees its finalizer', () => {
    const registry = diamond();
    define(registry, 'DROP TASK b', 'DROP TASK a');
    expect(registry.require(name('D')).after.map((t) => t.name)).toEqual(['C']);
    expect(registry.require(name('C')).after).toEqual([]);
    expect(registry.require(name('F')).finalize).toBeUndefined();
    expect(registry.graphOf(name('C')).map((t) => t.name)).toEqual(['C', 'D']);
    expect(() => define(registry, 'DROP TASK a')).toThrow("Object 'DB.S.A' does not exist or not authorized.");
    define(registry, 'DROP TASK IF EXISTS a');
  });

  const show = (registry: TaskRegistry, sql: string) => registry.show(parseTaskStatement(sql, CONTEXT) as ShowTasksStatement);

  test('SHOW TASKS lists Snowflake columns, predecessors and task relations', () => {
    const registry = diamond();
    const [d] = show(registry, "SHOW TASKS LIKE 'd'");
    expect(d).toMatchObject({
      name: 'D',
      database_name: 'DB',
      schema_name: 'S',
      owner: OWNER,
      state: 'suspended',
      definition: "SELECT 'd'",
      schedule: null,
      warehouse: null,
      owner_role_type: 'ROLE',
      allow_overlapping_execution: 'false',
      predecessors: '["\\"DB\\".\\"S\\".\\"C\\"","\\"DB\\".\\"S\\".\\"B\\""]',
    });
    expect(JSON.parse(show(registry, "SHOW TASKS LIKE 'A'")[0].task_relations as string)).toEqual({
      Predecessors: [],
      FinalizerTask: '"DB"."S"."F"',
    });
    expect(JSON.parse(show(registry, "SHOW TASKS LIKE 'F'")[0].task_relations as string)).toEqual({
      Predecessors: [],
      FinalizedRootTask: '"DB"."S"."A"',
    });
  });

  test.each([
    ['SHOW TASKS', ['A', 'B', 'C', 'D', 'F']],
    ['SHOW TASKS ROOT ONLY', ['A', 'F']],
    ["SHOW TASKS LIKE '_'", ['A', 'B', 'C', 'D', 'F']],
    ["SHOW TASKS STARTS WITH 'C'", ['C']],
    ["SHOW TASKS LIMIT 2 FROM 'B'", ['C', 'D']],
    ['SHOW TASKS IN SCHEMA db.other', []],
    ['SHOW TASKS IN DATABASE db', ['A', 'B', 'C', 'D', 'F']],
  ])('%s', (sql, names) => {
    expect(show(diamond(), sql).map((row) => row.name)).toEqual(names);
  });

  test('SHOW TERSE TASKS and DESCRIBE TASK', () => {
    const registry = diamond();
    expect(show(registry, "SHOW TERSE TASKS LIKE 'a'")).toEqual([
      { created_on: T0, name: 'A', kind: 'TASK', database_name: 'DB', schema_name: 'S', schedule: '5 MINUTE' },
    ]);
    expect(registry.describe(name('A'))[0]).toMatchObject({ name: 'A', schedule: '5 MINUTE', condition: null });
  });
});
