/**
 * `SNOWFLAKE.ACCOUNT_USAGE` locally: QUERY_HISTORY, ACCESS_HISTORY, LOGIN_HISTORY, USERS,
 * POLICY_REFERENCES, TASK_HISTORY and CORTEX_AI_FUNCTIONS_USAGE_HISTORY as views over the account's own logs, with Snowflake's column names, so the
 * platform's AUDIT views (sql/platform/ddl/audit_*.sql) run unchanged here and in Snowflake.
 *
 * As in Snowflake, the database is owned by ACCOUNTADMIN and read by roles granted IMPORTED
 * PRIVILEGES on it. Local differences, documented in local/engine/README.md: no latency (Snowflake
 * lags up to three hours), and a view read is recorded against the view, not its base tables.
 */
import type { PolicyAttachments } from './policies';
import type { CortexCall } from '../engine/cortex-meter';
import { Token, sqlLiteral, tokenize } from '../engine/tokenizer';

export const ACCOUNT_USAGE = { database: 'SNOWFLAKE', schema: 'ACCOUNT_USAGE' } as const;
export const IMPORTED_PRIVILEGES = 'IMPORTED PRIVILEGES';

const SYSTEM = 'sf_system';

/**
 * What a Cortex token costs locally: every model at a 70B Llama's rate (shared/docs/domain.md:
 * ~0.36 credits per million tokens each way). Snowflake's rate depends on the model.
 */
export const CORTEX_CREDITS_PER_MILLION_TOKENS = 0.36;
const VIEWS = `"${ACCOUNT_USAGE.database}$${ACCOUNT_USAGE.schema}"`;

/** One column read by a statement: Snowflake's `BASE_OBJECTS_ACCESSED` element, grouped by object. */
export interface ObjectAccess {
  readonly objectDomain: 'Table' | 'View';
  readonly objectName: string;
  readonly columns: readonly { readonly columnName: string }[];
}

/** A login attempt, as LOGIN_HISTORY reports it. */
export interface LoginEvent {
  readonly user: string;
  readonly success: boolean;
  readonly clientType: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** One audit record, as a line of the audit log (snake_case, the columns of `sf_system.audit_log`). */
export interface AuditRecord {
  readonly query_id: string;
  readonly start_time: string;
  readonly session_id: string;
  readonly user_name: string;
  readonly role_name: string;
  readonly query_tag: string | null;
  readonly database_name: string | null;
  readonly schema_name: string | null;
  readonly query_text: string;
  readonly statement_type: string | null;
  readonly rows_produced: number | null;
  readonly execution_status: 'SUCCESS' | 'FAIL';
  readonly error_code: string | null;
  readonly error_message: string | null;
  readonly total_elapsed_ms: number;
  readonly objects_accessed: readonly string[];
  readonly base_objects_accessed: readonly ObjectAccess[];
  /** Cortex AI function calls the statement made, for CORTEX_AI_FUNCTIONS_USAGE_HISTORY (empty for most). */
  readonly cortex_calls: readonly CortexCall[];
}

const AUDIT_COLUMNS: Readonly<Record<keyof AuditRecord, string>> = {
  query_id: 'VARCHAR', start_time: 'TIMESTAMPTZ', session_id: 'VARCHAR', user_name: 'VARCHAR', role_name: 'VARCHAR', query_tag: 'VARCHAR',
  database_name: 'VARCHAR', schema_name: 'VARCHAR', query_text: 'VARCHAR', statement_type: 'VARCHAR', rows_produced: 'BIGINT',
  execution_status: 'VARCHAR', error_code: 'VARCHAR', error_message: 'VARCHAR', total_elapsed_ms: 'DOUBLE', objects_accessed: 'JSON',
  base_objects_accessed: 'JSON', cortex_calls: 'JSON',
};

/**
 * The audit log is a file of JSON lines next to the database, appended once per statement: a
 * DuckDB insert commits (and syncs) per statement, which cost several times the statement itself.
 * `sf_system.audit_log` reads the file; a line torn by a crash is skipped, never the rest.
 */
export function auditLogView(file: string): string {
  const columns = Object.entries(AUDIT_COLUMNS).map(([name, type]) => `${name}: '${type}'`).join(', ');
  return `CREATE OR REPLACE VIEW ${SYSTEM}.audit_log AS
     SELECT * FROM read_json(${sqlLiteral(file)}, format = 'newline_delimited', ignore_errors = true, columns = {${columns}})
     WHERE query_id IS NOT NULL`;
}

/** TaskHistoryRow fields as the task history file holds them (JSON, camelCase; times as ISO text). */
const TASK_HISTORY_FIELDS: Readonly<Record<string, string>> = {
  queryId: 'VARCHAR', runId: 'VARCHAR', database: 'VARCHAR', schema: 'VARCHAR', name: 'VARCHAR', rootTaskName: 'VARCHAR',
  state: 'VARCHAR', attemptNumber: 'INTEGER', scheduledFrom: 'VARCHAR', scheduledTime: 'TIMESTAMPTZ', queryStartTime: 'TIMESTAMPTZ',
  completedTime: 'TIMESTAMPTZ', durationMs: 'DOUBLE', rowsProduced: 'BIGINT', errorCode: 'VARCHAR', errorMessage: 'VARCHAR',
  returnValue: 'VARCHAR', queryText: 'VARCHAR', conditionText: 'VARCHAR', reason: 'VARCHAR',
};

/**
 * ACCOUNT_USAGE.TASK_HISTORY over the task history file (local/account/task-service.ts), with
 * Snowflake's column names, plus two local columns the task history table is asked to have:
 * ROWS_PRODUCED (rows the body wrote) and DURATION_MS; SKIP_REASON says why a task did not run.
 * A task a failed predecessor kept from running has no row, as in Snowflake (the local store keeps
 * one for `eyecare local run`).
 */
export function taskHistoryView(file: string): string {
  const columns = Object.entries(TASK_HISTORY_FIELDS).map(([name, type]) => `${name}: '${type}'`).join(', ');
  return `CREATE OR REPLACE VIEW ${VIEWS}."TASK_HISTORY" AS
     SELECT name AS "NAME", queryText AS "QUERY_TEXT", conditionText AS "CONDITION_TEXT", schema AS "SCHEMA_NAME",
       database AS "DATABASE_NAME", scheduledTime AS "SCHEDULED_TIME", completedTime AS "COMPLETED_TIME", state AS "STATE",
       returnValue AS "RETURN_VALUE", queryId AS "QUERY_ID", queryStartTime AS "QUERY_START_TIME", errorCode AS "ERROR_CODE",
       errorMessage AS "ERROR_MESSAGE", rootTaskName AS "ROOT_TASK_NAME", scheduledFrom AS "SCHEDULED_FROM",
       attemptNumber AS "ATTEMPT_NUMBER", runId AS "GRAPH_RUN_GROUP_ID", rowsProduced AS "ROWS_PRODUCED",
       CAST(round(durationMs) AS BIGINT) AS "DURATION_MS", reason AS "SKIP_REASON"
     FROM read_json(${sqlLiteral(file)}, format = 'newline_delimited', ignore_errors = true, columns = {${columns}})
     WHERE name IS NOT NULL AND state <> 'NOT_EXECUTED'`;
}

export const ACCOUNT_USAGE_SETUP: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${SYSTEM}.login_history (
     event_id VARCHAR NOT NULL, event_timestamp TIMESTAMPTZ NOT NULL, user_name VARCHAR NOT NULL, client_ip VARCHAR NOT NULL,
     reported_client_type VARCHAR NOT NULL, first_authentication_factor VARCHAR NOT NULL, is_success VARCHAR NOT NULL,
     error_code VARCHAR, error_message VARCHAR)`,
  `CREATE SCHEMA IF NOT EXISTS ${VIEWS}`,
  `CREATE OR REPLACE VIEW ${VIEWS}."QUERY_HISTORY" AS
     SELECT query_id AS "QUERY_ID", query_text AS "QUERY_TEXT", database_name AS "DATABASE_NAME", schema_name AS "SCHEMA_NAME",
       upper(coalesce(statement_type, 'UNKNOWN')) AS "QUERY_TYPE", session_id AS "SESSION_ID", user_name AS "USER_NAME",
       role_name AS "ROLE_NAME", query_tag AS "QUERY_TAG", execution_status AS "EXECUTION_STATUS", error_code AS "ERROR_CODE",
       error_message AS "ERROR_MESSAGE", start_time AS "START_TIME",
       start_time + to_microseconds(CAST(total_elapsed_ms * 1000 AS BIGINT)) AS "END_TIME",
       CAST(round(total_elapsed_ms) AS BIGINT) AS "TOTAL_ELAPSED_TIME", rows_produced AS "ROWS_PRODUCED"
     FROM ${SYSTEM}.audit_log`,
  // Snowflake records a query here only when it read or wrote a table or view.
  `CREATE OR REPLACE VIEW ${VIEWS}."ACCESS_HISTORY" AS
     SELECT query_id AS "QUERY_ID", start_time AS "QUERY_START_TIME", user_name AS "USER_NAME",
       base_objects_accessed AS "DIRECT_OBJECTS_ACCESSED", base_objects_accessed AS "BASE_OBJECTS_ACCESSED"
     FROM ${SYSTEM}.audit_log
     WHERE execution_status = 'SUCCESS' AND base_objects_accessed IS NOT NULL AND json_array_length(base_objects_accessed) > 0`,
  // One row per query, function and model, as Snowflake meters Cortex: input and output tokens in
  // METRICS, CREDITS at CORTEX_CREDITS_PER_MILLION_TOKENS. START_TIME is the hour the query began in.
  `CREATE OR REPLACE VIEW ${VIEWS}."CORTEX_AI_FUNCTIONS_USAGE_HISTORY" AS
     WITH calls AS (
       SELECT query_id, start_time, user_name, role_name, query_tag, unnest(CAST(cortex_calls AS JSON[])) AS c
       FROM ${SYSTEM}.audit_log
       WHERE cortex_calls IS NOT NULL AND json_array_length(cortex_calls) > 0
     ),
     metered AS (
       SELECT query_id, start_time, user_name, role_name, query_tag, c->>'function' AS function_name, c->>'model' AS model_name,
         sum(CAST(c->>'inputTokens' AS BIGINT)) AS input_tokens, sum(CAST(c->>'outputTokens' AS BIGINT)) AS output_tokens
       FROM calls GROUP BY ALL
     )
     SELECT date_trunc('hour', start_time) AS "START_TIME", date_trunc('hour', start_time) + INTERVAL 1 HOUR AS "END_TIME",
       function_name AS "FUNCTION_NAME", model_name AS "MODEL_NAME", query_id AS "QUERY_ID", CAST(NULL AS BIGINT) AS "WAREHOUSE_ID",
       to_json([role_name]) AS "ROLE_NAMES", query_tag AS "QUERY_TAG", user_name AS "USER_ID",
       to_json([{'key': {'metric': 'input', 'unit': 'tokens'}, 'value': input_tokens}, {'key': {'metric': 'output', 'unit': 'tokens'}, 'value': output_tokens}]) AS "METRICS",
       CAST((input_tokens + output_tokens) * ${CORTEX_CREDITS_PER_MILLION_TOKENS} / 1000000 AS DECIMAL(38, 9)) AS "CREDITS",
       TRUE AS "IS_COMPLETED"
     FROM metered`,
  `CREATE OR REPLACE VIEW ${VIEWS}."LOGIN_HISTORY" AS
     SELECT event_id AS "EVENT_ID", event_timestamp AS "EVENT_TIMESTAMP", 'LOGIN' AS "EVENT_TYPE", user_name AS "USER_NAME",
       client_ip AS "CLIENT_IP", reported_client_type AS "REPORTED_CLIENT_TYPE",
       first_authentication_factor AS "FIRST_AUTHENTICATION_FACTOR", is_success AS "IS_SUCCESS", error_code AS "ERROR_CODE",
       error_message AS "ERROR_MESSAGE"
     FROM ${SYSTEM}.login_history`,
  // USERS and POLICY_REFERENCES read the account's persisted state, so they are never stale and
  // cost nothing until queried.
  `CREATE OR REPLACE VIEW ${VIEWS}."USERS" AS
     SELECT u->>'name' AS "NAME", u->>'name' AS "LOGIN_NAME", u->>'defaultRole' AS "DEFAULT_ROLE",
       CAST(u->>'disabled' AS BOOLEAN) AS "DISABLED", CAST(NULL AS TIMESTAMPTZ) AS "DELETED_ON"
     FROM (SELECT unnest(CAST(value->'users' AS JSON[])) AS u FROM ${SYSTEM}.state WHERE key = 'access_control')`,
  `CREATE OR REPLACE VIEW ${VIEWS}."POLICY_REFERENCES" AS
     SELECT r->>'policyDb' AS "POLICY_DB", r->>'policySchema' AS "POLICY_SCHEMA", r->>'policyName' AS "POLICY_NAME",
       r->>'policyKind' AS "POLICY_KIND", r->>'database' AS "REF_DATABASE_NAME", r->>'schema' AS "REF_SCHEMA_NAME",
       r->>'entity' AS "REF_ENTITY_NAME", r->>'column' AS "REF_COLUMN_NAME"
     FROM (SELECT unnest(CAST(value->'references' AS JSON[])) AS r FROM ${SYSTEM}.state WHERE key = 'policies')`,
  `INSERT INTO sf_catalog.databases SELECT '${ACCOUNT_USAGE.database}', current_timestamp, 'Snowflake''s shared database (locally: ACCOUNT_USAGE over this account''s logs)'
     WHERE NOT EXISTS (SELECT 1 FROM sf_catalog.databases WHERE name = '${ACCOUNT_USAGE.database}')`,
  `INSERT INTO sf_catalog.schemas SELECT '${ACCOUNT_USAGE.database}', '${ACCOUNT_USAGE.schema}', current_timestamp, 'account usage history', false
     WHERE NOT EXISTS (SELECT 1 FROM sf_catalog.schemas WHERE database_name = '${ACCOUNT_USAGE.database}' AND name = '${ACCOUNT_USAGE.schema}')`,
];

/** One row of POLICY_REFERENCES, as the account persists it with its policies. */
export interface PolicyReference {
  readonly policyDb: string;
  readonly policySchema: string;
  readonly policyName: string;
  readonly policyKind: 'ROW_ACCESS_POLICY' | 'MASKING_POLICY';
  readonly database: string;
  readonly schema: string;
  readonly entity: string;
  readonly column: string | null;
}

/** Every policy attachment as a POLICY_REFERENCES row (table -> its row access and masking policies). */
export function policyReferences(attachments: ReadonlyMap<string, PolicyAttachments>): PolicyReference[] {
  const row = (policy: string, policyKind: PolicyReference['policyKind'], table: string, column: string | null): PolicyReference => {
    const [policyDb, policySchema, policyName] = policy.split('.') as [string, string, string];
    const [database, schema, entity] = table.split('.') as [string, string, string];
    return { policyDb, policySchema, policyName, policyKind, database, schema, entity, column };
  };
  return [...attachments].flatMap(([table, a]) => [
    ...(a.rowAccess ? [row(a.rowAccess.policy, 'ROW_ACCESS_POLICY', table, null)] : []),
    ...Object.entries(a.masking).map(([column, policy]) => row(policy, 'MASKING_POLICY', table, column)),
  ]);
}

/** A login event as the LOGIN_HISTORY row values. */
export function loginRow(event: LoginEvent, id: string): { sql: string; params: (string | null)[] } {
  return {
    sql: `INSERT INTO ${SYSTEM}.login_history VALUES ($1, current_timestamp, $2, '127.0.0.1', $3, 'PASSWORD', $4, $5, $6)`,
    params: [id, event.user, event.clientType, event.success ? 'YES' : 'NO', event.errorCode ?? null, event.errorMessage ?? null],
  };
}

/** Statement text as the audit keeps it: the value of every `PASSWORD = '...'` replaced by `'***'`, as Snowflake's history does. */
export function redactSecrets(sql: string): string {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    // Text the tokenizer cannot read is not logged as written: it could hold a secret.
    return /\bPASSWORD\b/i.test(sql) ? '<statement with a password, not tokenizable; redacted>' : sql;
  }
  let out = '';
  let at = 0;
  for (let k = 0; k + 2 < tokens.length; k++) {
    const [word, eq, value] = [tokens[k]!, tokens[k + 1]!, tokens[k + 2]!];
    if (word.kind !== 'word' || word.text.toUpperCase() !== 'PASSWORD' || eq.text !== '=' || value.kind !== 'string') continue;
    out += `${sql.slice(at, value.start)}'***'`;
    at = value.end;
  }
  return out + sql.slice(at);
}

const canonical = (t: Token) => (t.kind === 'quoted' ? t.value : t.value.toUpperCase());

/**
 * The columns of a table a statement may read: every column it names, or all of them when it
 * selects `*` (`SELECT *`, `t.*`, `, *`; not `COUNT(*)`). A name matching a column of another
 * table counts too: the audit errs towards recording an access, never towards missing one.
 */
export function columnsRead(sql: string, tableColumns: readonly string[]): string[] {
  const tokens = tokenize(sql);
  const star = tokens.some((t, k) => t.kind === 'op' && t.text === '*' && /^(SELECT|DISTINCT|,|\.)$/i.test(tokens[k - 1]?.text ?? ''));
  if (star) return [...tableColumns];
  const named = new Set(tokens.filter((t) => t.kind === 'word' || t.kind === 'quoted').map(canonical));
  return tableColumns.filter((c) => named.has(c));
}
