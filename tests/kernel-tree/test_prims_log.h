/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test back end of prims.h (test_prims_log.c): what a test sets (the
 * current task, the CPU) and what it reads (the log, the counters).
 */
#ifndef CIDFUZZ_TEST_PRIMS_LOG_H
#define CIDFUZZ_TEST_PRIMS_LOG_H

struct task_struct;

struct prims_log {
	char text[8192]; /* "L:name U:name E:fn F:mb W:fn ..." */
	struct task_struct *cur_task;
	unsigned int cpu;
	int preempt, irqs_off, rcu;
	unsigned int relaxes, warnings;
};

extern struct prims_log prims_log;

void prims_log_reset(void);

#endif
