// SPDX-License-Identifier: GPL-2.0-only
/*
 * The emulated machine (see stress.h): CPUs with their idle tasks, the
 * task slots and their claims, the pools (one mm and thread group each),
 * the back-end allocation hooks of impl/, and the handover of a CPU from
 * one thread to the next after a context switch.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"

struct stress st;

static void name_lock(raw_spinlock_t *l, const char *fmt, unsigned int n)
{
	l->owner = 0;
	snprintf(l->name, sizeof(l->name), fmt, n);
}

struct slot *slot_of(const struct task_struct *t)
{
	if (t < &st.slot[0].task || t > &st.slot[STRESS_MAX_TASKS - 1].task)
		return NULL;
	return container_of(t, struct slot, task);
}

bool slot_claim(struct slot *sl)
{
	int zero = 0;

	return __atomic_compare_exchange_n(&sl->claim, &zero, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

void slot_unclaim(struct slot *sl)
{
	__atomic_store_n(&sl->claim, 0, __ATOMIC_RELEASE);
}

bool stopping(void)
{
	return __atomic_load_n(&st.stop, __ATOMIC_ACQUIRE);
}

unsigned int rand_below(struct thr *me, unsigned int n)
{
	return (unsigned int)((thr_rand(me) >> 11) % n);
}

/* A random affinity mask that keeps @cpu (the kernel would move the task) */
void rand_mask(struct thr *me, unsigned int cpu, struct cpumask *mask)
{
	unsigned long all = (1UL << st.opt.cpus) - 1;

	mask->bits[0] = rand_below(me, 2) ? all : (thr_rand(me) & all) | (1UL << cpu);
}

/* ---- back-end allocation hooks of impl/ ---- */

/* The emulator's forks do not fail on purpose; give the slot back */
void free_task_struct(struct task_struct *p)
{
	slot_unclaim(slot_of(p));
}

/* A free slot, claimed until its task is live (see fork in workers.c) */
struct task_struct *alloc_task_struct(void)
{
	struct thr *me = thr_self();
	unsigned int start = rand_below(me, STRESS_MAX_TASKS);

	for (unsigned int i = 0; i < STRESS_MAX_TASKS; i++) {
		struct slot *sl = &st.slot[(start + i) % STRESS_MAX_TASKS];
		int free = SLOT_FREE;

		if (!__atomic_compare_exchange_n(&sl->state, &free, SLOT_FORKING, false,
						 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			continue;
		/* a CPU or the balancer may still look at the old task */
		while (!slot_claim(sl))
			sched_yield();
		/* and a thread-list walker under RCU (a grace period) */
		while (thr_rcu_readers())
			sched_yield();
		return &sl->task;
	}
	return NULL;
}

struct mm_struct *alloc_mm(void)
{
	struct mm_struct *mm;

	if (st.nr_mms >= STRESS_MAX_POOLS)
		return NULL;
	mm = &st.mm[st.nr_mms];
	mm->id = (int)st.nr_mms++;
	snprintf(mm->mm_cid.lock.name, sizeof(mm->mm_cid.lock.name), "mm%d.lock", mm->id);
	snprintf(mm->mm_cid.mutex.name, sizeof(mm->mm_cid.mutex.name), "mm%d.mutex", mm->id);
	return mm;
}

/* Only CLONE_THREAD forks here: the pools' signal structs are static */
struct signal_struct *alloc_signal(void)
{
	return NULL;
}

/* ---- the machine ---- */

/* A pool's first task: a process on @cpu, registered when it first runs */
static void pool_init(unsigned int p, unsigned int cpu)
{
	struct pool *pool = &st.pool[p];
	struct slot *sl = &st.slot[p];
	struct task_struct *t = &sl->task;

	init_task_struct(t);
	t->cpus_mask.bits[0] = (1UL << st.opt.cpus) - 1;
	if (st.opt.cpus > 2) /* start narrow, so affinity changes widen the mm */
		t->cpus_mask.bits[0] = ((1UL << (st.opt.cpus / 2)) - 1) | (1UL << cpu);
	t->nr_cpus_allowed = cpumask_weight(&t->cpus_mask);
	INIT_LIST_HEAD(&pool->signal.thread_head);
	pool->signal.nr_threads = 1;
	t->signal = &pool->signal;
	list_add_tail_rcu(&t->thread_node, &pool->signal.thread_head);
	list_add_tail_rcu(&t->tasks, &init_task_list);
	t->mm = alloc_mm();
	mm_init(t->mm, t);
	pool->mm = t->mm;
	t->cpu = cpu;
	t->on_rq = TASK_ON_RQ_QUEUED;
	t->__state = TASK_RUNNING;
	sl->pool = (int)p;
	sl->state = SLOT_LIVE;
	pool->nr_threads = 1;
	pool->growing = 1;
}

void world_init(void)
{
	unsigned int cpu, i;

	cid_bugs = cid_bug_closure(st.opt.bugs);
	kernel_reset(st.opt.cpus);
	snprintf(tasklist_lock.name, sizeof(tasklist_lock.name), "tasklist_lock");
	for (cpu = 0; cpu < st.opt.cpus; cpu++) {
		init_idle(&st.cpu[cpu].idle, cpu);
		name_lock(&st.cpu[cpu].idle.pi_lock, "idle%u.pi_lock", cpu);
		name_lock(&cpu_rq(cpu)->__lock, "rq%u", cpu);
		sem_init(&st.cpu[cpu].go, 0, 0);
	}
	for (i = 0; i < STRESS_MAX_TASKS; i++) {
		struct slot *sl = &st.slot[i];

		init_task_struct(&sl->task);
		name_lock(&sl->task.pi_lock, "T%u.pi_lock", i);
		sl->state = SLOT_FREE;
		sem_init(&sl->go, 0, 0);
	}
	for (i = 0; i < st.opt.pools; i++)
		pool_init(i, i % st.opt.cpus);
	init_task_struct(&st.kworker_task);
	st.kworker_task.flags = PF_KTHREAD;
	init_task_struct(&st.balancer_task);
	st.balancer_task.flags = PF_KTHREAD;
	pthread_mutex_init(&st.report_lock, NULL);
}

/*
 * A task queued on @cpu that may run there now, claimed; NULL if none.
 * The rq lock orders this look with the model's writes of the queue state.
 */
struct slot *pick_queued(unsigned int cpu)
{
	struct thr *me = thr_self();
	struct rq *rq = cpu_rq(cpu);
	unsigned int start = rand_below(me, STRESS_MAX_TASKS);
	struct slot *found = NULL;

	thr_spin_lock(&rq->__lock);
	for (unsigned int i = 0; i < STRESS_MAX_TASKS && !found; i++) {
		struct slot *sl = &st.slot[(start + i) % STRESS_MAX_TASKS];
		struct task_struct *t = &sl->task;

		if (__atomic_load_n(&sl->state, __ATOMIC_ACQUIRE) != SLOT_LIVE || !slot_claim(sl))
			continue;
		if (__atomic_load_n(&sl->state, __ATOMIC_ACQUIRE) == SLOT_LIVE && rq->curr != t &&
		    __atomic_load_n(&t->on_rq, __ATOMIC_RELAXED) == TASK_ON_RQ_QUEUED &&
		    __atomic_load_n(&t->cpu, __ATOMIC_RELAXED) == cpu &&
		    __atomic_load_n(&t->__state, __ATOMIC_RELAXED) == TASK_RUNNING)
			found = sl;
		else
			slot_unclaim(sl);
	}
	thr_spin_unlock(&rq->__lock);
	return found;
}

/*
 * The context switch of the thread that owns @cpu: to a queued task, or,
 * if there is none and the current task goes to sleep or dies, to idle.
 */
void switch_to_next(unsigned int cpu, bool block)
{
	struct rq *rq = cpu_rq(cpu);
	struct slot *next = pick_queued(cpu);

	if (!next && !block)
		return;
	__schedule(rq, next ? &next->task : rq->idle);
	if (next)
		slot_unclaim(next);
}

/*
 * After __schedule() on @cpu by its owner (@me was rq->curr): if another
 * task is curr now, wake its thread; the CPU is its. Returns true if the
 * caller gave the CPU away. Only the owner switches this CPU, so rq->curr
 * is stable here without the lock.
 */
bool cpu_handover(unsigned int cpu, struct task_struct *me)
{
	struct task_struct *next = cpu_rq(cpu)->curr;
	struct slot *sl;

	if (next == me)
		return false;
	sl = slot_of(next);
	sem_post(sl ? &sl->go : &st.cpu[cpu].go);
	return true;
}

/* Quiescent from now on: no more calls into impl/ until the end */
void park(struct thr *me)
{
	thr_doing(me, "parked");
	__atomic_fetch_add(&st.parked, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&st.quit, __ATOMIC_ACQUIRE))
		usleep(1000);
}

/*
 * Wait until this thread's task is made rq->curr (@go posted). Returns
 * false if the run stops meanwhile (the thread has parked and quit).
 */
bool wait_for_cpu(sem_t *go, struct thr *me)
{
	thr_doing(me, "waiting for its CPU");
	for (;;) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 2000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		if (!sem_timedwait(go, &ts))
			return true;
		if (errno != ETIMEDOUT && errno != EINTR)
			return false;
		if (stopping()) {
			park(me);
			return false;
		}
	}
}
