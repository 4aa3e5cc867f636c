/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The read-only view of a machine running the model, which a checker
 * (the oracle, reference/) reads after every step. It speaks the
 * contract's vocabulary in plain integers, not the model's structures:
 * the oracle includes no impl/ header, so that it cannot share a bug
 * with impl/. The view is its own part: the machine (sim/) publishes
 * what it alone knows into struct view (view_machine.h), the view
 * (view.c) reads that and the model's objects; neither the checker nor
 * the view knows the simulator.
 *
 * Tasks are numbered 0..view_nr_tasks()-1 (the named tasks T0..T63 that
 * exist, in creation order); mms 0..view_nr_mms()-1; CPUs
 * 0..view_nr_cpus()-1 (num_possible_cpus()).
 */
#ifndef CIDFUZZ_VIEW_H
#define CIDFUZZ_VIEW_H

#include <stdbool.h>
#include <stdint.h>

struct view;

/* The named tasks T0..T63 and the mms a view can show */
#define VIEW_MAX_TASKS		64
#define VIEW_MAX_MMS		128

/*
 * A CID word in the contract's encoding: the number in the low bits,
 * VIEW_CID_ONCPU (owned by the CPU), VIEW_CID_TRANSIT (borrowed during a
 * transition); VIEW_CID_UNSET alone for no CID.
 */
#define VIEW_CID_UNSET		0x80000000u
#define VIEW_CID_ONCPU		0x40000000u
#define VIEW_CID_TRANSIT	0x20000000u
#define VIEW_CID_NR(w)		((w) & 0x1fffffffu)

/* The mode word, same bits: 0 per task, ONCPU per CPU, |TRANSIT moving */

/*
 * A task as the oracle sees it after a step, read in one go (the oracle
 * compares it with the one of the step before). Every byte is written,
 * padding included, so that equal tasks compare equal with memcmp().
 */
#define VT_ACTIVE	0x01	/* a CID user */
#define VT_IN_USER	0x02	/* rq->curr and no kernel path on its CPU */
#define VT_RUNNING	0x04	/* rq->curr (in the kernel or in user space) */
#define VT_ON_RQ	0x08	/* queued on a runqueue */

struct view_task {
	unsigned int cid;	/* contract encoding, VIEW_CID_* */
	int16_t mm;		/* -1: none */
	uint8_t slot;		/* T<slot> */
	uint8_t cpu;
	uint8_t flags;		/* VT_* */
	uint8_t zero[3];	/* always 0 */
};

/* Every task, in view order, into @out (view_nr_tasks() entries) */
void view_read_tasks(const struct view *v, struct view_task *out);
/* Task i alone */
void view_read_task(const struct view *v, unsigned int i, struct view_task *out);

/*
 * What may have changed since the last call, as far as the simulator can
 * tell (it watches the model's writes): tasks by slot, CPUs (then every
 * task on that CPU, its rq and its kernel paths), mms. An object not
 * named is bitwise the same as at the last call. @all: anything may have
 * changed. Taking the hints clears them.
 */
struct view_hints {
	bool all;
	uint64_t tasks;
	uint64_t cpus;
	uint64_t mms[VIEW_MAX_MMS / 64];
	uint64_t rq_locks;	/* CPUs whose rq lock was taken or released */
};

/* Is the rq lock of @cpu held (by anyone)? */
bool view_rq_locked(const struct view *v, unsigned int cpu);

void view_take_hints(struct view *v, struct view_hints *h);

/* An mm's mm_cid state, read in one go */
struct view_mm {
	unsigned int mode, users, max_cids, thrs, nr_allowed;
	bool deferred, mutex;
	uint64_t cidmask;
	unsigned int pcpu[64];	/* view_nr_cpus() entries */
};

void view_read_mm(const struct view *v, unsigned int m, struct view_mm *out);

unsigned int view_nr_cpus(const struct view *v);
unsigned int view_nr_mms(const struct view *v);
unsigned int view_nr_tasks(const struct view *v);

/* Task i */
unsigned int view_task_slot(const struct view *v, unsigned int i);
int view_task_mm(const struct view *v, unsigned int i);	/* -1: none */
unsigned int view_task_cid(const struct view *v, unsigned int i);
bool view_task_active(const struct view *v, unsigned int i);
/* Running in user space: rq->curr and no kernel path on its CPU */
bool view_task_in_user(const struct view *v, unsigned int i);
/* The view's task index of slot T<slot>, or -1 */
int view_task_of_slot(const struct view *v, unsigned int slot);

/* mm m */
unsigned int view_mm_mode(const struct view *v, unsigned int m);
unsigned int view_mm_users(const struct view *v, unsigned int m);
unsigned int view_mm_max_cids(const struct view *v, unsigned int m);
unsigned int view_mm_pcpu_thrs(const struct view *v, unsigned int m);
unsigned int view_mm_nr_cpus_allowed(const struct view *v, unsigned int m);
bool view_mm_update_deferred(const struct view *v, unsigned int m);
uint64_t view_mm_cidmask(const struct view *v, unsigned int m);
unsigned int view_mm_pcpu_cid(const struct view *v, unsigned int m,
			      unsigned int cpu);

/* Kernel paths started and not finished (each may hold a CID in hand) */
unsigned int view_paths_in_flight(const struct view *v);
/* Nothing in flight but waits for user space (a vfork parent) */
bool view_quiescent(const struct view *v);
/* The run is over (after the drain and the settle round) */
bool view_final(const struct view *v);
/*
 * The run is over short of that, with no verdict: the drain found that
 * nothing could move (a livelock or a stall, reported under I4, which
 * the run does not check). The state is as the last step left it, with
 * paths in flight: neither drained nor settled.
 */
bool view_halted(const struct view *v);

/* Locks held by the path that ran the last step (I8) */
bool view_step_holds_rq(const struct view *v, unsigned int cpu);
bool view_step_holds_mm_lock(const struct view *v, unsigned int m);
bool view_step_holds_mm_mutex(const struct view *v, unsigned int m);
/*
 * It runs on @cpu with interrupts off: nothing else on that CPU (a
 * schedule in or out) can run until it turns them on again.
 */
bool view_step_local_irqs_off(const struct view *v, unsigned int cpu);
/* Its task as a view task index, -1 for a CPU path or a kworker */
int view_step_task(const struct view *v);
/* A name for the path that ran the last step, for reports */
const char *view_step_who(const struct view *v, char *buf, unsigned long size);

/*
 * Report a violation of invariant @inv seen in @site: the first ends the
 * run (of an invariant the run does not report: noted, the run goes on)
 */
void view_violation(struct view *v, const char *inv, const char *site,
		    const char *what);
/*
 * The checker can no longer check invariant @inv (@why: what it lost
 * track of): from this step on the run is not fully checked, which its
 * verdict must say. The run goes on; the first one is the one reported.
 */
void view_unchecked(struct view *v, const char *inv, const char *why);

#endif
