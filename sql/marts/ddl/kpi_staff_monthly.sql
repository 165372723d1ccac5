-- MARTS.KPI_STAFF_MONTHLY: productivity and commission per staff member and calendar month, for
-- every month of MARTS.DIM_DATE the person was employed (quiet months as zeros).
-- Definitions: docs/kpis.md ("Staff productivity", "Commission earned").
CREATE TABLE IF NOT EXISTS MARTS.KPI_STAFF_MONTHLY (
  STAFF_ID              VARCHAR NOT NULL,
  MONTH_START           DATE NOT NULL,
  HOME_LOCATION_ID      VARCHAR NOT NULL,
  ROLE                  VARCHAR NOT NULL,
  COMMISSION_PLAN       VARCHAR NOT NULL COMMENT 'current plan of the person (rules in STAGING.COMMISSION_RULES)',
  EXAMS                 NUMBER(9,0) NOT NULL COMMENT 'exams performed (doctors)',
  COMPREHENSIVE_EXAMS   NUMBER(9,0) NOT NULL,
  CLINIC_DAYS           NUMBER(9,0) NOT NULL COMMENT 'days with at least one exam performed',
  EXAMS_PER_CLINIC_DAY  NUMBER(9,2) COMMENT 'comprehensive exams / clinic days',
  REVENUE_ATTRIBUTED    NUMBER(14,2) NOT NULL COMMENT 'gross charges where the person is the rendering provider, by service month',
  DISPENSARY_ORDERS     NUMBER(9,0) NOT NULL COMMENT 'optical orders the person sold, not cancelled',
  DISPENSARY_SALES      NUMBER(14,2) NOT NULL COMMENT 'total of those orders, by order month',
  AR_COATING_PAIRS      NUMBER(9,0) NOT NULL COMMENT 'eyewear orders sold with AR coating',
  PROGRESSIVE_PAIRS     NUMBER(9,0) NOT NULL COMMENT 'eyewear orders sold with progressive lenses',
  SECOND_PAIRS          NUMBER(9,0) NOT NULL COMMENT 'second pairs sold on the same prescription',
  DISPENSARY_RATE       NUMBER(6,4) NOT NULL COMMENT 'rate of the plan, 0 without a rule',
  DISPENSARY_COMMISSION NUMBER(12,2) NOT NULL COMMENT 'dispensary sales x rate',
  SPIFFS                NUMBER(12,2) NOT NULL COMMENT 'AR, progressive and second-pair spiffs of the plan',
  COMMISSION_EARNED     NUMBER(12,2) NOT NULL COMMENT 'dispensary commission + spiffs',
  PRIMARY KEY (STAFF_ID, MONTH_START)
)
COMMENT = 'monthly productivity and commission per staff member';
