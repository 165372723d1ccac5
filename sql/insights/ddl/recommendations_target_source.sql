-- Migration: MARTS.RECOMMENDATIONS gained TARGET_SOURCE (whose target a rule holds a location to)
-- when tenants could set their own targets. CREATE TABLE IF NOT EXISTS leaves a table deployed
-- before unchanged, so this adds the column there; on a table created with it, it does nothing.
ALTER TABLE MARTS.RECOMMENDATIONS ADD COLUMN IF NOT EXISTS TARGET_SOURCE VARCHAR COMMENT 'tenant | platform: the tenant''s own target (recommendation_targets in its config) or the rule''s';
