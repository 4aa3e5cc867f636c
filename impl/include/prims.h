/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The primitives header: the only door from the model (impl/) to the world.
 *
 * Everything the kernel does to shared state that another CPU can observe
 * or contend on goes through one of these: READ_ONCE/WRITE_ONCE, the
 * acquire/release accessors, the barriers, the atomic bit operations on
 * the CID bitmap, the locks, cpu_relax() in retry loops. Plain C accesses
 * in impl/ are the kernel's plain accesses: only ever done under the lock
 * that protects the field (or on a task's own fields), so no other CPU can
 * observe their order.
 *
 * Two back ends implement the __prim_*() functions:
 *  - sim/ (deterministic simulator): each primitive is a scheduling point;
 *    the running path stops before the access and the simulator decides
 *    who goes next;
 *  - threads (real pthreads + C11 atomics, for ThreadSanitizer).
 *
 * impl/ never includes a back end's headers.
 */
#ifndef CIDFUZZ_PRIMS_H
#define CIDFUZZ_PRIMS_H

#include <stdbool.h>
#include <stddef.h>

struct task_struct;

/* Ordering of a memory access; the weak-memory back end needs it. */
enum prim_order {
	PO_ONCE,	/* READ_ONCE / WRITE_ONCE: relaxed */
	PO_ACQUIRE,	/* smp_load_acquire */
	PO_RELEASE,	/* smp_store_release */
};

enum prim_fence {
	PF_MB,		/* smp_mb() */
	PF_WMB,		/* smp_wmb() */
	PF_RMB,		/* smp_rmb() */
};

/* A raw spinlock: rq->__lock, p->pi_lock, mm->mm_cid.lock, tasklist_lock */
typedef struct raw_spinlock {
	int owner;		/* back end: 0 free, else holder id */
	char name[28];		/* for traces: "rq2", "T1.pi_lock", ... */
} raw_spinlock_t;

/* A sleeping lock: mm->mm_cid.mutex */
struct mutex {
	int owner;
	char name[28];
};

/* A completion: vfork_done */
struct completion {
	unsigned int done;
};

unsigned long __prim_load(const void *p, unsigned int size,
			  enum prim_order order, const char *fn);
void __prim_store(void *p, unsigned long val, unsigned int size,
		  enum prim_order order, const char *fn);
void __prim_fence(enum prim_fence kind, const char *fn);
bool __prim_test_and_set_bit(unsigned int nr, unsigned long *addr,
			     const char *fn);
void __prim_clear_bit(unsigned int nr, unsigned long *addr, const char *fn);
unsigned int __prim_find_first_zero_bit(const unsigned long *addr,
					unsigned int size, const char *fn);
void __prim_spin_lock(raw_spinlock_t *lock, const char *fn);
void __prim_spin_unlock(raw_spinlock_t *lock, const char *fn);
void __prim_mutex_lock(struct mutex *lock, const char *fn);
void __prim_mutex_unlock(struct mutex *lock, const char *fn);
void __prim_cpu_relax(const char *fn);
void __prim_wait_for_completion(struct completion *c, const char *fn);
void __prim_complete(struct completion *c, const char *fn);

/* Not scheduling points: bookkeeping of the running path. */
void __prim_preempt_count_add(int val);
void __prim_irq_disable(bool off);
void __prim_rcu_read_lock(int val);
struct task_struct *__prim_current(void);
unsigned int __prim_smp_processor_id(void);
void __prim_trace_enter(const char *fn, struct task_struct *subject);
void __prim_warn(const char *cond, const char *fn, int line);

#define READ_ONCE(x)							\
	((__typeof__(x))__prim_load(&(x), sizeof(x), PO_ONCE, __func__))
#define WRITE_ONCE(x, val)						\
	__prim_store(&(x), (unsigned long)(val), sizeof(x), PO_ONCE, __func__)
#define smp_load_acquire(p)						\
	((__typeof__(*(p)))__prim_load((p), sizeof(*(p)), PO_ACQUIRE, __func__))
#define smp_store_release(p, val)					\
	__prim_store((p), (unsigned long)(val), sizeof(*(p)), PO_RELEASE, \
		     __func__)

#define smp_mb()	__prim_fence(PF_MB, __func__)
#define smp_wmb()	__prim_fence(PF_WMB, __func__)
#define smp_rmb()	__prim_fence(PF_RMB, __func__)
/* A full barrier on every architecture the weak back end stands for */
#define smp_mb__after_spinlock()	smp_mb()

#define test_and_set_bit(nr, addr)					\
	__prim_test_and_set_bit((nr), (addr), __func__)
#define clear_bit(nr, addr)	__prim_clear_bit((nr), (addr), __func__)
#define find_first_zero_bit(addr, size)					\
	__prim_find_first_zero_bit((addr), (size), __func__)

#define raw_spin_lock(l)	__prim_spin_lock((l), __func__)
#define raw_spin_unlock(l)	__prim_spin_unlock((l), __func__)
#define mutex_lock(m)		__prim_mutex_lock((m), __func__)
#define mutex_unlock(m)		__prim_mutex_unlock((m), __func__)
#define cpu_relax()		__prim_cpu_relax(__func__)
#define wait_for_completion(c)	__prim_wait_for_completion((c), __func__)
#define complete(c)		__prim_complete((c), __func__)

#define preempt_disable()	__prim_preempt_count_add(1)
#define preempt_enable()	__prim_preempt_count_add(-1)
#define local_irq_disable()	__prim_irq_disable(true)
#define local_irq_enable()	__prim_irq_disable(false)

#define raw_spin_lock_irq(l)	do { local_irq_disable(); raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irq(l)	do { raw_spin_unlock(l); local_irq_enable(); } while (0)

/*
 * rcu_read_lock() is modelled as PREEMPT_RCU: it does not disable
 * preemption, so a walker under RCU can be preempted and migrated. That
 * keeps more interleavings possible than the !PREEMPT_RCU reading. The
 * back end counts the read-side sections: a task released from the
 * thread lists lives on (its slot is not reused) while one is open.
 */
#define rcu_read_lock()		__prim_rcu_read_lock(1)
#define rcu_read_unlock()	__prim_rcu_read_lock(-1)

#define current			__prim_current()
#define smp_processor_id()	__prim_smp_processor_id()

/* Named stop points for schedules (see trace_funcs.h) */
#define trace_enter()		__prim_trace_enter(__func__, NULL)
#define trace_enter_task(t)	__prim_trace_enter(__func__, (t))

/* A model assertion that fails is a finding, not a crash. */
#define WARN_ON_ONCE(cond)						\
	({								\
		bool __c = !!(cond);					\
		if (__c)						\
			__prim_warn(#cond, __func__, __LINE__);		\
		__c;							\
	})

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#endif
