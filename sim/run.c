// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running paths: an event's RUN part (run_chain), the fair drain phase
 * after the last event, and the liveness verdict when nothing can move.
 *
 * A path "spins in vain" when it is back at cpu_relax() and nothing was
 * written anywhere since its previous iteration: running it again cannot
 * change anything. A run stops there, as it stops at a lock held by
 * another path. In the drain, when no path can run, the CPUs not in the
 * kernel tick: each runs its next queued task, or idle (the task schedules
 * out, which gives transit CIDs back), or, idle, a queued task; once every
 * queue has gone round with no path ending, nothing more can run: a
 * livelock (some path spins) or a deadlock, and the wait-for graph is the
 * report.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"
#include "trace_funcs.h"

/* Is @p the path its CPU runs now? */
static bool path_on_cpu(struct sim *s, struct sim_path *p)
{
	struct task_struct *t = p->task;

	if (p->kind == PATH_CPU)
		return true;
	if (t->cpu >= s->nr_cpus || cpu_rq(t->cpu)->curr != t)
		return false;
	return !s->cpu_path[t->cpu];
}

static bool run_reached(const struct sim_path *p, const struct sched_run *run,
			struct sim *s)
{
	const char *fn = trace_func_name(run->func);
	unsigned int i;

	for (i = 0; i < p->nr_entries; i++) {
		if (strcmp(p->entries[i].fn, fn))
			continue;
		if (run->task == SCHED_TASK_NONE ||
		    p->entries[i].task == &s->task[run->task])
			return true;
	}
	return false;
}

/* May @p take a step of @run, @steps taken? (on its CPU, not blocked) */
static bool run_may_step(struct sim *s, struct sim_path *p,
			 const struct sched_run *run, unsigned int steps)
{
	if (!path_on_cpu(s, p) || !sim_path_runnable(s, p))
		return false;
	if (run->kind == RUN_STEPS && steps >= run->steps)
		return false;
	return steps < SIM_EVENT_STEP_CAP;
}

/*
 * After @steps steps of @p in @run (at least one): may it take another?
 * The path runs this itself in a chained run, so it must read only
 * what the simulator would read between two steps.
 */
bool sim_run_goes_on(struct sim *s, struct sim_path *p, const struct sched_run *run,
		     unsigned int steps)
{
	if (s->stop || p->done)
		return false;
	if (run->kind == RUN_UNTIL && run_reached(p, run, s))
		return false;
	return run_may_step(s, p, run, steps);
}

/*
 * Run @p as @run says. A path that ends hands over to its follow-on (an
 * exit's final schedule, a kworker's work after the switch to it).
 */
void sim_run_chain(struct sim *s, struct sim_path *p, const struct sched_run *run)
{
	unsigned int steps = 0;

	while (p && !s->stop) {
		if (p->done) {
			p = p->followon;
			continue;
		}
		if (!run_may_step(s, p, run, steps))
			break;
		steps = sim_path_step_chained(s, p, run, steps);
		if (run->kind == RUN_UNTIL && !p->done && run_reached(p, run, s))
			break;
	}
}

/* A task with a kernel path in flight that waits for a CPU */
static bool drain_schedule(struct sim *s, unsigned int cpu)
{
	struct sim_path *cur = sim_task_path_of(s, cpu_rq(cpu)->curr);
	struct task_struct *next;

	if (!sim_cpu_free(s, cpu))
		return false;
	/* The current task's path can go on by itself */
	if (cur && sim_path_runnable(s, cur))
		return false;
	next = sim_pick_next(s, cpu, true);
	if (!next)
		return false;
	return sim_start_switch(s, cpu, next) != NULL;
}

/*
 * The tick, when nothing else can move: every CPU not busy in the kernel
 * switches to its next queued task (round robin), or to idle when its
 * task is alone (a lone task schedules out sooner or later too: a timer,
 * a kworker); an idle CPU with tasks queued runs one, as the kernel's
 * idle loop does. Fair scheduling is what the kernel may count on: a
 * spinner that some task's schedule-out or -in can free is no livelock.
 */
static bool drain_tick(struct sim *s)
{
	bool kicked = false;
	unsigned int cpu;

	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		struct rq *rq = cpu_rq(cpu);
		struct task_struct *next;

		if (!sim_cpu_free(s, cpu))
			continue;
		if (rq->curr != rq->idle && sim_task_path_of(s, rq->curr))
			continue;
		next = sim_pick_next(s, cpu, false);
		if (next != rq->curr && sim_start_switch(s, cpu, next))
			kicked = true;
	}
	return kicked;
}

/* The path holding a lock; NULL if none (or not a path: a test fault) */
static struct sim_path *lock_holder(struct sim *s, int owner)
{
	return owner > 0 && owner <= SIM_MAX_PATHS ? &s->path[owner - 1] : NULL;
}

static const char *pending_lock_name(const struct sim_path *p)
{
	if (p->op == OP_SPIN_LOCK)
		return ((const raw_spinlock_t *)p->obj)->name;
	if (p->op == OP_MUTEX_LOCK)
		return ((const struct mutex *)p->obj)->name;
	return NULL;
}

static int pending_lock_owner(const struct sim_path *p)
{
	if (p->op == OP_SPIN_LOCK)
		return ((const raw_spinlock_t *)p->obj)->owner;
	if (p->op == OP_MUTEX_LOCK)
		return ((const struct mutex *)p->obj)->owner;
	return 0;
}

/* One line of the wait-for graph for a path that cannot go on */
static void describe_wait(struct sim *s, struct sim_path *p, struct strbuf *sb)
{
	const char *lock = pending_lock_name(p);
	char who[64], holder[64];

	sim_path_who(s, p, who, sizeof(who));
	if (lock) {
		sb_printf(sb, "%s waits for %s in %s, held by %s", who, lock,
			  p->fn, sim_path_who(s, lock_holder(s, pending_lock_owner(p)),
					      holder, sizeof(holder)));
	} else if (p->op == OP_RELAX) {
		sb_printf(sb, "%s spins in %s (retry loop, nothing changes)",
			  who, p->fn);
	} else if (p->op == OP_WAIT) {
		sb_printf(sb, "%s waits for a completion in %s", who, p->fn);
	} else if (!path_on_cpu(s, p)) {
		sb_printf(sb, "%s is preempted and cannot get a CPU", who);
	} else {
		sb_printf(sb, "%s is stopped in %s", who, p->fn);
	}
}

/*
 * The drain found no way on: the run ends here, with I4's verdict, or
 * (I4 not selected) without one, halted: neither drained nor settled,
 * which the checker's end sees (view_halted())
 */
static void liveness_end(struct sim *s)
{
	s->stop = true;
	s->view.halted = !s->res->violation;
}

/*
 * Nothing can run: report the paths that spin, then the chains of paths
 * waiting for them. The one-line verdict names the spinning CPU and the
 * paths that wait for its locks.
 */
static void stall_verdict(struct sim *s)
{
	struct strbuf line, graph;
	struct sim_path *spinner = NULL;
	unsigned int i;
	char who[64];

	sb_init(&line);
	sb_init(&graph);
	for (i = 0; i < SIM_MAX_PATHS; i++) {
		struct sim_path *p = &s->path[i];

		if (!p->in_use)
			continue;
		if (p->op == OP_RELAX && !spinner)
			spinner = p;
		sb_puts(&graph, "  wait-for: ");
		describe_wait(s, p, &graph);
		sim_report_held_locks(s, p, &graph);
		sb_puts(&graph, "\n");
	}
	if (spinner) {
		sb_printf(&line, "livelock: %s spins in %s", sim_path_who(s, spinner,
			  who, sizeof(who)), spinner->fn);
		sim_report_held_locks(s, spinner, &line);
		for (i = 0; i < SIM_MAX_PATHS; i++) {
			struct sim_path *p = &s->path[i];

			if (!p->in_use || !pending_lock_name(p) ||
			    lock_holder(s, pending_lock_owner(p)) != spinner)
				continue;
			sb_printf(&line, "; %s waits for %s in %s",
				  sim_path_who(s, p, who, sizeof(who)),
				  pending_lock_name(p), p->fn);
		}
	} else {
		sb_puts(&line, "stall: no kernel path can make progress");
	}
	sim_violation(s, "I4", spinner ? spinner->fn : "drain", "%s", line.buf);
	if (s->out)
		sb_printf(s->out, "wait-for graph:\n%s", graph.buf ? graph.buf : "");
	liveness_end(s);
	sb_free(&line);
	sb_free(&graph);
}

/*
 * Paths that wait for user space (a vfork parent waits for its child's
 * exec or exit) are not the kernel's liveness problem: when only those
 * are left, the machine is quiescent.
 */
static bool only_user_waits_left(struct sim *s)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_PATHS; i++) {
		const struct sim_path *p = &s->path[i];

		if (p->in_use && !sim_path_waits_for_user(s, p))
			return false;
	}
	return true;
}

/*
 * Nothing moves: tick, unless the ticks since the paths in flight were
 * last fewer have gone round every queue (each live task had its turn
 * on its CPU, in and out) and nothing ended: then they cannot help.
 */
static bool drain_tick_again(struct sim *s, unsigned int *ticks,
			     unsigned int *floor)
{
	if (s->view.nr_in_flight < *floor) {
		*floor = s->view.nr_in_flight;
		*ticks = 0;
	}
	if (++*ticks > s->view.nr_live + 2)
		return false;
	return drain_tick(s);
}

/*
 * After the last event: round robin over the CPUs, one step each, until
 * every kernel path has ended; a CPU whose current task cannot go on runs
 * a task that has a path in flight.
 */
void sim_drain(struct sim *s)
{
	unsigned long start = s->steps;
	unsigned int cpu, ticks = 0, floor = UINT_MAX;

	if (s->opt.trace)
		sim_trace_note(s, "== drain");
	/* Store buffers drain too: every store becomes visible, fairly */
	if (s->weak_pending)
		sim_weak_drain_all(s);
	while (!s->stop && s->view.nr_in_flight && !only_user_waits_left(s)) {
		bool moved = false;

		if (s->weak_pending)
			sim_weak_drain_all(s);
		for (cpu = 0; cpu < s->nr_cpus && !s->stop; cpu++) {
			struct sim_path *p = sim_cpu_active_path(s, cpu);

			if (p && sim_path_runnable(s, p)) {
				sim_path_step(s, p);
				moved = true;
			} else if (drain_schedule(s, cpu)) {
				moved = true;
			}
		}
		if (s->stop)
			break;
		if (!moved && !drain_tick_again(s, &ticks, &floor)) {
			stall_verdict(s);
			break;
		}
		if (s->steps - start > s->opt.drain_budget) {
			sim_violation(s, "I4", "drain",
				      "no quiescence within %lu drain steps",
				      s->opt.drain_budget);
			liveness_end(s);
			break;
		}
	}
}

static const struct sched_run run_to_end = {
	.kind = RUN_COMPLETE, .task = SCHED_TASK_NONE,
};

/* Run a context switch on @cpu to @next to its end, alone */
static void settle_switch(struct sim *s, unsigned int cpu,
			  struct task_struct *next)
{
	struct sim_path *p = sim_start_switch(s, cpu, next);

	if (p)
		sim_run_chain(s, p, &run_to_end);
	if (!s->stop && s->view.nr_in_flight)
		sim_drain(s);
}

/* A task in user space at or above max_cids (or, @transit, in transit) */
static bool needs_settling(struct sim *s, unsigned int cpu, bool transit)
{
	struct task_struct *t = cpu_rq(cpu)->curr;
	unsigned int w = t->mm_cid.cid;

	if (!sim_task_in_user_space(s, t) || !t->mm || !t->mm->mm_cid.users ||
	    w == MM_CID_UNSET)
		return false;
	return task_cid_value(w) >= t->mm->mm_cid.max_cids ||
	       (transit && cid_in_transit(w));
}

static void settle_round(struct sim *s, bool transit)
{
	unsigned int cpu;

	for (cpu = 0; cpu < s->nr_cpus && !s->stop; cpu++) {
		struct task_struct *t = cpu_rq(cpu)->curr;

		if (!needs_settling(s, cpu, transit))
			continue;
		if (unlikely(s->opt.fault.kind == FAULT_SKIP_SETTLE)) {
			s->res->fault_applied = true;
			s->res->fault_step = s->steps;
			return;
		}
		if (s->opt.trace)
			sim_trace_note(s, "== settle cpu%u", cpu);
		settle_switch(s, cpu, cpu_rq(cpu)->idle);
		if (!s->stop && sim_task_queued_on(t, cpu))
			settle_switch(s, cpu, t);
	}
}

/*
 * After the drain, so that the oracle can hold the model to compactness
 * (I5) at the end: every task in user space that is in transit or at or
 * above its mm's max_cids schedules out and in again, one CPU at a time
 * with nothing else running; then those still at or above max_cids once
 * more, now that no transit CID is left to give back. In the second
 * round nothing but the task's own convergence changes the pool.
 */
void sim_settle(struct sim *s)
{
	settle_round(s, true);
	settle_round(s, false);
}
