-- MARTS.V_INSIGHT_SERIES: the daily series the insights watch and forecast (MARTS.KPI_ANOMALY_DAILY,
-- MARTS.KPI_FORECAST_DAILY), one row per location, day and measure, for the days that have happened
-- (up to the as-of day of MARTS.V_DATA_SPAN). Only additive counts and amounts: a week's or a
-- month's forecast is the sum of its days. WEEKDAY is ISO (1 = Monday), the seasonality a
-- practice's days follow (clinic hours, Saturday optical, closed Sundays).
-- depends on: MARTS.KPI_LOCATION_DAILY, MARTS.V_DATA_SPAN
CREATE OR REPLACE VIEW MARTS.V_INSIGHT_SERIES AS
SELECT
  k.LOCATION_ID,
  k.DATE_DAY,
  DAYOFWEEKISO(k.DATE_DAY) AS WEEKDAY,
  m.MEASURE,
  CAST(CASE m.MEASURE
    WHEN 'GROSS_REVENUE'   THEN k.GROSS_REVENUE
    WHEN 'NET_REVENUE'     THEN k.NET_REVENUE
    WHEN 'EXAMS'           THEN k.EXAMS
    WHEN 'PATIENTS_SEEN'   THEN k.PATIENTS_SEEN
    WHEN 'NO_SHOWS'        THEN k.NO_SHOWS
    WHEN 'OPTICAL_ORDERS'  THEN k.OPTICAL_ORDERS
    WHEN 'OPTICAL_REVENUE' THEN k.OPTICAL_REVENUE
  END AS NUMBER(14,2)) AS VALUE,
  m.UNIT_FLOOR,
  k.UPDATED_AT AS KPI_UPDATED_AT
FROM MARTS.KPI_LOCATION_DAILY k
JOIN MARTS.V_DATA_SPAN s ON k.DATE_DAY <= s.AS_OF_DAY
-- UNIT_FLOOR: the smallest spread worth reporting (one visit, $25), so a quiet, steady series does
-- not turn every small wobble into an anomaly.
CROSS JOIN (
  VALUES ('GROSS_REVENUE', 25), ('NET_REVENUE', 25), ('EXAMS', 1), ('PATIENTS_SEEN', 1), ('NO_SHOWS', 1), ('OPTICAL_ORDERS', 1), ('OPTICAL_REVENUE', 25)
) m (MEASURE, UNIT_FLOOR);
