-- MARTS.DIM_PATIENT: one row per patient chart, for analysis without identifying anyone: no
-- names, birth dates, contact data or addresses (those stay in STAGING.STG_PMS__PATIENTS behind
-- masking policies); birth year and state only.
CREATE TABLE IF NOT EXISTS MARTS.DIM_PATIENT (
  PATIENT_ID                   VARCHAR NOT NULL COMMENT 'chart id (not PHI on its own)',
  HOME_LOCATION_ID             VARCHAR NOT NULL,
  GENDER                       VARCHAR NOT NULL,
  BIRTH_YEAR                   NUMBER(4,0) COMMENT 'year only; the full birth date is PHI',
  STATE                        VARCHAR,
  STATUS                       VARCHAR NOT NULL COMMENT 'active | inactive | deceased',
  REFERRAL_SOURCE              VARCHAR,
  HAS_VISION_PLAN              BOOLEAN NOT NULL,
  VISION_CARRIER               VARCHAR,
  MEDICAL_CARRIER              VARCHAR,
  CHART_CREATED_DATE           DATE NOT NULL,
  FIRST_VISIT_DATE             DATE COMMENT 'first kept doctor visit in the data',
  LAST_EXAM_DATE               DATE,
  LAST_COMPREHENSIVE_EXAM_DATE DATE,
  IS_CL_WEARER                 BOOLEAN NOT NULL COMMENT 'has ever been given a contact lens prescription',
  RECALL_INTERVAL_MONTHS       NUMBER(2,0) NOT NULL COMMENT '18 for contact lens wearers, 24 for glasses-only',
  RECALL_DUE_DATE              DATE COMMENT 'last comprehensive exam + recall interval',
  PRIMARY KEY (PATIENT_ID)
)
COMMENT = 'patient charts without direct identifiers';
