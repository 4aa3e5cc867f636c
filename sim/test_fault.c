// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only state faults (enum sim_fault_kind in sim.h). Each breaks one
 * invariant on purpose, the way a bug would, so that a test can assert
 * that the oracle names exactly that invariant. A fault is applied once,
 * between two events (after the event the test names), and the oracle
 * checks the machine right away.
 *
 * The state faults' writes are made outside any kernel path: they count
 * as made with every lock held (no I8), and the oracle takes the new
 * state as its baseline (no I7), except for the fault that is about I7
 * itself. The faults that act through a primitive (a lost bitmap clear,
 * a bit number with a flag in it, a lock not taken) are armed here and
 * fire in prims.c at the next such primitive.
 *
 * Test only, like SQLite's test*.c: only the tests set sim_options.fault
 * (tests/test_oracle.c, one case of tests/test_explore.c; the minimizer
 * clears it). It is in the simulator's library, not in tests/, because
 * its hooks sit where the faults act (sim.c after an event, prims.c,
 * run.c's settle round), each one branch that is never taken in a run
 * without a fault.
 */
#include "sim_internal.h"

/* A phantom lock owner: no path has this id */
#define FAULT_OWNER		(SIM_MAX_PATHS + 1)

static bool live_mm(const struct task_struct *t)
{
	return t->mm && t->mm->mm_cid.users && t->mm_cid.active;
}

static struct task_struct *live_task(struct sim *s, unsigned int i)
{
	return &s->task[s->view.live[i]];
}

/* I1: two tasks of one mm in user space; the second takes the first's CID */
static bool fault_dup_cid(struct sim *s)
{
	unsigned int i, j;

	for (i = 0; i < s->view.nr_live; i++) {
		struct task_struct *a = live_task(s, i);

		if (!live_mm(a) || !sim_task_in_user_space(s, a))
			continue;
		for (j = 0; j < s->view.nr_live; j++) {
			struct task_struct *b = live_task(s, j);

			/*
			 * Per-CPU mode: b's word is a copy of its CPU's CID, not
			 * an ownership, so the pool stays consistent (no I2).
			 */
			if (b == a || b->mm != a->mm || !sim_task_in_user_space(s, b) ||
			    !cid_on_cpu(b->mm_cid.cid) ||
			    task_cid_value(b->mm_cid.cid) ==
			    task_cid_value(a->mm_cid.cid))
				continue;
			b->mm_cid.cid = a->mm_cid.cid;
			return true;
		}
	}
	return false;
}

/* A sleeping task that owns a plain task CID, nobody working on it */
static struct task_struct *idle_owner(struct sim *s)
{
	unsigned int i;

	for (i = 0; i < s->view.nr_live; i++) {
		struct task_struct *t = live_task(s, i);

		if (live_mm(t) && cid_on_task(t->mm_cid.cid) &&
		    cpu_rq(t->cpu)->curr != t && !cpu_rq(t->cpu)->__lock.owner &&
		    !t->mm->mm_cid.mutex.owner && !s->task_path[s->view.live[i]])
			return t;
	}
	return NULL;
}

/* I3: a TRANSIT bit left behind on a sleeping owner */
static bool fault_stale_transit(struct sim *s)
{
	struct task_struct *t = idle_owner(s);

	if (!t)
		return false;
	t->mm_cid.cid = cid_to_transit_cid(t->mm_cid.cid);
	return true;
}

/* I5: a sleeping owner's CID moves to num_possible_cpus() */
static bool fault_cid_out_of_range(struct sim *s)
{
	struct task_struct *t = idle_owner(s);
	unsigned long *mask;

	if (!t || s->nr_cpus >= BITS_PER_LONG)
		return false;
	mask = mm_layout_cidmask(t->mm);
	mask[0] &= ~(1UL << t->mm_cid.cid);
	mask[0] |= 1UL << s->nr_cpus;
	t->mm_cid.cid = s->nr_cpus;
	return true;
}

/* I4: an rq lock that nobody will ever release */
static bool fault_leak_rq_lock(struct sim *s)
{
	unsigned int cpu;

	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		if (cpu_rq(cpu)->__lock.owner)
			continue;
		cpu_rq(cpu)->__lock.owner = FAULT_OWNER;
		return true;
	}
	return false;
}

/* I6: max_cids of a live mm off by one, at a quiescent point */
static bool fault_max_cids(struct sim *s)
{
	unsigned int i;

	for (i = 0; i < s->view.nr_mms; i++) {
		if (!s->mm[i].mm_cid.users)
			continue;
		s->mm[i].mm_cid.max_cids++;
		return true;
	}
	return false;
}

/* I7: a task in user space moved to another free CID, consistently */
static bool fault_cid_change(struct sim *s)
{
	unsigned int i, k;

	for (i = 0; i < s->view.nr_live; i++) {
		struct task_struct *t = live_task(s, i);
		struct mm_cid_pcpu *pcp;
		unsigned long *mask;
		unsigned int old, flags;

		if (!live_mm(t) || !sim_task_in_user_space(s, t) ||
		    t->mm_cid.cid == MM_CID_UNSET)
			continue;
		mask = mm_layout_cidmask(t->mm);
		for (k = 0; k < s->nr_cpus && (mask[0] >> k & 1); k++)
			;
		if (k == s->nr_cpus)
			continue;
		old = task_cid_value(t->mm_cid.cid);
		flags = t->mm_cid.cid & (MM_CID_ONCPU | MM_CID_TRANSIT);
		pcp = mm_layout_pcpu(t->mm, t->cpu);
		mask[0] = (mask[0] & ~(1UL << old)) | 1UL << k;
		t->mm_cid.cid = k | flags;
		if (task_cid_value(pcp->cid) == old)
			pcp->cid = k | (pcp->cid & (MM_CID_ONCPU | MM_CID_TRANSIT));
		return true;
	}
	return false;
}

static bool fault_apply(struct sim *s, unsigned int kind)
{
	switch (kind) {
	case FAULT_DUP_CID:
		return fault_dup_cid(s);
	case FAULT_STALE_TRANSIT:
		return fault_stale_transit(s);
	case FAULT_LEAK_RQ_LOCK:
		return fault_leak_rq_lock(s);
	case FAULT_CID_OUT_OF_RANGE:
		return fault_cid_out_of_range(s);
	case FAULT_MAX_CIDS:
		return fault_max_cids(s);
	case FAULT_CID_CHANGE:
		return fault_cid_change(s);
	default:
		return false;
	}
}

/* Faults that act where their target comes (prims.c, sim_settle()) */
static bool fault_is_armed(unsigned int kind)
{
	return kind == FAULT_SKIP_CLEAR_BIT || kind == FAULT_SKIP_LOCK ||
	       kind == FAULT_SKIP_SETTLE || kind == FAULT_TRANSIT_BIT_NR;
}

/* An armed fault found its primitive */
void sim_fault_fired(struct sim *s)
{
	s->fault_armed = FAULT_NONE;
	s->res->fault_applied = true;
	s->res->fault_step = s->steps + 1;	/* the step running now */
}

/*
 * A clear_bit() with a fault armed. I2: the clear is lost (true). I9:
 * the bit number gets MM_CID_TRANSIT, the shape of CVE-2026-23225 (a
 * TRANSIT CID dropped from mm_drop_cid_on_cpu()).
 */
bool sim_fault_clear_bit(struct sim *s, unsigned int *nr)
{
	switch (s->fault_armed) {
	case FAULT_SKIP_CLEAR_BIT:
		sim_fault_fired(s);
		return true;
	case FAULT_TRANSIT_BIT_NR:
		sim_fault_fired(s);
		*nr |= MM_CID_TRANSIT;
		return false;
	default:
		return false;
	}
}

void sim_fault_after_event(struct sim *s, unsigned int done)
{
	const struct sim_fault *f = &s->opt.fault;

	if (s->fault_done || done != f->after_event || f->kind >= NR_SIM_FAULTS)
		return;
	s->fault_done = true;
	if (fault_is_armed(f->kind)) {
		s->fault_armed = f->kind;
		return;
	}
	if (!fault_apply(s, f->kind))
		return;
	hint_all(s);		/* the fault wrote behind the model's back */
	s->res->fault_applied = true;
	s->res->fault_step = s->steps;
	if (f->kind != FAULT_CID_CHANGE)
		s->checker.resync(s->checker.ctx, &s->view);
	s->view.all_locks = true;
	sim_check_step(s);
	s->view.all_locks = false;
}
