/**
 * Server benchmark: trivial-query round trip (p50/p99), throughput with many sessions, and rows
 * per second for a million-row result, all through `snowflake-sdk` from a separate process.
 * Targets: p50 ≤ 5 ms; ≥ 500k rows/s streamed.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { Backend, Column, QueryResult, SessionState } from './backend';
import type { BenchClientConfig, BenchClientResult, LargeRun } from './bench-client';
import { startServer } from './server';

/** What to run; defaults suit {@link syntheticBackend}, and the SQL is Snowflake's own. */
export interface ServerBenchOptions {
  readonly user?: string;
  readonly password?: string;
  readonly trivialSql?: string;
  readonly trivialQueries?: number;
  readonly sessions?: number;
  readonly queriesPerSession?: number;
  /** Must return `largeRows` rows. */
  readonly largeSql?: string;
  readonly largeRows?: number;
  /** Runs of the large query per row mode; the median is reported. */
  readonly largeRuns?: number;
}

/** Measured numbers. */
export interface ServerBenchResult {
  readonly trivialP50Ms: number;
  readonly trivialP99Ms: number;
  readonly sessions: number;
  readonly queries: number;
  readonly queriesPerSecond: number;
  /** Round trip of the trivial query while all sessions run at once. */
  readonly concurrentP50Ms: number;
  readonly concurrentP99Ms: number;
  readonly largeRows: number;
  /** The large result through streamRows() with the SDK's default row objects. */
  readonly objectRows: StreamRate;
  /** The same with `rowMode: 'array'`. */
  readonly arrayRows: StreamRate;
  /** What the server delivers: the same result fetched over plain HTTP, not parsed. */
  readonly serverRowsPerSecond: number;
}

/** Rates of the streamed runs of the large result: medians, and the range of the end-to-end rate. */
export interface StreamRate {
  readonly firstResponseMs: number;
  /** End to end through snowflake-sdk's streamRows(). */
  readonly rowsPerSecond: number;
  readonly minRowsPerSecond: number;
  readonly maxRowsPerSecond: number;
  /**
   * The most the SDK can stream on this machine with a free core: rows per second of the SDK
   * process's own CPU time from the first response to the last row.
   */
  readonly sdkCpuRowsPerSecond: number;
}

const BENCH_USER = 'BENCH';
const BENCH_PASSWORD = 'bench';
const ROWCOUNT = /ROWCOUNT\s*=>\s*(\d+)/i;

const GENERATED: readonly Column[] = [
  { name: 'ID', type: 'FIXED', precision: 38, scale: 0, nullable: false },
  { name: 'AMOUNT', type: 'FIXED', precision: 38, scale: 2, nullable: false },
  { name: 'LABEL', type: 'TEXT', nullable: false },
];

/**
 * A backend with no engine behind it, so the numbers are the server's and the SDK's alone:
 * `SELECT 1`, and `… TABLE(GENERATOR(ROWCOUNT => n))` as n rows of (ID, AMOUNT, LABEL),
 * generated once per n.
 */
export function syntheticBackend(): Backend {
  const generated = new Map<number, unknown[][]>();
  const rowsOf = (n: number): unknown[][] => {
    let rows = generated.get(n);
    if (!rows) generated.set(n, (rows = Array.from({ length: n }, (_, i) => [i, (i % 100_000) / 100, `label-${i % 1000}`])));
    return rows;
  };
  return {
    async authenticate(user: string, password: string): Promise<SessionState | undefined> {
      return user.toUpperCase() === BENCH_USER && password === BENCH_PASSWORD ? { user: BENCH_USER, role: 'PUBLIC' } : undefined;
    },
    async execute(_session: SessionState, sql: string): Promise<QueryResult> {
      const count = ROWCOUNT.exec(sql);
      if (!count) return { columns: [{ name: '1', type: 'FIXED', precision: 1, scale: 0, nullable: false }], rows: [[1]] };
      return { columns: GENERATED, rows: rowsOf(Number(count[1])) };
    },
  };
}

const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs the client process against `url` and returns what it measured. */
function runClient(config: BenchClientConfig): Promise<BenchClientResult> {
  // Same extension as this file, so it runs under tsx (inherited execArgv) or compiled.
  const script = path.join(__dirname, `bench-client${path.extname(__filename)}`);
  return new Promise((resolve, reject) => {
    let result: BenchClientResult | undefined;
    const child = fork(script, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message) => (result = message as BenchClientResult));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`bench client exited with code ${code}`))));
  });
}

/** Starts a server on a free port with `backend`, measures it, stops it. */
export async function benchServer(backend: Backend = syntheticBackend(), options: ServerBenchOptions = {}): Promise<ServerBenchResult> {
  const largeRows = options.largeRows ?? 1_000_000;
  const server = await startServer({ backend, port: 0 });
  try {
    const config: BenchClientConfig = {
      url: server.url,
      user: options.user ?? BENCH_USER,
      password: options.password ?? BENCH_PASSWORD,
      trivialSql: options.trivialSql ?? 'SELECT 1',
      trivialQueries: options.trivialQueries ?? 1000,
      sessions: options.sessions ?? 50,
      queriesPerSession: options.queriesPerSession ?? 100,
      largeSql:
        options.largeSql ??
        `SELECT SEQ4() AS ID, UNIFORM(0, 100000, RANDOM()) / 100 AS AMOUNT, 'label-' || SEQ4() % 1000 AS LABEL FROM TABLE(GENERATOR(ROWCOUNT => ${largeRows}))`,
      largeRuns: options.largeRuns ?? 3,
    };
    const measured = await runClient(config);
    const rate = (runs: readonly LargeRun[]): StreamRate => {
      const wrong = runs.find((run) => run.rows !== largeRows);
      if (wrong) throw new Error(`large query streamed ${wrong.rows} rows, expected ${largeRows}`);
      const perSecond = runs.map((run) => largeRows / (run.ms / 1000));
      return {
        firstResponseMs: median(runs.map((run) => run.firstResponseMs)),
        rowsPerSecond: median(perSecond),
        minRowsPerSecond: Math.min(...perSecond),
        maxRowsPerSecond: Math.max(...perSecond),
        sdkCpuRowsPerSecond: median(runs.map((run) => largeRows / (run.clientCpuMs / 1000))),
      };
    };
    const sorted = [...measured.latenciesMs].sort((a, b) => a - b);
    const concurrent = [...measured.concurrentLatenciesMs].sort((a, b) => a - b);
    const queries = config.sessions * config.queriesPerSession;
    return {
      trivialP50Ms: percentile(sorted, 50),
      trivialP99Ms: percentile(sorted, 99),
      sessions: config.sessions,
      queries,
      queriesPerSecond: queries / (measured.concurrentMs / 1000),
      concurrentP50Ms: percentile(concurrent, 50),
      concurrentP99Ms: percentile(concurrent, 99),
      largeRows,
      objectRows: rate(measured.objectRows),
      arrayRows: rate(measured.arrayRows),
      serverRowsPerSecond: largeRows / (measured.rawLargeMs / 1000),
    };
  } finally {
    await server.close();
  }
}
