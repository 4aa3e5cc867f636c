/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The deterministic simulator: runs a schedule against the model (impl/)
 * on simulated CPUs, one primitive at a time, checks the invariants after
 * every step, and returns a verdict. This is all a harness needs:
 *
 *	struct sim *s = sim_new();
 *	sim_run(s, &schedule, &opts, &result, &out);
 *
 * Same schedule and options -> same result and same output, byte for byte.
 */
#ifndef CIDFUZZ_SIM_H
#define CIDFUZZ_SIM_H

#include <stdbool.h>

#include "schedule.h"
#include "strbuf.h"

struct sim_options {
	unsigned int bugs;		/* bit set of enum cid_bug */
	bool trace;			/* per-step trace into the output */
	unsigned int retry_bound;	/* iterations of one retry loop (I4) */
	unsigned long drain_budget;	/* steps of the drain phase (I4) */
};

void sim_default_options(struct sim_options *opts);

struct sim_result {
	bool violation;
	char invariant[8];		/* "I1".."I4", "WARN" */
	char what[320];			/* one line */
	char site[64];			/* function where it was seen */
	unsigned long step;		/* step of the violation */
	int event_line;			/* schedule line running, 0 in drain */
	int event_index;		/* event running, -1 in drain */
	unsigned long steps;		/* steps run in total */
	unsigned int events_run;
	unsigned int events_skipped;
};

struct sim;

struct sim *sim_new(void);
void sim_free(struct sim *s);

/*
 * Run @sched. With @out, the trace (if opts->trace) and, on a violation,
 * the report (the VIOLATION line, the wait-for cycle, the state of every
 * CPU and task) are appended to it. Returns 1 on a violation, else 0.
 */
int sim_run(struct sim *s, const struct schedule *sched,
	    const struct sim_options *opts, struct sim_result *res,
	    struct strbuf *out);

#endif
