/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mm_cid structures with --kernel-tree: impl/include/kernel.h takes
 * this header in place of impl/include/mmcid.h, so that our scheduler
 * core is compiled against the kernel tree's own struct mm_mm_cid,
 * struct mm_cid_pcpu and struct sched_mm_cid (rseq_types_mmcid.h, which
 * kerneltree/extract.py writes into the build folder).
 *
 * struct mm_struct is ours: the tree's struct mm_mm_cid plus the storage
 * the kernel puts behind it (mm_cpus_allowed(), mm_cidmask(): the
 * flexible tail of include/linux/mm_types.h) and the per-CPU copies of
 * mm::mm_cid::pcpu.
 *
 * The hooks, what our scheduler core calls of the tree's code, are
 * impl/'s (impl/include/mmcid_hooks.h).
 */
#ifndef CIDFUZZ_KT_MMCID_H
#define CIDFUZZ_KT_MMCID_H

#include "cid_bugs.h"
#include "kt_types.h"
#include "mmcid_hooks.h"
#include "rseq_types_mmcid.h"

_Static_assert(sizeof(struct mm_cid_pcpu) <= KT_PERCPU_STRIDE,
	       "struct mm_cid_pcpu does not fit the per-CPU stride");

struct mm_struct {
	struct mm_mm_cid mm_cid;
	int id;
	struct cpumask cpus_allowed;
	unsigned long cidmask[BITS_TO_LONGS(NR_CPUS)];
	/* alloc_percpu(struct mm_cid_pcpu): mm_cid.pcpu points here */
	unsigned char pcpu_area[NR_CPUS][KT_PERCPU_STRIDE]
		__attribute__((aligned(KT_CACHELINE)));
};

static inline unsigned long *mm_cidmask(struct mm_struct *mm)
{
	return mm->cidmask;
}

static inline struct cpumask *mm_cpus_allowed(struct mm_struct *mm)
{
	return &mm->cpus_allowed;
}

/*
 * mm_alloc_cid() of the kernel's mm_init(): the per-CPU slots come
 * zeroed from alloc_percpu(), then the tree's mm_init_cid() sets up the
 * rest.
 */
static inline void mm_alloc_cid(struct mm_struct *mm, struct task_struct *p)
{
	__builtin_memset(mm->pcpu_area, 0, sizeof(mm->pcpu_area));
	mm->mm_cid.pcpu = (struct mm_cid_pcpu *)mm->pcpu_area;
	mm_init_cid(mm, p);
}

#endif
