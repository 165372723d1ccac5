-- Row access on every platform table and view holding tenant rows (a TENANT_ID column): the
-- platform admin, and SYSADMIN above it that the tasks run as, read every tenant's rows; a
-- tenant's analyst role, and the engineer and admin roles that hold it, read their own tenant's
-- rows only. A row without a tenant is read by the platform admin alone.
-- Argument: tenant_id VARCHAR.
-- Placeholders: {{PLATFORM_ADMIN_ROLE}} (e.g. PROD_PLATFORM_ADMIN); {{TENANT_ROLE_PREFIX}} and
-- {{TENANT_ROLE_SUFFIX}} build the tenant's analyst role from its id (PROD_ || ACME || _ANALYST).
IS_ROLE_IN_SESSION('{{PLATFORM_ADMIN_ROLE}}')
OR IS_ROLE_IN_SESSION('{{TENANT_ROLE_PREFIX}}' || UPPER(tenant_id) || '{{TENANT_ROLE_SUFFIX}}')
