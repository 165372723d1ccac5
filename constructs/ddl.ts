/**
 * DDL from `sql/` as the provider's execute resources, one statement each, in order. Used by the
 * tenant pipeline (STAGING and MARTS objects) and the platform (BENCHMARK and AUDIT objects).
 *
 * Tables are `CREATE TABLE IF NOT EXISTS` and their revert keeps the table: replacing the resource
 * (its text changed) never drops data; schema changes go in as explicit migrations. Views are
 * `CREATE OR REPLACE` and revert to a drop. Settings files (rows the pipeline reads) keep their rows.
 */
import type { IConstruct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { execute } from '@cdktf/provider-snowflake';
import { dataLifecycle } from './providers';
import { SqlVariables, qualifyForDatabase, renderSql, sqlText } from './sql';

export interface DdlProps {
  /** The provider (and so the Snowflake role) that runs the statements and owns what they create. */
  readonly provider: TerraformProvider;
  /** Paths under `sql/`, run in this order. */
  readonly files: readonly string[];
  /** The plain database name that qualifies the schema-relative names (the provider's session has none). */
  readonly databaseName: string;
  /** The schemas whose names are qualified. */
  readonly schemas: readonly string[];
  /** What the first statement runs after (the schemas, the policies it attaches). */
  readonly after: readonly ITerraformDependable[];
  /** Placeholder values for the files. @default none */
  readonly variables?: SqlVariables;
  /** Refuse `terraform destroy` of the table statements. @default the stack's `eyecare:protectData` context */
  readonly preventDestroy?: boolean;
}

/** What a DDL file creates, read from its text. */
export function ddlObject(file: string): { kind: 'TABLE' | 'VIEW'; name: string } | undefined {
  const match = /CREATE (?:OR REPLACE )?(?:SECURE )?(TABLE|VIEW)(?: IF NOT EXISTS)? ([A-Z]+\.[A-Z0-9_]+)/.exec(sqlText(file));
  return match ? { kind: match[1] as 'TABLE' | 'VIEW', name: match[2]! } : undefined;
}

/** A construct id from a `sql/` path. */
export function slug(file: string): string {
  return file.replace(/\.sql$/, '').replace(/[^a-z0-9]+/gi, '-');
}

/**
 * The statements as execute resources in `scope` (ids from the file paths, so an object keeps its
 * Terraform address wherever the list changes), each after the one before it.
 */
export function ddlStatements(scope: IConstruct, props: DdlProps): execute.Execute[] {
  const lifecycle = dataLifecycle(scope, props.preventDestroy);
  const qualify = (sql: string) => qualifyForDatabase(sql, props.databaseName, props.schemas);
  const out: execute.Execute[] = [];
  for (const file of props.files) {
    const object = ddlObject(file);
    const kept = object ? file.split('/').pop()!.replace(/\.sql$/, '').toUpperCase() : 'settings rows';
    const revert = object?.kind === 'VIEW' ? qualify(`DROP VIEW IF EXISTS ${object.name}`) : `SELECT 'kept: ${kept} hold data; drop explicitly to decommission' AS NOTE`;
    out.push(
      new execute.Execute(scope, slug(file), {
        provider: props.provider,
        execute: qualify(renderSql(file, props.variables)),
        revert,
        dependsOn: out.length ? [out[out.length - 1]!] : [...props.after],
        ...(object?.kind === 'TABLE' ? lifecycle : {}),
      }),
    );
  }
  return out;
}
