#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fuzz smoke test: every harness builds and runs for a few seconds (the
# fixed code and the variants must not report), and the campaign finds
# transit-task-to-cpu with libFuzzer and AFL++.
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
for t in fixed schedout-drop; do
	for h in "$fuzz/fuzz_$t" "$fuzz/fuzz_plain_$t"; do
		mkdir -p "$work/c-$t"
		if ! "$h" -max_total_time=3 -max_len=512 "$work/c-$t" \
			"$src/corpus" >"$work/log" 2>&1; then
			echo "FAIL: $h reported on the code it must not"; tail -20 "$work/log"
			fail=1
		fi
	done
done
# every other harness runs (it may well find its bug: that is a crash exit)
for h in "$fuzz"/fuzz_* "$afl"/afl_*; do
	case $h in *.dict|*.options) continue ;; esac
	[ -x "$h" ] || { echo "FAIL: $h missing"; fail=1; }
done

for engine in libfuzzer afl; do
	out=$("$cidfuzz" campaign --engine "$engine" --targets transit-task-to-cpu \
		--max-time 60 --jobs 1 --quiet --findings "$work/f-$engine" --seed 1 2>&1)
	echo "$out" | tail -4
	echo "$out" | grep -q '^transit-task-to-cpu  *bug  *yes' || {
		echo "FAIL: $engine did not find transit-task-to-cpu in 60 s"; fail=1; }
	ls "$work/f-$engine/transit-task-to-cpu/"*.sched >/dev/null 2>&1 || {
		echo "FAIL: no minimized reproducer from $engine"; fail=1; }
done
exit $fail
