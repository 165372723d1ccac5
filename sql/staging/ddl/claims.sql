-- STAGING.STG_PMS__CLAIMS: Charges billed to a payer (self-pay statements included): exported when submitted, accepted and adjudicated.
-- One row per business key (claim_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (PAYER_CLASS, STATUS, DENIAL_REASON).
-- No PHI columns.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__CLAIMS (
  CLAIM_ID               VARCHAR NOT NULL COMMENT 'Claim id.',
  PATIENT_ID             VARCHAR COMMENT 'Patient.',
  LOCATION_ID            VARCHAR COMMENT 'Billing location.',
  PROVIDER_ID            VARCHAR COMMENT 'Rendering provider.',
  EXAM_ID                VARCHAR COMMENT 'Exam billed, for professional claims.',
  ORDER_ID               VARCHAR COMMENT 'Optical order billed, for materials claims.',
  PAYER_CLASS            VARCHAR COMMENT 'Payer class.',
  PAYER_NAME             VARCHAR COMMENT 'Payer (carrier) name.',
  SERVICE_DATE           DATE COMMENT 'Date of service.',
  SUBMITTED_DATE         DATE COMMENT 'Date submitted to the payer.',
  STATUS                 VARCHAR COMMENT 'Status as of updated_at.',
  ADJUDICATED_DATE       DATE COMMENT 'Date paid or denied.',
  DENIAL_REASON          VARCHAR COMMENT 'Why the payer denied it.',
  CPT_CODES              VARCHAR COMMENT 'CPT/HCPCS codes billed, semicolon separated.',
  ICD10_CODES            VARCHAR COMMENT 'Diagnosis codes, semicolon separated.',
  BILLED_AMOUNT          NUMBER(12,2) COMMENT 'Gross charges.',
  PAID_AMOUNT            NUMBER(12,2) COMMENT 'Paid by the payer.',
  ADJUSTED_AMOUNT        NUMBER(12,2) COMMENT 'Contractual adjustment (write-off).',
  PATIENT_RESPONSIBILITY NUMBER(12,2) COMMENT 'Copay, coinsurance and overage the patient owes.',
  UPDATED_AT             TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE           VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW            NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT             TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT             TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (CLAIM_ID)
)
COMMENT = 'pms claims, typed and deduplicated from RAW.CLAIMS';
