/**
 * The contract's main job end to end, as a user runs it: `eyecare local up` on an empty folder,
 * then again. (A week of sample history keeps it quick; `npm run bench` times the 90-day run.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, tempDir } from '../helpers/config';
import { localPlan, openLocalAccount, workspace } from '../../local/workspace';
import type { MalformedRow } from '../../local/seed';

/** Runs `eyecare <args>` on the local state in `dir`. */
function eyecare(dir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'eyecare.cjs'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, EYECARE_LOCAL_DIR: dir },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const localUp = (dir: string) => eyecare(dir, 'local', 'up', '--days', '7');
const eyecareAsk = (dir: string, ...args: string[]) => eyecare(dir, 'ask', '--env', 'local', ...args);

function layerRows(stdout: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of stdout.split('\n')) {
    const m = /^\s+(\w+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s*$/.exec(line);
    if (m) out.set(m[1]!, m.slice(2).map((n) => Number(n.replace(/,/g, ''))));
  }
  return out;
}

describe('eyecare local up', () => {
  const dir = tempDir('local-up');
  let first: ReturnType<typeof localUp>;

  beforeAll(() => {
    first = localUp(dir);
  });

  it('applies, seeds, loads, runs every graph and passes the isolation check', () => {
    expect([first.status, first.stderr.includes('Error')]).toEqual([0, false]);
    expect(first.stdout).toMatch(/apply\s+4 stacks: \d+ created, 0 updated, 0 destroyed, 0 unchanged/);
    for (const tenant of ['brightview', 'clearsight', 'visionworks_south']) {
      expect(first.stdout).toMatch(new RegExp(`run\\s+${tenant}: graph SUCCEEDED, 31 tasks: 31 succeeded`));
    }
    expect(first.stdout).toContain('isolation: ok');
  });

  it('quarantines exactly the malformed rows the generator wrote, file, row and reason', async () => {
    const layers = layerRows(first.stdout);
    const account = await openLocalAccount(workspace(dir));
    try {
      for (const tenant of localPlan().tenants) {
        const state = JSON.parse(fs.readFileSync(path.join(dir, 'seed', `${tenant.id}.json`), 'utf8')) as { windows: { manifest: { malformed: MalformedRow[] } }[] };
        const expected = state.windows.flatMap((w) => w.manifest.malformed.map((m) => `${m.entity} ${m.file}#${m.row} ${m.reason}`)).sort();
        const quarantined = await account.execute(account.systemSession('SYSADMIN'), `SELECT ENTITY, SOURCE_FILE, SOURCE_ROW, REASON FROM ${tenant.names.database}.STAGING.QUARANTINE`);
        expect(quarantined.rows.map(([entity, file, row, reason]) => `${entity} ${file}#${row} ${reason}`).sort()).toEqual(expected);
        const [raw, staging, quarantine, marts] = layers.get(tenant.id)!;
        expect({ tenant: tenant.id, quarantine }).toEqual({ tenant: tenant.id, quarantine: expected.length });
        expect(raw!).toBeGreaterThan(staging! + quarantine!);
        expect(marts!).toBeGreaterThan(0);
      }
    } finally {
      account.close();
    }
  });

  it('eyecare ask answers as the tenant analyst: its whole-history net revenue is the headline', () => {
    const headline = Number(/^\s+brightview\s+\$([\d,]+)\s/m.exec(first.stdout)![1]!.replace(/,/g, ''));
    const json = eyecareAsk(dir, '--tenant', 'brightview', '--json', 'net', 'revenue', 'by', 'location');
    expect([json.status, json.stderr]).toEqual([0, '']);
    const answer = JSON.parse(json.stdout) as { groups: { label: string; current: { value: number }[] }[] };
    expect(answer.groups.map((g) => g.label)).toEqual(['BrightView Main Street']);
    expect(Math.round(answer.groups[0]!.current[0]!.value)).toBe(headline);
    const text = eyecareAsk(dir, '--tenant', 'clearsight', 'which clinic had the lowest no-show rate this month?');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^No-show rate by location, all locations, \w+ \d{4} to date \(through \d{4}-\d\d-\d\d\) \(the lowest\):\n +location +no-show rate\n +1\. ClearSight \w[\w ]+ +\d+\.\d%\n/);
    // A question it cannot read: exit 1, what it did not understand, nothing on standard output.
    const bad = eyecareAsk(dir, '--tenant', 'clearsight', 'revenue by payer');
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([1, '', expect.stringMatching(/^eyecare ask: did not understand "payer" in "revenue by payer": /)]);
  });

  it('Cortex only for tenants with features.cortex: a brief for clearsight (medium) through its analyst, none for brightview (small), whose analyst cannot call AI_COMPLETE at all', () => {
    const brief = eyecareAsk(dir, '--tenant', 'clearsight', '--json', 'brief');
    expect([brief.status, brief.stderr]).toEqual([0, '']);
    const answer = JSON.parse(brief.stdout) as { kind: string; model: string; facts: string[]; text: string };
    expect([answer.kind, answer.model]).toEqual(['brief', 'llama3.1-70b']);
    // The local stand-in answers with the facts the marts gave, whole.
    expect(answer.text.split('\n')).toEqual(['[local Cortex stand-in for AI_COMPLETE, model llama3.1-70b: in Snowflake the model writes its answer from these facts]', ...answer.facts]);
    expect(answer.facts[0]).toBe('Locations: all locations of the group.');
    const refused = eyecareAsk(dir, '--tenant', 'brightview', 'brief');
    expect([refused.status, refused.stdout, refused.stderr]).toEqual([1, '', expect.stringMatching(/^eyecare ask: a brief is written by Snowflake Cortex, which is off for brightview: set features: \{ cortex: true \}/)]);
    // The platform took CORTEX_USER from PUBLIC: brightview's analyst, granted nothing, is refused by the engine itself.
    const direct = eyecare(dir, 'local', 'sql', '--user', 'LOCAL_BRIGHTVIEW_ANALYST', "SELECT AI_COMPLETE('llama3.1-70b', 'hello') AS X");
    expect([direct.status, direct.stderr.trim()]).toEqual([1, "003001 (42501): SQL access control error:\nInsufficient privileges to operate on function 'AI_COMPLETE' (role LOCAL_BRIGHTVIEW_ANALYST does not hold database role SNOWFLAKE.CORTEX_USER)."]);
  });

  it('a second run adds nothing', () => {
    const second = localUp(dir);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/apply\s+4 stacks: 0 created, 0 updated, 0 destroyed, \d+ unchanged/);
    expect(second.stdout).not.toMatch(/load\s+\w+: [1-9]/);
    for (const tenant of ['brightview', 'clearsight', 'visionworks_south']) {
      expect(second.stdout).toMatch(new RegExp(`run\\s+${tenant}: graph SKIPPED \\(PIPELINE_ROOT: the WHEN condition is FALSE: no new rows in any of its 12 streams\\)`));
    }
    expect(layerRows(second.stdout)).toEqual(layerRows(first.stdout));
  });

  it('eyecare ask forecasts as the tenant analyst once a weekday has 4 weeks: per location, the sum of the forecast mart\'s days', async () => {
    const early = eyecareAsk(dir, '--tenant', 'clearsight', 'forecast exams next week');
    expect([early.status, early.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^Forecast of exams, all locations, the week of \d{4}-\d\d-\d\d: no forecast \(a weekday needs 4 weeks of data first\)\.$/)]);
    const seeded = eyecare(dir, 'local', 'seed', '--tenant', 'clearsight', '--days', '28');
    expect(seeded.status).toBe(0);
    expect(eyecare(dir, 'local', 'run', '--tenant', 'clearsight').status).toBe(0);
    const json = eyecareAsk(dir, '--tenant', 'clearsight', '--json', 'forecast exams by location next week');
    expect([json.status, json.stderr]).toEqual([0, '']);
    const answer = JSON.parse(json.stdout) as { kind: string; question: { period: { from: string; to: string } }; groups: { id: string; values: { forecast: number; lower: number; upper: number }[] }[] };
    const plan = localPlan().tenants.find((t) => t.id === 'clearsight')!;
    expect(answer.kind).toBe('forecast');
    expect(answer.groups.map((g) => g.id).sort()).toEqual(plan.locations.map((l) => l.id).sort());
    const account = await openLocalAccount(workspace(dir));
    try {
      const { from, to } = answer.question.period;
      const mart = await account.execute(
        account.systemSession('SYSADMIN'),
        `SELECT LOCATION_ID, SUM(FORECAST) FROM ${plan.names.database}.MARTS.KPI_FORECAST_DAILY WHERE MEASURE = 'EXAMS' AND DATE_DAY BETWEEN '${from}' AND '${to}' GROUP BY 1`,
      );
      const expected = Object.fromEntries(mart.rows.map(([location, sum]) => [location, Number(sum)]));
      expect(Object.fromEntries(answer.groups.map((g) => [g.id, g.values[0]!.forecast]))).toEqual(expected);
      for (const g of answer.groups) expect(g.values[0]!.lower <= g.values[0]!.forecast && g.values[0]!.forecast <= g.values[0]!.upper).toBe(true);
    } finally {
      account.close();
    }
  });
});
