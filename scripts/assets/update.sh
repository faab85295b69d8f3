#!/usr/bin/env bash
# Refreshes the front-end files served by internal/web/ui from the npm
# registry. The files are committed and embedded in the binary, so building
# never needs npm; run this only to change a version, then commit the result.
#
# Only what a page loads is copied, in the same layout as the packages' dist/
# folders, because dsfr.min.css and utility.min.css find the fonts and icons
# by relative URL.
set -euo pipefail

DSFR_VERSION=1.15.3
HTMX_VERSION=2.0.11

cd "$(dirname "$0")/../.."
static=internal/web/ui/static

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "@gouvfr/dsfr@$DSFR_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null)
mkdir -p "$work/dsfr" "$work/htmx"
tar -xzf "$work/gouvfr-dsfr-$DSFR_VERSION.tgz" -C "$work/dsfr" --strip-components=1
tar -xzf "$work/htmx.org-$HTMX_VERSION.tgz" -C "$work/htmx" --strip-components=1

src="$work/dsfr/dist"
# Our own files (app.css) sit beside these two folders and are left alone.
rm -rf "$static/dsfr" "$static/htmx"
mkdir -p "$static/dsfr/utility" "$static/htmx"

cp "$src/dsfr.min.css" "$src/dsfr.module.min.js" "$src/dsfr.nomodule.min.js" "$static/dsfr/"
# utility.min.css holds every fr-icon-* class (40 KB compressed) and points
# at ../icons/**.svg; it is kept outside static/, and the pages load
# icones.min.css, its rules for the classes our sources name
# (scripts/assets/icones). dsfr.min.css points at the icons its components
# draw: the whole icons folder is needed.
cp "$src/utility/utility.min.css" scripts/assets/utility.min.css
go run ./scripts/assets/icones
# The .woff files are kept next to the .woff2 because dsfr.min.css names both
# in its @font-face rules.
cp -R "$src/fonts" "$src/icons" "$src/favicon" "$src/artwork" "$static/dsfr/"
cp "$work/htmx/dist/htmx.min.js" "$static/htmx/"

# Licences and versions are kept in the tree but outside static/, so they are
# not served. DSFR: Etalab 2.0, with restricted use of the State's brand
# (Marianne, fonts) to State services; htmx: 0BSD.
licenses=internal/web/ui/licenses
rm -rf "$licenses"
mkdir -p "$licenses"
cp "$work/dsfr/LICENSE.md" "$licenses/dsfr-LICENSE.md"
cp "$work/htmx/LICENSE" "$licenses/htmx-LICENSE"
printf '@gouvfr/dsfr %s\nhtmx.org %s\n' "$DSFR_VERSION" "$HTMX_VERSION" >"$licenses/VERSIONS"

du -sh --apparent-size "$static"
