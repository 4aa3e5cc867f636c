/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ownership-transition statistics of seed patch 4: how many bitmap
 * operations the CID pool sees, and how often a context switch takes the
 * fast paths, with the current schedout and with the schedout-drop
 * variant. Counted by the threads back end (threads/prims_threads.c) and,
 * from the steps of a simulator run, by stress/sim_stats.c; both use the
 * classifier below, so that the two columns mean the same thing.
 */
#ifndef CIDFUZZ_CID_STATS_H
#define CIDFUZZ_CID_STATS_H

#include <stdbool.h>
#include <stdio.h>

#include "kernel.h"

struct cid_stats {
	unsigned long bit_set;	     /* test_and_set_bit() on a CID bitmap */
	unsigned long bit_clear;     /* clear_bit() */
	unsigned long bit_find;	     /* find_first_zero_bit() */
	unsigned long bit_switch;    /* set and clear within a context switch */
	unsigned long schedin;	     /* mm_cid_schedin() of an active task */
	unsigned long schedin_fast;  /* ... that took the fast path */
	unsigned long schedout;	     /* context switches away from an active task */
	unsigned long schedout_slow; /* ... where mm_cid_schedout() had work */
	unsigned long transitions;   /* mode switches started */
};

/* The bitmap operations: the atomic read-modify-writes on the pool */
static inline unsigned long cid_stats_bitmap_ops(const struct cid_stats *s)
{
	return s->bit_set + s->bit_clear;
}

/*
 * The fast paths of mm_cid_from_task() and mm_cid_from_cpu() (kernel
 * sched.h): both words plain (per task) or both ONCPU (per CPU), and the
 * number below max_cids. @tcid and @cpu_cid as schedin read them, @max_cids
 * as the fast path loads it.
 */
static inline bool cid_schedin_fast(bool from_cpu, unsigned int tcid, unsigned int cpu_cid,
				    unsigned int max_cids)
{
	if (from_cpu)
		return cid_on_cpu(cpu_cid & tcid) && cpu_cid_to_cid(cpu_cid) < max_cids;
	return cid_on_task(tcid | cpu_cid) && tcid < max_cids;
}

void cid_stats_add(struct cid_stats *sum, const struct cid_stats *s);

/*
 * The table: one row per (source, variant), bitmap operations per 1000
 * schedins and the fastpath shares, then the change from the current
 * code to schedout-drop as the seed states it.
 */
void cid_stats_print_header(FILE *f);
void cid_stats_print_row(FILE *f, const char *source, const char *variant,
			 const struct cid_stats *s);
void cid_stats_print_change(FILE *f, const char *source, const struct cid_stats *cur,
			    const struct cid_stats *drop);

#endif
