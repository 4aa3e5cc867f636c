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
	/* failures from z: the same events as without them, a few failing */
	uint64_t z = seed * 0xbf58476d1ce4e5b9ULL + 3;
	uint64_t x = seed * 2654435761ULL + 0x9e3779b97f4a7c15ULL;
	unsigned int names, i, first = nr_cpus < 4 ? nr_cpus : 4;
	struct sched_event ev;

	memset(s, 0, sizeof(*s));
	s->nr_cpus = nr_cpus;
	s->weak = weak;
	ev = blank_event(EV_THREADS);
	for (i = 0; i < first; i++)
		ev.tasks[i] = (int8_t)i;
	ev.nr_tasks = (uint8_t)first;
	s->ev[s->nr_events++] = ev;
	names = first;

	while (s->nr_events < nr_events && s->nr_events < SCHED_MAX_EVENTS) {
		unsigned int r = pick(&x, 100);

		if (r < 12 && names < SCHED_MAX_TASKS) {
			ev = blank_event(EV_FORK);
			ev.task = (int8_t)pick(&x, names);
			ev.task2 = (int8_t)names++;
			ev.fork_kind = (uint8_t)(pick(&x, 8) < 6 ? FORK_THREAD :
						 pick(&x, NR_SCHED_FORK_KINDS));
		} else if (r < 20) {
			ev = blank_event(EV_EXIT);
			ev.task = (int8_t)pick(&x, names);
		} else if (r < 50) {
			ev = blank_event(EV_SCHEDULE);
			ev.cpu = (int8_t)pick(&x, nr_cpus);
			ev.task2 = (int8_t)(pick(&x, 3) ? (int)pick(&x, names) :
					    SCHED_TASK_NONE);
		} else if (r < 60) {
			ev = blank_event(EV_MIGRATE);
			ev.task = (int8_t)pick(&x, names);
			ev.cpu = (int8_t)pick(&x, nr_cpus);
		} else if (r < 78) {
			ev = blank_event(EV_STEP);
			ev.cpu = (int8_t)pick(&x, nr_cpus);
		} else if (r < 84) {
			ev = blank_event(EV_IDLE);
			ev.cpu = (int8_t)pick(&x, nr_cpus);
		} else if (r < 88) {
			ev = blank_event(EV_BLOCK);
			ev.task = (int8_t)pick(&x, names);
		} else if (r < 92) {
			ev = blank_event(EV_WAKE);
			ev.task = (int8_t)pick(&x, names);
			ev.cpu = (int8_t)(pick(&x, 2) ? (int)pick(&x, nr_cpus) : -1);
		} else if (r < 96) {
			ev = blank_event(EV_AFFINITY);
			ev.task = (int8_t)pick(&x, names);
			ev.mask = (next_rand(&x) | 1) &
				  (nr_cpus == 64 ? ~0ULL : (1ULL << nr_cpus) - 1);
		} else if (r < 98) {
			ev = blank_event(EV_WORK);
			ev.cpu = (int8_t)pick(&x, nr_cpus);
		} else {
			ev = blank_event(EV_EXEC);
			ev.task = (int8_t)pick(&x, names);
		}
		if (ev.kind != EV_THREADS && ev.kind != EV_PROCESS)
			random_run(&x, &ev);
		if (ev.kind == EV_FORK || ev.kind == EV_EXEC)
			ev.fails = !pick(&z, GEN_FAIL_ONE_IN);
		s->ev[s->nr_events++] = ev;
		if (weak && !pick(&y, 4) && s->nr_events < nr_events &&
		    s->nr_events < SCHED_MAX_EVENTS)
			s->ev[s->nr_events++] = random_flush(&y, nr_cpus);
	}
}
