/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The specification's own account of CID users, allowed CPUs, max_cids,
 * the mode and the switch thresholds, kept from the events alone
 * (docs/contract.md §4, §6, §9): nothing here reads the model.
 *
 * An event's accounting takes effect somewhere inside its kernel path;
 * when paths overlap, their accounting can land in any order, and the
 * thresholds make the order matter (hysteresis). So between two quiescent
 * points the spec records the operations of the accepted events (a
 * window), and at the next quiescent point computes every state that some
 * order of them yields: the model must be in one of those.
 */
#ifndef CIDFUZZ_SPEC_H
#define CIDFUZZ_SPEC_H

#include <stdbool.h>
#include <stdint.h>

#define SPEC_MAX_TASKS		64
#define SPEC_MAX_MMS		192
#define SPEC_MAX_CANDS		32
#define SPEC_MAX_OPS		192

/* The accounting of one mm, as the contract defines it */
struct spec_state {
	uint64_t mask;		/* union of the users' allowed CPUs */
	uint16_t users;
	uint16_t thrs;		/* pcpu_thrs: non-zero <=> per-CPU mode */
	bool deferred;		/* a switch back is pending for the work */
	bool dead;		/* the last user has gone */
};

/*
 * The operations of a failed fork and of a failed exec come in pairs,
 * in an order of their own within the window:
 *  - a failed fork's child becomes a user and is removed again if the
 *    fork registers children before the point where it can fail (the
 *    kernel before b2e48c429ec5), or is never one (since): which one
 *    the contract does not say, and the two differ once the users cross
 *    a threshold. So the oracle tells the spec when it sees the child
 *    as a user (spec_fork_registered()): SOP_TRY_ADD, then
 *    SOP_TRY_REMOVE; nothing if it never is;
 *  - a failed exec's task leaves its mm and joins it again:
 *    SOP_LEAVE, then SOP_REJOIN; the mm does not die between the two
 *    even if no other user is left (the task still has it).
 */
enum spec_op_kind {
	SOP_ADD,		/* a task becomes a CID user */
	SOP_REMOVE,		/* a CID user exits or execs away */
	SOP_WIDEN,		/* a user's affinity changes */
	SOP_WORK,		/* the deferred work runs */
	SOP_TRY_ADD,		/* a failed fork's child became a user */
	SOP_TRY_REMOVE,		/* ... and was removed again */
	SOP_LEAVE,		/* a failed exec's task leaves its mm */
	SOP_REJOIN,		/* ... and joins it again */
};

struct spec_op {
	uint8_t kind;
	bool window_end;	/* last op before a quiescent point */
	uint64_t mask;		/* SOP_WIDEN */
};

struct spec_mm {
	int model;		/* the model's mm id, once bound; else -1 */
	/*
	 * Too much to follow (a bound of the spec below, named by @why):
	 * from then on the mm is not checked, which the oracle reports
	 * (view_unchecked())
	 */
	bool lost;
	const char *why;
	unsigned int nr_base;
	struct spec_state base[SPEC_MAX_CANDS];
	unsigned int nr_ops, done_ops;	/* ops[done_ops..] is the window */
	struct spec_op ops[SPEC_MAX_OPS];
};

struct spec_task {
	bool exists;
	bool user;		/* counted in its mm's users */
	bool failed;		/* the child of a failed fork, in mm */
	int mm;			/* spec mm index, -1 none */
	uint64_t mask;		/* allowed CPUs */
};

struct spec {
	unsigned int nr_cpus;
	bool keep_history;	/* full mode: never collapse to the model */
	unsigned int nr_mms;
	struct spec_mm mm[SPEC_MAX_MMS];
	struct spec_task task[SPEC_MAX_TASKS];
};

void spec_reset(struct spec *sp, unsigned int nr_cpus, bool keep_history);

/* The events, as accepted by the simulator */
void spec_process(struct spec *sp, unsigned int slot);
void spec_fork(struct spec *sp, unsigned int parent, unsigned int child,
	       bool share_mm);
/* A fork that failed: its child never runs and is no user after it */
void spec_fork_failed(struct spec *sp, unsigned int parent, unsigned int child,
		      bool share_mm);
/*
 * Task @slot was seen as a CID user: if it is the child of a failed
 * fork, the fork registered it before it failed (see SOP_TRY_ADD)
 */
void spec_fork_registered(struct spec *sp, unsigned int slot);
void spec_exit(struct spec *sp, unsigned int slot);
void spec_exec(struct spec *sp, unsigned int slot);
/* An exec that failed: the task leaves its mm and joins it again */
void spec_exec_failed(struct spec *sp, unsigned int slot);
void spec_affinity(struct spec *sp, unsigned int slot, uint64_t mask);
void spec_work(struct spec *sp, int smm);

/* The formulas of docs/contract.md §4 */
unsigned int spec_weight(const struct spec *sp, const struct spec_state *st);
unsigned int spec_max_cids(const struct spec *sp, const struct spec_state *st);
unsigned int spec_calc_thrs(const struct spec *sp, const struct spec_state *st);

/*
 * At a quiescent point: every state of mm @smm that an order of the
 * window's operations yields, into @out (at most SPEC_MAX_CANDS).
 * Returns the number, or -1 if the spec lost track (the mm is then no
 * longer checked; spec_mm.why says which bound was hit).
 */
int spec_settle(struct spec *sp, unsigned int smm, struct spec_state *out);
/* The model's state was @st, one of the settled ones: go on from it */
void spec_collapse(struct spec *sp, unsigned int smm,
		   const struct spec_state *st);

#endif
