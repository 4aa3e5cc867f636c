/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The checker a machine calls: at the start of a run, at every event it
 * accepted, after every step, at the end. An ops table with the
 * checker's state beside it, as the kernel's struct sched_class is to
 * the scheduler core: the simulator (sim/) knows this header and nothing
 * of the oracle (reference/), which is one checker (oracle_checker());
 * a test may hand in another (tests/test_checker.c counts the calls).
 *
 * A checker reads the machine only through the view it is handed
 * (view.h), and reports a violation through view_violation(): the
 * first one ends the run.
 */
#ifndef CIDFUZZ_CHECKER_H
#define CIDFUZZ_CHECKER_H

#include <stdbool.h>
#include <stdint.h>

struct view;

/*
 * The invariants I1..I9 of the contract (reference/oracle.h says what
 * each one is), as bits: a run reports those its options select; a
 * verdict under another one is none: the run goes on, and its result
 * names it (cidfuzz replay: "deselected: I4 fired at step N")
 */
#define CHECK_NR_INV		9
#define CHECK_INV(n)		(1u << ((n) - 1))	/* In, n = 1..9 */
#define CHECK_ALL		((1u << CHECK_NR_INV) - 1)

/* An event the machine accepted (skipped ones never reach the checker) */
enum check_event_kind {
	CEV_PROCESS,		/* task: a new process, first user of a new mm */
	CEV_FORK,		/* task forks child; share_mm: CLONE_VM; fails: */
				/* the child never runs (and is no user after) */
	CEV_EXIT,		/* task */
	CEV_EXEC,		/* task: leaves its mm, first user of a new one; */
				/* fails: joins its old mm again */
	CEV_AFFINITY,		/* task's allowed CPUs become mask */
	CEV_WORK,		/* the deferred work of the model's mm number mm */
};

struct check_event {
	uint8_t kind;		/* enum check_event_kind */
	uint8_t task;		/* T<task> */
	uint8_t child;
	bool share_mm;
	bool fails;		/* CEV_FORK, CEV_EXEC: the path fails */
	int mm;
	uint64_t mask;
};

/* How a run is checked */
struct check_options {
	unsigned int checks;	/* the invariants: CHECK_INV() bits, 0 none */
	bool full;		/* brute force: every mm, whole history */
	bool audit;		/* test only: check the view's write hints */
};

/* What a checker saw in a run: proof that the checks had work to do */
struct check_stats {
	unsigned int account_checks;	/* I6: mm accounts compared */
	unsigned int transitions;	/* mode switches seen starting */
	unsigned int lost;		/* mms the spec lost track of */
};

struct checker {
	void *ctx;		/* the checker's own state */
	/* A run starts on the machine just reset */
	void (*begin)(void *ctx, struct view *v, const struct check_options *opts);
	/* An event was accepted; its first step comes next */
	void (*event)(void *ctx, struct view *v, const struct check_event *ev);
	/* After every step: the hot path */
	void (*step)(void *ctx, struct view *v);
	/*
	 * The state was written behind the model's back (a test fault):
	 * take it as it is, as the baseline of what a step changes
	 */
	void (*resync)(void *ctx, struct view *v);
	/* The run is over: the final checks if it got to its end (view_final()) */
	void (*end)(void *ctx, struct view *v, struct check_stats *st);
	/*
	 * A hash of the checker's own state that its later verdicts depend
	 * on, for an explorer's state caching (0: none)
	 */
	uint64_t (*state_hash)(const void *ctx);
	/* The machine is done with it (sim_free()) */
	void (*release)(void *ctx);
};

#endif
