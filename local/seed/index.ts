/**
 * Deterministic sample eyecare source data: `generateSeedData` writes a window of export files
 * for one tenant and returns a manifest of what it wrote, malformed rows included.
 */
export { generateSeedData, nextWindow, MAX_LAG_DAYS, MAX_LEAD_DAYS, type SeedInput, type SeedLocation, type SeedManifest, type SeedOptions } from './generate';
export type { EntitySeedSummary, MalformedRow, SeedFile } from './writer';
export { MALFORMED_REASONS, MALFORMED_ROW_RATE, CLEAN_ENTITIES, applicableReasons, type MalformedReason } from './malformed';
export { csvField, csvRecord, parseCsv } from '../formats/csv';
export { fileRowNumber, parseSourceFile, readEntityRecords, type LocatedRecord, type RawRecord } from './read';
export { TIER_PROFILES } from './profile';
export { dayOf, isOpen } from './calendar';
