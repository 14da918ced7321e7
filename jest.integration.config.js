/** @type {import('jest').Config} Real-engine suites; `npm run test:integration` (tools/engines/run-integration.sh) starts the engines first and stops them after. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/integration"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  // Engines are shared: suites run one at a time so crash and property tests don't contend.
  maxWorkers: 1,
  // A temp directory of the run's own (TMPDIR), removed after it: tests leave nothing in /tmp.
  globalSetup: "<rootDir>/test/support/jest/temp-dir-setup.js",
  globalTeardown: "<rootDir>/test/support/jest/temp-dir-teardown.js",
  testTimeout: 600000,
  slowTestThreshold: 120,
};
