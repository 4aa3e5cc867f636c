// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulator back end of impl/include/prims.h (the __prim_*() names
 * are prims.h's, not the simulator's API: see sim_internal.h). Every
 * scheduling point stops the running path *before* its access
 * (sim_point()), so the simulator sees what the path is about to do
 * (take rq2, spin once more) and can decide not to let it. When resumed,
 * the access is performed here and the path runs on, plain accesses
 * included, to its next primitive.
 *
 * Memory is sequentially consistent by default: a store is visible to
 * every CPU at the step that performs it. With "memory weak" stores go
 * through per-CPU store buffers and the barriers drain them (weak.c has
 * the mapping to the Linux-kernel memory model); off, that costs one
 * predictable branch per primitive.
 */
#include <string.h>

#include "kasan.h"
#include "sim_internal.h"

struct sim *sim_cur;

static inline struct sim_path *sim_point(uint8_t op, const void *obj,
					 const char *fn, unsigned long val)
{
	struct sim *s = sim_cur;
	struct sim_path *p = s->cur;

	if (s->chain) {
		if (sim_path_chain(s, p, op, obj, fn, val))
			return p;
	} else {
		p->op = op;
		p->obj = obj;
		p->fn = fn;
		p->val = val;
	}
	sim_coro_switch(&p->co, &s->main);
	return p;
}

static inline void made_progress(struct sim_path *p)
{
	sim_cur->progress++;
	p->relax_iters = 0;
}

void (*sim_feature_hook)(uint32_t id);
const char sim_feature_anchor[] = "feature ids are relative to here";

/* Feedback: a word read with TRANSIT or ONCPU in it, and where */
static inline unsigned long seen(unsigned long v, unsigned int size,
				 const char *fn)
{
	if (unlikely(sim_feature_hook) && size == 4 &&
	    (v & (MM_CID_TRANSIT | MM_CID_ONCPU)) && !(v & MM_CID_UNSET))
		sim_feature_hook(sim_feature_of(fn, (uint32_t)(v >> 29)));
	return v;
}

unsigned long __prim_load(const void *ptr, unsigned int size,
			  enum prim_order order, const char *fn)
{
	unsigned long v;

	/* An acquire needs nothing more: loads are performed in order */
	(void)order;
	sim_point(OP_LOAD, ptr, fn, size);
	v = sim_mem_read(ptr, size);
	if (unlikely(sim_cur->weak_on))
		v = sim_weak_load(sim_cur, ptr, v, fn);
	return size == 4 ? seen(v, size, fn) : v;
}

void __prim_store(void *ptr, unsigned long val, unsigned int size,
		  enum prim_order order, const char *fn)
{
	struct sim_path *p;

	/* Pointer stores show no value in traces: addresses differ per run */
	p = sim_point(OP_STORE, ptr, fn, size <= 4 ? val : ~0UL);
	if (unlikely(sim_cur->weak_on)) {
		sim_weak_store(sim_cur, ptr, size, val, order == PO_RELEASE);
		made_progress(p);
		return;
	}
	sim_mem_write(ptr, size, val);
	made_progress(p);
}

void __prim_fence(enum prim_fence kind, const char *fn)
{
	sim_point(OP_FENCE, NULL, fn, kind);
	if (unlikely(sim_cur->weak_on))
		sim_weak_fence(sim_cur, kind);
}

/*
 * I9: a bit number the CID bitmap does not have (kasan.h). Checked after
 * the scheduling point, so it is the step that would make the access,
 * and before any memory is touched; the run ends with the verdict.
 */
static void __attribute__((cold, noinline))
bad_bitop(enum kasan_bitop op, unsigned int nr, const char *fn)
{
	char what[200];

	sim_violation(sim_cur, "I9", fn, "%s",
		      kasan_bitop_what(what, sizeof(what), op, nr, nr_cpu_ids, fn));
}

bool __prim_test_and_set_bit(unsigned int nr, unsigned long *addr,
			     const char *fn)
{
	struct sim_path *p = sim_point(OP_RMW, addr, fn, nr);
	unsigned long bit = 1UL << (nr % BITS_PER_LONG);
	unsigned long *word;
	bool old;

	if (unlikely(nr >= nr_cpu_ids)) {
		bad_bitop(KASAN_TEST_AND_SET_BIT, nr, fn);
		return true;	/* "taken": the caller does not use it */
	}
	/* A value-returning atomic is a full barrier */
	weak_drain_here(sim_cur);
	word = addr + nr / BITS_PER_LONG;
	old = *word & bit;

	if (!old) {
		*word |= bit;
		made_progress(p);
	}
	return old;
}

void __prim_clear_bit(unsigned int nr, unsigned long *addr, const char *fn)
{
	struct sim *s = sim_cur;
	struct sim_path *p = sim_point(OP_RMW, addr, fn, nr);
	bool lost = unlikely(s->fault_armed) && sim_fault_clear_bit(s, &nr);

	if (unlikely(nr >= nr_cpu_ids)) {
		bad_bitop(KASAN_CLEAR_BIT, nr, fn);
		return;
	}
	/* Unordered in LKMM; draining first is stronger, so still sound */
	weak_drain_here(s);
	if (likely(!lost))
		addr[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
	made_progress(p);
}

unsigned int __prim_find_first_zero_bit(const unsigned long *addr,
					unsigned int size, const char *fn)
{
	unsigned int i;

	/*
	 * Plain loads of the bitmap: only atomics write it, and they drain
	 * first, so it never has a buffered store and memory is the truth.
	 */
	sim_point(OP_LOAD, addr, fn, sizeof(unsigned long));
	if (unlikely(size > nr_cpu_ids)) {
		bad_bitop(KASAN_FIND_FIRST_ZERO_BIT, size, fn);
		return size;	/* none free: the caller takes none */
	}
	for (i = 0; i < size; i++)
		if (!(addr[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG))))
			return i;
	return size;
}

/* The simulator resumes a lock operation only when the lock is free */
void __prim_spin_lock(raw_spinlock_t *lock, const char *fn)
{
	struct sim_path *p = sim_point(OP_SPIN_LOCK, lock, fn, 0);

	p->spin_held++;
	if (unlikely(sim_cur->fault_armed == FAULT_SKIP_LOCK) &&
	    lock->name[0] == 'm') {
		/* an mm_cid.lock the code forgot to take */
		sim_fault_fired(sim_cur);
		sim_cur->fault_lock = lock;
		sim_cur->fault_lock_path = p->id;
		made_progress(p);
		return;
	}
	lock->owner = p->id;
	made_progress(p);
}

void __prim_spin_unlock(raw_spinlock_t *lock, const char *fn)
{
	struct sim_path *p = sim_point(OP_SPIN_UNLOCK, lock, fn, 0);

	/* A release: every store before it is visible first */
	weak_drain_here(sim_cur);
	if (unlikely(sim_cur->fault_lock == lock) &&
	    sim_cur->fault_lock_path == p->id) {
		sim_cur->fault_lock = NULL;
		p->spin_held--;
		made_progress(p);
		return;
	}
	if (lock->owner != p->id)
		__prim_warn("raw_spin_unlock() of a lock not held", fn, 0);
	lock->owner = 0;
	p->spin_held--;
	made_progress(p);
}

void __prim_mutex_lock(struct mutex *lock, const char *fn)
{
	struct sim_path *p = sim_point(OP_MUTEX_LOCK, lock, fn, 0);

	if (p->spin_held || p->irq_off || p->preempt)
		__prim_warn("mutex_lock() in atomic context", fn, 0);
	lock->owner = p->id;
	made_progress(p);
}

void __prim_mutex_unlock(struct mutex *lock, const char *fn)
{
	struct sim_path *p = sim_point(OP_MUTEX_UNLOCK, lock, fn, 0);

	weak_drain_here(sim_cur); /* a release */
	if (lock->owner != p->id)
		__prim_warn("mutex_unlock() of a mutex not held", fn, 0);
	lock->owner = 0;
	made_progress(p);
}

void __prim_cpu_relax(const char *fn)
{
	struct sim *s = sim_cur;
	struct sim_path *p = sim_point(OP_RELAX, NULL, fn, 0);

	/* Resumed: something changed since the last iteration (or first) */
	p->relax_mark = s->progress;
	if (unlikely(sim_feature_hook))
		sim_feature_hook(sim_feature_of(fn, 32 - (uint32_t)
				 __builtin_clz(p->relax_iters + 1)));
	if (++p->relax_iters > s->opt.retry_bound) {
		char who[64];

		sim_violation(s, "I4", fn,
			      "retry loop in %s of %s exceeded %u iterations",
			      fn, sim_path_who(s, p, who, sizeof(who)),
			      s->opt.retry_bound);
	}
}

void __prim_wait_for_completion(struct completion *c, const char *fn)
{
	struct sim *s = sim_cur;

	/* stopped at a wait, as the view counts it (view_quiescent()) */
	s->view.nr_waiting++;
	sim_point(OP_WAIT, c, fn, 0);
	s->view.nr_waiting--;
	c->done = 0;
}

void __prim_complete(struct completion *c, const char *fn)
{
	struct sim_path *p = sim_point(OP_COMPLETE, c, fn, 0);

	weak_drain_here(sim_cur); /* an unlock in the kernel */
	c->done = 1;
	made_progress(p);
}

void __prim_preempt_count_add(int val)
{
	sim_cur->cur->preempt += val;
}

void __prim_irq_disable(bool off)
{
	sim_cur->cur->irq_off += off ? 1 : -1;
}

void __prim_rcu_read_lock(int val)
{
	sim_cur->cur->rcu += val;
}

struct task_struct *__prim_current(void)
{
	struct sim_path *p = sim_cur->cur;

	if (p->kind == PATH_TASK)
		return p->task;
	return cpu_rq(p->cpu)->curr;
}

unsigned int __prim_smp_processor_id(void)
{
	struct sim_path *p = sim_cur->cur;

	if (p->kind == PATH_TASK)
		return p->task->cpu;
	return (unsigned int)p->cpu;
}

void __prim_trace_enter(const char *fn, struct task_struct *subject)
{
	struct sim_path *p = sim_cur->cur;

	/*
	 * No path: the machine's own set-up (the first process's mm_init()),
	 * no stop point. impl/ traces no function there; a kernel tree's
	 * entries are all instrumented (kerneltree/shim/kt_entries.c).
	 */
	if (!p)
		return;
	if (p->nr_entries < SIM_MAX_ENTRIES) {
		p->entries[p->nr_entries].fn = fn;
		p->entries[p->nr_entries].task = subject;
		p->nr_entries++;
	}
}

void __prim_warn(const char *cond, const char *fn, int line)
{
	struct sim *s = sim_cur;

	(void)line;
	sim_violation(s, "WARN", fn, "WARN_ON_ONCE(%s) in %s", cond, fn);
}
