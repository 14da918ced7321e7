#!/usr/bin/env bash
# Stops what start-integration.sh started (moto, MariaDB, PostgreSQL), removes their data and the
# per-run certificates, and forgets engines.env. Idempotent. Run on exit by run-integration.sh
# (`npm run test:integration`) and test-lambda-node.sh, whatever the suite's outcome.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STATE_DIR=${INTEGRATION_STATE_DIR:-$ROOT/.state/integration}
[ -d "$STATE_DIR" ] || exit 0
for engine in moto mariadb postgres; do bash "$HERE/stop-$engine.sh" "$STATE_DIR" || true; done
[ -f "$STATE_DIR/cert-dir" ] && rm -rf "$(cat "$STATE_DIR/cert-dir")" "$STATE_DIR/cert-dir"
rm -f "$STATE_DIR/engines.env"
echo "[engines] stopped" >&2
