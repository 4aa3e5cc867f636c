// SPDX-License-Identifier: GPL-2.0-only
/*
 * The threads of the emulator (see stress.h). A task thread runs its task
 * while the task is rq->curr: a little user work, then one kernel entry
 * (yield, block, fork, exit, affinity change), the way a thread pool's
 * workers come and go. The pools grow to max_threads and shrink to
 * min_threads in turn, so that users cross the per-task <-> per-CPU
 * thresholds again and again.
 */
#include <stdio.h>
#include <unistd.h>

#include "stress.h"

static unsigned int my_cpu(struct slot *sl)
{
	return __atomic_load_n(&sl->task.cpu, __ATOMIC_RELAXED);
}

/* Go on growing or shrinking: turn round at the ends */
static bool pool_wants(struct pool *pool, bool grow)
{
	int n = __atomic_load_n(&pool->nr_threads, __ATOMIC_RELAXED);

	if (n >= (int)st.opt.max_threads)
		__atomic_store_n(&pool->growing, 0, __ATOMIC_RELAXED);
	else if (n <= (int)st.opt.min_threads)
		__atomic_store_n(&pool->growing, 1, __ATOMIC_RELAXED);
	return __atomic_load_n(&pool->growing, __ATOMIC_RELAXED) == grow;
}

/* Reserve a thread count change within [min, max] */
static bool pool_reserve(struct pool *pool, int delta)
{
	int n = __atomic_load_n(&pool->nr_threads, __ATOMIC_RELAXED);

	do {
		if (n + delta > (int)st.opt.max_threads || n + delta < (int)st.opt.min_threads)
			return false;
	} while (!__atomic_compare_exchange_n(&pool->nr_threads, &n, n + delta, false,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return true;
}

static void do_fork(struct slot *sl)
{
	struct pool *pool = &st.pool[sl->pool];
	struct task_struct *child;
	struct slot *csl;

	if (!pool_reserve(pool, 1))
		return;
	thr_doing(&sl->thr, "fork");
	child = kernel_clone(CLONE_VM | CLONE_THREAD);
	if (!child) {
		__atomic_fetch_sub(&pool->nr_threads, 1, __ATOMIC_RELAXED);
		return;
	}
	csl = slot_of(child);
	csl->pool = sl->pool;
	csl->registered = true;
	__atomic_store_n(&csl->state, SLOT_LIVE, __ATOMIC_RELEASE);
	slot_unclaim(csl); /* claimed since alloc_task_struct() */
}

/*
 * Exit and the final schedule; the slot is free for a fork afterwards.
 * Returns true if the task is gone.
 */
static bool do_exit_task(struct slot *sl)
{
	struct pool *pool = &st.pool[sl->pool];
	unsigned int cpu = my_cpu(sl);

	/*
	 * The group leader stays: a dead leader is a zombie, linked in the
	 * thread lists while its threads live, and the emulator frees a
	 * slot at exit (the kernel keeps the task_struct).
	 */
	if (sl->task.group_leader == &sl->task)
		return false;
	if (!pool_reserve(pool, -1))
		return false;
	thr_doing(&sl->thr, "exit");
	__atomic_store_n(&sl->state, SLOT_EXITING, __ATOMIC_RELAXED);
	do_exit();
	switch_to_next(cpu, true);
	if (!cpu_handover(cpu, &sl->task))
		stress_violation("WARN", "a dead task is still rq->curr after its final schedule");
	__atomic_store_n(&sl->state, SLOT_FREE, __ATOMIC_RELEASE);
	return true;
}

static void do_affinity(struct slot *sl)
{
	struct cpumask mask;

	thr_doing(&sl->thr, "affinity");
	rand_mask(&sl->thr, my_cpu(sl), &mask);
	__set_cpus_allowed_ptr(&sl->task, &mask);
}

/* Yield or block: returns true if the task gave its CPU away */
static bool do_schedule(struct slot *sl, bool block)
{
	unsigned int cpu = my_cpu(sl);

	thr_doing(&sl->thr, block ? "block" : "yield");
	if (block) /* set_current_state() */
		__atomic_store_n(&sl->task.__state, TASK_INTERRUPTIBLE, __ATOMIC_SEQ_CST);
	switch_to_next(cpu, block);
	return cpu_handover(cpu, &sl->task);
}

static void user_work(struct slot *sl)
{
	thr_doing(&sl->thr, "user");
	for (volatile unsigned int i = rand_below(&sl->thr, st.opt.user_work + 1); i; i--)
		;
}

/*
 * One run of the task on its CPU, until it gives the CPU away. Returns
 * false when the task is gone (exited) or the run stops.
 */
static bool run_task(struct slot *sl)
{
	struct pool *pool = &st.pool[sl->pool];
	unsigned int r;

	if (!sl->registered) { /* a pool's first task: first user of its mm */
		sl->registered = true;
		sched_mm_cid_after_execve(&sl->task);
	}
	for (;;) {
		user_enter(sl);
		user_work(sl);
		user_leave(sl);
		if (stopping()) {
			park(&sl->thr);
			return false;
		}
		/* per mille: churn forks and exits, 5% affinity, the rest yield or block */
		r = rand_below(&sl->thr, 1000);
		if (r < st.opt.churn) {
			if (r % 2 && pool_wants(pool, true))
				do_fork(sl);
			else if (!(r % 2) && pool_wants(pool, false) && do_exit_task(sl))
				return true;
		} else if (r < st.opt.churn + 50) {
			do_affinity(sl);
		} else if (r % 3) {
			if (do_schedule(sl, false))
				return true;
		} else {
			if (do_schedule(sl, true))
				return true;
		}
	}
}

void *task_thread(void *arg)
{
	struct slot *sl = arg;
	char name[16];

	snprintf(name, sizeof(name), "T%d", (int)(sl - st.slot));
	sl->thr.task = &sl->task;
	sl->thr.cpu_of_task = true;
	thr_attach(&sl->thr, name, st.opt.seed * 131 + (uint64_t)(sl - st.slot) + 1);
	while (wait_for_cpu(&sl->go, &sl->thr)) {
		/* true: gave the CPU away (or died), wait to run again */
		if (!run_task(sl))
			break;
	}
	thr_detach(&sl->thr);
	return NULL;
}

/* The owner of a CPU whose curr is idle: run what is queued there */
void *idle_thread(void *arg)
{
	struct cpu *c = arg;
	unsigned int cpu = (unsigned int)(c - st.cpu);
	char name[16];

	snprintf(name, sizeof(name), "idle/%u", cpu);
	c->thr.task = &c->idle;
	c->thr.cpu = cpu;
	thr_attach(&c->thr, name, st.opt.seed * 137 + cpu + 1);
	for (;;) {
		struct slot *next;

		if (stopping()) {
			park(&c->thr);
			break;
		}
		thr_doing(&c->thr, "idle");
		next = pick_queued(cpu);
		if (!next) {
			usleep(20);
			continue;
		}
		__schedule(cpu_rq(cpu), &next->task);
		slot_unclaim(next);
		if (cpu_handover(cpu, &c->idle) && !wait_for_cpu(&c->go, &c->thr))
			break;
	}
	thr_detach(&c->thr);
	return NULL;
}

/*
 * Wake a sleeper onto a CPU of its affinity, or move a queued task to
 * another allowed CPU. The claim keeps CPUs from picking it meanwhile;
 * pi_lock orders the look at its mask with an affinity change.
 */
static void balance_one(struct thr *me)
{
	struct slot *sl = &st.slot[rand_below(me, STRESS_MAX_TASKS)];
	struct task_struct *t = &sl->task;
	unsigned int state, on_rq, cpu, target;
	struct cpumask mask;

	if (__atomic_load_n(&sl->state, __ATOMIC_ACQUIRE) != SLOT_LIVE || !slot_claim(sl))
		return;
	if (__atomic_load_n(&sl->state, __ATOMIC_ACQUIRE) != SLOT_LIVE)
		goto out;
	thr_spin_lock(&t->pi_lock);
	state = __atomic_load_n(&t->__state, __ATOMIC_RELAXED);
	on_rq = (unsigned int)__atomic_load_n(&t->on_rq, __ATOMIC_RELAXED);
	cpu = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
	mask = t->cpus_mask;
	thr_spin_unlock(&t->pi_lock);
	if (!mask.bits[0])
		goto out;
	do
		target = rand_below(me, st.opt.cpus);
	while (!cpumask_test_cpu(target, &mask));
	if (state == TASK_INTERRUPTIBLE && !on_rq) {
		thr_doing(me, "wake");
		try_to_wake_up(t, target);
	} else if (state == TASK_RUNNING && on_rq == TASK_ON_RQ_QUEUED && target != cpu) {
		thr_doing(me, "migrate");
		move_queued_task(t, target);
	}
out:
	slot_unclaim(sl);
}

void *balancer_thread(void *arg)
{
	struct thr *me = &st.balancer;

	(void)arg;
	me->task = &st.balancer_task;
	thr_attach(me, "balancer", st.opt.seed * 139 + 1);
	while (!stopping()) {
		balance_one(me);
		thr_doing(me, "balance");
		if (!rand_below(me, 4))
			usleep(10);
	}
	park(me);
	thr_detach(me);
	return NULL;
}

void *kworker_thread(void *arg)
{
	struct thr *me = &st.kworker;

	(void)arg;
	me->task = &st.kworker_task;
	thr_attach(me, "kworker", st.opt.seed * 149 + 1);
	while (!stopping()) {
		for (unsigned int p = 0; p < st.opt.pools; p++) {
			struct mm_struct *mm = st.pool[p].mm;

			thr_doing(me, "work");
			irq_work_run(&mm->mm_cid.irq_work);
			process_one_work(&mm->mm_cid.work);
		}
		thr_doing(me, "sleep");
		usleep(200);
	}
	park(me);
	thr_detach(me);
	return NULL;
}
