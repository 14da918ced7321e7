#!/usr/bin/env bash
# Stops the cluster start-postgres.sh started (if any) and removes its data. Usage: stop-postgres.sh STATE_DIR
set -uo pipefail
STATE_DIR=$1
[ -f "$STATE_DIR/postgres.dir" ] || exit 0
DATA_PARENT=$(cat "$STATE_DIR/postgres.dir")
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ -d "$DATA_PARENT/data" ]; then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DATA_PARENT/data" -m immediate stop >/dev/null 2>&1
  else "$PG_BIN/pg_ctl" -D "$DATA_PARENT/data" -m immediate stop >/dev/null 2>&1; fi
fi
rm -rf "$DATA_PARENT" "$STATE_DIR/postgres.dir" "$STATE_DIR/postgres.env"
