# SPDX-License-Identifier: GPL-2.0-only
# Unit and regression tests, run by ctest.

# A unit test: its executable (sources, then LIBS ...) and its ctest name.
# Every one sees tests/ and knows the source tree (CIDFUZZ_SOURCE_DIR).
function(cidfuzz_unit_test name exe)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;INCLUDES" ${ARGN})
  add_executable(${exe} ${T_SOURCES})
  target_link_libraries(${exe} PRIVATE ${T_LIBS})
  target_include_directories(${exe} PRIVATE ${CMAKE_SOURCE_DIR}/tests ${T_INCLUDES})
  target_compile_definitions(${exe} PRIVATE CIDFUZZ_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  add_test(NAME ${name} COMMAND ${exe})
endfunction()

# A run that must exit EXIT and print a line matching REGEX (both: see
# tests/expect_output.sh): COMMAND and its arguments follow
function(cidfuzz_expect_output name exit regex)
  add_test(NAME ${name} COMMAND sh ${CMAKE_SOURCE_DIR}/tests/expect_output.sh
           ${exit} ${regex} ${ARGN})
endfunction()

cidfuzz_unit_test(schedule_format test_schedule
  SOURCES tests/test_schedule.c LIBS cidfuzz_schedule)
cidfuzz_unit_test(simulator test_sim SOURCES tests/test_sim.c LIBS cidfuzz_sim cidfuzz_oracle)
cidfuzz_unit_test(oracle test_oracle SOURCES tests/test_oracle.c LIBS cidfuzz_findings)
# The simulator calls its checker once per step and once per event
cidfuzz_unit_test(checker test_checker SOURCES tests/test_checker.c
  LIBS cidfuzz_sim cidfuzz_oracle)

# Regression replay: every reproducer in crashes/ with its bug on (its
# invariant) and off (clean); every schedule in corpus/ clean
add_test(NAME regress_replay COMMAND cidfuzz regress ${CMAKE_SOURCE_DIR}/crashes
         ${CMAKE_SOURCE_DIR}/corpus ${CMAKE_SOURCE_DIR}/corpus/seeds)

# The command line: exit codes, messages, determinism
add_test(NAME cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/test_cli.sh
         $<TARGET_FILE:cidfuzz> ${CMAKE_SOURCE_DIR})

cidfuzz_unit_test(minimize test_minimize
  SOURCES tests/test_minimize.c LIBS cidfuzz_minimize)
cidfuzz_unit_test(mutator test_mutator
  SOURCES tests/test_mutator.c fuzzers/mutator.c LIBS cidfuzz_sim cidfuzz_oracle
  INCLUDES ${CMAKE_SOURCE_DIR}/fuzzers)

# The fuzz harnesses run, and find transit-task-to-cpu (needs the fuzz
# builds: scripts/build.sh fuzz afl; skipped without them, but failed
# with CIDFUZZ_NO_SKIP=1, as in CI)
if(NOT CIDFUZZ_SANITIZE)
  add_test(NAME fuzz_smoke COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_smoke.sh
           $<TARGET_FILE:cidfuzz> ${CMAKE_SOURCE_DIR})
  set_tests_properties(fuzz_smoke PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()

# OSS-Fuzz / ClusterFuzzLite: build.sh under the variables OSS-Fuzz sets,
# then every fuzzer it produced (skipped without clang, zip, unzip; failed
# with CIDFUZZ_NO_SKIP=1)
if(NOT CIDFUZZ_SANITIZE)
  add_test(NAME cflite_build COMMAND bash ${CMAKE_SOURCE_DIR}/tests/cflite_build.sh ${CMAKE_SOURCE_DIR})
  set_tests_properties(cflite_build PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()

# The explorer: reduced = naive on small scenarios, the seed livelock
# found and replayed, the fixed code clean within bounds, PCT
cidfuzz_unit_test(explore test_explore
  SOURCES tests/test_explore.c LIBS cidfuzz_explore)

# Litmus tests: weak memory against the Linux-kernel memory model
cidfuzz_unit_test(litmus test_litmus
  SOURCES tests/test_litmus.c tests/litmus.c LIBS cidfuzz_sim cidfuzz_oracle
  INCLUDES ${CMAKE_SOURCE_DIR}/sim)

# transit-barriers: a bounded exhaustive search (docs/transit-barriers.md);
# ctest runs a small bound, the doc gives the full one. Each run must end
# with its exit code (0 clean, 1 a violation) and print its verdict line:
# a crash after the line is a failure (tests/expect_output.sh)
add_executable(explore_barriers tests/explore_barriers.c)
target_link_libraries(explore_barriers PRIVATE cidfuzz_sim cidfuzz_oracle)
cidfuzz_expect_output(transit_barriers_fork 0 "[0-9]+ schedules in all, 0 violations"
  $<TARGET_FILE:explore_barriers> --bug transit-barriers -k 1 -w 2)
cidfuzz_expect_output(transit_barriers_exit 0 "[0-9]+ schedules in all, 0 violations"
  $<TARGET_FILE:explore_barriers> --bug transit-barriers --scenario exit -k 1 -w 3)
# the search can find what it looks for: the patch-1 livelock, same bound
cidfuzz_expect_output(transit_barriers_search_finds_patch1 1
  "first violation: I4 at mm_get_cid: livelock"
  $<TARGET_FILE:explore_barriers> --bug transit-task-to-cpu -k 1 -w 3 --first)
# ... and the patch-2 livelock, in a window where a mode store is buffered
cidfuzz_expect_output(transit_barriers_search_finds_patch2 1
  "first violation: I4 at mm_get_cid: livelock"
  $<TARGET_FILE:explore_barriers> --bug split-mode-fields -k 0 -w 3 --first)

# --check narrows what is reported: the seed livelock with I4 deselected
# is no violation (exit 0), yet named (I4 ends the run: nothing can move)
cidfuzz_expect_output(replay_check_names_the_deselected_livelock 0
  "^deselected: I4 fired at step [0-9]+ \\(mm_get_cid: livelock\\)$"
  $<TARGET_FILE:cidfuzz> replay ${CMAKE_SOURCE_DIR}/crashes/transit-task-to-cpu.sched
  --bug transit-task-to-cpu --check I1,I2)

# Whose finding is a violation: the bug target's, known, or new
cidfuzz_unit_test(known_findings test_known
  SOURCES tests/test_known.c LIBS cidfuzz_findings)
