#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The transit-barriers search (not a test), for docs/transit-barriers.md:
# tests/explore_barriers (built as build/release/explore_barriers) with
# the barriers removed, on the fork and the exit scenario at the bounds
# of the doc, and the same fork search stopping at split-mode-fields'
# livelock. The counts are the model's (primitives, schedules), not the
# machine's; the time is printed too.
#
#   bench/barriers.sh
#
# Needs scripts/build.sh release.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
fork="-k 2 -w 4" exit_="-k 2 -w 5" first="-k 1 -w 4"
bench_quick && fork="-k 0 -w 1" exit_="-k 0 -w 1" first="-k 0 -w 4"
search=build/release/explore_barriers
bench_need "$search"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

row() {		# label args...
	local label=$1 start prims anywhere all rc=0
	shift
	start=$(date +%s.%N)
	"$search" "$@" >"$tmp" || rc=$?	# 1: a violation (--first)
	[ "$rc" -le 1 ] || { echo "$0: explore_barriers $* exited $rc" >&2; exit 1; }
	prims=$(sed -n "s/^scenario .*', \([0-9]*\) primitives, \([0-9]*\) interferences.*/\1 primitives, \2 interferences/p" "$tmp" | tail -1)
	anywhere=$(sed -n 's/^  up to \([0-9]*\) interferences anywhere: \([0-9]*\) schedules.*/\2 with K <= \1/p' "$tmp" | tail -1)
	all=$(sed -n 's/^  and .*: \([0-9]*\) schedules in all, \([0-9]*\) violations.*/\1 schedules, \2 violations/p' "$tmp" | tail -1)
	[ -n "$all" ] || { echo "$0: explore_barriers $* printed no count" >&2; exit 1; }
	printf '%-40s %s (%s; %s; %s s)\n' "$label" "$all" "$prims" "$anywhere" \
		"$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')"
}

bench_header "transit-barriers search (bench/barriers.sh: fork $fork, exit $exit_, first $first)" "$search"
echo
row "barriers, fork, transit-barriers" --bug transit-barriers $fork
row "barriers, exit, transit-barriers" --bug transit-barriers --scenario exit $exit_
row "barriers, fork, split-mode-fields first" --bug split-mode-fields $first --first
