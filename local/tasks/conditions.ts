/**
 * SYSTEM$PREDECESSORS_STATE('<condition>') in a task's WHEN: Snowflake's "advanced branching".
 * A task whose WHEN calls it waits for every predecessor to finish and then runs when its whole
 * WHEN holds, the call standing for whether the predecessors' states meet the condition; it
 * replaces the default rule for that task. For example a staging task that should run after its
 * siblings, skipped or not, but only on new rows:
 *
 *   WHEN SYSTEM$PREDECESSORS_STATE('NONE_FAILED') AND SYSTEM$STREAM_HAS_DATA('RAW.APPOINTMENTS_STREAM')
 */
import { SnowflakeError } from '../engine/errors';
import type { TaskRunState } from './history';

/** The conditions Snowflake documents, and when each holds over the predecessors' final states. */
const CONDITIONS: Readonly<Record<string, (states: readonly TaskRunState[]) => boolean>> = {
  ALL_SUCCEEDED: (states) => states.every((s) => s === 'SUCCEEDED'),
  ALL_FAILED: (states) => states.every((s) => s === 'FAILED'),
  ALL_DONE: () => true,
  ALL_SKIPPED: (states) => states.every((s) => s === 'SKIPPED'),
  AT_LEAST_ONE_FAILED: (states) => states.some((s) => s === 'FAILED'),
  AT_LEAST_ONE_SUCCEEDED: (states) => states.some((s) => s === 'SUCCEEDED'),
  NONE_FAILED: (states) => states.every((s) => s === 'SUCCEEDED' || s === 'SKIPPED'),
  NONE_FAILED_MIN_ONE_SUCCEEDED: (states) => states.every((s) => s === 'SUCCEEDED' || s === 'SKIPPED') && states.some((s) => s === 'SUCCEEDED'),
  NONE_SKIPPED: (states) => states.every((s) => s !== 'SKIPPED'),
};

/** Where the function is called, whatever its argument; CALL, a call with one quoted condition. */
const CALLED = /SYSTEM\$PREDECESSORS_STATE\s*\(/gi;
const CALL = /SYSTEM\$PREDECESSORS_STATE\s*\(\s*'([^']*)'\s*\)/gi;

/** Whether a WHEN expression uses SYSTEM$PREDECESSORS_STATE (the task follows its own predecessor rule). */
export function usesPredecessorsState(when: string | undefined): boolean {
  return when !== undefined && (when.match(CALLED) ?? []).length > 0;
}

/**
 * Checks every SYSTEM$PREDECESSORS_STATE call of a WHEN expression when the task is created or
 * its WHEN changed, so a misspelt condition fails then rather than at the first graph run.
 */
export function checkPredecessorConditions(when: string, taskName: string): void {
  const calls = [...when.matchAll(CALL)];
  if (calls.length !== (when.match(CALLED) ?? []).length) {
    throw conditionError(taskName, when, 'its argument must be one condition name in single quotes');
  }
  for (const [, condition] of calls) {
    if (!(condition!.toUpperCase() in CONDITIONS)) throw conditionError(taskName, `'${condition}'`, 'unknown condition');
  }
}

/** The WHEN expression with each SYSTEM$PREDECESSORS_STATE call replaced by TRUE or FALSE for these states. */
export function resolvePredecessorsState(when: string, states: readonly TaskRunState[]): string {
  return when.replace(CALL, (_call, condition: string) => (CONDITIONS[condition.toUpperCase()]!(states) ? 'TRUE' : 'FALSE'));
}

function conditionError(taskName: string, value: string, problem: string): SnowflakeError {
  return new SnowflakeError(
    '001003',
    '42000',
    `SQL compilation error:\ninvalid SYSTEM$PREDECESSORS_STATE in the WHEN of task ${taskName}: ${value}: ${problem}. ` +
      `Allowed: ${Object.keys(CONDITIONS).map((c) => `'${c}'`).join(', ')}.`,
  );
}

/**
 * The value of a WHEN that is only TRUE, FALSE, NOT, AND, OR and parentheses, as one is once its
 * system functions are answered; undefined for anything else (the engine evaluates that).
 * Snowflake evaluates such conditions without running a query, so none is run or audited here.
 */
export function constantCondition(expression: string): boolean | undefined {
  const tokens = expression.toUpperCase().match(/[()]|[A-Z_$]+|\S+/g) ?? [];
  if (tokens.length === 0 || tokens.some((t) => !['(', ')', 'TRUE', 'FALSE', 'NOT', 'AND', 'OR'].includes(t))) return undefined;
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError(expression);
  };
  // SQL precedence: NOT binds tighter than AND, AND tighter than OR; every operand is read.
  const any = (): boolean => {
    let value = all();
    while (tokens[at] === 'OR') {
      at++;
      value = all() || value;
    }
    return value;
  };
  const all = (): boolean => {
    let value = one();
    while (tokens[at] === 'AND') {
      at++;
      value = one() && value;
    }
    return value;
  };
  const one = (): boolean => {
    const token = tokens[at++];
    if (token === 'NOT') return !one();
    if (token === 'TRUE' || token === 'FALSE') return token === 'TRUE';
    if (token !== '(') return fail();
    const value = any();
    return tokens[at++] === ')' ? value : fail();
  };
  try {
    const value = any();
    return at === tokens.length ? value : undefined;
  } catch {
    return undefined;
  }
}
