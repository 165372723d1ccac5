/**
 * The client half of {@link benchServer}: a separate process (as real clients are) that drives
 * the server through `snowflake-sdk` and sends its measurements back over IPC.
 */
import { randomUUID } from 'node:crypto';
import * as snowflake from 'snowflake-sdk';

/** What the bench asks the client to do. */
export interface BenchClientConfig {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly trivialSql: string;
  readonly trivialQueries: number;
  readonly sessions: number;
  readonly queriesPerSession: number;
  readonly largeSql: string;
  /** How many times the large query is streamed in each row mode (the modes alternate). */
  readonly largeRuns: number;
}

/** What the client measured. */
export interface BenchClientResult {
  /** Round trip of each sequential trivial query, in ms. */
  readonly latenciesMs: readonly number[];
  /** Round trip of each trivial query while all sessions run at once, in ms. */
  readonly concurrentLatenciesMs: readonly number[];
  /** Wall time of all sessions' queries, in ms. */
  readonly concurrentMs: number;
  /** Each run of the large query streamed with the SDK's default row objects. */
  readonly objectRows: readonly LargeRun[];
  /** The same with `rowMode: 'array'`, the cheapest row shape the SDK documents. */
  readonly arrayRows: readonly LargeRun[];
  /** Time to fetch the large result over plain HTTP without parsing it: the server's own rate. */
  readonly rawLargeMs: number;
}

/** One streamed run of the large query. */
export interface LargeRun {
  /** Rows streamed, and the time from submitting the query to the last row. */
  readonly rows: number;
  readonly ms: number;
  /** Time until the first response (first chunk inline). */
  readonly firstResponseMs: number;
  /** CPU time this client spent from the first response to the last row: the SDK's own cost. */
  readonly clientCpuMs: number;
}

function connect(config: BenchClientConfig): Promise<snowflake.Connection> {
  const connection = snowflake.createConnection({ account: 'local', accessUrl: config.url, username: config.user, password: config.password });
  return new Promise((resolve, reject) => connection.connect((err, conn) => (err ? reject(err) : resolve(conn))));
}

function execute(connection: snowflake.Connection, sqlText: string, stream?: { rowMode: snowflake.RowMode }): Promise<snowflake.RowStatement> {
  return new Promise((resolve, reject) =>
    connection.execute({ sqlText, streamResult: stream !== undefined, ...stream, complete: (err, statement) => (err ? reject(err) : resolve(statement)) }),
  );
}

/** Streams the large query through streamRows() in `rowMode`, counting rows. */
async function largeRun(connection: snowflake.Connection, sqlText: string, rowMode: snowflake.RowMode): Promise<LargeRun> {
  const started = performance.now();
  const statement = await execute(connection, sqlText, { rowMode });
  const firstResponseMs = performance.now() - started;
  const cpuStart = process.cpuUsage();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    statement
      .streamRows()
      .on('data', () => rows++)
      .on('error', reject)
      .on('end', () => resolve());
  });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  return { rows, ms, firstResponseMs, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}

function destroy(connection: snowflake.Connection): Promise<void> {
  return new Promise((resolve) => connection.destroy(() => resolve()));
}

interface WireReply {
  readonly data: { token: string; rowset: unknown[]; qrmk?: string; chunks?: { url: string }[] };
}

/** Runs the large query with bare HTTP requests, downloading every chunk without parsing it. */
async function rawLargeQuery(config: BenchClientConfig): Promise<number> {
  const post = async (path: string, body: unknown, token?: string): Promise<WireReply> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Snowflake Token="${token}"` } : {}) };
    const response = await fetch(`${config.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return (await response.json()) as WireReply;
  };
  const { token } = (await post('/session/v1/login-request', { data: { LOGIN_NAME: config.user, PASSWORD: config.password } })).data;
  const started = performance.now();
  const { data } = await post(`/queries/v1/query-request?requestId=${randomUUID()}`, { sqlText: config.largeSql }, token);
  for (const chunk of data.chunks ?? []) {
    const response = await fetch(chunk.url, { headers: { 'x-amz-server-side-encryption-customer-key': data.qrmk ?? '' } });
    await response.arrayBuffer();
  }
  const elapsed = performance.now() - started;
  await post('/session?delete=true', {}, token);
  return elapsed;
}

async function run(config: BenchClientConfig): Promise<BenchClientResult> {
  const main = await connect(config);
  // Warm up sockets, the JIT and the server before timing.
  for (let i = 0; i < 50; i++) await execute(main, config.trivialSql);
  const latenciesMs: number[] = [];
  for (let i = 0; i < config.trivialQueries; i++) {
    const started = performance.now();
    await execute(main, config.trivialSql);
    latenciesMs.push(performance.now() - started);
  }

  // Untimed first run: lets the backend build or cache the large result before either timing.
  await rawLargeQuery(config);
  const rawLargeMs = await rawLargeQuery(config);

  const connections = await Promise.all(Array.from({ length: config.sessions }, () => connect(config)));
  const concurrentLatenciesMs: number[] = [];
  const concurrentStart = performance.now();
  await Promise.all(
    connections.map(async (connection) => {
      for (let i = 0; i < config.queriesPerSession; i++) {
        const started = performance.now();
        await execute(connection, config.trivialSql);
        concurrentLatenciesMs.push(performance.now() - started);
      }
    }),
  );
  const concurrentMs = performance.now() - concurrentStart;
  await Promise.all(connections.map(destroy));

  // Alternating, so a burst of load from the machine's other work hits both modes alike.
  const objectRows: LargeRun[] = [];
  const arrayRows: LargeRun[] = [];
  for (let i = 0; i < config.largeRuns; i++) {
    objectRows.push(await largeRun(main, config.largeSql, 'object'));
    arrayRows.push(await largeRun(main, config.largeSql, 'array'));
  }
  await destroy(main);
  return { latenciesMs, concurrentLatenciesMs, concurrentMs, objectRows, arrayRows, rawLargeMs };
}

snowflake.configure({ logLevel: 'ERROR' });
const config = JSON.parse(process.argv[2] ?? '{}') as BenchClientConfig;
run(config).then(
  (result) => process.send!(result, undefined, undefined, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
