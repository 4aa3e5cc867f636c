// SPDX-License-Identifier: GPL-2.0-only
/*
 * exit() and execve() as the mm_cid code sees them (kernel/exit.c,
 * fs/exec.c; the order of gregkh 7e2dc8ed and the peterz queue f98d3fa9,
 * the same since 2b1642b88108 of the rewrite): the task stops being a CID
 * user first, then leaves its mm and the thread lists; its final
 * schedule (the back end runs __schedule() when the path ends with
 * TASK_DEAD) sees it without an mm.
 */
#include "kernel.h"

/*
 * exit_mm(): exit_mm_release() lets a vfork parent go on, then the task
 * drops its mm under task_lock() with interrupts off.
 */
static void exit_mm(void)
{
	struct task_struct *tsk = current;

	mm_release(tsk);
	if (!tsk->mm)
		return;
	local_irq_disable();
	WRITE_ONCE(tsk->mm, NULL);
	local_irq_enable();
}

void do_exit(void)
{
	struct task_struct *tsk = current;

	trace_enter();
	sched_mm_cid_exit(tsk);
	tsk->flags |= PF_EXITING;		/* exit_signals() */
	exit_mm();
	exit_notify(tsk);
	WRITE_ONCE(tsk->__state, TASK_DEAD);	/* do_task_dead() */
}

/*
 * Unhash @tsk from the thread lists (release_task(), __unhash_process()).
 * A thread is released at once. A group leader stays a zombie, linked in
 * both lists, while other threads of its group live; the last thread to
 * go releases it.
 */
void exit_notify(struct task_struct *tsk)
{
	struct task_struct *leader = tsk->group_leader;
	bool group_dead;

	trace_enter();
	write_lock_irq(&tasklist_lock);
	group_dead = !--tsk->signal->nr_threads;
	if (tsk != leader)
		list_del_rcu(&tsk->thread_node);
	if (group_dead) {
		list_del_rcu(&leader->thread_node);
		list_del_rcu(&leader->tasks);
	}
	write_unlock_irq(&tasklist_lock);
}

/*
 * exec_mmap(): the old mm is released (a vfork parent goes on), then the
 * new one installed and its CID state initialized for @tsk as it is now,
 * under task_lock() with interrupts off. The kernel allocated the new mm
 * earlier (bprm_mm_init()); nobody could see it before this. No primitive
 * comes between alloc_mm() and mm_init(): the simulator shows an mm to the
 * oracle from its allocation on.
 */
static void exec_mmap(void)
{
	struct task_struct *tsk = current;
	struct mm_struct *mm;

	mm_release(tsk);			/* exec_mm_release() */
	mm = alloc_mm();
	if (!mm)
		return;
	local_irq_disable();			/* task_lock() */
	mm_init(mm, tsk);
	WRITE_ONCE(tsk->mm, mm);
	local_irq_enable();
}

/*
 * execve() of a task that is alone in its thread group: leave the old mm
 * as a CID user, switch to the new mm, join it as its first user. When
 * the binary cannot be loaded (@fails: before exec_mmap(), the point of
 * no return) the task joins its old mm again: bprm_execve() calls
 * sched_mm_cid_after_execve() on both paths.
 */
void do_execve(bool fails)
{
	struct task_struct *tsk = current;

	sched_mm_cid_before_execve(tsk);
	if (!fails)
		exec_mmap();
	sched_mm_cid_after_execve(tsk);
}

void mm_init(struct mm_struct *mm, struct task_struct *p)
{
	mm_alloc_cid(mm, p);
}
