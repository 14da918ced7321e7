#!/usr/bin/env bash
# npm run test:integration: starts the engines (start-integration.sh), runs the integration suites
# (jest.integration.config.js; extra arguments go to jest, e.g. a test path or -t), and stops the
# engines again (stop-integration.sh) whatever happens: a failed test, a failed start halfway
# (PostgreSQL up, MariaDB not), Ctrl-C. KEEP_INTEGRATION_ENGINES=1 keeps them for a rerun.
# Exits with jest's status (or the start's).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

stop_engines() {
  local status=$?
  [[ "${KEEP_INTEGRATION_ENGINES:-}" == "1" ]] || bash "$HERE/stop-integration.sh"
  exit "$status"
}
# The trap is set before the first engine starts, so a start that fails halfway is undone too.
trap stop_engines EXIT
# A signal ends the script (running the EXIT trap) with the shell's usual status.
trap 'exit 130' INT
trap 'exit 143' TERM

# The AWS SDK warns once per process that its releases after January 2027 need Node >= 22: advice
# about upgrading the (pinned) SDK, not about these tests, which run on the Node this repository
# targets (the Lambda runtime's Node runs them again: test-lambda-node.sh). Quiet unless asked for.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=${AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:-true}

bash "$HERE/start-integration.sh"
# node from PATH: test-lambda-node.sh puts the Lambda runtime's Node first.
node "$ROOT/node_modules/jest/bin/jest.js" --config jest.integration.config.js "$@"
