#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The bug-history benchmark (not a test). Two parts:
#
# 1. Each real bug of 2026 as a campaign target (its switch on, nothing
#    else told): SEEDS fresh libFuzzer campaigns each, one core a run,
#    BUDGET seconds; the median and max time to the first violation and
#    the minimized reproducer of the first seed (bench/time_to_bug.sh does
#    the runs).
# 2. Each old kernel profile as one --keep-going campaign (BUDGET
#    seconds, one core, not told which bugs it has): every distinct
#    violation it found, minimized, and which switches of the profile it
#    needs (replayed with the profile less one switch at a time: a switch
#    it needs takes the violation away).
#
#   bench/history.sh [SEEDS] [BUDGET_SECONDS]     (default 10 120)
#   BUGS="..." PROFILES="..." JOBS=2
#
# Needs scripts/build.sh (release, fuzz). Raw rows of part 1 in
# bench/history.last.tsv, reproducers in bench/history.last/ (neither
# committed).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
seeds=${1:-10}
budget=${2:-120}
bench_quick && seeds=1 budget=2
bugs=${BUGS:-transit-task-to-cpu split-mode-fields cid-on-cpu-drop fork-visibility vfork-budget unset-transit-oob}
profiles=${PROFILES:-rewrite seed march}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
cidfuzz=build/release/cidfuzz
keep=bench/history.last
rm -rf "$keep"
mkdir -p "$keep"

bench_header "bug history (bench/history.sh $seeds $budget)" "$cidfuzz" build/fuzz/fuzzers/fuzz_fixed
echo

# 1. each bug: time to the first violation
echo "== 1. every real bug as a target: $seeds seeds, $budget s each"
NO_HEADER=1 ENGINES=libfuzzer TARGETS="$bugs" JOBS=$jobs OUT=bench/history.last.tsv \
	bench/time_to_bug.sh "$seeds" "$budget" | sed -n '1,/^$/p'
for b in $bugs; do
	"$cidfuzz" campaign --targets "$b" --max-time "$budget" --jobs 1 --seed 1 \
		--quiet --findings "$keep/bug" >/dev/null 2>&1 || true
done
echo "reproducers (seed 1, minimized): $keep/bug/<bug>/"
for f in "$keep"/bug/*/*.sched; do
	[ -e "$f" ] || continue
	printf '  %-60s %s events\n' "$f" "$(grep -cv '^#' "$f")"
done
echo

# 2. each old kernel: every distinct violation, and which switch it is
echo "== 2. every old kernel, not told its bugs: one --keep-going campaign of $budget s each"
for p in $profiles; do
	mkdir -p "$keep/$p"
	date +%s.%N > "$keep/$p/.start"
	"$cidfuzz" campaign --kernel "$p" --keep-going --max-time "$budget" \
		--jobs 1 --seed 1 --quiet --findings "$keep/$p" >/dev/null 2>&1 &
	while [ "$(jobs -r | wc -l)" -ge "$jobs" ]; do sleep 1; done
done
wait
# does replaying FILE with OPTIONS... show invariant INV?
shows() {
	local f=$1 inv=$2 out
	shift 2
	out=$("$cidfuzz" replay "$f" "$@" 2>/dev/null || true)
	case "$out" in "VIOLATION $inv:"*) return 0 ;; esac
	return 1
}
printf '%-8s %-28s %7s %-30s %s\n' profile violation "after" needs reproducer
for p in $profiles; do
	ls "$keep/$p"/kernel-"$p"/*.sched >/dev/null 2>&1 ||
		printf '%-8s %s\n' "$p" "(no violation in $budget s)"
	switches=$("$cidfuzz" bugs | awk -v p="$p" '$1 == p { getline; sub(/.*switches: /, ""); print }')
	for f in "$keep/$p"/kernel-"$p"/*.sched; do
		[ -e "$f" ] || continue
		v=$(basename "$f" .sched)
		inv=${v#known-}
		inv=${inv%%-*}
		who=
		case $v in known-*)
			# minimized on the newest code, where it is known
			# (docs/findings.md): no switch of the profile to blame
			shows "$f" "$inv" && who="none: known on the newest code" ||
				who="(does not replay on the newest code)" ;;
		*)
			shows "$f" "$inv" --kernel "$p" || who="(does not replay)" ;;
		esac
		for b in $switches; do
			case $who in "("* | none*) break ;; esac
			shows "$f" "$inv" --kernel "$p" --no-bug "$b" || who="$who${who:+,}$b"
		done
		after=$(awk -v s="$(cat "$keep/$p/.start")" -v t="$(stat -c %.3Y "${f%.sched}.bin")" \
			'BEGIN { printf "%.0f s", t - s }')
		printf '%-8s %-28s %7s %-30s %s\n' "$p" "$v" "$after" "${who:-any one of several}" "$f"
	done
done
