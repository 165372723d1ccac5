-- MARTS.FCT_EXAMS refresh: every staged exam with its prescriptions and the orders filling them.
-- An order is linked to an exam through the prescription it fills (ORDER.RX_ID -> RX.EXAM_ID), so
-- an order placed days after the exam still counts for that exam's day. Change-only MERGE (see
-- dim_location.sql): a late order flips HAS_EYEWEAR_ORDER on the exam's existing row.
--
-- Incremental: only the exams in STAGING.FACT_CHANGES for this mart are recomputed (the staging
-- tasks write them, see sql/staging/ddl/fact_changes.sql); the change list is emptied in the same
-- transaction, so a failed refresh keeps it for the next run.
-- depends on: STAGING.STG_PMS__EXAMS, STAGING.STG_PMS__PRESCRIPTIONS, STAGING.STG_PMS__OPTICAL_ORDERS, STAGING.FACT_CHANGES
EXECUTE IMMEDIATE $$
BEGIN
  BEGIN TRANSACTION;

  MERGE INTO MARTS.FCT_EXAMS t
  USING (
    WITH changed AS (
      SELECT DISTINCT KEY_ID AS EXAM_ID FROM STAGING.FACT_CHANGES WHERE MART = 'FCT_EXAMS'
    ),
    prescriptions AS (
      SELECT RX_ID, EXAM_ID, RX_TYPE
      FROM STAGING.STG_PMS__PRESCRIPTIONS
      WHERE EXAM_ID IN (SELECT EXAM_ID FROM changed)
    ),
    live_orders AS (
      SELECT RX_ID, ORDER_TYPE
      FROM STAGING.STG_PMS__OPTICAL_ORDERS
      WHERE STATUS <> 'cancelled' AND RX_ID IN (SELECT RX_ID FROM prescriptions)
    ),
    exam_outcomes AS (
      SELECT
        rx.EXAM_ID,
        BOOLOR_AGG(rx.RX_TYPE = 'spectacle')                                        AS HAS_SPECTACLE_RX,
        BOOLOR_AGG(rx.RX_TYPE IN ('soft_cl', 'rigid_cl'))                           AS HAS_CL_RX,
        BOOLOR_AGG(rx.RX_TYPE = 'spectacle' AND COALESCE(o.ORDER_TYPE = 'eyewear', FALSE))                 AS HAS_EYEWEAR_ORDER,
        BOOLOR_AGG(rx.RX_TYPE IN ('soft_cl', 'rigid_cl') AND COALESCE(o.ORDER_TYPE = 'contact_lens', FALSE)) AS HAS_CL_ORDER
      FROM prescriptions rx
      LEFT JOIN live_orders o ON o.RX_ID = rx.RX_ID
      GROUP BY rx.EXAM_ID
    ),
    exams AS (
      SELECT
        e.EXAM_ID,
        e.EXAM_DATE,
        e.LOCATION_ID,
        e.PATIENT_ID,
        e.PROVIDER_ID,
        e.APPOINTMENT_ID,
        e.EXAM_TYPE,
        e.EXAM_TYPE = 'comprehensive'                AS IS_COMPREHENSIVE,
        e.CPT_CODE,
        e.DILATED                                    AS IS_DILATED,
        COALESCE(x.HAS_SPECTACLE_RX, FALSE)          AS HAS_SPECTACLE_RX,
        COALESCE(x.HAS_CL_RX, FALSE)                 AS HAS_CL_RX,
        COALESCE(x.HAS_EYEWEAR_ORDER, FALSE)         AS HAS_EYEWEAR_ORDER,
        COALESCE(x.HAS_CL_ORDER, FALSE)              AS HAS_CL_ORDER,
        e.UPDATED_AT
      FROM STAGING.STG_PMS__EXAMS e
      LEFT JOIN exam_outcomes x ON x.EXAM_ID = e.EXAM_ID
      WHERE e.EXAM_ID IN (SELECT EXAM_ID FROM changed)
    )
    SELECT * FROM exams
    EXCEPT
    SELECT EXAM_ID, EXAM_DATE, LOCATION_ID, PATIENT_ID, PROVIDER_ID, APPOINTMENT_ID, EXAM_TYPE, IS_COMPREHENSIVE, CPT_CODE,
           IS_DILATED, HAS_SPECTACLE_RX, HAS_CL_RX, HAS_EYEWEAR_ORDER, HAS_CL_ORDER, UPDATED_AT
    FROM MARTS.FCT_EXAMS
    WHERE EXAM_ID IN (SELECT EXAM_ID FROM changed)
  ) s
  ON t.EXAM_ID = s.EXAM_ID
  WHEN MATCHED THEN UPDATE SET
    EXAM_DATE = s.EXAM_DATE, LOCATION_ID = s.LOCATION_ID, PATIENT_ID = s.PATIENT_ID, PROVIDER_ID = s.PROVIDER_ID,
    APPOINTMENT_ID = s.APPOINTMENT_ID, EXAM_TYPE = s.EXAM_TYPE, IS_COMPREHENSIVE = s.IS_COMPREHENSIVE, CPT_CODE = s.CPT_CODE,
    IS_DILATED = s.IS_DILATED, HAS_SPECTACLE_RX = s.HAS_SPECTACLE_RX, HAS_CL_RX = s.HAS_CL_RX,
    HAS_EYEWEAR_ORDER = s.HAS_EYEWEAR_ORDER, HAS_CL_ORDER = s.HAS_CL_ORDER, UPDATED_AT = s.UPDATED_AT
  WHEN NOT MATCHED THEN INSERT (
    EXAM_ID, EXAM_DATE, LOCATION_ID, PATIENT_ID, PROVIDER_ID, APPOINTMENT_ID, EXAM_TYPE, IS_COMPREHENSIVE, CPT_CODE,
    IS_DILATED, HAS_SPECTACLE_RX, HAS_CL_RX, HAS_EYEWEAR_ORDER, HAS_CL_ORDER, UPDATED_AT
  ) VALUES (
    s.EXAM_ID, s.EXAM_DATE, s.LOCATION_ID, s.PATIENT_ID, s.PROVIDER_ID, s.APPOINTMENT_ID, s.EXAM_TYPE, s.IS_COMPREHENSIVE, s.CPT_CODE,
    s.IS_DILATED, s.HAS_SPECTACLE_RX, s.HAS_CL_RX, s.HAS_EYEWEAR_ORDER, s.HAS_CL_ORDER, s.UPDATED_AT
  );

  DELETE FROM STAGING.FACT_CHANGES WHERE MART = 'FCT_EXAMS';

  COMMIT;
END
$$
