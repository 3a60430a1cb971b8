#!/usr/bin/env bash
# Refresh the vendored build of Det Fælles Designsystem (DKFDS) and htmx.
#
# Usage: scripts/refresh-dkfds.sh [DKFDS_VERSION] [HTMX_VERSION]
#
# Downloads the published npm packages (no build step), copies the built CSS and
# JavaScript, every font and image file the CSS refers to, the icon sprite and the
# licences into src/programkontor/core/static/vendor/, and records the versions in
# VERSIONS.txt there. Run it, look at the pages, commit the result.
set -euo pipefail

dkfds_version=${1:-11.2.0}
htmx_version=${2:-2.0.11}
root=$(cd "$(dirname "$0")/.." && pwd)
target=$root/src/programkontor/core/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "dkfds@$dkfds_version" "htmx.org@$htmx_version" >/dev/null
mkdir dkfds htmx
tar xzf "dkfds-$dkfds_version.tgz" -C dkfds
tar xzf "htmx.org-$htmx_version.tgz" -C htmx
dist=$work/dkfds/package/dist

rm -rf "$target/dkfds" "$target/htmx"
mkdir -p "$target/dkfds/css" "$target/dkfds/js" "$target/dkfds/img" "$target/htmx"
cp "$dist/css/dkfds.min.css" "$target/dkfds/css/"
cp "$dist/js/dkfds.min.js" "$target/dkfds/js/"
cp "$dist/img/all-svg-icons.svg" "$target/dkfds/img/"
cp "$dist/LICENSE.md" "$target/dkfds/LICENSE.md"

# Copy exactly the files the stylesheet refers to (fonts, icons, logos).
grep -o 'url([^)]*)' "$dist/css/dkfds.min.css" | sed -e 's/^url(//' -e 's/)$//' -e 's/["'\'']//g' \
  | grep '^\.\./' | sed -e 's/[?#].*$//' | sort -u | while read -r ref; do
    rel=${ref#../}
    mkdir -p "$target/dkfds/$(dirname "$rel")"
    cp "$dist/$rel" "$target/dkfds/$rel"
  done
cp "$dist/fonts/IBMPlexSans/complete/woff/license.txt" "$target/dkfds/fonts/IBMPlexSans/LICENSE-OFL.txt" 2>/dev/null \
  || find "$dist/fonts" -name 'license.txt' -print -quit | xargs -I{} cp {} "$target/dkfds/fonts/IBMPlexSans/LICENSE-OFL.txt"

# The source maps are not vendored: drop the comments that point at them, or the manifest
# storage of `collectstatic` stops on the missing files (and every page answers 500).
sed -i '/sourceMappingURL=/d' "$target/dkfds/css/dkfds.min.css" "$target/dkfds/js/dkfds.min.js"

cp "$work/htmx/package/dist/htmx.min.js" "$target/htmx/"
cp "$work/htmx/package/LICENSE" "$target/htmx/LICENSE"

cat > "$target/VERSIONS.txt" <<TXT
dkfds $dkfds_version (npm package "dkfds", MIT AND OFL-1.1 AND Apache-2.0, see dkfds/LICENSE.md)
htmx.org $htmx_version (npm package "htmx.org", 0BSD, see htmx/LICENSE)
Refreshed with scripts/refresh-dkfds.sh
TXT
echo "Vendored DKFDS $dkfds_version and htmx $htmx_version into $target"
