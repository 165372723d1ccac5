-- MARTS.KPI_FORECAST_DAILY refresh: the 62 days after the as-of day (MARTS.V_DATA_SPAN), per
-- location and measure of MARTS.V_INSIGHT_SERIES. A day's forecast is the mean of its weekday over
-- the last 8 weeks (the level, centred about 3.5 weeks before the as-of day), moved along the
-- trend of the last 12 weekly totals (least-squares slope as a share of the average week, within
-- +-1 % a week, and 0 with fewer than 8 weeks), never below 0; a weekday seen fewer than 4 times
-- in those 8 weeks has no forecast. The trend leaves out a tenant's
-- first 4 weeks of data, while collections still catch up with charges (they would read as
-- growth). The 80 % range is 1.2816 x the weekday's standard deviation x sqrt(1 + 1/n) either side,
-- the error of one new day drawn like the n before it, never below 0. Deterministic SQL that
-- Snowflake and the local engine run alike (docs/insights.md, "Forecasts").
--
-- Merged change-only (see dim_location.sql) and the days that are no longer ahead deleted, in one
-- transaction: a re-run with no new data writes nothing, and the table always holds one forecast.
-- depends on: MARTS.V_INSIGHT_SERIES, MARTS.V_DATA_SPAN, MARTS.KPI_LOCATION_DAILY
EXECUTE IMMEDIATE $$
BEGIN
  BEGIN TRANSACTION;

  MERGE INTO MARTS.KPI_FORECAST_DAILY t
  USING (
    WITH as_of AS (
      SELECT FIRST_DAY, AS_OF_DAY FROM MARTS.V_DATA_SPAN WHERE AS_OF_DAY IS NOT NULL
    ),
    recent AS (
      SELECT
        s.LOCATION_ID, s.MEASURE, s.WEEKDAY, s.VALUE,
        FLOOR(DATEDIFF(day, s.DATE_DAY, a.AS_OF_DAY) / 7)    AS WEEKS_BACK,
        s.DATE_DAY >= DATEADD(day, 28, a.FIRST_DAY)          AS SHOWS_TREND
      FROM MARTS.V_INSIGHT_SERIES s
      JOIN as_of a ON s.DATE_DAY > DATEADD(day, -84, a.AS_OF_DAY)
    ),
    levels AS (
      SELECT LOCATION_ID, MEASURE, WEEKDAY, AVG(VALUE) AS LEVEL, COALESCE(STDDEV_SAMP(VALUE), 0) AS DEVIATION, COUNT(*) AS BASELINE_DAYS
      FROM recent
      WHERE WEEKS_BACK < 8
      GROUP BY LOCATION_ID, MEASURE, WEEKDAY
      -- Fewer than 4 of a weekday give no level (nor a spread) worth a forecast.
      HAVING COUNT(*) >= 4
    ),
    weeks AS (
      SELECT LOCATION_ID, MEASURE, WEEKS_BACK, SUM(VALUE) AS TOTAL
      FROM recent
      GROUP BY LOCATION_ID, MEASURE, WEEKS_BACK
      HAVING BOOLAND_AGG(SHOWS_TREND)
    ),
    trends AS (
      SELECT
        LOCATION_ID,
        MEASURE,
        IFF(COUNT(*) >= 8 AND AVG(TOTAL) > 0, LEAST(0.01, GREATEST(-0.01, REGR_SLOPE(TOTAL, -WEEKS_BACK) / AVG(TOTAL))), 0) AS WEEKLY_GROWTH
      FROM weeks
      GROUP BY LOCATION_ID, MEASURE
    ),
    digits AS (
      SELECT COLUMN1 AS N FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))
    ),
    horizon AS (
      SELECT d.DAYS_AHEAD, DATEADD(day, d.DAYS_AHEAD, a.AS_OF_DAY) AS DATE_DAY, a.AS_OF_DAY
      FROM (SELECT ones.N + 10 * tens.N AS DAYS_AHEAD FROM digits ones CROSS JOIN digits tens) d
      CROSS JOIN as_of a
      WHERE d.DAYS_AHEAD BETWEEN 1 AND 62
    ),
    forecasts AS (
      SELECT
        l.LOCATION_ID,
        h.DATE_DAY,
        l.MEASURE,
        GREATEST(0, l.LEVEL * (1 + COALESCE(tr.WEEKLY_GROWTH, 0) * (3.5 + h.DAYS_AHEAD / 7))) AS FORECAST,
        l.DEVIATION,
        1.2816 * l.DEVIATION * SQRT(1 + 1 / l.BASELINE_DAYS)                       AS MARGIN,
        COALESCE(tr.WEEKLY_GROWTH, 0)                                            AS WEEKLY_GROWTH,
        l.BASELINE_DAYS,
        h.AS_OF_DAY
      FROM horizon h
      JOIN levels l ON l.WEEKDAY = DAYOFWEEKISO(h.DATE_DAY)
      -- A history too short to show a trend (no week after its first 4) has none: growth 0.
      LEFT JOIN trends tr ON tr.LOCATION_ID = l.LOCATION_ID AND tr.MEASURE = l.MEASURE
    )
    SELECT
      LOCATION_ID,
      DATE_DAY,
      MEASURE,
      CAST(ROUND(FORECAST, 2) AS NUMBER(14,2))                                     AS FORECAST,
      CAST(ROUND(GREATEST(0, FORECAST - MARGIN), 2) AS NUMBER(14,2))               AS LOWER_BOUND,
      CAST(ROUND(FORECAST + MARGIN, 2) AS NUMBER(14,2))                            AS UPPER_BOUND,
      CAST(ROUND(DEVIATION, 2) AS NUMBER(14,2))                                    AS DEVIATION,
      CAST(ROUND(WEEKLY_GROWTH, 4) AS NUMBER(7,4))                                 AS WEEKLY_GROWTH,
      CAST(BASELINE_DAYS AS NUMBER(3,0))                                           AS BASELINE_DAYS,
      AS_OF_DAY
    FROM forecasts
    EXCEPT
    SELECT LOCATION_ID, DATE_DAY, MEASURE, FORECAST, LOWER_BOUND, UPPER_BOUND, DEVIATION, WEEKLY_GROWTH, BASELINE_DAYS, AS_OF_DAY
    FROM MARTS.KPI_FORECAST_DAILY
  ) s
  ON t.LOCATION_ID = s.LOCATION_ID AND t.DATE_DAY = s.DATE_DAY AND t.MEASURE = s.MEASURE
  WHEN MATCHED THEN UPDATE SET
    FORECAST = s.FORECAST, LOWER_BOUND = s.LOWER_BOUND, UPPER_BOUND = s.UPPER_BOUND, DEVIATION = s.DEVIATION,
    WEEKLY_GROWTH = s.WEEKLY_GROWTH, BASELINE_DAYS = s.BASELINE_DAYS, AS_OF_DAY = s.AS_OF_DAY, UPDATED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (LOCATION_ID, DATE_DAY, MEASURE, FORECAST, LOWER_BOUND, UPPER_BOUND, DEVIATION, WEEKLY_GROWTH, BASELINE_DAYS, AS_OF_DAY, UPDATED_AT)
    VALUES (s.LOCATION_ID, s.DATE_DAY, s.MEASURE, s.FORECAST, s.LOWER_BOUND, s.UPPER_BOUND, s.DEVIATION, s.WEEKLY_GROWTH, s.BASELINE_DAYS, s.AS_OF_DAY, CURRENT_TIMESTAMP());

  -- Rows the MERGE did not bring to the current as-of day are days it has reached: no longer ahead.
  DELETE FROM MARTS.KPI_FORECAST_DAILY
  WHERE AS_OF_DAY <> COALESCE((SELECT AS_OF_DAY FROM MARTS.V_DATA_SPAN), DATE '1900-01-01');

  COMMIT;
END;
$$
