/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cidfuzz's model tree (tests/kernel-tree/model): not kernel code. The
 * model's newest mm_cid code (impl/kernel/mmcid_core.c, mmcid_sched.c
 * and impl/include/mmcid.h with every bug switch off), written in a
 * kernel tree's file and section layout, so that cidfuzz-testtree runs
 * it through kerneltree/ and the tests can hold its verdicts against
 * cidfuzz's on the same schedules.
 */
#ifndef _MODEL_RSEQ_TYPES_H
#define _MODEL_RSEQ_TYPES_H

#ifdef CONFIG_SCHED_MM_CID

/* A CID word: the CID plus flags, TRANSIT < ONCPU < UNSET as values */
#define MM_CID_UNSET BIT(31)
#define MM_CID_ONCPU BIT(30)
#define MM_CID_TRANSIT BIT(29)

/* Per task */
struct sched_mm_cid {
	unsigned int active;
	unsigned int cid;
	struct hlist_node node; /* mm::mm_cid::user_list */
};

/* Per CPU */
struct mm_cid_pcpu {
	unsigned int cid;
} ____cacheline_aligned_in_smp;

/*
 * Per mm. mm::mm_cid::mutex serializes fork, exit and the deferred
 * work; mm::mm_cid::lock the max_cids updates and the affinity; a CPU's
 * slot is written with that CPU's rq lock held.
 */
struct mm_mm_cid {
	struct mm_cid_pcpu __percpu *pcpu;
	unsigned int mode;
	unsigned int max_cids;

	struct irq_work irq_work;
	struct work_struct work;

	raw_spinlock_t lock;
	struct mutex mutex;
	struct hlist_head user_list;

	unsigned int nr_cpus_allowed;
	unsigned int users;
	unsigned int pcpu_thrs;
	unsigned int update_deferred;
} ____cacheline_aligned;

#else /* CONFIG_SCHED_MM_CID */
struct mm_mm_cid {};
struct sched_mm_cid {};
#endif /* !CONFIG_SCHED_MM_CID */

#endif
