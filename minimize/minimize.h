/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The minimizer: shrinks a schedule that shows a violation to a smallest
 * one that shows the same violation (same invariant, same site), by
 * delta debugging over the events and then over each event's parts, and
 * then over pairs of events (two that only go together). Deterministic;
 * a fixpoint, so minimizing its own output changes nothing (idempotent).
 */
#ifndef CIDFUZZ_MINIMIZE_H
#define CIDFUZZ_MINIMIZE_H

#include "schedule.h"
#include "sim.h"

struct minimize_stats {
	unsigned int events_before, events_after;
	unsigned long steps_before, steps_after;
	unsigned int runs;		/* simulator runs spent */
};

/*
 * Minimize @s in place under @opts (its bugs, checks, ...). The violation
 * to keep is the one @s shows under @opts. Returns 0, or -1 if @s shows
 * no violation (then @s is unchanged).
 */
int minimize_schedule(struct schedule *s, const struct sim_options *opts,
		      struct minimize_stats *st);

/*
 * The .sched text of a minimized schedule: a header (where it came from,
 * the bugs it needs, "# expect: <invariant>" as cidfuzz regress reads it,
 * the violation), then the schedule. 0, or -1 out of memory.
 */
int minimize_format(struct strbuf *sb, const char *origin, unsigned int bugs,
		    const struct schedule *s, const struct sim_result *res);

#endif
