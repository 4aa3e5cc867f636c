/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Step-by-step control of a run, for the explorer (explore/): where
 * sim_run() follows a schedule, here the caller picks every step.
 *
 * A run is: the scenario's set-up events (the prefix), run as sim_run()
 * runs them; then, one choice at a time, either a step of one CPU's
 * active kernel path (one primitive, as "step cpuN steps 1") or the start
 * of the next scenario event in file order (as the event with
 * "steps 0": its path is created, not run); then sim_ctl_finish(): the
 * events not started yet (with "steps 0"), the drain, the settle rounds
 * and the final checks, as at the end of sim_run(). Every such run is
 * therefore a schedule that `cidfuzz replay` reproduces step for step.
 *
 * Choices are numbered by "thread": 0..nr_cpus-1 step that CPU,
 * nr_cpus starts the next event. A thread has at most one choice at a
 * time, and what it will touch is known before it is taken (the path
 * stops before each primitive): that is what a partial-order reduction
 * needs to decide which choices commute.
 *
 * Weak memory ("memory weak") adds flush threads after the starter, one
 * per (CPU, buffered address) pair, numbered in the order the pairs
 * first become flushable and kept across the runs made with one struct
 * sim_ctl (start it zeroed): a flush thread's choice is "flush cpuN
 * FIELD", the oldest store of that CPU to that address leaving the
 * buffer, enabled while that store may leave (sim_weak_pending()). It
 * is an ACC_WRITE of the address that makes progress. Only addresses
 * a flush event can name get a thread (the fields of enum sched_field:
 * every WRITE_ONCE() of the model but the RCU list pointers); a store
 * to another address leaves its buffer only at the barriers and drains
 * of the model itself. In weak mode a step that may drain a buffer
 * (sim_weak_step_may_commit()) is ACC_GLOBAL.
 */
#ifndef CIDFUZZ_CONTROL_H
#define CIDFUZZ_CONTROL_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

/* Thread numbers fit a 64-bit mask: CPUs, the starter, flush threads */
#define SIM_CTL_MAX_THREADS 64

enum sim_choice_kind {
	CHOICE_STEP,  /* one primitive of a CPU's active path */
	CHOICE_START, /* start the next scenario event */
	CHOICE_FLUSH, /* weak memory: a buffered store leaves its buffer */
};

/*
 * What a choice touches, for the dependency relation: two choices of
 * different threads commute unless one is GLOBAL, or both touch the same
 * object and one of them is a WRITE (READ-READ commutes), or both SYNC on
 * the same object, or one SPINs and the other makes progress, or one is
 * a FLUSH and the other a choice of the same CPU (@cpu) that does more
 * than load another object.
 */
enum sim_access {
	ACC_LOCAL,  /* nothing shared (a fence with an empty store buffer) */
	ACC_READ,   /* reads obj */
	ACC_WRITE,  /* writes obj (store, read-modify-write) */
	ACC_SYNC,   /* lock, unlock, wait, complete on obj */
	ACC_SPIN,   /* cpu_relax(): goes on once anything is written */
	ACC_GLOBAL, /* starts or ends a path, starts an event */
};

struct sim_choice {
	uint8_t kind;	/* enum sim_choice_kind */
	uint8_t access; /* enum sim_access */
	bool enabled;	/* can be taken now */
	bool progress;	/* writes something (wakes a spinner) */
	int path;	/* CHOICE_STEP: the path's id, else 0 */
	int event;	/* CHOICE_START: the event's index, else -1 */
	int cpu;	/* CHOICE_STEP: that CPU; CHOICE_FLUSH: the buffer's */
	const void *obj;
	const char *fn; /* where the path stopped */
};

/* A flush thread: the buffer of @cpu, the store to @field of @obj */
struct sim_ctl_flush {
	const void *addr;
	uint8_t cpu;
	uint8_t field; /* enum sched_field */
	int8_t obj;    /* mm index or task slot */
};

struct sim_ctl {
	struct sim *s;
	const struct schedule *sched;
	unsigned int next_event; /* first event not started yet */
	unsigned int nr_threads; /* nr_cpus + 1 + nr_flush */
	struct sim_result *res;
	/* weak memory: the flush threads met so far (kept across runs) */
	unsigned int nr_flush;
	struct sim_ctl_flush flush[SIM_CTL_MAX_THREADS];
	/*
	 * Flushable stores that got no thread: the (CPU, address) pairs
	 * with no field name (the first SIM_CTL_MAX_THREADS of them), and
	 * how often a named one found no thread number left
	 */
	unsigned int nr_unnamed;
	struct sim_ctl_flush unnamed[SIM_CTL_MAX_THREADS];
	unsigned long no_room;
};

/*
 * Begin a run of @sched: events [0, @first) run as in sim_run(); events
 * [@first, nr_events) are started by CHOICE_START. Returns 1 if the prefix
 * already violates (the run is over), else 0.
 */
int sim_ctl_begin(struct sim_ctl *c, struct sim *s, const struct schedule *sched,
		  unsigned int first, const struct sim_options *opts, struct sim_result *res,
		  struct strbuf *out);

/*
 * The choice of @thread now, enabled or not (kind and access only).
 * c->nr_threads may grow after sim_ctl_begin() and sim_ctl_take(): a
 * flush thread is added when its first store becomes flushable.
 */
void sim_ctl_choice(struct sim_ctl *c, unsigned int thread, struct sim_choice *ch);

/*
 * Take the (enabled) choice of @thread. @done tells what it did, which
 * may be more than announced: a step that ends its path is ACC_GLOBAL.
 * Returns 1 on a violation (the run is over), else 0.
 */
int sim_ctl_take(struct sim_ctl *c, unsigned int thread, struct sim_choice *done);

/* Is the run over (a violation)? */
bool sim_ctl_stopped(const struct sim_ctl *c);

/* The end: unstarted events, drain, settle, final checks. 1: violation */
int sim_ctl_finish(struct sim_ctl *c);

/*
 * A hash of the whole state the rest of the run depends on: the model's
 * memory (tasks, mms, runqueues, lists), every path in flight (its
 * pending primitive, counters and live stack: its locals), the next
 * event, the checker's own state (the oracle's account). Equal hashes
 * mean equal futures (up to 64-bit collisions); equal states may hash
 * apart (a lock owner is a path number, which depends on the order
 * paths started), which only costs merging. Addresses enter it: compare within one process.
 * Weak memory: every store buffer (addresses, values, barrier marks)
 * and the values the other CPUs load meanwhile (the shadows, as a set).
 * Exact on x86-64 (the stack pointer is saved in struct coro); with the
 * ucontext fallback the stacks are left out.
 */
uint64_t sim_ctl_state_hash(const struct sim_ctl *c);

/*
 * A hash of the observable end state: every task's CID word, state and
 * place, every CPU's current task, every mm's mode, counters, bitmap and
 * per-CPU CIDs, and the verdict. No address enters it.
 */
uint64_t sim_ctl_final_hash(const struct sim_ctl *c);

#endif
