#!/usr/bin/env bash
# Stops the server start-moto.sh started (if any). Usage: stop-moto.sh STATE_DIR
set -uo pipefail
STATE_DIR=$1
[ -f "$STATE_DIR/moto.pid" ] || exit 0
PID=$(cat "$STATE_DIR/moto.pid")
kill "$PID" 2>/dev/null
for _ in $(seq 1 20); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
kill -9 "$PID" 2>/dev/null
rm -f "$STATE_DIR/moto.pid" "$STATE_DIR/moto.env"
