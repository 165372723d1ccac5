-- STAGING.FACT_CHANGES: the business keys whose row of a fact or dimension mart may have changed
-- since that mart was last refreshed, one row per (mart, key). Each staging task writes, in the
-- transaction that stages its rows, the keys its batch can change, as staged before its MERGE and
-- again after it wherever a correction can move a row to another parent:
--   FCT_APPOINTMENTS  appointments                         (STG_APPOINTMENTS)
--   FCT_EXAMS         exams; the exams of prescriptions, and of the prescriptions orders fill
--                     (STG_EXAMS, STG_PRESCRIPTIONS, STG_OPTICAL_ORDERS)
--   FCT_OPTICAL_ORDERS orders, every order on the same prescription (second pairs), the orders of
--                     lines (STG_OPTICAL_ORDERS, STG_OPTICAL_ORDER_LINES)
--   FCT_OPTICAL_ORDERS_BY_RX  prescriptions whose orders to recompute (STG_PRESCRIPTIONS, which
--                     runs before the orders are staged)
--   DIM_PATIENT       patients; the patients of appointments, exams and prescriptions
--   FCT_CLAIMS        claims, and the claims of payments (a payment moved to another claim
--                     changes what both received) (STG_CLAIMS, STG_PAYMENTS)
--   FCT_PAYMENTS      payments, and the payments of claims (a payment carries its claim's payer
--                     class) (STG_PAYMENTS, STG_CLAIMS)
-- Each mart task deletes its own rows in the transaction that applies them, so a failed refresh
-- leaves them for the next run.
CREATE TABLE IF NOT EXISTS STAGING.FACT_CHANGES (
  MART   VARCHAR NOT NULL COMMENT 'the fact mart to refresh, e.g. FCT_CLAIMS',
  KEY_ID VARCHAR COMMENT 'business key of the mart row (APPOINTMENT_ID, EXAM_ID, ORDER_ID, PATIENT_ID, CLAIM_ID, PAYMENT_ID)'
)
COMMENT = 'fact rows to recompute, per mart (written by staging, consumed by the mart tasks)';
