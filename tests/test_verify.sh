#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# cidfuzz verify: the output and the violation files of --jobs 2 are those
# of --jobs 1 (but the wall time), and a run killed part-way and resumed
# from its state file ends with them too.
#   test_verify.sh CIDFUZZ
cidfuzz=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0
scope="--cpus 3 --tasks 2 --concurrent 2 --kinds fork,exit,idle
       --bug fork-visibility --quiet"

# run NAME ARGS...: the output without the wall time in NAME.txt, the
# violations in NAME/, the exit code in NAME.rc
run() {
	name=$1
	shift
	mkdir -p "$name"
	# shellcheck disable=SC2086
	(cd "$name" && "$cidfuzz" verify $scope -o out "$@" >../"$name.out" 2>../"$name.err")
	echo $? >"$name.rc"
	grep -v '^wall time' "$name.out" >"$name.txt"
}

same() {	# what A B: the runs A and B agree
	if [ "$(cat "$2.rc")" = 1 ] && cmp -s "$2.rc" "$3.rc" && cmp -s "$2.txt" "$3.txt" &&
	   diff -r "$2" "$3" >/dev/null; then
		echo "ok   $1"
	else
		echo "FAIL $1"
		cat "$2.rc" "$3.rc"
		diff "$2.txt" "$3.txt" | head -20
		diff -r "$2" "$3" | head -20
		tail -3 "$3.err"
		fail=1
	fi
}

# exits_with WHAT RC WANT FILE PATTERN: the exit code RC is WANT and
# FILE has a line that matches PATTERN
exits_with() {
	if [ "$2" = "$3" ] && grep -q "$5" "$4"; then
		echo "ok   $1"
	else
		echo "FAIL $1: exit $2"
		fail=1
	fi
}

run jobs1 --jobs 1
grep -q '^VIOLATION I6 at task-owns-in-per-cpu: ' jobs1.txt || { echo "FAIL: no I6"; fail=1; }
run jobs2 --jobs 2
same "jobs_2_same_as_jobs_1" jobs1 jobs2

# the header of a violation's .sched is the command of its scope: run
# again, that command reports the same violation
head=$(sed -n 's/^# minimized by cidfuzz from \(cidfuzz verify .*\), [a-z0-9-]*: .*/\1/p' \
	jobs1/out/I6-task-owns-in-per-cpu.sched)
want="cidfuzz verify --cpus 3 --tasks 2 --concurrent 2 --kinds fork,exit,idle --bug fork-visibility"
if [ "$head" = "$want" ]; then
	# shellcheck disable=SC2086
	"$cidfuzz" ${head#cidfuzz } --quiet -o again >again.out 2>&1
	exits_with header_command_reproduces_the_scope $? 1 again.out \
		'^VIOLATION I6 at task-owns-in-per-cpu: '
else
	echo "FAIL header_command_reproduces_the_scope: \"$head\""
	fail=1
fi

# killed after the first state file (written every 2 s), then resumed
# shellcheck disable=SC2086
"$cidfuzz" verify $scope -o killed --jobs 1 --resume state >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -s state ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 $pid
wait $pid 2>/dev/null
done_before=$(($(wc -l <state) - 2))
echo "killed with $done_before verdicts in the state file"
[ "$done_before" -gt 0 ] || { echo "FAIL: no verdict in the state file"; fail=1; }
run resumed --jobs 2 --resume ../state
grep -q "verdicts taken from ../state" resumed.err || { echo "FAIL: nothing resumed"; fail=1; }
same "resumed_after_a_kill_same_as_jobs_1" jobs1 resumed
# a state file of another scope is refused
"$cidfuzz" verify --cpus 2 --tasks 2 --concurrent 1 --quiet --resume state >other.out 2>&1
exits_with resume_refuses_another_scope $? 2 other.out "not the state of this run"
exit $fail
