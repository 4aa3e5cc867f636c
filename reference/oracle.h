/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracle: an executable specification of what user space and the
 * kernel may observe of mm_cid, written from the contract
 * (docs/contract.md; its §13 maps each invariant below to the sections
 * it comes from) and never from impl/. It sees the machine only through
 * the read-only view (view/view.h) and the events the simulator accepted;
 * after every step it checks
 *
 *  I1  user-visible CIDs of the tasks of one mm in user space are distinct,
 *      and such a task has one;
 *  I2  the CID bitmap equals the set of owned CIDs, each with one owner;
 *      tasks that are not CID users hold none;
 *  I3  TRANSIT only while a transition runs: in the mode word only under
 *      the mm's mutex, in a task's word after the transition only while
 *      that task still runs (it drops or converts it at schedule out);
 *  I4  bounded retries, no livelock or stall (the simulator's liveness
 *      verdict, sim/run.c, reported under this name);
 *  I5  every CID is below num_possible_cpus(); once settled, the CIDs of
 *      tasks in user space are below max_cids;
 *  I6  users, max_cids, pcpu_thrs, nr_cpus_allowed and the mode equal the
 *      spec's own account (reference/spec.h) at every quiescent point,
 *      and the ownership matches the mode (per task: no CPU owns a CID;
 *      per CPU: no task owns a plain one);
 *  I7  a task's user-visible CID does not change while it stays in user
 *      space on one CPU;
 *  I8  state that the kernel protects with a lock is only written with it
 *      held: CPU slots and task words under the rq lock, users/max_cids/
 *      thresholds/allowed CPUs under mm_cid.lock, the mode under
 *      mm_cid.mutex;
 *  I9  memory safety, what KASAN would see: every bit operation on the
 *      CID bitmap uses a bit number below its num_possible_cpus() bits
 *      that carries no flag (ONCPU, TRANSIT, UNSET), and find_first_zero_bit
 *      searches no further. Checked by the back ends of prims.h before
 *      the access (kasan/kasan.h), which they then skip; reported under
 *      this name and selected like the others.
 */
#ifndef CIDFUZZ_ORACLE_H
#define CIDFUZZ_ORACLE_H

#include <stdbool.h>
#include <stdint.h>

struct view;
struct oracle;

#define ORACLE_NR_INV		9
#define ORACLE_INV(n)		(1u << ((n) - 1))	/* In, n = 1..9 */
#define ORACLE_ALL		((1u << ORACLE_NR_INV) - 1)

/* An event the simulator accepted (skipped ones never reach the oracle) */
enum oracle_event_kind {
	OEV_PROCESS,		/* task: a new process, first user of a new mm */
	OEV_FORK,		/* task forks child; share_mm: CLONE_VM; fails: */
				/* the child never runs (and is no user after) */
	OEV_EXIT,		/* task */
	OEV_EXEC,		/* task: leaves its mm, first user of a new one; */
				/* fails: joins its old mm again */
	OEV_AFFINITY,		/* task's allowed CPUs become mask */
	OEV_WORK,		/* the deferred work of the model's mm number mm */
};

struct oracle_event {
	uint8_t kind;
	uint8_t task;
	uint8_t child;
	bool share_mm;
	bool fails;		/* OEV_FORK, OEV_EXEC: the path fails */
	int mm;
	uint64_t mask;
};

struct oracle *oracle_new(void);
void oracle_free(struct oracle *o);
/*
 * Start a run: @checks selects invariants (ORACLE_INV bits); @full
 * checks every mm after every step and recomputes the spec from the whole
 * history instead of from the last quiescent point.
 */
void oracle_reset(struct oracle *o, unsigned int nr_cpus, unsigned int checks,
		  bool full);
/*
 * Test only: after every step also read what the simulator's write hints
 * (view.h) say is unchanged, and report any difference as "HINT
 * hint-missed": proof that the hints the incremental oracle trusts are
 * right.
 */
void oracle_set_audit(struct oracle *o, bool on);
void oracle_event(struct oracle *o, struct view *v, const struct oracle_event *ev);
/* Take the current state as the baseline of I7/I8 (after a test fault) */
void oracle_resync(struct oracle *o, struct view *v);
/* After every step; reports the first violation through the view */
void oracle_check_step(struct oracle *o, struct view *v);
/* After the drain and the settle round (view_final()) */
void oracle_check_final(struct oracle *o, struct view *v);
/* What the oracle saw in a run: proof that the checks had work to do */
struct oracle_stats {
	unsigned int account_checks;	/* I6: mm accounts compared */
	unsigned int transitions;	/* mode switches seen starting */
	unsigned int lost;		/* mms the spec lost track of */
};

void oracle_get_stats(const struct oracle *o, struct oracle_stats *st);

/*
 * A hash of what the oracle's later verdicts depend on besides the
 * model's state: the spec's account (its candidates and the window of
 * operations not yet settled). For the explorer's state caching.
 */
uint64_t oracle_state_hash(const struct oracle *o);

/* "I1,I3" -> bits; 0 on a bad list */
unsigned int oracle_parse_checks(const char *list);

#endif
