/** @type {import('jest').Config} The pack test (`npm run test:pack`): packs the tarball and installs it into a fresh project outside the repo, from the npm registry. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/pack"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  maxWorkers: 1,
  testTimeout: 900000,
  slowTestThreshold: 600,
};
