// SPDX-License-Identifier: GPL-2.0-only
/*
 * Small per-CPU programs through the simulator's primitives (test_progs.h):
 * each runs as a CPU path, like a context switch would, so the back end
 * of prims.h (locks, store buffers, barriers) is exactly the one the
 * model runs on. No checks: a litmus test judges its own outcome.
 */
#include <string.h>

#include "sim_internal.h"
#include "test_progs.h"

void sim_progs_start(struct sim *s, unsigned int nr_cpus, bool weak, const sim_prog_fn *fns,
		     void *arg)
{
	static struct sim_result res;
	unsigned int cpu;

	memset(&res, 0, sizeof(res));
	sim_cur = s;
	sim_default_options(&s->opt);
	s->opt.checks = 0;
	s->res = &res;
	s->out = NULL;
	s->sched = NULL;
	s->nr_recent = 0;
	s->event_index = -1;
	s->view.final = s->view.halted = false;
	set_step_path(s, NULL);
	cid_bugs = 0;
	sim_world_reset(s, nr_cpus);
	s->checker.begin(s->checker.ctx, &s->view, &(struct check_options){ 0 });
	sim_weak_reset(s, weak);
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		struct sim_path *p;

		if (!fns[cpu])
			continue;
		p = sim_path_new(s, PATH_CPU, JOB_CALL, (int)cpu, NULL);
		if (!p)
			continue;
		p->arg_fn = fns[cpu];
		p->arg_ptr = arg;
		set_cpu_path(s, cpu, p);
		sim_path_step(s, p);
	}
}

bool sim_progs_can_step(struct sim *s, unsigned int cpu)
{
	const struct sim_path *p = s->cpu_path[cpu];

	return p && !s->stop && sim_path_runnable(s, p);
}

void sim_progs_step(struct sim *s, unsigned int cpu)
{
	if (sim_progs_can_step(s, cpu))
		sim_path_step(s, s->cpu_path[cpu]);
}
