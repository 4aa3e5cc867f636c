// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim_run(): events in order, then the drain, with the oracle after every
 * step. See sim.h.
 */
#include <stdlib.h>
#include <string.h>

#include "oracle.h"
#include "sim_internal.h"

void sim_default_options(struct sim_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->retry_bound = 1000;
	opts->drain_budget = 200000;
}

struct sim *sim_new(void)
{
	struct sim *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	coro_init_main(&s->main);
	for (unsigned int i = 0; i < SCHED_MAX_TASKS; i++)
		s->task[i].mm_cid.cid = MM_CID_UNSET;
	return s;
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	paths_release_all(s);
	coro_destroy(&s->main);
	free(s);
}

void sim_check_step(struct sim *s)
{
	oracle_check_step(s);
}

int sim_run(struct sim *s, const struct schedule *sched,
	    const struct sim_options *opts, struct sim_result *res,
	    struct strbuf *out)
{
	unsigned int i;
	char line[256];

	memset(res, 0, sizeof(*res));
	res->event_index = -1;
	sim_cur = s;
	s->opt = *opts;
	s->res = res;
	s->out = out;
	s->sched = sched;
	s->event_index = -1;
	cid_bugs = opts->bugs;
	world_reset(s, sched->nr_cpus ? sched->nr_cpus : 1);

	for (i = 0; i < sched->nr_events && !s->stop; i++) {
		s->event_index = (int)i;
		if (opts->trace && out) {
			sched_print_event(&sched->ev[i], line, sizeof(line));
			sb_printf(out, "== %u: %s\n", i + 1, line);
		}
		run_event(s, &sched->ev[i]);
	}
	s->event_index = -1;
	if (!s->stop)
		drain(s);
	if (!s->stop)
		oracle_check_quiescent(s);
	res->steps = s->steps;
	return res->violation ? 1 : 0;
}
