#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# cidfuzz verify: the output and the violation files of --jobs 2 are those
# of --jobs 1 (but the wall time), and a run killed part-way and resumed
# from its state file ends with them too. The same for a scope of few
# scenarios, whose scenarios are split into subtrees (--split auto): and
# it reports the bug's violation as the unsplit run does, and is clean
# without the bug.
#   test_verify.sh CIDFUZZ [split]: without "split" the scope of many
#   scenarios, with it the split one
cidfuzz=$1
part=${2:-many}
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

# kill_and_resume STATE TENTHS NAME BASE WHAT: the scope's run, killed
# (SIGKILL) once its state file STATE is first written (every 2 s; at
# most TENTHS tenths of a second), then resumed from it with --jobs 2
# as NAME: the resumed run agrees with the uninterrupted run BASE; with a
# sixth argument "some", the state file held a verdict when killed
kill_and_resume() {
	# shellcheck disable=SC2086
	"$cidfuzz" verify $scope -o killed --jobs 1 --resume "$1" >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ ! -s "$1" ] && [ $i -lt "$2" ]; do sleep 0.1; i=$((i + 1)); done
	kill -9 $pid
	wait $pid 2>/dev/null
	[ -s "$1" ] || { echo "FAIL $5: no state file"; fail=1; return; }
	done_before=$(($(wc -l <"$1") - 2))
	echo "killed with $done_before verdicts in the state file $1"
	[ "${6:-}" != some ] || [ "$done_before" -gt 0 ] ||
		{ echo "FAIL $5: no verdict in the state file"; fail=1; }
	run "$3" --jobs 2 --resume ../"$1"
	grep -q "verdicts taken from ../$1" "$3.err" || { echo "FAIL $5: nothing resumed"; fail=1; }
	same "$5" "$4" "$3"
}

if [ "$part" = many ]; then
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

kill_and_resume state 100 resumed jobs1 "resumed_after_a_kill_same_as_jobs_1" some
# a state file of another scope is refused
"$cidfuzz" verify --cpus 2 --tasks 2 --concurrent 1 --quiet --resume state >other.out 2>&1
exits_with resume_refuses_another_scope $? 2 other.out "not the state of this run"
# a state file of the format before the split (one verdict a scenario)
printf 'cidfuzz verify state 1\nscope cpus 3\n0 1 0 1 0 - -\n' >old
# shellcheck disable=SC2086
"$cidfuzz" verify $scope --resume old >old.out 2>&1
exits_with resume_refuses_an_older_format $? 2 old.out "another version of cidfuzz"
exit $fail
fi

# 9 scenarios: split into subtrees
scope="--cpus 3 --tasks 2 --concurrent 2 --setups per-task --kinds fork
       --bug fork-visibility --quiet --split auto"
run split1 --jobs 1
exits_with split_scope_is_split "$(cat split1.rc)" 1 split1.txt '^split: [1-9][0-9]* scenario(s) into'
grep -q '^VIOLATION I6 at task-owns-in-per-cpu: ' split1.txt || { echo "FAIL: split, no I6"; fail=1; }
run split2 --jobs 2
same "split_jobs_2_same_as_jobs_1" split1 split2
# the unsplit run: the same violation, the same minimized schedule
run unsplit --jobs 2 --split never
if ! grep -q '^split:' unsplit.txt && [ "$(cat unsplit.rc)" = 1 ] &&
   [ "$(grep '^VIOLATION' split1.txt)" = "$(grep '^VIOLATION' unsplit.txt)" ] &&
   tail -n +2 split1/out/I6-task-owns-in-per-cpu.sched >a.sched &&
   tail -n +2 unsplit/out/I6-task-owns-in-per-cpu.sched >b.sched && cmp -s a.sched b.sched; then
	echo "ok   split_reports_the_violation_of_the_unsplit_run"
else
	echo "FAIL split_reports_the_violation_of_the_unsplit_run"
	diff split1.txt unsplit.txt | head
	fail=1
fi
kill_and_resume sstate 600 sresumed split1 "split_resumed_after_a_kill_same_as_jobs_1"
# without the bug: clean
scope="--cpus 3 --tasks 2 --concurrent 2 --setups per-task --kinds fork --quiet --split auto"
run sclean --jobs 2
grep -q '^split: ' sclean.txt || { echo "FAIL: the clean run was not split"; fail=1; }
exits_with split_scope_clean_without_the_bug "$(cat sclean.rc)" 0 sclean.txt \
	'^verified: no violation in scope$'
exit $fail
