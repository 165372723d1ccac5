-- MARTS.FCT_EXAMS: one row per exam, with what it led to (prescriptions written, an eyewear or a
-- contact lens order filling them): the inputs of optical capture and CL capture.
CREATE TABLE IF NOT EXISTS MARTS.FCT_EXAMS (
  EXAM_ID            VARCHAR NOT NULL,
  EXAM_DATE          DATE NOT NULL,
  LOCATION_ID        VARCHAR NOT NULL,
  PATIENT_ID         VARCHAR NOT NULL,
  PROVIDER_ID        VARCHAR NOT NULL COMMENT 'examining doctor',
  APPOINTMENT_ID     VARCHAR NOT NULL,
  EXAM_TYPE          VARCHAR NOT NULL COMMENT 'comprehensive | medical | contact_lens_fitting',
  IS_COMPREHENSIVE   BOOLEAN NOT NULL,
  CPT_CODE           VARCHAR NOT NULL,
  IS_DILATED         BOOLEAN NOT NULL,
  HAS_SPECTACLE_RX   BOOLEAN NOT NULL COMMENT 'a spectacle prescription was written at the exam',
  HAS_CL_RX          BOOLEAN NOT NULL COMMENT 'a soft or rigid contact lens prescription was written',
  HAS_EYEWEAR_ORDER  BOOLEAN NOT NULL COMMENT 'an eyewear order (not cancelled) fills a spectacle Rx of this exam',
  HAS_CL_ORDER       BOOLEAN NOT NULL COMMENT 'a contact lens order (not cancelled) fills a CL Rx of this exam',
  UPDATED_AT         TIMESTAMP_NTZ NOT NULL COMMENT 'version of the source record',
  PRIMARY KEY (EXAM_ID)
)
COMMENT = 'exams with their prescriptions and the optical orders that filled them';
