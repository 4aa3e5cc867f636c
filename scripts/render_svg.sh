#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Render a swimlane picture (cidfuzz replay --svg) in a real browser:
# headless Chromium takes a screenshot, which shows that the SVG renders.
#   scripts/render_svg.sh FILE.svg OUT.png [--whole]
# The PNG ends under the list of events (the picture); --whole keeps the
# report under it too. Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
svg=$(realpath "$1")
out=$2
command -v chromium >/dev/null || { echo "render_svg: install chromium"; exit 77; }
size=$(sed -n 's/.*<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1,\2/p' "$svg" | head -1)
cut=$(sed -n 's/.*<svg[^>]* data-picture-height="\([0-9]*\)".*/\1/p' "$svg" | head -1)
if [ "${3:-}" != --whole ] && [ -n "$cut" ] && [ -n "$size" ]; then
	size=${size%,*},$cut
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--proxy-server=127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND" \
	--hide-scrollbars --user-data-dir="$profile" --window-size="${size:-1440,800}" \
	--screenshot="$(realpath -m "$out")" "file://$svg" 2>/dev/null
[ -s "$out" ] && echo "rendered $1 -> $out"
