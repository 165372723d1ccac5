-- The days a tenant's marts hold: FIRST_DAY, and AS_OF_DAY, the data's "today". The data carries
-- no clock of its own, so, like the recall view's "last exam day in the data", the as-of day is
-- read from the data: the last day with something that is recorded only once it happened (an exam,
-- a kept visit or no-show, an order, a charge, a collection, a write-off). The days after it hold
-- appointments booked ahead, which have not happened and would dilute the no-show rate, so the
-- headline summary and `eyecare ask` count days up to it and no further. Both are YYYY-MM-DD
-- text, which every client reads alike (snowflake-sdk turns a DATE into a JavaScript Date).
SELECT
  TO_VARCHAR(MIN(DATE_DAY), 'YYYY-MM-DD') AS FIRST_DAY,
  TO_VARCHAR(MAX(IFF(EXAMS > 0 OR PATIENTS_SEEN > 0 OR NO_SHOWS > 0 OR OPTICAL_ORDERS > 0
          OR GROSS_REVENUE <> 0 OR NET_REVENUE <> 0 OR CONTRACTUAL_ADJUSTMENTS <> 0, DATE_DAY, NULL)), 'YYYY-MM-DD') AS AS_OF_DAY
FROM MARTS.KPI_LOCATION_DAILY
