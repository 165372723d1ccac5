/**
 * Policy checks over the construct tree, as cdk-nag does for CDK: each rule looks at one kind of
 * resource and reports what would make the platform unsafe or expensive. A finding fails synth;
 * a rule can be suppressed on a construct (and everything under it) only with a written reason,
 * which synth prints.
 */
import { IConstruct } from 'constructs';
import { Annotations, IAspect, TerraformResource, TerraformStack } from 'cdktf';
import { database, execute, grantAccountRole, grantPrivilegesToAccountRole, schema, stage, streamOnTable, table, warehouse } from '@cdktf/provider-snowflake';
import { PROTECT_DATA_CONTEXT } from './providers';

export interface Rule {
  readonly id: string;
  readonly description: string;
  /** A problem with the construct, or undefined when it passes (or does not apply). */
  check(node: IConstruct, protectData: boolean): string | undefined;
}

const isDataBearing = (node: IConstruct): node is TerraformResource =>
  node instanceof database.Database || node instanceof schema.Schema || node instanceof table.Table || node instanceof stage.Stage || node instanceof streamOnTable.StreamOnTable;

export const RULES: readonly Rule[] = [
  {
    id: 'EYE-WH1',
    description: 'warehouses auto-suspend and sit under a resource monitor',
    check: (node) => {
      if (!(node instanceof warehouse.Warehouse)) return undefined;
      if (!node.autoSuspendInput) return 'warehouse without auto_suspend: it would bill while idle';
      if (!node.resourceMonitorInput) return 'warehouse without a resource monitor: no credit quota stops a runaway';
      return undefined;
    },
  },
  {
    id: 'EYE-GR1',
    description: 'nothing is granted to PUBLIC',
    check: (node) => {
      const grantee =
        node instanceof grantPrivilegesToAccountRole.GrantPrivilegesToAccountRole
          ? node.accountRoleNameInput
          : node instanceof grantAccountRole.GrantAccountRole
            ? node.parentRoleNameInput
            : undefined;
      return grantee?.toUpperCase() === 'PUBLIC' ? 'grant to PUBLIC: every user of the account would hold it' : undefined;
    },
  },
  {
    id: 'EYE-DP1',
    description: 'data-bearing resources carry prevent_destroy where data is protected (prod, staging)',
    check: (node, protectData) =>
      protectData && isDataBearing(node) && node.lifecycle?.preventDestroy !== true ? 'data-bearing resource without lifecycle.prevent_destroy' : undefined,
  },
  {
    id: 'EYE-PHI1',
    description: 'PHI columns carry a masking policy',
    check: (node) => {
      if (!(node instanceof table.Table)) return undefined;
      const columns = (node.columnInput ?? []) as { name: string; comment?: string; maskingPolicy?: string }[];
      const bare = columns.filter((c) => /\[PHI: /.test(c.comment ?? '') && !c.maskingPolicy).map((c) => c.name);
      return bare.length ? `PHI columns without a masking policy: ${bare.join(', ')}` : undefined;
    },
  },
  {
    id: 'EYE-RAP1',
    description: 'tables and views holding tenant rows (a TENANT_ID column) are created with a row access policy',
    check: (node) => {
      if (node instanceof table.Table) {
        const columns = (node.columnInput ?? []) as { name: string }[];
        // The provider's table resource cannot attach a row access policy when it creates the table.
        return columns.some((c) => c.name.toUpperCase() === 'TENANT_ID')
          ? 'table holding tenant rows declared as snowflake_table, which cannot attach a row access policy at creation; create it with WITH ROW ACCESS POLICY in its DDL'
          : undefined;
      }
      if (!(node instanceof execute.Execute)) return undefined;
      // Comments and string literals (column comments) may mention TENANT_ID; only code counts.
      const sql = (node.executeInput ?? '').replace(/--[^\n]*|'(?:[^']|'')*'/g, '');
      const created = /CREATE\s+(?:OR\s+REPLACE\s+)?(?:SECURE\s+)?(TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([^\s(]+)/i.exec(sql);
      if (!created || !/\bTENANT_ID\b/i.test(sql) || /\bROW\s+ACCESS\s+POLICY\b/i.test(sql)) return undefined;
      return `${created[1]!.toLowerCase()} ${created[2]} holds tenant rows (TENANT_ID) but is created without WITH ROW ACCESS POLICY`;
    },
  },
];

const SUPPRESSIONS = Symbol.for('eyecare/policy-check-suppressions');

interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

/** Suppresses a rule on a construct and its children; the reason is required and printed. */
export function suppressRule(scope: IConstruct, rule: string, reason: string): void {
  if (!RULES.some((r) => r.id === rule)) throw new Error(`${scope.node.path}: no rule ${rule} to suppress (rules: ${RULES.map((r) => r.id).join(', ')})`);
  if (reason.trim().length < 10) throw new Error(`${scope.node.path}: suppressing ${rule} needs a written reason of at least 10 characters (got ${JSON.stringify(reason)})`);
  const holder = scope as unknown as { [SUPPRESSIONS]?: Suppression[] };
  (holder[SUPPRESSIONS] ??= []).push({ rule, reason });
}

function suppressionFor(node: IConstruct, rule: string): Suppression | undefined {
  for (let at: IConstruct | undefined = node; at; at = at.node.scope) {
    const found = (at as unknown as { [SUPPRESSIONS]?: Suppression[] })[SUPPRESSIONS]?.find((s) => s.rule === rule);
    if (found) return found;
  }
  return undefined;
}

/** The aspect: findings become stack validation errors, suppressions become info annotations. */
export class PolicyChecks implements IAspect {
  private readonly findings = new Map<TerraformStack, string[]>();

  visit(node: IConstruct): void {
    const protectData = node.node.tryGetContext(PROTECT_DATA_CONTEXT) === true;
    for (const rule of RULES) {
      const problem = rule.check(node, protectData);
      if (!problem) continue;
      const suppression = suppressionFor(node, rule.id);
      if (suppression) {
        Annotations.of(node).addInfo(`${rule.id} suppressed: ${suppression.reason}`);
        continue;
      }
      const stack = TerraformStack.of(node);
      let list = this.findings.get(stack);
      if (!list) {
        this.findings.set(stack, (list = []));
        stack.node.addValidation({ validate: () => list! });
      }
      list.push(`${rule.id} ${node.node.path}: ${problem} (${rule.description})`);
    }
  }
}
