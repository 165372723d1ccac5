/** A million-row result: chunked by the server, downloaded and streamed by snowflake-sdk. */
import type * as snowflake from 'snowflake-sdk';
import type { RunningServer } from '../../../local/server/server';
import { generatedRow } from './fake-backend';
import { connect, destroy, startFake } from './sdk';

let server: RunningServer;
let connection: snowflake.Connection;

beforeAll(async () => {
  ({ server } = await startFake());
  connection = await connect(server);
});
afterAll(async () => {
  await destroy(connection);
  await server.close();
});

/** Order-sensitive checksum over the fields of each row, fed one row at a time. */
class Checksum {
  count = 0;
  sum = 0;
  add(id: unknown, amount: unknown, label: unknown): void {
    this.count++;
    this.sum = (this.sum * 31 + Number(id) + Math.round(Number(amount) * 100) + String(label).length) % 1_000_000_007;
  }
}

test('1,000,000 rows stream through statement.streamRows() with the right count and checksum', async () => {
  const n = 1_000_000;
  const statement = await new Promise<snowflake.RowStatement>((resolve, reject) =>
    connection.execute({ sqlText: `SELECT * FROM GENERATE(${n})`, streamResult: true, complete: (err, stmt) => (err ? reject(err) : resolve(stmt)) }),
  );
  expect(statement.getNumRows()).toBe(n);
  const streamed = new Checksum();
  let last: unknown[] = [];
  await new Promise<void>((resolve, reject) => {
    statement
      .streamRows()
      .on('data', (row: { ID: number; AMOUNT: number; LABEL: string }) => {
        streamed.add(row.ID, row.AMOUNT, row.LABEL);
        last = [row.ID, row.AMOUNT, row.LABEL];
      })
      .on('error', reject)
      .on('end', () => resolve());
  });
  const expected = new Checksum();
  for (let i = 0; i < n; i++) expected.add(...(generatedRow(i) as [unknown, unknown, unknown]));
  expect(streamed).toEqual(expected);
  expect(last).toEqual(generatedRow(n - 1));
}, 60_000);
