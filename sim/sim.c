// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim_run(): events in order, then the drain, with the checker after every
 * step. See sim.h.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

void sim_default_options(struct sim_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->retry_bound = 1000;
	opts->drain_budget = 200000;
	opts->checks = CHECK_ALL;
}

const char *sim_kernel_tree(void)
{
#ifdef CIDFUZZ_KERNEL_TREE_DIR
	return CIDFUZZ_KERNEL_TREE_DIR;
#else
	return NULL;
#endif
}

static void release_checker(const struct checker *c)
{
	if (c->release)
		c->release(c->ctx);
}

struct sim *sim_new(const struct checker *checker)
{
	struct sim *s;

	if (!checker)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		release_checker(checker);
		return NULL;
	}
	/* A copy: the step path finds the ops in the sim, no pointer away */
	s->checker = *checker;
	sim_view_init(s);
	sim_coro_init_main(&s->main);
	for (unsigned int i = 0; i < SCHED_MAX_TASKS; i++)
		s->task[i].mm_cid.cid = MM_CID_UNSET;
	return s;
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	sim_paths_release_all(s);
	release_checker(&s->checker);
	sim_coro_destroy(&s->main);
	free(s);
}

void sim_check_step(struct sim *s)
{
	hints_complete(s);
	s->checker.step(s->checker.ctx, &s->view);
}

/*
 * What the running tasks of @mm hold: a bit per kind of CID word seen on
 * a CPU (none yet, a plain CID, TRANSIT, ONCPU). A running task whose
 * word has no CID, or still has TRANSIT, is where a walk or a schedule
 * out meets a word it may not expect.
 */
static unsigned int running_words(struct sim *s, const struct mm_struct *mm)
{
	unsigned int cpu, kinds = 0;

	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		const struct task_struct *t = runqueues[cpu].curr;
		unsigned int cid;

		if (!t || t->mm != mm || !t->mm_cid.active)
			continue;
		cid = t->mm_cid.cid;
		if (cid == MM_CID_UNSET)
			kinds |= 1;
		else if (cid_in_transit(cid))
			kinds |= 2;
		else if (cid_on_cpu(cid))
			kinds |= 4;
		else
			kinds |= 8;
	}
	return kinds;
}

/*
 * Feedback after an event: each live mm's mode, users and threshold, so
 * that an engine sees progress toward the accounting states where the
 * mode switches (e.g. users falling toward pcpu_thrs in per-CPU mode),
 * and the kinds of CID its running tasks hold meanwhile.
 */
static void state_features(struct sim *s)
{
	static const char here[] = "mm state";
	unsigned int i;

	for (i = 0; i < s->view.nr_mms; i++) {
		const struct mm_mm_cid *mc = &s->mm[i].mm_cid;
		unsigned int users = mc->users < 15 ? mc->users : 15;

		if (mc->users)
			sim_feature_hook(sim_feature_of(here, mc->mode >> 28 |
					 users << 4 | (mc->pcpu_thrs & 15) << 8 |
					 (users >= mc->max_cids) << 12 |
					 running_words(s, &s->mm[i]) << 13));
	}
}

/* Remember the last events for the report, the running one last */
static void note_recent(struct sim *s, int index)
{
	unsigned int k = s->nr_recent++ % SIM_RECENT_EVENTS;

	s->recent[k] = index;
	s->recent_skipped[k] = false;
}

/* Reset the machine and the checker for a run of @sched (see sim_run) */
void sim_begin(struct sim *s, const struct schedule *sched,
	       const struct sim_options *opts, struct sim_result *res,
	       struct strbuf *out)
{
	memset(res, 0, sizeof(*res));
	s->nr_recent = 0;
	res->event_index = -1;
	sim_cur = s;
	s->opt = *opts;
	s->res = res;
	s->out = out;
	s->sched = sched;
	s->event_index = -1;
	s->view.final = s->view.halted = false;
	s->fault_armed = FAULT_NONE;
	s->fault_done = s->view.all_locks = false;
	s->fault_lock = NULL;
	set_step_path(s, NULL);
	s->no_chain = opts->step_by_step;
	cid_bugs = cid_bug_closure(opts->bugs);
	sim_world_reset(s, sched->nr_cpus ? sched->nr_cpus : 1);
	sim_weak_reset(s, sched->weak);
	s->checker.begin(s->checker.ctx, &s->view, &(struct check_options){
		.checks = opts->checks, .full = opts->oracle_full,
		.audit = opts->oracle_audit });
	memset(&s->view.hints, 0, sizeof(s->view.hints));
	hint_all(s);
}

/*
 * Run event number @i of the schedule, given as @ev (the explorer passes
 * a copy with another RUN part)
 */
void sim_event(struct sim *s, unsigned int i, const struct sched_event *ev)
{
	struct sim_result *res = s->res;
	unsigned int skipped;
	unsigned long steps = s->steps;
	char line[256];

	s->event_index = (int)i;
	if (s->opt.trace && s->out) {
		sched_print_event(ev, line, sizeof(line));
		sb_printf(s->out, "== %u: %s\n", i + 1, line);
	}
	skipped = res->events_skipped;
	note_recent(s, (int)i);
	sim_run_event(s, ev);
	s->recent_skipped[(s->nr_recent - 1) % SIM_RECENT_EVENTS] =
		res->events_skipped != skipped;
	if (unlikely(s->opt.event_hook))
		s->opt.event_hook(s->opt.step_ctx, &(struct sim_event_info){
			.index = i, .ev = ev, .skipped = res->events_skipped != skipped,
			.first_step = steps + 1, .steps = s->steps, .sim = s });
	if (unlikely(s->opt.fault.kind) && !s->stop)
		sim_fault_after_event(s, i + 1);
	if (unlikely(sim_feature_hook))
		state_features(s);
}

/* After the last event: the drain, the settle rounds, the final checks */
int sim_end(struct sim *s)
{
	struct sim_result *res = s->res;
	struct check_stats st;

	s->event_index = -1;
	if (!s->stop)
		sim_drain(s);
	if (!s->stop)
		sim_settle(s);
	if (!s->stop) {
		if (s->weak_pending)
			sim_weak_drain_all(s);
		s->view.final = true;
	}
	hints_complete(s);
	s->checker.end(s->checker.ctx, &s->view, &st);
	res->steps = s->steps;
	res->account_checks = st.account_checks;
	res->transitions = st.transitions;
	res->spec_lost = st.lost;
	return res->violation ? 1 : 0;
}

int sim_run(struct sim *s, const struct schedule *sched,
	    const struct sim_options *opts, struct sim_result *res,
	    struct strbuf *out)
{
	unsigned int i;

	sim_begin(s, sched, opts, res, out);
	for (i = 0; i < sched->nr_events && !s->stop; i++)
		sim_event(s, i, &sched->ev[i]);
	return sim_end(s);
}
