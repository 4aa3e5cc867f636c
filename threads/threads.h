/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The threads back end of impl/include/prims.h, as the stress emulator
 * (stress/) sees it: real pthreads, C11 atomics (the GCC __atomic
 * builtins on the model's plain fields, which ThreadSanitizer follows),
 * and spin locks / sleeping locks built on the lock's owner word.
 *
 * Every thread that calls into impl/ is a struct thr, attached once: it
 * says which task is `current` and which emulated CPU smp_processor_id()
 * is. The back end keeps in it what the watchdog needs to report a
 * livelock (the function and primitive in progress, the lock waited for,
 * the locks held, the retry loop iterations); those fields are written by
 * their thread and read by the watchdog with relaxed atomics.
 *
 * Nothing of the simulator is linked with this back end.
 */
#ifndef CIDFUZZ_THREADS_H
#define CIDFUZZ_THREADS_H

#include <stdbool.h>
#include <stdint.h>

#include "cid_stats.h"
#include "kernel.h"

#define THR_MAX_THREADS 128
#define THR_MAX_HELD 8

struct thr {
	char name[24];		  /* "T3", "idle/1", "kworker", ... */
	int id;			  /* lock owner id, 1..THR_MAX_THREADS */
	struct task_struct *task; /* current */
	unsigned int cpu;	  /* smp_processor_id() when !task->mm... */
	bool cpu_of_task;	  /* ... or task->cpu when set */

	/* preemption state: a mutex must not be taken in atomic context */
	int spin_held, irq_off, preempt;

	/* for the livelock report: relaxed atomics, written by the owner */
	const char *fn;		     /* last traced function entered */
	struct task_struct *subject; /* ... the task it was entered for */
	const char *prim;	     /* primitive in progress, or NULL */
	const char *prim_fn;	     /* ... called from */
	const void *wait_lock;	     /* a lock it waits for */
	uint64_t wait_since;	     /* ns, when it started waiting */
	unsigned long relax_iters;   /* iterations of the current retry loop */
	uint64_t relax_since;	     /* ns, first of them */
	unsigned int at_cpu;	     /* a task's CPU when it last entered user space */
	const char *doing;	     /* the emulator's word: "user", ... */
	const void *held[THR_MAX_HELD];
	const char *held_name[THR_MAX_HELD];

	/* owner only */
	uint64_t rng;
	unsigned long max_relax; /* longest retry loop seen */
	/* a schedin being classified (fastpath or not): see cid_stats.h */
	bool in_switch; /* between mm_cid_switch_to() and the next thr_doing() */
	bool sched_pending;
	bool sched_from_cpu;
	unsigned int sched_tcid, sched_cpu_cid;
};

struct thr_options {
	unsigned int delay;    /* 1 in @delay primitives waits; 0 never */
	unsigned int delay_us; /* ... sometimes asleep, up to this long */
	bool plain_mode_read;  /* test only: schedin reads mode plainly */
	bool transit_bit_nr;   /* test only, atomic: the next clear_bit's number gets TRANSIT (I9) */
};

extern struct thr_options thr_opt;

/* Counters of the whole run (relaxed atomic adds) */
extern struct cid_stats thr_stats;

/*
 * Hooks the emulator sets before any thread runs.
 * violation: a WARN_ON_ONCE of the model or a lock misused (@inv "WARN"),
 * a bit number beyond the CID bitmap (@inv "I9"; the access is skipped).
 * transit_done: a fixup walk is over and TRANSIT is about to be cleared
 * in @mm (called by the walker, mm_cid.mutex held, no spin lock held).
 */
extern void (*thr_violation_hook)(const char *inv, const char *what);
extern void (*thr_transit_done_hook)(struct mm_struct *mm);

void thr_attach(struct thr *t, const char *name, uint64_t seed);
void thr_detach(struct thr *t);
struct thr *thr_self(void);
/* The attached thread with lock owner id @id, or NULL */
struct thr *thr_by_id(int id);
uint64_t thr_now_ns(void);
uint64_t thr_rand(struct thr *t);

/* The emulator's word for what the thread does; leaves impl/ behind */
void thr_doing(struct thr *t, const char *what);

/* Relaxed atomic accessors for the report fields */
#define thr_get(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)
#define thr_set(field, v) __atomic_store_n(&(field), (v), __ATOMIC_RELAXED)

/*
 * A lock as the emulator takes it (the same lock word the model uses):
 * for reading what the lock protects from outside impl/.
 */
/*
 * RCU read-side sections open anywhere (rcu_read_lock() nesting, summed):
 * a task released from the thread lists may be reused only at zero, the
 * emulator's grace period.
 */
int thr_rcu_readers(void);

void thr_spin_lock(raw_spinlock_t *lock);
void thr_spin_unlock(raw_spinlock_t *lock);

#endif
