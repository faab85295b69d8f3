#!/usr/bin/env bash
# Rebuilds every file of internal/refdata/data/ from the public source files
# (shared/data) and from two npm packages. Node and npm are needed here only:
# the application reads the generated CSV files, embedded in its binary.
#
#   bash scripts/refdata/generate.sh [DATA_DIR]
#
# DATA_DIR defaults to ../shared/data relative to the repository root.
# The npm versions are pinned so that a run on the same inputs gives the same
# files; override them to refresh, e.g.
#   KALI_DATA_VERSION=latest bash scripts/refdata/generate.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
data=${1:-$root/../shared/data}
data=$(cd "$data" && pwd)
codes_naf_version=${CODES_NAF_VERSION:-1.1.1}
kali_data_version=${KALI_DATA_VERSION:-3.449.0}

for tool in npm tar go; do
  command -v "$tool" >/dev/null || { echo "generate.sh: $tool is needed" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cee-refdata.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# npm pack downloads the published tarball without running install scripts or
# resolving dependencies; kali-data (180 MB unpacked) only installs this way.
echo "== npm pack @socialgouv/codes-naf@$codes_naf_version @socialgouv/kali-data@$kali_data_version" >&2
(cd "$tmp" && npm pack --silent --loglevel=error \
  "@socialgouv/codes-naf@$codes_naf_version" "@socialgouv/kali-data@$kali_data_version" >/dev/null)

mkdir -p "$tmp/naf" "$tmp/kali"
tar -xzf "$tmp"/socialgouv-codes-naf-*.tgz -C "$tmp/naf" package/index.json
# Only the agreement files: data/articles/index.json (18 MB) is not needed.
tar -xzf "$tmp"/socialgouv-kali-data-*.tgz -C "$tmp/kali" --wildcards 'package/data/KALICONT*.json'

echo "== go run ./scripts/refdata (data: $data)" >&2
cd "$root"
go run ./scripts/refdata \
  -data "$data" \
  -naf "$tmp/naf/package/index.json" \
  -kali "$tmp/kali/package/data" \
  -out internal/refdata/data
