/** The line `eyecare local up` prints for each tenant's graph run. */
import { graphRunLine } from '../../cli/local';
import type { TaskHistoryRow } from '../../local/tasks/history';

const root = { database: 'D', schema: 'S', name: 'PIPELINE_ROOT' };
const row = (name: string, state: TaskHistoryRow['state'], extra: Partial<TaskHistoryRow> = {}) => ({ name, state, ...extra }) as TaskHistoryRow;

describe('graphRunLine', () => {
  it("says why the root skipped the graph", () => {
    const rows = [row('PIPELINE_ROOT', 'SKIPPED', { reason: 'the WHEN condition is FALSE: no new rows in any of its 12 streams' })];
    expect(graphRunLine({ state: 'SKIPPED', root, rows })).toBe('graph SKIPPED (PIPELINE_ROOT: the WHEN condition is FALSE: no new rows in any of its 12 streams)');
  });

  it('counts the tasks by state and names each failure', () => {
    const rows = [
      row('PIPELINE_ROOT', 'SUCCEEDED'),
      row('STG_A', 'SUCCEEDED'),
      row('STG_B', 'SKIPPED'),
      row('MART_C', 'FAILED', { errorMessage: "Numeric value 'x' is not recognized" }),
      row('DQ', 'NOT_EXECUTED'),
    ];
    expect(graphRunLine({ state: 'FAILED', root, rows })).toBe(
      "graph FAILED, 5 tasks: 2 succeeded, 1 skipped, 1 failed, 1 not executed (MART_C: Numeric value 'x' is not recognized)",
    );
  });
});
