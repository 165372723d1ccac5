/**
 * What the RAW layer holds for each source entity: a loosely typed table (every source field as
 * text, so a bad value never blocks a load) plus load metadata, a stream on it, and the file
 * formats and stage the exports land in. Pure data for the constructs and the local engine.
 */
import { ENTITIES, EntitySpec, FileFormat } from './entities';
import { rawNames } from './names';

export interface RawColumn {
  readonly name: string;
  /** Snowflake type as written in DDL. */
  readonly type: string;
  readonly nullable: boolean;
  readonly comment: string;
  /** Set on source fields that are PHI; they carry a masking policy. */
  readonly phi?: boolean;
}

/** Columns every RAW table carries after the source fields: where each row came from. */
export const LOAD_METADATA_COLUMNS: readonly RawColumn[] = [
  { name: '_SOURCE_FILE', type: 'VARCHAR', nullable: false, comment: 'staged file the row was loaded from' },
  { name: '_SOURCE_ROW', type: 'NUMBER(18,0)', nullable: false, comment: 'row number within the file, as METADATA$FILE_ROW_NUMBER gives it (a CSV header is row 1)' },
  { name: '_LOADED_AT', type: 'TIMESTAMP_NTZ', nullable: false, comment: 'when COPY INTO loaded the row (UTC)' },
];

export interface RawTablePlan {
  readonly entity: EntitySpec;
  /** Table name in the RAW schema, e.g. `APPOINTMENTS`. */
  readonly table: string;
  /** Stream on the table, e.g. `APPOINTMENTS_STREAM`. */
  readonly stream: string;
  readonly format: FileFormat;
  readonly columns: readonly RawColumn[];
}


export const RAW_TABLES: readonly RawTablePlan[] = ENTITIES.map((entity) => ({
  entity,
  table: entity.table,
  stream: rawNames.stream(entity.table),
  format: entity.format,
  columns: [
    ...entity.fields.map((f) => ({
      name: f.name.toUpperCase(),
      type: 'VARCHAR',
      nullable: true,
      comment: `${f.description}${f.phi ? ` [PHI: ${f.phi}]` : ''}`,
      ...(f.phi ? { phi: true } : {}),
    })),
    ...LOAD_METADATA_COLUMNS,
  ],
}));

/**
 * What is wrong with a CSV export's header for the entity, or undefined when it names the entity's
 * fields in export order (case and surrounding spaces aside). COPY maps CSV fields by position, so
 * a file with its columns in another order would load each value into another column, silently;
 * the loader checks a file someone hands it before staging it.
 */
export function csvHeaderProblem(plan: RawTablePlan, header: readonly string[]): string | undefined {
  const expected = plan.entity.fields.map((f) => f.name);
  const found = header.map((h) => h.trim().toLowerCase());
  if (found.length === expected.length && found.every((name, i) => name === expected[i])) return undefined;
  const first = expected.findIndex((name, i) => found[i] !== name);
  const where =
    found.length !== expected.length
      ? `${found.length} columns where ${plan.entity.name} exports have ${expected.length}`
      : `column ${first + 1} is "${found[first]}" where "${expected[first]}" belongs`;
  return `the header does not match the ${plan.entity.name} export layout (${where}): COPY INTO RAW.${plan.table} maps CSV columns by position, so its values would land in the wrong columns. Expected header: ${expected.join(',')}. Put the columns in that order (extra or missing columns need the export fixed at the source)`;
}

/**
 * `COPY INTO RAW.<TABLE>` from the entity's folder in a landing stage (the internal one for batch
 * loads, the external one in a Snowpipe), filling the load
 * metadata columns. CSV fields map by position, NDJSON fields by name; rows the file format
 * cannot parse are rejected and kept by Snowflake's load history (ON_ERROR = CONTINUE).
 */
export function copyIntoSql(plan: RawTablePlan, schema = 'RAW', stage: string = rawNames.landingStage): string {
  const fields = plan.entity.fields;
  const source = fields.map((f, i) => (plan.format === 'csv' ? `$${i + 1}` : `$1:${f.name}::VARCHAR`));
  const columns = [...fields.map((f) => f.name.toUpperCase()), ...LOAD_METADATA_COLUMNS.map((c) => c.name)];
  return [
    `COPY INTO ${schema}.${plan.table} (${columns.join(', ')})`,
    `  FROM (SELECT ${[...source, 'METADATA$FILENAME', 'METADATA$FILE_ROW_NUMBER', 'METADATA$START_SCAN_TIME'].join(', ')}`,
    `          FROM @${schema}.${stage}/${plan.entity.name}/)`,
    `  FILE_FORMAT = (FORMAT_NAME = '${schema}.${rawNames.fileFormats[plan.format]}')`,
    '  ON_ERROR = CONTINUE',
  ].join('\n');
}
