/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one header the unit of a kernel tree's mm_cid code includes
 * (mmcid_tree.c, written by kerneltree/extract.py): our model's kernel
 * (impl/include/kernel.h, which with --kernel-tree takes the tree's
 * structures through kt_mmcid.h) and the kernel APIs on top of prims.h.
 */
#ifndef CIDFUZZ_KT_SHIM_H
#define CIDFUZZ_KT_SHIM_H

#include "kernel.h"
#include "kt_cleanup.h"
#include "kt_kernel.h"
#include "kt_percpu.h"

/* A function entry of the tree's code, by name (kt_tree_funcs[]) */
struct kt_func {
	const void *fn;
	const char *name;
};

extern const struct kt_func kt_tree_funcs[];
extern const unsigned int kt_tree_nr_funcs;

/*
 * extract.py renames the static hooks (sched_mm_cid_fork() becomes
 * __kt_tree_sched_mm_cid_fork(), wrapped under its own name): the
 * primitives and WARN_ON_ONCE() still report the kernel's name. The
 * prefix is a constant, so the compiler folds this away.
 */
#define KT_TREE_PREFIX "__kt_tree_"

static inline const char *__kt_noinstr kt_kernel_name(const char *fn)
{
	size_t n = sizeof(KT_TREE_PREFIX) - 1;

	return __builtin_strncmp(fn, KT_TREE_PREFIX, n) ? fn : fn + n;
}

#define __func__ kt_kernel_name(__func__)

#endif
