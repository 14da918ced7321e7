# shellcheck shell=bash
# Shared helpers for tools/engines/obtain-live-engines.sh and tofu-cli-config.sh.
# Source it; it defines functions and variables only and changes no shell options.
#
# Cache: ${ETL_SECRETS_CACHE:-$HOME/.cache/cdktf-etl-secrets}, outside the clone, one
# directory per engine and version (<engine>-<version>/), each finished by a
# `.complete` marker written last, so an interrupted build is redone, never reused.

ENGINES_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENGINES_CACHE="${ETL_SECRETS_CACHE:-$HOME/.cache/cdktf-etl-secrets}"
# shellcheck disable=SC2034  # used by the scripts that source this file
ENGINES_TOOLS_DIR="${ETL_SECRETS_TOOLS_DIR:-$ENGINES_REPO_ROOT/.tools}"

engines_log() { printf '[engines] %s\n' "$*" >&2; }

# engines_now: seconds since the epoch with decimals (for wall-time reporting).
engines_now() { date +%s.%N; }

# engines_elapsed START: seconds since START, one decimal.
engines_elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# engines_dir ENGINE VERSION: the cache directory of one engine version.
engines_dir() { printf '%s/%s-%s' "$ENGINES_CACHE" "$1" "$2"; }

# engines_is_complete DIR: true when DIR holds a finished install.
engines_is_complete() { [[ -f "$1/.complete" ]]; }

# engines_mark_complete DIR KEY=VALUE...: write the marker last (atomically).
engines_mark_complete() {
  local dir="$1"; shift
  local tmp="$dir/.complete.tmp.$$"
  { printf 'completed_at=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"; printf '%s\n' "$@"; } > "$tmp"
  mv -f "$tmp" "$dir/.complete"
}

# engines_marker_get DIR KEY: one value from a marker.
engines_marker_get() { sed -n "s/^$2=//p" "$1/.complete" 2>/dev/null | awk "NR == 1"; }

# engines_with_lock NAME CMD...: run CMD holding an exclusive lock on the cache entry NAME,
# so two runs on one machine (two clones, two engineers) never build the same thing at once.
# CMD runs in a subshell with errexit on, so any failing step fails it. Call it with errexit
# off and read $? (set +e; engines_with_lock ...; rc=$?; set -e): under if/!/|| bash would
# silently disable errexit inside CMD too.
engines_with_lock() {
  local name="$1"; shift
  mkdir -p "$ENGINES_CACHE/.locks"
  (
    set -e
    flock -w 3600 9 || { engines_log "timed out waiting for lock $name"; exit 1; }
    "$@"
  ) 9> "$ENGINES_CACHE/.locks/$name.lock"
}

# engines_du PATH: human-readable disk use of PATH (or "-" when absent).
engines_du() { if [[ -e "$1" ]]; then du -sh "$1" 2>/dev/null | cut -f1; else printf -- '-'; fi; }

# engines_sha256 FILE
engines_sha256() { sha256sum "$1" | cut -d' ' -f1; }

# Go settings for every build here: the machine's own toolchain only, module mode.
engines_go_env() {
  export GOTOOLCHAIN=local
  export CGO_ENABLED=0
  case " ${GOFLAGS:-} " in *" -mod="*) ;; *) export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" ;; esac
}
