-- Masking of text PHI (names, contact data, addresses, free text, raw birth dates): clear for the
-- clinical role (and the admin, who holds it) and for the pipeline's owner role that transforms
-- it; a stable SHA-256 for engineers, so joins and distinct counts still work; NULL otherwise.
-- Argument: val VARCHAR. Placeholder: {{ROLE_PREFIX}} (e.g. PROD_ACME).
CASE
  WHEN IS_ROLE_IN_SESSION('{{ROLE_PREFIX}}_CLINICIAN') OR IS_ROLE_IN_SESSION('SYSADMIN') THEN val
  WHEN IS_ROLE_IN_SESSION('{{ROLE_PREFIX}}_ENGINEER') THEN SHA2(val)
  ELSE NULL
END
