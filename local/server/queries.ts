/**
 * Statement execution and the results kept for clients to fetch: each query gets a record that
 * the query-request, result, monitoring, abort and chunk endpoints look up. Finished results
 * stay for a while, because the SDK downloads chunks (and may fetch the whole result again, or
 * from another connection by query id) after the first response.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Backend, Binds, QueryResult, SessionState } from './backend';
import { EncodedResult, type ChunkLimits } from './encode';
import { ERRORS, errorBody, isBackendError, parameterList, type WireError } from './protocol';
import type { Session } from './sessions';

/** Query status names as `/monitoring/queries` reports them. */
type QueryStatus = 'RUNNING' | 'SUCCESS' | 'FAILED_WITH_ERROR';

/** One statement, running or finished. */
export interface QueryRecord {
  /** Query id (a UUID). */
  readonly id: string;
  /** Client request id it was submitted with. */
  readonly requestId: string;
  readonly session: Session;
  readonly sql: string;
  readonly startTime: number;
  /** Key the SDK sends back (as the `qrmk` header) to download this result's chunks. */
  readonly chunkKey: string;
  /** Settles (never rejects) when the statement has finished, successfully or not. */
  readonly done: Promise<void>;
  status: QueryStatus;
  endTime?: number;
  /** The complete response once finished: success with the inline rows, or the error. */
  body?: string;
  error?: WireError;
  /** The successful result, for chunk downloads. */
  result?: EncodedResult;
  /** When a finished record may be dropped. */
  expiresAt: number;
}

/** What a statement needs besides its SQL. */
export interface Submission {
  readonly requestId: string;
  readonly sql: string;
  readonly bindSets: readonly Binds[];
  /** Statement-level parameters (e.g. QUERY_TAG set on the connection). */
  readonly parameters: Readonly<Record<string, string | number | boolean>>;
}

/** Registry settings. */
export interface QueryRegistryOptions {
  readonly backend: Backend;
  readonly limits: ChunkLimits;
  /** Absolute URL of chunk `index` of query `id`. */
  readonly chunkUrl: (id: string, index: number) => string;
  /** How long a finished result stays fetchable after its last use. */
  readonly resultTtlMs: number;
  readonly log: (message: string, error?: unknown) => void;
}

/** Thrown inside a run when its statement is canceled. */
class Canceled extends Error {}

/** Settles with the backend's result unless `signal` fires first. */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Canceled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Canceled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Every row of a result, read now; the backend's rows are released. */
function allRows(result: QueryResult): readonly (readonly unknown[])[] {
  const rows = result.rows.slice(0, result.rows.length);
  result.rows.release?.();
  return rows;
}

/** Array binding runs the statement once per bind row; DML counts add up, rows concatenate. */
function combine(results: readonly QueryResult[]): QueryResult {
  const [first] = results;
  if (results.length === 1 || !first) return first ?? { columns: [], rows: [] };
  const session = Object.assign({}, ...results.map((r) => r.session ?? {})) as Partial<SessionState>;
  if (results.every((r) => r.statementType === 'DML')) {
    const sumColumn = (c: number) => results.reduce((n, r) => n + Number(r.rows.slice(0, 1)[0]?.[c] ?? 0), 0);
    return {
      ...first,
      rows: first.rows.length === 1 ? [first.columns.map((_, c) => sumColumn(c))] : first.rows,
      rowCount: results.reduce((n, r) => n + (r.rowCount ?? 0), 0),
      session,
    };
  }
  return { ...first, rows: results.flatMap(allRows), session };
}

/** Builds the success response with the first chunk spliced in (rows are JSON text already). */
function successResponse(
  record: QueryRecord,
  result: QueryResult,
  numberOfBinds: number,
  options: QueryRegistryOptions,
): { body: string; encoded: EncodedResult } {
  const encoded = new EncodedResult(result, options.limits);
  const { state, parameters } = record.session;
  const data = {
    parameters: parameterList(parameters),
    rowtype: encoded.rowtype,
    total: encoded.total,
    returned: encoded.total,
    queryId: record.id,
    databaseProvider: null,
    finalDatabaseName: state.database ?? null,
    finalSchemaName: state.schema ?? null,
    finalWarehouseName: state.warehouse ?? null,
    finalRoleName: state.role,
    numberOfBinds,
    arrayBindSupported: true,
    statementTypeId: encoded.statementTypeId,
    version: 1,
    sendResultTime: Date.now(),
    queryResultFormat: 'json',
    ...(encoded.chunkRowCounts.length > 1
      ? {
          qrmk: record.chunkKey,
          chunks: encoded.chunkRowCounts.slice(1).map((rowCount, i) => ({
            url: options.chunkUrl(record.id, i + 1),
            rowCount,
            uncompressedSize: encoded.estimatedSize(i + 1),
          })),
        }
      : {}),
  };
  const body = `{"data":{"rowset":[${encoded.firstChunk}],${JSON.stringify(data).slice(1)},"code":null,"message":null,"success":true}`;
  return { body, encoded };
}

/** Runs statements and keeps their results. */
export class QueryRegistry {
  private readonly records = new Map<string, QueryRecord>();
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly options: QueryRegistryOptions) {}

  /**
   * Starts a statement in `session`, or returns the run already started with the same request
   * id: the SDK resends a query-request with the same id after a network error, and running a
   * DML twice would be wrong.
   */
  submit(session: Session, submission: Submission): QueryRecord {
    const existing = session.byRequestId.get(submission.requestId);
    if (existing) return existing;
    const controller = new AbortController();
    let finish!: () => void;
    const record: QueryRecord = {
      id: randomUUID(),
      requestId: submission.requestId,
      session,
      sql: submission.sql,
      startTime: Date.now(),
      chunkKey: randomUUID(),
      done: new Promise<void>((resolve) => (finish = resolve)),
      status: 'RUNNING',
      expiresAt: Number.POSITIVE_INFINITY,
    };
    this.records.set(record.id, record);
    this.controllers.set(record.id, controller);
    session.byRequestId.set(submission.requestId, record);
    void this.run(record, submission, controller.signal).finally(() => {
      this.controllers.delete(record.id);
      record.endTime = Date.now();
      record.expiresAt = record.endTime + this.options.resultTtlMs;
      finish();
    });
    return record;
  }

  private async run(record: QueryRecord, submission: Submission, signal: AbortSignal): Promise<void> {
    const session = record.session;
    const tag = submission.parameters.QUERY_TAG;
    const state: SessionState = typeof tag === 'string' ? { ...session.state, queryTag: tag } : session.state;
    try {
      const results: QueryResult[] = [];
      for (const binds of submission.bindSets) {
        results.push(await unlessAborted(this.options.backend.execute(state, submission.sql, binds, signal), signal));
      }
      const result = combine(results);
      if (result.session) session.state = { ...session.state, ...result.session };
      const { body, encoded } = successResponse(record, result, Object.keys(submission.bindSets[0] ?? {}).length, this.options);
      record.body = body;
      record.result = encoded;
      record.status = 'SUCCESS';
    } catch (error) {
      record.error = this.toWireError(error, record);
      record.body = errorBody(record.error, record.id);
      record.status = 'FAILED_WITH_ERROR';
    }
  }

  private toWireError(error: unknown, record: QueryRecord): WireError {
    if (error instanceof Canceled) return ERRORS.canceled;
    if (isBackendError(error)) return { code: error.code, sqlState: error.sqlState, message: error.message };
    const incident = String(randomInt(1_000_000, 10_000_000));
    this.options.log(`query ${record.id} failed with an internal error (incident ${incident})`, error);
    return ERRORS.internal(incident);
  }

  /** A record `session` may see: its own user's queries, as in Snowflake. */
  find(id: string, session: Session): QueryRecord | undefined {
    const record = this.records.get(id);
    return record && record.session.state.user === session.state.user ? record : undefined;
  }

  /** A record by id alone (chunk downloads authenticate with the chunk key instead). */
  findForChunk(id: string): QueryRecord | undefined {
    const record = this.records.get(id);
    if (record) record.expiresAt = Math.max(record.expiresAt, Date.now() + this.options.resultTtlMs);
    return record;
  }

  /** Cancels a running statement; the client waiting on it gets 000604 at once. */
  cancel(record: QueryRecord): void {
    this.controllers.get(record.id)?.abort();
  }

  /** Drops a closed session's queries, canceling those still running. */
  dropSession(session: Session): void {
    for (const record of session.byRequestId.values()) {
      this.cancel(record);
      this.drop(record);
    }
    session.byRequestId.clear();
  }

  /** Drops finished results past their retention time. */
  sweep(now: number): void {
    for (const record of this.records.values()) {
      if (record.expiresAt <= now) {
        this.drop(record);
        record.session.byRequestId.delete(record.requestId);
      }
    }
  }

  /** Forgets a record and frees its rows at once (they may hold a large backend result). */
  private drop(record: QueryRecord): void {
    this.records.delete(record.id);
    record.result?.release();
  }
}

/** Waits for a record to finish, at most `ms`; true when it has. */
export async function waitFor(record: QueryRecord, ms: number): Promise<boolean> {
  if (record.status !== 'RUNNING') return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([record.done.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
