-- Headline KPIs of a tenant over its whole history, the summary `eyecare local up` prints.
-- Rates are recomputed from summed inputs (never averages of daily rates), as docs/kpis.md says.
SELECT
  COUNT(DISTINCT DATE_DAY)                                            AS DAYS,
  SUM(NET_REVENUE)                                                    AS NET_REVENUE,
  SUM(EXAMS)                                                          AS EXAMS,
  ROUND(DIV0(SUM(NET_REVENUE), SUM(COMPREHENSIVE_EXAMS)), 2)          AS REVENUE_PER_COMPREHENSIVE_EXAM,
  ROUND(DIV0(SUM(NO_SHOWS), SUM(APPOINTMENTS_SCHEDULED)), 4)          AS NO_SHOW_RATE,
  ROUND(DIV0(SUM(EYEWEAR_CAPTURED_PATIENTS), SUM(SPECTACLE_RX_PATIENTS)), 4) AS OPTICAL_CAPTURE_RATE,
  ROUND(DIV0(SUM(CLAIMS_DENIED), SUM(CLAIMS_SUBMITTED)), 4)           AS DENIAL_RATE
FROM MARTS.KPI_LOCATION_DAILY
WHERE EXAMS > 0 OR APPOINTMENTS_SCHEDULED > 0
