// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler side of mm_cid (kernel/sched/sched.h): CID allocation from
 * the bitmap, convergence, and the context switch hooks mm_cid_schedout()
 * and mm_cid_schedin(). All of this runs with the rq lock of this CPU held
 * and interrupts disabled (called from __schedule()).
 *
 * The functions are out of line here (they are __always_inline in the
 * kernel) only so that their entries can be named in schedules.
 */
#include "kernel.h"

/*
 * The mode as schedin and schedout see it. Since 47ee94efccf6 it is one
 * word. Before it (split-mode-fields) schedin read only the percpu field
 * here and the transit field at the point of use (mm_cid_mode_transit()),
 * two loads a weakly ordered CPU may see out of order.
 */
unsigned int mm_cid_read_mode(struct mm_struct *mm)
{
	struct mm_mm_cid *mc = &mm->mm_cid;

	if (!cid_bug(BUG_SPLIT_MODE_FIELDS))
		return READ_ONCE(mc->mode);
	return READ_ONCE(mc->percpu) ? MM_CID_ONCPU : 0;
}

/* The transition bit to apply in schedin */
static unsigned int mm_cid_mode_transit(struct mm_struct *mm, unsigned int mode)
{
	if (!cid_bug(BUG_SPLIT_MODE_FIELDS))
		return mode & MM_CID_TRANSIT;
	return READ_ONCE(mm->mm_cid.transit);
}

static unsigned int __mm_get_cid(struct mm_struct *mm, unsigned int max_cids)
{
	unsigned int cid = find_first_zero_bit(mm_cidmask(mm), max_cids);

	if (cid >= max_cids)
		return MM_CID_UNSET;
	if (test_and_set_bit(cid, mm_cidmask(mm)))
		return MM_CID_UNSET;
	return cid;
}

/*
 * Runs with the rq lock held: if the pool never refills, this CPU spins
 * here forever and every path that needs this rq lock waits for it.
 */
unsigned int mm_get_cid(struct mm_struct *mm)
{
	unsigned int cid;

	trace_enter();
	cid = __mm_get_cid(mm, READ_ONCE(mm->mm_cid.max_cids));
	while (cid == MM_CID_UNSET) {
		cpu_relax();
		cid = __mm_get_cid(mm, num_possible_cpus());
	}
	return cid;
}

void mm_drop_cid(struct mm_struct *mm, unsigned int cid)
{
	clear_bit(cid, mm_cidmask(mm));
}

void mm_unset_cid_on_task(struct task_struct *t)
{
	unsigned int cid = t->mm_cid.cid;

	t->mm_cid.cid = MM_CID_UNSET;
	if (cid_on_task(cid))
		mm_drop_cid(t->mm, cid);
}

/*
 * Follows 1e83ccd5921a. Before it (cid-on-cpu-drop) the slot was assumed
 * to be CPU owned: a slot in TRANSIT went to clear_bit() as it was.
 */
void mm_drop_cid_on_cpu(struct mm_struct *mm, struct mm_cid_pcpu *pcp)
{
	/* Clear the ONCPU bit, but do not set UNSET in the per CPU storage */
	if (cid_on_cpu(pcp->cid) || cid_bug(BUG_CID_ON_CPU_DROP)) {
		pcp->cid = cpu_cid_to_cid(pcp->cid);
		mm_drop_cid(mm, pcp->cid);
	}
}

static unsigned int mm_cid_converge(struct mm_struct *mm, unsigned int orig_cid,
				    unsigned int max_cids)
{
	unsigned int new_cid, cid = cpu_cid_to_cid(orig_cid);

	trace_enter();
	/* Is it in the optimal CID space? */
	if (likely(cid < max_cids))
		return orig_cid;

	/* Try to find one in the optimal space. Otherwise keep the provided. */
	new_cid = __mm_get_cid(mm, max_cids);
	if (new_cid != MM_CID_UNSET) {
		mm_drop_cid(mm, cid);
		/* Preserve the ONCPU mode of the original CID */
		return new_cid | (orig_cid & MM_CID_ONCPU);
	}
	return orig_cid;
}

static void mm_cid_update_task_cid(struct task_struct *t, unsigned int cid)
{
	if (t->mm_cid.cid != cid) {
		t->mm_cid.cid = cid;
		t->rseq_ids_changed = true;	/* rseq_sched_set_ids_changed() */
	}
}

static void mm_cid_update_pcpu_cid(struct mm_struct *mm, unsigned int cid)
{
	/* __this_cpu_write(): this CPU's slot, rq lock held */
	mm->mm_cid.pcpu[smp_processor_id()].cid = cid;
}

static void mm_cid_from_cpu(struct task_struct *t, unsigned int cpu_cid,
			    unsigned int mode)
{
	unsigned int max_cids, tcid = t->mm_cid.cid;
	struct mm_struct *mm = t->mm;

	trace_enter_task(t);
	max_cids = READ_ONCE(mm->mm_cid.max_cids);
	/* Optimize for the common case where both have the ONCPU bit set */
	if (likely(cid_on_cpu(cpu_cid & tcid))) {
		if (likely(cpu_cid_to_cid(cpu_cid) < max_cids)) {
			mm_cid_update_task_cid(t, cpu_cid);
			return;
		}
		/* Try to converge into the optimal CID space */
		cpu_cid = mm_cid_converge(mm, cpu_cid, max_cids);
	} else {
		/* Hand over or drop the task owned CID */
		if (cid_on_task(tcid)) {
			if (cid_on_cpu(cpu_cid))
				mm_unset_cid_on_task(t);
			else
				cpu_cid = cid_to_cpu_cid(tcid);
		}
		/* Still nothing, allocate a new one */
		if (!cid_on_cpu(cpu_cid))
			cpu_cid = cid_to_cpu_cid(mm_get_cid(mm));

		/*
		 * Handle the transition mode flag if required. Before
		 * 4327fb13fa47 this direction had no transition phase, and
		 * no such test: the handover to the CPU was final.
		 */
		if (!cid_bug(BUG_TRANSIT_TASK_TO_CPU) &&
		    mm_cid_mode_transit(mm, mode))
			cpu_cid = cpu_cid_to_cid(cpu_cid) | MM_CID_TRANSIT;
	}
	mm_cid_update_pcpu_cid(mm, cpu_cid);
	mm_cid_update_task_cid(t, cpu_cid);
}

static void mm_cid_from_task(struct task_struct *t, unsigned int cpu_cid,
			     unsigned int mode)
{
	unsigned int max_cids, tcid = t->mm_cid.cid;
	struct mm_struct *mm = t->mm;

	trace_enter_task(t);
	max_cids = READ_ONCE(mm->mm_cid.max_cids);
	/* Optimize for the common case, where both have the ONCPU bit clear */
	if (likely(cid_on_task(tcid | cpu_cid))) {
		if (likely(tcid < max_cids)) {
			mm_cid_update_pcpu_cid(mm, tcid);
			return;
		}
		/* Try to converge into the optimal CID space */
		tcid = mm_cid_converge(mm, tcid, max_cids);
	} else {
		/* Hand over or drop the CPU owned CID */
		if (cid_on_cpu(cpu_cid)) {
			if (cid_on_task(tcid))
				mm_drop_cid_on_cpu(mm, &mm->mm_cid.pcpu[smp_processor_id()]);
			else
				tcid = cpu_cid_to_cid(cpu_cid);
		}
		/* Still nothing, allocate a new one */
		if (!cid_on_task(tcid))
			tcid = mm_get_cid(mm);
		/* Set the transition mode flag if required */
		tcid |= mm_cid_mode_transit(mm, mode);
	}
	mm_cid_update_pcpu_cid(mm, tcid);
	mm_cid_update_task_cid(t, tcid);
}

static void mm_cid_schedin(struct task_struct *next)
{
	struct mm_struct *mm = next->mm;
	unsigned int cpu_cid, mode;

	if (!next->mm_cid.active)
		return;
	trace_enter_task(next);
	cpu_cid = mm->mm_cid.pcpu[smp_processor_id()].cid;
	mode = mm_cid_read_mode(mm);
	if (likely(!cid_on_cpu(mode)))
		mm_cid_from_task(next, cpu_cid, mode);
	else
		mm_cid_from_cpu(next, cpu_cid, mode);
}

static void mm_cid_schedout(struct task_struct *prev)
{
	struct mm_struct *mm = prev->mm;
	unsigned int mode, cid;

	/* During mode transitions CIDs are temporary and need to be dropped */
	if (likely(!cid_in_transit(prev->mm_cid.cid)))
		return;
	trace_enter_task(prev);

	if (cid_bug(BUG_SCHEDOUT_DROP)) {
		/* Before 4463c7aa11a6: always give a transit CID back */
		mm_drop_cid(mm, cid_from_transit_cid(prev->mm_cid.cid));
		prev->mm_cid.cid = MM_CID_UNSET;
		return;
	}

	mode = mm_cid_read_mode(mm);
	cid = cid_from_transit_cid(prev->mm_cid.cid);

	/*
	 * If transition mode is done, transfer ownership when the CID is
	 * within the convergence range. Otherwise the next schedule in will
	 * have to allocate or converge. The snapshot of mode is safe: a
	 * transition that starts after it must take this rq lock in its
	 * fixup before it can touch this CPU or prev.
	 */
	if (!cid_in_transit(mode) && cid < READ_ONCE(mm->mm_cid.max_cids)) {
		if (cid_on_cpu(mode))
			cid = cid_to_cpu_cid(cid);

		/* Update both so that the next schedule in goes into the fast path */
		mm_cid_update_pcpu_cid(mm, cid);
		prev->mm_cid.cid = cid;
	} else {
		mm_drop_cid(mm, cid);
		prev->mm_cid.cid = MM_CID_UNSET;
	}
}

void mm_cid_switch_to(struct task_struct *prev, struct task_struct *next)
{
	trace_enter();
	mm_cid_schedout(prev);
	mm_cid_schedin(next);
}
