#!/usr/bin/env bash
# Stops the server start-mariadb.sh started (if any), with its whole process group, and removes its
# data. Usage: stop-mariadb.sh STATE_DIR
set -uo pipefail
STATE_DIR=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/engines/lib-process.sh
source "$HERE/lib-process.sh"
# mariadbd shuts down cleanly on SIGTERM; up to 30 s before SIGKILL.
stop_group "$STATE_DIR/mariadb.pgid" 30
[ -f "$STATE_DIR/mariadb.dir" ] && rm -rf "$(cat "$STATE_DIR/mariadb.dir")"
rm -f "$STATE_DIR/mariadb.dir" "$STATE_DIR/mariadb.env"
