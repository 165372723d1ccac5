-- STAGING.PIPELINE_RUNS: one row per finished graph run, written by the finalizer whether the run
-- succeeded or not, so freshness and quarantine growth are visible without TASK_HISTORY access.
CREATE TABLE IF NOT EXISTS STAGING.PIPELINE_RUNS (
  FINISHED_AT      TIMESTAMP_NTZ NOT NULL COMMENT 'when the finalizer ran (UTC)',
  QUARANTINE_ROWS  NUMBER(38,0)  NOT NULL COMMENT 'rows in STAGING.QUARANTINE after the run',
  DQ_CHECKS_FAILED NUMBER(38,0)  NOT NULL COMMENT 'failed checks of the latest data-quality run'
)
COMMENT = 'pipeline runs recorded by the finalizer task'
