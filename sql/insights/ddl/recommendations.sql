-- MARTS.RECOMMENDATIONS: what each location could do next, from its last 4 weeks of KPIs held
-- against the typical values practices publish (docs/insights.md, "Recommendations"). One row per
-- location and rule, TRIGGERED where the location falls short by enough data to say so, with the
-- numbers behind it and what closing the gap would be worth over those 4 weeks.
CREATE TABLE IF NOT EXISTS MARTS.RECOMMENDATIONS (
  LOCATION_ID      VARCHAR NOT NULL,
  RULE_ID          VARCHAR NOT NULL COMMENT 'OPTICAL_CAPTURE | NO_SHOW_RATE | SCHEDULE_UTILISATION | EXAMS_PER_OD_DAY | CL_ANNUAL_SUPPLY | UNUSUAL_DAYS',
  AS_OF_DAY        DATE NOT NULL COMMENT 'the last of the 4 weeks (28 days) the rule reads',
  MEASURE          VARCHAR NOT NULL COMMENT 'what the rule holds to its target, in words',
  UNIT             VARCHAR NOT NULL COMMENT 'rate | ratio | count: how VALUE and TARGET read',
  VALUE            NUMBER(12,4) COMMENT 'NUMERATOR / DENOMINATOR; NULL when the denominator is 0',
  NUMERATOR        NUMBER(14,2) NOT NULL,
  DENOMINATOR      NUMBER(14,2) NOT NULL,
  TARGET           NUMBER(12,4) NOT NULL,
  TARGET_SOURCE    VARCHAR COMMENT 'tenant | platform: the tenant''s own target (recommendation_targets in its config) or the rule''s',
  DIRECTION        VARCHAR NOT NULL COMMENT 'below | above: which side of TARGET triggers the rule',
  MIN_DENOMINATOR  NUMBER(14,2) NOT NULL COMMENT 'less data than this and the rule does not judge',
  TYPICAL          VARCHAR NOT NULL COMMENT 'the published typical range (shared/docs/domain.md)',
  OPPORTUNITY_USD  NUMBER(14,2) COMMENT 'revenue over the 4 weeks had the location met TARGET; NULL where a rule has no dollar value',
  ACTION           VARCHAR NOT NULL,
  TRIGGERED        BOOLEAN NOT NULL,
  UPDATED_AT       TIMESTAMP_NTZ COMMENT 'when the refresh last changed the row',
  PRIMARY KEY (LOCATION_ID, RULE_ID)
)
COMMENT = 'recommendations per location, from its last 4 weeks against typical values';
