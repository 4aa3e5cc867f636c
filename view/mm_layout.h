/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the mm_cid state of an mm lies: the one place that knows the
 * layout of struct mm_struct's mm_cid for the view (view.c) and the
 * simulator (sim/). One accessor header per layout, chosen when the
 * build compiles impl/'s structures (mm_layout_model.h) or a kernel
 * tree's (CIDFUZZ_KERNEL_TREE: mm_layout_tree.h, docs/kernel-tree.md):
 *
 *   mm_layout_pcpu(mm, cpu)	CPU @cpu's struct mm_cid_pcpu of @mm
 *   mm_layout_cidmask(mm)	the CID bitmap (unsigned long[])
 *   mm_layout_mode(mm)		the mode as the readers see it, one word in
 *				the kernel's encoding (MM_CID_ONCPU,
 *				MM_CID_TRANSIT), undecoded
 *   mm_layout_split_mode(mm, transit)
 *				the split mode field (percpu, or @transit
 *				transit) where the layout has one, else NULL
 *
 * The accessors return the words as they are: what they mean is the
 * reader's business (the view decodes them by the contract's
 * definitions, view.c).
 */
#ifndef CIDFUZZ_MM_LAYOUT_H
#define CIDFUZZ_MM_LAYOUT_H

#include "kernel.h"

#ifdef CIDFUZZ_KERNEL_TREE
#include "mm_layout_tree.h"
#else
#include "mm_layout_model.h"
#endif

#endif
