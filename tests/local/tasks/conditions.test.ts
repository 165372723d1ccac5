import fc from 'fast-check';
import { constantCondition, resolvePredecessorsState } from '../../../local/tasks/conditions';

/** A boolean expression tree, its SQL text (random spacing and case) and its value. */
type Expr = { readonly sql: string; readonly value: boolean };

const expr: fc.Arbitrary<Expr> = fc.letrec<{ node: Expr }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean().map((b) => ({ sql: b ? 'TRUE' : 'false', value: b })),
    tie('node').map((e) => ({ sql: `NOT ${e.sql}`, value: !e.value })),
    tie('node').map((e) => ({ sql: `(${e.sql})`, value: e.value })),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => ({ sql: `(${a.sql} AND ${b.sql})`, value: a.value && b.value })),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => ({ sql: `(${a.sql} or ${b.sql})`, value: a.value || b.value })),
  ),
})).node;

describe('constantCondition', () => {
  test('evaluates any expression of TRUE, FALSE, NOT, AND, OR and parentheses as SQL does', () => {
    fc.assert(fc.property(expr, (e) => constantCondition(e.sql) === e.value));
  });

  test('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(constantCondition('TRUE OR TRUE AND FALSE')).toBe(true);
    expect(constantCondition('NOT FALSE AND FALSE')).toBe(false);
    expect(constantCondition('FALSE AND FALSE OR TRUE')).toBe(true);
  });

  test('leaves anything else to the engine: functions, NULL, comparisons, malformed text', () => {
    for (const text of ["SYSTEM$STREAM_HAS_DATA('RAW.X_STREAM')", 'NULL', 'TRUE = FALSE', 'TRUE AND', '(TRUE', 'TRUE)', '', 'NOT']) {
      expect([text, constantCondition(text)]).toEqual([text, undefined]);
    }
  });

  test('a pipeline WHEN resolved for its predecessors and streams needs no query', () => {
    const when = "SYSTEM$PREDECESSORS_STATE('NONE_FAILED') AND SYSTEM$STREAM_HAS_DATA('RAW.STAFF_STREAM')";
    const resolved = resolvePredecessorsState(when, ['SUCCEEDED', 'SKIPPED']).replace(/SYSTEM\$STREAM_HAS_DATA\('[^']+'\)/, 'FALSE');
    expect(resolved).toBe('TRUE AND FALSE');
    expect(constantCondition(resolved)).toBe(false);
  });
});
