-- Migration: MARTS.KPI_LOCATION_DAILY gained UPDATED_AT (when a refresh last changed the row) with
-- its incremental refresh. CREATE TABLE IF NOT EXISTS leaves a table deployed before unchanged, so
-- this adds the column there; on a table created with it, it does nothing.
ALTER TABLE MARTS.KPI_LOCATION_DAILY ADD COLUMN IF NOT EXISTS UPDATED_AT TIMESTAMP_NTZ COMMENT 'when the refresh last changed the row';
