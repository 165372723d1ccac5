/**
 * What each Terraform resource type means as Snowflake SQL. The local applier runs exactly these
 * statements, as the role of the resource's provider block, against the local engine; so the
 * engine's authorization sees what Snowflake would see from the provider.
 *
 * Every argument a resource may carry is listed, and so is what a change to it does: an argument a
 * handler does not list is an error, never silently dropped, and a change the applier cannot make
 * is refused rather than reported as an update. Identifiers come from synthesized config that
 * `model/names` built and are quoted here anyway; strings are escaped as Snowflake literals.
 */

export type ResolvedConfig = Readonly<Record<string, unknown>>;

/**
 * What a change to each argument does to an existing object, as the provider does it. An argument
 * in none of the lists cannot change locally: the applier refuses the change with an error.
 */
export interface ArgumentChanges {
  /** Applied to the existing object by the handler's `update`. */
  readonly update?: readonly string[];
  /** ForceNew in the provider: the object is destroyed and created again. */
  readonly replace?: readonly string[];
  /** Nothing to run: the provider only records the value, or ignores it once the object exists. */
  readonly record?: readonly string[];
  /** Why an argument in none of the lists cannot change locally, for the error. */
  readonly refused?: Readonly<Record<string, string>>;
  /** A replacement the provider forces for a combination of values (its CustomizeDiff), and why. */
  readonly replaceWhen?: (before: ResolvedConfig, after: ResolvedConfig) => string | undefined;
}

export interface ResourceHandler {
  /** Arguments this handler understands (besides the meta-arguments every resource may have). */
  readonly arguments: readonly string[];
  /** Nested blocks and the keys each may carry; any other key is refused like an unknown argument. */
  readonly blocks?: Readonly<Record<string, readonly string[]>>;
  /** Statements that create the object (idempotent where Snowflake allows). */
  create(config: ResolvedConfig): string[];
  readonly changes: ArgumentChanges;
  /** Statements that bring the existing object from `before` to `after` for its `changes.update` arguments. */
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

/** What to do about a change the local applier cannot make. */
export const REBUILD_HINT = 'revert the change, or rebuild the local account from scratch (delete .eyecare/, or $EYECARE_LOCAL_DIR, and run `eyecare local up`)';

function shown(value: unknown): string {
  if (!present(value)) return '(unset)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The error text for a change the local applier cannot make: the argument, both values, why, and the way out. */
export function cannotChange(argument: string, from: unknown, to: unknown, why: string, fix = REBUILD_HINT): string {
  return `cannot change ${argument} from ${shown(from)} to ${shown(to)}: ${why}; ${fix}`;
}

/** Unset, null, '' and [] all mean "not set", as they do to the provider. */
function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

function sameValue(a: unknown, b: unknown): boolean {
  return present(a) || present(b) ? JSON.stringify(a) === JSON.stringify(b) : true;
}

/** Arguments whose value differs between two configs of one resource. */
export function changedArguments(before: ResolvedConfig, after: ResolvedConfig): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((a) => !sameValue(before[a], after[a]));
}

type PropertyKind = 'number' | 'string' | 'bool' | 'word' | 'identifiers' | 'options';

/** An argument that Snowflake DDL writes as `PROPERTY = value`, rendered by kind. */
type Property = readonly [argument: string, property: string, kind: PropertyKind];

function propertyValue(value: unknown, kind: PropertyKind): string {
  switch (kind) {
    case 'string':
      return literal(value);
    case 'bool':
      return String(value) === 'true' ? 'TRUE' : 'FALSE';
    case 'identifiers':
      return `(${(value as unknown[]).map(ident).join(', ')})`;
    // Options the construct writes as text, e.g. `ENABLE = true` for DIRECTORY = (ENABLE = true).
    case 'options':
      return `(${String(value)})`;
    default:
      return String(value);
  }
}

/** `KEY = value` pairs for the arguments present, in a stable order. */
function properties(config: ResolvedConfig, mapping: readonly Property[]): string {
  const parts = mapping.filter(([argument]) => present(config[argument])).map(([argument, property, kind]) => `${property} = ${propertyValue(config[argument], kind)}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

function argumentsOf(mapping: readonly Property[]): string[] {
  return mapping.map(([argument]) => argument);
}

/**
 * How an ALTER resets a property whose argument left the config: `unset` (UNSET, so Snowflake's
 * default comes back), `empty` (SET to an empty value, what the provider does for objects without
 * UNSET) or `refuse` (the local engine parses no UNSET for the object: an error, not a kept value).
 */
type Removal = 'unset' | 'empty' | 'refuse';

/** ALTER statements for the properties whose argument changed, as the provider's update runs them. */
function alterProperties(object: string, before: ResolvedConfig, after: ResolvedConfig, mapping: readonly Property[], removal: Removal): string[] {
  const changed = mapping.filter(([argument]) => !sameValue(before[argument], after[argument]));
  const removed = changed.filter(([argument]) => !present(after[argument]));
  const statements = changed.length > removed.length ? [`ALTER ${object} SET${properties(after, changed)}`] : [];
  if (removed.length === 0) return statements;
  if (removal === 'refuse') {
    const [argument, property] = removed[0]!;
    throw new Error(cannotChange(argument, before[argument], after[argument], `Snowflake resets it with ALTER ${object} UNSET ${property}, which the local engine does not parse`, `set a value instead, or ${REBUILD_HINT}`));
  }
  const reset = removal === 'unset' ? ` UNSET ${removed.map(([, property]) => property).join(', ')}` : ` SET ${removed.map(([, property, kind]) => `${property} = ${kind === 'options' ? '()' : "''"}`).join(' ')}`;
  return [...statements, `ALTER ${object}${reset}`];
}

/** Why a rename the provider makes in place is refused. */
function renamedInPlace(kind: string): string {
  return `the provider renames a ${kind.toLowerCase()} in place (ALTER ${kind} ... RENAME TO), which the local applier does not do`;
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

function grantPrivileges(c: ResolvedConfig): string[] {
  return [`GRANT ${privilegeList(c)} ON ${grantTarget(c).clause} TO ROLE ${ident(c.account_role_name)}${c.with_grant_option === true ? ' WITH GRANT OPTION' : ''}`];
}

function revokePrivileges(c: ResolvedConfig): string[] {
  // Future grants are dropped with their schema locally; REVOKE covers the rest.
  return grantTarget(c).clause.startsWith('FUTURE ') ? [] : [`REVOKE ${privilegeList(c)} ON ${grantTarget(c).clause} FROM ROLE ${ident(c.account_role_name)}`];
}

/**
 * A changed grant is revoked and granted again. The local engine cannot revoke a future grant, so
 * a future grant may only gain privileges; anything else would leave the old grant in place.
 */
function regrantPrivileges(before: ResolvedConfig, after: ResolvedConfig): string[] {
  if (!grantTarget(before).clause.startsWith('FUTURE ')) return [...revokePrivileges(before), ...grantPrivileges(after)];
  const kept = new Set(after.all_privileges === true ? ['ALL PRIVILEGES'] : (after.privileges as string[] | undefined));
  const lost = [...(before.all_privileges === true ? ['ALL PRIVILEGES'] : ((before.privileges as string[] | undefined) ?? []))].filter((p) => !kept.has(p));
  const why = 'the local engine cannot revoke a future grant (REVOKE ... ON FUTURE), so the old grant would stay';
  for (const argument of ['account_role_name', 'on_schema', 'on_schema_object']) {
    if (!sameValue(before[argument], after[argument])) throw new Error(cannotChange(argument, before[argument], after[argument], why));
  }
  if (lost.length || (before.with_grant_option === true && after.with_grant_option !== true)) {
    throw new Error(cannotChange('privileges', before.privileges ?? before.all_privileges, after.privileges ?? after.all_privileges, `${why}; only added privileges apply`));
  }
  return grantPrivileges(after);
}

/**
 * The database role of a snowflake_grant_database_role, quoted (`"SNOWFLAKE"."CORTEX_USER"`, written
 * quoted or not), once the grant is known to go to an account role.
 */
function grantedDatabaseRole(c: ResolvedConfig): string {
  if (!present(c.parent_role_name)) throw new Error(`grant of database role ${String(c.database_role_name)} without parent_role_name: the local applier grants database roles to account roles only`);
  return qualifiedIdent(c.database_role_name);
}

const WAREHOUSE_PROPERTIES: readonly Property[] = [
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
/** The provider ignores initially_suspended once the warehouse exists. */
const WAREHOUSE_ALTERABLE = WAREHOUSE_PROPERTIES.filter(([argument]) => argument !== 'initially_suspended');

/** In CREATE RESOURCE MONITOR order. */
const MONITOR_PROPERTIES: readonly Property[] = [
  ['credit_quota', 'CREDIT_QUOTA', 'number'],
  ['frequency', 'FREQUENCY', 'word'],
  ['start_timestamp', 'START_TIMESTAMP', 'string'],
  ['end_timestamp', 'END_TIMESTAMP', 'string'],
  ['notify_users', 'NOTIFY_USERS', 'identifiers'],
];
/** Snowflake takes these two together and has no UNSET for them (the provider leaves the old values). */
const MONITOR_SCHEDULE = MONITOR_PROPERTIES.filter(([argument]) => argument === 'frequency' || argument === 'start_timestamp');
const MONITOR_TRIGGERS = ['notify_triggers', 'suspend_trigger', 'suspend_immediate_trigger'];

function monitorTriggers(config: ResolvedConfig): string {
  const triggers: string[] = [];
  for (const n of (config.notify_triggers as number[] | undefined) ?? []) triggers.push(`ON ${n} PERCENT DO NOTIFY`);
  if (config.suspend_trigger !== undefined) triggers.push(`ON ${String(config.suspend_trigger)} PERCENT DO SUSPEND`);
  if (config.suspend_immediate_trigger !== undefined) triggers.push(`ON ${String(config.suspend_immediate_trigger)} PERCENT DO SUSPEND_IMMEDIATE`);
  return triggers.length ? ` TRIGGERS ${triggers.join(' ')}` : '';
}

function updateMonitor(before: ResolvedConfig, after: ResolvedConfig): string[] {
  const monitor = `RESOURCE MONITOR ${ident(after.name)}`;
  const rescheduled = MONITOR_SCHEDULE.some(([argument]) => !sameValue(before[argument], after[argument]));
  const unscheduled = MONITOR_SCHEDULE.find(([argument]) => rescheduled && !present(after[argument]));
  if (unscheduled) {
    const [argument] = unscheduled;
    throw new Error(
      cannotChange(argument, before[argument], after[argument], 'Snowflake has no UNSET for a resource monitor\'s frequency and start timestamp (the provider leaves the old value in place)', `set both frequency and start_timestamp, or ${REBUILD_HINT}`),
    );
  }
  return [
    ...alterProperties(monitor, before, after, MONITOR_PROPERTIES.filter((p) => !MONITOR_SCHEDULE.includes(p)), 'refuse'),
    ...(rescheduled ? [`ALTER ${monitor} SET${properties(after, MONITOR_SCHEDULE)}`] : []),
    ...(MONITOR_TRIGGERS.some((argument) => !sameValue(before[argument], after[argument])) ? [`ALTER ${monitor}${monitorTriggers(after)}`] : []),
  ];
}

/** Data retention and comment, on databases and schemas alike. */
const CONTAINER_PROPERTIES: readonly Property[] = [
  ['data_retention_time_in_days', 'DATA_RETENTION_TIME_IN_DAYS', 'number'],
  ['comment', 'COMMENT', 'string'],
];

/** `"DB"."SCHEMA"` of a schema from its database/name arguments. */
function schemaName(c: ResolvedConfig): string {
  return `${ident(c.database)}.${ident(c.name)}`;
}

/** `"DB"."SCHEMA"."NAME"` of a schema object from its database/schema/name arguments. */
function objectName(c: ResolvedConfig): string {
  return `${ident(c.database)}.${ident(c.schema)}.${ident(c.name)}`;
}

const IDENTITY = ['database', 'schema', 'name'];

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

function createFileFormat(c: ResolvedConfig): string[] {
  return [
    `CREATE FILE FORMAT IF NOT EXISTS ${objectName(c)} TYPE = ${String(c.format_type)}${FILE_FORMAT_ARGUMENTS.filter((a) => a !== 'format_type' && c[a] !== undefined)
      .map((a) => ` ${a.toUpperCase()} = ${optionValue(c[a])}`)
      .join('')}`,
  ];
}

const STAGE_PROPERTIES: readonly Property[] = [
  ['directory', 'DIRECTORY', 'options'],
  ['file_format', 'FILE_FORMAT', 'options'],
  ['comment', 'COMMENT', 'string'],
];

interface TableColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable?: boolean;
  readonly comment?: string;
  readonly masking_policy?: string;
}

const TABLE_PROPERTIES: readonly Property[] = [
  ['change_tracking', 'CHANGE_TRACKING', 'bool'],
  ['data_retention_time_in_days', 'DATA_RETENTION_TIME_IN_DAYS', 'number'],
  ['comment', 'COMMENT', 'string'],
];

function columnDefinition(c: TableColumn): string {
  return `${ident(c.name)} ${c.type}${c.nullable === false ? ' NOT NULL' : ''}${c.comment ? ` COMMENT ${literal(c.comment)}` : ''}`;
}

/** Sets a column's masking policy, after the table exists; FORCE replaces the one it had. */
function setMasking(c: ResolvedConfig, column: TableColumn, replacing: boolean): string {
  return `ALTER TABLE ${objectName(c)} MODIFY COLUMN ${ident(column.name)} SET MASKING POLICY ${qualifiedIdent(column.masking_policy)}${replacing ? ' FORCE' : ''}`;
}

/**
 * Columns change in place as the provider changes them: added, retyped (ALTER COLUMN ... SET DATA
 * TYPE; the engine refuses what Snowflake refuses: another type family, another scale, a precision
 * the values do not fit), their comment and their masking policy set or unset. Dropping a column
 * would lose data, so it is refused, and so are nullability changes, which the local engine cannot make.
 */
function updateColumns(before: ResolvedConfig, after: ResolvedConfig): string[] {
  const table = objectName(after);
  const old = new Map((before.column as TableColumn[]).map((col) => [col.name, col]));
  const next = after.column as TableColumn[];
  for (const name of old.keys()) {
    if (!next.some((n) => n.name === name)) throw new Error(`column ${name} was removed; the local applier will not drop data. Drop the table explicitly (DROP TABLE ${table}) if that is intended`);
  }
  const statements: string[] = [];
  for (const col of next) {
    const was = old.get(col.name);
    if (!was) {
      statements.push(`ALTER TABLE ${table} ADD COLUMN ${columnDefinition(col)}`, ...(col.masking_policy ? [setMasking(after, col, false)] : []));
      continue;
    }
    if ((was.nullable !== false) !== (col.nullable !== false)) {
      throw new Error(cannotChange(`column ${col.name} nullable`, was.nullable ?? true, col.nullable ?? true, 'Snowflake changes it with ALTER TABLE ... ALTER COLUMN ... SET | DROP NOT NULL, which the local engine does not run'));
    }
    if (!sameValue(was.comment, col.comment)) {
      statements.push(`ALTER TABLE ${table} ALTER COLUMN ${ident(col.name)} ${col.comment ? `COMMENT ${literal(col.comment)}` : 'UNSET COMMENT'}`);
    }
    if (was.type !== col.type) statements.push(`ALTER TABLE ${table} ALTER COLUMN ${ident(col.name)} SET DATA TYPE ${col.type}`);
    if (!sameValue(was.masking_policy, col.masking_policy)) {
      statements.push(col.masking_policy ? setMasking(after, col, present(was.masking_policy)) : `ALTER TABLE ${table} MODIFY COLUMN ${ident(col.name)} UNSET MASKING POLICY`);
    }
  }
  return statements;
}

function createStream(c: ResolvedConfig, copyGrants: boolean): string {
  const head = copyGrants ? `CREATE OR REPLACE STREAM ${objectName(c)} COPY GRANTS` : `CREATE STREAM IF NOT EXISTS ${objectName(c)}`;
  return `${head} ON TABLE ${qualifiedIdent(c.table)}${properties(c, [
    ['append_only', 'APPEND_ONLY', 'bool'],
    ['show_initial_rows', 'SHOW_INITIAL_ROWS', 'bool'],
    ['comment', 'COMMENT', 'string'],
  ])}`;
}

interface PolicyArgument {
  readonly name: string;
  readonly type: string;
}

type PolicyKind = 'ROW ACCESS POLICY' | 'MASKING POLICY';

const POLICY_PROPERTIES: Readonly<Record<PolicyKind, readonly Property[]>> = {
  'ROW ACCESS POLICY': [['comment', 'COMMENT', 'string']],
  'MASKING POLICY': [
    ['comment', 'COMMENT', 'string'],
    ['exempt_other_policies', 'EXEMPT_OTHER_POLICIES', 'bool'],
  ],
};

function createPolicy(kind: PolicyKind, c: ResolvedConfig, returns: string, orReplace: boolean): string {
  const args = (c.argument as PolicyArgument[]).map((a) => `${ident(a.name)} ${a.type}`).join(', ');
  const trailing = properties(c, POLICY_PROPERTIES[kind]);
  // On a line of its own: a body ending in a `--` comment must not swallow the properties.
  return `CREATE ${orReplace ? 'OR REPLACE ' : ''}${kind} ${orReplace ? '' : 'IF NOT EXISTS '}${objectName(c)} AS (${args}) RETURNS ${returns} -> ${String(c.body)}${trailing ? `\n${trailing.trimStart()}` : ''}`;
}

/** What a policy resource may change: its definition, replaced in place (Snowflake alters it; locally it is replaced, still attached). */
function policyChanges(kind: PolicyKind): ArgumentChanges {
  return { update: ['argument', 'body', ...argumentsOf(POLICY_PROPERTIES[kind]), ...(kind === 'MASKING POLICY' ? ['return_data_type'] : [])] };
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

const GRANT_TARGETS = {
  on_account_object: ['object_type', 'object_name'],
  on_schema: ['schema_name', 'all_schemas_in_database', 'future_schemas_in_database'],
  on_schema_object: ['object_type', 'object_name', 'all', 'future'],
};

export const RESOURCE_HANDLERS: Readonly<Record<string, ResourceHandler>> = {
  snowflake_task: {
    arguments: TASK_ARGUMENTS,
    blocks: { schedule: ['minutes', 'hours', 'seconds', 'using_cron'] },
    create: (c) => [createTask(c, false)],
    changes: { update: TASK_ARGUMENTS.filter((a) => !IDENTITY.includes(a)) },
    update: (_, c) => [createTask(c, true)],
    destroy: (c) => [`DROP TASK IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_execute: {
    // `query` (a read Terraform exposes as query_results) is not listed: nothing local would read its result.
    arguments: ['execute', 'revert'],
    create: (c) => [String(c.execute)],
    // Terraform replaces an execute resource when its text changes: revert, then execute. A new
    // revert is only recorded, for the destroy that runs it.
    changes: { replace: ['execute'], record: ['revert'] },
    destroy: (c) => [String(c.revert)],
  },
  snowflake_row_access_policy: {
    arguments: ['database', 'schema', 'name', 'argument', 'body', 'comment'],
    blocks: { argument: ['name', 'type'] },
    create: (c) => [createPolicy('ROW ACCESS POLICY', c, 'BOOLEAN', false)],
    changes: policyChanges('ROW ACCESS POLICY'),
    update: (_, c) => [createPolicy('ROW ACCESS POLICY', c, 'BOOLEAN', true)],
    destroy: (c) => [`DROP ROW ACCESS POLICY IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_masking_policy: {
    arguments: ['database', 'schema', 'name', 'argument', 'body', 'return_data_type', 'comment', 'exempt_other_policies'],
    blocks: { argument: ['name', 'type'] },
    create: (c) => [createPolicy('MASKING POLICY', c, String(c.return_data_type), false)],
    changes: policyChanges('MASKING POLICY'),
    update: (_, c) => [createPolicy('MASKING POLICY', c, String(c.return_data_type), true)],
    destroy: (c) => [`DROP MASKING POLICY IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_table: {
    arguments: ['database', 'schema', 'name', 'column', ...argumentsOf(TABLE_PROPERTIES), 'cluster_by'],
    blocks: { column: ['name', 'type', 'nullable', 'comment', 'masking_policy'] },
    create: (c) => [
      `CREATE TABLE IF NOT EXISTS ${objectName(c)} (${(c.column as TableColumn[]).map(columnDefinition).join(', ')})${c.cluster_by ? ` CLUSTER BY (${(c.cluster_by as string[]).join(', ')})` : ''}${properties(c, TABLE_PROPERTIES)}`,
      ...(c.column as TableColumn[]).filter((col) => col.masking_policy).map((col) => setMasking(c, col, false)),
    ],
    changes: {
      update: ['column', ...argumentsOf(TABLE_PROPERTIES)],
      replace: ['database', 'schema'],
      refused: {
        name: renamedInPlace('TABLE'),
        cluster_by: 'Snowflake changes it with ALTER TABLE ... CLUSTER BY, which the local engine does not run',
      },
    },
    update: (before, after) => [...updateColumns(before, after), ...alterProperties(`TABLE ${objectName(after)}`, before, after, TABLE_PROPERTIES, 'unset')],
    destroy: (c) => [`DROP TABLE IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_stream_on_table: {
    arguments: ['database', 'schema', 'name', 'table', 'append_only', 'show_initial_rows', 'comment', 'copy_grants'],
    create: (c) => [createStream(c, false)],
    // The provider re-creates a stream for every change (a re-created stream restarts from "now");
    // copy_grants keeps its grants across that, and changes nothing by itself.
    changes: { update: ['database', 'schema', 'name', 'table', 'append_only', 'show_initial_rows', 'comment'], record: ['copy_grants'] },
    update: (before, after) =>
      after.copy_grants === true && objectName(before) === objectName(after) ? [createStream(after, true)] : [`DROP STREAM IF EXISTS ${objectName(before)}`, createStream(after, false)],
    destroy: (c) => [`DROP STREAM IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_stage: {
    arguments: ['database', 'schema', 'name', ...argumentsOf(STAGE_PROPERTIES)],
    create: (c) => [`CREATE STAGE IF NOT EXISTS ${objectName(c)}${properties(c, STAGE_PROPERTIES)}`],
    // A stage has no UNSET: the provider sets a removed comment or file format empty.
    changes: { update: ['file_format', 'comment'], replace: [...IDENTITY, 'directory'] },
    update: (before, after) => alterProperties(`STAGE ${objectName(after)}`, before, after, STAGE_PROPERTIES.filter(([a]) => a !== 'directory'), 'empty'),
    destroy: (c) => [`DROP STAGE IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_file_format: {
    arguments: ['database', 'schema', 'name', ...FILE_FORMAT_ARGUMENTS],
    create: createFileFormat,
    // Re-created for any change (a file format holds no data; COPY looks it up by name when it runs).
    changes: { update: ['database', 'schema', 'name', ...FILE_FORMAT_ARGUMENTS] },
    update: (before, after) => [`DROP FILE FORMAT IF EXISTS ${objectName(before)}`, ...createFileFormat(after)],
    destroy: (c) => [`DROP FILE FORMAT IF EXISTS ${objectName(c)}`],
    computed: (c) => ({ fully_qualified_name: objectName(c) }),
  },
  snowflake_database: {
    arguments: ['name', 'drop_public_schema_on_creation', ...argumentsOf(CONTAINER_PROPERTIES)],
    create: (c) => [
      `CREATE DATABASE IF NOT EXISTS ${ident(c.name)}${properties(c, CONTAINER_PROPERTIES)}`,
      ...(c.drop_public_schema_on_creation === true ? [`DROP SCHEMA IF EXISTS ${ident(c.name)}."PUBLIC"`] : []),
    ],
    changes: { update: argumentsOf(CONTAINER_PROPERTIES), record: ['drop_public_schema_on_creation'], refused: { name: renamedInPlace('DATABASE') } },
    update: (before, after) => alterProperties(`DATABASE ${ident(after.name)}`, before, after, CONTAINER_PROPERTIES, 'unset'),
    destroy: (c) => [`DROP DATABASE IF EXISTS ${ident(c.name)}`],
  },
  snowflake_schema: {
    arguments: ['database', 'name', 'with_managed_access', ...argumentsOf(CONTAINER_PROPERTIES)],
    create: (c) => [`CREATE SCHEMA IF NOT EXISTS ${schemaName(c)}${String(c.with_managed_access) === 'true' ? ' WITH MANAGED ACCESS' : ''}${properties(c, CONTAINER_PROPERTIES)}`],
    changes: { update: ['with_managed_access', ...argumentsOf(CONTAINER_PROPERTIES)], replace: ['database'], refused: { name: renamedInPlace('SCHEMA') } },
    update: (before, after) => [
      ...alterProperties(`SCHEMA ${schemaName(after)}`, before, after, CONTAINER_PROPERTIES, 'unset'),
      // Managed access has no UNSET: the provider disables it for anything but "true".
      ...(sameValue(before.with_managed_access, after.with_managed_access) ? [] : [`ALTER SCHEMA ${schemaName(after)} ${String(after.with_managed_access) === 'true' ? 'ENABLE' : 'DISABLE'} MANAGED ACCESS`]),
    ],
    destroy: (c) => [`DROP SCHEMA IF EXISTS ${schemaName(c)}`],
    computed: (c) => ({ fully_qualified_name: schemaName(c) }),
  },
  snowflake_account_role: {
    arguments: ['name', 'comment'],
    create: (c) => [`CREATE ROLE IF NOT EXISTS ${ident(c.name)}${properties(c, [['comment', 'COMMENT', 'string']])}`],
    changes: {
      refused: {
        comment: 'Snowflake changes it with ALTER ROLE ... SET COMMENT, which the local engine does not parse (its role statements live in local/security)',
        name: renamedInPlace('ROLE'),
      },
    },
    destroy: (c) => [`DROP ROLE IF EXISTS ${ident(c.name)}`],
  },
  snowflake_grant_account_role: {
    arguments: ['role_name', 'parent_role_name', 'user_name'],
    create: (c) => [`GRANT ROLE ${ident(c.role_name)} TO ${c.user_name !== undefined ? `USER ${ident(c.user_name)}` : `ROLE ${ident(c.parent_role_name)}`}`],
    changes: { replace: ['role_name', 'parent_role_name', 'user_name'] },
    destroy: (c) => [`REVOKE ROLE ${ident(c.role_name)} FROM ${c.user_name !== undefined ? `USER ${ident(c.user_name)}` : `ROLE ${ident(c.parent_role_name)}`}`],
  },
  snowflake_grant_database_role: {
    // parent_database_role_name and share_name are not listed, so the applier refuses them by name:
    // a database role or a share as the grantee is not modelled locally.
    arguments: ['database_role_name', 'parent_role_name'],
    create: (c) => [`GRANT DATABASE ROLE ${grantedDatabaseRole(c)} TO ROLE ${ident(c.parent_role_name)}`],
    changes: { replace: ['database_role_name', 'parent_role_name'] },
    destroy: (c) => [`REVOKE DATABASE ROLE ${grantedDatabaseRole(c)} FROM ROLE ${ident(c.parent_role_name)}`],
  },
  snowflake_grant_privileges_to_account_role: {
    arguments: ['account_role_name', 'privileges', 'all_privileges', 'with_grant_option', 'on_account', ...Object.keys(GRANT_TARGETS)],
    blocks: GRANT_TARGETS,
    create: grantPrivileges,
    changes: { update: ['account_role_name', 'privileges', 'all_privileges', 'with_grant_option', 'on_account', ...Object.keys(GRANT_TARGETS)] },
    update: regrantPrivileges,
    destroy: revokePrivileges,
  },
  snowflake_warehouse: {
    arguments: ['name', ...argumentsOf(WAREHOUSE_PROPERTIES)],
    create: (c) => [`CREATE WAREHOUSE IF NOT EXISTS ${ident(c.name)} WITH${properties(c, WAREHOUSE_PROPERTIES)}`],
    changes: { update: argumentsOf(WAREHOUSE_ALTERABLE), record: ['initially_suspended'], refused: { name: renamedInPlace('WAREHOUSE') } },
    update: (before, after) => alterProperties(`WAREHOUSE ${ident(after.name)}`, before, after, WAREHOUSE_ALTERABLE, 'refuse'),
    destroy: (c) => [`DROP WAREHOUSE IF EXISTS ${ident(c.name)}`],
  },
  snowflake_resource_monitor: {
    arguments: ['name', ...argumentsOf(MONITOR_PROPERTIES), ...MONITOR_TRIGGERS],
    create: (c) => [`CREATE RESOURCE MONITOR IF NOT EXISTS ${ident(c.name)} WITH${properties(c, MONITOR_PROPERTIES)}${monitorTriggers(c)}`],
    changes: {
      update: [...argumentsOf(MONITOR_PROPERTIES), ...MONITOR_TRIGGERS],
      replace: ['name'],
      // Snowflake cannot drop every trigger of a monitor in place; the provider re-creates it then.
      replaceWhen: (before, after) => (MONITOR_TRIGGERS.some((a) => present(before[a])) && !MONITOR_TRIGGERS.some((a) => present(after[a])) ? 'every trigger removed' : undefined),
    },
    update: updateMonitor,
    destroy: (c) => [`DROP RESOURCE MONITOR IF EXISTS ${ident(c.name)}`],
  },
};
