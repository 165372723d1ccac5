-- Staging task body for exams: consumes RAW.EXAMS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__EXAMS (the newest version of its business key wins).
-- depends on: RAW.EXAMS_STREAM, STAGING.QUARANTINE, STAGING.STG_PMS__LOCATIONS, STAGING.KPI_CHANGES, STAGING.FACT_CHANGES
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
        WHEN NULLIF(TRIM(r.EXAM_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.EXAM_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.EXAM_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN NULLIF(TRIM(r.LOCATION_ID), '') IS NOT NULL AND known_location.LOCATION_ID IS NULL
          THEN 'unknown_location'
        WHEN NULLIF(TRIM(r.APPOINTMENT_ID), '') IS NULL
          OR NULLIF(TRIM(r.PATIENT_ID), '') IS NULL
          OR NULLIF(TRIM(r.PROVIDER_ID), '') IS NULL
          OR NULLIF(TRIM(r.LOCATION_ID), '') IS NULL
          OR NULLIF(TRIM(r.EXAM_DATE), '') IS NULL
          OR NULLIF(TRIM(r.EXAM_TYPE), '') IS NULL
          OR NULLIF(TRIM(r.CPT_CODE), '') IS NULL
          OR NULLIF(TRIM(r.ICD10_CODES), '') IS NULL
          OR NULLIF(TRIM(r.DILATED), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.EXAM_TYPE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.EXAM_TYPE), '')) NOT IN ('comprehensive', 'medical', 'contact_lens_fitting'))
          THEN 'invalid_code'
        WHEN (NULLIF(TRIM(r.DILATED), '') IS NOT NULL AND TRY_TO_BOOLEAN(TRIM(r.DILATED)) IS NULL)
          THEN 'invalid_value'
      END AS QUARANTINE_REASON
    FROM RAW.EXAMS_STREAM r
    LEFT JOIN STAGING.STG_PMS__LOCATIONS known_location
      ON known_location.LOCATION_ID = TRIM(r.LOCATION_ID)
  )
  SELECT
    'exams', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'exam_id', r.EXAM_ID, 'appointment_id', r.APPOINTMENT_ID, 'patient_id', r.PATIENT_ID, 'provider_id', r.PROVIDER_ID,
      'location_id', r.LOCATION_ID, 'exam_date', r.EXAM_DATE, 'exam_type', r.EXAM_TYPE, 'cpt_code', r.CPT_CODE,
      'icd10_codes', r.ICD10_CODES, 'dilated', r.DILATED, 'chief_complaint', r.CHIEF_COMPLAINT, 'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: where an exam
  -- was as staged before the MERGE, and again after it (where it is now).
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT e.LOCATION_ID, MIN(e.EXAM_DATE)
  FROM STAGING.STG_PMS__EXAMS e
  WHERE e.EXAM_ID IN (SELECT TRIM(r.EXAM_ID) FROM RAW.EXAMS_STREAM r)
  GROUP BY e.LOCATION_ID;

  -- The fact rows this batch can change (STAGING.FACT_CHANGES): the patients of its exams as staged
  -- before the MERGE (a corrected exam may move to another patient).
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT 'DIM_PATIENT', e.PATIENT_ID FROM STAGING.STG_PMS__EXAMS e
  WHERE e.EXAM_ID IN (SELECT TRIM(r.EXAM_ID) FROM RAW.EXAMS_STREAM r);

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__EXAMS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.EXAMS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'exams' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(EXAM_ID), '')                                         AS EXAM_ID,
        NULLIF(TRIM(APPOINTMENT_ID), '')                                  AS APPOINTMENT_ID,
        NULLIF(TRIM(PATIENT_ID), '')                                      AS PATIENT_ID,
        NULLIF(TRIM(PROVIDER_ID), '')                                     AS PROVIDER_ID,
        NULLIF(TRIM(LOCATION_ID), '')                                     AS LOCATION_ID,
        TRY_TO_DATE(TRIM(EXAM_DATE), 'YYYY-MM-DD')                        AS EXAM_DATE,
        LOWER(NULLIF(TRIM(EXAM_TYPE), ''))                                AS EXAM_TYPE,
        NULLIF(TRIM(CPT_CODE), '')                                        AS CPT_CODE,
        NULLIF(TRIM(ICD10_CODES), '')                                     AS ICD10_CODES,
        TRY_TO_BOOLEAN(TRIM(DILATED))                                     AS DILATED,
        NULLIF(TRIM(CHIEF_COMPLAINT), '')                                 AS CHIEF_COMPLAINT,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY EXAM_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.EXAM_ID = s.EXAM_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    APPOINTMENT_ID = s.APPOINTMENT_ID, PATIENT_ID = s.PATIENT_ID, PROVIDER_ID = s.PROVIDER_ID, LOCATION_ID = s.LOCATION_ID,
    EXAM_DATE = s.EXAM_DATE, EXAM_TYPE = s.EXAM_TYPE, CPT_CODE = s.CPT_CODE, ICD10_CODES = s.ICD10_CODES,
    DILATED = s.DILATED, CHIEF_COMPLAINT = s.CHIEF_COMPLAINT, UPDATED_AT = s.UPDATED_AT, _SOURCE_FILE = s._SOURCE_FILE,
    _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    EXAM_ID, APPOINTMENT_ID, PATIENT_ID, PROVIDER_ID, LOCATION_ID, EXAM_DATE,
    EXAM_TYPE, CPT_CODE, ICD10_CODES, DILATED, CHIEF_COMPLAINT, UPDATED_AT,
    _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.EXAM_ID, s.APPOINTMENT_ID, s.PATIENT_ID, s.PROVIDER_ID, s.LOCATION_ID, s.EXAM_DATE,
    s.EXAM_TYPE, s.CPT_CODE, s.ICD10_CODES, s.DILATED, s.CHIEF_COMPLAINT, s.UPDATED_AT,
    s._SOURCE_FILE, s._SOURCE_ROW, s._LOADED_AT, CURRENT_TIMESTAMP()
  );

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: after the MERGE.
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT e.LOCATION_ID, MIN(e.EXAM_DATE)
  FROM STAGING.STG_PMS__EXAMS e
  WHERE e.EXAM_ID IN (SELECT TRIM(r.EXAM_ID) FROM RAW.EXAMS_STREAM r)
  GROUP BY e.LOCATION_ID;

  -- The fact rows this batch can change, after the MERGE: its exams and their patients.
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT 'FCT_EXAMS', e.EXAM_ID FROM STAGING.STG_PMS__EXAMS e
  WHERE e.EXAM_ID IN (SELECT TRIM(r.EXAM_ID) FROM RAW.EXAMS_STREAM r)
  UNION ALL
  SELECT 'DIM_PATIENT', e.PATIENT_ID FROM STAGING.STG_PMS__EXAMS e
  WHERE e.EXAM_ID IN (SELECT TRIM(r.EXAM_ID) FROM RAW.EXAMS_STREAM r);

  COMMIT;
END
$$
