/** Removes the run's temporary directory (see global-setup.js). */
const fs = require('node:fs');
const { ROOT_VARIABLE } = require('./global-setup');

module.exports = function globalTeardown() {
  const root = process.env[ROOT_VARIABLE];
  if (root) fs.rmSync(root, { recursive: true, force: true });
};
