// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: schedule executions per second, in process, for generated
 * 64-event schedules on 4 CPUs with no bug switched on, in three oracle
 * configurations: none (the simulator alone), incremental (the default)
 * and full (every mm after every step, the spec from the whole history).
 * Prints executions/s, steps/s, the mean steps per execution, the
 * oracle's cost per step and how many runs it checked to their end
 * ("fully checked: N/M runs"; goal: all, see docs/replay.md). The project's goal is >= 50k executions/s on
 * one core with the default oracle.
 *
 *   bench_execs [SECONDS] [CPUS] [EVENTS] [none|incremental|full] [weak]
 *
 * SECONDS is per configuration; a configuration's name runs only that
 * one; "weak": the same schedules with store buffers and flushes.
 * With BENCH_EXECS=N in the environment each configuration runs exactly
 * N executions instead (for instruction counts under callgrind, which
 * are repeatable where seconds are not).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"
#include "oracle.h"
#include "sim.h"

#define NR_SCHEDULES 256

static struct schedule sched[NR_SCHEDULES];

struct figures {
	double execs_per_s, steps_per_s, steps_per_exec;
	unsigned long violations, execs;
	unsigned long unchecked;	/* runs not fully checked (goal: none) */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void measure(struct sim *s, const struct sim_options *opts, double secs,
		    unsigned long fixed, struct figures *f)
{
	unsigned long execs = 0, steps = 0, violations = 0, unchecked = 0;
	struct sim_result res;
	double t0 = now(), t;

	do {
		for (unsigned int i = 0; i < 64 && (!fixed || execs < fixed); i++) {
			sim_run(s, &sched[execs % NR_SCHEDULES], opts, &res, NULL);
			steps += res.steps;
			violations += res.violation;
			unchecked += res.unchecked;
			execs++;
		}
		t = now() - t0;
	} while (fixed ? execs < fixed : t < secs);
	f->execs_per_s = (double)execs / t;
	f->steps_per_s = (double)steps / t;
	f->steps_per_exec = (double)steps / (double)execs;
	f->violations = violations;
	f->unchecked = unchecked;
	f->execs = execs;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "none", "incremental", "full" };
	double secs = argc > 1 ? atof(argv[1]) : 3.0;
	unsigned int cpus = argc > 2 ? (unsigned int)atoi(argv[2]) : 4;
	unsigned int events = argc > 3 ? (unsigned int)atoi(argv[3]) : 64;
	const char *only = NULL;
	bool weak = false;
	const char *fixed_env = getenv("BENCH_EXECS");
	unsigned long fixed = fixed_env ? strtoul(fixed_env, NULL, 10) : 0;
	struct figures f[3];
	struct sim_options opts;
	char viol[48];
	struct sim *s = sim_new(oracle_checker());

	for (int a = 4; a < argc; a++) {
		if (!strcmp(argv[a], "weak"))
			weak = true;
		else
			only = argv[a];
	}
	if (!s || cpus < 1 || cpus > 64 || events < 1)
		return 2;
	for (unsigned int i = 0; i < NR_SCHEDULES; i++)
		sched_generate_mem(&sched[i], i + 1, cpus, events, weak);
	printf("bench_execs: %u cpus, %u events, no bug, %s memory, %.1f s each\n",
	       cpus, events, weak ? "weak" : "sc", secs);
	printf("%-12s %12s %12s %10s %12s %-14s %s\n", "oracle", "executions/s",
	       "steps/s", "steps/exec", "ns/step", "violations", "fully checked");
	for (unsigned int k = 0; k < 3; k++) {
		f[k].steps_per_s = 0;
		if (only && strcmp(only, names[k]))
			continue;
		sim_default_options(&opts);
		opts.checks = k ? CHECK_ALL : 0;
		opts.oracle_full = k == 2;
		measure(s, &opts, secs, fixed, &f[k]);
		snprintf(viol, sizeof(viol), "%lu of %lu", f[k].violations,
			 f[k].execs);
		printf("%-12s %12.0f %12.0f %10.1f %12.1f %-14s ", names[k],
		       f[k].execs_per_s, f[k].steps_per_s, f[k].steps_per_exec,
		       1e9 / f[k].steps_per_s, viol);
		/* the share of runs the oracle checked to their end */
		if (k)
			printf("%lu/%lu runs\n", f[k].execs - f[k].unchecked,
			       f[k].execs);
		else
			printf("- (no oracle)\n");
	}
	if (only)
		goto out;
	printf("oracle cost per step: incremental %.1f ns, full %.1f ns\n",
	       1e9 / f[1].steps_per_s - 1e9 / f[0].steps_per_s,
	       1e9 / f[2].steps_per_s - 1e9 / f[0].steps_per_s);
out:
	sim_free(s);
	return 0;
}
