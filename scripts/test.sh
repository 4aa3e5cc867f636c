#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Set up, build and run every test: the fuzz harnesses (libFuzzer, AFL++)
# for the smoke tests, the release build, the AddressSanitizer +
# UndefinedBehaviorSanitizer build, then the ThreadSanitizer build (the
# stress emulator on real threads).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "== fuzz harness builds"
scripts/build.sh fuzz afl
for preset in release asan tsan; do
	echo "== $preset build"
	scripts/build.sh "$preset"
	ctest --preset "$preset"
done
