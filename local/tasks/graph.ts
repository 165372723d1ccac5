/**
 * The task registry: task definitions, validated like Snowflake validates task graphs, and the
 * graph queries the runner needs (root of a task, the graph in run order, its finalizer), plus
 * SHOW TASKS / DESCRIBE TASK rows.
 *
 * Rules enforced (each names the task, the value and the fix):
 * - a child task (AFTER) has no SCHEDULE; a finalizer (FINALIZE) has neither AFTER nor SCHEDULE;
 * - predecessors exist, live in the same database and schema, number at most 100, are not
 *   finalizers, have the same owner, and lead to exactly one root; no cycles; at most 1000 tasks
 *   per graph;
 * - a finalizer references an existing root task of the same schema and owner; one per root;
 * - changing a graph (creating, replacing, altering other than SUSPEND, or dropping a child or
 *   finalizer, or hanging a task under a graph) needs the graph's root suspended (091041).
 */
import { objectAlreadyExists, objectDoesNotExist, SnowflakeError } from '../engine/errors';
import { QualifiedName, showFilter } from '../engine/names';
import {
  AlterTaskAction,
  AlterTaskStatement,
  CreateTaskStatement,
  DropTaskStatement,
  formatName,
  quotedName,
  sameName,
  ShowTasksStatement,
  TaskProperties,
} from './statements';
import { TaskSchedule } from './schedule';
import { checkPredecessorConditions, usesPredecessorsState } from './conditions';

/** `started` tasks run on their schedule; new tasks are `suspended`, as in Snowflake. */
export type TaskState = 'started' | 'suspended';

/** Snowflake's defaults for task parameters. */
export const TASK_DEFAULTS = {
  /** SUSPEND_TASK_AFTER_NUM_FAILURES: 10 consecutive failed runs; 0 never suspends. */
  suspendAfterFailures: 10,
  /** TASK_AUTO_RETRY_ATTEMPTS: no automatic graph retries. */
  retryAttempts: 0,
  /** USER_TASK_TIMEOUT_MS: one hour. */
  userTaskTimeoutMs: 3_600_000,
  /** USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS, for triggered tasks (no schedule, a WHEN). */
  minimumTriggerIntervalSeconds: 30,
  allowOverlappingExecution: false,
} as const;

/** Snowflake's limits on task graphs. */
export const TASK_GRAPH_LIMITS = { maxPredecessors: 100, maxTasksPerGraph: 1000 } as const;

/** One task as the registry holds it. */
export interface TaskDefinition extends QualifiedName {
  /** Stable id for this incarnation of the task (changes on CREATE OR REPLACE), as SHOW TASKS.id. */
  readonly id: string;
  /** Role that owns the task and whose privileges its runs use. */
  readonly owner: string;
  /** Warehouse the body runs on; absent for serverless tasks. */
  readonly warehouse?: string;
  readonly userTaskManagedInitialWarehouseSize?: string;
  /** True when no WAREHOUSE is set (Snowflake-managed compute). */
  readonly serverless: boolean;
  /** Absent for child tasks, finalizers, and roots run only by EXECUTE TASK or a stream trigger. */
  readonly schedule?: TaskSchedule;
  /** Predecessors (AFTER); empty for a root or standalone task. */
  readonly after: readonly QualifiedName[];
  /** WHEN expression as written. */
  readonly when?: string;
  /** The root this task finalizes (FINALIZE). */
  readonly finalize?: QualifiedName;
  /** The SQL after AS, as written. */
  readonly body: string;
  /** SUSPEND_TASK_AFTER_NUM_FAILURES; read from the root for a graph. @default 10 */
  readonly suspendAfterFailures: number;
  /** TASK_AUTO_RETRY_ATTEMPTS; read from the root for a graph. @default 0 */
  readonly retryAttempts: number;
  /** @default false */
  readonly allowOverlappingExecution: boolean;
  /** USER_TASK_TIMEOUT_MS. @default 3600000 */
  readonly userTaskTimeoutMs: number;
  /** USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS. @default 30 */
  readonly minimumTriggerIntervalSeconds: number;
  readonly config?: string;
  readonly errorIntegration?: string;
  readonly successIntegration?: string;
  readonly comment?: string;
  /** Session parameters by upper-case name. */
  readonly sessionParameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly state: TaskState;
  readonly createdOn: Date;
  /** Last time the definition changed. */
  readonly lastCommittedOn: Date;
  /** Last RESUME; scheduled runs count their first interval from here. */
  readonly resumedOn?: Date;
  readonly lastSuspendedOn?: Date;
  readonly lastSuspendedReason?: string;
}

/** Who issues a statement. */
export interface TaskSession {
  /** The current role: owner of tasks it creates. */
  readonly role: string;
}

/** Options for {@link TaskRegistry}. */
export interface TaskRegistryOptions {
  /**
   * Clock for created/committed/suspended timestamps.
   * @default () => new Date()
   */
  readonly now?: () => Date;
}

/** A SHOW TASKS / DESCRIBE TASK cell. */
export type ShowTaskValue = string | Date | null;

/** One SHOW TASKS row by column name. */
export type ShowTaskRow = Readonly<Record<string, ShowTaskValue>>;

/** Local code for a task definition Snowflake rejects; the message carries the specifics. */
const INVALID_TASK = { code: '091000', sqlState: '22023' } as const;

function invalidTask(task: QualifiedName, problem: string, fix: string): SnowflakeError {
  return new SnowflakeError(INVALID_TASK.code, INVALID_TASK.sqlState, `Task ${formatName(task)}: ${problem}. ${fix}`);
}

function rootNotSuspended(root: QualifiedName, task: QualifiedName): SnowflakeError {
  return new SnowflakeError(
    '091041',
    '55000',
    `Unable to update graph with root task ${formatName(root)} since that root task is not suspended ` +
      `(changing ${formatName(task)}). Run ALTER TASK ${formatName(root)} SUSPEND first and RESUME it afterwards.`,
  );
}

/** Task definitions of one account. */
export class TaskRegistry {
  private readonly tasks = new Map<string, TaskDefinition>();
  private readonly now: () => Date;
  private nextId = 1;

  constructor(options: TaskRegistryOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /** Applies CREATE, ALTER or DROP TASK and returns Snowflake's status message. */
  apply(statement: CreateTaskStatement | AlterTaskStatement | DropTaskStatement, session: TaskSession): string {
    switch (statement.kind) {
      case 'create':
        return this.create(statement, session);
      case 'alter':
        return this.alter(statement);
      case 'drop':
        return this.drop(statement);
    }
  }

  /** CREATE [OR REPLACE | OR ALTER] TASK [IF NOT EXISTS]. */
  create(statement: CreateTaskStatement, session: TaskSession): string {
    const key = formatName(statement.name);
    const existing = this.tasks.get(key);
    const message = `Task ${statement.name.name} successfully created.`;
    if (existing && statement.ifNotExists) return `${statement.name.name} already exists, statement succeeded.`;
    if (existing && !statement.orReplace && !statement.orAlter) throw objectAlreadyExists(key);
    const now = this.now();
    const keep = existing && statement.orAlter ? existing : undefined;
    const definition: TaskDefinition = {
      ...statement.name,
      id: keep?.id ?? this.newId(),
      owner: keep?.owner ?? session.role,
      ...withProperties(defaultDefinitionFields(), statement.properties),
      after: statement.after,
      ...(statement.when !== undefined && { when: statement.when }),
      body: statement.body,
      state: keep?.state ?? 'suspended',
      createdOn: keep?.createdOn ?? now,
      lastCommittedOn: now,
      ...(keep?.resumedOn && { resumedOn: keep.resumedOn }),
      ...(keep?.lastSuspendedOn && { lastSuspendedOn: keep.lastSuspendedOn }),
      ...(keep?.lastSuspendedReason && { lastSuspendedReason: keep.lastSuspendedReason }),
    };
    this.commit(key, definition);
    return message;
  }

  /** ALTER TASK [IF EXISTS] <name> <action>. */
  alter(statement: AlterTaskStatement): string {
    const key = formatName(statement.name);
    const existing = this.tasks.get(key);
    if (!existing) {
      if (statement.ifExists) return 'Statement executed successfully.';
      throw objectDoesNotExist(key);
    }
    const { action } = statement;
    if (action.kind === 'suspend') {
      this.suspend(statement.name, 'suspended by ALTER TASK ... SUSPEND');
      return 'Statement executed successfully.';
    }
    const now = this.now();
    const changed =
      action.kind === 'resume' ? { ...existing, state: 'started' as const, resumedOn: now } : alterDefinition(existing, action);
    this.commit(key, action.kind === 'resume' ? changed : { ...changed, lastCommittedOn: now });
    return 'Statement executed successfully.';
  }

  /** DROP TASK [IF EXISTS]: dependents lose it as a predecessor; its finalizer becomes standalone. */
  drop(statement: DropTaskStatement): string {
    const key = formatName(statement.name);
    const existing = this.tasks.get(key);
    if (!existing) {
      if (statement.ifExists) return `Drop statement executed successfully (${statement.name.name} already dropped).`;
      throw objectDoesNotExist(key);
    }
    this.requireRootsSuspended(this.tasks, existing, existing, this.tasks);
    this.tasks.delete(key);
    for (const [otherKey, other] of this.tasks) {
      const after = other.after.filter((p) => !sameName(p, existing));
      const finalizesDropped = other.finalize !== undefined && sameName(other.finalize, existing);
      if (after.length === other.after.length && !finalizesDropped) continue;
      this.tasks.set(otherKey, { ...(finalizesDropped ? withoutFinalize(other) : other), after });
    }
    return `${statement.name.name} successfully dropped.`;
  }

  /** Suspends a task (ALTER TASK ... SUSPEND, or the runner after too many failed runs). */
  suspend(name: QualifiedName, reason: string): void {
    const task = this.require(name);
    this.tasks.set(formatName(name), { ...task, state: 'suspended', lastSuspendedOn: this.now(), lastSuspendedReason: reason });
  }

  get(name: QualifiedName): TaskDefinition | undefined {
    return this.tasks.get(formatName(name));
  }

  /** The task, or Snowflake's "does not exist or not authorized" error. */
  require(name: QualifiedName): TaskDefinition {
    const task = this.get(name);
    if (!task) throw objectDoesNotExist(formatName(name));
    return task;
  }

  /** All tasks, optionally of one database or schema, ordered by database, schema, name. */
  list(scope: { readonly database?: string; readonly schema?: string } = {}): TaskDefinition[] {
    return [...this.tasks.values()]
      .filter(
        (t) =>
          (scope.database === undefined || t.database === scope.database) &&
          (scope.schema === undefined || t.schema === scope.schema),
      )
      .sort(compareTasks);
  }

  /** True for a task that starts a graph: no predecessors and not a finalizer. */
  isRoot(task: TaskDefinition): boolean {
    return task.after.length === 0 && task.finalize === undefined;
  }

  /** Direct dependents (tasks listing this one in AFTER), by name. */
  childrenOf(name: QualifiedName): TaskDefinition[] {
    return this.list(name).filter((t) => t.after.some((p) => sameName(p, name)));
  }

  /** The root of the graph the task belongs to (itself for a root; the finalized root for a finalizer). */
  rootOf(name: QualifiedName): TaskDefinition {
    const [root] = rootKeys(this.tasks, this.require(name));
    return this.tasks.get(root) ?? this.require(name);
  }

  /** The finalizer of a root, if it has one. */
  finalizerOf(root: QualifiedName): TaskDefinition | undefined {
    return this.list(root).find((t) => t.finalize !== undefined && sameName(t.finalize, root));
  }

  /**
   * The root's graph in run order, without its finalizer: a topological order where, among
   * tasks ready at the same time, the one with the smaller name goes first (deterministic).
   */
  graphOf(root: QualifiedName): TaskDefinition[] {
    const start = this.require(root);
    if (!this.isRoot(start)) {
      throw invalidTask(start, 'is not a root task', `Use its root ${formatName(this.rootOf(start))} instead.`);
    }
    const members = new Map<string, TaskDefinition>();
    const pending = [start];
    while (pending.length > 0) {
      const task = pending.pop() as TaskDefinition;
      const key = formatName(task);
      if (members.has(key)) continue;
      members.set(key, task);
      pending.push(...this.childrenOf(task));
    }
    const remaining = new Map([...members].map(([key, task]) => [key, task.after.length]));
    const order: TaskDefinition[] = [];
    let ready = [start];
    while (ready.length > 0) {
      ready.sort(compareTasks);
      const task = ready.shift() as TaskDefinition;
      order.push(task);
      for (const child of this.childrenOf(task)) {
        const key = formatName(child);
        const left = (remaining.get(key) ?? 0) - 1;
        remaining.set(key, left);
        if (left === 0) ready = [...ready, child];
      }
    }
    return order;
  }

  /** SHOW [TERSE] TASKS rows, of the tasks `visible` lets through (those the role has a privilege on) before LIMIT. */
  show(statement: ShowTasksStatement, visible: (task: TaskDefinition) => boolean = () => true): ShowTaskRow[] {
    const listed = showFilter(statement);
    let tasks = this.list().filter(
      (t) =>
        visible(t) &&
        listed(t) &&
        (statement.startsWith === undefined || t.name.startsWith(statement.startsWith)) &&
        (!statement.rootOnly || t.after.length === 0),
    );
    if (statement.limitFrom !== undefined) tasks = tasks.filter((t) => t.name > (statement.limitFrom as string));
    if (statement.limit !== undefined) tasks = tasks.slice(0, statement.limit);
    return tasks.map((t) => (statement.terse ? terseRow(t) : this.showRow(t)));
  }

  /** DESCRIBE TASK: the task's SHOW TASKS row. */
  describe(name: QualifiedName): ShowTaskRow[] {
    return [this.showRow(this.require(name))];
  }

  /** A SHOW TASKS row; its keys, in this order, are Snowflake's SHOW TASKS columns. */
  private showRow(task: TaskDefinition): ShowTaskRow {
    const finalizer = this.finalizerOf(task);
    const relations = {
      Predecessors: task.after.map(quotedName),
      ...(finalizer && { FinalizerTask: quotedName(finalizer) }),
      ...(task.finalize && { FinalizedRootTask: quotedName(task.finalize) }),
    };
    return {
      created_on: task.createdOn,
      name: task.name,
      id: task.id,
      database_name: task.database,
      schema_name: task.schema,
      owner: task.owner,
      comment: task.comment ?? null,
      warehouse: task.warehouse ?? null,
      schedule: task.schedule?.text ?? null,
      predecessors: JSON.stringify(task.after.map(quotedName)),
      state: task.state,
      definition: task.body,
      condition: task.when ?? null,
      allow_overlapping_execution: String(task.allowOverlappingExecution),
      error_integration: task.errorIntegration ?? null,
      last_committed_on: task.lastCommittedOn,
      last_suspended_on: task.lastSuspendedOn ?? null,
      owner_role_type: 'ROLE',
      config: task.config ?? null,
      budget: null,
      task_relations: JSON.stringify(relations),
      last_suspended_reason: task.lastSuspendedReason ?? null,
    };
  }

  private newId(): string {
    return `01${String(this.nextId++).padStart(14, '0')}`;
  }

  /** Validates `definition` in place of `key` against the whole registry, then stores it. */
  private commit(key: string, definition: TaskDefinition): void {
    const candidate = new Map(this.tasks);
    candidate.set(key, definition);
    validateTask(candidate, definition);
    validateSchemaGraphs(candidate, definition);
    const previous = this.tasks.get(key);
    this.requireRootsSuspended(this.tasks, previous, definition, candidate);
    this.tasks.set(key, definition);
  }

  /**
   * Snowflake refuses to change a graph while its root runs on schedule. The roots involved are
   * those of the task before and after the change, except the task itself when it is (and
   * stays) a root: changing a root's own properties is allowed.
   */
  private requireRootsSuspended(
    before: ReadonlyMap<string, TaskDefinition>,
    previous: TaskDefinition | undefined,
    next: TaskDefinition,
    after: ReadonlyMap<string, TaskDefinition>,
  ): void {
    const self = formatName(next);
    const stillRoot = previous !== undefined && this.isRoot(previous) && this.isRoot(next);
    const roots = new Set([...(previous ? rootKeys(before, previous) : []), ...rootKeys(after, next)]);
    for (const rootKey of roots) {
      if (rootKey === self && (stillRoot || previous === undefined)) continue;
      const root = before.get(rootKey);
      if (root?.state === 'started') throw rootNotSuspended(root, next);
    }
  }
}

function compareTasks(a: QualifiedName, b: QualifiedName): number {
  return (
    a.database.localeCompare(b.database) || a.schema.localeCompare(b.schema) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

type DefinitionFields = Omit<
  TaskDefinition,
  | keyof QualifiedName
  | 'id'
  | 'owner'
  | 'after'
  | 'when'
  | 'body'
  | 'state'
  | 'createdOn'
  | 'lastCommittedOn'
  | 'resumedOn'
  | 'lastSuspendedOn'
  | 'lastSuspendedReason'
>;

function defaultDefinitionFields(): DefinitionFields {
  return {
    serverless: true,
    suspendAfterFailures: TASK_DEFAULTS.suspendAfterFailures,
    retryAttempts: TASK_DEFAULTS.retryAttempts,
    allowOverlappingExecution: TASK_DEFAULTS.allowOverlappingExecution,
    userTaskTimeoutMs: TASK_DEFAULTS.userTaskTimeoutMs,
    minimumTriggerIntervalSeconds: TASK_DEFAULTS.minimumTriggerIntervalSeconds,
    sessionParameters: {},
    tags: {},
  };
}

/** Applies written properties over `fields` (CREATE over defaults, ALTER ... SET over the current task). */
function withProperties<T extends DefinitionFields>(fields: T, p: TaskProperties): T {
  const warehouseChosen = p.warehouse !== undefined;
  const sizeChosen = p.userTaskManagedInitialWarehouseSize !== undefined;
  // Choosing a warehouse makes the task warehouse-bound; choosing a serverless size makes it serverless.
  const { warehouse, userTaskManagedInitialWarehouseSize, ...rest } = fields;
  const keepWarehouse = !sizeChosen && warehouse !== undefined ? { warehouse } : {};
  const keepSize =
    !warehouseChosen && userTaskManagedInitialWarehouseSize !== undefined ? { userTaskManagedInitialWarehouseSize } : {};
  const next = {
    ...rest,
    ...keepWarehouse,
    ...keepSize,
    ...(p.warehouse !== undefined && { warehouse: p.warehouse }),
    ...(p.userTaskManagedInitialWarehouseSize !== undefined && {
      userTaskManagedInitialWarehouseSize: p.userTaskManagedInitialWarehouseSize,
    }),
    ...(p.schedule !== undefined && { schedule: p.schedule }),
    ...(p.config !== undefined && { config: p.config }),
    ...(p.allowOverlappingExecution !== undefined && { allowOverlappingExecution: p.allowOverlappingExecution }),
    ...(p.userTaskTimeoutMs !== undefined && { userTaskTimeoutMs: p.userTaskTimeoutMs }),
    ...(p.suspendTaskAfterNumFailures !== undefined && { suspendAfterFailures: p.suspendTaskAfterNumFailures }),
    ...(p.taskAutoRetryAttempts !== undefined && { retryAttempts: p.taskAutoRetryAttempts }),
    ...(p.userTaskMinimumTriggerIntervalInSeconds !== undefined && {
      minimumTriggerIntervalSeconds: p.userTaskMinimumTriggerIntervalInSeconds,
    }),
    ...(p.errorIntegration !== undefined && { errorIntegration: p.errorIntegration }),
    ...(p.successIntegration !== undefined && { successIntegration: p.successIntegration }),
    ...(p.comment !== undefined && { comment: p.comment }),
    ...(p.finalize !== undefined && { finalize: p.finalize }),
    sessionParameters: { ...fields.sessionParameters, ...p.sessionParameters },
    tags: { ...fields.tags, ...p.tags },
  } as T;
  return { ...next, serverless: next.warehouse === undefined };
}

/** Properties ALTER TASK ... UNSET resets, mapped to the definition field and its default. */
const UNSET_FIELDS: Readonly<Record<string, { field: keyof TaskDefinition; reset?: unknown }>> = {
  WAREHOUSE: { field: 'warehouse' },
  USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE: { field: 'userTaskManagedInitialWarehouseSize' },
  SCHEDULE: { field: 'schedule' },
  CONFIG: { field: 'config' },
  ALLOW_OVERLAPPING_EXECUTION: { field: 'allowOverlappingExecution', reset: TASK_DEFAULTS.allowOverlappingExecution },
  USER_TASK_TIMEOUT_MS: { field: 'userTaskTimeoutMs', reset: TASK_DEFAULTS.userTaskTimeoutMs },
  SUSPEND_TASK_AFTER_NUM_FAILURES: { field: 'suspendAfterFailures', reset: TASK_DEFAULTS.suspendAfterFailures },
  TASK_AUTO_RETRY_ATTEMPTS: { field: 'retryAttempts', reset: TASK_DEFAULTS.retryAttempts },
  USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS: {
    field: 'minimumTriggerIntervalSeconds',
    reset: TASK_DEFAULTS.minimumTriggerIntervalSeconds,
  },
  ERROR_INTEGRATION: { field: 'errorIntegration' },
  SUCCESS_INTEGRATION: { field: 'successIntegration' },
  COMMENT: { field: 'comment' },
};

/** The definition after one ALTER action (other than RESUME/SUSPEND). */
function alterDefinition(task: TaskDefinition, action: Exclude<AlterTaskAction, { kind: 'resume' | 'suspend' }>): TaskDefinition {
  switch (action.kind) {
    case 'set':
      return withProperties(task, action.properties);
    case 'unset': {
      const next: Record<string, unknown> = { ...task, sessionParameters: { ...task.sessionParameters } };
      for (const name of action.names) {
        const target = UNSET_FIELDS[name];
        if (!target) delete (next.sessionParameters as Record<string, string>)[name];
        else if (target.reset === undefined) delete next[target.field];
        else next[target.field] = target.reset;
      }
      return { ...(next as unknown as TaskDefinition), serverless: next.warehouse === undefined };
    }
    case 'addAfter':
      return { ...task, after: [...task.after, ...action.tasks.filter((t) => !task.after.some((p) => sameName(p, t)))] };
    case 'removeAfter': {
      const missing = action.tasks.find((t) => !task.after.some((p) => sameName(p, t)));
      if (missing) {
        throw invalidTask(
          task,
          `${formatName(missing)} is not a predecessor`,
          `Its predecessors are: ${task.after.map(formatName).join(', ') || 'none'}.`,
        );
      }
      return { ...task, after: task.after.filter((p) => !action.tasks.some((t) => sameName(p, t))) };
    }
    case 'setFinalize':
      return { ...task, finalize: action.root };
    case 'unsetFinalize':
      return withoutFinalize(task);
    case 'modifyAs':
      return { ...task, body: action.body };
    case 'modifyWhen':
      return { ...task, when: action.when };
    case 'removeWhen': {
      const { when, ...rest } = task;
      return when !== undefined ? rest : task;
    }
    case 'setTags':
      return { ...task, tags: { ...task.tags, ...action.tags } };
    case 'unsetTags':
      return { ...task, tags: Object.fromEntries(Object.entries(task.tags).filter(([tag]) => !action.names.includes(tag))) };
  }
}

function withoutFinalize(task: TaskDefinition): TaskDefinition {
  const { finalize, ...rest } = task;
  return finalize ? rest : task;
}

/** Checks one task's own definition against the (candidate) registry. */
function validateTask(tasks: ReadonlyMap<string, TaskDefinition>, task: TaskDefinition): void {
  if (task.schedule && task.after.length > 0) {
    throw invalidTask(
      task,
      `a child task (AFTER ${task.after.map(formatName).join(', ')}) cannot have a SCHEDULE ('${task.schedule.text}')`,
      'Only the root task is scheduled; remove SCHEDULE or AFTER.',
    );
  }
  if (task.finalize && (task.after.length > 0 || task.schedule)) {
    throw invalidTask(
      task,
      `a finalizer (FINALIZE = ${formatName(task.finalize)}) cannot have ${task.schedule ? 'a SCHEDULE' : 'AFTER'}`,
      'It runs after its root task graph; remove SCHEDULE and AFTER.',
    );
  }
  if (task.when !== undefined) {
    checkPredecessorConditions(task.when, formatName(task));
    if (usesPredecessorsState(task.when) && task.after.length === 0) {
      throw invalidTask(
        task,
        'its WHEN calls SYSTEM$PREDECESSORS_STATE but it has no predecessors',
        'Only a child task (AFTER ...) can test its predecessors; add AFTER or remove the call.',
      );
    }
  }
  if (task.after.length > TASK_GRAPH_LIMITS.maxPredecessors) {
    throw invalidTask(
      task,
      `has ${task.after.length} predecessors`,
      `Snowflake allows at most ${TASK_GRAPH_LIMITS.maxPredecessors}; split the graph.`,
    );
  }
  const self = formatName(task);
  for (const predecessor of task.after) {
    checkSameGraphNeighbour(tasks, task, predecessor, 'predecessor');
    const key = formatName(predecessor);
    if (key === self) throw invalidTask(task, 'lists itself in AFTER', 'Remove it from AFTER.');
    const found = tasks.get(key) as TaskDefinition;
    if (found.finalize) {
      throw invalidTask(
        task,
        `predecessor ${key} is a finalizer (of ${formatName(found.finalize)})`,
        'A finalizer cannot have child tasks; pick another predecessor.',
      );
    }
  }
  if (task.finalize) {
    checkSameGraphNeighbour(tasks, task, task.finalize, 'finalized root');
    const root = tasks.get(formatName(task.finalize)) as TaskDefinition;
    if (formatName(root) === self || root.after.length > 0 || root.finalize) {
      throw invalidTask(
        task,
        `FINALIZE = ${formatName(root)} is not a root task`,
        'FINALIZE must name the root task of a graph (a task without AFTER).',
      );
    }
    const other = [...tasks.values()].find((t) => t.finalize && sameName(t.finalize, root) && formatName(t) !== self);
    if (other) {
      throw invalidTask(
        task,
        `root ${formatName(root)} already has the finalizer ${formatName(other)}`,
        `A root has one finalizer; drop ${formatName(other)} or UNSET FINALIZE on it first.`,
      );
    }
  }
  const dependents = [...tasks.values()].filter((t) => t.after.some((p) => formatName(p) === self));
  if (task.finalize && dependents.length > 0) {
    throw invalidTask(
      task,
      `a finalizer cannot have child tasks (${dependents.map(formatName).join(', ')} run AFTER it)`,
      'Remove it from their AFTER first.',
    );
  }
  const finalizer = [...tasks.values()].find((t) => t.finalize && formatName(t.finalize) === self);
  if (finalizer && task.after.length > 0) {
    throw invalidTask(
      task,
      `has the finalizer ${formatName(finalizer)}, so it must stay a root task (got AFTER)`,
      `UNSET FINALIZE on ${formatName(finalizer)} first.`,
    );
  }
}

/** A predecessor or finalized root must exist in the same database and schema, with the same owner. */
function checkSameGraphNeighbour(
  tasks: ReadonlyMap<string, TaskDefinition>,
  task: TaskDefinition,
  other: QualifiedName,
  role: string,
): void {
  if (other.database !== task.database || other.schema !== task.schema) {
    throw invalidTask(
      task,
      `${role} ${formatName(other)} is in schema ${other.database}.${other.schema}, not ${task.database}.${task.schema}`,
      'All tasks of a graph live in one database and schema; create the task there.',
    );
  }
  const found = tasks.get(formatName(other));
  if (!found) throw objectDoesNotExist(formatName(other));
  if (found.owner !== task.owner) {
    throw invalidTask(
      task,
      `${role} ${formatName(other)} is owned by ${found.owner}, this task by ${task.owner}`,
      'All tasks of a graph must have the same owner role.',
    );
  }
}

/** Keys of the root(s) a task leads to (a finalizer leads to the root it finalizes). */
function rootKeys(tasks: ReadonlyMap<string, TaskDefinition>, task: TaskDefinition): Set<string> {
  const roots = new Set<string>();
  const seen = new Set<string>();
  const pending: TaskDefinition[] = [task];
  while (pending.length > 0) {
    const current = pending.pop() as TaskDefinition;
    const key = formatName(current);
    if (seen.has(key)) continue;
    seen.add(key);
    const next = current.finalize ? [current.finalize] : current.after;
    if (next.length === 0) roots.add(key);
    for (const name of next) {
      const found = tasks.get(formatName(name));
      if (found) pending.push(found);
    }
  }
  return roots;
}

/** Cycles, one root per task, and graph size, over the changed task's schema. */
function validateSchemaGraphs(tasks: ReadonlyMap<string, TaskDefinition>, changed: TaskDefinition): void {
  const schemaTasks = [...tasks.values()].filter((t) => t.database === changed.database && t.schema === changed.schema);
  const cycle = findCycle(tasks, schemaTasks);
  if (cycle) {
    throw invalidTask(
      changed,
      `AFTER would create a cycle: ${cycle.join(' -> ')}`,
      'A task graph must be acyclic; remove one of these AFTER links.',
    );
  }
  const sizes = new Map<string, number>();
  for (const task of schemaTasks) {
    const roots = rootKeys(tasks, task);
    if (roots.size > 1) {
      throw invalidTask(
        task,
        `its predecessors belong to different root tasks (${[...roots].sort().join(', ')})`,
        'A task graph has exactly one root; make every predecessor part of the same graph.',
      );
    }
    for (const root of roots) sizes.set(root, (sizes.get(root) ?? 0) + 1);
  }
  for (const [root, size] of sizes) {
    if (size > TASK_GRAPH_LIMITS.maxTasksPerGraph) {
      throw invalidTask(
        changed,
        `the graph of ${root} would have ${size} tasks`,
        `Snowflake allows at most ${TASK_GRAPH_LIMITS.maxTasksPerGraph}; split it.`,
      );
    }
  }
}

/** A cycle along AFTER links (as task names, first repeated at the end), or undefined. */
function findCycle(tasks: ReadonlyMap<string, TaskDefinition>, schemaTasks: readonly TaskDefinition[]): string[] | undefined {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (key: string): string[] | undefined => {
    const at = onPath.indexOf(key);
    if (at >= 0) return [...onPath.slice(at), key];
    if (done.has(key)) return undefined;
    onPath.push(key);
    for (const predecessor of tasks.get(key)?.after ?? []) {
      const cycle = visit(formatName(predecessor));
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(key);
    return undefined;
  };
  for (const task of schemaTasks) {
    const cycle = visit(formatName(task));
    if (cycle) return cycle.reverse();
  }
  return undefined;
}

/** A SHOW TERSE TASKS row; its keys, in this order, are Snowflake's SHOW TERSE TASKS columns. */
function terseRow(task: TaskDefinition): ShowTaskRow {
  return {
    created_on: task.createdOn,
    name: task.name,
    kind: 'TASK',
    database_name: task.database,
    schema_name: task.schema,
    schedule: task.schedule?.text ?? null,
  };
}

