# SPDX-License-Identifier: GPL-2.0-only
# The threads back end and the thread-pool stress emulator (threads/,
# stress/). Included by the top-level CMakeLists.txt in every build but the
# fuzz builds; the ThreadSanitizer build (preset tsan) builds only this.

# The model a second time, against the threads back end of prims.h: the
# same impl/ sources, no simulator code.
add_library(cidfuzz_impl_threads STATIC
  ${CIDFUZZ_IMPL_SOURCES}
  threads/cid_stats.c
  threads/prims_threads.c)
target_include_directories(cidfuzz_impl_threads PUBLIC impl/include threads)
find_package(Threads REQUIRED)
target_link_libraries(cidfuzz_impl_threads PUBLIC cidfuzz_names cidfuzz_kasan Threads::Threads)

add_executable(cidfuzz-stress stress/checks.c stress/main.c stress/workers.c stress/world.c)
target_link_libraries(cidfuzz-stress PRIVATE cidfuzz_impl_threads)

enable_testing()
# Bounded by --seconds (the stress run stops at its first finding); the
# timeouts are ctest's safety net, not assertions on speed. Under TSan the
# known race of the model is suppressed (stress/tsan.supp, see there) and
# the first other one ends the run.
set(STRESS_TSAN_OPTIONS "TSAN_OPTIONS=halt_on_error=1:exitcode=66:suppressions=${CMAKE_SOURCE_DIR}/stress/tsan.supp")
# (a) the fixed code: TSan-clean and invariant-clean for a few seconds
# (a generous watchdog: a busy CI machine must not pass for a livelock)
add_test(NAME stress_fixed_clean
  COMMAND cidfuzz-stress --seconds 5 --delay-us 200 --watchdog 10 --quiet)
set_tests_properties(stress_fixed_clean PROPERTIES LABELS stress TIMEOUT 300
  ENVIRONMENT "${STRESS_TSAN_OPTIONS}")
# (b) transit-task-to-cpu: the seed's livelock on real threads, reported by
# the watchdog with every thread's state (median ~13 s under TSan)
add_test(NAME stress_transit_task_to_cpu_livelock
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/stress_expect.sh livelock
          $<TARGET_FILE:cidfuzz-stress> --bug transit-task-to-cpu --seconds 150
          --watchdog 2 --max 5 --delay 8 --delay-us 1000)
set_tests_properties(stress_transit_task_to_cpu_livelock PROPERTIES LABELS stress
  TIMEOUT 400 ENVIRONMENT "${STRESS_TSAN_OPTIONS}")
# (c) schedin's READ_ONCE(mode) made a plain load: TSan reports the race
# with the WRITE_ONCE of a mode switch
if(CIDFUZZ_SANITIZE STREQUAL "thread")
  add_test(NAME stress_plain_access_data_race
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/stress_expect.sh race
            $<TARGET_FILE:cidfuzz-stress> --plain-access --seconds 30)
  set_tests_properties(stress_plain_access_data_race PROPERTIES LABELS stress
    TIMEOUT 300 ENVIRONMENT "${STRESS_TSAN_OPTIONS}")
endif()

# I9 on real threads: a bit number with TRANSIT in it (a test-only fault,
# --transit-bit-nr) is reported, the access skipped, the run ends with
# exit 1: no crash, and under ASan no report
add_test(NAME stress_bad_bit_nr_reported
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/stress_expect.sh i9
          $<TARGET_FILE:cidfuzz-stress> --transit-bit-nr --seconds 2 --watchdog 10)
set_tests_properties(stress_bad_bit_nr_reported PROPERTIES LABELS stress TIMEOUT 120
  ENVIRONMENT "${STRESS_TSAN_OPTIONS}")

# The simulator's statistics: deterministic (same output twice), clean
if(NOT CIDFUZZ_SANITIZE STREQUAL "thread")
  add_test(NAME simstats_deterministic_and_clean
    COMMAND sh -c "\"$0\" 20 >simstats.1 && \"$0\" 20 >simstats.2 && cmp simstats.1 simstats.2 && grep 'current vs schedout-drop' simstats.1"
            $<TARGET_FILE:cidfuzz-simstats>)
  set_tests_properties(simstats_deterministic_and_clean PROPERTIES LABELS stress)
endif()
