-- MARTS.V_DATA_SPAN: the days a tenant's marts hold: FIRST_DAY, and AS_OF_DAY, the data's "today".
-- The data carries no clock of its own, so, like the recall view's "last exam day in the data", the
-- as-of day is read from the data: the last day with something that is recorded only once it
-- happened (an exam, a kept visit or no-show, an order, a charge, a collection, a write-off). The
-- days after it hold appointments booked ahead, which have not happened and would dilute the
-- no-show rate, so the headline summary, `eyecare ask` and the insights count days up to it and
-- forecast the days after it. One row; both NULL while the marts are empty.
-- depends on: MARTS.KPI_LOCATION_DAILY
CREATE OR REPLACE VIEW MARTS.V_DATA_SPAN AS
SELECT
  MIN(DATE_DAY) AS FIRST_DAY,
  MAX(IFF(EXAMS > 0 OR PATIENTS_SEEN > 0 OR NO_SHOWS > 0 OR OPTICAL_ORDERS > 0
          OR GROSS_REVENUE <> 0 OR NET_REVENUE <> 0 OR CONTRACTUAL_ADJUSTMENTS <> 0, DATE_DAY, NULL)) AS AS_OF_DAY
FROM MARTS.KPI_LOCATION_DAILY;
