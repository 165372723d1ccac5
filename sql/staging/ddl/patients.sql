-- STAGING.STG_PMS__PATIENTS: Patient demographics and coverage (PHI). The panel is exported when history starts, then new and changed patients daily.
-- One row per business key (patient_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (GENDER, STATUS, REFERRAL_SOURCE).
-- PHI stays in its own columns (FIRST_NAME, LAST_NAME, BIRTH_DATE, ADDRESS_LINE1, CITY, POSTAL_CODE, PHONE, EMAIL) so masking policies attach per column.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__PATIENTS (
  PATIENT_ID       VARCHAR NOT NULL COMMENT 'Patient (chart) id.',
  HOME_LOCATION_ID VARCHAR COMMENT 'Location that owns the chart.',
  FIRST_NAME       VARCHAR COMMENT 'PHI (name): Given name.',
  LAST_NAME        VARCHAR COMMENT 'PHI (name): Family name.',
  BIRTH_DATE       DATE COMMENT 'PHI (birth_date): Date of birth.',
  GENDER           VARCHAR COMMENT 'Administrative gender.',
  ADDRESS_LINE1    VARCHAR COMMENT 'PHI (address): Street address.',
  CITY             VARCHAR COMMENT 'PHI (address): City.',
  STATE            VARCHAR COMMENT 'US state code (not PHI on its own).',
  POSTAL_CODE      VARCHAR COMMENT 'PHI (address): ZIP code.',
  PHONE            VARCHAR COMMENT 'PHI (contact): Phone number.',
  EMAIL            VARCHAR COMMENT 'PHI (contact): Email address.',
  GUARANTOR_ID     VARCHAR COMMENT 'Patient responsible for the bill, for minors and dependants.',
  STATUS           VARCHAR COMMENT 'Chart status.',
  REFERRAL_SOURCE  VARCHAR COMMENT 'How the patient found the practice.',
  VISION_CARRIER   VARCHAR COMMENT 'Vision plan carrier (VSP, EyeMed, ...), empty when self-pay.',
  VISION_PLAN      VARCHAR COMMENT 'Vision plan name.',
  MEDICAL_CARRIER  VARCHAR COMMENT 'Medical insurance carrier (Medicare, Medicaid, commercial, ...).',
  MEDICAL_PLAN     VARCHAR COMMENT 'Medical plan name.',
  CREATED_AT       TIMESTAMP_NTZ COMMENT 'When the chart was created.',
  UPDATED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE     VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW      NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (PATIENT_ID)
)
COMMENT = 'pms patients, typed and deduplicated from RAW.PATIENTS';
