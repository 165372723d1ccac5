-- MARTS.V_REVENUE_PER_PATIENT: annual revenue per active patient (domain.md: revenue / active
-- patients, median ~$133) per location and month:
--   net revenue of the 12 months ending with the month / active patients, where an active patient
--   had a kept doctor visit at the location in the 24 months ending with the month (24 months: the
--   longest recall interval, so every patient who keeps their recall stays active).
-- Not a KPI_LOCATION_DAILY column: distinct patients do not add up across days, months or
-- locations (a patient seen twice, or at two locations, is one patient). For a group of locations,
-- sum NET_REVENUE_12M and count the patients again (docs/kpis.md); never sum ACTIVE_PATIENTS or
-- average the rate. A view over the incremental marts, so nothing to refresh.
-- HAS_FULL_HISTORY is false while the data starts inside the 24-month window: until then the
-- windows are short and the rate is not comparable with the benchmark. Monthly revenue comes from
-- MARTS.V_KPI_LOCATION_MONTHLY, the one home of the monthly roll-up.
-- depends on: MARTS.V_KPI_LOCATION_MONTHLY, MARTS.KPI_LOCATION_DAILY, MARTS.FCT_APPOINTMENTS
CREATE OR REPLACE VIEW MARTS.V_REVENUE_PER_PATIENT AS
WITH location_months AS (
  SELECT
    m.LOCATION_ID,
    m.MONTH_START,
    m.NET_REVENUE,
    f.FIRST_DAY
  FROM MARTS.V_KPI_LOCATION_MONTHLY m
  JOIN (SELECT LOCATION_ID, MIN(DATE_DAY) AS FIRST_DAY FROM MARTS.KPI_LOCATION_DAILY GROUP BY LOCATION_ID) f
    ON f.LOCATION_ID = m.LOCATION_ID
),
trailing_revenue AS (
  SELECT m.LOCATION_ID, m.MONTH_START, m.FIRST_DAY, SUM(r.NET_REVENUE) AS NET_REVENUE_12M
  FROM location_months m
  JOIN location_months r
    ON r.LOCATION_ID = m.LOCATION_ID
   AND r.MONTH_START BETWEEN DATEADD(month, -11, m.MONTH_START) AND m.MONTH_START
  GROUP BY m.LOCATION_ID, m.MONTH_START, m.FIRST_DAY
),
active_patients AS (
  SELECT m.LOCATION_ID, m.MONTH_START, COUNT(DISTINCT a.PATIENT_ID) AS ACTIVE_PATIENTS
  FROM location_months m
  JOIN MARTS.FCT_APPOINTMENTS a
    ON a.LOCATION_ID = m.LOCATION_ID
   AND a.APPOINTMENT_DATE >= DATEADD(month, -23, m.MONTH_START)
   AND a.APPOINTMENT_DATE < DATEADD(month, 1, m.MONTH_START)
  WHERE a.IS_DOCTOR_VISIT AND a.IS_KEPT
  GROUP BY m.LOCATION_ID, m.MONTH_START
)
SELECT
  t.LOCATION_ID,
  t.MONTH_START,
  t.NET_REVENUE_12M,
  COALESCE(p.ACTIVE_PATIENTS, 0)                                    AS ACTIVE_PATIENTS,
  ROUND(t.NET_REVENUE_12M / NULLIF(p.ACTIVE_PATIENTS, 0), 2)        AS REVENUE_PER_ACTIVE_PATIENT,
  t.FIRST_DAY <= DATEADD(month, -23, t.MONTH_START)                 AS HAS_FULL_HISTORY
FROM trailing_revenue t
LEFT JOIN active_patients p ON p.LOCATION_ID = t.LOCATION_ID AND p.MONTH_START = t.MONTH_START;
