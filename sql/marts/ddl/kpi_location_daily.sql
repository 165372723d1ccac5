-- MARTS.KPI_LOCATION_DAILY: the owner's daily scorecard, one row per location and calendar day
-- (every day of MARTS.DIM_DATE, quiet days as zeros). Every rate is stored with its numerator and
-- denominator, so weeks, months and groups of locations are computed by summing the inputs and
-- dividing again (never by averaging daily rates): see MARTS.V_KPI_LOCATION_MONTHLY.
-- Definitions and typical values: docs/kpis.md. Rates are NULL when their denominator is 0.
CREATE TABLE IF NOT EXISTS MARTS.KPI_LOCATION_DAILY (
  LOCATION_ID                 VARCHAR NOT NULL,
  DATE_DAY                    DATE NOT NULL,
  -- revenue
  GROSS_REVENUE               NUMBER(14,2) NOT NULL COMMENT 'gross charges billed, by service date',
  NET_REVENUE                 NUMBER(14,2) NOT NULL COMMENT 'collected: payments received, by receipt date',
  CONTRACTUAL_ADJUSTMENTS     NUMBER(14,2) NOT NULL COMMENT 'write-offs, by adjudication date',
  AR_BALANCE                  NUMBER(14,2) NOT NULL COMMENT 'open A/R at end of day: cumulative charges - adjustments - collections',
  -- exams and doctors
  EXAMS                       NUMBER(9,0) NOT NULL,
  COMPREHENSIVE_EXAMS         NUMBER(9,0) NOT NULL,
  OD_DAYS                     NUMBER(9,0) NOT NULL COMMENT 'doctors who examined at least one patient that day',
  EXAMS_PER_OD_DAY            NUMBER(9,2) COMMENT 'comprehensive exams / OD days',
  REVENUE_PER_COMPREHENSIVE_EXAM NUMBER(12,2) COMMENT 'net revenue / comprehensive exams',
  -- schedule (doctor visits; dispensing visits excluded)
  APPOINTMENTS_SCHEDULED      NUMBER(9,0) NOT NULL COMMENT 'doctor appointments whose slot is that day, any status',
  NO_SHOWS                    NUMBER(9,0) NOT NULL,
  CANCELLATIONS               NUMBER(9,0) NOT NULL COMMENT 'cancelled or rescheduled',
  LATE_CANCELLATIONS          NUMBER(9,0) NOT NULL COMMENT 'cancellations within 24 hours of the slot',
  NO_SHOW_RATE                NUMBER(7,4) COMMENT 'no-shows / appointments scheduled',
  CANCELLATION_RATE           NUMBER(7,4) COMMENT 'cancellations / appointments scheduled',
  BOOKED_MINUTES              NUMBER(9,0) NOT NULL COMMENT 'slot minutes of doctor appointments not cancelled',
  AVAILABLE_MINUTES           NUMBER(9,0) NOT NULL COMMENT 'doctor clinic days x bookable minutes (STAGING.CLINIC_HOURS)',
  SCHEDULE_UTILISATION        NUMBER(7,4) COMMENT 'booked minutes / available minutes',
  -- patients
  PATIENTS_SEEN               NUMBER(9,0) NOT NULL COMMENT 'distinct patients with a kept doctor visit',
  NEW_PATIENTS_SEEN           NUMBER(9,0) NOT NULL,
  RETURNING_PATIENTS_SEEN     NUMBER(9,0) NOT NULL,
  NEW_PATIENT_SHARE           NUMBER(7,4) COMMENT 'new patients seen / patients seen',
  -- optical
  OPTICAL_ORDERS              NUMBER(9,0) NOT NULL COMMENT 'eyewear and contact lens orders placed, not cancelled',
  OPTICAL_REVENUE             NUMBER(14,2) NOT NULL COMMENT 'total of those orders',
  EYEWEAR_ORDERS              NUMBER(9,0) NOT NULL,
  COMPLETE_PAIRS              NUMBER(9,0) NOT NULL COMMENT 'eyewear orders with a frame from the board',
  EYEWEAR_REVENUE             NUMBER(14,2) NOT NULL,
  AVG_EYEWEAR_SALE            NUMBER(12,2) COMMENT 'eyewear revenue / eyewear orders',
  SPECTACLE_RX_PATIENTS       NUMBER(9,0) NOT NULL COMMENT 'exam patients given a spectacle Rx that day',
  EYEWEAR_CAPTURED_PATIENTS   NUMBER(9,0) NOT NULL COMMENT 'of those, patients with an eyewear order filling the Rx',
  OPTICAL_CAPTURE_RATE        NUMBER(7,4) COMMENT 'eyewear captured patients / spectacle Rx patients',
  CL_RX_EXAMS                 NUMBER(9,0) NOT NULL COMMENT 'exams that wrote a contact lens Rx',
  CL_CAPTURED_EXAMS           NUMBER(9,0) NOT NULL COMMENT 'of those, exams with a CL order filling the Rx',
  CL_ORDERS                   NUMBER(9,0) NOT NULL,
  CL_ANNUAL_SUPPLY_ORDERS     NUMBER(9,0) NOT NULL,
  CL_ANNUAL_SUPPLY_RATE       NUMBER(7,4) COMMENT 'annual-supply CL orders / CL orders',
  -- claims and payer mix
  CLAIMS_SUBMITTED            NUMBER(9,0) NOT NULL COMMENT 'claims submitted that day',
  CLAIMS_DENIED               NUMBER(9,0) NOT NULL COMMENT 'of those, denied so far',
  DENIAL_RATE                 NUMBER(7,4) COMMENT 'claims denied / claims submitted',
  BILLED_PRIVATE_PAY          NUMBER(14,2) NOT NULL COMMENT 'gross charges by payer class (payer mix)',
  BILLED_MEDICARE             NUMBER(14,2) NOT NULL,
  BILLED_MEDICAID             NUMBER(14,2) NOT NULL,
  BILLED_VSP                  NUMBER(14,2) NOT NULL,
  BILLED_OTHER_VISION         NUMBER(14,2) NOT NULL,
  BILLED_COMMERCIAL_MEDICAL   NUMBER(14,2) NOT NULL,
  BILLED_OTHER                NUMBER(14,2) NOT NULL,
  UPDATED_AT                  TIMESTAMP_NTZ COMMENT 'when the refresh last changed the row (a recomputed day that comes out the same keeps it)',
  PRIMARY KEY (LOCATION_ID, DATE_DAY)
)
COMMENT = 'daily KPIs per location';
