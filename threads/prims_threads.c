// SPDX-License-Identifier: GPL-2.0-only
/*
 * The threads back end of impl/include/prims.h (see threads.h): each
 * primitive is the real thing on real threads, so that ThreadSanitizer
 * sees the model's shared accesses as the kernel makes them.
 *
 *  READ_ONCE / WRITE_ONCE	relaxed atomic load / store
 *  smp_load_acquire		acquire load
 *  smp_store_release		release store
 *  smp_mb / smp_wmb / smp_rmb	seq_cst / release / acquire fence
 *  test_and_set_bit		fully ordered fetch_or (as the kernel's)
 *  clear_bit			relaxed fetch_and (no ordering, as the kernel's)
 *  find_first_zero_bit		relaxed loads of the words
 *  (a bit number or size beyond the bitmap: I9, kasan.h, and no access)
 *  raw_spin_lock		CAS on the lock's owner word (acquire), spinning;
 *				unlock: release store
 *  mutex_lock			the same, waiting with sched_yield() (it sleeps)
 *
 * The locks live in the owner word prims.h already gives every lock, so
 * impl/ and prims.h are unchanged. A plain access in impl/ stays a plain
 * access: if two threads make conflicting ones without a lock between
 * them, TSan reports it.
 *
 * Besides, it counts the statistics of cid_stats.h, keeps each thread's
 * report fields for the watchdog, and optionally delays at primitives to
 * widen the windows between them.
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kasan.h"
#include "threads.h"

struct thr_options thr_opt;
struct cid_stats thr_stats;
void (*thr_violation_hook)(const char *inv, const char *what);
void (*thr_transit_done_hook)(struct mm_struct *mm);

static struct thr *thr_registry[THR_MAX_THREADS];
static __thread struct thr *thr_current;

#define STAT_INC(field) __atomic_fetch_add(&thr_stats.field, 1, __ATOMIC_RELAXED)

uint64_t thr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t thr_rand(struct thr *t)
{
	t->rng ^= t->rng << 13;
	t->rng ^= t->rng >> 7;
	t->rng ^= t->rng << 17;
	return t->rng;
}

void thr_attach(struct thr *t, const char *name, uint64_t seed)
{
	int i;

	snprintf(t->name, sizeof(t->name), "%s", name);
	t->rng = seed * 2654435761ull + 0x9e3779b97f4a7c15ull;
	for (i = 0; i < THR_MAX_THREADS; i++) {
		struct thr *none = NULL;

		if (__atomic_compare_exchange_n(&thr_registry[i], &none, t, false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED)) {
			t->id = i + 1;
			break;
		}
	}
	thr_current = t;
}

void thr_detach(struct thr *t)
{
	if (t->id)
		__atomic_store_n(&thr_registry[t->id - 1], NULL, __ATOMIC_RELEASE);
	thr_current = NULL;
}

void thr_doing(struct thr *t, const char *what)
{
	t->in_switch = false;
	thr_set(t->fn, (const char *)NULL);
	thr_set(t->subject, (struct task_struct *)NULL);
	thr_set(t->doing, what);
}

struct thr *thr_self(void)
{
	return thr_current;
}

struct thr *thr_by_id(int id)
{
	if (id < 1 || id > THR_MAX_THREADS)
		return NULL;
	return __atomic_load_n(&thr_registry[id - 1], __ATOMIC_ACQUIRE);
}

static void violation(const char *inv, const char *fmt, const char *a, const char *b)
{
	char what[256];

	snprintf(what, sizeof(what), fmt, a, b);
	if (thr_violation_hook)
		thr_violation_hook(inv, what);
	else
		fprintf(stderr, "VIOLATION %s: %s\n", inv, what);
}

/*
 * Widen the windows: now and then stop a little before an access, as an
 * interrupt or a preempted vCPU would: a short spin, a yield, or (with
 * delay_us) a sleep of up to delay_us microseconds.
 */
static void maybe_delay(struct thr *me)
{
	uint64_t r;

	if (!thr_opt.delay || !me)
		return;
	r = thr_rand(me);
	if (r % thr_opt.delay)
		return;
	r >>= 16;
	switch (r % 4) {
	case 0:
		sched_yield();
		break;
	case 1:
		if (thr_opt.delay_us) {
			usleep((useconds_t)((r >> 8) % (thr_opt.delay_us + 1)));
			break;
		}
		/* fall through */
	default:
		for (volatile unsigned int i = (unsigned int)((r >> 8) % 2000); i; i--)
			;
	}
}

static inline void enter_prim(struct thr *me, const char *prim, const char *fn)
{
	if (!me)
		return;
	thr_set(me->prim, prim);
	thr_set(me->prim_fn, fn);
	maybe_delay(me);
}

static inline void leave_prim(struct thr *me)
{
	if (me)
		thr_set(me->prim, (const char *)NULL);
}

/* A write or a won RMW ends the retry loop the thread may be in */
static inline void made_progress(struct thr *me)
{
	if (me && me->relax_iters)
		thr_set(me->relax_iters, 0ul);
}

/* ---- schedin / schedout classification (cid_stats.h) ---- */

static bool fn_is(const char *fn, const char *name)
{
	return fn[0] == name[0] && !strcmp(fn, name);
}

static void stats_enter(struct thr *me, const char *fn, struct task_struct *t)
{
	if (fn[0] != 'm' || strncmp(fn, "mm_cid_", 7))
		return;
	fn += 7;
	if (fn_is(fn, "schedin")) {
		STAT_INC(schedin);
	} else if (fn_is(fn, "from_task") || fn_is(fn, "from_cpu")) {
		/* The rq lock of t's CPU is held: its words cannot change */
		me->sched_pending = true;
		me->sched_from_cpu = fn_is(fn, "from_cpu");
		me->sched_tcid = t->mm_cid.cid;
		me->sched_cpu_cid = t->mm->mm_cid.pcpu[__prim_smp_processor_id()].cid;
	} else if (fn_is(fn, "switch_to")) {
		me->in_switch = true;
		/* prev is the task of the thread that switches, current */
		if (me->task && me->task->mm_cid.active)
			STAT_INC(schedout);
	} else if (fn_is(fn, "schedout")) {
		STAT_INC(schedout_slow);
	}
}

/* The fast path's READ_ONCE(max_cids) decides it */
static void stats_load(struct thr *me, const char *fn, unsigned long val)
{
	if (!me->sched_pending || strncmp(fn, "mm_cid_from_", 12))
		return;
	me->sched_pending = false;
	if (cid_schedin_fast(me->sched_from_cpu, me->sched_tcid, me->sched_cpu_cid,
			     (unsigned int)val))
		STAT_INC(schedin_fast);
}

/*
 * A store of mm::mm_cid::mode (by the mutex holder, the only writer):
 * count the switches, and let the emulator check the end of a fixup walk
 * before TRANSIT goes.
 */
static void mode_store(void *p, unsigned long val)
{
	struct mm_struct *mm = container_of(p, struct mm_struct, mm_cid.mode);
	unsigned int old = *(unsigned int *)p;

	if (cid_on_cpu(old) != cid_on_cpu((unsigned int)val))
		STAT_INC(transitions);
	if (cid_in_transit(old) && !cid_in_transit((unsigned int)val) && thr_transit_done_hook)
		thr_transit_done_hook(mm);
}

/* ---- memory accesses ---- */

/*
 * The test-only plain access: schedin's READ_ONCE(mm->mm_cid.mode) made a
 * plain load. It races with the WRITE_ONCE of a mode switch, which runs
 * under the mutex and not under this rq lock: TSan must report it.
 */
static bool plain_access(const char *fn, unsigned int size)
{
	return thr_opt.plain_mode_read && size == 4 && fn_is(fn, "mm_cid_read_mode");
}

unsigned long __prim_load(const void *p, unsigned int size, enum prim_order order, const char *fn)
{
	struct thr *me = thr_current;
	int mo = order == PO_ACQUIRE ? __ATOMIC_ACQUIRE : __ATOMIC_RELAXED;
	unsigned long val;

	enter_prim(me, "load", fn);
	switch (size) {
	case 1:
		val = __atomic_load_n((const uint8_t *)p, mo);
		break;
	case 2:
		val = __atomic_load_n((const uint16_t *)p, mo);
		break;
	case 4:
		if (unlikely(plain_access(fn, size)))
			val = *(const unsigned int *)p;
		else
			val = __atomic_load_n((const uint32_t *)p, mo);
		break;
	default:
		val = __atomic_load_n((const uint64_t *)p, mo);
		break;
	}
	if (me)
		stats_load(me, fn, val);
	leave_prim(me);
	return val;
}

void __prim_store(void *p, unsigned long val, unsigned int size, enum prim_order order,
		  const char *fn)
{
	struct thr *me = thr_current;
	int mo = order == PO_RELEASE ? __ATOMIC_RELEASE : __ATOMIC_RELAXED;

	enter_prim(me, "store", fn);
	/* (split-mode-fields stores two other fields from there) */
	if (size == 4 && fn_is(fn, "mm_cid_write_mode") && !cid_bug(BUG_SPLIT_MODE_FIELDS))
		mode_store(p, val);
	switch (size) {
	case 1:
		__atomic_store_n((uint8_t *)p, (uint8_t)val, mo);
		break;
	case 2:
		__atomic_store_n((uint16_t *)p, (uint16_t)val, mo);
		break;
	case 4:
		__atomic_store_n((uint32_t *)p, (uint32_t)val, mo);
		break;
	default:
		__atomic_store_n((uint64_t *)p, (uint64_t)val, mo);
		break;
	}
	made_progress(me);
	leave_prim(me);
}

void __prim_fence(enum prim_fence kind, const char *fn)
{
	struct thr *me = thr_current;

	enter_prim(me, "fence", fn);
	switch (kind) {
	case PF_MB:
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		break;
	case PF_WMB:
		__atomic_thread_fence(__ATOMIC_RELEASE);
		break;
	case PF_RMB:
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		break;
	}
	leave_prim(me);
}

/*
 * I9 (kasan.h): a bit number the CID bitmap does not have is reported
 * before the atomic would make the access, and the access is skipped.
 */
static void __attribute__((cold, noinline))
bad_bitop(enum kasan_bitop op, unsigned int nr, const char *fn)
{
	char what[200];

	violation("I9", "%s%s", kasan_bitop_what(what, sizeof(what), op, nr,
						 nr_cpu_ids, fn), "");
}

/* Test only: the armed fault puts MM_CID_TRANSIT into one bit number */
static unsigned int fault_bit_nr(unsigned int nr)
{
	if (__atomic_exchange_n(&thr_opt.transit_bit_nr, false, __ATOMIC_RELAXED))
		nr |= MM_CID_TRANSIT;
	return nr;
}

bool __prim_test_and_set_bit(unsigned int nr, unsigned long *addr, const char *fn)
{
	struct thr *me = thr_current;
	unsigned long bit = 1UL << (nr % BITS_PER_LONG);
	unsigned long old;

	enter_prim(me, "test_and_set_bit", fn);
	STAT_INC(bit_set);
	if (me && me->in_switch)
		STAT_INC(bit_switch);
	if (unlikely(nr >= nr_cpu_ids)) {
		bad_bitop(KASAN_TEST_AND_SET_BIT, nr, fn);
		leave_prim(me);
		return true;	/* "taken": the caller does not use it */
	}
	old = __atomic_fetch_or(addr + nr / BITS_PER_LONG, bit, __ATOMIC_SEQ_CST);
	if (!(old & bit))
		made_progress(me);
	leave_prim(me);
	return old & bit;
}

void __prim_clear_bit(unsigned int nr, unsigned long *addr, const char *fn)
{
	struct thr *me = thr_current;

	enter_prim(me, "clear_bit", fn);
	STAT_INC(bit_clear);
	if (me && me->in_switch)
		STAT_INC(bit_switch);
	if (unlikely(__atomic_load_n(&thr_opt.transit_bit_nr, __ATOMIC_RELAXED)))
		nr = fault_bit_nr(nr);
	if (unlikely(nr >= nr_cpu_ids))
		bad_bitop(KASAN_CLEAR_BIT, nr, fn);
	else
		__atomic_fetch_and(addr + nr / BITS_PER_LONG, ~(1UL << (nr % BITS_PER_LONG)),
				   __ATOMIC_RELAXED);
	made_progress(me);
	leave_prim(me);
}

unsigned int __prim_find_first_zero_bit(const unsigned long *addr, unsigned int size,
					const char *fn)
{
	struct thr *me = thr_current;
	unsigned long word = 0;
	unsigned int i;

	enter_prim(me, "find_first_zero_bit", fn);
	STAT_INC(bit_find);
	if (unlikely(size > nr_cpu_ids)) {
		bad_bitop(KASAN_FIND_FIRST_ZERO_BIT, size, fn);
		leave_prim(me);
		return size;	/* none free: the caller takes none */
	}
	for (i = 0; i < size; i++) {
		if (i % BITS_PER_LONG == 0)
			word = __atomic_load_n(addr + i / BITS_PER_LONG, __ATOMIC_RELAXED);
		if (!(word & (1UL << (i % BITS_PER_LONG))))
			break;
	}
	leave_prim(me);
	return i;
}

/* ---- locks ---- */

static void held_add(struct thr *me, const void *lock, const char *name)
{
	for (int i = 0; i < THR_MAX_HELD; i++) {
		if (!me->held[i]) {
			thr_set(me->held_name[i], name);
			thr_set(me->held[i], lock);
			return;
		}
	}
}

static void held_del(struct thr *me, const void *lock)
{
	for (int i = 0; i < THR_MAX_HELD; i++) {
		if (me->held[i] == lock) {
			thr_set(me->held[i], (const void *)NULL);
			return;
		}
	}
}

/*
 * Take the owner word: 0 -> @id. A waiter spins (a raw spinlock) or
 * yields (a mutex); both yield often, as there are more threads than
 * cores. The watchdog sees the wait in wait_lock / wait_since.
 */
static void owner_lock(int *owner, struct thr *me, bool sleeps)
{
	int id = me ? me->id : -1;
	unsigned int n = 0;
	int zero = 0;

	if (__atomic_compare_exchange_n(owner, &zero, id, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return;
	if (me) {
		thr_set(me->wait_since, thr_now_ns());
		thr_set(me->wait_lock, (const void *)owner);
	}
	for (;;) {
		zero = 0;
		if (!__atomic_load_n(owner, __ATOMIC_RELAXED) &&
		    __atomic_compare_exchange_n(owner, &zero, id, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			break;
		if (sleeps || ++n % 8 == 0)
			sched_yield();
	}
	if (me)
		thr_set(me->wait_lock, (const void *)NULL);
}

static bool owner_unlock(int *owner, struct thr *me)
{
	int id = me ? me->id : -1;
	bool mine = __atomic_load_n(owner, __ATOMIC_RELAXED) == id;

	__atomic_store_n(owner, 0, __ATOMIC_RELEASE);
	return mine;
}

void thr_spin_lock(raw_spinlock_t *lock)
{
	struct thr *me = thr_current;

	owner_lock(&lock->owner, me, false);
	if (me) {
		me->spin_held++;
		held_add(me, &lock->owner, lock->name);
	}
}

void thr_spin_unlock(raw_spinlock_t *lock)
{
	struct thr *me = thr_current;

	if (me) {
		held_del(me, &lock->owner);
		me->spin_held--;
	}
	if (!owner_unlock(&lock->owner, me))
		violation("WARN", "raw_spin_unlock() of %s not held%s", lock->name, "");
}

void __prim_spin_lock(raw_spinlock_t *lock, const char *fn)
{
	struct thr *me = thr_current;

	enter_prim(me, "raw_spin_lock", fn);
	thr_spin_lock(lock);
	made_progress(me);
	leave_prim(me);
}

void __prim_spin_unlock(raw_spinlock_t *lock, const char *fn)
{
	struct thr *me = thr_current;

	enter_prim(me, "raw_spin_unlock", fn);
	thr_spin_unlock(lock);
	made_progress(me);
	leave_prim(me);
}

void __prim_mutex_lock(struct mutex *lock, const char *fn)
{
	struct thr *me = thr_current;

	enter_prim(me, "mutex_lock", fn);
	if (me && (me->spin_held || me->irq_off || me->preempt))
		violation("WARN", "mutex_lock(%s) in atomic context in %s", lock->name, fn);
	owner_lock(&lock->owner, me, true);
	if (me)
		held_add(me, &lock->owner, lock->name);
	made_progress(me);
	leave_prim(me);
}

void __prim_mutex_unlock(struct mutex *lock, const char *fn)
{
	struct thr *me = thr_current;

	enter_prim(me, "mutex_unlock", fn);
	if (me)
		held_del(me, &lock->owner);
	if (!owner_unlock(&lock->owner, me))
		violation("WARN", "mutex_unlock() of %s not held in %s", lock->name, fn);
	made_progress(me);
	leave_prim(me);
}

/*
 * One iteration of a retry loop. The watchdog sees how long the loop has
 * run; the CPU is given up so that the thread that can end the loop runs
 * (there are more threads than cores).
 */
void __prim_cpu_relax(const char *fn)
{
	struct thr *me = thr_current;

	enter_prim(me, "cpu_relax", fn);
	if (me) {
		if (!me->relax_iters)
			thr_set(me->relax_since, thr_now_ns());
		thr_set(me->relax_iters, me->relax_iters + 1);
		if (me->relax_iters > me->max_relax)
			me->max_relax = me->relax_iters;
	}
	sched_yield();
	leave_prim(me);
}

void __prim_wait_for_completion(struct completion *c, const char *fn)
{
	struct thr *me = thr_current;

	enter_prim(me, "wait_for_completion", fn);
	while (!__atomic_load_n(&c->done, __ATOMIC_ACQUIRE))
		sched_yield();
	leave_prim(me);
}

void __prim_complete(struct completion *c, const char *fn)
{
	struct thr *me = thr_current;

	enter_prim(me, "complete", fn);
	__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
	made_progress(me);
	leave_prim(me);
}

/* ---- bookkeeping of the running thread ---- */

void __prim_preempt_count_add(int val)
{
	if (thr_current)
		thr_current->preempt += val;
}

void __prim_irq_disable(bool off)
{
	if (thr_current)
		thr_current->irq_off += off ? 1 : -1;
}

static int rcu_readers;

void __prim_rcu_read_lock(int val)
{
	__atomic_add_fetch(&rcu_readers, val, __ATOMIC_SEQ_CST);
}

int thr_rcu_readers(void)
{
	return __atomic_load_n(&rcu_readers, __ATOMIC_SEQ_CST);
}

struct task_struct *__prim_current(void)
{
	return thr_current ? thr_current->task : NULL;
}

/* A task is on its own CPU while it runs: nobody migrates it then */
unsigned int __prim_smp_processor_id(void)
{
	struct thr *me = thr_current;

	if (!me)
		return 0;
	if (me->cpu_of_task && me->task)
		return __atomic_load_n(&me->task->cpu, __ATOMIC_RELAXED);
	return me->cpu;
}

void __prim_trace_enter(const char *fn, struct task_struct *subject)
{
	struct thr *me = thr_current;

	if (!me)
		return;
	thr_set(me->fn, fn);
	if (subject)
		thr_set(me->subject, subject);
	stats_enter(me, fn, subject);
}

void __prim_warn(const char *cond, const char *fn, int line)
{
	char where[96];

	snprintf(where, sizeof(where), "%s:%d", fn, line);
	violation("WARN", "WARN_ON_ONCE(%s) in %s", cond, where);
}
