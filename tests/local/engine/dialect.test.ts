import fc from 'fast-check';
import { ObjectReference, TranslatedSql, TranslationContext, translate } from '../../../local/engine/dialect';
import { UnsupportedSqlError } from '../../../local/engine/errors';

const context: TranslationContext = { database: 'LOCAL_ACME', schema: 'RAW' };

/** Translates one statement that must become DuckDB SQL. */
function sql(text: string, ctx: TranslationContext = context): TranslatedSql {
  const [statement] = translate(text, ctx);
  if (statement.kind !== 'sql') throw new Error(`expected SQL, got command ${statement.command.kind}`);
  return statement;
}

/** References as compact strings: `access:action:DB.SCHEMA.NAME`. */
const refs = (text: string): string[] =>
  sql(text).references.map((r: ObjectReference) => `${r.access}:${r.action}:${r.database}.${r.schema}.${r.name}`);

/** The UnsupportedSqlError a statement raises. */
function unsupported(text: string): UnsupportedSqlError {
  try {
    translate(text, context);
  } catch (error) {
    if (error instanceof UnsupportedSqlError) return error;
    throw error;
  }
  throw new Error(`expected UnsupportedSqlError for: ${text}`);
}

describe('identifiers', () => {
  test('upper-cases unquoted identifiers, keeps quoted ones and quotes everything for DuckDB', () => {
    expect(sql('select a, "b", t.c from t').sql).toBe('SELECT "A", "b", "T"."C" FROM "LOCAL_ACME$RAW"."T"');
  });

  test('resolves one-, two- and three-part names against the current database and schema', () => {
    expect(refs('select * from a, staging.b, other_db.marts.c')).toEqual([
      'read:select:LOCAL_ACME.RAW.A',
      'read:select:LOCAL_ACME.STAGING.B',
      'read:select:OTHER_DB.MARTS.C',
    ]);
    expect(sql('select * from other_db.marts.c').sql).toBe('SELECT * FROM "OTHER_DB$MARTS"."C"');
  });

  test('keeps the case of quoted database, schema and object names', () => {
    expect(sql('select * from "Db"."Sch"."Tbl"').sql).toBe('SELECT * FROM "Db$Sch"."Tbl"');
  });

  test('rewrites a column qualified by its full object name to the translated object name', () => {
    expect(sql('select raw.t.id from raw.t').sql).toBe('SELECT "LOCAL_ACME$RAW"."T"."ID" FROM "LOCAL_ACME$RAW"."T"');
  });

  test('fails like Snowflake (090105) when a one-part name has no current schema', () => {
    expect(() => sql('select * from t', { database: 'D' })).toThrow(/does not have a current schema/);
    expect(() => sql('select * from s.t', {})).toThrow(/does not have a current database/);
  });
});

describe('referenced objects', () => {
  test('CTE names, aliases and subqueries are not objects', () => {
    expect(refs('with recent as (select * from appointments a) select r.* from recent r join (select * from exams) e on true')).toEqual([
      'read:select:LOCAL_ACME.RAW.APPOINTMENTS',
      'read:select:LOCAL_ACME.RAW.EXAMS',
    ]);
  });

  test('a CTE name only hides a table inside the query that defines it', () => {
    expect(refs('select * from (with x as (select 1) select * from x) join x on true')).toEqual(['read:select:LOCAL_ACME.RAW.X']);
  });

  test('INSERT ... SELECT writes the target and reads the source', () => {
    expect(refs('insert into marts.fct (id) select id from staging.stg')).toEqual([
      'write:insert:LOCAL_ACME.MARTS.FCT',
      'read:select:LOCAL_ACME.STAGING.STG',
    ]);
  });

  test('UPDATE ... FROM and DELETE ... USING', () => {
    expect(refs('update t set a = s.a from s where t.id = s.id')).toEqual(['write:update:LOCAL_ACME.RAW.T', 'read:select:LOCAL_ACME.RAW.S']);
    expect(refs('delete from t using s where t.id = s.id')).toEqual(['write:delete:LOCAL_ACME.RAW.T', 'read:select:LOCAL_ACME.RAW.S']);
  });

  test('MERGE writes the target once per WHEN action and reads the source', () => {
    expect(
      refs('merge into t using s on t.id = s.id when matched and s.del then delete when matched then update set a = s.a when not matched then insert (id) values (s.id)'),
    ).toEqual(['write:delete:LOCAL_ACME.RAW.T', 'write:update:LOCAL_ACME.RAW.T', 'write:insert:LOCAL_ACME.RAW.T', 'read:select:LOCAL_ACME.RAW.S']);
  });

  test('CREATE TABLE AS and CREATE VIEW create their target (which need not exist) and read their sources', () => {
    const created = sql('create or replace table marts.kpi as select * from staging.stg').references;
    expect(created.map((r) => [r.access, r.action, r.name, r.mustExist, r.objectType])).toEqual([
      ['write', 'create', 'KPI', false, 'TABLE'],
      ['read', 'select', 'STG', true, undefined],
    ]);
    expect(refs('create view v as select * from t')).toEqual(['write:create:LOCAL_ACME.RAW.V', 'read:select:LOCAL_ACME.RAW.T']);
  });

  test('DROP ... IF EXISTS does not require the object', () => {
    expect(sql('drop table if exists t').references[0]).toMatchObject({ action: 'drop', mustExist: false });
    expect(sql('drop view v').references[0]).toMatchObject({ action: 'drop', mustExist: true, objectType: 'VIEW' });
  });
});

describe('translation', () => {
  test('Snowflake types become DuckDB types in casts and column definitions', () => {
    expect(sql("select '1'::number(10,2), cast(x as varchar(20)), try_cast(y as timestamp_ltz) from t").sql).toBe(
      // Text goes through sf_text (a VARIANT string loses its quotes); a TIMESTAMP_TZ through its
      // text, where Snowflake's space before the offset is dropped.
      `SELECT CAST('1' AS DECIMAL(10,2)), sf_text("X"), TRY_CAST(regexp_replace(CAST("Y" AS VARCHAR), '(\\d)\\s+([+-]\\d{2}(:?\\d{2})?)$', '\\1\\2') AS TIMESTAMPTZ) FROM "LOCAL_ACME$RAW"."T"`,
    );
    expect(sql('create table t (id number primary key, v variant, ts timestamp_ntz(9) not null, f float, s string)').sql).toBe(
      'CREATE TABLE "LOCAL_ACME$RAW"."T" ("ID" DECIMAL(38,0), "V" JSON, "TS" TIMESTAMP NOT NULL, "F" DOUBLE, "S" VARCHAR)',
    );
  });

  test('variant paths become JSON extraction; a cast reads the unquoted scalar', () => {
    expect(sql('select v:a.b, v:a.b::string, v:"Key"[0]::int, v[\'k\'], v:"a b" from t').sql).toBe(
      `SELECT json_extract("V", '$.a.b'), json_extract_string("V", '$.a.b'), COALESCE(CAST(TRY_CAST(json_extract_string("V", '$.Key[0]') AS DECIMAL(18,0)) AS DECIMAL(38,0)), CAST(json_extract_string("V", '$.Key[0]') AS DECIMAL(38,0))), json_extract("V", '$.k'), json_extract("V", '$."a b"') FROM "LOCAL_ACME$RAW"."T"`,
    );
  });

  test('binary / becomes sf_div over its full operands (precedence, OVER and CASE aware)', () => {
    expect(sql('select a + b * c / d - e from t').sql).toBe('SELECT "A" + sf_div("B" * "C", "D") - "E" FROM "LOCAL_ACME$RAW"."T"');
    expect(sql('select sum(x) over (partition by p) / -count(*) over () from t').sql).toBe(
      'SELECT sf_div(sum("X") OVER (PARTITION BY "P"), - count(*) OVER ()) FROM "LOCAL_ACME$RAW"."T"',
    );
    expect(sql('select case when a then 1 end / 2 / 4 from t').sql).toBe('SELECT sf_div(sf_div(CASE WHEN "A" THEN 1 END, 2), 4) FROM "LOCAL_ACME$RAW"."T"');
  });

  test('REGEXP_COUNT parameters become RE2 inline flags (the later of c and i wins); ARRAY_CONTAINS keeps the value first', () => {
    const translated = sql("select regexp_count(s, 'a.b', 2, 'is'), regexp_count(s, 'a', 1, 'ic'), array_contains(v, a) from t").sql;
    expect(translated).toContain("'(?is)' || ('a.b')");
    expect(translated).toContain(`regexp_extract_all(substring("S", CASE WHEN (1) < 1`);
    expect(translated).toContain(`ELSE 1 END), 'a')`);
    expect(translated).toContain('sf_array_contains("V", "A")');
  });

  test('IS [NOT] DISTINCT FROM is an operator, not a FROM clause', () => {
    expect(sql('select 1 from t where a is not distinct from b').references).toHaveLength(1);
  });

  test('comments disappear and $$ bodies become standard literals', () => {
    expect(sql("select $$it's$$ -- note\n, 'a--b' /* x */").sql).toBe("SELECT 'it''s', 'a--b'");
  });

  test('MINUS becomes EXCEPT and MERGE returns its actions for counting', () => {
    expect(sql('select a from t minus select a from s').sql).toContain('EXCEPT');
    expect(sql('merge into t using s on t.id = s.id when matched then delete').sql).toMatch(/RETURNING merge_action$/);
  });

  test('binds: ? stays positional and :n becomes $n', () => {
    expect(sql('select ? + ?').bindCount).toBe(2);
    expect(sql('select :2, :1')).toMatchObject({ sql: 'SELECT $2, $1', bindCount: 2 });
  });

  test('session functions answer from the context; role, user and roles in session when the statement runs', () => {
    // Read at run time, so a view (or a policy body in one) answers for whoever reads it.
    expect(sql('select current_database(), current_schema(), current_role(), current_user()', { ...context, role: 'LOCAL_ACME_ANALYST', user: 'ANN' }).sql).toBe(
      "SELECT 'LOCAL_ACME', 'RAW', getvariable('sf_current_role'), getvariable('sf_current_user')",
    );
    expect(sql("select is_role_in_session('R'), is_role_in_session(x || '_ANALYST') from t", { ...context, role: 'R', user: 'U', rolesInSession: ['R'] }).sql).toContain(
      "list_contains(getvariable('sf_roles_in_session'), CAST('R' AS VARCHAR))",
    );
    expect(() => sql("select is_role_in_session('R')", { ...context, role: 'R', user: 'U' })).toThrow(/IS_ROLE_IN_SESSION\(\) without the roles of a session/);
    expect(sql('select current_schema()', {}).sql).toBe('SELECT CAST(NULL AS VARCHAR)');
  });

  test('USE changes the context of later statements in the same text', () => {
    const [, select] = translate('use schema other.marts; select * from t', context);
    expect(select.kind === 'sql' && select.references[0]).toMatchObject({ database: 'OTHER', schema: 'MARTS', name: 'T' });
  });

  test('engine commands are parsed, not passed to DuckDB', () => {
    expect(translate('create database if not exists local_beta; create or replace schema local_beta.raw with managed access; show tables like \'FCT%\' in schema marts', context).map((s) => (s.kind === 'command' ? s.command : s.sql))).toEqual([
      { kind: 'createDatabase', name: 'LOCAL_BETA', orReplace: false, ifNotExists: true },
      { kind: 'createSchema', database: 'LOCAL_BETA', name: 'RAW', orReplace: true, ifNotExists: false, managedAccess: true },
      { kind: 'show', object: 'TABLES', terse: false, like: 'FCT%', scope: { kind: 'schema', database: 'LOCAL_BETA', schema: 'MARTS' } },
    ]);
  });
});

describe('unsupported SQL fails loudly', () => {
  test.each([
    ['select hll(name) from t', 'function HLL', 1, 8],
    ['create task t as select 1', 'CREATE TASK', 1, 8],
    ['select 1\nfrom t\npivot (sum(a) for b in (any))', 'PIVOT IN (ANY ...)', 3, 25],
    ['select * from t connect by prior a = b', 'CONNECT', 1, 17],
    ['select a => b from t', 'operator =>', 1, 10],
    ["select dateadd(fortnight, 1, d) from t", 'DATEADD date part fortnight', 1, 8],
    ['select to_date(s, fmt) from t', 'TO_DATE with a non-literal format', 1, 8],
    ["select to_date(s, 'YYYY-Q') from t", "TO_DATE format 'YYYY-Q'", 1, 8],
    ['select x::geography from t', 'type GEOGRAPHY', 1, 11],
    ['select * from t, lateral flatten(input => t.v, outer => true)', 'FLATTEN argument OUTER', 1, 33],
    ['select * from t at(offset => -60)', 'AT (time travel / change tracking)', 1, 17],
    ['create temporary table x (a int)', 'CREATE TEMPORARY', 1, 8],
    ['select my_schema.my_udf(1)', 'function MY_SCHEMA.MY_UDF', 1, 8],
    ['select current_role()', 'CURRENT_ROLE() without a role in the session', 1, 8],
    ['grant select on table t to role r', 'GRANT statement', 1, 1],
    ['insert overwrite into t select 1', 'INSERT OVERWRITE', 1, 8],
    ['select * from table(generator(rowcount => 10, timelimit => 5))', 'GENERATOR argument TIMELIMIT', 1, 30],
    ['select * from table(my_function(1))', 'TABLE(MY_FUNCTION(...))', 1, 21],
    ['create table t (id int autoincrement)', 'column option AUTOINCREMENT', 1, 24],
    ["select sha2('a', 512)", 'SHA2 with a digest size other than 256', 1, 8],
    ["select regexp_count(s, 'a', 1, 'x') from t", "REGEXP_COUNT parameter 'x'", 1, 8],
    ["select regexp_count(s, 'a', 1, p) from t", 'REGEXP_COUNT with a non-literal parameters string', 1, 8],
  ])('%s -> %s at %i:%i', (text, construct, line, col) => {
    const error = unsupported(text);
    expect(error).toMatchObject({ construct, position: { line, col }, code: '000002', sqlState: '0A000' });
    expect(error.message).toContain(`'${construct}' at line ${line}:${col}`);
    expect(error.hint.length).toBeGreaterThan(10);
  });

  test("the account's own context functions say what the session does answer", () => {
    expect(unsupported('select current_region()')).toMatchObject({ construct: 'function CURRENT_REGION', hint: expect.stringContaining('CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ROLE(), CURRENT_USER()') });
    expect(translate('select current_warehouse()', context)[0]).toMatchObject({ kind: 'sql' });
  });

  test('a word that starts no Snowflake statement is a syntax error (a typo), one that does but is not local is unsupported', () => {
    expect(() => translate('SELEC 1', context)).toThrow(expect.objectContaining({ code: '001003', sqlState: '42000', message: expect.stringContaining("syntax error line 1 at position 0 unexpected 'SELEC'.") }));
    expect(unsupported('undrop table t')).toMatchObject({ construct: 'UNDROP statement', code: '000002' });
  });

  test('wrong argument counts are compilation errors naming the function', () => {
    expect(() => translate('select iff(a, b) from t', context)).toThrow(/not enough arguments for function \[IFF\], expected 3, got 2/);
  });
});

describe('string literals survive translation (property)', () => {
  /** A Snowflake literal for a value: quotes doubled, backslashes escaped. */
  const snowflakeLiteral = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const tricky = fc.string({ unit: fc.constantFrom("'", '"', ';', '-', '$', '\\', '/', '*', ':', '?', 'a', ' ', '\n', 'é', '😀') });
  const anything = fc.oneof(tricky, fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')));

  test('quoted literals decode to the value and are re-emitted as one DuckDB literal', () => {
    fc.assert(
      fc.property(anything, (value) => {
        const [statement, second] = translate(`select ${snowflakeLiteral(value)} as v; select 2`, {});
        expect(statement.kind === 'sql' && statement.sql).toBe(`SELECT '${value.replace(/'/g, "''")}' AS "V"`);
        expect(second.kind === 'sql' && second.sql).toBe('SELECT 2');
      }),
    );
  });

  test('$$ literals keep their bytes', () => {
    fc.assert(
      fc.property(anything.filter((s) => !s.includes('$$') && !s.endsWith('$')), (value) => {
        const [statement] = translate(`select $$${value}$$`, {});
        expect(statement.kind === 'sql' && statement.sql).toBe(`SELECT '${value.replace(/'/g, "''")}'`);
      }),
    );
  });
});
