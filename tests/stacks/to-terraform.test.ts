import { App, TerraformStack } from 'cdktf';
import { loadEnvironment } from '../../environments/load';
import { planEnvironment } from '../../model/plan';
import { accountRole } from '@cdktf/provider-snowflake';
import { PlatformStack, TenantStack, addStacks } from '../../stacks/stacks';
import { CONFIG_DIR, tempDir } from '../helpers/config';

describe("the stacks' single-pass toTerraform", () => {
  it("produces exactly cdktf's own output for every local stack", () => {
    const plan = planEnvironment(loadEnvironment('local', { dir: CONFIG_DIR }));
    const stacks = addStacks(new App({ outdir: tempDir('app'), stackTraces: false }), plan);
    for (const stack of stacks) {
      const ours = JSON.stringify(stack.toTerraform());
      const cdktf = JSON.stringify(TerraformStack.prototype.toTerraform.call(stack));
      expect([stack.node.id, ours]).toEqual([stack.node.id, cdktf]);
    }
  });

  it('refuses stack-level overrides, which would need the second resolve pass', () => {
    const plan = planEnvironment(loadEnvironment('local', { dir: CONFIG_DIR }));
    const [platform] = addStacks(new App({ outdir: tempDir('app'), stackTraces: false }), plan);
    expect(() => platform!.addOverride('terraform.required_version', '>= 1.11')).toThrow(/stack-level overrides are not supported/);
  });
});

describe('cross-stack tokens', () => {
  it('fail synth loudly instead of producing a broken stack (stacks refer to each other by name)', () => {
    const plan = planEnvironment(loadEnvironment('local', { dir: CONFIG_DIR }));
    const app = new App({ outdir: tempDir('app'), stackTraces: false });
    const [platform, tenant] = addStacks(app, plan) as [PlatformStack, TenantStack];
    new accountRole.AccountRole(tenant, 'leak', { name: platform.platform.adminRole.nameRef });
    expect(() => app.synth()).toThrow();
  });
});
