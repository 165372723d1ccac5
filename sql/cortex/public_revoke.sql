-- Cortex AI functions bill per token, and a new account lets every role call them (through
-- PUBLIC). Only the roles granted the database role themselves may: the analysts (and the roles
-- above them) of tenants with features.cortex.
REVOKE DATABASE ROLE {{CORTEX_USER_ROLE}} FROM ROLE PUBLIC
