-- MARTS.V_DAYS_IN_AR: days in A/R per location at the end of each day:
--   A/R balance / average daily gross charges of the trailing 90 days.
-- domain.md writes it as A/R / (annual charges / 365); 90 days reacts to seasonality and works
-- from the first quarter of history on. Read the month-end rows for a monthly trend.
-- depends on: MARTS.KPI_LOCATION_DAILY, MARTS.DIM_DATE
CREATE OR REPLACE VIEW MARTS.V_DAYS_IN_AR AS
WITH trailing_charges AS (
  SELECT
    LOCATION_ID,
    DATE_DAY,
    AR_BALANCE,
    SUM(GROSS_REVENUE) OVER (PARTITION BY LOCATION_ID ORDER BY DATE_DAY ROWS BETWEEN 89 PRECEDING AND CURRENT ROW) AS CHARGES_90D,
    COUNT(*) OVER (PARTITION BY LOCATION_ID ORDER BY DATE_DAY ROWS BETWEEN 89 PRECEDING AND CURRENT ROW)           AS DAYS_IN_WINDOW
  FROM MARTS.KPI_LOCATION_DAILY
)
SELECT
  t.LOCATION_ID,
  t.DATE_DAY,
  d.DATE_DAY = LAST_DAY(d.DATE_DAY)                                           AS IS_MONTH_END,
  t.AR_BALANCE,
  t.CHARGES_90D,
  t.DAYS_IN_WINDOW,
  -- Summed over locations, the denominator of a group's days in A/R (eyecare ask).
  t.CHARGES_90D / t.DAYS_IN_WINDOW                                            AS AVG_DAILY_CHARGES_90D,
  ROUND(t.AR_BALANCE / NULLIF(t.CHARGES_90D / t.DAYS_IN_WINDOW, 0), 1)        AS DAYS_IN_AR
FROM trailing_charges t
JOIN MARTS.DIM_DATE d ON d.DATE_DAY = t.DATE_DAY;
