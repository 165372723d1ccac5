/**
 * L2 warehouse with cheap, safe defaults: created suspended, resumes on demand, suspends after
 * a minute idle, kills runaway statements, and always sits under a credit monitor.
 */
import { Construct } from 'constructs';
import { warehouse } from '@cdktf/provider-snowflake';
import type { WarehouseSize } from '../environments/schema';
import { PLATFORM_DEFAULTS } from '../model/defaults';
import type { WarehousePlan } from '../model/plan';
import { SnowflakeProviders } from './providers';
import { CreditMonitor } from './resource-monitor';
import { RoleLike, grantOnAccountObject } from './role';

export interface ComputeWarehouseProps {
  /** Snowflake name, from `model/names`. */
  readonly name: string;
  /** @default 'XSMALL' */
  readonly size?: WarehouseSize;
  /** Seconds idle before suspending; 0 (never) is refused. @default 60 */
  readonly autoSuspendSeconds?: number;
  /** @default 3600 */
  readonly statementTimeoutSeconds?: number;
  /** @default 600 */
  readonly statementQueuedTimeoutSeconds?: number;
  /** Above 1 makes a multi-cluster warehouse (Enterprise edition and up). @default 1 */
  readonly maxClusterCount?: number;
  /** Every warehouse has a monitor: a runaway query must not run up an unbounded bill. */
  readonly monitor: CreditMonitor;
  /** @default none */
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
    const maxClusters = props.maxClusterCount ?? 1;
    this.name = props.name;
    this.resource = new warehouse.Warehouse(this, 'warehouse', {
      provider: SnowflakeProviders.of(this).forRole('ACCOUNTADMIN'),
      name: props.name,
      warehouseType: 'STANDARD',
      warehouseSize: props.size ?? 'XSMALL',
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

  /** Lets `role` run queries on the warehouse. */
  grantUsage(role: RoleLike, id = 'usage'): void {
    this.grant(role, ['USAGE'], id);
  }

  /** Grants warehouse privileges (`USAGE`, `OPERATE`, `MONITOR`) to `role`. */
  grant(role: RoleLike, privileges: readonly string[], id: string): void {
    grantOnAccountObject(this, id, role, { objectType: 'WAREHOUSE', objectName: this.nameRef, privileges });
  }
}
