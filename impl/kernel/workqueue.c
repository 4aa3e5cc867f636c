// SPDX-License-Identifier: GPL-2.0-only
/*
 * The deferred path of mm_update_cpus_allowed(): an irq_work queued with
 * the rq lock held, which schedules a work item, which a kworker runs
 * (kernel/irq_work.c, kernel/workqueue.c, reduced to a pending and a
 * running bit each), and the two waits of the last user's exit.
 */
#include "kernel.h"

void irq_work_run(struct irq_work *work)
{
	if (!READ_ONCE(work->pending))
		return;
	WRITE_ONCE(work->running, true);
	WRITE_ONCE(work->pending, false);
	mm_cid_irq_work(work);
	smp_store_release(&work->running, false);
}

void process_one_work(struct work_struct *work)
{
	if (!READ_ONCE(work->pending))
		return;
	WRITE_ONCE(work->running, true);
	WRITE_ONCE(work->pending, false);
	mm_cid_work_fn(work);
	smp_store_release(&work->running, false);
}

/* Wait until a callback that runs now has finished */
void irq_work_sync(struct irq_work *work)
{
	while (smp_load_acquire(&work->running))
		cpu_relax();
}

/* Take a pending work off the queue; wait for one that runs now */
bool cancel_work_sync(struct work_struct *work)
{
	bool pending = READ_ONCE(work->pending);

	if (pending)
		WRITE_ONCE(work->pending, false);
	while (smp_load_acquire(&work->running))
		cpu_relax();
	return pending;
}
