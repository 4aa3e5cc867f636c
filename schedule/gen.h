/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Random schedules that make sense: a thread group on the CPUs, then
 * events drawn over the tasks that exist so far (forks mostly of live
 * tasks, schedules of CPUs, migrations, steps with small counts). For
 * benchmarks, clean-run tests and seed corpora. Deterministic per seed.
 */
#ifndef CIDFUZZ_GEN_H
#define CIDFUZZ_GEN_H

#include <stdint.h>

#include "schedule.h"

void sched_generate(struct schedule *s, uint64_t seed, unsigned int nr_cpus,
		    unsigned int nr_events);

#endif
