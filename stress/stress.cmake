# SPDX-License-Identifier: GPL-2.0-only
# The threads back end and the thread-pool stress emulator (threads/,
# stress/). Included by the top-level CMakeLists.txt in every build but the
# fuzz builds; the ThreadSanitizer build (preset tsan) builds only this.

# The model a second time, against the threads back end of prims.h: the
# same impl/ sources, no simulator code.
add_library(cidfuzz_impl_threads STATIC
  impl/kernel/bugs.c
  impl/kernel/core.c
  impl/kernel/exit.c
  impl/kernel/fork.c
  impl/kernel/mmcid_core.c
  impl/kernel/mmcid_sched.c
  impl/kernel/trace_funcs.c
  impl/kernel/workqueue.c
  threads/cid_stats.c
  threads/prims_threads.c)
target_include_directories(cidfuzz_impl_threads PUBLIC impl/include threads)
find_package(Threads REQUIRED)
target_link_libraries(cidfuzz_impl_threads PUBLIC Threads::Threads)

add_executable(cidfuzz-stress stress/checks.c stress/main.c stress/workers.c stress/world.c)
target_link_libraries(cidfuzz-stress PRIVATE cidfuzz_impl_threads)

enable_testing()
# (a) the fixed code: TSan-clean and invariant-clean for a few seconds
add_test(NAME stress_fixed_clean COMMAND cidfuzz-stress --seconds 4 --quiet)
set_tests_properties(stress_fixed_clean PROPERTIES LABELS stress TIMEOUT 300
  ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:exitcode=66")
# (b) transit-task-to-cpu: the livelock on real threads, found and reported
add_test(NAME stress_transit_task_to_cpu_livelock
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/stress_expect.sh livelock
          $<TARGET_FILE:cidfuzz-stress> --bug transit-task-to-cpu --seconds 60 --watchdog 2)
set_tests_properties(stress_transit_task_to_cpu_livelock PROPERTIES LABELS stress TIMEOUT 300)
# (c) a shared access made plain: TSan reports the data race
if(CIDFUZZ_SANITIZE STREQUAL "thread")
  add_test(NAME stress_plain_access_data_race
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/stress_expect.sh race
            $<TARGET_FILE:cidfuzz-stress> --plain-access --seconds 20)
  set_tests_properties(stress_plain_access_data_race PROPERTIES LABELS stress TIMEOUT 300)
endif()
