-- The tenant's first and as-of day (MARTS.V_DATA_SPAN, which defines them) as YYYY-MM-DD text,
-- which every client reads alike (snowflake-sdk turns a DATE into a JavaScript Date).
SELECT TO_VARCHAR(FIRST_DAY, 'YYYY-MM-DD') AS FIRST_DAY, TO_VARCHAR(AS_OF_DAY, 'YYYY-MM-DD') AS AS_OF_DAY
FROM MARTS.V_DATA_SPAN
