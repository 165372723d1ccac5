-- Staging task body for locations: consumes RAW.LOCATIONS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__LOCATIONS (the newest version of its business key wins).
-- depends on: RAW.LOCATIONS_STREAM, STAGING.QUARANTINE
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
        WHEN NULLIF(TRIM(r.LOCATION_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.OPENED_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.OPENED_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN NULLIF(TRIM(r.LOCATION_NAME), '') IS NULL
          OR NULLIF(TRIM(r.STATE), '') IS NULL
          OR NULLIF(TRIM(r.OPENED_DATE), '') IS NULL
          OR NULLIF(TRIM(r.STATUS), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.STATUS), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.STATUS), '')) NOT IN ('active', 'closed'))
          THEN 'invalid_code'
      END AS QUARANTINE_REASON
    FROM RAW.LOCATIONS_STREAM r
  )
  SELECT
    'locations', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'location_id', r.LOCATION_ID, 'location_name', r.LOCATION_NAME, 'city', r.CITY, 'state', r.STATE,
      'phone', r.PHONE, 'opened_date', r.OPENED_DATE, 'status', r.STATUS, 'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__LOCATIONS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.LOCATIONS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'locations' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(LOCATION_ID), '')                                     AS LOCATION_ID,
        NULLIF(TRIM(LOCATION_NAME), '')                                   AS LOCATION_NAME,
        NULLIF(TRIM(CITY), '')                                            AS CITY,
        NULLIF(TRIM(STATE), '')                                           AS STATE,
        NULLIF(TRIM(PHONE), '')                                           AS PHONE,
        TRY_TO_DATE(TRIM(OPENED_DATE), 'YYYY-MM-DD')                      AS OPENED_DATE,
        LOWER(NULLIF(TRIM(STATUS), ''))                                   AS STATUS,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY LOCATION_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.LOCATION_ID = s.LOCATION_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    LOCATION_NAME = s.LOCATION_NAME, CITY = s.CITY, STATE = s.STATE, PHONE = s.PHONE,
    OPENED_DATE = s.OPENED_DATE, STATUS = s.STATUS, UPDATED_AT = s.UPDATED_AT, _SOURCE_FILE = s._SOURCE_FILE,
    _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    LOCATION_ID, LOCATION_NAME, CITY, STATE, PHONE, OPENED_DATE,
    STATUS, UPDATED_AT, _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.LOCATION_ID, s.LOCATION_NAME, s.CITY, s.STATE, s.PHONE, s.OPENED_DATE,
    s.STATUS, s.UPDATED_AT, s._SOURCE_FILE, s._SOURCE_ROW, s._LOADED_AT, CURRENT_TIMESTAMP()
  );

  COMMIT;
END
$$
