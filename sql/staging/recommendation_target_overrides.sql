-- The tenant's recommendation targets from its config (`recommendation_targets` in
-- environments/<env>.yaml): one row per rule a tenant may set, its target or NULL (the rule's own
-- target in sql/insights/recommendations.sql applies), so a target taken out of the config goes
-- back to the rule's own at the next apply. Changed rows only: a re-run writes nothing.
-- Placeholder: {{TARGET_VALUES}}, rows (rule id, target or NULL) built from validated config values only.
-- depends on: STAGING.RECOMMENDATION_TARGETS
MERGE INTO STAGING.RECOMMENDATION_TARGETS t
USING (
  SELECT COLUMN1 AS RULE_ID, CAST(COLUMN2 AS NUMBER(12,4)) AS TARGET
  FROM (VALUES {{TARGET_VALUES}})
) s
ON t.RULE_ID = s.RULE_ID
WHEN MATCHED AND NOT EQUAL_NULL(t.TARGET, s.TARGET) THEN UPDATE SET TARGET = s.TARGET, UPDATED_AT = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (RULE_ID, TARGET, UPDATED_AT) VALUES (s.RULE_ID, s.TARGET, CURRENT_TIMESTAMP())
