-- STAGING.DQ_RESULTS: one row per data-quality check per run, appended by sql/quality/dq_checks.sql.
-- A run's rows share RUN_ID and CHECKED_AT; STATUS is 'pass' or 'fail'; OBSERVED and EXPECTED are
-- the numbers compared (as text, so counts, ages and amounts fit one column).
CREATE TABLE IF NOT EXISTS STAGING.DQ_RESULTS (
  CHECK_NAME VARCHAR NOT NULL COMMENT 'row_count_reconciliation | freshness | unique_business_key | referential_integrity',
  ENTITY     VARCHAR NOT NULL COMMENT 'source entity or mart the check is about',
  STATUS     VARCHAR NOT NULL COMMENT 'pass | fail',
  OBSERVED   VARCHAR COMMENT 'what was measured',
  EXPECTED   VARCHAR COMMENT 'what it should be',
  DETAILS    VARCHAR COMMENT 'the inputs of the check, in words',
  CHECKED_AT TIMESTAMP_NTZ NOT NULL,
  RUN_ID     VARCHAR NOT NULL COMMENT 'identifies one run of dq_checks.sql'
)
COMMENT = 'data-quality check results';
