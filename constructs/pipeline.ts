/**
 * L2 tenant pipeline: the STAGING and MARTS objects (DDL from `sql/`, applied with the
 * provider's execute resource) and the task graph that refreshes them, RAW -> STAGING -> MARTS,
 * from the root that runs when any RAW stream has data to the finalizer that records the run.
 *
 * Table DDL is `CREATE TABLE IF NOT EXISTS` and its revert keeps the table: replacing the
 * resource (its text changed) never drops data; schema changes go in as explicit migrations.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { execute, schema, task } from '@cdktf/provider-snowflake';
import { PLATFORM_DEFAULTS } from '../model/defaults';
import { RAW_TABLES } from '../model/ingestion';
import { BENCHMARK_TABLE, ROOT_TASK, TENANT_SCHEMAS, pipelineNames, schemaObject } from '../model/names';
import { PipelineTask, RefreshSpec, SqlLayer, pipelineGraph } from '../model/pipeline';
import type { CommissionPlan, RecommendationTarget } from '../model/plan';
import { ddlObject, ddlStatements, slug } from './ddl';
import { SnowflakeProviders } from './providers';
import { dependsOn, qualifyForDatabase, renderSql, sqlFiles, sqlText } from './sql';

export interface TenantPipelineProps {
  /** Terraform reference to the tenant database name (orders everything after it). */
  readonly database: string;
  /** The tenant database's plain name, which qualifies the DDL (the provider's session has none). */
  readonly databaseName: string;
  /** Schema resources the objects live in, for ordering. */
  readonly schemas: { readonly staging: schema.Schema; readonly marts: schema.Schema };
  /** Root schedule, `<n> MINUTE` or `USING CRON ...`. */
  readonly schedule: string;
  /** The warehouse tasks run on. @default none (serverless tasks) */
  readonly warehouse?: string;
  /**
   * Consecutive failed runs before Snowflake suspends the graph.
   * @default 3 (`PLATFORM_DEFAULTS.taskSuspendAfterFailures`)
   */
  readonly suspendAfterFailures?: number;
  /**
   * Automatic retries of a failed graph run.
   * @default 1 (`PLATFORM_DEFAULTS.taskRetryAttempts`)
   */
  readonly retryAttempts?: number;
  /** Notification integration for task errors. @default none */
  readonly errorIntegration?: string;
  /** Refuse `terraform destroy` of the DDL's tables. @default the stack's `eyecare:protectData` context */
  readonly preventDestroy?: boolean;
  /**
   * Policies to attach: PHI masking on STAGING columns marked PHI in their DDL, location row
   * access on every MARTS table and view with a LOCATION_ID.
   * @default none
   */
  readonly policies?: { readonly locationAccess: string; readonly phiText: string; readonly phiDate: string; readonly dependsOn: readonly ITerraformDependable[] };
  /**
   * The session QUERY_TAG of every task's queries, which the AUDIT views attribute them by.
   * @default none
   */
  readonly queryTag?: string;
  /**
   * Share the tenant's anonymised monthly KPIs: a task after the KPI mart merges them into the
   * platform benchmark table under the tenant's id.
   * @default none (the tenant shares nothing)
   */
  readonly benchmark?: { readonly tenantId: string; readonly table: string };
  /**
   * The tenant's commission rules from config, over the documented defaults.
   * @default none (the defaults apply)
   */
  readonly commissionPlans?: readonly CommissionPlan[];
  /**
   * Every rule a tenant may set a target for, with its target or null (the rule's own applies).
   * @default none (every rule's own target applies)
   */
  readonly recommendationTargets?: readonly RecommendationTarget[];
}

/** PHI columns of a STAGING DDL file (their comments start `PHI (`), with their types. */
export function phiColumns(file: string): { column: string; type: string }[] {
  return [...sqlText(file).matchAll(/^\s+([A-Z0-9_]+)\s+([A-Z_]+)(?:\([^)]*\))?[^\n]*COMMENT '(?:PHI \(|[^']*may contain PHI)/gm)].map((m) => ({ column: m[1]!, type: m[2]! }));
}

/** Whether a MARTS DDL file declares a LOCATION_ID column (directly or in a view's output). */
export function hasLocation(file: string): boolean {
  return /\bLOCATION_ID\b/.test(sqlText(file));
}

/** Where each layer's refresh bodies live and what a body writes. */
const LAYERS: readonly { readonly layer: SqlLayer; readonly folder: string; readonly writes: (name: string) => string; readonly task: (name: string) => string }[] = [
  {
    layer: 'staging',
    folder: 'staging',
    writes: (name) => schemaObject('STAGING', pipelineNames.stagingTable(RAW_TABLES.find((t) => t.entity.name === name)?.table ?? name.toUpperCase())),
    task: pipelineNames.stagingTask,
  },
  { layer: 'marts', folder: 'marts', writes: (name) => schemaObject('MARTS', pipelineNames.martTable(name)), task: pipelineNames.martTask },
  { layer: 'insights', folder: 'insights', writes: (name) => schemaObject('MARTS', pipelineNames.martTable(name)), task: pipelineNames.insightTask },
  { layer: 'quality', folder: 'quality', writes: () => schemaObject('STAGING', pipelineNames.qualityResultsTable), task: pipelineNames.qualityTask },
];

/** Settings (defaults and config overrides, run when applied) are not refreshes; nor is the benchmark feed. */
const NOT_A_REFRESH = /(_defaults|_overrides|^benchmark)\.sql$/;

/** Computed once per process: the SQL files do not change while stacks are built. */
function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= compute());
}

/** The refresh bodies under `sql/`, with their reads from the `-- depends on:` headers. */
export const refreshSpecs = once((): readonly RefreshSpec[] =>
  LAYERS.flatMap(({ layer, folder, writes, task: taskName }) =>
    sqlFiles(folder)
      .filter((file) => !NOT_A_REFRESH.test(file.split('/').pop()!))
      .map((file) => {
        const name = file.split('/').pop()!.replace(/\.sql$/, '');
        return { task: taskName(name), layer, writes: [writes(name)], reads: dependsOn(file), file };
      }),
  ),
);

/** The benchmark feed: after the KPI mart, into the platform table (a tenant may opt out). */
const BENCHMARK_FEED_FILE = 'marts/benchmark.sql';
const benchmarkSpec = once((): RefreshSpec => ({
  task: pipelineNames.benchmarkFeedTask,
  layer: 'marts',
  writes: [schemaObject('BENCHMARK', BENCHMARK_TABLE)],
  reads: dependsOn(BENCHMARK_FEED_FILE),
  file: BENCHMARK_FEED_FILE,
}));

/** The tenant task graphs, with and without the benchmark feed (otherwise the same for every tenant). */
const taskGraphs = {
  withBenchmark: once(() => pipelineGraph([...refreshSpecs(), benchmarkSpec()])),
  withoutBenchmark: once(() => pipelineGraph(refreshSpecs())),
};

/** A root task's schedule (`<n> MINUTE` or `USING CRON <expr> <tz>`) in the provider's form. */
export function taskSchedule(schedule: string): { usingCron: string } | { minutes: number } {
  return schedule.startsWith('USING CRON ') ? { usingCron: schedule.slice('USING CRON '.length) } : { minutes: Number(schedule.split(' ')[0]) };
}

/** DDL files in the order they must run: tables before the views over them, settings last. */
export const ddlFiles = once((): readonly string[] => {
  const tables = ['staging/ddl', 'quality/ddl', 'tasks/ddl', 'marts/ddl', 'insights/ddl'].flatMap(sqlFiles);
  const isView = (f: string) => f.split('/').pop()!.startsWith('v_');
  return [...tables.filter((f) => !isView(f)), ...tables.filter(isView), ...sqlFiles('staging').filter((f) => f.endsWith('_defaults.sql'))];
});

/** What the policies attach to: PHI columns of STAGING tables, MARTS tables and views with a location. */
const policyTargets = once(() => ({
  masked: ddlFiles()
    .filter((f) => f.startsWith('staging/ddl/'))
    .flatMap((file) => {
      const object = ddlObject(file);
      return object?.kind === 'TABLE' ? phiColumns(file).map((c) => ({ file, table: object.name, ...c })) : [];
    }),
  located: ddlFiles()
    .filter((f) => (f.startsWith('marts/ddl/') || f.startsWith('insights/ddl/')) && hasLocation(f))
    .flatMap((file) => {
      const object = ddlObject(file);
      return object && object.name !== 'MARTS.LOCATION_ENTITLEMENTS' ? [{ file, kind: object.kind, object: object.name }] : [];
    }),
}));

export class TenantPipeline extends Construct {
  readonly tasks = new Map<string, task.Task>();
  readonly graph: readonly PipelineTask[];

  constructor(scope: Construct, id: string, props: TenantPipelineProps) {
    super(scope, id);
    const provider = SnowflakeProviders.of(this).forRole('SYSADMIN');
    const qualify = (sql: string) => qualifyForDatabase(sql, props.databaseName);

    // Tables, then the policies on them, then views, then the policies on views: the local engine
    // inlines a table's policies into a view when it creates the view (Snowflake applies them when
    // the view is queried, so there the order changes nothing).
    const isView = (file: string) => ddlObject(file)?.kind === 'VIEW';
    const ddlOf = (files: readonly string[], after: readonly ITerraformDependable[]) =>
      ddlStatements(this, {
        provider,
        files,
        databaseName: props.databaseName,
        schemas: TENANT_SCHEMAS,
        after,
        ...(props.preventDestroy !== undefined ? { preventDestroy: props.preventDestroy } : {}),
      });
    const ddl = ddlOf(
      ddlFiles().filter((f) => !isView(f)),
      [props.schemas.staging, props.schemas.marts],
    );
    let previous = ddl[ddl.length - 1]!;
    const policies = props.policies;
    const attach = (attachments: readonly { id: string; execute: string; revert: string; object?: execute.Execute }[]) => {
      for (const a of attachments) {
        previous = new execute.Execute(this, a.id, {
          provider,
          execute: qualify(a.execute),
          revert: qualify(a.revert),
          dependsOn: [previous, ...policies!.dependsOn],
          // A changed view is dropped and created again (CREATE OR REPLACE), and its policy goes with the old one: attach it again.
          // The address as a plain string: given the resource, cdktf 0.21 writes "${...}", which Terraform rejects here (hashicorp/terraform-cdk#3196).
          ...(a.object ? { lifecycle: { replaceTriggeredBy: [`${a.object.terraformResourceType}.${a.object.friendlyUniqueId}`] } } : {}),
        });
        ddl.push(previous);
      }
    };
    const { masked, located } = policyTargets();
    const rowAccess = (targets: typeof located, objects?: ReadonlyMap<string, execute.Execute>) =>
      targets.map(({ file, kind, object }) => ({
        id: `rows-${slug(file)}`,
        execute: `ALTER ${kind} ${object} ADD ROW ACCESS POLICY ${policies!.locationAccess} ON (LOCATION_ID)`,
        revert: `ALTER ${kind} ${object} DROP ROW ACCESS POLICY ${policies!.locationAccess}`,
        ...(objects?.has(file) ? { object: objects.get(file)! } : {}),
      }));
    if (policies) {
      attach([
        ...masked.map(({ file, table, column, type }) => ({
          id: `mask-${slug(file)}-${column.toLowerCase()}`,
          execute: `ALTER TABLE ${table} MODIFY COLUMN ${column} SET MASKING POLICY ${type === 'DATE' ? policies.phiDate : policies.phiText}`,
          revert: `ALTER TABLE ${table} MODIFY COLUMN ${column} UNSET MASKING POLICY`,
        })),
        ...rowAccess(located.filter((l) => l.kind === 'TABLE')),
      ]);
    }
    const viewFiles = ddlFiles().filter(isView);
    const views = ddlOf(viewFiles, [previous]);
    ddl.push(...views);
    previous = views[views.length - 1] ?? previous;
    if (policies) attach(rowAccess(located.filter((l) => l.kind === 'VIEW'), new Map(viewFiles.map((file, i) => [file, views[i]!]))));
    if (props.commissionPlans?.length) {
      // Numbers from validated config and plan codes matching [a-z][a-z0-9_]*: nothing to escape.
      const values = props.commissionPlans
        .map((p) => `('${p.plan}', ${p.dispensaryRate}, ${p.spiffArCoating}, ${p.spiffProgressive}, ${p.spiffSecondPair})`)
        .join(', ');
      previous = new execute.Execute(this, 'staging-commission-overrides', {
        provider,
        execute: qualify(renderSql('staging/commission_overrides.sql', { COMMISSION_VALUES: values })),
        revert: `SELECT 'kept: commission rules stay until changed in the config' AS NOTE`,
        dependsOn: [previous],
      });
      ddl.push(previous);
    }

    if (props.recommendationTargets?.some((t) => t.target !== null)) {
      // Rule ids from the schema's list and numbers from validated config: nothing to escape. Every
      // rule is listed, NULL where unset, so a target taken out goes back to the rule's own; taking
      // them all out destroys the resource, whose revert sets every one back.
      const rows = (targets: readonly RecommendationTarget[]) => targets.map((t) => `('${t.ruleId}', ${t.target ?? 'NULL'})`).join(', ');
      const targetsSql = (targets: readonly RecommendationTarget[]) => qualify(renderSql('staging/recommendation_target_overrides.sql', { TARGET_VALUES: rows(targets) }));
      previous = new execute.Execute(this, 'staging-recommendation-targets', {
        provider,
        execute: targetsSql(props.recommendationTargets),
        revert: targetsSql(props.recommendationTargets.map((t) => ({ ...t, target: null }))),
        dependsOn: [previous],
      });
      ddl.push(previous);
    }

    this.graph = props.benchmark ? taskGraphs.withBenchmark() : taskGraphs.withoutBenchmark();
    const variables = props.benchmark ? { TENANT_ID: props.benchmark.tenantId, BENCHMARK_TABLE: props.benchmark.table } : {};
    const compute = props.warehouse ? { warehouse: props.warehouse } : { userTaskManagedInitialWarehouseSize: PLATFORM_DEFAULTS.serverlessTaskInitialSize };
    const where = { provider, database: props.database, schema: props.schemas.staging.name };
    const rawStreamsHaveData = RAW_TABLES.map((t) => `SYSTEM$STREAM_HAS_DATA('${schemaObject('RAW', t.stream)}')`).join(' OR ');
    for (const node of this.graph) {
      const common = { ...where, name: node.name, started: true, ...compute, ...(props.queryTag ? { queryTag: props.queryTag } : {}) };
      let resource: task.Task;
      if (node.kind === 'root') {
        resource = new task.Task(this, node.name.toLowerCase(), {
          ...common,
          schedule: taskSchedule(props.schedule),
          when: rawStreamsHaveData,
          sqlStatement: renderSql('tasks/root.sql'),
          suspendTaskAfterNumFailures: props.suspendAfterFailures ?? PLATFORM_DEFAULTS.taskSuspendAfterFailures,
          taskAutoRetryAttempts: props.retryAttempts ?? PLATFORM_DEFAULTS.taskRetryAttempts,
          allowOverlappingExecution: 'false',
          ...(props.errorIntegration ? { errorIntegration: props.errorIntegration } : {}),
          comment: 'eyecare pipeline root: runs when any RAW stream has new rows',
          dependsOn: ddl,
        });
      } else if (node.kind === 'finalizer') {
        resource = new task.Task(this, node.name.toLowerCase(), {
          ...common,
          finalize: this.tasks.get(ROOT_TASK)!.fullyQualifiedName,
          sqlStatement: renderSql('tasks/finalizer.sql'),
          comment: 'eyecare pipeline finalizer: records every run, successful or not',
        });
      } else {
        resource = new task.Task(this, node.name.toLowerCase(), {
          ...common,
          after: node.after.map((p) => this.tasks.get(p)!.fullyQualifiedName),
          ...(node.when ? { when: node.when } : {}),
          sqlStatement: renderSql(node.file!, variables),
          comment: `eyecare ${node.kind}: sql/${node.file}`,
        });
      }
      this.tasks.set(node.name, resource);
    }
  }
}

