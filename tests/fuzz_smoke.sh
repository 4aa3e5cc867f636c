#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fuzz smoke test: every harness builds and runs for a few seconds (the
# fixed code and the variants must not report); the libFuzzer campaign
# finds transit-task-to-cpu and keeps its findings through a Ctrl-C, and
# runs our front doors clean; the AFL++ campaign runs on the fixed code
# and finds nothing; one libFuzzer seed gives the same run twice.
#   fuzz_smoke.sh CIDFUZZ SOURCE_DIR
# Exit 77 (skipped) when the fuzz builds are missing (scripts/build.sh).
set -u
cidfuzz=$1
src=$2
fuzz=$src/build/fuzz/fuzzers
afl=$src/build/afl/fuzzers
[ -x "$fuzz/fuzz_fixed" ] && [ -x "$afl/afl_fixed" ] || {
	echo "fuzz builds missing: run scripts/build.sh fuzz afl"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# each harness, standalone: a violation aborts, so exit 0 means none
for t in fixed fixed-weak schedout-drop; do
	for h in "$fuzz/fuzz_$t" "$fuzz/fuzz_plain_$t"; do
		mkdir -p "$work/c-$t"
		if ! "$h" -max_total_time=3 -max_len=512 "$work/c-$t" \
			"$src/corpus" >"$work/log" 2>&1; then
			echo "FAIL: $h reported on the code it must not"; tail -20 "$work/log"
			fail=1
		fi
	done
done
# our own front doors: the parser and the decoder never break
# One seed, one campaign: the interleaving feedback's ids do not depend
# on where ASLR put the binary, so two runs grow the same corpus
for r in 1 2; do
	mkdir -p "$work/det-$r"
	"$fuzz/fuzz_fixed" -seed=7 -runs=20000 "$work/det-$r" 2>&1 |
		sed -n 's/^#20000[[:space:]]*DONE[[:space:]]*\(cov.*\) lim.*/\1/p' >"$work/det-$r.txt"
done
if [ ! -s "$work/det-1.txt" ] || ! cmp -s "$work/det-1.txt" "$work/det-2.txt"; then
	echo "FAIL: two libFuzzer runs with one seed differ:"
	cat "$work/det-1.txt" "$work/det-2.txt"; fail=1
fi
for door in parse_text binary_roundtrip; do
	mkdir -p "$work/c-$door"
	"$fuzz/fuzz_$door" -max_total_time=3 "$work/c-$door" "$src/corpus" \
		"$src/crashes" >"$work/log" 2>&1 || {
		echo "FAIL: fuzz_$door"; tail -20 "$work/log"; fail=1; }
done
# every other harness runs (it may well find its bug: that is a crash exit)
for h in "$fuzz"/fuzz_* "$afl"/afl_*; do
	case $h in *.dict|*.options) continue ;; esac
	[ -x "$h" ] || { echo "FAIL: $h missing"; fail=1; }
done

out=$("$cidfuzz" campaign --engine libfuzzer --targets transit-task-to-cpu \
	--max-time 60 --jobs 1 --quiet --findings "$work/f-lf" --seed 1 2>&1)
echo "$out" | tail -4
echo "$out" | grep -q '^transit-task-to-cpu  *bug  *yes' || {
	echo "FAIL: libFuzzer did not find transit-task-to-cpu in 60 s"; fail=1; }
ls "$work/f-lf/transit-task-to-cpu/"*.sched >/dev/null 2>&1 || {
	echo "FAIL: no minimized reproducer"; fail=1; }
# weak memory: the seed patch-2 livelock (a target that turns it on)
# split-mode-fields: a median under a second, but about one seed in ten
# takes half a minute or more; a seed's run is repeatable, yet any change
# to the harness or the model reshuffles which seeds are slow: up to four
# seeds of 30 s, the first find wins
found=
for seed in 1 2 3 4; do
	out=$("$cidfuzz" campaign --engine libfuzzer --targets split-mode-fields \
		--max-time 30 --jobs 1 --quiet --findings "$work/f-weak" \
		--seed $seed 2>&1)
	echo "$out" | tail -3
	echo "$out" | grep -q '^split-mode-fields  *bug  *yes' && { found=1; break; }
done
[ -n "$found" ] || {
	echo "FAIL: libFuzzer did not find split-mode-fields with 4 seeds of 30 s"; fail=1; }

# the front doors run in the campaign like the model's targets (libFuzzer
# only: another engine leaves them out and says so)
out=$("$cidfuzz" campaign --targets parse_text,binary_roundtrip --max-time 3 \
	--jobs 2 --quiet --findings "$work/f-door" --seed 1 2>&1)
echo "$out" | tail -3
for door in parse_text binary_roundtrip; do
	echo "$out" | awk -v d=$door '$1 == d && $2 == "front" && $4 == "no" &&
		$6 > 1000 { ok = 1 } END { exit !ok }' || {
		echo "FAIL: campaign front door $door did not run clean"; fail=1; }
done
out=$("$cidfuzz" campaign --engine random --targets parse_text,fixed \
	--max-time 1 --jobs 1 --quiet --findings "$work/f-door" 2>&1)
echo "$out" | grep -q "parse_text left out (front doors run with --engine libfuzzer only)" || {
	echo "FAIL: --engine random did not leave the front door out"; fail=1; }

out=$("$cidfuzz" campaign --engine afl --targets fixed --max-time 10 --jobs 1 \
	--quiet --findings "$work/f-afl" --seed 1 2>&1)
echo "$out" | tail -3
echo "$out" | awk '$1 == "fixed" && $3 == "no" && $5 > 1000 { ok = 1 } END { exit !ok }' || {
	echo "FAIL: AFL++ did not run, or reported on the fixed code"; fail=1; }
# Ctrl-C: the campaign stops its engines, keeps and minimizes what it has
"$cidfuzz" campaign --targets transit-task-to-cpu --max-time 120 --jobs 1 \
	--keep-going --seed 2 --findings "$work/f-int" >"$work/int.log" 2>&1 &
pid=$!
for i in $(seq 1 300); do
	ls "$work/f-int/transit-task-to-cpu/"*.bin >/dev/null 2>&1 && break
	sleep 0.2
done
kill -INT $pid
wait $pid
grep -q '^interrupted: keeping what was found so far' "$work/int.log" &&
grep -q '^transit-task-to-cpu  *bug  *yes' "$work/int.log" &&
ls "$work/f-int/transit-task-to-cpu/"*.sched >/dev/null 2>&1 || {
	echo "FAIL: an interrupted campaign lost its findings"; cat "$work/int.log"
	fail=1; }
ls "$work/f-int/transit-task-to-cpu/"*.tmp.* >/dev/null 2>&1 && {
	echo "FAIL: a temporary file was left behind"; fail=1; }
exit $fail
