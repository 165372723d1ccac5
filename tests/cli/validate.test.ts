import { validEnvironment, validTenant, writeEnvironment } from '../helpers/config';
import { eyecare } from './run';

describe('eyecare validate', () => {
  it('passes the committed local environment', () => {
    expect(eyecare(['validate', '--env', 'local'])).toMatchObject({ status: 0, stdout: 'local: valid (3 tenants: 1 small, 1 medium, 1 large)\n' });
  });

  it('exits 1 with one contract line per problem', () => {
    const dir = writeEnvironment(validEnvironment({ acme: validTenant({ tier: 'huge', auto_suspend_seconds: 0 }) }));
    const { status, stderr } = eyecare(['validate', '--env', 'test'], { EYECARE_CONFIG_DIR: dir });
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `${dir}/test.yaml: tenants.acme.tier: not an allowed value (got "huge"; one of small, medium, large)`,
      `${dir}/test.yaml: tenants.acme.auto_suspend_seconds: too small (got 0; a number from 60 to 86400)`,
    ]);
  });

  it('takes the environment from EYECARE_ENV when --env is absent', () => {
    const dir = writeEnvironment(validEnvironment(), 'qa');
    expect(eyecare(['validate'], { EYECARE_CONFIG_DIR: dir, EYECARE_ENV: 'qa' }).status).toBe(0);
  });

  it('exits 2 on a misspelt option, suggesting the right one', () => {
    expect(eyecare(['validate', '--evn', 'local'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown option --evn (did you mean --env?)') });
  });
});
