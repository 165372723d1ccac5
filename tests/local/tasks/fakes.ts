/** Test doubles for the task runner: a registry built from SQL and a `deps` that records calls. */
import { SnowflakeError } from '../../../local/engine/errors';
import { constantCondition } from '../../../local/tasks/conditions';
import { TaskRegistry } from '../../../local/tasks/graph';
import { InMemoryTaskHistoryStore } from '../../../local/tasks/history';
import { TaskExecutionContext, TaskRunnerDeps } from '../../../local/tasks/runner';
import { CreateTaskStatement, parseTaskStatement } from '../../../local/tasks/statements';

export const CONTEXT = { database: 'DB', schema: 'S' } as const;
export const OWNER = 'DEV_ACME_ENGINEER';
export const T0 = new Date('2025-01-06T12:00:00.000Z');

/** Parses and applies each statement as OWNER in DB.S. */
export function define(registry: TaskRegistry, ...sql: string[]): void {
  for (const text of sql) {
    const statement = parseTaskStatement(text, CONTEXT);
    if (statement.kind !== 'create' && statement.kind !== 'alter' && statement.kind !== 'drop') {
      throw new Error(`define() applies CREATE/ALTER/DROP only, got ${statement.kind}`);
    }
    registry.apply(statement, { role: OWNER });
  }
}

/** `CREATE TASK` parsed in DB.S (for tests that want the statement itself). */
export function createStatement(sql: string): CreateTaskStatement {
  const statement = parseTaskStatement(sql, CONTEXT);
  if (statement.kind !== 'create') throw new Error(`expected CREATE TASK, got ${statement.kind}`);
  return statement;
}

/** How the fake engine treats one task (by unqualified name). */
export interface TaskScript {
  /** Fail this many first executions (Infinity: always). */
  readonly failTimes?: number;
  /** Rows the body reports. @default 1 */
  readonly rows?: number;
  /** Milliseconds the fake clock advances while the body runs. @default 100 */
  readonly durationMs?: number;
  /** Value of the task's WHEN. @default true */
  readonly when?: boolean;
  /** Called when the body starts (e.g. to abort the run). */
  readonly onRun?: () => void;
  /** Never settles (for timeouts and overlap). */
  readonly hang?: boolean;
  /** The body finishes only once this settles (for tasks running at once). */
  readonly gate?: Promise<void>;
}

export interface RecordedCall {
  readonly kind: 'execute' | 'when';
  readonly task: string;
  readonly text: string;
  readonly as: TaskExecutionContext;
}

export interface FakeDeps extends TaskRunnerDeps {
  readonly calls: RecordedCall[];
  readonly store: InMemoryTaskHistoryStore;
  /** Unqualified names of executed bodies, in order. */
  executed(): string[];
  /** Moves the fake clock. */
  advance(ms: number): void;
}

/** A `deps` over a fake clock (starting at T0) whose engine follows `scripts`. */
export function fakeDeps(registry: TaskRegistry, scripts: Readonly<Record<string, TaskScript>> = {}, start = T0): FakeDeps {
  let clock = start.getTime();
  let ids = 0;
  const failures = new Map<string, number>();
  const calls: RecordedCall[] = [];
  const taskOf = (as: TaskExecutionContext): string =>
    (JSON.parse(as.queryTag) as { task: string }).task.split('.').pop() as string;
  return {
    registry,
    store: new InMemoryTaskHistoryStore(),
    calls,
    now: () => new Date(clock),
    newId: () => `id-${++ids}`,
    advance: (ms) => {
      clock += ms;
    },
    executed: () => calls.filter((c) => c.kind === 'execute').map((c) => c.task),
    async evaluateWhen(expression, as) {
      const task = taskOf(as);
      calls.push({ kind: 'when', task, text: expression, as });
      return { holds: scripts[task]?.when ?? constantCondition(expression) ?? true, streamsWithoutData: [], streamsAsked: 0 };
    },
    async execute(body, as) {
      const task = taskOf(as);
      const script = scripts[task] ?? {};
      calls.push({ kind: 'execute', task, text: body, as });
      script.onRun?.();
      if (script.hang) return new Promise(() => undefined);
      await script.gate;
      clock += script.durationMs ?? 100;
      const failed = failures.get(task) ?? 0;
      if (failed < (script.failTimes ?? 0)) {
        failures.set(task, failed + 1);
        throw new SnowflakeError('100038', '22018', `Numeric value 'abc' is not recognized (task ${task})`);
      }
      return { rowCount: script.rows ?? 1, queryId: `q-${task}-${calls.length}` };
    },
  };
}

