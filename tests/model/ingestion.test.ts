import { RAW_TABLES, csvHeaderProblem } from '../../model/ingestion';

describe('csvHeaderProblem: a CSV export must name its fields in the layout COPY maps by position', () => {
  const appointments = RAW_TABLES.find((t) => t.entity.name === 'appointments')!;
  const layout = appointments.entity.fields.map((f) => f.name);

  it('accepts the export layout, whatever the case and surrounding spaces', () => {
    expect(csvHeaderProblem(appointments, layout)).toBeUndefined();
    expect(csvHeaderProblem(appointments, layout.map((name) => ` ${name.toUpperCase()} `))).toBeUndefined();
  });

  it.each([
    ['two columns swapped', [layout[0]!, layout[2]!, layout[1]!, ...layout.slice(3)], 'column 2 is "location_id" where "patient_id" belongs'],
    ['a column missing', layout.slice(0, -1), `${layout.length - 1} columns where appointments exports have ${layout.length}`],
    ['a column added', [...layout, 'room'], `${layout.length + 1} columns where appointments exports have ${layout.length}`],
  ])('refuses %s, naming where and the header it expects', (_case, header, where) => {
    const problem = csvHeaderProblem(appointments, header);
    expect(problem).toContain(`the header does not match the appointments export layout (${where})`);
    expect(problem).toContain(`Expected header: ${layout.join(',')}.`);
  });
});
