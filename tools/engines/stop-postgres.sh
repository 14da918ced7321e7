#!/usr/bin/env bash
# Stops the cluster start-postgres.sh started (if any) and removes its data. Usage: stop-postgres.sh STATE_DIR
set -uo pipefail
STATE_DIR=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/engines/lib-process.sh
source "$HERE/lib-process.sh"
[ -f "$STATE_DIR/postgres.dir" ] || exit 0
DATA_PARENT=$(cat "$STATE_DIR/postgres.dir")
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ -d "$DATA_PARENT/data" ]; then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DATA_PARENT/data" -m immediate stop >/dev/null 2>&1
  else "$PG_BIN/pg_ctl" -D "$DATA_PARENT/data" -m immediate stop >/dev/null 2>&1; fi
fi
# Whatever pg_ctl did not end (a hung backend, a postmaster pg_ctl no longer finds).
stop_group "$STATE_DIR/postgres.pgid" 5
rm -rf "$DATA_PARENT" "$STATE_DIR/postgres.dir" "$STATE_DIR/postgres.env"
