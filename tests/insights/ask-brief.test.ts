/**
 * `eyecare ask "brief ..."`: the facts a brief is written from, on the hand-made series of
 * tests/pipeline/insight-series.ts (as of Friday 2024-03-29), and the prompt that reaches Cortex
 * (locally its stand-in, which answers with the facts it was given).
 */
import { ask, AskTenant, BriefAnswer, QueryClient } from '../../insights/ask';
import { renderAnswer } from '../../insights/answer';
import { CORTEX_DEFAULTS } from '../../model/defaults';
import { QuestionError } from '../../insights/question';
import { DATABASE, TestTenant } from '../pipeline/helpers';
import { refreshInsights, writeRecommendationWeeks, writeSeries } from '../pipeline/insight-series';

let t: TestTenant;
const LOCATIONS = [
  { id: 'steady', name: 'Steady Eye Care' },
  { id: 'growing', name: 'Growing Vision' },
  { id: 'spiky', name: 'Spiky Optical' },
];
const WITH_CORTEX: AskTenant = { id: 'test', database: DATABASE, locations: LOCATIONS, cortex: CORTEX_DEFAULTS };

beforeAll(async () => {
  t = await TestTenant.create();
  await writeSeries(t, LOCATIONS.map((l) => l.id));
  for (const l of LOCATIONS) await t.run(`INSERT INTO MARTS.DIM_LOCATION VALUES (?, ?, NULL, 'GA', NULL, '2020-01-01', 'active', TRUE)`, [l.id, l.name]);
  await refreshInsights(t);
  await t.runFile('insights/recommendations.sql');
});
afterAll(() => t.close());

/** A client that keeps every statement it ran. */
function recording(): QueryClient & { readonly statements: string[] } {
  const statements: string[] = [];
  return { statements, query: (sql, binds = []) => (statements.push(sql), t.query(sql, binds.map((b) => (typeof b === 'boolean' ? String(b) : b)))) };
}
async function brief(text: string): Promise<BriefAnswer> {
  const a = await ask(recording(), WITH_CORTEX, text);
  if (a.kind !== 'brief') throw new Error(`"${text}" was answered as ${a.kind}`);
  return a;
}

describe('the facts of a brief', () => {
  test('at spiky, the last 4 weeks: 226 exams against 220 (the 16-exam Monday), that Monday as the one unusual day, no rule short', async () => {
    const a = await brief('brief spiky');
    expect(a.facts).toEqual([
      'Locations: Spiky Optical.',
      'Period: the last 4 weeks (2024-03-02 to 2024-03-29), compared with the 28 days before (2024-02-03 to 2024-03-01); data through 2024-03-29.',
      'net revenue (collected): $0.00, against $0.00 before (±$0.00).',
      'exams: 226, against 220 before (+6 (+2.7%)).',
      'patients seen (a patient counts once per day seen): 0, against 0 before (±0).',
      'new patients seen: 0, against 0 before (±0).',
      'optical capture rate: n/a (no patients given a spectacle Rx), against n/a (no patients given a spectacle Rx) before (n/a).',
      'average optical order value: n/a (no optical orders), against n/a (no optical orders) before (n/a).',
      'no-show rate: n/a (no doctor appointments), against n/a (no doctor appointments) before (n/a).',
      'schedule utilisation: n/a (no available doctor minutes), against n/a (no available doctor minutes) before (n/a).',
      'claim denial rate: n/a (no claims submitted), against n/a (no claims submitted) before (n/a).',
      // 28 days x 7 measures, each with 8 weeks of the same weekday before it; Mondays 10/12 alternate: mean 11, spread 1.1 (a tenth of the mean), band 11 +- 4.4.
      'Unusual days: 1 of 196 location-days x measures judged; the most unusual:',
      '- 2024-03-11 at Spiky Optical: exams 16, above the usual 6.6 to 15.4.',
      'Recommendations from the 4 weeks (2024-03-02 to 2024-03-29): 0 of 6 checks fall short.',
    ]);
  });

  test('a first month against the days before the data: the brief is told those figures are missing, not growth', async () => {
    const a = await brief('brief January 2024');
    expect(a.facts.slice(1, 3)).toEqual([
      'Period: January 2024, compared with December 2023; data through 2024-03-29.',
      'Note: the data starts on 2024-01-01, so December 2023 is wholly missing: its figures are not comparable.',
    ]);
  });

  test('all locations: exams add up over the three (growing: 4,210 against 4,130)', async () => {
    const a = await brief('summarize the last 4 weeks');
    expect(a.facts[0]).toBe('Locations: all locations of the group.');
    expect(a.facts[3]).toBe('exams: 4,656, against 4,570 before (+86 (+1.9%)).');
  });
});

describe('what reaches Cortex', () => {
  test('one AI_COMPLETE with the model, the prompt (instructions, then the facts between tags) and the output cap', async () => {
    const a = await brief('brief spiky last month');
    expect(a.query.sql).toMatch(/^SELECT AI_COMPLETE\(\?, \?, \{'temperature': 0, 'max_tokens': \?\}\) AS BRIEF$/m);
    const [model, prompt, maxTokens] = a.query.binds;
    expect([model, maxTokens]).toEqual(['llama3.1-70b', 1000]);
    expect(String(prompt).split('\n')).toEqual([expect.stringMatching(/^You write for the owner of an eyecare practice group\. .* No tables, no headings\.$/), '<facts>', ...a.facts, '</facts>']);
  });

  test('locally, the stand-in answers with the facts it was given, labelled; the answer says who wrote it', async () => {
    const a = await brief('brief spiky');
    expect(a.text.split('\n')).toEqual(['[local Cortex stand-in for AI_COMPLETE, model llama3.1-70b: in Snowflake the model writes its answer from these facts]', ...a.facts]);
    const lines = renderAnswer(a);
    expect(lines[0]).toBe('Brief, Spiky Optical, the last 4 weeks (2024-03-02 to 2024-03-29), against the 28 days before (2024-02-03 to 2024-03-01):');
    expect(lines.slice(2, 4)).toEqual(a.text.split('\n').slice(0, 2));
    expect(lines.at(-2)).toBe('  written by Cortex (llama3.1-70b) from 14 facts: the headline KPIs, unusual days and recommendations as ask answers them');
  });

  test('a tenant without Cortex is told how to turn it on, and nothing but the data span is read', async () => {
    const client = recording();
    const { cortex: _, ...without } = WITH_CORTEX;
    await expect(ask(client, without, 'brief')).rejects.toThrow(
      new QuestionError(
        'a brief is written by Snowflake Cortex, which is off for test: set features: { cortex: true } under tenants.test in the environment\'s YAML file and deploy (on by default for medium and large tenants); the figures a brief is written from are there without it: ask "net revenue last month vs the month before", "unusual days last month", "recommendations"',
      ),
    );
    expect(client.statements).toHaveLength(1);
    expect(client.statements[0]).toContain('V_DATA_SPAN');
  });
});

describe('a brief with every recommendation rule short', () => {
  let r: TestTenant;
  beforeAll(async () => {
    r = await TestTenant.create();
    for (const [id, name] of [['weak', 'Weak Eye Care'], ['strong', 'Strong Vision'], ['tiny', 'Tiny Optical']]) {
      await r.run(`INSERT INTO MARTS.DIM_LOCATION VALUES (?, ?, NULL, 'GA', NULL, '2020-01-01', 'active', TRUE)`, [id!, name!]);
    }
    await writeRecommendationWeeks(r);
  });
  afterAll(() => r.close());

  test('the 5 largest of weak\'s 6 come with their actions, and the whole prompt\'s facts fit the output cap the stand-in answers within', async () => {
    const client: QueryClient = { query: (sql, binds = []) => r.query(sql, binds.map((b) => (typeof b === 'boolean' ? String(b) : b))) };
    const a = await ask(client, { id: 'test', database: DATABASE, locations: [{ id: 'weak', name: 'Weak Eye Care' }], cortex: CORTEX_DEFAULTS }, 'brief weak');
    if (a.kind !== 'brief') throw new Error(`answered as ${a.kind}`);
    const recommended = a.facts.slice(a.facts.findIndex((f) => f.startsWith('Recommendations')));
    expect(recommended[0]).toBe('Recommendations from the 4 weeks (2024-03-02 to 2024-03-29): 6 of 6 checks fall short, largest opportunity first:');
    expect(recommended.slice(1).map((f) => /^- Weak Eye Care: ([A-Za-z -]+?) [\d$]/.exec(f)?.[1])).toEqual(['comprehensive exams per OD day', 'schedule utilisation', 'optical capture rate', 'no-show rate', 'contact lens annual-supply rate']);
    expect(recommended[1]).toMatch(/, worth about \$18,000\.00 over the 4 weeks\. \S.+\.$/);
    expect(a.text.split('\n').slice(1)).toEqual(a.facts);
    expect(a.facts.join('\n').length).toBeLessThan(CORTEX_DEFAULTS.maxOutputTokens * 4);
  });
});
