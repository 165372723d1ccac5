/**
 * Task history: one row per task run attempt, shaped like INFORMATION_SCHEMA.TASK_HISTORY, and
 * the store the runner writes to. The in-memory store serves tests and one-shot runs; a
 * persistent store implements the same interface (the async signatures allow a database).
 */
import { QualifiedName } from '../engine/names';

/**
 * Snowflake's TASK_HISTORY states, plus `NOT_EXECUTED`: a task whose predecessor failed (or was
 * itself not executed) does not run. Snowflake writes no TASK_HISTORY row for it and reports
 * `NOT_EXECUTED` only through SYSTEM$TASK_COMPLETION_STATE; the local store keeps a row so a
 * local run shows every task of the graph. A TASK_HISTORY view over this store should filter
 * `NOT_EXECUTED` out to match Snowflake.
 */
export type TaskRunState = 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CANCELLED' | 'NOT_EXECUTED';

/** What started a graph run (TASK_HISTORY.SCHEDULED_FROM). */
export type ScheduledFrom = 'SCHEDULE' | 'EXECUTE_TASK';

/** One attempt of one task in one graph run. */
export interface TaskHistoryRow {
  /** Query id of the task body's statement; absent when the body did not start. */
  readonly queryId?: string;
  /** The graph run (TASK_HISTORY.GRAPH_RUN_GROUP_ID): shared by every task and attempt of one run. */
  readonly runId: string;
  readonly database: string;
  readonly schema: string;
  /** Task name (unqualified, as TASK_HISTORY.NAME). */
  readonly name: string;
  /** Name of the graph's root task; the graph lives in the same database and schema. */
  readonly rootTaskName: string;
  readonly state: TaskRunState;
  /** 1 for the first attempt, +1 for each automatic retry of the graph (TASK_AUTO_RETRY_ATTEMPTS). */
  readonly attemptNumber: number;
  readonly scheduledFrom: ScheduledFrom;
  /** When the graph run was scheduled to start. */
  readonly scheduledTime: Date;
  /** When the body started; absent when it never did (skipped, not executed, cancelled before start). */
  readonly queryStartTime?: Date;
  readonly completedTime: Date;
  /** completedTime - queryStartTime (0 when the body did not start). */
  readonly durationMs: number;
  /** Rows inserted/updated/deleted/returned by the body, as the engine reports them. */
  readonly rowsProduced: number;
  /** Snowflake error code (a string: leading zeros matter) when the run failed. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** Value set with SYSTEM$SET_RETURN_VALUE, when the engine reports one. */
  readonly returnValue?: string;
  /** The body that ran (TASK_HISTORY.QUERY_TEXT). */
  readonly queryText: string;
  /** The WHEN expression (TASK_HISTORY.CONDITION_TEXT). */
  readonly conditionText?: string;
  /** Local addition: why a task did not run (WHEN false, predecessor failed, suspended, overlap). */
  readonly reason?: string;
}

/** Filter for {@link TaskHistoryStore.recent}; every given field must match. */
export interface TaskHistoryFilter {
  readonly database?: string;
  readonly schema?: string;
  /** Task name (unqualified). */
  readonly name?: string;
  readonly rootTaskName?: string;
  readonly runId?: string;
  readonly states?: readonly TaskRunState[];
  readonly scheduledFrom?: ScheduledFrom;
  /** Only rows completed at or after this time. */
  readonly since?: Date;
  /**
   * At most this many rows, newest first.
   * @default 100 (TASK_HISTORY's default RESULT_LIMIT)
   */
  readonly limit?: number;
}

/** Where task history lives. */
export interface TaskHistoryStore {
  /** Records one row. */
  append(row: TaskHistoryRow): Promise<void>;
  /** Rows matching the filter, newest first (by completedTime, then by insertion). */
  recent(filter?: TaskHistoryFilter): Promise<readonly TaskHistoryRow[]>;
  /**
   * Consecutive FAILED graph runs of this root, counting back from its newest run until one
   * that SUCCEEDED. Runs skipped by the root's WHEN or cancelled neither count nor break the
   * streak (they are not completed graph runs in COMPLETE_TASK_GRAPHS either).
   */
  consecutiveFailures(root: QualifiedName): Promise<number>;
}

/** Outcome of one graph run (the COMPLETE_TASK_GRAPHS.STATE, plus SKIPPED for a root skipped by WHEN). */
export type GraphRunState = 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'SKIPPED';

/** One graph run summarised from its rows. */
export interface GraphRunSummary {
  readonly runId: string;
  readonly database: string;
  readonly schema: string;
  readonly rootTaskName: string;
  readonly state: GraphRunState;
  /** Highest attempt number in the run. */
  readonly attempts: number;
  readonly scheduledTime: Date;
  readonly completedTime: Date;
  /** The first row (in run order) that failed, when any did. */
  readonly firstError?: TaskHistoryRow;
}

/**
 * The state of a graph run from its rows (in the order they were written): each task counts
 * with its last attempt; any CANCELLED makes it CANCELLED, else any FAILED makes it FAILED; a
 * run whose only row is the root SKIPPED is SKIPPED; anything else SUCCEEDED (skipped children
 * do not fail a graph, as in COMPLETE_TASK_GRAPHS).
 */
export function graphRunState(rows: readonly TaskHistoryRow[]): GraphRunState {
  const last = new Map<string, TaskHistoryRow>();
  for (const row of rows) {
    const previous = last.get(row.name);
    if (!previous || row.attemptNumber >= previous.attemptNumber) last.set(row.name, row);
  }
  const states = [...last.values()].map((row) => row.state);
  if (states.includes('CANCELLED')) return 'CANCELLED';
  if (states.includes('FAILED')) return 'FAILED';
  if (rows.length > 0 && rows.every((row) => row.name === row.rootTaskName && row.state === 'SKIPPED')) return 'SKIPPED';
  return 'SUCCEEDED';
}

/** Groups rows (in write order) into graph runs, in the order the runs started. */
export function summarizeGraphRuns(rows: readonly TaskHistoryRow[]): GraphRunSummary[] {
  const byRun = new Map<string, TaskHistoryRow[]>();
  for (const row of rows) {
    const group = byRun.get(row.runId);
    if (group) group.push(row);
    else byRun.set(row.runId, [row]);
  }
  return [...byRun.entries()].map(([runId, group]) => {
    const first = group[0];
    const firstError = group.find((row) => row.state === 'FAILED');
    return {
      runId,
      database: first.database,
      schema: first.schema,
      rootTaskName: first.rootTaskName,
      state: graphRunState(group),
      attempts: Math.max(...group.map((row) => row.attemptNumber)),
      scheduledTime: first.scheduledTime,
      completedTime: new Date(Math.max(...group.map((row) => row.completedTime.getTime()))),
      ...(firstError && { firstError }),
    };
  });
}

/** Counts the newest consecutive FAILED runs; SKIPPED and CANCELLED runs are passed over. */
export function countConsecutiveFailures(runs: readonly GraphRunSummary[]): number {
  let failures = 0;
  for (let i = runs.length - 1; i >= 0; i--) {
    const { state } = runs[i];
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED') failures++;
  }
  return failures;
}

const DEFAULT_LIMIT = 100;

/** Task history in memory, in write order. */
export class InMemoryTaskHistoryStore implements TaskHistoryStore {
  private readonly rows: TaskHistoryRow[] = [];

  async append(row: TaskHistoryRow): Promise<void> {
    this.rows.push(row);
  }

  async recent(filter: TaskHistoryFilter = {}): Promise<readonly TaskHistoryRow[]> {
    const matching = this.rows
      .map((row, index) => ({ row, index }))
      .filter(({ row }) => matches(row, filter))
      .sort((a, b) => b.row.completedTime.getTime() - a.row.completedTime.getTime() || b.index - a.index)
      .map(({ row }) => row);
    return matching.slice(0, filter.limit ?? DEFAULT_LIMIT);
  }

  async consecutiveFailures(root: QualifiedName): Promise<number> {
    const rows = this.rows.filter(
      (row) => row.database === root.database && row.schema === root.schema && row.rootTaskName === root.name,
    );
    return countConsecutiveFailures(summarizeGraphRuns(rows));
  }
}

function matches(row: TaskHistoryRow, filter: TaskHistoryFilter): boolean {
  return (
    (filter.database === undefined || row.database === filter.database) &&
    (filter.schema === undefined || row.schema === filter.schema) &&
    (filter.name === undefined || row.name === filter.name) &&
    (filter.rootTaskName === undefined || row.rootTaskName === filter.rootTaskName) &&
    (filter.runId === undefined || row.runId === filter.runId) &&
    (filter.states === undefined || filter.states.includes(row.state)) &&
    (filter.scheduledFrom === undefined || row.scheduledFrom === filter.scheduledFrom) &&
    (filter.since === undefined || row.completedTime.getTime() >= filter.since.getTime())
  );
}
