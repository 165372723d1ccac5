/**
 * An HTTP server that speaks Snowflake's REST protocol well enough for the official
 * `snowflake-sdk` to connect unchanged (`accessUrl: 'http://127.0.0.1:<port>'`, account
 * `local`): login, statements with binds, async execution, chunked results, status, cancel,
 * heartbeat, token renewal, logout and telemetry. SQL goes to a {@link Backend}.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { timingSafeEqual, randomUUID } from 'node:crypto';
import { gunzip } from 'node:zlib';
import type { Backend, SessionState } from './backend';
import {
  DEFAULT_PARAMETERS,
  ERRORS,
  QUERY_IN_PROGRESS,
  QUERY_IN_PROGRESS_ASYNC,
  decodeBindings,
  errorBody,
  isBackendError,
  parameterList,
  scalarParameters,
  successBody,
  type WireError,
} from './protocol';
import { QueryRegistry, waitFor, type QueryRecord } from './queries';
import { SessionStore, type Session } from './sessions';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Runs the SQL. */
  readonly backend: Backend;
  /** TCP port; 0 picks a free one. Default 8085. */
  readonly port?: number;
  /** Interface to bind; only `127.0.0.1` is accepted (the endpoint is local-only by design). */
  readonly host?: string;
  /** Most rows per result chunk. Default 10,000. */
  readonly chunkRows?: number;
  /** Chunk size in characters of JSON after which a chunk is closed. Default 2 MiB. */
  readonly chunkBytes?: number;
  /**
   * How long a query request waits for its statement before answering "still running" (the
   * SDK then polls the result URL). Default 45 s, below the SDK's 90 s request timeout.
   */
  readonly resultWaitMs?: number;
  /** How long finished results stay fetchable after their last use. Default 10 min. */
  readonly resultTtlMs?: number;
  /** Session token lifetime (renewed by the SDK with the master token). Default 1 h. */
  readonly sessionTokenSeconds?: number;
  /** Idle time after which a session ends. Default 4 h. */
  readonly masterTokenSeconds?: number;
  /** Where server-side problems are reported (internal errors with their stack). Default stderr. */
  readonly log?: (message: string, error?: unknown) => void;
}

/** A started server. */
export interface RunningServer {
  /** The port it listens on. */
  readonly port: number;
  /** `http://127.0.0.1:<port>`, the SDK's `accessUrl`. */
  readonly url: string;
  /** Cancels running statements, ends all connections and stops listening. */
  close(): Promise<void>;
}

const LOCAL_HOST = '127.0.0.1';
const ALLOWED_HOST_HEADERS = new Set([LOCAL_HOST, 'localhost']);
const JSON_TYPE = 'application/json';
const MAX_BODY_BYTES = 256 * 2 ** 20;
const SERVER_VERSION = 'eyecare-local 1.0';
const UUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
const gunzipAsync = promisify(gunzip);

/** What a handler answers with HTTP 200: a JSON body unless another content type is given. */
interface Reply {
  readonly body: string;
  readonly contentType?: string;
}

/** One request as the handlers see it. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly query: URLSearchParams;
  /** Capture groups of the route pattern. */
  readonly params: readonly string[];
}

type Handler = (x: Exchange) => Promise<Reply>;
type SessionHandler = (x: Exchange, session: Session) => Promise<Reply>;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly handler: Handler;
}

const json = (body: string): Reply => ({ body });

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON request body, gunzipping it when it is gzip data. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    parts.push(part);
  }
  const raw = Buffer.concat(parts);
  if (raw.length === 0) return {};
  try {
    // snowflake-sdk gzips the body in a callback that races the send (in practice the plain body
    // goes out first, without the header), so header and body can disagree: trust the gzip magic.
    const text = raw[0] === 0x1f && raw[1] === 0x8b ? await gunzipAsync(raw, { maxOutputLength: MAX_BODY_BYTES }) : raw;
    const parsed: unknown = JSON.parse(text.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new HttpError(400, 'request body is not JSON (plain or gzip)');
  }
}

function send(res: ServerResponse, status: number, body: string, contentType: string): void {
  // A client that went away mid-query gets nothing; the statement's result stays fetchable.
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const TOKEN_HEADER = /^Snowflake Token="([^"]*)"$/;
const tokenOf = (req: IncomingMessage): string | undefined => TOKEN_HEADER.exec(req.headers.authorization ?? '')?.[1];

const isWireError = <T extends object>(value: T | WireError): value is WireError => 'code' in value;

/** Quotes an identifier from the connect string unless it is a plain (case-insensitive) name. */
const identifier = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);

/** Starts the server; resolves once it is listening. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? LOCAL_HOST;
  if (host !== LOCAL_HOST) throw new Error(`the local Snowflake endpoint binds to ${LOCAL_HOST} only (got host ${host})`);
  const { backend } = options;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[local serve] ${message}`, error ?? ''));
  const resultWaitMs = options.resultWaitMs ?? 45_000;
  const resultTtlMs = options.resultTtlMs ?? 10 * 60_000;
  const lifetimes = { sessionSeconds: options.sessionTokenSeconds ?? 3600, masterSeconds: options.masterTokenSeconds ?? 4 * 3600 };
  const sessions = new SessionStore(lifetimes);
  let baseUrl = '';
  const registry = new QueryRegistry({
    backend,
    limits: { rows: options.chunkRows ?? 10_000, bytes: options.chunkBytes ?? 2 * 2 ** 20 },
    chunkUrl: (id, index) => `${baseUrl}/results/${id}/chunks/${index}`,
    resultTtlMs,
    log,
  });

  const resultPath = (id: string) => `/queries/${id}/result`;

  /** Ends a session: its running queries stop, its tokens stop working, the backend releases what it held. */
  async function endSession(session: Session): Promise<void> {
    registry.dropSession(session);
    sessions.close(session);
    await backend.closeSession?.(session.state);
  }

  /** The finished response, or "still running" with the URL to poll. */
  async function resultReply(record: QueryRecord): Promise<Reply> {
    if (await waitFor(record, resultWaitMs)) return json(record.body!);
    return json(successBody({ queryId: record.id, getResultUrl: resultPath(record.id) }, QUERY_IN_PROGRESS, 'Query execution in progress.'));
  }

  /** Applies the role/warehouse/database/schema of the connect string the way USE would. */
  async function connectContext(state: SessionState, query: URLSearchParams): Promise<SessionState | WireError> {
    const steps = [
      ['roleName', 'ROLE'],
      ['warehouse', 'WAREHOUSE'],
      ['databaseName', 'DATABASE'],
      ['schemaName', 'SCHEMA'],
    ] as const;
    let current = state;
    for (const [param, kind] of steps) {
      const name = query.get(param);
      if (!name) continue;
      try {
        const result = await backend.execute(current, `USE ${kind} ${identifier(name)}`, [], new AbortController().signal);
        current = { ...current, ...result.session };
      } catch (error) {
        // Like Snowflake: a role the user lacks fails the login; an unknown database,
        // schema or warehouse only leaves it unset.
        if (!isBackendError(error)) throw error;
        if (kind === 'ROLE') return ERRORS.roleNotGranted(name);
      }
    }
    return current;
  }

  const login: Handler = async ({ req, query }) => {
    const body = await readJson(req);
    const data = (body.data ?? {}) as Record<string, unknown>;
    const authenticated = await backend.authenticate(String(data.LOGIN_NAME ?? ''), String(data.PASSWORD ?? ''));
    if (!authenticated) return json(errorBody(ERRORS.badLogin));
    const { QUERY_TAG: tag, ...parameters } = scalarParameters(data.SESSION_PARAMETERS);
    const tagged = typeof tag === 'string' ? { ...authenticated, queryTag: tag } : authenticated;
    const state = await connectContext(tagged, query);
    if (isWireError(state)) return json(errorBody(state));
    const session = sessions.open(state, { ...DEFAULT_PARAMETERS, ...parameters });
    return json(
      successBody({
        token: session.token,
        validityInSeconds: lifetimes.sessionSeconds,
        masterToken: session.masterToken,
        masterValidityInSeconds: lifetimes.masterSeconds,
        sessionId: session.id,
        displayUserName: state.user,
        serverVersion: SERVER_VERSION,
        firstLogin: false,
        healthCheckInterval: 45,
        newClientForUpgrade: null,
        parameters: parameterList(session.parameters),
        sessionInfo: {
          databaseName: state.database ?? null,
          schemaName: state.schema ?? null,
          warehouseName: state.warehouse ?? null,
          roleName: state.role,
        },
      }),
    );
  };

  const renew: Handler = async ({ req }) => {
    const renewed = sessions.renew(tokenOf(req));
    if (isWireError(renewed)) return json(errorBody(renewed));
    return json(
      successBody({
        sessionToken: renewed.token,
        validityInSecondsST: lifetimes.sessionSeconds,
        masterToken: renewed.masterToken,
        validityInSecondsMT: lifetimes.masterSeconds,
        sessionId: renewed.id,
      }),
    );
  };

  const queryRequest: SessionHandler = async ({ req, query }, session) => {
    const body = await readJson(req);
    const sql = body.sqlText;
    if (typeof sql !== 'string' || sql.trim() === '') return json(errorBody(ERRORS.badRequest('sqlText is required')));
    if (body.describeOnly === true) return json(errorBody(ERRORS.unsupported('describeOnly')));
    if (body.bindStage !== undefined && body.bindStage !== null) return json(errorBody(ERRORS.unsupported('stage binding')));
    const record = registry.submit(session, {
      requestId: query.get('requestId') ?? randomUUID(),
      sql,
      bindSets: decodeBindings(body.bindings),
      parameters: scalarParameters(body.parameters),
    });
    if (body.asyncExec !== true) return resultReply(record);
    return json(
      successBody(
        { queryId: record.id, getResultUrl: resultPath(record.id) },
        QUERY_IN_PROGRESS_ASYNC,
        'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
      ),
    );
  };

  const queryResult: SessionHandler = async ({ params }, session) => {
    const record = registry.find(params[0]!, session);
    return record ? resultReply(record) : json(errorBody(ERRORS.queryNotFound(params[0]!)));
  };

  const monitoring: SessionHandler = async ({ params }, session) => {
    const record = registry.find(params[0]!, session);
    if (!record) return json(successBody({ queries: [] }));
    const end = record.endTime ?? Date.now();
    return json(
      JSON.stringify({
        data: {
          queries: [
            {
              id: record.id,
              status: record.status,
              sqlText: record.sql,
              startTime: record.startTime,
              endTime: record.endTime ?? 0,
              totalDuration: end - record.startTime,
              sessionId: record.session.id,
              errorCode: record.error?.code ?? null,
              errorMessage: record.error?.message ?? null,
            },
          ],
          sqlState: record.error?.sqlState ?? null,
        },
        // The SDK builds its error for a failed query from these two top-level fields.
        code: record.error?.code ?? null,
        message: null,
        success: true,
      }),
    );
  };

  const abortByRequestId: SessionHandler = async ({ req }, session) => {
    const body = await readJson(req);
    const record = typeof body.requestId === 'string' ? session.byRequestId.get(body.requestId) : undefined;
    if (record) registry.cancel(record);
    return json(successBody(null));
  };

  const abortById: SessionHandler = async ({ params }, session) => {
    const record = registry.find(params[0]!, session);
    if (record) registry.cancel(record);
    return json(successBody(null));
  };

  const logout: SessionHandler = async ({ query }, session) => {
    if (query.get('delete') !== 'true') return json(errorBody(ERRORS.badRequest('only session delete is supported')));
    await endSession(session);
    return json(successBody(null));
  };

  const heartbeat: SessionHandler = async () => json(successBody(null));

  // Telemetry is accepted without looking at the token: a dropped event must never disturb a session.
  const telemetry: Handler = async () => json(JSON.stringify({ success: true }));

  /** Chunk downloads carry no session token; like S3 they prove access with the result key. */
  const chunk: Handler = async ({ req, params }) => {
    const record = registry.findForChunk(params[0]!);
    const key = Buffer.from(String(req.headers['x-amz-server-side-encryption-customer-key'] ?? ''));
    const expected = Buffer.from(record?.chunkKey ?? '');
    if (!record || key.length !== expected.length || !timingSafeEqual(key, expected)) throw new HttpError(403, 'chunk key mismatch');
    const index = Number(params[1]);
    if (!record.result || index < 1 || index >= record.result.chunkRowCounts.length) throw new HttpError(404, 'no such chunk');
    if (record.result.released) throw new HttpError(410, 'result chunks are released once every chunk has been downloaded; run the query again');
    try {
      return { body: record.result.chunk(index), contentType: 'application/octet-stream' };
    } catch (error) {
      // A value the backend typed wrongly; 422 because the SDK would retry a 5xx for minutes.
      const incident = randomUUID();
      log(`chunk ${index} of query ${record.id} could not be encoded (incident ${incident})`, error);
      throw new HttpError(422, `result chunk could not be encoded (incident ${incident})`);
    }
  };

  const withSession =
    (handler: SessionHandler): Handler =>
    async (x) => {
      const session = sessions.authorize(tokenOf(x.req));
      return isWireError(session) ? json(errorBody(session)) : handler(x, session);
    };

  const routes: readonly Route[] = [
    { method: 'POST', pattern: /^\/session\/v1\/login-request$/, handler: login },
    { method: 'POST', pattern: /^\/session\/token-request$/, handler: renew },
    { method: 'POST', pattern: /^\/session\/heartbeat$/, handler: withSession(heartbeat) },
    { method: 'POST', pattern: /^\/session$/, handler: withSession(logout) },
    { method: 'POST', pattern: /^\/queries\/v1\/query-request$/, handler: withSession(queryRequest) },
    { method: 'POST', pattern: /^\/queries\/v1\/abort-request$/, handler: withSession(abortByRequestId) },
    { method: 'POST', pattern: new RegExp(`^/queries/${UUID}/abort-request$`), handler: withSession(abortById) },
    { method: 'GET', pattern: new RegExp(`^/queries/${UUID}/result$`), handler: withSession(queryResult) },
    { method: 'GET', pattern: new RegExp(`^/monitoring/queries/${UUID}$`), handler: withSession(monitoring) },
    { method: 'POST', pattern: /^\/telemetry\/send$/, handler: telemetry },
    { method: 'GET', pattern: new RegExp(`^/results/${UUID}/chunks/(\\d+)$`), handler: chunk },
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    try {
      // Refuse other Host names so a web page cannot reach the endpoint via DNS rebinding.
      const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!ALLOWED_HOST_HEADERS.has(hostname)) throw new HttpError(403, 'unexpected Host header');
      for (const route of routes) {
        const match = route.method === req.method ? route.pattern.exec(path) : null;
        if (!match) continue;
        const reply = await route.handler({ req, query, params: match.slice(1) });
        send(res, 200, reply.body, reply.contentType ?? JSON_TYPE);
        return;
      }
      throw new HttpError(404, `no endpoint ${req.method} ${path}`);
    } catch (error) {
      if (error instanceof HttpError) {
        send(res, error.status, JSON.stringify({ success: false, code: null, message: error.message, data: null }), JSON_TYPE);
        return;
      }
      // Answer with a Snowflake error (HTTP 200): a 5xx would make the SDK retry for minutes.
      const incident = randomUUID();
      log(`${req.method} ${path} failed (incident ${incident})`, error);
      send(res, 200, errorBody(ERRORS.internal(incident)), JSON_TYPE);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  // Longer than the SDK's 30 s idle socket timeout, so the server never closes a socket the
  // client is about to reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8085, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${LOCAL_HOST}:${port}`;

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const session of sessions.expired(now)) {
      endSession(session).catch((error: unknown) => log(`ending expired session ${session.id} failed`, error));
    }
    registry.sweep(now);
  }, Math.min(resultTtlMs, 60_000));
  sweeper.unref();

  return {
    port,
    url: baseUrl,
    close: async () => {
      clearInterval(sweeper);
      await Promise.all(sessions.all().map(endSession));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
