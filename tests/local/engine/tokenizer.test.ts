import { SnowflakeError } from '../../../local/engine/errors';
import { splitStatements, tokenize } from '../../../local/engine/tokenizer';

describe('tokenize', () => {
  test("decodes '' and Snowflake backslash escapes inside string literals", () => {
    const [token] = tokenize(String.raw`'it''s \'quoted\' \\ \n \x41 \u00e9 \101 \q'`);
    expect(token.kind).toBe('string');
    expect(token.value).toBe("it's 'quoted' \\ \n A é A q");
  });

  test('keeps $$ bodies verbatim, including quotes, semicolons and comment markers', () => {
    const [token] = tokenize("$$ it's; -- not a comment /* nor this */ $$");
    expect(token).toMatchObject({ kind: 'string', value: " it's; -- not a comment /* nor this */ " });
  });

  test('drops --, // and /* */ comments but not their look-alikes inside literals', () => {
    const tokens = tokenize("SELECT '--x' -- gone\n, \"a//b\" // gone\n /* gone; */ FROM t");
    expect(tokens.map((t) => t.value)).toEqual(['SELECT', '--x', ',', 'a//b', 'FROM', 't']);
  });

  test('reads quoted identifiers with "" escapes and keeps their case', () => {
    const [token] = tokenize('"My ""Table"""');
    expect(token).toMatchObject({ kind: 'quoted', value: 'My "Table"' });
  });

  test('tracks 1-based line and column across multi-line tokens', () => {
    const tokens = tokenize("SELECT\n  'a\nb',\n  x");
    expect(tokens.map(({ line, col }) => [line, col])).toEqual([
      [1, 1],
      [2, 3],
      [3, 3],
      [4, 3],
    ]);
  });

  test('recognises multi-character operators and bind placeholders', () => {
    expect(tokenize('a::int || b <> ? AND c => :2').map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:a',
      'op:::',
      'word:int',
      'op:||',
      'word:b',
      'op:<>',
      'param:?',
      'word:AND',
      'word:c',
      'op:=>',
      'param::2',
    ]);
  });

  test.each([
    ["SELECT 'abc", 'unterminated string literal starting at line 1:8'],
    ['SELECT $$abc', 'unterminated $$ string starting at line 1:8'],
    ['SELECT /* abc', 'unterminated comment starting at line 1:8'],
    ['SELECT "abc', 'unterminated quoted identifier starting at line 1:8'],
  ])('reports %s as a syntax error (001003) with its position', (sql, detail) => {
    expect(() => tokenize(sql)).toThrow(SnowflakeError);
    try {
      tokenize(sql);
    } catch (error) {
      expect(error).toMatchObject({ code: '001003', sqlState: '42000' });
      expect((error as Error).message).toContain(detail);
    }
  });
});

describe('splitStatements', () => {
  test('splits at top-level semicolons only', () => {
    const statements = splitStatements("SELECT ';'; SELECT $$;$$ -- ;\n; ; SELECT \"a;b\"");
    expect(statements.map((s) => s.text)).toEqual(["SELECT ';'", 'SELECT $$;$$', 'SELECT "a;b"']);
    expect(statements[2].position).toEqual({ line: 2, col: 5 });
  });

  test('rejects unbalanced parentheses with the position of the culprit', () => {
    expect(() => splitStatements('SELECT (1')).toThrow(/line 1 at position 7/);
    expect(() => splitStatements('SELECT 1)')).toThrow(/unexpected '\)'/);
  });
});
