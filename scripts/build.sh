#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Build the given presets (default: release and the two fuzz builds).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
for preset in "${@:-release fuzz afl}"; do
	for p in $preset; do
		cmake --preset "$p" >/dev/null
		cmake --build --preset "$p" -j "$jobs" >/dev/null
	done
done
