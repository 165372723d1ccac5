/**
 * L2 ingestion for one tenant's RAW schema: the landing stage, a file format per export format,
 * one loosely typed table per source entity (change tracking on, so its stream never needs to
 * alter it) and an append-only stream per table that the staging tasks consume.
 */
import { Construct } from 'constructs';
import { fileFormat, pipe, stage, streamOnTable, table } from '@cdktf/provider-snowflake';
import { PLATFORM_DEFAULTS } from '../model/defaults';
import { RAW_TABLES, copyIntoSql } from '../model/ingestion';
import { rawNames } from '../model/names';
import type { FileFormat } from '../model/entities';
import { DatabaseWithSchemas } from './database';
import { SnowflakeProviders, dataLifecycle } from './providers';

/** Provider preview features these resources need (see the provider's `preview_features_enabled`). */
export const INGESTION_PREVIEW_FEATURES = [
  'snowflake_table_resource',
  'snowflake_stage_resource',
  'snowflake_file_format_resource',
  'snowflake_pipe_resource',
  'snowflake_storage_integration_resource',
] as const;

export interface RawIngestionProps {
  /** The tenant database; it must have the RAW schema. */
  readonly database: DatabaseWithSchemas;
  /** The schema the landing objects go in. @default 'RAW' */
  readonly schema?: string;
  /** Time Travel days on the RAW tables. @default 1 (`PLATFORM_DEFAULTS.dataRetentionDays`) */
  readonly dataRetentionDays?: number;
  /** Refuse `terraform destroy` of the stages, tables, streams and pipes. @default the stack's `eyecare:protectData` context */
  readonly preventDestroy?: boolean;
  /**
   * Masking policy (fully qualified) for the PHI source fields, which RAW keeps as text.
   * @default none
   */
  readonly phiMaskingPolicy?: string;
  /**
   * Snowpipe auto-ingest: an external stage on this S3 URL (read through the storage integration)
   * and a pipe per entity loading its folder, as COPY INTO does for the internal stage.
   * @default none (batch loads through the internal stage only)
   */
  readonly externalStage?: { readonly url: string; readonly storageIntegration: string };
}

export class RawIngestion extends Construct {
  readonly tables = new Map<string, table.Table>();
  readonly streams = new Map<string, streamOnTable.StreamOnTable>();
  readonly stage: stage.Stage;
  readonly pipes = new Map<string, pipe.Pipe>();

  constructor(scope: Construct, id: string, props: RawIngestionProps) {
    super(scope, id);
    const provider = SnowflakeProviders.of(this).forRole('SYSADMIN');
    const schemaName = props.schema ?? 'RAW';
    const schemaResource = props.database.schemaResource(schemaName);
    const where = { provider, database: props.database.nameRef, schema: schemaResource.name };
    const lifecycle = dataLifecycle(this, props.preventDestroy);

    const formats: Record<FileFormat, fileFormat.FileFormat> = {
      csv: new fileFormat.FileFormat(this, 'csv', {
        ...where,
        name: rawNames.fileFormats.csv,
        formatType: 'CSV',
        skipHeader: 1,
        fieldOptionallyEnclosedBy: '"',
        nullIf: [''],
        emptyFieldAsNull: true,
        errorOnColumnCountMismatch: true,
        encoding: 'UTF8',
        comment: 'practice-management CSV exports: header row, RFC 4180 quoting',
      }),
      ndjson: new fileFormat.FileFormat(this, 'ndjson', {
        ...where,
        name: rawNames.fileFormats.ndjson,
        formatType: 'JSON',
        stripOuterArray: false,
        comment: 'lab and clearinghouse feeds: one JSON object per line',
      }),
    };

    this.stage = new stage.Stage(this, 'landing', {
      ...where,
      name: rawNames.landingStage,
      directory: 'ENABLE = true',
      comment: 'internal stage for export files, one folder per entity',
      ...lifecycle,
    });

    const external = props.externalStage
      ? new stage.Stage(this, 'landing-s3', {
          ...where,
          name: rawNames.externalLandingStage,
          url: props.externalStage.url,
          storageIntegration: props.externalStage.storageIntegration,
          comment: 'S3 landing area the PMS exports arrive in, one folder per entity; watched by the pipes',
          ...lifecycle,
        })
      : undefined;

    for (const plan of RAW_TABLES) {
      const raw = new table.Table(this, plan.table.toLowerCase(), {
        ...where,
        name: plan.table,
        changeTracking: true,
        dataRetentionTimeInDays: props.dataRetentionDays ?? PLATFORM_DEFAULTS.dataRetentionDays,
        comment: `${plan.entity.description} Loaded as exported (${plan.format.toUpperCase()} via ${rawNames.fileFormats[plan.format]}); typed in STAGING.`,
        // nullable defaults to true; only NOT NULL columns say so (fewer values to synthesize per table).
        column: plan.columns.map((c) => ({
          name: c.name,
          type: c.type,
          ...(c.nullable ? {} : { nullable: false }),
          ...(c.phi && props.phiMaskingPolicy ? { maskingPolicy: props.phiMaskingPolicy } : {}),
          comment: c.comment,
        })),
        dependsOn: [formats[plan.format]],
        ...lifecycle,
      });
      this.tables.set(plan.entity.name, raw);
      this.streams.set(
        plan.entity.name,
        new streamOnTable.StreamOnTable(this, `${plan.table.toLowerCase()}-stream`, {
          ...where,
          name: plan.stream,
          table: raw.fullyQualifiedName,
          appendOnly: 'true',
          showInitialRows: 'false',
          comment: `new rows of RAW.${plan.table} for the staging task`,
          // A replaced stream loses its offset: protected wherever data is.
          ...lifecycle,
        }),
      );
      if (external) {
        this.pipes.set(
          plan.entity.name,
          new pipe.Pipe(this, `${plan.table.toLowerCase()}-pipe`, {
            ...where,
            name: rawNames.pipe(plan.table),
            autoIngest: true,
            // The pipe runs without a session: every name in it is fully qualified.
            copyStatement: copyIntoSql(plan, `${props.database.name}.${schemaName}`, rawNames.externalLandingStage),
            comment: `auto-ingests new ${plan.entity.name} files from ${rawNames.externalLandingStage} into RAW.${plan.table}`,
            dependsOn: [raw, external, formats[plan.format]],
            // A replaced pipe loses its load history and could load files twice.
            ...lifecycle,
          }),
        );
      }
    }
  }
}
