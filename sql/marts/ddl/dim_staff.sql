-- MARTS.DIM_STAFF: one row per staff member (workforce data, not PHI).
CREATE TABLE IF NOT EXISTS MARTS.DIM_STAFF (
  STAFF_ID         VARCHAR NOT NULL,
  HOME_LOCATION_ID VARCHAR NOT NULL COMMENT 'location the person mostly works at',
  STAFF_NAME       VARCHAR NOT NULL COMMENT 'first and last name',
  ROLE             VARCHAR NOT NULL COMMENT 'optometrist | ophthalmologist | optician | technician | front_desk | manager',
  IS_DOCTOR        BOOLEAN NOT NULL COMMENT 'optometrist or ophthalmologist (an OD/MD clinic day counts toward exams per OD day)',
  NPI              VARCHAR COMMENT 'National Provider Identifier, doctors only',
  HIRE_DATE        DATE NOT NULL,
  TERMINATION_DATE DATE,
  COMMISSION_PLAN  VARCHAR NOT NULL COMMENT 'plan code, rules in STAGING.COMMISSION_RULES',
  STATUS           VARCHAR NOT NULL COMMENT 'active | terminated',
  PRIMARY KEY (STAFF_ID)
)
COMMENT = 'doctors, opticians and other staff';
