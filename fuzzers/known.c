// SPDX-License-Identifier: GPL-2.0-only
/* Whose finding is a violation (known.h). */
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "known.h"
#include "view.h"

struct mm_comeback {
	struct sim *s;
	unsigned char had[256];		/* 1: has had users, 2: lost them */
	bool back;
};

static void mm_comeback_step(void *ctx, const struct sim_step_info *info)
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

bool mm_came_back(struct sim *s, const struct schedule *sched,
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

bool known_key(const char *key)
{
	const char *known = getenv("CIDFUZZ_KNOWN"), *p;
	size_t len = strlen(key);

	for (p = known; p && (p = strstr(p, key)); p += len)
		if ((p == known || p[-1] == ' ') && (!p[len] || p[len] == ' '))
			return true;
	return false;
}

enum finding_class classify_finding(struct sim *s, const struct schedule *sched,
				    const struct sim_options *opts,
				    const struct sim_result *res,
				    struct sim_result *newest)
{
	struct sim_options o = *opts;
	char key[96];

	*newest = *res;
	if (opts->bugs) {
		o.bugs = 0;
		if (!sim_run(s, sched, &o, newest, NULL))
			return FINDING_TARGET;
	}
	findings_key(newest, key, sizeof(key));
	if (known_key(key) || mm_came_back(s, sched, &o))
		return FINDING_KNOWN;
	return opts->bugs ? FINDING_NEWEST : FINDING_TARGET;
}

void findings_after_run(struct sim *s, const struct schedule *sched,
			const struct sim_options *opts,
			const struct sim_result *res, const uint8_t *data,
			size_t size)
{
	struct sim_result newest;
	enum finding_class class;

	if (res->unchecked)
		findings_unchecked(res, data, size);
	if (!res->violation)
		return;
	class = classify_finding(s, sched, opts, res, &newest);
	findings_violation(class == FINDING_TARGET ? res : &newest, class, data,
			   size);
}
