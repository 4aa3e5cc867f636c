// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every engine of a campaign needs (engine.h): its harness checked,
 * its folders, the stats file it shares with the campaign (mmap), and
 * the child process it runs in, in a process group of its own, its
 * output in a log. The engine itself starts there, through its ops. All
 * engines report through the same findings code (fuzzers/findings.h):
 * the folder and the stats file come through the environment.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "fileio.h"
#include "findings.h"

static struct fuzz_stats *map_stats(const char *path)
{
	struct fuzz_stats zero = { 0 };
	void *map;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return NULL;
	if (write(fd, &zero, sizeof(zero)) != sizeof(zero)) {
		close(fd);
		return NULL;
	}
	map = mmap(NULL, sizeof(zero), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return map == MAP_FAILED ? NULL : map;
}

/* The harness an engine runs must be there: say how to build it if not */
static int check_harness(const struct engine_run *run)
{
	char bin[4200];

	if (!run->ops->harness)
		return 0;
	run->ops->harness(run, bin, sizeof(bin));
	if (access(bin, X_OK) == 0)
		return 0;
	fprintf(stderr,
		"cidfuzz campaign: no harness %s (build it: scripts/build.sh %s)\n",
		bin, run->ops->build);
	return -1;
}

int engine_prepare(struct engine_run *run, const char *findings)
{
	const char *name = run->target->name;

	if (check_harness(run))
		return -1;
	snprintf(run->found_dir, sizeof(run->found_dir), "%s/%s", findings,
		 name);
	snprintf(run->work, sizeof(run->work), "%s/.work/%s-%s", findings,
		 run->engine, name);
	snprintf(run->stats_path, sizeof(run->stats_path), "%s/stats",
		 run->work);
	if (make_dirs(run->found_dir) || make_dirs(run->work)) {
		fprintf(stderr, "cidfuzz campaign: cannot create %s: %s\n",
			run->work, strerror(errno));
		return -1;
	}
	run->stats = map_stats(run->stats_path);
	if (!run->stats) {
		fprintf(stderr, "cidfuzz campaign: cannot map %s\n", run->stats_path);
		return -1;
	}
	return 0;
}

/* The child's output goes to <work>/log, not to the terminal */
static void child_setup(const struct engine_run *run)
{
	char log[4200];
	int fd;

	snprintf(log, sizeof(log), "%s/log", run->work);
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	setenv("CIDFUZZ_FINDINGS", run->found_dir, 1);
	setenv("CIDFUZZ_STATS", run->stats_path, 1);
	/* The mutator (AFL++ loads it apart from the harness) makes flushes */
	setenv("CIDFUZZ_WEAK", fuzz_target_memory_env(run->target), 1);
	setenv("CIDFUZZ_KNOWN", fuzz_target_known_env(run->target), 1);
}

int engine_start(struct engine_run *run)
{
	run->start_ns = findings_now_ns();
	run->start_wall = time(NULL);
	run->pid = fork();
	if (run->pid < 0) {
		fprintf(stderr, "cidfuzz campaign: fork: %s\n", strerror(errno));
		return -1;
	}
	if (run->pid)
		return 0;
	/* The child: its own process group, so that a stop reaches all of it */
	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);	/* the campaign's handler is not ours */
	child_setup(run);
	run->ops->start(run);
	_exit(127);
}
