// SPDX-License-Identifier: GPL-2.0-only
/*
 * The deferred path of mm_update_cpus_allowed(): an irq_work queued with
 * the rq lock held, which schedules a work item, which a kworker runs
 * (kernel/irq_work.c, kernel/workqueue.c, reduced to their pending bits).
 */
#include "kernel.h"

void irq_work_run(struct irq_work *work)
{
	if (!READ_ONCE(work->pending))
		return;
	WRITE_ONCE(work->pending, false);
	mm_cid_irq_work(work);
}

void process_one_work(struct work_struct *work)
{
	if (!READ_ONCE(work->pending))
		return;
	WRITE_ONCE(work->pending, false);
	mm_cid_work_fn(work);
}
