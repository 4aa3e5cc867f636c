// SPDX-License-Identifier: GPL-2.0-only
/*
 * The exhaustive explorer of litmus.h. A node of the search is the list
 * of choices made so far; it is rebuilt by running the programs again
 * from the start with those choices (the programs are a few primitives
 * each, so re-execution is cheaper than saving coroutine stacks). The
 * choices at a node: step a CPU whose next primitive can go, or let a
 * flushable buffered store of a CPU leave its buffer. A node without
 * choices is a complete execution: every program ended and every buffer
 * drained; "exists" is judged there.
 */
#include <stdint.h>

#include "litmus.h"
#include "oracle.h"

#define LITMUS_MAX_DEPTH 96
#define LITMUS_MAX_CHOICES (LITMUS_MAX_CPUS * 17)

struct choice {
	uint8_t flush; /* 0: step cpu, 1: flush entry idx of cpu */
	uint8_t cpu;
	uint8_t idx;
};

struct explorer {
	const struct litmus *t;
	bool weak;
	struct sim *s;
	struct choice path[LITMUS_MAX_DEPTH];
	struct litmus_result *res;
};

static void apply(struct explorer *x, const struct choice *c)
{
	if (c->flush)
		sim_weak_flush(x->s, c->cpu, c->idx);
	else
		sim_progs_step(x->s, c->cpu);
}

static void replay(struct explorer *x, unsigned int depth)
{
	unsigned int i;

	x->t->init();
	sim_progs_start(x->s, x->t->nr_cpus, x->weak, x->t->prog, NULL);
	for (i = 0; i < depth; i++)
		apply(x, &x->path[i]);
}

static unsigned int choices(struct explorer *x, struct choice *out)
{
	struct sim_weak_entry e[32];
	unsigned int cpu, i, n = 0, k;

	for (cpu = 0; cpu < x->t->nr_cpus; cpu++)
		if (sim_progs_can_step(x->s, cpu))
			out[n++] = (struct choice){0, (uint8_t)cpu, 0};
	for (cpu = 0; cpu < x->t->nr_cpus; cpu++) {
		k = sim_weak_pending(x->s, cpu, e, 32);
		for (i = 0; i < k && i < 32 && n < LITMUS_MAX_CHOICES; i++)
			if (e[i].flushable)
				out[n++] = (struct choice){1, (uint8_t)cpu, (uint8_t)i};
	}
	return n;
}

static void dfs(struct explorer *x, unsigned int depth)
{
	struct choice c[LITMUS_MAX_CHOICES];
	unsigned int n, k;

	replay(x, depth);
	n = choices(x, c);
	if (!n) {
		x->res->executions++;
		if (x->t->exists())
			x->res->reached = true;
		return;
	}
	if (depth == LITMUS_MAX_DEPTH) {
		x->res->truncated = true;
		return;
	}
	for (k = 0; k < n; k++) {
		x->path[depth] = c[k];
		dfs(x, depth + 1);
	}
}

void litmus_explore(const struct litmus *t, bool weak, struct litmus_result *res)
{
	struct explorer x = {.t = t, .weak = weak, .res = res};

	res->reached = false;
	res->executions = 0;
	res->truncated = false;
	x.s = sim_new(oracle_checker());
	if (!x.s)
		return;
	dfs(&x, 0);
	sim_free(x.s);
}
