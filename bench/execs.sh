#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Executions per second (not a test), for docs/benchmarks.md: bench_execs
# (generated 64-event schedules on 4 CPUs, one core) with no oracle, the
# incremental one and the full one, best of REPEATS, for the release
# build and for its variants: built with clang, the write hints off
# (CIDFUZZ_WRITE_HINTS=OFF), weak memory. The rounds interleave the
# variants, so that the machine's load of the moment falls on all of
# them; the ratios to the release build are the figures to compare.
#
#   bench/execs.sh [SECONDS] [REPEATS]     (default 3 3: SECONDS per oracle and run)
#
# Needs scripts/build.sh release; builds the variants in build/bench-clang
# and build/bench-nohints (bench_execs only).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${1:-3}
repeats=${2:-3}
bench_quick && secs=0.2 repeats=1
release=build/release/bench_execs
clang=build/bench-clang/bench_execs
nohints=build/bench-nohints/bench_execs
bench_need "$release"
bench_build clang bench_execs -DCMAKE_C_COMPILER=clang
bench_build nohints bench_execs -DCIDFUZZ_WRITE_HINTS=OFF
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT

bench_header "executions per second (bench/execs.sh $secs $repeats): best of $repeats, $secs s per oracle, one core" \
	"$release" "$clang" "$nohints"
echo
# raw rows: variant oracle executions/s ns/step
for r in $(seq 1 "$repeats"); do
	for v in release clang nohints weak; do
		case $v in
		release) out=$("$release" "$secs") ;;
		clang) out=$("$clang" "$secs") ;;
		nohints) out=$("$nohints" "$secs") ;;
		weak) out=$("$release" "$secs" 4 64 weak) ;;
		esac
		printf '%s\n' "$out" | awk -v v=$v '$1 ~ /^(none|incremental|full)$/ { print v, $1, $2, $5 }' >>"$raw"
	done
done
awk '
{
	k = $1 SUBSEP $2
	if (!(k in best) || $3 > best[k]) { best[k] = $3; ns[k] = $4 }
}
END {
	n = split("none incremental full", o, " ")
	for (i = 1; i <= n; i++) {
		r = best["release", o[i]]
		printf "execs, oracle %-12s %7.0f/s %6.1f ns/step; clang %7.0f/s (%.2fx); write hints off %7.0f/s (%.2fx); weak memory %7.0f/s (%.2fx)\n",
		       o[i], r, ns["release", o[i]],
		       best["clang", o[i]], best["clang", o[i]] / r,
		       best["nohints", o[i]], best["nohints", o[i]] / r,
		       best["weak", o[i]], best["weak", o[i]] / r
	}
	printf "execs, oracle cost per step       incremental %.1f ns, full %.1f ns (release)\n",
	       ns["release", "incremental"] - ns["release", "none"],
	       ns["release", "full"] - ns["release", "none"]
}' "$raw"
