/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tests: what the fixed code is known to break, so that the tests of no
 * false positives can tell it from a false positive.
 *
 * A failed exec that leaves and joins again an mm that has no other user
 * meanwhile (it was the last one, or the others exited while it was out)
 * finds the mm as its last user left it: the mode flipped with TRANSIT
 * and never completed, CPUs still owning CIDs; the "first user" path of
 * sched_mm_cid_fork() then overwrites this CPU's slot. The oracle reports
 * I3 (then I2, I6; I4 with those off): a finding on the newest kernel,
 * failed_exec_revives_a_userless_mm in test_sim.c. An mm never gets users
 * again after it lost them all, but through that path.
 */
#ifndef CIDFUZZ_KNOWN_FINDINGS_H
#define CIDFUZZ_KNOWN_FINDINGS_H

#include <stdbool.h>

#include "schedule.h"
#include "sim.h"
#include "view.h"

struct mm_comeback {
	struct sim *s;
	unsigned char had[256];		/* 1: has had users, 2: lost them */
	bool back;
};

static inline void mm_comeback_step(void *ctx, const struct sim_step_info *info)
{
	struct mm_comeback *c = ctx;
	unsigned int m, n = view_nr_mms(sim_view(c->s));

	(void)info;
	for (m = 0; m < n && m < sizeof(c->had); m++) {
		bool users = view_mm_users(sim_view(c->s), m);

		if (users && c->had[m] == 2)
			c->back = true;
		if (users)
			c->had[m] = 1;
		else if (c->had[m] == 1)
			c->had[m] = 2;
	}
}

/* Run @sched again (in @s, as @opts says): did an mm get users back? */
static inline bool mm_came_back(struct sim *s, const struct schedule *sched,
				const struct sim_options *opts)
{
	struct mm_comeback c = { .s = s };
	struct sim_options o = *opts;
	struct sim_result res;

	o.step_hook = mm_comeback_step;
	o.step_ctx = &c;
	sim_run(s, sched, &o, &res, NULL);
	return c.back;
}

#endif
