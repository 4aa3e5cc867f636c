// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel paths as coroutines: creation, one step, and whether a path can
 * go on (its pending lock free, its completion done, its retry loop not
 * spinning in vain).
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static void path_entry(void *arg)
{
	struct sim_path *p = arg;
	struct task_struct *t = p->arg_task;
	struct mm_struct *mm;

	switch (p->job) {
	case JOB_SCHEDULE:
		__schedule(cpu_rq(p->cpu), t);
		break;
	case JOB_WAKE:
		try_to_wake_up(t, p->arg_cpu);
		break;
	case JOB_MIGRATE:
		move_queued_task(t, p->arg_cpu);
		break;
	case JOB_FORK:
		kernel_clone(p->arg_flags);
		break;
	case JOB_EXIT:
		do_exit();
		break;
	case JOB_EXEC:
		if (p->arg_flags == EXEC_REGISTER)
			sched_mm_cid_after_execve(p->task);
		else
			do_execve(p->arg_flags == EXEC_FAIL);
		break;
	case JOB_AFFINITY:
		__set_cpus_allowed_ptr(t, &p->arg_mask);
		break;
	case JOB_WORK:
		mm = p->arg_mm;
		irq_work_run(&mm->mm_cid.irq_work);
		process_one_work(&mm->mm_cid.work);
		break;
	case JOB_CALL:
		p->arg_fn(p->arg_ptr);
		break;
	}
}

struct sim_path *sim_path_new(struct sim *s, enum path_kind kind, enum path_job job,
			      int cpu, struct task_struct *task)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_PATHS; i++) {
		struct sim_path *p = &s->path[i];

		if (p->in_use)
			continue;
		if (!s->stack[i]) {
			s->stack[i] = malloc(SIM_STACK_SIZE);
			if (!s->stack[i])
				return NULL;
		}
		memset((char *)p + sizeof(p->co), 0, sizeof(*p) - sizeof(p->co));
		p->id = (int)i + 1;
		p->in_use = true;
		p->kind = (uint8_t)kind;
		p->job = (uint8_t)job;
		p->cpu = cpu;
		p->task = task;
		p->op = OP_START;
		p->relax_mark = ~0UL;
		sim_coro_init(&p->co, &s->main, s->stack[i], SIM_STACK_SIZE, path_entry, p);
		s->view.nr_in_flight++;
		return p;
	}
	return NULL;
}

static void path_release(struct sim *s, struct sim_path *p)
{
	p->in_use = false;
	s->view.nr_in_flight--;
}

/* The path ended: unhook it and start what follows (a final schedule) */
static void path_finish(struct sim *s, struct sim_path *p)
{
	struct task_struct *t = p->task;

	p->done = true;
	s->progress++;
	/* who runs where changed: the in-user state of that CPU's task */
	hint_cpu(s, p->kind == PATH_CPU ? p->cpu : (int)t->cpu);
	if (p->kind == PATH_TASK)
		hint_task(s, sim_task_slot(s, t));
	if (p->kind == PATH_CPU) {
		set_cpu_path(s, (unsigned int)p->cpu, NULL);
	} else if (t->flags & PF_KTHREAD) {
		s->kworker_path[t->cpu] = NULL;
		/* The kworker goes back to sleep */
		t->__state = TASK_INTERRUPTIBLE;
		p->followon = sim_start_switch(s, t->cpu, sim_pick_next(s, t->cpu, false));
	} else {
		set_task_path(s, sim_task_slot(s, t), NULL);
		/* An exiting task's final schedule; a vfork parent resumed */
		if (t->__state == TASK_DEAD)
			p->followon = sim_start_switch(s, t->cpu,
						       sim_pick_next(s, t->cpu, false));
	}
	path_release(s, p);
}

/* The primitives that write their object */
static inline bool op_writes(uint8_t op)
{
	switch (op) {
	case OP_STORE:
	case OP_RMW:
	case OP_MUTEX_LOCK:
	case OP_MUTEX_UNLOCK:
	case OP_COMPLETE:
	case OP_WAIT:
		return true;
	default:
		return false;
	}
}

/*
 * Hint what a primitive wrote of its object that the oracle's view shows
 * (a word, a bitmap, a mutex's owner). Of the spin locks the view shows
 * only whether an rq lock is held (view_rq_locked(): a hint of its own,
 * no task to read again), not the owners of pi_lock, mm_cid.lock or
 * tasklist_lock: hinting those would only make the oracle read a task or
 * an mm again for nothing (view/view.c and this must agree; the audit test
 * checks the tasks and mms).
 */
static inline void hint_op(struct sim *s, uint8_t op, const void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)runqueues;

	if (op == OP_SPIN_LOCK || op == OP_SPIN_UNLOCK) {
		if (off < sizeof(runqueues))
			s->view.hints.rq_locks |= 1ULL << (off / sizeof(runqueues[0]));
		return;
	}
	if (op_writes(op))
		sim_hint_write(s, obj);
}

/* The simulator's start of a step of @p */
static inline void step_begin(struct sim *s, struct sim_path *p)
{
	if (s->opt.trace || s->opt.step_hook)
		sim_trace_snapshot(s);
	p->nr_entries = 0;
	if (unlikely(s->weak_on))
		sim_weak_before_step(s, p);
	s->cur = p;
}

/* Its end: @op on @obj was performed, and what followed up to p->op */
static inline void step_end(struct sim *s, struct sim_path *p, uint8_t op,
			    const void *obj, const char *fn, unsigned long val)
{
	s->cur = NULL;
	set_step_path(s, p);
	s->steps++;
	hint_op(s, op, obj);
	if (unlikely(s->nr_shadows))
		sim_weak_after_step(s);
	if (p->co.dead)
		path_finish(s, p);
	if (unlikely(sim_feature_hook))
		sim_features_after_step(s, p);
	if (s->opt.trace || s->opt.step_hook)
		sim_trace_step(s, p, op, obj, fn, val);
	if (!s->stop)
		sim_check_step(s);
}

void sim_path_step(struct sim *s, struct sim_path *p)
{
	uint8_t op = p->op;
	const void *obj = p->obj;
	const char *fn = p->fn;
	unsigned long val = p->val;

	step_begin(s, p);
	sim_coro_switch(&s->main, &p->co);
	step_end(s, p, op, obj, fn, val);
}

/*
 * Steps of @p as @run says, from @steps done: the first here, the next
 * ones chained on the path's own stack (sim_path_chain()). The steps done
 * in all.
 */
unsigned int sim_path_step_chained(struct sim *s, struct sim_path *p,
				   const struct sched_run *run, unsigned int steps)
{
	struct sim_chain chain = { .run = run, .steps = steps };

	if (s->no_chain) {
		sim_path_step(s, p);
		return steps + 1;
	}
	step_begin(s, p);
	s->chain = &chain;
	sim_coro_switch(&s->main, &p->co);
	s->chain = NULL;
	if (chain.posted)
		return chain.steps;
	/* it ended: its last step is the one it started */
	step_end(s, p, p->op, p->obj, p->fn, p->val);
	return chain.steps + 1;
}

/*
 * In the path, at its next primitive @op, in a chained run: end the step
 * (what the simulator would do after switching back) and, if the run
 * goes on, start the next one. False: switch back to the simulator.
 */
bool sim_path_chain(struct sim *s, struct sim_path *p, uint8_t op,
		    const void *obj, const char *fn, unsigned long val)
{
	struct sim_chain *chain = s->chain;
	uint8_t done_op = p->op;
	const void *done_obj = p->obj;
	const char *done_fn = p->fn;
	unsigned long done_val = p->val;

	p->op = op;
	p->obj = obj;
	p->fn = fn;
	p->val = val;
	step_end(s, p, done_op, done_obj, done_fn, done_val);
	chain->steps++;
	if (!sim_run_goes_on(s, p, chain->run, chain->steps)) {
		chain->posted = true;
		return false;
	}
	step_begin(s, p);
	return true;
}

static bool path_spins_in_vain(const struct sim *s, const struct sim_path *p)
{
	return p->op == OP_RELAX && p->relax_mark == s->progress;
}

/* A vfork parent waiting for its child: user space's business, not ours */
bool sim_path_waits_for_user(const struct sim *s, const struct sim_path *p)
{
	(void)s;
	return p->op == OP_WAIT && !((const struct completion *)p->obj)->done;
}

bool sim_path_runnable(struct sim *s, const struct sim_path *p)
{
	switch (p->op) {
	case OP_SPIN_LOCK:
		return ((const raw_spinlock_t *)p->obj)->owner == 0;
	case OP_MUTEX_LOCK:
		return ((const struct mutex *)p->obj)->owner == 0;
	case OP_WAIT:
		return ((const struct completion *)p->obj)->done;
	case OP_RELAX:
		return !path_spins_in_vain(s, p);
	default:
		return true;
	}
}

/*
 * Can the CPU switch away from this path? Not while it holds a raw
 * spinlock or has preemption or interrupts disabled. A mutex holder or
 * waiter is preemptible (a waiter sleeps).
 */
bool sim_path_preemptible(const struct sim_path *p)
{
	return !p->spin_held && !p->preempt && !p->irq_off;
}

struct sim_path *sim_cpu_active_path(struct sim *s, unsigned int cpu)
{
	struct task_struct *curr;

	if (s->cpu_path[cpu])
		return s->cpu_path[cpu];
	curr = cpu_rq(cpu)->curr;
	return sim_task_path_of(s, curr);
}

void sim_paths_reset(struct sim *s)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_PATHS; i++)
		s->path[i].in_use = false;
	s->view.nr_in_flight = 0;
	memset(s->cpu_path, 0, sizeof(s->cpu_path));
	memset(s->task_path, 0, sizeof(s->task_path));
	s->view.cpu_paths = s->view.task_paths = 0;
	s->view.nr_waiting = 0;
	memset(s->kworker_path, 0, sizeof(s->kworker_path));
}

void sim_paths_release_all(struct sim *s)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_PATHS; i++) {
		sim_coro_destroy(&s->path[i].co);
		free(s->stack[i]);
		s->stack[i] = NULL;
	}
}

/*
 * Feedback after a step: the function the stepping path stopped in,
 * paired with the one each other CPU's kernel path is in ("cpu a in
 * schedin while cpu b is in the fixup walk").
 */
void sim_features_after_step(struct sim *s, const struct sim_path *p)
{
	unsigned int i, seen = 0;

	if (!p->fn)
		return;
	/*
	 * Over the paths in flight (a few, at the low end of the table), not
	 * over the CPUs (up to 64): each CPU's active path is one of them
	 */
	for (i = 0; i < SIM_MAX_PATHS && seen < s->view.nr_in_flight; i++) {
		struct sim_path *q = &s->path[i];
		unsigned int cpu;

		if (!q->in_use)
			continue;
		seen++;
		cpu = q->kind == PATH_CPU ? (unsigned int)q->cpu : q->task->cpu;
		if (q != p && q->fn && cpu < s->nr_cpus &&
		    sim_cpu_active_path(s, cpu) == q)
			sim_feature_hook(sim_feature_of(p->fn,
					 sim_feature_of(q->fn, 0)));
	}
}
