-- Who read which PHI column: every column with a masking policy that a query read, attributed to
-- the tenant whose database holds it (so reads by the platform's roles and tasks show up too).
-- A masked read still counts: the question is who asked for the column, not what came back.
-- Placeholder: {{TENANT_DATABASE_PATTERN}} (model/names: group 1 is the upper-case tenant id).
-- Source: SNOWFLAKE.ACCOUNT_USAGE ACCESS_HISTORY (base objects and columns), POLICY_REFERENCES,
-- QUERY_HISTORY (role and tag).
CREATE OR REPLACE SECURE VIEW AUDIT.PHI_ACCESS
  WITH ROW ACCESS POLICY BENCHMARK.TENANT_ROWS ON (TENANT_ID)
AS
WITH columns_read AS (
  SELECT
    a.QUERY_ID,
    a.QUERY_START_TIME,
    a.USER_NAME,
    o.value:objectName::VARCHAR  AS OBJECT_NAME,
    c.value:columnName::VARCHAR  AS COLUMN_NAME
  FROM SNOWFLAKE.ACCOUNT_USAGE.ACCESS_HISTORY a,
    LATERAL FLATTEN(INPUT => a.BASE_OBJECTS_ACCESSED) o,
    LATERAL FLATTEN(INPUT => o.value:columns) c
),
phi_columns AS (
  SELECT REF_DATABASE_NAME, REF_DATABASE_NAME || '.' || REF_SCHEMA_NAME || '.' || REF_ENTITY_NAME AS OBJECT_NAME, REF_COLUMN_NAME, POLICY_NAME
  FROM SNOWFLAKE.ACCOUNT_USAGE.POLICY_REFERENCES
  WHERE POLICY_KIND = 'MASKING_POLICY'
)
SELECT
  NULLIF(IFF(REGEXP_LIKE(p.REF_DATABASE_NAME, '{{TENANT_DATABASE_PATTERN}}'), LOWER(REGEXP_REPLACE(p.REF_DATABASE_NAME, '{{TENANT_DATABASE_PATTERN}}', '\\1')), NULL), 'platform') AS TENANT_ID,
  r.QUERY_START_TIME                               AS READ_AT,
  r.USER_NAME,
  q.ROLE_NAME,
  TRY_PARSE_JSON(q.QUERY_TAG):component::VARCHAR   AS COMPONENT,
  r.OBJECT_NAME,
  r.COLUMN_NAME,
  p.POLICY_NAME                                    AS MASKING_POLICY,
  r.QUERY_ID
FROM columns_read r
JOIN phi_columns p ON p.OBJECT_NAME = r.OBJECT_NAME AND p.REF_COLUMN_NAME = r.COLUMN_NAME
LEFT JOIN SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY q ON q.QUERY_ID = r.QUERY_ID
