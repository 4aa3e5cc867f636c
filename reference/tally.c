// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-mm tallies of what the state checks count (checks.c), kept up to
 * date as the watch sees tasks and CPU slots change (watch.c): who owns
 * each number, which numbers run in user space, and the entries that
 * fail a check of their own. Each change subtracts the old entry and
 * adds the new one, so a step costs what it changed, not the number of
 * tasks. The state checks use them as a filter only: an mm whose tallies
 * show nothing wrong passes the brute-force pass (checks.c says why);
 * any other goes through that pass, which finds and words the report.
 */
#include <string.h>

#include "oracle_internal.h"

void tally_reset(struct oracle *o)
{
	o->nr_tallies = 0;
	o->transit_tasks = 0;
	memset(o->cpu_tasks, 0, sizeof(o->cpu_tasks[0]) * (o->nr_cpus < 64 ? o->nr_cpus : 64));
}

/* mm @m's tally, zeroed on first use in a run (most mms are never used) */
struct mm_tally *tally_of(struct oracle *o, unsigned int m)
{
	while (o->nr_tallies <= m)
		memset(&o->tally[o->nr_tallies++], 0, sizeof(o->tally[0]));
	return &o->tally[m];
}

static void set_bit_to(uint64_t *word, unsigned int nr, bool on)
{
	if (on)
		*word |= 1ULL << nr;
	else
		*word &= ~(1ULL << nr);
}

/* The owner counts of @nr changed: the bit sets derived from them */
static void owners_changed(struct mm_tally *y, unsigned int nr)
{
	set_bit_to(&y->owned, nr, y->own_task[nr] + y->own_cpu[nr] > 0);
	set_bit_to(&y->multi_task, nr, y->own_task[nr] > 1);
	set_bit_to(&y->multi, nr, y->own_task[nr] + y->own_cpu[nr] > 1);
}

/*
 * Add (@d = 1) or take away (@d = -1) task view index @i as @t shows it.
 * The same entry always takes the same branches, so taking away undoes
 * adding exactly.
 */
void tally_task(struct oracle *o, unsigned int i, const struct view_task *t,
		int d)
{
	unsigned int w = t->cid, nr;
	bool active = t->flags & VT_ACTIVE, in_user = t->flags & VT_IN_USER;
	struct mm_tally *y;

	if (t->cpu < 64)
		set_bit_to(&o->cpu_tasks[t->cpu], i, d > 0);
	if (w != VIEW_CID_UNSET && (w & VIEW_CID_TRANSIT))
		set_bit_to(&o->transit_tasks, i, d > 0);
	if (t->mm < 0 || t->mm >= OR_MAX_MMS)
		return;
	y = tally_of(o, (unsigned int)t->mm);
	if (w == VIEW_CID_UNSET) {
		if (active && in_user && !or_no_cid_ok(o, t->slot)) /* I1 */
			y->bad_task += d;
		return;
	}
	if (w & VIEW_CID_TRANSIT)
		set_bit_to(&y->transit, i, d > 0);
	nr = VIEW_CID_NR(w);
	/* I5: out of bounds; still an owner (the pass counts it too) */
	if (nr >= o->nr_cpus || nr >= 64)
		y->bad_task += d;
	if (nr >= 64)
		return;
	if (active && in_user) {
		y->user[nr] += d;
		set_bit_to(&y->multi_user, nr, y->user[nr] > 1);
	}
	if (w & VIEW_CID_ONCPU)
		return;
	if (!active)				/* I2: inactive owner */
		y->bad_task += d;
	y->own_task[nr] += d;
	owners_changed(y, nr);
}

/* The same for CPU slot word @w of mm @m */
void tally_pcpu(struct oracle *o, unsigned int m, unsigned int w, int d)
{
	struct mm_tally *y;
	unsigned int nr;

	if (!(w & VIEW_CID_ONCPU) || w == VIEW_CID_UNSET || m >= OR_MAX_MMS)
		return;
	y = tally_of(o, m);
	nr = VIEW_CID_NR(w);
	if (nr >= o->nr_cpus || nr >= 64)
		y->bad_cpu += d;
	if (nr >= 64)
		return;
	y->own_cpu[nr] += d;
	owners_changed(y, nr);
}
