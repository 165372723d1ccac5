-- Headline KPIs of a tenant over its history, the summary `eyecare local up` prints.
-- Rates are recomputed from summed inputs (never averages of daily rates), as docs/kpis.md says,
-- and are NULL when their denominator is 0, as in the marts.
--
-- Which days count: every day up to the tenant's as-of day, quiet or not, so a day with
-- collections but no visits still adds its revenue (net revenue = every valid payment). The data
-- carries no clock of its own, so, like the recall view's "last exam day in the data", the as-of
-- day is read from the data: the last day with something that is recorded only once it happened
-- (an exam, a kept visit or no-show, an order, a charge, a collection, a write-off). The days after
-- it hold appointments booked ahead, which have not happened and would dilute the no-show rate.
WITH as_of AS (
  SELECT MAX(DATE_DAY) AS AS_OF_DAY
  FROM MARTS.KPI_LOCATION_DAILY
  WHERE EXAMS > 0 OR PATIENTS_SEEN > 0 OR NO_SHOWS > 0 OR OPTICAL_ORDERS > 0
     OR GROSS_REVENUE <> 0 OR NET_REVENUE <> 0 OR CONTRACTUAL_ADJUSTMENTS <> 0
)
SELECT
  MAX(a.AS_OF_DAY)                                                                    AS AS_OF_DAY,
  COUNT(DISTINCT k.DATE_DAY)                                                          AS DAYS,
  SUM(k.NET_REVENUE)                                                                  AS NET_REVENUE,
  SUM(k.EXAMS)                                                                        AS EXAMS,
  ROUND(SUM(k.NET_REVENUE) / NULLIF(SUM(k.COMPREHENSIVE_EXAMS), 0), 2)                AS REVENUE_PER_COMPREHENSIVE_EXAM,
  ROUND(SUM(k.NO_SHOWS) / NULLIF(SUM(k.APPOINTMENTS_SCHEDULED), 0), 4)                AS NO_SHOW_RATE,
  ROUND(SUM(k.EYEWEAR_CAPTURED_PATIENTS) / NULLIF(SUM(k.SPECTACLE_RX_PATIENTS), 0), 4) AS OPTICAL_CAPTURE_RATE,
  ROUND(SUM(k.CLAIMS_DENIED) / NULLIF(SUM(k.CLAIMS_SUBMITTED), 0), 4)                 AS DENIAL_RATE
FROM MARTS.KPI_LOCATION_DAILY k
JOIN as_of a ON k.DATE_DAY <= a.AS_OF_DAY
