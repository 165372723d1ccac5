-- STAGING.QUARANTINE: every RAW row a staging task refused, with why. Rows are never deleted or
-- retried here: a fixed row comes back as a new export (a new file), which stages normally.
-- RECORD is the raw record as JSON text (every source field, JSON null for empty ones) and can
-- hold PHI (patient names, notes): give RECORD the same masking policy as the PHI columns.
--
-- REASON codes, checked in this order (the first that applies wins):
--   missing_business_key   a business key field is empty (or, for a numeric key, not a number of at most 9 digits)
--   unparseable_date       a filled date is not YYYY-MM-DD or a timestamp not YYYY-MM-DDTHH:MI:SS
--   non_numeric_amount     a filled money field is not a number
--   negative_quantity      quantity < 0 (movements and order lines; the type gives the direction)
--   unknown_location       a location field names no row of STAGING.STG_PMS__LOCATIONS
--   missing_required_field a field the export always fills (model/entities.ts `required`) is empty
--   invalid_code           a categorical field is outside its documented values (case-insensitive)
--   invalid_value          a filled non-money number or boolean does not parse (counts, axes and
--                          months are whole numbers of at most 9 digits: NUMBER(9,0))
-- The first five are the seed generator's codes (local/seed/malformed.ts); the last three guard
-- the typed columns so a staged row never has a silently NULLed value. Foreign keys to other
-- parents (patients, staff, orders, ...) are not quarantined: a parent may legitimately arrive in
-- a later export, so those are reported by the referential checks in sql/quality/dq_checks.sql.
CREATE TABLE IF NOT EXISTS STAGING.QUARANTINE (
  ENTITY         VARCHAR NOT NULL COMMENT 'source entity, e.g. appointments',
  SOURCE_FILE    VARCHAR NOT NULL COMMENT 'staged file the row was loaded from (RAW._SOURCE_FILE)',
  SOURCE_ROW     NUMBER(18,0) NOT NULL COMMENT 'row within that file (RAW._SOURCE_ROW)',
  RECORD         VARCHAR NOT NULL COMMENT 'the raw record as JSON text; may contain PHI',
  REASON         VARCHAR NOT NULL COMMENT 'reason code, see the header of sql/staging/ddl/quarantine.sql',
  LOADED_AT      TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded the row (RAW._LOADED_AT)',
  QUARANTINED_AT TIMESTAMP_NTZ NOT NULL COMMENT 'when the staging task refused it'
)
COMMENT = 'RAW rows refused by staging, one row each, with a reason code';
