/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Litmus tests on the simulator: a few tiny per-CPU programs written with
 * prims.h, every interleaving of their primitives and every order in
 * which their buffered stores leave the store buffers, explored
 * exhaustively by re-execution (depth-first over the choices). Says
 * whether some complete execution reaches the test's "exists" outcome.
 */
#ifndef CIDFUZZ_LITMUS_H
#define CIDFUZZ_LITMUS_H

#include <stdbool.h>

#include "test_progs.h"

#define LITMUS_MAX_CPUS 4

struct litmus {
	const char *name; /* the kernel's litmus test name */
	unsigned int nr_cpus;
	sim_prog_fn prog[LITMUS_MAX_CPUS];
	void (*init)(void);   /* shared variables and registers */
	bool (*exists)(void); /* the outcome asked about */
};

struct litmus_result {
	bool reached;		  /* some execution shows "exists" */
	unsigned long executions; /* complete executions explored */
	bool truncated;		  /* hit the depth bound: not exhaustive */
};

/* Explore @t on weak (store buffers) or sequentially consistent memory */
void litmus_explore(const struct litmus *t, bool weak, struct litmus_result *res);

#endif
