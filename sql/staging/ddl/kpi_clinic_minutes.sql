-- STAGING.KPI_CLINIC_MINUTES: the bookable minutes per location and weekday (STAGING.CLINIC_HOURS
-- with its '*' default resolved) that MARTS.KPI_LOCATION_DAILY was last computed with. Clinic
-- hours are a setting a tenant edits directly, without change tracking; the mart compares this
-- copy with the current setting and recomputes every day of a location whose minutes differ, so a
-- settings change can never leave stale rows. Written only by MART_KPI_LOCATION_DAILY.
CREATE TABLE IF NOT EXISTS STAGING.KPI_CLINIC_MINUTES (
  LOCATION_ID      VARCHAR NOT NULL COMMENT 'location id (every location of MARTS.DIM_LOCATION)',
  ISO_DAY_OF_WEEK  NUMBER(1,0) NOT NULL COMMENT '1 = Monday ... 7 = Sunday',
  BOOKABLE_MINUTES NUMBER(5,0) NOT NULL COMMENT 'bookable minutes of one doctor on that weekday, as applied',
  PRIMARY KEY (LOCATION_ID, ISO_DAY_OF_WEEK)
)
COMMENT = 'clinic minutes MARTS.KPI_LOCATION_DAILY was computed with (state of the mart task)';
