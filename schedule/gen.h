/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Random schedules that make sense: a thread group on the CPUs, then
 * events drawn over the tasks that exist so far (forks mostly of live
 * tasks, schedules of CPUs, migrations, steps with small counts; one
 * fork or exec in eight fails). For benchmarks, clean-run tests and seed
 * corpora. Deterministic per seed.
 */
#ifndef CIDFUZZ_GEN_H
#define CIDFUZZ_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "schedule.h"

void sched_generate(struct schedule *s, uint64_t seed, unsigned int nr_cpus,
		    unsigned int nr_events);

/*
 * The same with weak memory on: "memory weak", and after about every
 * fourth event a flush (of a CPU's whole buffer, or of one field of mm0,
 * the mode fields most often), so that buffered stores become visible in
 * orders a TSO machine never shows. With @weak false, sched_generate().
 */
void sched_generate_mem(struct schedule *s, uint64_t seed, unsigned int nr_cpus,
			unsigned int nr_events, bool weak);

#endif
