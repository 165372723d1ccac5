/** Jest runs TypeScript through swc (fast, no type check); `npm test` runs `tsc --noEmit` first. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  setupFilesAfterEnv: ['<rootDir>/tests/setup.ts'],
  globalSetup: '<rootDir>/tests/global-setup.js',
  globalTeardown: '<rootDir>/tests/global-teardown.js',
  // Suites that synthesize and apply the local environment take ~20 s alone and up to 3x that on a
  // loaded 2-core machine; a timeout is a hang detector, not a speed target (that is `npm run bench`).
  testTimeout: 180000,
  // Synth-heavy suites run in their own workers; two cores, two workers.
  maxWorkers: 2,
};
