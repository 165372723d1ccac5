-- Peer percentiles of the tenants' monthly rates (BENCHMARK.KPI_MONTHLY -> BENCHMARK.KPI_PEERS).
-- Runs as the platform task, whose owner reads every tenant's rows through the tenant policy.
-- A month and metric with fewer than {{MIN_PEERS}} tenants is not published: a small group's
-- percentiles would give a member's peers away. The MERGE touches only rows whose numbers changed.
-- Placeholder: {{MIN_PEERS}} (platform.benchmark_min_peers, a validated integer).
-- depends on: BENCHMARK.V_KPI_MONTHLY_RATES
MERGE INTO BENCHMARK.KPI_PEERS t
USING (
  WITH peers AS (
    SELECT
      MONTH,
      METRIC,
      CAST(COUNT(VALUE) AS NUMBER(9,0))                                                        AS PEER_COUNT,
      CAST(ROUND(PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY VALUE), 4) AS NUMBER(14,4))      AS P25,
      CAST(ROUND(PERCENTILE_CONT(0.50) WITHIN GROUP (ORDER BY VALUE), 4) AS NUMBER(14,4))      AS P50,
      CAST(ROUND(PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY VALUE), 4) AS NUMBER(14,4))      AS P75
    FROM BENCHMARK.V_KPI_MONTHLY_RATES
    WHERE VALUE IS NOT NULL
    GROUP BY MONTH, METRIC
    HAVING COUNT(VALUE) >= {{MIN_PEERS}}
  )
  SELECT * FROM peers
  EXCEPT
  SELECT MONTH, METRIC, PEER_COUNT, P25, P50, P75 FROM BENCHMARK.KPI_PEERS
) s
ON t.MONTH = s.MONTH AND t.METRIC = s.METRIC
WHEN MATCHED THEN UPDATE SET PEER_COUNT = s.PEER_COUNT, P25 = s.P25, P50 = s.P50, P75 = s.P75, UPDATED_AT = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (MONTH, METRIC, PEER_COUNT, P25, P50, P75, UPDATED_AT)
  VALUES (s.MONTH, s.METRIC, s.PEER_COUNT, s.P25, s.P50, s.P75, CURRENT_TIMESTAMP());
