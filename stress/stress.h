/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The thread-pool stress emulator: the model (impl/) on real threads, under
 * ThreadSanitizer. Shared by the files of stress/ only.
 *
 * The machine: emulated CPUs (runqueues[] of impl/core.c, each with its
 * idle task), and tasks that are real threads. Exactly one thread owns a
 * CPU at a time: the thread of rq->curr. It alone calls __schedule() for
 * that CPU and, when rq->curr changed, hands the CPU over by posting the
 * new curr's semaphore and waiting on its own (a context switch). A task
 * thread that owns its CPU and is outside impl/ is in user space.
 *
 *  task threads	one per task slot (the pool's threads): user work,
 *			then yield, block, fork, exit or change affinity
 *  idle threads	one per CPU: run queued tasks when the CPU idles
 *  balancer		wakes sleepers onto a CPU (try_to_wake_up) and
 *			migrates queued tasks (move_queued_task)
 *  kworker		runs the deferred mm_cid work
 *  watchdog		reports a retry loop or lock wait that does not end
 *
 * Who may touch a task's fields from outside impl/: the task's own thread;
 * a thread that holds the slot's claim (a CPU picking it to run, the
 * balancer); the main thread once everything is parked. The claim keeps a
 * task that one CPU is about to run from being migrated or woken by another
 * thread meanwhile, which the kernel's runqueue lists guarantee.
 */
#ifndef CIDFUZZ_STRESS_H
#define CIDFUZZ_STRESS_H

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>

#include "threads.h"

#define STRESS_MAX_CPUS 16
#define STRESS_MAX_TASKS 48
#define STRESS_MAX_POOLS 4

enum slot_state {
	SLOT_FREE,    /* no task: its thread waits for one */
	SLOT_FORKING, /* being created by kernel_clone() */
	SLOT_LIVE,    /* a task of a pool */
	SLOT_EXITING, /* in do_exit() or its final schedule */
};

struct slot {
	struct task_struct task;
	struct thr thr;
	pthread_t pthread;
	sem_t go;  /* posted when the task becomes rq->curr */
	int state; /* enum slot_state (atomic) */
	int claim; /* atomic: 0 free, 1 held */
	int pool;
	bool registered;       /* a pool's first task registers as a user */
	unsigned int user_cid; /* the number it shows in user space */
};

struct pool {
	struct mm_struct *mm;
	struct signal_struct signal;
	int nr_threads; /* atomic: tasks forking, live or exiting */
	int growing;	/* atomic: towards max (1) or min (0) */
};

struct cpu {
	struct task_struct idle;
	struct thr thr;
	pthread_t pthread;
	sem_t go;
};

struct stress_options {
	unsigned int cpus;
	unsigned int pools;
	unsigned int min_threads; /* per pool */
	unsigned int max_threads; /* per pool */
	double seconds;
	uint64_t seed;
	unsigned int delay;	/* 1 in N primitives delays; 0 never */
	unsigned int bugs;	/* bit set of enum cid_bug */
	double watchdog;	/* seconds a retry loop or wait may last */
	unsigned int churn;	/* forks and exits, per mille of a task's actions */
	unsigned int user_work; /* max spin iterations in user space */
	bool quiet;
	bool compare; /* current and schedout-drop, side by side */
};

struct stress {
	struct stress_options opt;
	struct cpu cpu[STRESS_MAX_CPUS];
	struct slot slot[STRESS_MAX_TASKS];
	struct pool pool[STRESS_MAX_POOLS];
	struct mm_struct mm[STRESS_MAX_POOLS];
	unsigned int nr_mms;

	struct task_struct kworker_task, balancer_task;
	struct thr kworker, balancer, watchdog;
	pthread_t kworker_pthread, balancer_pthread, watchdog_pthread;

	/* I1: per mm, who shows each CID in user space (slot index + 1) */
	int user_owner[STRESS_MAX_POOLS][NR_CPUS];

	uint64_t start_ns;
	int stop;		   /* atomic: finish kernel paths, then park */
	int quit;		   /* atomic: parked threads return */
	int parked;		   /* atomic: threads that parked */
	int nr_threads;		   /* threads that must park */
	int violations;		   /* atomic */
	unsigned long user_checks; /* atomic: I1/I7 checks (entries into user space) */
	unsigned long walk_checks; /* atomic: I3 checks at the end of a fixup walk */
	pthread_mutex_t report_lock;
};

extern struct stress st;

/* world.c: the machine, the task slots, the CPU handover */
void world_init(void);
struct slot *slot_of(const struct task_struct *t);
bool slot_claim(struct slot *sl);
void slot_unclaim(struct slot *sl);
struct slot *pick_queued(unsigned int cpu);
void switch_to_next(unsigned int cpu, bool block);
bool cpu_handover(unsigned int cpu, struct task_struct *me);
bool wait_for_cpu(sem_t *go, struct thr *me);
void park(struct thr *me);
bool stopping(void);
unsigned int rand_below(struct thr *me, unsigned int n);
void rand_mask(struct thr *me, unsigned int cpu, struct cpumask *mask);

/* workers.c: the threads */
void *task_thread(void *arg);
void *idle_thread(void *arg);
void *balancer_thread(void *arg);
void *kworker_thread(void *arg);

/* checks.c: online invariants, the final check, the watchdog */
void user_enter(struct slot *sl);
void user_leave(struct slot *sl);
void check_transit_done(struct mm_struct *mm);
void stress_violation(const char *inv, const char *what);
bool final_checks(void);
void *watchdog_thread(void *arg);
void report_threads(void);

#endif
