/** @type {import('jest').Config} Real-engine suites; `npm run test:integration` starts the engines first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/integration"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  // Engines are shared: suites run one at a time so crash and property tests don't contend.
  maxWorkers: 1,
  // Stops what tools/engines/start-integration.sh started; KEEP_INTEGRATION_ENGINES=1 keeps them.
  globalTeardown: "<rootDir>/tools/engines/jest-global-teardown.js",
  testTimeout: 600000,
  slowTestThreshold: 120,
};
