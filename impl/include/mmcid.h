/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mm_cid data structures (include/linux/rseq_types.h) and the entry points
 * of the model (kernel/sched/sched.h and core.c), plus the bug switches.
 *
 * Serialization rules (as in the kernel):
 *
 * mm::mm_cid::mutex:	Serializes fork(), exit() and the deferred work and
 *			therefore protects mm::mm_cid::users, the user list
 *			and the mode switch transitions.
 *
 * mm::mm_cid::lock:	Serializes mm_update_max_cids() and
 *			mm_update_cpus_allowed(). Nests in mm_cid::mutex and
 *			in the rq lock.
 *
 * rq::__lock:		A CPU's slot mm::mm_cid::pcpu[cpu] is written only
 *			with that CPU's rq lock held; a task's CID word only
 *			with the rq lock of the CPU the task is on (or by the
 *			task itself with its rq lock held). The fixup walks
 *			take one rq lock at a time.
 *
 * Lockless readers: mm_cid_schedin()/schedout() read mode and max_cids
 * with READ_ONCE(); all writers use WRITE_ONCE().
 */
#ifndef CIDFUZZ_MMCID_H
#define CIDFUZZ_MMCID_H

#include <stdbool.h>

#include "cid_bugs.h"
#include "mmcid_hooks.h"

/*
 * A CID word: the CID number plus flags high in the word, ordered so that
 * TRANSIT < ONCPU < UNSET as values (the kernel's layout).
 */
#define MM_CID_UNSET		(1U << 31)
#define MM_CID_ONCPU		(1U << 30)
#define MM_CID_TRANSIT		(1U << 29)

struct mm_cid_pcpu {
	unsigned int cid;
};

/* Reduced to what irq_work_sync() and cancel_work_sync() wait for */
struct irq_work {
	bool pending;
	bool running;
};

struct work_struct {
	bool pending;
	bool running;
};

struct mm_mm_cid {
	/* Hotpath read mostly members */
	struct mm_cid_pcpu pcpu[NR_CPUS];	/* __percpu in the kernel */
	unsigned int mode;
	unsigned int max_cids;
	/* The two fields mode replaced (bug switch split-mode-fields) */
	unsigned int percpu;
	unsigned int transit;

	struct irq_work irq_work;
	struct work_struct work;
	raw_spinlock_t lock;
	struct mutex mutex;

	unsigned int users;
	unsigned int nr_cpus_allowed;
	unsigned int pcpu_thrs;
	bool update_deferred;
	struct cpumask cpus_allowed;
	struct hlist_head user_list;
	unsigned long cidmask[BITS_TO_LONGS(NR_CPUS)];
};

struct mm_struct {
	struct mm_mm_cid mm_cid;
	int id;
};

/* Per task (struct sched_mm_cid in the kernel) */
struct sched_mm_cid {
	unsigned int active;
	unsigned int cid;
	struct hlist_node node;		/* mm::mm_cid::user_list */
};

static inline unsigned long *mm_cidmask(struct mm_struct *mm)
{
	return mm->mm_cid.cidmask;
}

#include "mmcid_word.h"

/* mm_init()'s: the slots zeroed as alloc_percpu() does, then mm_init_cid() */
void mm_alloc_cid(struct mm_struct *mm, struct task_struct *p);

/* sched.h helpers shared by the two halves */
unsigned int mm_get_cid(struct mm_struct *mm);
void mm_drop_cid(struct mm_struct *mm, unsigned int cid);
void mm_unset_cid_on_task(struct task_struct *t);
void mm_drop_cid_on_cpu(struct mm_struct *mm, struct mm_cid_pcpu *pcp);
unsigned int mm_cid_read_mode(struct mm_struct *mm);

#endif
