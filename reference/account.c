// SPDX-License-Identifier: GPL-2.0-only
/*
 * I6: the model's accounting against the spec's own (spec.h), at every
 * quiescent point: who is a CID user, each mm's users, max_cids,
 * pcpu_thrs, nr_cpus_allowed and mode, and the ownership the mode implies
 * (docs/contract.md §8.4: per task, no CPU owns a CID; per CPU, no task
 * owns a plain one).
 *
 * The spec's mms are its own; each is bound to the model's mm that its
 * first user is seen in, and every later user must be seen in that one.
 */
#include <stdio.h>
#include <string.h>

#include "oracle_internal.h"
#include "view.h"

static const char *mode_name(unsigned int mode)
{
	static const char *const names[] = {
		"per-task", "per-task|TRANSIT", "per-cpu", "per-cpu|TRANSIT",
	};

	return names[!!(mode & VIEW_CID_ONCPU) * 2 + !!(mode & VIEW_CID_TRANSIT)];
}

/* Bind spec mms to the model's through their users; false on a conflict */
static bool bind(struct oracle *o, struct view *v)
{
	struct spec *sp = &o->spec;
	unsigned int slot, k, n = view_nr_tasks(v);
	uint64_t seen = 0;
	int index[64];

	/* the slots the model has, in slot order */
	for (k = 0; k < n; k++) {
		slot = view_task_slot(v, k) % 64;
		seen |= 1ULL << slot;
		index[slot] = (int)k;
	}
	while (seen) {
		const struct spec_task *t;
		int model;

		slot = (unsigned int)__builtin_ctzll(seen);
		seen &= seen - 1;
		t = &sp->task[slot];
		if (!t->exists || !t->user || t->mm < 0 || sp->mm[t->mm].model >= 0)
			continue;
		model = view_task_mm(v, (unsigned int)index[slot]);
		if (model < 0)
			continue;
		for (k = 0; k < sp->nr_mms; k++) {
			if (sp->mm[k].model != model)
				continue;
			or_fail(v, "I6", "mm-shared",
				"T%u runs in mm%d, which belongs to other tasks; the spec gives it an mm of its own",
				slot, model);
			return false;
		}
		sp->mm[t->mm].model = model;
	}
	return true;
}

static int smm_of_model(struct oracle *o, int model)
{
	unsigned int k;

	for (k = 0; k < o->spec.nr_mms; k++)
		if (o->spec.mm[k].model == model)
			return (int)k;
	return -1;
}

void or_account_event(struct oracle *o, struct view *v,
		      const struct check_event *ev)
{
	struct spec *sp = &o->spec;

	if (!or_on(o, 6))
		return;
	switch (ev->kind) {
	case CEV_PROCESS:
		spec_process(sp, ev->task);
		break;
	case CEV_FORK:
		if (ev->fails)
			spec_fork_failed(sp, ev->task, ev->child, ev->share_mm);
		else
			spec_fork(sp, ev->task, ev->child, ev->share_mm);
		break;
	case CEV_EXIT:
		spec_exit(sp, ev->task);
		break;
	case CEV_EXEC:
		if (ev->fails)
			spec_exec_failed(sp, ev->task);
		else
			spec_exec(sp, ev->task);
		break;
	case CEV_AFFINITY:
		spec_affinity(sp, ev->task, ev->mask);
		break;
	case CEV_WORK:
		if (bind(o, v))
			spec_work(sp, smm_of_model(o, ev->mm));
		break;
	}
}

/* Who is a CID user, and in which mm */
static bool check_users(struct oracle *o, struct view *v)
{
	const struct spec *sp = &o->spec;
	unsigned int i;

	for (i = 0; i < view_nr_tasks(v); i++) {
		unsigned int slot = view_task_slot(v, i);
		const struct spec_task *t = &sp->task[slot];
		bool user = t->exists && t->user;

		if (view_task_active(v, i) != user) {
			or_fail(v, "I6", "user",
				"T%u is %sa CID user; after its events it should %sbe",
				slot, user ? "not " : "", user ? "" : "not ");
			return false;
		}
		if (user && view_task_mm(v, i) != sp->mm[t->mm].model) {
			or_fail(v, "I6", "task-mm",
				"T%u is a user of mm%d; the spec puts it in mm%d (its parent's)",
				slot, view_task_mm(v, i), sp->mm[t->mm].model);
			return false;
		}
	}
	return true;
}

static bool matches(const struct spec *sp, const struct spec_state *c,
		    struct view *v, unsigned int m)
{
	if (c->dead)
		return !view_mm_users(v, m);
	return view_mm_users(v, m) == c->users &&
	       view_mm_max_cids(v, m) == spec_max_cids(sp, c) &&
	       view_mm_pcpu_thrs(v, m) == c->thrs &&
	       view_mm_nr_cpus_allowed(v, m) == spec_weight(sp, c) &&
	       view_mm_update_deferred(v, m) == c->deferred &&
	       view_mm_mode(v, m) == (c->thrs ? VIEW_CID_ONCPU : 0);
}

/* How many of the fields I6 compares @c has as the model has them */
static unsigned int fields_alike(const struct spec *sp,
				 const struct spec_state *c, struct view *v,
				 unsigned int m)
{
	if (c->dead)
		return 0;
	return (view_mm_users(v, m) == c->users) * 8 +
	       (view_mm_max_cids(v, m) == spec_max_cids(sp, c)) +
	       (view_mm_pcpu_thrs(v, m) == c->thrs) +
	       (view_mm_nr_cpus_allowed(v, m) == spec_weight(sp, c)) +
	       (view_mm_update_deferred(v, m) == c->deferred) +
	       (view_mm_mode(v, m) == (c->thrs ? VIEW_CID_ONCPU : 0));
}

static void report_mismatch(struct oracle *o, struct view *v, unsigned int m,
			    const struct spec_state *c, int nr)
{
	const struct spec *sp = &o->spec;
	const struct spec_state *best = c;
	int k;

	/*
	 * The candidate closest to the model explains best: the model's
	 * user count first, then the most fields alike. The full oracle
	 * keeps every state the history allows, the incremental one the
	 * state the model was in: this names the same one in both.
	 */
	for (k = 1; k < nr; k++)
		if (fields_alike(sp, &c[k], v, m) > fields_alike(sp, best, v, m))
			best = &c[k];
	c = best;
	or_fail(v, "I6", "accounting",
		"mm%u: users %u max_cids %u pcpu_thrs %u nr_cpus_allowed %u %s%s; the spec says users %u max_cids %u pcpu_thrs %u nr_cpus_allowed %u %s%s (%d state%s possible)",
		m, view_mm_users(v, m), view_mm_max_cids(v, m),
		view_mm_pcpu_thrs(v, m), view_mm_nr_cpus_allowed(v, m),
		mode_name(view_mm_mode(v, m)),
		view_mm_update_deferred(v, m) ? " deferred" : "",
		c->users, c->dead ? 0 : spec_max_cids(sp, c), c->thrs,
		spec_weight(sp, c), c->thrs ? "per-cpu" : "per-task",
		c->deferred ? " deferred" : "", nr, nr == 1 ? "" : "s");
}

/*
 * The spec lost track of mm @k (spec.h): from here on I6 is not checked
 * for it, which the verdict must say, never silently (once an mm)
 */
static void lost_track(struct oracle *o, struct view *v, unsigned int k)
{
	const struct spec_mm *m = &o->spec.mm[k];
	uint64_t bit = 1ULL << (k % 64);
	char why[160];

	if (o->lost_told[k / 64] & bit)
		return;
	o->lost_told[k / 64] |= bit;
	o->stats.lost++;
	if (m->model >= 0)
		snprintf(why, sizeof(why), "mm%d: %s", m->model, m->why);
	else
		snprintf(why, sizeof(why), "an mm not seen yet: %s", m->why);
	view_unchecked(v, "I6", why);
}

static bool check_mm(struct oracle *o, struct view *v, unsigned int k)
{
	struct spec_state cands[SPEC_MAX_CANDS];
	struct spec *sp = &o->spec;
	int nr, i, model = sp->mm[k].model;

	if (!sp->keep_history && sp->mm[k].done_ops == sp->mm[k].nr_ops) {
		/* no event since the last quiescent point: the same state */
		nr = (int)sp->mm[k].nr_base;
		memcpy(cands, sp->mm[k].base, (size_t)nr * sizeof(cands[0]));
	} else {
		nr = spec_settle(sp, k, cands);
	}
	if (nr < 0) {
		lost_track(o, v, k);
		return true;
	}
	if (model < 0 || model >= (int)view_nr_mms(v))
		return true;
	o->stats.account_checks++;
	for (i = 0; i < nr; i++) {
		if (!matches(sp, &cands[i], v, (unsigned int)model))
			continue;
		spec_collapse(sp, k, &cands[i]);
		return true;
	}
	if (!nr) {
		or_fail(v, "I6", "accounting",
			"mm%d: no order of the events explains its accounting", model);
		return false;
	}
	report_mismatch(o, v, (unsigned int)model, cands, nr);
	return false;
}

/* contract §8.4: once a transition is over, the mode says who may own CIDs */
static bool check_ownership(struct oracle *o, struct view *v, unsigned int m)
{
	unsigned int mode = view_mm_mode(v, m), cpu, i;

	if (!view_mm_users(v, m) || (mode & VIEW_CID_TRANSIT))
		return true;
	if (!(mode & VIEW_CID_ONCPU)) {
		for (cpu = 0; cpu < o->nr_cpus; cpu++) {
			unsigned int w = view_mm_pcpu_cid(v, m, cpu);

			if (w == VIEW_CID_UNSET || !(w & VIEW_CID_ONCPU))
				continue;
			or_fail(v, "I6", "cpu-owns-in-per-task",
				"mm%u: per-task mode, but cpu%u owns CID %u",
				m, cpu, VIEW_CID_NR(w));
			return false;
		}
		return true;
	}
	for (i = 0; i < view_nr_tasks(v); i++) {
		unsigned int w = view_task_cid(v, i);

		if (view_task_mm(v, i) != (int)m || w == VIEW_CID_UNSET ||
		    (w & (VIEW_CID_ONCPU | VIEW_CID_TRANSIT)))
			continue;
		or_fail(v, "I6", "task-owns-in-per-cpu",
			"mm%u: per-CPU mode, but T%u owns CID %u as a task CID",
			m, view_task_slot(v, i), VIEW_CID_NR(w));
		return false;
	}
	return true;
}

bool or_account_check(struct oracle *o, struct view *v)
{
	struct spec *sp = &o->spec;
	unsigned int k, m;

	if (!or_on(o, 6))
		return true;
	if (!bind(o, v) || !check_users(o, v))
		return false;
	for (k = 0; k < sp->nr_mms; k++) {
		if (sp->mm[k].lost) {
			lost_track(o, v, k);
			continue;
		}
		if (!check_mm(o, v, k))
			return false;
	}
	for (m = 0; m < view_nr_mms(v); m++)
		if (!check_ownership(o, v, m))
			return false;
	return true;
}
