// SPDX-License-Identifier: GPL-2.0-only
/*
 * The minimizer: delta debugging over schedules.
 *
 * The violation to keep is the (invariant, site) pair the schedule shows
 * when it is first run; a candidate replaces the current schedule only if
 * the simulator reports a violation with the same invariant and the same
 * site (the "what" may change: task names and CID values move as the
 * schedule shrinks). Every accepted candidate is smaller or simpler, so
 * the process ends.
 *
 * One round is, in this order:
 *
 *  a. ddmin over the events: remove chunks of n/2 events, then n/4, ...
 *     down to single events, keeping every removal that preserves the
 *     violation (the "complement" step of classic ddmin: the rest is
 *     tested without the chunk). After a successful removal the next
 *     chunk has moved into the gap, so the same position is tried again.
 *  b. each event on its own, every simplification kept if the violation
 *     stays: threads loses tasks after the first; a run part "until
 *     enters FUNC" becomes a full run (else loses its "for T"), "steps
 *     N" becomes a full run, else the smallest N that still violates
 *     (binary search); a fork becomes a plain thread fork; wake and
 *     process lose their CPU; schedule loses its named next task; an
 *     affinity mask loses CPUs (never the last one).
 *  c. fewer CPUs: N -> N-1 while N > 1, until the violation is lost.
 *
 * Rounds repeat until one changes nothing: the schedule is then
 * 1-minimal (no single event can go). Then
 *
 *  d. pairs: every two events i < j with j at most MINIMIZE_PAIR_WINDOW
 *     after i, removed together. Some events only matter in pairs: two
 *     "preempt cpuN" take a CPU's task off and back, so either alone
 *     changes who runs from then on and loses the violation, while both
 *     together are noise. ddmin's chunks remove such a pair only when
 *     nothing needed stands between the two.
 *
 * A pair removed starts the rounds again (singles may go now); the
 * result is 1-minimal over single events and over pairs within the
 * window. Nothing carries over from one attempt to the next but the
 * schedule (no randomness, no clock), so the result is a fixpoint:
 * minimizing it again runs one round and one pass over the pairs that
 * change nothing and gives it back unchanged (idempotent).
 *
 * Safety net: at most MINIMIZE_MAX_RUNS simulator runs in total. When the
 * budget is spent every further candidate counts as rejected, so the
 * schedule returned still shows the violation, but it may not be a
 * fixpoint (and so minimizing it again may shrink it further).
 *
 * Candidates stay valid schedules that print and parse back (no empty
 * threads list or affinity mask, no CPU beyond nr_cpus), so the result
 * can always be written as a .sched file.
 */
#include <stdlib.h>
#include <string.h>

#include "minimize.h"
#include "oracle.h"

/* The reproducers in crashes/ take ~40 runs, padded ones a few hundred */
#define MINIMIZE_MAX_RUNS	20000

/* d. the second event of a pair at most this far after the first */
#define MINIMIZE_PAIR_WINDOW	16

#define sizeof_field(type, member)	sizeof(((type *)0)->member)

struct minimizer {
	struct sim *sim;		/* reused for every run */
	struct sim_options opts;	/* the caller's, no trace, no fault */
	char invariant[sizeof_field(struct sim_result, invariant)];
	char site[sizeof_field(struct sim_result, site)];
	unsigned int runs;
	unsigned long steps;		/* steps of the current schedule */
	bool changed;			/* this round adopted a candidate */
	struct schedule cand;		/* ~100 KB: never on the stack */
};

/* Only the used events: a full struct copy would move ~100 KB a try */
static void sched_copy(struct schedule *dst, const struct schedule *src)
{
	dst->nr_cpus = src->nr_cpus;
	dst->weak = src->weak;
	dst->nr_events = src->nr_events;
	memcpy(dst->ev, src->ev, src->nr_events * sizeof(src->ev[0]));
}

/*
 * Does @s still show the violation we keep? On yes, remember its steps
 * and that the round changed something: every caller then adopts @s.
 */
static bool keeps_violation(struct minimizer *m, const struct schedule *s)
{
	struct sim_result res;

	if (m->runs >= MINIMIZE_MAX_RUNS)
		return false;
	m->runs++;
	if (sim_run(m->sim, s, &m->opts, &res, NULL) != 1 ||
	    strcmp(res.invariant, m->invariant) || strcmp(res.site, m->site))
		return false;
	m->steps = res.steps;
	m->changed = true;
	return true;
}

/* m->cand is the candidate: adopt it if it keeps the violation */
static bool try_candidate(struct minimizer *m, struct schedule *s)
{
	if (!keeps_violation(m, &m->cand))
		return false;
	sched_copy(s, &m->cand);
	return true;
}

/* Replace event @i by @ev in place; undo it if the violation is lost */
static bool try_event(struct minimizer *m, struct schedule *s, unsigned int i,
		      const struct sched_event *ev)
{
	struct sched_event old = s->ev[i];

	s->ev[i] = *ev;
	if (keeps_violation(m, s))
		return true;
	s->ev[i] = old;
	return false;
}

/* ------------------------------------------------------------------ */
/* a. ddmin over the events                                           */
/* ------------------------------------------------------------------ */

/* Try @s without events [a, a_end) and [b, b_end), a_end <= b */
static bool remove_ranges(struct minimizer *m, struct schedule *s,
			  unsigned int a, unsigned int a_end, unsigned int b,
			  unsigned int b_end)
{
	struct schedule *c = &m->cand;
	struct sched_event *to = c->ev;

	c->nr_cpus = s->nr_cpus;
	c->weak = s->weak;
	c->nr_events = s->nr_events - (a_end - a) - (b_end - b);
	memcpy(to, s->ev, a * sizeof(s->ev[0]));
	to += a;
	memcpy(to, s->ev + a_end, (b - a_end) * sizeof(s->ev[0]));
	to += b - a_end;
	memcpy(to, s->ev + b_end, (s->nr_events - b_end) * sizeof(s->ev[0]));
	return try_candidate(m, s);
}

/* Try @s without events [from, to) */
static bool remove_range(struct minimizer *m, struct schedule *s,
			 unsigned int from, unsigned int to)
{
	return remove_ranges(m, s, from, to, to, to);
}

static void remove_chunks(struct minimizer *m, struct schedule *s)
{
	unsigned int chunk = s->nr_events > 1 ? s->nr_events / 2 : 1;
	unsigned int start, end;

	for (;;) {
		/* A removal pulls the next chunk to @start: try it there */
		for (start = 0; start < s->nr_events;) {
			end = start + chunk < s->nr_events ?
			      start + chunk : s->nr_events;
			if (!remove_range(m, s, start, end))
				start = end;
		}
		if (chunk == 1)
			break;
		chunk /= 2;
	}
}

/* ------------------------------------------------------------------ */
/* b. one event at a time                                             */
/* ------------------------------------------------------------------ */

/* threads T0 T1 ..: drop each of T1.. (T0 is the process itself) */
static void simplify_threads(struct minimizer *m, struct schedule *s,
			     unsigned int i)
{
	struct sched_event ev;
	unsigned int j = 1;

	while (j < s->ev[i].nr_tasks) {
		ev = s->ev[i];
		memmove(ev.tasks + j, ev.tasks + j + 1,
			(size_t)(ev.nr_tasks - j - 1) * sizeof(ev.tasks[0]));
		ev.nr_tasks--;
		ev.tasks[ev.nr_tasks] = 0;
		/* on success the next task has moved to j */
		if (!try_event(m, s, i, &ev))
			j++;
	}
}

/* Smallest "steps N" that still violates; N itself is known to */
static void shortest_steps(struct minimizer *m, struct schedule *s,
			   unsigned int i)
{
	struct sched_event ev = s->ev[i];
	unsigned int lo = 0, hi = ev.run.steps;

	while (lo < hi) {
		ev.run.steps = (uint16_t)(lo + (hi - lo) / 2);
		if (try_event(m, s, i, &ev))
			hi = ev.run.steps;
		else
			lo = ev.run.steps + 1u;
	}
}

/* The run part: a full run is simplest, then fewer conditions or steps */
static void simplify_run(struct minimizer *m, struct schedule *s,
			 unsigned int i)
{
	struct sched_event ev = s->ev[i];

	if (ev.run.kind == RUN_COMPLETE)
		return;
	ev.run = sched_event_blank.run;
	if (try_event(m, s, i, &ev))
		return;
	ev = s->ev[i];
	if (ev.run.kind == RUN_STEPS) {
		shortest_steps(m, s, i);
	} else if (ev.run.task != SCHED_TASK_NONE) {
		ev.run.task = SCHED_TASK_NONE;
		try_event(m, s, i, &ev);
	}
}

/* affinity: clear one CPU at a time, keeping the mask non-empty */
static void simplify_mask(struct minimizer *m, struct schedule *s,
			  unsigned int i)
{
	struct sched_event ev;
	unsigned int b;

	for (b = 0; b < 64; b++) {
		ev = s->ev[i];
		if (!(ev.mask >> b & 1) || !(ev.mask & ~(1ULL << b)))
			continue;
		ev.mask &= ~(1ULL << b);
		try_event(m, s, i, &ev);
	}
}

/* fork: a plain thread fork */
static void simplify_fork_kind(struct minimizer *m, struct schedule *s,
			       unsigned int i)
{
	struct sched_event ev = s->ev[i];

	if (ev.fork_kind == FORK_THREAD)
		return;
	ev.fork_kind = FORK_THREAD;
	try_event(m, s, i, &ev);
}

/* wake, process: no CPU of their own */
static void simplify_opt_cpu(struct minimizer *m, struct schedule *s,
			     unsigned int i)
{
	struct sched_event ev = s->ev[i];

	if (ev.cpu < 0)
		return;
	ev.cpu = -1;
	try_event(m, s, i, &ev);
}

/* schedule: no named next task */
static void simplify_next(struct minimizer *m, struct schedule *s,
			  unsigned int i)
{
	struct sched_event ev = s->ev[i];

	if (ev.task2 < 0)	/* NONE already, or idle: no name */
		return;
	ev.task2 = SCHED_TASK_NONE;
	try_event(m, s, i, &ev);
}

/*
 * What makes an operand (event_kinds.h) simpler; none: it has no
 * simpler value (a task, a CPU, "fail")
 */
static void (*const simplify_operand[NR_SCHED_OPERANDS])(struct minimizer *,
							 struct schedule *,
							 unsigned int) = {
	[OPD_TASKS]	= simplify_threads,
	[OPD_OPT_CPU]	= simplify_opt_cpu,
	[OPD_NEXT]	= simplify_next,
	[OPD_MASK]	= simplify_mask,
	[OPD_FORK_KIND]	= simplify_fork_kind,
};

/* Each operand of the event, in order, then its run part */
static void simplify_events(struct minimizer *m, struct schedule *s)
{
	const unsigned char *o;
	unsigned int i;

	for (i = 0; i < s->nr_events; i++) {
		for (o = sched_kinds[s->ev[i].kind].operands; *o != OPD_END; o++)
			if (simplify_operand[*o])
				simplify_operand[*o](m, s, i);
		simplify_run(m, s, i);
	}
}

/* ------------------------------------------------------------------ */
/* c. fewer CPUs                                                      */
/* ------------------------------------------------------------------ */

/*
 * Can @ev stay on @n CPUs? Its mask loses the CPUs beyond (not the
 * last one it has); a CPU beyond, named as such, cannot stay.
 */
static bool fits_cpus(struct sched_event *ev, unsigned int n)
{
	uint64_t all = (1ULL << n) - 1;		/* n < 64 */
	const unsigned char *o;

	for (o = sched_kinds[ev->kind].operands; *o != OPD_END; o++) {
		switch (*o) {
		case OPD_MASK:
			ev->mask &= all;
			if (!ev->mask)
				return false;
			break;
		case OPD_CPU:
		case OPD_OPT_CPU:
			if (ev->cpu >= (int)n)
				return false;
			break;
		}
	}
	return true;
}

/*
 * @s on one CPU less. The text form cannot name a CPU beyond "cpus N",
 * so events naming the lost CPU go and masks lose it; that is what the
 * simulator would do anyway (it skips such events and trims masks, and
 * an affinity that excludes the task's CPU is skipped).
 */
static bool remove_cpu(struct minimizer *m, struct schedule *s)
{
	struct schedule *c = &m->cand;
	unsigned int n = s->nr_cpus - 1, i;
	struct sched_event *ev;

	c->nr_cpus = n;
	c->weak = s->weak;
	c->nr_events = 0;
	for (i = 0; i < s->nr_events; i++) {
		ev = &c->ev[c->nr_events];
		*ev = s->ev[i];
		if (fits_cpus(ev, n))
			c->nr_events++;
	}
	return try_candidate(m, s);
}

static void fewer_cpus(struct minimizer *m, struct schedule *s)
{
	while (s->nr_cpus > 1 && remove_cpu(m, s))
		;
}

/* ------------------------------------------------------------------ */
/* d. pairs                                                           */
/* ------------------------------------------------------------------ */

/*
 * Every pair (i, j), i < j <= i + MINIMIZE_PAIR_WINDOW, removed
 * together; on success the events after each gap have moved down, so
 * the same i is tried again from its nearest partner.
 */
static void remove_pairs(struct minimizer *m, struct schedule *s)
{
	unsigned int i, j;

	for (i = 0; i + 1 < s->nr_events; i++)
		for (j = i + 1; j < s->nr_events && j <= i + MINIMIZE_PAIR_WINDOW;) {
			if (remove_ranges(m, s, i, i + 1, j, j + 1))
				j = i + 1;
			else
				j++;
		}
}

/* ------------------------------------------------------------------ */

static void minimize_rounds(struct minimizer *m, struct schedule *s)
{
	do {
		do {
			m->changed = false;
			remove_chunks(m, s);
			simplify_events(m, s);
			fewer_cpus(m, s);
		} while (m->changed && m->runs < MINIMIZE_MAX_RUNS);
		/* 1-minimal: now the pairs; one gone, the rounds again */
		remove_pairs(m, s);
	} while (m->changed && m->runs < MINIMIZE_MAX_RUNS);
}

/* The first run: is there a violation, and which one do we keep? */
static bool first_run(struct minimizer *m, const struct schedule *s,
		      struct minimize_stats *st)
{
	struct sim_result res;

	m->runs = 1;
	sim_run(m->sim, s, &m->opts, &res, NULL);
	st->steps_before = res.steps;
	if (!res.violation)
		return false;
	memcpy(m->invariant, res.invariant, sizeof(m->invariant));
	memcpy(m->site, res.site, sizeof(m->site));
	m->invariant[sizeof(m->invariant) - 1] = '\0';
	m->site[sizeof(m->site) - 1] = '\0';
	m->steps = res.steps;
	return true;
}

int minimize_schedule(struct schedule *s, const struct sim_options *opts,
		      struct minimize_stats *st)
{
	struct minimizer *m = calloc(1, sizeof(*m));
	int ret = -1;

	memset(st, 0, sizeof(*st));
	st->events_before = s->nr_events;
	/* out of memory reads as "nothing to keep": no other way to fail */
	if (!m)
		return -1;
	m->sim = sim_new(oracle_checker());
	m->opts = *opts;
	m->opts.trace = false;
	m->opts.fault.kind = FAULT_NONE;
	if (m->sim && first_run(m, s, st)) {
		minimize_rounds(m, s);
		ret = 0;
	}
	st->events_after = s->nr_events;
	st->steps_after = ret ? st->steps_before : m->steps;
	st->runs = m->runs;
	if (m->sim)
		sim_free(m->sim);
	free(m);
	return ret;
}
