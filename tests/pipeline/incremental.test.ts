/**
 * Incremental refreshes: marts built run by run, as daily loads arrive, equal the marts one run
 * builds from the same RAW rows, including corrections that move a stock movement to another day
 * and line and a product whose unit cost changes; the inventory mart extends its series without
 * rewriting the days before the change.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSeedData, nextWindow, readEntityRecords, type SeedInput, type SeedManifest } from '../../local/seed';
import { ENTITY_NAMES } from '../../model/entities';
import { records } from './fixtures';
import { TestTenant, martSnapshot } from './helpers';

interface Batch {
  readonly load: (t: TestTenant) => Promise<void>;
}

/** Sample windows of 8, 1 and 1 days, each loaded as the files of that window. */
function seedBatches(dir: string): Batch[] {
  const batches: Batch[] = [];
  let input: SeedInput = { tenantId: 'acme', tier: 'small', locations: [{ id: 'downtown', name: 'Downtown Eye Care', state: 'TX' }, { id: 'uptown', name: 'Uptown Eye Care', state: 'TX' }], startDate: '2024-03-04', days: 8, seed: 5 };
  for (const days of [8, 1, 1]) {
    const out = path.join(dir, `w${batches.length}`);
    const manifest: SeedManifest = generateSeedData({ ...input, days }, out);
    batches.push({
      load: async (t) => {
        for (const name of ENTITY_NAMES) {
          const byFile = new Map<string, Record<string, string | null>[]>();
          for (const r of readEntityRecords(out, manifest, name)) byFile.set(r.file, [...(byFile.get(r.file) ?? []), { ...r.record }]);
          for (const [file, list] of byFile) await t.loadRaw(name, list, `w${batches.length}/${file}`);
        }
      },
    });
    input = nextWindow({ ...input, days }, manifest, days);
  }
  return batches;
}

/** Stock corrections after the sample: a receipt moved to a later day, a sale moved to an earlier day at another line, a cost change. */
const corrections: Batch[] = [
  {
    load: (t) =>
      t.loadRaw('inventory_movements', records('inventory_movements', [
        { movement_id: 'MX1', product_id: 'FX1', location_id: 'downtown', movement_type: 'received', quantity: '5', moved_at: '2024-03-06T08:00:00', updated_at: '2024-03-14T07:00:00' },
        { movement_id: 'MX2', product_id: 'FX1', location_id: 'downtown', movement_type: 'sold', quantity: '2', moved_at: '2024-03-09T08:00:00', updated_at: '2024-03-14T07:00:00' },
      ]), 'fix/m1.csv', '2024-03-15 06:00:00'),
  },
  {
    load: async (t) => {
      await t.loadRaw('inventory_movements', records('inventory_movements', [
        { movement_id: 'MX1', product_id: 'FX1', location_id: 'downtown', movement_type: 'received', quantity: '5', moved_at: '2024-03-08T08:00:00', updated_at: '2024-03-15T07:00:00' },
        { movement_id: 'MX2', product_id: 'FX2', location_id: 'uptown', movement_type: 'sold', quantity: '2', moved_at: '2024-03-05T08:00:00', updated_at: '2024-03-15T07:00:00' },
      ]), 'fix/m2.csv', '2024-03-16 06:00:00');
      await t.loadRaw('products', records('products', [{ product_id: 'FX1', unit_cost: '55.00', updated_at: '2024-03-16T05:00:00' }]), 'fix/p1.csv', '2024-03-16 06:00:00');
    },
  },
];

let dir: string;
let incremental: TestTenant;
let rebuilt: TestTenant;
const inventoryAfterFirstRun: Record<string, unknown>[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eyecare-incremental-'));
  const batches = [...seedBatches(dir), ...corrections];
  incremental = await TestTenant.create();
  for (const [i, batch] of batches.entries()) {
    await batch.load(incremental);
    await incremental.runAll();
    if (i === 0) inventoryAfterFirstRun.push(...(await incremental.query(`SELECT * FROM MARTS.FCT_INVENTORY_DAILY ORDER BY 1, 2, 3`)));
  }
  rebuilt = await TestTenant.create();
  for (const batch of batches) await batch.load(rebuilt);
  await rebuilt.runAll();
}, 600_000);

afterAll(() => {
  incremental.close();
  rebuilt.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('marts refreshed run by run equal the marts one run builds from the same rows', async () => {
  const built = await martSnapshot(rebuilt);
  expect(built['FCT_INVENTORY_DAILY']!.length).toBeGreaterThan(inventoryAfterFirstRun.length);
  expect(await martSnapshot(incremental)).toEqual(built);
});

test('the corrections moved the stock: FX1 downtown now starts on its receipt, FX2 uptown on the moved sale', async () => {
  const line = (product: string, location: string) =>
    incremental.query(`SELECT DATE_DAY, ON_HAND_QUANTITY, ON_HAND_COST FROM MARTS.FCT_INVENTORY_DAILY
      WHERE PRODUCT_ID = '${product}' AND LOCATION_ID = '${location}' AND DATE_DAY <= '2024-03-09' ORDER BY DATE_DAY`);
  // 5 received on 03-08 (moved from 03-06) at the new unit cost of 55.00; the sale moved away.
  expect(await line('FX1', 'downtown')).toEqual([
    { DATE_DAY: '2024-03-08', ON_HAND_QUANTITY: 5, ON_HAND_COST: 275 },
    { DATE_DAY: '2024-03-09', ON_HAND_QUANTITY: 5, ON_HAND_COST: 275 },
  ]);
  // FX2 has no product row, so no cost.
  expect(await line('FX2', 'uptown')).toEqual(['2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08', '2024-03-09'].map((d) => ({ DATE_DAY: d, ON_HAND_QUANTITY: -2, ON_HAND_COST: null })));
});

test('a run with nothing new changes no inventory row and leaves no pending change', async () => {
  const before = await incremental.query(`SELECT * FROM MARTS.FCT_INVENTORY_DAILY ORDER BY 1, 2, 3`);
  await incremental.runAll();
  expect(await incremental.query(`SELECT * FROM MARTS.FCT_INVENTORY_DAILY ORDER BY 1, 2, 3`)).toEqual(before);
  expect(await incremental.scalar(`SELECT COUNT(*) FROM STAGING.INVENTORY_CHANGES`)).toBe(0);
});
