#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 with TLS (certificates from $2) and
# scram-sha-256, logging every statement (tests scan the log for plaintext passwords).
# Usage: start-postgres.sh STATE_DIR CERT_DIR [PG_BIN]; writes STATE_DIR/postgres.env.
set -euo pipefail
STATE_DIR=$1
CERT_DIR=$2
PG_BIN=${3:-/usr/lib/postgresql/15/bin}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/engines/lib-process.sh
source "$HERE/lib-process.sh"

# PostgreSQL refuses to run as root: run it as "postgres" (created by the Debian package) when root.
run_as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

DATA_PARENT=$(mktemp -d "${TMPDIR:-/tmp}/etl-secrets-postgres.XXXXXX")
DATA_DIR=$DATA_PARENT/data
# Recorded first, so stop-postgres.sh removes the data even when a later step fails.
echo "$DATA_PARENT" >"$STATE_DIR/postgres.dir"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ADMIN_PASSWORD=$(openssl rand -hex 24)
[ "$(id -u)" = 0 ] && chown postgres: "$DATA_PARENT"
chmod 700 "$DATA_PARENT"

echo "$ADMIN_PASSWORD" >"$DATA_PARENT/pwfile"
[ "$(id -u)" = 0 ] && chown postgres: "$DATA_PARENT/pwfile"
run_as_owner "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres --pwfile="$DATA_PARENT/pwfile" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --no-locale >/dev/null
rm -f "$DATA_PARENT/pwfile"

cp "$CERT_DIR/server.pem" "$DATA_DIR/server.crt"
cp "$CERT_DIR/server.key" "$DATA_DIR/server.key"
chmod 600 "$DATA_DIR/server.key"
[ "$(id -u)" = 0 ] && chown postgres: "$DATA_DIR/server.crt" "$DATA_DIR/server.key"

cat >>"$DATA_DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA_PARENT'
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
password_encryption = 'scram-sha-256'
log_statement = 'all'
max_connections = 200
fsync = off
CONF
# TLS and plaintext are both offered: the function, not the server, must insist on TLS.
cat >"$DATA_DIR/pg_hba.conf" <<HBA
local all all scram-sha-256
hostssl all all 127.0.0.1/32 scram-sha-256
hostnossl all all 127.0.0.1/32 scram-sha-256
HBA

run_as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_PARENT/server.log" -w -t 60 start >/dev/null
# pg_ctl starts the postmaster in a session of its own (its backends each lead one too, and end when
# it ends): stop-postgres.sh ends that group when pg_ctl stop leaves it running.
record_group "$(head -n 1 "$DATA_DIR/postmaster.pid")" "$STATE_DIR/postgres.pgid"
cat >"$STATE_DIR/postgres.env" <<ENV
PG_HOST=127.0.0.1
PG_PORT=$PORT
PG_ADMIN_USER=postgres
PG_ADMIN_PASSWORD=$ADMIN_PASSWORD
PG_LOG_FILE=$DATA_PARENT/server.log
PG_BIN=$PG_BIN
ENV
echo "[engines] PostgreSQL on 127.0.0.1:$PORT ($DATA_PARENT)" >&2
