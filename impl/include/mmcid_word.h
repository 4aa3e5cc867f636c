/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The helpers of a CID word (kernel/sched/sched.h in the kernel): what
 * its MM_CID_ONCPU, MM_CID_TRANSIT and MM_CID_UNSET flags say. After the
 * flags: impl/include/mmcid.h includes it for the model; with
 * --kernel-tree the simulator's view of the tree's structures
 * (view/mm_layout_tree.h) does, the flags being the tree's, since a tree
 * has these helpers only inside its sched.h section.
 */
#ifndef CIDFUZZ_MMCID_WORD_H
#define CIDFUZZ_MMCID_WORD_H

#include <stdbool.h>

static inline bool cid_on_cpu(unsigned int cid)
{
	return cid & MM_CID_ONCPU;
}

static inline bool cid_on_task(unsigned int cid)
{
	/* True if none of the MM_CID_ONCPU, MM_CID_TRANSIT, MM_CID_UNSET bits is set */
	return cid < MM_CID_TRANSIT;
}

static inline bool cid_in_transit(unsigned int cid)
{
	return cid & MM_CID_TRANSIT;
}

static inline unsigned int cpu_cid_to_cid(unsigned int cid)
{
	return cid & ~MM_CID_ONCPU;
}

static inline unsigned int cid_to_cpu_cid(unsigned int cid)
{
	return cid | MM_CID_ONCPU;
}

static inline unsigned int cid_to_transit_cid(unsigned int cid)
{
	return cid | MM_CID_TRANSIT;
}

static inline unsigned int cid_from_transit_cid(unsigned int cid)
{
	return cid & ~MM_CID_TRANSIT;
}

/* The value user space sees through rseq */
static inline unsigned int task_cid_value(unsigned int cid)
{
	return cid & ~(MM_CID_ONCPU | MM_CID_TRANSIT);
}

#endif
