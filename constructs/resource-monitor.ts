/**
 * L2 resource monitor: a monthly credit quota with notify, suspend and suspend-immediately
 * thresholds. Snowflake resets the quota at the start of each calendar month when no frequency
 * is given, which avoids a start timestamp that would drift in every plan.
 */
import { Construct } from 'constructs';
import { resourceMonitor } from '@cdktf/provider-snowflake';
import { PLATFORM_DEFAULTS } from '../model/defaults';
import { SnowflakeProviders } from './providers';

export interface CreditMonitorProps {
  /** Snowflake name, from `model/names`. */
  readonly name: string;
  /** Credits per month. */
  readonly creditQuota: number;
  /**
   * Percentages of the quota that notify account admins (at most five).
   * @default [75, 90] (`PLATFORM_DEFAULTS.monitor.notifyAt`)
   */
  readonly notifyAt?: readonly number[];
  /**
   * Percentage at which assigned warehouses suspend after running queries finish.
   * @default 100 (`PLATFORM_DEFAULTS.monitor.suspendAt`)
   */
  readonly suspendAt?: number;
  /**
   * Percentage at which assigned warehouses suspend and running queries are cancelled.
   * @default 110 (`PLATFORM_DEFAULTS.monitor.suspendImmediateAt`)
   */
  readonly suspendImmediateAt?: number;
}

export class CreditMonitor extends Construct {
  readonly name: string;
  readonly nameRef: string;
  readonly resource: resourceMonitor.ResourceMonitor;

  constructor(scope: Construct, id: string, props: CreditMonitorProps) {
    super(scope, id);
    const notifyAt = props.notifyAt ?? PLATFORM_DEFAULTS.monitor.notifyAt;
    const suspendAt = props.suspendAt ?? PLATFORM_DEFAULTS.monitor.suspendAt;
    const suspendImmediateAt = props.suspendImmediateAt ?? PLATFORM_DEFAULTS.monitor.suspendImmediateAt;
    if (notifyAt.length > 5) {
      throw new Error(`${this.node.path}: notifyAt has ${notifyAt.length} thresholds; Snowflake allows at most 5`);
    }
    if (!(props.creditQuota > 0)) {
      throw new Error(`${this.node.path}: creditQuota must be above 0 (got ${props.creditQuota}); 0 means no quota in Snowflake`);
    }
    if (suspendImmediateAt < suspendAt) {
      throw new Error(`${this.node.path}: suspendImmediateAt (${suspendImmediateAt}) must not be below suspendAt (${suspendAt})`);
    }
    this.name = props.name;
    this.resource = new resourceMonitor.ResourceMonitor(this, 'monitor', {
      provider: SnowflakeProviders.of(this).forRole('ACCOUNTADMIN'),
      name: props.name,
      creditQuota: props.creditQuota,
      notifyTriggers: [...notifyAt],
      suspendTrigger: suspendAt,
      suspendImmediateTrigger: suspendImmediateAt,
    });
    this.nameRef = this.resource.name;
  }
}
