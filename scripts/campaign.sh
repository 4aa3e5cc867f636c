#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job: set up, build the tools and the fuzz harnesses, and hunt
# the known bugs and new ones: cidfuzz campaign (libFuzzer by default,
# 60 s per target, as many at once as there are cores), which prints a
# table of what it found. Arguments go to cidfuzz campaign, e.g.
#   scripts/campaign.sh --engine afl --max-time 300 --targets all
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "building (release, libFuzzer and AFL++ harnesses)..."
scripts/build.sh
exec build/release/cidfuzz campaign "$@"
