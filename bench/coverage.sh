#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Coverage of impl/ by the corpus (not a test), for docs/coverage.md:
# scripts/coverage.sh (its own clang build in build/coverage, the corpus
# and the reproducers replayed) with the header of the other figure
# scripts; its summary line and the uncovered lines as it prints them.
#
#   bench/coverage.sh [--tests] [--bugs]
#
# Needs clang and the LLVM coverage tools (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
scripts/coverage.sh "$@" >"$out" || rc=$?
bench_header "coverage of impl/ (bench/coverage.sh $*)" build/coverage/cidfuzz
echo
sed -n '/^reports: /,$p' "$out"
[ "$rc" = 0 ] || { tail -20 "$out" >&2; exit "$rc"; }
