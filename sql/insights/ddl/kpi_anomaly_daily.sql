-- MARTS.KPI_ANOMALY_DAILY: each location's day, measure by measure, against what its recent same
-- weekdays lead one to expect; IS_ANOMALY marks the days outside that band. Every day up to the
-- as-of day has a row, so an analyst can read the band of any day, not only the flagged ones.
-- Method and thresholds: docs/insights.md ("Anomalies").
CREATE TABLE IF NOT EXISTS MARTS.KPI_ANOMALY_DAILY (
  LOCATION_ID    VARCHAR NOT NULL,
  DATE_DAY       DATE NOT NULL,
  MEASURE        VARCHAR NOT NULL COMMENT 'a MARTS.KPI_LOCATION_DAILY column (MARTS.V_INSIGHT_SERIES lists them)',
  ACTUAL         NUMBER(14,2) NOT NULL,
  EXPECTED       NUMBER(14,2) COMMENT 'mean of the same weekday over the 8 weeks before; NULL with fewer than 6 of them',
  LOWER_BOUND    NUMBER(14,2) COMMENT 'EXPECTED - 4 x spread',
  UPPER_BOUND    NUMBER(14,2) COMMENT 'EXPECTED + 4 x spread',
  SCORE          NUMBER(9,2) COMMENT '(ACTUAL - EXPECTED) / spread: how many spreads away',
  BASELINE_DAYS  NUMBER(3,0) NOT NULL COMMENT 'same weekdays the expectation is built from (at most 8)',
  IS_ANOMALY     BOOLEAN NOT NULL,
  KPI_UPDATED_AT TIMESTAMP_NTZ COMMENT 'UPDATED_AT of the KPI_LOCATION_DAILY row judged: the refresh re-judges a location from the first day changed since its latest',
  UPDATED_AT     TIMESTAMP_NTZ COMMENT 'when the refresh last changed the row',
  PRIMARY KEY (LOCATION_ID, DATE_DAY, MEASURE)
)
COMMENT = 'daily KPIs against their expected band: anomalies';
