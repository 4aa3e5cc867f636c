/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cidfuzz's test tree (tests/kernel-tree/README.md): laid out like a
 * kernel tree, written for the tests of kerneltree/, not kernel code.
 * A simple per-task CID allocator in the kernel's file and section
 * layout, using the kernel APIs the real mm_cid code uses.
 */
#ifndef _TEST_RSEQ_TYPES_H
#define _TEST_RSEQ_TYPES_H

#ifdef CONFIG_RSEQ
/* Not ours to take: another configuration's structure */
struct rseq_test_area {
	unsigned int cpu_id;
	unsigned int mm_cid;
};
#endif /* CONFIG_RSEQ */

#ifdef CONFIG_SCHED_MM_CID

#define MM_CID_UNSET BIT(31)

/* A task's CID and its place on the mm's user list */
struct sched_mm_cid {
	unsigned int active;
	unsigned int cid;
	struct hlist_node node;
};

/* The CID of the task a CPU last switched to */
struct mm_cid_pcpu {
	unsigned int cid;
} ____cacheline_aligned_in_smp;

struct mm_mm_cid {
	struct mm_cid_pcpu __percpu *pcpu;
	unsigned int max_cids;
	struct irq_work irq_work;
	struct work_struct work;
	raw_spinlock_t lock;
	struct mutex mutex;
	struct hlist_head user_list;
	unsigned int nr_cpus_allowed;
	unsigned int users;
	unsigned int recounts;
} ____cacheline_aligned;

#else /* CONFIG_SCHED_MM_CID */
struct mm_mm_cid {};
#endif /* !CONFIG_SCHED_MM_CID */

#endif
