import * as fs from 'node:fs';
import { tempDir, validEnvironment, validTenant, writeEnvironment } from '../helpers/config';
import { eyecare } from './run';

describe('eyecare verify-isolation', () => {
  it('reports the static check without naming its scratch directory, and leaves nothing behind', () => {
    const configDir = writeEnvironment(validEnvironment({ acme: validTenant(), bravo: validTenant({ name: 'Bravo Optical' }) }));
    const tmp = tempDir('isolation-tmp');
    expect(eyecare(['verify-isolation', '--env', 'test'], { EYECARE_CONFIG_DIR: configDir, TMPDIR: tmp })).toEqual({
      status: 0,
      stdout: 'static: 2 tenants, role graph of the synthesized test stacks\nisolation: ok\n',
      stderr: '',
    });
    expect(fs.readdirSync(tmp).filter((name) => name.startsWith('eyecare-isolation-'))).toEqual([]);
  });
});
