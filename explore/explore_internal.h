/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the explorer's files share: one run under way (struct xrun), a
 * choice at a time, with the preemption count and the trail of choices
 * that turns into the run's schedule.
 */
#ifndef CIDFUZZ_EXPLORE_INTERNAL_H
#define CIDFUZZ_EXPLORE_INTERNAL_H

#include "control.h"
#include "explore.h"

/* CPUs, the event starter, flush threads (weak memory): a 64-bit mask */
#define XT_MAX SIM_CTL_MAX_THREADS

/*
 * A choice taken: which thread (CPU, the event starter, a flush), which
 * path; a flush: which CPU's store to which field (the flush event)
 */
struct xchoice {
	uint8_t thread;
	int path;
	struct sim_ctl_flush flush;
};

struct xrun {
	const struct explore_config *cfg;
	struct sim *sim;
	struct sim_ctl ctl;
	struct sim_result res;
	unsigned int nthreads; /* CPUs + the event starter + flushes */
	unsigned int starter;  /* its thread number (= CPUs) */
	/* the current state */
	struct sim_choice pend[XT_MAX];
	uint64_t enabled;      /* bit t: thread t can go */
	unsigned int depth;    /* choices taken */
	int last;	       /* thread of the last choice but flushes, -1 */
	unsigned int preempt;  /* preemptions so far */
	unsigned int flushes;  /* flush choices so far */
	struct xchoice *trail; /* [cfg->max_steps] */
};

int xrun_init(struct xrun *r, const struct explore_config *cfg);
void xrun_free(struct xrun *r);
/* Start a run: the scenario's prefix. 1 if it already violates */
int xrun_begin(struct xrun *r);
/* Is @t a flush thread (weak memory)? */
bool xrun_is_flush(const struct xrun *r, unsigned int t);
/* Would choosing @t now switch away from a CPU that could go on? */
bool xrun_preempts(const struct xrun *r, unsigned int t);
/* Enabled, and within the preemption and flush bounds */
bool xrun_allowed(const struct xrun *r, unsigned int t);
uint64_t xrun_allowed_mask(const struct xrun *r);
/* Take @t's choice (what it did into @done if not NULL). 1: violation */
int xrun_take(struct xrun *r, unsigned int t, struct sim_choice *done);
/* The end of the run: drain, settle, final checks. 1: violation */
int xrun_finish(struct xrun *r, struct explore_outcome *o);
/* The run so far as a schedule that replay reproduces */
void xrun_witness(const struct xrun *r, struct schedule *out);

double explore_now(void);
void explore_progress(const struct explore_config *cfg, const struct explore_stats *st,
		      double start, double *last_print, unsigned int depth);
uint64_t explore_mix(uint64_t h, uint64_t v);
/* xorshift64*: deterministic for a seed */
uint64_t explore_rand(uint64_t *state);

#endif
