#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job: set up, build, and hunt the known bugs. For now the hunt
# replays every reproducer in crashes/ with its bug switched on and with
# every bug off, and prints what it found as a table.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
exec build/release/cidfuzz regress crashes
