-- STAGING.STG_PMS__EXAMS: Exams performed at completed appointments.
-- One row per business key (exam_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (EXAM_TYPE).
-- PHI stays in its own columns (CHIEF_COMPLAINT) so masking policies attach per column.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__EXAMS (
  EXAM_ID         VARCHAR NOT NULL COMMENT 'Exam id.',
  APPOINTMENT_ID  VARCHAR COMMENT 'Appointment the exam took place at.',
  PATIENT_ID      VARCHAR COMMENT 'Patient.',
  PROVIDER_ID     VARCHAR COMMENT 'Examining doctor.',
  LOCATION_ID     VARCHAR COMMENT 'Location.',
  EXAM_DATE       DATE COMMENT 'Date of service.',
  EXAM_TYPE       VARCHAR COMMENT 'Exam type.',
  CPT_CODE        VARCHAR COMMENT 'Primary CPT code (92004/92014 comprehensive, 92012 intermediate, 92310 contact lens fitting).',
  ICD10_CODES     VARCHAR COMMENT 'Diagnosis codes, semicolon separated.',
  DILATED         BOOLEAN COMMENT 'Pupils dilated.',
  CHIEF_COMPLAINT VARCHAR COMMENT 'PHI (free_text): Chief complaint in the patient''s words.',
  UPDATED_AT      TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE    VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW     NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT      TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT      TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (EXAM_ID)
)
COMMENT = 'pms exams, typed and deduplicated from RAW.EXAMS';
