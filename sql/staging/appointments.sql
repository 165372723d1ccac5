-- Staging task body for appointments: consumes RAW.APPOINTMENTS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__APPOINTMENTS (the newest version of its business key wins).
-- depends on: RAW.APPOINTMENTS_STREAM, STAGING.QUARANTINE, STAGING.STG_PMS__LOCATIONS, STAGING.KPI_CHANGES, STAGING.FACT_CHANGES
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
        WHEN NULLIF(TRIM(r.APPOINTMENT_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.SCHEDULED_START), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.SCHEDULED_START), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          OR (NULLIF(TRIM(r.SCHEDULED_END), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.SCHEDULED_END), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          OR (NULLIF(TRIM(r.CREATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.CREATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          OR (NULLIF(TRIM(r.CANCELLED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.CANCELLED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN NULLIF(TRIM(r.LOCATION_ID), '') IS NOT NULL AND known_location.LOCATION_ID IS NULL
          THEN 'unknown_location'
        WHEN NULLIF(TRIM(r.PATIENT_ID), '') IS NULL
          OR NULLIF(TRIM(r.LOCATION_ID), '') IS NULL
          OR NULLIF(TRIM(r.PROVIDER_ID), '') IS NULL
          OR NULLIF(TRIM(r.APPOINTMENT_TYPE), '') IS NULL
          OR NULLIF(TRIM(r.SCHEDULED_START), '') IS NULL
          OR NULLIF(TRIM(r.SCHEDULED_END), '') IS NULL
          OR NULLIF(TRIM(r.STATUS), '') IS NULL
          OR NULLIF(TRIM(r.IS_NEW_PATIENT), '') IS NULL
          OR NULLIF(TRIM(r.CREATED_AT), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.APPOINTMENT_TYPE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.APPOINTMENT_TYPE), '')) NOT IN ('comprehensive_exam', 'medical_visit', 'cl_fitting', 'follow_up', 'dispensing'))
          OR (NULLIF(TRIM(r.STATUS), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.STATUS), '')) NOT IN ('scheduled', 'arrived', 'completed', 'no_show', 'cancelled', 'rescheduled'))
          THEN 'invalid_code'
        WHEN (NULLIF(TRIM(r.IS_NEW_PATIENT), '') IS NOT NULL AND TRY_TO_BOOLEAN(TRIM(r.IS_NEW_PATIENT)) IS NULL)
          THEN 'invalid_value'
      END AS QUARANTINE_REASON
    FROM RAW.APPOINTMENTS_STREAM r
    LEFT JOIN STAGING.STG_PMS__LOCATIONS known_location
      ON known_location.LOCATION_ID = TRIM(r.LOCATION_ID)
  )
  SELECT
    'appointments', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'appointment_id', r.APPOINTMENT_ID, 'patient_id', r.PATIENT_ID, 'location_id', r.LOCATION_ID, 'provider_id', r.PROVIDER_ID,
      'appointment_type', r.APPOINTMENT_TYPE, 'scheduled_start', r.SCHEDULED_START, 'scheduled_end', r.SCHEDULED_END, 'status', r.STATUS,
      'is_new_patient', r.IS_NEW_PATIENT, 'created_at', r.CREATED_AT, 'cancelled_at', r.CANCELLED_AT, 'notes', r.NOTES,
      'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: where an
  -- appointment was as staged before the MERGE, and again after it (where it is now).
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT a.LOCATION_ID, MIN(CAST(a.SCHEDULED_START AS DATE))
  FROM STAGING.STG_PMS__APPOINTMENTS a
  WHERE a.APPOINTMENT_ID IN (SELECT TRIM(r.APPOINTMENT_ID) FROM RAW.APPOINTMENTS_STREAM r)
  GROUP BY a.LOCATION_ID;

  -- The fact rows this batch can change (STAGING.FACT_CHANGES): the patients of its appointments as
  -- staged before the MERGE (a corrected appointment may move to another patient).
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT 'DIM_PATIENT', a.PATIENT_ID FROM STAGING.STG_PMS__APPOINTMENTS a
  WHERE a.APPOINTMENT_ID IN (SELECT TRIM(r.APPOINTMENT_ID) FROM RAW.APPOINTMENTS_STREAM r);

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__APPOINTMENTS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.APPOINTMENTS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'appointments' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(APPOINTMENT_ID), '')                                       AS APPOINTMENT_ID,
        NULLIF(TRIM(PATIENT_ID), '')                                           AS PATIENT_ID,
        NULLIF(TRIM(LOCATION_ID), '')                                          AS LOCATION_ID,
        NULLIF(TRIM(PROVIDER_ID), '')                                          AS PROVIDER_ID,
        LOWER(NULLIF(TRIM(APPOINTMENT_TYPE), ''))                              AS APPOINTMENT_TYPE,
        TRY_TO_TIMESTAMP_NTZ(TRIM(SCHEDULED_START), 'YYYY-MM-DD"T"HH24:MI:SS') AS SCHEDULED_START,
        TRY_TO_TIMESTAMP_NTZ(TRIM(SCHEDULED_END), 'YYYY-MM-DD"T"HH24:MI:SS')   AS SCHEDULED_END,
        LOWER(NULLIF(TRIM(STATUS), ''))                                        AS STATUS,
        TRY_TO_BOOLEAN(TRIM(IS_NEW_PATIENT))                                   AS IS_NEW_PATIENT,
        TRY_TO_TIMESTAMP_NTZ(TRIM(CREATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS')      AS CREATED_AT,
        TRY_TO_TIMESTAMP_NTZ(TRIM(CANCELLED_AT), 'YYYY-MM-DD"T"HH24:MI:SS')    AS CANCELLED_AT,
        NULLIF(TRIM(NOTES), '')                                                AS NOTES,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS')      AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY APPOINTMENT_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.APPOINTMENT_ID = s.APPOINTMENT_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    PATIENT_ID = s.PATIENT_ID, LOCATION_ID = s.LOCATION_ID, PROVIDER_ID = s.PROVIDER_ID, APPOINTMENT_TYPE = s.APPOINTMENT_TYPE,
    SCHEDULED_START = s.SCHEDULED_START, SCHEDULED_END = s.SCHEDULED_END, STATUS = s.STATUS, IS_NEW_PATIENT = s.IS_NEW_PATIENT,
    CREATED_AT = s.CREATED_AT, CANCELLED_AT = s.CANCELLED_AT, NOTES = s.NOTES, UPDATED_AT = s.UPDATED_AT,
    _SOURCE_FILE = s._SOURCE_FILE, _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    APPOINTMENT_ID, PATIENT_ID, LOCATION_ID, PROVIDER_ID, APPOINTMENT_TYPE, SCHEDULED_START,
    SCHEDULED_END, STATUS, IS_NEW_PATIENT, CREATED_AT, CANCELLED_AT, NOTES,
    UPDATED_AT, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.APPOINTMENT_ID, s.PATIENT_ID, s.LOCATION_ID, s.PROVIDER_ID, s.APPOINTMENT_TYPE, s.SCHEDULED_START,
    s.SCHEDULED_END, s.STATUS, s.IS_NEW_PATIENT, s.CREATED_AT, s.CANCELLED_AT, s.NOTES,
    s.UPDATED_AT, s._SOURCE_FILE, s._SOURCE_ROW, s._LOADED_AT, CURRENT_TIMESTAMP()
  );

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: after the MERGE.
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT a.LOCATION_ID, MIN(CAST(a.SCHEDULED_START AS DATE))
  FROM STAGING.STG_PMS__APPOINTMENTS a
  WHERE a.APPOINTMENT_ID IN (SELECT TRIM(r.APPOINTMENT_ID) FROM RAW.APPOINTMENTS_STREAM r)
  GROUP BY a.LOCATION_ID;

  -- The fact rows this batch can change, after the MERGE: its appointments and their patients.
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT 'FCT_APPOINTMENTS', a.APPOINTMENT_ID FROM STAGING.STG_PMS__APPOINTMENTS a
  WHERE a.APPOINTMENT_ID IN (SELECT TRIM(r.APPOINTMENT_ID) FROM RAW.APPOINTMENTS_STREAM r)
  UNION ALL
  SELECT 'DIM_PATIENT', a.PATIENT_ID FROM STAGING.STG_PMS__APPOINTMENTS a
  WHERE a.APPOINTMENT_ID IN (SELECT TRIM(r.APPOINTMENT_ID) FROM RAW.APPOINTMENTS_STREAM r);

  COMMIT;
END
$$
