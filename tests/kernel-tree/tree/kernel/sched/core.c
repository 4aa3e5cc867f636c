// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz's test tree (tests/kernel-tree/README.md): not kernel code.
 * Per-task CIDs: a fork takes the lowest free CID, an exit gives it
 * back, an affinity change that widens the mm's mask recounts the users
 * in the deferred work. Each kernel API the real mm_cid code uses is
 * used here once at least, so that the shim is tested on all of them.
 */

#ifdef CONFIG_SMP
static int test_tree_not_ours(void)
{
#ifdef CONFIG_SCHED_MM_CID
	/* inside a function: not a section */
	return 1;
#endif
	return 0;
}
#endif

#ifdef CONFIG_SCHED_MM_CID
/*
 * Serialization: mm::mm_cid::mutex serializes fork, exit and the work;
 * mm::mm_cid::lock the user list and the counts; a CPU's slot is
 * written with that CPU's rq lock held.
 */

static bool mm_cid_add_user(struct task_struct *t, struct mm_struct *mm)
{
	lockdep_assert_held(&mm->mm_cid.lock);

	t->mm_cid.active = 1;
	hlist_add_head(&t->mm_cid.node, &mm->mm_cid.user_list);
	WRITE_ONCE(mm->mm_cid.users, mm->mm_cid.users + 1);
	return mm->mm_cid.users > max(mm->mm_cid.max_cids, 1U);
}

static void sched_mm_cid_fork(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm)
		return;
	WARN_ON_ONCE(t->mm_cid.cid != MM_CID_UNSET);

	guard(mutex)(&mm->mm_cid.mutex);
	scoped_guard(raw_spinlock_irq, &mm->mm_cid.lock)
	{
		if (mm_cid_add_user(t, mm))
			WRITE_ONCE(mm->mm_cid.max_cids,
				   min(mm->mm_cid.users, num_possible_cpus()));
	}
	t->mm_cid.cid = mm_get_cid(mm);
	smp_mb();
}

void sched_mm_cid_exit(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm || !t->mm_cid.active)
		return;
	scoped_guard(mutex, &mm->mm_cid.mutex)
	{
		scoped_guard(raw_spinlock_irq, &mm->mm_cid.lock)
		{
			t->mm_cid.active = 0;
			hlist_del_init(&t->mm_cid.node);
			WRITE_ONCE(mm->mm_cid.users, mm->mm_cid.users - 1);
		}
		mm_drop_cid(mm, t->mm_cid.cid);
		t->mm_cid.cid = MM_CID_UNSET;
		if (likely(READ_ONCE(mm->mm_cid.users)))
			return;
	}
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

static inline void mm_update_cpus_allowed(struct mm_struct *mm,
					  const struct cpumask *affmsk)
{
	unsigned int weight;

	if (!mm || !READ_ONCE(mm->mm_cid.users))
		return;
	guard(raw_spinlock)(&mm->mm_cid.lock);
	weight = cpumask_weighted_or(mm_cpus_allowed(mm), mm_cpus_allowed(mm),
				     affmsk);
	if (weight == mm->mm_cid.nr_cpus_allowed)
		return;
	WRITE_ONCE(mm->mm_cid.nr_cpus_allowed, weight);
	irq_work_queue(&mm->mm_cid.irq_work);
}

/* The recount: every user under its rq lock, then every CPU's slot */
static void mm_cid_work_fn(struct work_struct *work)
{
	struct mm_struct *mm =
		container_of(work, struct mm_struct, mm_cid.work);
	struct task_struct *t;
	unsigned int cpu, users = 0;

	guard(mutex)(&mm->mm_cid.mutex);
	hlist_for_each_entry(t, &mm->mm_cid.user_list, mm_cid.node)
	{
		guard(task_rq_lock)(t);
		if (t->mm_cid.cid != MM_CID_UNSET)
			users++;
	}
	for_each_possible_cpu(cpu) {
		struct mm_cid_pcpu *pcp = per_cpu_ptr(mm->mm_cid.pcpu, cpu);

		guard(rq_lock_irq)(cpu_rq(cpu));
		if (cpu_rq(cpu)->curr->mm != mm)
			pcp->cid = MM_CID_UNSET;
	}
	scoped_guard(raw_spinlock_irq, &mm->mm_cid.lock)
		mm->mm_cid.recounts += users;
}

static void mm_cid_irq_work(struct irq_work *work)
{
	struct mm_struct *mm =
		container_of(work, struct mm_struct, mm_cid.irq_work);

	schedule_work(&mm->mm_cid.work);
}

void mm_init_cid(struct mm_struct *mm, struct task_struct *p)
{
	mm->mm_cid.max_cids = 0;
	mm->mm_cid.users = 0;
	mm->mm_cid.recounts = 0;
	mm->mm_cid.nr_cpus_allowed = p->nr_cpus_allowed;
	raw_spin_lock_init(&mm->mm_cid.lock);
	mutex_init(&mm->mm_cid.mutex);
	mm->mm_cid.irq_work = IRQ_WORK_INIT_HARD(mm_cid_irq_work);
	INIT_WORK(&mm->mm_cid.work, mm_cid_work_fn);
	INIT_HLIST_HEAD(&mm->mm_cid.user_list);
	cpumask_copy(mm_cpus_allowed(mm), &p->cpus_mask);
	bitmap_zero(mm_cidmask(mm), num_possible_cpus());
}
#else /* CONFIG_SCHED_MM_CID */
static inline void sched_mm_cid_fork(struct task_struct *t)
{
}
#endif /* !CONFIG_SCHED_MM_CID */
