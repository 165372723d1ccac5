-- MARTS.KPI_ANOMALY_DAILY refresh: every location, day and measure of MARTS.V_INSIGHT_SERIES
-- against the same weekday of the 8 weeks before it. The expectation is their mean; the spread is
-- their standard deviation, but at least a tenth of the mean and at least the measure's unit floor
-- (one visit, $25), so a steady series does not flag small wobbles; the band is 4 spreads either
-- side (eight weeks give a rough spread: at 3, about 3 % of the days judged were flagged on the
-- sample data, too many to act on). A day is an anomaly when it falls outside the band and at least 6 of the 8 weeks are there
-- to judge by (a new location's first weeks are never flagged). Deterministic SQL that Snowflake
-- and the local engine run alike: the numbers in docs/insights.md can be checked by hand.
--
-- Recomputed in full each run (the series is one row per location, day and measure: small next
-- to the facts) and merged change-only (see dim_location.sql), so a late correction that moves a
-- day, or the weeks after it, updates their rows, and a re-run writes nothing.
-- depends on: MARTS.V_INSIGHT_SERIES, MARTS.KPI_LOCATION_DAILY
MERGE INTO MARTS.KPI_ANOMALY_DAILY t
USING (
  WITH baseline AS (
    SELECT
      LOCATION_ID,
      DATE_DAY,
      MEASURE,
      VALUE,
      UNIT_FLOOR,
      COUNT(VALUE) OVER (PARTITION BY LOCATION_ID, MEASURE, WEEKDAY ORDER BY DATE_DAY ROWS BETWEEN 8 PRECEDING AND 1 PRECEDING)        AS BASELINE_DAYS,
      AVG(VALUE) OVER (PARTITION BY LOCATION_ID, MEASURE, WEEKDAY ORDER BY DATE_DAY ROWS BETWEEN 8 PRECEDING AND 1 PRECEDING)          AS MEAN,
      STDDEV_SAMP(VALUE) OVER (PARTITION BY LOCATION_ID, MEASURE, WEEKDAY ORDER BY DATE_DAY ROWS BETWEEN 8 PRECEDING AND 1 PRECEDING)  AS DEVIATION
    FROM MARTS.V_INSIGHT_SERIES
  ),
  banded AS (
    SELECT
      LOCATION_ID,
      DATE_DAY,
      MEASURE,
      VALUE,
      BASELINE_DAYS,
      IFF(BASELINE_DAYS >= 6, MEAN, NULL)                                         AS EXPECTED,
      -- NULL (and so no band) with too few weeks: GREATEST of a NULL is NULL.
      GREATEST(COALESCE(DEVIATION, 0), 0.1 * ABS(IFF(BASELINE_DAYS >= 6, MEAN, NULL)), UNIT_FLOOR) AS SPREAD
    FROM baseline
  )
  SELECT
    LOCATION_ID,
    DATE_DAY,
    MEASURE,
    VALUE                                                                          AS ACTUAL,
    CAST(ROUND(EXPECTED, 2) AS NUMBER(14,2))                                       AS EXPECTED,
    CAST(ROUND(EXPECTED - 4 * SPREAD, 2) AS NUMBER(14,2))                          AS LOWER_BOUND,
    CAST(ROUND(EXPECTED + 4 * SPREAD, 2) AS NUMBER(14,2))                          AS UPPER_BOUND,
    CAST(ROUND((VALUE - EXPECTED) / SPREAD, 2) AS NUMBER(9,2))                     AS SCORE,
    CAST(BASELINE_DAYS AS NUMBER(3,0))                                             AS BASELINE_DAYS,
    COALESCE(ABS(VALUE - EXPECTED) > 4 * SPREAD, FALSE)                            AS IS_ANOMALY
  FROM banded
  EXCEPT
  SELECT LOCATION_ID, DATE_DAY, MEASURE, ACTUAL, EXPECTED, LOWER_BOUND, UPPER_BOUND, SCORE, BASELINE_DAYS, IS_ANOMALY
  FROM MARTS.KPI_ANOMALY_DAILY
) s
ON t.LOCATION_ID = s.LOCATION_ID AND t.DATE_DAY = s.DATE_DAY AND t.MEASURE = s.MEASURE
WHEN MATCHED THEN UPDATE SET
  ACTUAL = s.ACTUAL, EXPECTED = s.EXPECTED, LOWER_BOUND = s.LOWER_BOUND, UPPER_BOUND = s.UPPER_BOUND,
  SCORE = s.SCORE, BASELINE_DAYS = s.BASELINE_DAYS, IS_ANOMALY = s.IS_ANOMALY, UPDATED_AT = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (LOCATION_ID, DATE_DAY, MEASURE, ACTUAL, EXPECTED, LOWER_BOUND, UPPER_BOUND, SCORE, BASELINE_DAYS, IS_ANOMALY, UPDATED_AT)
  VALUES (s.LOCATION_ID, s.DATE_DAY, s.MEASURE, s.ACTUAL, s.EXPECTED, s.LOWER_BOUND, s.UPPER_BOUND, s.SCORE, s.BASELINE_DAYS, s.IS_ANOMALY, CURRENT_TIMESTAMP());
