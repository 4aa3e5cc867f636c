#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The pictures of docs/pictures/: every reproducer in crashes/ replayed
# with its bug on (cidfuzz replay --svg), rendered in headless Chromium
# (scripts/render_svg.sh) to docs/pictures/<name>.png; and the seed
# livelock's SVG of docs/replay.md (docs/seed-livelock.svg). For the documentation, not a
# test (ctest checks the pictures' structure: tests/test_pictures.sh);
# without chromium it fails.
#   scripts/render_pictures.sh [CIDFUZZ]     (default build/release/cidfuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
cidfuzz=${1:-build/release/cidfuzz}
command -v chromium >/dev/null ||
	{ echo "render_pictures: needs chromium (apt-get install -y chromium)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs/pictures
for f in crashes/*.sched; do
	base=$(basename "$f" .sched)
	rc=0
	"$cidfuzz" replay "$f" --bug "${base%%.*}" --svg "$tmp/$base.svg" >/dev/null || rc=$?
	[ "$rc" -le 1 ] || { echo "render_pictures: $f: replay failed ($rc)"; exit 1; }
	scripts/render_svg.sh "$tmp/$base.svg" "docs/pictures/$base.png"
done
"$cidfuzz" replay crashes/transit-task-to-cpu.sched --bug transit-task-to-cpu \
	--svg docs/seed-livelock.svg >/dev/null || true
