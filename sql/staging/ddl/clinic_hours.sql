-- STAGING.CLINIC_HOURS: bookable doctor minutes per clinic day, the denominator of schedule
-- utilisation. The export has no schedule templates, so this is a tenant setting: one row per
-- (location, ISO weekday), where LOCATION_ID '*' is the default for every location without its own
-- row. Defaults come from sql/staging/clinic_hours_defaults.sql. A doctor's clinic day is a day
-- the doctor has at least one booked appointment at the location (see KPI_LOCATION_DAILY).
CREATE TABLE IF NOT EXISTS STAGING.CLINIC_HOURS (
  LOCATION_ID      VARCHAR NOT NULL COMMENT 'location id, or * for the default of every location',
  ISO_DAY_OF_WEEK  NUMBER(1,0) NOT NULL COMMENT '1 = Monday ... 7 = Sunday',
  BOOKABLE_MINUTES NUMBER(5,0) NOT NULL COMMENT 'bookable minutes of one doctor on that weekday',
  UPDATED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'when the row was last set',
  PRIMARY KEY (LOCATION_ID, ISO_DAY_OF_WEEK)
)
COMMENT = 'per-tenant bookable doctor minutes per weekday (settings), read by MARTS.KPI_LOCATION_DAILY';
