-- STAGING.STG_PMS__PAYMENTS: Receipts from patients and insurance payments, each applied to a claim.
-- One row per business key (payment_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (PAYER_TYPE, METHOD).
-- No PHI columns.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__PAYMENTS (
  PAYMENT_ID  VARCHAR NOT NULL COMMENT 'Payment id.',
  PATIENT_ID  VARCHAR COMMENT 'Patient whose account was credited.',
  LOCATION_ID VARCHAR COMMENT 'Location that posted it.',
  CLAIM_ID    VARCHAR COMMENT 'Claim the payment is applied to.',
  ORDER_ID    VARCHAR COMMENT 'Optical order, for eyewear deposits and balances.',
  RECEIVED_AT TIMESTAMP_NTZ COMMENT 'When the money was received.',
  PAYER_TYPE  VARCHAR COMMENT 'Who paid.',
  METHOD      VARCHAR COMMENT 'Payment method.',
  AMOUNT      NUMBER(12,2) COMMENT 'Amount received.',
  REFERENCE   VARCHAR COMMENT 'Check, EFT trace or card authorisation number.',
  POSTED_BY   VARCHAR COMMENT 'Staff member who posted it.',
  UPDATED_AT  TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT  TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT  TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (PAYMENT_ID)
)
COMMENT = 'pms payments, typed and deduplicated from RAW.PAYMENTS';
