-- MARTS.FCT_INVENTORY_DAILY refresh: end-of-day stock from the running sum of movements. received
-- and returned add stock, sold and adjusted remove it (quantities are positive in the export).
-- Stock age is approximated by the days since the last receipt (movements carry no lot, so FIFO
-- ages are not known); the aged-frames KPI compares it with twice the average turn time.
--
-- Incremental: only the days that can differ from a full rebuild are recomputed. Those are, per
-- stock line, the days from the earliest day in STAGING.INVENTORY_CHANGES (every day of a changed
-- product), and for every line the new days after the stored series end. Each recomputed series
-- continues from the stored stock and last receipt of the day before it, so one new day costs one
-- row per line, not the history. The DELETEs first remove what a rebuild would not have: days of a
-- changed line from its earliest change to before its (new) first movement, and days after the
-- (new) last movement day. Every statement reads the large fact only through a date filter or a
-- join with the few changed lines, never row by row against the change list.
-- The MERGE is change-only (see dim_location.sql); the change list is emptied in the same
-- transaction, so a failed refresh keeps it for the next run.
-- depends on: STAGING.STG_PMS__INVENTORY_MOVEMENTS, STAGING.STG_PMS__PRODUCTS, STAGING.INVENTORY_CHANGES, MARTS.DIM_DATE
EXECUTE IMMEDIATE $$
BEGIN
  BEGIN TRANSACTION;

  DELETE FROM MARTS.FCT_INVENTORY_DAILY t
  WHERE t.DATE_DAY > (SELECT MAX(CAST(m.MOVED_AT AS DATE)) FROM STAGING.STG_PMS__INVENTORY_MOVEMENTS m);

  DELETE FROM MARTS.FCT_INVENTORY_DAILY t
  USING (
    SELECT c.PRODUCT_ID, c.LOCATION_ID, MIN(c.FROM_DAY) AS FROM_DAY, MIN(f.FIRST_DAY) AS FIRST_DAY
    FROM STAGING.INVENTORY_CHANGES c
    LEFT JOIN (
      SELECT m.PRODUCT_ID, m.LOCATION_ID, MIN(CAST(m.MOVED_AT AS DATE)) AS FIRST_DAY
      FROM STAGING.STG_PMS__INVENTORY_MOVEMENTS m
      JOIN (SELECT DISTINCT PRODUCT_ID, LOCATION_ID FROM STAGING.INVENTORY_CHANGES) k
        ON k.PRODUCT_ID = m.PRODUCT_ID AND k.LOCATION_ID = m.LOCATION_ID
      GROUP BY m.PRODUCT_ID, m.LOCATION_ID
    ) f ON f.PRODUCT_ID = c.PRODUCT_ID AND f.LOCATION_ID = c.LOCATION_ID
    WHERE c.LOCATION_ID IS NOT NULL
    GROUP BY c.PRODUCT_ID, c.LOCATION_ID
  ) l
  WHERE t.PRODUCT_ID = l.PRODUCT_ID AND t.LOCATION_ID = l.LOCATION_ID
    AND t.DATE_DAY >= l.FROM_DAY AND t.DATE_DAY < COALESCE(l.FIRST_DAY, t.DATE_DAY + 1);

  MERGE INTO MARTS.FCT_INVENTORY_DAILY t
  USING (
    WITH horizon AS (
      SELECT MAX(CAST(MOVED_AT AS DATE)) AS LAST_DAY FROM STAGING.STG_PMS__INVENTORY_MOVEMENTS
    ),
    stored_end AS (
      SELECT MAX(DATE_DAY) AS LAST_DAY FROM MARTS.FCT_INVENTORY_DAILY
    ),
    -- Changed lines with their changed days; a changed product stands for each movement day of its lines.
    changed AS (
      SELECT PRODUCT_ID, LOCATION_ID, FROM_DAY FROM STAGING.INVENTORY_CHANGES WHERE LOCATION_ID IS NOT NULL
      UNION ALL
      SELECT m.PRODUCT_ID, m.LOCATION_ID, CAST(m.MOVED_AT AS DATE)
      FROM STAGING.STG_PMS__INVENTORY_MOVEMENTS m
      WHERE m.PRODUCT_ID IN (SELECT PRODUCT_ID FROM STAGING.INVENTORY_CHANGES WHERE LOCATION_ID IS NULL)
    ),
    first_days AS (
      SELECT m.PRODUCT_ID, m.LOCATION_ID, MIN(CAST(m.MOVED_AT AS DATE)) AS FIRST_DAY
      FROM STAGING.STG_PMS__INVENTORY_MOVEMENTS m
      JOIN (SELECT DISTINCT PRODUCT_ID, LOCATION_ID FROM changed) l ON l.PRODUCT_ID = m.PRODUCT_ID AND l.LOCATION_ID = m.LOCATION_ID
      GROUP BY m.PRODUCT_ID, m.LOCATION_ID
    ),
    -- First day to recompute per line: a changed line from its earliest changed day (never before
    -- its first movement; a line left without movements drops out), every stored line after its end.
    starts AS (
      SELECT PRODUCT_ID, LOCATION_ID, MIN(FROM_DAY) AS FROM_DAY
      FROM (
        SELECT c.PRODUCT_ID, c.LOCATION_ID, GREATEST(c.FROM_DAY, f.FIRST_DAY) AS FROM_DAY
        FROM changed c
        JOIN first_days f ON f.PRODUCT_ID = c.PRODUCT_ID AND f.LOCATION_ID = c.LOCATION_ID
        UNION ALL
        SELECT i.PRODUCT_ID, i.LOCATION_ID, DATEADD(day, 1, i.DATE_DAY)
        FROM MARTS.FCT_INVENTORY_DAILY i
        WHERE i.DATE_DAY = (SELECT LAST_DAY FROM stored_end)
      ) s
      GROUP BY PRODUCT_ID, LOCATION_ID
    ),
    -- The stored days a refresh reads (seeds) or compares with: from the day before the earliest
    -- start, so one new day reads one stored day, not the history.
    stored AS (
      SELECT i.*
      FROM MARTS.FCT_INVENTORY_DAILY i
      WHERE i.DATE_DAY >= (SELECT MIN(FROM_DAY) FROM starts) - 1
    ),
    -- Stock and last receipt at the end of the day before each start (none before a line's first day).
    seeds AS (
      SELECT s.PRODUCT_ID, s.LOCATION_ID, s.FROM_DAY, COALESCE(i.ON_HAND_QUANTITY, 0) AS ON_HAND_BEFORE, i.LAST_RECEIVED_DATE AS RECEIVED_BEFORE
      FROM starts s
      LEFT JOIN stored i
        ON i.PRODUCT_ID = s.PRODUCT_ID AND i.LOCATION_ID = s.LOCATION_ID AND i.DATE_DAY = DATEADD(day, -1, s.FROM_DAY)
    ),
    daily_movements AS (
      SELECT
        m.PRODUCT_ID,
        m.LOCATION_ID,
        CAST(m.MOVED_AT AS DATE)                                  AS DATE_DAY,
        SUM(IFF(m.MOVEMENT_TYPE = 'received', m.QUANTITY, 0))     AS QUANTITY_RECEIVED,
        SUM(IFF(m.MOVEMENT_TYPE = 'returned', m.QUANTITY, 0))     AS QUANTITY_RETURNED,
        SUM(IFF(m.MOVEMENT_TYPE = 'sold', m.QUANTITY, 0))         AS QUANTITY_SOLD,
        SUM(IFF(m.MOVEMENT_TYPE = 'adjusted', m.QUANTITY, 0))     AS QUANTITY_ADJUSTED
      FROM STAGING.STG_PMS__INVENTORY_MOVEMENTS m
      JOIN starts s ON s.PRODUCT_ID = m.PRODUCT_ID AND s.LOCATION_ID = m.LOCATION_ID AND m.MOVED_AT >= s.FROM_DAY
      GROUP BY m.PRODUCT_ID, m.LOCATION_ID, CAST(m.MOVED_AT AS DATE)
    ),
    stock_days AS (
      SELECT
        s.PRODUCT_ID,
        s.LOCATION_ID,
        d.DATE_DAY,
        s.ON_HAND_BEFORE,
        s.RECEIVED_BEFORE,
        COALESCE(m.QUANTITY_RECEIVED, 0)                          AS QUANTITY_RECEIVED,
        COALESCE(m.QUANTITY_RETURNED, 0)                          AS QUANTITY_RETURNED,
        COALESCE(m.QUANTITY_SOLD, 0)                              AS QUANTITY_SOLD,
        COALESCE(m.QUANTITY_ADJUSTED, 0)                          AS QUANTITY_ADJUSTED
      FROM seeds s
      CROSS JOIN horizon h
      JOIN MARTS.DIM_DATE d ON d.DATE_DAY >= s.FROM_DAY AND d.DATE_DAY <= h.LAST_DAY
      LEFT JOIN daily_movements m
        ON m.PRODUCT_ID = s.PRODUCT_ID AND m.LOCATION_ID = s.LOCATION_ID AND m.DATE_DAY = d.DATE_DAY
    ),
    running_stock AS (
      SELECT
        stock_days.*,
        ON_HAND_BEFORE + SUM(QUANTITY_RECEIVED + QUANTITY_RETURNED - QUANTITY_SOLD - QUANTITY_ADJUSTED) OVER (
          PARTITION BY PRODUCT_ID, LOCATION_ID ORDER BY DATE_DAY ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS ON_HAND_QUANTITY,
        COALESCE(MAX(IFF(QUANTITY_RECEIVED > 0, DATE_DAY, NULL)) OVER (
          PARTITION BY PRODUCT_ID, LOCATION_ID ORDER BY DATE_DAY ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ), RECEIVED_BEFORE) AS LAST_RECEIVED_DATE
      FROM stock_days
    ),
    inventory AS (
      SELECT
        r.PRODUCT_ID,
        r.LOCATION_ID,
        r.DATE_DAY,
        p.PRODUCT_TYPE,
        r.QUANTITY_RECEIVED,
        r.QUANTITY_RETURNED,
        r.QUANTITY_SOLD,
        r.QUANTITY_ADJUSTED,
        r.ON_HAND_QUANTITY,
        CAST(r.ON_HAND_QUANTITY * p.UNIT_COST AS NUMBER(14,2))  AS ON_HAND_COST,
        r.LAST_RECEIVED_DATE,
        DATEDIFF(day, r.LAST_RECEIVED_DATE, r.DATE_DAY)         AS DAYS_SINCE_RECEIVED
      FROM running_stock r
      LEFT JOIN STAGING.STG_PMS__PRODUCTS p ON p.PRODUCT_ID = r.PRODUCT_ID
    )
    SELECT * FROM inventory
    EXCEPT
    SELECT i.PRODUCT_ID, i.LOCATION_ID, i.DATE_DAY, i.PRODUCT_TYPE, i.QUANTITY_RECEIVED, i.QUANTITY_RETURNED, i.QUANTITY_SOLD,
           i.QUANTITY_ADJUSTED, i.ON_HAND_QUANTITY, i.ON_HAND_COST, i.LAST_RECEIVED_DATE, i.DAYS_SINCE_RECEIVED
    FROM stored i
    JOIN starts s ON s.PRODUCT_ID = i.PRODUCT_ID AND s.LOCATION_ID = i.LOCATION_ID AND i.DATE_DAY >= s.FROM_DAY
  ) s
  ON t.PRODUCT_ID = s.PRODUCT_ID AND t.LOCATION_ID = s.LOCATION_ID AND t.DATE_DAY = s.DATE_DAY
  WHEN MATCHED THEN UPDATE SET
    PRODUCT_TYPE = s.PRODUCT_TYPE, QUANTITY_RECEIVED = s.QUANTITY_RECEIVED, QUANTITY_RETURNED = s.QUANTITY_RETURNED,
    QUANTITY_SOLD = s.QUANTITY_SOLD, QUANTITY_ADJUSTED = s.QUANTITY_ADJUSTED, ON_HAND_QUANTITY = s.ON_HAND_QUANTITY,
    ON_HAND_COST = s.ON_HAND_COST, LAST_RECEIVED_DATE = s.LAST_RECEIVED_DATE, DAYS_SINCE_RECEIVED = s.DAYS_SINCE_RECEIVED
  WHEN NOT MATCHED THEN INSERT (
    PRODUCT_ID, LOCATION_ID, DATE_DAY, PRODUCT_TYPE, QUANTITY_RECEIVED, QUANTITY_RETURNED, QUANTITY_SOLD, QUANTITY_ADJUSTED,
    ON_HAND_QUANTITY, ON_HAND_COST, LAST_RECEIVED_DATE, DAYS_SINCE_RECEIVED
  ) VALUES (
    s.PRODUCT_ID, s.LOCATION_ID, s.DATE_DAY, s.PRODUCT_TYPE, s.QUANTITY_RECEIVED, s.QUANTITY_RETURNED, s.QUANTITY_SOLD, s.QUANTITY_ADJUSTED,
    s.ON_HAND_QUANTITY, s.ON_HAND_COST, s.LAST_RECEIVED_DATE, s.DAYS_SINCE_RECEIVED
  );

  DELETE FROM STAGING.INVENTORY_CHANGES;

  COMMIT;
END
$$
