-- MARTS.V_INVENTORY_HEALTH: frame inventory turns and aged frames per location and month, from
-- MARTS.FCT_INVENTORY_DAILY (frames only: the board is what turns measure).
--   turns (annualised)  = frames sold in the month / average frames on hand x (365 / days covered)
--                       = 365 x frames sold / frame-days on hand (FRAME_DAYS_ON_HAND: frames on hand
--                         summed over the days covered), which sums over months and locations
--   average turn days   = 365 / turns
--   aged frames share   = frames on hand at month end older than 2 x average turn days / frames on hand
-- A frame's age is the days since its product last arrived at the location (see the fact's notes).
-- depends on: MARTS.FCT_INVENTORY_DAILY
CREATE OR REPLACE VIEW MARTS.V_INVENTORY_HEALTH AS
WITH frame_days AS (
  SELECT LOCATION_ID, DATE_DAY, DATE_TRUNC(month, DATE_DAY) AS MONTH_START, QUANTITY_SOLD, ON_HAND_QUANTITY, DAYS_SINCE_RECEIVED
  FROM MARTS.FCT_INVENTORY_DAILY
  WHERE PRODUCT_TYPE = 'frame'
),
monthly_flow AS (
  SELECT
    LOCATION_ID,
    MONTH_START,
    MAX(DATE_DAY)                                           AS MONTH_END_DAY,
    COUNT(DISTINCT DATE_DAY)                                AS DAYS_COVERED,
    SUM(QUANTITY_SOLD)                                      AS FRAMES_SOLD,
    SUM(ON_HAND_QUANTITY)                                   AS FRAME_DAYS_ON_HAND,
    SUM(ON_HAND_QUANTITY) / COUNT(DISTINCT DATE_DAY)        AS AVG_FRAMES_ON_HAND
  FROM frame_days
  GROUP BY LOCATION_ID, MONTH_START
),
turns AS (
  SELECT
    monthly_flow.*,
    FRAMES_SOLD / NULLIF(AVG_FRAMES_ON_HAND, 0) * 365 / DAYS_COVERED AS ANNUALISED_TURNS
  FROM monthly_flow
),
month_end_stock AS (
  SELECT
    f.LOCATION_ID,
    t.MONTH_START,
    SUM(f.ON_HAND_QUANTITY)                                 AS FRAMES_ON_HAND,
    SUM(IFF(f.DAYS_SINCE_RECEIVED > 2 * 365 / NULLIF(t.ANNUALISED_TURNS, 0), f.ON_HAND_QUANTITY, 0)) AS AGED_FRAMES
  FROM frame_days f
  JOIN turns t ON t.LOCATION_ID = f.LOCATION_ID AND t.MONTH_END_DAY = f.DATE_DAY
  GROUP BY f.LOCATION_ID, t.MONTH_START
)
SELECT
  t.LOCATION_ID,
  t.MONTH_START,
  t.DAYS_COVERED,
  t.FRAMES_SOLD,
  t.FRAME_DAYS_ON_HAND,
  ROUND(t.AVG_FRAMES_ON_HAND, 1)                            AS AVG_FRAMES_ON_HAND,
  ROUND(t.ANNUALISED_TURNS, 2)                              AS ANNUALISED_TURNS,
  ROUND(365 / NULLIF(t.ANNUALISED_TURNS, 0), 0)             AS AVERAGE_TURN_DAYS,
  s.FRAMES_ON_HAND,
  s.AGED_FRAMES,
  ROUND(s.AGED_FRAMES / NULLIF(s.FRAMES_ON_HAND, 0), 4)     AS AGED_FRAMES_SHARE
FROM turns t
JOIN month_end_stock s ON s.LOCATION_ID = t.LOCATION_ID AND s.MONTH_START = t.MONTH_START;
