#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# What one execution costs each fuzz engine in CPU time (not a test): the
# figure a shared machine's load does not change, where executions per
# wall second do. Each engine runs `cidfuzz campaign` on one target (the
# campaign's own command and settings, one core, seed 1, about EXECS
# executions: --max-execs) under
# `perf stat`, which counts the CPU time of every process of the run
# (the campaign, the engine, its fork server and harness, whoever reaps
# them); the executions are the harness's own count. For AFL++ it also
# prints what afl-fuzz says of its run (fuzzer_stats), and runs it once
# more unbound (AFL_NO_AFFINITY=1: afl-fuzz and its harness free to run
# on different cores, as before the campaign let AFL++ bind to one).
#
#   bench/engine_cpu.sh [EXECS] [TARGET]     (default 50000, fixed)
#   ENGINES="libfuzzer afl" (default)
#   AFL_BEFORE=DIR: AFL++ once more with the afl_<target> of another
#   build (e.g. DIR=<an older checkout>/build/afl/fuzzers), in the same
#   run: before and after a change on the same machine state
#
# Needs scripts/build.sh release fuzz afl, and perf.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
budget=${1:-50000}
target=${2:-fixed}
engines=${ENGINES:-libfuzzer afl}
bench_quick && budget=2000
cidfuzz=build/release/cidfuzz
bench_need "$cidfuzz" build/fuzz/fuzzers/fuzz_"$target" build/afl/fuzzers/afl_"$target"
command -v perf >/dev/null || { echo "$0: perf missing" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bench_header "engine CPU (bench/engine_cpu.sh $budget $target: $engines)" "$cidfuzz" \
	build/fuzz/fuzzers/fuzz_"$target" build/afl/fuzzers/afl_"$target"
echo
# one LABEL ENGINE [CAMPAIGN ARGS...]: a row (and AFL++'s own figures)
one() {
	local label=$1 e=$2 execs stats t0 t1
	shift 2
	rm -rf "$work/f"
	t0=$(date +%s.%N)
	execs=$(perf stat -x, -e task-clock,context-switches -o "$work/perf" -- \
		"$cidfuzz" campaign --engine "$e" --targets "$target" --max-time 3600 --max-execs "$budget" \
		--jobs 1 --seed 1 --keep-going --quiet --findings "$work/f" "$@" |
		awk -v t="$target" '$1 == t { print $5 }')
	[ -n "$execs" ] && [ "$execs" -gt 0 ] ||
		{ echo "$0: campaign --engine $e printed no executions for $target" >&2; exit 1; }
	t1=$(date +%s.%N)
	awk -F, -v e="$label" -v t="$target" -v x="$execs" -v b="$budget" -v w="$t0 $t1" '
		$3 == "task-clock" { ms = $1 }
		$3 == "context-switches" { cs = $1 }
		END {
			split(w, tw, " ")
			printf "engine cpu, %s on %s: %d executions (budget %s), %.2f CPU-s, %.1f us CPU/execution, %.0f executions/CPU-s, %.2f context switches/execution, %.1f us wall/execution (the campaign whole)\n",
			       e, t, x, b, ms / 1000, ms * 1000 / x, x / (ms / 1000), cs / x, (tw[2] - tw[1]) * 1e6 / x
		}' "$work/perf"
	stats="$work/f/.work/$e-$target/afl/default/fuzzer_stats"
	if [ -f "$stats" ]; then
		printf 'engine cpu, %s on %s, fuzzer_stats:' "$label" "$target"
		awk -F' *: *' '$1 ~ /^(execs_done|execs_per_sec|corpus_count|corpus_variable|stability|var_byte_count|edges_found|total_edges|slowest_exec_ms)$/ {
			printf " %s %s", $1, $2 } END { print "" }' "$stats"
	fi
}

for e in $engines; do
	one "$e" "$e"
done
case " $engines " in *" afl "*)
	AFL_NO_AFFINITY=1 one "afl unbound" afl ;;
esac
if [ -n "${AFL_BEFORE:-}" ]; then
	[ -x "$AFL_BEFORE/afl_$target" ] || { echo "$0: no $AFL_BEFORE/afl_$target" >&2; exit 1; }
	one "afl ($AFL_BEFORE)" afl --fuzzers "$AFL_BEFORE"
fi
