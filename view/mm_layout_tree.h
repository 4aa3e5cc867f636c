/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A kernel tree's layout (kerneltree/shim/kt_mmcid.h around the tree's
 * struct mm_mm_cid), for mm_layout.h: the per-CPU slots behind the
 * __percpu pointer mm::mm_cid::pcpu (per_cpu_ptr()), the CID bitmap
 * where mm_cidmask() finds it, the mode one word (since 47ee94efccf6).
 *
 * Also the CID-word helpers the simulator uses (sim/), on the tree's
 * MM_CID_* flags (impl/include/mmcid_word.h): a tree has its own only
 * inside its sched.h section, which only its unit sees.
 */
#ifndef CIDFUZZ_MM_LAYOUT_TREE_H
#define CIDFUZZ_MM_LAYOUT_TREE_H

#include "kt_percpu.h"
#include "mmcid_word.h"

/*
 * mm::mm_cid::pcpu is set by mm_alloc_cid() (kt_mmcid.h) before any
 * primitive after alloc_mm(): nobody sees an mm without it
 */
#define mm_layout_pcpu(mm, cpu) per_cpu_ptr((mm)->mm_cid.pcpu, cpu)
#define mm_layout_cidmask(mm) ((mm)->cidmask)

static inline unsigned int mm_layout_mode(const struct mm_struct *mm)
{
	return mm->mm_cid.mode;
}

static inline unsigned int *mm_layout_split_mode(struct mm_struct *mm,
						 bool transit)
{
	(void)mm;
	(void)transit;
	return NULL;
}

#endif
