-- Each tenant's anonymised monthly KPI rates, written by the tenant's own task graph
-- (sql/marts/benchmark.sql), so onboarding a tenant never changes the platform stack. The tenant
-- row access policy is part of the definition: the table never exists unprotected. Rates only,
-- no names, ids, amounts or tier.
CREATE TABLE IF NOT EXISTS BENCHMARK.KPI_MONTHLY (
  TENANT_ID            VARCHAR       NOT NULL COMMENT 'tenant id from the config',
  MONTH                DATE          NOT NULL COMMENT 'first day of the month',
  REVENUE_PER_EXAM     NUMBER(12,2)           COMMENT 'net revenue per comprehensive exam',
  NO_SHOW_RATE         NUMBER(7,4)            COMMENT 'no-shows / scheduled appointments',
  OPTICAL_CAPTURE_RATE NUMBER(7,4)            COMMENT 'patients buying eyewear / patients given a spectacle Rx',
  DENIAL_RATE          NUMBER(7,4)            COMMENT 'denied claims / submitted claims',
  EXAMS_PER_OD_DAY     NUMBER(9,2)            COMMENT 'comprehensive exams per optometrist day',
  UPDATED_AT           TIMESTAMP_NTZ NOT NULL COMMENT 'when the tenant graph last changed the row'
)
WITH ROW ACCESS POLICY BENCHMARK.TENANT_ROWS ON (TENANT_ID)
COMMENT = 'tenants'' anonymised monthly KPI rates; each tenant reads its own rows (policy TENANT_ROWS)'
