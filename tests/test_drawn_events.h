/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tests: the events a random draw made (the generator's, the mutator's)
 * carry every operand their kind takes (event_kinds.h), and a schedule
 * of them reads back from its text form as it is (needs testlib.h).
 */
#ifndef CIDFUZZ_TEST_DRAWN_EVENTS_H
#define CIDFUZZ_TEST_DRAWN_EVENTS_H

#include <stdbool.h>
#include <string.h>

#include "schedule.h"

/* A task or CPU operand drawn: 0..@max - 1, never the blank's -1 */
static inline bool drawn_below(int v, unsigned int max)
{
	return v >= 0 && (unsigned int)v < max;
}

/* Every operand of @ev's kind drawn, its tasks < @tasks, CPUs < @cpus */
static inline bool operands_drawn(const struct sched_event *ev,
				  unsigned int tasks, unsigned int cpus)
{
	const unsigned char *o;

	for (o = sched_kinds[ev->kind].operands; *o != OPD_END; o++) {
		bool ok = true;

		switch (*o) {
		case OPD_TASK:
		case OPD_NEW_TASK:
			ok = drawn_below(ev->task, tasks);
			break;
		case OPD_CHILD:
			ok = drawn_below(ev->task2, tasks);
			break;
		case OPD_TASKS:
			ok = ev->nr_tasks > 0;
			break;
		case OPD_CPU:
			ok = drawn_below(ev->cpu, cpus);
			break;
		case OPD_OPT_CPU:
			ok = ev->cpu == -1 || drawn_below(ev->cpu, cpus);
			break;
		case OPD_NEXT:
			ok = ev->task2 < (int)tasks;
			break;
		case OPD_MASK:
			ok = ev->mask != 0;
			break;
		case OPD_FORK_KIND:
			ok = ev->fork_kind < NR_SCHED_FORK_KINDS;
			break;
		}
		if (!ok)
			return false;
	}
	return true;
}

/* @s printed as text parses back to @s */
static inline bool reads_back(const struct schedule *s)
{
	static char text[1 << 18];
	static struct schedule back;
	struct sched_error err;
	size_t n = sched_print_text(s, text, sizeof(text));

	return n < sizeof(text) &&
	       !sched_parse_text("drawn", text, n, &back, &err) &&
	       sched_equal(s, &back);
}

#endif
