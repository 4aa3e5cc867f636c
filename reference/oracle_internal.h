/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracle's own state, shared by the files of reference/ only: the
 * spec's account, and a shadow of the observed state as of the last step,
 * from which the oracle learns what a step changed (for I7, I8, and to
 * check only the mms a step touched).
 */
#ifndef CIDFUZZ_ORACLE_INTERNAL_H
#define CIDFUZZ_ORACLE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "oracle.h"
#include "spec.h"
#include "view.h"

#define OR_MAX_TASKS		64
#define OR_MAX_MMS		128
#define OR_MAX_CPUS		64

/* Per mm, gathered in one pass over the tasks (checks.c) */
struct mm_acc {
	uint64_t owned;			/* numbers owned by tasks or CPUs */
	uint64_t in_user;		/* numbers seen by tasks in user space */
};

/*
 * Per mm, kept up to date from every change the watch sees (tally.c):
 * owners and in-user tasks of each number below 64, and the entries
 * that fail a check by themselves
 */
struct mm_tally {
	uint8_t own_task[64];		/* tasks owning the number */
	uint8_t own_cpu[64];		/* CPUs owning it */
	uint8_t user[64];		/* CID users in user space with it */
	uint64_t owned;			/* owned by anyone */
	uint64_t multi_task;		/* by two tasks or more */
	uint64_t multi;			/* by two owners or more */
	uint64_t multi_user;		/* two in user space or more */
	uint64_t transit;		/* view indexes of its tasks in transit */
	int bad_task;			/* no CID in user space, out of bounds,
					   owner but not a CID user */
	int bad_cpu;			/* a CPU's number out of bounds */
};

struct oracle {
	unsigned int checks;
	bool full;
	bool audit;		/* test only: check the simulator's write hints */
	uint64_t rq_locked;	/* audit: the rq locks held after the last step */
	unsigned int nr_cpus;
	struct check_stats stats;

	/* spec account (account.c) */
	struct spec spec;

	/*
	 * The state after this step (watch.c), updated in place from what
	 * the step changed: tasks in view order (and the view index of each
	 * slot), mms (an mm without users before and after a step is not
	 * read at all).
	 */
	struct view_task tasks[OR_MAX_TASKS];
	unsigned int nr_tasks;
	uint8_t index_of_slot[64];
	struct view_mm mm[OR_MAX_MMS];
	unsigned int nr_mms_seen;
	unsigned int paths;

	/*
	 * What the state checks must look at after this step (checks.c):
	 * the dirty mms in full; the leak allowance of every mm when fewer
	 * paths are in flight (from the owned set of its last full pass);
	 * I3 alone for the tasks in transit that only got or lost the CPU
	 * or the rq lock (aux), the rest of their state being unchanged.
	 */
	bool all_dirty;
	uint64_t dirty[OR_MAX_MMS / 64];
	bool recheck_leaks;
	struct mm_acc acc[OR_MAX_MMS];	/* scratch of the full checks */
	uint8_t aux[OR_MAX_TASKS];
	unsigned int nr_aux;

	/*
	 * I6 is a function of the spec's account and of the state the
	 * watch sees: nothing of either changed since it last passed, it
	 * passes again (account.c).
	 */
	bool account_valid;
	/* The spec's mms it lost track of that were reported (account.c) */
	uint64_t lost_told[(SPEC_MAX_MMS + 63) / 64];

	/*
	 * I1's one exception, by slot: a task whose exec failed registers
	 * again as a user while it runs; in per-CPU mode a new user gets its
	 * CID at its first schedule in (docs/contract.md §5: CIDs are handed
	 * out lazily), so until then it may run in user space without one.
	 * no_cid_ok: since the failed exec; no_cid_seen: since it then got
	 * back to user space. It ends when the task, back in user space
	 * after it, stops running (watch.c).
	 */
	uint64_t no_cid_ok;
	uint64_t no_cid_seen;

	/* tallies of the state above (tally.c) */
	struct mm_tally tally[OR_MAX_MMS];
	unsigned int nr_tallies;	/* zeroed so far in this run */
	uint64_t transit_tasks;		/* view indexes holding a transit CID */
	uint64_t cpu_tasks[OR_MAX_CPUS];	/* view indexes by CPU */

	/*
	 * What the machine calls (oracle.c), read once by sim_new(): last,
	 * so that the fields the checks read after every step keep their
	 * places (first, it made bench_execs 2-3% slower)
	 */
	struct checker checker;
};

static inline const struct view_task *or_tasks(const struct oracle *o,
					       unsigned int *nr)
{
	*nr = o->nr_tasks;
	return o->tasks;
}

static inline bool or_on(const struct oracle *o, unsigned int n)
{
	return o->checks & CHECK_INV(n);
}

/* May task T<slot> run in user space without a CID (I1)? */
static inline bool or_no_cid_ok(const struct oracle *o, unsigned int slot)
{
	return slot < 64 && (o->no_cid_ok >> slot & 1);
}

static inline void or_dirty(struct oracle *o, int m)
{
	if (m >= 0 && m < OR_MAX_MMS)
		o->dirty[m / 64] |= 1ULL << (m % 64);
}

static inline bool or_is_dirty(const struct oracle *o, unsigned int m)
{
	return o->all_dirty || m >= OR_MAX_MMS ||
	       (o->dirty[m / 64] >> (m % 64) & 1);
}

static inline bool or_any_dirty(const struct oracle *o)
{
	unsigned int k;

	if (o->all_dirty)
		return true;
	for (k = 0; k < OR_MAX_MMS / 64; k++)
		if (o->dirty[k])
			return true;
	return false;
}

/* Report (printf-style, one line); the run stops */
void or_fail(struct view *v, const char *inv, const char *site,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A CID word for messages: "3", "3|TRANSIT", "UNSET" */
const char *or_word_str(unsigned int w, char *buf, unsigned long size);

/* watch.c: diff against the shadow, I7 and I8; marks dirty mms */
bool or_watch(struct oracle *o, struct view *v);
/* checks.c: I1, I2, I3, I5 (bound) on the dirty mms */
bool or_state_checks(struct oracle *o, struct view *v);
/* checks.c: I5 compactness at the end */
bool or_compact_check(struct oracle *o, struct view *v);
/* tally.c: keep the tallies as the state changes */
void tally_reset(struct oracle *o);
struct mm_tally *tally_of(struct oracle *o, unsigned int m);
void tally_task(struct oracle *o, unsigned int i, const struct view_task *t,
		int d);
void tally_pcpu(struct oracle *o, unsigned int m, unsigned int w, int d);
/* account.c: I6 at a quiescent point */
bool or_account_check(struct oracle *o, struct view *v);
void or_account_event(struct oracle *o, struct view *v,
		      const struct check_event *ev);

#endif
