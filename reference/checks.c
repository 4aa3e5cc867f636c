// SPDX-License-Identifier: GPL-2.0-only
/*
 * The invariants I1-I3 (see oracle.h), by brute force over the view.
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
 *
 * The checks run after every step, so the common case (nothing wrong) is
 * kept to bit operations over the tasks that exist; the messages are built
 * only when something is wrong.
 */
#include <stdio.h>

#include "oracle.h"
#include "view.h"

#define NR_CID_SLOTS	64

static void fail(struct sim *s, const char *inv, const char *site,
		 const char *fmt, unsigned int a, unsigned int b, unsigned int c)
{
	char msg[160];

	snprintf(msg, sizeof(msg), fmt, a, b, c);
	view_violation(s, inv, site, msg);
}

/* Who owns @nr in @mm (for messages): a task slot, or 1000 + cpu */
static unsigned int owner_of(struct sim *s, struct mm_struct *mm,
			     unsigned int nr, unsigned int skip)
{
	unsigned int i, cpu;

	for (i = 0; i < view_nr_tasks(s); i++) {
		struct task_struct *t = view_task(s, i);
		unsigned int w = t->mm_cid.cid;

		if (t->mm == mm && w != MM_CID_UNSET && !cid_on_cpu(w) &&
		    task_cid_value(w) == nr && view_task_slot(s, i) != skip)
			return view_task_slot(s, i);
	}
	for (cpu = 0; cpu < view_nr_cpus(s); cpu++) {
		unsigned int w = mm->mm_cid.pcpu[cpu].cid;

		if (w != MM_CID_UNSET && cid_on_cpu(w) &&
		    task_cid_value(w) == nr && 1000 + cpu != skip)
			return 1000 + cpu;
	}
	return ~0U;
}

static void fail_double(struct sim *s, struct mm_struct *mm, unsigned int nr)
{
	unsigned int a = owner_of(s, mm, nr, ~0U), b = owner_of(s, mm, nr, a);
	char msg[160], na[16], nb[16];

	snprintf(na, sizeof(na), a >= 1000 ? "cpu%u" : "T%u", a % 1000);
	snprintf(nb, sizeof(nb), b >= 1000 ? "cpu%u" : "T%u", b % 1000);
	snprintf(msg, sizeof(msg), "mm%d: CID %u is owned by both %s and %s",
		 mm->id, nr, na, nb);
	view_violation(s, "I2", "double-owner", msg);
}

/* Add @nr to @owned; false (and a report) if out of range or owned twice */
static bool add_owner(struct sim *s, struct mm_struct *mm, unsigned long *owned,
		      unsigned int nr)
{
	if (nr >= NR_CID_SLOTS) {
		fail(s, "I2", "cid-range", "mm%u: CID %u is out of range",
		     (unsigned int)mm->id, nr, 0);
		return false;
	}
	if (*owned >> nr & 1) {
		*owned = 0;
		fail_double(s, mm, nr);
		return false;
	}
	*owned |= 1UL << nr;
	return true;
}

/* Per mm, gathered in one pass over the tasks */
struct mm_acc {
	unsigned long owned;		/* numbers owned by tasks or CPUs */
	unsigned long in_user;		/* numbers seen by tasks in user space */
};

#define MAX_CHECKED_MMS	256

static bool task_pass(struct sim *s, struct mm_acc *acc, unsigned int nr_mms)
{
	unsigned int i;

	for (i = 0; i < view_nr_tasks(s); i++) {
		struct task_struct *t = view_task(s, i);
		struct mm_struct *mm = t->mm;
		unsigned int w = t->mm_cid.cid, id, nr;
		struct mm_acc *a;

		if (!mm || w == MM_CID_UNSET) {
			if (mm && t->mm_cid.active && view_in_user_space(s, t)) {
				fail(s, "I1", "no-cid",
				     "mm%u: T%u runs in user space without a CID",
				     (unsigned int)mm->id, view_task_slot(s, i), 0);
				return false;
			}
			continue;
		}
		id = (unsigned int)mm->id;
		if (id >= nr_mms)
			continue;
		a = &acc[id];
		nr = task_cid_value(w);
		/* I2: a plain or transit word is an ownership */
		if (!cid_on_cpu(w)) {
			if (!t->mm_cid.active) {
				fail(s, "I2", "inactive-owner",
				     "mm%u: T%u is not a CID user but holds CID %u",
				     id, view_task_slot(s, i), nr);
				return false;
			}
			if (!add_owner(s, mm, &a->owned, nr))
				return false;
		}
		/* I3: transit off the CPU once no transition can be running */
		if (cid_in_transit(w) && mm->mm_cid.users &&
		    !mm->mm_cid.mutex.owner &&
		    !view_running(s, t) && !view_rq_locked(s, t->cpu)) {
			fail(s, "I3", "task-transit",
			     "mm%u: T%u holds transit CID %u after the transition, off the CPU",
			     id, view_task_slot(s, i), nr);
			return false;
		}
		/* I1: distinct in user space */
		if (!t->mm_cid.active || nr >= NR_CID_SLOTS ||
		    !view_in_user_space(s, t))
			continue;
		if (a->in_user >> nr & 1) {
			fail(s, "I1", "duplicate",
			     "mm%u: two tasks run in user space with CID %u, one is T%u",
			     id, nr, view_task_slot(s, i));
			return false;
		}
		a->in_user |= 1UL << nr;
	}
	return true;
}

/* I2 for one mm: the CPUs' ownerships, then bitmap == owned set */
static bool mm_pass(struct sim *s, struct mm_struct *mm, struct mm_acc *a)
{
	struct mm_mm_cid *mc = &mm->mm_cid;
	unsigned long mask = mc->cidmask[0], free_owned, stray;
	unsigned int id = (unsigned int)mm->id, cpu, nr, n;

	/*
	 * An mm without CID users is dead to user space: its last user's
	 * exit may even flip the mode with nobody left to fix up.
	 */
	if (!mc->users)
		return true;
	for (cpu = 0; cpu < view_nr_cpus(s); cpu++) {
		unsigned int w = mc->pcpu[cpu].cid;

		if (w == MM_CID_UNSET || !cid_on_cpu(w))
			continue;
		if (!add_owner(s, mm, &a->owned, task_cid_value(w)))
			return false;
	}
	free_owned = a->owned & ~mask;
	if (free_owned) {
		nr = (unsigned int)__builtin_ctzl(free_owned);
		cpu = owner_of(s, mm, nr, ~0U);
		fail(s, "I2", "owned-but-free", cpu >= 1000 ?
		     "mm%u: CID %u is owned by cpu%u but free in the bitmap" :
		     "mm%u: CID %u is owned by T%u but free in the bitmap",
		     id, nr, cpu % 1000);
		return false;
	}
	stray = mask & ~a->owned;
	for (n = 0; stray && n <= view_paths_in_flight(s); n++)
		stray &= stray - 1;
	if (stray) {
		stray = mask & ~a->owned;
		fail(s, "I2", "leak",
		     "mm%u: CID %u set in the bitmap without owner (%u such)",
		     id, (unsigned int)__builtin_ctzl(stray),
		     (unsigned int)__builtin_popcountl(stray));
		return false;
	}
	/* I3: the mode word */
	if (!mc->mutex.owner && cid_in_transit(mc->mode)) {
		fail(s, "I3", "mode-transit",
		     "mm%u: mode has TRANSIT with no transition running", id, 0, 0);
		return false;
	}
	return true;
}

void oracle_check_step(struct sim *s)
{
	struct mm_acc acc[MAX_CHECKED_MMS];
	unsigned int i, nr_mms = view_nr_mms(s);

	if (nr_mms > MAX_CHECKED_MMS)
		nr_mms = MAX_CHECKED_MMS;
	for (i = 0; i < nr_mms; i++)
		acc[i].owned = acc[i].in_user = 0;
	if (!task_pass(s, acc, nr_mms))
		return;
	for (i = 0; i < nr_mms; i++)
		if (!mm_pass(s, view_mm(s, i), &acc[i]))
			return;
}

void oracle_check_quiescent(struct sim *s)
{
	oracle_check_step(s);
}
