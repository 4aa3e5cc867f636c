// SPDX-License-Identifier: GPL-2.0-only
/*
 * exit() and execve() as the mm_cid code sees them (kernel/exit.c,
 * fs/exec.c). The task stops being a CID user first, then leaves the mm
 * and the thread lists; its final schedule (the back end runs __schedule()
 * when the path ends with TASK_DEAD) is the last time it can hold a CID.
 */
#include "kernel.h"

void do_exit(void)
{
	struct task_struct *tsk = current;

	trace_enter();
	tsk->flags |= PF_EXITING;		/* exit_signals() */
	sched_mm_cid_exit(tsk);

	/*
	 * exit_mm(): the model keeps tsk->mm for the final schedule, so that a
	 * leftover transit CID (exit-reassign-cid) is given back to the right
	 * pool, as the seed describes it [unsure: the kernel's exact order].
	 */
	mm_release(tsk);
	exit_notify(tsk);
	WRITE_ONCE(tsk->__state, TASK_DEAD);	/* do_task_dead() */
}

/* Unhash the task from the thread lists (release_task() of a thread) */
void exit_notify(struct task_struct *tsk)
{
	trace_enter();
	write_lock_irq(&tasklist_lock);
	list_del_rcu(&tsk->thread_node);
	tsk->signal->nr_threads--;
	if (tsk->group_leader == tsk)
		list_del_rcu(&tsk->tasks);
	write_unlock_irq(&tasklist_lock);
}

/*
 * execve() of a task that is alone in its thread group: leave the old mm
 * as a CID user, switch to a new mm (exec_mmap()), join it as its first
 * user.
 */
void do_execve(void)
{
	struct task_struct *tsk = current;
	struct mm_struct *mm = alloc_mm();

	if (!mm)
		return;
	mm_init(mm, tsk);
	sched_mm_cid_before_execve(tsk);
	WRITE_ONCE(tsk->mm, mm);		/* exec_mmap(), under task_lock() */
	mm_release(tsk);
	sched_mm_cid_after_execve(tsk);
}

void mm_init(struct mm_struct *mm, struct task_struct *p)
{
	mm_init_cid(mm, p);
}
