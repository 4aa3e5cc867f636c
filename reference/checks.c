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
 */
#include <stdio.h>

#include "oracle.h"
#include "view.h"

#define NR_CID_SLOTS	64

struct owners {
	char kind[NR_CID_SLOTS];	/* 0 none, 'T' task, 'C' cpu */
	int who[NR_CID_SLOTS];
};

static void fail(struct sim *s, const char *inv, const char *site,
		 const char *what)
{
	view_violation(s, inv, site, what);
}

static void owner_name(char kind, int who, char *buf, size_t size)
{
	snprintf(buf, size, kind == 'T' ? "T%d" : "cpu%d", who);
}

/* Record one owner of @nr; false (and a report) if it has two */
static bool add_owner(struct sim *s, struct owners *o, unsigned int nr,
		      char kind, int who, unsigned int mm_id)
{
	char a[16], b[16], msg[160];

	if (nr >= NR_CID_SLOTS) {
		snprintf(msg, sizeof(msg), "mm%u: CID %u is out of range", mm_id, nr);
		fail(s, "I2", "cid-range", msg);
		return false;
	}
	if (o->kind[nr]) {
		owner_name(o->kind[nr], o->who[nr], a, sizeof(a));
		owner_name(kind, who, b, sizeof(b));
		snprintf(msg, sizeof(msg), "mm%u: CID %u is owned by both %s and %s",
			 mm_id, nr, a, b);
		fail(s, "I2", "double-owner", msg);
		return false;
	}
	o->kind[nr] = kind;
	o->who[nr] = who;
	return true;
}

static bool check_i2(struct sim *s, struct mm_struct *mm)
{
	struct mm_mm_cid *mc = &mm->mm_cid;
	unsigned int id = (unsigned int)mm->id, cpu, nr, slot;
	unsigned long owned = 0, mask = mc->cidmask[0];
	struct owners o = { { 0 }, { 0 } };
	char msg[160], who[16];

	for (slot = 0; slot < 64; slot++) {
		struct task_struct *t = view_task(s, slot);
		unsigned int w;

		if (!t || t->mm != mm)
			continue;
		w = t->mm_cid.cid;
		if (w == MM_CID_UNSET || cid_on_cpu(w))
			continue;
		if (!t->mm_cid.active) {
			snprintf(msg, sizeof(msg),
				 "mm%u: T%u is not a CID user but holds CID %u",
				 id, slot, task_cid_value(w));
			fail(s, "I2", "inactive-owner", msg);
			return false;
		}
		if (!add_owner(s, &o, task_cid_value(w), 'T', (int)slot, id))
			return false;
	}
	for (cpu = 0; cpu < view_nr_cpus(s); cpu++) {
		unsigned int w = mc->pcpu[cpu].cid;

		if (w == MM_CID_UNSET || !cid_on_cpu(w))
			continue;
		if (!add_owner(s, &o, task_cid_value(w), 'C', (int)cpu, id))
			return false;
	}
	for (nr = 0; nr < NR_CID_SLOTS; nr++) {
		if (!o.kind[nr])
			continue;
		owned |= 1UL << nr;
		if (!(mask >> nr & 1)) {
			owner_name(o.kind[nr], o.who[nr], who, sizeof(who));
			snprintf(msg, sizeof(msg),
				 "mm%u: CID %u is owned by %s but free in the bitmap",
				 id, nr, who);
			fail(s, "I2", "owned-but-free", msg);
			return false;
		}
	}
	if ((unsigned int)__builtin_popcountl(mask & ~owned) >
	    view_paths_in_flight(s)) {
		snprintf(msg, sizeof(msg),
			 "mm%u: CIDs set in the bitmap without owner: %#lx",
			 id, mask & ~owned);
		fail(s, "I2", "leak", msg);
		return false;
	}
	return true;
}

static bool check_i1(struct sim *s, struct mm_struct *mm)
{
	unsigned int id = (unsigned int)mm->id, cpu;
	int seen[NR_CID_SLOTS];
	char msg[160];

	for (cpu = 0; cpu < NR_CID_SLOTS; cpu++)
		seen[cpu] = -1;
	for (unsigned int slot = 0; slot < 64; slot++) {
		struct task_struct *t = view_task(s, slot);
		unsigned int nr;

		if (!t || t->mm != mm || !t->mm_cid.active ||
		    !view_in_user_space(s, t))
			continue;
		if (t->mm_cid.cid == MM_CID_UNSET) {
			snprintf(msg, sizeof(msg),
				 "mm%u: T%u runs in user space without a CID",
				 id, slot);
			fail(s, "I1", "no-cid", msg);
			return false;
		}
		nr = task_cid_value(t->mm_cid.cid);
		if (nr >= NR_CID_SLOTS)
			continue;	/* I2 reports the range */
		if (seen[nr] >= 0) {
			snprintf(msg, sizeof(msg),
				 "mm%u: T%d and T%u both run in user space with CID %u",
				 id, seen[nr], slot, nr);
			fail(s, "I1", "duplicate", msg);
			return false;
		}
		seen[nr] = (int)slot;
	}
	return true;
}

static bool check_i3(struct sim *s, struct mm_struct *mm)
{
	struct mm_mm_cid *mc = &mm->mm_cid;
	unsigned int id = (unsigned int)mm->id;
	char msg[160];

	if (mc->mutex.owner)
		return true;		/* a transition may be running */
	if (cid_in_transit(mc->mode)) {
		snprintf(msg, sizeof(msg),
			 "mm%u: mode has TRANSIT with no transition running", id);
		fail(s, "I3", "mode-transit", msg);
		return false;
	}
	for (unsigned int slot = 0; slot < 64; slot++) {
		struct task_struct *t = view_task(s, slot);

		if (!t || t->mm != mm || !cid_in_transit(t->mm_cid.cid))
			continue;
		/* Still on its CPU, or its CPU is mid context switch */
		if (view_running(s, t) || view_rq_locked(s, t->cpu))
			continue;
		snprintf(msg, sizeof(msg),
			 "mm%u: T%u holds transit CID %u after the transition, "
			 "off the CPU", id, slot, task_cid_value(t->mm_cid.cid));
		fail(s, "I3", "task-transit", msg);
		return false;
	}
	return true;
}

void oracle_check_step(struct sim *s)
{
	unsigned int i;

	for (i = 0; i < view_nr_mms(s); i++) {
		struct mm_struct *mm = view_mm(s, i);

		if (!check_i2(s, mm) || !check_i1(s, mm) || !check_i3(s, mm))
			return;
	}
}

void oracle_check_quiescent(struct sim *s)
{
	oracle_check_step(s);
}
