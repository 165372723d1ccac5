-- MARTS.FCT_INVENTORY_DAILY: stock of one product at one location at the end of one day, for every
-- day from the first movement of that product there to the last movement day of the tenant.
-- Dense on purpose: turns need the average on hand over every day, quiet days included.
CREATE TABLE IF NOT EXISTS MARTS.FCT_INVENTORY_DAILY (
  PRODUCT_ID          VARCHAR NOT NULL,
  LOCATION_ID         VARCHAR NOT NULL,
  DATE_DAY            DATE NOT NULL,
  PRODUCT_TYPE        VARCHAR COMMENT 'frame | lens | contact_lens | accessory',
  QUANTITY_RECEIVED   NUMBER(9,0) NOT NULL COMMENT 'units received from suppliers that day',
  QUANTITY_RETURNED   NUMBER(9,0) NOT NULL COMMENT 'units returned by patients that day',
  QUANTITY_SOLD       NUMBER(9,0) NOT NULL COMMENT 'units sold that day',
  QUANTITY_ADJUSTED   NUMBER(9,0) NOT NULL COMMENT 'units written off that day (damage, loss)',
  ON_HAND_QUANTITY    NUMBER(9,0) NOT NULL COMMENT 'units on hand at the end of the day',
  ON_HAND_COST        NUMBER(14,2) COMMENT 'on hand x current unit cost',
  LAST_RECEIVED_DATE  DATE COMMENT 'last day units were received, up to this day',
  DAYS_SINCE_RECEIVED NUMBER(6,0) COMMENT 'age of the stock on hand, approximated by the last receipt',
  PRIMARY KEY (PRODUCT_ID, LOCATION_ID, DATE_DAY)
)
COMMENT = 'end-of-day stock per product and location';
