/**
 * Reads what `cdktf synth` wrote: the manifest and each stack's `cdk.tf.json`. Downstream tools
 * (role-graph checks, the local applier) work from this, exactly what `cdktf deploy` would apply.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SynthesizedResource {
  readonly stack: string;
  /** Terraform type, e.g. `snowflake_account_role`. */
  readonly type: string;
  /** Logical name within the stack, e.g. `tenant_role-analyst_role_1A2B3C4D`. */
  readonly name: string;
  /** Terraform address, `type.name`. */
  readonly address: string;
  readonly config: Readonly<Record<string, unknown>>;
}

export interface SynthesizedStack {
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly json: Readonly<Record<string, unknown>>;
  readonly resources: readonly SynthesizedResource[];
}

interface ManifestEntry {
  readonly name: string;
  readonly synthesizedStackPath: string;
  readonly dependencies: readonly string[];
}

/** All stacks in `outdir`, in manifest order. */
export function readSynthesized(outdir: string): SynthesizedStack[] {
  const manifestPath = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`${manifestPath} not found: run \`EYECARE_ENV=<env> npx cdktf synth\` (or \`npm run synth\`) first`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { stacks: Record<string, ManifestEntry> };
  return Object.values(manifest.stacks).map((entry) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), 'utf8')) as Record<string, unknown>;
    const resources: SynthesizedResource[] = [];
    for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [name, config] of Object.entries(byName)) {
        resources.push({ stack: entry.name, type, name, address: `${type}.${name}`, config });
      }
    }
    return { name: entry.name, dependencies: entry.dependencies, json, resources };
  });
}

/** A Terraform interpolation `${type.name.attribute}`, wherever it stands in a string. */
export const TERRAFORM_REFERENCE = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;
/** A value that is nothing but one reference. */
const WHOLE_REFERENCE = new RegExp(`^${TERRAFORM_REFERENCE.source}$`);

/**
 * Resolves a plain `${type.name.attr}` reference to an argument of that resource in the same
 * stack (e.g. a role's `name`); values without a reference come back unchanged.
 */
export function resolveReference(stack: SynthesizedStack, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = WHOLE_REFERENCE.exec(value);
  if (!match) return value;
  const [, type, name, attribute] = match;
  const target = stack.resources.find((r) => r.type === type && r.name === name);
  if (!target) throw new Error(`${stack.name}: ${value} refers to a resource that does not exist in the stack`);
  if (!(attribute! in target.config)) {
    throw new Error(`${stack.name}: ${value} refers to ${attribute}, which ${target.address} does not set (only computed at apply time)`);
  }
  return resolveReference(stack, target.config[attribute!]);
}
