-- MARTS.DIM_LOCATION: one row per clinic or optical store (business data, no PHI).
CREATE TABLE IF NOT EXISTS MARTS.DIM_LOCATION (
  LOCATION_ID   VARCHAR NOT NULL COMMENT 'location id from the tenant config',
  LOCATION_NAME VARCHAR NOT NULL,
  CITY          VARCHAR,
  STATE         VARCHAR NOT NULL COMMENT 'US state code',
  PHONE         VARCHAR COMMENT 'front desk phone (business contact)',
  OPENED_DATE   DATE NOT NULL,
  STATUS        VARCHAR NOT NULL COMMENT 'active | closed',
  IS_ACTIVE     BOOLEAN NOT NULL,
  PRIMARY KEY (LOCATION_ID)
)
COMMENT = 'practice locations';
