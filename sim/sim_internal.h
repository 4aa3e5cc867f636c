/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulator's own state, shared by the files of sim/ only.
 *
 * A kernel path (a context switch, a wakeup, a migration: the CPU's own;
 * a fork, exit, exec, affinity change, the deferred work: a task's) runs
 * as a coroutine. It stops before every primitive with the primitive
 * recorded as pending (op, obj); the simulator resumes it when the
 * schedule says so and the primitive can go (a lock is free, a completion
 * is done), which performs the access and runs on to the next primitive.
 * Within an event's run the path decides that itself (struct sim_chain).
 *
 * A CPU runs its CPU path if it has one, else the kernel path of its
 * current task, if any. A task path moves with its task: preempted with
 * it, migrated with it, resumed where the task runs next.
 *
 * Names: every function and variable that sim/ exports begins with sim_,
 * those shared by its files here as much as the API in sim.h, since they
 * all share one link namespace with the model's kernel names. The one
 * exception is the back end of impl/, which keeps the names impl/ calls
 * it by: the primitives of impl/include/prims.h (__prim_load() ...,
 * prims.c), the allocation hooks of impl/include/kernel.h
 * (alloc_task_struct(), free_task_struct(), alloc_mm(), alloc_signal():
 * world.c) and the compilers' store instrumentation
 * (__asan_store*_noabort(): hints.c). They are impl/'s interface to its
 * world, which the threads back end (threads/) implements too, not the
 * simulator's API.
 */
#ifndef CIDFUZZ_SIM_INTERNAL_H
#define CIDFUZZ_SIM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "checker.h"
#include "coro.h"
#include "kernel.h"
#include "mm_layout.h"
#include "sim.h"
#include "view_machine.h"

#define SIM_MAX_MMS		VIEW_MAX_MMS
#define SIM_MAX_SIGNALS		128
#define SIM_MAX_PATHS		(3 * NR_CPUS + SCHED_MAX_TASKS)
#define SIM_STACK_SIZE		(256 * 1024)
#define SIM_EVENT_STEP_CAP	100000
#define SIM_MAX_ENTRIES		16
#define SIM_RECENT_EVENTS	8

enum path_kind {
	PATH_CPU,		/* runs on a CPU: __schedule, wakeup, migration */
	PATH_TASK,		/* a task's system call or kernel thread work */
};

enum path_job {
	JOB_SCHEDULE,
	JOB_WAKE,
	JOB_MIGRATE,
	JOB_FORK,
	JOB_EXIT,
	JOB_EXEC,
	JOB_AFFINITY,
	JOB_WORK,
	JOB_CALL,		/* a test program (test_progs.c) */
};

/* JOB_EXEC: what the exec does (sim_path.arg_flags) */
enum exec_kind {
	EXEC_LOAD,		/* execve(): a new mm */
	EXEC_REGISTER,		/* a new process: first user of its new mm */
	EXEC_FAIL,		/* the binary cannot be loaded: the same mm */
};

/* The primitive a path will perform when resumed */
enum prim_op {
	OP_START,		/* not started yet */
	OP_LOAD,
	OP_STORE,
	OP_RMW,
	OP_FENCE,
	OP_SPIN_LOCK,
	OP_SPIN_UNLOCK,
	OP_MUTEX_LOCK,
	OP_MUTEX_UNLOCK,
	OP_RELAX,
	OP_WAIT,
	OP_COMPLETE,
};

struct sim_entry {
	const char *fn;
	struct task_struct *task;
};

struct sim_path {
	struct coro co;
	int id;				/* lock owner id: index + 1 */
	bool in_use;
	bool done;
	uint8_t kind;			/* enum path_kind */
	uint8_t job;			/* enum path_job */
	int cpu;			/* PATH_CPU: its CPU */
	struct task_struct *task;	/* PATH_TASK: its task */

	/* job arguments */
	struct task_struct *arg_task;
	unsigned int arg_cpu;
	unsigned long arg_flags;	/* JOB_FORK: clone flags; JOB_EXEC: exec_kind */
	int arg_child;			/* JOB_FORK: slot of the child */
	struct cpumask arg_mask;
	struct mm_struct *arg_mm;	/* JOB_WORK */
	void (*arg_fn)(void *);		/* JOB_CALL */
	void *arg_ptr;

	/* pending primitive */
	uint8_t op;
	const void *obj;
	const char *fn;
	unsigned long val;		/* store value, bit number */

	/* preemption state */
	int spin_held;
	int preempt;
	int irq_off;
	int rcu;			/* rcu_read_lock() nesting */

	/* retry loops */
	unsigned int relax_iters;
	unsigned long relax_mark;

	/* function entries since the last stop */
	unsigned int nr_entries;
	struct sim_entry entries[SIM_MAX_ENTRIES];

	int weak_cpu; /* CPU of its last step + 1, 0: none */

	struct sim_path *followon;	/* CPU path started when this ends */
	const char *what;		/* task paths: "fork", "exit", ... */
};

/* Weak memory (weak.c): a CPU's store buffer, oldest entry first */
#define WEAK_BUF_SIZE 16
#define WEAK_MAX_SHADOWS 64

struct weak_entry {
	void *addr;
	unsigned long val;
	uint8_t size;
	uint32_t epoch; /* smp_wmb()s/releases before it */
};

struct weak_buf {
	unsigned int n;
	uint32_t epoch;
	struct weak_entry e[WEAK_BUF_SIZE];
};

/* An address with buffered stores: what the other CPUs load meanwhile */
struct weak_shadow {
	void *addr;
	uint8_t size;
	unsigned int pending;	 /* its entries in all buffers */
	unsigned long committed; /* visible to CPUs without an entry */
	unsigned long latest;	 /* the last one stored (memory) */
};

struct sim {
	/*
	 * What the checker sees of the machine beside the model's objects
	 * (view/view_machine.h): the live tasks, the mms allocated, where
	 * kernel paths are in flight, the last step's lock owner, the end,
	 * and the write hints (hints.c). The one copy of those facts.
	 */
	struct view view;
	struct coro main;
	struct sim_options opt;
	struct sim_result *res;
	struct strbuf *out;
	const struct schedule *sched;
	unsigned int nr_cpus;

	/* objects */
	struct task_struct task[SCHED_MAX_TASKS];	/* T0..T63 */
	bool task_exists[SCHED_MAX_TASKS];
	struct task_struct idle[NR_CPUS];
	struct task_struct kworker[NR_CPUS];
	struct mm_struct mm[SIM_MAX_MMS];
	struct signal_struct signal[SIM_MAX_SIGNALS];
	unsigned int nr_signals;

	/* paths */
	struct sim_path path[SIM_MAX_PATHS];
	void *stack[SIM_MAX_PATHS];
	struct sim_path *cpu_path[NR_CPUS];
	struct sim_path *task_path[SCHED_MAX_TASKS];
	struct sim_path *kworker_path[NR_CPUS];
	struct sim_path *cur;
	struct sim_path *step_path;	/* the path that ran the last step */
	struct sim_chain *chain;	/* a chained run in progress (paths.c) */
	bool no_chain;			/* every step returns to the simulator */

	/* accounting */
	unsigned long steps;
	unsigned long progress;		/* bumped by every write */
	int event_index;
	bool stop;
	/* the last events run, for reports: index, and skipped or not */
	int recent[SIM_RECENT_EVENTS];
	bool recent_skipped[SIM_RECENT_EVENTS];
	unsigned int nr_recent;
	/* called after every step (sim_check_step()), at every event */
	struct checker checker;

	/* weak memory (weak.c): off unless the schedule says "memory weak" */
	bool weak_on;
	unsigned int weak_cpu;	   /* the CPU of the path stepping now */
	unsigned int weak_pending; /* entries in all buffers */
	unsigned long weak_commits; /* entries that left a buffer so far */
	unsigned int nr_shadows;
	struct weak_shadow shadow[WEAK_MAX_SHADOWS];
	struct weak_buf wbuf[NR_CPUS];

	/* test-only faults (test_fault.c) */
	bool fault_done;		/* applied or armed: once a run */
	unsigned int fault_armed;	/* a prims-level fault waits for its op */
	const void *fault_lock;		/* FAULT_SKIP_LOCK: the lock not taken */
	int fault_lock_path;

	/*
	 * tracing: state before the step, for the diff (a task or mm
	 * created in the step is new: no leftovers of an earlier run)
	 */
	uint64_t snap_tasks;		/* existed, by slot */
	unsigned int snap_nr_mms;
	unsigned int snap_task_cid[SCHED_MAX_TASKS];
	unsigned int snap_mode[SIM_MAX_MMS];
	unsigned long snap_mask[SIM_MAX_MMS];
	unsigned int snap_pcpu[SIM_MAX_MMS][NR_CPUS];
};

extern struct sim *sim_cur;

/*
 * A chained run (sim_run_chain()): the path goes on from one step to the
 * next on its own stack, doing the simulator's end of one step and start
 * of the next itself, as long as the run's RUN part lets it. The same
 * operations in the same order as a switch back to the simulator after
 * every step; two coroutine switches fewer a step.
 */
struct sim_chain {
	const struct sched_run *run;
	unsigned int steps;	/* steps of the run so far */
	bool posted;		/* the last step's end is done (not dead) */
};

/* paths.c */
struct sim_path *sim_path_new(struct sim *s, enum path_kind kind, enum path_job job,
			      int cpu, struct task_struct *task);
void sim_path_step(struct sim *s, struct sim_path *p);
unsigned int sim_path_step_chained(struct sim *s, struct sim_path *p,
				   const struct sched_run *run, unsigned int steps);
bool sim_path_chain(struct sim *s, struct sim_path *p, uint8_t op,
		    const void *obj, const char *fn, unsigned long val);
bool sim_path_runnable(struct sim *s, const struct sim_path *p);
bool sim_path_preemptible(const struct sim_path *p);
bool sim_path_waits_for_user(const struct sim *s, const struct sim_path *p);
struct sim_path *sim_cpu_active_path(struct sim *s, unsigned int cpu);
void sim_paths_reset(struct sim *s);
void sim_paths_release_all(struct sim *s);

/* world.c */
void sim_task_created(struct sim *s, int slot);
int sim_task_slot(const struct sim *s, const struct task_struct *t);
bool sim_task_is_user(const struct sim *s, const struct task_struct *t);
struct sim_path *sim_task_path_of(struct sim *s, const struct task_struct *t);
const char *sim_task_name(const struct sim *s, const struct task_struct *t,
			  char *buf, size_t size);
bool sim_task_in_user_space(struct sim *s, struct task_struct *t);
bool sim_cpu_free(struct sim *s, unsigned int cpu);
bool sim_task_queued_on(const struct task_struct *t, unsigned int cpu);
struct task_struct *sim_pick_next(struct sim *s, unsigned int cpu, bool want_path);
struct sim_path *sim_start_switch(struct sim *s, unsigned int cpu,
				  struct task_struct *next);
void sim_world_reset(struct sim *s, unsigned int nr_cpus);

/* A load or store of @size bytes at @p, as the primitives make them */
static inline unsigned long sim_mem_read(const void *p, unsigned int size)
{
	switch (size) {
	case 1:
		return *(const volatile uint8_t *)p;
	case 2:
		return *(const volatile uint16_t *)p;
	case 4:
		return *(const volatile uint32_t *)p;
	default:
		return *(const volatile uint64_t *)p;
	}
}

static inline void sim_mem_write(void *p, unsigned int size,
				 unsigned long val)
{
	switch (size) {
	case 1:
		*(volatile uint8_t *)p = (uint8_t)val;
		break;
	case 2:
		*(volatile uint16_t *)p = (uint16_t)val;
		break;
	case 4:
		*(volatile uint32_t *)p = (uint32_t)val;
		break;
	default:
		*(volatile uint64_t *)p = val;
		break;
	}
}

/* weak.c */
void sim_weak_reset(struct sim *s, bool on);
unsigned long sim_weak_load(struct sim *s, const void *addr, unsigned long memval, const char *fn);
void sim_weak_store(struct sim *s, void *addr, unsigned int size, unsigned long val, bool release);
void sim_weak_fence(struct sim *s, unsigned int kind);
bool sim_weak_flushable(const struct weak_buf *b, unsigned int i);
void sim_weak_commit(struct sim *s, unsigned int cpu, unsigned int i);
void sim_weak_drain(struct sim *s, unsigned int cpu);
void sim_weak_drain_all(struct sim *s);
void sim_weak_before_step(struct sim *s, struct sim_path *p);
void sim_weak_after_step(struct sim *s);
void *sim_weak_field_addr(struct sim *s, unsigned int field, int obj);
bool sim_weak_addr_field(struct sim *s, const void *addr, unsigned int *field, int *obj);
const char *sim_weak_addr_name(struct sim *s, const void *addr, char *buf, size_t size);
int sim_weak_flush_index(struct sim *s, unsigned int cpu, const void *addr);
bool sim_weak_step_may_commit(struct sim *s, const struct sim_path *p, uint8_t op);
void sim_weak_report(struct sim *s, struct strbuf *sb);

/* A barrier's drain, where the machine is weak: one branch otherwise */
static inline void weak_drain_here(struct sim *s)
{
	if (unlikely(s->weak_on) && s->wbuf[s->weak_cpu].n)
		sim_weak_drain(s, s->weak_cpu);
}

/* events.c */
void sim_run_event(struct sim *s, const struct sched_event *ev);
/*
 * Can @ev start now without being skipped for a reason that another
 * step may remove (a busy CPU, a task still in the kernel)? The kind's
 * readiness predicate (event_kinds.h); one impossible for good is ready.
 */
bool sim_event_ready(struct sim *s, const struct sched_event *ev);

/* run.c */
void sim_drain(struct sim *s);
void sim_settle(struct sim *s);
void sim_run_chain(struct sim *s, struct sim_path *p, const struct sched_run *run);
bool sim_run_goes_on(struct sim *s, struct sim_path *p, const struct sched_run *run,
		     unsigned int steps);

/*
 * feedback (sim.h): feature ids from a function and a small value. The
 * function is its name's address, taken relative to an anchor in the
 * same image: the same id in every process of one binary, whatever ASLR
 * does, so that a fuzzer's seed gives the same campaign again.
 */
extern const char sim_feature_anchor[];

static inline uint32_t sim_feature_of(const char *fn, uint32_t v)
{
	uintptr_t off = (uintptr_t)fn - (uintptr_t)sim_feature_anchor;

	return (uint32_t)((off >> 3) * 0x9e3779b1u) ^ (v * 0x85ebca6bu);
}

void sim_features_after_step(struct sim *s, const struct sim_path *p);

/* test_fault.c */
void sim_fault_after_event(struct sim *s, unsigned int done);
void sim_fault_fired(struct sim *s);
bool sim_fault_clear_bit(struct sim *s, unsigned int *nr);

/* report.c */
void sim_violation(struct sim *s, const char *inv, const char *site,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void sim_unchecked(struct sim *s, const char *inv, const char *why);
void sim_report_held_locks(struct sim *s, const struct sim_path *p,
			   struct strbuf *sb);
void sim_trace_snapshot(struct sim *s);
void sim_trace_step(struct sim *s, struct sim_path *p, uint8_t op,
		    const void *obj, const char *fn, unsigned long val);
void sim_trace_note(struct sim *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *sim_path_who(const struct sim *s, const struct sim_path *p, char *buf,
			 size_t size);

/*
 * hints.c: which objects the model may have written since the checker
 * last looked (struct view_hints, view/view.h). The model's stores reach
 * the simulator through compiler instrumentation of impl/
 * (CIDFUZZ_WRITE_HINTS), its primitives and the simulator's own
 * bookkeeping through hint_*() calls.
 */
void sim_hint_write(struct sim *s, const void *addr);

static inline void hint_all(struct sim *s)
{
	s->view.hints.all = true;
}

static inline void hint_cpu(struct sim *s, int cpu)
{
	if (cpu >= 0 && cpu < 64)
		s->view.hints.cpus |= 1ULL << cpu;
}

static inline void hint_task(struct sim *s, int slot)
{
	if (slot >= 0 && slot < 64)
		s->view.hints.tasks |= 1ULL << slot;
}

/*
 * Before the checker takes the hints: without the instrumentation the
 * model's plain stores are unknown, so every look says "all" (slower,
 * same verdicts)
 */
static inline void hints_complete(struct sim *s)
{
#ifndef CIDFUZZ_WRITE_HINTS
	hint_all(s);
#else
	(void)s;
#endif
}

/*
 * Where kernel paths are in flight: the simulator's own pointers, and
 * the view's bits, which show only whether there is one
 */
static inline void set_cpu_path(struct sim *s, unsigned int cpu,
				struct sim_path *p)
{
	s->cpu_path[cpu] = p;
	if (p)
		s->view.cpu_paths |= 1ULL << cpu;
	else
		s->view.cpu_paths &= ~(1ULL << cpu);
}

static inline void set_task_path(struct sim *s, int slot, struct sim_path *p)
{
	s->task_path[slot] = p;
	if (p)
		s->view.task_paths |= 1ULL << slot;
	else
		s->view.task_paths &= ~(1ULL << slot);
}

/* The path that ran the last step; the view knows it by its lock owner id */
static inline void set_step_path(struct sim *s, struct sim_path *p)
{
	s->step_path = p;
	s->view.step_owner = p ? p->id : 0;
}

/* sim.c: sim_run() in parts, for the explorer (control.c) */
void sim_begin(struct sim *s, const struct schedule *sched,
	       const struct sim_options *opts, struct sim_result *res,
	       struct strbuf *out);
void sim_event(struct sim *s, unsigned int i, const struct sched_event *ev);
int sim_end(struct sim *s);

/* sim.c: the checker after a step */
void sim_check_step(struct sim *s);

/* view_ops.c: the simulator's side of the view */
void sim_view_init(struct sim *s);

#endif
