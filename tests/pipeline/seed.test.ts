/**
 * The pipeline on generated sample data (local/seed): quarantine holds exactly the rows the
 * generator corrupted, with the generator's reason, and nothing else; every entity reconciles;
 * collected revenue in the marts equals the valid payments of the files to the cent.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSeedData, readEntityRecords, type SeedManifest } from '../../local/seed';
import { ENTITY_NAMES, entity } from '../../model/entities';
import { TestTenant } from './helpers';

let t: TestTenant;
let manifest: SeedManifest;
let outDir: string;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eyecare-seed-'));
  manifest = generateSeedData({ tenantId: 'acme', tier: 'small', locations: [{ id: 'downtown', name: 'Downtown Eye Care', state: 'TX' }], startDate: '2024-03-04', days: 10, seed: 11 }, outDir);
  t = await TestTenant.create();
  for (const name of ENTITY_NAMES) {
    const byFile = new Map<string, { firstRow: number; records: Record<string, string | null>[] }>();
    for (const r of readEntityRecords(outDir, manifest, name)) {
      const file = byFile.get(r.file) ?? { firstRow: r.row, records: [] };
      file.records.push({ ...r.record });
      byFile.set(r.file, file);
    }
    // Numbered as COPY INTO numbers them, so QUARANTINE's SOURCE_ROW can be compared with the manifest.
    for (const [file, { firstRow, records }] of byFile) await t.loadRaw(name, records, file, undefined, firstRow);
  }
  await t.runAll();
  await t.runFile('quality/dq_checks.sql');
}, 240_000);
afterAll(() => {
  t.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

test('the sample has malformed rows to catch', () => {
  expect(manifest.malformed.length).toBeGreaterThan(10);
});

test('quarantine holds exactly the generator\'s malformed rows, each with its reason', async () => {
  const quarantined = await t.query(`SELECT ENTITY, SOURCE_FILE, SOURCE_ROW, REASON FROM STAGING.QUARANTINE`);
  const key = (e: string, f: string, r: number, reason: string) => `${e}|${f}|${r}|${reason}`;
  const actual = quarantined.map((q) => key(String(q.ENTITY), String(q.SOURCE_FILE), Number(q.SOURCE_ROW), String(q.REASON))).sort();
  const expected = manifest.malformed.map((m) => key(m.entity, m.file, m.row, m.reason)).sort();
  expect(actual).toEqual(expected);
});

test('every entity reconciles, staging keys are unique and facts point at dimensions', async () => {
  const failed = await t.query(`SELECT CHECK_NAME, ENTITY, OBSERVED, EXPECTED FROM STAGING.DQ_RESULTS WHERE STATUS = 'fail' AND CHECK_NAME <> 'freshness'`);
  expect(failed).toEqual([]);
  expect(await t.scalar(`SELECT COUNT(*) FROM STAGING.DQ_RESULTS WHERE CHECK_NAME = 'row_count_reconciliation'`)).toBe(ENTITY_NAMES.length);
});

test('collected revenue equals the valid payments of the files, to the cent', async () => {
  const malformed = new Set(manifest.malformed.filter((m) => m.entity === 'payments').map((m) => `${m.file}|${m.row}`));
  const newest = new Map<string, { updatedAt: string; cents: number }>();
  for (const r of readEntityRecords(outDir, manifest, 'payments')) {
    if (malformed.has(`${r.file}|${r.row}`)) continue;
    const id = r.record.payment_id!;
    const updatedAt = r.record.updated_at!;
    const seen = newest.get(id);
    if (!seen || updatedAt >= seen.updatedAt) newest.set(id, { updatedAt, cents: Math.round(Number(r.record.amount) * 100) });
  }
  const expectedCents = [...newest.values()].reduce((sum, p) => sum + p.cents, 0);
  expect(expectedCents).toBeGreaterThan(0);
  expect(Math.round(Number(await t.scalar(`SELECT SUM(NET_REVENUE) FROM MARTS.KPI_LOCATION_DAILY`)) * 100)).toBe(expectedCents);
});

test('KPIs land in the published ranges on generated data', async () => {
  // Past days only: days after the window hold bookings that have not happened yet.
  const [k] = await t.query(`
    SELECT SUM(NO_SHOWS) / SUM(APPOINTMENTS_SCHEDULED) AS NO_SHOW_RATE,
           SUM(BOOKED_MINUTES) / SUM(AVAILABLE_MINUTES) AS UTILISATION,
           SUM(NEW_PATIENTS_SEEN) / SUM(PATIENTS_SEEN) AS NEW_PATIENT_SHARE,
           SUM(COMPREHENSIVE_EXAMS) / SUM(OD_DAYS) AS EXAMS_PER_OD_DAY
    FROM MARTS.KPI_LOCATION_DAILY
    WHERE DATE_DAY < '${manifest.endDate}'`);
  expect(k!.NO_SHOW_RATE).toBeGreaterThan(0.03);
  expect(k!.NO_SHOW_RATE).toBeLessThan(0.25);
  expect(k!.UTILISATION).toBeGreaterThan(0.6);
  expect(k!.UTILISATION).toBeLessThan(0.95);
  expect(k!.NEW_PATIENT_SHARE).toBeGreaterThan(0.1);
  expect(k!.NEW_PATIENT_SHARE).toBeLessThan(0.45);
  expect(k!.EXAMS_PER_OD_DAY).toBeGreaterThan(4);
  expect(k!.EXAMS_PER_OD_DAY).toBeLessThan(20);
});

test('staging tables carry every source field of the model', () => {
  for (const name of ENTITY_NAMES) {
    const ddl = fs.readFileSync(path.join(__dirname, '..', '..', 'sql', 'staging', 'ddl', `${name}.sql`), 'utf8');
    for (const f of entity(name).fields) expect(ddl).toMatch(new RegExp(`^\\s+${f.name.toUpperCase()}\\s`, 'm'));
  }
});
