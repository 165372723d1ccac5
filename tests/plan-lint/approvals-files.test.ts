import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadApprovals } from '../../synthesized/plan-lint';
import { REPO_ROOT } from '../helpers/config';

describe('the committed approvals files the CI workflows pass to plan-lint', () => {
  it.each(['staging', 'prod'])('approvals/%s.yml parses and approves nothing by default', (env) => {
    const file = path.join(REPO_ROOT, 'approvals', `${env}.yml`);
    expect(loadApprovals(fs.readFileSync(file, 'utf8'), file)).toEqual([]);
  });

  it('every workflow that plans lints with the approvals file of its environment; prod applies only after staging', () => {
    const apply = fs.readFileSync(path.join(REPO_ROOT, '.github', 'workflows', 'apply.yml'), 'utf8');
    expect(apply).toMatch(/ {2}prod:\n {4}needs: staging\n {4}uses: \.\/\.github\/workflows\/apply-environment\.yml/);
    for (const workflow of ['plan.yml', 'apply-environment.yml']) {
      const text = fs.readFileSync(path.join(REPO_ROOT, '.github', 'workflows', workflow), 'utf8');
      expect([workflow, text.includes('npx eyecare plan-lint "plan-$stack.json" --approvals "approvals/$EYECARE_ENV.yml"')]).toEqual([workflow, true]);
    }
  });
});
