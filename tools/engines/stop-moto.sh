#!/usr/bin/env bash
# Stops the server start-moto.sh started (if any), with every process of its group (Lambda runs).
# Usage: stop-moto.sh STATE_DIR
set -uo pipefail
STATE_DIR=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/engines/lib-process.sh
source "$HERE/lib-process.sh"
stop_group "$STATE_DIR/moto.pgid" 5
rm -f "$STATE_DIR/moto.pid" "$STATE_DIR/moto.env"
rm -rf "$STATE_DIR/moto-lambda-code"
