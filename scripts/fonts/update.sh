#!/usr/bin/env bash
# Rebuilds internal/pdf/fonts/*.ttf from the DSFR Marianne web fonts served by
# the interface (internal/web/ui/static/dsfr/fonts). The PDF generator (fpdf)
# only reads TrueType, not WOFF2, so the fonts are decompressed once here and
# the TTF files are committed and embedded in the binary: no conversion tool
# is needed at build or run time. Rerun after a DSFR upgrade.
#
#   bash scripts/fonts/update.sh
#
# Needs woff2_decompress (Debian package woff2: apt-get install woff2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=$root/internal/web/ui/static/dsfr/fonts
dst=$root/internal/pdf/fonts

command -v woff2_decompress >/dev/null || {
  echo "update.sh: woff2_decompress is needed (apt-get install woff2)" >&2
  exit 1
}

# Regular, Bold and Italic are what the documents use; Light and Medium
# would add ~100 KB each to the binary for no visible gain.
fonts=(Marianne-Regular Marianne-Bold Marianne-Regular_Italic)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cee-fonts.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for f in "${fonts[@]}"; do
  [ -f "$src/$f.woff2" ] || { echo "update.sh: missing $src/$f.woff2" >&2; exit 1; }
  # woff2_decompress writes next to its input: work on a copy so that the
  # static folder of the interface is left untouched.
  cp "$src/$f.woff2" "$tmp/"
  woff2_decompress "$tmp/$f.woff2" >/dev/null
  cp "$tmp/$f.ttf" "$dst/$f.ttf"
  echo "== $dst/$f.ttf ($(wc -c <"$dst/$f.ttf") octets)" >&2
done
