#!/usr/bin/env bash
# Starts a throwaway MariaDB server on 127.0.0.1 with TLS (certificates from $2) and the general
# query log on (tests scan it for plaintext passwords), and creates an administrator for the tests.
# Usage: start-mariadb.sh STATE_DIR CERT_DIR; writes STATE_DIR/mariadb.env.
set -euo pipefail
STATE_DIR=$1
CERT_DIR=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/engines/lib-process.sh
source "$HERE/lib-process.sh"

DATA_PARENT=$(mktemp -d "${TMPDIR:-/tmp}/etl-secrets-mariadb.XXXXXX")
DATA_DIR=$DATA_PARENT/data
SOCKET=$DATA_PARENT/mariadb.sock
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ADMIN_PASSWORD=$(openssl rand -hex 24)
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # The Debian package creates the "mysql" user; a root-run server would be refused anyway.
  id mysql >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mysql
  RUN_AS=(--user=mysql)
fi
mkdir -p "$DATA_DIR"
cp "$CERT_DIR/server.pem" "$CERT_DIR/server.key" "$CERT_DIR/ca.pem" "$DATA_PARENT/"
chmod 600 "$DATA_PARENT/server.key"
[ "$(id -u)" = 0 ] && chown -R mysql: "$DATA_PARENT"

mariadb-install-db --no-defaults "${RUN_AS[@]}" --datadir="$DATA_DIR" --auth-root-authentication-method=socket \
  --skip-test-db >"$DATA_PARENT/install.log" 2>&1

setsid mariadbd --no-defaults "${RUN_AS[@]}" --datadir="$DATA_DIR" --bind-address=127.0.0.1 --port="$PORT" \
  --socket="$SOCKET" --pid-file="$DATA_PARENT/mariadb.pid" --log-error="$DATA_PARENT/error.log" \
  --general-log=1 --general-log-file="$DATA_PARENT/general.log" \
  --ssl-ca="$DATA_PARENT/ca.pem" --ssl-cert="$DATA_PARENT/server.pem" --ssl-key="$DATA_PARENT/server.key" \
  --max-connections=300 --innodb-flush-log-at-trx-commit=0 </dev/null >/dev/null 2>&1 &
# setsid: the server leads its own process group; recorded at once, so a start that fails below is
# still stopped by stop-mariadb.sh (which reads STATE_DIR/mariadb.dir, written here too).
echo "$DATA_PARENT" >"$STATE_DIR/mariadb.dir"
record_group $! "$STATE_DIR/mariadb.pgid"

for _ in $(seq 1 120); do
  mariadb-admin --no-defaults --socket="$SOCKET" -uroot ping >/dev/null 2>&1 && break
  sleep 0.5
done
mariadb-admin --no-defaults --socket="$SOCKET" -uroot ping >/dev/null

mariadb --no-defaults --socket="$SOCKET" -uroot <<SQL
CREATE USER 'admin'@'%' IDENTIFIED BY '$ADMIN_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION;
SQL

cat >"$STATE_DIR/mariadb.env" <<ENV
MARIADB_HOST=127.0.0.1
MARIADB_PORT=$PORT
MARIADB_ADMIN_USER=admin
MARIADB_ADMIN_PASSWORD=$ADMIN_PASSWORD
MARIADB_LOG_FILE=$DATA_PARENT/general.log
ENV
echo "[engines] MariaDB on 127.0.0.1:$PORT ($DATA_PARENT)" >&2
