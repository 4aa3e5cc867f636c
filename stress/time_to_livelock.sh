#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Time to the transit-task-to-cpu livelock on real threads: runs
# cidfuzz-stress with the bug on for SEEDS seeds (at most BUDGET seconds
# each) and prints, per seed, when the stuck retry loop began, then the
# median and the max. The time is the start of the loop that never ended,
# not its detection (the watchdog adds --watchdog seconds).
#
#   stress/time_to_livelock.sh STRESS_BINARY [SEEDS] [BUDGET]
stress=${1:?usage: time_to_livelock.sh STRESS_BINARY [SEEDS] [BUDGET]}
seeds=${2:-10}
budget=${3:-120}
times=$(mktemp)
trap 'rm -f "$times"' EXIT
for seed in $(seq 1 "$seeds"); do
	line=$("$stress" --bug transit-task-to-cpu --seconds "$budget" --watchdog 2 --max 5 \
		--delay 8 --delay-us 1000 --seed "$seed" 2>/dev/null | grep '^LIVELOCK')
	t=$(printf '%s\n' "$line" | sed -n 's/.*since \([0-9.]*\) s into the run.*/\1/p')
	if [ -n "$t" ]; then
		echo "seed $seed: livelock after $t s"
		echo "$t" >>"$times"
	else
		echo "seed $seed: none in $budget s"
	fi
done
sort -n "$times" | awk -v n="$seeds" '
	{ t[NR] = $1 }
	END {
		if (!NR) { print "found in 0 of " n; exit }
		m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "found in %d of %d: median %.1f s, max %.1f s\n", NR, n, m, t[NR]
	}'
