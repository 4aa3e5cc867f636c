// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated machine: CPUs with their idle tasks and kworkers, the
 * named tasks T0..T63, the mm and signal pools, and the small decisions
 * the scheduling policy would make (which task runs next when the
 * schedule does not say). Also the back-end allocation hooks of impl/.
 */
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

void sim_task_created(struct sim *s, int slot)
{
	/*
	 * A task_struct is freed and reused only after an RCU grace period
	 * (delayed_put_task_struct()), which is a full barrier on every
	 * CPU: no store to the old task may still sit in a store buffer.
	 */
	if (s->weak_pending)
		sim_weak_drain_all(s);
	if (!s->task_exists[slot])
		s->view.live[s->view.nr_live++] = (uint8_t)slot;
	s->task_exists[slot] = true;
	hint_task(s, slot);
}

int sim_task_slot(const struct sim *s, const struct task_struct *t)
{
	if (t >= s->task && t < s->task + SCHED_MAX_TASKS)
		return (int)(t - s->task);
	return -1;
}

bool sim_task_is_user(const struct sim *s, const struct task_struct *t)
{
	return sim_task_slot(s, t) >= 0;
}

struct sim_path *sim_task_path_of(struct sim *s, const struct task_struct *t)
{
	int slot = sim_task_slot(s, t);

	if (slot >= 0)
		return s->task_path[slot];
	if (t >= s->kworker && t < s->kworker + NR_CPUS)
		return s->kworker_path[t - s->kworker];
	return NULL;
}

const char *sim_task_name(const struct sim *s, const struct task_struct *t,
			  char *buf, size_t size)
{
	int slot = sim_task_slot(s, t);

	if (!t)
		snprintf(buf, size, "-");
	else if (slot >= 0)
		snprintf(buf, size, "T%d", slot);
	else if (t >= s->kworker && t < s->kworker + NR_CPUS)
		snprintf(buf, size, "kworker/%d", (int)(t - s->kworker));
	else
		snprintf(buf, size, "idle%d", (int)(t - s->idle));
	return buf;
}

/* A task is in user space when it runs and no kernel path is on its CPU */
bool sim_task_in_user_space(struct sim *s, struct task_struct *t)
{
	int slot = sim_task_slot(s, t);

	if (slot < 0 || !s->task_exists[slot] || s->task_path[slot])
		return false;
	if (t->__state != TASK_RUNNING || t->cpu >= s->nr_cpus)
		return false;
	return cpu_rq(t->cpu)->curr == t && !s->cpu_path[t->cpu];
}

/* Can a new CPU path (a switch, wakeup, migration) start on @cpu now? */
bool sim_cpu_free(struct sim *s, unsigned int cpu)
{
	struct sim_path *p;

	if (s->cpu_path[cpu])
		return false;
	p = sim_task_path_of(s, cpu_rq(cpu)->curr);
	return !p || sim_path_preemptible(p);
}

bool sim_task_queued_on(const struct task_struct *t, unsigned int cpu)
{
	return t->on_rq == TASK_ON_RQ_QUEUED && t->cpu == cpu &&
	       t->__state == TASK_RUNNING;
}

/*
 * The next task for @cpu when the schedule names none: round robin over
 * the queued tasks after the current one (kworker first: it was woken
 * for a reason). With @want_path only tasks with a kernel path in flight
 * that can go on.
 */
struct task_struct *sim_pick_next(struct sim *s, unsigned int cpu, bool want_path)
{
	struct rq *rq = cpu_rq(cpu);
	struct task_struct *kw = &s->kworker[cpu], *best = NULL;
	int start = sim_task_slot(s, rq->curr);
	unsigned int i, best_dist = SCHED_MAX_TASKS + 1;

	if (rq->curr != kw && sim_task_queued_on(kw, cpu) &&
	    (!want_path || s->kworker_path[cpu]))
		return kw;
	/* round robin: the queued task with the next slot after curr's */
	for (i = 0; i < s->view.nr_live; i++) {
		int slot = s->view.live[i];
		struct task_struct *t = &s->task[slot];
		unsigned int dist;

		if (t == rq->curr || !sim_task_queued_on(t, cpu))
			continue;
		/* a vfork parent's wait is not a kernel path that can go on */
		if (want_path && (!s->task_path[slot] ||
				  sim_path_waits_for_user(s, s->task_path[slot])))
			continue;
		dist = (unsigned int)(slot - start - 1 + 2 * SCHED_MAX_TASKS) %
		       SCHED_MAX_TASKS;
		if (dist < best_dist) {
			best_dist = dist;
			best = t;
		}
	}
	if (best)
		return best;
	return want_path ? NULL : rq->idle;
}

struct sim_path *sim_start_switch(struct sim *s, unsigned int cpu,
				  struct task_struct *next)
{
	struct sim_path *p = sim_path_new(s, PATH_CPU, JOB_SCHEDULE, (int)cpu, NULL);

	if (!p)
		return NULL;
	p->arg_task = next;
	set_cpu_path(s, cpu, p);
	hint_cpu(s, (int)cpu);
	return p;
}

/*
 * Lock names, for traces and reports: the same few hundred in every run,
 * so each is formatted once per process and copied after that (a fuzzer
 * resets the world tens of thousands of times a second).
 */
enum lock_kind {
	LOCK_IDLE_PI,
	LOCK_RQ,
	LOCK_KWORKER_PI,
	LOCK_TASK_PI,
	LOCK_MM,
	LOCK_MM_MUTEX,
	NR_LOCK_KINDS
};

static const char *const lock_fmt[NR_LOCK_KINDS] = {
	[LOCK_IDLE_PI] = "idle%u.pi_lock",
	[LOCK_RQ] = "rq%u",
	[LOCK_KWORKER_PI] = "kworker/%u.pi_lock",
	[LOCK_TASK_PI] = "T%u.pi_lock",
	[LOCK_MM] = "mm%u.lock",
	[LOCK_MM_MUTEX] = "mm%u.mutex",
};

#define LOCK_NAME_SIZE	sizeof(((raw_spinlock_t *)0)->name)
_Static_assert(sizeof(((struct mutex *)0)->name) == LOCK_NAME_SIZE,
	       "one size of lock names");

static char lock_names[NR_LOCK_KINDS][SIM_MAX_MMS][LOCK_NAME_SIZE];

static void lock_name(char *dst, enum lock_kind kind, unsigned int n)
{
	char *name = lock_names[kind][n];

	if (!name[0])
		snprintf(name, LOCK_NAME_SIZE, lock_fmt[kind], n);
	memcpy(dst, name, LOCK_NAME_SIZE);
}

static void name_lock(raw_spinlock_t *l, enum lock_kind kind, unsigned int n)
{
	l->owner = 0;
	lock_name(l->name, kind, n);
}

static void init_kworker(struct sim *s, unsigned int cpu)
{
	struct task_struct *kw = &s->kworker[cpu];

	init_task_struct(kw);
	kw->__state = TASK_INTERRUPTIBLE;
	kw->flags = PF_KTHREAD;
	kw->cpu = cpu;
	kw->cpus_mask.bits[0] = 1UL << cpu;
	kw->nr_cpus_allowed = 1;
	name_lock(&kw->pi_lock, LOCK_KWORKER_PI, cpu);
}

void sim_world_reset(struct sim *s, unsigned int nr_cpus)
{
	unsigned int cpu;

	s->nr_cpus = nr_cpus;
	kernel_reset(nr_cpus);
	memcpy(tasklist_lock.name, "tasklist_lock", sizeof("tasklist_lock"));
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		init_idle(&s->idle[cpu], cpu);
		name_lock(&s->idle[cpu].pi_lock, LOCK_IDLE_PI, cpu);
		name_lock(&cpu_rq(cpu)->__lock, LOCK_RQ, cpu);
		init_kworker(s, cpu);
	}
	for (cpu = 0; cpu < s->view.nr_live; cpu++) {
		s->task_exists[s->view.live[cpu]] = false;
		s->task[s->view.live[cpu]].mm_cid.cid = MM_CID_UNSET;
	}
	s->view.nr_live = 0;
	s->view.nr_mms = 0;
	s->nr_signals = 0;
	s->steps = 0;
	s->progress = 0;
	s->stop = false;
	sim_paths_reset(s);
}

/*
 * ---- back-end allocation hooks of impl/ ----
 * Named as impl/include/kernel.h calls them, not sim_: impl/'s interface
 * to its world (threads/ has them too), not the simulator's API.
 */

struct task_struct *alloc_task_struct(void)
{
	struct sim *s = sim_cur;
	int slot = s->cur->arg_child;
	struct task_struct *p = &s->task[slot];

	sim_task_created(s, slot);
	name_lock(&p->pi_lock, LOCK_TASK_PI, (unsigned int)slot);
	return p;
}

/*
 * A fork that failed after alloc_task_struct(): the child never ran and
 * is nobody's; like a dead task, its name can be used again.
 */
void free_task_struct(struct task_struct *p)
{
	struct sim *s = sim_cur;

	p->__state = TASK_DEAD;
	hint_task(s, sim_task_slot(s, p));
}

struct mm_struct *alloc_mm(void)
{
	struct sim *s = sim_cur;
	struct mm_struct *mm;
	unsigned int id;

	if (s->view.nr_mms >= SIM_MAX_MMS)
		return NULL;
	id = s->view.nr_mms++;
	mm = &s->mm[id];
	sim_hint_write(s, mm);
	mm->id = (int)id;
	name_lock(&mm->mm_cid.lock, LOCK_MM, id);
	mm->mm_cid.mutex.owner = 0;
	lock_name(mm->mm_cid.mutex.name, LOCK_MM_MUTEX, id);
	return mm;
}

struct signal_struct *alloc_signal(void)
{
	struct sim *s = sim_cur;

	if (s->nr_signals >= SIM_MAX_SIGNALS)
		return NULL;
	return &s->signal[s->nr_signals++];
}
