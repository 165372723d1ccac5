-- STAGING.V_CLINIC_MINUTES: bookable doctor minutes per location and ISO weekday as the KPIs use
-- them, STAGING.CLINIC_HOURS with its '*' default resolved (no row at all means 0). One definition
-- for MART_KPI_LOCATION_DAILY's utilisation and for its check against the minutes it last applied.
CREATE OR REPLACE VIEW STAGING.V_CLINIC_MINUTES AS
SELECT l.LOCATION_ID, w.ISO_DAY_OF_WEEK, COALESCE(own.BOOKABLE_MINUTES, fallback.BOOKABLE_MINUTES, 0) AS BOOKABLE_MINUTES
FROM STAGING.STG_PMS__LOCATIONS l
CROSS JOIN (SELECT COLUMN1 AS ISO_DAY_OF_WEEK FROM (VALUES (1), (2), (3), (4), (5), (6), (7))) w
LEFT JOIN STAGING.CLINIC_HOURS own ON own.LOCATION_ID = l.LOCATION_ID AND own.ISO_DAY_OF_WEEK = w.ISO_DAY_OF_WEEK
LEFT JOIN STAGING.CLINIC_HOURS fallback ON fallback.LOCATION_ID = '*' AND fallback.ISO_DAY_OF_WEEK = w.ISO_DAY_OF_WEEK;
