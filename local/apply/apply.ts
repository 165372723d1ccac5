/**
 * The local applier: applies `cdktf.out` to the local engine the way `cdktf deploy` applies it
 * to Snowflake. Stacks in manifest order, resources in dependency order (references and
 * `depends_on`), each as the role of its provider block. Applied configs are remembered, so a
 * second apply changes nothing and says so; a changed resource is altered in place, replaced or
 * refused, argument by argument, as its handler says; resources gone from the synth are destroyed,
 * except those with `prevent_destroy`, which stop the apply as Terraform would.
 */
import { createHash } from 'node:crypto';
import { SynthesizedResource, SynthesizedStack, TERRAFORM_REFERENCE, readSynthesized } from '../../synthesized/read';
import { META_ARGUMENTS, REBUILD_HINT, RESOURCE_HANDLERS, ResolvedConfig, ResourceHandler, cannotChange, changedArguments } from './resources';

/** Where the applier runs statements and keeps what it applied. */
export interface ApplyTarget {
  /** Runs one statement as `role`. */
  run(sql: string, role: string): Promise<void>;
  readState(): Promise<AppliedResource[]>;
  /** Records (or, with `config` undefined, forgets) one resource after its statements ran. */
  writeState(entry: AppliedResource | { readonly stack: string; readonly address: string; readonly config?: undefined }): Promise<void>;
}

export interface AppliedResource {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly role: string;
  readonly hash: string;
  readonly config: ResolvedConfig;
  readonly preventDestroy: boolean;
}

export interface ApplySummary {
  readonly created: string[];
  readonly updated: string[];
  readonly destroyed: string[];
  readonly unchanged: number;
  readonly statements: number;
}

export class ApplyError extends Error {}

/** Provider block (`snowflake` or `snowflake.<alias>`) -> the role it runs as. */
function providerRoles(stack: SynthesizedStack): Map<string, string> {
  const roles = new Map<string, string>();
  const blocks = ((stack.json.provider as Record<string, Record<string, unknown>[]> | undefined)?.snowflake ?? []);
  for (const block of blocks) {
    const name = block.alias ? `snowflake.${String(block.alias)}` : 'snowflake';
    if (typeof block.role !== 'string') throw new ApplyError(`${stack.name}: provider ${name} sets no role; the local applier needs one per provider block`);
    roles.set(name, block.role.toUpperCase());
  }
  return roles;
}

function referencesOf(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') for (const m of value.matchAll(TERRAFORM_REFERENCE)) out.add(`${m[1]}.${m[2]}`);
  else if (Array.isArray(value)) value.forEach((v) => referencesOf(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => referencesOf(v, out));
  return out;
}

/**
 * Items after the items they need (Kahn's algorithm, in rounds); ties keep the given order, so
 * applies are reproducible. `cycle` words the error for the items left stuck.
 */
function topological<T>(items: readonly T[], key: (item: T) => string, needs: (item: T) => ReadonlySet<string>, cycle: (stuck: string[]) => string): T[] {
  const ordered: T[] = [];
  const done = new Set<string>();
  while (ordered.length < items.length) {
    const ready = items.filter((item) => !done.has(key(item)) && [...needs(item)].every((d) => done.has(d)));
    if (ready.length === 0) throw new ApplyError(cycle(items.filter((item) => !done.has(key(item))).map(key)));
    for (const item of ready) {
      ordered.push(item);
      done.add(key(item));
    }
  }
  return ordered;
}

/** A stack's resources after the ones they reference or depend on. */
function dependencyOrder(stack: SynthesizedStack): SynthesizedResource[] {
  const addresses = new Set(stack.resources.map((r) => r.address));
  const needs = new Map<string, Set<string>>();
  for (const r of stack.resources) {
    const deps = referencesOf(r.config, new Set());
    for (const d of (r.config.depends_on as string[] | undefined) ?? []) deps.add(d);
    for (const d of deps) {
      if (!addresses.has(d)) throw new ApplyError(`${stack.name}: ${r.address} refers to ${d}, which is not in the stack`);
    }
    deps.delete(r.address);
    needs.set(r.address, deps);
  }
  return topological(stack.resources, (r) => r.address, (r) => needs.get(r.address)!, (stuck) => `${stack.name}: dependency cycle among ${stuck.slice(0, 5).join(', ')}`);
}

/** Stacks after the stacks they depend on (the manifest's dependencies that were synthesized). */
function stackOrder(stacks: readonly SynthesizedStack[]): SynthesizedStack[] {
  const names = new Set(stacks.map((s) => s.name));
  return topological(stacks, (s) => s.name, (s) => new Set(s.dependencies.filter((d) => names.has(d))), (stuck) => `stack dependency cycle among ${stuck.join(', ')}`);
}

/** Checks type and arguments before anything runs: nothing is skipped silently. */
function validate(stacks: readonly SynthesizedStack[]): void {
  const problems: string[] = [];
  for (const stack of stacks) {
    for (const r of stack.resources) {
      const handler = RESOURCE_HANDLERS[r.type];
      if (!handler) {
        problems.push(`${stack.name}: ${r.address}: resource type ${r.type} is not supported by the local applier (supported: ${Object.keys(RESOURCE_HANDLERS).join(', ')})`);
        continue;
      }
      const allowed = new Set<string>([...handler.arguments, ...META_ARGUMENTS]);
      for (const argument of Object.keys(r.config)) {
        if (!allowed.has(argument)) {
          problems.push(`${stack.name}: ${r.address}: argument ${argument} is not supported by the local applier for ${r.type} (supported: ${handler.arguments.join(', ')}); ${UNSUPPORTED_HINT(r.config[argument])}`);
        }
      }
      // Of the lifecycle, prevent_destroy and replace_triggered_by are honoured locally (ignore_changes and the like are not).
      for (const [block, keys] of Object.entries({ lifecycle: ['prevent_destroy', 'replace_triggered_by'], ...handler.blocks })) {
        for (const entry of [r.config[block]].flat()) {
          for (const [key, value] of Object.entries(entry && typeof entry === 'object' ? entry : {})) {
            if (!keys.includes(key)) problems.push(`${stack.name}: ${r.address}: ${block}.${key} is not supported by the local applier for ${r.type} (supported in ${block}: ${keys.join(', ')}); ${UNSUPPORTED_HINT(value)}`);
          }
        }
      }
    }
  }
  if (problems.length) throw new ApplyError(problems.join('\n'));
}

const UNSUPPORTED_HINT = (value: unknown) =>
  `its value ${JSON.stringify(value)} would be ignored, so nothing is applied: remove it from the construct, or teach local/apply/resources.ts to apply it`;

/** What an apply does to one resource, and the statements it runs. */
interface PlannedChange {
  readonly action: 'create' | 'update' | 'replace' | 'record';
  readonly statements: string[];
}

/**
 * What Terraform's plan does with a resource applied before whose config changed: each changed
 * argument is applied in place, forces a replacement (destroy, then create), or is only recorded.
 * A change the local applier cannot make is refused, naming the argument and both values, so an
 * apply never reports an update that changed nothing.
 */
function planChange(type: string, handler: ResourceHandler, before: ResolvedConfig, after: ResolvedConfig, preventDestroy: boolean): PlannedChange {
  const { update = [], replace = [], record = [], refused = {}, replaceWhen } = handler.changes;
  const changed = changedArguments(before, after);
  const blocked = changed.filter((a) => !update.includes(a) && !replace.includes(a) && !record.includes(a));
  if (blocked.length) {
    const how = [update.length ? `in place: ${update.join(', ')}` : '', replace.length ? `by replacement: ${replace.join(', ')}` : '', record.length ? `recorded only: ${record.join(', ')}` : ''].filter(Boolean);
    const why = (a: string) => `${refused[a] ?? `the local applier cannot change it on an existing ${type}`} (what a ${type} can change locally: ${how.join('; ') || 'nothing'})`;
    throw new Error(blocked.map((a) => cannotChange(a, before[a], after[a], why(a))).join('\n'));
  }
  const forced = [...changed.filter((a) => replace.includes(a)), replaceWhen?.(before, after)].filter((reason): reason is string => reason !== undefined);
  if (forced.length) {
    if (preventDestroy) {
      throw new Error(`changing ${forced.join(', ')} replaces it (destroy, then create), which its lifecycle.prevent_destroy forbids, as Terraform does; revert the change, or remove prevent_destroy first to accept losing what it holds`);
    }
    return { action: 'replace', statements: [...handler.destroy(before), ...handler.create(after)] };
  }
  if (!changed.some((a) => update.includes(a))) return { action: 'record', statements: [] };
  const statements = handler.update!(before, after);
  if (statements.length === 0) throw new Error(`the local applier produced no statement for the change to ${changed.join(', ')}, which its handler says it applies in place; ${REBUILD_HINT}`);
  return { action: 'update', statements };
}

const CHANGE_LINES: Readonly<Record<PlannedChange['action'], string>> = { create: '+ create', update: '~ update', replace: '-/+ replace', record: '= record' };

function hashOf(config: ResolvedConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
}

export interface ApplyOptions {
  /** Called with one line per change, for progress output. */
  readonly onChange?: (line: string) => void;
}

/** Applies every stack in `outdir` to `target`. */
export async function applySynthesized(outdir: string, target: ApplyTarget, options: ApplyOptions = {}): Promise<ApplySummary> {
  const stacks = stackOrder(readSynthesized(outdir));
  validate(stacks);
  const previous = new Map((await target.readState()).map((s) => [`${s.stack}|${s.address}`, s]));
  const summary = { created: [] as string[], updated: [] as string[], destroyed: [] as string[], unchanged: 0, statements: 0 };
  const run = async (statements: string[], role: string) => {
    for (const sql of statements) {
      await target.run(sql, role);
      summary.statements++;
    }
  };

  const seen = new Set<string>();
  for (const stack of stacks) {
    const roles = providerRoles(stack);
    const resolved = new Map<string, ResolvedConfig>();
    const resolve = (value: unknown): unknown => {
      if (typeof value === 'string') {
        return value.replace(TERRAFORM_REFERENCE, (_, type: string, name: string, attribute: string) => {
          const config = resolved.get(`${type}.${name}`)!;
          const computed = RESOURCE_HANDLERS[type]?.computed?.(config) ?? {};
          const found = config[attribute] ?? computed[attribute];
          if (found === undefined) throw new ApplyError(`${stack.name}: \${${type}.${name}.${attribute}} has no value locally (${type} neither sets nor computes ${attribute})`);
          return String(found);
        });
      }
      if (Array.isArray(value)) return value.map(resolve);
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
      return value;
    };

    const ordered = dependencyOrder(stack);
    // replace_triggered_by: a change to the referenced resource replaces this one. As in Terraform,
    // its destroy runs before the referenced resource changes (a view's policy attachment is
    // detached from the old view), its create after.
    const triggered = new Map<string, string[]>();
    for (const r of ordered) {
      for (const reference of (r.config.lifecycle as { replace_triggered_by?: string[] } | undefined)?.replace_triggered_by ?? []) {
        const address = reference.replace(/^\$\{(.*)\}$/, '$1');
        triggered.set(address, [...(triggered.get(address) ?? []), r.address]);
      }
    }
    const destroyedEarly = new Set<string>();
    // Snowflake refuses to change a task graph while its root runs: before the first task change
    // the stack's tasks are suspended, and afterwards the started ones are resumed children
    // first (what the provider does around task updates).
    let tasksSuspended = false;
    const suspendTasks = async () => {
      if (tasksSuspended) return;
      tasksSuspended = true;
      for (const p of [...previous.values()].filter((p) => p.stack === stack.name && p.type === 'snowflake_task')) {
        await run([`ALTER TASK IF EXISTS ${RESOURCE_HANDLERS.snowflake_task!.computed!(p.config).fully_qualified_name} SUSPEND`], p.role);
      }
    };
    for (const resource of ordered) {
      const { '//': _metadata, provider, lifecycle, depends_on: _dependsOn, ...args } = resource.config as Record<string, unknown>;
      const config = resolve(args) as ResolvedConfig;
      resolved.set(resource.address, config);
      const providerName = typeof provider === 'string' ? provider : 'snowflake';
      const role = roles.get(providerName);
      if (!role) throw new ApplyError(`${stack.name}: ${resource.address} uses provider ${providerName}, which the stack does not configure`);
      const key = `${stack.name}|${resource.address}`;
      seen.add(key);
      const hash = hashOf(config);
      const before = previous.get(key);
      const preventDestroy = (lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true;
      const handler = RESOURCE_HANDLERS[resource.type]!;
      const triggeredReplace = destroyedEarly.has(resource.address);
      if (!triggeredReplace && before?.hash === hash && before.role === role && before.preventDestroy === preventDestroy) {
        summary.unchanged++;
        continue;
      }
      let change: PlannedChange;
      try {
        change = triggeredReplace
          ? // Its destroy ran before what triggers it changed: only its create is left.
            { action: 'replace', statements: handler.create(config) }
          : before
            ? planChange(resource.type, handler, before.config, config, preventDestroy)
            : { action: 'create', statements: handler.create(config) };
        if (change.statements.length && resource.type === 'snowflake_task') await suspendTasks();
        if (before && !triggeredReplace && change.action !== 'record') {
          for (const dependent of triggered.get(resource.address) ?? []) {
            const old = previous.get(`${stack.name}|${dependent}`);
            if (!old || destroyedEarly.has(dependent)) continue;
            await run(RESOURCE_HANDLERS[old.type]!.destroy(old.config), old.role);
            destroyedEarly.add(dependent);
          }
        }
        await run(change.statements, role);
      } catch (error) {
        throw new ApplyError(`${stack.name}: ${resource.address}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await target.writeState({ stack: stack.name, address: resource.address, type: resource.type, role, hash, config, preventDestroy });
      options.onChange?.(`${CHANGE_LINES[change.action]} ${stack.name}: ${resource.address}${triggeredReplace ? ' (replace_triggered_by)' : ''}`);
      // A recorded change ran nothing: the account is as it was.
      if (change.action === 'record') summary.unchanged++;
      else (change.action === 'create' ? summary.created : summary.updated).push(`${stack.name}: ${resource.address}`);
    }
    if (tasksSuspended) {
      const started = ordered.filter((r) => r.type === 'snowflake_task' && resolved.get(r.address)!.started === true).reverse();
      for (const task of started) {
        const config = resolved.get(task.address)!;
        await run([`ALTER TASK ${RESOURCE_HANDLERS.snowflake_task!.computed!(config).fully_qualified_name} RESUME`], roles.get(typeof task.config.provider === 'string' ? task.config.provider : 'snowflake')!);
      }
    }
  }

  // Resources no longer synthesized, newest first so grants go before roles and schemas before databases.
  const gone = [...previous.values()].filter((p) => !seen.has(`${p.stack}|${p.address}`)).reverse();
  const blocked = gone.filter((p) => p.preventDestroy);
  if (blocked.length) {
    throw new ApplyError(
      `refusing to destroy ${blocked.length} protected resource(s) (lifecycle.prevent_destroy): ${blocked.map((b) => `${b.stack}: ${b.address}`).join(', ')}; decommission them explicitly first`,
    );
  }
  for (const p of gone) {
    await run(RESOURCE_HANDLERS[p.type]!.destroy(p.config), p.role);
    await target.writeState({ stack: p.stack, address: p.address });
    summary.destroyed.push(`${p.stack}: ${p.address}`);
    options.onChange?.(`- destroy ${p.stack}: ${p.address}`);
  }
  return summary;
}
