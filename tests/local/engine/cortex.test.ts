/**
 * AI_COMPLETE and SNOWFLAKE.CORTEX.COMPLETE on the engine alone: the deterministic, labelled local
 * stand-in (its exact text), the forms it refuses, and the database role the translation asks the
 * account to check. Who may call them is tested in tests/local/account/cortex.test.ts.
 */
import { TranslatedSql, translate } from '../../../local/engine/dialect';
import { BindValue, LocalEngine } from '../../../local/engine/engine';
import { SnowflakeError, UnsupportedSqlError } from '../../../local/engine/errors';
import { FUNCTIONS } from '../../../local/engine/functions';
import { DATABASE_ROLES } from '../../../local/security/access-control';

let engine: LocalEngine;
const value = async (sql: string, binds: BindValue[] = []) => (await engine.execute(sql, { binds })).rows[0]![0];
const failure = (sql: string, binds: BindValue[] = []) =>
  engine.execute(sql, { binds }).then(
    () => {
      throw new Error(`expected ${sql} to fail`);
    },
    (error: unknown) => error as SnowflakeError,
  );

/** The stand-in's first line for a function and model. */
const label = (fn: string, model: string) => `[local Cortex stand-in for ${fn}, model ${model}: in Snowflake the model writes its answer from these facts]`;

/** A prompt as `eyecare ask` writes one: instructions, then its facts between tag lines. */
const PROMPT = 'Write a two-sentence brief for the practice owner.\n<facts>\n  revenue_30d: 182,400 USD\n  no_show_rate: 7.5%\n</facts>\nUse only the facts.';

beforeAll(async () => {
  engine = await LocalEngine.open(':memory:');
});
afterAll(() => engine.close());

describe('the stand-in answer', () => {
  it('is the label line, then the text between <facts> and </facts>, trimmed', async () => {
    expect(await value(`SELECT AI_COMPLETE('llama3.1-70b', '${PROMPT.replace(/'/g, "''")}')`)).toBe(
      `${label('AI_COMPLETE', 'llama3.1-70b')}\nrevenue_30d: 182,400 USD\n  no_show_rate: 7.5%`,
    );
  });

  it('takes the model and prompt as binds, with the object constant `eyecare ask` passes, and is a TEXT column', async () => {
    const result = await engine.execute(`SELECT AI_COMPLETE(?, ?, {'temperature': 0, 'max_tokens': 400}) AS BRIEF`, { binds: ['llama3.1-70b', PROMPT] });
    expect(result.columns.map((c) => [c.name, c.type])).toEqual([['BRIEF', 'TEXT']]);
    expect(result.rows).toEqual([[`${label('AI_COMPLETE', 'llama3.1-70b')}\nrevenue_30d: 182,400 USD\n  no_show_rate: 7.5%`]]);
  });

  it('is the whole prompt, trimmed, without a <facts> ... </facts> pair', async () => {
    expect(await value(`SELECT AI_COMPLETE('m', '  \n What changed?\t\n')`)).toBe(`${label('AI_COMPLETE', 'm')}\nWhat changed?`);
    // An opening tag with no closing one after it is no pair either.
    expect(await value(`SELECT AI_COMPLETE('m', '</facts> a <facts> b')`)).toBe(`${label('AI_COMPLETE', 'm')}\n</facts> a <facts> b`);
  });

  it('takes the first <facts> and the </facts> after it', async () => {
    expect(await value(`SELECT AI_COMPLETE('m', '</facts> x <facts> one </facts> y <facts> two </facts>')`)).toBe(`${label('AI_COMPLETE', 'm')}\none`);
  });

  it('cuts the text after the label to max_tokens x 4 characters (Snowflake default: 4096 tokens)', async () => {
    expect(await value(`SELECT AI_COMPLETE('m', '<facts>abcdefghijkl</facts>', {'max_tokens': 2})`)).toBe(`${label('AI_COMPLETE', 'm')}\nabcdefgh`);
    expect(await value(`SELECT AI_COMPLETE('m', '<facts>abcdefghijkl</facts>', {'max_tokens': 3})`)).toBe(`${label('AI_COMPLETE', 'm')}\nabcdefghijkl`);
    expect(await value(`SELECT AI_COMPLETE('m', '<facts>abc</facts>', OBJECT_CONSTRUCT('max_tokens', 0))`)).toBe(`${label('AI_COMPLETE', 'm')}\n`);
    const long = 'x'.repeat(4096 * 4 + 10);
    expect(await value('SELECT AI_COMPLETE(?, ?)', ['m', long])).toBe(`${label('AI_COMPLETE', 'm')}\n${'x'.repeat(4096 * 4)}`);
    expect(await value(`SELECT AI_COMPLETE('m', ?, {'max_tokens': 9223372036854775807})`, [long])).toBe(`${label('AI_COMPLETE', 'm')}\n${long}`);
  });

  it('is NULL when the model, the prompt or the model parameters are NULL', async () => {
    expect((await engine.execute(`SELECT AI_COMPLETE(NULL, 'x'), AI_COMPLETE('m', NULL), AI_COMPLETE('m', 'x', NULL), AI_COMPLETE(?, ?), SNOWFLAKE.CORTEX.COMPLETE('m', NULL)`, { binds: ['m', null] })).rows).toEqual([
      [null, null, null, null, null],
    ]);
  });

  it('is deterministic: the same call gives the same text on every row', async () => {
    const { rows } = await engine.execute(`SELECT AI_COMPLETE('m', '<facts>' || MOD(N, 2) || '</facts>') FROM (SELECT SEQ4() AS N FROM TABLE(GENERATOR(ROWCOUNT => 4))) ORDER BY N`);
    expect(rows.map(([text]) => String(text).split('\n')[1])).toEqual(['0', '1', '0', '1']);
  });

  it('SNOWFLAKE.CORTEX.COMPLETE(model, prompt) answers the same, labelled with its own name, written quoted or not', async () => {
    const facts = `'ask <facts>fact one</facts>'`;
    expect(await value(`SELECT SNOWFLAKE.CORTEX.COMPLETE('mistral-large2', ${facts})`)).toBe(`${label('SNOWFLAKE.CORTEX.COMPLETE', 'mistral-large2')}\nfact one`);
    expect(await value(`SELECT snowflake.cortex.complete('m', ${facts})`)).toBe(`${label('SNOWFLAKE.CORTEX.COMPLETE', 'm')}\nfact one`);
    expect(await value(`SELECT "SNOWFLAKE"."CORTEX"."COMPLETE"(?, ?)`, ['m', 'ask <facts>fact one</facts>'])).toBe(`${label('SNOWFLAKE.CORTEX.COMPLETE', 'm')}\nfact one`);
  });
});

describe('what the stand-in refuses', () => {
  const unsupported = async (sql: string) => {
    const error = await failure(sql);
    expect(error).toBeInstanceOf(UnsupportedSqlError);
    return error as UnsupportedSqlError;
  };

  it('AI_COMPLETE with response_format or show_details, naming the argument', async () => {
    const hint = 'The local Cortex stand-in answers with the plain response string only: call AI_COMPLETE(model, prompt [, model_parameters]).';
    expect(await unsupported(`SELECT AI_COMPLETE('m', 'p', {}, {'type': 'json'})`)).toMatchObject({ construct: 'AI_COMPLETE with response_format', position: { line: 1, col: 8 }, hint });
    expect(await unsupported(`SELECT AI_COMPLETE('m', 'p', {}, NULL, TRUE)`)).toMatchObject({ construct: 'AI_COMPLETE with show_details', hint });
  });

  it('SNOWFLAKE.CORTEX.COMPLETE with options, which answers an OBJECT', async () => {
    expect(await unsupported(`SELECT SNOWFLAKE.CORTEX.COMPLETE('m', 'p', {'max_tokens': 10})`)).toMatchObject({
      construct: 'SNOWFLAKE.CORTEX.COMPLETE with options',
      hint: "With options it returns an OBJECT of choices and usage. The local Cortex stand-in answers with the plain response string only: call AI_COMPLETE(model, prompt, {'max_tokens': n}) or SNOWFLAKE.CORTEX.COMPLETE(model, prompt).",
    });
  });

  it('a SNOWFLAKE.CORTEX name in another case is not the function, as in Snowflake', async () => {
    expect((await unsupported(`SELECT "snowflake"."CORTEX"."COMPLETE"('m', 'p')`)).construct).toBe('function snowflake.CORTEX.COMPLETE');
  });

  it('too few or too many arguments, as for any function', async () => {
    expect((await failure(`SELECT AI_COMPLETE('m')`)).message).toContain('not enough arguments for function [AI_COMPLETE], expected 2 to 5, got 1');
    expect((await failure(`SELECT SNOWFLAKE.CORTEX.COMPLETE('m', 'p', {}, 1)`)).message).toContain('too many arguments for function [SNOWFLAKE.CORTEX.COMPLETE], expected 2 to 3, got 4');
  });

  it('an empty model name, and model parameters that are not an OBJECT of the documented keys with a whole max_tokens', async () => {
    const cases: [string, BindValue[], string][] = [
      [`SELECT AI_COMPLETE('', 'p')`, [], "AI_COMPLETE: the model name is empty (''); pass a Cortex model name such as 'llama3.1-70b'"],
      ['SELECT SNOWFLAKE.CORTEX.COMPLETE(?, ?)', [' ', 'p'], "SNOWFLAKE.CORTEX.COMPLETE: the model name is empty (' '); pass a Cortex model name such as 'llama3.1-70b'"],
      [`SELECT AI_COMPLETE('m', 'p', 400)`, [], "AI_COMPLETE: model_parameters must be an OBJECT such as {'temperature': 0, 'max_tokens': 400}, got 400"],
      [`SELECT AI_COMPLETE('m', 'p', {'maxTokens': 400})`, [], "AI_COMPLETE: model_parameters key 'maxTokens' is not one Snowflake takes; use temperature, top_p, max_tokens, guardrails (keys are case-sensitive)"],
      [`SELECT AI_COMPLETE('m', 'p', {'max_tokens': -1})`, [], 'AI_COMPLETE: model_parameters max_tokens must be a whole number of tokens, 0 or more; got -1'],
      [`SELECT AI_COMPLETE('m', 'p', {'max_tokens': 2.5})`, [], 'AI_COMPLETE: model_parameters max_tokens must be a whole number of tokens, 0 or more; got 2.5'],
      [`SELECT AI_COMPLETE('m', 'p', {'max_tokens': '400'})`, [], 'AI_COMPLETE: model_parameters max_tokens must be a whole number of tokens, 0 or more; got "400"'],
    ];
    for (const [sql, binds, message] of cases) expect([sql, (await failure(sql, binds)).message]).toEqual([sql, expect.stringContaining(message)]);
  });

  it('accepts every documented model parameter', async () => {
    expect(await value(`SELECT AI_COMPLETE('m', 'p', {'temperature': 0.2, 'top_p': 0.9, 'max_tokens': 1, 'guardrails': TRUE})`)).toBe(`${label('AI_COMPLETE', 'm')}\np`);
  });
});

describe('the database role the translation asks for', () => {
  const translated = (sql: string) => translate(sql, { database: 'D', schema: 'S' })[0] as TranslatedSql;

  it('lists each Cortex function a statement calls once, wherever the call is', () => {
    expect(translated(`SELECT AI_COMPLETE('m', p), AI_COMPLETE('m', q) FROM t`).databaseRoleCalls).toEqual([{ function: 'AI_COMPLETE', databaseRole: 'SNOWFLAKE.CORTEX_USER' }]);
    expect(translated(`INSERT INTO t SELECT x FROM (SELECT SNOWFLAKE.CORTEX.COMPLETE('m', p) AS x FROM u) WHERE AI_COMPLETE('m', 'p') IS NOT NULL`).databaseRoleCalls).toEqual([
      { function: 'SNOWFLAKE.CORTEX.COMPLETE', databaseRole: 'SNOWFLAKE.CORTEX_USER' },
      { function: 'AI_COMPLETE', databaseRole: 'SNOWFLAKE.CORTEX_USER' },
    ]);
    expect(translated('SELECT UPPER(p) FROM t').databaseRoleCalls).toBeUndefined();
  });

  it('names only database roles the local account has', () => {
    const named = Object.values(FUNCTIONS).flatMap((rule) => (rule.databaseRole === undefined ? [] : [rule.databaseRole]));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((role) => !(role in DATABASE_ROLES))).toEqual([]);
  });
});
