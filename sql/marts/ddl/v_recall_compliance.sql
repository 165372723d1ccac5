-- MARTS.V_RECALL_COMPLIANCE: of the patients whose recall fell due in a month, how many came back
-- for a comprehensive exam by the due date plus a 60-day grace period. Each comprehensive exam
-- sets the next due date: +18 months for contact lens wearers, +24 for glasses-only patients
-- (MARTS.DIM_PATIENT.RECALL_INTERVAL_MONTHS). Only months whose grace period has ended by the last
-- exam day in the data are shown, so a month is never judged before patients could return.
-- Grain: location (of the exam that set the recall) x due month.
-- depends on: MARTS.FCT_EXAMS, MARTS.DIM_PATIENT
CREATE OR REPLACE VIEW MARTS.V_RECALL_COMPLIANCE AS
WITH comprehensive_exams AS (
  SELECT
    e.LOCATION_ID,
    e.PATIENT_ID,
    e.EXAM_DATE,
    LEAD(e.EXAM_DATE) OVER (PARTITION BY e.PATIENT_ID ORDER BY e.EXAM_DATE, e.EXAM_ID) AS NEXT_EXAM_DATE,
    DATEADD(month, p.RECALL_INTERVAL_MONTHS, e.EXAM_DATE)                             AS DUE_DATE
  FROM MARTS.FCT_EXAMS e
  JOIN MARTS.DIM_PATIENT p ON p.PATIENT_ID = e.PATIENT_ID
  WHERE e.IS_COMPREHENSIVE
),
horizon AS (
  SELECT MAX(EXAM_DATE) AS LAST_EXAM_DAY FROM MARTS.FCT_EXAMS
)
SELECT
  c.LOCATION_ID,
  DATE_TRUNC(month, c.DUE_DATE)                                                      AS DUE_MONTH,
  COUNT(*)                                                                           AS PATIENTS_DUE,
  COUNT_IF(c.NEXT_EXAM_DATE <= DATEADD(day, 60, c.DUE_DATE))                         AS PATIENTS_RETURNED,
  ROUND(COUNT_IF(c.NEXT_EXAM_DATE <= DATEADD(day, 60, c.DUE_DATE)) / COUNT(*), 4)     AS RECALL_COMPLIANCE_RATE
FROM comprehensive_exams c
CROSS JOIN horizon h
WHERE DATEADD(day, 60, LAST_DAY(c.DUE_DATE)) <= h.LAST_EXAM_DAY
GROUP BY c.LOCATION_ID, DATE_TRUNC(month, c.DUE_DATE);
