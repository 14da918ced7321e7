#!/usr/bin/env bash
# Starts what the rotation integration tests need, on loopback only, and writes their connection
# details to .state/integration/engines.env (read by test/support/rotation/engines.ts):
#   PostgreSQL 15 and MariaDB with TLS (self-signed CA made here, in a temp dir), and moto's server;
#   and obtains Apache Airflow (tools/engines/obtain-airflow.sh; .tools/engines.env).
# Idempotent: installs missing Debian/PyPI packages (apt-get update at most once), stops what an
# earlier run left, starts fresh instances on free ports. Meant to run as root on a fresh Debian 12.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STATE_DIR=${INTEGRATION_STATE_DIR:-$ROOT/.state/integration}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
mkdir -p "$STATE_DIR"

log() { echo "[engines] $*" >&2; }

install_missing_apt_packages() {
  local missing=()
  [ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
  command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
  command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
  ldconfig -p 2>/dev/null | grep -q 'libpq.so.5 ' || missing+=(libpq5)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

install_missing_python_packages() {
  if ! python3 -c 'import moto, boto3, flask, flask_cors, werkzeug' 2>/dev/null; then
    log "installing moto[server] and boto3 from PyPI"
    python3 -m pip install -q 'moto[server]==5.2.1' boto3 >&2 ||
      python3 -m pip install -q --break-system-packages 'moto[server]==5.2.1' boto3 >&2
  fi
}

# A self-signed CA and a server certificate for 127.0.0.1/localhost, made for this run only.
make_certificates() {
  local dir=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=etl-secrets integration CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
  # A second CA that signed nothing: tests use it to prove that an untrusted server is refused.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=etl-secrets untrusted CA" \
    -keyout "$dir/other-ca.key" -out "$dir/other-ca.pem" 2>/dev/null
  chmod 755 "$dir"
  chmod 644 "$dir"/*.pem
}

install_missing_apt_packages
install_missing_python_packages
# Apache Airflow for the suites that resolve connections through its secrets backends
# (test/integration/airflow): cached outside the clone; exposed in .tools/engines.env.
bash "$HERE/obtain-airflow.sh" || { log "Airflow could not be installed (tools/engines/obtain-airflow.sh)"; exit 1; }

for engine in moto mariadb postgres; do bash "$HERE/stop-$engine.sh" "$STATE_DIR" || true; done

# Certificates of an earlier run are not reused: a fresh CA per run.
[ -f "$STATE_DIR/cert-dir" ] && rm -rf "$(cat "$STATE_DIR/cert-dir")"
CERT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/etl-secrets-certs.XXXXXX")
make_certificates "$CERT_DIR"
echo "$CERT_DIR" >"$STATE_DIR/cert-dir"

bash "$HERE/start-postgres.sh" "$STATE_DIR" "$CERT_DIR" "$PG_BIN"
bash "$HERE/start-mariadb.sh" "$STATE_DIR" "$CERT_DIR"
bash "$HERE/start-moto.sh" "$STATE_DIR" "$ROOT"

{
  echo "# written by tools/engines/start-integration.sh"
  echo "TLS_CA_FILE=$CERT_DIR/ca.pem"
  echo "TLS_OTHER_CA_FILE=$CERT_DIR/other-ca.pem"
  echo "TLS_SERVER_CERT_FILE=$CERT_DIR/server.pem"
  echo "TLS_SERVER_KEY_FILE=$CERT_DIR/server.key"
  cat "$STATE_DIR/postgres.env" "$STATE_DIR/mariadb.env" "$STATE_DIR/moto.env"
} >"$STATE_DIR/engines.env"
chmod 600 "$STATE_DIR/engines.env"
log "engines ready: $STATE_DIR/engines.env"
