-- MARTS.KPI_FORECAST_DAILY: each location's expected day, measure by measure, for the 62 days after
-- the as-of day (enough for "next month" from any day of this one), with an 80 % range. A week's or
-- a month's forecast is the sum of its days; the range of a sum is not the sum of the ranges (see
-- docs/insights.md, "Forecasts", which `eyecare ask` follows). Replaced by every run.
CREATE TABLE IF NOT EXISTS MARTS.KPI_FORECAST_DAILY (
  LOCATION_ID    VARCHAR NOT NULL,
  DATE_DAY       DATE NOT NULL,
  MEASURE        VARCHAR NOT NULL COMMENT 'a MARTS.KPI_LOCATION_DAILY column (MARTS.V_INSIGHT_SERIES lists them)',
  FORECAST       NUMBER(14,2) NOT NULL,
  LOWER_BOUND    NUMBER(14,2) NOT NULL COMMENT '80 %: FORECAST - 1.2816 x DEVIATION x sqrt(1 + 1/BASELINE_DAYS), never below 0',
  UPPER_BOUND    NUMBER(14,2) NOT NULL COMMENT '80 %: FORECAST + 1.2816 x DEVIATION x sqrt(1 + 1/BASELINE_DAYS)',
  DEVIATION      NUMBER(14,2) NOT NULL COMMENT 'standard deviation of the weekday over the last 8 weeks',
  WEEKLY_GROWTH  NUMBER(7,4) NOT NULL COMMENT 'trend of the weekly totals as a share of an average week, within +-1 %',
  BASELINE_DAYS  NUMBER(3,0) NOT NULL COMMENT 'same weekdays of the last 8 weeks the level is built from',
  AS_OF_DAY      DATE NOT NULL COMMENT 'the last day of data the forecast is built on',
  UPDATED_AT     TIMESTAMP_NTZ COMMENT 'when the refresh last changed the row',
  PRIMARY KEY (LOCATION_ID, DATE_DAY, MEASURE)
)
COMMENT = 'daily KPI forecasts for the 62 days after the as-of day';
