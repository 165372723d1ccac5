-- Staging task body for optical_order_lines: consumes RAW.OPTICAL_ORDER_LINES_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__OPTICAL_ORDER_LINES (the newest version of its business key wins).
-- depends on: RAW.OPTICAL_ORDER_LINES_STREAM, STAGING.QUARANTINE, STAGING.FACT_CHANGES
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
        WHEN NULLIF(TRIM(r.ORDER_ID), '') IS NULL
          OR TRY_TO_NUMBER(TRIM(r.LINE_NUMBER), 9, 0) IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN (NULLIF(TRIM(r.UNIT_PRICE), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.UNIT_PRICE), 12, 2) IS NULL)
          OR (NULLIF(TRIM(r.DISCOUNT_AMOUNT), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.DISCOUNT_AMOUNT), 12, 2) IS NULL)
          THEN 'non_numeric_amount'
        WHEN TRY_TO_NUMBER(TRIM(r.QUANTITY), 9, 0) < 0
          THEN 'negative_quantity'
        WHEN NULLIF(TRIM(r.PRODUCT_ID), '') IS NULL
          OR NULLIF(TRIM(r.HCPCS_CODE), '') IS NULL
          OR NULLIF(TRIM(r.DESCRIPTION), '') IS NULL
          OR NULLIF(TRIM(r.QUANTITY), '') IS NULL
          OR NULLIF(TRIM(r.UNIT_PRICE), '') IS NULL
          OR NULLIF(TRIM(r.DISCOUNT_AMOUNT), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.QUANTITY), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.QUANTITY), 9, 0) IS NULL)
          THEN 'invalid_value'
      END AS QUARANTINE_REASON
    FROM RAW.OPTICAL_ORDER_LINES_STREAM r
  )
  SELECT
    'optical_order_lines', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'order_id', r.ORDER_ID, 'line_number', r.LINE_NUMBER, 'product_id', r.PRODUCT_ID, 'hcpcs_code', r.HCPCS_CODE,
      'description', r.DESCRIPTION, 'quantity', r.QUANTITY, 'unit_price', r.UNIT_PRICE, 'discount_amount', r.DISCOUNT_AMOUNT,
      'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__OPTICAL_ORDER_LINES t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.OPTICAL_ORDER_LINES_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'optical_order_lines' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(ORDER_ID), '')                                        AS ORDER_ID,
        TRY_TO_NUMBER(TRIM(LINE_NUMBER), 9, 0)                                  AS LINE_NUMBER,
        NULLIF(TRIM(PRODUCT_ID), '')                                      AS PRODUCT_ID,
        NULLIF(TRIM(HCPCS_CODE), '')                                      AS HCPCS_CODE,
        NULLIF(TRIM(DESCRIPTION), '')                                     AS DESCRIPTION,
        TRY_TO_NUMBER(TRIM(QUANTITY), 9, 0)                                     AS QUANTITY,
        TRY_TO_NUMBER(TRIM(UNIT_PRICE), 12, 2)                            AS UNIT_PRICE,
        TRY_TO_NUMBER(TRIM(DISCOUNT_AMOUNT), 12, 2)                       AS DISCOUNT_AMOUNT,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY ORDER_ID, LINE_NUMBER ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.ORDER_ID = s.ORDER_ID AND t.LINE_NUMBER = s.LINE_NUMBER
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    PRODUCT_ID = s.PRODUCT_ID, HCPCS_CODE = s.HCPCS_CODE, DESCRIPTION = s.DESCRIPTION, QUANTITY = s.QUANTITY,
    UNIT_PRICE = s.UNIT_PRICE, DISCOUNT_AMOUNT = s.DISCOUNT_AMOUNT, UPDATED_AT = s.UPDATED_AT, _SOURCE_FILE = s._SOURCE_FILE,
    _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    ORDER_ID, LINE_NUMBER, PRODUCT_ID, HCPCS_CODE, DESCRIPTION, QUANTITY,
    UNIT_PRICE, DISCOUNT_AMOUNT, UPDATED_AT, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT,
    _STAGED_AT
  ) VALUES (
    s.ORDER_ID, s.LINE_NUMBER, s.PRODUCT_ID, s.HCPCS_CODE, s.DESCRIPTION, s.QUANTITY,
    s.UNIT_PRICE, s.DISCOUNT_AMOUNT, s.UPDATED_AT, s._SOURCE_FILE, s._SOURCE_ROW, s._LOADED_AT,
    CURRENT_TIMESTAMP()
  );

  -- The fact rows this batch can change (STAGING.FACT_CHANGES): the orders of its lines (a line keeps
  -- its order, which is part of its key).
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT DISTINCT 'FCT_OPTICAL_ORDERS', TRIM(r.ORDER_ID) FROM RAW.OPTICAL_ORDER_LINES_STREAM r;

  COMMIT;
END
$$
