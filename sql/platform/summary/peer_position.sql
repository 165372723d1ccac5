-- What a tenant sees of the benchmark: each of its monthly rates in the latest complete month
-- that has published peer percentiles, next to those percentiles. The newest month is still
-- filling (its claims and no-shows are not settled), so it is left out. Run as one of the
-- tenant's roles in the platform database; the tenant policy leaves the reader only its own
-- KPI_MONTHLY rows.
SELECT o.METRIC, o.MONTH, o.VALUE, p.P25, p.P50, p.P75, p.PEER_COUNT
FROM BENCHMARK.V_KPI_MONTHLY_RATES o
JOIN BENCHMARK.KPI_PEERS p ON p.MONTH = o.MONTH AND p.METRIC = o.METRIC
WHERE o.VALUE IS NOT NULL
  AND o.MONTH < (SELECT MAX(MONTH) FROM BENCHMARK.V_KPI_MONTHLY_RATES)
QUALIFY ROW_NUMBER() OVER (PARTITION BY o.METRIC ORDER BY o.MONTH DESC) = 1
ORDER BY o.METRIC
