/* SPDX-License-Identifier: GPL-2.0-only */
/* Starting one fuzz engine on one target, as a child process (engine.c) */
#ifndef CIDFUZZ_ENGINE_H
#define CIDFUZZ_ENGINE_H

#include <sys/types.h>
#include <time.h>

#include "campaign.h"
#include "targets.h"

struct engine_run {
	const struct fuzz_target *target;
	char work[4096];		/* .work/<engine>-<target> */
	char found_dir[4096];		/* <findings>/<target> */
	char stats_path[4200];
	struct fuzz_stats *stats;	/* shared with the child */
	pid_t pid;
	uint64_t start_ns;
	time_t start_wall;		/* to tell this run's crash files */
	bool done, stopped;
};

/* Make the folders and the shared stats; 0 or -1 (with a message) */
int engine_prepare(const struct campaign_opts *opts, struct engine_run *run);
/* Start the engine; 0 or -1 */
int engine_start(const struct campaign_opts *opts, struct engine_run *run,
		 const char *seeds_bin);
/* The engine's corpus size, for the progress line */
unsigned int engine_corpus_size(const struct campaign_opts *opts,
				const struct engine_run *run);

#endif
