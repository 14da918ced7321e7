#!/usr/bin/env bash
# Stops the server start-mariadb.sh started (if any) and removes its data. Usage: stop-mariadb.sh STATE_DIR
set -uo pipefail
STATE_DIR=$1
[ -f "$STATE_DIR/mariadb.dir" ] || exit 0
DATA_PARENT=$(cat "$STATE_DIR/mariadb.dir")
if [ -f "$DATA_PARENT/mariadb.pid" ]; then
  PID=$(cat "$DATA_PARENT/mariadb.pid")
  kill "$PID" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$PID" 2>/dev/null
fi
rm -rf "$DATA_PARENT" "$STATE_DIR/mariadb.dir" "$STATE_DIR/mariadb.env"
