import { SqlFileError, dependsOn, qualifyForDatabase, renderSql } from '../../constructs/sql';

describe('the sql/ loader', () => {
  it('qualifies schema-relative names for the provider, leaving strings, identifiers and comments alone', () => {
    const sql = `CREATE TABLE IF NOT EXISTS STAGING.X (A VARCHAR COMMENT 'see STAGING.Y', "MARTS.Q" INT) -- STAGING.Z\nAS SELECT * FROM marts.q JOIN other.STAGING.B, $$ RAW.T $$`;
    expect(qualifyForDatabase(sql, 'PROD_ACME')).toBe(
      `CREATE TABLE IF NOT EXISTS "PROD_ACME".STAGING.X (A VARCHAR COMMENT 'see STAGING.Y', "MARTS.Q" INT) -- STAGING.Z\nAS SELECT * FROM "PROD_ACME".marts.q JOIN other.STAGING.B, $$ RAW.T $$`,
    );
  });

  it('fills only the allowed placeholders and names the file when one has no value', () => {
    expect(renderSql('policies/phi_text.sql', { ROLE_PREFIX: 'PROD_ACME' })).toContain("IS_ROLE_IN_SESSION('PROD_ACME_CLINICIAN')");
    expect(() => renderSql('policies/phi_text.sql')).toThrow(/sql\/policies\/phi_text.sql: placeholder \{\{ROLE_PREFIX\}\} has no value/);
    expect(() => renderSql('policies/nope.sql')).toThrow(SqlFileError);
  });

  it('reads the dependencies a body declares', () => {
    expect(dependsOn('tasks/finalizer.sql')).toEqual(['STAGING.PIPELINE_RUNS', 'STAGING.QUARANTINE', 'STAGING.DQ_RESULTS']);
  });
});
