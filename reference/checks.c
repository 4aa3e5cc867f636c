// SPDX-License-Identifier: GPL-2.0-only
/*
 * The state invariants I1, I2, I3 and I5 (see oracle.h), by brute force
 * over the view, for the mms the last step touched (every mm in full
 * mode).
 *
 * Ownership, as user space and the pool see it: a task owns the number in
 * its CID word when the word has no ONCPU bit (plain or TRANSIT); a CPU
 * owns the number in its slot when the slot has ONCPU. A task word with
 * ONCPU is a copy of its CPU's, and a slot without ONCPU is a mirror of
 * the last task's word: neither is an owner.
 *
 * A path can hold one CID "in hand" between its bitmap operation and the
 * store of the owner's word (or the other way round); so a set bit without
 * owner is fine while kernel paths are in flight, up to one per path, and
 * a leak once nothing runs.
 */
#include <stdio.h>
#include <string.h>

#include "oracle_internal.h"
#include "view.h"


/* The owner of @nr in mm @m other than @skip: "T3", "cpu1" */
static const char *owner_name(const struct oracle *o, unsigned int m,
			      unsigned int nr, const char *skip, char *buf,
			      unsigned long size)
{
	unsigned int i, n, cpu;
	const struct view_task *t = or_tasks(o, &n);

	for (i = 0; i < n; i++) {
		unsigned int w = t[i].cid;

		if (t[i].mm != (int)m || w == VIEW_CID_UNSET ||
		    (w & VIEW_CID_ONCPU) || VIEW_CID_NR(w) != nr)
			continue;
		snprintf(buf, size, "T%u", t[i].slot);
		if (!skip || strcmp(buf, skip))
			return buf;
	}
	for (cpu = 0; cpu < o->nr_cpus; cpu++) {
		unsigned int w = o->mm[m].pcpu[cpu];

		if (!(w & VIEW_CID_ONCPU) || VIEW_CID_NR(w) != nr)
			continue;
		snprintf(buf, size, "cpu%u", cpu);
		if (!skip || strcmp(buf, skip))
			return buf;
	}
	snprintf(buf, size, "nobody");
	return buf;
}

/* I5: below num_possible_cpus(), the bound of mm_get_cid()'s retry */
static bool check_bound(struct oracle *o, struct view *v, unsigned int m,
			unsigned int nr, const char *holder, unsigned int n)
{
	if (nr < o->nr_cpus || !or_on(o, 5))
		return true;
	or_fail(v, "I5", "cid-bound",
		"mm%u: %s%u holds CID %u, not below num_possible_cpus() = %u",
		m, holder, n, nr, o->nr_cpus);
	return false;
}

/* I2: record an ownership; a second owner of one number is a violation */
static bool add_owner(struct oracle *o, struct view *v, unsigned int m,
		      uint64_t *owned, unsigned int nr)
{
	char a[16], b[16];

	if (nr >= 64 || !(*owned >> nr & 1)) {
		*owned |= nr < 64 ? 1ULL << nr : 0;
		return true;
	}
	if (!or_on(o, 2))
		return true;
	owner_name(o, m, nr, NULL, a, sizeof(a));
	or_fail(v, "I2", "double-owner", "mm%u: CID %u is owned by both %s and %s",
		m, nr, a, owner_name(o, m, nr, a, b, sizeof(b)));
	return false;
}

/* I3: transit off the CPU once no transition can be running */
static bool transit_stale(struct oracle *o, struct view *v,
			  const struct view_task *t)
{
	unsigned int w = t->cid, m = (unsigned int)t->mm;

	return w != VIEW_CID_UNSET && (w & VIEW_CID_TRANSIT) && or_on(o, 3) &&
	       m < OR_MAX_MMS && o->mm[m].users && !o->mm[m].mutex &&
	       !(t->flags & VT_RUNNING) && !view_rq_locked(v, t->cpu);
}

static bool check_task_transit(struct oracle *o, struct view *v,
			       const struct view_task *t)
{
	unsigned int w = t->cid, m = (unsigned int)t->mm;

	if (!transit_stale(o, v, t))
		return true;
	or_fail(v, "I3", "task-transit",
		"mm%u: T%u holds transit CID %u after the transition, off the CPU",
		m, t->slot, VIEW_CID_NR(w));
	return false;
}

static bool check_task(struct oracle *o, struct view *v,
		       const struct view_task *t, struct mm_acc *a)
{
	unsigned int w = t->cid, m = (unsigned int)t->mm, nr;
	bool active = t->flags & VT_ACTIVE, in_user = t->flags & VT_IN_USER;

	if (w == VIEW_CID_UNSET) {
		if (active && in_user && or_on(o, 1) &&
		    !or_no_cid_ok(o, t->slot)) {
			or_fail(v, "I1", "no-cid",
				"mm%u: T%u runs in user space without a CID",
				m, t->slot);
			return false;
		}
		return true;
	}
	nr = VIEW_CID_NR(w);
	if (!check_bound(o, v, m, nr, "T", t->slot))
		return false;
	/* I1 first: a duplicate in user space is what user space suffers */
	if (active && in_user && or_on(o, 1) && nr < 64) {
		if (a->in_user >> nr & 1) {
			or_fail(v, "I1", "duplicate",
				"mm%u: two tasks run in user space with CID %u, one is T%u",
				m, nr, t->slot);
			return false;
		}
		a->in_user |= 1ULL << nr;
	}
	if (!(w & VIEW_CID_ONCPU)) {
		if (!active && or_on(o, 2)) {
			or_fail(v, "I2", "inactive-owner",
				"mm%u: T%u is not a CID user but holds CID %u",
				m, t->slot, nr);
			return false;
		}
		if (!add_owner(o, v, m, &a->owned, nr))
			return false;
	}
	return check_task_transit(o, v, t);
}

static bool task_pass(struct oracle *o, struct view *v, struct mm_acc *acc)
{
	unsigned int i, n;
	const struct view_task *t = or_tasks(o, &n);

	for (i = 0; i < n; i++) {
		int m = t[i].mm;

		if (m < 0 || m >= OR_MAX_MMS || !or_is_dirty(o, (unsigned int)m))
			continue;
		if (!check_task(o, v, &t[i], &acc[m]))
			return false;
	}
	return true;
}

/* Bits set without owner: a CID in hand, or leaked */
static uint64_t stray_bits(struct oracle *o, unsigned int m)
{
	return o->mm[m].cidmask & ~tally_of(o, m)->owned;
}

/* At most one stray bit per path in flight (a CID in hand) */
static bool leak_fine(struct oracle *o, unsigned int m)
{
	uint64_t stray = stray_bits(o, m);
	unsigned int n;

	for (n = 0; stray && n < o->paths; n++)
		stray &= stray - 1;
	return !stray;
}

/* I2: more bits set without owner than that */
static bool check_leak(struct oracle *o, struct view *v, unsigned int m)
{
	uint64_t stray;

	if (leak_fine(o, m))
		return true;
	stray = stray_bits(o, m);
	or_fail(v, "I2", "leak",
		"mm%u: CID %u set in the bitmap without owner (%u such, %u paths in flight)",
		m, (unsigned int)__builtin_ctzll(stray),
		(unsigned int)__builtin_popcountll(stray), o->paths);
	return false;
}

/* I2 for one mm: the CPUs' ownerships, then bitmap == owned set */
static bool mm_pass(struct oracle *o, struct view *v, unsigned int m,
		    struct mm_acc *a)
{
	const struct view_mm *mm = &o->mm[m];
	uint64_t mask = mm->cidmask;
	unsigned int cpu;
	char who[16];

	/*
	 * An mm without CID users is dead to user space: its last user's
	 * exit may even flip the mode with nobody left to fix up.
	 */
	if (!mm->users)
		return true;
	for (cpu = 0; cpu < o->nr_cpus; cpu++) {
		unsigned int w = mm->pcpu[cpu];

		if (!(w & VIEW_CID_ONCPU) || w == VIEW_CID_UNSET)
			continue;
		if (!check_bound(o, v, m, VIEW_CID_NR(w), "cpu", cpu) ||
		    !add_owner(o, v, m, &a->owned, VIEW_CID_NR(w)))
			return false;
	}
	if (!or_on(o, 2))
		goto mode;
	if (a->owned & ~mask) {
		unsigned int nr = (unsigned int)__builtin_ctzll(a->owned & ~mask);

		or_fail(v, "I2", "owned-but-free",
			"mm%u: CID %u is owned by %s but free in the bitmap", m, nr,
			owner_name(o, m, nr, NULL, who, sizeof(who)));
		return false;
	}
	if (!check_leak(o, v, m))
		return false;
mode:
	if (or_on(o, 3) && !mm->mutex && (mm->mode & VIEW_CID_TRANSIT)) {
		or_fail(v, "I3", "mode-transit",
			"mm%u: mode has TRANSIT with no transition running", m);
		return false;
	}
	return true;
}

/* The leak allowance of the mms not checked in full this step */
static bool recheck_leaks(struct oracle *o, struct view *v, unsigned int nr_mms)
{
	unsigned int m;

	if (!or_on(o, 2))
		return true;
	for (m = 0; m < nr_mms && m < o->nr_mms_seen; m++)
		if (o->mm[m].users && !or_is_dirty(o, m) && !check_leak(o, v, m))
			return false;
	return true;
}

/* The mms to check: the dirty ones below @nr_mms */
static void dirty_set(const struct oracle *o, unsigned int nr_mms,
		      uint64_t dirty[OR_MAX_MMS / 64])
{
	unsigned int k;

	for (k = 0; k < OR_MAX_MMS / 64; k++) {
		dirty[k] = o->all_dirty ? ~0ULL : o->dirty[k];
		if (nr_mms < (k + 1) * 64)
			dirty[k] &= nr_mms <= k * 64 ? 0 :
				    ~0ULL >> (64 - (nr_mms - k * 64));
	}
}

/* The brute-force pass over the dirty mms: I1, I2, I3, I5 */
static bool full_checks(struct oracle *o, struct view *v, unsigned int nr_mms)
{
	struct mm_acc *acc = o->acc;
	uint64_t dirty[OR_MAX_MMS / 64], bits;
	unsigned int k, m;

	dirty_set(o, nr_mms, dirty);
	for (k = 0; k < OR_MAX_MMS / 64; k++)
		for (bits = dirty[k]; bits; bits &= bits - 1) {
			m = k * 64 + (unsigned int)__builtin_ctzll(bits);
			acc[m].owned = acc[m].in_user = 0;
		}
	if (!task_pass(o, v, acc))
		return false;
	for (k = 0; k < OR_MAX_MMS / 64; k++)
		for (bits = dirty[k]; bits; bits &= bits - 1) {
			m = k * 64 + (unsigned int)__builtin_ctzll(bits);
			if (!mm_pass(o, v, m, &acc[m]))
				return false;
		}
	return true;
}

/*
 * Would the brute-force pass find nothing wrong with mm @m? From its
 * tally: each failure of that pass is an entry that fails by itself
 * (bad_task, bad_cpu), a number counted twice (multi_task, multi_user,
 * multi), an owned number free in the bitmap, more stray bits than paths
 * in flight, a transit task off its CPU, or a transit mode; the CPUs'
 * part only while the mm has users, as in mm_pass(). True only when none
 * is there, whichever invariants are on; anything else is left to the
 * pass.
 */
static bool mm_fine(struct oracle *o, struct view *v, unsigned int m)
{
	const struct mm_tally *y = tally_of(o, m);
	const struct view_mm *mm = &o->mm[m];
	uint64_t transit;

	if (y->bad_task || y->multi_task || y->multi_user)
		return false;
	for (transit = y->transit; transit; transit &= transit - 1)
		if (transit_stale(o, v, &o->tasks[__builtin_ctzll(transit)]))
			return false;
	if (!mm->users)
		return true;
	if (y->bad_cpu || y->multi || (y->owned & ~mm->cidmask))
		return false;
	if (!leak_fine(o, m))
		return false;
	return mm->mutex || !(mm->mode & VIEW_CID_TRANSIT);
}

/* The dirty mms from their tallies; the brute-force pass if one is off */
static bool tallied_checks(struct oracle *o, struct view *v, unsigned int nr_mms)
{
	uint64_t dirty[OR_MAX_MMS / 64], bits;
	unsigned int k;

	dirty_set(o, nr_mms, dirty);
	for (k = 0; k < OR_MAX_MMS / 64; k++)
		for (bits = dirty[k]; bits; bits &= bits - 1)
			if (!mm_fine(o, v, k * 64 + (unsigned int)__builtin_ctzll(bits)))
				return full_checks(o, v, nr_mms);
	return true;
}

/* I3 for the tasks whose change bore on nothing else (watch.c) */
static bool aux_checks(struct oracle *o, struct view *v)
{
	unsigned int i, n;
	const struct view_task *t = or_tasks(o, &n);

	for (i = 0; i < o->nr_aux; i++) {
		const struct view_task *a = &t[o->aux[i]];

		if (a->mm >= 0 && !or_is_dirty(o, (unsigned int)a->mm) &&
		    !check_task_transit(o, v, a))
			return false;
	}
	return true;
}

bool or_state_checks(struct oracle *o, struct view *v)
{
	unsigned int nr_mms = view_nr_mms(v);
	bool ok = true;

	if (nr_mms > OR_MAX_MMS)
		nr_mms = OR_MAX_MMS;
	if (or_any_dirty(o))
		ok = o->full ? full_checks(o, v, nr_mms) :
			       tallied_checks(o, v, nr_mms);
	if (ok && o->recheck_leaks)
		ok = recheck_leaks(o, v, nr_mms);
	if (ok && o->nr_aux)
		ok = aux_checks(o, v);
	o->all_dirty = o->full;
	o->recheck_leaks = false;
	o->nr_aux = 0;
	memset(o->dirty, 0, sizeof(o->dirty));
	return ok;
}

/*
 * I5, compactness, at the end: the simulator has rescheduled every task
 * that sat in user space in transit or with a CID >= max_cids, one CPU at
 * a time with nothing else running, and then those still >= max_cids
 * once more (sim/run.c: settle()). In that second round the pool only
 * changes by a task's own convergence, so when the pool holds at most
 * max_cids CIDs now, it did at each of those schedins, and each found a
 * free CID below max_cids: every task in user space must be below it.
 * (With more CIDs owned than max_cids, e.g. idle CPUs that keep theirs in
 * per-CPU mode, the kernel does not promise compactness.)
 */
bool or_compact_check(struct oracle *o, struct view *v)
{
	unsigned int m, i, nr_mms = view_nr_mms(v);

	if (!or_on(o, 5))
		return true;
	for (m = 0; m < nr_mms; m++) {
		unsigned int max = view_mm_max_cids(v, m);

		if (!view_mm_users(v, m) || (view_mm_mode(v, m) & VIEW_CID_TRANSIT) ||
		    (unsigned int)__builtin_popcountll(view_mm_cidmask(v, m)) > max)
			continue;
		for (i = 0; i < view_nr_tasks(v); i++) {
			unsigned int w = view_task_cid(v, i);

			if (view_task_mm(v, i) != (int)m || !view_task_in_user(v, i) ||
			    w == VIEW_CID_UNSET || VIEW_CID_NR(w) < max)
				continue;
			or_fail(v, "I5", "not-compact",
				"mm%u: T%u settled with CID %u, not below max_cids = %u",
				m, view_task_slot(v, i), VIEW_CID_NR(w), max);
			return false;
		}
	}
	return true;
}
