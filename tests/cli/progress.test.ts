import { StatusLine } from '../../cli/progress';

/** A stream that records what is written to it. */
function stream(isTTY: boolean, columns = 40) {
  const written: string[] = [];
  return { written, write: (text: string) => written.push(text) > 0, isTTY, columns };
}

describe('StatusLine', () => {
  it('rewrites one line in place on a terminal, cut to its width, and clears it before a step prints', () => {
    const out = stream(true);
    const status = new StatusLine(out);
    status.show('  load     brightview: appointments');
    // 40 columns: 39 characters, the last of a cut line an ellipsis.
    status.show(`  apply    12 changes: + create local-tenant-brightview: snowflake_task.stg_appointments`);
    status.clear();
    status.clear();
    expect(out.written).toEqual(['\r\x1b[K  load     brightview: appointments', '\r\x1b[K  apply    12 changes: + create local-…', '\r\x1b[K']);
  });

  it('writes nothing when stderr is not a terminal (CI logs, pipes)', () => {
    const out = stream(false);
    const status = new StatusLine(out);
    status.show('  run      brightview: 3 tasks done');
    status.clear();
    expect(out.written).toEqual([]);
  });
});
