/** @type {import('jest').Config} The pack test (`npm run test:pack`): packs the tarball and installs it into a fresh project outside the repo, from the npm registry. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/pack"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  maxWorkers: 1,
  // A temp directory of the run's own (TMPDIR), removed after it: tests leave nothing in /tmp.
  globalSetup: "<rootDir>/test/support/jest/temp-dir-setup.js",
  globalTeardown: "<rootDir>/test/support/jest/temp-dir-teardown.js",
  testTimeout: 900000,
  slowTestThreshold: 600,
};
