-- What a tenant sees of the benchmark: each of its monthly rates in the latest complete month
-- that has published peer percentiles, next to those percentiles. The newest month is still
-- filling (its claims and no-shows are not settled), so it is left out. Run as one of the
-- tenant's roles in the platform database; the tenant policy leaves the reader only its own
-- KPI_MONTHLY rows.
WITH own AS (
  SELECT MONTH, 'REVENUE_PER_EXAM' AS METRIC, REVENUE_PER_EXAM AS VALUE FROM BENCHMARK.KPI_MONTHLY
  UNION ALL SELECT MONTH, 'NO_SHOW_RATE', NO_SHOW_RATE FROM BENCHMARK.KPI_MONTHLY
  UNION ALL SELECT MONTH, 'OPTICAL_CAPTURE_RATE', OPTICAL_CAPTURE_RATE FROM BENCHMARK.KPI_MONTHLY
  UNION ALL SELECT MONTH, 'DENIAL_RATE', DENIAL_RATE FROM BENCHMARK.KPI_MONTHLY
  UNION ALL SELECT MONTH, 'EXAMS_PER_OD_DAY', EXAMS_PER_OD_DAY FROM BENCHMARK.KPI_MONTHLY
)
SELECT o.METRIC, o.MONTH, o.VALUE, p.P25, p.P50, p.P75, p.PEER_COUNT
FROM own o
JOIN BENCHMARK.KPI_PEERS p ON p.MONTH = o.MONTH AND p.METRIC = o.METRIC
WHERE o.VALUE IS NOT NULL
  AND o.MONTH < (SELECT MAX(MONTH) FROM BENCHMARK.KPI_MONTHLY)
QUALIFY ROW_NUMBER() OVER (PARTITION BY o.METRIC ORDER BY o.MONTH DESC) = 1
ORDER BY o.METRIC
