#!/usr/bin/env bash
# The second run of `npm run test:all` (issue 12, item 5): the unit suite and the rotation
# integration suite again, under the Node of the Lambda runtime (LAMBDA_RUNTIME nodejs22.x in
# lib/rotation/contract.ts), taken from the npm registry by tools/engines/obtain-node.sh (the pin
# is there). That node is put first on PATH, so jest, every child process a test starts
# (tsx, esbuild's host, process.execPath) and moto's Lambda (tools/engines/moto-server.py runs
# the deployed bundle with `node` from its PATH) all run on it.
#
# Not repeated, because they do not depend on the Node that runs them: the typecheck (tsc), the
# example synth of .ci/run, the engine downloads (cached), the seed integration suite (the CLI,
# not code Lambda runs) and the password-round-trip test (libpq, JDBC and node-pg parsers of a
# consumer, not code Lambda runs). The fixed-seed property suites of the unit run (adversarial
# validation and synth, the IAM differential) would compute the very same cases again: here they
# run the first tenth of the same sequence, which still takes every code path under this Node.
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

echo "== unit suite under node $actual"
ADVERSARIAL_VALIDATION_RUNS=1000 ADVERSARIAL_SYNTH_RUNS=30 IAM_DIFFERENTIAL_RUNS=1000 "${jest[@]}"

echo "== rotation integration suite under node $actual"
bash "$HERE/run-integration.sh" \
  --testPathIgnorePatterns '/node_modules/' '/test/integration/seed/' '/password-round-trip\.test\.ts$' \
  -- test/integration/rotation
