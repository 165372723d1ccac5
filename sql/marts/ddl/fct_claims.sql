-- MARTS.FCT_CLAIMS: one row per claim (self-pay statements included) with its adjudication and the
-- payments applied to it, so the open balance (the claim's share of A/R) is one column.
CREATE TABLE IF NOT EXISTS MARTS.FCT_CLAIMS (
  CLAIM_ID               VARCHAR NOT NULL,
  SERVICE_DATE           DATE NOT NULL,
  SUBMITTED_DATE         DATE NOT NULL,
  ADJUDICATED_DATE       DATE,
  LOCATION_ID            VARCHAR NOT NULL COMMENT 'billing location',
  PATIENT_ID             VARCHAR NOT NULL,
  PROVIDER_ID            VARCHAR NOT NULL COMMENT 'rendering provider',
  EXAM_ID                VARCHAR,
  ORDER_ID               VARCHAR,
  CLAIM_KIND             VARCHAR NOT NULL COMMENT 'professional (an exam) | materials (an optical order) | other',
  PAYER_CLASS            VARCHAR NOT NULL COMMENT 'private_pay | medicare | medicaid | vsp | other_vision | commercial_medical | other',
  PAYER_NAME             VARCHAR NOT NULL,
  STATUS                 VARCHAR NOT NULL COMMENT 'submitted | accepted | denied | paid',
  IS_DENIED              BOOLEAN NOT NULL,
  DENIAL_REASON          VARCHAR,
  CPT_CODES              VARCHAR NOT NULL,
  BILLED_AMOUNT          NUMBER(12,2) NOT NULL COMMENT 'gross charges',
  PAID_AMOUNT            NUMBER(12,2) NOT NULL COMMENT 'paid by the payer per the claim (0 until adjudicated)',
  ADJUSTED_AMOUNT        NUMBER(12,2) NOT NULL COMMENT 'contractual adjustment (write-off)',
  PATIENT_RESPONSIBILITY NUMBER(12,2) NOT NULL,
  PAYMENTS_RECEIVED      NUMBER(12,2) NOT NULL COMMENT 'all payments applied to the claim (patient and insurance)',
  OPEN_BALANCE           NUMBER(12,2) NOT NULL COMMENT 'billed - adjusted - payments received',
  UPDATED_AT             TIMESTAMP_NTZ NOT NULL COMMENT 'version of the source record',
  PRIMARY KEY (CLAIM_ID)
)
COMMENT = 'claims with adjudication and applied payments';
