#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Ownership-transition statistics (not a test), for docs/stress.md: CID
# bitmap operations per 1000 schedins (in total and within context
# switches) and the schedin fastpath share, of the current code and of
# schedout-drop (seed patch 4 undone). The emulator (cidfuzz-stress
# --compare: both variants one after the other, same seed) RUNS times
# SECONDS per churn, summed; the simulator (cidfuzz-simstats: the same
# generated schedules under both) SCHEDULES schedules from seed 1 and
# from seed 1001, summed.
#
#   bench/stats.sh [SECONDS] [RUNS] [SCHEDULES]     (default 10 3 1000)
#
# Needs scripts/build.sh release.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-10}
runs=${2:-3}
schedules=${3:-1000}
bench_quick && secs=0.5 runs=1 schedules=10
stress=build/release/cidfuzz-stress
simstats=build/release/cidfuzz-simstats
bench_need "$stress" "$simstats"
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT

bench_header "ownership-transition statistics (bench/stats.sh $secs $runs $schedules)" "$stress" "$simstats"
echo
# raw rows: source variant schedins bitops switch/1k in-fast% mode-switches
for churn in 300 30; do
	for seed in $(seq 1 "$runs"); do
		"$stress" --compare --seconds "$secs" --churn "$churn" --seed "$seed" --quiet |
			awk -v s="emulator churn $churn" '$1 == "threads" { print s "\t" $2 "\t" $3 "\t" $5 "\t" $7 "\t" $8 "\t" $4 }' >>"$raw"
	done
done
for seed in 1 1001; do
	"$simstats" "$schedules" "$seed" |
		awk '$1 == "sim" && NF >= 8 { print "simulator\t" $2 "\t" $3 "\t" $5 "\t" $7 "\t" $8 "\t" $4 }' >>"$raw"
done
# sums: the per-1k and percent columns back to counts, then the ratios
awk -F'\t' -v secs="$secs" -v runs="$runs" '
{
	k = $1 SUBSEP $2
	if (!(k in n)) order[++nk] = k
	n[k] += $3; bit[k] += $4; sw[k] += $5 * $3 / 1000; fast[k] += $6 * $3 / 100
	msw[k] += $7; src[k] = $1; var[k] = $2
}
END {
	for (i = 1; i <= nk; i++) {
		k = order[i]
		printf "stats, %-20s %-14s schedins %8d  bitmap ops/1k %6.1f  in switches/1k %6.1f  schedin fastpath %6.2f%%",
		       src[k], var[k], n[k], 1000 * bit[k] / n[k], 1000 * sw[k] / n[k], 100 * fast[k] / n[k]
		if (src[k] ~ /^emulator/)
			printf "  mode switches/s %.0f", msw[k] / (secs * runs)
		printf "\n"
	}
	for (i = 1; i <= nk; i++) {
		k = order[i]
		if (var[k] != "current") continue
		d = src[k] SUBSEP "schedout-drop"
		if (!(d in n)) continue
		printf "stats, %s: current vs schedout-drop: %.1f%% fewer bitmap ops (%.1f%% within switches), fastpath %+.1f points\n",
		       src[k], 100 * (1 - (bit[k] / n[k]) / (bit[d] / n[d])),
		       100 * (1 - (sw[k] / n[k]) / (sw[d] / n[d])),
		       100 * (fast[k] / n[k] - fast[d] / n[d])
	}
}' "$raw"
