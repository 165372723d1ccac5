import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalAccount, Session } from '../../../local/account/account';
import { openAccount, rows } from '../../helpers/account';

describe('tasks in the local account', () => {
  let account: LocalAccount;
  let admin: Session;
  let dir: string;

  beforeEach(async () => {
    ({ account, dir } = await openAccount());
    admin = account.systemSession('SYSADMIN');
    await account.execute(admin, 'CREATE DATABASE D; CREATE SCHEMA D.RAW; CREATE SCHEMA D.STG');
    await account.execute(admin, 'CREATE TABLE D.RAW.EVENTS (ID VARCHAR); CREATE TABLE D.STG.EVENTS (ID VARCHAR); CREATE TABLE D.STG.RUNS (FINISHED_AT TIMESTAMP_NTZ, N NUMBER)');
    await account.execute(admin, 'CREATE STREAM D.RAW.EVENTS_STREAM ON TABLE D.RAW.EVENTS APPEND_ONLY = TRUE');
    admin.database = 'D';
    admin.schema = 'STG';
    await account.execute(admin, "CREATE TASK ROOT SCHEDULE = '60 MINUTE' WHEN SYSTEM$STREAM_HAS_DATA('RAW.EVENTS_STREAM') AS SELECT 1");
    await account.execute(admin, 'CREATE TASK STAGE_EVENTS AFTER ROOT AS INSERT INTO STG.EVENTS SELECT ID FROM RAW.EVENTS_STREAM');
    await account.execute(admin, 'CREATE TASK RECORD_RUN FINALIZE = ROOT AS INSERT INTO STG.RUNS SELECT CURRENT_TIMESTAMP(), (SELECT count(*) FROM STG.EVENTS)');
    // New tasks are suspended; children and finalizer first, the root last (as the provider does).
    await account.execute(admin, 'ALTER TASK STAGE_EVENTS RESUME; ALTER TASK RECORD_RUN RESUME; ALTER TASK ROOT RESUME');
  });
  afterEach(() => account.close());

  it('skips the graph when the root WHEN is false, runs it in order when the stream has data', async () => {
    const skipped = await account.runTaskGraph({ database: 'D', schema: 'STG', name: 'ROOT' });
    expect(skipped.rows.map((r) => [r.name, r.state, r.reason])).toEqual([['ROOT', 'SKIPPED', 'the WHEN condition is FALSE: no new rows in RAW.EVENTS_STREAM']]);
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a'), ('b')");
    const run = await account.runTaskGraph({ database: 'D', schema: 'STG', name: 'ROOT' });
    expect(run.state).toBe('SUCCEEDED');
    expect(run.rows.map((r) => [r.name, r.state, r.rowsProduced])).toEqual([
      ['ROOT', 'SUCCEEDED', 1],
      ['STAGE_EVENTS', 'SUCCEEDED', 2],
      ['RECORD_RUN', 'SUCCEEDED', 1],
    ]);
    expect((await rows(account, admin, 'SELECT N FROM D.STG.RUNS'))[0]!.N).toBe(2);
    expect(await account.streamHasData(admin, 'D.RAW.EVENTS_STREAM')).toBe(false);
  });

  it('a WHEN of system functions is answered without a query; one with other SQL runs one', async () => {
    await account.execute(admin, 'ALTER TASK ROOT SUSPEND');
    await account.execute(admin, "ALTER TASK STAGE_EVENTS MODIFY WHEN SYSTEM$PREDECESSORS_STATE('NONE_FAILED') AND SYSTEM$STREAM_HAS_DATA('RAW.EVENTS_STREAM')");
    await account.execute(admin, "CREATE TASK COUNT_EVENTS AFTER STAGE_EVENTS WHEN 1 + 1 = 2 AND SYSTEM$PREDECESSORS_STATE('ALL_SUCCEEDED') AS SELECT 1");
    await account.execute(admin, 'ALTER TASK COUNT_EVENTS RESUME; ALTER TASK ROOT RESUME');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a')");
    const run = await account.runTaskGraph({ database: 'D', schema: 'STG', name: 'ROOT' });
    expect(run.rows.map((r) => [r.name, r.state])).toEqual([
      ['ROOT', 'SUCCEEDED'],
      ['STAGE_EVENTS', 'SUCCEEDED'],
      ['COUNT_EVENTS', 'SUCCEEDED'],
      ['RECORD_RUN', 'SUCCEEDED'],
    ]);
    const evaluated = await rows(account, account.systemSession('ACCOUNTADMIN'), "SELECT QUERY_TEXT FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY WHERE QUERY_TEXT LIKE 'SELECT (%) AS RESULT'");
    expect(evaluated.map((r) => r.QUERY_TEXT)).toEqual(['SELECT (1 + 1 = 2 AND TRUE) AS RESULT']);
  });

  it('SNOWFLAKE.ACCOUNT_USAGE.TASK_HISTORY has every attempt with state, rows, duration and error', async () => {
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a'), ('b')");
    const run = await account.runTaskGraph({ database: 'D', schema: 'STG', name: 'ROOT' });
    const history = await rows(
      account,
      account.systemSession('ACCOUNTADMIN'),
      `SELECT NAME, STATE, ROWS_PRODUCED, DURATION_MS, ERROR_CODE, GRAPH_RUN_GROUP_ID, ATTEMPT_NUMBER, QUERY_START_TIME <= COMPLETED_TIME AS ORDERED
         FROM SNOWFLAKE.ACCOUNT_USAGE.TASK_HISTORY WHERE DATABASE_NAME = 'D' ORDER BY COMPLETED_TIME, NAME`,
    );
    expect(history.map((r) => [r.NAME, r.STATE, r.ROWS_PRODUCED, r.ERROR_CODE, r.GRAPH_RUN_GROUP_ID, r.ATTEMPT_NUMBER, r.ORDERED])).toEqual([
      ['ROOT', 'SUCCEEDED', 1, null, run.runId, 1, true],
      ['STAGE_EVENTS', 'SUCCEEDED', 2, null, run.runId, 1, true],
      ['RECORD_RUN', 'SUCCEEDED', 1, null, run.runId, 1, true],
    ]);
    expect(history.every((r) => Number(r.DURATION_MS) >= 0)).toBe(true);
  });

  it("a block body's rows are the rows its statements wrote, not the block's one-row answer", async () => {
    await account.execute(admin, 'ALTER TASK ROOT SUSPEND');
    await account.execute(
      admin,
      `ALTER TASK STAGE_EVENTS MODIFY AS EXECUTE IMMEDIATE $$ BEGIN
         BEGIN TRANSACTION;
         INSERT INTO STG.EVENTS SELECT ID FROM RAW.EVENTS_STREAM;
         UPDATE STG.EVENTS SET ID = UPPER(ID) WHERE ID < 'c';
         SELECT COUNT(*) FROM STG.EVENTS;
         COMMIT;
       END $$`,
    );
    await account.execute(admin, 'ALTER TASK ROOT RESUME');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a'), ('b'), ('c')");
    const run = await account.runTaskGraph({ database: 'D', schema: 'STG', name: 'ROOT' });
    // 3 inserted + 2 updated; the SELECT and the transaction statements write nothing.
    expect(run.rows.find((r) => r.name === 'STAGE_EVENTS')).toMatchObject({ state: 'SUCCEEDED', rowsProduced: 5 });
  });

  it('a WHEN over several streams answers each one: only the stream with rows makes it true', async () => {
    await account.execute(admin, 'CREATE TABLE D.RAW.OTHER (ID VARCHAR); CREATE STREAM D.RAW.OTHER_STREAM ON TABLE D.RAW.OTHER APPEND_ONLY = TRUE');
    await account.execute(admin, "ALTER TASK ROOT SUSPEND; ALTER TASK ROOT MODIFY WHEN SYSTEM$STREAM_HAS_DATA('RAW.EVENTS_STREAM') OR SYSTEM$STREAM_HAS_DATA('RAW.OTHER_STREAM'); ALTER TASK ROOT RESUME");
    const graph = { database: 'D', schema: 'STG', name: 'ROOT' };
    expect((await account.runTaskGraph(graph)).rows.map((r) => r.state)).toEqual(['SKIPPED']);
    await account.execute(admin, "INSERT INTO D.RAW.OTHER VALUES ('o')");
    expect((await account.runTaskGraph(graph)).state).toBe('SUCCEEDED');
    // AND needs both: OTHER_STREAM still has its row (nothing consumed it), EVENTS_STREAM has none.
    await account.execute(admin, "ALTER TASK ROOT SUSPEND; ALTER TASK ROOT MODIFY WHEN SYSTEM$STREAM_HAS_DATA('RAW.OTHER_STREAM') AND SYSTEM$STREAM_HAS_DATA('RAW.EVENTS_STREAM'); ALTER TASK ROOT RESUME");
    expect((await account.runTaskGraph(graph)).rows.map((r) => r.state)).toEqual(['SKIPPED']);
  });
  it('task bodies run as the owner with a query tag naming the task and run; history persists', async () => {
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a')");
    const run = await account.execute(admin, 'EXECUTE TASK ROOT');
    expect(run.rows[0]![0]).toBe('Task ROOT is scheduled to run immediately.');
    const audited = await account.engine.system("SELECT role_name, query_tag FROM sf_system.audit_log WHERE query_text LIKE 'INSERT INTO STG.EVENTS%'");
    expect(audited).toHaveLength(1);
    expect(audited[0]![0]).toBe('SYSADMIN');
    expect(JSON.parse(String(audited[0]![1]))).toMatchObject({ app: 'eyecare', component: 'task', task: 'D.STG.STAGE_EVENTS' });
    const history = await account.tasks.historyStore.recent({ database: 'D', name: 'STAGE_EVENTS' });
    expect(history.map((h) => h.state)).toEqual(['SUCCEEDED']);
  });

  it('a failing task fails the graph, its dependents do not run, the finalizer still does', async () => {
    await account.execute(admin, 'DROP TABLE D.STG.EVENTS');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a')");
    const run = await account.runTaskGraph({ database: 'D', schema: 'STG', name: 'ROOT' });
    expect(run.state).toBe('FAILED');
    expect(run.rows.map((r) => [r.name, r.state])).toEqual([['ROOT', 'SUCCEEDED'], ['STAGE_EVENTS', 'FAILED'], ['RECORD_RUN', 'FAILED']]);
    expect(run.firstError?.errorCode).toBe('002003');
    // The failed consumer did not advance the stream.
    expect(await account.streamHasData(admin, 'D.RAW.EVENTS_STREAM')).toBe(true);
  });

  it('TABLE(INFORMATION_SCHEMA.TASK_HISTORY(...)) lists the runs of tasks the role may see, newest first, by its arguments', async () => {
    await account.execute(admin, 'DROP TABLE D.STG.EVENTS');
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a')");
    await account.runTaskGraph({ database: 'D', schema: 'STG', name: 'ROOT' });
    const history = (sql: string, session = admin) => rows(account, session, sql);
    expect((await history('SELECT NAME, STATE FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY())')).map((r) => `${r.NAME} ${r.STATE}`).sort()).toEqual([
      'RECORD_RUN FAILED',
      'ROOT SUCCEEDED',
      'STAGE_EVENTS FAILED',
    ]);
    const newest = await history('SELECT NAME, SCHEDULED_TIME FROM TABLE(D.INFORMATION_SCHEMA.TASK_HISTORY(RESULT_LIMIT => 2))');
    expect(newest).toHaveLength(2);
    expect(String(newest[0]!.SCHEDULED_TIME) >= String(newest[1]!.SCHEDULED_TIME)).toBe(true);
    expect((await history("SELECT NAME, ERROR_CODE FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'stage_events'))"))).toEqual([{ NAME: 'STAGE_EVENTS', ERROR_CODE: '002003' }]);
    expect((await history('SELECT NAME FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(ERROR_ONLY => TRUE))')).map((r) => r.NAME).sort()).toEqual(['RECORD_RUN', 'STAGE_EVENTS']);
    await expect(history('SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(RESULT_LIMIT => 0))')).rejects.toThrow('RESULT_LIMIT must be between 1 and 10000');
    // A role with no privilege on the tasks sees no runs, no tasks and no task definition.
    await account.execute(account.systemSession('SECURITYADMIN'), 'CREATE ROLE BYSTANDER; GRANT USAGE ON DATABASE D TO ROLE BYSTANDER; GRANT USAGE ON SCHEMA D.STG TO ROLE BYSTANDER');
    const bystander = { ...account.systemSession('BYSTANDER'), database: 'D', schema: 'STG' };
    expect(await history('SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY())', bystander)).toEqual([]);
    expect(await history('SHOW TASKS IN SCHEMA D.STG', bystander)).toEqual([]);
    await expect(history('DESCRIBE TASK D.STG.ROOT', bystander)).rejects.toThrow("'D.STG.ROOT' does not exist or not authorized");
    await account.execute(account.systemSession('SECURITYADMIN'), 'GRANT MONITOR ON TASK D.STG.ROOT TO ROLE BYSTANDER');
    expect((await history('SELECT NAME FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY())', bystander)).map((r) => r.NAME)).toEqual(['ROOT']);
    expect((await history('SHOW TASKS IN SCHEMA D.STG', bystander)).map((r) => r.name)).toEqual(['ROOT']);
  });

  it('task definitions, their state and history survive reopening the account', async () => {
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a')");
    await account.runTaskGraph({ database: 'D', schema: 'STG', name: 'ROOT' });
    account.close();
    account = await LocalAccount.open(path.join(dir, 'local.duckdb'));
    const shown = await rows(account, account.systemSession('SYSADMIN'), 'SHOW TASKS IN SCHEMA D.STG');
    expect(shown.map((t) => [t.name, t.state]).sort()).toEqual([['RECORD_RUN', 'started'], ['ROOT', 'started'], ['STAGE_EVENTS', 'started']]);
    expect((await account.tasks.historyStore.recent({ database: 'D' })).length).toBe(3);
  });

  it('history is a file of JSON lines: a torn last line is skipped, an older history table moves into it', async () => {
    await account.execute(admin, "INSERT INTO D.RAW.EVENTS VALUES ('a')");
    await account.runTaskGraph({ database: 'D', schema: 'STG', name: 'ROOT' });
    account.close();
    const database = path.join(dir, 'local.duckdb');
    const file = `${database}.task_history.ndjson`;
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { name: string }).name)).toEqual(['ROOT', 'STAGE_EVENTS', 'RECORD_RUN']);
    // An account from before the file kept its history in a table: take the last row there, tear a line.
    fs.writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n{"name":"RECORD_`);
    account = await LocalAccount.open(database);
    await account.engine.system('CREATE TABLE sf_system.task_history (row JSON NOT NULL)');
    await account.engine.system('INSERT INTO sf_system.task_history VALUES ($1)', [lines[2]!]);
    account.close();
    account = await LocalAccount.open(database);
    const names = (await account.tasks.historyStore.recent({ database: 'D' })).map((r) => r.name).sort();
    expect(names).toEqual(['RECORD_RUN', 'ROOT', 'STAGE_EVENTS']);
    expect(await account.engine.system("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'sf_system' AND table_name = 'task_history'")).toEqual([['0']]);
  });
});
