// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork(), vfork() and clone() as the mm_cid code sees them
 * (kernel/fork.c, as of gregkh 7e2dc8ed): the child is copied, linked
 * into the thread lists under the tasklist lock (from then on a
 * thread-list walk can see it), becomes a CID user in sched_post_fork()
 * and is woken. Each is a separate step at which other CPUs can run.
 * Before b2e48c429ec5 (fork-visibility) the child became a CID user at
 * the end of copy_mm(), before it was visible, and a fork that failed
 * after that unregistered it again.
 */
#include "kernel.h"

struct list_head init_task_list;
raw_spinlock_t tasklist_lock;

static struct task_struct *dup_task_struct(struct task_struct *orig)
{
	struct task_struct *p = alloc_task_struct();

	if (!p)
		return NULL;
	init_task_struct(p);
	p->cpus_mask = orig->cpus_mask;
	p->nr_cpus_allowed = orig->nr_cpus_allowed;
	p->cpu = orig->cpu;			/* __set_task_cpu() in sched_fork() */
	return p;
}

static int copy_mm(unsigned long clone_flags, struct task_struct *p)
{
	struct mm_struct *mm;

	if (clone_flags & CLONE_VM) {
		mm = current->mm;		/* mmget() */
	} else {
		mm = alloc_mm();		/* dup_mm() */
		if (!mm)
			return -1;
		mm_init(mm, p);
	}
	p->mm = mm;
	if (cid_bug(BUG_FORK_VISIBILITY))
		sched_mm_cid_fork(p);
	return 0;
}

static int copy_signal(unsigned long clone_flags, struct task_struct *p)
{
	struct signal_struct *sig;

	if (clone_flags & CLONE_THREAD) {
		p->signal = current->signal;
		p->group_leader = current->group_leader;
		return 0;
	}
	sig = alloc_signal();
	if (!sig)
		return -1;
	INIT_LIST_HEAD(&sig->thread_head);
	sig->nr_threads = 0;
	p->signal = sig;
	p->group_leader = p;
	return 0;
}

/*
 * The order of copy_process(): copy_signal() before copy_mm(), the
 * linking under the tasklist lock, then sched_post_fork(). A fork can
 * fail between copy_mm() and the linking (a fatal signal, checked under
 * the tasklist lock, or cgroup_can_fork()); CLONE_MODEL_FAILS makes it.
 */
static struct task_struct *copy_process(unsigned long clone_flags)
{
	struct task_struct *p;

	trace_enter();
	p = dup_task_struct(current);
	if (!p)
		return NULL;
	if (copy_signal(clone_flags, p) || copy_mm(clone_flags, p))
		goto bad_fork_free;

	/* From here on the child is visible to thread-list walks */
	write_lock_irq(&tasklist_lock);
	if (clone_flags & CLONE_MODEL_FAILS) {	/* fatal_signal_pending() */
		write_unlock_irq(&tasklist_lock);
		goto bad_fork_cleanup_mm;
	}
	p->signal->nr_threads++;
	list_add_tail_rcu(&p->thread_node, &p->signal->thread_head);
	if (p->group_leader == p)
		list_add_tail_rcu(&p->tasks, &init_task_list);
	write_unlock_irq(&tasklist_lock);

	sched_post_fork(p);
	return p;

bad_fork_cleanup_mm:
	/* Before b2e48c429ec5 the child was a CID user already */
	if (cid_bug(BUG_FORK_VISIBILITY))
		sched_mm_cid_exit(p);
	p->mm = NULL;				/* mmput() */
bad_fork_free:
	free_task_struct(p);
	return NULL;
}

struct task_struct *kernel_clone(unsigned long clone_flags)
{
	struct completion vfork = { 0 };
	struct task_struct *p;

	p = copy_process(clone_flags);
	if (!p)
		return NULL;
	if (clone_flags & CLONE_VFORK)
		p->vfork_done = &vfork;
	wake_up_new_task(p);
	/* The parent sleeps until the child execs or exits */
	if (clone_flags & CLONE_VFORK)
		wait_for_completion(&vfork);
	return p;
}

/* mm_release(): a vfork child lets its parent go on */
void mm_release(struct task_struct *tsk)
{
	struct completion *vfork_done = tsk->vfork_done;

	if (vfork_done) {
		tsk->vfork_done = NULL;
		complete(vfork_done);
	}
}
