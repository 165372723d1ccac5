/**
 * Tasks inside the local account: task DDL goes to the registry (and is replayed when the
 * account opens), EXECUTE TASK runs the graph with bodies executed as the task owner in the
 * task's schema, and every run lands in a persisted TASK_HISTORY.
 */
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import type { LocalEngine } from '../engine/engine';
import { SnowflakeError, objectDoesNotExist } from '../engine/errors';
import { TaskRegistry } from '../tasks/graph';
import { InMemoryTaskHistoryStore, TaskHistoryRow } from '../tasks/history';
import { GraphRunResult, RunGraphOptions, TaskExecutionContext, TaskExecutionResult, WhenOutcome, runGraph } from '../tasks/runner';
import { QualifiedName } from '../engine/names';
import { TaskStatement, formatName, parseTaskStatement } from '../tasks/statements';
import { appendJsonLine, readJsonLines } from './json-lines';

/**
 * Tasks of a graph run at once: one per core. Snowflake runs every ready branch at once; locally
 * more branches than cores would only queue for them, each holding its transaction open longer.
 */
const GRAPH_PARALLELISM = availableParallelism();

const DATE_FIELDS = ['scheduledTime', 'queryStartTime', 'completedTime'] as const;

/**
 * Task history kept in memory for the runner and appended to a file of JSON lines
 * (json-lines.ts), one per row: a DuckDB insert per task run committed and synced each time
 * (2-3 ms, about 70 ms of a graph run). An older account's history table moves into the file when
 * it opens.
 */
class PersistentHistoryStore extends InMemoryTaskHistoryStore {
  constructor(
    private readonly engine: LocalEngine,
    private readonly file: string,
  ) {
    super();
  }

  async load(): Promise<void> {
    const [table] = await this.engine.system("SELECT 1 FROM information_schema.tables WHERE table_schema = 'sf_system' AND table_name = 'task_history'");
    if (table) {
      const rows = await this.engine.system('SELECT row FROM sf_system.task_history');
      fs.appendFileSync(this.file, rows.map(([json]) => `${String(json)}\n`).join(''));
      await this.engine.system('DROP TABLE sf_system.task_history');
    }
    for (const row of readJsonLines(this.file)) {
      for (const field of DATE_FIELDS) if (typeof row[field] === 'string') row[field] = new Date(row[field] as string);
      await super.append(row as unknown as TaskHistoryRow);
    }
  }

  override async append(row: TaskHistoryRow): Promise<void> {
    await super.append(row);
    appendJsonLine(this.file, row);
  }
}

/** What the service needs from the account. */
export interface TaskHost {
  /** Runs SQL as `as.role` in `as.database`.`as.schema` with the query tag; returns rows and query id. */
  run(sql: string, as: TaskExecutionContext): Promise<TaskExecutionResult>;
  /** Evaluates a WHEN expression in the task's context. */
  evaluate(expression: string, as: TaskExecutionContext): Promise<WhenOutcome>;
  /** Does `role` hold `privilege` on the schema (or own it)? */
  canOnSchema(role: string, privilege: string, database: string, schema: string): boolean;
  /** Does `role` own, or hold OPERATE on, the task? */
  canOperate(role: string, task: QualifiedName, owner: string): boolean;
  /** May `role` see the task (own it or hold a privilege on it)? SHOW and DESCRIBE list nothing else. */
  canSee(role: string, task: QualifiedName): boolean;
  onCreated(task: QualifiedName, owner: string): void;
  onDropped(task: QualifiedName): void;
}

interface ReplayedStatement {
  readonly sql: string;
  readonly database?: string;
  readonly schema?: string;
  readonly role: string;
}

export class TaskService {
  readonly registry = new TaskRegistry();
  private readonly history: PersistentHistoryStore;
  private readonly ddl: ReplayedStatement[] = [];

  private constructor(
    private readonly engine: LocalEngine,
    historyFile: string,
    private readonly host: TaskHost,
  ) {
    this.history = new PersistentHistoryStore(engine, historyFile);
  }

  /** Opens the service on the account's engine, its task history in `historyFile` (JSON lines). */
  static async open(engine: LocalEngine, historyFile: string, host: TaskHost): Promise<TaskService> {
    const service = new TaskService(engine, historyFile, host);
    await service.history.load();
    const [[saved] = []] = await engine.system("SELECT value FROM sf_system.state WHERE key = 'task_ddl'");
    for (const statement of saved ? (JSON.parse(String(saved)) as ReplayedStatement[]) : []) {
      const parsed = parseTaskStatement(statement.sql, { ...(statement.database ? { database: statement.database } : {}), ...(statement.schema ? { schema: statement.schema } : {}) });
      if (parsed.kind === 'create' || parsed.kind === 'alter' || parsed.kind === 'drop') service.registry.apply(parsed, { role: statement.role });
      service.ddl.push(statement);
    }
    return service;
  }

  get historyStore(): InMemoryTaskHistoryStore {
    return this.history;
  }

  /** Handles one task statement; returns the status text, or the SHOW rows. */
  async execute(sql: string, session: { role: string; database?: string; schema?: string }): Promise<{ status?: string; rows?: Record<string, unknown>[]; run?: GraphRunResult }> {
    const context = { ...(session.database ? { database: session.database } : {}), ...(session.schema ? { schema: session.schema } : {}) };
    const statement: TaskStatement = parseTaskStatement(sql, context);
    switch (statement.kind) {
      case 'create': {
        if (!this.host.canOnSchema(session.role, 'CREATE TASK', statement.name.database, statement.name.schema)) {
          throw new SnowflakeError('003001', '42501', `SQL access control error:\nInsufficient privileges to operate on schema '${statement.name.database}.${statement.name.schema}'.`);
        }
        const status = this.registry.apply(statement, { role: session.role });
        this.host.onCreated(statement.name, session.role);
        await this.remember(sql, session);
        return { status };
      }
      case 'alter':
      case 'drop': {
        const existing = this.registry.get(statement.name);
        if (existing && !this.host.canOperate(session.role, statement.name, existing.owner)) {
          throw new SnowflakeError('003001', '42501', `SQL access control error:\nInsufficient privileges to operate on task '${formatName(statement.name)}'.`);
        }
        const status = this.registry.apply(statement, { role: session.role });
        if (statement.kind === 'drop') this.host.onDropped(statement.name);
        await this.remember(sql, session);
        return { status };
      }
      case 'execute': {
        const task = this.registry.require(statement.name);
        if (!this.host.canOperate(session.role, statement.name, task.owner)) {
          throw new SnowflakeError('003001', '42501', `SQL access control error:\nInsufficient privileges to operate on task '${formatName(statement.name)}'.`);
        }
        const run = await this.runGraph(statement.name);
        return { status: `Task ${task.name} is scheduled to run immediately.`, run };
      }
      case 'show':
        return { rows: this.registry.show(statement, (task) => this.host.canSee(session.role, task)).map((r) => ({ ...r })) };
      case 'describe':
        // A task the role may not see does not exist for it (its definition holds the SQL body).
        if (this.registry.get(statement.name) && !this.host.canSee(session.role, statement.name)) throw objectDoesNotExist(formatName(statement.name));
        return { rows: this.registry.describe(statement.name).map((r) => ({ ...r })) };
    }
  }

  /** Runs a graph now (EXECUTE TASK semantics) and returns its outcome with history rows. */
  runGraph(root: QualifiedName, options: Pick<RunGraphOptions, 'onTask'> = {}): Promise<GraphRunResult> {
    const deps = {
      registry: this.registry,
      store: this.history,
      execute: (body: string, as: TaskExecutionContext) => this.host.run(body, as),
      evaluateWhen: (expression: string, as: TaskExecutionContext) => this.host.evaluate(expression, as),
      now: () => new Date(),
      parallelism: GRAPH_PARALLELISM,
    };
    return runGraph(root, deps, options);
  }

  private async remember(sql: string, session: { role: string; database?: string; schema?: string }): Promise<void> {
    this.ddl.push({ sql, role: session.role, ...(session.database ? { database: session.database } : {}), ...(session.schema ? { schema: session.schema } : {}) });
    await this.engine.system('INSERT OR REPLACE INTO sf_system.state VALUES ($1, $2)', ['task_ddl', JSON.stringify(this.ddl)]);
  }
}
