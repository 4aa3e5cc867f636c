// SPDX-License-Identifier: GPL-2.0-only
/* Whose finding is a violation (known.h). */
#include <stdlib.h>
#include <string.h>

#include "cid_bugs.h"
#include "findings.h"
#include "known.h"
#include "view.h"

struct mm_comeback {
	struct sim *s;
	unsigned char had[256];		/* 1: has had users, 2: lost them */
	bool back;
	bool unset_in_user; /* a failed exec's window was open */
	bool cpu_kept; /* a CPU owned a CID in settled per-task mode */
};

/*
 * A task in user space, an active user without a CID, of an mm in
 * per-CPU mode: the window a failed exec opens (the oracle's one
 * exception to I1), which the second finding of docs/findings.md needs.
 */
static bool failed_exec_window(const struct view *v)
{
	unsigned int i, n = view_nr_tasks(v);
	int mm;

	for (i = 0; i < n; i++) {
		mm = view_task_mm(v, i);
		if (mm >= 0 && view_task_in_user(v, i) &&
		    view_task_active(v, i) &&
		    view_task_cid(v, i) == VIEW_CID_UNSET &&
		    (view_mm_mode(v, mm) & VIEW_CID_ONCPU))
			return true;
	}
	return false;
}

/*
 * An mm with users in per-task mode, its transition over, and a CPU slot
 * still CPU owned: what the second finding leaves behind. Once the mode
 * word says per-task without TRANSIT the fixup walk is done, so this is
 * wrong at any step, not only where the oracle's I6 looks (quiescence).
 */
static bool cpu_keeps_cid(const struct view *v)
{
	unsigned int m, cpu, n = view_nr_mms(v);

	for (m = 0; m < n; m++) {
		if (!view_mm_users(v, m) ||
		    (view_mm_mode(v, m) & (VIEW_CID_ONCPU | VIEW_CID_TRANSIT)))
			continue;
		for (cpu = 0; cpu < view_nr_cpus(v); cpu++) {
			unsigned int w = view_mm_pcpu_cid(v, m, cpu);

			if (w != VIEW_CID_UNSET && (w & VIEW_CID_ONCPU))
				return true;
		}
	}
	return false;
}

static void mm_comeback_step(void *ctx, const struct sim_step_info *info)
{
	struct mm_comeback *c = ctx;
	unsigned int m, n = view_nr_mms(sim_view(c->s));

	(void)info;
	if (!c->unset_in_user && failed_exec_window(sim_view(c->s)))
		c->unset_in_user = true;
	if (c->unset_in_user && !c->cpu_kept && cpu_keeps_cid(sim_view(c->s)))
		c->cpu_kept = true;
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

/* Run @sched again and note what the known findings need */
static void run_marked(struct sim *s, const struct schedule *sched,
		       const struct sim_options *opts, struct mm_comeback *c)
{
	struct sim_options o = *opts;
	struct sim_result res;

	c->s = s;
	o.step_hook = mm_comeback_step;
	o.step_ctx = c;
	sim_run(s, sched, &o, &res, NULL);
}

bool mm_came_back(struct sim *s, const struct schedule *sched,
		  const struct sim_options *opts)
{
	struct mm_comeback c = { .s = s };

	run_marked(s, sched, opts, &c);
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

/* Do the known findings' paths explain @res, a violation of a run of @o? */
static bool known_path(struct sim *s, const struct schedule *sched,
		       const struct sim_options *o,
		       const struct sim_result *res)
{
	struct mm_comeback c = { .s = s };
	char key[96];

	findings_key(res, key, sizeof(key));
	run_marked(s, sched, o, &c);
	/* the first finding: an mm got users back (a failed exec of its last) */
	if (c.back)
		return true;
	/*
	 * The second: a failed exec in per-CPU mode, then a CPU keeps its
	 * CID in per-task mode. The oracle sees it as I6 at quiescence, or
	 * first as the lockup it leads to: the pool one CID short, a later
	 * mm_get_cid() spins (I4), in per-task mode or while the mm goes
	 * back to per-CPU mode (nfp run of 2026-12-06, round 3).
	 */
	if (!c.unset_in_user)
		return false;
	if (!strcmp(key, "I6-cpu-owns-in-per-task"))
		return true;
	return !strcmp(key, "I4-mm_get_cid") && c.cpu_kept;
}

/* Switches that fix no bug or are correct variants: invariant "-" */
static bool switches_break_nothing(unsigned int bugs)
{
	unsigned int i;

	for (i = 0; i < NR_CID_BUGS; i++)
		if (bugs >> i & 1 && strcmp(cid_bug_info(i)->invariant, "-"))
			return false;
	return true;
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
		/*
		 * Switches that break nothing change the timing only: the
		 * same schedule may reach a known finding with them and miss
		 * it without, so their own run is asked first.
		 */
		if (switches_break_nothing(opts->bugs) &&
		    known_path(s, sched, opts, res))
			return FINDING_KNOWN;
		if (!sim_run(s, sched, &o, newest, NULL))
			return FINDING_TARGET;
	}
	findings_key(newest, key, sizeof(key));
	if (known_key(key) || known_path(s, sched, &o, newest))
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
