-- Staging task body for payments: consumes RAW.PAYMENTS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__PAYMENTS (the newest version of its business key wins).
-- depends on: RAW.PAYMENTS_STREAM, STAGING.QUARANTINE, STAGING.STG_PMS__LOCATIONS, STAGING.KPI_CHANGES, STAGING.FACT_CHANGES
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
        WHEN NULLIF(TRIM(r.PAYMENT_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.RECEIVED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.RECEIVED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN (NULLIF(TRIM(r.AMOUNT), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.AMOUNT), 12, 2) IS NULL)
          THEN 'non_numeric_amount'
        WHEN NULLIF(TRIM(r.LOCATION_ID), '') IS NOT NULL AND known_location.LOCATION_ID IS NULL
          THEN 'unknown_location'
        WHEN NULLIF(TRIM(r.PATIENT_ID), '') IS NULL
          OR NULLIF(TRIM(r.LOCATION_ID), '') IS NULL
          OR NULLIF(TRIM(r.CLAIM_ID), '') IS NULL
          OR NULLIF(TRIM(r.RECEIVED_AT), '') IS NULL
          OR NULLIF(TRIM(r.PAYER_TYPE), '') IS NULL
          OR NULLIF(TRIM(r.METHOD), '') IS NULL
          OR NULLIF(TRIM(r.AMOUNT), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.PAYER_TYPE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.PAYER_TYPE), '')) NOT IN ('patient', 'insurance'))
          OR (NULLIF(TRIM(r.METHOD), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.METHOD), '')) NOT IN ('cash', 'check', 'credit_card', 'debit_card', 'hsa_fsa', 'financing', 'eft'))
          THEN 'invalid_code'
      END AS QUARANTINE_REASON
    FROM RAW.PAYMENTS_STREAM r
    LEFT JOIN STAGING.STG_PMS__LOCATIONS known_location
      ON known_location.LOCATION_ID = TRIM(r.LOCATION_ID)
  )
  SELECT
    'payments', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'payment_id', r.PAYMENT_ID, 'patient_id', r.PATIENT_ID, 'location_id', r.LOCATION_ID, 'claim_id', r.CLAIM_ID,
      'order_id', r.ORDER_ID, 'received_at', r.RECEIVED_AT, 'payer_type', r.PAYER_TYPE, 'method', r.METHOD,
      'amount', r.AMOUNT, 'reference', r.REFERENCE, 'posted_by', r.POSTED_BY, 'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: where a payment
  -- was as staged before the MERGE, and again after it (where it is now).
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT p.LOCATION_ID, MIN(CAST(p.RECEIVED_AT AS DATE))
  FROM STAGING.STG_PMS__PAYMENTS p
  WHERE p.PAYMENT_ID IN (SELECT TRIM(r.PAYMENT_ID) FROM RAW.PAYMENTS_STREAM r)
  GROUP BY p.LOCATION_ID;

  -- The fact rows this batch can change, for MART_FCT_PAYMENTS and MART_FCT_CLAIMS (payments
  -- received): the claim a corrected payment was applied to before the MERGE, and again after it.
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT 'FCT_CLAIMS', p.CLAIM_ID FROM STAGING.STG_PMS__PAYMENTS p
  WHERE p.PAYMENT_ID IN (SELECT TRIM(r.PAYMENT_ID) FROM RAW.PAYMENTS_STREAM r)
  UNION ALL
  SELECT 'FCT_PAYMENTS', p.PAYMENT_ID FROM STAGING.STG_PMS__PAYMENTS p
  WHERE p.PAYMENT_ID IN (SELECT TRIM(r.PAYMENT_ID) FROM RAW.PAYMENTS_STREAM r);

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__PAYMENTS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.PAYMENTS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'payments' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(PAYMENT_ID), '')                                       AS PAYMENT_ID,
        NULLIF(TRIM(PATIENT_ID), '')                                       AS PATIENT_ID,
        NULLIF(TRIM(LOCATION_ID), '')                                      AS LOCATION_ID,
        NULLIF(TRIM(CLAIM_ID), '')                                         AS CLAIM_ID,
        NULLIF(TRIM(ORDER_ID), '')                                         AS ORDER_ID,
        TRY_TO_TIMESTAMP_NTZ(TRIM(RECEIVED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS RECEIVED_AT,
        LOWER(NULLIF(TRIM(PAYER_TYPE), ''))                                AS PAYER_TYPE,
        LOWER(NULLIF(TRIM(METHOD), ''))                                    AS METHOD,
        TRY_TO_NUMBER(TRIM(AMOUNT), 12, 2)                                 AS AMOUNT,
        NULLIF(TRIM(REFERENCE), '')                                        AS REFERENCE,
        NULLIF(TRIM(POSTED_BY), '')                                        AS POSTED_BY,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS')  AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY PAYMENT_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.PAYMENT_ID = s.PAYMENT_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    PATIENT_ID = s.PATIENT_ID, LOCATION_ID = s.LOCATION_ID, CLAIM_ID = s.CLAIM_ID, ORDER_ID = s.ORDER_ID,
    RECEIVED_AT = s.RECEIVED_AT, PAYER_TYPE = s.PAYER_TYPE, METHOD = s.METHOD, AMOUNT = s.AMOUNT,
    REFERENCE = s.REFERENCE, POSTED_BY = s.POSTED_BY, UPDATED_AT = s.UPDATED_AT, _SOURCE_FILE = s._SOURCE_FILE,
    _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    PAYMENT_ID, PATIENT_ID, LOCATION_ID, CLAIM_ID, ORDER_ID, RECEIVED_AT,
    PAYER_TYPE, METHOD, AMOUNT, REFERENCE, POSTED_BY, UPDATED_AT,
    _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.PAYMENT_ID, s.PATIENT_ID, s.LOCATION_ID, s.CLAIM_ID, s.ORDER_ID, s.RECEIVED_AT,
    s.PAYER_TYPE, s.METHOD, s.AMOUNT, s.REFERENCE, s.POSTED_BY, s.UPDATED_AT,
    s._SOURCE_FILE, s._SOURCE_ROW, s._LOADED_AT, CURRENT_TIMESTAMP()
  );

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: after the MERGE.
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT p.LOCATION_ID, MIN(CAST(p.RECEIVED_AT AS DATE))
  FROM STAGING.STG_PMS__PAYMENTS p
  WHERE p.PAYMENT_ID IN (SELECT TRIM(r.PAYMENT_ID) FROM RAW.PAYMENTS_STREAM r)
  GROUP BY p.LOCATION_ID;

  -- The fact rows this batch can change, for MART_FCT_PAYMENTS and MART_FCT_CLAIMS: after the MERGE.
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT 'FCT_CLAIMS', p.CLAIM_ID FROM STAGING.STG_PMS__PAYMENTS p
  WHERE p.PAYMENT_ID IN (SELECT TRIM(r.PAYMENT_ID) FROM RAW.PAYMENTS_STREAM r)
  UNION ALL
  SELECT 'FCT_PAYMENTS', p.PAYMENT_ID FROM STAGING.STG_PMS__PAYMENTS p
  WHERE p.PAYMENT_ID IN (SELECT TRIM(r.PAYMENT_ID) FROM RAW.PAYMENTS_STREAM r);

  COMMIT;
END
$$
