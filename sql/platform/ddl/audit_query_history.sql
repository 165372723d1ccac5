-- Every query in the account, attributed to a tenant: by the tenant role that ran it, or, for the
-- platform's own roles and SYSADMIN (tasks), by the tenant database it ran in. Tenant admins read
-- their tenant's rows (policy TENANT_ROWS); the platform admin reads all. The query text is left
-- out: literals in it can carry PHI or secrets. COMPONENT comes from the platform's JSON query tags.
-- Placeholders: {{TENANT_ROLE_PATTERN}}, {{TENANT_DATABASE_PATTERN}} (model/names: group 1 is the
-- upper-case tenant id). Source: SNOWFLAKE.ACCOUNT_USAGE (IMPORTED PRIVILEGES, up to 3 h latency).
CREATE OR REPLACE SECURE VIEW AUDIT.QUERY_HISTORY
  WITH ROW ACCESS POLICY BENCHMARK.TENANT_ROWS ON (TENANT_ID)
AS
WITH attributed AS (
  SELECT
    q.*,
    NULLIF(IFF(REGEXP_LIKE(q.ROLE_NAME, '{{TENANT_ROLE_PATTERN}}'), LOWER(REGEXP_REPLACE(q.ROLE_NAME, '{{TENANT_ROLE_PATTERN}}', '\\1')), NULL), 'platform') AS ROLE_TENANT,
    NULLIF(IFF(REGEXP_LIKE(q.DATABASE_NAME, '{{TENANT_DATABASE_PATTERN}}'), LOWER(REGEXP_REPLACE(q.DATABASE_NAME, '{{TENANT_DATABASE_PATTERN}}', '\\1')), NULL), 'platform') AS DATABASE_TENANT
  FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY q
)
SELECT
  COALESCE(ROLE_TENANT, DATABASE_TENANT)            AS TENANT_ID,
  TRY_PARSE_JSON(QUERY_TAG):component::VARCHAR      AS COMPONENT,
  QUERY_ID,
  START_TIME,
  END_TIME,
  USER_NAME,
  ROLE_NAME,
  DATABASE_NAME,
  SCHEMA_NAME,
  QUERY_TYPE,
  QUERY_TAG,
  EXECUTION_STATUS,
  ERROR_CODE,
  TOTAL_ELAPSED_TIME,
  ROWS_PRODUCED
FROM attributed
