// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulator's side of the view (view/view_machine.h): the questions
 * about kernel paths that only it can answer, and where a checker's
 * verdict goes. The facts the view reads on every step (the live tasks,
 * where paths are in flight, the last step's lock owner, the hints) are
 * not here: the simulator keeps them in struct view itself, as they
 * change (world.c, paths.c, events.c, hints.c).
 */
#include <stddef.h>

#include "sim_internal.h"

_Static_assert(SCHED_MAX_TASKS == VIEW_MAX_TASKS && NR_CPUS <= 64,
	       "the view's task and CPU bit sets");

static const struct sim *sim_of(const struct view *v)
{
	return container_of(v, struct sim, view);
}

/* The ops that write: what the checker reports */
static struct sim *sim_of_mut(struct view *v)
{
	return container_of(v, struct sim, view);
}

/* Usually decided by the first path in use: most runs have one at a time */
static bool ops_quiescent(const struct view *v)
{
	const struct sim *s = sim_of(v);
	unsigned int i, seen = 0;

	for (i = 0; i < SIM_MAX_PATHS && seen < s->view.nr_in_flight; i++) {
		const struct sim_path *p = &s->path[i];

		if (!p->in_use)
			continue;
		if (!sim_path_waits_for_user(s, p))
			return false;
		seen++;
	}
	return true;
}

static int ops_step_task(const struct view *v)
{
	const struct sim *s = sim_of(v);
	const struct sim_path *p = s->step_path;

	if (!p || p->kind != PATH_TASK)
		return -1;
	return sim_task_slot(s, p->task);
}

static bool ops_step_irqs_off(const struct view *v, unsigned int cpu)
{
	const struct sim_path *p = sim_of(v)->step_path;
	unsigned int on;

	if (!p || p->irq_off <= 0)
		return false;
	on = p->kind == PATH_TASK ? p->task->cpu : (unsigned int)p->cpu;
	return on == cpu;
}

static const char *ops_step_who(const struct view *v, char *buf,
				unsigned long size)
{
	const struct sim *s = sim_of(v);

	return sim_path_who(s, s->step_path, buf, size);
}

static void ops_violation(struct view *v, const char *inv, const char *site,
			  const char *what)
{
	sim_violation(sim_of_mut(v), inv, site, "%s", what);
}

static void ops_unchecked(struct view *v, const char *inv, const char *why)
{
	sim_unchecked(sim_of_mut(v), inv, why);
}

static const struct view_ops sim_view_ops = {
	.quiescent = ops_quiescent,
	.step_task = ops_step_task,
	.step_irqs_off = ops_step_irqs_off,
	.step_who = ops_step_who,
	.violation = ops_violation,
	.unchecked = ops_unchecked,
};

/* Once, in sim_new(): the model's objects stay where they are */
void sim_view_init(struct sim *s)
{
	s->view.ops = &sim_view_ops;
	s->view.task = s->task;
	s->view.mm = s->mm;
}

struct view *sim_view(struct sim *s)
{
	return &s->view;
}
