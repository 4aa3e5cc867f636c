#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Time-to-bug benchmark (not a test): for each bug target and engine, N
# seeds, each a fresh campaign on one core with a time budget; prints the
# median and max time to the first violation and executions, and how much
# faster cidfuzz (libFuzzer with the structure-aware mutator and the
# interleaving feedback) is than plain libFuzzer on raw bytes and than
# uniform random schedules. A run that finds nothing counts as the budget
# (so the baselines' medians are lower bounds, marked ">"). With afl among
# the engines, AFL++ with the same mutator and feedback (the second
# engine): its ratio to libFuzzer, wall time and executions, is the
# figure to watch (goal: within 3x).
#
#   bench/time_to_bug.sh [SEEDS] [BUDGET_SECONDS]
#   bench/time_to_bug.sh --summary FILE.tsv BUDGET_SECONDS   (table only)
#   ENGINES="libfuzzer libfuzzer-plain random afl" TARGETS="..." JOBS=2
#   MAX_EXECS=N: each run also stops after N executions, and a find
#   counts only within them: a budget a loaded machine does not shrink
#   (give BUDGET_SECONDS room to spare)
#   FUZZERS=DIR: the harnesses of another build (campaign --fuzzers), e.g.
#   an older checkout's build/afl/fuzzers with ENGINES=afl
#
# Needs scripts/build.sh (release, fuzz; afl for AFL++). Prints a table; raw rows in
# $OUT (default bench/time_to_bug.last.tsv, not committed). NO_HEADER=1:
# no header (bench/history.sh prints its own).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
summary_only=
if [ "${1:-}" = --summary ]; then
	summary_only=$2
	set -- 0 "$3"
fi
seeds=${1:-10}
budget=${2:-60}
engines=${ENGINES:-libfuzzer libfuzzer-plain random}
targets=${TARGETS:-transit-task-to-cpu cid-on-cpu-drop fork-visibility vfork-budget unset-transit-oob}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
out=${OUT:-bench/time_to_bug.last.tsv}
bench_quick && seeds=1 budget=2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

one() {	# engine target seed -> "engine target seed found first execs"
	local dir="$work/$1-$2-$3" row
	row=$(build/release/cidfuzz campaign --engine "$1" --targets "$2" \
		--max-time "$budget" ${MAX_EXECS:+--max-execs "$MAX_EXECS"} \
		${FUZZERS:+--fuzzers "$FUZZERS"} \
		--jobs 1 --quiet --seed "$3" \
		--findings "$dir" 2>/dev/null | awk -v t="$2" '$1 == t')
	set -- "$1" "$2" "$3" $row
	# row: target kind found first execs reproducer
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$6" "$7" "$8"
	rm -rf "$dir"
}
export -f one
export work budget MAX_EXECS FUZZERS

if [ -n "$summary_only" ]; then
	out=$summary_only
else
	for e in $engines; do for t in $targets; do for s in $(seq 1 "$seeds"); do
		echo "$e $t $s"
	done; done; done | xargs -P "$jobs" -L 1 bash -c 'one "$@"' _ > "$out"
fi

if [ -z "${NO_HEADER:-}" ]; then
	harnesses=build/fuzz/fuzzers/fuzz_fixed
	case " $engines " in *" afl "*)
		harnesses="$harnesses build/afl/fuzzers/afl_fixed" ;;
	esac
	bench_header "time to bug (bench/time_to_bug.sh $seeds $budget: $engines on $targets)" \
		build/release/cidfuzz $harnesses
	echo
fi
echo "time to first violation: seeds per cell as counted, budget $budget s${MAX_EXECS:+ and $MAX_EXECS executions}, one core per run"
awk -F'\t' -v budget="$budget" -v maxx="${MAX_EXECS:-0}" '
function median(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) {
		t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
{
	k = $1 SUBSEP $2
	n[k]++
	found = $4 == "yes" && (!maxx || $6 <= maxx)
	t[k, n[k]] = found ? $5 : budget
	x[k, n[k]] = $6
	miss[k] += !found
	if (found && $5 > mx[k]) mx[k] = $5
	if (!found) mx[k] = budget
	eng[$1] = 1; tgt[$2] = 1
}
END {
	printf "%-20s %-16s %6s %10s %10s %14s\n", "target", "engine", "found",
	       "median s", "max s", "median execs"
	for (g in tgt) for (e in eng) {
		k = e SUBSEP g
		if (!n[k]) continue
		delete a; delete b
		for (i = 1; i <= n[k]; i++) { a[i] = t[k, i]; b[i] = x[k, i] }
		med[k] = median(a, n[k])
		medx[k] = median(b, n[k])
		printf "%-20s %-16s %3d/%-2d %s%9.1f %10.1f %14d\n", g, e,
		       n[k] - miss[k], n[k], (miss[k] * 2 >= n[k] ? ">" : " "),
		       med[k], mx[k], medx[k]
	}
	print ""
	printf "%-20s %-16s %s\n", "target", "engine",
	       "median(engine) / median(libfuzzer): time, executions"
	for (g in tgt) for (e in eng) {
		if (e == "libfuzzer") continue
		k = e SUBSEP g; c = "libfuzzer" SUBSEP g
		if (!n[k] || !n[c]) continue
		printf "%-20s %-16s %s%.1fx, %s%.1fx\n", g, e,
		       (miss[k] * 2 >= n[k] ? ">" : ""),
		       med[k] / (med[c] > 0.05 ? med[c] : 0.05),
		       (miss[k] * 2 >= n[k] ? ">" : ""),
		       medx[k] / (medx[c] > 1 ? medx[c] : 1)
	}
}' "$out"
