/** @type {import('jest').Config} Live verification (issue 7): `npm run test:live` (tools/live/run.sh) obtains and starts the engines. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/live"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  // One OpenBao and one PostgreSQL per suite file; suites run one at a time.
  maxWorkers: 1,
  // A temp directory of the run's own (TMPDIR), removed after it: tests leave nothing in /tmp.
  globalSetup: "<rootDir>/test/support/jest/temp-dir-setup.js",
  globalTeardown: "<rootDir>/test/support/jest/temp-dir-teardown.js",
  testTimeout: 600000,
  slowTestThreshold: 300,
};
