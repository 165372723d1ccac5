-- The tenant's own commission rules from its config (`commission_plans` in environments/<env>.yaml),
-- applied after the defaults: a configured plan replaces the default of the same code, and a new
-- code adds a plan for the staff records that carry it.
-- Placeholder: {{COMMISSION_VALUES}}, rows (plan, dispensary rate, AR spiff, progressive spiff,
-- second-pair spiff) built from validated config values only.
-- depends on: STAGING.COMMISSION_RULES
MERGE INTO STAGING.COMMISSION_RULES t
USING (
  SELECT COLUMN1 AS COMMISSION_PLAN, COLUMN2 AS DISPENSARY_RATE, COLUMN3 AS SPIFF_AR_COATING,
         COLUMN4 AS SPIFF_PROGRESSIVE, COLUMN5 AS SPIFF_SECOND_PAIR
  FROM (VALUES {{COMMISSION_VALUES}})
) s
ON t.COMMISSION_PLAN = s.COMMISSION_PLAN
WHEN MATCHED THEN UPDATE SET
  DISPENSARY_RATE = s.DISPENSARY_RATE, SPIFF_AR_COATING = s.SPIFF_AR_COATING, SPIFF_PROGRESSIVE = s.SPIFF_PROGRESSIVE,
  SPIFF_SECOND_PAIR = s.SPIFF_SECOND_PAIR, DESCRIPTION = 'set in the tenant config', UPDATED_AT = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (COMMISSION_PLAN, DISPENSARY_RATE, SPIFF_AR_COATING, SPIFF_PROGRESSIVE, SPIFF_SECOND_PAIR, DESCRIPTION, UPDATED_AT)
  VALUES (s.COMMISSION_PLAN, s.DISPENSARY_RATE, s.SPIFF_AR_COATING, s.SPIFF_PROGRESSIVE, s.SPIFF_SECOND_PAIR, 'set in the tenant config', CURRENT_TIMESTAMP())
