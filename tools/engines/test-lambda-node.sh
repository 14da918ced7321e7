#!/usr/bin/env bash
# The second run of `npm run test:all` (issue 12, item 5): the rotation unit tests and the rotation
# integration suite again, under the Node of the Lambda runtime (LAMBDA_RUNTIME nodejs22.x in
# lib/rotation/contract.ts), taken from the npm registry by tools/engines/obtain-node.sh (the pin
# is there). That node is put first on PATH, so jest, every child process a test starts
# (tsx, esbuild's host, process.execPath) and moto's Lambda (tools/engines/moto-server.py runs
# the deployed bundle with `node` from its PATH) all run on it.
#
# Of the unit suite, only test/rotation/: the unit tests of lib/rotation, the code the Lambda
# functions run (tools/build-bundles.ts bundles it). The rest of the unit suite tests code that runs
# in the team's own Node (validation, plan, constructs, CLI, analysis); it ran under Node 20 in the
# default run and runs again under the current LTS (test-lts-node.sh), and repeating it here took
# most of this script's time for no code Lambda runs.
#
# Not repeated either, because they do not depend on the Node that runs them: the typecheck (tsc),
# the example synth of .ci/run, the engine downloads (cached), the seed integration suite (the CLI,
# not code Lambda runs) and the password-round-trip test (libpq, JDBC and node-pg parsers of a
# consumer, not code Lambda runs). Property tests run their light counts (test/support/property-runs.ts),
# as in the default run.
#
# The integration engines are started fresh (moto must start under this PATH) and stopped again
# whatever happens, by run-integration.sh (the script of `npm run test:integration`).
# KEEP_INTEGRATION_ENGINES=1 keeps them.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

# shellcheck source=tools/engines/lib-node.sh
source "$HERE/lib-node.sh"
use_node "$(bash "$HERE/obtain-node.sh" --pinned)" "second run under the Lambda runtime's Node"
actual="$(node --version)"

jest=(node "$ROOT/node_modules/jest/bin/jest.js")

echo "== rotation unit tests (the code Lambda runs) under node $actual"
"${jest[@]}" "$ROOT/test/rotation/"

echo "== rotation integration suite under node $actual"
bash "$HERE/run-integration.sh" \
  --testPathIgnorePatterns '/node_modules/' '/test/integration/seed/' '/password-round-trip\.test\.ts$' \
  -- test/integration/rotation
