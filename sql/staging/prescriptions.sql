-- Staging task body for prescriptions: consumes RAW.PRESCRIPTIONS_STREAM once and sends every new RAW row to
-- STAGING.QUARANTINE (with a reason) or into STAGING.STG_PMS__PRESCRIPTIONS (the newest version of its business key wins).
-- depends on: RAW.PRESCRIPTIONS_STREAM, STAGING.QUARANTINE, STAGING.STG_PMS__EXAMS, STAGING.KPI_CHANGES, STAGING.FACT_CHANGES
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
        WHEN NULLIF(TRIM(r.RX_ID), '') IS NULL
          THEN 'missing_business_key'
        WHEN (NULLIF(TRIM(r.RX_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.RX_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.EXPIRY_DATE), '') IS NOT NULL AND TRY_TO_DATE(TRIM(r.EXPIRY_DATE), 'YYYY-MM-DD') IS NULL)
          OR (NULLIF(TRIM(r.UPDATED_AT), '') IS NOT NULL AND TRY_TO_TIMESTAMP_NTZ(TRIM(r.UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') IS NULL)
          THEN 'unparseable_date'
        WHEN NULLIF(TRIM(r.EXAM_ID), '') IS NULL
          OR NULLIF(TRIM(r.PATIENT_ID), '') IS NULL
          OR NULLIF(TRIM(r.PRESCRIBER_ID), '') IS NULL
          OR NULLIF(TRIM(r.RX_TYPE), '') IS NULL
          OR NULLIF(TRIM(r.RX_DATE), '') IS NULL
          OR NULLIF(TRIM(r.EXPIRY_DATE), '') IS NULL
          OR NULLIF(TRIM(r.OD_SPHERE), '') IS NULL
          OR NULLIF(TRIM(r.OS_SPHERE), '') IS NULL
          OR NULLIF(TRIM(r.UPDATED_AT), '') IS NULL
          THEN 'missing_required_field'
        WHEN (NULLIF(TRIM(r.RX_TYPE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.RX_TYPE), '')) NOT IN ('spectacle', 'soft_cl', 'rigid_cl'))
          OR (NULLIF(TRIM(r.OD_PRISM_BASE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.OD_PRISM_BASE), '')) NOT IN ('up', 'down', 'in', 'out'))
          OR (NULLIF(TRIM(r.OS_PRISM_BASE), '') IS NOT NULL AND LOWER(NULLIF(TRIM(r.OS_PRISM_BASE), '')) NOT IN ('up', 'down', 'in', 'out'))
          THEN 'invalid_code'
        WHEN (NULLIF(TRIM(r.OD_SPHERE), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OD_SPHERE), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.OD_CYLINDER), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OD_CYLINDER), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.OD_AXIS), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OD_AXIS), 9, 0) IS NULL)
          OR (NULLIF(TRIM(r.OD_ADD), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OD_ADD), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.OD_PRISM), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OD_PRISM), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.OS_SPHERE), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OS_SPHERE), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.OS_CYLINDER), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OS_CYLINDER), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.OS_AXIS), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OS_AXIS), 9, 0) IS NULL)
          OR (NULLIF(TRIM(r.OS_ADD), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OS_ADD), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.OS_PRISM), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.OS_PRISM), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.PD), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.PD), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.CL_BASE_CURVE), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.CL_BASE_CURVE), 8, 2) IS NULL)
          OR (NULLIF(TRIM(r.CL_DIAMETER), '') IS NOT NULL AND TRY_TO_NUMBER(TRIM(r.CL_DIAMETER), 8, 2) IS NULL)
          THEN 'invalid_value'
      END AS QUARANTINE_REASON
    FROM RAW.PRESCRIPTIONS_STREAM r
  )
  SELECT
    'prescriptions', r._SOURCE_FILE, r._SOURCE_ROW,
    TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(
      'rx_id', r.RX_ID, 'exam_id', r.EXAM_ID, 'patient_id', r.PATIENT_ID, 'prescriber_id', r.PRESCRIBER_ID,
      'rx_type', r.RX_TYPE, 'rx_date', r.RX_DATE, 'expiry_date', r.EXPIRY_DATE, 'od_sphere', r.OD_SPHERE,
      'od_cylinder', r.OD_CYLINDER, 'od_axis', r.OD_AXIS, 'od_add', r.OD_ADD, 'od_prism', r.OD_PRISM,
      'od_prism_base', r.OD_PRISM_BASE, 'os_sphere', r.OS_SPHERE, 'os_cylinder', r.OS_CYLINDER, 'os_axis', r.OS_AXIS,
      'os_add', r.OS_ADD, 'os_prism', r.OS_PRISM, 'os_prism_base', r.OS_PRISM_BASE, 'pd', r.PD,
      'cl_brand', r.CL_BRAND, 'cl_base_curve', r.CL_BASE_CURVE, 'cl_diameter', r.CL_DIAMETER, 'updated_at', r.UPDATED_AT
    )),
    r.QUARANTINE_REASON, r._LOADED_AT, CURRENT_TIMESTAMP()
  FROM checked r
  WHERE r.QUARANTINE_REASON IS NOT NULL;

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: where a
  -- prescription (the day of its exam) was as staged before the MERGE, and again after it (where it
  -- is now).
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT e.LOCATION_ID, MIN(e.EXAM_DATE)
  FROM STAGING.STG_PMS__EXAMS e
  JOIN STAGING.STG_PMS__PRESCRIPTIONS rx ON rx.EXAM_ID = e.EXAM_ID
  WHERE rx.RX_ID IN (SELECT TRIM(r.RX_ID) FROM RAW.PRESCRIPTIONS_STREAM r)
  GROUP BY e.LOCATION_ID;

  -- The fact rows this batch can change (STAGING.FACT_CHANGES): the exams and patients of its
  -- prescriptions as staged before the MERGE (a corrected prescription may move to another exam).
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT 'FCT_EXAMS', rx.EXAM_ID FROM STAGING.STG_PMS__PRESCRIPTIONS rx
  WHERE rx.RX_ID IN (SELECT TRIM(r.RX_ID) FROM RAW.PRESCRIPTIONS_STREAM r)
  UNION ALL
  SELECT 'DIM_PATIENT', rx.PATIENT_ID FROM STAGING.STG_PMS__PRESCRIPTIONS rx
  WHERE rx.RX_ID IN (SELECT TRIM(r.RX_ID) FROM RAW.PRESCRIPTIONS_STREAM r);

  -- The newest valid version of each business key in this batch; it replaces the staged row only
  -- when it is newer (a re-run with the same rows changes nothing, a late correction wins).
  MERGE INTO STAGING.STG_PMS__PRESCRIPTIONS t
  USING (
    WITH valid_rows AS (
      SELECT r.*
      FROM RAW.PRESCRIPTIONS_STREAM r
      WHERE NOT EXISTS (
        SELECT 1 FROM STAGING.QUARANTINE q
        WHERE q.ENTITY = 'prescriptions' AND q.SOURCE_FILE = r._SOURCE_FILE AND q.SOURCE_ROW = r._SOURCE_ROW
      )
    ),
    typed AS (
      SELECT
        NULLIF(TRIM(RX_ID), '')                                           AS RX_ID,
        NULLIF(TRIM(EXAM_ID), '')                                         AS EXAM_ID,
        NULLIF(TRIM(PATIENT_ID), '')                                      AS PATIENT_ID,
        NULLIF(TRIM(PRESCRIBER_ID), '')                                   AS PRESCRIBER_ID,
        LOWER(NULLIF(TRIM(RX_TYPE), ''))                                  AS RX_TYPE,
        TRY_TO_DATE(TRIM(RX_DATE), 'YYYY-MM-DD')                          AS RX_DATE,
        TRY_TO_DATE(TRIM(EXPIRY_DATE), 'YYYY-MM-DD')                      AS EXPIRY_DATE,
        TRY_TO_NUMBER(TRIM(OD_SPHERE), 8, 2)                              AS OD_SPHERE,
        TRY_TO_NUMBER(TRIM(OD_CYLINDER), 8, 2)                            AS OD_CYLINDER,
        TRY_TO_NUMBER(TRIM(OD_AXIS), 9, 0)                                      AS OD_AXIS,
        TRY_TO_NUMBER(TRIM(OD_ADD), 8, 2)                                 AS OD_ADD,
        TRY_TO_NUMBER(TRIM(OD_PRISM), 8, 2)                               AS OD_PRISM,
        LOWER(NULLIF(TRIM(OD_PRISM_BASE), ''))                            AS OD_PRISM_BASE,
        TRY_TO_NUMBER(TRIM(OS_SPHERE), 8, 2)                              AS OS_SPHERE,
        TRY_TO_NUMBER(TRIM(OS_CYLINDER), 8, 2)                            AS OS_CYLINDER,
        TRY_TO_NUMBER(TRIM(OS_AXIS), 9, 0)                                      AS OS_AXIS,
        TRY_TO_NUMBER(TRIM(OS_ADD), 8, 2)                                 AS OS_ADD,
        TRY_TO_NUMBER(TRIM(OS_PRISM), 8, 2)                               AS OS_PRISM,
        LOWER(NULLIF(TRIM(OS_PRISM_BASE), ''))                            AS OS_PRISM_BASE,
        TRY_TO_NUMBER(TRIM(PD), 8, 2)                                     AS PD,
        NULLIF(TRIM(CL_BRAND), '')                                        AS CL_BRAND,
        TRY_TO_NUMBER(TRIM(CL_BASE_CURVE), 8, 2)                          AS CL_BASE_CURVE,
        TRY_TO_NUMBER(TRIM(CL_DIAMETER), 8, 2)                            AS CL_DIAMETER,
        TRY_TO_TIMESTAMP_NTZ(TRIM(UPDATED_AT), 'YYYY-MM-DD"T"HH24:MI:SS') AS UPDATED_AT,
        _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT
      FROM valid_rows
    )
    SELECT *
    FROM typed
    QUALIFY ROW_NUMBER() OVER (PARTITION BY RX_ID ORDER BY UPDATED_AT DESC, _LOADED_AT DESC, _SOURCE_ROW DESC) = 1
  ) s
  ON t.RX_ID = s.RX_ID
  WHEN MATCHED AND (s.UPDATED_AT > t.UPDATED_AT OR (s.UPDATED_AT = t.UPDATED_AT AND s._LOADED_AT > t._LOADED_AT)) THEN UPDATE SET
    EXAM_ID = s.EXAM_ID, PATIENT_ID = s.PATIENT_ID, PRESCRIBER_ID = s.PRESCRIBER_ID, RX_TYPE = s.RX_TYPE,
    RX_DATE = s.RX_DATE, EXPIRY_DATE = s.EXPIRY_DATE, OD_SPHERE = s.OD_SPHERE, OD_CYLINDER = s.OD_CYLINDER,
    OD_AXIS = s.OD_AXIS, OD_ADD = s.OD_ADD, OD_PRISM = s.OD_PRISM, OD_PRISM_BASE = s.OD_PRISM_BASE,
    OS_SPHERE = s.OS_SPHERE, OS_CYLINDER = s.OS_CYLINDER, OS_AXIS = s.OS_AXIS, OS_ADD = s.OS_ADD,
    OS_PRISM = s.OS_PRISM, OS_PRISM_BASE = s.OS_PRISM_BASE, PD = s.PD, CL_BRAND = s.CL_BRAND,
    CL_BASE_CURVE = s.CL_BASE_CURVE, CL_DIAMETER = s.CL_DIAMETER, UPDATED_AT = s.UPDATED_AT, _SOURCE_FILE = s._SOURCE_FILE,
    _SOURCE_ROW = s._SOURCE_ROW, _LOADED_AT = s._LOADED_AT, _STAGED_AT = CURRENT_TIMESTAMP()
  WHEN NOT MATCHED THEN INSERT (
    RX_ID, EXAM_ID, PATIENT_ID, PRESCRIBER_ID, RX_TYPE, RX_DATE,
    EXPIRY_DATE, OD_SPHERE, OD_CYLINDER, OD_AXIS, OD_ADD, OD_PRISM,
    OD_PRISM_BASE, OS_SPHERE, OS_CYLINDER, OS_AXIS, OS_ADD, OS_PRISM,
    OS_PRISM_BASE, PD, CL_BRAND, CL_BASE_CURVE, CL_DIAMETER, UPDATED_AT,
    _SOURCE_FILE, _SOURCE_ROW, _LOADED_AT, _STAGED_AT
  ) VALUES (
    s.RX_ID, s.EXAM_ID, s.PATIENT_ID, s.PRESCRIBER_ID, s.RX_TYPE, s.RX_DATE,
    s.EXPIRY_DATE, s.OD_SPHERE, s.OD_CYLINDER, s.OD_AXIS, s.OD_ADD, s.OD_PRISM,
    s.OD_PRISM_BASE, s.OS_SPHERE, s.OS_CYLINDER, s.OS_AXIS, s.OS_ADD, s.OS_PRISM,
    s.OS_PRISM_BASE, s.PD, s.CL_BRAND, s.CL_BASE_CURVE, s.CL_DIAMETER, s.UPDATED_AT,
    s._SOURCE_FILE, s._SOURCE_ROW, s._LOADED_AT, CURRENT_TIMESTAMP()
  );

  -- The locations and first days this batch can change, for MART_KPI_LOCATION_DAILY: after the MERGE.
  INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
  SELECT e.LOCATION_ID, MIN(e.EXAM_DATE)
  FROM STAGING.STG_PMS__EXAMS e
  JOIN STAGING.STG_PMS__PRESCRIPTIONS rx ON rx.EXAM_ID = e.EXAM_ID
  WHERE rx.RX_ID IN (SELECT TRIM(r.RX_ID) FROM RAW.PRESCRIPTIONS_STREAM r)
  GROUP BY e.LOCATION_ID;

  -- The fact rows this batch can change, after the MERGE: the exams and patients of its
  -- prescriptions, and the orders filling them (an order carries its prescription's exam), named by
  -- prescription: the orders are staged by a later task.
  INSERT INTO STAGING.FACT_CHANGES (MART, KEY_ID)
  SELECT 'FCT_EXAMS', rx.EXAM_ID FROM STAGING.STG_PMS__PRESCRIPTIONS rx
  WHERE rx.RX_ID IN (SELECT TRIM(r.RX_ID) FROM RAW.PRESCRIPTIONS_STREAM r)
  UNION ALL
  SELECT 'DIM_PATIENT', rx.PATIENT_ID FROM STAGING.STG_PMS__PRESCRIPTIONS rx
  WHERE rx.RX_ID IN (SELECT TRIM(r.RX_ID) FROM RAW.PRESCRIPTIONS_STREAM r)
  UNION ALL
  SELECT DISTINCT 'FCT_OPTICAL_ORDERS_BY_RX', TRIM(r.RX_ID) FROM RAW.PRESCRIPTIONS_STREAM r;

  COMMIT;
END
$$
