/**
 * Grants and ownership across replacing and dropping, as in Snowflake: CREATE OR REPLACE makes a
 * new object without the old one's grants (unless COPY GRANTS), and a dropped role's objects pass
 * to the role that dropped it.
 */
import { LocalAccount, Session } from '../../../local/account/account';
import { openAccount, rows } from '../../helpers/account';

describe('grants and ownership across replace and drop', () => {
  let account: LocalAccount;
  let sysadmin: Session;
  let security: Session;
  const canRead = async (role: string, table: string) =>
    rows(account, account.systemSession(role), `SELECT * FROM ${table}`).then(
      () => true,
      () => false,
    );

  beforeEach(async () => {
    ({ account } = await openAccount());
    sysadmin = account.systemSession('SYSADMIN');
    security = account.systemSession('SECURITYADMIN');
    await account.execute(sysadmin, 'CREATE DATABASE D; CREATE SCHEMA D.S; CREATE TABLE D.S.T (A INT)');
    await account.execute(security, 'CREATE ROLE READER; GRANT USAGE ON DATABASE D TO ROLE READER; GRANT USAGE ON SCHEMA D.S TO ROLE READER; GRANT SELECT ON TABLE D.S.T TO ROLE READER');
  });
  afterEach(() => account.close());

  it('CREATE OR REPLACE drops the old grants; COPY GRANTS keeps them', async () => {
    expect(await canRead('READER', 'D.S.T')).toBe(true);
    await account.execute(sysadmin, 'CREATE OR REPLACE TABLE D.S.T (A INT, SECRET VARCHAR) COPY GRANTS');
    expect(await canRead('READER', 'D.S.T')).toBe(true);
    await account.execute(sysadmin, 'CREATE OR REPLACE TABLE D.S.T (A INT, SECRET VARCHAR)');
    expect(await canRead('READER', 'D.S.T')).toBe(false);
  });

  it("a dropped role's objects pass to the role that dropped it; a new role of that name owns nothing", async () => {
    await account.execute(security, 'CREATE ROLE MAKER; GRANT ROLE MAKER TO ROLE SYSADMIN; GRANT USAGE ON DATABASE D TO ROLE MAKER; GRANT USAGE, CREATE TABLE ON SCHEMA D.S TO ROLE MAKER');
    await account.execute(account.systemSession('MAKER'), 'CREATE TABLE D.S.MADE (A INT)');
    await account.execute(security, 'DROP ROLE MAKER');
    await account.execute(security, 'CREATE ROLE MAKER; GRANT USAGE ON DATABASE D TO ROLE MAKER; GRANT USAGE ON SCHEMA D.S TO ROLE MAKER');
    await account.execute(sysadmin, 'GRANT USAGE ON DATABASE D TO ROLE SECURITYADMIN; GRANT USAGE ON SCHEMA D.S TO ROLE SECURITYADMIN');
    expect(await canRead('MAKER', 'D.S.MADE')).toBe(false);
    expect(await canRead('SECURITYADMIN', 'D.S.MADE')).toBe(true);
  });
});
