import { MAX_PREDECESSORS, PipelineGraphError, PipelineTask, RefreshSpec, SqlLayer, pipelineGraph } from '../../model/pipeline';
import { FINALIZER_TASK, ROOT_TASK } from '../../model/names';

/** A refresh that writes `<layer>.<task>` unless told otherwise; the file is never read here. */
function spec(task: string, layer: SqlLayer, reads: string[] = [], writes: string[] = [`${layer.toUpperCase()}.${task}`]): RefreshSpec {
  return { task, layer, reads, writes, file: `${layer}/${task.toLowerCase()}.sql` };
}

const byName = (graph: readonly PipelineTask[]) => new Map(graph.map((t) => [t.name, t]));

/** RAW -> two staging tables -> a mart over both -> a mart over that -> the quality checks. */
const SMALL_PIPELINE: readonly RefreshSpec[] = [
  spec('STG_A', 'staging', ['RAW.A_STREAM']),
  spec('STG_B', 'staging', ['RAW.B_STREAM', 'STAGING.STG_A']),
  spec('MART_X', 'marts', ['STAGING.STG_A', 'STAGING.STG_B']),
  spec('MART_Y', 'marts', ['MARTS.MART_X', 'MARTS.MART_Y']),
  spec('DQ', 'quality', ['STAGING.STG_A']),
];

describe('pipelineGraph', () => {
  it('starts at the root, ends at the finalizer, and orders each refresh after the writers of what it reads', () => {
    const graph = pipelineGraph(SMALL_PIPELINE);
    expect(graph.map((t) => [t.name, t.kind, t.after])).toEqual([
      [ROOT_TASK, 'root', []],
      // Reads only a RAW stream, which no task writes: runs after the root.
      ['STG_A', 'staging', [ROOT_TASK]],
      ['STG_B', 'staging', ['STG_A']],
      ['MART_X', 'marts', ['STG_A', 'STG_B']],
      // Reading its own table (an incremental refresh) is not a dependency on itself.
      ['MART_Y', 'marts', ['MART_X']],
      ['DQ', 'quality', ['STG_A', 'STG_B', 'MART_X', 'MART_Y']],
      [FINALIZER_TASK, 'finalizer', []],
    ]);
  });

  it('a refresh consuming RAW streams waits for rows in them; every refresh runs unless a predecessor failed', () => {
    const specs = [...SMALL_PIPELINE, spec('STG_C', 'staging', ['RAW.C_STREAM', 'RAW.D_STREAM', 'RAW.C'])];
    const when = new Map(pipelineGraph(specs).map((t) => [t.name, t.when]));
    const noneFailed = "SYSTEM$PREDECESSORS_STATE('NONE_FAILED')";
    expect(Object.fromEntries(when)).toEqual({
      [ROOT_TASK]: undefined,
      STG_A: `${noneFailed} AND SYSTEM$STREAM_HAS_DATA('RAW.A_STREAM')`,
      // STG_B runs after STG_A even when STG_A had no rows, and only on rows of its own.
      STG_B: `${noneFailed} AND SYSTEM$STREAM_HAS_DATA('RAW.B_STREAM')`,
      // A RAW table that is not a stream is no reason to run.
      STG_C: `${noneFailed} AND (SYSTEM$STREAM_HAS_DATA('RAW.C_STREAM') OR SYSTEM$STREAM_HAS_DATA('RAW.D_STREAM'))`,
      MART_X: noneFailed,
      MART_Y: noneFailed,
      DQ: noneFailed,
      [FINALIZER_TASK]: undefined,
    });
  });

  it('runs an insight refresh after the marts it reads and beside the quality task', () => {
    const specs = [...SMALL_PIPELINE, spec('INSIGHT_Z', 'insights', ['MARTS.MART_Y'], ['MARTS.INSIGHT_Z'])];
    const tasks = byName(pipelineGraph(specs));
    expect(tasks.get('INSIGHT_Z')).toMatchObject({ kind: 'insights', after: ['MART_Y'], when: "SYSTEM$PREDECESSORS_STATE('NONE_FAILED')" });
    expect(tasks.get('DQ')!.after).not.toContain('INSIGHT_Z');
  });

  it('runs every quality task after every staging and mart refresh, whatever it reads', () => {
    const specs = [...SMALL_PIPELINE, spec('DQ_MORE', 'quality', [], ['STAGING.DQ_MORE'])];
    const tasks = byName(pipelineGraph(specs));
    const others = specs.filter((s) => s.layer !== 'quality').map((s) => s.task).sort();
    for (const quality of ['DQ', 'DQ_MORE']) expect([quality, [...tasks.get(quality)!.after].sort()]).toEqual([quality, others]);
  });

  it('a dependency cycle is an error naming the tasks in it, not the refreshes it reads from', () => {
    const specs = [spec('STG_A', 'staging', ['RAW.A_STREAM']), spec('MART_P', 'marts', ['MARTS.MART_Q']), spec('MART_Q', 'marts', ['MARTS.MART_P', 'STAGING.STG_A'])];
    expect(() => pipelineGraph(specs)).toThrow(PipelineGraphError);
    expect(() => pipelineGraph(specs)).toThrow('dependency cycle among MART_P, MART_Q');
    // A task that only waits on the cycle is not named.
    expect(() => pipelineGraph([...specs, spec('MART_R', 'marts', ['MARTS.MART_P'])])).toThrow(/dependency cycle among MART_P, MART_Q$/);
  });

  it('two refreshes writing one object is an error naming the object and both writers', () => {
    const specs = [spec('STG_A', 'staging'), spec('STG_A_AGAIN', 'staging', [], ['STAGING.STG_A'])];
    expect(() => pipelineGraph(specs)).toThrow(PipelineGraphError);
    expect(() => pipelineGraph(specs)).toThrow('STAGING.STG_A is written by both STG_A and STG_A_AGAIN; one refresh must own each object');
  });

  /** `count` staging refreshes and one mart that reads all of them. */
  const fanIn = (count: number) => {
    const staging = Array.from({ length: count }, (_, i) => spec(`STG_${String(i).padStart(3, '0')}`, 'staging'));
    return [...staging, spec('MART_WIDE', 'marts', staging.map((s) => s.writes[0]!))];
  };

  it(`allows ${MAX_PREDECESSORS} predecessors (Snowflake's limit)`, () => {
    expect(MAX_PREDECESSORS).toBe(100);
    expect(byName(pipelineGraph(fanIn(100))).get('MART_WIDE')!.after).toHaveLength(100);
  });

  it.each([
    ['a mart reading 101 tables', fanIn(101), 'MART_WIDE would have 101 predecessors; Snowflake allows 100'],
    // The quality task's predecessors grow with the pipeline, not with what it reads.
    ['a quality task after 101 refreshes', [...fanIn(100), spec('DQ', 'quality')], 'DQ would have 101 predecessors; Snowflake allows 100'],
  ])('more than 100 predecessors is an error: %s', (_, specs, message) => {
    expect(() => pipelineGraph(specs)).toThrow(PipelineGraphError);
    expect(() => pipelineGraph(specs)).toThrow(message);
  });
});
