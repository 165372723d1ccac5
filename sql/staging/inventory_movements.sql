-- Staging task body for inventory_movements: consumes RAW.INVENTORY_MOVEMENTS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__INVENTORY_MOVEMENTS (the newest version of its business key wins).
-- depends on: RAW.INVENTORY_MOVEMENTS_STREAM, STAGING.QUARANTINE, STAGING.STG_PMS__LOCATIONS, STAGING.INVENTORY_CHANGES
--
-- Both statements run in one transaction, so they read the same stream rows and the stream offset
-- moves only at COMMIT. The reason CASE is written once, in the quarantine INSERT; the MERGE takes
-- the stream rows that did not just land in quarantine (same file and row), so the two can never
-- disagree about which rows are valid. Reasons are documented in sql/staging/ddl/quarantine.sql.
EXECUTE IMMEDIATE $$
BEGIN
  BEGIN TRANSACTION;

  -- Rows that fail a check, with the first reason that applies (checks run on the raw text).
  INSERT INTO STAGING.QUARANTINE (ENTITY, SOURCE_FILE, SOURCE_ROW, RECORD, REASON, LOADED_AT, QUARANTINED_AT)
  WITH checked AS (
    SELECT
      r.*,
      CASE
        WHEN NULLIF(TRIM(r.MOVEMENT_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.MOVED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.MOVED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN (NULLIF(TRIM(r.UNIT_COST), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.UNIT_COST), 12, 2) IS NULL)
          THEN 'non_numeric_amount'
        WHEN TRY_TO_NUMBER(TRIM(r.QUANTITY), 9, 0) < 0
          THEN 'negative_quantity'
        WHEN NULLIF(TRIM(r.LOCATION_ID), '') IS NOT NULL AND known_location.LOCATION_ID IS NULL
          THEN 'unknown_location'
        WHEN NULLIF(TRIM(r.PRODUCT_ID), '') IS NULL
          OR NULLIF(TRIM(r.LOCATION_ID), '') IS NULL
          OR NULLIF(TRIM(r.MOVEMENT_TYPE), '') IS NULL
          OR NULLIF(TRIM(r.QUANTITY), '') IS NULL
          OR NULLIF(TRIM(r.MOVED_AT), '') IS NULL
          OR NULLIF(TRIM(r.UNIT_COST), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.MOVEMENT_TYPE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.MOVEMENT_TYPE), '')) NOT IN ('received', 'sold', 'adjusted', 'returned'))
          THEN 'invalid_code'
        WHEN (NULLIF(TRIM(r.QUANTITY), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.QUANTITY), 9, 0) IS NULL)
          THEN 'invalid_value'
      END AS QUARANTINE_REASON
    FROM RAW.INVENTORY_MOVEMENTS_STREAM r
    LEFT JOIN STAGING.STG_PMS__LOCATIONS known_location
      ON known_location.LOCATION_ID = TRIM(r.LOCATION_ID)
  )
  SELECT
    'inventory_movements', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'movement_id', r.MOVEMENT_ID, 'product_id', r.PRODUCT_ID, 'location_id', r.LOCATION_ID, 'movement_type', r.MOVEMENT_TYPE,
      'quantity', r.QUANTITY, 'moved_at', r.MOVED_AT, 'order_id', r.ORDER_ID, 'unit_cost', r.UNIT_COST,
      'reason', r.REASON, 'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The stock lines and days this batch can change, for MART_FCT_INVENTORY_DAILY: recorded before
  -- the MERGE (where a corrected movement was) and again after it (where it is now).
  INSERT INTO STAGING.INVENTORY_CHANGES (PRODUCT_ID, LOCATION_ID, FROM_DAY)
  SELECT DISTINCT m.PRODUCT_ID, m.LOCATION_ID, CAST(m.MOVED_AT AS DATE)
  FROM STAGING.STG_PMS__INVENTORY_MOVEMENTS m
  WHERE m.MOVEMENT_ID IN (SELECT TRIM(r.MOVEMENT_ID) FROM RAW.INVENTORY_MOVEMENTS_STREAM r);

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__INVENTORY_MOVEMENTS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.INVENTORY_MOVEMENTS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'inventory_movements' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(MOVEMENT_ID), '')                                     AS MOVEMENT_ID,
        NULLIF(TRIM(PRODUCT_ID), '')                                      AS PRODUCT_ID,
        NULLIF(TRIM(LOCATION_ID), '')                                     AS LOCATION_ID,
        LOWER(NULLIF(TRIM(MOVEMENT_TYPE), ''))                            AS MOVEMENT_TYPE,
        TRY_TO_NUMBER(TRIM(QUANTITY), 9, 0)                                     AS QUANTITY,
        TRY_TO_TIMESTAMP_NTZ(TRIM(MOVED_AT), 'YYYY-MM-DD"T"HH24:MI:SS')   AS MOVED_AT,
        NULLIF(TRIM(ORDER_ID), '')                                        AS ORDER_ID,
        TRY_TO_NUMBER(TRIM(UNIT_COST), 12, 2)                             AS UNIT_COST,
        NULLIF(TRIM(REASON), '')                                          AS REASON,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY MOVEMENT_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.MOVEMENT_ID = s.MOVEMENT_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    PRODUCT_ID = s.PRODUCT_ID, LOCATION_ID = s.LOCATION_ID, MOVEMENT_TYPE = s.MOVEMENT_TYPE, QUANTITY = s.QUANTITY,
    MOVED_AT = s.MOVED_AT, ORDER_ID = s.ORDER_ID, UNIT_COST = s.UNIT_COST, REASON = s.REASON,
    UPDATED_AT = s.UPDATED_AT, _SOURCE_FILE = s._SOURCE_FILE, _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT,
    _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    MOVEMENT_ID, PRODUCT_ID, LOCATION_ID, MOVEMENT_TYPE, QUANTITY, MOVED_AT,
    ORDER_ID, UNIT_COST, REASON, UPDATED_AT, _SOURCE_FILE, _SOURCE_ROW,
    _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.MOVEMENT_ID, s.PRODUCT_ID, s.LOCATION_ID, s.MOVEMENT_TYPE, s.QUANTITY, s.MOVED_AT,
    s.ORDER_ID, s.UNIT_COST, s.REASON, s.UPDATED_AT, s._SOURCE_FILE, s._SOURCE_ROW,
    s._LOADED_AT, CURRENT_TIMESTAMP()
  );

  -- The stock lines and days this batch can change, for MART_FCT_INVENTORY_DAILY: after the MERGE.
  INSERT INTO STAGING.INVENTORY_CHANGES (PRODUCT_ID, LOCATION_ID, FROM_DAY)
  SELECT DISTINCT m.PRODUCT_ID, m.LOCATION_ID, CAST(m.MOVED_AT AS DATE)
  FROM STAGING.STG_PMS__INVENTORY_MOVEMENTS m
  WHERE m.MOVEMENT_ID IN (SELECT TRIM(r.MOVEMENT_ID) FROM RAW.INVENTORY_MOVEMENTS_STREAM r);

  COMMIT;
END
$$
