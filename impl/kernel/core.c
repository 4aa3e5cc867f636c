// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler core around mm_cid (kernel/sched/core.c): the context
 * switch, task_rq_lock() with its retry loop, wakeups, the migration of a
 * queued task and the affinity change. Only what decides which rq lock a
 * path holds, and when a task is rq->curr, is modelled; the scheduling
 * policy (who runs next) is the schedule's choice.
 */
#include "kernel.h"

struct rq runqueues[NR_CPUS];
unsigned int nr_cpu_ids;

/*
 * Lock the rq @p is on, and p->pi_lock. The task can move between reading
 * task_rq() and taking the lock, and a migration in flight is waited out:
 * both are retry loops.
 */
struct rq *task_rq_lock(struct task_struct *p)
{
	struct rq *rq;

	trace_enter_task(p);
	for (;;) {
		raw_spin_lock_irq(&p->pi_lock);
		rq = task_rq(p);
		raw_spin_rq_lock(rq);
		if (likely(rq == task_rq(p) && !task_on_rq_migrating(p)))
			return rq;
		raw_spin_rq_unlock(rq);
		raw_spin_unlock_irq(&p->pi_lock);

		while (unlikely(task_on_rq_migrating(p)))
			cpu_relax();
	}
}

void task_rq_unlock(struct rq *rq, struct task_struct *p)
{
	raw_spin_rq_unlock(rq);
	raw_spin_unlock_irq(&p->pi_lock);
}

/*
 * pick_next_task(): the schedule chose @next before this CPU took its rq
 * lock; under the lock the choice must still be valid (the task may have
 * been migrated away or gone to sleep meanwhile). If not, prev goes on if
 * it can, else the CPU idles.
 */
static struct task_struct *pick_next_task(struct rq *rq, struct task_struct *next)
{
	struct task_struct *prev = rq->curr;

	if (next == rq->idle)
		return next;
	if (next->on_rq == TASK_ON_RQ_QUEUED && next->cpu == rq->cpu &&
	    next->__state == TASK_RUNNING)
		return next;
	if (prev->__state == TASK_RUNNING)
		return prev;
	return rq->idle;
}

/*
 * The context switch on @rq's CPU to @next (the schedule's choice, see
 * pick_next_task()). prev = rq->curr; a prev that is no longer
 * TASK_RUNNING (blocked, dead) leaves the runqueue.
 */
void __schedule(struct rq *rq, struct task_struct *next)
{
	struct task_struct *prev;

	trace_enter_task(next);
	local_irq_disable();
	raw_spin_rq_lock(rq);
	/* Orders the caller's state store and the rq->curr store (membarrier) */
	smp_mb__after_spinlock();
	prev = rq->curr;
	next = pick_next_task(rq, next);
	if (prev->__state != TASK_RUNNING && !(prev->flags & PF_IDLE))
		WRITE_ONCE(prev->on_rq, 0);	/* deactivate_task() */
	if (prev != next) {
		rq->curr = next;		/* RCU_INIT_POINTER(rq->curr, next) */
		WRITE_ONCE(next->on_cpu, 1);	/* prepare_task_switch() */
		mm_cid_switch_to(prev, next);
		/* finish_task(): prev may now run elsewhere */
		smp_store_release(&prev->on_cpu, 0);
	}
	raw_spin_rq_unlock(rq);
	local_irq_enable();
}

/*
 * __set_task_cpu(): once ->cpu names the new CPU, task_rq_lock() on
 * another CPU can succeed, so the task's other updates (on_rq MIGRATING)
 * must be visible first.
 */
static void set_task_cpu(struct task_struct *p, unsigned int new_cpu)
{
	smp_wmb();
	WRITE_ONCE(p->cpu, new_cpu);
}

/* Wake a sleeping @p onto @cpu (select_task_rq() is the schedule's choice) */
void try_to_wake_up(struct task_struct *p, unsigned int cpu)
{
	struct rq *rq;

	trace_enter_task(p);
	raw_spin_lock_irq(&p->pi_lock);
	smp_mb__after_spinlock();
	/*
	 * ttwu_state_match(): only a sleeper is woken. Another wakeup may
	 * have won the race for pi_lock, and the task may even have run and
	 * exited since (TASK_DEAD) by the time this one gets the lock.
	 */
	if (!(READ_ONCE(p->__state) & TASK_NORMAL))
		goto out;
	/*
	 * A task that went to sleep may still be switching out on its old
	 * CPU: wait until it is off that CPU before moving it.
	 */
	while (smp_load_acquire(&p->on_cpu))
		cpu_relax();
	if (task_cpu(p) != cpu)
		set_task_cpu(p, cpu);
	rq = cpu_rq(cpu);
	raw_spin_rq_lock(rq);
	WRITE_ONCE(p->on_rq, TASK_ON_RQ_QUEUED);	/* activate_task() */
	WRITE_ONCE(p->__state, TASK_RUNNING);
	raw_spin_rq_unlock(rq);
out:
	raw_spin_unlock_irq(&p->pi_lock);
}

/* The child of a fork becomes runnable on the parent's CPU */
void wake_up_new_task(struct task_struct *p)
{
	struct rq *rq;

	trace_enter_task(p);
	raw_spin_lock_irq(&p->pi_lock);
	WRITE_ONCE(p->__state, TASK_RUNNING);
	set_task_cpu(p, smp_processor_id());
	rq = task_rq(p);
	raw_spin_rq_lock(rq);
	WRITE_ONCE(p->on_rq, TASK_ON_RQ_QUEUED);	/* activate_task() */
	raw_spin_rq_unlock(rq);
	raw_spin_unlock_irq(&p->pi_lock);
}

/*
 * Move a queued, not running task to @new_cpu (the load balancer's
 * detach/attach). Between the two rq lock sections the task is
 * TASK_ON_RQ_MIGRATING and task_rq_lock() waits for it.
 */
void move_queued_task(struct task_struct *p, unsigned int new_cpu)
{
	struct rq *rq;

	trace_enter_task(p);
	rq = task_rq_lock(p);
	/* It may have started running or gone to sleep meanwhile */
	if (rq->curr == p || p->on_rq != TASK_ON_RQ_QUEUED || rq->cpu == new_cpu) {
		task_rq_unlock(rq, p);
		return;
	}
	WRITE_ONCE(p->on_rq, TASK_ON_RQ_MIGRATING);
	set_task_cpu(p, new_cpu);
	task_rq_unlock(rq, p);

	rq = cpu_rq(new_cpu);
	local_irq_disable();
	raw_spin_rq_lock(rq);
	WRITE_ONCE(p->on_rq, TASK_ON_RQ_QUEUED);
	raw_spin_rq_unlock(rq);
	local_irq_enable();
}

/*
 * sched_setaffinity() on @p. The kernel then moves @p off a CPU that is
 * no longer allowed (affine_move_task()); here the schedule does that with
 * migrate events, so @p may sit on such a CPU for a while. The mm_cid part
 * does not depend on it: the mm's superset only widens.
 */
int __set_cpus_allowed_ptr(struct task_struct *p, const struct cpumask *mask)
{
	struct rq *rq;

	trace_enter_task(p);
	rq = task_rq_lock(p);
	/* set_cpus_allowed_common() */
	p->cpus_mask = *mask;
	p->nr_cpus_allowed = cpumask_weight(mask);
	mm_update_cpus_allowed(p->mm, mask);
	task_rq_unlock(rq, p);
	return 0;
}

/* Since b2e48c429ec5 the child becomes a CID user here, once visible */
void sched_post_fork(struct task_struct *p)
{
	trace_enter_task(p);
	if (!cid_bug(BUG_FORK_VISIBILITY))
		sched_mm_cid_fork(p);
}

void init_task_struct(struct task_struct *p)
{
	p->__state = TASK_NEW;
	p->on_rq = 0;
	p->on_cpu = 0;
	p->cpu = 0;
	p->flags = 0;
	p->pi_lock.owner = 0;
	p->mm = NULL;
	p->mm_cid.active = 0;
	p->mm_cid.cid = MM_CID_UNSET;
	p->mm_cid.node.next = NULL;
	p->mm_cid.node.pprev = NULL;
	p->cpus_mask.bits[0] = 0;
	p->nr_cpus_allowed = 0;
	p->group_leader = p;
	p->signal = NULL;
	INIT_LIST_HEAD(&p->tasks);
	INIT_LIST_HEAD(&p->thread_node);
	p->vfork_done = NULL;
	p->rseq_ids_changed = false;
}

void init_idle(struct task_struct *idle, unsigned int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	init_task_struct(idle);
	idle->__state = TASK_RUNNING;
	idle->flags = PF_IDLE | PF_KTHREAD;
	idle->cpu = cpu;
	idle->on_rq = TASK_ON_RQ_QUEUED;
	idle->on_cpu = 1;
	idle->cpus_mask.bits[0] = 1UL << cpu;
	idle->nr_cpus_allowed = 1;
	rq->idle = idle;
	rq->curr = idle;
}

void kernel_reset(unsigned int nr_cpus)
{
	unsigned int cpu;

	nr_cpu_ids = nr_cpus;
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		struct rq *rq = cpu_rq(cpu);

		rq->__lock.owner = 0;
		rq->cpu = cpu;
		rq->curr = NULL;
		rq->idle = NULL;
	}
	INIT_LIST_HEAD(&init_task_list);
	tasklist_lock.owner = 0;
}
