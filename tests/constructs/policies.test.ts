import { readSynthesized } from '../../synthesized/read';
import { CONFIG_DIR } from '../helpers/config';
import { synthTo } from '../helpers/synth';
import { ENTITIES } from '../../model/entities';

describe('tenant data-protection policies in the synthesized stacks', () => {
  let resources: readonly { readonly type: string; readonly config: Readonly<Record<string, unknown>> }[];

  beforeAll(async () => {
    const outdir = await synthTo({ env: 'local', configDir: CONFIG_DIR });
    resources = readSynthesized(outdir).find((s) => s.name === 'local-tenant-clearsight')!.resources;
  });

  const executes = () => resources.filter((r) => r.type === 'snowflake_execute').map((r) => String(r.config.execute));

  it('declares the location row access policy and the PHI masking policies with the tenant role names', () => {
    const rowAccess = resources.filter((r) => r.type === 'snowflake_row_access_policy');
    expect(rowAccess.map((r) => r.config.name)).toEqual(['LOCATION_ACCESS']);
    expect(String(rowAccess[0]!.config.body)).toContain("'LOCAL_CLEARSIGHT_LOCATION_MANAGER'");
    const masking = resources.filter((r) => r.type === 'snowflake_masking_policy');
    expect(masking.map((r) => [r.config.name, r.config.return_data_type]).sort()).toEqual([['PHI_DATE', 'DATE'], ['PHI_TEXT', 'VARCHAR']]);
  });

  it('every PHI field of RAW carries the masking policy, and no other field does', () => {
    for (const table of resources.filter((r) => r.type === 'snowflake_table')) {
      const entity = ENTITIES.find((e) => e.table === table.config.name)!;
      for (const column of table.config.column as { name: string; masking_policy?: string }[]) {
        const phi = entity.fields.some((f) => f.name.toUpperCase() === column.name && f.phi);
        expect([table.config.name, column.name, column.masking_policy !== undefined]).toEqual([table.config.name, column.name, phi]);
      }
    }
  });

  it("applies the tenant's configured commission rules after the defaults", () => {
    const overrides = executes().filter((e) => e.includes('set in the tenant config'));
    expect(overrides).toHaveLength(1);
    expect(overrides[0]).toContain(`FROM (VALUES ('dispensary_3pct_spiffs', 0.035, 7.5, 10, 10))`);
    expect(overrides[0]).toContain('MERGE INTO "LOCAL_CLEARSIGHT".STAGING.COMMISSION_RULES');
  });

  it('masks the PHI columns of STAGING (and the quarantined raw records)', () => {
    const masked = executes().filter((e) => e.includes('SET MASKING POLICY'));
    expect(masked).toEqual(expect.arrayContaining([
      'ALTER TABLE "LOCAL_CLEARSIGHT".STAGING.STG_PMS__PATIENTS MODIFY COLUMN LAST_NAME SET MASKING POLICY "LOCAL_CLEARSIGHT".STAGING.PHI_TEXT',
      'ALTER TABLE "LOCAL_CLEARSIGHT".STAGING.STG_PMS__PATIENTS MODIFY COLUMN BIRTH_DATE SET MASKING POLICY "LOCAL_CLEARSIGHT".STAGING.PHI_DATE',
      'ALTER TABLE "LOCAL_CLEARSIGHT".STAGING.QUARANTINE MODIFY COLUMN RECORD SET MASKING POLICY "LOCAL_CLEARSIGHT".STAGING.PHI_TEXT',
    ]));
  });

  it('attaches a view\'s row access again whenever the view is replaced (a replaced view loses its policies); a table\'s stays', () => {
    const executesByName = new Map(resources.filter((r) => r.type === 'snowflake_execute').map((r) => [`snowflake_execute.${(r as unknown as { name: string }).name}`, r.config]));
    const attachments = resources.filter((r) => r.type === 'snowflake_execute' && String(r.config.execute).includes('ADD ROW ACCESS POLICY'));
    const onViews = attachments.filter((r) => String(r.config.execute).startsWith('ALTER VIEW'));
    expect(onViews.length).toBeGreaterThanOrEqual(5);
    for (const a of onViews) {
      const [trigger] = (a.config.lifecycle as { replace_triggered_by: string[] }).replace_triggered_by;
      const view = /ALTER VIEW (\S+) ADD/.exec(String(a.config.execute))![1]!;
      expect([view, String(executesByName.get(trigger!)?.execute)]).toEqual([view, expect.stringContaining(`CREATE OR REPLACE VIEW ${view} `)]);
    }
    for (const a of attachments.filter((r) => String(r.config.execute).startsWith('ALTER TABLE'))) expect(a.config.lifecycle).toBeUndefined();
  });

  it('attaches location row access to every MARTS table and view with a LOCATION_ID', () => {
    const attached = executes().filter((e) => e.includes('ADD ROW ACCESS POLICY')).map((e) => /ALTER (?:TABLE|VIEW) "LOCAL_CLEARSIGHT"\.(MARTS\.\w+)/.exec(e)![1]);
    expect(attached).toEqual(expect.arrayContaining(['MARTS.KPI_LOCATION_DAILY', 'MARTS.FCT_APPOINTMENTS', 'MARTS.DIM_LOCATION', 'MARTS.V_KPI_LOCATION_MONTHLY']));
    expect(attached).not.toContain('MARTS.LOCATION_ENTITLEMENTS');
  });
});

describe("a tenant's recommendation targets in the synthesized stacks", () => {
  let stacks: ReturnType<typeof readSynthesized>;
  const targetStatements = (stack: string) =>
    stacks.find((s) => s.name === stack)!.resources.filter((r) => r.type === 'snowflake_execute' && String(r.config.execute).includes('STAGING.RECOMMENDATION_TARGETS t'));

  beforeAll(async () => {
    stacks = readSynthesized(await synthTo({ env: 'local', configDir: CONFIG_DIR }));
  });

  it('visionworks_south sets two: every rule is listed, NULL where unset, and the revert sets them all back', () => {
    const [statement, ...more] = targetStatements('local-tenant-visionworks_south');
    expect(more).toEqual([]);
    expect(String(statement!.config.execute)).toContain(
      `FROM (VALUES ('OPTICAL_CAPTURE', 0.62), ('NO_SHOW_RATE', NULL), ('SCHEDULE_UTILISATION', NULL), ('EXAMS_PER_OD_DAY', 9), ('CL_ANNUAL_SUPPLY', NULL))`,
    );
    expect(String(statement!.config.execute)).toContain('MERGE INTO "LOCAL_VISIONWORKS_SOUTH".STAGING.RECOMMENDATION_TARGETS t');
    expect(String(statement!.config.revert)).toContain(
      `FROM (VALUES ('OPTICAL_CAPTURE', NULL), ('NO_SHOW_RATE', NULL), ('SCHEDULE_UTILISATION', NULL), ('EXAMS_PER_OD_DAY', NULL), ('CL_ANNUAL_SUPPLY', NULL))`,
    );
  });

  it('a tenant that sets none has no statement: the rules keep their own', () => {
    expect(targetStatements('local-tenant-clearsight')).toEqual([]);
  });
});
