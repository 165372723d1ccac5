/**
 * L2 data-protection policies of a tenant: the location row access policy (MARTS) and the PHI
 * masking policies (STAGING), with bodies from `sql/policies/`. Attaching them is done where the
 * protected objects are declared (RAW columns, STAGING/MARTS DDL).
 */
import { Construct } from 'constructs';
import { maskingPolicy, rowAccessPolicy, schema } from '@cdktf/provider-snowflake';
import { TENANT_POLICIES, type TenantNames } from '../model/names';
import { SnowflakeProviders } from './providers';
import { renderSql } from './sql';

export interface TenantPoliciesProps {
  /** The tenant's names (from `model/names`): the role prefix the policy bodies check against. */
  readonly names: TenantNames;
  /** Terraform reference to the tenant database name. */
  readonly database: string;
  /** The STAGING schema resource, which holds the PHI masking policies. */
  readonly staging: schema.Schema;
  /** The MARTS schema resource, which holds the location row access policy. */
  readonly marts: schema.Schema;
}

export class TenantPolicies extends Construct {
  readonly locationAccess: rowAccessPolicy.RowAccessPolicy;
  readonly phiText: maskingPolicy.MaskingPolicy;
  readonly phiDate: maskingPolicy.MaskingPolicy;

  constructor(scope: Construct, id: string, props: TenantPoliciesProps) {
    super(scope, id);
    const provider = SnowflakeProviders.of(this).forRole('SYSADMIN');
    const variables = { ROLE_PREFIX: props.names.prefix };
    this.locationAccess = new rowAccessPolicy.RowAccessPolicy(this, 'location-access', {
      provider,
      database: props.database,
      schema: props.marts.name,
      name: TENANT_POLICIES.locationAccess.name,
      argument: [{ name: 'LOCATION_ID', type: 'VARCHAR' }],
      body: renderSql('policies/location_access.sql', variables),
      comment: 'location managers see only their entitled locations',
    });
    const masking = (id: string, name: string, type: string, file: string, comment: string) =>
      new maskingPolicy.MaskingPolicy(this, id, {
        provider,
        database: props.database,
        schema: props.staging.name,
        name,
        argument: [{ name: 'VAL', type }],
        returnDataType: type,
        body: renderSql(file, variables),
        comment,
      });
    this.phiText = masking('phi-text', TENANT_POLICIES.phiText.name, 'VARCHAR', 'policies/phi_text.sql', 'PHI text: clear for clinicians, hashed for engineers, NULL otherwise');
    this.phiDate = masking('phi-date', TENANT_POLICIES.phiDate.name, 'DATE', 'policies/phi_date.sql', 'birth dates: clear for clinicians, year for engineers, NULL otherwise');
  }
}
