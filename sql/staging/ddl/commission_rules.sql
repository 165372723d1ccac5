-- STAGING.COMMISSION_RULES: how the tenant pays dispensary commission, one row per plan code of
-- STG_PMS__STAFF.COMMISSION_PLAN. A tenant setting, not source data: the defaults come from
-- sql/staging/commission_defaults.sql and a tenant admin may change any row (the defaults never
-- overwrite a row that exists). KPI_STAFF_MONTHLY reads it; a plan with no row earns nothing.
--
-- commission = DISPENSARY_RATE x the month's dispensary sales (orders the person sold, not cancelled)
--            + SPIFF_AR_COATING  x eyewear orders with anti-reflective coating
--            + SPIFF_PROGRESSIVE x eyewear orders with progressive lenses
--            + SPIFF_SECOND_PAIR x eyewear orders that are a second pair on the same prescription
CREATE TABLE IF NOT EXISTS STAGING.COMMISSION_RULES (
  COMMISSION_PLAN   VARCHAR NOT NULL COMMENT 'plan code as staff records carry it, e.g. dispensary_3pct',
  DISPENSARY_RATE   NUMBER(6,4) NOT NULL COMMENT 'share of monthly dispensary sales, 0.03 = 3%',
  SPIFF_AR_COATING  NUMBER(10,2) NOT NULL COMMENT 'USD per eyewear order with AR coating',
  SPIFF_PROGRESSIVE NUMBER(10,2) NOT NULL COMMENT 'USD per eyewear order with progressive lenses',
  SPIFF_SECOND_PAIR NUMBER(10,2) NOT NULL COMMENT 'USD per second pair on the same prescription',
  DESCRIPTION       VARCHAR COMMENT 'what the plan pays, in words',
  UPDATED_AT        TIMESTAMP_NTZ NOT NULL COMMENT 'when the rule was last set',
  PRIMARY KEY (COMMISSION_PLAN)
)
COMMENT = 'per-tenant optician commission plans (settings), read by MARTS.KPI_STAFF_MONTHLY';
