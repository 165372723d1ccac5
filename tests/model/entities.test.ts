import { ENTITIES, ENTITY_NAMES, FIELD_TYPES, entity, fieldOf, isEntityName, RAW_SCHEMA } from '../../model/entities';

/** Snowflake reserved words that would force quoting if used as a column name. */
const RESERVED = new Set(
  'ACCOUNT ALL ALTER AND ANY AS BETWEEN BY CASE CAST CHECK COLUMN CONNECT CONNECTION CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DATABASE DELETE DISTINCT DROP ELSE EXISTS FALSE FOLLOWING FOR FROM FULL GRANT GROUP GSCLUSTER HAVING ILIKE IN INCREMENT INNER INSERT INTERSECT INTO IS ISSUE JOIN LATERAL LEFT LIKE LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT NULL OF ON OR ORDER ORGANIZATION QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS SAMPLE SCHEMA SELECT SET SOME START TABLE TABLESAMPLE THEN TO TRIGGER TRUE TRY_CAST UNION UNIQUE UPDATE USING VALUES VIEW WHEN WHENEVER WHERE WITH'.split(' '),
);
const SNOWFLAKE_UNQUOTED = /^[A-Z_][A-Z0-9_]*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;

describe('source entity catalog', () => {
  it('lists the twelve export entities, parents before children', () => {
    expect(ENTITIES.map((e) => e.name)).toEqual([...ENTITY_NAMES]);
    expect(ENTITY_NAMES).toHaveLength(12);
    const position = new Map(ENTITY_NAMES.map((n, i) => [n, i]));
    for (const e of ENTITIES) {
      for (const fk of e.foreignKeys) expect(position.get(fk.references)!).toBeLessThanOrEqual(position.get(e.name)!);
    }
  });

  it.each(ENTITIES.map((e) => [e.name, e] as const))('%s has valid Snowflake names', (name, e) => {
    expect(e.table).toBe(name.toUpperCase());
    expect(e.table).toMatch(SNOWFLAKE_UNQUOTED);
    expect(RESERVED.has(e.table)).toBe(false);
    expect(`${RAW_SCHEMA}.${e.table}`).toMatch(/^RAW\.[A-Z_][A-Z0-9_]*$/);
    const names = e.fields.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(n).toMatch(SNAKE);
      expect(n.toUpperCase()).toMatch(SNOWFLAKE_UNQUOTED);
      expect({ field: n, reserved: RESERVED.has(n.toUpperCase()) }).toEqual({ field: n, reserved: false });
    }
  });

  it.each(ENTITIES.map((e) => [e.name, e] as const))('%s has required business key and version fields', (_, e) => {
    expect(e.businessKey.length).toBeGreaterThan(0);
    for (const k of e.businessKey) expect(fieldOf(e, k).required).toBe(true);
    expect(fieldOf(e, e.versionField)).toMatchObject({ type: 'timestamp', required: true });
  });

  it.each(ENTITIES.map((e) => [e.name, e] as const))('%s foreign keys point at existing fields of existing entities', (_, e) => {
    for (const fk of e.foreignKeys) {
      expect(isEntityName(fk.references)).toBe(true);
      fieldOf(e, fk.field);
      // Single-column references: the parent's key is one field of the same loose type.
      const parent = entity(fk.references);
      expect(parent.businessKey).toHaveLength(1);
      expect(fieldOf(parent, parent.businessKey[0]!).type).toBe(fieldOf(e, fk.field).type);
    }
  });

  it('every field has a known type, a description, and consistent annotations', () => {
    for (const e of ENTITIES) {
      expect(e.description.length).toBeGreaterThan(10);
      expect(['csv', 'ndjson']).toContain(e.format);
      for (const f of e.fields) {
        expect(FIELD_TYPES).toContain(f.type);
        expect(f.description.length).toBeGreaterThan(3);
        if (f.currency) expect(f.type).toBe('decimal');
        if (f.phi) expect(['string', 'date']).toContain(f.type);
        if (f.values) {
          expect(f.type).toBe('string');
          expect(new Set(f.values).size).toBe(f.values.length);
        }
      }
    }
  });

  it('flags patient identifiers, contact data and free text as PHI, and nothing about staff', () => {
    const phi = Object.fromEntries(ENTITIES.map((e) => [e.name, Object.fromEntries(e.fields.filter((f) => f.phi).map((f) => [f.name, f.phi]))]));
    expect(phi.patients).toEqual({
      first_name: 'name',
      last_name: 'name',
      birth_date: 'birth_date',
      address_line1: 'address',
      city: 'address',
      postal_code: 'address',
      phone: 'contact',
      email: 'contact',
    });
    expect(phi.appointments).toEqual({ notes: 'free_text' });
    expect(phi.exams).toEqual({ chief_complaint: 'free_text' });
    for (const name of ['locations', 'staff', 'products', 'payments', 'claims'] as const) expect(phi[name]).toEqual({});
  });

  it('uses NDJSON for the lab and clearinghouse feeds and CSV for the rest', () => {
    expect(ENTITIES.filter((e) => e.format === 'ndjson').map((e) => e.name)).toEqual(['optical_orders', 'optical_order_lines', 'claims']);
  });

  it('carries the codes and value domains the domain reference lists', () => {
    expect(fieldOf(entity('appointments'), 'appointment_type').values).toEqual(['comprehensive_exam', 'medical_visit', 'cl_fitting', 'follow_up', 'dispensing']);
    expect(fieldOf(entity('appointments'), 'status').values).toEqual(['scheduled', 'arrived', 'completed', 'no_show', 'cancelled', 'rescheduled']);
    expect(fieldOf(entity('claims'), 'payer_class').values).toEqual(['private_pay', 'medicare', 'medicaid', 'vsp', 'other_vision', 'commercial_medical', 'other']);
    expect(fieldOf(entity('claims'), 'status').values).toEqual(['submitted', 'accepted', 'denied', 'paid']);
    expect(fieldOf(entity('staff'), 'role').values).toEqual(['optometrist', 'ophthalmologist', 'optician', 'technician', 'front_desk', 'manager']);
    expect(fieldOf(entity('prescriptions'), 'rx_type').values).toEqual(['spectacle', 'soft_cl', 'rigid_cl']);
    expect(fieldOf(entity('inventory_movements'), 'movement_type').values).toEqual(['received', 'sold', 'adjusted', 'returned']);
    expect(entity('optical_order_lines').businessKey).toEqual(['order_id', 'line_number']);
  });

  it('rejects unknown entity and field names with what is allowed', () => {
    expect(() => entity('invoices')).toThrow(/unknown source entity "invoices" \(allowed: locations, staff, .*payments\)/);
    expect(() => fieldOf(entity('patients'), 'ssn')).toThrow('entity patients has no field "ssn"');
    expect(isEntityName('claims')).toBe(true);
    expect(isEntityName('CLAIMS')).toBe(false);
  });
});
