#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Explorer figures (not a test): each scenario in scenarios/ explored
# exhaustively with its bug on (time to the violation) and with every bug
# off (the whole bounded space), one core; then PCT's runs to the seed
# livelock over SEEDS seeds with 1 and 2 change points. Prints one line each.
#
#   bench/explore.sh [SEEDS]
#
# Needs scripts/build.sh release.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-20}
cidfuzz=build/release/cidfuzz

row() {		# label args...
	label=$1; shift
	"$cidfuzz" explore "$@" --quiet --no-minimize --estimate 1000 >"$tmp" || true
	runs=$(sed -n 's/^interleavings explored: \([0-9]*\) run to a verdict, \([0-9]*\) cut at a state seen before, \([0-9]*\) cut by the sleep set.*/\1+\2+\3/p' "$tmp")
	states=$(sed -n 's/^distinct states: //p' "$tmp")
	naive=$(sed -n 's/^naive enumeration: ~\([^ ]*\) .*reduction: ~\([^ ]*\) x/\1 \2/p' "$tmp")
	secs=$(sed -n 's/^wall time: \([^ ]*\) s.*/\1/p' "$tmp")
	result=$(sed -n 's/^result: //p' "$tmp" | cut -c1-40)
	printf '%-34s runs %-22s states %-8s naive~ %-9s reduction~ %-9s %6s s  %s\n' \
		"$label" "$runs" "$states" ${naive:-- -} "$secs" "$result"
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
echo "runs = to a verdict + joined a state seen before + sleep-set redundant"
row "seed, transit-task-to-cpu" --scenario scenarios/seed-task-to-cpu.sched --bug transit-task-to-cpu
row "seed, fixed" --scenario scenarios/seed-task-to-cpu.sched
row "reverse, fixed" --scenario scenarios/reverse-cpu-to-task.sched
row "reverse + fork, fixed" --scenario scenarios/reverse-fork-during-walk.sched
row "forks, fork-visibility" --scenario scenarios/concurrent-forks.sched --bug fork-visibility
row "forks, kernel seed" --scenario scenarios/concurrent-forks.sched --kernel seed
row "forks, fixed" --scenario scenarios/concurrent-forks.sched
for changes in 1 2; do
	found=""
	for seed in $(seq 1 "$seeds"); do
		"$cidfuzz" explore --scenario scenarios/seed-task-to-cpu.sched \
			--bug transit-task-to-cpu --pct "$changes" --runs 100000 --seed "$seed" \
			--quiet --no-minimize >"$tmp" || true
		found="$found $(sed -n 's/^result: VIOLATION .* in run \([0-9]*\):.*/\1/p' "$tmp")"
	done
	sorted=$(echo $found | tr ' ' '\n' | sort -n)
	n=$(echo "$sorted" | wc -l)
	echo "pct, $changes change points, seed livelock: runs to find over $n seeds: median $(echo "$sorted" | sed -n "$(( (n + 1) / 2 ))p"), max $(echo "$sorted" | tail -1)"
done
