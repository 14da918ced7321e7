#!/usr/bin/env bash
# Starts moto-server.py (Secrets Manager, IAM, Lambda running real bundles) on 127.0.0.1.
# Usage: start-moto.sh STATE_DIR PROJECT_ROOT; writes STATE_DIR/moto.env.
set -euo pipefail
STATE_DIR=$1
ROOT=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/engines/lib-process.sh
source "$HERE/lib-process.sh"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LAMBDA_LOG=$STATE_DIR/moto-lambda.log
: >"$LAMBDA_LOG"
# Unpacked Lambda bundles live here; stop-moto.sh removes the folder.
CODE_DIR=$STATE_DIR/moto-lambda-code
mkdir -p "$CODE_DIR"

setsid python3 "$HERE/moto-server.py" --port "$PORT" --lambda-log "$LAMBDA_LOG" --node-path "$ROOT/node_modules" --code-dir "$CODE_DIR" \
  </dev/null >"$STATE_DIR/moto-server.log" 2>&1 &
# setsid: moto leads its own process group (its Lambda runs are children); stop-moto.sh ends the group.
echo $! >"$STATE_DIR/moto.pid"
record_group $! "$STATE_DIR/moto.pgid"

for _ in $(seq 1 120); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/moto-api/data.json', timeout=1)" 2>/dev/null && break
  kill -0 "$(cat "$STATE_DIR/moto.pid")" 2>/dev/null || { cat "$STATE_DIR/moto-server.log" >&2; exit 1; }
  sleep 0.5
done
python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/moto-api/data.json', timeout=2)"

cat >"$STATE_DIR/moto.env" <<ENV
MOTO_ENDPOINT=http://127.0.0.1:$PORT
MOTO_LAMBDA_ROLE_ARN=arn:aws:iam::123456789012:role/etl-secrets-rotation-test
MOTO_LAMBDA_LOG=$LAMBDA_LOG
ENV
echo "[engines] moto on 127.0.0.1:$PORT" >&2
