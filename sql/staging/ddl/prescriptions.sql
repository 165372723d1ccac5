-- STAGING.STG_PMS__PRESCRIPTIONS: Spectacle and contact lens prescriptions written at exams (OD right eye, OS left eye).
-- One row per business key (rx_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (RX_TYPE, OD_PRISM_BASE, OS_PRISM_BASE).
-- No PHI columns.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__PRESCRIPTIONS (
  RX_ID         VARCHAR NOT NULL COMMENT 'Prescription id.',
  EXAM_ID       VARCHAR COMMENT 'Exam that produced it.',
  PATIENT_ID    VARCHAR COMMENT 'Patient.',
  PRESCRIBER_ID VARCHAR COMMENT 'Prescribing doctor.',
  RX_TYPE       VARCHAR COMMENT 'Prescription type.',
  RX_DATE       DATE COMMENT 'Date written.',
  EXPIRY_DATE   DATE COMMENT 'Date it expires.',
  OD_SPHERE     NUMBER(8,2) COMMENT 'Right sphere, diopters.',
  OD_CYLINDER   NUMBER(8,2) COMMENT 'Right cylinder, diopters (minus cylinder).',
  OD_AXIS       NUMBER(9,0)  COMMENT 'Right axis, 1-180 degrees, with a cylinder.',
  OD_ADD        NUMBER(8,2) COMMENT 'Right near addition, diopters.',
  OD_PRISM      NUMBER(8,2) COMMENT 'Right prism, prism diopters.',
  OD_PRISM_BASE VARCHAR COMMENT 'Right prism base direction.',
  OS_SPHERE     NUMBER(8,2) COMMENT 'Left sphere, diopters.',
  OS_CYLINDER   NUMBER(8,2) COMMENT 'Left cylinder, diopters (minus cylinder).',
  OS_AXIS       NUMBER(9,0)  COMMENT 'Left axis, 1-180 degrees, with a cylinder.',
  OS_ADD        NUMBER(8,2) COMMENT 'Left near addition, diopters.',
  OS_PRISM      NUMBER(8,2) COMMENT 'Left prism, prism diopters.',
  OS_PRISM_BASE VARCHAR COMMENT 'Left prism base direction.',
  PD            NUMBER(8,2) COMMENT 'Binocular pupillary distance, mm (spectacle Rx).',
  CL_BRAND      VARCHAR COMMENT 'Contact lens brand (contact lens Rx).',
  CL_BASE_CURVE NUMBER(8,2) COMMENT 'Contact lens base curve, mm.',
  CL_DIAMETER   NUMBER(8,2) COMMENT 'Contact lens diameter, mm.',
  UPDATED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE  VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW   NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (RX_ID)
)
COMMENT = 'pms prescriptions, typed and deduplicated from RAW.PRESCRIPTIONS';
