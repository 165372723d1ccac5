-- STAGING.FACT_CHANGES: the business keys whose row of a fact mart may have changed since that
-- mart was last refreshed, one row per (mart, key). STG_CLAIMS writes its claims for FCT_CLAIMS and
-- their payments for FCT_PAYMENTS (which carry the claim's payer class); STG_PAYMENTS writes its
-- payments for FCT_PAYMENTS and their claims, as staged before its MERGE and after it, for
-- FCT_CLAIMS (a payment moved to another claim changes what both claims received). Both write in
-- the transaction that stages the rows; each mart task deletes its own rows in the transaction that
-- applies them, so a failed refresh leaves them for the next run.
CREATE TABLE IF NOT EXISTS STAGING.FACT_CHANGES (
  MART   VARCHAR NOT NULL COMMENT 'the fact mart to refresh, e.g. FCT_CLAIMS',
  KEY_ID VARCHAR COMMENT 'business key of the mart row (CLAIM_ID, PAYMENT_ID)'
)
COMMENT = 'fact rows to recompute, per mart (written by staging, consumed by the mart tasks)';
