#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The stress emulator on real threads (not a test), for docs/stress.md:
# time to the transit-task-to-cpu livelock (stress/time_to_livelock.sh:
# SEEDS seeds, BUDGET seconds each, 4 CPUs, pool of 1..5, --delay 8
# --delay-us 1000) in the TSan and the release build; the same without
# the sleeps (the defaults, 3 runs of 30 s); each old kernel profile for
# 8 s, expected clean.
#
#   bench/livelock.sh [SEEDS] [BUDGET]     (default 10 120)
#
# Needs scripts/build.sh release tsan.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
seeds=${1:-10}
budget=${2:-120}
nosleep_runs=3 nosleep_secs=30 profile_secs=8
bench_quick && seeds=1 budget=3 nosleep_runs=1 nosleep_secs=2 profile_secs=1
tsan=build/tsan/cidfuzz-stress
release=build/release/cidfuzz-stress
bench_need "$tsan" "$release"

bench_header "stress emulator (bench/livelock.sh $seeds $budget)" "$tsan" "$release"
echo
for b in tsan release; do
	line=$(stress/time_to_livelock.sh "build/$b/cidfuzz-stress" "$seeds" "$budget" | tail -1)
	case "$line" in "found in "*) ;; *) echo "$0: time_to_livelock.sh printed '$line'" >&2; exit 1 ;; esac
	echo "livelock, $b build: $line"
done
found=0
for seed in $(seq 1 "$nosleep_runs"); do
	if "$release" --bug transit-task-to-cpu --seconds "$nosleep_secs" --watchdog 2 --max 5 \
		--seed "$seed" 2>/dev/null | grep -q '^LIVELOCK'; then
		found=$((found + 1))
	fi
done
echo "livelock, release build without sleeps: found in $found of $nosleep_runs runs of $nosleep_secs s"
for p in seed rewrite march; do
	verdict=$("$release" --kernel "$p" --seconds "$profile_secs" --quiet 2>/dev/null |
		sed -n 's/^verdict: //p' || true)
	echo "stress, kernel $p: ${verdict:-livelock or crash} in $profile_secs s"
done
