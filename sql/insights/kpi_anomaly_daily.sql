-- MARTS.KPI_ANOMALY_DAILY refresh: every location, day and measure of MARTS.V_INSIGHT_SERIES
-- against the same weekday of the 8 weeks before it. The expectation is their mean; the spread is
-- their standard deviation, but at least a tenth of the mean and at least the measure's unit floor
-- (one visit, $25), so a steady series does not flag small wobbles; the band is 4 spreads either
-- side (eight weeks give a rough spread: at 3, about 3 % of the days judged were flagged on the
-- sample data, too many to act on). A day is an anomaly when it falls outside the band and at
-- least 6 of the 8 weeks are there to judge by (a new location's first weeks are never flagged).
-- Deterministic SQL that Snowflake and the local engine run alike: the numbers in
-- docs/insights.md can be checked by hand.
--
-- Incremental: per location, only the days from the first one that changed are judged again, with
-- the 8 weeks before them read for their baselines. A changed day is a KPI row updated since the
-- latest KPI row the location's judgements were made from (KPI_UPDATED_AT: a late correction moves
-- that day and the weeks whose baseline holds it), a day the as-of day has newly reached, or, for a
-- location without rows yet, its first day. Change-only (see dim_location.sql), so a re-judged day
-- that comes out the same keeps its row and a re-run writes nothing.
-- depends on: MARTS.V_INSIGHT_SERIES, MARTS.KPI_LOCATION_DAILY
MERGE INTO MARTS.KPI_ANOMALY_DAILY t
USING (
  WITH judged AS (
    SELECT LOCATION_ID, MAX(KPI_UPDATED_AT) AS KPI_UPDATED_AT, MAX(DATE_DAY) AS LAST_DAY
    FROM MARTS.KPI_ANOMALY_DAILY
    GROUP BY LOCATION_ID
  ),
  changed AS (
    SELECT k.LOCATION_ID, MIN(k.DATE_DAY) AS FROM_DAY
    FROM MARTS.KPI_LOCATION_DAILY k
    LEFT JOIN judged j ON j.LOCATION_ID = k.LOCATION_ID
    WHERE j.LOCATION_ID IS NULL OR k.UPDATED_AT > j.KPI_UPDATED_AT OR k.DATE_DAY > j.LAST_DAY
    GROUP BY k.LOCATION_ID
  ),
  series AS (
    SELECT s.*, c.FROM_DAY
    FROM MARTS.V_INSIGHT_SERIES s
    JOIN changed c ON c.LOCATION_ID = s.LOCATION_ID AND s.DATE_DAY >= DATEADD(day, -56, c.FROM_DAY)
  ),
  baseline AS (
    SELECT
      LOCATION_ID,
      DATE_DAY,
      FROM_DAY,
      MEASURE,
      VALUE,
      UNIT_FLOOR,
      KPI_UPDATED_AT,
      COUNT(VALUE) OVER (PARTITION BY LOCATION_ID, MEASURE, WEEKDAY ORDER BY DATE_DAY ROWS BETWEEN 8 PRECEDING AND 1 PRECEDING)        AS BASELINE_DAYS,
      AVG(VALUE) OVER (PARTITION BY LOCATION_ID, MEASURE, WEEKDAY ORDER BY DATE_DAY ROWS BETWEEN 8 PRECEDING AND 1 PRECEDING)          AS MEAN,
      STDDEV_SAMP(VALUE) OVER (PARTITION BY LOCATION_ID, MEASURE, WEEKDAY ORDER BY DATE_DAY ROWS BETWEEN 8 PRECEDING AND 1 PRECEDING)  AS DEVIATION
    FROM series
  ),
  banded AS (
    SELECT
      LOCATION_ID,
      DATE_DAY,
      MEASURE,
      VALUE,
      BASELINE_DAYS,
      KPI_UPDATED_AT,
      IFF(BASELINE_DAYS >= 6, MEAN, NULL)                                         AS EXPECTED,
      -- NULL (and so no band) with too few weeks: GREATEST of a NULL is NULL.
      GREATEST(COALESCE(DEVIATION, 0), 0.1 * ABS(IFF(BASELINE_DAYS >= 6, MEAN, NULL)), UNIT_FLOOR) AS SPREAD
    FROM baseline
    WHERE DATE_DAY >= FROM_DAY
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
    COALESCE(ABS(VALUE - EXPECTED) > 4 * SPREAD, FALSE)                            AS IS_ANOMALY,
    KPI_UPDATED_AT
  FROM banded
  EXCEPT
  SELECT a.LOCATION_ID, a.DATE_DAY, a.MEASURE, a.ACTUAL, a.EXPECTED, a.LOWER_BOUND, a.UPPER_BOUND, a.SCORE, a.BASELINE_DAYS, a.IS_ANOMALY, a.KPI_UPDATED_AT
  FROM MARTS.KPI_ANOMALY_DAILY a
  JOIN changed c ON c.LOCATION_ID = a.LOCATION_ID AND a.DATE_DAY >= c.FROM_DAY
) s
ON t.LOCATION_ID = s.LOCATION_ID AND t.DATE_DAY = s.DATE_DAY AND t.MEASURE = s.MEASURE
WHEN MATCHED THEN UPDATE SET
  ACTUAL = s.ACTUAL, EXPECTED = s.EXPECTED, LOWER_BOUND = s.LOWER_BOUND, UPPER_BOUND = s.UPPER_BOUND,
  SCORE = s.SCORE, BASELINE_DAYS = s.BASELINE_DAYS, IS_ANOMALY = s.IS_ANOMALY, KPI_UPDATED_AT = s.KPI_UPDATED_AT, UPDATED_AT = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (LOCATION_ID, DATE_DAY, MEASURE, ACTUAL, EXPECTED, LOWER_BOUND, UPPER_BOUND, SCORE, BASELINE_DAYS, IS_ANOMALY, KPI_UPDATED_AT, UPDATED_AT)
  VALUES (s.LOCATION_ID, s.DATE_DAY, s.MEASURE, s.ACTUAL, s.EXPECTED, s.LOWER_BOUND, s.UPPER_BOUND, s.SCORE, s.BASELINE_DAYS, s.IS_ANOMALY, s.KPI_UPDATED_AT, CURRENT_TIMESTAMP());
