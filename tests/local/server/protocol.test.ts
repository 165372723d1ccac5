/**
 * Wire behaviour snowflake-sdk cannot trigger on purpose, checked with bare HTTP requests:
 * named binds, real gzip bodies, token errors, chunk access, Host checks and clients that hang
 * up mid-statement.
 */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { RunningServer } from '../../../local/server/server';
import type { FakeBackend } from './fake-backend';
import { connect, destroy, query, startFake } from './sdk';

let server: RunningServer;
let backend: FakeBackend;

beforeAll(async () => {
  ({ server, backend } = await startFake({ chunkRows: 100 }));
});
afterAll(() => server.close());

interface Raw {
  readonly status: number;
  readonly body: string;
}

function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; abortAfterMs?: number } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
    });
    req.on('error', reject);
    if (options.abortAfterMs !== undefined) setTimeout(() => req.destroy(new Error('client hung up')), options.abortAfterMs);
    req.end(options.body);
  });
}

async function login(): Promise<string> {
  const body = JSON.stringify({ data: { LOGIN_NAME: 'DEV_ACME_ANALYST', PASSWORD: 'local' } });
  const reply = JSON.parse((await raw('/session/v1/login-request', { body, headers: { 'content-type': 'application/json' } })).body);
  return reply.data.token as string;
}

const auth = (token: string) => ({ authorization: `Snowflake Token="${token}"`, 'content-type': 'application/json' });

test('a gzip body with named bindings reaches the backend as a record of decoded values', async () => {
  const token = await login();
  const body = gzipSync(
    JSON.stringify({
      sqlText: 'SELECT :tenant, :visits, :vip, :profile',
      bindings: {
        tenant: { type: 'TEXT', value: 'acme' },
        visits: { type: 'FIXED', value: '12345678901234567890' },
        vip: { type: 'BOOLEAN', value: 'true' },
        profile: { type: 'VARIANT', value: '{"tier":"gold"}' },
      },
    }),
  );
  const reply = JSON.parse((await raw('/queries/v1/query-request?requestId=r1', { body, headers: { ...auth(token), 'content-encoding': 'gzip' } })).body);
  expect(reply.success).toBe(true);
  expect(reply.data.rowset).toEqual([['acme', '12345678901234567890', '1', '{"tier":"gold"}']]);
  expect(reply.data.rowtype.map((c: { type: string }) => c.type)).toEqual(['text', 'fixed', 'boolean', 'variant']);
});

test('a missing token is 390104, an unknown one 390111', async () => {
  const missing = JSON.parse((await raw('/queries/v1/query-request', { body: '{"sqlText":"SELECT 1"}' })).body);
  const unknown = JSON.parse((await raw('/queries/v1/query-request', { body: '{"sqlText":"SELECT 1"}', headers: auth('nope') })).body);
  expect([missing.success, missing.code, unknown.code]).toEqual([false, '390104', '390111']);
});

test('chunks are served only with the result key, and not for the inline chunk', async () => {
  const token = await login();
  const reply = JSON.parse((await raw('/queries/v1/query-request?requestId=r2', { body: '{"sqlText":"SELECT * FROM GENERATE(250)"}', headers: auth(token) })).body);
  const [second] = reply.data.chunks as { url: string; rowCount: number }[];
  expect(reply.data.rowset).toHaveLength(100);
  const path = new URL(second!.url).pathname;
  const withKey = await raw(path, { method: 'GET', headers: { 'x-amz-server-side-encryption-customer-key': reply.data.qrmk } });
  expect(withKey.status).toBe(200);
  expect(JSON.parse(`[${withKey.body}]`)[0]).toEqual(['100', '1.00', 'r100']);
  expect((await raw(path, { method: 'GET' })).status).toBe(403);
  expect((await raw(path.replace(/\d+$/, '0'), { method: 'GET', headers: { 'x-amz-server-side-encryption-customer-key': reply.data.qrmk } })).status).toBe(404);
});

test('a result streams once: after its last chunk is downloaded its rows are released', async () => {
  const token = await login();
  const reply = JSON.parse((await raw('/queries/v1/query-request?requestId=r4', { body: '{"sqlText":"SELECT * FROM GENERATE(251)"}', headers: auth(token) })).body);
  const key = { 'x-amz-server-side-encryption-customer-key': reply.data.qrmk };
  const [second, third] = (reply.data.chunks as { url: string }[]).map((chunk) => new URL(chunk.url).pathname);
  // Out of order, and one twice before the last: release waits for every chunk.
  expect((await raw(third!, { method: 'GET', headers: key })).status).toBe(200);
  expect((await raw(third!, { method: 'GET', headers: key })).status).toBe(200);
  expect(backend.released).not.toContain('SELECT * FROM GENERATE(251)');
  const last = await raw(second!, { method: 'GET', headers: key });
  expect(JSON.parse(`[${last.body}]`)).toHaveLength(100);
  expect(backend.released).toContain('SELECT * FROM GENERATE(251)');
  const again = await raw(second!, { method: 'GET', headers: key });
  expect(again.status).toBe(410);
  expect(JSON.parse(again.body).message).toBe('result chunks are released once every chunk has been downloaded; run the query again');
});

test('logging out releases the rows of results not yet downloaded', async () => {
  const token = await login();
  await raw('/queries/v1/query-request?requestId=r5', { body: '{"sqlText":"SELECT * FROM GENERATE(252)"}', headers: auth(token) });
  // A result that fits in the inline chunk needs nothing more from the backend.
  await raw('/queries/v1/query-request?requestId=r6', { body: '{"sqlText":"SELECT * FROM GENERATE(53)"}', headers: auth(token) });
  expect(backend.released).toContain('SELECT * FROM GENERATE(53)');
  expect(backend.released).not.toContain('SELECT * FROM GENERATE(252)');
  const closed = backend.closed.length;
  expect((await raw('/session?delete=true', { headers: auth(token), body: '{}' })).status).toBe(200);
  expect(backend.released).toContain('SELECT * FROM GENERATE(252)');
  // The backend hears of it too (the local account rolls back a transaction left open).
  expect(backend.closed.length).toBe(closed + 1);
});

test('an undownloaded result is released when it expires', async () => {
  const { server: expiring, backend: fake } = await startFake({ chunkRows: 100, resultTtlMs: 50 });
  try {
    const connection = await connect(expiring);
    await query(connection, 'SELECT * FROM GENERATE(254)', undefined, { streamResult: true });
    expect(fake.released).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.released).toEqual(['SELECT * FROM GENERATE(254)']);
    await destroy(connection);
  } finally {
    await expiring.close();
  }
});

test('requests naming another host are refused (DNS rebinding)', async () => {
  const reply = await raw('/session/v1/login-request', { headers: { host: 'evil.example:8085' }, body: '{}' });
  expect(reply.status).toBe(403);
});

test('a client that hangs up mid-statement does not disturb the server or other clients', async () => {
  const token = await login();
  const hungUp = raw('/queries/v1/query-request?requestId=r3', { body: '{"sqlText":"SELECT SLEEP(300)"}', headers: auth(token), abortAfterMs: 50 });
  await expect(hungUp).rejects.toThrow('client hung up');
  const connection = await connect(server);
  await expect(query(connection, 'SELECT ?', ['still here'])).resolves.toMatchObject({ rows: [{ C1: 'still here' }] });
  await new Promise((resolve) => setTimeout(resolve, 350));
  expect(backend.log.map((entry) => entry.sql)).toContain('SELECT SLEEP(300)');
  await expect(query(connection, 'SELECT ?', ['after'])).resolves.toMatchObject({ rows: [{ C1: 'after' }] });
  await destroy(connection);
});
