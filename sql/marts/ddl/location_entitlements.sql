-- MARTS.LOCATION_ENTITLEMENTS: which locations each location manager (by user name) may see;
-- the row access policy sql/policies/location_access.sql reads it. Maintained by the tenant admin.
CREATE TABLE IF NOT EXISTS MARTS.LOCATION_ENTITLEMENTS (
  USER_NAME   VARCHAR NOT NULL COMMENT 'Snowflake user name of the location manager',
  LOCATION_ID VARCHAR NOT NULL COMMENT 'location the user may see',
  GRANTED_AT  TIMESTAMP_NTZ COMMENT 'when the entitlement was added',
  PRIMARY KEY (USER_NAME, LOCATION_ID)
)
COMMENT = 'location entitlements of location managers, read by MARTS.LOCATION_ACCESS'
