#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Fuzz smoke test: every harness builds and runs (the fixed code, the
# variants and our front doors must not report; a known bug switched back
# on or an old kernel may, and each bug harness finds its own reproducer);
# the libFuzzer campaign finds transit-task-to-cpu and keeps its findings
# through a Ctrl-C, and runs our front doors clean; the AFL++ campaign runs
# on the fixed code and finds nothing, its command runs by hand, and it
# finds cid-on-cpu-drop; one libFuzzer seed gives the same
# run twice; a run not fully checked is kept as a finding.
#   fuzz_smoke.sh CIDFUZZ SOURCE_DIR
# Exit 0: passed; 1: failed; 77 (skipped) when the fuzz builds are missing
# (scripts/build.sh fuzz afl). With CIDFUZZ_NO_SKIP=1 in the environment
# (CI: .ci/run) a missing build is a failure: exit 1 with the reason.
set -u
cidfuzz=$1
src=$2
fuzz=$src/build/fuzz/fuzzers
afl=$src/build/afl/fuzzers
[ -x "$fuzz/fuzz_fixed" ] && [ -x "$afl/afl_fixed" ] || {
	echo "fuzz builds missing: run scripts/build.sh fuzz afl"
	[ "${CIDFUZZ_NO_SKIP:-}" = 1 ] && { echo "FAIL: CIDFUZZ_NO_SKIP=1: no skipping"; exit 1; }
	exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# Every harness, from its build folder: what it is a harness for, by the
# target's name (fuzz_<target>, fuzz_plain_<target>, afl_<target>)
target_of() {
	t=${1##*/}
	t=${t#fuzz_plain_}
	t=${t#fuzz_}
	echo "${t#afl_}"
}
# may_find TARGET: a known bug switched back on (`cidfuzz bugs`, kind
# "bug") or an old kernel; the fixed code, the variants (kind "change" or
# "variant") and the front doors must run clean
bug_switches=$("$cidfuzz" bugs | awk '$2 == "bug" { print $1 }')
[ -n "$bug_switches" ] || { echo "FAIL: cidfuzz bugs lists no bug"; fail=1; }
may_find() {
	case $1 in kernel-*) return 0 ;; esac
	echo "$bug_switches" | grep -qx -- "$1"
}
# finding RC LOG: a violation ended the run the way fuzzers/findings.c ends
# a standalone harness: its "cidfuzz: VIOLATION ..." line last (but for
# the shell's "Aborted"), then abort(), exit status 134 (SIGABRT;
# libFuzzer runs with -handle_abrt=0, so that its own crash exit, 77, is
# never taken for one). A sanitizer report, any other signal, libFuzzer's
# crash, timeout or error exit is no finding.
finding() {
	[ "$1" = 134 ] && awk '/^cidfuzz: VIOLATION I[0-9] at / { v = 1; after = 0; next }
		v && !/^Aborted/ { after = 1 } END { exit !(v && !after) }' "$2"
}
# harness_exit HARNESS RC LOG [WHAT]: did the run end as its target
# allows (exit 0, or a finding where findings are allowed)? If not, say
# so and fail
harness_exit() {
	[ "$2" = 0 ] && return 0
	may_find "$(target_of "$1")" && finding "$2" "$3" && return 0
	echo "FAIL: ${1##*/}${4:+ $4}: exit $2, not 0$(may_find "$(target_of "$1")" &&
		echo ' nor a finding')"
	tail -20 "$3"
	fail=1
	return 1
}

# The seeds as a campaign gives them (binary, cidfuzz encode): corpus/ and
# corpus/seeds/; the reproducers of crashes/ apart
mkdir -p "$work/seeds" "$work/repro"
for f in "$src"/corpus/*.sched "$src"/corpus/seeds/*.sched; do
	d=${f%/*}
	"$cidfuzz" encode "$f" "$work/seeds/${d##*/}-${f##*/}.bin" ||
		{ echo "FAIL: cidfuzz encode $f"; fail=1; }
done
for f in "$src"/crashes/*.sched; do
	n=${f##*/}
	"$cidfuzz" encode "$f" "$work/repro/${n%.sched}.bin" ||
		{ echo "FAIL: cidfuzz encode $f"; fail=1; }
done

# Every libFuzzer harness fuzzes 1000 inputs from the seeds, every AFL++
# harness runs each seed and reproducer once (a file argument): exit 0,
# or a finding where the target allows one
for h in "$fuzz"/fuzz_* "$afl"/afl_*; do
	case $h in *.dict|*.options) continue ;; esac
	[ -x "$h" ] || { echo "FAIL: $h not executable"; fail=1; continue; }
	# a target of the model has its harness on both engines
	case ${h##*/} in fuzz_plain_*)
		[ -x "$afl/afl_$(target_of "$h")" ] ||
			{ echo "FAIL: no afl_$(target_of "$h")"; fail=1; } ;;
	esac
	case ${h##*/} in
	fuzz_*)
		mkdir -p "$work/c-${h##*/}"
		"$h" -seed=1 -runs=1000 -max_len=1024 -handle_abrt=0 \
			"$work/c-${h##*/}" "$work/seeds" >"$work/log" 2>&1
		rc=$?
		harness_exit "$h" $rc "$work/log"
		if [ $rc = 0 ] && ! grep -q '^Done 1000 runs' "$work/log"; then
			echo "FAIL: ${h##*/} exited 0 without its 1000 runs"
			tail -5 "$work/log"; fail=1
		fi ;;
	*)
		for f in "$work"/seeds/*.bin "$work"/repro/*.bin; do
			"$h" "$f" >"$work/log" 2>&1
			harness_exit "$h" $? "$work/log" "on ${f##*/}" || break
		done ;;
	esac
done
# ... and each bug harness finds its own reproducer (crashes/<slug>.sched
# and <slug>.<more>.sched) on both engines: the finding path works
for f in "$work"/repro/*.bin; do
	t=${f##*/}
	t=${t%%.*}
	for h in "$fuzz/fuzz_$t" "$fuzz/fuzz_plain_$t" "$afl/afl_$t"; do
		case $h in
		"$fuzz"/*) "$h" -handle_abrt=0 "$f" >"$work/log" 2>&1 ;;
		*) "$h" "$f" >"$work/log" 2>&1 ;;
		esac
		rc=$?
		finding $rc "$work/log" || {
			echo "FAIL: ${h##*/} on ${f##*/}: exit $rc, not a finding"
			tail -20 "$work/log"; fail=1; }
	done
done

# A run the oracle could not check to its end is a finding to look at,
# never clean (tests/unchecked-window.sched): alone, a harness aborts
# with "cidfuzz: UNCHECKED I6 ..."; under a campaign (CIDFUZZ_FINDINGS) it
# keeps the input as unchecked-I6.bin and goes on
"$cidfuzz" encode "$src/tests/unchecked-window.sched" "$work/unchecked.bin" ||
	{ echo "FAIL: cidfuzz encode tests/unchecked-window.sched"; fail=1; }
"$fuzz/fuzz_fixed" -handle_abrt=0 "$work/unchecked.bin" >"$work/log" 2>&1
rc=$?
if [ $rc != 134 ] || ! grep -q '^cidfuzz: UNCHECKED I6 from step' "$work/log"; then
	echo "FAIL: fuzz_fixed on a run not fully checked: exit $rc, not UNCHECKED"
	tail -5 "$work/log"; fail=1
fi
mkdir -p "$work/f-unchecked"
CIDFUZZ_FINDINGS="$work/f-unchecked" "$afl/afl_fixed" "$work/unchecked.bin" \
	>"$work/log" 2>&1 || { echo "FAIL: afl_fixed under a campaign"; fail=1; }
[ -f "$work/f-unchecked/unchecked-I6.bin" ] || {
	echo "FAIL: afl_fixed kept no unchecked-I6.bin"; fail=1; }

# each fixed harness, standalone for a few seconds (unseeded: the inputs
# differ from run to run): a violation aborts, so exit 0 means none. A run
# the oracle could not check to its end (UNCHECKED: the I6 spec's bound,
# docs/invariants.md) aborts too; that is no report of a violation: noted,
# and a crash or a VIOLATION still fails
for t in fixed fixed-weak schedout-drop; do
	for h in "$fuzz/fuzz_$t" "$fuzz/fuzz_plain_$t"; do
		mkdir -p "$work/c-$t"
		"$h" -max_total_time=3 -max_len=512 "$work/c-$t" \
			"$src/corpus" >"$work/log" 2>&1 && continue
		if grep -q '^cidfuzz: UNCHECKED ' "$work/log" &&
			! grep -q '^cidfuzz: .*VIOLATION ' "$work/log"; then
			echo "note: ${h##*/}: $(grep -m1 '^cidfuzz: UNCHECKED ' "$work/log")"
			continue
		fi
		echo "FAIL: $h reported on the code it must not"; tail -20 "$work/log"
		fail=1
	done
done
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
# our own front doors: the parser and the decoder never break
for door in parse_text binary_roundtrip; do
	mkdir -p "$work/c-$door"
	"$fuzz/fuzz_$door" -max_total_time=3 "$work/c-$door" "$src/corpus" \
		"$src/crashes" >"$work/log" 2>&1 || {
		echo "FAIL: fuzz_$door"; tail -20 "$work/log"; fail=1; }
done

# A campaign exits 0 when every target did what its kind expects, 1 when
# not (a bug not found, a finding on the fixed code, a crash), 2 on an
# error: campaign_exit WANT WHAT checks the last one's $rc
campaign_exit() {
	[ "$rc" = "$1" ] || { echo "FAIL: campaign $2: exit $rc, wanted $1"; fail=1; }
}

out=$("$cidfuzz" campaign --engine libfuzzer --targets transit-task-to-cpu \
	--max-time 60 --jobs 1 --quiet --findings "$work/f-lf" --seed 1 2>&1)
rc=$?
echo "$out" | tail -4
campaign_exit 0 "libFuzzer transit-task-to-cpu"
echo "$out" | grep -q '^transit-task-to-cpu  *bug  *yes' || {
	echo "FAIL: libFuzzer did not find transit-task-to-cpu in 60 s"; fail=1; }
ls "$work/f-lf/transit-task-to-cpu/"*.sched >/dev/null 2>&1 || {
	echo "FAIL: no minimized reproducer"; fail=1; }
# weak memory: the seed patch-2 livelock (a target that turns it on)
# split-mode-fields: a median under a second, but about one seed in ten
# takes half a minute or more; a seed's run is repeatable, yet any change
# to the harness or the model reshuffles which seeds are slow: up to four
# seeds of 30 s, the first find wins
# finds_in_four ENGINE TARGET FINDINGS: the first of four seeds of 30 s
# that finds TARGET wins (a run that does not find it exits 1)
finds_in_four() {
	for seed in 1 2 3 4; do
		out=$("$cidfuzz" campaign --engine "$1" --targets "$2" \
			--max-time 30 --jobs 1 --quiet --findings "$3" \
			--seed $seed 2>&1)
		rc=$?
		echo "$out" | tail -3
		if echo "$out" | grep -q "^$2  *bug  *yes"; then
			campaign_exit 0 "$1 $2, seed $seed"
			return 0
		fi
		campaign_exit 1 "$1 $2 not found, seed $seed"
	done
	echo "FAIL: $1 did not find $2 with 4 seeds of 30 s"
	fail=1
	return 1
}
finds_in_four libfuzzer split-mode-fields "$work/f-weak"

# the front doors run in the campaign like the model's targets (libFuzzer
# only: another engine leaves them out and says so)
out=$("$cidfuzz" campaign --targets parse_text,binary_roundtrip --max-time 3 \
	--jobs 2 --quiet --findings "$work/f-door" --seed 1 2>&1)
rc=$?
echo "$out" | tail -3
campaign_exit 0 "front doors"
for door in parse_text binary_roundtrip; do
	echo "$out" | awk -v d=$door '$1 == d && $2 == "front" && $4 == "no" &&
		$6 > 1000 { ok = 1 } END { exit !ok }' || {
		echo "FAIL: campaign front door $door did not run clean"; fail=1; }
done
out=$("$cidfuzz" campaign --engine random --targets parse_text,fixed \
	--max-time 1 --jobs 1 --quiet --findings "$work/f-door" 2>&1)
rc=$?
campaign_exit 0 "random, front door left out"
echo "$out" | grep -q "parse_text left out (front doors run with --engine libfuzzer only)" || {
	echo "FAIL: --engine random did not leave the front door out"; fail=1; }

out=$("$cidfuzz" campaign --engine afl --targets fixed --max-time 10 --jobs 1 \
	--quiet --findings "$work/f-afl" --seed 1 2>&1)
rc=$?
echo "$out" | tail -3
campaign_exit 0 "AFL++ fixed"
echo "$out" | awk '$1 == "fixed" && $3 == "no" && $5 > 1000 { ok = 1 } END { exit !ok }' || {
	echo "FAIL: AFL++ did not run, or reported on the fixed code"; fail=1; }
# A run killed before it collected (SIGKILL): its RAM folder is still
# linked from <work>/afl. The next run on the same findings keeps that
# run's crashes (and reports them) and removes the folder.
mkdir -p "$work/shm/cidfuzz-afl-left/default/crashes"
printf 'threads T0\n' > "$work/shm/cidfuzz-afl-left/default/crashes/id:000007,sig:06"
rm -rf "$work/f-afl/.work/afl-fixed/afl"
ln -s "$work/shm/cidfuzz-afl-left" "$work/f-afl/.work/afl-fixed/afl"
out=$(CIDFUZZ_AFL_TMPDIR="$work/shm" "$cidfuzz" campaign --engine afl --targets fixed \
	--max-time 2 --jobs 1 --quiet --findings "$work/f-afl" --seed 1 2>&1)
rc=$?
[ -f "$work/f-afl/fixed/crash-afl-000007" ] &&
	[ ! -e "$work/shm/cidfuzz-afl-left" ] && [ -z "$(ls "$work/shm")" ] &&
	echo "$out" | grep -q "crash-afl-000007" || {
	echo "FAIL: the crash of a killed AFL++ run was not kept and reported (exit $rc)"
	echo "$out"; ls -R "$work/shm" "$work/f-afl/fixed"; fail=1; }
# By hand: the command the campaign ran, from the first line of its log
# (environment and arguments quoted for a shell), runs on its own: AFL++
# fuzzes the fixed code (its queue grows) and finds nothing
cmd=$(sed -n '1s/^cidfuzz: running: //p' "$work/f-afl/.work/afl-fixed/log")
case $cmd in
*AFL_CUSTOM_MUTATOR_LIBRARY=*"'-Z'"*"'--' "*afl_fixed*)
	rm -rf "$work/by-hand"
	eval "$(echo "$cmd" | sed "s|'-o' '[^']*'|'-o' '$work/by-hand'|; s|'-V' '[0-9]*'|'-V' '3'|")" \
		>"$work/log" 2>&1
	rc=$?
	n=$(ls "$work/by-hand/default/queue" 2>/dev/null | wc -l)
	c=$(ls "$work/by-hand/default/crashes" 2>/dev/null | grep -c '^id:')
	[ $rc = 0 ] && [ "$n" -gt 6 ] && [ "$c" = 0 ] || {
		echo "FAIL: AFL++ by hand: exit $rc, queue $n, crashes $c"
		tail -5 "$work/log"; fail=1; } ;;
*)
	echo "FAIL: no AFL++ command line in the campaign's log: $cmd"; fail=1 ;;
esac
# AFL++ finds a known bug as libFuzzer does (cid-on-cpu-drop: 10 of 10
# runs of bench/time_to_bug.sh, docs/benchmarks.md); a
# seed's run is not repeatable under AFL++ (its queue weights come from
# timings): up to four seeds of 30 s, the first find wins
if finds_in_four afl cid-on-cpu-drop "$work/f-afl-bug"; then
	ls "$work/f-afl-bug/cid-on-cpu-drop/"*.sched >/dev/null 2>&1 || {
		echo "FAIL: no minimized reproducer from AFL++"; fail=1; }
fi
# Ctrl-C: the campaign stops its engines, keeps and minimizes what it has
"$cidfuzz" campaign --targets transit-task-to-cpu --max-time 120 --jobs 1 \
	--keep-going --seed 2 --findings "$work/f-int" >"$work/int.log" 2>&1 &
pid=$!
for i in $(seq 1 300); do	# the target's own (a known- one may come first)
	ls "$work/f-int/transit-task-to-cpu/"I4-*.bin >/dev/null 2>&1 && break
	sleep 0.2
done
kill -INT $pid
wait $pid
rc=$?
campaign_exit 0 "interrupted"
grep -q '^interrupted: keeping what was found so far' "$work/int.log" &&
grep -q '^transit-task-to-cpu  *bug  *yes' "$work/int.log" &&
ls "$work/f-int/transit-task-to-cpu/"*.sched >/dev/null 2>&1 || {
	echo "FAIL: an interrupted campaign lost its findings"; cat "$work/int.log"
	fail=1; }
ls "$work/f-int/transit-task-to-cpu/"*.tmp.* >/dev/null 2>&1 && {
	echo "FAIL: a temporary file was left behind"; fail=1; }
exit $fail
