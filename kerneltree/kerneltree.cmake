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
  foreach(t ${target} ${target}_unit)
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

# -DCIDFUZZ_KERNEL_TREE=DIR: a kernel tree's code
set(CIDFUZZ_KERNEL_TREE "" CACHE PATH "A kernel tree whose mm_cid code to build (docs/kernel-tree.md)")
if(CIDFUZZ_KERNEL_TREE)
  cidfuzz_kernel_tree(cidfuzz_impl_tree ${CIDFUZZ_KERNEL_TREE}
                      ${CMAKE_BINARY_DIR}/kerneltree)
endif()
