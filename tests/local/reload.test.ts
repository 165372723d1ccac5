/**
 * Loading the same export twice changes no mart row, through the path a practice's files take:
 * PUT to the stage, COPY INTO RAW, the task graph. Twice means both ways it happens: the same file
 * again (COPY's load history skips it) and the same rows re-sent under another file name (RAW
 * keeps both copies; staging keeps the newest version of each key, so the marts stay as they were).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalAccount } from '../../local/account/account';
import { loadLanding, localPlan, runPipeline, seedNextWindow, synthAndApply, workspace, type Workspace } from '../../local/workspace';
import type { TenantPlan } from '../../model/plan';
import { CONFIG_DIR, tempDir } from '../helpers/config';

describe('loading the same export twice', () => {
  let ws: Workspace;
  let account: LocalAccount;
  let tenant: TenantPlan;
  let martsAfterFirstLoad: Record<string, string[]>;

  const sysadmin = () => account.systemSession('SYSADMIN');
  const query = async (sql: string) => (await account.execute(sysadmin(), sql)).rows;
  const count = async (table: string) => Number((await query(`SELECT COUNT(*) FROM ${tenant.names.database}.${table}`))[0]![0]);

  /** Every row of every MARTS table, as text, sorted: a change to any value of any row shows. */
  async function marts(): Promise<Record<string, string[]>> {
    const tables = (await query(`SHOW TABLES IN SCHEMA ${tenant.names.database}.MARTS`)).map((row) => String(row[1]));
    const out: Record<string, string[]> = {};
    for (const table of tables) out[table] = (await query(`SELECT * FROM ${tenant.names.database}.MARTS."${table}"`)).map((row) => JSON.stringify(row)).sort();
    return out;
  }

  async function runGraph(): Promise<Awaited<ReturnType<typeof runPipeline>>> {
    const run = await runPipeline(account, tenant);
    expect(run.rows.filter((r) => r.state === 'FAILED')).toEqual([]);
    return run;
  }

  beforeAll(async () => {
    ws = workspace(tempDir('reload'));
    account = await LocalAccount.open(ws.database, { stageRoot: ws.stages });
    await synthAndApply(ws, account, CONFIG_DIR);
    tenant = localPlan(CONFIG_DIR).tenants.find((t) => t.id === 'brightview')!;
    seedNextWindow(ws, tenant, 5);
    await loadLanding(account, ws, tenant);
    await runGraph();
    martsAfterFirstLoad = await marts();
  }, 120_000);
  afterAll(() => account.close());

  it('starts from marts with rows in them', () => {
    expect(martsAfterFirstLoad['FCT_APPOINTMENTS']!.length).toBeGreaterThan(50);
    expect(martsAfterFirstLoad['KPI_LOCATION_DAILY']!.length).toBeGreaterThan(0);
  });

  it('the same files again: COPY skips every one, and the graph changes no mart row', async () => {
    const rawBefore = await count('RAW.APPOINTMENTS');
    const again = await loadLanding(account, ws, tenant);
    expect(again.reduce((n, l) => n + l.files + l.rowsLoaded, 0)).toBe(0);
    await runGraph();
    expect(await count('RAW.APPOINTMENTS')).toBe(rawBefore);
    expect(await marts()).toEqual(martsAfterFirstLoad);
  });

  it('the same rows re-sent under another file name: RAW holds both copies, staging and the marts do not change', async () => {
    const folder = path.join(ws.landing(tenant.id), 'appointments');
    const original = fs.readdirSync(folder).sort()[0]!;
    const resent = path.join(folder, original.replace('.csv', '_resent.csv'));
    fs.copyFileSync(path.join(folder, original), resent);
    const rawBefore = await count('RAW.APPOINTMENTS');
    const stagedBefore = await count('STAGING.STG_PMS__APPOINTMENTS');
    const quarantinedBefore = await count('STAGING.QUARANTINE');

    const [load] = await loadLanding(account, ws, tenant, { entity: 'appointments', file: resent });
    expect(load!.files).toBe(1);
    expect(load!.rowsLoaded).toBeGreaterThan(0);
    const run = await runGraph();
    // Only the appointments stream has rows: the other staging tasks skip, every later task runs.
    const states = Object.fromEntries(run.rows.map((r) => [r.name, r.state]));
    const staging = Object.keys(states).filter((name) => name.startsWith('STG_'));
    expect(staging).toHaveLength(12);
    for (const name of staging) expect([name, states[name]]).toEqual([name, name === 'STG_APPOINTMENTS' ? 'SUCCEEDED' : 'SKIPPED']);
    expect(run.rows.find((r) => r.name === 'STG_PATIENTS')).toMatchObject({ reason: 'the WHEN condition is FALSE: no new rows in RAW.PATIENTS_STREAM' });
    const later = Object.keys(states).filter((name) => !name.startsWith('STG_'));
    expect(later.filter((name) => states[name] !== 'SUCCEEDED')).toEqual([]);
    expect(later).toEqual(expect.arrayContaining(['MART_FCT_APPOINTMENTS', 'MART_KPI_LOCATION_DAILY', 'MART_FCT_EXAMS', 'DQ_CHECKS', 'PIPELINE_FINALIZER']));

    expect(await count('RAW.APPOINTMENTS')).toBe(rawBefore + load!.rowsLoaded);
    expect(await count('STAGING.STG_PMS__APPOINTMENTS')).toBe(stagedBefore);
    // The re-sent file's malformed rows are quarantined again, under its own name: every RAW row is accounted for.
    const [[requarantined]] = await query(
      `SELECT COUNT(*) FROM ${tenant.names.database}.STAGING.QUARANTINE WHERE SOURCE_FILE = 'appointments/${path.basename(resent)}'`,
    );
    expect(await count('STAGING.QUARANTINE')).toBe(quarantinedBefore + Number(requarantined));
    expect(await marts()).toEqual(martsAfterFirstLoad);
    const failedChecks = await query(
      `SELECT CHECK_NAME, ENTITY, DETAILS FROM ${tenant.names.database}.STAGING.DQ_RESULTS
       WHERE STATUS = 'fail' AND CHECK_NAME <> 'freshness' AND RUN_ID = (SELECT MAX(RUN_ID) FROM ${tenant.names.database}.STAGING.DQ_RESULTS)`,
    );
    expect(failedChecks).toEqual([]);
  });
});
