// SPDX-License-Identifier: GPL-2.0-only
/*
 * The schedule of a violating run: replayed once to make sure the plain
 * simulator (what `cidfuzz replay` runs) shows the same violation, then
 * shrunk by the minimizer (minimize/), which keeps invariant and site.
 */
#include <string.h>

#include "explore.h"
#include "minimize.h"
#include "oracle.h"

static bool same_violation(const struct sim_result *a, const struct sim_result *b)
{
	return a->violation && b->violation && !strcmp(a->invariant, b->invariant) &&
	       !strcmp(a->site, b->site);
}

int explore_minimize_witness(const struct explore_config *cfg, struct explore_stats *st)
{
	struct minimize_stats mst;
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());
	int ret;

	if (!s)
		return -1;
	ret = sim_run(s, &st->witness, &cfg->opts, &res, NULL);
	sim_free(s);
	if (ret != 1 || !same_violation(&res, &st->res))
		return -1;
	if (minimize_schedule(&st->witness, &cfg->opts, &mst))
		return -1;
	return 0;
}
