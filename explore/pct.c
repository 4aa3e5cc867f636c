// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random runs of a scenario: PCT (probabilistic concurrency testing,
 * Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010) and the
 * estimate of the naive space that the reduction is measured against
 * (Knuth's estimator: the product of the branching factors along a
 * random walk is an unbiased estimate of the number of leaves).
 *
 * PCT: every thread (CPU, event starter) gets a random distinct priority
 * above D; D change points are drawn among the first k steps (k: the
 * longest run seen so far); at each state the enabled thread with the
 * highest priority goes; at the i-th change point the running thread
 * drops to priority i. A bug of depth d (d ordering constraints) is hit
 * with probability >= 1/(n k^(d-1)) per run when D >= d - 1.
 */
#include <stdlib.h>
#include <string.h>

#include "explore_internal.h"

static unsigned int pick_random(uint64_t mask, uint64_t *rng)
{
	unsigned int n = (unsigned int)__builtin_popcountll(mask);
	unsigned int k = (unsigned int)(explore_rand(rng) % n);

	while (k--)
		mask &= mask - 1;
	return (unsigned int)__builtin_ctzll(mask);
}

double explore_estimate_naive(const struct explore_config *cfg, unsigned int probes, uint64_t seed)
{
	struct xrun r;
	uint64_t rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	double sum = 0;
	unsigned int i;

	if (!probes || xrun_init(&r, cfg))
		return 0;
	for (i = 0; i < probes; i++) {
		double leaves = 1;

		xrun_begin(&r);
		while (r.depth < cfg->max_steps && !sim_ctl_stopped(&r.ctl)) {
			uint64_t m = xrun_allowed_mask(&r);

			if (!m)
				break;
			leaves *= __builtin_popcountll(m);
			xrun_take(&r, pick_random(m, &rng), NULL);
		}
		sum += leaves;
	}
	xrun_free(&r);
	return sum / probes;
}

static unsigned int highest(const unsigned int *prio, uint64_t mask)
{
	unsigned int t, best = 0, best_prio = 0;

	for (t = 0; t < XT_MAX && mask >> t; t++) {
		if (!(mask >> t & 1) || prio[t] < best_prio)
			continue;
		best = t;
		best_prio = prio[t];
	}
	return best;
}

int explore_pct(const struct explore_config *cfg, unsigned int changes, unsigned long runs,
		uint64_t seed, struct explore_stats *st)
{
	unsigned int prio[XT_MAX], change[64], i, t, k = 64;
	uint64_t rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	double start = explore_now(), last_print = start;
	struct xrun r;
	unsigned long run;

	memset(st, 0, sizeof(*st));
	if (changes > 64 || xrun_init(&r, cfg))
		return -1;
	for (run = 0; run < runs && !st->violation; run++) {
		xrun_begin(&r);
		/* a random permutation of changes + 1 .. changes + n */
		for (t = 0; t < r.nthreads; t++)
			prio[t] = changes + 1 + t;
		for (t = r.nthreads; t > 1; t--) {
			unsigned int j = (unsigned int)(explore_rand(&rng) % t);
			unsigned int tmp = prio[t - 1];

			prio[t - 1] = prio[j];
			prio[j] = tmp;
		}
		/* flush threads, met along the run: a random priority each */
		for (t = r.nthreads; t < XT_MAX; t++)
			prio[t] = cfg->sc->sched.weak
				      ? changes + 1 + (unsigned int)(explore_rand(&rng) % XT_MAX)
				      : 0;
		for (i = 0; i < changes; i++)
			change[i] = 1 + (unsigned int)(explore_rand(&rng) % k);
		while (r.depth < cfg->max_steps && !sim_ctl_stopped(&r.ctl)) {
			uint64_t m = xrun_allowed_mask(&r);

			if (!m)
				break;
			t = highest(prio, m);
			for (i = 0; i < changes; i++) {
				if (change[i] != r.depth + 1)
					continue;
				prio[t] = i + 1;
				t = highest(prio, m);
			}
			xrun_take(&r, t, NULL);
			st->steps++;
		}
		if (r.depth > k)
			k = r.depth;
		if (r.depth > st->max_depth)
			st->max_depth = r.depth;
		if (r.depth >= cfg->max_steps)
			st->cut++;
		st->runs++;
		if (xrun_finish(&r, NULL) && !st->violation) {
			st->violation = true;
			st->violation_run = st->runs;
			st->res = r.res;
			xrun_witness(&r, &st->witness);
		}
		explore_progress(cfg, st, start, &last_print, r.depth);
	}
	st->seconds = explore_now() - start;
	xrun_free(&r);
	return st->violation ? 1 : 0;
}
