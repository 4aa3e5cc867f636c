// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz's model tree (tests/kernel-tree/model, see
 * include/linux/rseq_types.h): the mode switching side of the model's
 * mm_cid code (impl/kernel/mmcid_core.c, every bug switch off), not
 * kernel code.
 *
 * mm::mm_cid::mode: 0 per task, 0|TRANSIT per CPU to per task,
 * ONCPU per CPU, ONCPU|TRANSIT per task to per CPU. A switch flips the
 * mode with TRANSIT set, walks the tasks or the CPUs one rq lock at a
 * time, and then clears TRANSIT.
 */

#ifdef CONFIG_SCHED_MM_CID

static unsigned int mm_cid_calc_pcpu_thrs(struct mm_mm_cid *mc)
{
	unsigned int opt_cids = min(mc->nr_cpus_allowed, mc->users);

	/* At least 1: 0 means per CPU mode off */
	return max(min(opt_cids - opt_cids / 4, num_possible_cpus() / 2), 1U);
}

static void __mm_update_max_cids(struct mm_mm_cid *mc)
{
	unsigned int opt_cids, max_cids;

	opt_cids = min(mc->nr_cpus_allowed, mc->users);
	/* +25%, at most the number of possible CPUs */
	max_cids = min(opt_cids + (opt_cids / 4), num_possible_cpus());
	WRITE_ONCE(mc->max_cids, max_cids);
}

static bool mm_update_max_cids(struct mm_struct *mm)
{
	struct mm_mm_cid *mc = &mm->mm_cid;
	bool percpu = cid_on_cpu(mc->mode);

	/* The caller deals with a change */
	mc->update_deferred = 0;
	__mm_update_max_cids(mc);

	if (!percpu) {
		/* Per CPU mode when the users outgrow max_cids */
		if (mc->users > mc->max_cids)
			mc->pcpu_thrs = mm_cid_calc_pcpu_thrs(mc);
	} else {
		/* Per task mode again under the threshold */
		if (mc->users < mc->pcpu_thrs)
			mc->pcpu_thrs = 0;
	}

	if (percpu == !!mc->pcpu_thrs)
		return false;

	/* Flip the mode, TRANSIT set for the handover */
	WRITE_ONCE(mc->mode, mc->mode ^ (MM_CID_TRANSIT | MM_CID_ONCPU));
	/* The fixup's rq lock acquisitions come after the store */
	smp_mb();
	return true;
}

static void mm_cid_complete_transit(struct mm_struct *mm, unsigned int mode)
{
	/* The fixups before the store that clears TRANSIT */
	smp_mb();
	WRITE_ONCE(mm->mm_cid.mode, mode);
}

void mm_update_cpus_allowed(struct mm_struct *mm, const struct cpumask *affmsk)
{
	struct mm_mm_cid *mc;
	unsigned int weight;

	if (!mm || !READ_ONCE(mm->mm_cid.users))
		return;

	mc = &mm->mm_cid;
	guard(raw_spinlock)(&mc->lock);
	/* The mm's allowed CPUs: the union of its threads' */
	weight = cpumask_weighted_or(mm_cpus_allowed(mm), mm_cpus_allowed(mm),
				     affmsk);
	if (weight == mc->nr_cpus_allowed)
		return;

	WRITE_ONCE(mc->nr_cpus_allowed, weight);
	__mm_update_max_cids(mc);
	if (!cid_on_cpu(mc->mode))
		return;

	/* The threshold for the wider set */
	mc->pcpu_thrs = mm_cid_calc_pcpu_thrs(mc);
	if (mc->users >= mc->pcpu_thrs)
		return;
	if (mc->update_deferred)
		return;

	/* The switch back to per task mode: in the work */
	mc->update_deferred = 1;
	irq_work_queue(&mc->irq_work);
}

static inline void mm_cid_transit_to_task(struct task_struct *t,
					  struct mm_cid_pcpu *pcp)
{
	if (cid_on_cpu(t->mm_cid.cid)) {
		unsigned int cid = cpu_cid_to_cid(t->mm_cid.cid);

		t->mm_cid.cid = cid_to_transit_cid(cid);
		pcp->cid = t->mm_cid.cid;
	}
}

/* rq->curr with a CID it does not own through its CPU: borrowed now */
static inline void mm_cid_transit_curr(struct task_struct *curr,
				       struct mm_cid_pcpu *pcp)
{
	unsigned int cid = curr->mm_cid.cid;

	if (cid_in_transit(cid) || cid == MM_CID_UNSET)
		return;
	cid = cid_to_transit_cid(cid);
	curr->mm_cid.cid = cid;
	pcp->cid = cid;
}

static void mm_cid_fixup_cpus_to_tasks(struct mm_struct *mm)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct mm_cid_pcpu *pcp = per_cpu_ptr(mm->mm_cid.pcpu, cpu);
		struct rq *rq = cpu_rq(cpu);
		struct task_struct *curr;

		/* Another CPU's slot: under its rq lock */
		guard(rq_lock_irq)(rq);
		curr = rq->curr;
		if (cid_on_cpu(pcp->cid)) {
			/* To rq->curr if it is ours, in transit; or dropped */
			if (curr->mm == mm && curr->mm_cid.active)
				mm_cid_transit_to_task(curr, pcp);
			else
				mm_drop_cid_on_cpu(mm, pcp);
		} else if (curr->mm == mm && curr->mm_cid.active) {
			mm_cid_transit_curr(curr, pcp);
		}
	}
	mm_cid_complete_transit(mm, 0);
}

static inline void mm_cid_transit_to_cpu(struct task_struct *t,
					 struct mm_cid_pcpu *pcp)
{
	if (cid_on_task(t->mm_cid.cid)) {
		t->mm_cid.cid = cid_to_transit_cid(t->mm_cid.cid);
		pcp->cid = t->mm_cid.cid;
	}
}

static void mm_cid_fixup_task_to_cpu(struct task_struct *t,
				     struct mm_struct *mm)
{
	/* Its CPU's slot: under that rq lock */
	guard(task_rq_lock)(t);
	if (cid_on_task(t->mm_cid.cid)) {
		/* Running: in transit to the CPU; otherwise dropped */
		if (task_rq(t)->curr == t)
			mm_cid_transit_to_cpu(t, per_cpu_ptr(mm->mm_cid.pcpu,
							     task_cpu(t)));
		else
			mm_unset_cid_on_task(t);
	}
}

static void mm_cid_fixup_tasks_to_cpus(void)
{
	struct mm_struct *mm = current->mm;
	struct task_struct *t;

	/* The user list is stable under mm::mm_cid::mutex */
	hlist_for_each_entry(t, &mm->mm_cid.user_list, mm_cid.node)
	{
		if (t != current)
			mm_cid_fixup_task_to_cpu(t, mm);
	}
	mm_cid_complete_transit(mm, MM_CID_ONCPU);
}

static bool sched_mm_cid_add_user(struct task_struct *t, struct mm_struct *mm)
{
	t->mm_cid.active = 1;
	hlist_add_head(&t->mm_cid.node, &mm->mm_cid.user_list);
	mm->mm_cid.users++;
	return mm_update_max_cids(mm);
}

static bool sched_mm_cid_remove_user(struct task_struct *t)
{
	t->mm_cid.active = 0;
	/* Without its TRANSIT bit */
	t->mm_cid.cid = cid_from_transit_cid(t->mm_cid.cid);
	mm_unset_cid_on_task(t);
	hlist_del_init(&t->mm_cid.node);
	t->mm->mm_cid.users--;
	return mm_update_max_cids(t->mm);
}

/* What the accounting part of a fork leaves its caller to do */
enum mm_cid_fork_fixup {
	FORK_NO_FIXUP,
	FORK_FIXUP_TO_TASKS,
	FORK_FIXUP_TO_CPUS,
};

/* Under mm::mm_cid::lock, interrupts off */
static enum mm_cid_fork_fixup __sched_mm_cid_fork(struct task_struct *t,
						  struct mm_struct *mm)
{
	struct mm_cid_pcpu *pcp = this_cpu_ptr(mm->mm_cid.pcpu);

	if (!mm->mm_cid.users) {
		sched_mm_cid_add_user(t, mm);
		t->mm_cid.cid = mm_get_cid(mm);
		/* For execve() */
		pcp->cid = t->mm_cid.cid;
		return FORK_NO_FIXUP;
	}

	if (!sched_mm_cid_add_user(t, mm)) {
		if (!cid_on_cpu(mm->mm_cid.mode))
			t->mm_cid.cid = mm_get_cid(mm);
		return FORK_NO_FIXUP;
	}

	/* The mode changed: current's CID goes first */
	if (!cid_on_cpu(mm->mm_cid.mode)) {
		mm_cid_transit_to_task(current, pcp);
		return FORK_FIXUP_TO_TASKS;
	}
	mm_cid_transit_to_cpu(current, pcp);
	return FORK_FIXUP_TO_CPUS;
}

void sched_mm_cid_fork(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	enum mm_cid_fork_fixup fixup;

	if (!mm)
		return;
	WARN_ON_ONCE(t->mm_cid.cid != MM_CID_UNSET);

	guard(mutex)(&mm->mm_cid.mutex);
	scoped_guard(raw_spinlock_irq, &mm->mm_cid.lock)
		fixup = __sched_mm_cid_fork(t, mm);

	if (fixup == FORK_FIXUP_TO_CPUS) {
		mm_cid_fixup_tasks_to_cpus();
	} else if (fixup == FORK_FIXUP_TO_TASKS) {
		mm_cid_fixup_cpus_to_tasks(mm);
		t->mm_cid.cid = mm_get_cid(mm);
	}
}

static bool __sched_mm_cid_exit(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!sched_mm_cid_remove_user(t))
		return false;
	/* Fewer users, or a deferred affinity change: per task mode only */
	if (WARN_ON_ONCE(cid_on_cpu(mm->mm_cid.mode)))
		return false;
	/* exit() and execve(): current has @t's mm */
	if (WARN_ON_ONCE(current->mm != mm))
		return false;
	return true;
}

/* An exit that leaves users: true if the mm went back to per task mode */
static bool sched_mm_cid_exit_user(struct task_struct *t, struct mm_struct *mm)
{
	guard(raw_spinlock_irq)(&mm->mm_cid.lock);
	if (!__sched_mm_cid_exit(t))
		return false;
	/* @t's CID is unset already: drop this CPU's if it owns one */
	mm_drop_cid_on_cpu(mm, this_cpu_ptr(mm->mm_cid.pcpu));
	return true;
}

/* The last user */
static void sched_mm_cid_exit_last(struct task_struct *t, struct mm_struct *mm)
{
	guard(raw_spinlock_irq)(&mm->mm_cid.lock);
	/* Across execve() */
	if (t == current)
		mm_cid_transit_to_task(t, this_cpu_ptr(mm->mm_cid.pcpu));
	sched_mm_cid_remove_user(t);
}

void sched_mm_cid_exit(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm || !t->mm_cid.active)
		return;

	scoped_guard(mutex, &mm->mm_cid.mutex)
	{
		/* The mutex protects users */
		if (likely(mm->mm_cid.users > 1)) {
			if (sched_mm_cid_exit_user(t, mm))
				mm_cid_fixup_cpus_to_tasks(mm);
			return;
		}
		sched_mm_cid_exit_last(t, mm);
	}
	/* No user left to queue the work: wait for what is queued */
	irq_work_sync(&mm->mm_cid.irq_work);
	cancel_work_sync(&mm->mm_cid.work);
}

void sched_mm_cid_before_execve(struct task_struct *t)
{
	sched_mm_cid_exit(t);
}

void sched_mm_cid_after_execve(struct task_struct *t)
{
	if (t->mm)
		sched_mm_cid_fork(t);
}

static void mm_cid_work_fn(struct work_struct *work)
{
	struct mm_struct *mm =
		container_of(work, struct mm_struct, mm_cid.work);

	guard(mutex)(&mm->mm_cid.mutex);
	/* The last user gone already? */
	if (!mm->mm_cid.users)
		return;

	scoped_guard(raw_spinlock_irq, &mm->mm_cid.lock)
	{
		/* Done by fork() or exit() meanwhile? */
		if (!mm->mm_cid.update_deferred)
			return;
		if (!mm_update_max_cids(mm))
			return;
		/* An affinity change only switches to per task mode */
		if (WARN_ON_ONCE(cid_on_cpu(mm->mm_cid.mode)))
			return;
	}
	mm_cid_fixup_cpus_to_tasks(mm);
}

static void mm_cid_irq_work(struct irq_work *work)
{
	struct mm_struct *mm =
		container_of(work, struct mm_struct, mm_cid.irq_work);

	schedule_work(&mm->mm_cid.work);
}

void mm_init_cid(struct mm_struct *mm, struct task_struct *p)
{
	struct mm_mm_cid *mc = &mm->mm_cid;

	mc->max_cids = 0;
	mc->mode = 0;
	mc->nr_cpus_allowed = p->nr_cpus_allowed;
	mc->users = 0;
	mc->pcpu_thrs = 0;
	mc->update_deferred = 0;
	raw_spin_lock_init(&mc->lock);
	mutex_init(&mc->mutex);
	mc->irq_work = IRQ_WORK_INIT_HARD(mm_cid_irq_work);
	INIT_WORK(&mc->work, mm_cid_work_fn);
	INIT_HLIST_HEAD(&mc->user_list);
	cpumask_copy(mm_cpus_allowed(mm), &p->cpus_mask);
	bitmap_zero(mm_cidmask(mm), num_possible_cpus());
}

#endif /* CONFIG_SCHED_MM_CID */
