/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A machine's side of the view (view.h): what the machine running the
 * model publishes for its checker. Only the machine (sim/) and the view
 * itself (view.c) include this; a checker sees struct view as opaque.
 *
 * The view reads the model's objects in place: impl/'s task_struct and
 * mm_struct, which the machine owns. What the model's objects do not
 * show (which tasks exist, where kernel paths are in flight, who ran the
 * last step, what the last step may have written) the machine writes
 * into struct view as it changes: it is the one copy of those facts,
 * the machine reads them there too. The few questions only the machine
 * can answer, and that a checker asks seldom (at a violation, or when a
 * step wrote a field without its usual lock), go to its view_ops.
 */
#ifndef CIDFUZZ_VIEW_MACHINE_H
#define CIDFUZZ_VIEW_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "view.h"

struct task_struct;
struct mm_struct;

struct view_ops {
	/* Nothing in flight but waits for user space (a vfork parent) */
	bool (*quiescent)(const struct view *v);
	/* view_step_task(), view_step_local_irqs_off(), view_step_who() */
	int (*step_task)(const struct view *v);
	bool (*step_irqs_off)(const struct view *v, unsigned int cpu);
	const char *(*step_who)(const struct view *v, char *buf,
				unsigned long size);
	/* A checker's verdict (view_violation()) */
	void (*violation)(struct view *v, const char *inv, const char *site,
			  const char *what);
	/* A checker that cannot check on (view_unchecked()) */
	void (*unchecked)(struct view *v, const char *inv, const char *why);
};

struct view {
	const struct view_ops *ops;

	/* The model's objects: T0..T63 by slot, the mms by id (set once) */
	const struct task_struct *task;
	const struct mm_struct *mm;

	/* The slots that exist, in creation order; the mms allocated */
	uint8_t live[VIEW_MAX_TASKS];
	unsigned int nr_live;
	unsigned int nr_mms;

	/*
	 * Kernel paths in flight: CPUs that run a path of their own (a
	 * switch, wakeup, migration), tasks (by slot) that have one (a
	 * system call); a task in neither, running, is in user space
	 */
	uint64_t cpu_paths;
	uint64_t task_paths;
	unsigned int nr_in_flight;
	/*
	 * Of them, those stopped at a wait for a completion: the only place
	 * a path can wait for user space (a vfork parent), which is all
	 * view_quiescent() asks the machine about
	 */
	unsigned int nr_waiting;

	/*
	 * The last step: the lock owner id of the path that ran it (0:
	 * none); all_locks: what was written since was written outside any
	 * kernel path (a test fault) and counts as made with every lock
	 * held and interrupts off
	 */
	int step_owner;
	bool all_locks;

	bool final;			/* drained and settled: the end */
	bool halted;			/* ended short, no verdict (view.h) */
	struct view_hints hints;	/* view_take_hints() */
};

#endif
