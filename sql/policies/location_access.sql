-- Row access on every MARTS table and view with a LOCATION_ID: a location manager (the active
-- role) sees only the locations mapped to their user in MARTS.LOCATION_ENTITLEMENTS, which the
-- tenant admin maintains; every other role of the tenant sees all of the tenant's locations.
-- Argument: location_id VARCHAR. Placeholder: {{ROLE_PREFIX}} (e.g. PROD_ACME).
CURRENT_ROLE() <> '{{ROLE_PREFIX}}_LOCATION_MANAGER'
OR EXISTS (
  SELECT 1
  FROM MARTS.LOCATION_ENTITLEMENTS e
  WHERE e.USER_NAME = CURRENT_USER()
    AND e.LOCATION_ID = location_id
)
