-- The tenant's anonymised monthly KPIs for the cross-tenant platform benchmark.
--
-- Templating: this is the only pipeline file with placeholders, and these two are the only ones:
--   {{BENCHMARK_TABLE}}  the platform table, <ENV>_PLATFORM.BENCHMARK.KPI_MONTHLY
--   {{TENANT_ID}}        the tenant id from the config (e.g. acme)
-- The lead's construct substitutes both before the task is created; nothing else is templated.
--
-- Anonymised: one row per tenant and month, rates only (no names, location ids, patient or staff
-- ids, no amounts that reveal the practice's size) and no tier: peers are compared on the rates.
-- Target columns: TENANT_ID VARCHAR, MONTH DATE, REVENUE_PER_EXAM NUMBER(12,2),
-- NO_SHOW_RATE NUMBER(7,4), OPTICAL_CAPTURE_RATE NUMBER(7,4), DENIAL_RATE NUMBER(7,4),
-- EXAMS_PER_OD_DAY NUMBER(9,2), UPDATED_AT TIMESTAMP_NTZ. Rates are recomputed from the summed
-- inputs of all the tenant's locations (the same formulas as MARTS.V_KPI_LOCATION_MONTHLY).
-- The MERGE is idempotent: re-running updates a month only when one of its rates changed.
-- depends on: MARTS.KPI_LOCATION_DAILY
MERGE INTO {{BENCHMARK_TABLE}} t
USING (
  WITH tenant_months AS (
    SELECT
      DATE_TRUNC(month, DATE_DAY)       AS MONTH,
      SUM(NET_REVENUE)                  AS NET_REVENUE,
      SUM(COMPREHENSIVE_EXAMS)          AS COMPREHENSIVE_EXAMS,
      SUM(OD_DAYS)                      AS OD_DAYS,
      SUM(APPOINTMENTS_SCHEDULED)       AS APPOINTMENTS_SCHEDULED,
      SUM(NO_SHOWS)                     AS NO_SHOWS,
      SUM(SPECTACLE_RX_PATIENTS)        AS SPECTACLE_RX_PATIENTS,
      SUM(EYEWEAR_CAPTURED_PATIENTS)    AS EYEWEAR_CAPTURED_PATIENTS,
      SUM(CLAIMS_SUBMITTED)             AS CLAIMS_SUBMITTED,
      SUM(CLAIMS_DENIED)                AS CLAIMS_DENIED
    FROM MARTS.KPI_LOCATION_DAILY
    GROUP BY DATE_TRUNC(month, DATE_DAY)
  ),
  anonymised AS (
    SELECT
      '{{TENANT_ID}}'                                                                        AS TENANT_ID,
      MONTH,
      CAST(ROUND(NET_REVENUE / NULLIF(COMPREHENSIVE_EXAMS, 0), 2) AS NUMBER(12,2))           AS REVENUE_PER_EXAM,
      CAST(ROUND(NO_SHOWS / NULLIF(APPOINTMENTS_SCHEDULED, 0), 4) AS NUMBER(7,4))            AS NO_SHOW_RATE,
      CAST(ROUND(EYEWEAR_CAPTURED_PATIENTS / NULLIF(SPECTACLE_RX_PATIENTS, 0), 4) AS NUMBER(7,4)) AS OPTICAL_CAPTURE_RATE,
      CAST(ROUND(CLAIMS_DENIED / NULLIF(CLAIMS_SUBMITTED, 0), 4) AS NUMBER(7,4))             AS DENIAL_RATE,
      CAST(ROUND(COMPREHENSIVE_EXAMS / NULLIF(OD_DAYS, 0), 2) AS NUMBER(9,2))                AS EXAMS_PER_OD_DAY
    FROM tenant_months
    -- A month without exams has nothing to compare (appointments booked ahead make future
    -- months appear in the KPI mart before anything happened in them).
    WHERE COMPREHENSIVE_EXAMS > 0
  )
  SELECT * FROM anonymised
  EXCEPT
  SELECT TENANT_ID, MONTH, REVENUE_PER_EXAM, NO_SHOW_RATE, OPTICAL_CAPTURE_RATE, DENIAL_RATE, EXAMS_PER_OD_DAY
  FROM {{BENCHMARK_TABLE}}
  WHERE TENANT_ID = '{{TENANT_ID}}'
) s
ON t.TENANT_ID = s.TENANT_ID AND t.MONTH = s.MONTH
WHEN MATCHED THEN UPDATE SET
  REVENUE_PER_EXAM = s.REVENUE_PER_EXAM, NO_SHOW_RATE = s.NO_SHOW_RATE, OPTICAL_CAPTURE_RATE = s.OPTICAL_CAPTURE_RATE,
  DENIAL_RATE = s.DENIAL_RATE, EXAMS_PER_OD_DAY = s.EXAMS_PER_OD_DAY, UPDATED_AT = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (TENANT_ID, MONTH, REVENUE_PER_EXAM, NO_SHOW_RATE, OPTICAL_CAPTURE_RATE, DENIAL_RATE, EXAMS_PER_OD_DAY, UPDATED_AT)
  VALUES (s.TENANT_ID, s.MONTH, s.REVENUE_PER_EXAM, s.NO_SHOW_RATE, s.OPTICAL_CAPTURE_RATE, s.DENIAL_RATE, s.EXAMS_PER_OD_DAY, CURRENT_TIMESTAMP());
