/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The campaign's fuzz engines. Each is a struct campaign_engine_ops, as
 * each of the kernel's scheduling policies is a struct sched_class: the
 * campaign (campaign.c) drives them through it and knows none of them
 * inside. What every engine needs is here (engine.c: the folders, the
 * shared stats, the child process); what one engine does is in its file:
 * engine_libfuzzer.c (libFuzzer, with the mutator and feedback or plain),
 * engine_afl.c (AFL++), engine_random.c (the in-process baselines). An
 * engine sees its run and the campaign's settings (struct engine_config),
 * never the campaign.
 */
#ifndef CIDFUZZ_ENGINE_H
#define CIDFUZZ_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "targets.h"

struct fuzz_stats;

/* What the campaign gives every engine it runs, the same for all targets */
struct engine_config {
	double max_time; /* seconds per target */
	uint64_t seed; /* engine seed; 0: the engine's choice */
	const char *seeds; /* .sched seeds (corpus/seeds) */
	const char *seeds_bin; /* the same, encoded (.work/seeds) */
	const char *fuzz_dir; /* build/fuzz/fuzzers */
	const char *afl_dir; /* build/afl/fuzzers */
	const char *afl_mutator; /* libcidfuzz_afl_mutator.so */
};

/* One engine on one target, in a child process */
struct engine_run {
	const struct campaign_engine_ops *ops;
	const char *engine; /* its --engine name (CAMPAIGN_ENGINES) */
	const struct engine_config *cfg;
	const struct fuzz_target *target;
	char work[4096];		/* .work/<engine>-<target> */
	char found_dir[4096];		/* <findings>/<target> */
	char stats_path[4200];
	struct fuzz_stats *stats;	/* shared with the child */
	pid_t pid;
	uint64_t start_ns;
	time_t start_wall;		/* to tell this run's crash files */
	bool done, stopped;
	uint64_t stop_ns; /* when it was asked to stop */
};

struct campaign_engine_ops {
	/*
	 * The harness it executes for @run's target, and the preset of
	 * scripts/build.sh that builds it; NULL: it runs in process
	 */
	void (*harness)(const struct engine_run *run, char *path, size_t size);
	const char *build;
	/*
	 * In the child process, with its output in <work>/log and the
	 * findings folder and stats file in the environment (fuzzers/
	 * findings.h): exec the engine, or run it. Does not return.
	 */
	void (*start)(const struct engine_run *run);
	/* The size of its corpus now, for the progress line; NULL: none */
	unsigned int (*corpus_size)(const struct engine_run *run);
	/*
	 * After the run: copy into the findings folder what the engine
	 * kept in its own (crashes of the harness) and remove what is not
	 * kept (AFL++'s queue in RAM); NULL: nothing
	 */
	void (*collect)(const struct engine_run *run);
};

extern const struct campaign_engine_ops libfuzzer_engine;
extern const struct campaign_engine_ops libfuzzer_plain_engine;
extern const struct campaign_engine_ops afl_engine;
extern const struct campaign_engine_ops random_engine;
extern const struct campaign_engine_ops gen_engine;

/*
 * The harness must be there (if not: how to build it); make the folders
 * under @findings and the shared stats. 0 or -1 (with a message).
 */
int engine_prepare(struct engine_run *run, const char *findings);
/* Start the engine in a child process of its own; 0 or -1 */
int engine_start(struct engine_run *run);

#endif
