#!/usr/bin/env bash
# Refresh the third-party browser assets in static/vendor/ from the npm registry.
# The app never loads anything from a CDN: these files are what the map iframe uses.
set -euo pipefail
cd "$(dirname "$0")/.."
LEAFLET_VERSION=1.9.4
dest=static/vendor/leaflet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@${LEAFLET_VERSION}" >/dev/null && tar xzf leaflet-*.tgz)
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/LICENSE" "$dest/"
cp -r "$work/package/dist/images" "$dest/"
echo "leaflet@${LEAFLET_VERSION}" > "$dest/VERSION"
echo "vendored leaflet ${LEAFLET_VERSION} into $dest"
