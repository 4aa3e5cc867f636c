// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random but plausible schedules (see gen.h). The generator tracks only
 * names, not state: whether an event is possible is the simulator's call,
 * so some events are skipped, as in fuzzing.
 */
#include <string.h>

#include "gen.h"
#include "trace_funcs.h"

/* One fork or exec in so many fails (sched_event.fails) */
#define GEN_FAIL_ONE_IN	8

static uint64_t next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static unsigned int pick(uint64_t *x, unsigned int n)
{
	return (unsigned int)(next_rand(x) % n);
}

static struct sched_event blank_event(unsigned int kind)
{
	struct sched_event ev = sched_event_blank;

	ev.kind = (uint8_t)kind;
	return ev;
}

static void random_run(uint64_t *x, struct sched_event *ev)
{
	unsigned int r = pick(x, 10);

	if (r < 6)
		return;
	if (r < 9) {
		ev->run.kind = RUN_STEPS;
		ev->run.steps = (uint16_t)pick(x, 12);
		return;
	}
	ev->run.kind = RUN_UNTIL;
	ev->run.func = (uint8_t)pick(x, NR_TRACE_FUNCS);
}

static const uint8_t flush_fields[] = {
    FIELD_ALL,	     FIELD_MM_MODE,    FIELD_MM_PERCPU,	  FIELD_MM_TRANSIT,
    FIELD_MM_PERCPU, FIELD_MM_TRANSIT, FIELD_MM_MAX_CIDS,
};

/* A flush on a random CPU, drawn from a stream of its own */
static struct sched_event random_flush(uint64_t *y, unsigned int nr_cpus)
{
	struct sched_event ev = blank_event(EV_FLUSH);

	ev.cpu = (int8_t)pick(y, nr_cpus);
	ev.field = flush_fields[pick(y, sizeof(flush_fields))];
	if (ev.field != FIELD_ALL)
		ev.obj = 0;
	return ev;
}

/* What the generator draws from and knows: names, not state */
struct gen {
	uint64_t x;		/* the events and their operands */
	uint64_t z;		/* failures: the same events, a few failing */
	unsigned int names;	/* T0..T<names - 1> named so far */
	unsigned int nr_cpus;
};

/* Operands (event_kinds.h), one generator each, drawn in their order */

static void gen_task(struct gen *g, struct sched_event *ev)
{
	ev->task = (int8_t)pick(&g->x, g->names);
}

static void gen_new_task(struct gen *g, struct sched_event *ev)
{
	ev->task = (int8_t)g->names++;
}

static void gen_child(struct gen *g, struct sched_event *ev)
{
	ev->task2 = (int8_t)g->names++;
}

/* threads: all the names so far, in order */
static void gen_tasks(struct gen *g, struct sched_event *ev)
{
	unsigned int i;

	for (i = 0; i < g->names; i++)
		ev->tasks[i] = (int8_t)i;
	ev->nr_tasks = (uint8_t)g->names;
}

static void gen_cpu(struct gen *g, struct sched_event *ev)
{
	ev->cpu = (int8_t)pick(&g->x, g->nr_cpus);
}

static void gen_opt_cpu(struct gen *g, struct sched_event *ev)
{
	ev->cpu = (int8_t)(pick(&g->x, 2) ? (int)pick(&g->x, g->nr_cpus) : -1);
}

static void gen_next(struct gen *g, struct sched_event *ev)
{
	ev->task2 = (int8_t)(pick(&g->x, 3) ? (int)pick(&g->x, g->names) :
			     SCHED_TASK_NONE);
}

static void gen_mask(struct gen *g, struct sched_event *ev)
{
	ev->mask = (next_rand(&g->x) | 1) &
		   (g->nr_cpus == 64 ? ~0ULL : (1ULL << g->nr_cpus) - 1);
}

/* Mostly a thread, as in a thread pool */
static void gen_fork_kind(struct gen *g, struct sched_event *ev)
{
	ev->fork_kind = (uint8_t)(pick(&g->x, 8) < 6 ? FORK_THREAD :
				  pick(&g->x, NR_SCHED_FORK_KINDS));
}

static void gen_fail(struct gen *g, struct sched_event *ev)
{
	ev->fails = !pick(&g->z, GEN_FAIL_ONE_IN);
}

/* The whole buffer of the CPU (flushes of fields: random_flush()) */
static void gen_field(struct gen *g, struct sched_event *ev)
{
	(void)g;
	ev->field = FIELD_ALL;
}

static void (*const operand_gens[NR_SCHED_OPERANDS])(struct gen *, struct sched_event *) = {
#define X(OPERAND, name) [OPD_##OPERAND] = gen_##name,
	SCHED_OPERANDS(X)
#undef X
};

/* A kind that names a new task needs a name left */
static bool gen_possible(const struct gen *g, unsigned int kind)
{
	if (g->names < SCHED_MAX_TASKS)
		return true;
	return !sched_kind_has(kind, OPD_CHILD) && !sched_kind_has(kind, OPD_NEW_TASK);
}

/*
 * The kind whose band of the draw (event_kinds.h: gen) holds @r, or, if
 * it cannot be made now, the next band's; the last band's regardless
 */
static unsigned int gen_kind(const struct gen *g, unsigned int r)
{
	unsigned int kind = sched_kind_drawn(DRAW_GEN, r);
	const struct sched_band *b = &sched_kinds[kind].band[DRAW_GEN];

	while (!gen_possible(g, kind) && b->to < SCHED_DRAW_RANGE) {
		kind = sched_kind_drawn(DRAW_GEN, b->to);
		b = &sched_kinds[kind].band[DRAW_GEN];
	}
	return kind;
}

/* One event: its kind, its operands drawn in their order, its run part */
static struct sched_event gen_event(struct gen *g)
{
	struct sched_event ev =
		blank_event(gen_kind(g, pick(&g->x, SCHED_DRAW_RANGE)));
	const unsigned char *o;

	for (o = sched_kinds[ev.kind].operands; *o != OPD_END; o++)
		operand_gens[*o](g, &ev);
	if (sched_kinds[ev.kind].flags & KF_RUN)
		random_run(&g->x, &ev);
	return ev;
}

void sched_generate(struct schedule *s, uint64_t seed, unsigned int nr_cpus,
		    unsigned int nr_events)
{
	sched_generate_mem(s, seed, nr_cpus, nr_events, false);
}

void sched_generate_mem(struct schedule *s, uint64_t seed, unsigned int nr_cpus,
			unsigned int nr_events, bool weak)
{
	/* flushes draw from y: the other events are those of weak == false */
	uint64_t y = seed * 0x9e3779b97f4a7c15ULL + 1;
	struct gen g = {
		.x = seed * 2654435761ULL + 0x9e3779b97f4a7c15ULL,
		.z = seed * 0xbf58476d1ce4e5b9ULL + 3,
		.names = nr_cpus < 4 ? nr_cpus : 4,
		.nr_cpus = nr_cpus,
	};
	struct sched_event ev;

	memset(s, 0, sizeof(*s));
	s->nr_cpus = nr_cpus;
	s->weak = weak;
	ev = blank_event(EV_THREADS);
	gen_tasks(&g, &ev);
	s->ev[s->nr_events++] = ev;

	while (s->nr_events < nr_events && s->nr_events < SCHED_MAX_EVENTS) {
		s->ev[s->nr_events++] = gen_event(&g);
		if (weak && !pick(&y, 4) && s->nr_events < nr_events &&
		    s->nr_events < SCHED_MAX_EVENTS)
			s->ev[s->nr_events++] = random_flush(&y, nr_cpus);
	}
}
