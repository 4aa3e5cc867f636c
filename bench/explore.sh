#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Explorer figures (not a test), one line each, for docs/exploration.md:
# each scenario in scenarios/ explored exhaustively with its bug on (time
# to the violation) and with every bug off (the whole bounded space), one
# core; the split-mode-fields scenario on weak and SC memory, with and
# without a bound; PCT's runs to the seed livelock over SEEDS seeds with
# 0, 1 and 2 change points, and to the split-mode-fields livelock.
#
# State counts depend on the compiler: the state hash reads each kernel
# path's live stack (sim/control.c), whose slots and spills are the
# compiler's, dead ones included. Every count is printed with the
# compiler that built the binary. The verdict within the bounds does not
# depend on it (the hash is never coarser than the model's state); the
# counts, and the run that meets a violation first, do.
#
#   bench/explore.sh [SEEDS]      (default 20)
#   CIDFUZZ=build/bench-clang/cidfuzz bench/explore.sh    another build
#
# Needs scripts/build.sh release; builds cidfuzz with clang in
# build/bench-clang for the last row (one scenario's count with the
# other compiler).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
seeds=${1:-20}
cidfuzz=${CIDFUZZ:-build/release/cidfuzz}
limit=()	# quick mode: no preemption, no flush (a space of a few states)
pct_runs=100000
smf_runs=5000
estimate=1000
if bench_quick; then
	seeds=2 limit=(--preemptions 0 --flushes 0) pct_runs=200 smf_runs=200 estimate=20
fi
other=build/bench-clang/cidfuzz
bench_need "$cidfuzz"
bench_build clang cidfuzz -DCMAKE_C_COMPILER=clang
cc=$(bench_compiler "$cidfuzz")
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

crashed() {	# exit-code args...: 0 clean, 1 a violation; else stop here
	local rc=$1
	shift
	[ "$rc" -le 1 ] && return 0
	echo "$0: cidfuzz explore $*: exit $rc" >&2
	exit 1
}

row() {		# label args...; minimized=1 row ...: minimize the violation
	local label=$1 runs states naive secs result flushes events nomin=--no-minimize rc=0
	shift
	[ -n "${minimized:-}" ] && nomin=
	"$cidfuzz" explore "$@" "${limit[@]}" $nomin --quiet \
		--estimate "$estimate" >"$tmp" || rc=$?
	crashed "$rc" "$@"
	runs=$(sed -n 's/^interleavings explored: \([0-9]*\) run to a verdict, \([0-9]*\) cut at a state seen before, \([0-9]*\) cut by the sleep set.*/\1+\2+\3/p' "$tmp")
	states=$(sed -n 's/^distinct states: \([0-9]*\).*/\1/p' "$tmp")
	naive=$(sed -n 's/^naive enumeration: ~\([^ ]*\) .*/\1/p' "$tmp")
	secs=$(sed -n 's/^wall time: \([^ ]*\) s.*/\1/p' "$tmp")
	result=$(sed -n 's/^result: //p' "$tmp" | cut -c1-48)
	flushes=$(sed -n 's/^flush choices: \([0-9]*\) (CPU, field) pairs; \([0-9]*\) .*/, flush threads \1, unnamed \2/p' "$tmp")
	events=$(sed -n 's/^violating schedule (minimized, \([0-9]*\) events).*/, minimized to \1 events/p' "$tmp")
	printf '%-40s runs %-24s states %-8s (%s)  naive ~%-7s %6s s  %s%s%s\n' \
		"$label" "${runs:--}" "${states:--}" "$cc" "${naive:--}" "${secs:--}" \
		"${result:-no result}" "$flushes" "$events"
}

# pct label changes runs seeds args...: the run that found the violation
# (or none) for each seed, then the median and max over the seeds
pct() {
	local label=$1 changes=$2 runs=$3 n=$4 seed found="" sorted hit rc
	shift 4
	for seed in $(seq 1 "$n"); do
		rc=0
		"$cidfuzz" explore "$@" --pct "$changes" --runs "$runs" --seed "$seed" \
			--quiet --no-minimize >"$tmp" || rc=$?
		crashed "$rc" "$@" --pct "$changes" --seed "$seed"
		hit=$(sed -n 's/^result: VIOLATION .* in run \([0-9]*\):.*/\1/p' "$tmp")
		found="$found ${hit:-none}"
	done
	sorted=$(echo $found | tr ' ' '\n' | sed "s/none/$((runs + 1))/" | sort -n)
	printf '%-40s %d seeds, %d runs each: found in %d, median run %s, max %s; per seed:%s\n' \
		"$label" "$n" "$runs" "$(echo $found | tr ' ' '\n' | grep -c '^[0-9]')" \
		"$(echo "$sorted" | sed -n "$(( (n + 1) / 2 ))p" | sed "s/^$((runs + 1))\$/none/")" \
		"$(echo "$sorted" | tail -1 | sed "s/^$((runs + 1))\$/none/")" "$found"
}

bench_header "explorer figures (bench/explore.sh $seeds)" "$cidfuzz" "$other"
echo
echo "runs = to a verdict + joined a state seen before + sleep-set redundant; states counted by a $cc build"
seed=scenarios/seed-task-to-cpu.sched
smf=scenarios/split-mode-fields.sched
row "seed, transit-task-to-cpu" --scenario $seed --bug transit-task-to-cpu
row "seed, fixed" --scenario $seed
row "reverse, fixed" --scenario scenarios/reverse-cpu-to-task.sched
row "reverse + fork, fixed" --scenario scenarios/reverse-fork-during-walk.sched
row "forks, fork-visibility" --scenario scenarios/concurrent-forks.sched --bug fork-visibility
row "forks, kernel seed" --scenario scenarios/concurrent-forks.sched --kernel seed
row "forks, fixed" --scenario scenarios/concurrent-forks.sched
minimized=1 row "split-mode-fields, bug, weak" --scenario $smf --bug split-mode-fields
row "split-mode-fields, fixed, weak" --scenario $smf
row "split-mode-fields, bug, sc" --scenario $smf --bug split-mode-fields --memory sc
row "split-mode-fields, bug, 1 preemption" --scenario $smf --bug split-mode-fields --preemptions 1
row "split-mode-fields, fixed, 1 preemption" --scenario $smf --preemptions 1
row "split-mode-fields, bug, 1 flush" --scenario $smf --bug split-mode-fields --flushes 1
row "split-mode-fields, fixed, 1 flush" --scenario $smf --flushes 1
for changes in 0 1 2; do
	r=$pct_runs
	[ "$changes" = 0 ] && ! bench_quick && r=5000
	pct "pct $changes, seed livelock" "$changes" "$r" "$seeds" --scenario $seed --bug transit-task-to-cpu
done
pct "pct 2, split-mode-fields livelock" 2 "$smf_runs" "$(bench_quick && echo 2 || echo 5)" --scenario $smf --bug split-mode-fields
pct "pct 2, split-mode-fields fixed" 2 "$smf_runs" 1 --scenario $smf
cidfuzz=$other cc=$(bench_compiler "$other") \
	row "reverse + fork, fixed, other compiler" --scenario scenarios/reverse-fork-during-walk.sched
