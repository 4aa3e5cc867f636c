# SPDX-License-Identifier: GPL-2.0-only
# --kernel-tree (docs/kernel-tree.md): the mm_cid code of a kernel tree,
# compiled against the shim (kerneltree/shim) with our scheduler core.
#
# cidfuzz_kernel_tree(TARGET TREE OUT): a static library TARGET that
# stands where cidfuzz_impl does, with TREE's mm_cid sections in place
# of impl/kernel/mmcid_core.c and mmcid_sched.c. kerneltree/extract.py
# reads the sections into OUT (a build folder) when CMake configures,
# so that what cannot be extracted stops the configuration with its
# message, and again when a section's file, the extractor or the shim
# changes.

find_program(CIDFUZZ_PYTHON3 python3 REQUIRED)

set(CIDFUZZ_KT_EXTRACT ${CMAKE_SOURCE_DIR}/kerneltree/extract.py)
# What the extractor reads besides the tree: the shim, the model's
# primitives and kernel headers, the hooks
file(GLOB CIDFUZZ_KT_SHIM_HEADERS ${CMAKE_SOURCE_DIR}/kerneltree/shim/*.[ch])
list(APPEND CIDFUZZ_KT_SHIM_HEADERS ${CMAKE_SOURCE_DIR}/impl/include/prims.h
     ${CMAKE_SOURCE_DIR}/impl/include/kernel.h ${CMAKE_SOURCE_DIR}/impl/include/mmcid_hooks.h)

function(cidfuzz_kernel_tree target tree out)
  set(cmd ${CIDFUZZ_PYTHON3} ${CIDFUZZ_KT_EXTRACT} --tree ${tree} --out ${out})
  execute_process(COMMAND ${cmd} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${err}")
  endif()
  set(sections ${tree}/include/linux/rseq_types.h ${tree}/kernel/sched/sched.h
               ${tree}/kernel/sched/core.c)
  add_custom_command(
    OUTPUT ${out}/mmcid_tree.c ${out}/rseq_types_mmcid.h ${out}/sched_mmcid.h
           ${out}/core_mmcid.c ${out}/apis.txt
    COMMAND ${cmd}
    DEPENDS ${sections} ${CIDFUZZ_KT_EXTRACT} ${CIDFUZZ_KT_SHIM_HEADERS}
    COMMENT "kerneltree: the mm_cid sections of ${tree}")

  # The tree's unit: function entries instrumented (shim/kt_entries.c);
  # the kernel's code at the kernel's own warning level, which leaves
  # unused parameters alone
  add_library(${target}_unit OBJECT ${out}/mmcid_tree.c)
  target_compile_options(${target}_unit PRIVATE -finstrument-functions
                         -Wno-unused-parameter)

  add_library(${target} STATIC $<TARGET_OBJECTS:${target}_unit>
              impl/kernel/core.c impl/kernel/exit.c
              impl/kernel/fork.c impl/kernel/workqueue.c)
  # In a libFuzzer build, the coverage instrumentation cidfuzz_impl gets
  # (CMakeLists.txt: CIDFUZZ_COVERAGE_FLAGS), on the same kinds of code
  foreach(t ${target} ${target}_unit)
    target_compile_options(${t} PRIVATE ${CIDFUZZ_COVERAGE_FLAGS})
    target_include_directories(${t} PUBLIC ${out} ${CMAKE_SOURCE_DIR}/kerneltree/shim
                               ${CMAKE_SOURCE_DIR}/impl/include)
    target_compile_definitions(${t} PUBLIC CIDFUZZ_KERNEL_TREE)
    target_link_libraries(${t} PUBLIC cidfuzz_names)
  endforeach()
endfunction()

# The test tree (tests/kernel-tree/tree, our own code laid out like a
# kernel tree): built always, so that CI tests the extractor and the
# shim without a kernel tree
cidfuzz_kernel_tree(cidfuzz_impl_testtree ${CMAKE_SOURCE_DIR}/tests/kernel-tree/tree
                    ${CMAKE_BINARY_DIR}/kerneltree-test)

# The model tree (tests/kernel-tree/model: impl/'s newest mm_cid code
# laid out like a kernel tree): built always, for cidfuzz-testtree, on
# which the tests replay the corpus and crashes/ against cidfuzz
cidfuzz_kernel_tree(cidfuzz_impl_modeltree ${CMAKE_SOURCE_DIR}/tests/kernel-tree/model
                    ${CMAKE_BINARY_DIR}/kerneltree-model)

# -DCIDFUZZ_KERNEL_TREE=DIR: a kernel tree's code
set(CIDFUZZ_KERNEL_TREE "" CACHE PATH "A kernel tree whose mm_cid code to build (docs/kernel-tree.md)")
if(CIDFUZZ_KERNEL_TREE)
  cidfuzz_kernel_tree(cidfuzz_impl_tree ${CIDFUZZ_KERNEL_TREE}
                      ${CMAKE_BINARY_DIR}/kerneltree)
endif()

# cidfuzz_tree_libraries(IMPL TREE): the view and the simulator compiled
# again against the structures of TREE, whose code IMPL is (a library of
# cidfuzz_kernel_tree()): IMPL_view, IMPL_sim (view/mm_layout.h takes
# the tree's layout). The libraries above them are the ordinary ones,
# which link those through the executable's CIDFUZZ_IMPL property
# (CMakeLists.txt): a command line (cidfuzz_tree_binary()) or a fuzz
# harness (fuzzers/CMakeLists.txt). The tree's code is not instrumented
# for write hints: its simulator hints "all" after every step
# (sim/hints.c), slower, same verdicts.
function(cidfuzz_tree_libraries impl tree)
  add_library(${impl}_view STATIC view/view.c)
  target_include_directories(${impl}_view PUBLIC view)
  target_link_libraries(${impl}_view PRIVATE ${impl})

  get_target_property(sim_sources cidfuzz_sim SOURCES)
  add_library(${impl}_sim STATIC ${sim_sources})
  target_include_directories(${impl}_sim PUBLIC sim)
  target_compile_definitions(${impl}_sim PRIVATE CIDFUZZ_KERNEL_TREE_DIR="${tree}")
  target_link_libraries(${impl}_sim PUBLIC ${impl}_view cidfuzz_kasan cidfuzz_schedule
                        cidfuzz_names cidfuzz_util PRIVATE ${impl})
endfunction()

# cidfuzz_tree_binary(EXE IMPL TREE): the command line EXE (the sources
# of cidfuzz) on IMPL, the code of TREE
function(cidfuzz_tree_binary exe impl tree)
  cidfuzz_tree_libraries(${impl} ${tree})
  get_target_property(cli_sources cidfuzz SOURCES)
  get_target_property(cli_defs cidfuzz COMPILE_DEFINITIONS)
  add_executable(${exe} ${cli_sources})
  set_target_properties(${exe} PROPERTIES CIDFUZZ_IMPL ${impl})
  target_compile_definitions(${exe} PRIVATE ${cli_defs})
  target_link_libraries(${exe} PRIVATE cidfuzz_campaign cidfuzz_explore cidfuzz_verify
                        cidfuzz_minimize ${impl}_sim cidfuzz_oracle)
endfunction()

# After the libraries of CMakeLists.txt: cidfuzz-testtree on the model
# tree always, cidfuzz-tree for -DCIDFUZZ_KERNEL_TREE
function(cidfuzz_tree_binaries)
  cidfuzz_tree_binary(cidfuzz-testtree cidfuzz_impl_modeltree
                      ${CMAKE_SOURCE_DIR}/tests/kernel-tree/model)
  if(CIDFUZZ_KERNEL_TREE)
    cidfuzz_tree_binary(cidfuzz-tree cidfuzz_impl_tree ${CIDFUZZ_KERNEL_TREE})
  endif()
endfunction()
