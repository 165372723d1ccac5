-- MARTS.DIM_DATE: one row per calendar day the tenant's data spans (first to last activity day).
-- Dense, so daily KPIs have a row for quiet days too; days are only ever added.
CREATE TABLE IF NOT EXISTS MARTS.DIM_DATE (
  DATE_DAY        DATE NOT NULL COMMENT 'the calendar day',
  YEAR            NUMBER(4,0) NOT NULL,
  QUARTER         NUMBER(1,0) NOT NULL,
  MONTH           NUMBER(2,0) NOT NULL,
  MONTH_START     DATE NOT NULL COMMENT 'first day of the month (the KPI_STAFF_MONTHLY grain)',
  MONTH_NAME      VARCHAR NOT NULL COMMENT 'Jan ... Dec',
  WEEK_START      DATE NOT NULL COMMENT 'Monday of the ISO week',
  ISO_DAY_OF_WEEK NUMBER(1,0) NOT NULL COMMENT '1 = Monday ... 7 = Sunday',
  DAY_NAME        VARCHAR NOT NULL COMMENT 'Mon ... Sun',
  IS_WEEKEND      BOOLEAN NOT NULL,
  DAYS_IN_MONTH   NUMBER(2,0) NOT NULL,
  PRIMARY KEY (DATE_DAY)
)
COMMENT = 'calendar days spanning the tenant''s activity';
