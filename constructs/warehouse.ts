/**
 * L2 warehouse with cheap, safe defaults: created suspended, resumes on demand, suspends after
 * a minute idle, kills runaway statements, and always sits under a credit monitor.
 */
import { Construct } from 'constructs';
import { warehouse } from '@cdktf/provider-snowflake';
import type { WarehouseSize } from '../environments/schema';
import { PLATFORM_DEFAULTS } from '../model/defaults';
import type { WarehousePlan } from '../model/plan';
import { WarehouseAccessLevel, warehousePrivileges } from '../model/privileges';
import { SnowflakeProviders } from './providers';
import { CreditMonitor } from './resource-monitor';
import { RoleLike, grantOnAccountObject } from './role';

export interface ComputeWarehouseProps {
  /** Snowflake name, from `model/names`. */
  readonly name: string;
  /** Warehouse size. @default 'XSMALL' (`PLATFORM_DEFAULTS.warehouseSize`) */
  readonly size?: WarehouseSize;
  /** Seconds idle before suspending; 0 (never) is refused. @default 60 (`PLATFORM_DEFAULTS.autoSuspendSeconds`) */
  readonly autoSuspendSeconds?: number;
  /** Seconds a statement may run before it is cancelled. @default 3600 (`PLATFORM_DEFAULTS.statementTimeoutSeconds`) */
  readonly statementTimeoutSeconds?: number;
  /** Seconds a statement may wait in the queue before it is cancelled. @default 600 (`PLATFORM_DEFAULTS.statementQueuedTimeoutSeconds`) */
  readonly statementQueuedTimeoutSeconds?: number;
  /** Above 1 makes a multi-cluster warehouse (Enterprise edition and up). @default 1 (`PLATFORM_DEFAULTS.maxClusterCount`) */
  readonly maxClusterCount?: number;
  /** Every warehouse has a monitor: a runaway query must not run up an unbounded bill. */
  readonly monitor: CreditMonitor;
  /** Snowflake comment on the warehouse. @default none */
  readonly comment?: string;
}

export class ComputeWarehouse extends Construct {
  /** A warehouse and its credit monitor, as the plan describes them. */
  static fromPlan(scope: Construct, id: string, plan: WarehousePlan, comment: string): ComputeWarehouse {
    const monitor = new CreditMonitor(scope, `${id}-monitor`, { name: plan.resourceMonitor, creditQuota: plan.creditQuota });
    return new ComputeWarehouse(scope, id, {
      name: plan.name,
      size: plan.size,
      autoSuspendSeconds: plan.autoSuspendSeconds,
      statementTimeoutSeconds: plan.statementTimeoutSeconds,
      statementQueuedTimeoutSeconds: plan.statementQueuedTimeoutSeconds,
      maxClusterCount: plan.maxClusterCount,
      monitor,
      comment,
    });
  }

  readonly name: string;
  readonly nameRef: string;
  readonly resource: warehouse.Warehouse;

  constructor(scope: Construct, id: string, props: ComputeWarehouseProps) {
    super(scope, id);
    const autoSuspend = props.autoSuspendSeconds ?? PLATFORM_DEFAULTS.autoSuspendSeconds;
    if (!Number.isInteger(autoSuspend) || autoSuspend < 1 || autoSuspend > 86_400) {
      throw new Error(`${this.node.path}: autoSuspendSeconds must be 1 to 86400 (got ${autoSuspend}); 0 would never suspend`);
    }
    const maxClusters = props.maxClusterCount ?? PLATFORM_DEFAULTS.maxClusterCount;
    this.name = props.name;
    this.resource = new warehouse.Warehouse(this, 'warehouse', {
      provider: SnowflakeProviders.of(this).forRole('ACCOUNTADMIN'),
      name: props.name,
      warehouseType: 'STANDARD',
      warehouseSize: props.size ?? PLATFORM_DEFAULTS.warehouseSize,
      autoSuspend,
      autoResume: 'true',
      initiallySuspended: true,
      statementTimeoutInSeconds: props.statementTimeoutSeconds ?? PLATFORM_DEFAULTS.statementTimeoutSeconds,
      statementQueuedTimeoutInSeconds: props.statementQueuedTimeoutSeconds ?? PLATFORM_DEFAULTS.statementQueuedTimeoutSeconds,
      resourceMonitor: props.monitor.nameRef,
      ...(maxClusters > 1 ? { minClusterCount: 1, maxClusterCount: maxClusters, scalingPolicy: 'ECONOMY' } : {}),
      ...(props.comment ? { comment: props.comment } : {}),
    });
    this.nameRef = this.resource.name;
  }

  /** Lets `role` run queries on the warehouse (the `USE` bundle). */
  grantUsage(role: RoleLike, id = 'usage'): void {
    this.grant(role, 'USE', id);
  }

  /** Grants `role` the warehouse privileges of `level` (`WAREHOUSE_BUNDLES` in `model/privileges`). */
  grant(role: RoleLike, level: WarehouseAccessLevel, id: string): void {
    grantOnAccountObject(this, id, role, { objectType: 'WAREHOUSE', objectName: this.nameRef, privileges: warehousePrivileges(level) });
  }
}
