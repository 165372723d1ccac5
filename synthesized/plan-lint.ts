/**
 * `eyecare plan-lint FILE`: reads `terraform show -json <planfile>` for one stack and decides
 * whether the plan may be applied. Destroying or replacing a data-bearing object loses data, so
 * it is blocked unless the pull request carries a reviewed approval for that exact address and
 * action (design.md, Security model: Safety). Grant churn only warns: access returns on apply.
 *
 * Fails closed: input that is not a plan this code understands is an error, never a pass.
 */
import * as fs from 'node:fs';
import { YAMLParseError, parse as parseYaml } from 'yaml';

/** What happens to one resource instance; `read` is a data source read at apply time. */
export type ChangeAction = 'create' | 'update' | 'replace' | 'destroy' | 'forget' | 'no-op' | 'read';
export type DestructiveAction = 'destroy' | 'replace';

/**
 * Terraform's action lists (format 1.x) and what each means here. `forget` (a `removed` block
 * with `destroy = false`) leaves the object in Snowflake; `create`+`forget` counts as a replace
 * because a new object takes the old one's place.
 */
const ACTIONS: Readonly<Record<string, ChangeAction>> = {
  'no-op': 'no-op',
  create: 'create',
  read: 'read',
  update: 'update',
  'delete,create': 'replace',
  'create,delete': 'replace',
  'create,forget': 'replace',
  delete: 'destroy',
  forget: 'forget',
};

const ACTION_ORDER: readonly ChangeAction[] = ['create', 'update', 'replace', 'destroy', 'forget', 'no-op', 'read'];

/** What destroying or replacing each data-bearing type loses; the keys are the data-bearing types. */
export const DATA_LOSS: Readonly<Record<string, string>> = {
  snowflake_database: 'drops the database with every schema, table and stage in it',
  snowflake_schema: 'drops the schema with every table and stage in it',
  snowflake_table: 'drops the table and its rows',
  snowflake_stage: 'drops the stage (an internal stage loses its files)',
  snowflake_stream_on_table: 'recreates the stream, losing its offset: unconsumed changes are skipped',
  snowflake_stream_on_view: 'recreates the stream, losing its offset: unconsumed changes are skipped',
  snowflake_execute: 'runs its revert SQL, then its DDL again (our table DDL lives here; CREATE TABLE IF NOT EXISTS does not alter an existing table)',
  snowflake_pipe: 'recreates the pipe, losing its load history: staged files may load twice',
  snowflake_dynamic_table: 'drops the dynamic table and its history, then refreshes it in full',
};

export const DATA_BEARING_TYPES: readonly string[] = Object.keys(DATA_LOSS);

/**
 * The `snowflake_execute` statements whose destroy and create again lose nothing, by their SQL and
 * revert: a view (dropped and created again from its definition; the rows are its tables') and the
 * row access attachment of a view (detached from the old view, attached to the new; the tables
 * under it keep their own policies meanwhile). Every other statement (table DDL, a table's policy
 * attachment, settings, anything unknown) counts as data-bearing.
 */
const RECREATED_WITHOUT_LOSS: readonly { readonly execute: RegExp; readonly revert: RegExp }[] = [
  { execute: /^CREATE\s+OR\s+REPLACE\s+(?:SECURE\s+)?VIEW\s/i, revert: /^DROP\s+VIEW\s/i },
  { execute: /^ALTER\s+VIEW\s+\S+\s+ADD\s+ROW\s+ACCESS\s+POLICY\s/i, revert: /^ALTER\s+VIEW\s+\S+\s+DROP\s+ROW\s+ACCESS\s+POLICY\s/i },
];

/** Whether a change's type can lose data, and for `snowflake_execute`, whether its statement does. */
function isDataBearing(type: string, before: Json): boolean {
  if (!(type in DATA_LOSS)) return false;
  if (type !== 'snowflake_execute' || !isObject(before)) return true;
  // Leading comment lines are the file's header, not the statement.
  const statement = (key: string) => String(before[key] ?? '').replace(/^(?:\s*--[^\n]*\n)*\s*/, '');
  return !RECREATED_WITHOUT_LOSS.some((r) => r.execute.test(statement('execute')) && r.revert.test(statement('revert')));
}

interface GrantShape {
  readonly role: readonly string[];
  readonly target: readonly string[];
  readonly describe: (role: string, target: string) => string;
}

/**
 * Which arguments identify what a grant gives to whom, so a destroyed grant and a created one
 * can be recognised as the same grant under a new address. The first set `role` field counts.
 */
const GRANT_IDENTITY: Readonly<Record<string, GrantShape>> = {
  snowflake_grant_privileges_to_account_role: {
    role: ['account_role_name'],
    target: ['on_account', 'on_account_object', 'on_schema', 'on_schema_object'],
    describe: (role, target) => `${role} on ${target}`,
  },
  snowflake_grant_account_role: {
    role: ['role_name'],
    target: ['parent_role_name', 'user_name'],
    describe: (role, target) => `${role} to ${target}`,
  },
  snowflake_grant_ownership: {
    role: ['account_role_name', 'database_role_name'],
    target: ['on'],
    describe: (role, target) => `${target} owned by ${role}`,
  },
};

/** Terraform's `action_reason` codes in words, for the reviewer. */
const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'the object is tainted (an earlier apply failed part-way)',
  replace_because_cannot_update: 'the provider cannot change it in place',
  replace_by_request: 'replacement was requested with -replace',
  replace_by_triggers: 'a replace_triggered_by reference changed',
  delete_because_no_resource_config: 'its resource is no longer in the configuration',
  delete_because_wrong_repetition: 'count/for_each was added to or removed from its resource',
  delete_because_count_index: 'its count index is out of range',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_no_move_target: 'its moved block points at nothing',
};

const MARKERS: Readonly<Partial<Record<ChangeAction, string>>> = { replace: '-/+', destroy: '-', forget: '!', update: '~' };

export interface Approval {
  /** Resource address exactly as in the plan, e.g. `snowflake_table.raw_appointments`. */
  readonly address: string;
  readonly action: DestructiveAction;
  /** Why losing this object's data is acceptable. */
  readonly reason: string;
  readonly approvedBy: string;
  /** Where the approval came from (`file: approvals[i]`), for messages. */
  readonly origin?: string;
}

export interface PlanChange {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  readonly dataBearing: boolean;
  /** Why Terraform plans this action (`action_reason`, `replace_paths`), when it says. */
  readonly reason?: string;
}

export interface BlockedChange {
  readonly address: string;
  readonly action: DestructiveAction;
  readonly reason: string;
}

export interface ApprovedChange {
  readonly address: string;
  readonly action: DestructiveAction;
  readonly reason: string;
  readonly approvedBy: string;
}

export interface PlanLintReport {
  /** The plan file, when known. */
  readonly source?: string;
  /** The approvals file named in how-to-approve hints. */
  readonly approvalsFile?: string;
  readonly changes: readonly PlanChange[];
  readonly blocked: readonly BlockedChange[];
  /** Destructive changes that an approval covers (each approval consumed once). */
  readonly approved: readonly ApprovedChange[];
  readonly warnings: readonly string[];
  readonly counts: Readonly<Record<ChangeAction, number>>;
  readonly exitCode: 0 | 1;
}

export interface PlanLintOptions {
  readonly approvals?: readonly Approval[];
  /** The plan file, shown in messages. */
  readonly source?: string;
  /** The approvals file, named in how-to-approve hints. */
  readonly approvalsFile?: string;
}

/** Input that is not what plan-lint reads: names the file, the JSON path, the value and what is expected. */
export class PlanLintError extends Error {
  constructor(
    readonly file: string | undefined,
    readonly path: string,
    readonly problem: string,
    readonly expected: string,
  ) {
    super(`${[file, path].filter(Boolean).join(': ')}: ${problem}; expected ${expected}`);
    this.name = 'PlanLintError';
  }
}

type Json = unknown;
type JsonObject = Readonly<Record<string, Json>>;

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value for a message: short, and `nothing` rather than `undefined`. */
function show(value: Json): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A plan value for a reviewer: quoted identifiers (`"DB"."SCHEMA"`) as written, other strings in quotes. */
function showValue(value: Json): string {
  return typeof value === 'string' && value.includes('"') ? (value.length > 60 ? `${value.slice(0, 57)}...` : value) : show(value ?? null);
}

interface RawChange {
  readonly address: string;
  readonly type: string;
  readonly mode: 'managed' | 'data';
  readonly action: ChangeAction;
  readonly actionReason?: string;
  readonly replacePaths: readonly (readonly (string | number)[])[];
  readonly before: Json;
  readonly after: Json;
  readonly afterUnknown: Json;
  readonly beforeSensitive: Json;
  readonly afterSensitive: Json;
}

function parsePlan(plan: Json, file: string | undefined): RawChange[] {
  const fail = (path: string, problem: string, expected: string): never => {
    throw new PlanLintError(file, path, problem, expected);
  };
  const howToMake = 'the output of `terraform show -json <planfile>`';
  if (!isObject(plan)) return fail('$', `the document is ${Array.isArray(plan) ? 'an array' : show(plan)}`, `an object: ${howToMake}`);

  const version = plan.format_version;
  if (typeof version !== 'string') return fail('$.format_version', `is ${show(version)}`, `a version string such as "1.2": ${howToMake}`);
  const major = /^(\d+)\.\d+$/.exec(version)?.[1];
  if (major !== '1') return fail('$.format_version', `"${version}" is not a 1.x plan format`, 'format 1.x (Terraform 1.x); update plan-lint for a new major format');

  // Terraform omits an empty `resource_changes`, but every plan has `planned_values`.
  if (plan.resource_changes === undefined) {
    if (isObject(plan.planned_values)) return [];
    const what = isObject(plan.values) ? 'this looks like a state file (it has `values`)' : 'there is no resource_changes';
    return fail('$.resource_changes', what, `a plan: ${howToMake}`);
  }
  if (!Array.isArray(plan.resource_changes)) return fail('$.resource_changes', `is ${show(plan.resource_changes)}`, 'an array of resource changes');

  return plan.resource_changes.map((entry: Json, i: number): RawChange => {
    const at = `$.resource_changes[${i}]`;
    if (!isObject(entry)) return fail(at, `is ${show(entry)}`, 'an object with address, mode, type and change');
    const text = (key: string): string => {
      const value = entry[key];
      return typeof value === 'string' && value !== '' ? value : fail(`${at}.${key}`, `is ${show(value)}`, 'a non-empty string');
    };
    const address = text('address');
    const type = text('type');
    const mode = text('mode');
    if (mode !== 'managed' && mode !== 'data') return fail(`${at}.mode`, `is "${mode}" (${address})`, '"managed" or "data"');
    const change = entry.change;
    if (!isObject(change)) return fail(`${at}.change`, `is ${show(change)} (${address})`, 'an object with actions, before and after');
    const actions = change.actions;
    const action = Array.isArray(actions) ? ACTIONS[actions.join(',')] : undefined;
    if (!action) {
      return fail(`${at}.change.actions`, `${show(actions)} is not a known action list (${address})`, `one of ${Object.keys(ACTIONS).map((a) => `[${a}]`).join(', ')}`);
    }
    const reason = entry.action_reason;
    if (reason !== undefined && typeof reason !== 'string') return fail(`${at}.action_reason`, `is ${show(reason)} (${address})`, 'a string');
    const paths = change.replace_paths ?? [];
    const validPath = (p: Json) => Array.isArray(p) && p.every((step) => typeof step === 'string' || typeof step === 'number');
    if (!Array.isArray(paths) || !paths.every(validPath)) {
      return fail(`${at}.change.replace_paths`, `is ${show(paths)} (${address})`, 'a list of attribute paths such as [["name"]]');
    }
    return {
      address,
      type,
      mode,
      action: mode === 'data' ? 'read' : action,
      ...(reason ? { actionReason: reason } : {}),
      replacePaths: paths as (string | number)[][],
      before: change.before,
      after: change.after,
      afterUnknown: change.after_unknown,
      beforeSensitive: change.before_sensitive,
      afterSensitive: change.after_sensitive,
    };
  });
}

function valueAt(value: Json, path: readonly (string | number)[]): Json {
  let current = value;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isObject(current)) current = current[String(step)];
    else return undefined;
  }
  return current;
}

/** Sensitivity and unknown-ness trees mark a whole subtree with `true`. */
function markedAt(tree: Json, path: readonly (string | number)[]): boolean {
  let current = tree;
  for (const step of [...path, undefined]) {
    if (current === true) return true;
    if (step === undefined) return false;
    current = valueAt(current, [step]);
  }
  return false;
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

/** Why Terraform plans this, in words: its action_reason and the attributes forcing a replace (with values unless sensitive). */
function terraformReason(change: RawChange): string | undefined {
  const parts: string[] = [];
  if (change.actionReason) {
    const words = ACTION_REASONS[change.actionReason];
    parts.push(words ? `${words} (${change.actionReason})` : change.actionReason);
  }
  if (change.replacePaths.length > 0) {
    const forced = change.replacePaths.map((path) => {
      const before = markedAt(change.beforeSensitive, path) ? '(sensitive)' : showValue(valueAt(change.before, path));
      const after = markedAt(change.afterSensitive, path)
        ? '(sensitive)'
        : markedAt(change.afterUnknown, path)
          ? '(known after apply)'
          : showValue(valueAt(change.after, path));
      return `${pathText(path)} ${before} -> ${after}`;
    });
    parts.push(`forces replacement: ${forced.join(', ')}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Drops unset parts (null, false, "", empty lists and objects) and identifier quotes, so state and config compare equal. */
function canonical(value: Json): Json {
  if (typeof value === 'string') return value === '' ? undefined : value.replace(/"/g, '');
  if (value === null || value === false) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(canonical).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .flatMap((k) => {
        const v = canonical(value[k]);
        return v === undefined ? [] : [[k, v] as const];
      });
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

/** Scalar leaves with their keys; a key naming a type sorts first, so a target reads `DATABASE DEV_ACME`. */
function leaves(value: Json, key = ''): (readonly [string, string])[] {
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, key));
  if (isObject(value)) {
    const pairs = Object.entries(value).flatMap(([k, v]) => leaves(v, k));
    return [...pairs.filter(([k]) => k.includes('type')), ...pairs.filter(([k]) => !k.includes('type'))];
  }
  // `on_account: true` has no leaf value: the key itself is the target.
  return [[key, value === true ? key.replace(/^on_/, '').toUpperCase() : String(value)]];
}

interface GrantIdentity {
  readonly key: string;
  /** E.g. `DEV_ACME_ANALYST on DATABASE DEV_ACME`, for messages. */
  readonly text: string;
}

function grantIdentity(type: string, values: Json): GrantIdentity | undefined {
  const identity = GRANT_IDENTITY[type];
  if (!identity || !isObject(values)) return undefined;
  const role = identity.role.map((k) => canonical(values[k])).find((v) => typeof v === 'string');
  const target = identity.target.flatMap((k) => {
    const v = canonical(values[k]);
    return v === undefined ? [] : [[k, v] as const];
  });
  if (typeof role !== 'string' || target.length === 0) return undefined;
  const where = target.flatMap(([k, v]) => leaves(v, k).map(([, leaf]) => leaf)).join(' ');
  return { key: JSON.stringify([type, role, target]), text: identity.describe(role, where) };
}

function grantWarnings(changes: readonly RawChange[]): string[] {
  const warnings: string[] = [];
  const created = changes.filter((c) => c.action === 'create').map((c) => ({ change: c, identity: grantIdentity(c.type, c.after) }));
  const paired = new Set<string>();
  for (const change of changes) {
    if (!(change.type in GRANT_IDENTITY)) continue;
    if (change.action === 'replace') {
      const old = grantIdentity(change.type, change.before);
      warnings.push(
        `revoke-then-grant: access briefly lost: ${change.address} is replaced; the old grant${old ? ` (${old.text})` : ''} is revoked before the new one is granted`,
      );
    } else if (change.action === 'destroy') {
      const identity = grantIdentity(change.type, change.before);
      const twin = identity && created.find((c) => c.identity?.key === identity.key && !paired.has(c.change.address));
      if (!identity || !twin) continue;
      paired.add(twin.change.address);
      // Two unrelated resources: Terraform does not order the revoke and the grant.
      warnings.push(
        `revoke-then-grant: access briefly lost: ${change.address} is destroyed and ${twin.change.address} grants the same ` +
          `(${identity.text}); if the revoke runs last the access stays lost until the next apply`,
      );
    }
  }
  return warnings;
}

/** Classifies a parsed `terraform show -json` plan; throws PlanLintError on input that is not one. */
export function lintPlan(plan: unknown, options: PlanLintOptions = {}): PlanLintReport {
  const raw = parsePlan(plan, options.source);
  const approvals = options.approvals ?? [];
  const used = new Set<Approval>();

  const changes: PlanChange[] = [];
  const blocked: BlockedChange[] = [];
  const approved: ApprovedChange[] = [];
  for (const change of raw) {
    const dataBearing = change.mode === 'managed' && isDataBearing(change.type, change.before);
    const reason = terraformReason(change);
    changes.push({ address: change.address, type: change.type, action: change.action, dataBearing, ...(reason ? { reason } : {}) });
    if (change.action !== 'destroy' && change.action !== 'replace') continue;
    const action = change.action;
    const approval = approvals.find((a) => a.address === change.address && a.action === action && !used.has(a));
    if (approval) {
      used.add(approval);
      approved.push({ address: change.address, action, reason: approval.reason, approvedBy: approval.approvedBy });
      continue;
    }
    if (!dataBearing) continue;
    const other = approvals.find((a) => a.address === change.address);
    const mismatch = other ? `; the approval is for ${other.action}, not ${action}` : '';
    const verb = action === 'destroy' ? 'destroying' : 'replacing';
    blocked.push({ address: change.address, action, reason: `${verb} it ${DATA_LOSS[change.type]}${reason ? `; ${reason}` : ''}${mismatch}` });
  }

  const warnings = [
    ...approvals
      .filter((a) => !used.has(a))
      .map((a) => {
        const planned = raw.find((c) => c.address === a.address);
        const now = planned ? `the plan has ${planned.action} for it` : 'the address is not in the plan';
        return `stale approval: ${a.origin ? `${a.origin} ` : ''}(${a.action} ${a.address}) matches no change (${now}); remove it`;
      }),
    ...grantWarnings(raw),
  ];

  const counts = Object.fromEntries(ACTION_ORDER.map((a) => [a, changes.filter((c) => c.action === a).length])) as Record<ChangeAction, number>;
  return {
    ...(options.source ? { source: options.source } : {}),
    ...(options.approvalsFile ? { approvalsFile: options.approvalsFile } : {}),
    changes,
    blocked,
    approved,
    warnings,
    counts,
    exitCode: blocked.length > 0 ? 1 : 0,
  };
}

const APPROVAL_KEYS: readonly string[] = ['address', 'action', 'reason', 'approved_by'];

/**
 * Parses an approvals file (YAML, or JSON which is YAML too):
 * `approvals: [{ address, action: destroy|replace, reason, approved_by }]`.
 */
export function loadApprovals(text: string, file: string): Approval[] {
  let doc: Json;
  try {
    doc = parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) throw new PlanLintError(file, '$', `is not valid YAML or JSON (${error.message.split('\n')[0]})`, 'approvals: [...]');
    throw error;
  }
  const shape = '`approvals: [{ address, action, reason, approved_by }]`';
  if (!isObject(doc)) throw new PlanLintError(file, '$', `is ${show(doc)}`, `a mapping ${shape}`);
  // `approvals:` with every entry removed parses as null: nothing approved.
  const list = doc.approvals ?? [];
  if (!Array.isArray(list)) throw new PlanLintError(file, '$.approvals', `is ${show(doc.approvals)}`, `a list ${shape}`);

  const seen = new Set<string>();
  return list.map((entry: Json, i: number): Approval => {
    const at = `$.approvals[${i}]`;
    if (!isObject(entry)) throw new PlanLintError(file, at, `is ${show(entry)}`, `an entry { address, action, reason, approved_by }`);
    const name = typeof entry.address === 'string' && entry.address.trim() ? ` (${entry.address})` : '';
    const unknown = Object.keys(entry).find((k) => !APPROVAL_KEYS.includes(k));
    if (unknown) throw new PlanLintError(file, `${at}.${unknown}`, `unknown field "${unknown}"${name}`, `only ${APPROVAL_KEYS.join(', ')}`);
    const required = (key: string, expected: string): string => {
      const value = entry[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
      const problem = value === undefined ? `approval${name} has no ${key}` : `${key} is ${show(value)}${name}`;
      throw new PlanLintError(file, `${at}.${key}`, problem, expected);
    };
    const address = required('address', 'the resource address from the plan, e.g. snowflake_table.raw_appointments');
    const action = required('action', '"destroy" or "replace"');
    if (action !== 'destroy' && action !== 'replace') throw new PlanLintError(file, `${at}.action`, `is "${action}"${name}`, '"destroy" or "replace"');
    const reason = required('reason', 'why losing this data is acceptable (a reviewer reads it)');
    const approvedBy = required('approved_by', 'who reviewed and approved it');
    const key = `${action} ${address}`;
    if (seen.has(key)) throw new PlanLintError(file, at, `duplicate approval for ${key}`, 'one approval per address and action');
    seen.add(key);
    return { address, action, reason, approvedBy, origin: `${file}: approvals[${i}]` };
  });
}

/** The report for people: destructive and in-place changes, totals, warnings, and how to approve what is blocked. */
export function formatReport(report: PlanLintReport): string {
  const lines: string[] = report.source ? [`plan-lint: ${report.source}`] : [];
  const severity = (a: ChangeAction) => Object.keys(MARKERS).indexOf(a);
  const listed = report.changes.filter((c) => MARKERS[c.action]).sort((a, b) => severity(a.action) - severity(b.action) || a.address.localeCompare(b.address));
  for (const change of listed) {
    const isBlocked = report.blocked.some((b) => b.address === change.address);
    const approval = report.approved.find((a) => a.address === change.address);
    const tag = isBlocked ? ' [BLOCKED]' : approval ? ` [approved by ${approval.approvedBy}]` : '';
    lines.push(`${MARKERS[change.action]!.padStart(3)} ${change.action.padEnd(7)} ${change.address}${tag}${change.reason ? `: ${change.reason}` : ''}`);
  }
  const { counts } = report;
  const forget = counts.forget > 0 ? `, ${counts.forget} to forget` : '';
  lines.push(
    `plan: ${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.destroy} to destroy${forget}; ${report.blocked.length} blocked`,
  );
  lines.push(...report.warnings.map((w) => `warning: ${w}`));
  const approvalsFile = report.approvalsFile ?? 'the approvals file passed to plan-lint';
  for (const b of report.blocked) {
    lines.push(`BLOCKED ${b.action} ${b.address}: ${b.reason}`);
    lines.push(
      `  to allow it, add { address: ${b.address}, action: ${b.action}, reason: <why losing the data is acceptable>, approved_by: <reviewer> } to ${approvalsFile} in the pull request`,
    );
  }
  return lines.join('\n');
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new PlanLintError(file, '', `cannot read the ${what} (${code})`, `a readable file`);
  }
}

/**
 * Reads the plan JSON (and approvals), lints and formats. Input that cannot be linted exits 1
 * with the error as output: CI must not read a broken plan file as a pass.
 */
export function planLintFile(file: string, approvalsFile?: string): { exitCode: number; output: string } {
  try {
    const text = readText(file, 'plan JSON');
    let plan: Json;
    try {
      plan = JSON.parse(text);
    } catch (error) {
      throw new PlanLintError(file, '$', `is not JSON (${(error as Error).message})`, 'the output of `terraform show -json <planfile>`, not the binary plan file');
    }
    const approvals = approvalsFile ? loadApprovals(readText(approvalsFile, 'approvals file'), approvalsFile) : [];
    const report = lintPlan(plan, { approvals, source: file, ...(approvalsFile ? { approvalsFile } : {}) });
    return { exitCode: report.exitCode, output: formatReport(report) };
  } catch (error) {
    if (error instanceof PlanLintError) return { exitCode: 1, output: `plan-lint: ${error.message}` };
    throw error;
  }
}
