/**
 * The task graph and SQL files as they end up in the synthesized Terraform JSON of real tenant
 * stacks: one root that waits for RAW stream data, one finalizer, every predecessor a task of the
 * same stack, no cycles, everything reachable; every sql/ file used and every requested one there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_PREDECESSORS } from '../../model/pipeline';
import { SQL_ROOT } from '../../constructs/sql';
import { CONFIG_DIR, REPO_ROOT, validEnvironment, validTenant, writeEnvironment } from '../helpers/config';
import { stackFiles, synthTo } from '../helpers/synth';

/**
 * Every path the stacks ask constructs/sql.ts for, recorded by wrapping its path-taking exports
 * (the constructs import them from the module, so they all go through the wrappers). Recorded
 * before the call, so a path that does not exist is recorded too.
 */
const mockSqlRequests = new Set<string>();
jest.mock('../../constructs/sql', () => {
  const actual = jest.requireActual<typeof import('../../constructs/sql')>('../../constructs/sql');
  const recorded = <F extends (relative: string, ...rest: never[]) => unknown>(load: F): F =>
    ((relative: string, ...rest: never[]) => {
      mockSqlRequests.add(relative);
      return load(relative, ...rest);
    }) as F;
  return { ...actual, sqlText: recorded(actual.sqlText), renderSql: recorded(actual.renderSql), dependsOn: recorded(actual.dependsOn) };
});

interface TaskJson {
  name: string;
  after?: string[];
  finalize?: string;
  schedule?: unknown;
  when?: string;
  sql_statement?: string;
}
interface StackJson {
  resource: { snowflake_task?: Record<string, TaskJson>; snowflake_stream_on_table?: Record<string, { name: string }> } & Record<string, unknown>;
}

/** How a task names another in `after` and `finalize`: a reference to its fully qualified name. */
const taskRef = (address: string) => `\${snowflake_task.${address}.fully_qualified_name}`;
const TASK_REF = /^\$\{snowflake_task\.([\w-]+)\.fully_qualified_name\}$/;

/** What is wrong with a tenant stack's task graph, one sentence per problem; empty when it is sound. */
function taskGraphProblems(stack: StackJson): string[] {
  const tasks = stack.resource.snowflake_task ?? {};
  const addresses = Object.keys(tasks);
  const nameOf = (address: string) => tasks[address]!.name;
  const names = (list: readonly string[]) => list.map(nameOf).sort().join(', ') || 'none';
  const resolve = (ref: string | undefined) => {
    const address = TASK_REF.exec(ref ?? '')?.[1];
    return address !== undefined && address in tasks ? address : undefined;
  };
  const problems: string[] = [];

  const predecessors = new Map<string, string[]>();
  for (const address of addresses) {
    const after = tasks[address]!.after ?? [];
    if (after.length > MAX_PREDECESSORS) problems.push(`${nameOf(address)} has ${after.length} predecessors; Snowflake allows ${MAX_PREDECESSORS}`);
    for (const ref of after) if (!resolve(ref)) problems.push(`${nameOf(address)} runs after ${ref}, which is not a task of this stack`);
    predecessors.set(address, after.map(resolve).filter((a): a is string => a !== undefined));
  }

  const roots = addresses.filter((a) => !tasks[a]!.after?.length && tasks[a]!.finalize === undefined);
  const finalizers = addresses.filter((a) => tasks[a]!.finalize !== undefined);
  if (roots.length !== 1) problems.push(`${roots.length} root tasks (${names(roots)}); a graph has one`);
  if (finalizers.length !== 1) problems.push(`${finalizers.length} finalizers (${names(finalizers)}); a graph has one`);
  const root = roots.length === 1 ? roots[0]! : undefined;

  const streams = Object.values(stack.resource.snowflake_stream_on_table ?? {}).map((s) => `RAW.${s.name}`).sort();
  const watchedBy = (address: string) => [...(tasks[address]!.when ?? '').matchAll(/SYSTEM\$STREAM_HAS_DATA\('([^']+)'\)/g)].map((m) => m[1]!).sort();
  if (root) {
    if (!tasks[root]!.schedule) problems.push(`root ${nameOf(root)} has no schedule`);
    // The root runs only when some RAW stream has rows: it must watch every stream of the stack.
    const watched = watchedBy(root);
    if (streams.length === 0 || watched.join() !== streams.join()) problems.push(`root ${nameOf(root)} runs when ${watched.join(', ') || 'nothing'} has data, not when any of ${streams.join(', ') || 'no stream'} has`);
  }
  for (const address of addresses.filter((a) => a !== root && !finalizers.includes(a))) {
    // Snowflake runs a child only when every predecessor succeeded unless its WHEN says otherwise.
    if (!(tasks[address]!.when ?? '').includes("SYSTEM$PREDECESSORS_STATE('NONE_FAILED')")) problems.push(`${nameOf(address)} does not run after a skipped predecessor`);
    // A child that waits for a stream must consume it, or it would run on every new row forever.
    for (const stream of watchedBy(address)) {
      if (!streams.includes(stream) || !(tasks[address]!.sql_statement ?? '').includes(stream)) problems.push(`${nameOf(address)} waits for ${stream}, which it does not consume`);
    }
  }
  for (const finalizer of finalizers) {
    const target = resolve(tasks[finalizer]!.finalize);
    if (!root || target !== root) problems.push(`finalizer ${nameOf(finalizer)} finalizes ${tasks[finalizer]!.finalize}, not the root`);
    if (tasks[finalizer]!.after?.length) problems.push(`finalizer ${nameOf(finalizer)} also runs after other tasks`);
  }

  // Place tasks whose predecessors are all placed; whatever never gets placed is on or after a cycle.
  const placed = new Set<string>();
  for (let progress = true; progress; ) {
    progress = false;
    for (const [address, before] of predecessors) {
      if (!placed.has(address) && before.every((p) => placed.has(p))) progress = placed.add(address).size > 0;
    }
  }
  const stuck = addresses.filter((a) => !placed.has(a));
  if (stuck.length) problems.push(`dependency cycle among ${names(stuck)}`);

  // A task runs in the root's graph only when all its predecessors do.
  const reached = new Set(root ? [root] : []);
  for (let progress = true; progress; ) {
    progress = false;
    for (const [address, before] of predecessors) {
      if (!reached.has(address) && before.length && before.every((p) => reached.has(p))) progress = reached.add(address).size > 0;
    }
  }
  const unreachable = addresses.filter((a) => !reached.has(a) && !finalizers.includes(a) && !roots.includes(a));
  if (unreachable.length) problems.push(`not reachable from the root: ${names(unreachable)}`);
  return problems;
}

/** `sql/` files as paths relative to it, e.g. `marts/ddl/dim_date.sql`. */
function sqlFilesOnDisk(dir = SQL_ROOT): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => path.relative(SQL_ROOT, path.join(e.parentPath, e.name)))
    .sort();
}

const unusedSqlFiles = (onDisk: readonly string[], used: ReadonlySet<string>) => onDisk.filter((f) => !used.has(f));
const missingSqlFiles = (requested: Iterable<string>) => [...requested].filter((f) => !fs.existsSync(path.join(SQL_ROOT, f))).sort();

/** `'<folder>/<name>.sql'` literals in the project's own code (not tests): paths it will ask for. */
function sqlPathLiterals(dir = REPO_ROOT): { file: string; sql: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.') || ['node_modules', 'tests', 'cdktf.out'].includes(e.name)) return [];
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sqlPathLiterals(full);
    if (!/\.(ts|cjs|js)$/.test(e.name)) return [];
    const text = fs.readFileSync(full, 'utf8');
    return [...text.matchAll(/['"`]((?:[a-z0-9_]+\/)+[a-z0-9_]+\.sql)['"`]/g)].map((m) => ({ file: path.relative(REPO_ROOT, full), sql: m[1]! }));
  });
}

/** sql/ files no stack loads, with who loads them instead and why. */
const LOADED_OUTSIDE_STACKS = [
  { sql: 'marts/summary/as_of_day.sql', consumer: 'insights/ask.ts', why: 'the data\'s as-of day (MARTS.V_DATA_SPAN as text), up to which `eyecare ask` counts and after which it forecasts' },
  { sql: 'marts/summary/kpi_headline.sql', consumer: 'local/workspace.ts', why: '`eyecare local up` prints each tenant\'s headline KPIs (kpiSummary), read as its analyst' },
  { sql: 'cortex/brief.sql', consumer: 'insights/ask.ts', why: '`eyecare ask "brief ..."` has Cortex write the brief from the facts it read, as the tenant\'s analyst' },
  { sql: 'platform/summary/peer_position.sql', consumer: 'local/workspace.ts', why: '`eyecare local up` prints each tenant\'s position among its peers (peerPosition), read as its analyst' },
];

const ENVIRONMENTS = ['local', 'dev', 'staging', 'prod'];
/** A tenant that opts out of the benchmark next to one that shares (the default). */
const OPT_OUT_CONFIG = validEnvironment({ sharing: validTenant(), private: validTenant({ features: { benchmark: false } }) });

const stacks = new Map<string, StackJson>();
const tenantStacks = () => [...stacks].filter(([name]) => name.includes('-tenant-'));
const tasksOf = (stack: string) => Object.values(stacks.get(stack)!.resource.snowflake_task!);

beforeAll(async () => {
  const outdirs = [
    ...(await Promise.all(ENVIRONMENTS.map((env) => synthTo({ env, configDir: CONFIG_DIR })))),
    await synthTo({ env: 'test', configDir: writeEnvironment(OPT_OUT_CONFIG) }),
  ];
  for (const outdir of outdirs) for (const [name, json] of stackFiles(outdir)) stacks.set(name, JSON.parse(json) as StackJson);
});

describe('the task graph of every tenant stack', () => {
  it('covers every tenant of every environment and the opt-out tenant', () => {
    expect(tenantStacks().map(([name]) => name)).toEqual(expect.arrayContaining(['local-tenant-brightview', 'local-tenant-clearsight', 'local-tenant-visionworks_south', 'test-tenant-private', 'test-tenant-sharing']));
    expect(tenantStacks().length).toBeGreaterThanOrEqual(7);
  });

  it('has one scheduled root on the RAW streams, one finalizer of it, predecessors in the stack, no cycle, nothing unreachable', () => {
    for (const [name, stack] of tenantStacks()) expect({ stack: name, problems: taskGraphProblems(stack) }).toEqual({ stack: name, problems: [] });
  });

  it.each([
    ['test-tenant-sharing', true],
    ['test-tenant-private', false],
    ['local-tenant-brightview', true],
  ])('%s: the benchmark feed is there: %s; the quality task runs after every staging and mart refresh, the insights beside it', (stack, feed) => {
    const tasks = tasksOf(stack);
    expect(tasks.some((t) => t.name === 'BENCHMARK_FEED')).toBe(feed);
    const addressOf = new Map(Object.entries(stacks.get(stack)!.resource.snowflake_task!).map(([address, t]) => [t.name, address]));
    const isInsight = (name: string) => name.startsWith('INSIGHT_');
    expect(tasks.filter((t) => isInsight(t.name)).map((t) => t.name).sort()).toEqual(['INSIGHT_KPI_ANOMALY_DAILY', 'INSIGHT_KPI_FORECAST_DAILY', 'INSIGHT_RECOMMENDATIONS']);
    const refreshes = tasks.filter((t) => t.after?.length && t.name !== 'DQ_CHECKS' && !isInsight(t.name)).map((t) => taskRef(addressOf.get(t.name)!));
    // 12 staging and 12 mart refreshes, plus the feed where the tenant shares; not the insight marts, which nothing checks.
    expect(refreshes).toHaveLength(feed ? 25 : 24);
    expect([...tasks.find((t) => t.name === 'DQ_CHECKS')!.after!].sort()).toEqual(refreshes.sort());
  });
});

describe('the task graph check catches a broken graph', () => {
  /** A copy of a sound stack, and the address of each task by name, to break one thing in. */
  const broken = (change: (tasks: Record<string, TaskJson>, address: (name: string) => string) => void): StackJson => {
    const stack = structuredClone(stacks.get('local-tenant-brightview')!);
    const tasks = stack.resource.snowflake_task!;
    change(tasks, (name) => Object.keys(tasks).find((a) => tasks[a]!.name === name)!);
    return stack;
  };

  it.each<[string, Parameters<typeof broken>[0], RegExp]>([
    ['a task without predecessors is a second root', (t, a) => delete t[a('STG_PRODUCTS')]!.after, /^2 root tasks \(PIPELINE_ROOT, STG_PRODUCTS\)/],
    ['the root without a schedule', (t, a) => delete t[a('PIPELINE_ROOT')]!.schedule, /^root PIPELINE_ROOT has no schedule$/],
    ['the root not waiting for one stream', (t, a) => void (t[a('PIPELINE_ROOT')]!.when = t[a('PIPELINE_ROOT')]!.when!.replace(/ OR SYSTEM\$STREAM_HAS_DATA\('RAW\.STAFF_STREAM'\)/, '')), /^root PIPELINE_ROOT runs when .* has data, not when any of .*RAW\.STAFF_STREAM/],
    ['a predecessor from another stack', (t, a) => void (t[a('MART_DIM_STAFF')]!.after = [taskRef('elsewhere_1234')]), /^MART_DIM_STAFF runs after \$\{snowflake_task\.elsewhere_1234\.fully_qualified_name\}, which is not a task of this stack$/],
    ['a predecessor by plain name, not by reference', (t, a) => void (t[a('MART_DIM_STAFF')]!.after = ['STG_STAFF']), /^MART_DIM_STAFF runs after STG_STAFF, which is not a task of this stack$/],
    ['a cycle', (t, a) => t[a('STG_LOCATIONS')]!.after!.push(taskRef(a('MART_DIM_LOCATION'))), /^dependency cycle among .*MART_DIM_LOCATION.*STG_LOCATIONS/],
    ['a task after the finalizer', (t, a) => void (t[a('MART_DIM_STAFF')]!.after = [taskRef(a('PIPELINE_FINALIZER'))]), /^not reachable from the root: DQ_CHECKS, MART_DIM_STAFF, MART_KPI_STAFF_MONTHLY$/],
    ['no finalizer', (t, a) => delete t[a('PIPELINE_FINALIZER')], /^0 finalizers \(none\); a graph has one$/],
    ['a mart stopped by a skipped predecessor', (t, a) => delete t[a('MART_DIM_STAFF')]!.when, /^MART_DIM_STAFF does not run after a skipped predecessor$/],
    ['a staging task waiting for a stream it does not read', (t, a) => void (t[a('STG_STAFF')]!.when += " OR SYSTEM$STREAM_HAS_DATA('RAW.PRODUCTS_STREAM')"), /^STG_STAFF waits for RAW\.PRODUCTS_STREAM, which it does not consume$/],
    ['a finalizer that also waits for a task', (t, a) => void (t[a('PIPELINE_FINALIZER')]!.after = [taskRef(a('DQ_CHECKS'))]), /^finalizer PIPELINE_FINALIZER also runs after other tasks$/],
    ['a finalizer of another task', (t, a) => void (t[a('PIPELINE_FINALIZER')]!.finalize = taskRef(a('STG_LOCATIONS'))), /^finalizer PIPELINE_FINALIZER finalizes .*stg_locations.*, not the root$/],
    [
      `${MAX_PREDECESSORS + 1} predecessors`,
      (t, a) => {
        const extra = Array.from({ length: MAX_PREDECESSORS + 1 }, (_, i) => `extra_${i}`);
        for (const address of extra) t[address] = { name: address.toUpperCase(), after: [taskRef(a('PIPELINE_ROOT'))] };
        t[a('DQ_CHECKS')]!.after = extra.map(taskRef);
      },
      /^DQ_CHECKS has 101 predecessors; Snowflake allows 100$/,
    ],
  ])('%s', (_, change, problem) => {
    expect(taskGraphProblems(stacks.get('local-tenant-brightview')!)).toEqual([]);
    expect(taskGraphProblems(broken(change))).toContainEqual(expect.stringMatching(problem));
  });
});

describe('sql/ files', () => {
  it('every file is loaded by a synthesized stack, or by a consumer listed here', () => {
    const used = new Set([...mockSqlRequests, ...LOADED_OUTSIDE_STACKS.map((x) => x.sql)]);
    expect(sqlFilesOnDisk().length).toBeGreaterThan(80);
    expect(unusedSqlFiles(sqlFilesOnDisk(), used)).toEqual([]);
  });

  it.each(LOADED_OUTSIDE_STACKS)('$sql: no stack loads it; $consumer does ($why)', ({ sql, consumer }) => {
    // A listed file that a stack starts to load (or its consumer stops naming) makes the list stale.
    expect(mockSqlRequests.has(sql)).toBe(false);
    expect(fs.readFileSync(path.join(REPO_ROOT, consumer), 'utf8')).toContain(`'${sql}'`);
  });

  it('every path the stacks asked the SQL helper for exists', () => {
    expect(mockSqlRequests.size).toBeGreaterThan(80);
    expect(missingSqlFiles(mockSqlRequests)).toEqual([]);
  });

  it('every sql/ path written in the code exists, including on branches this config does not take', () => {
    const literals = sqlPathLiterals();
    expect(literals.map((l) => l.file)).toEqual(expect.arrayContaining(['constructs/pipeline.ts', 'constructs/platform.ts', 'constructs/policies.ts', 'local/workspace.ts']));
    expect(literals.filter((l) => missingSqlFiles([l.sql]).length)).toEqual([]);
  });

  it('the checks catch a file nobody loads and a path that is not there', () => {
    expect(unusedSqlFiles([...sqlFilesOnDisk(), 'marts/orphan.sql'], mockSqlRequests)).toContain('marts/orphan.sql');
    expect(missingSqlFiles([...mockSqlRequests, 'marts/ddl/no_such_table.sql'])).toEqual(['marts/ddl/no_such_table.sql']);
  });
});
