// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: schedule executions per second, in process, oracle on, for
 * generated 64-event schedules on 4 CPUs with no bug switched on. Prints
 * executions/s, steps/s and the mean steps per execution. The project's
 * goal is >= 50k executions/s on one core.
 *
 *   bench_execs [SECONDS] [CPUS] [EVENTS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gen.h"
#include "sim.h"

#define NR_SCHEDULES 256

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3.0;
	unsigned int cpus = argc > 2 ? (unsigned int)atoi(argv[2]) : 4;
	unsigned int events = argc > 3 ? (unsigned int)atoi(argv[3]) : 64;
	static struct schedule sched[NR_SCHEDULES];
	unsigned long execs = 0, steps = 0, violations = 0;
	struct sim_options opts;
	struct sim_result res;
	struct sim *s = sim_new();
	double t0, t;

	if (!s || cpus < 1 || cpus > 64 || events < 1)
		return 2;
	for (unsigned int i = 0; i < NR_SCHEDULES; i++)
		sched_generate(&sched[i], i + 1, cpus, events);
	sim_default_options(&opts);
	t0 = now();
	do {
		for (unsigned int i = 0; i < 64; i++) {
			sim_run(s, &sched[execs % NR_SCHEDULES], &opts, &res, NULL);
			steps += res.steps;
			violations += res.violation;
			execs++;
		}
		t = now() - t0;
	} while (t < secs);
	printf("bench_execs: %u cpus, %u events, oracle on, no bug\n", cpus, events);
	printf("executions/s %.0f\n", (double)execs / t);
	printf("steps/s      %.0f\n", (double)steps / t);
	printf("steps/exec   %.1f\n", (double)steps / (double)execs);
	printf("violations   %lu of %lu executions\n", violations, execs);
	sim_free(s);
	return 0;
}
