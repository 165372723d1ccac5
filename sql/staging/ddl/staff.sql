-- STAGING.STG_PMS__STAFF: Doctors, opticians, technicians, front desk and managers.
-- One row per business key (staff_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (ROLE, COMMISSION_PLAN, STATUS).
-- No PHI columns.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__STAFF (
  STAFF_ID         VARCHAR NOT NULL COMMENT 'Staff id.',
  HOME_LOCATION_ID VARCHAR COMMENT 'Location the person mostly works at.',
  FIRST_NAME       VARCHAR COMMENT 'Given name (workforce data, not PHI).',
  LAST_NAME        VARCHAR COMMENT 'Family name (workforce data, not PHI).',
  ROLE             VARCHAR COMMENT 'Job role.',
  NPI              VARCHAR COMMENT 'National Provider Identifier, for doctors.',
  HIRE_DATE        DATE COMMENT 'First day of employment.',
  TERMINATION_DATE DATE COMMENT 'Last day of employment, when it ended.',
  COMMISSION_PLAN  VARCHAR COMMENT 'Dispensary commission plan; most practices pay none.',
  STATUS           VARCHAR COMMENT 'Employment status.',
  UPDATED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE     VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW      NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (STAFF_ID)
)
COMMENT = 'pms staff, typed and deduplicated from RAW.STAFF';
