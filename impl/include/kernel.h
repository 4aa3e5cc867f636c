/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The slice of the kernel's data structures that the mm_cid code touches:
 * runqueues, task_struct, signal_struct (thread groups), mm_struct, lists
 * and cpumasks. Field names follow the kernel so that the model reads like
 * kernel/sched/core.c; everything the mm_cid code does not need is left out.
 *
 * Who allocates: the back end (alloc_task_struct(), alloc_mm(),
 * alloc_signal()), so the simulator can keep every object in arrays and
 * name tasks the way a schedule says.
 */
#ifndef CIDFUZZ_KERNEL_H
#define CIDFUZZ_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "prims.h"

#define NR_CPUS		64
#define BITS_PER_LONG	64
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))

/* (through an integer: -Wcast-qual, and a const @ptr is the caller's say) */
#define container_of(ptr, type, member)					\
	((type *)((uintptr_t)(ptr) - offsetof(type, member)))

/* ---- lists (include/linux/list.h), RCU publication through prims ---- */

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

static inline void INIT_LIST_HEAD(struct list_head *l)
{
	l->next = l;
	l->prev = l;
}

/* Publication is the store that makes the node reachable by readers. */
static inline void list_add_tail_rcu(struct list_head *new,
				     struct list_head *head)
{
	struct list_head *prev = head->prev;

	new->next = head;
	new->prev = prev;
	smp_store_release(&prev->next, new);	/* rcu_assign_pointer() */
	head->prev = new;
}

static inline void list_del_rcu(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	WRITE_ONCE(entry->prev->next, entry->next);
	/* entry->next stays valid for readers standing on it */
	entry->prev = NULL;			/* LIST_POISON2 */
}

/* Off every list: released (poisoned) or never linked */
static inline bool list_unhashed_rcu(const struct list_head *entry)
{
	return !entry->prev || entry->prev == entry;
}

static inline struct list_head *list_next_rcu(struct list_head *pos)
{
	return READ_ONCE(pos->next);		/* rcu_dereference() */
}

/* hlist: protected by a lock in all of our users, so plain accesses */
static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	if (first)
		first->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

static inline void hlist_del_init(struct hlist_node *n)
{
	if (!n->pprev)
		return;
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
	n->next = NULL;
	n->pprev = NULL;
}

/* ---- cpumasks ---- */

struct cpumask {
	unsigned long bits[BITS_TO_LONGS(NR_CPUS)];
};

static inline unsigned int cpumask_weight(const struct cpumask *m)
{
	return (unsigned int)__builtin_popcountl(m->bits[0]);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m)
{
	return (m->bits[0] >> cpu) & 1;
}

/* dst = a | b; returns the weight of the result */
static inline unsigned int cpumask_weighted_or(struct cpumask *dst,
					       const struct cpumask *a,
					       const struct cpumask *b)
{
	dst->bits[0] = a->bits[0] | b->bits[0];
	return cpumask_weight(dst);
}

/* ---- runqueues ---- */

struct rq {
	raw_spinlock_t __lock;
	struct task_struct *curr;
	struct task_struct *idle;
	unsigned int cpu;
};

extern struct rq runqueues[NR_CPUS];
extern unsigned int nr_cpu_ids;

#define cpu_rq(cpu)		(&runqueues[(cpu)])
#define this_rq()		cpu_rq(smp_processor_id())

static inline unsigned int num_possible_cpus(void)
{
	return nr_cpu_ids;
}

#define for_each_possible_cpu(cpu)					\
	for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)

/* ---- tasks ---- */

#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define TASK_DEAD		0x0080
#define TASK_NEW		0x0800

#define TASK_ON_RQ_QUEUED	1
#define TASK_ON_RQ_MIGRATING	2

#define PF_IDLE			0x00000002
#define PF_EXITING		0x00000004
#define PF_KTHREAD		0x00200000

#define CLONE_VM		0x00000100
#define CLONE_VFORK		0x00004000
#define CLONE_THREAD		0x00010000
/*
 * Not a kernel flag: the model's way to make copy_process() fail after
 * copy_mm(), as a fork that a fatal signal hits does.
 */
#define CLONE_MODEL_FAILS	0x80000000UL

/*
 * The mm_cid structures: the model's, or with --kernel-tree a kernel
 * tree's own (kerneltree/shim/kt_mmcid.h, docs/kernel-tree.md)
 */
#ifdef CIDFUZZ_KERNEL_TREE
#include "kt_mmcid.h"
#else
#include "mmcid.h"
#endif

struct signal_struct {
	struct list_head thread_head;
	unsigned int nr_threads;
};

struct task_struct {
	unsigned int __state;
	int on_rq;
	int on_cpu;			/* set while switched in, until finish_task() */
	unsigned int cpu;		/* task_cpu(): thread_info.cpu */
	unsigned int flags;
	int pid;
	raw_spinlock_t pi_lock;
	struct mm_struct *mm;
	struct sched_mm_cid mm_cid;
	struct cpumask cpus_mask;
	unsigned int nr_cpus_allowed;
	struct task_struct *group_leader;
	struct signal_struct *signal;
	struct list_head tasks;		/* init_task.tasks: thread group leaders */
	struct list_head thread_node;	/* signal->thread_head */
	struct completion *vfork_done;
	bool rseq_ids_changed;		/* rseq: publish new ids at return */
};

extern struct list_head init_task_list;	/* init_task.tasks */
extern raw_spinlock_t tasklist_lock;	/* write side of the rwlock */

#define write_lock_irq(l)	raw_spin_lock_irq(l)
#define write_unlock_irq(l)	raw_spin_unlock_irq(l)

static inline unsigned int task_cpu(const struct task_struct *p)
{
	return READ_ONCE(p->cpu);
}

#define task_rq(p)		cpu_rq(task_cpu(p))

static inline bool task_on_rq_migrating(struct task_struct *p)
{
	return READ_ONCE(p->on_rq) == TASK_ON_RQ_MIGRATING;
}

/* rq locks */
static inline void raw_spin_rq_lock(struct rq *rq)
{
	raw_spin_lock(&rq->__lock);
}

static inline void raw_spin_rq_unlock(struct rq *rq)
{
	raw_spin_unlock(&rq->__lock);
}

/* guard(rq_lock_irq): the rq lock with interrupts off */
static inline void rq_lock_irq(struct rq *rq)
{
	local_irq_disable();
	raw_spin_rq_lock(rq);
}

static inline void rq_unlock_irq(struct rq *rq)
{
	raw_spin_rq_unlock(rq);
	local_irq_enable();
}

/* ---- back-end services ---- */

struct task_struct *alloc_task_struct(void);
void free_task_struct(struct task_struct *p);	/* a fork that failed */
struct mm_struct *alloc_mm(void);
struct signal_struct *alloc_signal(void);

/* ---- kernel entry points the back ends drive (core.c, fork.c, ...) ---- */

struct rq *task_rq_lock(struct task_struct *p);
void task_rq_unlock(struct rq *rq, struct task_struct *p);
void __schedule(struct rq *rq, struct task_struct *next);
void try_to_wake_up(struct task_struct *p, unsigned int cpu);
void wake_up_new_task(struct task_struct *p);
void move_queued_task(struct task_struct *p, unsigned int new_cpu);
int __set_cpus_allowed_ptr(struct task_struct *p, const struct cpumask *mask);
void sched_post_fork(struct task_struct *p);

struct task_struct *kernel_clone(unsigned long clone_flags);
void do_exit(void);
void exit_notify(struct task_struct *tsk);
void mm_release(struct task_struct *tsk);
void do_execve(bool fails);
void irq_work_run(struct irq_work *work);
void process_one_work(struct work_struct *work);
void irq_work_sync(struct irq_work *work);
bool cancel_work_sync(struct work_struct *work);

/* Reset the global kernel state for a fresh run on @nr_cpus CPUs. */
void kernel_reset(unsigned int nr_cpus);
void init_idle(struct task_struct *idle, unsigned int cpu);
void init_task_struct(struct task_struct *p);
void mm_init(struct mm_struct *mm, struct task_struct *p);

#endif
