/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rest of the kernel APIs the mm_cid sections call, each as the
 * model does the same thing in impl/ (docs/kernel-tree.md has the list):
 * lockdep assertions, the hlist walk, cpumask and bitmap set-up, lock
 * set-up, the deferred work, the rseq notification.
 */
#ifndef CIDFUZZ_KT_KERNEL_H
#define CIDFUZZ_KT_KERNEL_H

#include <stdbool.h>

/*
 * A lock the code says it holds is held by someone (owner 0: free). Not
 * lockdep (which holder is not checked), but a lock not held at all is
 * a finding, as a WARN of the kernel is.
 */
#define lockdep_assert_held(l) ((void)WARN_ON_ONCE(!(l)->owner))

#define raw_spin_lock_init(l) ((l)->owner = 0)
#define mutex_init(m) ((m)->owner = 0)

/* include/linux/list.h; the user list is protected by mm_cid::lock */
#define INIT_HLIST_HEAD(h) ((h)->first = NULL)
#define hlist_entry_safe(ptr, type, member)                   \
	({                                                    \
		struct hlist_node *__n = (ptr);               \
		__n ? container_of(__n, type, member) : NULL; \
	})
#define hlist_for_each_entry(pos, head, member)                        \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)), \
				    member);                           \
	     pos; pos = hlist_entry_safe((pos)->member.next,           \
					 __typeof__(*(pos)), member))

#define cpumask_copy(dst, src) ((void)(*(dst) = *(src)))
#define bitmap_zero(dst, nbits) \
	__builtin_memset((dst), 0, BITS_TO_LONGS(nbits) * sizeof(unsigned long))

/*
 * The deferred work: queueing sets the pending bit that the back end's
 * irq_work_run() and process_one_work() (impl/kernel/workqueue.c) look
 * at, as the model's mm_update_cpus_allowed() and mm_cid_irq_work() do.
 */
#define IRQ_WORK_INIT_HARD(fn) ((struct irq_work){ .func = (fn) })
#define INIT_WORK(w, fn) \
	((void)((w)->pending = false, (w)->running = false, (w)->func = (fn)))

static inline bool __kt_noinstr irq_work_queue(struct irq_work *work)
{
	WRITE_ONCE(work->pending, true);
	return true;
}

static inline bool __kt_noinstr schedule_work(struct work_struct *work)
{
	WRITE_ONCE(work->pending, true);
	return true;
}

/* rseq: the task publishes new ids on its way back to user space */
#define rseq_sched_set_ids_changed(t) ((void)((t)->rseq_ids_changed = true))

#endif
