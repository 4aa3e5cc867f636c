// SPDX-License-Identifier: GPL-2.0-only
/*
 * Schedule events: each checks that it is possible in the current state
 * (else it is skipped and counted, as the format defines), starts the
 * kernel path it stands for, and runs it as far as its RUN part says.
 *
 * The kinds and their columns are schedule/event_kinds.h; here are the
 * two columns that are the simulator's: each kind's readiness predicate
 * (ready_*(): what the explorer waits for before it starts the event,
 * sim_event_ready()) and its effect (run_*()). The checks an effect makes
 * before it starts its path are built from the same predicates
 * (user_task_ready(), cpu_ready()), in the order that gives its skip
 * message; some conditions skip for good, and those the predicate leaves
 * to the effect.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

static void skip(struct sim *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void skip(struct sim *s, const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	s->res->events_skipped++;
	if (!s->opt.trace)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sim_trace_note(s, "  skipped: %s", buf);
}

/* Set-up linking of a new process: nothing runs concurrently with it */
static void list_add_tail_plain(struct list_head *new, struct list_head *head)
{
	new->next = head;
	new->prev = head->prev;
	head->prev->next = new;
	head->prev = new;
}

static const struct sched_run run_complete = {
	.kind = RUN_COMPLETE, .task = SCHED_TASK_NONE,
};

/* Tell the checker what was accepted (the oracle's spec follows the events) */
static void announce(struct sim *s, struct check_event ev)
{
	s->checker.event(s->checker.ctx, &s->view, &ev);
}

/*
 * Is T<slot> still in use by a path in flight: a fork that will create
 * it, or a path that refers to the task (a migration or wakeup holding
 * its pi_lock; the kernel's task_struct lives as long as such a
 * reference)?
 */
static bool slot_claimed(struct sim *s, int slot)
{
	const struct task_struct *t = &s->task[slot];
	unsigned int i, seen = 0;

	for (i = 0; i < SIM_MAX_PATHS && seen < s->view.nr_in_flight; i++) {
		const struct sim_path *p = &s->path[i];

		if (!p->in_use)
			continue;
		seen++;
		if ((p->job == JOB_FORK && p->arg_child == slot) ||
		    p->arg_task == t || p->task == t)
			return true;
	}
	return false;
}

/*
 * Every path in flight may still allocate an mm and a signal struct; a
 * new one is accepted only if all of them can, so that an accepted event
 * never fails half-way.
 */
static bool room_for_new(struct sim *s)
{
	return s->view.nr_mms + s->view.nr_in_flight < SIM_MAX_MMS &&
	       s->nr_signals + s->view.nr_in_flight < SIM_MAX_SIGNALS;
}

/* Is a path inside rcu_read_lock() (a thread-list walk)? */
static bool rcu_reader(struct sim *s)
{
	unsigned int i, seen = 0;

	for (i = 0; i < SIM_MAX_PATHS && seen < s->view.nr_in_flight; i++) {
		if (!s->path[i].in_use)
			continue;
		seen++;
		if (s->path[i].rcu)
			return true;
	}
	return false;
}

/*
 * A name may be (re)used for a new task when it is unused or long dead:
 * its final context switch is over (finish_task() cleared on_cpu; the
 * switch already made another task rq->curr before mm_cid_switch_to()
 * looks at it), it is released from both lists (a zombie group leader
 * stays linked while its threads live; the last thread unlinks it from
 * the thread list, then from the task list, under tasklist_lock) and no
 * walker under RCU can still stand on it (the grace period before
 * delayed_put_task_struct()).
 */
static bool slot_free(struct sim *s, int slot)
{
	struct task_struct *t = &s->task[slot];

	if (slot_claimed(s, slot))
		return false;
	if (!s->task_exists[slot])
		return true;
	return t->__state == TASK_DEAD && !s->task_path[slot] &&
	       cpu_rq(t->cpu)->curr != t && !t->on_cpu &&
	       list_unhashed_rcu(&t->thread_node) &&
	       list_unhashed_rcu(&t->tasks) && !rcu_reader(s);
}

static bool task_ok(struct sim *s, int slot)
{
	return slot >= 0 && slot < SCHED_MAX_TASKS && s->task_exists[slot];
}

/* T<slot> exists and runs in user space: it can enter the kernel */
static bool user_task_ready(struct sim *s, int slot)
{
	return task_ok(s, slot) && sim_task_in_user_space(s, &s->task[slot]);
}

/* T<slot> waits on its CPU's runqueue: queued and runnable, not running */
static bool task_queued_not_running(struct sim *s, int slot)
{
	struct task_struct *t;

	if (!task_ok(s, slot))
		return false;
	t = &s->task[slot];
	return sim_task_queued_on(t, t->cpu) && cpu_rq(t->cpu)->curr != t;
}

/* cpu<cpu> exists and runs no non-preemptible kernel path */
static bool cpu_ready(struct sim *s, int cpu)
{
	return cpu >= 0 && (unsigned int)cpu < s->nr_cpus && sim_cpu_free(s, cpu);
}

static bool need_user(struct sim *s, int slot, const char *what)
{
	if (user_task_ready(s, slot))
		return true;
	if (!task_ok(s, slot))
		skip(s, "%s: T%d does not exist", what, slot);
	else
		skip(s, "%s: T%d is not running in user space", what, slot);
	return false;
}

static bool need_cpu_free(struct sim *s, unsigned int cpu, const char *what)
{
	if (cpu_ready(s, (int)cpu))
		return true;
	if (cpu >= s->nr_cpus)
		skip(s, "%s: no cpu%u", what, cpu);
	else
		skip(s, "%s: cpu%u is busy in a non-preemptible kernel path",
		     what, cpu);
	return false;
}

static struct sim_path *start_task_path(struct sim *s, struct task_struct *t,
					enum path_job job, const char *what)
{
	struct sim_path *p = sim_path_new(s, PATH_TASK, job, -1, t);
	if (!p)
		return NULL;
	p->what = what;
	set_task_path(s, sim_task_slot(s, t), p);
	hint_task(s, sim_task_slot(s, t));	/* no longer in user space */
	return p;
}

static void do_schedule(struct sim *s, unsigned int cpu,
			struct task_struct *next, const struct sched_run *run)
{
	struct sim_path *p;

	if (next == cpu_rq(cpu)->curr) {
		skip(s, "schedule: cpu%u already runs it", cpu);
		return;
	}
	p = sim_start_switch(s, cpu, next);
	if (p)
		sim_run_chain(s, p, run);
}

static void ev_schedule(struct sim *s, unsigned int cpu, int next,
			const struct sched_run *run)
{
	struct task_struct *t;

	if (!need_cpu_free(s, cpu, "schedule"))
		return;
	if (next == SCHED_TASK_IDLE) {
		t = cpu_rq(cpu)->idle;
	} else if (next == SCHED_TASK_NONE) {
		t = sim_pick_next(s, cpu, false);
	} else {
		t = &s->task[next];
		if (!task_ok(s, next) || !sim_task_queued_on(t, cpu)) {
			skip(s, "schedule: T%d is not runnable on cpu%u", next, cpu);
			return;
		}
	}
	do_schedule(s, cpu, t, run);
}

/* A new process: own thread group and mm, registered as its first user */
static void ev_process(struct sim *s, int slot, unsigned int cpu)
{
	struct task_struct *t = &s->task[slot];
	struct signal_struct *sig;
	struct sim_path *p;

	if (!slot_free(s, slot)) {
		skip(s, "process: T%d exists", slot);
		return;
	}
	if (!need_cpu_free(s, cpu, "process"))
		return;
	if (!room_for_new(s)) {
		skip(s, "process: out of mm or signal slots");
		return;
	}
	/* The lists are linked by hand below: the fork would wait for it */
	if (tasklist_lock.owner) {
		skip(s, "process: tasklist_lock is held");
		return;
	}
	sim_task_created(s, slot); /* before the slot is written */
	init_task_struct(t);
	snprintf(t->pi_lock.name, sizeof(t->pi_lock.name), "T%d.pi_lock", slot);
	t->cpus_mask.bits[0] = s->nr_cpus == 64 ? ~0UL : (1UL << s->nr_cpus) - 1;
	t->nr_cpus_allowed = s->nr_cpus;
	sig = alloc_signal();
	INIT_LIST_HEAD(&sig->thread_head);
	sig->nr_threads = 1;
	t->signal = sig;
	list_add_tail_plain(&t->thread_node, &sig->thread_head);
	list_add_tail_plain(&t->tasks, &init_task_list);
	t->mm = alloc_mm();
	mm_init(t->mm, t);
	t->cpu = cpu;
	t->on_rq = TASK_ON_RQ_QUEUED;
	t->__state = TASK_RUNNING;
	hint_all(s);		/* a new task and mm, set up by hand */

	/*
	 * It registers as a CID user in its own context (the exec that made
	 * it): now, or, if the switch to it cannot finish yet, when it runs.
	 */
	p = start_task_path(s, t, JOB_EXEC, "register");
	if (!p)
		return;
	announce(s, (struct check_event){
		.kind = CEV_PROCESS, .task = (uint8_t)slot, .mm = -1 });
	p->arg_flags = EXEC_REGISTER;
	do_schedule(s, cpu, t, &run_complete);
	if (!s->stop)
		sim_run_chain(s, p, &run_complete);
}

static unsigned long clone_flags_of(unsigned int kind)
{
	switch (kind) {
	case FORK_THREAD:
		return CLONE_VM | CLONE_THREAD;
	case FORK_VFORK:
		return CLONE_VM | CLONE_VFORK;
	case FORK_CLONE_VM:
		return CLONE_VM;
	default:
		return 0;
	}
}

/*
 * A fork; @fails: copy_process() fails after copy_mm(), the child is never
 * linked nor woken (free_task_struct() leaves it TASK_DEAD: a dead task
 * whose name can be used again)
 */
static void ev_fork(struct sim *s, int parent, int child, unsigned int kind,
		    bool fails, const struct sched_run *run)
{
	struct sim_path *p;

	if (!need_user(s, parent, "fork"))
		return;
	if (child < 0 || !slot_free(s, child)) {
		skip(s, "fork: T%d exists", child);
		return;
	}
	if (!room_for_new(s)) {
		skip(s, "fork: out of mm or signal slots");
		return;
	}
	p = start_task_path(s, &s->task[parent], JOB_FORK, "fork");
	if (!p)
		return;
	announce(s, (struct check_event){
		.kind = CEV_FORK, .task = (uint8_t)parent,
		.child = (uint8_t)child, .share_mm = kind != FORK_PROCESS,
		.fails = fails, .mm = -1 });
	p->arg_child = child;
	p->arg_flags = clone_flags_of(kind) | (fails ? CLONE_MODEL_FAILS : 0);
	sim_run_chain(s, p, run);
}

/*
 * An exec of a task with other threads would first kill them
 * (de_thread()), which the simulator does not do: it is skipped. One
 * that fails does not get that far (de_thread() is past the point of no
 * return): any task can, and it allocates no mm (exec_mmap()).
 */
static bool exec_possible(struct sim *s, int slot, bool fails)
{
	if (fails)
		return true;
	if (s->task[slot].signal->nr_threads != 1) {
		skip(s, "exec: T%d has other threads", slot);
		return false;
	}
	if (!room_for_new(s)) {
		skip(s, "exec: out of mm slots");
		return false;
	}
	return true;
}

/* exit, or exec (@fails: the binary cannot be loaded) */
static void ev_task_job(struct sim *s, int slot, enum path_job job,
			bool fails, const struct sched_run *run)
{
	bool exec = job == JOB_EXEC;
	const char *what = exec ? "exec" : "exit";
	struct sim_path *p;

	if (!need_user(s, slot, what))
		return;
	if (exec && !exec_possible(s, slot, fails))
		return;
	p = start_task_path(s, &s->task[slot], job, what);
	if (!p)
		return;
	announce(s, (struct check_event){
		.kind = exec ? CEV_EXEC : CEV_EXIT, .task = (uint8_t)slot,
		.fails = fails, .mm = -1 });
	if (exec)
		p->arg_flags = fails ? EXEC_FAIL : EXEC_LOAD;
	sim_run_chain(s, p, run);
}

static void ev_block(struct sim *s, int slot, const struct sched_run *run)
{
	struct task_struct *t;

	if (!need_user(s, slot, "block"))
		return;
	t = &s->task[slot];
	t->__state = TASK_INTERRUPTIBLE;	/* set_current_state() */
	hint_task(s, slot);
	s->progress++;
	do_schedule(s, t->cpu, sim_pick_next(s, t->cpu, false), run);
}

static void ev_wake(struct sim *s, int slot, int cpu, const struct sched_run *run)
{
	struct task_struct *t = &s->task[slot];
	unsigned int target;
	struct sim_path *p;

	if (!s->task_exists[slot] || t->__state != TASK_INTERRUPTIBLE ||
	    t->on_rq) {
		skip(s, "wake: T%d is not asleep", slot);
		return;
	}
	target = cpu >= 0 ? (unsigned int)cpu : t->cpu;
	if (!cpumask_test_cpu(target, &t->cpus_mask)) {
		skip(s, "wake: cpu%u not in T%d's affinity", target, slot);
		return;
	}
	if (!need_cpu_free(s, target, "wake"))
		return;
	p = sim_path_new(s, PATH_CPU, JOB_WAKE, (int)target, NULL);
	if (!p)
		return;
	p->arg_task = t;
	p->arg_cpu = target;
	set_cpu_path(s, target, p);
	hint_cpu(s, (int)target);
	sim_run_chain(s, p, run);
}

static void ev_migrate(struct sim *s, int slot, unsigned int cpu,
		       const struct sched_run *run)
{
	struct task_struct *t = &s->task[slot];
	struct sim_path *p;

	if (!task_queued_not_running(s, slot)) {
		skip(s, "migrate: T%d is not a queued, not running task", slot);
		return;
	}
	if (cpu == t->cpu || !cpumask_test_cpu(cpu, &t->cpus_mask)) {
		skip(s, "migrate: T%d cannot move to cpu%u", slot, cpu);
		return;
	}
	if (!need_cpu_free(s, cpu, "migrate"))
		return;
	p = sim_path_new(s, PATH_CPU, JOB_MIGRATE, (int)cpu, NULL);
	if (!p)
		return;
	p->arg_task = t;
	p->arg_cpu = cpu;
	set_cpu_path(s, cpu, p);
	hint_cpu(s, (int)cpu);
	sim_run_chain(s, p, run);
}

static void ev_affinity(struct sim *s, int slot, uint64_t mask,
			const struct sched_run *run)
{
	struct sim_path *p;

	if (!need_user(s, slot, "affinity"))
		return;
	/* set_cpus_allowed_ptr() keeps only CPUs that exist */
	if (s->nr_cpus < 64)
		mask &= (1ULL << s->nr_cpus) - 1;
	if (!(mask >> s->task[slot].cpu & 1)) {
		skip(s, "affinity: the mask excludes T%d's cpu%u", slot,
		     s->task[slot].cpu);
		return;
	}
	p = start_task_path(s, &s->task[slot], JOB_AFFINITY, "affinity");
	if (!p)
		return;
	announce(s, (struct check_event){
		.kind = CEV_AFFINITY, .task = (uint8_t)slot, .mask = mask,
		.mm = -1 });
	p->arg_task = &s->task[slot];
	p->arg_mask.bits[0] = mask;
	sim_run_chain(s, p, run);
}

static void ev_work(struct sim *s, unsigned int cpu, const struct sched_run *run)
{
	struct task_struct *kw = &s->kworker[cpu];
	struct mm_struct *mm = NULL;
	struct sim_path *sw, *p;
	unsigned int i;

	for (i = 0; i < s->view.nr_mms && !mm; i++)
		if (s->mm[i].mm_cid.irq_work.pending || s->mm[i].mm_cid.work.pending)
			mm = &s->mm[i];
	if (!mm) {
		skip(s, "work: no mm_cid work pending");
		return;
	}
	if (s->kworker_path[cpu]) {
		skip(s, "work: kworker/%u is busy", cpu);
		return;
	}
	if (!need_cpu_free(s, cpu, "work"))
		return;
	p = sim_path_new(s, PATH_TASK, JOB_WORK, -1, kw);
	if (!p)
		return;
	p->arg_mm = mm;
	p->what = "work";
	announce(s, (struct check_event){ .kind = CEV_WORK, .mm = mm->id });
	s->kworker_path[cpu] = p;
	kw->__state = TASK_RUNNING;
	kw->on_rq = TASK_ON_RQ_QUEUED;
	sw = sim_start_switch(s, cpu, kw);
	if (!sw)
		return;
	sw->followon = p;
	sim_run_chain(s, sw, run);
}

static void ev_step(struct sim *s, unsigned int cpu, const struct sched_run *run)
{
	struct sim_path *p = cpu < s->nr_cpus ? sim_cpu_active_path(s, cpu) : NULL;

	if (!p) {
		skip(s, "step: cpu%u runs no kernel path", cpu);
		return;
	}
	sim_run_chain(s, p, run);
}

/*
 * Weak memory: the whole buffer of @cpu, or the oldest buffered store to
 * one field, becomes visible to every CPU. A store that a barrier orders
 * behind others cannot go first: that flush is skipped.
 */
static void ev_flush(struct sim *s, unsigned int cpu, unsigned int field, int obj)
{
	const struct weak_buf *b = &s->wbuf[cpu];
	char name[48];
	void *addr;
	unsigned int i;

	if (!s->weak_on) {
		skip(s, "flush: memory is not weak");
		return;
	}
	if (cpu >= s->nr_cpus || !b->n) {
		skip(s, "flush: cpu%u has no buffered store", cpu);
		return;
	}
	if (field == FIELD_ALL) {
		if (s->opt.trace)
			sim_trace_note(s, "  cpu%u: %u buffered stores visible", cpu, b->n);
		sim_weak_drain(s, cpu);
		return;
	}
	addr = sim_weak_field_addr(s, field, obj);
	for (i = 0; addr && i < b->n; i++)
		if (b->e[i].addr == addr)
			break;
	if (!addr || i == b->n) {
		skip(s, "flush: cpu%u has no buffered store to that field", cpu);
		return;
	}
	if (!sim_weak_flushable(b, i)) {
		skip(s, "flush: a barrier orders that store behind others");
		return;
	}
	if (s->opt.trace)
		sim_trace_note(s, "  cpu%u: %s = %#lx visible", cpu,
			       sim_weak_addr_name(s, addr, name, sizeof(name)), b->e[i].val);
	sim_weak_commit(s, cpu, i);
}

static void ev_threads(struct sim *s, const struct sched_event *ev)
{
	const struct sched_run *run = &run_complete;
	int t0 = ev->tasks[0];
	unsigned int i;

	ev_process(s, t0, 0);
	for (i = 1; i < ev->nr_tasks && !s->stop; i++) {
		unsigned int cpu = i % s->nr_cpus;
		int t = ev->tasks[i];

		ev_fork(s, t0, t, FORK_THREAD, false, run);
		if (s->stop || !s->task_exists[t])
			continue;
		if (cpu != s->task[t].cpu)
			ev_migrate(s, t, cpu, run);
		if (!s->stop && cpu_rq(cpu)->curr == cpu_rq(cpu)->idle)
			ev_schedule(s, cpu, t, run);
	}
}

/* ------------------------------------------------------------------ */
/* The kinds' effects (event_kinds.h, column effect)                  */
/* ------------------------------------------------------------------ */

/* The CPU an event names; cpu0 for one that names none */
static unsigned int event_cpu(const struct sched_event *ev)
{
	return ev->cpu >= 0 ? (unsigned int)ev->cpu : 0;
}

static void run_process(struct sim *s, const struct sched_event *ev)
{
	ev_process(s, ev->task, event_cpu(ev));
}

static void run_threads(struct sim *s, const struct sched_event *ev)
{
	ev_threads(s, ev);
}

static void run_fork(struct sim *s, const struct sched_event *ev)
{
	ev_fork(s, ev->task, ev->task2, ev->fork_kind, ev->fails, &ev->run);
}

static void run_exit(struct sim *s, const struct sched_event *ev)
{
	ev_task_job(s, ev->task, JOB_EXIT, false, &ev->run);
}

static void run_exec(struct sim *s, const struct sched_event *ev)
{
	ev_task_job(s, ev->task, JOB_EXEC, ev->fails, &ev->run);
}

static void run_block(struct sim *s, const struct sched_event *ev)
{
	ev_block(s, ev->task, &ev->run);
}

static void run_wake(struct sim *s, const struct sched_event *ev)
{
	ev_wake(s, ev->task, ev->cpu, &ev->run);
}

static void run_schedule(struct sim *s, const struct sched_event *ev)
{
	ev_schedule(s, event_cpu(ev), ev->task2, &ev->run);
}

static void run_migrate(struct sim *s, const struct sched_event *ev)
{
	ev_migrate(s, ev->task, event_cpu(ev), &ev->run);
}

static void run_affinity(struct sim *s, const struct sched_event *ev)
{
	ev_affinity(s, ev->task, ev->mask, &ev->run);
}

static void run_work(struct sim *s, const struct sched_event *ev)
{
	ev_work(s, event_cpu(ev), &ev->run);
}

static void run_step(struct sim *s, const struct sched_event *ev)
{
	ev_step(s, event_cpu(ev), &ev->run);
}

static void run_preempt(struct sim *s, const struct sched_event *ev)
{
	ev_schedule(s, event_cpu(ev), SCHED_TASK_NONE, &ev->run);
}

static void run_idle(struct sim *s, const struct sched_event *ev)
{
	ev_schedule(s, event_cpu(ev), SCHED_TASK_IDLE, &ev->run);
}

static void run_flush(struct sim *s, const struct sched_event *ev)
{
	ev_flush(s, event_cpu(ev), ev->field, ev->obj);
}

/* ------------------------------------------------------------------ */
/* The kinds' readiness (event_kinds.h, column ready)                 */
/* ------------------------------------------------------------------ */

/*
 * Nothing to wait for: an impossible one is skipped for good (set-up,
 * a step of a CPU with no path, a flush with nothing buffered)
 */
static bool ready_always(struct sim *s, const struct sched_event *ev)
{
	(void)s;
	(void)ev;
	return true;
}

/* The task is in user space: fork, exit, exec, block, affinity */
static bool ready_user_task(struct sim *s, const struct sched_event *ev)
{
	return user_task_ready(s, ev->task);
}

/* The CPU it wakes the task on is free (its own when it names none) */
static bool ready_wake_cpu(struct sim *s, const struct sched_event *ev)
{
	return cpu_ready(s, ev->cpu >= 0	  ? ev->cpu
			    : task_ok(s, ev->task) ? (int)s->task[ev->task].cpu
						   : -1);
}

/* The CPU is free, and a named next task that exists is queued on it */
static bool ready_next_on_cpu(struct sim *s, const struct sched_event *ev)
{
	if (ev->task2 >= 0 && task_ok(s, ev->task2) &&
	    !sim_task_queued_on(&s->task[ev->task2], (unsigned int)ev->cpu))
		return false;
	return cpu_ready(s, ev->cpu);
}

/* The task is queued, not running and out of the kernel; the CPU free */
static bool ready_queued_task(struct sim *s, const struct sched_event *ev)
{
	return task_queued_not_running(s, ev->task) && !s->task_path[ev->task] &&
	       cpu_ready(s, ev->cpu);
}

/* The CPU is free: work, preempt, idle */
static bool ready_cpu(struct sim *s, const struct sched_event *ev)
{
	return cpu_ready(s, ev->cpu);
}

struct event_ops {
	bool (*ready)(struct sim *s, const struct sched_event *ev);
	void (*run)(struct sim *s, const struct sched_event *ev);
};

static const struct event_ops event_ops[NR_SCHED_EVENT_KINDS] = {
#define X(KIND, keyword, opds, kflags, pred, effect, gen, mut) \
	[EV_##KIND] = { .ready = ready_##pred, .run = run_##effect },
	SCHED_EVENT_KINDS(X)
#undef X
};

bool sim_event_ready(struct sim *s, const struct sched_event *ev)
{
	return event_ops[ev->kind].ready(s, ev);
}

void sim_run_event(struct sim *s, const struct sched_event *ev)
{
	s->res->events_run++;
	hint_all(s);		/* the event's own set-up writes what it likes */
	event_ops[ev->kind].run(s, ev);
}
