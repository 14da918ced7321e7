#!/usr/bin/env bash
# Runs `bao server ...` in a private mount namespace whose /run is a fresh tmpfs holding a local
# syslog socket (/run/syslog, which Go's log/syslog tries), served by syslog-sink.py. OpenBao's
# syslog audit device then has a daemon to write to, without touching the machine's /dev/log.
# Needs root (unshare --mount). Usage: openbao-with-syslog.sh SYSLOG_OUTPUT BAO_BIN ARGS...
set -euo pipefail
if [ "${1:-}" != "--inside" ]; then
  exec unshare --mount --propagation private "$0" --inside "$@"
fi
shift
OUT=$1
shift
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mount -t tmpfs -o mode=755 tmpfs /run
python3 "$HERE/syslog-sink.py" /run/syslog "$OUT" &
SINK=$!
for _ in $(seq 1 50); do [ -S /run/syslog ] && break; sleep 0.1; done
[ -S /run/syslog ] || { echo "syslog sink did not start" >&2; kill "$SINK" 2>/dev/null; exit 1; }
"$@" &
BAO=$!
trap 'kill -TERM "$BAO" 2>/dev/null; wait "$BAO"; kill -TERM "$SINK" 2>/dev/null; exit 0' TERM INT
set +e
wait "$BAO"
rc=$?
kill -TERM "$SINK" 2>/dev/null
exit $rc
