import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecuteOptions, LocalEngine } from '../../../local/engine/engine';
import { SnowflakeError, UnsupportedSqlError } from '../../../local/engine/errors';

let engine: LocalEngine;

beforeAll(async () => {
  engine = await LocalEngine.open(':memory:');
  await engine.execute(`
    CREATE DATABASE local_acme;
    CREATE SCHEMA raw;
    CREATE TABLE raw.appointments (id INT, location_id STRING, status STRING);
    INSERT INTO raw.appointments VALUES (1, 'downtown', 'arrived'), (2, 'uptown', 'no-show');
    CREATE DATABASE local_platform;
    CREATE SCHEMA benchmark;
    CREATE TABLE benchmark.locations (location_id STRING, state STRING);
    INSERT INTO benchmark.locations VALUES ('downtown', 'TX'), ('uptown', 'NY');
  `);
});

afterAll(() => engine.close());

describe('databases, schemas and context', () => {
  test('CREATE DATABASE makes it current with its PUBLIC schema, like Snowflake', async () => {
    const result = await engine.execute('CREATE DATABASE ctx_db');
    expect(result.rows).toEqual([['Database CTX_DB successfully created.']]);
    expect(result.context).toEqual({ database: 'CTX_DB', schema: 'PUBLIC' });
  });

  test('USE DATABASE / USE SCHEMA return the new context', async () => {
    expect((await engine.execute('USE DATABASE local_acme')).context).toEqual({ database: 'LOCAL_ACME', schema: 'PUBLIC' });
    expect((await engine.execute('USE SCHEMA local_acme.raw')).context).toEqual({ database: 'LOCAL_ACME', schema: 'RAW' });
    expect((await engine.execute('USE local_acme.raw')).context).toEqual({ database: 'LOCAL_ACME', schema: 'RAW' });
    expect((await engine.execute('USE local_platform')).context).toEqual({ database: 'LOCAL_PLATFORM', schema: 'PUBLIC' });
  });

  test('role and user stay in the context across USE', async () => {
    const result = await engine.execute('USE SCHEMA local_acme.raw; SELECT CURRENT_ROLE(), CURRENT_DATABASE()', { role: 'LOCAL_ACME_ANALYST', user: 'ANN' });
    expect(result.rows).toEqual([['LOCAL_ACME_ANALYST', 'LOCAL_ACME']]);
    expect(result.context).toEqual({ database: 'LOCAL_ACME', schema: 'RAW', role: 'LOCAL_ACME_ANALYST', user: 'ANN' });
  });

  test('context from USE carries to later statements of the same call', async () => {
    const result = await engine.execute('USE SCHEMA local_acme.raw; SELECT COUNT(*) AS n FROM appointments');
    expect(result.rows).toEqual([[2]]);
    expect(result.context).toEqual({ database: 'LOCAL_ACME', schema: 'RAW' });
  });

  test('a database with no schemas still exists and is listed', async () => {
    await engine.execute('CREATE DATABASE empty_db; DROP SCHEMA empty_db.public');
    const databases = await engine.execute("SHOW DATABASES LIKE 'empty%'");
    expect(databases.rows.map((row) => row[1])).toEqual(['EMPTY_DB']);
    expect((await engine.execute('SHOW SCHEMAS IN DATABASE empty_db')).rows).toEqual([]);
    expect((await engine.execute('USE DATABASE empty_db')).context).toEqual({ database: 'EMPTY_DB' });
  });

  test('SHOW DATABASES / SCHEMAS / TABLES / VIEWS have Snowflake columns', async () => {
    await engine.execute("CREATE OR REPLACE VIEW raw.v_arrived AS SELECT * FROM raw.appointments WHERE status = 'arrived'", { database: 'LOCAL_ACME' });
    const databases = await engine.execute('SHOW DATABASES', { database: 'LOCAL_ACME' });
    expect(databases.columns.map((c) => c.name)).toEqual(['created_on', 'name', 'is_default', 'is_current', 'origin', 'owner', 'comment', 'options', 'retention_time', 'kind']);
    expect(databases.rows.find((row) => row[1] === 'LOCAL_ACME')?.[3]).toBe('Y');
    const schemas = await engine.execute('SHOW SCHEMAS IN DATABASE local_acme');
    expect(schemas.rows.map((row) => [row[1], row[4]])).toEqual([
      ['PUBLIC', 'LOCAL_ACME'],
      ['RAW', 'LOCAL_ACME'],
    ]);
    const tables = await engine.execute('SHOW TABLES IN SCHEMA local_acme.raw');
    expect(tables.columns.map((c) => c.name)).toEqual(['created_on', 'name', 'database_name', 'schema_name', 'kind', 'comment', 'cluster_by', 'rows', 'bytes', 'owner', 'retention_time']);
    expect(tables.rows.map((row) => [row[1], row[2], row[3], row[7]])).toEqual([['APPOINTMENTS', 'LOCAL_ACME', 'RAW', 2]]);
    const views = await engine.execute("SHOW VIEWS LIKE 'v_%' IN ACCOUNT");
    expect(views.rows.map((row) => [row[1], row[3], row[4]])).toEqual([['V_ARRIVED', 'LOCAL_ACME', 'RAW']]);
    expect((await engine.execute('SELECT id FROM raw.v_arrived', { database: 'LOCAL_ACME' })).rows).toEqual([[1]]);
  });

  test('tables and views keep when they were created: OR REPLACE renews it, IF NOT EXISTS and RENAME keep it, DROP and ROLLBACK leave none', async () => {
    await engine.execute('CREATE DATABASE born; CREATE SCHEMA s; CREATE TABLE t (a INT); CREATE VIEW v AS SELECT a FROM t');
    const createdOn = async () => new Map((await engine.execute('SHOW TABLES IN SCHEMA born.s')).rows.map((row) => [row[1], row[0]]));
    const first = (await createdOn()).get('T');
    expect(first).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    await engine.execute('CREATE TABLE IF NOT EXISTS born.s.t (a INT)');
    expect((await createdOn()).get('T')).toBe(first);
    await engine.execute('CREATE OR REPLACE TABLE born.s.t (a INT)');
    const replaced = (await createdOn()).get('T');
    expect(Date.parse(String(replaced))).toBeGreaterThan(Date.parse(String(first)));
    await engine.execute('ALTER TABLE born.s.t RENAME TO born.s.renamed');
    expect(await createdOn()).toEqual(new Map([['RENAMED', replaced]]));
    const undone = (await engine.execute("BEGIN; CREATE TABLE born.s.undone (a INT); SHOW TABLES LIKE 'UNDONE' IN SCHEMA born.s")).rows[0]![0];
    await engine.execute('ROLLBACK; CREATE TABLE IF NOT EXISTS born.s.undone (a INT)');
    // A time the rolled-back CREATE had left behind would be kept by IF NOT EXISTS.
    expect(Date.parse(String((await createdOn()).get('UNDONE')))).toBeGreaterThan(Date.parse(String(undone)));
    await engine.execute('DROP TABLE born.s.undone; DROP TABLE born.s.renamed; CREATE TABLE born.s.renamed (b INT)');
    const recreated = (await createdOn()).get('RENAMED');
    expect(Date.parse(String(recreated))).toBeGreaterThan(Date.parse(String(replaced)));

    const view = (await engine.execute('SHOW VIEWS IN SCHEMA born.s')).rows.map((row) => [row[1], row[0]]);
    expect(view).toEqual([['V', expect.stringMatching(/^\d{4}-/)]]);
    const listed = await engine.execute("SELECT TABLE_NAME, TABLE_TYPE, CREATED, LAST_ALTERED FROM born.INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'S' ORDER BY 1");
    expect(listed.rows).toEqual([
      ['RENAMED', 'BASE TABLE', recreated, null],
      ['V', 'VIEW', view[0]![1], view[0]![1]],
    ]);
    // Dropping the database forgets its objects: a table of the same name made later is new.
    await engine.execute('DROP DATABASE born; CREATE DATABASE born; CREATE SCHEMA s; CREATE TABLE IF NOT EXISTS renamed (a INT)');
    expect(Date.parse(String((await createdOn()).get('RENAMED')))).toBeGreaterThan(Date.parse(String(recreated)));
    await engine.execute('DROP DATABASE born');
  });

  test("COMMENT ON keeps a database's and schema's comment, and checks that a table, view or column exists", async () => {
    await engine.execute('CREATE DATABASE noted; CREATE SCHEMA s; CREATE TABLE t (a INT); CREATE VIEW v AS SELECT a FROM t');
    const session = { database: 'NOTED', schema: 'S' };
    await engine.execute("COMMENT ON DATABASE noted IS 'eyecare'; COMMENT ON SCHEMA s IS 'staged data'", session);
    expect((await engine.execute("SHOW DATABASES LIKE 'NOTED'")).rows[0]![6]).toBe('eyecare');
    expect((await engine.execute("SHOW SCHEMAS LIKE 'S' IN DATABASE noted")).rows[0]![6]).toBe('staged data');
    for (const sql of ["COMMENT ON TABLE t IS 'x'", "COMMENT ON VIEW v IS 'x'", "COMMENT ON COLUMN t.a IS 'x'", "COMMENT ON COLUMN noted.s.t.a IS 'x'", "COMMENT IF EXISTS ON TABLE gone IS 'x'"]) {
      expect((await engine.execute(sql, session)).rows).toEqual([['Statement executed successfully.']]);
    }
    await expect(engine.execute("COMMENT ON TABLE gone IS 'x'", session)).rejects.toMatchObject({ code: '002003' });
    await expect(engine.execute("COMMENT ON COLUMN t.b IS 'x'", session)).rejects.toMatchObject({ code: '000904' });
    await expect(engine.execute("COMMENT ON STAGE st IS 'x'", session)).rejects.toThrow("Unsupported feature 'COMMENT ON STAGE'");
    await engine.execute('DROP DATABASE noted');
  });

  test('SHOW ... STARTS WITH and LIMIT ... FROM page through the names in order, as the references describe', async () => {
    await engine.execute('CREATE DATABASE paged; CREATE SCHEMA s; CREATE TABLE a1 (x INT); CREATE TABLE b1 (x INT); CREATE TABLE b2 (x INT); CREATE TABLE c1 (x INT)');
    const names = async (sql: string) => (await engine.execute(sql)).rows.map((row) => row[1]);
    expect(await names("SHOW TABLES IN SCHEMA paged.s STARTS WITH 'B'")).toEqual(['B1', 'B2']);
    expect(await names("SHOW TABLES IN SCHEMA paged.s STARTS WITH 'b'")).toEqual([]);
    expect(await names('SHOW TABLES IN SCHEMA paged.s LIMIT 2')).toEqual(['A1', 'B1']);
    expect(await names("SHOW TABLES IN SCHEMA paged.s LIMIT 2 FROM 'B1'")).toEqual(['B2', 'C1']);
    expect(await names("SHOW TERSE TABLES IN DATABASE paged STARTS WITH 'B' LIMIT 1 FROM 'B'")).toEqual(['B1']);
    // The references' examples of the two together: STARTS WITH 'A' ... FROM 'B' returns nothing.
    expect(await names("SHOW TABLES IN SCHEMA paged.s STARTS WITH 'A' LIMIT 5 FROM 'B'")).toEqual([]);
    expect(await names("SHOW SCHEMAS IN DATABASE paged STARTS WITH 'S'")).toEqual(['S']);
    await expect(engine.execute('SHOW TABLES LIMIT 10001')).rejects.toThrow('expected the number of rows after LIMIT, from 1 to 10000');
    await engine.execute('DROP DATABASE paged');
  });

  test('SHOW TERSE gives the five columns of the references, NULL where they do not apply', async () => {
    const terse = async (sql: string) => {
      const result = await engine.execute(sql);
      return { columns: result.columns.map((c) => c.name), first: result.rows[0]?.slice(1) };
    };
    const five = ['created_on', 'name', 'kind', 'database_name', 'schema_name'];
    expect(await terse("SHOW TERSE DATABASES LIKE 'LOCAL_ACME'")).toEqual({ columns: five, first: ['LOCAL_ACME', null, null, null] });
    expect(await terse("SHOW TERSE SCHEMAS LIKE 'RAW' IN DATABASE local_acme")).toEqual({ columns: five, first: ['RAW', null, 'LOCAL_ACME', null] });
    expect(await terse("SHOW TERSE TABLES LIKE 'APPOINTMENTS' IN SCHEMA local_acme.raw")).toEqual({ columns: five, first: ['APPOINTMENTS', 'TABLE', 'LOCAL_ACME', 'RAW'] });
    expect(await terse('SHOW TERSE VIEWS IN SCHEMA local_acme.raw')).toMatchObject({ columns: five });
    await expect(engine.execute('SHOW TERSE COLUMNS IN TABLE local_acme.raw.appointments')).rejects.toThrow('SHOW COLUMNS has no TERSE form');
  });

  test("SHOW's IN follows Snowflake's SHOW TABLES reference: a bare name is a schema, an IN without a name what is in use", async () => {
    const names = async (sql: string, session: ExecuteOptions) => (await engine.execute(sql, session)).rows.map((row) => `${row[2]}.${row[3]}.${row[1]}`);
    const inDatabase = { database: 'LOCAL_ACME' };
    expect(await names('SHOW TABLES IN raw', inDatabase)).toEqual(await names('SHOW TABLES IN SCHEMA local_acme.raw', {}));
    expect(await names('SHOW TABLES IN raw', inDatabase)).toContain('LOCAL_ACME.RAW.APPOINTMENTS');
    // IN SCHEMA with a database but no schema in use lists the database; with neither, the account.
    expect(await names('SHOW TABLES IN SCHEMA', inDatabase)).toEqual(await names('SHOW TABLES IN DATABASE local_acme', {}));
    expect(await names('SHOW TABLES IN SCHEMA', {})).toEqual(await names('SHOW TABLES IN ACCOUNT', {}));
    expect(await names('SHOW TABLES IN DATABASE', {})).toEqual(await names('SHOW TABLES IN ACCOUNT', {}));
    expect(await names('SHOW TABLES IN SCHEMA', { database: 'LOCAL_PLATFORM', schema: 'BENCHMARK' })).toEqual(['LOCAL_PLATFORM.BENCHMARK.LOCATIONS']);
    await expect(engine.execute('SHOW TABLES IN raw')).rejects.toMatchObject({ code: '002003', message: 'SQL compilation error: Object does not exist, or operation cannot be performed.' });
    // A bare name that is no schema of the current database may name a database (SHOW VIEWS' reference: the keyword is optional).
    expect(await names('SHOW TABLES IN local_platform', inDatabase)).toEqual(['LOCAL_PLATFORM.BENCHMARK.LOCATIONS']);
    await expect(engine.execute('SHOW TABLES IN nothing', inDatabase)).rejects.toMatchObject({ code: '002003', message: expect.stringContaining("Schema 'LOCAL_ACME.NOTHING' does not exist") });
    // SHOW COLUMNS IN <name>: a table or view; SHOW SCHEMAS IN <name>: a database.
    expect((await engine.execute('SHOW COLUMNS IN raw.appointments', inDatabase)).rows.map((row) => row[2])).toEqual(['ID', 'LOCATION_ID', 'STATUS']);
    expect((await engine.execute('SHOW SCHEMAS IN local_acme')).rows.map((row) => row[1])).toContain('RAW');
  });

  test('CREATE OR REPLACE DATABASE drops its contents; IF NOT EXISTS keeps them', async () => {
    await engine.execute('CREATE DATABASE scratch; CREATE TABLE t (a INT)');
    await engine.execute('CREATE DATABASE IF NOT EXISTS scratch');
    expect((await engine.execute('SHOW TABLES IN DATABASE scratch')).rows).toHaveLength(1);
    await engine.execute('CREATE OR REPLACE DATABASE scratch');
    expect((await engine.execute('SHOW TABLES IN DATABASE scratch')).rows).toHaveLength(0);
    await engine.execute('DROP DATABASE scratch');
    expect((await engine.execute("SHOW DATABASES LIKE 'SCRATCH'")).rows).toHaveLength(0);
  });
});

describe('names', () => {
  test('three-part names join across two databases', async () => {
    const result = await engine.execute(`
      SELECT a.id, l.state
        FROM local_acme.raw.appointments a
        JOIN local_platform.benchmark.locations l ON l.location_id = a.location_id
       ORDER BY a.id`);
    expect(result.rows).toEqual([
      [1, 'TX'],
      [2, 'NY'],
    ]);
  });

  test('unquoted identifiers are upper case; quoted ones keep their case', async () => {
    const session = { database: 'LOCAL_ACME', schema: 'RAW' };
    await engine.execute('CREATE TABLE "mixedCase" ("Id" INT, plain INT); INSERT INTO "mixedCase" VALUES (1, 2)', session);
    const result = await engine.execute('SELECT "Id", plain, PLAIN AS "lower" FROM "mixedCase"', session);
    expect(result.columns.map((c) => c.name)).toEqual(['Id', 'PLAIN', 'lower']);
    expect(result.rows).toEqual([[1, 2, 2]]);
    await expect(engine.execute('SELECT * FROM mixedCase', session)).rejects.toMatchObject({
      code: '002003',
      message: "SQL compilation error:\nObject 'LOCAL_ACME.RAW.MIXEDCASE' does not exist or not authorized.",
    });
  });
});

describe('errors', () => {
  test('an unknown table is 002003 / 42S02 with Snowflake wording', async () => {
    const error = await engine.execute('SELECT * FROM local_acme.raw.nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnowflakeError);
    expect(error).toMatchObject({
      code: '002003',
      sqlState: '42S02',
      message: "SQL compilation error:\nObject 'LOCAL_ACME.RAW.NOPE' does not exist or not authorized.",
    });
  });

  test('an unknown database is 002003 / 02000', async () => {
    await expect(engine.execute('USE DATABASE nowhere')).rejects.toMatchObject({
      code: '002003',
      sqlState: '02000',
      message: "SQL compilation error:\nDatabase 'NOWHERE' does not exist or not authorized.",
    });
    await expect(engine.execute('CREATE SCHEMA nowhere.s')).rejects.toMatchObject({ code: '002003', sqlState: '02000' });
    await expect(engine.execute('CREATE TABLE nowhere.s.t (a INT)')).rejects.toMatchObject({ message: expect.stringContaining("Database 'NOWHERE'") });
  });

  test('creating an existing object is 002002; DROP of a missing one is 002003 unless IF EXISTS', async () => {
    await expect(engine.execute('CREATE DATABASE local_acme')).rejects.toMatchObject({ code: '002002', sqlState: '42710' });
    await expect(engine.execute('CREATE TABLE local_acme.raw.appointments (a INT)')).rejects.toMatchObject({ code: '002002' });
    await expect(engine.execute('DROP TABLE local_acme.raw.nope')).rejects.toMatchObject({ code: '002003' });
    expect((await engine.execute('DROP TABLE IF EXISTS local_acme.raw.nope')).rows).toEqual([['NOPE successfully dropped.']]);
    expect((await engine.execute('TRUNCATE TABLE IF EXISTS local_acme.raw.nope')).rows).toEqual([['Statement executed successfully.']]);
  });

  test('syntax errors are 001003 / 42000', async () => {
    await expect(engine.execute("SELECT 'unterminated")).rejects.toMatchObject({ code: '001003', sqlState: '42000' });
    await expect(engine.execute('SELECT 1 +')).rejects.toMatchObject({ code: '001003', sqlState: '42000' });
    await expect(engine.execute('SELECT * FROM WHERE')).rejects.toMatchObject({ code: '001003' });
  });

  test('an unknown column is 000904 invalid identifier', async () => {
    await expect(engine.execute('SELECT nope FROM local_acme.raw.appointments')).rejects.toMatchObject({
      code: '000904',
      message: "SQL compilation error:\ninvalid identifier 'NOPE'",
    });
  });

  test('unsupported SQL is rejected before it reaches DuckDB', async () => {
    const error = await engine.execute('SELECT 1;\nCREATE STREAM s ON TABLE t').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedSqlError);
    expect(error).toMatchObject({ construct: 'CREATE STREAM', position: { line: 2, col: 8 } });
  });
});

describe('statements and results', () => {
  test('DML reports rows affected; multi-statement calls return the last result', async () => {
    const session = { database: 'LOCAL_ACME', schema: 'RAW' };
    const inserted = await engine.execute('CREATE OR REPLACE TABLE counts (a INT); INSERT INTO counts VALUES (1), (2), (3)', session);
    expect(inserted).toMatchObject({ rowCount: 3, rows: [[3]], statementType: 'INSERT' });
    expect(inserted.columns[0].name).toBe('number of rows inserted');
    expect(await engine.execute('UPDATE counts SET a = a + 1 WHERE a > 1', session)).toMatchObject({ rowCount: 2 });
    expect(await engine.execute('DELETE FROM counts WHERE a = 1', session)).toMatchObject({ rowCount: 1 });
    expect(await engine.execute('SELECT a FROM counts ORDER BY a', session)).toMatchObject({ rows: [[3], [4]], rowCount: 2 });
  });

  test('binds fill ? placeholders in order across statements', async () => {
    const result = await engine.execute('SELECT ? AS a; SELECT ? + 1 AS b, ? AS c', { binds: [1, 41, 'x'] });
    expect(result.rows).toEqual([[42, 'x']]);
    await expect(engine.execute('SELECT ?, ?', { binds: [1] })).rejects.toMatchObject({ code: '002049' });
    // Casts to a 38-digit NUMBER take either bind style.
    const positional = await engine.execute('SELECT TO_VARCHAR(?::NUMBER), TO_VARCHAR(CAST(? AS INT))', { binds: ['12345678901234567890', '7'] });
    expect(positional.rows).toEqual([['12345678901234567890', '7']]);
    const numbered = await engine.execute('SELECT TO_VARCHAR(TRY_TO_NUMBER(:1)), TO_VARCHAR(:1::INT + :2::INT)', { binds: ['12345678901234567890', '7'] });
    expect(numbered.rows).toEqual([['12345678901234567890', '12345678901234567897']]);
  });

  test("unaliased result columns get Snowflake's names: the column for a reference, the upper-cased text for an expression", async () => {
    await engine.execute('CREATE DATABASE N; CREATE SCHEMA N.S; CREATE TABLE N.S.T (A VARCHAR, "b" INT)');
    const names = async (sql: string) => (await engine.execute(sql)).columns.map((c) => c.name);
    expect(await names(`SELECT UPPER('a'), 1 + 1, a, t.a, "b", a AS al, a al2, TRUE d, COUNT(*) OVER (), CASE WHEN a IS NULL THEN 1 END FROM N.S.T t`)).toEqual([
      "UPPER('A')", '1 + 1', 'A', 'A', 'b', 'AL', 'AL2', 'D', 'COUNT(*) OVER ()', 'CASE WHEN A IS NULL THEN 1 END',
    ]);
    expect(await names('WITH x AS (SELECT 1 AS n) SELECT DISTINCT n, n*2 FROM x')).toEqual(['N', 'N*2']);
    // WITHIN GROUP is part of its item: the list goes on after it, and GROUP BY still ends it.
    expect(await names(`SELECT LISTAGG(a, ',') WITHIN GROUP (ORDER BY a), MEDIAN(LENGTH(a)), ARRAY_AGG(a) WITHIN GROUP (ORDER BY a) arr FROM N.S.T GROUP BY LENGTH(a)`)).toEqual([
      "LISTAGG(A, ',') WITHIN GROUP (ORDER BY A)", 'MEDIAN(LENGTH(A))', 'ARR',
    ]);
    // A star's columns keep their own names; the items around it are named by their place from either end (one between two stars keeps DuckDB's).
    expect(await names('SELECT t.*, 1 FROM N.S.T t')).toEqual(['A', 'b', '1']);
    expect(await names(`SELECT UPPER(a), *, LOWER(a), t.* EXCLUDE (a), "b" + 1 FROM N.S.T t`)).toEqual(['UPPER(A)', 'A', 'b', 'lower(A)', 'b', '"B" + 1']);
    expect(await names('SELECT *, ROUND(LENGTH(a) / 3, 1) FROM N.S.T')).toEqual(['A', 'b', 'ROUND(LENGTH(A) / 3, 1)']);
  });

  test('column types are reported in Snowflake terms', async () => {
    const result = await engine.execute("SELECT 1.50::NUMBER(10,2) a, 1.5::FLOAT b, 'x' c, TRUE d, '2024-01-01'::DATE e, '2024-01-01'::TIMESTAMP f, PARSE_JSON('[1]') g, 3 h");
    expect(result.columns.map(({ name, type, precision, scale }) => ({ name, type, precision, scale }))).toEqual([
      { name: 'A', type: 'FIXED', precision: 10, scale: 2 },
      { name: 'B', type: 'REAL', precision: undefined, scale: undefined },
      { name: 'C', type: 'TEXT', precision: undefined, scale: undefined },
      { name: 'D', type: 'BOOLEAN', precision: undefined, scale: undefined },
      { name: 'E', type: 'DATE', precision: undefined, scale: undefined },
      { name: 'F', type: 'TIMESTAMP_NTZ', precision: undefined, scale: undefined },
      { name: 'G', type: 'VARIANT', precision: undefined, scale: undefined },
      { name: 'H', type: 'FIXED', precision: 38, scale: 0 },
    ]);
    expect(result.rows).toEqual([[1.5, 1.5, 'x', true, '2024-01-01', '2024-01-01 00:00:00', '[1]', 3]]);
  });

  test('ALTER TABLE adds, renames and drops columns and renames the table', async () => {
    const session = { database: 'LOCAL_ACME', schema: 'RAW' };
    await engine.execute(
      'CREATE OR REPLACE TABLE altered (a INT); ALTER TABLE altered ADD COLUMN b STRING DEFAULT \'x\'; ALTER TABLE altered RENAME COLUMN a TO c; INSERT INTO altered (c) VALUES (1); ALTER TABLE altered DROP COLUMN c; ALTER TABLE altered RENAME TO renamed',
      session,
    );
    expect((await engine.execute('SELECT * FROM renamed', session)).rows).toEqual([['x']]);
  });

  test('ALTER COLUMN SET DATA TYPE changes a column in place only where Snowflake does', async () => {
    const session = { database: 'LOCAL_ACME', schema: 'RAW' };
    const typeOf = async (column: string) => (await engine.tableColumns('LOCAL_ACME', 'RAW', 'RETYPED')).find((c) => c.name === column)?.type;
    await engine.execute("CREATE OR REPLACE TABLE retyped (n NUMBER(38,0) NOT NULL, amount NUMBER(12,2), label VARCHAR(50)); INSERT INTO retyped VALUES (123, 4.5, 'a')", session);

    // A smaller precision the values fit, every spelling of the clause; NOT NULL and values stay.
    await engine.execute('ALTER TABLE retyped ALTER COLUMN n SET DATA TYPE NUMBER(18,0)', session);
    expect(await typeOf('N')).toBe('DECIMAL(18,0)');
    await engine.execute('ALTER TABLE retyped MODIFY n TYPE NUMBER(10,0); ALTER TABLE retyped ALTER n NUMBER(9,0); ALTER TABLE retyped ALTER COLUMN label SET DATA TYPE VARCHAR(100)', session);
    expect(await typeOf('N')).toBe('DECIMAL(9,0)');
    await expect(engine.execute('INSERT INTO retyped (n) VALUES (NULL)', session)).rejects.toMatchObject({ code: '100072' });

    // A precision the values do not fit: Snowflake's range error, and the column is unchanged.
    await expect(engine.execute('ALTER TABLE retyped ALTER COLUMN n SET DATA TYPE NUMBER(2,0)', session)).rejects.toMatchObject({
      code: '100039',
      message: "Numeric value '123' is out of range",
    });
    expect(await typeOf('N')).toBe('DECIMAL(9,0)');

    // Another scale or another type family: refused before anything converts.
    await expect(engine.execute('ALTER TABLE retyped ALTER COLUMN amount SET DATA TYPE NUMBER(12,4)', session)).rejects.toMatchObject({
      code: '002108',
      message: 'SQL compilation error: cannot change column AMOUNT from type NUMBER(12,2) to NUMBER(12,4)',
    });
    await expect(engine.execute('ALTER TABLE retyped ALTER COLUMN label SET DATA TYPE NUMBER(38,0)', session)).rejects.toMatchObject({
      code: '002108',
      message: 'SQL compilation error: cannot change column LABEL from type VARCHAR(16777216) to NUMBER(38,0)',
    });
    await expect(engine.execute('ALTER TABLE retyped ALTER COLUMN missing SET DATA TYPE NUMBER(9,0)', session)).rejects.toMatchObject({ code: '000904' });
    await expect(engine.execute('ALTER TABLE retyped ALTER COLUMN n SET NOT NULL', session)).rejects.toThrow(UnsupportedSqlError);
    expect((await engine.execute('SELECT n, amount, label FROM retyped', session)).rows).toEqual([[123, 4.5, 'a']]);
  });

  test('a concurrent caller never sees another call half-way', async () => {
    const session = { database: 'LOCAL_ACME', schema: 'RAW' };
    const [, second] = await Promise.all([
      engine.execute('USE SCHEMA local_acme.public; CREATE OR REPLACE TABLE race (a INT); INSERT INTO race VALUES (1)', session),
      engine.execute('SELECT COUNT(*) FROM local_acme.public.race'),
    ]);
    expect(second.rows).toEqual([[1]]);
  });
});

describe('sessions and transactions', () => {
  const asA = <T>(work: () => Promise<T>) => engine.inSession('a', work);
  const asB = <T>(work: () => Promise<T>) => engine.inSession('b', work);
  const at = { database: 'LOCAL_ACME', schema: 'PUBLIC' };

  test("a session's transaction runs on its own connection: isolated, and others' writes stay out of it", async () => {
    await engine.execute('CREATE OR REPLACE TABLE local_acme.public.tx (a INT); INSERT INTO local_acme.public.tx VALUES (1)');
    await asA(() => engine.execute('BEGIN; UPDATE tx SET a = 10; CREATE TABLE tx_new (b INT)', at));
    expect((await asB(() => engine.execute('SELECT a FROM tx', at))).rows).toEqual([[1]]);
    await expect(asB(() => engine.execute('SELECT b FROM tx_new', at))).rejects.toMatchObject({ code: '002003' });
    await expect(asB(() => engine.execute('UPDATE tx SET a = 20', at))).rejects.toMatchObject({ code: '000625' });
    await asB(() => engine.execute('INSERT INTO tx VALUES (2)', at));
    expect((await asA(() => engine.execute('SELECT a FROM tx ORDER BY a', at))).rows).toEqual([[10]]);
    await asA(() => engine.execute('ROLLBACK', at));
    expect((await engine.execute('SELECT a FROM tx ORDER BY a', at)).rows).toEqual([[1], [2]]);
    await expect(engine.execute('SELECT b FROM tx_new', at)).rejects.toMatchObject({ code: '002003' });
  });

  test('a committed transaction is seen by everyone; an ended session leaves nothing open', async () => {
    await asA(() => engine.execute('BEGIN; CREATE OR REPLACE TABLE tx_kept (a INT); INSERT INTO tx_kept VALUES (1); COMMIT', at));
    expect((await asB(() => engine.execute('SELECT a FROM tx_kept', at))).rows).toEqual([[1]]);
    await asA(() => engine.execute('BEGIN; INSERT INTO tx_kept VALUES (2)', at));
    await engine.endSession('a');
    expect((await asA(() => engine.execute('SELECT a FROM tx_kept', at))).rows).toEqual([[1]]);
  });

  test('a second BEGIN keeps the session on its transaction, which DuckDB aborts: the COMMIT is refused there', async () => {
    // (The account ignores a nested BEGIN, as Snowflake does; this is the engine underneath.)
    await engine.execute('CREATE OR REPLACE TABLE local_acme.public.tx_twice (a INT)');
    await asA(() => engine.execute('BEGIN; INSERT INTO tx_twice VALUES (1)', at));
    await expect(asA(() => engine.execute('BEGIN', at))).rejects.toThrow(/transaction within a transaction/);
    await expect(asA(() => engine.execute('COMMIT', at))).rejects.toMatchObject({ code: '000603', message: expect.stringMatching(/^Transaction rolled back/) });
    expect((await asB(() => engine.execute('SELECT count(*) FROM tx_twice', at))).rows).toEqual([[0]]);
    await asA(() => engine.execute('INSERT INTO tx_twice VALUES (2)', at));
    expect((await asB(() => engine.execute('SELECT count(*) FROM tx_twice', at))).rows).toEqual([[1]]);
  });

  test("sessions' statements inside their transactions run at the same time; other statements wait for them", async () => {
    await engine.execute('CREATE OR REPLACE TABLE local_acme.public.tx_overlap (a INT)');
    await asA(() => engine.execute('BEGIN', at));
    await asB(() => engine.execute('BEGIN', at));
    const finished: string[] = [];
    // A scan of a few hundred million rows (a second or so) against a one-row INSERT.
    const slow = asA(() => engine.system('SELECT sum(i % 7) FROM range(300000000) t(i)')).then(() => finished.push('A scans'));
    const quick = asB(() => engine.execute('INSERT INTO tx_overlap VALUES (1)', at)).then(() => finished.push('B inserts'));
    const ddl = engine.execute('CREATE OR REPLACE TABLE local_acme.public.tx_overlap_after (a INT)').then(() => finished.push('DDL'));
    await Promise.all([slow, quick, ddl]);
    expect(finished).toEqual(['B inserts', 'A scans', 'DDL']);
    await asB(() => engine.execute('COMMIT', at));
    await asA(() => engine.execute('COMMIT', at));
    expect((await engine.execute('SELECT a FROM tx_overlap', at)).rows).toEqual([[1]]);
  });

  test("a transaction older than a catalog change does not hand its older view of the catalog to others", async () => {
    await engine.execute('CREATE OR REPLACE TABLE local_acme.public.tx_seen (a INT)');
    await asA(() => engine.execute('BEGIN; SELECT a FROM tx_seen', at));
    await engine.execute('CREATE OR REPLACE TABLE local_acme.public.tx_created_later (a INT)');
    // A's snapshot predates the table (DuckDB's snapshot isolation; Snowflake would show it).
    await expect(asA(() => engine.execute('SELECT a FROM tx_created_later', at))).rejects.toMatchObject({ code: '002003' });
    expect((await asB(() => engine.execute('SELECT count(*) FROM tx_created_later', at))).rows).toEqual([[0]]);
    await asA(() => engine.execute('COMMIT', at));
    expect((await asB(() => engine.execute('SELECT count(*) FROM tx_created_later', at))).rows).toEqual([[0]]);
  });

  test('a session that ends after the engine closed has nothing left to roll back', async () => {
    const closing = await LocalEngine.open(':memory:');
    await closing.inSession('s', () => closing.execute('CREATE DATABASE d; CREATE TABLE t (a INT); BEGIN; INSERT INTO t VALUES (1)'));
    closing.close();
    await expect(closing.endSession('s')).resolves.toBeUndefined();
  });
});

describe('persistence', () => {
  test('databases, schemas and data survive reopening the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-'));
    try {
      const file = join(dir, 'local.duckdb');
      const first = await LocalEngine.open(file);
      await first.execute("CREATE DATABASE kept; CREATE DATABASE bare; DROP SCHEMA bare.public; CREATE TABLE kept.public.t (d DATE); INSERT INTO kept.public.t SELECT DATEADD(day, 1, '2024-01-01')");
      first.close();
      const second = await LocalEngine.open(file);
      expect((await second.execute('SHOW DATABASES')).rows.map((row) => row[1])).toEqual(['BARE', 'KEPT']);
      expect((await second.execute('SELECT d FROM kept.public.t')).rows).toEqual([['2024-01-02']]);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('catalog lookups', () => {
  test('kinds and columns follow DDL, DROP and a rolled-back CREATE', async () => {
    await engine.execute('CREATE DATABASE cat_db; CREATE TABLE cat_db.public.t (a INT)');
    expect(await engine.objectKind('CAT_DB', 'PUBLIC', 'T')).toBe('TABLE');
    expect((await engine.tableColumns('CAT_DB', 'PUBLIC', 'T')).map((c) => c.name)).toEqual(['A']);
    await engine.execute('ALTER TABLE cat_db.public.t ADD COLUMN b STRING');
    expect((await engine.tableColumns('CAT_DB', 'PUBLIC', 'T')).map((c) => c.name)).toEqual(['A', 'B']);
    await engine.execute('DROP TABLE cat_db.public.t');
    expect(await engine.objectKind('CAT_DB', 'PUBLIC', 'T')).toBeUndefined();
    await expect(engine.execute('SELECT * FROM cat_db.public.t')).rejects.toThrow(/does not exist/);
    expect(await engine.objectKind('CAT_DB', 'PUBLIC', 'V')).toBeUndefined();
    await engine.execute('BEGIN; CREATE VIEW cat_db.public.v AS SELECT 1 AS x');
    expect(await engine.objectKind('CAT_DB', 'PUBLIC', 'V')).toBe('VIEW');
    await engine.execute('ROLLBACK');
    expect(await engine.objectKind('CAT_DB', 'PUBLIC', 'V')).toBeUndefined();
    await engine.execute('DROP SCHEMA cat_db.public');
    await expect(engine.execute('CREATE TABLE cat_db.public.t (a INT)')).rejects.toThrow(/PUBLIC/);
  });
});

describe('LIKE ANY / ILIKE ANY / LIKE ALL', () => {
  const values = async (sql: string) => (await engine.execute(sql)).rows;

  test('match any (all) of the patterns, three-valued like the OR (AND) of the single matches', async () => {
    expect(await values("SELECT id FROM local_acme.raw.appointments WHERE location_id LIKE ANY ('down%', 'x%') ORDER BY id")).toEqual([[1]]);
    expect(await values("SELECT id FROM local_acme.raw.appointments WHERE location_id ILIKE ANY ('%TOWN') AND status LIKE ALL ('%o%', '%-%') ORDER BY id")).toEqual([[2]]);
    expect(await values("SELECT 'a' || 'bc' LIKE ANY ('ab%'), NULL LIKE ANY ('a'), 'x' LIKE ALL ('x', NULL), 'x' LIKE ALL ('y', NULL), 'x' LIKE ANY ('y', NULL), 'x' LIKE ANY ('x', NULL)")).toEqual([
      [true, null, null, false, null, true],
    ]);
    expect(await values("SELECT 'a_c' LIKE ANY ('a!_c') ESCAPE '!', 'abc' LIKE ANY ('a!_c') ESCAPE '!', CASE WHEN TRUE THEN 'q' END LIKE ANY ('q')")).toEqual([[true, false, true]]);
  });

  test('NOT LIKE ANY is refused with the two forms it could mean', async () => {
    await expect(engine.execute("SELECT 'abc' NOT LIKE ANY ('a%')")).rejects.toThrow("Unsupported feature 'NOT LIKE ANY/ALL'");
  });
});

describe('PIVOT and UNPIVOT', () => {
  const session = { database: 'LOCAL_ACME', schema: 'RAW' };
  const run = (sql: string) => engine.execute(sql, session);

  beforeAll(async () => {
    // The examples of Snowflake's PIVOT and UNPIVOT reference.
    await run(`CREATE OR REPLACE TABLE quarterly_sales (empid INT, amount INT, quarter TEXT);
      INSERT INTO quarterly_sales VALUES
        (1, 10000, '2023_Q1'), (1, 400, '2023_Q1'), (2, 4500, '2023_Q1'), (2, 35000, '2023_Q1'),
        (1, 5000, '2023_Q2'), (1, 3000, '2023_Q2'), (2, 200, '2023_Q2'), (2, 90500, '2023_Q2'),
        (1, 6000, '2023_Q3'), (1, 5000, '2023_Q3'), (2, 2500, '2023_Q3'), (2, 9500, '2023_Q3'), (3, 2700, '2023_Q3'),
        (1, 8000, '2023_Q4'), (1, 10000, '2023_Q4'), (2, 800, '2023_Q4'), (2, 4500, '2023_Q4');
      CREATE OR REPLACE TABLE monthly_sales (empid INT, dept TEXT, jan INT, feb INT, mar INT, apr INT);
      INSERT INTO monthly_sales VALUES (1, 'electronics', 100, 200, 300, 100), (2, 'clothes', 100, 300, 150, 200),
        (3, 'cars', 200, 400, 100, 50), (4, 'appliances', 100, NULL, 100, 50)`);
  });

  test('PIVOT makes a column per listed value, named by the value as written, grouping by the other columns', async () => {
    const result = await run("SELECT * FROM quarterly_sales PIVOT (SUM(amount) FOR quarter IN ('2023_Q1', '2023_Q2', '2023_Q3', '2023_Q4')) ORDER BY empid");
    expect(result.columns.map((c) => c.name)).toEqual(['EMPID', "'2023_Q1'", "'2023_Q2'", "'2023_Q3'", "'2023_Q4'"]);
    expect(result.rows).toEqual([
      [1, 10400, 8000, 11000, 18000],
      [2, 39500, 90700, 12000, 5300],
      [3, null, null, 2700, null],
    ]);
  });

  test('PIVOT takes an alias with column names, COUNT gives 0 where a value has no rows, and AVG keeps its NUMBER scale', async () => {
    const renamed = await run("SELECT * FROM quarterly_sales PIVOT (COUNT(amount) FOR quarter IN ('2023_Q1', '2023_Q3')) AS p (emp, q1, q3) ORDER BY emp");
    expect(renamed.columns.map((c) => c.name)).toEqual(['EMP', 'Q1', 'Q3']);
    expect(renamed.rows).toEqual([
      [1, 2, 2],
      [2, 2, 2],
      [3, 0, 1],
    ]);
    const averaged = await run("SELECT * FROM (SELECT empid, quarter, amount FROM quarterly_sales) q PIVOT (AVG(amount) FOR quarter IN ('2023_Q3')) ORDER BY empid");
    expect(averaged.columns[1]).toMatchObject({ name: "'2023_Q3'", type: 'FIXED', scale: 6 });
    expect(averaged.rows).toEqual([
      [1, 5500],
      [2, 6000],
      [3, 2700],
    ]);
  });

  test('UNPIVOT turns columns into name and value rows, leaving NULLs out unless INCLUDE NULLS', async () => {
    const result = await run('SELECT * FROM monthly_sales UNPIVOT (sales FOR month IN (jan, feb, mar, apr)) WHERE empid IN (1, 4) ORDER BY empid, month');
    expect(result.columns.map((c) => c.name)).toEqual(['EMPID', 'DEPT', 'MONTH', 'SALES']);
    expect(result.rows).toEqual([
      [1, 'electronics', 'APR', 100],
      [1, 'electronics', 'FEB', 200],
      [1, 'electronics', 'JAN', 100],
      [1, 'electronics', 'MAR', 300],
      [4, 'appliances', 'APR', 50],
      [4, 'appliances', 'JAN', 100],
      [4, 'appliances', 'MAR', 100],
    ]);
    const withNulls = await run("SELECT month, sales FROM monthly_sales UNPIVOT INCLUDE NULLS (sales FOR month IN (jan, feb)) u WHERE empid = 4 ORDER BY month");
    expect(withNulls.rows).toEqual([
      ['FEB', null],
      ['JAN', 100],
    ]);
  });

  test('a dynamic PIVOT (ANY, a subquery) and DEFAULT ON NULL are refused with the form that runs', async () => {
    await expect(run('SELECT * FROM quarterly_sales PIVOT (SUM(amount) FOR quarter IN (ANY ORDER BY quarter))')).rejects.toThrow(/PIVOT IN \(ANY \.\.\.\)'.*List the values/s);
    await expect(run('SELECT * FROM quarterly_sales PIVOT (SUM(amount) FOR quarter IN (SELECT DISTINCT quarter FROM quarterly_sales))')).rejects.toThrow(/PIVOT IN \(SELECT \.\.\.\)'/);
    await expect(run("SELECT * FROM quarterly_sales PIVOT (SUM(amount) FOR quarter IN ('2023_Q1') DEFAULT ON NULL (0))")).rejects.toThrow(/PIVOT DEFAULT'.*COALESCE/s);
  });
});

describe('RLIKE / REGEXP', () => {
  const values = async (sql: string) => (await engine.execute(sql)).rows;

  test('match the whole subject, as an operator (NOT RLIKE too) or a function', async () => {
    expect(await values("SELECT id FROM local_acme.raw.appointments WHERE location_id RLIKE 'up.*' OR status REGEXP 'arr.*' ORDER BY id")).toEqual([[1], [2]]);
    expect(await values("SELECT 'abc' RLIKE 'b', 'abc' RLIKE '.b.', 'abc' NOT RLIKE 'a.', RLIKE('abc', 'a.c'), 'ab' || 'c' RLIKE 'a' || 'bc', NULL RLIKE 'a'")).toEqual([
      [false, true, true, true, true, null],
    ]);
    expect(await values("SELECT CASE WHEN status RLIKE 'no-.*' THEN 'missed' ELSE 'kept' END FROM local_acme.raw.appointments ORDER BY id")).toEqual([['kept'], ['missed']]);
  });
});

describe('positional binds', () => {
  test('each ? takes the value of its place as written, whatever order or how often a rule emits its arguments', async () => {
    const values = async (sql: string, binds: (string | number)[]) => (await engine.execute(sql, { binds })).rows;
    // CHARINDEX emits its arguments swapped; REGEXP_COUNT repeats its position; a 38-digit cast repeats its operand.
    expect(await values('SELECT CHARINDEX(?, ?), REGEXP_COUNT(?, ?, ?), ? || ?, CAST(? AS NUMBER(38,0))', ['b', 'abc', 'abab', 'b', 2, 'x', 'y', '12'])).toEqual([[2, 2, 'xy', 12]]);
  });
});
