#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# cidfuzz verify figures (not a test): for each scope below, the scenarios,
# distinct states, wall time and verdict on the newest code and with the
# bug it is the scope of (docs/verify.md), then one scope with --jobs 1
# and --jobs J (default 2) for the speed-up. Prints the machine first.
#
#   [BENCH_ROWS=TEXT] bench/verify.sh [J] [all|known|switching|speedup|split]
#
# split: a scope of few scenarios (33, the large ones split into subtrees), unsplit
# with --jobs 1 for reference, then split with --jobs 1 and --jobs J and
# their ratio.
#
# Needs scripts/build.sh release. On two idle cores (2026-12-06): the
# known-bug scopes about 1.5 minutes, the speed-up half a minute,
# switching (the scope of the two livelocks of the per-task -> per-CPU
# switch: four rows of 111 151 scenarios, two on weak memory) about an
# hour (5 to 7 minutes each on sequential memory, 22 to 25 on weak).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-2}
part=${2:-all}
case $part in all | known | switching | speedup | split) ;; *)
	echo "usage: bench/verify.sh [J] [all|known|switching|speedup|split]" >&2
	exit 2
	;;
esac
cidfuzz=$PWD/build/release/cidfuzz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_need "$cidfuzz"
bench_header "cidfuzz verify: scopes, --jobs 1 against --jobs $jobs" "$cidfuzz"

# row LABEL JOBS ARGS...: one verify run, one line; only the rows whose
# label has $BENCH_ROWS in it, if set (one row of a long part)
row() {
	label=$1 j=$2
	shift 2
	case $label in *"${BENCH_ROWS:-}"*) ;; *) return 0 ;; esac
	(cd "$tmp" && "$cidfuzz" verify "$@" --jobs "$j" --quiet -o out >out.txt 2>&1) || true
	scen=$(sed -n 's/^scenarios: \([0-9]*\) (\([0-9]*\) .*/\1 of \2/p' "$tmp/out.txt")
	states=$(sed -n 's/^explored: [0-9]* scenarios, \([0-9]*\) distinct.*/\1/p' "$tmp/out.txt")
	secs=$(sed -n 's/^wall time: \([^ ]*\) s.*/\1/p' "$tmp/out.txt")
	verdict=$(grep -E '^(verified|violations)' "$tmp/out.txt" |
		sed 's/ of the newest code (docs\/findings.md)//; s/ distinct (invariant, site)//')
	found=$(grep '^VIOLATION' "$tmp/out.txt" | grep -v '(known' |
		sed 's/^VIOLATION \([^ ]* at [^ :]*\).*/\1/' | tr '\n' ' ' || true)
	printf '%-52s %-18s states %-9s %7s s  %s %s\n' "$label" "$scen" "$states" "$secs" \
		"$verdict" "$found"
	echo "$secs" >"$tmp/secs"
}

s3="--cpus 3 --tasks 2 --concurrent 2"
s4="--cpus 4 --tasks 2 --concurrent 1"
s4u="--cpus 4 --tasks 3 --concurrent 4 --setups per-cpu-3 --kinds exec_fail,exit,idle --preemptions 0"
sw="--cpus 3 --tasks 3 --concurrent 4 --setups switching --kinds schedule,idle,migrate --preemptions 1"
sp="--cpus 3 --tasks 2 --concurrent 3 --setups per-task --kinds fork"
if bench_quick; then	# tiny scopes: the lines, not the values
	s3="--cpus 3 --tasks 2 --concurrent 1"
	s4="--cpus 4 --tasks 2 --concurrent 1"
	s4u="--cpus 4 --tasks 3 --concurrent 1 --setups per-cpu-3 --kinds exec_fail,exit,idle --preemptions 0"
	sw="--cpus 3 --tasks 3 --concurrent 1 --setups switching --kinds schedule,idle,migrate --preemptions 1"
	sp="--cpus 4 --tasks 3 --concurrent 2 --setups per-cpu-3 --kinds exit"
fi
echo "scope                                        scenarios (of seq.)"
if [ "$part" = known ] || [ "$part" = all ]; then
	row "3 CPUs, 2 threads, K 2: newest" "$jobs" $s3
	row "3 CPUs, 2 threads, K 2: fork-visibility" "$jobs" $s3 --bug fork-visibility
	row "3 CPUs, 2 threads, K 2: vfork-budget" "$jobs" $s3 --bug vfork-budget
	row "3 CPUs, 2 threads, K 2: --kernel seed" "$jobs" $s3 --kernel seed
	row "3 CPUs, 2 threads, K 2: --kernel rewrite" "$jobs" $s3 --kernel rewrite
	row "4 CPUs, 2 threads, K 1: newest" "$jobs" $s4
	row "4 CPUs, 2 threads, K 1: cid-on-cpu-drop" "$jobs" $s4 --bug cid-on-cpu-drop
	row "4 CPUs, 2 threads, K 1: --kernel seed" "$jobs" $s4 --kernel seed
	row "4 CPUs, 3 thr., K 4, per-cpu-3 (a): newest" "$jobs" $s4u
	row "4 CPUs, 3 thr., K 4, per-cpu-3 (a): unset-transit-oob" "$jobs" $s4u --bug unset-transit-oob
	row "4 CPUs, 3 thr., K 4, per-cpu-3 (a): --kernel march" "$jobs" $s4u --kernel march
	echo "(a): --setups per-cpu-3 --kinds exec_fail,exit,idle --preemptions 0"
fi
# one after the other, so that both see about the same load
if [ "$part" = speedup ] || [ "$part" = all ]; then
	row "speed-up: 3 CPUs, 2 threads, K 2, --jobs 1" 1 $s3
	one=$(cat "$tmp/secs")
	row "speed-up: 3 CPUs, 2 threads, K 2, --jobs $jobs" "$jobs" $s3
	many=$(cat "$tmp/secs")
	echo "jobs 1 / jobs $jobs: $(echo "scale=2; $one / $many" | bc) x (load: $(cut -d' ' -f1-3 /proc/loadavg))"
fi
# a scope of few scenarios, split into subtrees (docs/verify.md)
if [ "$part" = split ] || [ "$part" = all ]; then
	row "split (c): unsplit (--split never), --jobs 1" 1 $sp --split never
	row "split (c): split, --jobs 1" 1 $sp --split auto
	one=$(cat "$tmp/secs")
	grep '^split:' "$tmp/out.txt" || true
	row "split (c): split, --jobs $jobs" "$jobs" $sp --split auto
	many=$(cat "$tmp/secs")
	echo "split: jobs 1 / jobs $jobs: $(echo "scale=2; $one / $many" | bc) x (load: $(cut -d' ' -f1-3 /proc/loadavg))"
	echo "(c): $sp"
fi
if [ "$part" = switching ] || [ "$part" = all ]; then
	row "3 CPUs, 3 thr., K 4, switching (b): transit-task-to-cpu" "$jobs" $sw --bug transit-task-to-cpu
	row "3 CPUs, 3 thr., K 4, switching (b): newest" "$jobs" $sw
	row "3 CPUs, 3 thr., K 4, switching (b): --weak split-mode-fields" "$jobs" $sw --weak --bug split-mode-fields
	row "3 CPUs, 3 thr., K 4, switching (b): --weak newest" "$jobs" $sw --weak
	echo "(b): --setups switching --kinds schedule,idle,migrate --preemptions 1"
	echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
