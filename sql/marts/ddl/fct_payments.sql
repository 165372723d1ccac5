-- MARTS.FCT_PAYMENTS: one row per payment received (patient receipts and insurance payments):
-- the source of collected (net) revenue.
CREATE TABLE IF NOT EXISTS MARTS.FCT_PAYMENTS (
  PAYMENT_ID    VARCHAR NOT NULL,
  RECEIVED_DATE DATE NOT NULL,
  RECEIVED_AT   TIMESTAMP_NTZ NOT NULL,
  LOCATION_ID   VARCHAR NOT NULL COMMENT 'location that posted it',
  PATIENT_ID    VARCHAR NOT NULL,
  CLAIM_ID      VARCHAR NOT NULL,
  ORDER_ID      VARCHAR,
  PAYER_TYPE    VARCHAR NOT NULL COMMENT 'patient | insurance',
  PAYER_CLASS   VARCHAR COMMENT 'payer class of the claim the payment is applied to',
  METHOD        VARCHAR NOT NULL,
  AMOUNT        NUMBER(12,2) NOT NULL,
  POSTED_BY     VARCHAR,
  UPDATED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'version of the source record',
  PRIMARY KEY (PAYMENT_ID)
)
COMMENT = 'payments received';
