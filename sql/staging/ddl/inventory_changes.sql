-- STAGING.INVENTORY_CHANGES: the stock lines (product x location) whose daily series may have
-- changed since MARTS.FCT_INVENTORY_DAILY was last refreshed, each with the first day affected.
-- STG_INVENTORY_MOVEMENTS writes a movement's line and day as staged before and after its MERGE
-- (a correction can move a movement to another day or line); STG_PRODUCTS writes a product with no
-- location and no day (type and unit cost are on every row of its lines). Both write in the
-- transaction that stages the rows; MART_FCT_INVENTORY_DAILY empties the table in the transaction
-- that applies them, so a failed refresh leaves them for the next run. One consumer, so no stream.
CREATE TABLE IF NOT EXISTS STAGING.INVENTORY_CHANGES (
  PRODUCT_ID  VARCHAR NOT NULL COMMENT 'product whose stock lines changed',
  LOCATION_ID VARCHAR COMMENT 'location of the line; NULL for every line of the product',
  FROM_DAY    DATE COMMENT 'first day whose stock may differ; NULL for every day of the product'
)
COMMENT = 'stock lines and days to recompute in MARTS.FCT_INVENTORY_DAILY (written by staging, consumed by the mart task)';
