-- Cortex AI usage per tenant: each query's AI function calls (one row per query, function and
-- model, per hour a long query spans), with their input and output tokens and the credits billed,
-- attributed to the tenant whose role made them (the query's primary role: a brief runs as the
-- tenant's analyst). Tenant admins read their tenant's rows (policy TENANT_ROWS); the platform
-- admin reads all, the platform's own calls too (no tenant). Set against the cost model's Cortex
-- line (`eyecare cost`, model/cost.ts). COMPONENT comes from the platform's JSON query tags. Every usage row has
-- metrics (tokens, or pages for AI_PARSE_DOCUMENT: TOKENS 0), so FLATTEN keeps them all.
-- Placeholder: {{TENANT_ROLE_PATTERN}} (model/names: group 1 is the upper-case tenant id).
-- Source: SNOWFLAKE.ACCOUNT_USAGE (IMPORTED PRIVILEGES; usage from 2026-01-05, roles and query
-- tags from 2026-02-16, up to 5 minutes behind).
CREATE OR REPLACE SECURE VIEW AUDIT.CORTEX_USAGE
  WITH ROW ACCESS POLICY BENCHMARK.TENANT_ROWS ON (TENANT_ID)
AS
WITH metered AS (
  SELECT
    u.START_TIME,
    u.QUERY_ID,
    u.FUNCTION_NAME,
    u.MODEL_NAME,
    u.ROLE_NAMES[0]::VARCHAR AS ROLE_NAME,
    u.USER_ID,
    u.QUERY_TAG,
    u.CREDITS,
    SUM(IFF(m.value:key:unit::VARCHAR = 'tokens' AND m.value:key:metric::VARCHAR = 'input', m.value:value::NUMBER, 0))  AS INPUT_TOKENS,
    SUM(IFF(m.value:key:unit::VARCHAR = 'tokens' AND m.value:key:metric::VARCHAR = 'output', m.value:value::NUMBER, 0)) AS OUTPUT_TOKENS,
    -- Every token metric: input and output, or the total of functions metered as one count.
    SUM(IFF(m.value:key:unit::VARCHAR = 'tokens', m.value:value::NUMBER, 0))                                             AS TOKENS
  FROM SNOWFLAKE.ACCOUNT_USAGE.CORTEX_AI_FUNCTIONS_USAGE_HISTORY u,
    LATERAL FLATTEN(INPUT => u.METRICS) m
  GROUP BY u.START_TIME, u.QUERY_ID, u.FUNCTION_NAME, u.MODEL_NAME, ROLE_NAME, u.USER_ID, u.QUERY_TAG, u.CREDITS
)
SELECT
  NULLIF(IFF(REGEXP_LIKE(ROLE_NAME, '{{TENANT_ROLE_PATTERN}}'), LOWER(REGEXP_REPLACE(ROLE_NAME, '{{TENANT_ROLE_PATTERN}}', '\\1')), NULL), 'platform') AS TENANT_ID,
  TRY_PARSE_JSON(QUERY_TAG):component::VARCHAR AS COMPONENT,
  START_TIME,
  QUERY_ID,
  FUNCTION_NAME,
  MODEL_NAME,
  ROLE_NAME,
  USER_ID,
  QUERY_TAG,
  INPUT_TOKENS,
  OUTPUT_TOKENS,
  TOKENS,
  CREDITS
FROM metered;
