import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ENTITY_NAMES } from '../../model/entities';
import { generateSeedData, nextWindow, type SeedInput, type SeedManifest } from '../../local/seed';
import { tempDir } from '../helpers/config';
import { MEDIUM_TENANT, SMALL_TENANT } from './helpers';

/** Every file under a directory with its bytes, keyed by relative path. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entity of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    for (const file of fs.readdirSync(path.join(dir, entity))) out.set(`${entity}/${file}`, fs.readFileSync(path.join(dir, entity, file)));
  }
  return out;
}

function expectSameFiles(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  expect([...a].filter(([name, bytes]) => !bytes.equals(b.get(name)!)).map(([name]) => name)).toEqual([]);
}

/** Generates `windows` (day counts) back to back into one directory; returns their manifests. */
function inWindows(input: Omit<SeedInput, 'days'>, windows: readonly number[], dir: string): SeedManifest[] {
  const manifests: SeedManifest[] = [];
  let next: SeedInput = { ...input, days: windows[0]! };
  for (const [i, days] of windows.entries()) {
    if (i > 0) next = nextWindow(next, manifests[i - 1]!, days);
    manifests.push(generateSeedData(next, dir));
  }
  return manifests;
}

describe('sample data determinism', () => {
  const input: SeedInput = { ...SMALL_TENANT, startDate: '2024-03-01', days: 30 };

  it('writes byte-identical files for the same input', () => {
    const [a, b] = [tempDir('det-a'), tempDir('det-b')];
    const ma = generateSeedData(input, a);
    const mb = generateSeedData(input, b);
    expect(ma).toEqual(mb);
    expectSameFiles(snapshot(a), snapshot(b));
  });

  it('writes different data for a different seed', () => {
    const [a, b] = [tempDir('seed-a'), tempDir('seed-b')];
    generateSeedData(input, a);
    generateSeedData({ ...input, seed: input.seed + 1 }, b);
    const [sa, sb] = [snapshot(a), snapshot(b)];
    const common = [...sa.keys()].filter((name) => sb.has(name));
    expect(common.length).toBeGreaterThan(sa.size * 0.8);
    expect(common.filter((name) => sa.get(name)!.equals(sb.get(name)!))).toEqual([]);
  });

  it('90 days at once equals 60 then 30 days, file for file and row for row (medium tenant)', () => {
    const whole = tempDir('whole');
    const split = tempDir('split');
    const base = { ...MEDIUM_TENANT, startDate: '2024-01-01' };
    const [once] = inWindows(base, [90], whole);
    const parts = inWindows(base, [60, 30], split);
    expectSameFiles(snapshot(whole), snapshot(split));
    expect(parts[1]!.historyStart).toBe('2024-01-01');
    expect(parts[1]!.startDate).toBe('2024-03-01');
    expect(parts.flatMap((m) => m.malformed)).toEqual(once!.malformed);
    for (const name of ENTITY_NAMES) {
      const sum = (k: 'rows' | 'malformedRows' | 'correctionRows') => parts.reduce((s, m) => s + m.entities[name][k], 0);
      expect({ name, rows: sum('rows'), malformed: sum('malformedRows'), corrections: sum('correctionRows') }).toEqual({
        name,
        rows: once!.entities[name].rows,
        malformed: once!.entities[name].malformedRows,
        corrections: once!.entities[name].correctionRows,
      });
    }
  });

  it('any split of a window gives the same files', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 0, max: 1000 }), (cut, seed) => {
        const base = { ...SMALL_TENANT, seed, startDate: '2024-11-20' };
        const [whole, split] = [tempDir('prop-whole'), tempDir('prop-split')];
        inWindows(base, [14], whole);
        inWindows(base, [cut, 14 - cut], split);
        expectSameFiles(snapshot(whole), snapshot(split));
      }),
      { numRuns: 6 },
    );
  });

  it('exports master data only in the window that holds the first day of history', () => {
    const dir = tempDir('masters');
    const [first, second] = inWindows({ ...SMALL_TENANT, startDate: '2024-05-01' }, [7, 7], dir);
    for (const name of ['locations', 'staff', 'products'] as const) {
      expect(first!.entities[name].files.map((f) => f.path)).toEqual([`${name}/${name}_20240501_001.csv`]);
      expect(second!.entities[name].files).toEqual([]);
    }
    // The panel comes first; afterwards only new and changed patients.
    expect(first!.entities.patients.files[0]!.rows).toBeGreaterThan(4000);
    expect(second!.entities.patients.rows).toBeLessThan(500);
  });

  it('splits large days into numbered parts', () => {
    const dir = tempDir('parts');
    const manifest = generateSeedData({ ...input, days: 1 }, dir, { maxRowsPerFile: 2000 });
    const parts = manifest.entities.patients.files.map((f) => f.path);
    expect(parts[0]).toBe('patients/patients_20240301_001.csv');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.at(-1)).toBe(`patients/patients_20240301_${String(parts.length).padStart(3, '0')}.csv`);
    expect(manifest.entities.patients.files.every((f) => f.rows <= 2000)).toBe(true);
  });

  it('rejects invalid input with what is wrong', () => {
    const dir = tempDir('invalid');
    expect(() => generateSeedData({ ...input, days: 0 }, dir)).toThrow(/days: must be a positive integer \(got 0\)/);
    expect(() => generateSeedData({ ...input, startDate: '2024-02-30' }, dir)).toThrow(/date "2024-02-30" is not a valid ISO date/);
    expect(() => generateSeedData({ ...input, historyStart: '2024-04-01' }, dir)).toThrow(/historyStart: must not be after startDate/);
    expect(() => generateSeedData({ ...input, locations: [{ id: 'Main St', name: 'x', state: 'TX' }] }, dir)).toThrow(/locations: id "Main St" must match/);
    expect(() => generateSeedData({ ...input, locations: [] }, dir)).toThrow(/at least one location/);
  });
});
