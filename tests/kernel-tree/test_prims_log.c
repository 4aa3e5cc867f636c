// SPDX-License-Identifier: GPL-2.0-only
/*
 * A test back end of prims.h for the shim's test (test_shim.c): one
 * path, no scheduling, every lock, unlock, barrier, warning and named
 * function entry written to a log the test reads ("L:mm.lock U:mm.lock
 * E:mm_get_cid ..."). A lock taken twice, an unlock of a free lock or a
 * livelock ends the test with a message: they are the shim's bugs.
 * Plus the back-end services fork.c links against (static objects).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "test_prims_log.h"

struct prims_log prims_log;

static void log_add(const char *kind, const char *what)
{
	size_t len = strlen(prims_log.text);

	snprintf(prims_log.text + len, sizeof(prims_log.text) - len, "%s%s ",
		 kind, what);
}

static void die(const char *what, const char *name)
{
	fprintf(stderr, "test back end: %s %s\nlog: %s\n", what, name,
		prims_log.text);
	exit(1);
}

void prims_log_reset(void)
{
	memset(&prims_log, 0, sizeof(prims_log));
}

unsigned long __prim_load(const void *p, unsigned int size,
			  enum prim_order order, const char *fn)
{
	unsigned long v = 0;

	(void)order;
	(void)fn;
	memcpy(&v, p, size); /* little-endian: the low bytes */
	return v;
}

void __prim_store(void *p, unsigned long val, unsigned int size,
		  enum prim_order order, const char *fn)
{
	(void)order;
	(void)fn;
	memcpy(p, &val, size);
}

void __prim_fence(enum prim_fence kind, const char *fn)
{
	(void)fn;
	log_add("F:", kind == PF_MB ? "mb" : kind == PF_WMB ? "wmb" : "rmb");
}

bool __prim_test_and_set_bit(unsigned int nr, unsigned long *addr,
			     const char *fn)
{
	unsigned long mask = 1UL << (nr % BITS_PER_LONG);
	bool old = addr[nr / BITS_PER_LONG] & mask;

	(void)fn;
	addr[nr / BITS_PER_LONG] |= mask;
	return old;
}

void __prim_clear_bit(unsigned int nr, unsigned long *addr, const char *fn)
{
	(void)fn;
	if (nr >= NR_CPUS)
		die("clear_bit out of bounds in", fn);
	addr[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

unsigned int __prim_find_first_zero_bit(const unsigned long *addr,
					unsigned int size, const char *fn)
{
	unsigned int i;

	(void)fn;
	for (i = 0; i < size; i++)
		if (!(addr[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG))))
			return i;
	return size;
}

static void take(int *owner, const char *name)
{
	if (*owner)
		die("deadlock: taken again:", name);
	*owner = 1;
	log_add("L:", name);
}

static void drop(int *owner, const char *name)
{
	if (!*owner)
		die("unlock of a free lock:", name);
	*owner = 0;
	log_add("U:", name);
}

void __prim_spin_lock(raw_spinlock_t *lock, const char *fn)
{
	(void)fn;
	take(&lock->owner, lock->name);
}

void __prim_spin_unlock(raw_spinlock_t *lock, const char *fn)
{
	(void)fn;
	drop(&lock->owner, lock->name);
}

void __prim_mutex_lock(struct mutex *lock, const char *fn)
{
	(void)fn;
	take(&lock->owner, lock->name);
}

void __prim_mutex_unlock(struct mutex *lock, const char *fn)
{
	(void)fn;
	drop(&lock->owner, lock->name);
}

void __prim_cpu_relax(const char *fn)
{
	if (++prims_log.relaxes > 1000)
		die("livelock in", fn);
}

void __prim_wait_for_completion(struct completion *c, const char *fn)
{
	if (!c->done)
		die("wait for a completion nobody completes in", fn);
	c->done--;
}

void __prim_complete(struct completion *c, const char *fn)
{
	(void)fn;
	c->done++;
}

void __prim_preempt_count_add(int val)
{
	prims_log.preempt += val;
}

void __prim_irq_disable(bool off)
{
	prims_log.irqs_off += off ? 1 : -1;
}

void __prim_rcu_read_lock(int val)
{
	prims_log.rcu += val;
}

struct task_struct *__prim_current(void)
{
	return prims_log.cur_task;
}

unsigned int __prim_smp_processor_id(void)
{
	return prims_log.cpu;
}

void __prim_trace_enter(const char *fn, struct task_struct *subject)
{
	(void)subject;
	log_add("E:", fn);
}

void __prim_warn(const char *cond, const char *fn, int line)
{
	(void)line;
	prims_log.warnings++;
	log_add("W:", fn);
	log_add("W:", cond);
}

/* The back end's objects (kernel.h): what fork.c and exit.c link to */
static struct task_struct tasks[4];
static struct mm_struct mms[2];
static struct signal_struct signals[2];
static unsigned int nr_tasks, nr_mms, nr_signals;

struct task_struct *alloc_task_struct(void)
{
	return nr_tasks < 4 ? &tasks[nr_tasks++] : NULL;
}

void free_task_struct(struct task_struct *p)
{
	(void)p;
}

struct mm_struct *alloc_mm(void)
{
	return nr_mms < 2 ? &mms[nr_mms++] : NULL;
}

struct signal_struct *alloc_signal(void)
{
	return nr_signals < 2 ? &signals[nr_signals++] : NULL;
}
