/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The entry points of the mm_cid code that the scheduler core calls
 * (impl/kernel/core.c, fork.c, exit.c, workqueue.c): impl/'s own
 * (mmcid_core.c, mmcid_sched.c), or with --kernel-tree a kernel tree's
 * (docs/kernel-tree.md). kerneltree/extract.py reads this list: after a
 * "hook: FILE" comment, one prototype a line up to a blank line, and
 * stops when FILE's section of the tree lacks one or defines it with
 * another signature.
 */
#ifndef CIDFUZZ_MMCID_HOOKS_H
#define CIDFUZZ_MMCID_HOOKS_H

struct task_struct;
struct mm_struct;
struct cpumask;
struct irq_work;
struct work_struct;

/* hook: kernel/sched/sched.h */
void mm_cid_switch_to(struct task_struct *prev, struct task_struct *next);

/* hook: kernel/sched/core.c */
void mm_init_cid(struct mm_struct *mm, struct task_struct *p);
void sched_mm_cid_fork(struct task_struct *t);
void sched_mm_cid_exit(struct task_struct *t);
void sched_mm_cid_before_execve(struct task_struct *t);
void sched_mm_cid_after_execve(struct task_struct *t);
void mm_update_cpus_allowed(struct mm_struct *mm, const struct cpumask *affmsk);
void mm_cid_irq_work(struct irq_work *work);
void mm_cid_work_fn(struct work_struct *work);

#endif
