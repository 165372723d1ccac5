-- Staging task body for staff: consumes RAW.STAFF_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__STAFF (the newest version of its business key wins).
-- depends on: RAW.STAFF_STREAM, STAGING.QUARANTINE, STAGING.STG_PMS__LOCATIONS
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
        WHEN NULLIF(TRIM(r.STAFF_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.HIRE_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.HIRE_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.TERMINATION_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.TERMINATION_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN NULLIF(TRIM(r.HOME_LOCATION_ID), '') IS NOT NULL AND known_location.LOCATION_ID IS NULL
          THEN 'unknown_location'
        WHEN NULLIF(TRIM(r.HOME_LOCATION_ID), '') IS NULL
          OR NULLIF(TRIM(r.FIRST_NAME), '') IS NULL
          OR NULLIF(TRIM(r.LAST_NAME), '') IS NULL
          OR NULLIF(TRIM(r.ROLE), '') IS NULL
          OR NULLIF(TRIM(r.HIRE_DATE), '') IS NULL
          OR NULLIF(TRIM(r.COMMISSION_PLAN), '') IS NULL
          OR NULLIF(TRIM(r.STATUS), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.ROLE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.ROLE), '')) NOT IN ('optometrist', 'ophthalmologist', 'optician', 'technician', 'front_desk', 'manager'))
          OR (NULLIF(TRIM(r.COMMISSION_PLAN), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.COMMISSION_PLAN), '')) NOT IN ('none', 'dispensary_2pct', 'dispensary_3pct', 'dispensary_3pct_spiffs', 'dispensary_5pct'))
          OR (NULLIF(TRIM(r.STATUS), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.STATUS), '')) NOT IN ('active', 'terminated'))
          THEN 'invalid_code'
      END AS QUARANTINE_REASON
    FROM RAW.STAFF_STREAM r
    LEFT JOIN STAGING.STG_PMS__LOCATIONS known_location
      ON known_location.LOCATION_ID = TRIM(r.HOME_LOCATION_ID)
  )
  SELECT
    'staff', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'staff_id', r.STAFF_ID, 'home_location_id', r.HOME_LOCATION_ID, 'first_name', r.FIRST_NAME, 'last_name', r.LAST_NAME,
      'role', r.ROLE, 'npi', r.NPI, 'hire_date', r.HIRE_DATE, 'termination_date', r.TERMINATION_DATE,
      'commission_plan', r.COMMISSION_PLAN, 'status', r.STATUS, 'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__STAFF t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.STAFF_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'staff' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(STAFF_ID), '')                                        AS STAFF_ID,
        NULLIF(TRIM(HOME_LOCATION_ID), '')                                AS HOME_LOCATION_ID,
        NULLIF(TRIM(FIRST_NAME), '')                                      AS FIRST_NAME,
        NULLIF(TRIM(LAST_NAME), '')                                       AS LAST_NAME,
        LOWER(NULLIF(TRIM(ROLE), ''))                                     AS ROLE,
        NULLIF(TRIM(NPI), '')                                             AS NPI,
        TRY_TO_DATE(TRIM(HIRE_DATE), 'YYYY-MM-DD')                        AS HIRE_DATE,
        TRY_TO_DATE(TRIM(TERMINATION_DATE), 'YYYY-MM-DD')                 AS TERMINATION_DATE,
        LOWER(NULLIF(TRIM(COMMISSION_PLAN), ''))                          AS COMMISSION_PLAN,
        LOWER(NULLIF(TRIM(STATUS), ''))                                   AS STATUS,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY STAFF_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.STAFF_ID = s.STAFF_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    HOME_LOCATION_ID = s.HOME_LOCATION_ID, FIRST_NAME = s.FIRST_NAME, LAST_NAME = s.LAST_NAME, ROLE = s.ROLE,
    NPI = s.NPI, HIRE_DATE = s.HIRE_DATE, TERMINATION_DATE = s.TERMINATION_DATE, COMMISSION_PLAN = s.COMMISSION_PLAN,
    STATUS = s.STATUS, UPDATED_AT = s.UPDATED_AT, _SOURCE_FILE = s._SOURCE_FILE, _SOURCE_ROW = s._SOURCE_ROW,
    _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    STAFF_ID, HOME_LOCATION_ID, FIRST_NAME, LAST_NAME, ROLE, NPI,
    HIRE_DATE, TERMINATION_DATE, COMMISSION_PLAN, STATUS, UPDATED_AT, _SOURCE_FILE,
    _SOURCE_ROW, _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.STAFF_ID, s.HOME_LOCATION_ID, s.FIRST_NAME, s.LAST_NAME, s.ROLE, s.NPI,
    s.HIRE_DATE, s.TERMINATION_DATE, s.COMMISSION_PLAN, s.STATUS, s.UPDATED_AT, s._SOURCE_FILE,
    s._SOURCE_ROW, s._LOADED_AT, CURRENT_TIMESTAMP()
  );

  COMMIT;
END
$$
