-- MARTS.FCT_OPTICAL_ORDERS: one row per eyewear job or contact lens order, with its priced lines
-- rolled up and the flags the optical KPIs and commission spiffs count.
CREATE TABLE IF NOT EXISTS MARTS.FCT_OPTICAL_ORDERS (
  ORDER_ID          VARCHAR NOT NULL,
  ORDER_DATE        DATE NOT NULL,
  LOCATION_ID       VARCHAR NOT NULL COMMENT 'selling location',
  PATIENT_ID        VARCHAR NOT NULL,
  OPTICIAN_ID       VARCHAR NOT NULL COMMENT 'who sold it (commission)',
  RX_ID             VARCHAR,
  EXAM_ID           VARCHAR COMMENT 'exam that wrote the prescription filled',
  ORDER_TYPE        VARCHAR NOT NULL COMMENT 'eyewear | contact_lens',
  STATUS            VARCHAR NOT NULL COMMENT 'ordered | in_lab | ready | dispensed | cancelled',
  IS_CANCELLED      BOOLEAN NOT NULL,
  IS_COMPLETE_PAIR  BOOLEAN NOT NULL COMMENT 'eyewear with a frame from the board (not lenses in the patient''s own frame)',
  LENS_STYLE        VARCHAR,
  HAS_AR_COATING    BOOLEAN NOT NULL COMMENT 'lens treatments include ar',
  IS_PROGRESSIVE    BOOLEAN NOT NULL,
  IS_SECOND_PAIR    BOOLEAN NOT NULL COMMENT 'a later eyewear order on the same prescription',
  CL_SUPPLY_MONTHS  NUMBER(3,0),
  IS_ANNUAL_SUPPLY  BOOLEAN NOT NULL COMMENT 'contact lens order of 12 months or more',
  DUE_DATE          DATE NOT NULL,
  DISPENSED_DATE    DATE,
  LINE_COUNT        NUMBER(5,0) NOT NULL,
  LIST_AMOUNT       NUMBER(12,2) NOT NULL COMMENT 'sum of quantity x unit price of the lines',
  DISCOUNT_AMOUNT   NUMBER(12,2) NOT NULL COMMENT 'sum of line discounts',
  TOTAL_AMOUNT      NUMBER(12,2) NOT NULL COMMENT 'order total after discounts (the sale)',
  INSURANCE_PORTION NUMBER(12,2) NOT NULL,
  PATIENT_PORTION   NUMBER(12,2) NOT NULL,
  UPDATED_AT        TIMESTAMP_NTZ NOT NULL COMMENT 'version of the source record',
  PRIMARY KEY (ORDER_ID)
)
COMMENT = 'optical orders (eyewear and contact lenses)';
