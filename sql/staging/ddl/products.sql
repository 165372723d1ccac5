-- STAGING.STG_PMS__PRODUCTS: Catalog of frames, lenses and lens treatments, contact lenses and accessories.
-- One row per business key (product_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (PRODUCT_TYPE).
-- No PHI columns.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__PRODUCTS (
  PRODUCT_ID    VARCHAR NOT NULL COMMENT 'Product id.',
  PRODUCT_TYPE  VARCHAR COMMENT 'Product family.',
  SKU           VARCHAR COMMENT 'Practice SKU.',
  UPC           VARCHAR COMMENT 'Universal Product Code (frames, contact lenses, accessories).',
  MANUFACTURER  VARCHAR COMMENT 'Manufacturer or lab.',
  BRAND         VARCHAR COMMENT 'Brand.',
  COLLECTION    VARCHAR COMMENT 'Frame collection.',
  MODEL         VARCHAR COMMENT 'Model name or number.',
  COLOR         VARCHAR COMMENT 'Frame colour.',
  SIZE          VARCHAR COMMENT 'Frame size as eye-bridge-temple, e.g. 52-18-140.',
  DESCRIPTION   VARCHAR COMMENT 'Display description.',
  HCPCS_CODE    VARCHAR COMMENT 'HCPCS code billed for the product (V2020 frames, V2100-V2799 lenses, V25xx contact lenses).',
  UNIT_COST     NUMBER(12,2) COMMENT 'Acquisition cost per unit.',
  RETAIL_PRICE  NUMBER(12,2) COMMENT 'Retail price per unit.',
  REORDER_POINT NUMBER(9,0)  COMMENT 'On-hand quantity per location that triggers a reorder.',
  ACTIVE        BOOLEAN COMMENT 'Still sold.',
  UPDATED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE  VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW   NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (PRODUCT_ID)
)
COMMENT = 'pms products, typed and deduplicated from RAW.PRODUCTS';
