-- MARTS.DIM_DATE refresh: adds the days between the first and the last activity date of the
-- tenant's staged data (visits, exams, orders, claims, payments, stock movements). Days are never
-- removed, so the range only grows and KPI rows keyed on it never lose their day.
-- The spine is built from a 0-9999 day offset (four crossed digit lists, ~27 years) instead of
-- GENERATOR or a recursive CTE: both engines run it, with no recursion limit to hit.
-- depends on: STAGING.STG_PMS__APPOINTMENTS, STAGING.STG_PMS__EXAMS, STAGING.STG_PMS__OPTICAL_ORDERS, STAGING.STG_PMS__CLAIMS, STAGING.STG_PMS__PAYMENTS, STAGING.STG_PMS__INVENTORY_MOVEMENTS
MERGE INTO MARTS.DIM_DATE t
USING (
  WITH activity_days AS (
    SELECT CAST(SCHEDULED_START AS DATE) AS ACTIVITY_DAY FROM STAGING.STG_PMS__APPOINTMENTS
    UNION ALL SELECT EXAM_DATE FROM STAGING.STG_PMS__EXAMS
    UNION ALL SELECT ORDER_DATE FROM STAGING.STG_PMS__OPTICAL_ORDERS
    UNION ALL SELECT SERVICE_DATE FROM STAGING.STG_PMS__CLAIMS
    UNION ALL SELECT ADJUDICATED_DATE FROM STAGING.STG_PMS__CLAIMS
    UNION ALL SELECT CAST(RECEIVED_AT AS DATE) FROM STAGING.STG_PMS__PAYMENTS
    UNION ALL SELECT CAST(MOVED_AT AS DATE) FROM STAGING.STG_PMS__INVENTORY_MOVEMENTS
  ),
  data_range AS (
    SELECT MIN(ACTIVITY_DAY) AS FIRST_DAY, MAX(ACTIVITY_DAY) AS LAST_DAY FROM activity_days
  ),
  digits AS (
    SELECT COLUMN1 AS N FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))
  ),
  day_offsets AS (
    SELECT ones.N + 10 * tens.N + 100 * hundreds.N + 1000 * thousands.N AS DAY_OFFSET
    FROM digits ones CROSS JOIN digits tens CROSS JOIN digits hundreds CROSS JOIN digits thousands
  ),
  calendar AS (
    SELECT DATEADD(day, day_offsets.DAY_OFFSET, data_range.FIRST_DAY) AS DATE_DAY
    FROM data_range
    JOIN day_offsets ON DATEADD(day, day_offsets.DAY_OFFSET, data_range.FIRST_DAY) <= data_range.LAST_DAY
  )
  SELECT
    DATE_DAY,
    YEAR(DATE_DAY)                                    AS YEAR,
    QUARTER(DATE_DAY)                                 AS QUARTER,
    MONTH(DATE_DAY)                                   AS MONTH,
    DATE_TRUNC(month, DATE_DAY)                       AS MONTH_START,
    MONTHNAME(DATE_DAY)                               AS MONTH_NAME,
    DATEADD(day, 1 - DAYOFWEEKISO(DATE_DAY), DATE_DAY) AS WEEK_START,
    DAYOFWEEKISO(DATE_DAY)                            AS ISO_DAY_OF_WEEK,
    DAYNAME(DATE_DAY)                                 AS DAY_NAME,
    DAYOFWEEKISO(DATE_DAY) IN (6, 7)                  AS IS_WEEKEND,
    DAY(LAST_DAY(DATE_DAY))                           AS DAYS_IN_MONTH
  FROM calendar
) s
ON t.DATE_DAY = s.DATE_DAY
WHEN NOT MATCHED THEN INSERT (DATE_DAY, YEAR, QUARTER, MONTH, MONTH_START, MONTH_NAME, WEEK_START, ISO_DAY_OF_WEEK, DAY_NAME, IS_WEEKEND, DAYS_IN_MONTH)
  VALUES (s.DATE_DAY, s.YEAR, s.QUARTER, s.MONTH, s.MONTH_START, s.MONTH_NAME, s.WEEK_START, s.ISO_DAY_OF_WEEK, s.DAY_NAME, s.IS_WEEKEND, s.DAYS_IN_MONTH);
