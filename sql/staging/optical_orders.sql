-- Staging task body for optical_orders: consumes RAW.OPTICAL_ORDERS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__OPTICAL_ORDERS (the newest version of its business key wins).
-- depends on: RAW.OPTICAL_ORDERS_STREAM, STAGING.QUARANTINE, STAGING.STG_PMS__LOCATIONS, STAGING.STG_PMS__EXAMS, STAGING.STG_PMS__PRESCRIPTIONS, STAGING.KPI_CHANGES, STAGING.FACT_CHANGES
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
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.ORDER_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.ORDER_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.DUE_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.DUE_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.DISPENSED_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.DISPENSED_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN (NULLIF(TRIM(r.TOTAL_AMOUNT), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.TOTAL_AMOUNT), 12, 2) IS NULL)
          OR (NULLIF(TRIM(r.INSURANCE_PORTION), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.INSURANCE_PORTION), 12, 2) IS NULL)
          OR (NULLIF(TRIM(r.PATIENT_PORTION), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.PATIENT_PORTION), 12, 2) IS NULL)
          THEN 'non_numeric_amount'
        WHEN NULLIF(TRIM(r.LOCATION_ID), '') IS NOT NULL AND known_location.LOCATION_ID IS NULL
          THEN 'unknown_location'
        WHEN NULLIF(TRIM(r.PATIENT_ID), '') IS NULL
          OR NULLIF(TRIM(r.LOCATION_ID), '') IS NULL
          OR NULLIF(TRIM(r.OPTICIAN_ID), '') IS NULL
          OR NULLIF(TRIM(r.ORDER_TYPE), '') IS NULL
          OR NULLIF(TRIM(r.ORDER_DATE), '') IS NULL
          OR NULLIF(TRIM(r.DUE_DATE), '') IS NULL
          OR NULLIF(TRIM(r.STATUS), '') IS NULL
          OR NULLIF(TRIM(r.TOTAL_AMOUNT), '') IS NULL
          OR NULLIF(TRIM(r.INSURANCE_PORTION), '') IS NULL
          OR NULLIF(TRIM(r.PATIENT_PORTION), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.ORDER_TYPE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.ORDER_TYPE), '')) NOT IN ('eyewear', 'contact_lens'))
          OR (NULLIF(TRIM(r.LENS_STYLE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.LENS_STYLE), '')) NOT IN ('single_vision', 'bifocal', 'progressive'))
          OR (NULLIF(TRIM(r.LENS_MATERIAL), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.LENS_MATERIAL), '')) NOT IN ('cr39', 'polycarbonate', 'trivex', 'high_index'))
          OR (NULLIF(TRIM(r.REMAKE_CODE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.REMAKE_CODE), '')) NOT IN ('wrong_rx', 'lab_error', 'adaptation', 'frame_damage', 'measurement'))
          OR (NULLIF(TRIM(r.STATUS), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.STATUS), '')) NOT IN ('ordered', 'in_lab', 'ready', 'dispensed', 'cancelled'))
          THEN 'invalid_code'
        WHEN (NULLIF(TRIM(r.CL_SUPPLY_MONTHS), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.CL_SUPPLY_MONTHS), 9, 0) IS NULL)
          THEN 'invalid_value'
      END AS QUARANTINE_REASON
    FROM RAW.OPTICAL_ORDERS_STREAM r
    LEFT JOIN STAGING.STG_PMS__LOCATIONS known_location
      ON known_location.LOCATION_ID = TRIM(r.LOCATION_ID)
  )
  SELECT
    'optical_orders', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'order_id', r.ORDER_ID, 'patient_id', r.PATIENT_ID, 'location_id', r.LOCATION_ID, 'rx_id', r.RX_ID,
      'optician_id', r.OPTICIAN_ID, 'order_type', r.ORDER_TYPE, 'order_date', r.ORDER_DATE, 'due_date', r.DUE_DATE,
      'dispensed_date', r.DISPENSED_DATE, 'frame_upc', r.FRAME_UPC, 'frame_brand', r.FRAME_BRAND, 'frame_model', r.FRAME_MODEL,
      'frame_color', r.FRAME_COLOR, 'frame_size', r.FRAME_SIZE, 'lens_style', r.LENS_STYLE, 'lens_material', r.LENS_MATERIAL,
      'lens_treatments', r.LENS_TREATMENTS, 'cl_supply_months', r.CL_SUPPLY_MONTHS, 'lab_name', r.LAB_NAME, 'remake_code', r.REMAKE_CODE,
      'status', r.STATUS, 'total_amount', r.TOTAL_AMOUNT, 'insurance_portion', r.INSURANCE_PORTION, 'patient_portion', r.PATIENT_PORTION,
      'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: where an order
  -- (its order day, and the day of the exam whose capture it counts for) was as staged before the
  -- MERGE, and again after it (where it is now).
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT LOCATION_ID, MIN(DATE_DAY)
  FROM (
    SELECT o.LOCATION_ID, o.ORDER_DATE AS DATE_DAY
    FROM STAGING.STG_PMS__OPTICAL_ORDERS o
    WHERE o.ORDER_ID IN (SELECT TRIM(r.ORDER_ID) FROM RAW.OPTICAL_ORDERS_STREAM r)
    UNION ALL
    SELECT e.LOCATION_ID, e.EXAM_DATE
    FROM STAGING.STG_PMS__EXAMS e
    JOIN STAGING.STG_PMS__PRESCRIPTIONS rx ON rx.EXAM_ID = e.EXAM_ID
    JOIN STAGING.STG_PMS__OPTICAL_ORDERS o ON o.RX_ID = rx.RX_ID
    WHERE o.ORDER_ID IN (SELECT TRIM(r.ORDER_ID) FROM RAW.OPTICAL_ORDERS_STREAM r)
  ) d
  GROUP BY LOCATION_ID;

  -- The fact rows this batch can change (STAGING.FACT_CHANGES), as staged before the MERGE and again
  -- after it: its orders, every order on the same prescription (which one is the second pair can
  -- change), and the exam of that prescription (its eyewear and contact lens capture flags).
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  WITH batch AS (
    SELECT o.ORDER_ID, o.RX_ID FROM STAGING.STG_PMS__OPTICAL_ORDERS o
    WHERE o.ORDER_ID IN (SELECT TRIM(r.ORDER_ID) FROM RAW.OPTICAL_ORDERS_STREAM r)
  )
  SELECT 'FCT_OPTICAL_ORDERS', ORDER_ID FROM batch
  UNION ALL
  SELECT 'FCT_OPTICAL_ORDERS', o.ORDER_ID FROM STAGING.STG_PMS__OPTICAL_ORDERS o
  WHERE o.RX_ID IN (SELECT RX_ID FROM batch)
  UNION ALL
  SELECT 'FCT_EXAMS', rx.EXAM_ID FROM STAGING.STG_PMS__PRESCRIPTIONS rx
  WHERE rx.RX_ID IN (SELECT RX_ID FROM batch);

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__OPTICAL_ORDERS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.OPTICAL_ORDERS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'optical_orders' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(ORDER_ID), '')                                        AS ORDER_ID,
        NULLIF(TRIM(PATIENT_ID), '')                                      AS PATIENT_ID,
        NULLIF(TRIM(LOCATION_ID), '')                                     AS LOCATION_ID,
        NULLIF(TRIM(RX_ID), '')                                           AS RX_ID,
        NULLIF(TRIM(OPTICIAN_ID), '')                                     AS OPTICIAN_ID,
        LOWER(NULLIF(TRIM(ORDER_TYPE), ''))                               AS ORDER_TYPE,
        TRY_TO_DATE(TRIM(ORDER_DATE), 'YYYY-MM-DD')                       AS ORDER_DATE,
        TRY_TO_DATE(TRIM(DUE_DATE), 'YYYY-MM-DD')                         AS DUE_DATE,
        TRY_TO_DATE(TRIM(DISPENSED_DATE), 'YYYY-MM-DD')                   AS DISPENSED_DATE,
        NULLIF(TRIM(FRAME_UPC), '')                                       AS FRAME_UPC,
        NULLIF(TRIM(FRAME_BRAND), '')                                     AS FRAME_BRAND,
        NULLIF(TRIM(FRAME_MODEL), '')                                     AS FRAME_MODEL,
        NULLIF(TRIM(FRAME_COLOR), '')                                     AS FRAME_COLOR,
        NULLIF(TRIM(FRAME_SIZE), '')                                      AS FRAME_SIZE,
        LOWER(NULLIF(TRIM(LENS_STYLE), ''))                               AS LENS_STYLE,
        LOWER(NULLIF(TRIM(LENS_MATERIAL), ''))                            AS LENS_MATERIAL,
        NULLIF(TRIM(LENS_TREATMENTS), '')                                 AS LENS_TREATMENTS,
        TRY_TO_NUMBER(TRIM(CL_SUPPLY_MONTHS), 9, 0)                             AS CL_SUPPLY_MONTHS,
        NULLIF(TRIM(LAB_NAME), '')                                        AS LAB_NAME,
        LOWER(NULLIF(TRIM(REMAKE_CODE), ''))                              AS REMAKE_CODE,
        LOWER(NULLIF(TRIM(STATUS), ''))                                   AS STATUS,
        TRY_TO_NUMBER(TRIM(TOTAL_AMOUNT), 12, 2)                          AS TOTAL_AMOUNT,
        TRY_TO_NUMBER(TRIM(INSURANCE_PORTION), 12, 2)                     AS INSURANCE_PORTION,
        TRY_TO_NUMBER(TRIM(PATIENT_PORTION), 12, 2)                       AS PATIENT_PORTION,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY ORDER_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.ORDER_ID = s.ORDER_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    PATIENT_ID = s.PATIENT_ID, LOCATION_ID = s.LOCATION_ID, RX_ID = s.RX_ID, OPTICIAN_ID = s.OPTICIAN_ID,
    ORDER_TYPE = s.ORDER_TYPE, ORDER_DATE = s.ORDER_DATE, DUE_DATE = s.DUE_DATE, DISPENSED_DATE = s.DISPENSED_DATE,
    FRAME_UPC = s.FRAME_UPC, FRAME_BRAND = s.FRAME_BRAND, FRAME_MODEL = s.FRAME_MODEL, FRAME_COLOR = s.FRAME_COLOR,
    FRAME_SIZE = s.FRAME_SIZE, LENS_STYLE = s.LENS_STYLE, LENS_MATERIAL = s.LENS_MATERIAL, LENS_TREATMENTS = s.LENS_TREATMENTS,
    CL_SUPPLY_MONTHS = s.CL_SUPPLY_MONTHS, LAB_NAME = s.LAB_NAME, REMAKE_CODE = s.REMAKE_CODE, STATUS = s.STATUS,
    TOTAL_AMOUNT = s.TOTAL_AMOUNT, INSURANCE_PORTION = s.INSURANCE_PORTION, PATIENT_PORTION = s.PATIENT_PORTION, UPDATED_AT = s.UPDATED_AT,
    _SOURCE_FILE = s._SOURCE_FILE, _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    ORDER_ID, PATIENT_ID, LOCATION_ID, RX_ID, OPTICIAN_ID, ORDER_TYPE,
    ORDER_DATE, DUE_DATE, DISPENSED_DATE, FRAME_UPC, FRAME_BRAND, FRAME_MODEL,
    FRAME_COLOR, FRAME_SIZE, LENS_STYLE, LENS_MATERIAL, LENS_TREATMENTS, CL_SUPPLY_MONTHS,
    LAB_NAME, REMAKE_CODE, STATUS, TOTAL_AMOUNT, INSURANCE_PORTION, PATIENT_PORTION,
    UPDATED_AT, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.ORDER_ID, s.PATIENT_ID, s.LOCATION_ID, s.RX_ID, s.OPTICIAN_ID, s.ORDER_TYPE,
    s.ORDER_DATE, s.DUE_DATE, s.DISPENSED_DATE, s.FRAME_UPC, s.FRAME_BRAND, s.FRAME_MODEL,
    s.FRAME_COLOR, s.FRAME_SIZE, s.LENS_STYLE, s.LENS_MATERIAL, s.LENS_TREATMENTS, s.CL_SUPPLY_MONTHS,
    s.LAB_NAME, s.REMAKE_CODE, s.STATUS, s.TOTAL_AMOUNT, s.INSURANCE_PORTION, s.PATIENT_PORTION,
    s.UPDATED_AT, s._SOURCE_FILE, s._SOURCE_ROW, s._LOADED_AT, CURRENT_TIMESTAMP()
  );

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: after the MERGE.
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT LOCATION_ID, MIN(DATE_DAY)
  FROM (
    SELECT o.LOCATION_ID, o.ORDER_DATE AS DATE_DAY
    FROM STAGING.STG_PMS__OPTICAL_ORDERS o
    WHERE o.ORDER_ID IN (SELECT TRIM(r.ORDER_ID) FROM RAW.OPTICAL_ORDERS_STREAM r)
    UNION ALL
    SELECT e.LOCATION_ID, e.EXAM_DATE
    FROM STAGING.STG_PMS__EXAMS e
    JOIN STAGING.STG_PMS__PRESCRIPTIONS rx ON rx.EXAM_ID = e.EXAM_ID
    JOIN STAGING.STG_PMS__OPTICAL_ORDERS o ON o.RX_ID = rx.RX_ID
    WHERE o.ORDER_ID IN (SELECT TRIM(r.ORDER_ID) FROM RAW.OPTICAL_ORDERS_STREAM r)
  ) d
  GROUP BY LOCATION_ID;

  -- The fact rows this batch can change, after the MERGE (see above).
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  WITH batch AS (
    SELECT o.ORDER_ID, o.RX_ID FROM STAGING.STG_PMS__OPTICAL_ORDERS o
    WHERE o.ORDER_ID IN (SELECT TRIM(r.ORDER_ID) FROM RAW.OPTICAL_ORDERS_STREAM r)
  )
  SELECT 'FCT_OPTICAL_ORDERS', ORDER_ID FROM batch
  UNION ALL
  SELECT 'FCT_OPTICAL_ORDERS', o.ORDER_ID FROM STAGING.STG_PMS__OPTICAL_ORDERS o
  WHERE o.RX_ID IN (SELECT RX_ID FROM batch)
  UNION ALL
  SELECT 'FCT_EXAMS', rx.EXAM_ID FROM STAGING.STG_PMS__PRESCRIPTIONS rx
  WHERE rx.RX_ID IN (SELECT RX_ID FROM batch);

  COMMIT;
END
$$
