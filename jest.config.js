// The workers' young generation: 32 MiB semi-spaces instead of V8's 16. Synthesizing a stack keeps
// thousands of short-lived objects alive across scavenges, so each scavenge copied them again; with
// the larger nursery the suite took 159 s of CPU instead of 187 s (wall 95 s instead of 110 s on 2
// cores; 64 MiB gained nothing more). Workers are child processes that read NODE_OPTIONS from the
// environment jest gives them, this one's; a semi-space size already set there is kept.
const YOUNG_GENERATION = "--max-semi-space-size=32";
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? "")) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} ${YOUNG_GENERATION}`.trim();
}
// cdktf 0.21, its last release, calls `util.isArray` when it writes an output whose value is an
// object (TerraformOutput.isITerraformAddressable); Node 22 and later print a deprecation for it
// once per process, which the suite under the current LTS Node (tools/engines/test-lts-node.sh) put
// in the log. Only that deprecation is silenced, and only in the workers and what they start (the
// library's own outputs are token strings: `etl-secrets synth` never reaches it).
const CDKTF_IS_ARRAY = "--disable-warning=DEP0044";
if (!process.env.NODE_OPTIONS.includes(CDKTF_IS_ARRAY)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS} ${CDKTF_IS_ARRAY}`;
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Live and integration suites need engines, the pack test the npm registry; they have their own npm scripts.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/live/", "<rootDir>/test/integration/", "<rootDir>/test/pack/"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  // Examples import the package by name, as a team's project does.
  moduleNameMapper: { "^cdktf-etl-secrets$": "<rootDir>/lib/index.ts" },
  // jest's default is one worker fewer than the cores: a single worker on a 2-core machine. Test files
  // share nothing, so one worker per core.
  maxWorkers: "100%",
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  // A temp directory of the run's own (TMPDIR), removed after it, so tests leave nothing in /tmp; then
  // the shipped fixtures synthesized once per run for the tests that only read them
  // (test/support/fixture-synth.ts).
  globalSetup: "<rootDir>/test/support/jest/global-setup.js",
  globalTeardown: "<rootDir>/test/support/jest/global-teardown.js",
};
