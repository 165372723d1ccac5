-- STAGING.STG_PMS__INVENTORY_MOVEMENTS: Stock movements per product and location; quantity is positive, the type gives the direction.
-- One row per business key (movement_id), the version with the greatest updated_at.
-- Typed from the all-VARCHAR RAW columns; text trimmed, empty text is NULL, codes lower-case (MOVEMENT_TYPE).
-- No PHI columns.
CREATE TABLE IF NOT EXISTS STAGING.STG_PMS__INVENTORY_MOVEMENTS (
  MOVEMENT_ID   VARCHAR NOT NULL COMMENT 'Movement id.',
  PRODUCT_ID    VARCHAR COMMENT 'Product.',
  LOCATION_ID   VARCHAR COMMENT 'Location whose stock moved.',
  MOVEMENT_TYPE VARCHAR COMMENT 'received and returned (by a patient) add stock; sold and adjusted (damage, loss) remove it.',
  QUANTITY      NUMBER(9,0)  COMMENT 'Units moved, always positive.',
  MOVED_AT      TIMESTAMP_NTZ COMMENT 'When the stock moved.',
  ORDER_ID      VARCHAR COMMENT 'Optical order, for sold and returned movements.',
  UNIT_COST     NUMBER(12,2) COMMENT 'Cost per unit.',
  REASON        VARCHAR COMMENT 'Why, for adjustments and returns.',
  UPDATED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'When this version of the record was written; the greatest wins.',
  _SOURCE_FILE  VARCHAR NOT NULL COMMENT 'staged file the winning version came from',
  _SOURCE_ROW   NUMBER(18,0) NOT NULL COMMENT 'row of that file',
  _LOADED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'when COPY INTO loaded that row',
  _STAGED_AT    TIMESTAMP_NTZ NOT NULL COMMENT 'when this row was last written by the staging task',
  PRIMARY KEY (MOVEMENT_ID)
)
COMMENT = 'pms inventory_movements, typed and deduplicated from RAW.INVENTORY_MOVEMENTS';
