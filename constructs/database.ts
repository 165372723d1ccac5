/**
 * L2 database with its schemas. Schemas are managed-access by default, so only the schema owner
 * (and roles with MANAGE GRANTS) can grant on objects: a pipeline role that creates a table can't
 * quietly share it.
 */
import { Construct } from 'constructs';
import { database, schema } from '@cdktf/provider-snowflake';
import { PLATFORM_DEFAULTS } from '../model/defaults';
import { qualified } from '../model/names';
import { SnowflakeProviders, dataLifecycle } from './providers';

export interface DatabaseWithSchemasProps {
  /** Snowflake name, from `model/names`. */
  readonly name: string;
  /** Schemas to create (the PUBLIC schema is dropped). */
  readonly schemas: readonly string[];
  /** Time Travel days for the database and its schemas. @default 1 (`PLATFORM_DEFAULTS.dataRetentionDays`) */
  readonly dataRetentionDays?: number;
  /**
   * Managed-access schemas: only the schema owner (and MANAGE GRANTS) grants on their objects.
   * @default true (`PLATFORM_DEFAULTS.managedAccess`)
   */
  readonly managedAccess?: boolean;
  /**
   * Refuse `terraform destroy` of the database and schemas.
   * @default the stack's `eyecare:protectData` context (true in prod and staging)
   */
  readonly preventDestroy?: boolean;
  /** Snowflake comment on the database. @default none */
  readonly comment?: string;
}

export class DatabaseWithSchemas extends Construct {
  readonly name: string;
  readonly nameRef: string;
  readonly resource: database.Database;
  private readonly schemas = new Map<string, schema.Schema>();

  constructor(scope: Construct, id: string, props: DatabaseWithSchemasProps) {
    super(scope, id);
    const provider = SnowflakeProviders.of(this).forRole('SYSADMIN');
    const lifecycle = dataLifecycle(this, props.preventDestroy);
    const retention = props.dataRetentionDays ?? PLATFORM_DEFAULTS.dataRetentionDays;
    this.name = props.name;
    this.resource = new database.Database(this, 'database', {
      provider,
      name: props.name,
      dataRetentionTimeInDays: retention,
      dropPublicSchemaOnCreation: true,
      ...(props.comment ? { comment: props.comment } : {}),
      ...lifecycle,
    });
    this.nameRef = this.resource.name;
    for (const schemaName of props.schemas) {
      this.schemas.set(
        schemaName,
        new schema.Schema(this, schemaName.toLowerCase(), {
          provider,
          database: this.nameRef,
          name: schemaName,
          withManagedAccess: String(props.managedAccess ?? PLATFORM_DEFAULTS.managedAccess),
          dataRetentionTimeInDays: retention,
          ...lifecycle,
        }),
      );
    }
  }

  /** `"DB"."SCHEMA"` for grants, after checking the schema belongs to this database. */
  schemaRef(schemaName: string): string {
    if (!this.schemas.has(schemaName)) {
      throw new Error(`${this.node.path}: no schema ${schemaName} (has ${[...this.schemas.keys()].join(', ')})`);
    }
    return qualified(this.name, schemaName);
  }

  /** The schema resource, for dependencies. */
  schemaResource(schemaName: string): schema.Schema {
    this.schemaRef(schemaName);
    return this.schemas.get(schemaName)!;
  }
}
