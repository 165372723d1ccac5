-- STAGING.STG_PMS__LOCATIONS: Clinics and optical stores of the practice group (from the tenant config).
-- One row per business key (location_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (STATUS).
-- No PHI columns.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__LOCATIONS (
  LOCATION_ID   VARCHAR NOT NULL COMMENT 'Stable location id from the tenant config.',
  LOCATION_NAME VARCHAR COMMENT 'Display name.',
  CITY          VARCHAR COMMENT 'City, when configured.',
  STATE         VARCHAR COMMENT 'US state code.',
  PHONE         VARCHAR COMMENT 'Front desk phone (business contact, not PHI).',
  OPENED_DATE   DATE COMMENT 'First day the location saw patients.',
  STATUS        VARCHAR COMMENT 'Operating status.',
  UPDATED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE  VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW   NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (LOCATION_ID)
)
COMMENT = 'pms locations, typed and deduplicated from RAW.LOCATIONS';
