// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a step changed, from the state after the step before: I7 (a
 * task's CID changed under it in user space) and I8 (a protected field
 * written without its lock), and what the state checks must look at
 * again: the mms whose state, or whose tasks' CID, user or in-user
 * state changed; I3 alone for a task in transit that only moved on or
 * off its CPU or rq lock; the leak allowance of every mm when the number
 * of paths in flight fell. That is exact: the state checks read nothing
 * else, and nothing else can turn their verdict.
 *
 * A step is one primitive of one path plus the plain code up to its next
 * primitive, all run by that path; so every change seen after a step was
 * written by the path that ran it, holding the locks it holds now (a lock
 * operation is itself a primitive, the first thing in its step).
 */
#include <stdio.h>
#include <string.h>

#include "oracle_internal.h"

/*
 * I8 for a task's CID word: the rq lock of the task's CPU (schedule,
 * fixup walks), or the mm's mutex where nobody else can look at the word:
 * the task's own exit/exec/fork hook, or a new child not yet on a
 * runqueue.
 */
static bool task_cid_write_ok(struct view *v, unsigned int i,
			      const struct view_task *t)
{
	if (view_step_holds_rq(v, t->cpu))
		return true;
	if (t->mm < 0 || !view_step_holds_mm_mutex(v, (unsigned int)t->mm))
		return false;
	return view_step_task(v) == (int)i ||
	       !(t->flags & (VT_RUNNING | VT_ON_RQ));
}

static bool visible(const struct view_task *t)
{
	return t->flags & (VT_ACTIVE | VT_RUNNING | VT_ON_RQ);
}

static bool watch_task_write(struct view *v, unsigned int i,
			     const struct view_task *was,
			     const struct view_task *now)
{
	char who[96], a[24], b[24];

	/* A task nobody can see yet is private to the path creating it */
	if (!visible(was))
		return true;
	if (now->cid != was->cid && !task_cid_write_ok(v, i, now)) {
		or_fail(v, "I8", "task-cid-unlocked",
			"mm%d: T%u's CID word %s -> %s written by %s without rq%u's lock",
			now->mm, now->slot, or_word_str(was->cid, a, sizeof(a)),
			or_word_str(now->cid, b, sizeof(b)),
			view_step_who(v, who, sizeof(who)), now->cpu);
		return false;
	}
	if ((now->flags ^ was->flags) & VT_ACTIVE &&
	    (now->mm < 0 || !view_step_holds_mm_lock(v, (unsigned int)now->mm))) {
		or_fail(v, "I8", "active-unlocked",
			"mm%d: T%u became %s by %s without mm%d.lock",
			now->mm, now->slot,
			now->flags & VT_ACTIVE ? "a CID user" : "inactive",
			view_step_who(v, who, sizeof(who)), now->mm);
		return false;
	}
	return true;
}

/* I7: same CPU, in user space before and after, another number */
static bool cid_changed_in_user(const struct view_task *was,
				const struct view_task *now)
{
	return (was->flags & now->flags & VT_IN_USER) && was->cpu == now->cpu &&
	       was->cid != VIEW_CID_UNSET && now->cid != VIEW_CID_UNSET &&
	       VIEW_CID_NR(was->cid) != VIEW_CID_NR(now->cid);
}

/*
 * Does a change of a task's state bear on I1, I2, I5 or I6 of its mm?
 * Its CID word, mm, identity, being a user and being in user space do;
 * its CPU, being queued or running in the kernel and its rq lock only
 * bear on I3 (and, in the step itself, on I7/I8).
 */
static bool key_change(const struct view_task *was, const struct view_task *now)
{
	return now->cid != was->cid || now->mm != was->mm ||
	       now->slot != was->slot ||
	       ((now->flags ^ was->flags) & (VT_ACTIVE | VT_IN_USER));
}


static void note_change(struct oracle *o, unsigned int i,
			const struct view_task *was,
			const struct view_task *now)
{
	if (key_change(was, now)) {
		or_dirty(o, now->mm);
		or_dirty(o, was->mm);
		o->account_valid = false;
	} else if ((now->cid & VIEW_CID_TRANSIT) && now->cid != VIEW_CID_UNSET) {
		o->aux[o->nr_aux++] = (uint8_t)i;
	}
}

/* Every byte is written (view.h): the whole struct compares */
static bool task_same(const struct view_task *a, const struct view_task *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/*
 * I1's exception after a failed exec (oracle_internal.h): noted once the
 * task is back in user space, over once it then stops running (its next
 * schedule in gives it a CID). Between the tallies of the entry before
 * and after the step, so that each is taken away as it was added.
 */
static void no_cid_window(struct oracle *o, const struct view_task *now)
{
	uint64_t bit = 1ULL << (now->slot % 64);

	if (!(o->no_cid_ok & bit))
		return;
	if (now->flags & VT_IN_USER) {
		o->no_cid_seen |= bit;
	} else if ((o->no_cid_seen & bit) && !(now->flags & VT_RUNNING)) {
		o->no_cid_ok &= ~bit;
		o->no_cid_seen &= ~bit;
	}
}

/* A task's state after the step against the one before: I7, I8 */
static bool watch_task(struct oracle *o, struct view *v, unsigned int i,
		       const struct view_task *now)
{
	struct view_task was = o->tasks[i];

	if (task_same(&was, now))
		return true;
	tally_task(o, i, &was, -1);
	no_cid_window(o, now);
	tally_task(o, i, now, 1);
	o->tasks[i] = *now;
	note_change(o, i, &was, now);
	/* a failed fork's child seen registered: the spec follows (spec.h) */
	if (now->flags & ~was.flags & VT_ACTIVE && or_on(o, 6))
		spec_fork_registered(&o->spec, now->slot % 64);
	if (or_on(o, 7) && cid_changed_in_user(&was, now)) {
		or_fail(v, "I7", "cid-changed-in-user",
			"mm%d: T%u's CID changed from %u to %u while it ran in user space on cpu%u",
			now->mm, now->slot, VIEW_CID_NR(was.cid),
			VIEW_CID_NR(now->cid), now->cpu);
		return false;
	}
	return !or_on(o, 8) || watch_task_write(v, i, &was, now);
}

/*
 * The view indexes of the tasks the simulator's write hints name: by
 * slot, and every task on a named CPU (its rq, its CPU's paths)
 */
static uint64_t hinted_tasks(const struct oracle *o, const struct view_hints *h)
{
	uint64_t mask = 0, slots = h->tasks, cpus = h->cpus;

	while (slots) {
		unsigned int slot = (unsigned int)__builtin_ctzll(slots);

		slots &= slots - 1;
		if (o->index_of_slot[slot] < o->nr_tasks)
			mask |= 1ULL << o->index_of_slot[slot];
	}
	for (; cpus; cpus &= cpus - 1)
		mask |= o->cpu_tasks[__builtin_ctzll(cpus)];
	return mask;
}

/* Test only: a task that changed although the hints said it could not */
static bool audit_tasks(struct oracle *o, struct view *v)
{
	struct view_task all[OR_MAX_TASKS];
	unsigned int i;

	view_read_tasks(v, all);
	for (i = 0; i < o->nr_tasks; i++) {
		if (task_same(&all[i], &o->tasks[i]))
			continue;
		or_fail(v, "HINT", "hint-missed",
			"T%u changed in this step without a write hint", all[i].slot);
		return false;
	}
	return true;
}

/* Tasks new since the last step: read, their mms to be checked */
static void new_tasks(struct oracle *o, struct view *v, unsigned int n)
{
	unsigned int i;

	for (i = o->nr_tasks; i < n; i++) {
		view_read_task(v, i, &o->tasks[i]);
		tally_task(o, i, &o->tasks[i], 1);
		o->index_of_slot[o->tasks[i].slot % 64] = (uint8_t)i;
		or_dirty(o, o->tasks[i].mm);
		if (o->tasks[i].flags & VT_ACTIVE && or_on(o, 6))
			spec_fork_registered(&o->spec, o->tasks[i].slot % 64);
	}
	o->nr_tasks = n;
	o->account_valid = false;
}

/*
 * I3 again for the tasks in transit on a CPU whose rq lock changed hands
 * (all of them when nothing is known)
 */
static void rq_lock_changes(struct oracle *o, const struct view_hints *h)
{
	uint64_t locks = h->all || o->full ? ~0ULL : h->rq_locks;
	uint64_t todo = locks ? o->transit_tasks : 0;

	for (; todo && o->nr_aux < OR_MAX_TASKS; todo &= todo - 1) {
		unsigned int i = (unsigned int)__builtin_ctzll(todo);
		const struct view_task *t = &o->tasks[i];

		if (t->cpu < 64 && (locks >> t->cpu & 1))
			o->aux[o->nr_aux++] = (uint8_t)i;
	}
}

/* Test only: an rq lock that changed hands without a hint */
static bool audit_rq_locks(struct oracle *o, struct view *v,
			   const struct view_hints *h)
{
	uint64_t now = 0, changed;
	unsigned int cpu;

	for (cpu = 0; cpu < o->nr_cpus && cpu < 64; cpu++)
		if (view_rq_locked(v, cpu))
			now |= 1ULL << cpu;
	changed = now ^ o->rq_locked;
	o->rq_locked = now;
	if (h->all || !(changed & ~h->rq_locks))
		return true;
	or_fail(v, "HINT", "hint-missed", "rq%u's lock changed hands without a hint",
		(unsigned int)__builtin_ctzll(changed & ~h->rq_locks));
	return false;
}

static bool watch_tasks(struct oracle *o, struct view *v,
			const struct view_hints *h)
{
	unsigned int i, n = view_nr_tasks(v), nr_old = o->nr_tasks;
	uint64_t todo;
	struct view_task now;

	o->nr_aux = 0;
	if (n < nr_old) {	/* never within a run; start over */
		o->nr_tasks = nr_old = 0;
		memset(o->index_of_slot, 0xff, sizeof(o->index_of_slot));
		tally_reset(o);
	}
	todo = h->all || o->full ? ~0ULL : hinted_tasks(o, h);
	if (n > nr_old)
		new_tasks(o, v, n);
	/* in view order, so that the first violation is the same as in full */
	while (todo) {
		i = (unsigned int)__builtin_ctzll(todo);
		todo &= todo - 1;
		if (i >= nr_old)
			break;
		view_read_task(v, i, &now);
		if (!watch_task(o, v, i, &now))
			return false;
	}
	rq_lock_changes(o, h);
	return !o->audit || (audit_tasks(o, v) && audit_rq_locks(o, v, h));
}

/*
 * I8 for a CPU's CID slot: that CPU's rq lock (schedule, the fixup
 * walks), or fork/exit on that CPU itself with interrupts off under the
 * mm's mutex (this_cpu_ptr() in sched_mm_cid_fork()/exit(): no schedule
 * on the CPU can interleave, and the walks need the mutex).
 */
static bool pcpu_write_ok(struct view *v, unsigned int m, unsigned int cpu)
{
	return view_step_holds_rq(v, cpu) ||
	       (view_step_local_irqs_off(v, cpu) &&
		view_step_holds_mm_mutex(v, m));
}

/* I8 for an mm: which lock each changed field needs */
static bool watch_mm_write(struct view *v, unsigned int m, unsigned int nr_cpus,
			   const struct view_mm *was, const struct view_mm *now)
{
	char who[96];
	unsigned int cpu;

	if (was->mode != now->mode && !view_step_holds_mm_mutex(v, m)) {
		or_fail(v, "I8", "mode-unlocked",
			"mm%u: mode written by %s without mm%u.mutex", m,
			view_step_who(v, who, sizeof(who)), m);
		return false;
	}
	if ((was->users != now->users || was->max_cids != now->max_cids ||
	     was->thrs != now->thrs || was->nr_allowed != now->nr_allowed ||
	     was->deferred != now->deferred) && !view_step_holds_mm_lock(v, m)) {
		or_fail(v, "I8", "accounting-unlocked",
			"mm%u: users/max_cids/pcpu_thrs/nr_cpus_allowed written by %s without mm%u.lock",
			m, view_step_who(v, who, sizeof(who)), m);
		return false;
	}
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		if (was->pcpu[cpu] == now->pcpu[cpu] || pcpu_write_ok(v, m, cpu))
			continue;
		or_fail(v, "I8", "pcpu-unlocked",
			"mm%u: cpu%u's CID slot written by %s without rq%u's lock (nor from cpu%u with interrupts off under mm%u.mutex)",
			m, cpu, view_step_who(v, who, sizeof(who)), cpu, cpu, m);
		return false;
	}
	return true;
}

/* A few words: a loop beats a call to memcmp() */
static bool same_words(const unsigned int *a, const unsigned int *b,
		       unsigned int n)
{
	unsigned int i, diff = 0;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

static bool mm_same(const struct view_mm *a, const struct view_mm *b,
		    unsigned int nr_cpus)
{
	return a->mode == b->mode && a->users == b->users &&
	       a->max_cids == b->max_cids && a->thrs == b->thrs &&
	       a->nr_allowed == b->nr_allowed && a->deferred == b->deferred &&
	       a->mutex == b->mutex && a->cidmask == b->cidmask &&
	       same_words(a->pcpu, b->pcpu, nr_cpus);
}

/* Test only: an mm that changed although the hints said it could not */
static bool audit_mm(struct oracle *o, struct view *v, unsigned int m)
{
	struct view_mm now;

	if (!o->mm[m].users && !view_mm_users(v, m))
		return true;
	view_read_mm(v, m, &now);
	if (mm_same(&now, &o->mm[m], o->nr_cpus))
		return true;
	or_fail(v, "HINT", "hint-missed", "mm%u changed in this step without a write hint", m);
	return false;
}

/* The CPU slots of mm @m into its tally */
static void tally_mm(struct oracle *o, unsigned int m, const struct view_mm *mm,
		     int d)
{
	unsigned int cpu;

	for (cpu = 0; cpu < o->nr_cpus; cpu++)
		tally_pcpu(o, m, mm->pcpu[cpu], d);
}

/*
 * mm @m is @now from here on: its tally follows the slots that changed;
 * only the slots of CPUs that exist are copied
 */
static void take_mm(struct oracle *o, unsigned int m, struct view_mm *was,
		    const struct view_mm *now)
{
	unsigned int cpu;

	for (cpu = 0; cpu < o->nr_cpus; cpu++) {
		if (was->pcpu[cpu] == now->pcpu[cpu])
			continue;
		tally_pcpu(o, m, was->pcpu[cpu], -1);
		tally_pcpu(o, m, now->pcpu[cpu], 1);
		was->pcpu[cpu] = now->pcpu[cpu];
	}
	was->mode = now->mode;
	was->users = now->users;
	was->max_cids = now->max_cids;
	was->thrs = now->thrs;
	was->nr_allowed = now->nr_allowed;
	was->deferred = now->deferred;
	was->mutex = now->mutex;
	was->cidmask = now->cidmask;
}

static bool mm_hinted(const struct view_hints *h, unsigned int m)
{
	return h->all || (h->mms[m / 64] >> (m % 64) & 1);
}

/* mm @m, seen before, may have changed: I8, dirty, the shadow */
static bool watch_mm(struct oracle *o, struct view *v, unsigned int m)
{
	struct view_mm *was = &o->mm[m], now;

	/* Before its first user and after its last, an mm is private */
	if (!was->users && !view_mm_users(v, m))
		return true;
	view_read_mm(v, m, &now);
	if (mm_same(&now, was, o->nr_cpus))
		return true;
	or_dirty(o, (int)m);
	o->account_valid = false;
	if ((now.mode & VIEW_CID_TRANSIT) && !(was->mode & VIEW_CID_TRANSIT))
		o->stats.transitions++;
	if (or_on(o, 8) && !watch_mm_write(v, m, o->nr_cpus, was, &now))
		return false;
	take_mm(o, m, was, &now);
	return true;
}

/* The mms seen before that may have changed, in order */
static bool watch_old_mms(struct oracle *o, struct view *v,
			  const struct view_hints *h)
{
	unsigned int m, k;
	uint64_t bits;

	if (h->all || o->full || o->audit) {
		for (m = 0; m < o->nr_mms_seen; m++) {
			/* Unwritten since the last step: as it was */
			if (!o->full && !mm_hinted(h, m)) {
				if (o->audit && !audit_mm(o, v, m))
					return false;
				continue;
			}
			if (!watch_mm(o, v, m))
				return false;
		}
		return true;
	}
	for (k = 0; k < OR_MAX_MMS / 64; k++)
		for (bits = h->mms[k]; bits; bits &= bits - 1) {
			m = k * 64 + (unsigned int)__builtin_ctzll(bits);
			if (m >= o->nr_mms_seen)
				return true;
			if (!watch_mm(o, v, m))
				return false;
		}
	return true;
}

static bool watch_mms(struct oracle *o, struct view *v, const struct view_hints *h)
{
	unsigned int m, nr = view_nr_mms(v);

	if (nr > OR_MAX_MMS)
		nr = OR_MAX_MMS;
	/* most steps write no mm */
	if (!h->all && !o->full && !o->audit && nr == o->nr_mms_seen &&
	    !(h->mms[0] | h->mms[1]))
		return true;
	if (!watch_old_mms(o, v, h))
		return false;
	/* New ones: read in place */
	for (m = o->nr_mms_seen; m < nr; m++) {
		view_read_mm(v, m, &o->mm[m]);
		tally_mm(o, m, &o->mm[m], 1);
		or_dirty(o, (int)m);
		o->account_valid = false;
	}
	o->nr_mms_seen = nr;
	return true;
}

bool or_watch(struct oracle *o, struct view *v)
{
	unsigned int paths = view_paths_in_flight(v);
	/*
	 * The leak allowance of every mm depends on it: fewer paths in
	 * flight can turn a pass into a failure (more cannot)
	 */
	struct view_hints h;

	view_take_hints(v, &h);
	if (paths < o->paths)
		o->recheck_leaks = true;
	o->paths = paths;
	return watch_tasks(o, v, &h) && watch_mms(o, v, &h);
}
