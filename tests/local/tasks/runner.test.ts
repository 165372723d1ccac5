import { TaskRegistry } from '../../../local/tasks/graph';
import { summarizeGraphRuns, TaskHistoryRow } from '../../../local/tasks/history';
import { dueRoots, runGraph, taskQueryTag, whenFalseReason } from '../../../local/tasks/runner';
import { define, fakeDeps, OWNER, T0, TaskScript } from './fakes';

const A = { database: 'DB', schema: 'S', name: 'A' };

/** A → B, A → C, B,C → D, finalizer F, every task resumed (root last, as Snowflake requires). */
function diamond(options: { rootProperties?: string; when?: string } = {}): TaskRegistry {
  const registry = new TaskRegistry({ now: () => T0 });
  define(
    registry,
    `CREATE TASK a WAREHOUSE = etl_wh SCHEDULE = '5 MINUTE' ${options.rootProperties ?? ''} ${
      options.when ? `WHEN ${options.when}` : ''
    } AS CALL load_a()`,
    "CREATE TASK b AFTER a AS INSERT INTO t SELECT 'b;'",
    'CREATE TASK c AFTER a AS CALL c()',
    'CREATE TASK d AFTER b, c AS CALL d()',
    'CREATE TASK f FINALIZE = a AS CALL notify()',
    ...['b', 'c', 'd', 'f', 'a'].map((task) => `ALTER TASK ${task} RESUME`),
  );
  return registry;
}

/** A gate for a fake body, and the function that opens it. */
function opener(): [Promise<void>, () => void] {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return [gate, open];
}

/** Lets every pending fake body and history write settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const summary = (rows: readonly TaskHistoryRow[]) => rows.map((r) => `${r.name}:${r.state}:${r.attemptNumber}`);

async function run(registry: TaskRegistry, scripts: Record<string, TaskScript> = {}) {
  const deps = fakeDeps(registry, scripts);
  const result = await runGraph(A, deps);
  return { deps, result };
}

describe('runGraph', () => {
  test('runs the diamond in graph order as the owner, in the task schema, with an attributing query tag', async () => {
    const { deps, result } = await run(diamond());
    expect(deps.executed()).toEqual(['A', 'B', 'C', 'D', 'F']);
    expect(result).toMatchObject({ state: 'SUCCEEDED', attempts: 1, suspendedRoot: false, root: A });
    expect(summary(result.rows)).toEqual(['A:SUCCEEDED:1', 'B:SUCCEEDED:1', 'C:SUCCEEDED:1', 'D:SUCCEEDED:1', 'F:SUCCEEDED:1']);
    const [first, second] = deps.calls;
    expect(first).toMatchObject({ text: 'CALL load_a()', as: { role: OWNER, database: 'DB', schema: 'S', warehouse: 'ETL_WH' } });
    expect(second.text).toBe("INSERT INTO t SELECT 'b;'");
    expect(second.as.warehouse).toBeUndefined();
    expect(JSON.parse(first.as.queryTag)).toEqual({ app: 'eyecare', component: 'task', task: 'DB.S.A', run: result.runId });
    expect(new Set(result.rows.map((r) => r.runId))).toEqual(new Set([result.runId]));
  });

  test('a root WHEN that is FALSE records one SKIPPED row and runs nothing, not even the finalizer', async () => {
    const { deps, result } = await run(diamond({ when: "SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM')" }), { A: { when: false } });
    expect(deps.calls.map((c) => `${c.kind}:${c.task}:${c.text}`)).toEqual(["when:A:SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM')"]);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({
      name: 'A',
      state: 'SKIPPED',
      reason: 'the WHEN condition is FALSE',
      conditionText: "SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM')",
    });
    expect(result.rows[0].queryId).toBeUndefined();
    expect(result.state).toBe('SKIPPED');
  });

  test('a failed task stops its dependents; other branches and the finalizer still run', async () => {
    const { deps, result } = await run(diamond(), { B: { failTimes: Infinity } });
    expect(deps.executed()).toEqual(['A', 'B', 'C', 'F']);
    expect(summary(result.rows)).toEqual(['A:SUCCEEDED:1', 'B:FAILED:1', 'C:SUCCEEDED:1', 'D:NOT_EXECUTED:1', 'F:SUCCEEDED:1']);
    expect(result.rows[1]).toMatchObject({ errorCode: '100038', errorMessage: "Numeric value 'abc' is not recognized (task B)" });
    expect(result.rows[3]).toMatchObject({ reason: 'predecessor DB.S.B failed', durationMs: 0, rowsProduced: 0 });
    expect(result).toMatchObject({ state: 'FAILED', firstError: { name: 'B' } });
  });

  test('with a parallelism of 2, siblings run at once and a task starts only when all its predecessors finished', async () => {
    const [gate, open] = opener();
    const deps = { ...fakeDeps(diamond(), { B: { gate } }), parallelism: 2 };
    const running = runGraph(A, deps);
    await settle();
    // B waits at its gate while C runs and finishes; D needs both.
    expect(deps.executed()).toEqual(['A', 'B', 'C']);
    expect(summary([...(await deps.store.recent())].reverse())).toEqual(['A:SUCCEEDED:1', 'C:SUCCEEDED:1']);
    open();
    const result = await running;
    expect(deps.executed()).toEqual(['A', 'B', 'C', 'D', 'F']);
    expect(summary(result.rows)).toEqual(['A:SUCCEEDED:1', 'C:SUCCEEDED:1', 'B:SUCCEEDED:1', 'D:SUCCEEDED:1', 'F:SUCCEEDED:1']);
  });

  test('parallelism caps the tasks running at once; a failure stops only its dependents', async () => {
    const registry = new TaskRegistry({ now: () => T0 });
    define(
      registry,
      'CREATE TASK a AS CALL a()',
      ...['b', 'c', 'e'].map((t) => `CREATE TASK ${t} AFTER a AS CALL ${t}()`),
      'CREATE TASK d AFTER b AS CALL d()',
      'CREATE TASK g AFTER e AS CALL g()',
      ...['b', 'c', 'd', 'e', 'g', 'a'].map((t) => `ALTER TASK ${t} RESUME`),
    );
    const [gate, open] = opener();
    const deps = { ...fakeDeps(registry, { B: { gate, failTimes: Infinity }, C: { gate } }), parallelism: 2 };
    const running = runGraph(A, deps);
    await settle();
    expect(deps.executed()).toEqual(['A', 'B', 'C']);
    open();
    const result = await running;
    expect(deps.executed()).toEqual(['A', 'B', 'C', 'E', 'G']);
    expect(Object.fromEntries(result.rows.map((r) => [r.name, r.state]))).toEqual({
      A: 'SUCCEEDED', B: 'FAILED', C: 'SUCCEEDED', D: 'NOT_EXECUTED', E: 'SUCCEEDED', G: 'SUCCEEDED',
    });
  });

  test('TASK_AUTO_RETRY_ATTEMPTS retries a failed standalone task: two rows, the run succeeds', async () => {
    const registry = new TaskRegistry();
    define(registry, 'CREATE TASK a TASK_AUTO_RETRY_ATTEMPTS = 1 AS CALL flaky()');
    const deps = fakeDeps(registry, { A: { failTimes: 1 } });
    const result = await runGraph(A, deps);
    expect(summary(result.rows)).toEqual(['A:FAILED:1', 'A:SUCCEEDED:2']);
    expect(result).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
    expect(await deps.store.consecutiveFailures(A)).toBe(0);
  });

  test('onTask sees every history row as it is recorded, retries and skips included', async () => {
    const seen: string[] = [];
    const deps = fakeDeps(diamond({ rootProperties: 'TASK_AUTO_RETRY_ATTEMPTS = 1' }), { B: { failTimes: 1 } });
    const result = await runGraph(A, deps, { onTask: (row) => seen.push(`${row.name}:${row.state}:${row.attemptNumber}`) });
    expect(seen).toEqual(summary(result.rows));
    expect(seen).toContain('B:FAILED:1');
    expect(seen).toContain('B:SUCCEEDED:2');
  });

  test('a graph retry resumes from the failed task and does not rerun what succeeded', async () => {
    const { deps, result } = await run(diamond({ rootProperties: 'TASK_AUTO_RETRY_ATTEMPTS = 2' }), { B: { failTimes: 1 } });
    expect(deps.executed()).toEqual(['A', 'B', 'C', 'B', 'D', 'F']);
    expect(summary(result.rows)).toEqual([
      'A:SUCCEEDED:1',
      'B:FAILED:1',
      'C:SUCCEEDED:1',
      'D:NOT_EXECUTED:1',
      'B:SUCCEEDED:2',
      'D:SUCCEEDED:2',
      'F:SUCCEEDED:2',
    ]);
    expect(result).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
  });

  test('retries stop at TASK_AUTO_RETRY_ATTEMPTS and the run fails', async () => {
    const { result } = await run(diamond({ rootProperties: 'TASK_AUTO_RETRY_ATTEMPTS = 1' }), { D: { failTimes: Infinity } });
    expect(summary(result.rows).filter((r) => r.startsWith('D'))).toEqual(['D:FAILED:1', 'D:FAILED:2']);
    expect(result).toMatchObject({ state: 'FAILED', attempts: 2 });
  });

  test('a child WHEN = FALSE skips it; a task runs when one predecessor succeeded and the others were skipped', async () => {
    const registry = diamond();
    define(
      registry,
      'ALTER TASK a SUSPEND',
      'ALTER TASK c MODIFY WHEN FALSE_FLAG()',
      'CREATE TASK e AFTER c AS CALL e()',
      'ALTER TASK e RESUME',
    );
    const { deps, result } = await run(registry, { C: { when: false } });
    expect(deps.executed()).toEqual(['A', 'B', 'D', 'F']);
    expect(summary(result.rows)).toEqual([
      'A:SUCCEEDED:1',
      'B:SUCCEEDED:1',
      'C:SKIPPED:1',
      'D:SUCCEEDED:1',
      'E:SKIPPED:1',
      'F:SUCCEEDED:1',
    ]);
    expect(result.rows.find((r) => r.name === 'E')?.reason).toBe('every predecessor was skipped');
    expect(result.state).toBe('SUCCEEDED');
  });

  test('SYSTEM$PREDECESSORS_STATE: a child decides by its WHEN once its predecessors finished, the call answered from their states', async () => {
    const registry = diamond();
    define(
      registry,
      'ALTER TASK a SUSPEND',
      'ALTER TASK c MODIFY WHEN NO_NEW_ROWS()',
      "CREATE TASK e AFTER c WHEN SYSTEM$PREDECESSORS_STATE('NONE_FAILED') AND SYSTEM$STREAM_HAS_DATA('RAW.E_STREAM') AS CALL e()",
      "CREATE TASK g AFTER c WHEN SYSTEM$PREDECESSORS_STATE('none_failed_min_one_succeeded') AS CALL g()",
      "CREATE TASK h AFTER b, c WHEN SYSTEM$PREDECESSORS_STATE('ALL_SKIPPED') OR SYSTEM$PREDECESSORS_STATE('AT_LEAST_ONE_SUCCEEDED') AS CALL h()",
      ...['e', 'g', 'h', 'a'].map((task) => `ALTER TASK ${task} RESUME`),
    );
    const { deps, result } = await run(registry, { C: { when: false } });
    // C was skipped: E still runs (none failed), G does not (none succeeded), H does (B succeeded).
    expect(deps.executed()).toEqual(['A', 'B', 'D', 'E', 'H', 'F']);
    const whens = deps.calls.filter((c) => c.kind === 'when').map((c) => `${c.task}: ${c.text}`);
    expect(whens).toEqual([
      'C: NO_NEW_ROWS()',
      "E: TRUE AND SYSTEM$STREAM_HAS_DATA('RAW.E_STREAM')",
      'G: FALSE',
      'H: FALSE OR TRUE',
    ]);
    expect(result.rows.find((r) => r.name === 'G')).toMatchObject({ state: 'SKIPPED', reason: 'the WHEN condition is FALSE' });
    expect(result.state).toBe('SUCCEEDED');
  });

  test('SYSTEM$PREDECESSORS_STATE: an alert task runs after a failure; NONE_FAILED after one is NOT_EXECUTED and a retry runs it', async () => {
    const registry = diamond({ rootProperties: 'TASK_AUTO_RETRY_ATTEMPTS = 1' });
    define(
      registry,
      'ALTER TASK a SUSPEND',
      "CREATE TASK alert AFTER b WHEN SYSTEM$PREDECESSORS_STATE('AT_LEAST_ONE_FAILED') AS CALL page_on_call()",
      "CREATE TASK e AFTER b WHEN SYSTEM$PREDECESSORS_STATE('NONE_FAILED') AS CALL e()",
      ...['alert', 'e', 'a'].map((task) => `ALTER TASK ${task} RESUME`),
    );
    const { deps, result } = await run(registry, { B: { failTimes: 1 } });
    expect(summary(result.rows).filter((r) => /^(ALERT|B|E):/.test(r))).toEqual([
      'B:FAILED:1',
      'ALERT:SUCCEEDED:1',
      'E:NOT_EXECUTED:1',
      'B:SUCCEEDED:2',
      'E:SUCCEEDED:2',
    ]);
    expect(result.rows.find((r) => r.name === 'E')).toMatchObject({ reason: 'predecessor DB.S.B failed' });
    expect(deps.executed().filter((t) => t === 'ALERT')).toHaveLength(1);
    expect(result).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
  });

  test('EXECUTE TASK runs a suspended root; suspended children are skipped; children cannot be run directly', async () => {
    const registry = diamond();
    define(registry, 'ALTER TASK a SUSPEND', 'ALTER TASK c SUSPEND');
    const { deps, result } = await run(registry);
    expect(deps.executed()).toEqual(['A', 'B', 'D', 'F']);
    expect(result.rows.find((r) => r.name === 'C')).toMatchObject({
      state: 'SKIPPED',
      reason: expect.stringMatching(/task is suspended \(ALTER TASK DB\.S\.C RESUME/),
    });
    await expect(runGraph(A, fakeDeps(registry), { scheduledFrom: 'SCHEDULE' })).rejects.toThrow(
      'Cannot run task DB.S.A on its schedule: it is suspended. Run ALTER TASK DB.S.A RESUME, or use EXECUTE TASK.',
    );
    await expect(runGraph({ ...A, name: 'D' }, fakeDeps(registry))).rejects.toThrow(
      /part of the graph of DB\.S\.A\. Run that root task instead/,
    );
  });

  test('the root is suspended after SUSPEND_TASK_AFTER_NUM_FAILURES consecutive failed runs; a success resets the count', async () => {
    const registry = diamond({ rootProperties: 'SUSPEND_TASK_AFTER_NUM_FAILURES = 3' });
    let failing = true;
    const deps = fakeDeps(registry, { B: { onRun: () => undefined } });
    const execute = deps.execute.bind(deps);
    deps.execute = async (body, as) => {
      if (failing && body.includes("'b;'")) throw new Error('boom');
      return execute(body, as);
    };
    const outcomes: string[] = [];
    for (const fail of [true, true, false, true, true, true]) {
      failing = fail;
      const result = await runGraph(A, deps, { scheduledFrom: 'SCHEDULE' });
      outcomes.push(`${result.state}:${result.suspendedRoot}:${await deps.store.consecutiveFailures(A)}`);
    }
    expect(outcomes).toEqual([
      'FAILED:false:1',
      'FAILED:false:2',
      'SUCCEEDED:false:0',
      'FAILED:false:1',
      'FAILED:false:2',
      'FAILED:true:3',
    ]);
    expect(registry.require(A)).toMatchObject({
      state: 'suspended',
      lastSuspendedReason: 'suspended after 3 consecutive failed runs (SUSPEND_TASK_AFTER_NUM_FAILURES = 3)',
    });
    expect(
      summarizeGraphRuns(await deps.store.recent({ limit: 1000 }).then((rows) => [...rows].reverse())).map((r) => r.state),
    ).toEqual(['FAILED', 'FAILED', 'SUCCEEDED', 'FAILED', 'FAILED', 'FAILED']);
  });

  test('history rows carry times, durations, rows produced, query ids and the run identity', async () => {
    const registry = diamond();
    const deps = fakeDeps(registry, { A: { rows: 42, durationMs: 1500 }, B: { rows: 7, durationMs: 250 } });
    const scheduledTime = new Date(T0.getTime() - 60_000);
    const result = await runGraph(A, deps, { scheduledFrom: 'SCHEDULE', scheduledTime });
    const [a, b] = result.rows;
    expect(a).toEqual({
      queryId: 'q-A-1',
      runId: result.runId,
      database: 'DB',
      schema: 'S',
      name: 'A',
      rootTaskName: 'A',
      state: 'SUCCEEDED',
      attemptNumber: 1,
      scheduledFrom: 'SCHEDULE',
      scheduledTime,
      queryStartTime: T0,
      completedTime: new Date(T0.getTime() + 1500),
      durationMs: 1500,
      rowsProduced: 42,
      queryText: 'CALL load_a()',
    });
    expect(b).toMatchObject({ rowsProduced: 7, durationMs: 250, queryStartTime: a.completedTime, rootTaskName: 'A' });
    expect((await deps.store.recent({ name: 'B' })).map((r) => r.runId)).toEqual([result.runId]);
    expect((await deps.store.recent({ states: ['SUCCEEDED'], limit: 2 })).map((r) => r.name)).toEqual(['F', 'D']);
  });

  test('a QUERY_TAG session parameter is kept inside the audit query tag', async () => {
    const registry = new TaskRegistry();
    define(registry, "CREATE TASK a QUERY_TAG = 'nightly' AS SELECT 1");
    const deps = fakeDeps(registry);
    const result = await runGraph(A, deps);
    expect(deps.calls[0].as.queryTag).toBe(taskQueryTag(A, result.runId, 'nightly'));
    expect(JSON.parse(deps.calls[0].as.queryTag)).toMatchObject({ task: 'DB.S.A', tag: 'nightly' });
  });

  test('an overlapping run is SKIPPED unless ALLOW_OVERLAPPING_EXECUTION', async () => {
    const registry = new TaskRegistry();
    define(registry, 'CREATE TASK a AS SELECT 1', 'CREATE TASK b ALLOW_OVERLAPPING_EXECUTION = TRUE AS SELECT 1');
    const deps = fakeDeps(registry, { A: { hang: true }, B: { hang: true } });
    void runGraph(A, deps);
    void runGraph({ ...A, name: 'B' }, deps);
    const second = await runGraph(A, deps);
    expect(second.rows).toEqual([
      expect.objectContaining({ name: 'A', state: 'SKIPPED', reason: expect.stringMatching(/previous run .* still executing/) }),
    ]);
    void runGraph({ ...A, name: 'B' }, deps);
    expect(deps.executed()).toEqual(['A', 'B', 'B']);
  });

  test('aborting cancels the tasks not yet started, finalizer included', async () => {
    const controller = new AbortController();
    const deps = fakeDeps(diamond(), { B: { onRun: () => controller.abort() } });
    const result = await runGraph(A, deps, { signal: controller.signal });
    expect(summary(result.rows)).toEqual(['A:SUCCEEDED:1', 'B:SUCCEEDED:1', 'C:CANCELLED:1', 'D:CANCELLED:1', 'F:CANCELLED:1']);
    expect(result.state).toBe('CANCELLED');
  });

  test('USER_TASK_TIMEOUT_MS fails a body that runs too long', async () => {
    const registry = new TaskRegistry();
    define(registry, 'CREATE TASK a USER_TASK_TIMEOUT_MS = 20 AS CALL slow()');
    const result = await runGraph(A, fakeDeps(registry, { A: { hang: true } }));
    expect(result.rows[0]).toMatchObject({
      state: 'FAILED',
      errorCode: '000630',
      errorMessage: expect.stringMatching(/timeout of 0\.02 second\(s\).*USER_TASK_TIMEOUT_MS = 20/),
    });
  });
});

describe('whenFalseReason', () => {
  it('names the streams without new rows, or counts them when a long list is all empty', () => {
    expect(whenFalseReason({ holds: false, streamsWithoutData: [], streamsAsked: 0 })).toBe('the WHEN condition is FALSE');
    expect(whenFalseReason({ holds: false, streamsWithoutData: ['RAW.A_STREAM'], streamsAsked: 1 })).toBe('the WHEN condition is FALSE: no new rows in RAW.A_STREAM');
    const four = ['RAW.A_STREAM', 'RAW.B_STREAM', 'RAW.C_STREAM', 'RAW.D_STREAM'];
    expect(whenFalseReason({ holds: false, streamsWithoutData: four, streamsAsked: 4 })).toBe('the WHEN condition is FALSE: no new rows in any of its 4 streams');
    expect(whenFalseReason({ holds: false, streamsWithoutData: four, streamsAsked: 5 })).toBe(`the WHEN condition is FALSE: no new rows in ${four.join(', ')}`);
  });
});

describe('dueRoots', () => {
  const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

  function scheduled(): TaskRegistry {
    const registry = new TaskRegistry({ now: () => T0 });
    define(
      registry,
      "CREATE TASK every5 SCHEDULE = '5 MINUTE' AS SELECT 1",
      "CREATE TASK weekday SCHEDULE = 'USING CRON 0 6 * * 1-5 America/Chicago' AS SELECT 1",
      "CREATE TASK triggered WHEN SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM') AS SELECT 1",
      'CREATE TASK manual AS SELECT 1',
      "CREATE TASK paused SCHEDULE = '1 MINUTE' AS SELECT 1",
      'CREATE TASK child AFTER every5 AS SELECT 1',
      ...['every5', 'weekday', 'triggered', 'manual'].map((t) => `ALTER TASK ${t} RESUME`),
    );
    return registry;
  }

  const dueNames = async (registry: TaskRegistry, deps: ReturnType<typeof fakeDeps>, at: Date) =>
    (await dueRoots(registry, deps.store, at)).map((d) => `${d.task.name}@${d.scheduledTime.toISOString()}`);

  test('interval roots are due every N minutes after RESUME or their last scheduled run; manual and suspended roots never', async () => {
    const registry = scheduled();
    const deps = fakeDeps(registry);
    expect(await dueNames(registry, deps, minutes(4))).toEqual([`TRIGGERED@${minutes(4).toISOString()}`]);
    expect(await dueNames(registry, deps, minutes(11))).toEqual([
      `EVERY5@${minutes(10).toISOString()}`,
      `TRIGGERED@${minutes(11).toISOString()}`,
    ]);
    deps.advance(10 * 60_000);
    await runGraph({ ...A, name: 'EVERY5' }, deps, { scheduledFrom: 'SCHEDULE', scheduledTime: minutes(10) });
    await runGraph({ ...A, name: 'EVERY5' }, deps); // EXECUTE TASK does not move the schedule
    expect((await dueNames(registry, deps, minutes(14))).filter((d) => d.startsWith('EVERY5'))).toEqual([]);
    expect((await dueNames(registry, deps, minutes(15))).filter((d) => d.startsWith('EVERY5'))).toEqual([
      `EVERY5@${minutes(15).toISOString()}`,
    ]);
  });

  test('cron roots are due at the first matching minute after their last run', async () => {
    const registry = scheduled();
    const deps = fakeDeps(registry);
    // T0 is Monday 2025-01-06 06:00 in Chicago; resumed at T0, the next tick is Tuesday 06:00 CST (12:00Z).
    const cron = async (at: string) => (await dueNames(registry, deps, new Date(at))).filter((d) => d.startsWith('WEEKDAY'));
    expect(await cron('2025-01-07T11:59:00Z')).toEqual([]);
    expect(await cron('2025-01-07T12:00:30Z')).toEqual(['WEEKDAY@2025-01-07T12:00:00.000Z']);
    deps.advance(24 * 3_600_000);
    await runGraph({ ...A, name: 'WEEKDAY' }, deps, {
      scheduledFrom: 'SCHEDULE',
      scheduledTime: new Date('2025-01-07T12:00:00Z'),
    });
    // Friday's tick is followed by Monday's: the weekend does not match 1-5.
    expect(await cron('2025-01-10T12:00:00Z')).toEqual(['WEEKDAY@2025-01-08T12:00:00.000Z']);
  });

  test('a triggered root waits USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS between checks', async () => {
    const registry = scheduled();
    const deps = fakeDeps(registry, { TRIGGERED: { when: false } });
    const triggered = async (seconds: number) =>
      (await dueNames(registry, deps, new Date(T0.getTime() + seconds * 1000))).filter((d) => d.startsWith('TRIGGERED')).length;
    expect(await triggered(29)).toBe(0);
    expect(await triggered(30)).toBe(1);
    deps.advance(30_000);
    const result = await runGraph({ ...A, name: 'TRIGGERED' }, deps, { scheduledFrom: 'SCHEDULE' });
    expect(result.state).toBe('SKIPPED');
    expect(await triggered(59)).toBe(0);
    expect(await triggered(60)).toBe(1);
  });
});
