// SPDX-License-Identifier: GPL-2.0-only
/*
 * Equality of schedules, for round-trip checks (text, binary) and for
 * telling whether a minimised schedule changed.
 *
 * Both decoders give every unused field its canonical value, so events are
 * compared field by field. Source lines are not compared: the same
 * schedule can come from a differently laid out file or from bytes.
 */
#include "schedule.h"

const struct sched_event sched_event_blank = {
	.cpu = -1,
	.task = -1,
	.task2 = SCHED_TASK_NONE,
	.obj = -1,
	.run = { .kind = RUN_COMPLETE, .task = SCHED_TASK_NONE },
};

static bool run_equal(const struct sched_run *a, const struct sched_run *b)
{
	return a->kind == b->kind && a->steps == b->steps &&
	       a->func == b->func && a->task == b->task;
}

static bool event_equal(const struct sched_event *a,
			const struct sched_event *b)
{
	unsigned int i;

	if (a->kind != b->kind || a->fork_kind != b->fork_kind ||
	    a->fails != b->fails ||
	    a->cpu != b->cpu || a->task != b->task ||
	    a->task2 != b->task2 || a->nr_tasks != b->nr_tasks ||
	    a->mask != b->mask || a->field != b->field || a->obj != b->obj ||
	    !run_equal(&a->run, &b->run))
		return false;
	/* Only the used part of tasks[]: the rest is never looked at. */
	for (i = 0; i < a->nr_tasks && i < SCHED_MAX_TASKS; i++)
		if (a->tasks[i] != b->tasks[i])
			return false;
	return true;
}

bool sched_equal(const struct schedule *a, const struct schedule *b)
{
	unsigned int i;

	if (a->nr_cpus != b->nr_cpus || a->weak != b->weak ||
	    a->nr_events != b->nr_events ||
	    a->nr_events > SCHED_MAX_EVENTS)
		return false;
	for (i = 0; i < a->nr_events; i++)
		if (!event_equal(&a->ev[i], &b->ev[i]))
			return false;
	return true;
}
