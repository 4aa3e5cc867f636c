/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test only (tests/litmus.c is its one user): small per-CPU programs
 * (litmus tests) written with impl/include/prims.h, run through the
 * simulator's primitives one step at a time, on sequentially consistent
 * or weak memory. The caller makes every choice: which CPU steps next
 * (sim_progs_step), which buffered store leaves its buffer next
 * (sim_weak_pending / sim_weak_flush in sim.h). tests/litmus.c
 * enumerates all of them. It lives in sim/, not tests/, because it runs
 * paths of the simulator's own (struct sim_path) on its back end.
 */
#ifndef CIDFUZZ_TEST_PROGS_H
#define CIDFUZZ_TEST_PROGS_H

#include <stdbool.h>

#include "sim.h"

typedef void (*sim_prog_fn)(void *arg);

/*
 * Forget everything and start program @fns[cpu] on each of @nr_cpus CPUs
 * (a NULL entry: no program there), each run to its first primitive.
 */
void sim_progs_start(struct sim *s, unsigned int nr_cpus, bool weak, const sim_prog_fn *fns,
		     void *arg);

/* @cpu's program has not ended and its next primitive can go now */
bool sim_progs_can_step(struct sim *s, unsigned int cpu);

/* Perform @cpu's next primitive and run on to the one after it */
void sim_progs_step(struct sim *s, unsigned int cpu);

#endif
