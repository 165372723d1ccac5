/**
 * Every temporary directory a test run makes (test helpers, synth scratch, the CLI's own temp
 * directories, child processes) goes under one fresh directory that global-teardown.js removes,
 * so repeated `npm test` runs do not fill the OS temp directory. Jest starts its workers after
 * this runs, so they inherit TMPDIR, which os.tmpdir() reads.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT_VARIABLE = 'EYECARE_TEST_TMP_ROOT';

module.exports = function globalSetup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eyecare-tests-'));
  process.env[ROOT_VARIABLE] = root;
  process.env.TMPDIR = root;
};
module.exports.ROOT_VARIABLE = ROOT_VARIABLE;
