-- Percentiles of the tenants' monthly KPI rates, per month and metric, published only over a peer
-- group of at least the configured size. No TENANT_ID: nothing in it belongs to one tenant, so
-- every tenant may read all of it and compare its own KPI_MONTHLY rows against it.
CREATE TABLE IF NOT EXISTS BENCHMARK.KPI_PEERS (
  MONTH      DATE          NOT NULL COMMENT 'first day of the month',
  METRIC     VARCHAR       NOT NULL COMMENT 'a KPI_MONTHLY rate column, e.g. NO_SHOW_RATE',
  PEER_COUNT NUMBER(9,0)   NOT NULL COMMENT 'tenants with a value for the month',
  P25        NUMBER(14,4)  NOT NULL COMMENT '25th percentile (continuous)',
  P50        NUMBER(14,4)  NOT NULL COMMENT 'median',
  P75        NUMBER(14,4)  NOT NULL COMMENT '75th percentile (continuous)',
  UPDATED_AT TIMESTAMP_NTZ NOT NULL COMMENT 'when the row last changed'
)
COMMENT = 'peer percentiles of KPI_MONTHLY, k-anonymous (see platform.benchmark_min_peers)'
