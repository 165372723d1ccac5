-- STAGING.RECOMMENDATION_TARGETS: the tenant's own targets for the recommendation rules of
-- sql/insights/recommendations.sql, one row per rule a tenant may set (`recommendation_targets` in
-- environments/<env>.yaml). A tenant setting, not source data: written when the stack is applied
-- (sql/staging/recommendation_target_overrides.sql); TARGET is NULL where the rule's own applies.
CREATE TABLE IF NOT EXISTS STAGING.RECOMMENDATION_TARGETS (
  RULE_ID    VARCHAR NOT NULL COMMENT 'a rule of MARTS.RECOMMENDATIONS, e.g. OPTICAL_CAPTURE',
  TARGET     NUMBER(12,4) COMMENT 'the tenant''s target, in the rule''s unit (a share, 0.58 = 58%, or exams per OD day); NULL: the rule''s own',
  UPDATED_AT TIMESTAMP_NTZ NOT NULL COMMENT 'when the target was last set',
  PRIMARY KEY (RULE_ID)
)
COMMENT = 'per-tenant recommendation targets (settings), read by MARTS.RECOMMENDATIONS';
