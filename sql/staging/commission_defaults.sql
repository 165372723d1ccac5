-- Default commission plans, one per plan code in model/entities.ts COMMISSION_PLANS. Published
-- practice: 1-5% of monthly dispensary sales, with spiffs on AR coating, progressives and second
-- pairs at the practices that pay them (docs/kpis.md, "Commission earned").
--   none                    no commission (most practices)
--   dispensary_2pct         2% of dispensary sales
--   dispensary_3pct         3% of dispensary sales
--   dispensary_3pct_spiffs  3% of dispensary sales + $5 per AR-coated pair, $10 per progressive
--                           pair, $10 per second pair
--   dispensary_5pct         5% of dispensary sales
-- Only missing plans are inserted: a rule the tenant changed is never overwritten, so re-running
-- this file is safe.
-- depends on: STAGING.COMMISSION_RULES
MERGE INTO STAGING.COMMISSION_RULES t
USING (
  SELECT COLUMN1 AS COMMISSION_PLAN, COLUMN2 AS DISPENSARY_RATE, COLUMN3 AS SPIFF_AR_COATING,
         COLUMN4 AS SPIFF_PROGRESSIVE, COLUMN5 AS SPIFF_SECOND_PAIR, COLUMN6 AS DESCRIPTION
  FROM (VALUES
    ('none',                   0.00, 0.00,  0.00,  0.00, 'No commission.'),
    ('dispensary_2pct',        0.02, 0.00,  0.00,  0.00, '2% of monthly dispensary sales.'),
    ('dispensary_3pct',        0.03, 0.00,  0.00,  0.00, '3% of monthly dispensary sales.'),
    ('dispensary_3pct_spiffs', 0.03, 5.00, 10.00, 10.00, '3% of monthly dispensary sales plus $5 per AR-coated pair, $10 per progressive pair and $10 per second pair.'),
    ('dispensary_5pct',        0.05, 0.00,  0.00,  0.00, '5% of monthly dispensary sales.')
  )
) s
ON t.COMMISSION_PLAN = s.COMMISSION_PLAN
WHEN NOT MATCHED THEN INSERT (COMMISSION_PLAN, DISPENSARY_RATE, SPIFF_AR_COATING, SPIFF_PROGRESSIVE, SPIFF_SECOND_PAIR, DESCRIPTION, UPDATED_AT)
  VALUES (s.COMMISSION_PLAN, s.DISPENSARY_RATE, s.SPIFF_AR_COATING, s.SPIFF_PROGRESSIVE, s.SPIFF_SECOND_PAIR, s.DESCRIPTION, CURRENT_TIMESTAMP());
