/**
 * L2 access roles for one schema: `<DB>_<SCHEMA>_RO`, `_RW`, `_FULL`, each granted the bundle
 * from `model/privileges` (current and future objects) and the level below it, so
 * RO ⊂ RW ⊂ FULL holds in Snowflake exactly as in the model.
 */
import { Construct } from 'constructs';
import { ACCESS_LEVELS, AccessLevel } from '../model/names';
import { ACCESS_BUNDLES } from '../model/privileges';
import { DatabaseWithSchemas } from './database';
import { Role, RoleLike, grantOnAccountObject, grantOnSchema, grantOnSchemaObjects } from './role';

export interface SchemaAccessRolesProps {
  /** The database holding the schema. */
  readonly database: DatabaseWithSchemas;
  /** The schema the roles give access to; it must be one of the database's schemas. */
  readonly schema: string;
  /** Role name per level, from `model/names`. */
  readonly roleName: (level: AccessLevel) => string;
}

export class SchemaAccessRoles extends Construct {
  private readonly roles = new Map<AccessLevel, Role>();

  constructor(scope: Construct, id: string, props: SchemaAccessRolesProps) {
    super(scope, id);
    const schemaRef = props.database.schemaRef(props.schema);
    const dependsOn = [props.database.schemaResource(props.schema)];
    for (const level of ACCESS_LEVELS) {
      const bundle = ACCESS_BUNDLES[level];
      const role = new Role(this, level.toLowerCase(), {
        name: props.roleName(level),
        comment: `${level} access to ${props.database.name}.${props.schema}`,
      });
      this.roles.set(level, role);
      if (bundle.inherits) this.roles.get(bundle.inherits)!.grantTo(role, `to-${level.toLowerCase()}`);
      if (bundle.database.length) {
        grantOnAccountObject(role, 'database', role.nameRef, { objectType: 'DATABASE', objectName: props.database.nameRef, privileges: bundle.database });
      }
      if (bundle.schema.length) grantOnSchema(role, 'schema', role.nameRef, schemaRef, bundle.schema, dependsOn);
      for (const [objectType, privileges] of Object.entries(bundle.objects)) {
        if (!privileges?.length) continue;
        const slug = objectType.toLowerCase().replace(/ /g, '-');
        for (const when of ['all', 'future'] as const) {
          grantOnSchemaObjects(role, `${when}-${slug}`, role.nameRef, schemaRef, objectType, privileges, when, dependsOn);
        }
      }
    }
  }

  role(level: AccessLevel): Role {
    return this.roles.get(level)!;
  }

  /** Gives `grantee` this schema's access at `level` (and every level below it). */
  grant(level: AccessLevel, grantee: RoleLike, id?: string): void {
    this.role(level).grantTo(grantee, id);
  }
}
