import { ACCESS_LEVELS, FUNCTIONAL_ROLES } from '../../model/names';
import { ACCESS_BUNDLES, FUNCTIONAL_GRANTS, WAREHOUSE_BUNDLES, WarehouseAccessLevel, effectivePrivileges, warehousePrivileges } from '../../model/privileges';

describe('privilege bundles', () => {
  it('RO ⊂ RW ⊂ FULL, each strictly', () => {
    const [ro, rw, full] = ACCESS_LEVELS.map(effectivePrivileges);
    for (const p of ro!) expect(rw!.has(p)).toBe(true);
    for (const p of rw!) expect(full!.has(p)).toBe(true);
    expect(rw!.size).toBeGreaterThan(ro!.size);
    expect(full!.size).toBeGreaterThan(rw!.size);
  });

  it('RO can read but not change anything', () => {
    const ro = [...effectivePrivileges('RO')];
    expect(ro).toEqual(expect.arrayContaining(['DATABASE:USAGE', 'SCHEMA:USAGE', 'TABLES:SELECT', 'VIEWS:SELECT']));
    expect(ro.filter((p) => /INSERT|UPDATE|DELETE|TRUNCATE|CREATE|OWNERSHIP/.test(p))).toEqual([]);
  });

  it('no bundle grants OWNERSHIP or ALL PRIVILEGES', () => {
    for (const level of ACCESS_LEVELS) {
      expect([...effectivePrivileges(level)].filter((p) => /OWNERSHIP|ALL/.test(p))).toEqual([]);
    }
  });

  it('each privilege is granted once along the chain (bundles list only what they add)', () => {
    const seen = new Set<string>();
    for (const level of ACCESS_LEVELS) {
      const own = [...effectivePrivileges(level)].filter((p) => !(ACCESS_BUNDLES[level].inherits && effectivePrivileges(ACCESS_BUNDLES[level].inherits!).has(p)));
      for (const p of own) {
        expect(seen.has(p)).toBe(false);
        seen.add(p);
      }
    }
  });

  it('analysts and location managers only read marts; the admin includes every other role', () => {
    expect(FUNCTIONAL_GRANTS.ANALYST.access).toEqual([{ schema: 'MARTS', level: 'RO' }]);
    expect(FUNCTIONAL_GRANTS.LOCATION_MANAGER.access).toEqual([{ schema: 'MARTS', level: 'RO' }]);
    const reach = (role: (typeof FUNCTIONAL_ROLES)[number]): Set<string> =>
      new Set([role, ...FUNCTIONAL_GRANTS[role].includes.flatMap((r) => [...reach(r)])]);
    expect([...reach('ADMIN')].sort()).toEqual([...FUNCTIONAL_ROLES].sort());
  });
});

describe('warehouse bundles', () => {
  const levels = Object.keys(WAREHOUSE_BUNDLES) as WarehouseAccessLevel[];

  it('USE only runs queries; OPERATE adds operating and monitoring, inherited privileges first', () => {
    expect(warehousePrivileges('USE')).toEqual(['USAGE']);
    expect(warehousePrivileges('OPERATE')).toEqual(['USAGE', 'OPERATE', 'MONITOR']);
  });

  it('each level lists only what it adds, and none grants OWNERSHIP, MODIFY or ALL', () => {
    for (const level of levels) {
      const all = warehousePrivileges(level);
      expect(new Set(all).size).toBe(all.length);
      expect(all.filter((p) => /OWNERSHIP|MODIFY|ALL/.test(p))).toEqual([]);
    }
  });

  it('engineers and admins operate the warehouse; the other roles only use it', () => {
    const operate = Object.entries(FUNCTIONAL_GRANTS).filter(([, g]) => g.warehouse === 'OPERATE').map(([role]) => role);
    expect(operate.sort()).toEqual(['ADMIN', 'ENGINEER']);
  });
});
