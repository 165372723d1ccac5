-- Default clinic hours for every location ('*'): weekdays 8:40-12:00 and 13:00-17:20 (460 bookable
-- minutes), Saturday 9:00-13:00 (240), closed Sunday. A typical independent practice; a tenant
-- overrides a weekday per location by inserting its own row. Only missing rows are inserted, so
-- re-running this file never overwrites a tenant's setting.
-- depends on: STAGING.CLINIC_HOURS
MERGE INTO STAGING.CLINIC_HOURS t
USING (
  SELECT COLUMN1 AS LOCATION_ID, COLUMN2 AS ISO_DAY_OF_WEEK, COLUMN3 AS BOOKABLE_MINUTES
  FROM (VALUES ('*', 1, 460), ('*', 2, 460), ('*', 3, 460), ('*', 4, 460), ('*', 5, 460), ('*', 6, 240), ('*', 7, 0))
) s
ON t.LOCATION_ID = s.LOCATION_ID AND t.ISO_DAY_OF_WEEK = s.ISO_DAY_OF_WEEK
WHEN NOT MATCHED THEN INSERT (LOCATION_ID, ISO_DAY_OF_WEEK, BOOKABLE_MINUTES, UPDATED_AT)
  VALUES (s.LOCATION_ID, s.ISO_DAY_OF_WEEK, s.BOOKABLE_MINUTES, CURRENT_TIMESTAMP());
