-- STAGING.STG_PMS__OPTICAL_ORDER_LINES: Priced lines of an optical order (frame, lenses, treatments, contact lenses, accessories).
-- One row per business key (order_id, line_number), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL.
-- No PHI columns.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__OPTICAL_ORDER_LINES (
  ORDER_ID        VARCHAR NOT NULL COMMENT 'Order.',
  LINE_NUMBER     NUMBER(9,0)  NOT NULL COMMENT 'Line number within the order, from 1.',
  PRODUCT_ID      VARCHAR COMMENT 'Product sold.',
  HCPCS_CODE      VARCHAR COMMENT 'HCPCS code billed.',
  DESCRIPTION     VARCHAR COMMENT 'Line description.',
  QUANTITY        NUMBER(9,0)  COMMENT 'Units (lenses are billed per lens, so a pair is 2).',
  UNIT_PRICE      NUMBER(12,2) COMMENT 'Retail price per unit.',
  DISCOUNT_AMOUNT NUMBER(12,2) COMMENT 'Discount on the line.',
  UPDATED_AT      TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE    VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW     NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT      TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT      TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (ORDER_ID, LINE_NUMBER)
)
COMMENT = 'pms optical_order_lines, typed and deduplicated from RAW.OPTICAL_ORDER_LINES';
