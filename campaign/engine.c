// SPDX-License-Identifier: GPL-2.0-only
/*
 * One engine on one target, in a child process. libFuzzer and AFL++ are
 * executed with the harness of the target; the random baseline runs in a
 * forked child of cidfuzz itself. All of them report through the same
 * findings code (fuzzers/findings.h): the folder and the shared stats
 * file come through the environment.
 */
#include <dirent.h>
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
#include "findings.h"
#include "gen.h"
#include "schedule.h"
#include "sim.h"

static int make_dir(const char *path)
{
	char buf[4096], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

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

int engine_prepare(const struct campaign_opts *opts, struct engine_run *run)
{
	const char *name = run->target->name;

	snprintf(run->found_dir, sizeof(run->found_dir), "%s/%s",
		 opts->findings, name);
	snprintf(run->work, sizeof(run->work), "%s/.work/%s-%s", opts->findings,
		 campaign_engine_name(opts->engine), name);
	snprintf(run->stats_path, sizeof(run->stats_path), "%s/stats",
		 run->work);
	if (make_dir(run->found_dir) || make_dir(run->work)) {
		fprintf(stderr, "cidfuzz campaign: cannot create %s: %s\n",
			run->work, strerror(errno));
		return -1;
	}
	if (opts->engine != ENGINE_AFL) {
		char corpus[4200];

		snprintf(corpus, sizeof(corpus), "%s/corpus", run->work);
		if (make_dir(corpus))
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
}

static void exec_libfuzzer(const struct campaign_opts *opts,
			   const struct engine_run *run, const char *seeds_bin)
{
	char bin[4200], time_arg[64], dict[4200], corpus[4200], seed[64];
	const char *plain = opts->engine == ENGINE_LIBFUZZER_PLAIN ? "plain_" : "";
	char *argv[12];
	int n = 0;

	snprintf(bin, sizeof(bin), "%s/fuzz_%s%s", opts->fuzz_dir, plain,
		 run->target->name);
	snprintf(time_arg, sizeof(time_arg), "-max_total_time=%u",
		 (unsigned int)(opts->max_time + 0.999));
	snprintf(dict, sizeof(dict), "-dict=%s/cidfuzz.dict", opts->fuzz_dir);
	snprintf(corpus, sizeof(corpus), "%s/corpus", run->work);
	snprintf(seed, sizeof(seed), "-seed=%llu", (unsigned long long)opts->seed);
	argv[n++] = bin;
	argv[n++] = time_arg;
	argv[n++] = "-max_len=1024";
	argv[n++] = "-timeout=10";
	argv[n++] = "-print_final_stats=1";
	if (opts->engine == ENGINE_LIBFUZZER)
		argv[n++] = dict;
	if (opts->seed)
		argv[n++] = seed;
	argv[n++] = corpus;
	argv[n++] = (char *)seeds_bin;
	argv[n] = NULL;
	execv(bin, argv);
	fprintf(stderr, "cannot run %s: %s\n", bin, strerror(errno));
	_exit(127);
}

static void exec_afl(const struct campaign_opts *opts,
		     const struct engine_run *run, const char *seeds_bin)
{
	char bin[4200], out[4200], time_arg[32], dict[4200], seed[32];
	char *argv[16];
	int n = 0;

	snprintf(bin, sizeof(bin), "%s/afl_%s", opts->afl_dir, run->target->name);
	snprintf(out, sizeof(out), "%s/afl", run->work);
	snprintf(time_arg, sizeof(time_arg), "%u",
		 (unsigned int)(opts->max_time + 0.999));
	snprintf(dict, sizeof(dict), "%s/cidfuzz.dict", opts->afl_dir);
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)opts->seed);
	setenv("AFL_SKIP_CPUFREQ", "1", 1);
	setenv("AFL_NO_UI", "1", 1);
	setenv("AFL_NO_AFFINITY", "1", 1);
	setenv("AFL_AUTORESUME", "1", 1);
	setenv("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1", 1);
	setenv("AFL_CUSTOM_MUTATOR_LIBRARY", opts->afl_mutator, 1);
	argv[n++] = "afl-fuzz";
	argv[n++] = "-i";
	argv[n++] = (char *)seeds_bin;
	argv[n++] = "-o";
	argv[n++] = out;
	argv[n++] = "-V";
	argv[n++] = time_arg;
	argv[n++] = "-x";
	argv[n++] = dict;
	if (opts->seed) {
		argv[n++] = "-s";
		argv[n++] = seed;
	}
	argv[n++] = "--";
	argv[n++] = bin;
	argv[n] = NULL;
	execvp("afl-fuzz", argv);
	fprintf(stderr, "cannot run afl-fuzz: %s\n", strerror(errno));
	_exit(127);
}

/* The baseline: uniform random schedules of 8..64 events on 2..4 CPUs */
static void run_random(const struct campaign_opts *opts,
		       const struct engine_run *run)
{
	static struct schedule sched;
	static uint8_t bin[1 << 16];
	uint64_t x = opts->seed ? opts->seed : (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL;
	uint64_t end = findings_now_ns() + (uint64_t)(opts->max_time * 1e9);
	struct sim_options sopts;
	struct sim_result res;
	struct sim *s = sim_new();

	findings_init();
	sim_default_options(&sopts);
	sopts.bugs = run->target->bugs;
	while (s && findings_now_ns() < end) {
		unsigned int k;

		for (k = 0; k < 64; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			sched_generate(&sched, x, 2 + (unsigned int)(x >> 40) % 3,
				       8 + (unsigned int)(x >> 50) % 57);
			findings_exec();
			if (!sim_run(s, &sched, &sopts, &res, NULL))
				continue;
			findings_violation(&res, bin,
					   sched_encode_binary(&sched, bin, sizeof(bin)));
		}
	}
	sim_free(s);
	_exit(0);
}

int engine_start(const struct campaign_opts *opts, struct engine_run *run,
		 const char *seeds_bin)
{
	run->start_ns = findings_now_ns();
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
	child_setup(run);
	switch (opts->engine) {
	case ENGINE_AFL:
		exec_afl(opts, run, seeds_bin);
		break;
	case ENGINE_RANDOM:
		run_random(opts, run);
		break;
	default:
		exec_libfuzzer(opts, run, seeds_bin);
		break;
	}
	_exit(127);
}

static unsigned int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

unsigned int engine_corpus_size(const struct campaign_opts *opts,
				const struct engine_run *run)
{
	char dir[4200];

	if (opts->engine == ENGINE_RANDOM)
		return 0;
	if (opts->engine == ENGINE_AFL)
		snprintf(dir, sizeof(dir), "%s/afl/default/queue", run->work);
	else
		snprintf(dir, sizeof(dir), "%s/corpus", run->work);
	return count_files(dir);
}
