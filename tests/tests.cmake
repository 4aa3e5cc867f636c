# SPDX-License-Identifier: GPL-2.0-only
# Unit and regression tests, run by ctest.

add_executable(test_schedule tests/test_schedule.c)
target_link_libraries(test_schedule PRIVATE cidfuzz_schedule)
target_include_directories(test_schedule PRIVATE tests)
add_test(NAME schedule_format COMMAND test_schedule)

add_executable(test_sim tests/test_sim.c)
target_link_libraries(test_sim PRIVATE cidfuzz_sim)
target_include_directories(test_sim PRIVATE tests)
target_compile_definitions(test_sim PRIVATE CIDFUZZ_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_test(NAME simulator COMMAND test_sim)

add_executable(test_oracle tests/test_oracle.c)
target_link_libraries(test_oracle PRIVATE cidfuzz_sim)
target_include_directories(test_oracle PRIVATE tests)
add_test(NAME oracle COMMAND test_oracle)

# Regression replay: every reproducer in crashes/ with its bug on (its
# invariant) and off (clean); every schedule in corpus/ clean
add_test(NAME regress_replay COMMAND cidfuzz regress ${CMAKE_SOURCE_DIR}/crashes
         ${CMAKE_SOURCE_DIR}/corpus ${CMAKE_SOURCE_DIR}/corpus/seeds)

# The command line: exit codes, messages, determinism
add_test(NAME cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/test_cli.sh
         $<TARGET_FILE:cidfuzz> ${CMAKE_SOURCE_DIR})


add_executable(test_minimize tests/test_minimize.c)
target_link_libraries(test_minimize PRIVATE cidfuzz_minimize)
target_include_directories(test_minimize PRIVATE tests)
target_compile_definitions(test_minimize PRIVATE CIDFUZZ_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_test(NAME minimize COMMAND test_minimize)

add_executable(test_mutator tests/test_mutator.c fuzzers/mutator.c)
target_link_libraries(test_mutator PRIVATE cidfuzz_sim)
target_include_directories(test_mutator PRIVATE tests fuzzers)
target_compile_definitions(test_mutator PRIVATE CIDFUZZ_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_test(NAME mutator COMMAND test_mutator)

# The fuzz harnesses run, and find transit-task-to-cpu (needs the fuzz
# builds: scripts/build.sh fuzz afl; skipped without them)
if(NOT CIDFUZZ_SANITIZE)
  add_test(NAME fuzz_smoke COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_smoke.sh
           $<TARGET_FILE:cidfuzz> ${CMAKE_SOURCE_DIR})
  set_tests_properties(fuzz_smoke PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()

# OSS-Fuzz / ClusterFuzzLite: build.sh under the variables OSS-Fuzz sets, then every fuzzer it produced
if(NOT CIDFUZZ_SANITIZE)
  add_test(NAME cflite_build COMMAND bash ${CMAKE_SOURCE_DIR}/tests/cflite_build.sh ${CMAKE_SOURCE_DIR})
  set_tests_properties(cflite_build PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()

# The explorer: reduced = naive on small scenarios, the seed livelock
# found and replayed, the fixed code clean within bounds, PCT
add_executable(test_explore tests/test_explore.c)
target_link_libraries(test_explore PRIVATE cidfuzz_explore)
target_include_directories(test_explore PRIVATE tests)
target_compile_definitions(test_explore PRIVATE CIDFUZZ_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_test(NAME explore COMMAND test_explore)

# Litmus tests: weak memory against the Linux-kernel memory model
add_executable(test_litmus tests/test_litmus.c tests/litmus.c)
target_link_libraries(test_litmus PRIVATE cidfuzz_sim)
target_include_directories(test_litmus PRIVATE tests sim)
add_test(NAME litmus COMMAND test_litmus)

# transit-barriers: a bounded exhaustive search (docs/transit-barriers.md);
# ctest runs a small bound, the doc gives the full one
add_executable(explore_barriers tests/explore_barriers.c)
target_link_libraries(explore_barriers PRIVATE cidfuzz_sim)
add_test(NAME transit_barriers_fork COMMAND explore_barriers
         --bug transit-barriers -k 1 -w 2)
add_test(NAME transit_barriers_exit COMMAND explore_barriers
         --bug transit-barriers --scenario exit -k 1 -w 3)
set_tests_properties(transit_barriers_fork transit_barriers_exit PROPERTIES
  PASS_REGULAR_EXPRESSION "[0-9]+ schedules in all, 0 violations")
# the search can find what it looks for: the patch-1 livelock, same bound
add_test(NAME transit_barriers_search_finds_patch1 COMMAND explore_barriers
         --bug transit-task-to-cpu -k 1 -w 3 --first)
# (the verdict line itself, not just a failing exit: a crash must not pass)
set_tests_properties(transit_barriers_search_finds_patch1 PROPERTIES
  PASS_REGULAR_EXPRESSION "first violation: I4 at mm_get_cid: livelock")
# ... and the patch-2 livelock, in a window where a mode store is buffered
add_test(NAME transit_barriers_search_finds_patch2 COMMAND explore_barriers
         --bug split-mode-fields -k 0 -w 3 --first)
set_tests_properties(transit_barriers_search_finds_patch2 PROPERTIES
  PASS_REGULAR_EXPRESSION "first violation: I4 at mm_get_cid: livelock")
