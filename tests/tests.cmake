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
cidfuzz_unit_test(oracle test_oracle SOURCES tests/test_oracle.c
  LIBS cidfuzz_findings cidfuzz_impl)
# The simulator calls its checker once per step and once per event
cidfuzz_unit_test(checker test_checker SOURCES tests/test_checker.c
  LIBS cidfuzz_sim cidfuzz_oracle)

# Regression replay: every reproducer in crashes/ with its bug on (its
# invariant) and off (clean); every schedule in corpus/ clean
add_test(NAME regress_replay COMMAND cidfuzz regress ${CMAKE_SOURCE_DIR}/crashes
         ${CMAKE_SOURCE_DIR}/corpus ${CMAKE_SOURCE_DIR}/corpus/seeds)

# The pictures (replay --svg, --html) of every reproducer, checked by
# structure: legend, lanes, CID bands, mm lane, events, violation, arrows
add_test(NAME replay_pictures COMMAND sh ${CMAKE_SOURCE_DIR}/tests/test_pictures.sh
         $<TARGET_FILE:cidfuzz> ${CMAKE_SOURCE_DIR})

# The pages (replay --html) of every reproducer in headless Chromium,
# offline: the state panel at two steps says what the trace says (skipped
# without chromium, failed with CIDFUZZ_NO_SKIP=1, as in CI). The page is
# the same bytes in every build: the release build runs it.
if(NOT CIDFUZZ_SANITIZE)
  add_test(NAME replay_page_browser COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/check_page.py
           $<TARGET_FILE:cidfuzz> ${CMAKE_SOURCE_DIR})
  set_tests_properties(replay_page_browser PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()

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
  SOURCES tests/test_litmus.c tests/litmus.c LIBS cidfuzz_sim cidfuzz_oracle cidfuzz_impl
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
  $<TARGET_FILE:explore_barriers> --bug split-mode-fields -k 0 -w 4 --first)

# --check narrows what is reported: the seed livelock with I4 deselected
# is no violation (exit 0), yet named (I4 ends the run: nothing can move)
cidfuzz_expect_output(replay_check_names_the_deselected_livelock 0
  "^deselected: I4 fired at step [0-9]+ \\(mm_get_cid: livelock\\)$"
  $<TARGET_FILE:cidfuzz> replay ${CMAKE_SOURCE_DIR}/crashes/transit-task-to-cpu.sched
  --bug transit-task-to-cpu --check I1,I2)

# Whose finding is a violation: the bug target's, known, or new
cidfuzz_unit_test(known_findings test_known
  SOURCES tests/test_known.c LIBS cidfuzz_findings)

# bench/all.sh follows docs/figures.md: the map parses, and the figure
# scripts that need only the release build run with tiny budgets and print
# every line the map names (the others need the fuzz, tsan and variant
# builds: `bench/all.sh --quick`)
if(CMAKE_BINARY_DIR STREQUAL "${CMAKE_SOURCE_DIR}/build/release")
  add_test(NAME bench_figures_quick COMMAND env BENCH_RESULTS=${CMAKE_BINARY_DIR}/bench-results
           bash ${CMAKE_SOURCE_DIR}/bench/all.sh --quick --no-build --only stats.sh,barriers.sh)
endif()

# Small-scope verification (verify/): the scenarios of a tiny scope
# against a hand count, the set-ups clean; then the command: a small scope
# clean on the newest code, a bug switch whose reproducer fits the scope
# found, --jobs 2 the same as --jobs 1, a resume after a kill the same
cidfuzz_unit_test(verify test_verify
  SOURCES tests/test_verify.c LIBS cidfuzz_verify)
cidfuzz_expect_output(verify_small_scope_clean 0 "^verified: no violation in scope$"
  $<TARGET_FILE:cidfuzz> verify --cpus 2 --tasks 2 --concurrent 1 --quiet
  -o ${CMAKE_BINARY_DIR}/verify-clean)
cidfuzz_expect_output(verify_small_scope_finds_fork_visibility 1
  "^VIOLATION I6 at task-owns-in-per-cpu: "
  $<TARGET_FILE:cidfuzz> verify --cpus 3 --tasks 2 --concurrent 2 --kinds fork
  --bug fork-visibility --quiet -o ${CMAKE_BINARY_DIR}/verify-fork-visibility)
cidfuzz_expect_output(verify_bad_scope_exits_2 2 "expected --cpus 2..6"
  $<TARGET_FILE:cidfuzz> verify --cpus 1 --tasks 1 --concurrent 1)
add_test(NAME verify_jobs_and_resume COMMAND sh ${CMAKE_SOURCE_DIR}/tests/test_verify.sh
         $<TARGET_FILE:cidfuzz>)
# a scope of few scenarios: split into subtrees, the same for --jobs 1, 2
# and a resume, the bug found as unsplit, clean without it
add_test(NAME verify_split_jobs_resume_and_bug COMMAND sh
         ${CMAKE_SOURCE_DIR}/tests/test_verify.sh $<TARGET_FILE:cidfuzz> split)
cidfuzz_expect_output(verify_finds_cid_on_cpu_drop_without_preemptions 1
  "^VIOLATION I9 at mm_drop_cid: "
  $<TARGET_FILE:cidfuzz> verify --cpus 4 --tasks 2 --concurrent 1 --setups per-cpu-2
  --preemptions 0 --bug cid-on-cpu-drop --quiet -o ${CMAKE_BINARY_DIR}/verify-cid-on-cpu-drop)

# The model's headers stay with the parts that model the kernel: a file
# of any other part that includes kernel.h does not compile. Each probe
# is built with the include path of a part's own files, or (sim) with
# what a part that runs the simulator is given; it must fail for kernel.h
function(cidfuzz_model_private_probe name)
  add_library(model_private_${name} OBJECT EXCLUDE_FROM_ALL tests/model_private.c)
  target_link_libraries(model_private_${name} PRIVATE ${ARGN})
  add_test(NAME model_headers_private_${name}
           COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target model_private_${name})
  set_tests_properties(model_headers_private_${name} PROPERTIES
    PASS_REGULAR_EXPRESSION "kernel\\.h: No such file|'kernel\\.h' file not found"
    RESOURCE_LOCK cmake_build)
endfunction()
foreach(part cidfuzz cidfuzz_util cidfuzz_schedule cidfuzz_oracle cidfuzz_findings
        cidfuzz_minimize cidfuzz_explore cidfuzz_campaign cidfuzz_verify bench_execs)
  cidfuzz_model_private_probe(${part})
  target_include_directories(model_private_${part} PRIVATE
    $<TARGET_PROPERTY:${part},INCLUDE_DIRECTORIES>)
endforeach()
cidfuzz_model_private_probe(sim_users cidfuzz_sim cidfuzz_oracle)

# --kernel-tree (docs/kernel-tree.md): the extractor on the test tree
# and its broken variants (messages, exit codes), and the shim on the
# test tree's code, linked with our scheduler core
add_test(NAME kerneltree_extract COMMAND ${CIDFUZZ_PYTHON3}
         ${CMAKE_SOURCE_DIR}/tests/kernel-tree/test_extract.py ${CMAKE_SOURCE_DIR})
cidfuzz_unit_test(kerneltree_shim test_kerneltree_shim
  SOURCES tests/kernel-tree/test_shim.c tests/kernel-tree/test_prims_log.c
  LIBS cidfuzz_impl_testtree INCLUDES ${CMAKE_SOURCE_DIR}/tests/kernel-tree)
# cidfuzz-testtree (the model tree's code through kerneltree/): every
# schedule of corpus/ and crashes/ with cidfuzz's verdict, to the step;
# --bug and --kernel refused
add_test(NAME kerneltree_replay COMMAND sh ${CMAKE_SOURCE_DIR}/tests/kernel-tree/test_tree_replay.sh
         $<TARGET_FILE:cidfuzz> $<TARGET_FILE:cidfuzz-testtree> ${CMAKE_SOURCE_DIR})
# The libFuzzer campaign on the model tree through --kernel-tree: its
# harnesses built with clang (one build of the model tree, in
# <build>/tree-builds), run a few seconds, as expected (skipped without
# clang's libFuzzer, failed with CIDFUZZ_NO_SKIP=1; not under a
# sanitizer, to keep CI to one such build)
if(NOT CIDFUZZ_SANITIZE)
  add_test(NAME kerneltree_campaign COMMAND sh ${CMAKE_SOURCE_DIR}/tests/kernel-tree/test_tree_campaign.sh
           $<TARGET_FILE:cidfuzz-testtree> ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/tree-builds)
  set_tests_properties(kerneltree_campaign PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()
