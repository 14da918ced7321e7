#!/usr/bin/env bash
# Write the OpenTofu/Terraform CLI configuration that installs providers only from the
# local filesystem mirror (never from a registry: none is reachable here), and print its path.
#
#   tools/engines/tofu-cli-config.sh [--mirror DIR] [--out FILE]
#
# Defaults: mirror ${ETL_SECRETS_CACHE:-$HOME/.cache/cdktf-etl-secrets}/mirror,
#           out    <repo>/.tools/tofu-cli.tfrc
# Use it with: export TF_CLI_CONFIG_FILE="$(tools/engines/tofu-cli-config.sh)"
# Mirror layout (unpacked): <mirror>/<host>/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>
# with <host> registry.opentofu.org (tofu) and registry.terraform.io (terraform).
set -euo pipefail
# shellcheck source=tools/engines/lib-cache.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-cache.sh"

mirror="$ENGINES_CACHE/mirror"
out="$ENGINES_TOOLS_DIR/tofu-cli.tfrc"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mirror) mirror="$2"; shift 2 ;;
    --mirror=*) mirror="${1#*=}"; shift ;;
    --out) out="$2"; shift 2 ;;
    --out=*) out="${1#*=}"; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "tofu-cli-config.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

mkdir -p "$mirror" "$(dirname "$out")"
mirror="$(cd "$mirror" && pwd)"
tmp="$out.tmp.$$"
cat > "$tmp" <<EOF
# Written by tools/engines/tofu-cli-config.sh: providers come only from the local mirror.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["*/*/*"]
  }
  direct {
    exclude = ["*/*/*"]
  }
}
EOF
mv -f "$tmp" "$out"
printf '%s\n' "$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
