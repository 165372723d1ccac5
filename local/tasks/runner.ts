/**
 * Runs task graphs the way Snowflake does, one graph run at a time, recording every task attempt
 * in the history store:
 *
 * - The root's WHEN is evaluated first; FALSE records one SKIPPED row and ends the run (no
 *   children, no finalizer), as Snowflake skips the whole graph run.
 * - Tasks then run as soon as every predecessor has finished, as Snowflake runs a graph's branches
 *   in parallel; `parallelism` caps how many run at once (the local engine runs each task's
 *   transaction on a DuckDB connection of its own). Ready tasks start in graph order
 *   (topological, ties by name), so with a parallelism of 1 they run one after another in that order.
 * - A child runs when none of its predecessors failed and at least one succeeded (Snowflake:
 *   "the task may also run when some parent tasks are skipped"). A predecessor that FAILED, was
 *   CANCELLED or NOT_EXECUTED makes it NOT_EXECUTED; when every predecessor was SKIPPED it is
 *   SKIPPED too. A suspended child is SKIPPED (Snowflake runs the graph without it). A child's
 *   own WHEN = FALSE makes it SKIPPED.
 * - A child whose WHEN calls SYSTEM$PREDECESSORS_STATE (conditions.ts) decides by its WHEN alone,
 *   once every predecessor has finished: an alert task can run after a failure. When its WHEN is
 *   FALSE while a predecessor failed it is NOT_EXECUTED, as under the default rule, so a retry of
 *   the graph runs it again.
 * - TASK_AUTO_RETRY_ATTEMPTS (read from the root): when the graph run ends with failed tasks,
 *   it is retried from the failed tasks, as Snowflake's automatic graph retry does; every retry
 *   writes rows with the next attempt number under the same run id, and tasks that already
 *   succeeded are not run again.
 * - The finalizer runs once at the end, whether the graph succeeded or failed.
 * - SUSPEND_TASK_AFTER_NUM_FAILURES (read from the root): after that many consecutive FAILED
 *   graph runs the root is suspended (0 disables this).
 * - EXECUTE TASK runs a root even when it is suspended (Snowflake allows it; that is how a graph
 *   is tried before it is resumed); scheduled runs need the root started.
 * - USER_TASK_TIMEOUT_MS fails a task whose body has not finished in time. The statement itself
 *   is abandoned, not interrupted (the engine's own statement timeout is what stops it).
 */
import { randomUUID } from 'node:crypto';
import { SnowflakeError } from '../engine/errors';
import { resolvePredecessorsState, usesPredecessorsState } from './conditions';
import { TaskDefinition, TaskRegistry } from './graph';
import { GraphRunState, graphRunState, ScheduledFrom, TaskHistoryRow, TaskHistoryStore, TaskRunState } from './history';
import { nextCronTime } from './schedule';
import { QualifiedName } from '../engine/names';
import { formatName } from './statements';

/** Who and where a task body or WHEN expression runs as. */
export interface TaskExecutionContext {
  /** The task owner's role. */
  readonly role: string;
  readonly database: string;
  readonly schema: string;
  /** Absent for serverless tasks. */
  readonly warehouse?: string;
  /** JSON query tag attributing the work to the task and run (see {@link taskQueryTag}). */
  readonly queryTag: string;
}

/** What the engine reports for a task body. */
export interface TaskExecutionResult {
  /** Rows produced (inserted, updated, deleted or returned). */
  readonly rowCount: number;
  /** The engine's query id, so the history joins the audit log; a fresh id is used when absent. */
  readonly queryId?: string;
  /** SYSTEM$SET_RETURN_VALUE, when the engine supports it. */
  readonly returnValue?: string;
}

/** A WHEN's value, and what its SYSTEM$STREAM_HAS_DATA calls found, so a skip can say why. */
export interface WhenOutcome {
  readonly holds: boolean;
  /** The streams it asked about that had no new rows, as named in the expression. */
  readonly streamsWithoutData: readonly string[];
  /** How many streams it asked about. */
  readonly streamsAsked: number;
}

/** Why a task whose WHEN is FALSE was skipped, naming the streams without new rows. */
export function whenFalseReason(outcome: WhenOutcome): string {
  const empty = outcome.streamsWithoutData;
  if (empty.length === 0) return 'the WHEN condition is FALSE';
  const which = empty.length === outcome.streamsAsked && empty.length > 3 ? `any of its ${empty.length} streams` : empty.join(', ');
  return `the WHEN condition is FALSE: no new rows in ${which}`;
}

/** What the runner needs from the outside. */
export interface TaskRunnerDeps {
  readonly registry: TaskRegistry;
  readonly store: TaskHistoryStore;
  /** Runs a task body; a rejection fails the task (a SnowflakeError's code is recorded). */
  execute(body: string, as: TaskExecutionContext): Promise<TaskExecutionResult>;
  /** Evaluates a WHEN expression (e.g. SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM')). */
  evaluateWhen(expression: string, as: TaskExecutionContext): Promise<WhenOutcome>;
  now(): Date;
  /**
   * How many tasks of a graph run may run at once.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * New run and query ids.
   * @default crypto.randomUUID
   */
  newId?(): string;
}

/** Options of one graph run. */
export interface RunGraphOptions {
  /**
   * What started the run. SCHEDULE requires the root to be started.
   * @default 'EXECUTE_TASK'
   */
  readonly scheduledFrom?: ScheduledFrom;
  /**
   * The time the run was due (from {@link dueRoots}).
   * @default deps.now() at the start of the run
   */
  readonly scheduledTime?: Date;
  /** Aborting cancels the run: tasks not yet started are recorded CANCELLED, nothing else runs. */
  readonly signal?: AbortSignal;
  /** Called with each task attempt's history row once it is recorded (progress output). */
  readonly onTask?: (row: TaskHistoryRow) => void;
}

/** The outcome of one graph run. */
export interface GraphRunResult {
  readonly runId: string;
  readonly root: QualifiedName;
  readonly state: GraphRunState;
  /** Attempts made (1 + automatic retries used). */
  readonly attempts: number;
  /** Every row written, in run order. */
  readonly rows: readonly TaskHistoryRow[];
  /** True when this run reached SUSPEND_TASK_AFTER_NUM_FAILURES and suspended the root. */
  readonly suspendedRoot: boolean;
  /** The first failed row, when any task failed. */
  readonly firstError?: TaskHistoryRow;
}

/** A started root whose schedule says it should run now. */
export interface DueRoot {
  readonly task: TaskDefinition;
  /** The schedule tick being served. */
  readonly scheduledTime: Date;
}

/**
 * The query tag every statement of a task run carries, so the audit log attributes the work:
 * `{"app":"eyecare","component":"task","task":"DB.SCHEMA.NAME","run":"<runId>"}`, plus `"tag"`
 * when the task sets a QUERY_TAG session parameter.
 */
export function taskQueryTag(task: QualifiedName, runId: string, userTag?: string): string {
  // A task's own JSON tag (the platform's {"app","tenant","component"}) keeps its keys, as the
  // session QUERY_TAG in Snowflake would; any other tag is kept under `tag`.
  let own: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = userTag === undefined ? undefined : JSON.parse(userTag);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) own = parsed as Record<string, unknown>;
  } catch {
    own = undefined;
  }
  return JSON.stringify({
    app: 'eyecare',
    component: 'task',
    task: formatName(task),
    run: runId,
    ...(own ?? (userTag !== undefined ? { tag: userTag } : {})),
  });
}

/** Graph runs in progress, per registry and root, to honour ALLOW_OVERLAPPING_EXECUTION. */
const inProgress = new WeakMap<TaskRegistry, Map<string, number>>();

/** Runs the graph of `root` once (see the module comment for the rules). */
export async function runGraph(
  root: QualifiedName,
  deps: TaskRunnerDeps,
  options: RunGraphOptions = {},
): Promise<GraphRunResult> {
  const { registry } = deps;
  const rootTask = registry.require(root);
  const rootName = formatName(rootTask);
  const scheduledFrom = options.scheduledFrom ?? 'EXECUTE_TASK';
  if (!registry.isRoot(rootTask)) {
    const graphRoot = formatName(registry.rootOf(rootTask));
    throw new SnowflakeError(
      '091000',
      '22023',
      `Cannot run task ${rootName}: only a standalone or root task can be run, and this one is part of the graph of ` +
        `${graphRoot}. Run that root task instead.`,
    );
  }
  if (scheduledFrom === 'SCHEDULE' && rootTask.state !== 'started') {
    throw new SnowflakeError(
      '091000',
      '55000',
      `Cannot run task ${rootName} on its schedule: it is suspended. Run ALTER TASK ${rootName} RESUME, or use EXECUTE TASK.`,
    );
  }
  const run = new GraphRun(deps, rootTask, scheduledFrom, options);
  const running = inProgress.get(registry) ?? new Map<string, number>();
  inProgress.set(registry, running);
  const key = rootName;
  if ((running.get(key) ?? 0) > 0 && !rootTask.allowOverlappingExecution) {
    await run.skipRoot('the previous run of this graph is still executing (ALLOW_OVERLAPPING_EXECUTION = FALSE)');
    return run.result(false);
  }
  running.set(key, (running.get(key) ?? 0) + 1);
  try {
    await run.execute();
  } finally {
    running.set(key, (running.get(key) ?? 1) - 1);
  }
  return run.result(await autoSuspend(deps, rootTask, graphRunState(run.rows)));
}

/** Suspends the root after SUSPEND_TASK_AFTER_NUM_FAILURES consecutive failed graph runs. */
async function autoSuspend(deps: TaskRunnerDeps, root: TaskDefinition, state: GraphRunState): Promise<boolean> {
  if (state !== 'FAILED' || root.suspendAfterFailures === 0) return false;
  const failures = await deps.store.consecutiveFailures(root);
  if (failures < root.suspendAfterFailures || deps.registry.get(root)?.state !== 'started') return false;
  deps.registry.suspend(
    root,
    `suspended after ${failures} consecutive failed runs (SUSPEND_TASK_AFTER_NUM_FAILURES = ${root.suspendAfterFailures})`,
  );
  return true;
}

/** Why a task does not run, or undefined when it should. */
type Verdict = { readonly state: 'NOT_EXECUTED' | 'SKIPPED'; readonly reason: string } | undefined;

/** One graph run's state while it executes. */
class GraphRun {
  readonly rows: TaskHistoryRow[] = [];
  private readonly runId: string;
  private readonly scheduledTime: Date;
  private readonly states = new Map<string, TaskRunState>();
  private attempt = 1;

  constructor(
    private readonly deps: TaskRunnerDeps,
    private readonly root: TaskDefinition,
    private readonly scheduledFrom: ScheduledFrom,
    private readonly options: RunGraphOptions,
  ) {
    this.runId = this.newId();
    this.scheduledTime = options.scheduledTime ?? deps.now();
  }

  result(suspendedRoot: boolean): GraphRunResult {
    const firstError = this.rows.find((row) => row.state === 'FAILED');
    return {
      runId: this.runId,
      root: { database: this.root.database, schema: this.root.schema, name: this.root.name },
      state: graphRunState(this.rows),
      attempts: this.attempt,
      rows: this.rows,
      suspendedRoot,
      ...(firstError && { firstError }),
    };
  }

  async skipRoot(reason: string): Promise<void> {
    await this.record(this.root, { state: 'SKIPPED', reason });
  }

  async execute(): Promise<void> {
    const graph = this.deps.registry.graphOf(this.root);
    for (;;) {
      await this.runAttempt(graph);
      if (this.states.get(formatName(this.root)) === 'SKIPPED') return;
      const failed = [...this.states.values()].includes('FAILED');
      if (!failed || this.cancelled() || this.attempt > this.root.retryAttempts) break;
      this.attempt++;
    }
    const finalizer = this.deps.registry.finalizerOf(this.root);
    if (finalizer) {
      const verdict =
        finalizer.state === 'suspended' ? { state: 'SKIPPED' as const, reason: suspendedReason(finalizer) } : undefined;
      await this.step(finalizer, verdict);
    }
  }

  /**
   * One attempt: every task not yet SUCCEEDED or SKIPPED runs once each of its predecessors has
   * finished in this attempt (or before it), up to `parallelism` at once. A skipped root ends it.
   */
  private async runAttempt(graph: readonly TaskDefinition[]): Promise<void> {
    const finished = new Set(graph.map(formatName).filter((name) => ['SUCCEEDED', 'SKIPPED'].includes(this.states.get(name) ?? '')));
    const waiting = graph.filter((task) => !finished.has(formatName(task)));
    const running = new Set<Promise<void>>();
    const parallelism = Math.max(1, this.deps.parallelism ?? 1);
    const start = (task: TaskDefinition): void => {
      waiting.splice(waiting.indexOf(task), 1);
      const step: Promise<void> = this.step(task, this.verdict(task)).then(() => {
        finished.add(formatName(task));
        running.delete(step);
      });
      running.add(step);
    };
    try {
      while (waiting.length > 0 || running.size > 0) {
        for (const task of waiting.filter((t) => t.after.every((p) => finished.has(formatName(p))))) {
          if (running.size >= parallelism) break;
          start(task);
        }
        // A predecessor outside the graph never finishes here: decide on what is known, in graph order.
        if (running.size === 0) start(waiting[0]!);
        await Promise.race(running);
        if (this.states.get(formatName(this.root)) === 'SKIPPED') return;
      }
    } finally {
      // A step that failed to record leaves the others to finish before the error goes up.
      await Promise.allSettled(running);
    }
  }

  /** Decides, runs and records one task. */
  private async step(task: TaskDefinition, verdict: Verdict): Promise<void> {
    if (this.cancelled()) return this.record(task, { state: 'CANCELLED', reason: 'the graph run was cancelled' });
    if (verdict) return this.record(task, verdict);
    const as = this.context(task);
    // The root's WHEN decided the run on the first attempt; a retry resumes that run.
    const checkWhen = task.when !== undefined && !(this.isRootTask(task) && this.attempt > 1);
    const start = this.deps.now();
    try {
      const when = checkWhen ? await this.deps.evaluateWhen(this.whenToEvaluate(task), as) : undefined;
      if (when && !when.holds) {
        // Not run because a predecessor failed: NOT_EXECUTED, so a retry of the graph runs it again.
        return this.record(task, this.blockingPredecessor(task) ?? { state: 'SKIPPED', reason: whenFalseReason(when) });
      }
      const result = await withTimeout(this.deps.execute(task.body, as), task);
      await this.record(task, {
        state: 'SUCCEEDED',
        start,
        rowsProduced: result.rowCount,
        ...(result.queryId !== undefined && { queryId: result.queryId }),
        ...(result.returnValue !== undefined && { returnValue: result.returnValue }),
      });
    } catch (error) {
      await this.record(task, {
        state: 'FAILED',
        start,
        errorCode: error instanceof SnowflakeError ? error.code : undefined,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Whether a task should run given its predecessors' states and its own state. A task whose WHEN
   * tests SYSTEM$PREDECESSORS_STATE follows that instead of the default rule (see step).
   */
  private verdict(task: TaskDefinition): Verdict {
    if (this.isRootTask(task)) return undefined;
    if (usesPredecessorsState(task.when)) return task.state === 'suspended' ? { state: 'SKIPPED', reason: suspendedReason(task) } : undefined;
    const blocking = this.blockingPredecessor(task);
    if (blocking) return blocking;
    if (!task.after.some((p) => this.states.get(formatName(p)) === 'SUCCEEDED')) return { state: 'SKIPPED', reason: 'every predecessor was skipped' };
    if (task.state === 'suspended') return { state: 'SKIPPED', reason: suspendedReason(task) };
    return undefined;
  }

  /** NOT_EXECUTED, naming the first predecessor that failed, was cancelled or did not run; undefined when none. */
  private blockingPredecessor(task: TaskDefinition): Verdict {
    const blocking = task.after
      .map((p) => ({ name: formatName(p), state: this.states.get(formatName(p)) }))
      .find((p) => p.state === 'FAILED' || p.state === 'CANCELLED' || p.state === 'NOT_EXECUTED');
    if (!blocking) return undefined;
    const what = blocking.state === 'FAILED' ? 'failed' : blocking.state === 'CANCELLED' ? 'was cancelled' : 'was not executed';
    return { state: 'NOT_EXECUTED', reason: `predecessor ${blocking.name} ${what}` };
  }

  /**
   * The task's WHEN as the engine evaluates it: SYSTEM$PREDECESSORS_STATE answered from this
   * run's states (the runner starts a task only once every predecessor has finished).
   */
  private whenToEvaluate(task: TaskDefinition): string {
    const when = task.when as string;
    return usesPredecessorsState(when) ? resolvePredecessorsState(when, task.after.map((p) => this.states.get(formatName(p)) ?? 'NOT_EXECUTED')) : when;
  }

  private context(task: TaskDefinition): TaskExecutionContext {
    return {
      role: task.owner,
      database: task.database,
      schema: task.schema,
      ...(task.warehouse !== undefined && { warehouse: task.warehouse }),
      queryTag: taskQueryTag(task, this.runId, task.sessionParameters.QUERY_TAG),
    };
  }

  private isRootTask(task: QualifiedName): boolean {
    return formatName(task) === formatName(this.root);
  }

  private cancelled(): boolean {
    return this.options.signal?.aborted === true;
  }

  private newId(): string {
    return this.deps.newId ? this.deps.newId() : randomUUID();
  }

  private async record(
    task: TaskDefinition,
    outcome: {
      readonly state: TaskRunState;
      readonly start?: Date;
      readonly rowsProduced?: number;
      readonly queryId?: string;
      readonly returnValue?: string;
      readonly errorCode?: string;
      readonly errorMessage?: string;
      readonly reason?: string;
    },
  ): Promise<void> {
    const completedTime = this.deps.now();
    const started = outcome.start !== undefined;
    const row: TaskHistoryRow = {
      ...(started && { queryId: outcome.queryId ?? this.newId(), queryStartTime: outcome.start }),
      runId: this.runId,
      database: task.database,
      schema: task.schema,
      name: task.name,
      rootTaskName: this.root.name,
      state: outcome.state,
      attemptNumber: this.attempt,
      scheduledFrom: this.scheduledFrom,
      scheduledTime: this.scheduledTime,
      completedTime,
      durationMs: outcome.start ? completedTime.getTime() - outcome.start.getTime() : 0,
      rowsProduced: outcome.rowsProduced ?? 0,
      queryText: task.body,
      ...(task.when !== undefined && { conditionText: task.when }),
      ...(outcome.errorCode !== undefined && { errorCode: outcome.errorCode }),
      ...(outcome.errorMessage !== undefined && { errorMessage: outcome.errorMessage }),
      ...(outcome.returnValue !== undefined && { returnValue: outcome.returnValue }),
      ...(outcome.reason !== undefined && { reason: outcome.reason }),
    };
    this.states.set(formatName(task), outcome.state);
    this.rows.push(row);
    await this.deps.store.append(row);
    this.options.onTask?.(row);
  }
}

function suspendedReason(task: TaskDefinition): string {
  return `the task is suspended (ALTER TASK ${formatName(task)} RESUME to include it in graph runs)`;
}

/** Fails with Snowflake's statement-timeout error when the body outlives USER_TASK_TIMEOUT_MS. */
async function withTimeout<T>(work: Promise<T>, task: TaskDefinition): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new SnowflakeError(
          '000630',
          '57014',
          `Statement reached its statement or warehouse timeout of ${task.userTaskTimeoutMs / 1000} second(s) and was canceled ` +
            `(task ${formatName(task)}, USER_TASK_TIMEOUT_MS = ${
              task.userTaskTimeoutMs
            }). Raise USER_TASK_TIMEOUT_MS or make the body faster.`,
        ),
      );
    }, task.userTaskTimeoutMs);
    // A pending task timeout must not keep the process alive on its own.
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Started roots due at `now`:
 * - `<n> MINUTE` (or SECONDS/HOURS): once `n` minutes have passed since the last scheduled run
 *   (or since RESUME, whichever is later); the tick served is the latest one at or before `now`.
 * - cron: when the first matching minute after the last scheduled run's start (or RESUME) is at
 *   or before `now`. Ticks missed while nothing ran are served once, not caught up one by one.
 * - no schedule but a WHEN (a triggered task, e.g. on SYSTEM$STREAM_HAS_DATA): every
 *   USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS; the runner's WHEN check decides whether it runs.
 * Roots with neither run only through EXECUTE TASK.
 */
export async function dueRoots(registry: TaskRegistry, store: TaskHistoryStore, now: Date): Promise<DueRoot[]> {
  const due: DueRoot[] = [];
  for (const task of registry.list()) {
    if (!registry.isRoot(task) || task.state !== 'started') continue;
    const [last] = await store.recent({
      database: task.database,
      schema: task.schema,
      name: task.name,
      rootTaskName: task.name,
      scheduledFrom: 'SCHEDULE',
      limit: 1,
    });
    const scheduledTime = dueTime(task, last, now);
    if (scheduledTime) due.push({ task, scheduledTime });
  }
  return due;
}

function dueTime(task: TaskDefinition, last: TaskHistoryRow | undefined, now: Date): Date | undefined {
  const latest = (...times: (Date | undefined)[]): number => Math.max(...times.map((t) => t?.getTime() ?? 0));
  const { schedule } = task;
  if (schedule?.kind === 'interval') {
    const anchor = latest(task.resumedOn, last?.scheduledTime);
    const period = schedule.seconds * 1000;
    const ticks = Math.floor((now.getTime() - anchor) / period);
    return ticks >= 1 ? new Date(anchor + ticks * period) : undefined;
  }
  if (schedule?.kind === 'cron') {
    const next = nextCronTime(schedule, new Date(latest(task.resumedOn, last?.scheduledTime, last?.queryStartTime)));
    return next && next.getTime() <= now.getTime() ? next : undefined;
  }
  if (task.when !== undefined) {
    const anchor = latest(task.resumedOn, last?.queryStartTime ?? last?.completedTime);
    return now.getTime() - anchor >= task.minimumTriggerIntervalSeconds * 1000 ? now : undefined;
  }
  return undefined;
}
