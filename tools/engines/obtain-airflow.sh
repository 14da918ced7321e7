#!/usr/bin/env bash
# Obtain Apache Airflow (with its HashiCorp and Amazon providers) for the tests that resolve
# connections through Airflow's own secrets backends (issue 15). Installed from PyPI into a venv
# cached OUTSIDE the clone, from the committed lock tools/engines/airflow/requirements.lock (exact
# versions and hashes of the whole resolved set: Airflow's constraints file is not reachable here).
#
#   tools/engines/obtain-airflow.sh [--env-lines] [--relock]
#
#   (no flag)    install when missing, then add AIRFLOW_* lines to <repo>/.tools/engines.env
#   --env-lines  print the AIRFLOW_* lines of a finished install (nothing when there is none);
#                obtain-live-engines.sh calls this when it rewrites .tools/engines.env
#   --relock     resolve the top-level pins below in a scratch venv and rewrite the lock
#
# Cache: ${ETL_SECRETS_CACHE:-$HOME/.cache/cdktf-etl-secrets}/airflow-<version>/venv, finished by a
# `.complete` marker (written last, with the lock's sha256: a changed lock rebuilds), built under
# an flock so two clones never build it at once. Exposed as AIRFLOW_PYTHON, AIRFLOW_BIN and
# AIRFLOW_VERSION. Under CI=true a failure exits non-zero (the suites that need Airflow then fail
# loudly too: test/support/airflow.ts).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/engines/lib-cache.sh
source "$HERE/lib-cache.sh"

AIRFLOW_VERSION="${AIRFLOW_VERSION:-3.3.2}"
HASHICORP_PROVIDER_VERSION="4.8.4"
AMAZON_PROVIDER_VERSION="9.39.0"
LOCK="$HERE/airflow/requirements.lock"
PYTHON="${AIRFLOW_PYTHON_INTERPRETER:-python3}"

airflow_dir() { engines_dir airflow "$AIRFLOW_VERSION"; }
airflow_python() { printf '%s/venv/bin/python' "$(airflow_dir)"; }
lock_sha() { engines_sha256 "$LOCK"; }

# A finished install of this lock that still imports.
airflow_ready() {
  local dir; dir="$(airflow_dir)"
  engines_is_complete "$dir" && [[ "$(engines_marker_get "$dir" lock_sha256)" == "$(lock_sha)" ]] &&
    [[ "$("$(airflow_python)" -c 'import importlib.metadata as m; print(m.version("apache-airflow"))' 2>/dev/null)" == "$AIRFLOW_VERSION" ]]
}

env_lines() {
  airflow_ready || return 0
  echo "AIRFLOW_PYTHON=$(airflow_python)"
  echo "AIRFLOW_BIN=$(airflow_dir)/venv/bin/airflow"
  echo "AIRFLOW_VERSION=$AIRFLOW_VERSION"
}

airflow_install() { # runs under the lock, errexit on
  local dir
  dir="$(airflow_dir)"
  if airflow_ready; then return 0; fi
  # Built where it lives (a venv's scripts name their interpreter by absolute path); the marker,
  # written last, is what makes it count: a half-built directory is removed and built again.
  rm -rf "$dir"
  # shellcheck disable=SC2064  # expand now
  trap "engines_is_complete '$dir' || rm -rf '$dir'" EXIT
  mkdir -p "$dir"
  engines_log "airflow: $PYTHON -m venv + pip install --require-hashes -r $(basename "$LOCK") (Airflow $AIRFLOW_VERSION)"
  "$PYTHON" -m venv "$dir/venv"
  "$dir/venv/bin/python" -m pip install --disable-pip-version-check -q --require-hashes --no-deps \
    --only-binary=:all: -r "$LOCK" >&2
  "$dir/venv/bin/python" -m pip check >&2
  "$dir/venv/bin/python" - <<'PY'
import importlib
for module in ("airflow.providers.hashicorp.secrets.vault", "airflow.providers.amazon.aws.secrets.secrets_manager"):
    importlib.import_module(module)
PY
  engines_mark_complete "$dir" "engine=airflow" "version=$AIRFLOW_VERSION" "lock_sha256=$(lock_sha)" \
    "route=pypi:requirements.lock" "python=$("$dir/venv/bin/python" -c 'import platform; print(platform.python_version())')"
}

relock() {
  local scratch report
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/airflow-relock.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$scratch'" EXIT
  "$PYTHON" -m venv "$scratch/venv"
  report="$scratch/report.json"
  "$scratch/venv/bin/python" -m pip install --disable-pip-version-check -q --dry-run --ignore-installed \
    --only-binary=:all: --report "$report" "apache-airflow==$AIRFLOW_VERSION" \
    "apache-airflow-providers-hashicorp==$HASHICORP_PROVIDER_VERSION" "apache-airflow-providers-amazon==$AMAZON_PROVIDER_VERSION"
  "$PYTHON" - "$report" "$LOCK" <<'PY'
import json, sys
report, lock = sys.argv[1:]
header = [line for line in open(lock) if line.startswith("#")]
rows = []
for item in json.load(open(report))["install"]:
    info = item["download_info"]["archive_info"]
    digest = info.get("hashes", {}).get("sha256") or info["hash"].split("=", 1)[1]
    rows.append((item["metadata"]["name"].lower(), f'{item["metadata"]["name"]}=={item["metadata"]["version"]} \\\n    --hash=sha256:{digest}\n'))
with open(lock, "w") as out:
    out.writelines(header)
    out.writelines(row for _, row in sorted(rows))
PY
  engines_log "airflow: wrote $LOCK"
}

case "${1:-}" in
  --env-lines) env_lines; exit 0 ;;
  --relock) relock; exit 0 ;;
  "") ;;
  *) echo "obtain-airflow.sh: unknown argument: $1" >&2; exit 2 ;;
esac

start="$(engines_now)"
state="cached"
if ! airflow_ready; then
  set +e; engines_with_lock "airflow-$AIRFLOW_VERSION" airflow_install; rc=$?; set -e
  if [[ $rc -ne 0 ]] || ! airflow_ready; then
    echo "obtain-airflow.sh: could not install Airflow $AIRFLOW_VERSION (see above)" >&2
    exit 1
  fi
  state="built"
fi
mkdir -p "$ENGINES_TOOLS_DIR"
env_file="$ENGINES_TOOLS_DIR/engines.env"
tmp="$env_file.tmp.$$"
{ [[ -f "$env_file" ]] && grep -v '^AIRFLOW_' "$env_file" || true; env_lines; } > "$tmp"
mv -f "$tmp" "$env_file"
printf 'airflow %s: %s in %ss (%s, %s)\n' "$AIRFLOW_VERSION" "$state" "$(engines_elapsed "$start")" "$(engines_du "$(airflow_dir)")" "$(airflow_dir)" >&2
