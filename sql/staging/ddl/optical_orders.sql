-- STAGING.STG_PMS__OPTICAL_ORDERS: Eyewear jobs (one complete pair or lens-only job per order) and contact lens orders; exported when ordered, ready and dispensed.
-- One row per business key (order_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (ORDER_TYPE, LENS_STYLE, LENS_MATERIAL, REMAKE_CODE, STATUS).
-- No PHI columns.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__OPTICAL_ORDERS (
  ORDER_ID          VARCHAR NOT NULL COMMENT 'Order (job) number.',
  PATIENT_ID        VARCHAR COMMENT 'Patient.',
  LOCATION_ID       VARCHAR COMMENT 'Selling location.',
  RX_ID             VARCHAR COMMENT 'Prescription filled.',
  OPTICIAN_ID       VARCHAR COMMENT 'Optician who sold the order (commission).',
  ORDER_TYPE        VARCHAR COMMENT 'Eyewear or contact lenses.',
  ORDER_DATE        DATE COMMENT 'Date ordered.',
  DUE_DATE          DATE COMMENT 'Promised date.',
  DISPENSED_DATE    DATE COMMENT 'Date handed to the patient.',
  FRAME_UPC         VARCHAR COMMENT 'Frame UPC (empty for lens-only jobs with the patient''s own frame).',
  FRAME_BRAND       VARCHAR COMMENT 'Frame brand.',
  FRAME_MODEL       VARCHAR COMMENT 'Frame model.',
  FRAME_COLOR       VARCHAR COMMENT 'Frame colour.',
  FRAME_SIZE        VARCHAR COMMENT 'Frame size, eye-bridge-temple.',
  LENS_STYLE        VARCHAR COMMENT 'Lens design.',
  LENS_MATERIAL     VARCHAR COMMENT 'Lens material.',
  LENS_TREATMENTS   VARCHAR COMMENT 'Treatments, semicolon separated (ar, blue_light, photochromic).',
  CL_SUPPLY_MONTHS  NUMBER(9,0)  COMMENT 'Months of contact lenses supplied (12 = annual supply).',
  LAB_NAME          VARCHAR COMMENT 'Lab or distributor.',
  REMAKE_CODE       VARCHAR COMMENT 'Why the job was remade.',
  STATUS            VARCHAR COMMENT 'Status as of updated_at.',
  TOTAL_AMOUNT      NUMBER(12,2) COMMENT 'Order total after discounts.',
  INSURANCE_PORTION NUMBER(12,2) COMMENT 'Expected vision-plan payment.',
  PATIENT_PORTION   NUMBER(12,2) COMMENT 'Amount the patient owes.',
  UPDATED_AT        TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE      VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW       NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT        TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT        TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (ORDER_ID)
)
COMMENT = 'pms optical_orders, typed and deduplicated from RAW.OPTICAL_ORDERS';
