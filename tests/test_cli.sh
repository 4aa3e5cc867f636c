#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The cidfuzz command line: exit codes 0/1/2/3, the verdict and error lines,
# byte-identical output across runs, bad input never crashing the tool.
cidfuzz=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

check() {	# name expected-exit command...
	name=$1; want=$2; shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); echo "FAIL $name: exit $got, wanted $want"
		head -5 "$tmp/out" "$tmp/err"
	fi
}

grep_out() {	# name pattern file
	if grep -q -- "$2" "$3"; then
		pass=$((pass + 1)); echo "ok   $1"
	else
		fail=$((fail + 1)); echo "FAIL $1: no '$2' in $3"
	fi
}

same() {	# name file file: the same bytes
	if cmp -s "$2" "$3"; then
		pass=$((pass + 1)); echo "ok   $1"
	else
		fail=$((fail + 1)); echo "FAIL $1: $2 and $3 differ"
		diff "$2" "$3" | head -20
	fi
}

# same_bytes NAME PATTERN FILE1 FILE2: two outputs of one command, each
# with its verdict (a line matching PATTERN), byte for byte the same. (Two
# empty files of a crashing binary are the same bytes too: never enough.)
same_bytes() {
	if ! grep -q -- "$2" "$3" || ! grep -q -- "$2" "$4"; then
		fail=$((fail + 1)); echo "FAIL $1: no '$2' in both runs"
	elif ! cmp -s "$3" "$4"; then
		fail=$((fail + 1)); echo "FAIL $1: the two runs differ"
		diff "$3" "$4" | head -10
	else
		pass=$((pass + 1)); echo "ok   $1"
	fi
}

# twice NAME EXIT PATTERN COMMAND...: COMMAND run twice, each run exits
# EXIT, and the two outputs (stdout; the "wall time" line, a measurement,
# left out) are the same bytes with the verdict line (same_bytes)
twice() {
	name=$1; want=$2; pattern=$3; shift 3
	for i in 1 2; do
		"$@" >"$tmp/run" 2>"$tmp/err"
		got=$?
		grep -v '^wall time' "$tmp/run" >"$tmp/twice$i"
		if [ "$got" != "$want" ]; then
			fail=$((fail + 1)); echo "FAIL $name: run $i exit $got, wanted $want"
			head -5 "$tmp/run" "$tmp/err"
			return
		fi
	done
	same_bytes "$name" "$pattern" "$tmp/twice1" "$tmp/twice2"
}

seed=$src/crashes/transit-task-to-cpu.sched
check replay_bug_on_exits_1 1 "$cidfuzz" replay "$seed" --bug transit-task-to-cpu
grep_out replay_prints_violation_line "^VIOLATION I4: livelock: cpu2" "$tmp/out"
grep_out replay_prints_wait_for "wait-for: T0 fork (on cpu0) waits for rq2" "$tmp/out"
check replay_bug_off_exits_0 0 "$cidfuzz" replay "$seed"
grep_out replay_clean_verdict "^verdict: clean" "$tmp/out"
check cid_on_cpu_drop_bug_on_exits_1 1 "$cidfuzz" replay "$src/crashes/cid-on-cpu-drop.sched" --bug cid-on-cpu-drop
grep_out cid_on_cpu_drop_names_I9 "^VIOLATION I9: clear_bit(0x20000001) in mm_drop_cid" "$tmp/out"
check cid_on_cpu_drop_seed_profile_exits_1 1 "$cidfuzz" replay "$src/crashes/cid-on-cpu-drop.sched" --kernel seed
check cid_on_cpu_drop_march_profile_exits_0 0 "$cidfuzz" replay "$src/crashes/cid-on-cpu-drop.sched" --kernel march
check cid_on_cpu_drop_no_bug_exits_0 0 "$cidfuzz" replay "$src/crashes/cid-on-cpu-drop.sched" --kernel seed --no-bug cid-on-cpu-drop
check unknown_profile_exits_2 2 "$cidfuzz" replay "$src/crashes/cid-on-cpu-drop.sched" --kernel v1.0
# a failed exec's UNSET marked TRANSIT (de3ab9bd3133): march had it, latest not
oob=$src/crashes/unset-transit-oob.sched
check unset_transit_oob_bug_on_exits_1 1 "$cidfuzz" replay "$oob" --bug unset-transit-oob
grep_out unset_transit_oob_names_I9 "^VIOLATION I9: clear_bit(0x80000000) in mm_drop_cid: bit number carries MM_CID_UNSET" "$tmp/out"
check unset_transit_oob_march_profile_exits_1 1 "$cidfuzz" replay "$oob" --kernel march
check unset_transit_oob_latest_profile_exits_0 0 "$cidfuzz" replay "$oob" --kernel latest

twice trace_is_deterministic 1 "^verdict: VIOLATION I4" \
	"$cidfuzz" replay "$seed" --bug transit-task-to-cpu --trace

printf 'cpus 4\nthreads T0 T1\nfrok T0 T2\n' >"$tmp/bad.sched"
check malformed_file_exits_2 2 "$cidfuzz" replay "$tmp/bad.sched"
grep_out malformed_file_names_line "bad.sched:3: expected" "$tmp/err"
check missing_file_exits_2 2 "$cidfuzz" replay "$tmp/none.sched"
check unknown_bug_exits_2 2 "$cidfuzz" replay "$seed" --bug no-such-bug
# --check knows I9 (memory safety) and no tenth
check check_i9_accepted 1 "$cidfuzz" replay "$seed" --bug transit-task-to-cpu --check I4,I9
check check_i10_exits_2 2 "$cidfuzz" replay "$seed" --check I10
grep_out check_usage_names_i9 "(I1..I9)" "$tmp/err"
# --check narrows what is reported: the run goes on, names what fired
check check_deselected_livelock_exits_0 0 "$cidfuzz" replay "$seed" --bug transit-task-to-cpu --check I1,I2
grep_out check_deselected_livelock_named '^deselected: I4 fired at step [0-9]* (mm_get_cid: livelock)$' "$tmp/out"
grep_out check_deselected_livelock_graph 'wait-for: cpu2 __schedule->T1 spins in mm_get_cid' "$tmp/out"
grep_out check_deselected_livelock_verdict '^verdict: clean' "$tmp/out"
check check_deselected_json_exits_0 0 "$cidfuzz" replay "$seed" --bug transit-task-to-cpu --check I1,I2 --json
grep_out check_deselected_json '"verdict": "clean", "deselected": \[{"invariant": "I4", "step": [0-9]*, "what": "mm_get_cid: livelock"}\]' "$tmp/out"
check check_selected_livelock_exits_1 1 "$cidfuzz" replay "$seed" --bug transit-task-to-cpu --check I4
check no_args_exits_2 2 "$cidfuzz"
head -c 3000 /dev/urandom >"$tmp/junk.sched"
check binary_junk_as_text_exits_2 2 "$cidfuzz" replay "$tmp/junk.sched"
head -c 7 "$seed" >"$tmp/trunc.bin"
"$cidfuzz" replay --binary "$tmp/trunc.bin" >/dev/null 2>&1
rc=$?
if [ $rc -le 1 ]; then pass=$((pass + 1)); echo "ok   truncated_binary_gives_a_verdict"
else fail=$((fail + 1)); echo "FAIL truncated_binary_gives_a_verdict: exit $rc"; fi
check bugs_lists_switches 0 "$cidfuzz" bugs
grep_out bugs_lists_walk_variant "^walk-thread-list" "$tmp/out"

# regress fails loudly when a reproducer stops showing its invariant
mkdir -p "$tmp/crashes"
sed 's/^# expect: I4/# expect: I2/' "$src/crashes/transit-task-to-cpu.sched" \
	>"$tmp/crashes/transit-task-to-cpu.sched"
check regress_wrong_invariant_exits_1 1 "$cidfuzz" regress "$tmp/crashes"
grep_out regress_says_fail "FAIL" "$tmp/out"
check regress_tree_exits_0 0 "$cidfuzz" regress "$src/crashes" "$src/corpus"
grep_out regress_counts "schedules behave as expected" "$tmp/out"
# a corpus schedule must also be clean with each switch of "# clean with:"
mkdir -p "$tmp/variant"
sed 's/^# expect: I4/# clean with: schedout-drop, transit-task-to-cpu (remark)/' \
	"$seed" >"$tmp/variant/a.sched"
check regress_clean_with_violated_exits_1 1 "$cidfuzz" regress "$tmp/variant"
grep_out regress_names_the_switch "(with transit-task-to-cpu on)" "$tmp/out"
sed 's/^# expect: I4/# clean with: no-such-switch/' "$seed" >"$tmp/variant/a.sched"
check regress_clean_with_unknown_exits_1 1 "$cidfuzz" regress "$tmp/variant"
grep_out regress_unknown_switch_named "names no bug switch: no-such-switch" "$tmp/err"
sed 's/^# expect: I4/# clean with: schedout-drop/' "$seed" >"$tmp/variant/a.sched"
check regress_clean_with_clean_exits_0 0 "$cidfuzz" regress "$tmp/variant"

# any number of files in a folder (it stopped at 512): 600 clean ones and
# a failing reproducer that sorts last (the copy above that expects I2)
mkdir -p "$tmp/many"
i=0
while [ $i -lt 600 ]; do
	printf 'cpus 2\nthreads T0 T1\nexit T1\n' >"$tmp/many/s$i.sched"
	i=$((i + 1))
done
check regress_600_files_exits_0 0 "$cidfuzz" regress "$tmp/many"
grep_out regress_600_files_counted "^600 of 600 schedules behave as expected" "$tmp/out"
cp "$tmp/crashes/transit-task-to-cpu.sched" "$tmp/many/transit-task-to-cpu.zz-last.sched"
check regress_601st_file_fails 1 "$cidfuzz" regress "$tmp/many"
grep_out regress_601st_file_counted "^600 of 601 schedules behave as expected" "$tmp/out"

# --json: one object with the verdict
check replay_json_exits_1 1 "$cidfuzz" replay "$src/crashes/transit-task-to-cpu.sched" \
	--bug transit-task-to-cpu --json
grep_out replay_json_verdict '^{"file": ".*", "bugs": \["transit-task-to-cpu"\], "verdict": "violation", "invariant": "I4", "site": "mm_get_cid"' "$tmp/out"
check replay_json_clean 0 "$cidfuzz" replay "$src/crashes/transit-task-to-cpu.sched" --json
grep_out replay_json_clean_verdict '"verdict": "clean", "steps": [0-9]*' "$tmp/out"

# More than the spec behind I6 keeps: the run is not fully checked, and
# says so (tests/unchecked-window.sched)
cp "$src/tests/unchecked-window.sched" "$tmp/window.sched"
check replay_unchecked_exits_3 3 "$cidfuzz" replay "$tmp/window.sched"
grep_out replay_unchecked_line '^unchecked: I6 from step [0-9]* (mm0: more than [0-9]* operations' "$tmp/out"
grep_out replay_unchecked_verdict '^verdict: unchecked (203 events' "$tmp/out"
check replay_unchecked_json_exits_3 3 "$cidfuzz" replay "$tmp/window.sched" --json
grep_out replay_unchecked_json '"verdict": "unchecked", "unchecked": {"invariant": "I6", "step": [0-9]*, "why": "mm0: ' "$tmp/out"
mkdir "$tmp/window" && cp "$tmp/window.sched" "$tmp/window/"
check regress_unchecked_is_not_clean 1 "$cidfuzz" regress "$tmp/window"
grep_out regress_unchecked_row 'window.sched  *clean  *-  *unchecked .*FAIL  *mm0: more than' "$tmp/out"

check campaign_json 0 "$cidfuzz" campaign --engine gen --targets transit-task-to-cpu \
	--max-time 30 --jobs 1 --seed 3 --json --findings "$tmp/findings"
grep_out campaign_json_found '"target": "transit-task-to-cpu", "kind": "bug", "found": true' "$tmp/out"
grep_out campaign_json_reproducer '"reproducer": ".*/I4-mm_get_cid.sched"' "$tmp/out"

# a bug target's finding whose minimized reproducer fails on the newest
# code too is not the target's (the raw input ran clean without the
# switch only because its events then skip): kept as known-*.t0, and the
# target not found (tests/misattributed-variant.bin: fork-exit-rq-lock,
# I3 on a failed exec; from a no-false-positive run)
mkdir -p "$tmp/f-mis/fork-exit-rq-lock"
cp "$src/tests/misattributed-variant.bin" "$tmp/f-mis/fork-exit-rq-lock/I3-mode-transit.bin"
check campaign_reclassifies_after_minimizing 0 "$cidfuzz" campaign --engine gen \
	--targets fork-exit-rq-lock --max-time 1 --jobs 1 --seed 3 --json \
	--findings "$tmp/f-mis"
grep_out campaign_reclassified_not_the_targets '"target": "fork-exit-rq-lock", "kind": "variant", "found": false, .*"distinct_violations": 0, "known": [1-9]' "$tmp/out"
check campaign_reclassified_kept 0 test -f "$tmp/f-mis/fork-exit-rq-lock/known-I3-mode-transit.t0.sched"
check campaign_reclassified_replays_on_newest 1 "$cidfuzz" replay "$tmp/f-mis/fork-exit-rq-lock/known-I3-mode-transit.t0.sched"

# a correct variant changes timing only: a known finding that a schedule
# reaches only with its switch (tests/variant-reaches-known-finding.bin:
# fork-exit-rq-lock, I3 after a failed exec of the mm's last user; from a
# no-false-positive run) is the known finding, its reproducer kept with
# the switch; whether the harness named it known- already or not (the
# gen engine may find more known ones in its second)
for raw in I3-mode-transit known-I3-mode-transit; do
	mkdir -p "$tmp/f-via-$raw/fork-exit-rq-lock"
	cp "$src/tests/variant-reaches-known-finding.bin" \
		"$tmp/f-via-$raw/fork-exit-rq-lock/$raw.bin"
	check "campaign_variant_known_$raw" 0 "$cidfuzz" campaign --engine gen \
		--targets fork-exit-rq-lock --max-time 1 --jobs 1 --seed 3 --json \
		--findings "$tmp/f-via-$raw"
	grep_out "campaign_variant_known_counted_$raw" '"target": "fork-exit-rq-lock", "kind": "variant", "found": false, .*"distinct_violations": 0, "known": [1-9][0-9]*, "newest": 0' "$tmp/out"
done
via=$tmp/f-via-I3-mode-transit/fork-exit-rq-lock/known-I3-mode-transit.t0.sched
check campaign_variant_known_kept 0 grep -q "^# bugs: fork-exit-rq-lock" "$via"
check campaign_variant_known_needs_switch 1 "$cidfuzz" replay "$via" \
	--bug fork-exit-rq-lock
check campaign_variant_known_clean_without 0 "$cidfuzz" replay "$via"
via=$tmp/f-via-known-I3-mode-transit/fork-exit-rq-lock/known-I3-mode-transit.sched
check campaign_variant_known_minimized_with_switch 1 "$cidfuzz" replay "$via" \
	--bug fork-exit-rq-lock

# a crash of the harness (libFuzzer's crash-* artifact of this run) is
# a defect of cidfuzz: said so, and the campaign is not as expected even
# though the bug target was found
mkdir -p "$tmp/f-crash/transit-task-to-cpu"
echo x >"$tmp/f-crash/transit-task-to-cpu/crash-0123"
touch -d '+1 hour' "$tmp/f-crash/transit-task-to-cpu/crash-0123"
check campaign_harness_crash_fails 1 "$cidfuzz" campaign --engine gen \
	--targets transit-task-to-cpu --max-time 5 --jobs 1 --seed 1 --quiet \
	--findings "$tmp/f-crash"
grep_out campaign_harness_crash_said "CIDFUZZ ITSELF CRASHED.*crash-0123" "$tmp/out"

# --max-execs: a budget in executions. Without it the run below would
# take its whole --max-time (the fixed target has nothing to find), which
# is longer than ctest gives this script: ignored, the test times out.
check campaign_max_execs 0 "$cidfuzz" campaign --engine gen --targets fixed \
	--max-time 3600 --max-execs 2000 --jobs 1 --seed 1 --quiet \
	--findings "$tmp/f-execs"
awk '$1 == "fixed" { print $5 }' "$tmp/out" >"$tmp/execs"
check campaign_max_execs_made_them 0 test "$(cat "$tmp/execs")" -ge 2000
check campaign_max_execs_zero_exits_2 2 "$cidfuzz" campaign --max-execs 0 \
	--findings "$tmp/f-execs0"
check campaign_max_execs_junk_exits_2 2 "$cidfuzz" campaign --max-execs 10k \
	--findings "$tmp/f-execs0"

# an engine --engine does not know: a usage error that names every
# engine cidfuzz help lists (both from campaign.h's CAMPAIGN_ENGINES)
"$cidfuzz" help campaign | awk '/^  --engine E/ { m = 1; next }
	m && /^  --/ { exit } m { sub(":$", "", $1); print $1 }' >"$tmp/engines"
check help_campaign_lists_engines 0 grep -qx libfuzzer "$tmp/engines"
check campaign_unknown_engine_exits_2 2 "$cidfuzz" campaign --engine frob \
	--findings "$tmp/f3"
for e in $(cat "$tmp/engines"); do
	grep_out "campaign_unknown_engine_names_$e" "[ ,]$e\>" "$tmp/err"
done

# a campaign without the harnesses it needs says how to build them
check campaign_no_harness 2 "$cidfuzz" campaign --targets fixed --max-time 1 \
	--fuzzers "$tmp/none" --findings "$tmp/f2"
grep_out campaign_no_harness_says "scripts/build.sh fuzz" "$tmp/err"

# an engine that ignores SIGTERM is killed after a grace period, and a
# target that ran no executions is not "as expected"
mkdir -p "$tmp/deaf"
printf '#!/bin/sh\ntrap "" TERM\nsleep 60\n' >"$tmp/deaf/fuzz_fixed"
chmod +x "$tmp/deaf/fuzz_fixed"
check campaign_kills_an_engine_deaf_to_sigterm 1 timeout 40 "$cidfuzz" \
	campaign --targets fixed --max-time 1 --fuzzers "$tmp/deaf" \
	--findings "$tmp/f4" --quiet
grep_out campaign_no_executions_is_not_clean "RAN NO EXECUTIONS" "$tmp/out"

# --svg: the swimlane picture, one lane per CPU, the violation and its report
check replay_svg 1 "$cidfuzz" replay "$src/crashes/transit-task-to-cpu.sched" \
	--bug transit-task-to-cpu --svg "$tmp/seed.svg"
grep_out svg_is_svg '^<svg xmlns="http://www.w3.org/2000/svg"' "$tmp/seed.svg"
grep_out svg_has_lanes '>cpu3</text>' "$tmp/seed.svg"
# the step the text report names
step=$(sed -n 's/^at step \([0-9]*\),.*/\1/p' "$tmp/out")
grep_out svg_has_verdict "VIOLATION I4 at mm_get_cid, step ${step:-?}" "$tmp/seed.svg"
grep_out svg_has_wait_for 'wait-for: cpu2 __schedule-&gt;T1 spins in mm_get_cid' "$tmp/seed.svg"
grep_out svg_tooltips "<title>step ${step:-?}, cpu2: cpu2 __schedule-&gt;T1" "$tmp/seed.svg"
check replay_svg_deterministic 1 "$cidfuzz" replay "$src/crashes/transit-task-to-cpu.sched" \
	--bug transit-task-to-cpu --svg "$tmp/seed2.svg"
same_bytes svg_same_bytes "VIOLATION I4 at mm_get_cid" "$tmp/seed.svg" "$tmp/seed2.svg"

# explore: the seed livelock found, its schedule written, replayed, kept
# by regress; the reverse scenario clean; bad input refused
mkdir -p "$tmp/explore"
check explore_finds_seed_livelock 1 "$cidfuzz" explore --scenario "$src/scenarios/seed-task-to-cpu.sched" \
	--bug transit-task-to-cpu --quiet --estimate 20 -o "$tmp/explore/transit-task-to-cpu.sched"
grep_out explore_says_violation "^result: VIOLATION I4 at mm_get_cid" "$tmp/out"
grep_out explore_prints_counts "^interleavings explored: [0-9]* run to a verdict" "$tmp/out"
grep_out explore_prints_reduction "^naive enumeration: ~.*reduction: ~" "$tmp/out"
check explore_schedule_replays 1 "$cidfuzz" replay "$tmp/explore/transit-task-to-cpu.sched" \
	--bug transit-task-to-cpu
grep_out explore_schedule_livelock "^VIOLATION I4: livelock: cpu2" "$tmp/out"
check explore_schedule_regress 0 "$cidfuzz" regress "$tmp/explore"
check explore_reverse_clean 0 "$cidfuzz" explore --scenario "$src/scenarios/reverse-cpu-to-task.sched" \
	--preemptions 1 --quiet --estimate 0
grep_out explore_no_violation "^result: no violation within bounds" "$tmp/out"
grep_out explore_states_name_compiler "^distinct states: [0-9]* (a [a-z]* [0-9.]* build" "$tmp/out"
check explore_events_clean 0 "$cidfuzz" explore --cpus 2 --tasks 2 --events "exit T1;idle cpu0" \
	--quiet --estimate 0
check explore_pct_finds 1 "$cidfuzz" explore --scenario "$src/scenarios/seed-task-to-cpu.sched" \
	--bug transit-task-to-cpu --pct 2 --runs 2000 --seed 1 --quiet --no-minimize
grep_out explore_pct_mode "^mode: pct, 2 change points, seed 1" "$tmp/out"
# weak memory: seed patch 2 reverted, the explorer finds the flush order
# (one preemption: the unbounded search takes a minute) and writes it as
# a "flush cpuN FIELD" that replay follows; clean with the fix, and with
# the bug on SC memory
mkdir -p "$tmp/weak"
check explore_weak_finds_split_mode_fields 1 "$cidfuzz" explore \
	--scenario "$src/scenarios/split-mode-fields.sched" --bug split-mode-fields \
	--preemptions 1 --quiet --estimate 0 -o "$tmp/weak/split-mode-fields.sched"
grep_out explore_weak_says_violation "^result: VIOLATION I4 at mm_get_cid" "$tmp/out"
grep_out explore_weak_bounds "memory weak, flushes unbounded" "$tmp/out"
grep_out explore_weak_flush_choices "^flush choices: [0-9]* (CPU, field) pairs" "$tmp/out"
grep_out explore_weak_schedule_flushes "^flush cpu0 mm0\." "$tmp/weak/split-mode-fields.sched"
grep_out explore_weak_schedule_is_weak "^memory weak" "$tmp/weak/split-mode-fields.sched"
check explore_weak_schedule_replays 1 "$cidfuzz" replay "$tmp/weak/split-mode-fields.sched" \
	--bug split-mode-fields
grep_out explore_weak_schedule_livelock "^VIOLATION I4: livelock: cpu2" "$tmp/out"
check explore_weak_schedule_regress 0 "$cidfuzz" regress "$tmp/weak"
check explore_weak_fixed_clean 0 "$cidfuzz" explore --scenario "$src/scenarios/split-mode-fields.sched" \
	--preemptions 1 --quiet --estimate 0
grep_out explore_weak_fixed_no_violation "^result: no violation within bounds" "$tmp/out"
check explore_sc_split_mode_fields_clean 0 "$cidfuzz" explore --memory sc \
	--scenario "$src/scenarios/split-mode-fields.sched" --bug split-mode-fields \
	--preemptions 1 --quiet --estimate 0
grep_out explore_sc_no_violation "^result: no violation within bounds" "$tmp/out"
check explore_weak_flag 0 "$cidfuzz" explore --cpus 2 --tasks 2 --events "exit T1;idle cpu0" \
	--weak --flushes 2 --quiet --estimate 0
grep_out explore_weak_flag_bounds "memory weak, flushes 2" "$tmp/out"
check explore_bad_memory 2 "$cidfuzz" explore --scenario "$src/scenarios/split-mode-fields.sched" \
	--memory tso
grep_out explore_bad_memory_says "expected weak or sc" "$tmp/err"
check explore_no_scenario 2 "$cidfuzz" explore --max-steps 10
check explore_bad_scenario 2 "$cidfuzz" explore --scenario "$src/corpus/seed-per-cpu-switch.sched"
grep_out explore_bad_scenario_says "expected a line '# concurrent'" "$tmp/err"
twice explore_is_deterministic 0 "^result: no violation within bounds" \
	"$cidfuzz" explore --scenario "$src/scenarios/reverse-cpu-to-task.sched" \
	--preemptions 1 --quiet --estimate 50
twice explore_weak_is_deterministic 0 "^result: no violation within bounds" \
	"$cidfuzz" explore --scenario "$src/scenarios/split-mode-fields.sched" \
	--preemptions 1 --quiet --estimate 20

# one synopsis (tools/help.c): cidfuzz help, --help and usage errors print
# it, README.md shows it verbatim in the fenced block after its marker
# line, and every option a command's parser takes is in it
check help_exits_0 0 "$cidfuzz" help
cp "$tmp/out" "$tmp/help"
check dash_dash_help_exits_0 0 "$cidfuzz" --help
same dash_dash_help_is_help "$tmp/out" "$tmp/help"
awk '/^<!-- cidfuzz help/ { m = 1; next }
     m && /^```/ { if (b) exit; b = 1; next }
     b { print }' "$src/README.md" >"$tmp/readme_synopsis"
same readme_synopsis_is_cidfuzz_help "$tmp/readme_synopsis" "$tmp/help"
check no_args_prints_synopsis 2 "$cidfuzz"
same usage_error_is_the_synopsis "$tmp/err" "$tmp/help"
check unknown_command_exits_2 2 "$cidfuzz" frobnicate
check help_unknown_command_exits_2 2 "$cidfuzz" help frobnicate
check replay_bad_option_exits_2 2 "$cidfuzz" replay "$seed" --frobnicate
grep_out replay_usage_is_its_synopsis "^usage: cidfuzz replay FILE" "$tmp/err"
for cmd in replay regress decode encode minimize campaign explore bugs help; do
	grep_out "help_lists_$cmd" "cidfuzz $cmd" "$tmp/help"
	check "help_${cmd}_exits_0" 0 "$cidfuzz" help "$cmd"
	grep_out "help_${cmd}_synopsis" "^usage: cidfuzz $cmd" "$tmp/out"
done
for f in "$src"/tools/cmd_*.c; do
	cmd=$(basename "$f" .c); cmd=${cmd#cmd_}
	"$cidfuzz" help "$cmd" | sed '/^$/q' >"$tmp/synopsis"
	for opt in $(grep -o '"--*[a-z][-a-z]*"' "$f" | tr -d '"' | sort -u); do
		grep_out "synopsis_of_${cmd}_names_$opt" "[[ |]$opt\>" "$tmp/synopsis"
	done
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
