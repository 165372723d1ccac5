/**
 * The tenant pipeline as a task graph, derived from the SQL objects' declared dependencies:
 * a root task that runs when any RAW stream has data, one staging task per source entity (run
 * when its stream has data), one task per mart table after the tasks that produce what it reads,
 * the insight marts after the KPIs they read, a data-quality task after every staging and mart
 * task, and a finalizer that records the run. Pure: the constructs read the SQL files.
 */
import { FINALIZER_TASK, ROOT_TASK, rawNames } from './names';

/**
 * Where a refresh sits: staging, marts, the insight marts (forecasts, anomalies, recommendations:
 * read from the KPI marts, checked by nothing, so they run beside the quality task rather than
 * before it), or the quality checks.
 */
export type SqlLayer = 'staging' | 'marts' | 'insights' | 'quality';

/** One refresh body from `sql/` and what it reads (its `-- depends on:` header). */
export interface RefreshSpec {
  /** Task name, e.g. `STG_APPOINTMENTS`, `MART_KPI_LOCATION_DAILY`. */
  readonly task: string;
  readonly layer: SqlLayer;
  /** Objects the body writes, e.g. `STAGING.STG_PMS__APPOINTMENTS`. */
  readonly writes: readonly string[];
  /** Objects the body reads, e.g. `RAW.APPOINTMENTS_STREAM`, `MARTS.DIM_DATE`. */
  readonly reads: readonly string[];
  /** Path of the body under `sql/`. */
  readonly file: string;
}

export interface PipelineTask {
  readonly name: string;
  readonly kind: 'root' | SqlLayer | 'finalizer';
  /** Predecessor task names (empty for the root and the finalizer). */
  readonly after: readonly string[];
  readonly file?: string;
  /** The task's WHEN (see taskCondition); absent for the root and the finalizer, which the constructs give their own. */
  readonly when?: string;
}

/** Snowflake allows at most 100 predecessors per task. */
export const MAX_PREDECESSORS = 100;

export class PipelineGraphError extends Error {}

/**
 * Orders refreshes into a task graph. A refresh runs after the refreshes that write what it
 * reads; one that reads only RAW streams (or settings no task writes) runs after the root; the
 * quality tasks run after every staging and mart refresh. Cycles and unknown writers are errors.
 */
export function pipelineGraph(specs: readonly RefreshSpec[]): PipelineTask[] {
  const writer = new Map<string, string>();
  for (const spec of specs) {
    for (const object of spec.writes) {
      const other = writer.get(object);
      if (other) throw new PipelineGraphError(`${object} is written by both ${other} and ${spec.task}; one refresh must own each object`);
      writer.set(object, spec.task);
    }
  }
  const checked = specs.filter((s) => s.layer === 'staging' || s.layer === 'marts').map((s) => s.task);
  const tasks: PipelineTask[] = [{ name: ROOT_TASK, kind: 'root', after: [] }];
  const predecessors = new Map<string, string[]>();
  for (const spec of specs) {
    const after =
      spec.layer === 'quality'
        ? checked
        : [...new Set(spec.reads.map((o) => writer.get(o)).filter((t): t is string => t !== undefined && t !== spec.task))].sort();
    if (after.length > MAX_PREDECESSORS) throw new PipelineGraphError(`${spec.task} would have ${after.length} predecessors; Snowflake allows ${MAX_PREDECESSORS}`);
    predecessors.set(spec.task, after);
  }
  // Topological order (ties by name), so the synthesized graph is stable and cycles are caught.
  const placed = new Set<string>();
  const remaining = new Set(specs.map((s) => s.task));
  while (remaining.size) {
    const ready = [...remaining].filter((t) => predecessors.get(t)!.every((p) => placed.has(p))).sort();
    if (ready.length === 0) throw new PipelineGraphError(`dependency cycle among ${onCycles(remaining, predecessors).sort().join(', ')}`);
    for (const name of ready) {
      const spec = specs.find((s) => s.task === name)!;
      const after = predecessors.get(name)!;
      tasks.push({ name, kind: spec.layer, after: after.length ? after : [ROOT_TASK], file: spec.file, when: taskCondition(spec) });
      placed.add(name);
      remaining.delete(name);
    }
  }
  tasks.push({ name: FINALIZER_TASK, kind: 'finalizer', after: [] });
  return tasks;
}

/** Runs a task when none of its predecessors failed, whether they ran or were skipped. */
const NO_PREDECESSOR_FAILED = "SYSTEM$PREDECESSORS_STATE('NONE_FAILED')";

/**
 * A refresh's WHEN. Snowflake runs a child only when every predecessor succeeded unless its WHEN
 * says otherwise, so each refresh states that a skipped predecessor does not stop it. A refresh
 * that consumes RAW streams has nothing to do without new rows there, so it also waits for them
 * (Snowflake answers SYSTEM$STREAM_HAS_DATA without starting compute): on a day when no location,
 * staff member or product changed, their staging tasks are skipped.
 */
function taskCondition(spec: RefreshSpec): string {
  const hasData = spec.reads.filter(rawNames.isStream).map((stream) => `SYSTEM$STREAM_HAS_DATA('${stream}')`);
  if (hasData.length === 0) return NO_PREDECESSOR_FAILED;
  return `${NO_PREDECESSOR_FAILED} AND ${hasData.length === 1 ? hasData[0] : `(${hasData.join(' OR ')})`}`;
}

/** Of tasks that can never run, those on a cycle: a task that only waits on one is dropped. */
function onCycles(stuck: ReadonlySet<string>, predecessors: ReadonlyMap<string, readonly string[]>): string[] {
  const left = new Set(stuck);
  for (let dropped = true; dropped; ) {
    dropped = false;
    for (const task of left) {
      if (![...left].some((other) => predecessors.get(other)!.includes(task))) dropped = left.delete(task);
    }
  }
  return [...left];
}
