-- Masking of birth dates: clear for the clinical role and the pipeline's owner role, the year
-- only (an age band, enough for demographics) for engineers, NULL otherwise.
-- Argument: val DATE. Placeholder: {{ROLE_PREFIX}} (e.g. PROD_ACME).
CASE
  WHEN IS_ROLE_IN_SESSION('{{ROLE_PREFIX}}_CLINICIAN') OR IS_ROLE_IN_SESSION('SYSADMIN') THEN val
  WHEN IS_ROLE_IN_SESSION('{{ROLE_PREFIX}}_ENGINEER') THEN DATE_TRUNC('year', val)
  ELSE NULL
END
