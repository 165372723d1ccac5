import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadApprovals } from '../../synthesized/plan-lint';
import { REPO_ROOT } from '../helpers/config';

describe('the committed approvals files the CI workflows pass to plan-lint', () => {
  it.each(['staging', 'prod'])('approvals/%s.yml parses and approves nothing by default', (env) => {
    const file = path.join(REPO_ROOT, 'approvals', `${env}.yml`);
    expect(loadApprovals(fs.readFileSync(file, 'utf8'), file)).toEqual([]);
  });

  it('every workflow lints with the approvals file of its environment', () => {
    for (const workflow of ['plan.yml', 'apply.yml']) {
      const text = fs.readFileSync(path.join(REPO_ROOT, '.github', 'workflows', workflow), 'utf8');
      expect([workflow, text.includes('npx eyecare plan-lint "plan-$stack.json" --approvals "approvals/$EYECARE_ENV.yml"')]).toEqual([workflow, true]);
    }
  });
});
