/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The read-only view of the simulated machine that the oracle
 * (reference/) checks after every step: the CPUs, the named tasks, the
 * mms in use, and the kernel's data of each (read, never written). The
 * oracle never sees paths, coroutines or the simulator's bookkeeping
 * beyond these questions.
 */
#ifndef CIDFUZZ_VIEW_H
#define CIDFUZZ_VIEW_H

#include <stdbool.h>

#include "kernel.h"

struct sim;

unsigned int view_nr_cpus(const struct sim *s);
unsigned int view_nr_mms(const struct sim *s);
struct mm_struct *view_mm(struct sim *s, unsigned int i);
/* The tasks created so far: view_task(s, i) for i < view_nr_tasks(s) */
unsigned int view_nr_tasks(const struct sim *s);
struct task_struct *view_task(struct sim *s, unsigned int i);
/* Its name: T<slot> */
unsigned int view_task_slot(const struct sim *s, unsigned int i);
/* Running in user space: rq->curr and no kernel path on its CPU */
bool view_in_user_space(struct sim *s, struct task_struct *t);
/* rq->curr of the CPU it is on (in the kernel or in user space) */
bool view_running(struct sim *s, const struct task_struct *t);
/* Is the rq lock of @cpu held (its CID state may be mid-update)? */
bool view_rq_locked(const struct sim *s, unsigned int cpu);
/* Kernel paths started and not finished (each may hold a CID in hand) */
unsigned int view_paths_in_flight(const struct sim *s);
/* Report a violation of invariant @inv seen in @site */
void view_violation(struct sim *s, const char *inv, const char *site,
		    const char *what);

#endif
