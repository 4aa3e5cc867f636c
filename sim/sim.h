/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The deterministic simulator: runs a schedule against the model (impl/)
 * on simulated CPUs, one primitive at a time, has the checker it was
 * handed (view/checker.h: the oracle, reference/) check the invariants
 * after every step, and returns a verdict. This is all a harness needs:
 *
 *	struct sim *s = sim_new(oracle_checker());
 *	sim_run(s, &schedule, &opts, &result, &out);
 *
 * Same schedule and options -> same result and same output, byte for byte.
 */
#ifndef CIDFUZZ_SIM_H
#define CIDFUZZ_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "checker.h"
#include "schedule.h"
#include "strbuf.h"

struct checker;
struct view;

/*
 * Test-only state faults (tests/test_oracle.c): each breaks exactly one
 * invariant, right after event number after_event (1-based) has run, to
 * prove that the oracle sees it.
 */
enum sim_fault_kind {
	FAULT_NONE,
	FAULT_DUP_CID,		/* I1: a task in user space gets another's CID */
	FAULT_SKIP_CLEAR_BIT,	/* I2: the next bitmap clear is lost */
	FAULT_STALE_TRANSIT,	/* I3: a sleeping owner's CID gets TRANSIT */
	FAULT_LEAK_RQ_LOCK,	/* I4: an rq lock is never released */
	FAULT_CID_OUT_OF_RANGE,	/* I5: a sleeping owner's CID moves to nr_cpus */
	FAULT_MAX_CIDS,		/* I6: max_cids of a live mm is off by one */
	FAULT_CID_CHANGE,	/* I7: a task's CID changes in user space */
	FAULT_SKIP_LOCK,	/* I8: the next mm_cid.lock is not taken */
	FAULT_SKIP_SETTLE,	/* I5: no settle round before the end */
	FAULT_TRANSIT_BIT_NR,	/* I9: the next clear_bit's number has TRANSIT */
	NR_SIM_FAULTS
};

struct sim_fault {
	unsigned int kind;		/* enum sim_fault_kind */
	unsigned int after_event;
};

/* One step as pictures need it (cidfuzz replay --svg): see step_hook */
struct sim_step_info {
	unsigned long step;
	unsigned int cpu;		/* the lane: the CPU it ran on */
	const char *who;		/* "cpu2 __schedule->T1", "T0 fork (on cpu0)" */
	const char *fn;			/* the function it stopped in */
	const char *op;			/* the primitive it performed */
	const char *locks;		/* " holding rq2,mm0.mutex", or "" */
	const char *changes;		/* CID ownership changes, a line each */
	bool done;			/* the path ended */
	struct sim *sim;		/* the machine, for sim_picture_read() */
};

/* One event as pictures need it: see event_hook */
struct sim_event_info {
	unsigned int index;		/* in the schedule, 0-based */
	const struct sched_event *ev;
	bool skipped;			/* impossible in the state reached */
	unsigned long first_step;	/* its steps: first_step..steps */
	unsigned long steps;		/* steps run so far (none: < first) */
	struct sim *sim;
};

struct sim_options {
	unsigned int bugs;		/* bit set of enum cid_bug */
	bool trace;			/* per-step trace into the output */
	unsigned int retry_bound;	/* iterations of one retry loop (I4) */
	unsigned long drain_budget;	/* steps of the drain phase (I4) */
	/* for the checker (struct check_options, view/checker.h) */
	unsigned int checks;		/* invariants: CHECK_INV() bits, 0 none */
	bool oracle_full;		/* brute force: every mm, whole history */
	bool oracle_audit;		/* test only: check the write hints (HINT) */
	bool step_by_step;		/* test only: no chained runs (paths.c) */
	struct sim_fault fault;		/* test only */
	/* called after every step when set (with the trace's facts) */
	void (*step_hook)(void *ctx, const struct sim_step_info *info);
	void *step_ctx;
	/* called after every event when set (with step_ctx) */
	void (*event_hook)(void *ctx, const struct sim_event_info *info);
};

void sim_default_options(struct sim_options *opts);

struct sim_result {
	bool violation;
	char invariant[8];		/* "I1".."I9", "WARN" */
	char what[320];			/* one line */
	char site[64];			/* function where it was seen */
	unsigned long step;		/* step of the violation */
	int event_line;			/* schedule line running, 0 in drain */
	int event_index;		/* event running, -1 in drain */
	unsigned long steps;		/* steps run in total */
	unsigned int events_run;
	unsigned int events_skipped;
	/* what the checker saw: see struct check_stats */
	unsigned int account_checks;
	unsigned int transitions;
	unsigned int spec_lost;
	/*
	 * Not fully checked: from step unchecked_step on, the checker could
	 * not check invariant unchecked_inv (why: what it lost track of).
	 * Not a violation, not clean either: a run to look at.
	 */
	bool unchecked;
	char unchecked_inv[8];
	char unchecked_why[160];
	unsigned long unchecked_step;
	/*
	 * Invariants not selected (sim_options.checks) that fired all the
	 * same: the simulator's own verdicts (I4's liveness and retry
	 * bound, I9) are made whatever is selected. Not a verdict: the run
	 * goes on (a liveness verdict ends it, as nothing can move, see
	 * view_halted()), and its verdict names them. CHECK_INV() bits; the
	 * first firing of each, fired[n - 1] for In: its step, its site and
	 * the kind of what it saw ("mm_get_cid: livelock").
	 */
	unsigned int deselected;
	struct sim_firing {
		unsigned long step;
		char what[96];
	} fired[CHECK_NR_INV];
	bool fault_applied;		/* the test fault found its moment */
	unsigned long fault_step;	/* ... at this step */
};

struct sim;

/*
 * Interleaving feedback for coverage-guided fuzzing (fuzzers/feedback.c).
 * When set, the simulator reports feature ids: which function each CPU
 * is in while another one steps, a CID or mode word read with TRANSIT or
 * ONCPU, the iteration count of a retry loop (bucketed). An engine turns
 * them into coverage, steering toward the states where the bugs live.
 * One hook per process; NULL (the default) costs one branch a step.
 */
extern void (*sim_feature_hook)(uint32_t id);

/* Built with the write hints of the incremental oracle (sim/hints.c) */
extern const bool sim_write_hints;

/*
 * Weak memory, for an explorer that makes the flush choices itself: the
 * stores buffered on @cpu, oldest first (up to @max into @out; returns
 * how many there are), and whether each may leave the buffer now (no
 * older store to its address, no barrier before it with stores before
 * that). sim_weak_flush() makes entry @index visible to every CPU;
 * false if it may not go yet or does not exist.
 */
struct sim_weak_entry {
	const void *addr;
	unsigned long val;
	bool flushable;
};

unsigned int sim_weak_pending(struct sim *s, unsigned int cpu, struct sim_weak_entry *out,
			      unsigned int max);
bool sim_weak_flush(struct sim *s, unsigned int cpu, unsigned int index);

/*
 * A simulator that has @checker check every run (a copy of it: the ops
 * and their context); sim_free() releases the checker. NULL if
 * @checker is (a checker that could not be made) or out of memory.
 */
struct sim *sim_new(const struct checker *checker);
void sim_free(struct sim *s);

/*
 * The machine as a checker sees it (view/view.h), for a harness that
 * looks at the state itself (tests, statistics)
 */
struct view *sim_view(struct sim *s);

/*
 * The functions the last step entered (their trace_enter()), in order:
 * the @i-th, with its subject as a task slot (-1: none). False past the
 * last. For statistics over a run (stress/sim_stats.c).
 */
bool sim_step_entry(const struct sim *s, unsigned int i, const char **fn,
		    int *slot);
/* The last step was a context switch's (__schedule on its CPU) */
bool sim_step_is_switch(const struct sim *s);

/*
 * Run @sched. With @out, the trace (if opts->trace) and, on a violation,
 * the report (the VIOLATION line, the wait-for cycle, the state of every
 * CPU and task) are appended to it. Returns 1 on a violation, else 0.
 */
int sim_run(struct sim *s, const struct schedule *sched,
	    const struct sim_options *opts, struct sim_result *res,
	    struct strbuf *out);

/*
 * The kernel tree whose own mm_cid code this simulator runs
 * (cidfuzz-tree, docs/kernel-tree.md), or NULL: impl/'s model, the one
 * the bug switches and kernel profiles (cid_bugs.h) act on
 */
const char *sim_kernel_tree(void);

#endif
