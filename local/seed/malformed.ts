/**
 * Deliberately malformed rows, so the quarantine path is exercised on every load.
 *
 * About MALFORMED_ROW_RATE (0.5%) of the valid rows of every entity except `locations` (which
 * mirrors the tenant config) are followed in the same file by a broken copy of themselves. The
 * copy gets its own business key (the original's id plus `-Q<version>`, or line number + 100),
 * so it never collides with or supersedes a valid row, and it has exactly one defect:
 *
 * | reason                 | defect                                                         |
 * |------------------------|----------------------------------------------------------------|
 * | `missing_business_key` | one business key field is empty                                |
 * | `unparseable_date`     | one filled date or timestamp field is not a date (`2024-02-30`, `31/12/2024`, ...) |
 * | `negative_quantity`    | `quantity` is negative                                         |
 * | `unknown_location`     | a location field holds an id that no config can hold (`LOC-404`, ...) |
 * | `non_numeric_amount`   | one filled money field is not a number (`N/A`, `12.50.00`, ...) |
 *
 * The reason is drawn uniformly among those that apply to the entity. Which rows get a copy
 * and which defect it has are keyed by (seed, tenant, entity, business key, version), so they do
 * not depend on the generation window. Re-exports of a key with a later `updated_at` are valid
 * versions, not malformed rows; the manifest counts them separately.
 */
import type { Cell, EntitySpec, FieldSpec } from '../../model/entities';
import { Rng } from './rng';

export const MALFORMED_REASONS = ['missing_business_key', 'unparseable_date', 'negative_quantity', 'unknown_location', 'non_numeric_amount'] as const;
export type MalformedReason = (typeof MALFORMED_REASONS)[number];

/** Share of valid rows followed by a malformed copy. */
export const MALFORMED_ROW_RATE = 0.005;

/** Entities that never get malformed rows. */
export const CLEAN_ENTITIES: readonly string[] = ['locations'];

export const BAD_DATES = ['2024-02-30', '31/12/2024', '2024-13-01', 'N/A', 'yesterday'] as const;
export const BAD_TIMESTAMPS = ['2024-02-30T10:15:00', '12/31/2024 9:30 AM', '2024-06-15T25:61:00', 'N/A'] as const;
export const BAD_AMOUNTS = ['N/A', '12.50.00', 'twelve', '#VALUE!'] as const;
/** Not matching the config's location id pattern, so no configured location can have them. */
export const UNKNOWN_LOCATIONS = ['LOC-404', 'unknown-site', 'Closed Store #7'] as const;

type MutableRow = Record<string, Cell>;

const isDate = (f: FieldSpec) => f.type === 'date' || f.type === 'timestamp';
const isLocation = (spec: EntitySpec, f: FieldSpec) => spec.foreignKeys.some((fk) => fk.field === f.name && fk.references === 'locations');

/** The reasons that can apply to an entity (given that the row has the fields filled). */
export function applicableReasons(spec: EntitySpec): MalformedReason[] {
  if (CLEAN_ENTITIES.includes(spec.name)) return [];
  const reasons: MalformedReason[] = ['missing_business_key'];
  if (spec.fields.some(isDate)) reasons.push('unparseable_date');
  if (spec.fields.some((f) => f.name === 'quantity')) reasons.push('negative_quantity');
  if (spec.fields.some((f) => isLocation(spec, f))) reasons.push('unknown_location');
  if (spec.fields.some((f) => f.currency)) reasons.push('non_numeric_amount');
  return reasons;
}

export interface Corruption {
  readonly row: MutableRow;
  readonly reason: MalformedReason;
  /** The field made invalid. */
  readonly field: string;
}

/**
 * A broken copy of a valid row with a fresh business key. Only filled fields are broken, and
 * every entity has a required date (`updated_at`) and key, so a defect always has a target.
 */
export function corrupt(spec: EntitySpec, row: Readonly<MutableRow>, version: number, rng: Rng): Corruption {
  const reason = rng.pick(applicableReasons(spec));
  const copy: MutableRow = { ...row };
  // A fresh key first, so the copy never supersedes the row it was made from.
  const [firstKey] = spec.businessKey;
  const keyField = spec.businessKey.length > 1 ? spec.businessKey[spec.businessKey.length - 1]! : firstKey!;
  copy[keyField] = typeof row[keyField] === 'number' ? (row[keyField] as number) + 100 * version : `${String(row[keyField])}-Q${version}`;

  const filled = (f: FieldSpec) => copy[f.name] !== null && copy[f.name] !== undefined;
  let target: FieldSpec;
  switch (reason) {
    case 'missing_business_key': {
      const name = rng.pick(spec.businessKey);
      target = spec.fields.find((f) => f.name === name)!;
      copy[target.name] = null;
      break;
    }
    case 'unparseable_date':
      target = rng.pick(spec.fields.filter((f) => isDate(f) && filled(f)));
      copy[target.name] = target.type === 'date' ? rng.pick(BAD_DATES) : rng.pick(BAD_TIMESTAMPS);
      break;
    case 'negative_quantity':
      target = spec.fields.find((f) => f.name === 'quantity')!;
      copy[target.name] = -Math.max(1, Number(copy[target.name]));
      break;
    case 'unknown_location':
      target = rng.pick(spec.fields.filter((f) => isLocation(spec, f) && filled(f)));
      copy[target.name] = rng.pick(UNKNOWN_LOCATIONS);
      break;
    case 'non_numeric_amount':
      target = rng.pick(spec.fields.filter((f) => f.currency && filled(f)));
      copy[target.name] = rng.pick(BAD_AMOUNTS);
      break;
  }
  return { row: copy, reason, field: target.name };
}
