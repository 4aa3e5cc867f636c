/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine as a picture of a run needs it (cidfuzz replay --svg and
 * --html, tools/picture.c), beyond what a checker's view shows (view.h):
 * what each CPU runs, the locks its kernel path holds, what every kernel
 * path in flight waits for, and the store buffers of weak memory. Read
 * from a step or event hook (sim_options), so that it costs nothing
 * when nobody draws: the simulator itself never calls it.
 */
#ifndef CIDFUZZ_SIM_PICTURE_H
#define CIDFUZZ_SIM_PICTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "schedule.h"

struct sim;

#define SIM_PIC_NAME 48
#define SIM_PIC_MAX_WAITS 16
#define SIM_PIC_MAX_MMS 8 /* mms whose words are read: the first ones */

struct sim_picture_cpu {
	int curr;	    /* rq->curr as a task slot, -1: idle, a kworker */
	bool in_user;	    /* curr is a task in user space */
	char curr_name[16]; /* "T1", "idle1", "kworker/0" */
	/* the kernel path it runs (its own, else curr's): name and kind */
	char path[SIM_PIC_NAME];  /* "__schedule->T1", "T0 fork", "" none */
	const char *kind;	  /* "schedule", "fork", "exit", ... "" none */
	char locks[SIM_PIC_NAME]; /* what that path holds: "rq2,mm0.lock" */
	unsigned int nr_buffered; /* weak memory: stores in its buffer */
	char buffered[160];	  /* "mm0.transit=0x20000000 mm0.percpu=0x1" */
};

/* A kernel path in flight that cannot go on by itself */
enum sim_picture_wait_kind {
	SIM_WAIT_LOCK,	     /* for a lock another path holds */
	SIM_WAIT_SPIN,	     /* in a retry loop (cpu_relax()) */
	SIM_WAIT_COMPLETION, /* for a completion (a vfork parent) */
};

struct sim_picture_wait {
	unsigned int kind;	   /* enum sim_picture_wait_kind */
	unsigned int cpu;	   /* the waiter's CPU (its lane) */
	char who[SIM_PIC_NAME];	   /* the waiter, as in cpu[].path */
	char fn[32];		   /* where it stopped */
	char lock[24];		   /* SIM_WAIT_LOCK: the lock */
	int holder_cpu;		   /* ... its holder's CPU, -1 none */
	char holder[SIM_PIC_NAME]; /* ... its holder */
};

struct sim_picture {
	unsigned int nr_cpus;
	int event_index;	    /* the event running, -1: drain, end */
	bool weak;		    /* the machine has store buffers */
	unsigned long weak_flushed; /* stores that left a buffer so far */
	unsigned int nr_waits;
	struct sim_picture_wait waits[SIM_PIC_MAX_WAITS];
	struct sim_picture_cpu cpu[SCHED_MAX_CPUS];
	/*
	 * CID words without a CID that still carry TRANSIT (UNSET|TRANSIT,
	 * unset-transit-oob): the view's contract reports them as UNSET
	 * alone, the picture shows the bit. One bit per task slot, and per
	 * mm one per CPU slot.
	 */
	uint64_t unset_transit_tasks;
	uint64_t unset_transit_slots[SIM_PIC_MAX_MMS];
};

/* The machine now, into @out (nr_cpus entries of cpu[] filled) */
void sim_picture_read(struct sim *s, struct sim_picture *out);

#endif
