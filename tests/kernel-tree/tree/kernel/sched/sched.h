/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cidfuzz's test tree (tests/kernel-tree/README.md): not kernel code.
 */
#ifndef _TEST_SCHED_H
#define _TEST_SCHED_H

static inline int test_tree_unrelated(int x)
{
	return x + 1;
}

#ifdef CONFIG_SCHED_MM_CID

/* Allocation: the lowest free CID, with the bitmap's atomic operations */
static inline unsigned int mm_get_cid(struct mm_struct *mm)
{
	unsigned int cid;

	for (;;) {
		cid = find_first_zero_bit(mm_cidmask(mm), num_possible_cpus());
		if (cid < num_possible_cpus() &&
		    !test_and_set_bit(cid, mm_cidmask(mm)))
			return cid;
		cpu_relax();
	}
}

static __always_inline void mm_drop_cid(struct mm_struct *mm, unsigned int cid)
{
	if (cid != MM_CID_UNSET)
		clear_bit(cid, mm_cidmask(mm));
}

/* The CPU remembers the CID of the task it switched to */
static inline void mm_cid_switch_to(struct task_struct *prev,
				    struct task_struct *next)
{
	if (!next->mm_cid.active) {
#ifdef CONFIG_SCHED_MM_CID_NOT_A_SECTION
		/* an #ifdef inside a function is not a section */
		prev = next;
#endif
		return;
	}
	if (__this_cpu_read(next->mm->mm_cid.pcpu->cid) != next->mm_cid.cid) {
		__this_cpu_write(next->mm->mm_cid.pcpu->cid, next->mm_cid.cid);
		rseq_sched_set_ids_changed(next);
	}
}

#else /* !CONFIG_SCHED_MM_CID: */
static inline void mm_cid_switch_to(struct task_struct *prev,
				    struct task_struct *next)
{
}
#endif /* !CONFIG_SCHED_MM_CID */

#endif /* _TEST_SCHED_H */
