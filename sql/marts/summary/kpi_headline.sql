-- Headline KPIs of a tenant over its history, the summary `eyecare local up` prints.
-- Rates are recomputed from summed inputs (never averages of daily rates), as docs/kpis.md says,
-- and are NULL when their denominator is 0, as in the marts.
--
-- Which days count: every day up to the tenant's as-of day (MARTS.V_DATA_SPAN, as `eyecare ask`
-- counts them), quiet or not, so a day with collections but no visits still adds its revenue (net
-- revenue = every valid payment).
SELECT
  MAX(s.AS_OF_DAY)                                                                    AS AS_OF_DAY,
  COUNT(DISTINCT k.DATE_DAY)                                                          AS DAYS,
  SUM(k.NET_REVENUE)                                                                  AS NET_REVENUE,
  SUM(k.EXAMS)                                                                        AS EXAMS,
  ROUND(SUM(k.NET_REVENUE) / NULLIF(SUM(k.COMPREHENSIVE_EXAMS), 0), 2)                AS REVENUE_PER_COMPREHENSIVE_EXAM,
  ROUND(SUM(k.NO_SHOWS) / NULLIF(SUM(k.APPOINTMENTS_SCHEDULED), 0), 4)                AS NO_SHOW_RATE,
  ROUND(SUM(k.EYEWEAR_CAPTURED_PATIENTS) / NULLIF(SUM(k.SPECTACLE_RX_PATIENTS), 0), 4) AS OPTICAL_CAPTURE_RATE,
  ROUND(SUM(k.CLAIMS_DENIED) / NULLIF(SUM(k.CLAIMS_SUBMITTED), 0), 4)                 AS DENIAL_RATE
FROM MARTS.KPI_LOCATION_DAILY k
JOIN MARTS.V_DATA_SPAN s ON k.DATE_DAY <= s.AS_OF_DAY
