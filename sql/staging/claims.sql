-- Staging task body for claims: consumes RAW.CLAIMS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__CLAIMS (the newest version of its business key wins).
-- depends on: RAW.CLAIMS_STREAM, STAGING.QUARANTINE, STAGING.STG_PMS__LOCATIONS, STAGING.KPI_CHANGES, STAGING.STG_PMS__PAYMENTS, STAGING.FACT_CHANGES
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
        WHEN NULLIF(TRIM(r.CLAIM_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.SERVICE_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.SERVICE_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.SUBMITTED_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.SUBMITTED_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.ADJUDICATED_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.ADJUDICATED_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN (NULLIF(TRIM(r.BILLED_AMOUNT), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.BILLED_AMOUNT), 12, 2) IS NULL)
          OR (NULLIF(TRIM(r.PAID_AMOUNT), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.PAID_AMOUNT), 12, 2) IS NULL)
          OR (NULLIF(TRIM(r.ADJUSTED_AMOUNT), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.ADJUSTED_AMOUNT), 12, 2) IS NULL)
          OR (NULLIF(TRIM(r.PATIENT_RESPONSIBILITY), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.PATIENT_RESPONSIBILITY), 12, 2) IS NULL)
          THEN 'non_numeric_amount'
        WHEN NULLIF(TRIM(r.LOCATION_ID), '') IS NOT NULL AND known_location.LOCATION_ID IS NULL
          THEN 'unknown_location'
        WHEN NULLIF(TRIM(r.PATIENT_ID), '') IS NULL
          OR NULLIF(TRIM(r.LOCATION_ID), '') IS NULL
          OR NULLIF(TRIM(r.PROVIDER_ID), '') IS NULL
          OR NULLIF(TRIM(r.PAYER_CLASS), '') IS NULL
          OR NULLIF(TRIM(r.PAYER_NAME), '') IS NULL
          OR NULLIF(TRIM(r.SERVICE_DATE), '') IS NULL
          OR NULLIF(TRIM(r.SUBMITTED_DATE), '') IS NULL
          OR NULLIF(TRIM(r.STATUS), '') IS NULL
          OR NULLIF(TRIM(r.CPT_CODES), '') IS NULL
          OR NULLIF(TRIM(r.BILLED_AMOUNT), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.PAYER_CLASS), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.PAYER_CLASS), '')) NOT IN ('private_pay', 'medicare', 'medicaid', 'vsp', 'other_vision', 'commercial_medical', 'other'))
          OR (NULLIF(TRIM(r.STATUS), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.STATUS), '')) NOT IN ('submitted', 'accepted', 'denied', 'paid'))
          OR (NULLIF(TRIM(r.DENIAL_REASON), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.DENIAL_REASON), '')) NOT IN ('eligibility', 'missing_information', 'non_covered_service', 'frequency_limit', 'authorization_required', 'coding_error', 'duplicate_claim'))
          THEN 'invalid_code'
      END AS QUARANTINE_REASON
    FROM RAW.CLAIMS_STREAM r
    LEFT JOIN STAGING.STG_PMS__LOCATIONS known_location
      ON known_location.LOCATION_ID = TRIM(r.LOCATION_ID)
  )
  SELECT
    'claims', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'claim_id', r.CLAIM_ID, 'patient_id', r.PATIENT_ID, 'location_id', r.LOCATION_ID, 'provider_id', r.PROVIDER_ID,
      'exam_id', r.EXAM_ID, 'order_id', r.ORDER_ID, 'payer_class', r.PAYER_CLASS, 'payer_name', r.PAYER_NAME,
      'service_date', r.SERVICE_DATE, 'submitted_date', r.SUBMITTED_DATE, 'status', r.STATUS, 'adjudicated_date', r.ADJUDICATED_DATE,
      'denial_reason', r.DENIAL_REASON, 'cpt_codes', r.CPT_CODES, 'icd10_codes', r.ICD10_CODES, 'billed_amount', r.BILLED_AMOUNT,
      'paid_amount', r.PAID_AMOUNT, 'adjusted_amount', r.ADJUSTED_AMOUNT, 'patient_responsibility', r.PATIENT_RESPONSIBILITY, 'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: where a claim
  -- (charges by service date, denials by submission date, write-offs by adjudication date) was as
  -- staged before the MERGE, and again after it (where it is now).
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT c.LOCATION_ID, MIN(LEAST(c.SERVICE_DATE, COALESCE(c.SUBMITTED_DATE, c.SERVICE_DATE), COALESCE(c.ADJUDICATED_DATE, c.SERVICE_DATE)))
  FROM STAGING.STG_PMS__CLAIMS c
  WHERE c.CLAIM_ID IN (SELECT TRIM(r.CLAIM_ID) FROM RAW.CLAIMS_STREAM r)
  GROUP BY c.LOCATION_ID;

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__CLAIMS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.CLAIMS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'claims' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(CLAIM_ID), '')                                        AS CLAIM_ID,
        NULLIF(TRIM(PATIENT_ID), '')                                      AS PATIENT_ID,
        NULLIF(TRIM(LOCATION_ID), '')                                     AS LOCATION_ID,
        NULLIF(TRIM(PROVIDER_ID), '')                                     AS PROVIDER_ID,
        NULLIF(TRIM(EXAM_ID), '')                                         AS EXAM_ID,
        NULLIF(TRIM(ORDER_ID), '')                                        AS ORDER_ID,
        LOWER(NULLIF(TRIM(PAYER_CLASS), ''))                              AS PAYER_CLASS,
        NULLIF(TRIM(PAYER_NAME), '')                                      AS PAYER_NAME,
        TRY_TO_DATE(TRIM(SERVICE_DATE), 'YYYY-MM-DD')                     AS SERVICE_DATE,
        TRY_TO_DATE(TRIM(SUBMITTED_DATE), 'YYYY-MM-DD')                   AS SUBMITTED_DATE,
        LOWER(NULLIF(TRIM(STATUS), ''))                                   AS STATUS,
        TRY_TO_DATE(TRIM(ADJUDICATED_DATE), 'YYYY-MM-DD')                 AS ADJUDICATED_DATE,
        LOWER(NULLIF(TRIM(DENIAL_REASON), ''))                            AS DENIAL_REASON,
        NULLIF(TRIM(CPT_CODES), '')                                       AS CPT_CODES,
        NULLIF(TRIM(ICD10_CODES), '')                                     AS ICD10_CODES,
        TRY_TO_NUMBER(TRIM(BILLED_AMOUNT), 12, 2)                         AS BILLED_AMOUNT,
        TRY_TO_NUMBER(TRIM(PAID_AMOUNT), 12, 2)                           AS PAID_AMOUNT,
        TRY_TO_NUMBER(TRIM(ADJUSTED_AMOUNT), 12, 2)                       AS ADJUSTED_AMOUNT,
        TRY_TO_NUMBER(TRIM(PATIENT_RESPONSIBILITY), 12, 2)                AS PATIENT_RESPONSIBILITY,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY CLAIM_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.CLAIM_ID = s.CLAIM_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    PATIENT_ID = s.PATIENT_ID, LOCATION_ID = s.LOCATION_ID, PROVIDER_ID = s.PROVIDER_ID, EXAM_ID = s.EXAM_ID,
    ORDER_ID = s.ORDER_ID, PAYER_CLASS = s.PAYER_CLASS, PAYER_NAME = s.PAYER_NAME, SERVICE_DATE = s.SERVICE_DATE,
    SUBMITTED_DATE = s.SUBMITTED_DATE, STATUS = s.STATUS, ADJUDICATED_DATE = s.ADJUDICATED_DATE, DENIAL_REASON = s.DENIAL_REASON,
    CPT_CODES = s.CPT_CODES, ICD10_CODES = s.ICD10_CODES, BILLED_AMOUNT = s.BILLED_AMOUNT, PAID_AMOUNT = s.PAID_AMOUNT,
    ADJUSTED_AMOUNT = s.ADJUSTED_AMOUNT, PATIENT_RESPONSIBILITY = s.PATIENT_RESPONSIBILITY, UPDATED_AT = s.UPDATED_AT, _SOURCE_FILE = s._SOURCE_FILE,
    _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    CLAIM_ID, PATIENT_ID, LOCATION_ID, PROVIDER_ID, EXAM_ID, ORDER_ID,
    PAYER_CLASS, PAYER_NAME, SERVICE_DATE, SUBMITTED_DATE, STATUS, ADJUDICATED_DATE,
    DENIAL_REASON, CPT_CODES, ICD10_CODES, BILLED_AMOUNT, PAID_AMOUNT, ADJUSTED_AMOUNT,
    PATIENT_RESPONSIBILITY, UPDATED_AT, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.CLAIM_ID, s.PATIENT_ID, s.LOCATION_ID, s.PROVIDER_ID, s.EXAM_ID, s.ORDER_ID,
    s.PAYER_CLASS, s.PAYER_NAME, s.SERVICE_DATE, s.SUBMITTED_DATE, s.STATUS, s.ADJUDICATED_DATE,
    s.DENIAL_REASON, s.CPT_CODES, s.ICD10_CODES, s.BILLED_AMOUNT, s.PAID_AMOUNT, s.ADJUSTED_AMOUNT,
    s.PATIENT_RESPONSIBILITY, s.UPDATED_AT, s._SOURCE_FILE, s._SOURCE_ROW, s._LOADED_AT, CURRENT_TIMESTAMP()
  );

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: after the MERGE.
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT c.LOCATION_ID, MIN(LEAST(c.SERVICE_DATE, COALESCE(c.SUBMITTED_DATE, c.SERVICE_DATE), COALESCE(c.ADJUDICATED_DATE, c.SERVICE_DATE)))
  FROM STAGING.STG_PMS__CLAIMS c
  WHERE c.CLAIM_ID IN (SELECT TRIM(r.CLAIM_ID) FROM RAW.CLAIMS_STREAM r)
  GROUP BY c.LOCATION_ID;

  -- The fact rows this batch can change: its claims for MART_FCT_CLAIMS, and their payments for
  -- MART_FCT_PAYMENTS (a payment row carries its claim's payer class). A claim keeps its key, so
  -- after the MERGE is enough.
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT 'FCT_CLAIMS', c.CLAIM_ID FROM STAGING.STG_PMS__CLAIMS c
  WHERE c.CLAIM_ID IN (SELECT TRIM(r.CLAIM_ID) FROM RAW.CLAIMS_STREAM r)
  UNION ALL
  SELECT 'FCT_PAYMENTS', p.PAYMENT_ID FROM STAGING.STG_PMS__PAYMENTS p
  WHERE p.CLAIM_ID IN (SELECT TRIM(r.CLAIM_ID) FROM RAW.CLAIMS_STREAM r);

  COMMIT;
END
$$
