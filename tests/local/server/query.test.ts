/** Statements through snowflake-sdk: binds, type round trips, errors, DML, async, cancel, polling. */
import type * as snowflake from 'snowflake-sdk';
import type { RunningServer } from '../../../local/server/server';
import type { FakeBackend } from './fake-backend';
import { connect, destroy, query, queryError, startFake } from './sdk';

let server: RunningServer;
let backend: FakeBackend;
let logged: unknown[];
let connection: snowflake.Connection;

beforeAll(async () => {
  ({ server, backend, logged } = await startFake());
  connection = await connect(server);
});
afterAll(async () => {
  await destroy(connection);
  await server.close();
});

describe('binds', () => {
  test('positional binds arrive typed and come back as the same JS values', async () => {
    const { rows } = await query(connection, 'SELECT ?, ?, ?, ?, ?', [42, 'it\'s "text"', 1.5, true, null]);
    expect(rows).toEqual([{ C1: 42, C2: 'it\'s "text"', C3: 1.5, C4: true, C5: null }]);
  });

  test('numbered binds (:1, :2) pick binds by position', async () => {
    const { rows } = await query(connection, 'SELECT :2, :1, :2', ['a', 7]);
    expect(rows).toEqual([{ C1: 7, C2: 'a', C3: 7 }]);
  });

  test('array binds run the statement per row and report the rows inserted', async () => {
    backend.tables.set('VISITS', { columns: [{ name: 'ID', type: 'FIXED', nullable: false }, { name: 'WHO', type: 'TEXT', nullable: true }], rows: [] });
    const { statement } = await query(connection, 'INSERT INTO VISITS VALUES (?, ?)', [[1, 'ann'], [2, 'bob'], [3, null]]);
    expect(statement.getNumUpdatedRows()).toBe(3);
    expect((await query(connection, 'SELECT * FROM VISITS')).rows).toEqual([
      { ID: 1, WHO: 'ann' },
      { ID: 2, WHO: 'bob' },
      { ID: 3, WHO: null },
    ]);
  });

  test('a resubmitted request id returns the first run instead of running again', async () => {
    backend.tables.set('ONCE', { columns: [{ name: 'ID', type: 'FIXED', nullable: false }], rows: [] });
    const requestId = '6f1c2a56-2f55-4a6e-9c1e-0d6a0c1b2a33';
    const first = await query(connection, 'INSERT INTO ONCE VALUES (?)', [1], { requestId });
    const again = await query(connection, 'INSERT INTO ONCE VALUES (?)', [1], { requestId });
    expect(again.statement.getQueryId()).toBe(first.statement.getQueryId());
    expect(backend.tables.get('ONCE')!.rows).toHaveLength(1);
  });
});

describe('types', () => {
  beforeAll(() => {
    backend.tables.set('TYPES', {
      columns: [
        { name: 'AMOUNT', type: 'FIXED', precision: 38, scale: 2, nullable: false },
        { name: 'BIG', type: 'FIXED', precision: 38, scale: 0, nullable: false },
        { name: 'RATIO', type: 'REAL', nullable: false },
        { name: 'NAME', type: 'TEXT', length: 100, nullable: false },
        { name: 'YES', type: 'BOOLEAN', nullable: false },
        { name: 'NO', type: 'BOOLEAN', nullable: false },
        { name: 'DAY', type: 'DATE', nullable: false },
        { name: 'AT', type: 'TIMESTAMP_NTZ', nullable: false },
        { name: 'AT_TEXT', type: 'TIMESTAMP_NTZ', nullable: false },
        { name: 'BEFORE_1970', type: 'TIMESTAMP_NTZ', nullable: false },
        { name: 'AT_TZ', type: 'TIMESTAMP_TZ', nullable: false },
        { name: 'AT_LTZ', type: 'TIMESTAMP_LTZ', nullable: false },
        { name: 'CLOCK', type: 'TIME', nullable: false },
        { name: 'DOC', type: 'VARIANT', nullable: false },
        { name: 'DOC_TEXT', type: 'OBJECT', nullable: false },
        { name: 'BYTES', type: 'BINARY', nullable: false },
        { name: 'MISSING', type: 'TEXT', nullable: true },
      ],
      rows: [
        [
          12.34,
          12345678901234567890n,
          0.001953125,
          'O\'Brien "quoted"\n✓',
          true,
          false,
          new Date(Date.UTC(2024, 0, 2)),
          new Date('2024-01-02T03:04:05.678Z'),
          '2024-01-02 03:04:05.123456',
          new Date('1969-12-31T23:59:58.750Z'),
          '2024-01-02T03:04:05+02:00',
          new Date('2024-06-30T12:00:00Z'),
          '13:45:30.5',
          { visits: [1, 'two', { three: 3 }], empty: null },
          '{"k":1}',
          Buffer.from([0xde, 0xad, 0xbe, 0xef]),
          null,
        ],
      ],
    });
  });

  test('every type converts back to the JS value snowflake-sdk gives for Snowflake', async () => {
    const { rows, statement } = await query(connection, 'SELECT * FROM TYPES');
    const row = rows[0]!;
    expect(row.AMOUNT).toBe(12.34);
    expect(row.RATIO).toBe(0.001953125);
    expect(row.NAME).toBe('O\'Brien "quoted"\n✓');
    expect([row.YES, row.NO]).toEqual([true, false]);
    expect((row.DAY as Date).toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect((row.AT as Date).getTime()).toBe(Date.parse('2024-01-02T03:04:05.678Z'));
    expect((row.AT_TEXT as Date).toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect((row.AT_TEXT as unknown as { getNanoSeconds(): number }).getNanoSeconds()).toBe(123_456_000);
    expect((row.BEFORE_1970 as Date).toISOString()).toBe('1969-12-31T23:59:58.750Z');
    expect((row.AT_TZ as Date).toISOString()).toBe('2024-01-02T01:04:05.000Z');
    expect((row.AT_TZ as unknown as { getTimezone(): number }).getTimezone()).toBe(120);
    expect((row.AT_LTZ as Date).toISOString()).toBe('2024-06-30T12:00:00.000Z');
    expect(row.CLOCK).toBe('13:45:30');
    expect(row.DOC).toEqual({ visits: [1, 'two', { three: 3 }], empty: null });
    expect(row.DOC_TEXT).toEqual({ k: 1 });
    expect(Buffer.isBuffer(row.BYTES) && (row.BYTES as Buffer).toString('hex')).toBe('deadbeef');
    expect(row.MISSING).toBeNull();
    const amount = statement.getColumn('AMOUNT');
    expect([amount.getType(), amount.getPrecision(), amount.getScale(), amount.isNullable()]).toEqual(['fixed', 38, 2, false]);
  });

  test('big integers stay exact as text and as BigInt', async () => {
    const asText = await query(connection, 'SELECT * FROM TYPES', undefined, { fetchAsString: ['Number'] });
    expect(asText.rows[0]!.BIG).toBe('12345678901234567890');
    expect(asText.rows[0]!.AMOUNT).toBe('12.34');
    const bigConnection = await connect(server, { jsTreatIntegerAsBigInt: true });
    const { rows } = await query(bigConnection, 'SELECT * FROM TYPES');
    expect(String(rows[0]!.BIG)).toBe('12345678901234567890');
    await destroy(bigConnection);
  });
});

describe('errors', () => {
  test('a backend SQL error reaches the client with its code and SQL state; the connection keeps working', async () => {
    const error = await queryError(connection, 'SELECT * FROM NO_SUCH_TABLE');
    expect(error).toMatchObject({ code: '002003', sqlState: '42S02' });
    expect(error.message).toContain("Object 'NO_SUCH_TABLE' does not exist or not authorized.");
    expect((error.data as { queryId: string }).queryId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(query(connection, 'SELECT ?', [1])).resolves.toMatchObject({ rows: [{ C1: 1 }] });
  });

  test('an unexpected backend failure is an internal error without details; the details are logged', async () => {
    const error = await queryError(connection, 'BOOM');
    expect(error.code).toBe('000603');
    expect(error.message).not.toMatch(/secret|exploded|engine\.ts|\n\s+at /);
    expect(JSON.stringify(logged)).toContain('incident');
    expect(String((logged.at(-1) as { error: Error }).error.stack)).toContain('backend exploded');
    await expect(query(connection, 'SELECT ?', [2])).resolves.toMatchObject({ rows: [{ C1: 2 }] });
  });
});

describe('async execution and cancel', () => {
  test('asyncExec returns a query id at once; status and results are fetched later', async () => {
    const statement = await new Promise<snowflake.RowStatement>((resolve, reject) =>
      connection.execute({ sqlText: 'SELECT SLEEP(300)', asyncExec: true, complete: (err, stmt) => (err ? reject(err) : resolve(stmt)) }),
    );
    const queryId = statement.getQueryId();
    expect(await connection.getQueryStatus(queryId)).toBe('RUNNING');
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      void connection.getResultsFromQueryId({ queryId, complete: (err, _stmt, result) => (err ? reject(err) : resolve(result ?? [])) });
    });
    expect(rows).toEqual([{ SLEPT: 300 }]);
    expect(await connection.getQueryStatus(queryId)).toBe('SUCCESS');
  });

  test('a failed async query reports FAILED_WITH_ERROR with the error code', async () => {
    const statement = await new Promise<snowflake.RowStatement>((resolve, reject) =>
      connection.execute({ sqlText: 'SELECT * FROM GONE', asyncExec: true, complete: (err, stmt) => (err ? reject(err) : resolve(stmt)) }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(connection.getQueryStatusThrowIfError(statement.getQueryId())).rejects.toMatchObject({ code: '002003', sqlState: '42S02' });
  });

  test('cancel stops a long statement: the client gets 000604 and the backend sees the abort', async () => {
    const started = Date.now();
    let statement!: snowflake.RowStatement;
    const outcome = new Promise<snowflake.SnowflakeError | undefined>((resolve) => {
      statement = connection.execute({ sqlText: 'SELECT SLEEP(20000)', complete: (err) => resolve(err) });
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise<void>((resolve, reject) => statement.cancel((err) => (err ? reject(err) : resolve())));
    expect(await outcome).toMatchObject({ code: '000604', sqlState: '57014' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(backend.aborted).toContain('SELECT SLEEP(20000)');
    await expect(query(connection, 'SELECT ?', [3])).resolves.toMatchObject({ rows: [{ C1: 3 }] });
  });
});

test('a statement outlasting the result wait is polled to completion by the SDK', async () => {
  const { server: impatient } = await startFake({ resultWaitMs: 50 });
  const client = await connect(impatient);
  await expect(query(client, 'SELECT SLEEP(400)')).resolves.toMatchObject({ rows: [{ SLEPT: 400 }] });
  await destroy(client);
  await impatient.close();
});
