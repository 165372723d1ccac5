/**
 * What each Terraform resource type means as Snowflake SQL. The local applier runs exactly these
 * statements, as the role of the resource's provider block, against the local engine; so the
 * engine's authorization sees what Snowflake would see from the provider.
 *
 * Every argument a resource may carry is listed: an argument a handler does not list is an
 * error, never silently dropped. Identifiers come from synthesized config that `model/names`
 * built and are quoted here anyway; strings are escaped as Snowflake literals.
 */

export type ResolvedConfig = Readonly<Record<string, unknown>>;

export interface ResourceHandler {
  /** Arguments this handler understands (besides the meta-arguments every resource may have). */
  readonly arguments: readonly string[];
  /** Statements that create the object (idempotent where Snowflake allows). */
  create(config: ResolvedConfig): string[];
  /** Statements that bring an existing object from `before` to `after`; default: create again. */
  update?(before: ResolvedConfig, after: ResolvedConfig): string[];
  /** Statements that remove the object. */
  destroy(config: ResolvedConfig): string[];
  /** Attributes Terraform computes (e.g. `fully_qualified_name`), for references to them. */
  computed?(config: ResolvedConfig): Record<string, string>;
}

/** Meta-arguments and cdktf bookkeeping every resource may carry. */
export const META_ARGUMENTS = ['//', 'provider', 'lifecycle', 'depends_on'] as const;

export function ident(name: unknown): string {
  const text = String(name);
  return `"${text.replace(/"/g, '""')}"`;
}

/** `"A"."B"` from `A.B` or an already quoted `"A"."B"`. */
export function qualifiedIdent(name: unknown): string {
  const text = String(name);
  if (text.startsWith('"')) return text;
  return text.split('.').map(ident).join('.');
}

export function literal(value: unknown): string {
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `KEY = value` pairs for the arguments present, in a stable order. */
function properties(config: ResolvedConfig, mapping: readonly [argument: string, property: string, kind: 'number' | 'string' | 'bool' | 'word'][]): string {
  const parts: string[] = [];
  for (const [argument, property, kind] of mapping) {
    const value = config[argument];
    if (value === undefined || value === null || value === '') continue;
    const rendered = kind === 'string' ? literal(value) : kind === 'bool' ? (String(value) === 'true' ? 'TRUE' : 'FALSE') : String(value);
    parts.push(`${property} = ${rendered}`);
  }
  return parts.length ? ` ${parts.join(' ')}` : '';
}

interface GrantTarget {
  readonly clause: string;
}

function grantTarget(config: ResolvedConfig): GrantTarget {
  const accountObject = config.on_account_object as { object_type: string; object_name: string } | undefined;
  if (accountObject) return { clause: `${accountObject.object_type} ${qualifiedIdent(accountObject.object_name)}` };
  if (config.on_account === true) return { clause: 'ACCOUNT' };
  const onSchema = config.on_schema as { schema_name?: string; all_schemas_in_database?: string; future_schemas_in_database?: string } | undefined;
  if (onSchema?.schema_name) return { clause: `SCHEMA ${qualifiedIdent(onSchema.schema_name)}` };
  if (onSchema?.all_schemas_in_database) return { clause: `ALL SCHEMAS IN DATABASE ${qualifiedIdent(onSchema.all_schemas_in_database)}` };
  if (onSchema?.future_schemas_in_database) return { clause: `FUTURE SCHEMAS IN DATABASE ${qualifiedIdent(onSchema.future_schemas_in_database)}` };
  const onObject = config.on_schema_object as
    | { object_type?: string; object_name?: string; all?: { object_type_plural: string; in_schema?: string; in_database?: string }; future?: { object_type_plural: string; in_schema?: string; in_database?: string } }
    | undefined;
  if (onObject?.object_type && onObject.object_name) return { clause: `${onObject.object_type} ${qualifiedIdent(onObject.object_name)}` };
  for (const when of ['all', 'future'] as const) {
    const bulk = onObject?.[when];
    if (bulk) {
      const scope = bulk.in_schema ? `SCHEMA ${qualifiedIdent(bulk.in_schema)}` : `DATABASE ${qualifiedIdent(bulk.in_database)}`;
      return { clause: `${when.toUpperCase()} ${bulk.object_type_plural} IN ${scope}` };
    }
  }
  throw new Error('grant without a target (on_account, on_account_object, on_schema or on_schema_object)');
}

function privilegeList(config: ResolvedConfig): string {
  if (config.all_privileges === true) return 'ALL PRIVILEGES';
  const privileges = config.privileges as string[] | undefined;
  if (!privileges?.length) throw new Error('grant without privileges');
  return privileges.join(', ');
}

const WAREHOUSE_PROPERTIES: readonly [string, string, 'number' | 'string' | 'bool' | 'word'][] = [
  ['warehouse_type', 'WAREHOUSE_TYPE', 'word'],
  ['warehouse_size', 'WAREHOUSE_SIZE', 'word'],
  ['auto_suspend', 'AUTO_SUSPEND', 'number'],
  ['auto_resume', 'AUTO_RESUME', 'bool'],
  ['initially_suspended', 'INITIALLY_SUSPENDED', 'bool'],
  ['min_cluster_count', 'MIN_CLUSTER_COUNT', 'number'],
  ['max_cluster_count', 'MAX_CLUSTER_COUNT', 'number'],
  ['scaling_policy', 'SCALING_POLICY', 'word'],
  ['statement_timeout_in_seconds', 'STATEMENT_TIMEOUT_IN_SECONDS', 'number'],
  ['statement_queued_timeout_in_seconds', 'STATEMENT_QUEUED_TIMEOUT_IN_SECONDS', 'number'],
  ['resource_monitor', 'RESOURCE_MONITOR', 'word'],
  ['comment', 'COMMENT', 'string'],
];

function monitorTriggers(config: ResolvedConfig): string {
  const triggers: string[] = [];
  for (const n of (config.notify_triggers as number[] | undefined) ?? []) triggers.push(`ON ${n} PERCENT DO NOTIFY`);
  if (config.suspend_trigger !== undefined) triggers.push(`ON ${String(config.suspend_trigger)} PERCENT DO SUSPEND`);
  if (config.suspend_immediate_trigger !== undefined) triggers.push(`ON ${String(config.suspend_immediate_trigger)} PERCENT DO SUSPEND_IMMEDIATE`);
  return triggers.length ? ` TRIGGERS ${triggers.join(' ')}` : '';
}

/** `"DB"."SCHEMA"."NAME"` of a schema object from its database/schema/name arguments. */
function objectName(c: ResolvedConfig): string {
  return `${ident(c.database)}.${ident(c.schema)}.${ident(c.name)}`;
}

/** A file format argument as a Snowflake option value. */
function optionValue(value: unknown): string {
  if (Array.isArray(value)) return `(${value.map(literal).join(', ')})`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  return literal(value);
}

const FILE_FORMAT_ARGUMENTS = [
  'format_type', 'compression', 'record_delimiter', 'field_delimiter', 'file_extension', 'parse_header', 'skip_header', 'skip_blank_lines',
  'date_format', 'timestamp_format', 'escape', 'escape_unenclosed_field', 'trim_space', 'field_optionally_enclosed_by', 'null_if',
  'error_on_column_count_mismatch', 'replace_invalid_characters', 'empty_field_as_null', 'skip_byte_order_mark', 'encoding',
  'strip_outer_array', 'strip_null_values', 'comment',
] as const;

interface TableColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable?: boolean;
  readonly comment?: string;
  readonly masking_policy?: string;
}

/** Masking policies of a table's columns, set after the table exists. */
function columnMasking(c: ResolvedConfig, columns: readonly TableColumn[]): string[] {
  return columns.filter((col) => col.masking_policy).map((col) => `ALTER TABLE ${objectName(c)} MODIFY COLUMN ${ident(col.name)} SET MASKING POLICY ${qualifiedIdent(col.masking_policy)}`);
}

interface PolicyArgument {
  readonly name: string;
  readonly type: string;
}

function createPolicy(kind: 'ROW ACCESS POLICY' | 'MASKING POLICY', c: ResolvedConfig, returns: string, orReplace: boolean): string {
  const args = (c.argument as PolicyArgument[]).map((a) => `${ident(a.name)} ${a.type}`).join(', ');
  return `CREATE ${orReplace ? 'OR REPLACE ' : ''}${kind} ${orReplace ? '' : 'IF NOT EXISTS '}${objectName(c)} AS (${args}) RETURNS ${returns} -> ${String(c.body)}`;
}

function columnDefinition(c: TableColumn): string {
  return `${ident(c.name)} ${c.type}${c.nullable === false ? ' NOT NULL' : ''}${c.comment ? ` COMMENT ${literal(c.comment)}` : ''}`;
}

interface TaskSchedule {
  readonly minutes?: number;
  readonly hours?: number;
  readonly seconds?: number;
  readonly using_cron?: string;
}

function taskSchedule(schedule: unknown): string | undefined {
  const s = (Array.isArray(schedule) ? schedule[0] : schedule) as TaskSchedule | undefined;
  if (!s) return undefined;
  if (s.using_cron) return `USING CRON ${s.using_cron}`;
  if (s.minutes !== undefined) return `${s.minutes} MINUTE`;
  if (s.hours !== undefined) return `${s.hours} HOURS`;
  if (s.seconds !== undefined) return `${s.seconds} SECONDS`;
  return undefined;
}

/** Task DDL; whether it is started is handled by the applier around the whole graph. */
function createTask(c: ResolvedConfig, orReplace: boolean): string {
  const schedule = taskSchedule(c.schedule);
  const after = (c.after as string[] | undefined) ?? [];
  const parts = [
    `CREATE ${orReplace ? 'OR REPLACE ' : ''}TASK ${orReplace ? '' : 'IF NOT EXISTS '}${objectName(c)}`,
    c.warehouse ? `WAREHOUSE = ${ident(c.warehouse)}` : '',
    c.user_task_managed_initial_warehouse_size ? `USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = ${literal(c.user_task_managed_initial_warehouse_size)}` : '',
    schedule ? `SCHEDULE = ${literal(schedule)}` : '',
    c.allow_overlapping_execution !== undefined ? `ALLOW_OVERLAPPING_EXECUTION = ${String(c.allow_overlapping_execution).toUpperCase()}` : '',
    c.suspend_task_after_num_failures !== undefined ? `SUSPEND_TASK_AFTER_NUM_FAILURES = ${String(c.suspend_task_after_num_failures)}` : '',
    c.task_auto_retry_attempts !== undefined ? `TASK_AUTO_RETRY_ATTEMPTS = ${String(c.task_auto_retry_attempts)}` : '',
    c.user_task_timeout_ms !== undefined ? `USER_TASK_TIMEOUT_MS = ${String(c.user_task_timeout_ms)}` : '',
    c.error_integration ? `ERROR_INTEGRATION = ${ident(c.error_integration)}` : '',
    c.query_tag ? `QUERY_TAG = ${literal(c.query_tag)}` : '',
    c.comment ? `COMMENT = ${literal(c.comment)}` : '',
    c.finalize ? `FINALIZE = ${qualifiedIdent(c.finalize)}` : '',
    after.length ? `AFTER ${after.map(qualifiedIdent).join(', ')}` : '',
    c.when ? `WHEN ${String(c.when)}` : '',
    `AS ${String(c.sql_statement)}`,
  ];
  return parts.filter(Boolean).join(' ');
}

export const TASK_ARGUMENTS = [
  'database', 'schema', 'name', 'sql_statement', 'started', 'schedule', 'after', 'when', 'finalize', 'warehouse',
  'user_task_managed_initial_warehouse_size', 'suspend_task_after_num_failures', 'task_auto_retry_attempts', 'error_integration',
  'comment', 'allow_overlapping_execution', 'user_task_timeout_ms', 'query_tag',
] as const;

export const RESOURCE_HANDLERS: Readonly<Record<string, ResourceHandler>> = {
  snowflake_task: {
    arguments: TASK_ARGUMENTS,
    create: (c) => [createTask(c, false)],
    update: (_, c) => [createTask(c, true)],
    destroy: (c) => [`DROP TASK IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_execute: {
    arguments: ['execute', 'revert', 'query'],
    create: (c) => [String(c.execute)],
    // Terraform replaces an execute resource when its text changes: revert, then execute.
    update: (before, after) => [String(before.revert), String(after.execute)],
    destroy: (c) => [String(c.revert)],
  },
  snowflake_row_access_policy: {
    arguments: ['database', 'schema', 'name', 'argument', 'body', 'comment'],
    create: (c) => [createPolicy('ROW ACCESS POLICY', c, 'BOOLEAN', false)],
    // A body change in place: Snowflake alters the body; locally the policy is replaced (still attached).
    update: (_, c) => [createPolicy('ROW ACCESS POLICY', c, 'BOOLEAN', true)],
    destroy: (c) => [`DROP ROW ACCESS POLICY IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_masking_policy: {
    arguments: ['database', 'schema', 'name', 'argument', 'body', 'return_data_type', 'comment', 'exempt_other_policies'],
    create: (c) => [createPolicy('MASKING POLICY', c, String(c.return_data_type), false)],
    update: (_, c) => [createPolicy('MASKING POLICY', c, String(c.return_data_type), true)],
    destroy: (c) => [`DROP MASKING POLICY IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_table: {
    arguments: ['database', 'schema', 'name', 'column', 'comment', 'change_tracking', 'data_retention_time_in_days', 'cluster_by'],
    create: (c) => [
      `CREATE TABLE IF NOT EXISTS ${objectName(c)} (${(c.column as TableColumn[]).map(columnDefinition).join(', ')})${c.cluster_by ? ` CLUSTER BY (${(c.cluster_by as string[]).join(', ')})` : ''}${properties(c, [
        ['change_tracking', 'CHANGE_TRACKING', 'bool'],
        ['data_retention_time_in_days', 'DATA_RETENTION_TIME_IN_DAYS', 'number'],
        ['comment', 'COMMENT', 'string'],
      ])}`,
      ...columnMasking(c, c.column as TableColumn[]),
    ],
    // Columns are added in place, and retyped in place as the provider does (ALTER COLUMN ... SET
    // DATA TYPE): the engine refuses what Snowflake refuses (another type family, another scale, a
    // precision the values do not fit). Dropping a column would lose data, so it is refused.
    update: (before, after) => {
      const old = new Map((before.column as TableColumn[]).map((col) => [col.name, col]));
      const next = after.column as TableColumn[];
      for (const name of old.keys()) {
        if (!next.some((n) => n.name === name)) throw new Error(`column ${name} was removed; the local applier will not drop data. Drop the table explicitly (DROP TABLE ${objectName(after)}) if that is intended`);
      }
      return [
        ...next.filter((col) => old.has(col.name) && old.get(col.name)!.type !== col.type).map((col) => `ALTER TABLE ${objectName(after)} ALTER COLUMN ${ident(col.name)} SET DATA TYPE ${col.type}`),
        ...next.filter((col) => !old.has(col.name)).map((col) => `ALTER TABLE ${objectName(after)} ADD COLUMN ${columnDefinition(col)}`),
        ...columnMasking(after, next.filter((col) => col.masking_policy !== old.get(col.name)?.masking_policy)),
      ];
    },
    destroy: (c) => [`DROP TABLE IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_stream_on_table: {
    arguments: ['database', 'schema', 'name', 'table', 'append_only', 'show_initial_rows', 'comment', 'copy_grants'],
    create: (c) => [
      `CREATE STREAM IF NOT EXISTS ${objectName(c)} ON TABLE ${qualifiedIdent(c.table)}${properties(c, [
        ['append_only', 'APPEND_ONLY', 'bool'],
        ['show_initial_rows', 'SHOW_INITIAL_ROWS', 'bool'],
        ['comment', 'COMMENT', 'string'],
      ])}`,
    ],
    // Any change replaces a stream in Terraform, and a replaced stream restarts from "now".
    update: (before, after) => [`DROP STREAM IF EXISTS ${objectName(before)}`, ...RESOURCE_HANDLERS.snowflake_stream_on_table!.create(after)],
    destroy: (c) => [`DROP STREAM IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_stage: {
    arguments: ['database', 'schema', 'name', 'directory', 'comment', 'file_format'],
    create: (c) => [`CREATE STAGE IF NOT EXISTS ${objectName(c)}${c.directory ? ` DIRECTORY = (${String(c.directory)})` : ''}${c.file_format ? ` FILE_FORMAT = (${String(c.file_format)})` : ''}${c.comment ? ` COMMENT = ${literal(c.comment)}` : ''}`],
    update: () => [],
    destroy: (c) => [`DROP STAGE IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_file_format: {
    arguments: ['database', 'schema', 'name', ...FILE_FORMAT_ARGUMENTS],
    create: (c) => [
      `CREATE FILE FORMAT IF NOT EXISTS ${objectName(c)} TYPE = ${String(c.format_type)}${FILE_FORMAT_ARGUMENTS.filter((a) => a !== 'format_type' && c[a] !== undefined)
        .map((a) => ` ${a.toUpperCase()} = ${optionValue(c[a])}`)
        .join('')}`,
    ],
    update: (before, after) => [`DROP FILE FORMAT IF EXISTS ${objectName(before)}`, ...RESOURCE_HANDLERS.snowflake_file_format!.create(after)],
    destroy: (c) => [`DROP FILE FORMAT IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_database: {
    arguments: ['name', 'comment', 'data_retention_time_in_days', 'drop_public_schema_on_creation'],
    create: (c) => [
      `CREATE DATABASE IF NOT EXISTS ${ident(c.name)}${properties(c, [['data_retention_time_in_days', 'DATA_RETENTION_TIME_IN_DAYS', 'number'], ['comment', 'COMMENT', 'string']])}`,
      ...(c.drop_public_schema_on_creation === true ? [`DROP SCHEMA IF EXISTS ${ident(c.name)}."PUBLIC"`] : []),
    ],
    // Retention and comment are storage settings the local engine does not model (no Time Travel).
    update: () => [],
    destroy: (c) => [`DROP DATABASE IF EXISTS ${ident(c.name)}`],
  },
  snowflake_schema: {
    arguments: ['database', 'name', 'comment', 'with_managed_access', 'data_retention_time_in_days'],
    create: (c) => [
      `CREATE SCHEMA IF NOT EXISTS ${ident(c.database)}.${ident(c.name)}${String(c.with_managed_access) === 'true' ? ' WITH MANAGED ACCESS' : ''}${properties(c, [
        ['data_retention_time_in_days', 'DATA_RETENTION_TIME_IN_DAYS', 'number'],
        ['comment', 'COMMENT', 'string'],
      ])}`,
    ],
    update: () => [],
    destroy: (c) => [`DROP SCHEMA IF EXISTS ${ident(c.database)}.${ident(c.name)}`],
    computed: (c) => ({ fully_qualified_name: `${ident(c.database)}.${ident(c.name)}` }),
  },
  snowflake_account_role: {
    arguments: ['name', 'comment'],
    create: (c) => [`CREATE ROLE IF NOT EXISTS ${ident(c.name)}${c.comment !== undefined ? ` COMMENT = ${literal(c.comment)}` : ''}`],
    // A comment change is all that can change in place; the role and its grants stay.
    update: () => [],
    destroy: (c) => [`DROP ROLE IF EXISTS ${ident(c.name)}`],
  },
  snowflake_grant_account_role: {
    arguments: ['role_name', 'parent_role_name', 'user_name'],
    create: (c) => [`GRANT ROLE ${ident(c.role_name)} TO ${c.user_name !== undefined ? `USER ${ident(c.user_name)}` : `ROLE ${ident(c.parent_role_name)}`}`],
    update: (before, after) => [...RESOURCE_HANDLERS.snowflake_grant_account_role!.destroy(before), ...RESOURCE_HANDLERS.snowflake_grant_account_role!.create(after)],
    destroy: (c) => [`REVOKE ROLE ${ident(c.role_name)} FROM ${c.user_name !== undefined ? `USER ${ident(c.user_name)}` : `ROLE ${ident(c.parent_role_name)}`}`],
  },
  snowflake_grant_privileges_to_account_role: {
    arguments: ['account_role_name', 'privileges', 'all_privileges', 'with_grant_option', 'on_account', 'on_account_object', 'on_schema', 'on_schema_object'],
    create: (c) => [`GRANT ${privilegeList(c)} ON ${grantTarget(c).clause} TO ROLE ${ident(c.account_role_name)}${c.with_grant_option === true ? ' WITH GRANT OPTION' : ''}`],
    update: (before, after) => [...RESOURCE_HANDLERS.snowflake_grant_privileges_to_account_role!.destroy(before), ...RESOURCE_HANDLERS.snowflake_grant_privileges_to_account_role!.create(after)],
    // Future grants are dropped with their schema locally; REVOKE covers the rest.
    destroy: (c) => (grantTarget(c).clause.startsWith('FUTURE ') ? [] : [`REVOKE ${privilegeList(c)} ON ${grantTarget(c).clause} FROM ROLE ${ident(c.account_role_name)}`]),
  },
  snowflake_warehouse: {
    arguments: WAREHOUSE_PROPERTIES.map(([argument]) => argument).concat('name'),
    create: (c) => [`CREATE WAREHOUSE IF NOT EXISTS ${ident(c.name)} WITH${properties(c, WAREHOUSE_PROPERTIES)}`],
    update: (_, c) => [`ALTER WAREHOUSE ${ident(c.name)} SET${properties(c, WAREHOUSE_PROPERTIES.filter(([a]) => a !== 'initially_suspended'))}`],
    destroy: (c) => [`DROP WAREHOUSE IF EXISTS ${ident(c.name)}`],
  },
  snowflake_resource_monitor: {
    arguments: ['name', 'credit_quota', 'notify_triggers', 'suspend_trigger', 'suspend_immediate_trigger', 'frequency', 'start_timestamp', 'end_timestamp', 'notify_users'],
    create: (c) => [
      `CREATE RESOURCE MONITOR IF NOT EXISTS ${ident(c.name)} WITH${properties(c, [
        ['credit_quota', 'CREDIT_QUOTA', 'number'],
        ['frequency', 'FREQUENCY', 'word'],
        ['start_timestamp', 'START_TIMESTAMP', 'string'],
        ['end_timestamp', 'END_TIMESTAMP', 'string'],
      ])}${monitorTriggers(c)}`,
    ],
    update: (_, c) => [`ALTER RESOURCE MONITOR ${ident(c.name)} SET${properties(c, [['credit_quota', 'CREDIT_QUOTA', 'number']])}${monitorTriggers(c)}`],
    destroy: (c) => [`DROP RESOURCE MONITOR IF EXISTS ${ident(c.name)}`],
  },
};
