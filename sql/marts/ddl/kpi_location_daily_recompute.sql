-- Migration: recompute every stored day of MARTS.KPI_LOCATION_DAILY once, on the deploy that changes
-- how a stored column is computed. The refresh recomputes only the days a load touched, so without
-- this a redefined column would keep its old values on every earlier day. It queues each location
-- from its first day in STAGING.KPI_CHANGES; the next graph run recomputes them with the new
-- definitions. On a new tenant the table is empty and nothing is queued. Terraform runs this again
-- only when its text changes: a later redefinition adds its line below.
--   CLAIMS_SUBMITTED, CLAIMS_DENIED, DENIAL_RATE: claims to third-party payers only (no private pay).
--   AVG_EYEWEAR_SALE: eyewear revenue per complete pair (was per eyewear order).
INSERT INTO STAGING.KPI_CHANGES (LOCATION_ID, FROM_DAY)
SELECT LOCATION_ID, MIN(DATE_DAY) FROM MARTS.KPI_LOCATION_DAILY GROUP BY LOCATION_ID
