/**
 * `eyecare local sql` as a user runs it: one SQL text, or a file of statements run one by one in
 * one session, each result printed under its first line; `--help` describes a command.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalAccount } from '../../local/account/account';
import { tempDir } from '../helpers/config';
import { eyecare } from './run';

describe('eyecare local sql', () => {
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('local-sql');
    const account = await LocalAccount.open(path.join(dir, 'local.duckdb'));
    const security = account.systemSession('SECURITYADMIN');
    await account.execute(security, "CREATE ROLE READER; CREATE USER TESTER PASSWORD = 'local' DEFAULT_ROLE = READER; GRANT ROLE READER TO USER TESTER");
    await account.execute(account.systemSession('SYSADMIN'), "CREATE DATABASE D; CREATE TABLE D.PUBLIC.T (ID NUMBER); INSERT INTO D.PUBLIC.T VALUES (1), (2)");
    await account.execute(security, 'GRANT USAGE ON DATABASE D TO ROLE READER; GRANT USAGE ON SCHEMA D.PUBLIC TO ROLE READER; GRANT SELECT ON TABLE D.PUBLIC.T TO ROLE READER');
    account.close();
  });

  const run = (args: string[]) => eyecare(['local', 'sql', '--user', 'TESTER', ...args], { EYECARE_LOCAL_DIR: dir, EYECARE_LOCAL_PASSWORD: 'local' });

  it('runs a file statement by statement in one session, each result under its first line, and stops at the first error', () => {
    const file = path.join(dir, 'script.sql');
    fs.writeFileSync(file, "USE DATABASE D;\n-- how many\nSELECT COUNT(*) AS N FROM PUBLIC.T;\nSELECT * FROM PUBLIC.NOPE;\nSELECT 'never' AS X;\n");
    const result = run(['--file', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('-- line 1: USE DATABASE D\n');
    expect(result.stdout).toContain('-- line 3: SELECT COUNT(*) AS N FROM PUBLIC.T\nN\n-\n2\n(1 row)\n');
    expect(result.stdout).toContain('-- line 4: SELECT * FROM PUBLIC.NOPE\n');
    expect(result.stdout).not.toContain('never');
    expect(result.stderr).toContain("002003 (42S02): SQL compilation error:\nObject 'D.PUBLIC.NOPE' does not exist or not authorized.");
  });

  it("prints a NUMBER with its scale's digits, NULL as NULL, and JSON output unformatted", () => {
    const sql = 'SELECT CAST(54172.5 AS NUMBER(12,2)) AS AMOUNT, 7 AS N, 0.25::FLOAT AS RATIO, NULL AS NOTHING';
    expect(run([sql]).stdout).toBe('AMOUNT   | N | RATIO | NOTHING\n---------+---+-------+--------\n54172.50 | 7 | 0.25  | NULL   \n(1 row)\n');
    expect(JSON.parse(run(['--json', sql]).stdout)).toEqual([{ AMOUNT: 54172.5, N: 7, RATIO: 0.25, NOTHING: null }]);
  });

  it('refuses a file it cannot read, and SQL given twice or not at all', () => {
    expect(run(['--file', path.join(dir, 'missing.sql')])).toMatchObject({ status: 2, stderr: `eyecare local sql: cannot read --file ${path.join(dir, 'missing.sql')}: ENOENT\n` });
    for (const args of [[], ['SELECT 1', '--file', 'x.sql']]) {
      expect(run(args)).toMatchObject({ status: 2, stderr: 'eyecare local sql: give exactly one SQL text, quoted, or --file F\n' });
    }
  });

  it('--help prints the command, what it does and its options', () => {
    const help = eyecare(['local', 'sql', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: eyecare local sql --user U [--json] "<sql>" | --file F\n');
    expect(help.stdout).toContain("  --file V  a file of SQL statements separated by ';' ('-' reads standard input); each result is printed\n");
  });
});
