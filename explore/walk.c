// SPDX-License-Identifier: GPL-2.0-only
/*
 * One run of a scenario, a choice at a time (what DPOR, the naive
 * enumeration, the estimator and PCT all do), and the schedule of a run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore_internal.h"
#include "oracle.h"

void explore_default_config(struct explore_config *cfg, const struct scenario *sc)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->sc = sc;
	sim_default_options(&cfg->opts);
	cfg->mode = EXPLORE_CACHED;
	cfg->max_steps = 2000;
	cfg->preemptions = -1;
	cfg->max_flushes = -1;
	cfg->count_states = true;
}

int xrun_init(struct xrun *r, const struct explore_config *cfg)
{
	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->sim = sim_new(oracle_checker());
	r->trail = calloc(cfg->max_steps + 1, sizeof(*r->trail));
	if (!r->sim || !r->trail) {
		xrun_free(r);
		return -1;
	}
	return 0;
}

void xrun_free(struct xrun *r)
{
	sim_free(r->sim);
	free(r->trail);
	r->sim = NULL;
	r->trail = NULL;
}

static void scan(struct xrun *r)
{
	unsigned int t;

	r->enabled = 0;
	r->nthreads = r->ctl.nr_threads; /* flush threads come and stay */
	for (t = 0; t < r->nthreads; t++) {
		sim_ctl_choice(&r->ctl, t, &r->pend[t]);
		if (r->pend[t].enabled)
			r->enabled |= 1ULL << t;
	}
}

int xrun_begin(struct xrun *r)
{
	const struct scenario *sc = r->cfg->sc;
	int ret;

	ret = sim_ctl_begin(&r->ctl, r->sim, &sc->sched, sc->first, &r->cfg->opts, &r->res, NULL);
	r->starter = r->ctl.nr_threads - 1 - r->ctl.nr_flush;
	r->depth = 0;
	r->last = -1;
	r->preempt = 0;
	r->flushes = 0;
	scan(r);
	return ret;
}

bool xrun_is_flush(const struct xrun *r, unsigned int t)
{
	return t > r->starter;
}

/* A flush is no preemption: memory moves, not a CPU (bounded apart) */
bool xrun_preempts(const struct xrun *r, unsigned int t)
{
	return !xrun_is_flush(r, t) && r->last >= 0 && (unsigned int)r->last != r->starter &&
	       (unsigned int)r->last != t && (r->enabled >> r->last & 1);
}

bool xrun_allowed(const struct xrun *r, unsigned int t)
{
	if (!(r->enabled >> t & 1))
		return false;
	if (xrun_is_flush(r, t))
		return r->cfg->max_flushes < 0 || r->flushes < (unsigned int)r->cfg->max_flushes;
	return r->cfg->preemptions < 0 || !xrun_preempts(r, t) ||
	       r->preempt < (unsigned int)r->cfg->preemptions;
}

uint64_t xrun_allowed_mask(const struct xrun *r)
{
	uint64_t m = 0;
	unsigned int t;

	for (t = 0; t < r->nthreads; t++)
		if (xrun_allowed(r, t))
			m |= 1ULL << t;
	return m;
}

int xrun_take(struct xrun *r, unsigned int t, struct sim_choice *done)
{
	struct sim_choice tmp;
	int ret;

	if (xrun_preempts(r, t))
		r->preempt++;
	r->trail[r->depth].thread = (uint8_t)t;
	r->trail[r->depth].path = r->pend[t].path;
	if (xrun_is_flush(r, t)) {
		r->trail[r->depth].flush = r->ctl.flush[t - r->starter - 1];
		r->flushes++;
	} else {
		r->last = (int)t;
	}
	r->depth++;
	ret = sim_ctl_take(&r->ctl, t, done ? done : &tmp);
	scan(r);
	return ret;
}

int xrun_finish(struct xrun *r, struct explore_outcome *o)
{
	int ret = sim_ctl_finish(&r->ctl);

	if (o) {
		o->violation = ret;
		o->invariant = r->res.invariant;
		o->site = r->res.site;
		o->final_state = sim_ctl_final_hash(&r->ctl);
		o->depth = r->depth;
	}
	return ret;
}

static void add_event(struct schedule *out, const struct sched_event *ev)
{
	if (out->nr_events < SCHED_MAX_EVENTS)
		out->ev[out->nr_events++] = *ev;
}

/* A flush choice as the event: "flush cpuN FIELD" */
static void add_flush(struct schedule *out, const struct sim_ctl_flush *f)
{
	struct sched_event ev = sched_event_blank;

	ev.kind = EV_FLUSH;
	ev.cpu = (int8_t)f->cpu;
	ev.field = f->field;
	ev.obj = f->obj;
	add_event(out, &ev);
}

/*
 * Set-up events as they are; an event start as the event with "steps 0";
 * steps as "step cpuN steps K", K consecutive steps of one path; a flush
 * as "flush cpuN FIELD"; the events never started with "steps 0"
 * (sim_ctl_finish() started them so).
 */
void xrun_witness(const struct xrun *r, struct schedule *out)
{
	const struct scenario *sc = r->cfg->sc;
	struct sched_event ev;
	unsigned int i, next = sc->first;

	out->nr_cpus = sc->sched.nr_cpus;
	out->weak = sc->sched.weak;
	out->nr_events = 0;
	for (i = 0; i < sc->first; i++)
		add_event(out, &sc->sched.ev[i]);
	for (i = 0; i < r->depth; i++) {
		const struct xchoice *c = &r->trail[i];
		struct sched_event *prev = out->nr_events ? &out->ev[out->nr_events - 1] : NULL;

		if (c->thread == r->starter) {
			ev = sc->sched.ev[next++];
			ev.run = (struct sched_run){.kind = RUN_STEPS, .task = SCHED_TASK_NONE};
			add_event(out, &ev);
			continue;
		}
		if (c->thread > r->starter) {
			add_flush(out, &c->flush);
			continue;
		}
		if (prev && prev->kind == EV_STEP && prev->cpu == c->thread && i > 0 &&
		    r->trail[i - 1].thread == c->thread && r->trail[i - 1].path == c->path &&
		    prev->run.steps < SCHED_MAX_STEPS) {
			prev->run.steps++;
			continue;
		}
		ev = sched_event_blank;
		ev.kind = EV_STEP;
		ev.cpu = (int8_t)c->thread;
		ev.run = (struct sched_run){.kind = RUN_STEPS, .steps = 1, .task = SCHED_TASK_NONE};
		add_event(out, &ev);
	}
	for (; next < sc->sched.nr_events; next++) {
		ev = sc->sched.ev[next];
		ev.run = (struct sched_run){.kind = RUN_STEPS, .task = SCHED_TASK_NONE};
		add_event(out, &ev);
	}
}

double explore_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* At most one line a second, on stderr: the numbers only (no verdict) */
void explore_progress(const struct explore_config *cfg, const struct explore_stats *st,
		      double start, double *last_print, unsigned int depth)
{
	double t;

	if (!cfg->progress || (st->runs + st->blocked + st->cached) % 256)
		return;
	t = explore_now();
	if (t - *last_print < 1.0)
		return;
	*last_print = t;
	fprintf(stderr,
		"explore: %lu runs to a verdict, %lu joined a seen state, %lu "
		"sleep-blocked, %lu states, depth %u, %.0f s\n",
		st->runs, st->cached, st->blocked, st->states, depth, t - start);
}

uint64_t explore_mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

uint64_t explore_rand(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x2545f4914f6cdd1dULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}
