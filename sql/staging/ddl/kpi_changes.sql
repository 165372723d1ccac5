-- STAGING.KPI_CHANGES: per location, the first day whose row of MARTS.KPI_LOCATION_DAILY may have
-- changed since that mart was last refreshed. The staging tasks whose rows feed the KPIs
-- (appointments, exams, prescriptions, optical orders, claims, payments) write the location and
-- earliest KPI day of every row their batch stages, as staged before their MERGE and after it (a
-- correction can move a row to another day or location). They write in the transaction that
-- stages the rows; MART_KPI_LOCATION_DAILY empties the table in the transaction that applies
-- them, so a failed refresh leaves them for the next run. One consumer, so no stream.
CREATE TABLE IF NOT EXISTS STAGING.KPI_CHANGES (
  LOCATION_ID VARCHAR COMMENT 'location whose daily KPIs changed',
  FROM_DAY    DATE COMMENT 'first day whose KPIs may differ (the A/R balance of every later day follows)'
)
COMMENT = 'location days to recompute in MARTS.KPI_LOCATION_DAILY (written by staging, consumed by the mart task)';
