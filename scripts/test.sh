#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Set up, build and run every test: the release build, then the
# AddressSanitizer + UndefinedBehaviorSanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)
for preset in release asan; do
	echo "== $preset build"
	cmake --preset "$preset" >/dev/null
	cmake --build --preset "$preset" -j "$jobs"
	ctest --preset "$preset"
done
