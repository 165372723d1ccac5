-- Staging task body for patients: consumes RAW.PATIENTS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__PATIENTS (the newest version of its business key wins).
-- depends on: RAW.PATIENTS_STREAM, STAGING.QUARANTINE, STAGING.STG_PMS__LOCATIONS, STAGING.FACT_CHANGES
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
        WHEN NULLIF(TRIM(r.PATIENT_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.BIRTH_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.BIRTH_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.CREATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.CREATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN NULLIF(TRIM(r.HOME_LOCATION_ID), '') IS NOT NULL AND known_location.LOCATION_ID IS NULL
          THEN 'unknown_location'
        WHEN NULLIF(TRIM(r.HOME_LOCATION_ID), '') IS NULL
          OR NULLIF(TRIM(r.FIRST_NAME), '') IS NULL
          OR NULLIF(TRIM(r.LAST_NAME), '') IS NULL
          OR NULLIF(TRIM(r.BIRTH_DATE), '') IS NULL
          OR NULLIF(TRIM(r.GENDER), '') IS NULL
          OR NULLIF(TRIM(r.STATUS), '') IS NULL
          OR NULLIF(TRIM(r.CREATED_AT), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.GENDER), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.GENDER), '')) NOT IN ('female', 'male', 'other', 'unknown'))
          OR (NULLIF(TRIM(r.STATUS), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.STATUS), '')) NOT IN ('active', 'inactive', 'deceased'))
          OR (NULLIF(TRIM(r.REFERRAL_SOURCE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.REFERRAL_SOURCE), '')) NOT IN ('existing_patient', 'friend_family', 'physician', 'insurance_directory', 'web_search', 'walk_in', 'social_media'))
          THEN 'invalid_code'
      END AS QUARANTINE_REASON
    FROM RAW.PATIENTS_STREAM r
    LEFT JOIN STAGING.STG_PMS__LOCATIONS known_location
      ON known_location.LOCATION_ID = TRIM(r.HOME_LOCATION_ID)
  )
  SELECT
    'patients', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'patient_id', r.PATIENT_ID, 'home_location_id', r.HOME_LOCATION_ID, 'first_name', r.FIRST_NAME, 'last_name', r.LAST_NAME,
      'birth_date', r.BIRTH_DATE, 'gender', r.GENDER, 'address_line1', r.ADDRESS_LINE1, 'city', r.CITY,
      'state', r.STATE, 'postal_code', r.POSTAL_CODE, 'phone', r.PHONE, 'email', r.EMAIL,
      'guarantor_id', r.GUARANTOR_ID, 'status', r.STATUS, 'referral_source', r.REFERRAL_SOURCE, 'vision_carrier', r.VISION_CARRIER,
      'vision_plan', r.VISION_PLAN, 'medical_carrier', r.MEDICAL_CARRIER, 'medical_plan', r.MEDICAL_PLAN, 'created_at', r.CREATED_AT,
      'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__PATIENTS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.PATIENTS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'patients' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(PATIENT_ID), '')                                      AS PATIENT_ID,
        NULLIF(TRIM(HOME_LOCATION_ID), '')                                AS HOME_LOCATION_ID,
        NULLIF(TRIM(FIRST_NAME), '')                                      AS FIRST_NAME,
        NULLIF(TRIM(LAST_NAME), '')                                       AS LAST_NAME,
        TRY_TO_DATE(TRIM(BIRTH_DATE), 'YYYY-MM-DD')                       AS BIRTH_DATE,
        LOWER(NULLIF(TRIM(GENDER), ''))                                   AS GENDER,
        NULLIF(TRIM(ADDRESS_LINE1), '')                                   AS ADDRESS_LINE1,
        NULLIF(TRIM(CITY), '')                                            AS CITY,
        NULLIF(TRIM(STATE), '')                                           AS STATE,
        NULLIF(TRIM(POSTAL_CODE), '')                                     AS POSTAL_CODE,
        NULLIF(TRIM(PHONE), '')                                           AS PHONE,
        NULLIF(TRIM(EMAIL), '')                                           AS EMAIL,
        NULLIF(TRIM(GUARANTOR_ID), '')                                    AS GUARANTOR_ID,
        LOWER(NULLIF(TRIM(STATUS), ''))                                   AS STATUS,
        LOWER(NULLIF(TRIM(REFERRAL_SOURCE), ''))                          AS REFERRAL_SOURCE,
        NULLIF(TRIM(VISION_CARRIER), '')                                  AS VISION_CARRIER,
        NULLIF(TRIM(VISION_PLAN), '')                                     AS VISION_PLAN,
        NULLIF(TRIM(MEDICAL_CARRIER), '')                                 AS MEDICAL_CARRIER,
        NULLIF(TRIM(MEDICAL_PLAN), '')                                    AS MEDICAL_PLAN,
        TRY_TO_TIMESTAMP_NTZ(TRIM(CREATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS CREATED_AT,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY PATIENT_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.PATIENT_ID = s.PATIENT_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    HOME_LOCATION_ID = s.HOME_LOCATION_ID, FIRST_NAME = s.FIRST_NAME, LAST_NAME = s.LAST_NAME, BIRTH_DATE = s.BIRTH_DATE,
    GENDER = s.GENDER, ADDRESS_LINE1 = s.ADDRESS_LINE1, CITY = s.CITY, STATE = s.STATE,
    POSTAL_CODE = s.POSTAL_CODE, PHONE = s.PHONE, EMAIL = s.EMAIL, GUARANTOR_ID = s.GUARANTOR_ID,
    STATUS = s.STATUS, REFERRAL_SOURCE = s.REFERRAL_SOURCE, VISION_CARRIER = s.VISION_CARRIER, VISION_PLAN = s.VISION_PLAN,
    MEDICAL_CARRIER = s.MEDICAL_CARRIER, MEDICAL_PLAN = s.MEDICAL_PLAN, CREATED_AT = s.CREATED_AT, UPDATED_AT = s.UPDATED_AT,
    _SOURCE_FILE = s._SOURCE_FILE, _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    PATIENT_ID, HOME_LOCATION_ID, FIRST_NAME, LAST_NAME, BIRTH_DATE, GENDER,
    ADDRESS_LINE1, CITY, STATE, POSTAL_CODE, PHONE, EMAIL,
    GUARANTOR_ID, STATUS, REFERRAL_SOURCE, VISION_CARRIER, VISION_PLAN, MEDICAL_CARRIER,
    MEDICAL_PLAN, CREATED_AT, UPDATED_AT, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT,
    _STAGED_AT
  ) VALUES (
    s.PATIENT_ID, s.HOME_LOCATION_ID, s.FIRST_NAME, s.LAST_NAME, s.BIRTH_DATE, s.GENDER,
    s.ADDRESS_LINE1, s.CITY, s.STATE, s.POSTAL_CODE, s.PHONE, s.EMAIL,
    s.GUARANTOR_ID, s.STATUS, s.REFERRAL_SOURCE, s.VISION_CARRIER, s.VISION_PLAN, s.MEDICAL_CARRIER,
    s.MEDICAL_PLAN, s.CREATED_AT, s.UPDATED_AT, s._SOURCE_FILE, s._SOURCE_ROW, s._LOADED_AT,
    CURRENT_TIMESTAMP()
  );

  -- The fact rows this batch can change (STAGING.FACT_CHANGES): its patients.
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT DISTINCT 'DIM_PATIENT', TRIM(r.PATIENT_ID) FROM RAW.PATIENTS_STREAM r;

  COMMIT;
END
$$
