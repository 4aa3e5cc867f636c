// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mode switching side of mm_cid (kernel/sched/core.c): user and
 * allowed-CPU accounting, max_cids and the switch thresholds, the two
 * fixup walks with their TRANSIT handover, the fork/exit/exec hooks and
 * the deferred work for affinity changes.
 *
 * Mode switching (mm::mm_cid::mode):
 *
 *	0			per task ownership
 *	0 | TRANSIT		transition from per CPU to per task
 *	ONCPU			per CPU ownership
 *	ONCPU | TRANSIT		transition from per task to per CPU
 *
 * A switch happens in two phases: the initiator flips the mode and sets
 * TRANSIT (a CID then carries TRANSIT and is only borrowed: its holder
 * gives it back at schedule out), walks the tasks or the CPUs to fix up
 * or drop the CIDs, one rq lock at a time, and then clears TRANSIT. A
 * direct transfer would exhaust the CID space while the walk is on its way
 * (a task scheduled in on one CPU, migrated, scheduled in on another), and
 * schedin allocates with the rq lock held, so the walk could never reach
 * the CPU that spins: a livelock.
 */
#include "kernel.h"

static unsigned int mm_cid_calc_pcpu_thrs(struct mm_mm_cid *mc)
{
	unsigned int opt_cids = min(mc->nr_cpus_allowed, mc->users);

	/* Has to be at least 1 because 0 indicates PCPU mode off */
	return max(min(opt_cids - opt_cids / 4, num_possible_cpus() / 2), 1U);
}

static void __mm_update_max_cids(struct mm_mm_cid *mc)
{
	unsigned int opt_cids, max_cids;

	/* Calculate the new optimal constraint */
	opt_cids = min(mc->nr_cpus_allowed, mc->users);

	/* Adjust the maximum CIDs to +25% limited by the number of possible CPUs */
	max_cids = min(opt_cids + (opt_cids / 4), num_possible_cpus());
	WRITE_ONCE(mc->max_cids, max_cids);
}

/*
 * Publish a flipped mode (mm_update_max_cids()). Since 47ee94efccf6 it is
 * one word. Before it (split-mode-fields) two fields were stored, transit
 * first, which other CPUs may see in either order on a weakly ordered
 * machine; before 4327fb13fa47 (transit-task-to-cpu) transit was set only
 * for the switch back to per task mode. mc->mode stays the writers' own
 * copy then, read under the mutex only.
 */
static void mm_cid_write_mode(struct mm_mm_cid *mc, unsigned int mode)
{
	trace_enter();
	if (!cid_bug(BUG_SPLIT_MODE_FIELDS)) {
		WRITE_ONCE(mc->mode, mode);
		return;
	}
	mc->mode = mode;
	if (cid_in_transit(mode))
		WRITE_ONCE(mc->transit, MM_CID_TRANSIT);
	WRITE_ONCE(mc->percpu, !!(mode & MM_CID_ONCPU));
}

/* The end of a transition: TRANSIT goes (the split form: transit = 0) */
static void mm_cid_write_done(struct mm_mm_cid *mc, unsigned int mode)
{
	if (!cid_bug(BUG_SPLIT_MODE_FIELDS)) {
		WRITE_ONCE(mc->mode, mode);
		return;
	}
	mc->mode = mode;
	WRITE_ONCE(mc->transit, 0);
}

/*
 * The smp_mb() pair around the walks came with the merged 47ee94efccf6;
 * transit-barriers asks whether the one-word mode needs them.
 */
static bool mm_cid_transit_mb(void)
{
	return !cid_bug(BUG_SPLIT_MODE_FIELDS) && !cid_bug(BUG_TRANSIT_BARRIERS);
}

static bool mm_update_max_cids(struct mm_struct *mm)
{
	struct mm_mm_cid *mc = &mm->mm_cid;
	bool percpu = cid_on_cpu(mc->mode);
	unsigned int mode;

	trace_enter();
	/* Clear deferred mode switch flag. A change is handled by the caller */
	mc->update_deferred = false;
	__mm_update_max_cids(mc);

	/* Check whether owner mode must be changed */
	if (!percpu) {
		/* Enable per CPU mode when the number of users is above max_cids */
		if (mc->users > mc->max_cids)
			mc->pcpu_thrs = mm_cid_calc_pcpu_thrs(mc);
	} else {
		/* Switch back to per task if user count under threshold */
		if (mc->users < mc->pcpu_thrs)
			mc->pcpu_thrs = 0;
	}

	/* Mode change required? */
	if (percpu == !!mc->pcpu_thrs)
		return false;

	/* Flip the mode and set the transition flag to bridge the transfer */
	mode = mc->mode ^ (MM_CID_TRANSIT | MM_CID_ONCPU);
	/*
	 * Before seed patch 1 only the switch back to per task mode had a
	 * transition phase: per task to per CPU went straight to ONCPU.
	 */
	if (cid_bug(BUG_TRANSIT_TASK_TO_CPU) && cid_on_cpu(mode))
		mode &= ~MM_CID_TRANSIT;
	mm_cid_write_mode(mc, mode);
	/*
	 * Order the store against the subsequent fixups so that
	 * acquire(rq::lock) cannot be reordered by the CPU before it.
	 */
	if (mm_cid_transit_mb())
		smp_mb();
	return true;
}

static void mm_cid_complete_transit(struct mm_struct *mm, unsigned int mode)
{
	trace_enter();
	/* Before 4327fb13fa47 the switch to per CPU mode set no TRANSIT */
	if (cid_bug(BUG_TRANSIT_TASK_TO_CPU) && cid_on_cpu(mode))
		return;
	/*
	 * Ensure that the store removing the TRANSIT bit cannot be
	 * reordered by the CPU before the fixups have been completed.
	 */
	if (mm_cid_transit_mb())
		smp_mb();
	mm_cid_write_done(&mm->mm_cid, mode);
}

void mm_update_cpus_allowed(struct mm_struct *mm, const struct cpumask *affmsk)
{
	struct mm_mm_cid *mc;
	unsigned int weight;

	if (!mm || !READ_ONCE(mm->mm_cid.users))
		return;
	trace_enter();

	/* mm::mm_cid::cpus_allowed is the superset of each thread's allowed CPUs */
	mc = &mm->mm_cid;
	raw_spin_lock(&mc->lock);
	weight = cpumask_weighted_or(&mc->cpus_allowed, &mc->cpus_allowed, affmsk);
	if (weight == mc->nr_cpus_allowed)
		goto unlock;

	WRITE_ONCE(mc->nr_cpus_allowed, weight);
	__mm_update_max_cids(mc);
	if (!cid_on_cpu(mc->mode))
		goto unlock;

	/* Adjust the threshold to the wider set */
	mc->pcpu_thrs = mm_cid_calc_pcpu_thrs(mc);
	/* Switch back to per task if user count under threshold */
	if (mc->users >= mc->pcpu_thrs)
		goto unlock;

	/* Don't queue twice */
	if (mc->update_deferred)
		goto unlock;

	/* Queue the irq work, which schedules the real work */
	mc->update_deferred = true;
	WRITE_ONCE(mc->irq_work.pending, true);	/* irq_work_queue() */
unlock:
	raw_spin_unlock(&mc->lock);
}

/* Follows f98d3fa9 (latest): the test is on the task's own word */
static void mm_cid_transit_to_task(struct task_struct *t, struct mm_cid_pcpu *pcp)
{
	if (cid_on_cpu(t->mm_cid.cid)) {
		unsigned int cid = cpu_cid_to_cid(t->mm_cid.cid);

		t->mm_cid.cid = cid_to_transit_cid(cid);
		pcp->cid = t->mm_cid.cid;
	}
}

/*
 * rq->curr runs with a CID it does not own through its CPU: mark it
 * TRANSIT so that it goes back to the pool at schedule out. Since
 * de3ab9bd3133 a running task without a CID (the fork/exec window, CIDs
 * are handed out lazily at schedule in) is left alone; before it
 * (unset-transit-oob) it became UNSET|TRANSIT, and its schedout later
 * fed MM_CID_UNSET to clear_bit().
 */
static void mm_cid_transit_curr(struct task_struct *curr, struct mm_cid_pcpu *pcp)
{
	unsigned int cid = curr->mm_cid.cid;

	if (cid_in_transit(cid))
		return;
	if (cid == MM_CID_UNSET && !cid_bug(BUG_UNSET_TRANSIT_OOB))
		return;
	cid = cid_to_transit_cid(cid);
	curr->mm_cid.cid = cid;
	pcp->cid = cid;
}

/* Give the CPU's CIDs to the tasks running there, in transit, or drop them */
static void mm_cid_fixup_cpus_to_tasks(struct mm_struct *mm)
{
	unsigned int cpu;

	trace_enter();
	/* Walk the CPUs and fixup all stale CIDs */
	for_each_possible_cpu(cpu) {
		struct mm_cid_pcpu *pcp = &mm->mm_cid.pcpu[cpu];
		struct rq *rq = cpu_rq(cpu);
		struct task_struct *curr;

		/* Remote access to mm::mm_cid::pcpu requires rq_lock */
		rq_lock_irq(rq);
		curr = rq->curr;
		/* Is the CID still owned by the CPU? */
		if (cid_on_cpu(pcp->cid)) {
			/*
			 * If rq->curr has @mm, transfer it with the
			 * transition bit set. Otherwise drop it.
			 */
			if (curr->mm == mm && curr->mm_cid.active)
				mm_cid_transit_to_task(curr, pcp);
			else
				mm_drop_cid_on_cpu(mm, pcp);
		} else if (curr->mm == mm && curr->mm_cid.active) {
			mm_cid_transit_curr(curr, pcp);
		}
		rq_unlock_irq(rq);
	}
	mm_cid_complete_transit(mm, 0);
}

static void mm_cid_transit_to_cpu(struct task_struct *t, struct mm_cid_pcpu *pcp)
{
	if (cid_on_task(t->mm_cid.cid)) {
		/* Before seed patch 1: a final transfer to the CPU */
		if (cid_bug(BUG_TRANSIT_TASK_TO_CPU))
			t->mm_cid.cid = cid_to_cpu_cid(t->mm_cid.cid);
		else
			t->mm_cid.cid = cid_to_transit_cid(t->mm_cid.cid);
		pcp->cid = t->mm_cid.cid;
	}
}

/*
 * Follows f98d3fa9 (latest), which walks the mm's user list: every task
 * on it is active. The thread-list walk of the March era meets inactive
 * tasks too; it skips them and counts the active ones against its
 * budget, hence the return value.
 */
static bool mm_cid_fixup_task_to_cpu(struct task_struct *t, struct mm_struct *mm)
{
	struct rq *rq;
	bool counted = false;

	trace_enter_task(t);
	/* Remote access to mm::mm_cid::pcpu requires rq_lock */
	rq = task_rq_lock(t);
	if (cid_bug(BUG_WALK_THREAD_LIST) && !t->mm_cid.active)
		goto unlock;
	if (cid_on_task(t->mm_cid.cid)) {
		/* If running on the CPU, put the CID in transit mode, otherwise drop it */
		if (task_rq(t)->curr == t)
			mm_cid_transit_to_cpu(t, &mm->mm_cid.pcpu[task_cpu(t)]);
		else
			mm_unset_cid_on_task(t);
	}
	counted = true;
unlock:
	task_rq_unlock(rq, t);
	return counted;
}

/*
 * for_other_threads(): current's thread group, current left out. Returns
 * the budget left (no pointer to a local: the explorer hashes live
 * stacks, and a sanitizer build keeps such locals elsewhere).
 */
static unsigned int mm_cid_walk_other_threads(struct mm_struct *mm,
					      unsigned int users)
{
	struct task_struct *me = current, *t;
	struct list_head *pos;

	for (pos = list_next_rcu(&me->signal->thread_head);
	     pos != &me->signal->thread_head; pos = list_next_rcu(pos)) {
		t = container_of(pos, struct task_struct, thread_node);
		if (t != me && mm_cid_fixup_task_to_cpu(t, mm))
			users--;
	}
	return users;
}

/*
 * for_each_process_thread(): every thread of every process, current's
 * own group included. Before 28b5a1395036 (vfork-budget) each task fixed
 * up was counted against the budget again, so the walk could stop before
 * the CLONE_VM child of another group; since, it only selects.
 */
static void mm_cid_walk_all_threads(struct mm_struct *mm, unsigned int users)
{
	struct task_struct *me = current, *p, *t;
	struct list_head *pos, *ppos;

	for (ppos = list_next_rcu(&init_task_list); ppos != &init_task_list;
	     ppos = list_next_rcu(ppos)) {
		p = container_of(ppos, struct task_struct, tasks);
		for (pos = list_next_rcu(&p->signal->thread_head);
		     pos != &p->signal->thread_head; pos = list_next_rcu(pos)) {
			t = container_of(pos, struct task_struct, thread_node);
			if (t == me || t->mm != mm)
				continue;
			if (!cid_bug(BUG_VFORK_BUDGET))
				mm_cid_fixup_task_to_cpu(t, mm);
			else if (mm_cid_fixup_task_to_cpu(t, mm) && --users == 0)
				return;
		}
	}
}

/*
 * mm_cid_do_fixup_tasks_to_cpus() before 192d852129b1 (walk-thread-list),
 * under RCU, with a budget of the users not yet seen. Before b2e48c429ec5
 * (fork-visibility) the child of the fork that switched was counted but
 * not yet visible, hence users - 2 and the early return.
 */
static void mm_cid_walk_thread_list(struct mm_struct *mm)
{
	unsigned int users;

	if (cid_bug(BUG_FORK_VISIBILITY)) {
		users = mm->mm_cid.users - 2;
		if (!users)
			return;
	} else {
		users = mm->mm_cid.users - 1;
	}

	rcu_read_lock();
	users = mm_cid_walk_other_threads(mm, users);
	/* Happens only for CLONE_VM processes */
	if (users)
		mm_cid_walk_all_threads(mm, users);
	rcu_read_unlock();
}

/* The latest form: the mm's list of active users, stable under the mutex */
static void mm_cid_walk_user_list(struct mm_struct *mm)
{
	struct task_struct *me = current;
	struct hlist_node *n;

	for (n = mm->mm_cid.user_list.first; n; n = n->next) {
		struct task_struct *t = container_of(n, struct task_struct, mm_cid.node);

		if (t != me)
			mm_cid_fixup_task_to_cpu(t, mm);
	}
}

static void mm_cid_fixup_tasks_to_cpus(void)
{
	struct mm_struct *mm = current->mm;

	trace_enter();
	if (cid_bug(BUG_WALK_THREAD_LIST))
		mm_cid_walk_thread_list(mm);
	else
		mm_cid_walk_user_list(mm);
	mm_cid_complete_transit(mm, MM_CID_ONCPU);
}

static bool sched_mm_cid_add_user(struct task_struct *t, struct mm_struct *mm)
{
	t->mm_cid.active = 1;
	hlist_add_head(&t->mm_cid.node, &mm->mm_cid.user_list);
	mm->mm_cid.users++;
	return mm_update_max_cids(mm);
}

/* Follows f98d3fa9 (latest): the order of the stores as there */
static bool sched_mm_cid_remove_user(struct task_struct *t)
{
	t->mm_cid.active = 0;
	/* Clear the transition bit */
	t->mm_cid.cid = cid_from_transit_cid(t->mm_cid.cid);
	mm_unset_cid_on_task(t);
	hlist_del_init(&t->mm_cid.node);
	t->mm->mm_cid.users--;
	return mm_update_max_cids(t->mm);
}

/*
 * The locks fork and exit take for the accounting and the mode flip. The
 * merged code takes mm_cid::lock with interrupts off: this CPU's slot is
 * then safe from schedin (this CPU cannot schedule) and from the fixup
 * walks (they hold the mutex). The unmerged proposal of 6 March 2026
 * (variant fork-exit-rq-lock) took this CPU's rq lock around it too.
 */
static struct rq *mm_cid_lock_fork_exit(struct mm_struct *mm)
{
	struct rq *rq = NULL;

	local_irq_disable();
	if (cid_bug(BUG_FORK_EXIT_RQ_LOCK)) {
		rq = this_rq();
		raw_spin_rq_lock(rq);
	}
	raw_spin_lock(&mm->mm_cid.lock);
	return rq;
}

static void mm_cid_unlock_fork_exit(struct mm_struct *mm, struct rq *rq)
{
	raw_spin_unlock(&mm->mm_cid.lock);
	if (rq)
		raw_spin_rq_unlock(rq);
	local_irq_enable();
}

static struct mm_cid_pcpu *this_cpu_pcp(struct mm_struct *mm)
{
	return &mm->mm_cid.pcpu[smp_processor_id()];	/* this_cpu_ptr() */
}

/* What the accounting part of fork asks its caller to do */
enum mm_cid_fork_fixup {
	FORK_NO_FIXUP,
	FORK_FIXUP_TO_TASKS,	/* switched to per task mode */
	FORK_FIXUP_TO_CPUS,	/* switched to per CPU mode */
};

/* The accounting part of fork, under the locks above */
static enum mm_cid_fork_fixup __sched_mm_cid_fork(struct task_struct *t,
						  struct mm_struct *mm)
{
	struct mm_cid_pcpu *pcp = this_cpu_pcp(mm);

	/* First user ? */
	if (!mm->mm_cid.users) {
		sched_mm_cid_add_user(t, mm);
		t->mm_cid.cid = mm_get_cid(mm);
		/* Required for execve() */
		pcp->cid = t->mm_cid.cid;
		return FORK_NO_FIXUP;
	}

	if (!sched_mm_cid_add_user(t, mm)) {
		if (!cid_on_cpu(mm->mm_cid.mode))
			t->mm_cid.cid = mm_get_cid(mm);
		return FORK_NO_FIXUP;
	}

	/* Handle the mode change and transfer current's CID */
	if (!cid_on_cpu(mm->mm_cid.mode)) {
		mm_cid_transit_to_task(current, pcp);
		return FORK_FIXUP_TO_TASKS;
	}
	mm_cid_transit_to_cpu(current, pcp);
	return FORK_FIXUP_TO_CPUS;
}

/* Follows f98d3fa9 (latest) */
void sched_mm_cid_fork(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	enum mm_cid_fork_fixup fixup;
	struct rq *rq;

	if (!mm)
		return;
	trace_enter_task(t);
	WARN_ON_ONCE(t->mm_cid.cid != MM_CID_UNSET);

	mutex_lock(&mm->mm_cid.mutex);
	rq = mm_cid_lock_fork_exit(mm);
	fixup = __sched_mm_cid_fork(t, mm);
	mm_cid_unlock_fork_exit(mm, rq);

	if (fixup == FORK_FIXUP_TO_CPUS) {
		mm_cid_fixup_tasks_to_cpus();
	} else if (fixup == FORK_FIXUP_TO_TASKS) {
		mm_cid_fixup_cpus_to_tasks(mm);
		t->mm_cid.cid = mm_get_cid(mm);
	}
	mutex_unlock(&mm->mm_cid.mutex);
}

static bool __sched_mm_cid_exit(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!sched_mm_cid_remove_user(t))
		return false;
	/*
	 * Contrary to fork() this only deals with a switch back to per
	 * task mode either because the above decreased users or an
	 * affinity change increased the number of allowed CPUs and the
	 * deferred fixup did not run yet.
	 */
	if (WARN_ON_ONCE(cid_on_cpu(mm->mm_cid.mode)))
		return false;
	/* @current has the same mm as @t for exit() and execve() */
	if (WARN_ON_ONCE(current->mm != mm))
		return false;
	return true;
}

/*
 * An exit that leaves other users: returns true when it switched the mm
 * back to per task mode and the caller must run the fixup.
 */
static bool sched_mm_cid_exit_user(struct task_struct *t, struct mm_struct *mm)
{
	struct rq *rq = mm_cid_lock_fork_exit(mm);
	bool switched = __sched_mm_cid_exit(t);

	if (switched) {
		if (cid_bug(BUG_EXIT_REASSIGN_CID)) {
			/*
			 * Before 007d84287c74: "transfer current's CID". For
			 * exit() and execve() current is @t, whose word is
			 * MM_CID_UNSET by now, so this does nothing; for a
			 * failed fork (fork-visibility) it hands this CPU's CID
			 * to the parent, with TRANSIT.
			 */
			mm_cid_transit_to_task(current, this_cpu_pcp(mm));
		} else {
			/*
			 * Mode change. The task has the CID unset already and
			 * dealt with an eventually set TRANSIT bit. If the CID
			 * is owned by the CPU then drop it.
			 */
			mm_drop_cid_on_cpu(mm, this_cpu_pcp(mm));
		}
	}
	mm_cid_unlock_fork_exit(mm, rq);
	return switched;
}

/* The last user: no mode change matters any more */
static void sched_mm_cid_exit_last(struct task_struct *t, struct mm_struct *mm)
{
	struct rq *rq = mm_cid_lock_fork_exit(mm);

	/* Required across execve() */
	if (t == current)
		mm_cid_transit_to_task(t, this_cpu_pcp(mm));
	sched_mm_cid_remove_user(t);
	mm_cid_unlock_fork_exit(mm, rq);
}

/* Follows f98d3fa9 (latest) */
void sched_mm_cid_exit(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm || !t->mm_cid.active)
		return;
	trace_enter_task(t);

	mutex_lock(&mm->mm_cid.mutex);
	/* mm_cid::mutex is sufficient to protect mm_cid::users */
	if (likely(mm->mm_cid.users > 1)) {
		if (sched_mm_cid_exit_user(t, mm))
			mm_cid_fixup_cpus_to_tasks(mm);
		mutex_unlock(&mm->mm_cid.mutex);
		return;
	}
	sched_mm_cid_exit_last(t, mm);
	mutex_unlock(&mm->mm_cid.mutex);

	/*
	 * The last user is gone (execve(), process exit or failed fork):
	 * users is zero, so nothing can queue the work any more. Wait for
	 * what is pending or running so that no reference is left.
	 */
	irq_work_sync(&mm->mm_cid.irq_work);
	cancel_work_sync(&mm->mm_cid.work);
}

void sched_mm_cid_before_execve(struct task_struct *t)
{
	trace_enter_task(t);
	sched_mm_cid_exit(t);
}

void sched_mm_cid_after_execve(struct task_struct *t)
{
	trace_enter_task(t);
	if (t->mm)
		sched_mm_cid_fork(t);
}

void mm_cid_irq_work(struct irq_work *work)
{
	struct mm_struct *mm = container_of(work, struct mm_struct, mm_cid.irq_work);

	trace_enter();
	WRITE_ONCE(mm->mm_cid.work.pending, true);	/* schedule_work() */
}

/* Follows f98d3fa9 (latest) */
void mm_cid_work_fn(struct work_struct *work)
{
	struct mm_struct *mm = container_of(work, struct mm_struct, mm_cid.work);

	trace_enter();
	mutex_lock(&mm->mm_cid.mutex);
	/* Did the last user task exit already? */
	if (!mm->mm_cid.users)
		goto unlock_mutex;

	raw_spin_lock_irq(&mm->mm_cid.lock);
	/* Have fork() or exit() handled it already? */
	if (!mm->mm_cid.update_deferred)
		goto unlock_all;
	/* This clears mm_cid::update_deferred */
	if (!mm_update_max_cids(mm))
		goto unlock_all;
	/* Affinity changes can only switch back to task mode */
	if (WARN_ON_ONCE(cid_on_cpu(mm->mm_cid.mode)))
		goto unlock_all;
	raw_spin_unlock_irq(&mm->mm_cid.lock);
	mm_cid_fixup_cpus_to_tasks(mm);
	goto unlock_mutex;

unlock_all:
	raw_spin_unlock_irq(&mm->mm_cid.lock);
unlock_mutex:
	mutex_unlock(&mm->mm_cid.mutex);
}

/* Follows f98d3fa9 (latest) */
void mm_init_cid(struct mm_struct *mm, struct task_struct *p)
{
	struct mm_mm_cid *mc = &mm->mm_cid;

	mc->max_cids = 0;
	mc->mode = 0;
	mc->percpu = 0;
	mc->transit = 0;
	mc->nr_cpus_allowed = p->nr_cpus_allowed;
	mc->users = 0;
	mc->pcpu_thrs = 0;
	mc->update_deferred = false;
	mc->lock.owner = 0;
	mc->mutex.owner = 0;
	mc->irq_work.pending = false;
	mc->irq_work.running = false;
	mc->work.pending = false;
	mc->work.running = false;
	mc->user_list.first = NULL;
	mc->cpus_allowed = p->cpus_mask;
	mc->cidmask[0] = 0;			/* bitmap_zero() */
}

/*
 * mm_alloc_cid() of the kernel's mm_init(): the per CPU slots come from
 * alloc_percpu(), which zeroes them (a slot of 0 is neither CPU owned nor
 * in transit, so the first schedule in treats it as empty); then
 * mm_init_cid() sets up the rest.
 */
void mm_alloc_cid(struct mm_struct *mm, struct task_struct *p)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		mm->mm_cid.pcpu[cpu].cid = 0;
	mm_init_cid(mm, p);
}
