/** Many sessions at once, each with its own role, database and query tag, through snowflake-sdk. */
import type * as snowflake from 'snowflake-sdk';
import type { RunningServer } from '../../../local/server/server';
import { connect, destroy, query, startFake } from './sdk';

let server: RunningServer;

beforeAll(async () => {
  ({ server } = await startFake());
});
afterAll(() => server.close());

interface Expected {
  readonly USER: string;
  readonly ROLE: string;
  readonly DATABASE: string;
  readonly SCHEMA: string;
  readonly QUERY_TAG: string;
}

/** Session i: admin or analyst, one of two databases, its own tag; admins drop to the analyst role on odd i. */
async function openSession(i: number): Promise<{ connection: snowflake.Connection; expected: Expected }> {
  const user = i % 2 === 0 ? 'DEV_ACME_ADMIN' : 'DEV_ACME_ANALYST';
  const database = i % 3 === 0 ? 'DEV_GLOBEX' : 'DEV_ACME';
  const connection = await connect(server, { username: user });
  await query(connection, `USE DATABASE ${database}`);
  await query(connection, `ALTER SESSION SET QUERY_TAG = 'session-${i}'`);
  const role = user === 'DEV_ACME_ADMIN' && i % 4 === 2 ? 'DEV_ACME_ANALYST' : user;
  await query(connection, `USE ROLE ${role}`);
  return { connection, expected: { USER: user, ROLE: role, DATABASE: database, SCHEMA: 'PUBLIC', QUERY_TAG: `session-${i}` } };
}

test('50 connections × 100 statements keep their own session state, with no cross-talk', async () => {
  const sessions = await Promise.all(Array.from({ length: 50 }, (_, i) => openSession(i)));
  const mismatches: string[] = [];
  await Promise.all(
    sessions.map(async ({ connection, expected }, i) => {
      for (let k = 0; k < 100; k++) {
        if (k % 2 === 0) {
          const { rows } = await query(connection, 'SELECT CONTEXT');
          if (JSON.stringify(rows) !== JSON.stringify([expected])) mismatches.push(`session ${i} query ${k}: ${JSON.stringify(rows)}`);
        } else {
          const { rows } = await query(connection, 'SELECT ?, ?', [i, `${i}:${k}`]);
          if (rows[0]?.C1 !== i || rows[0]?.C2 !== `${i}:${k}`) mismatches.push(`session ${i} bind ${k}: ${JSON.stringify(rows)}`);
        }
      }
    }),
  );
  expect(mismatches).toEqual([]);
  await Promise.all(sessions.map(({ connection }) => destroy(connection)));
}, 60_000);
