import { Testing } from 'cdktf';
import { fileFormat, provider, stage, streamOnTable, table } from '@cdktf/provider-snowflake';
import { DatabaseWithSchemas } from '../../constructs/database';
import { INGESTION_PREVIEW_FEATURES, RawIngestion } from '../../constructs/ingestion';
import { SnowflakeProviders } from '../../constructs/providers';
import { ENTITIES } from '../../model/entities';
import { LOAD_METADATA_COLUMNS } from '../../model/ingestion';

function synth(): { text: string; json: { resource: Record<string, Record<string, Record<string, unknown>>> } } {
  const text = Testing.synthScope((scope) => {
    SnowflakeProviders.create(scope, { organizationName: 'ORG', accountName: 'ACCT', previewFeatures: INGESTION_PREVIEW_FEATURES });
    const database = new DatabaseWithSchemas(scope, 'db', { name: 'T_DB', schemas: ['RAW'] });
    new RawIngestion(scope, 'raw', { database });
  });
  return { text, json: JSON.parse(text) };
}

describe('RawIngestion', () => {
  it('declares one loosely typed RAW table per source entity, with load metadata and change tracking', () => {
    const { text, json } = synth();
    const tables = Object.values(json.resource.snowflake_table!);
    expect(tables.map((t) => t.name).sort()).toEqual(ENTITIES.map((e) => e.table).sort());
    for (const t of tables) {
      const columns = t.column as { name: string; type: string }[];
      expect(columns.slice(-3).map((c) => c.name)).toEqual(LOAD_METADATA_COLUMNS.map((c) => c.name));
      expect(columns.slice(0, -3).every((c) => c.type === 'VARCHAR')).toBe(true);
    }
    expect(text).toHaveResourceWithProperties(table.Table, { name: 'APPOINTMENTS', change_tracking: true, data_retention_time_in_days: 1 });
  });

  it('every RAW table has exactly one append-only stream on it', () => {
    const { json } = synth();
    const tableAddresses = Object.keys(json.resource.snowflake_table!).map((k) => `\${snowflake_table.${k}.fully_qualified_name}`);
    const streams = Object.values(json.resource.snowflake_stream_on_table!);
    expect(streams.map((s) => s.table).sort()).toEqual(tableAddresses.sort());
    expect(streams.every((s) => s.append_only === 'true')).toBe(true);
  });

  it('declares the landing stage and the CSV / NDJSON export formats', () => {
    const { text } = synth();
    expect(text).toHaveResourceWithProperties(stage.Stage, { name: 'LANDING', directory: 'ENABLE = true' });
    expect(text).toHaveResourceWithProperties(fileFormat.FileFormat, { name: 'CSV_EXPORT', format_type: 'CSV', skip_header: 1, field_optionally_enclosed_by: '"', error_on_column_count_mismatch: true });
    expect(text).toHaveResourceWithProperties(fileFormat.FileFormat, { name: 'NDJSON_EXPORT', format_type: 'JSON' });
    expect(text).toHaveResourceWithProperties(streamOnTable.StreamOnTable, { name: 'APPOINTMENTS_STREAM' });
  });

  it('the provider enables the preview features these resources need', () => {
    const { text } = synth();
    expect(text).toHaveProviderWithProperties(provider.SnowflakeProvider, { preview_features_enabled: [...INGESTION_PREVIEW_FEATURES] });
  });
});
