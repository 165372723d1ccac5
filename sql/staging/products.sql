-- Staging task body for products: consumes RAW.PRODUCTS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__PRODUCTS (the newest version of its business key wins).
-- depends on: RAW.PRODUCTS_STREAM, STAGING.QUARANTINE, STAGING.INVENTORY_CHANGES
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
        WHEN NULLIF(TRIM(r.PRODUCT_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN (NULLIF(TRIM(r.UNIT_COST), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.UNIT_COST), 12, 2) IS NULL)
          OR (NULLIF(TRIM(r.RETAIL_PRICE), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.RETAIL_PRICE), 12, 2) IS NULL)
          THEN 'non_numeric_amount'
        WHEN NULLIF(TRIM(r.PRODUCT_TYPE), '') IS NULL
          OR NULLIF(TRIM(r.SKU), '') IS NULL
          OR NULLIF(TRIM(r.MANUFACTURER), '') IS NULL
          OR NULLIF(TRIM(r.BRAND), '') IS NULL
          OR NULLIF(TRIM(r.DESCRIPTION), '') IS NULL
          OR NULLIF(TRIM(r.UNIT_COST), '') IS NULL
          OR NULLIF(TRIM(r.RETAIL_PRICE), '') IS NULL
          OR NULLIF(TRIM(r.REORDER_POINT), '') IS NULL
          OR NULLIF(TRIM(r.ACTIVE), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.PRODUCT_TYPE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.PRODUCT_TYPE), '')) NOT IN ('frame', 'lens', 'contact_lens', 'accessory'))
          THEN 'invalid_code'
        WHEN (NULLIF(TRIM(r.REORDER_POINT), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.REORDER_POINT), 9, 0) IS NULL)
          OR (NULLIF(TRIM(r.ACTIVE), '') IS NOT NULL AND TRY_TO_BOOLEAN(TRIM(r.ACTIVE)) IS NULL)
          THEN 'invalid_value'
      END AS QUARANTINE_REASON
    FROM RAW.PRODUCTS_STREAM r
  )
  SELECT
    'products', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'product_id', r.PRODUCT_ID, 'product_type', r.PRODUCT_TYPE, 'sku', r.SKU, 'upc', r.UPC,
      'manufacturer', r.MANUFACTURER, 'brand', r.BRAND, 'collection', r.COLLECTION, 'model', r.MODEL,
      'color', r.COLOR, 'size', r.SIZE, 'description', r.DESCRIPTION, 'hcpcs_code', r.HCPCS_CODE,
      'unit_cost', r.UNIT_COST, 'retail_price', r.RETAIL_PRICE, 'reorder_point', r.REORDER_POINT, 'active', r.ACTIVE,
      'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__PRODUCTS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.PRODUCTS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'products' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(PRODUCT_ID), '')                                      AS PRODUCT_ID,
        LOWER(NULLIF(TRIM(PRODUCT_TYPE), ''))                             AS PRODUCT_TYPE,
        NULLIF(TRIM(SKU), '')                                             AS SKU,
        NULLIF(TRIM(UPC), '')                                             AS UPC,
        NULLIF(TRIM(MANUFACTURER), '')                                    AS MANUFACTURER,
        NULLIF(TRIM(BRAND), '')                                           AS BRAND,
        NULLIF(TRIM(COLLECTION), '')                                      AS COLLECTION,
        NULLIF(TRIM(MODEL), '')                                           AS MODEL,
        NULLIF(TRIM(COLOR), '')                                           AS COLOR,
        NULLIF(TRIM(SIZE), '')                                            AS SIZE,
        NULLIF(TRIM(DESCRIPTION), '')                                     AS DESCRIPTION,
        NULLIF(TRIM(HCPCS_CODE), '')                                      AS HCPCS_CODE,
        TRY_TO_NUMBER(TRIM(UNIT_COST), 12, 2)                             AS UNIT_COST,
        TRY_TO_NUMBER(TRIM(RETAIL_PRICE), 12, 2)                          AS RETAIL_PRICE,
        TRY_TO_NUMBER(TRIM(REORDER_POINT), 9, 0)                                AS REORDER_POINT,
        TRY_TO_BOOLEAN(TRIM(ACTIVE))                                      AS ACTIVE,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY PRODUCT_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.PRODUCT_ID = s.PRODUCT_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    PRODUCT_TYPE = s.PRODUCT_TYPE, SKU = s.SKU, UPC = s.UPC, MANUFACTURER = s.MANUFACTURER,
    BRAND = s.BRAND, COLLECTION = s.COLLECTION, MODEL = s.MODEL, COLOR = s.COLOR,
    SIZE = s.SIZE, DESCRIPTION = s.DESCRIPTION, HCPCS_CODE = s.HCPCS_CODE, UNIT_COST = s.UNIT_COST,
    RETAIL_PRICE = s.RETAIL_PRICE, REORDER_POINT = s.REORDER_POINT, ACTIVE = s.ACTIVE, UPDATED_AT = s.UPDATED_AT,
    _SOURCE_FILE = s._SOURCE_FILE, _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    PRODUCT_ID, PRODUCT_TYPE, SKU, UPC, MANUFACTURER, BRAND,
    COLLECTION, MODEL, COLOR, SIZE, DESCRIPTION, HCPCS_CODE,
    UNIT_COST, RETAIL_PRICE, REORDER_POINT, ACTIVE, UPDATED_AT, _SOURCE_FILE,
    _SOURCE_ROW, _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.PRODUCT_ID, s.PRODUCT_TYPE, s.SKU, s.UPC, s.MANUFACTURER, s.BRAND,
    s.COLLECTION, s.MODEL, s.COLOR, s.SIZE, s.DESCRIPTION, s.HCPCS_CODE,
    s.UNIT_COST, s.RETAIL_PRICE, s.REORDER_POINT, s.ACTIVE, s.UPDATED_AT, s._SOURCE_FILE,
    s._SOURCE_ROW, s._LOADED_AT, CURRENT_TIMESTAMP()
  );


  -- Every stock line of a product in this batch, for MART_FCT_INVENTORY_DAILY (its type and unit
  -- cost are on each row of its lines).
  INSERT INTO STAGING.INVENTORY_CHANGES (PRODUCT_ID, LOCATION_ID, FROM_DAY)
  SELECT DISTINCT TRIM(r.PRODUCT_ID), NULL, NULL
  FROM RAW.PRODUCTS_STREAM r
  WHERE NULLIF(TRIM(r.PRODUCT_ID), '') IS NOT NULL;

  COMMIT;
END
$$
