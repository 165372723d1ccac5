-- Row access on every MARTS table and view with a LOCATION_ID: a location manager (the active
-- role) sees only the locations mapped to their user in MARTS.LOCATION_ENTITLEMENTS, which the
-- tenant admin maintains; every other role of the tenant sees all of the tenant's locations.
-- Argument: location_id VARCHAR. Placeholder: {{ROLE_PREFIX}} (e.g. PROD_ACME).
-- The entitlement lookup is an uncorrelated IN, not a correlated EXISTS: it answers the same rows
-- (a NULL location is refused either way) and is one small set per query instead of one lookup
-- per row, which matters on million-row facts that tasks read as the tenant's roles.
CURRENT_ROLE() <> '{{ROLE_PREFIX}}_LOCATION_MANAGER'
OR location_id IN (
  SELECT e.LOCATION_ID
  FROM MARTS.LOCATION_ENTITLEMENTS e
  WHERE e.USER_NAME = CURRENT_USER()
)
