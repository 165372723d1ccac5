-- Undoes public_revoke.sql (terraform destroy of the platform): every role may call Cortex again, as in a new account.
GRANT DATABASE ROLE {{CORTEX_USER_ROLE}} TO ROLE PUBLIC
