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
#include "oracle.h"
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

/* The harness an engine runs must be there: say how to build it if not */
static int check_harness(const struct campaign_opts *opts, const char *name)
{
	char bin[4200];

	if (opts->engine == ENGINE_AFL)
		snprintf(bin, sizeof(bin), "%s/afl_%s", opts->afl_dir, name);
	else if (opts->engine == ENGINE_LIBFUZZER_PLAIN)
		snprintf(bin, sizeof(bin), "%s/fuzz_plain_%s", opts->fuzz_dir, name);
	else if (opts->engine == ENGINE_LIBFUZZER)
		snprintf(bin, sizeof(bin), "%s/fuzz_%s", opts->fuzz_dir, name);
	else
		return 0;
	if (access(bin, X_OK) == 0)
		return 0;
	fprintf(stderr, "cidfuzz campaign: no harness %s (build it: scripts/build.sh %s)\n",
		bin, opts->engine == ENGINE_AFL ? "afl" : "fuzz");
	return -1;
}

int engine_prepare(const struct campaign_opts *opts, struct engine_run *run)
{
	const char *name = run->target->name;

	if (check_harness(opts, name))
		return -1;
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

/* "-seed_inputs=a.bin,b.bin,...": the seeds, for an in-memory corpus */
static char *seed_inputs(const char *dir)
{
	static char arg[65536];
	size_t len = (size_t)snprintf(arg, sizeof(arg), "-seed_inputs=");
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || len + strlen(dir) + 300 > sizeof(arg))
			continue;
		len += (size_t)snprintf(arg + len, sizeof(arg) - len, "%s%s/%s",
					arg[len - 1] == '=' ? "" : ",", dir,
					de->d_name);
	}
	if (d)
		closedir(d);
	return arg;
}

/*
 * libFuzzer keeps its corpus in memory (no corpus folder): writing every
 * new input to disk costs a third of the executions, and the findings are
 * what a campaign keeps.
 */
static void exec_libfuzzer(const struct campaign_opts *opts,
			   const struct engine_run *run, const char *seeds_bin)
{
	char bin[4200], time_arg[64], dict[4200], seed[64], artifacts[4300];
	const char *plain = opts->engine == ENGINE_LIBFUZZER_PLAIN ? "plain_" : "";
	char *argv[14];
	int n = 0;

	snprintf(bin, sizeof(bin), "%s/fuzz_%s%s", opts->fuzz_dir, plain,
		 run->target->name);
	snprintf(time_arg, sizeof(time_arg), "-max_total_time=%u",
		 (unsigned int)(opts->max_time + 0.999));
	snprintf(dict, sizeof(dict), "-dict=%s/cidfuzz.dict", opts->fuzz_dir);
	snprintf(seed, sizeof(seed), "-seed=%llu", (unsigned long long)opts->seed);
	argv[n++] = bin;
	argv[n++] = time_arg;
	argv[n++] = "-max_len=1024";
	argv[n++] = "-timeout=10";
	argv[n++] = "-print_final_stats=1";
	/* the parser's inputs are .sched texts, not the binary encoding */
	if (run->target->kind == TARGET_FRONT_DOOR && !strcmp(run->target->name,
							       "parse_text"))
		seeds_bin = opts->seeds;
	else if (opts->engine == ENGINE_LIBFUZZER)
		argv[n++] = dict;
	if (opts->seed)
		argv[n++] = seed;
	/* a crash (ASan, a signal) is kept with the findings */
	snprintf(artifacts, sizeof(artifacts), "-artifact_prefix=%s/crash-",
		 run->found_dir);
	argv[n++] = artifacts;
	argv[n++] = seed_inputs(seeds_bin);
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
	/* byte-level havoc breaks the schedules' structure more than it helps */
	setenv("AFL_CUSTOM_MUTATOR_ONLY", "1", 1);
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

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * The baselines, in process. ENGINE_RANDOM: uniform random schedules, i.e.
 * uniformly random bytes (16..400 of them) through the binary decoder,
 * with 1..8 CPUs. ENGINE_GEN: the plausible-schedule generator of the
 * no-false-positive tests (schedule/gen.c: an event mix chosen by hand),
 * 2..4 CPUs, 8..64 events.
 */
static void random_schedule(unsigned int engine, uint64_t *x, unsigned int memory,
			    struct schedule *sched, uint8_t *bin, size_t *len)
{
	bool weak = memory == TARGET_WEAK ||
		    (memory == TARGET_EITHER && xorshift(x) % 2);
	size_t i;

	if (engine == ENGINE_GEN) {
		uint64_t r = xorshift(x);

		sched_generate_mem(sched, r, 2 + (unsigned int)(r >> 40) % 3,
				   8 + (unsigned int)(r >> 50) % 57, weak);
		*len = 0;
		return;
	}
	*len = 16 + xorshift(x) % 385;
	for (i = 0; i < *len; i++)
		bin[i] = (uint8_t)(xorshift(x) >> 24);
	bin[0] = (uint8_t)(bin[0] % 8 | (weak ? SCHED_WEAK_BIT : 0));
	sched_decode_binary(bin, *len, sched);
}

static void run_random(const struct campaign_opts *opts,
		       const struct engine_run *run)
{
	static struct schedule sched;
	static uint8_t bin[1 << 16];
	uint64_t x = opts->seed ? opts->seed * 0x9e3779b97f4a7c15ULL :
		     (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL;
	uint64_t end = findings_now_ns() + (uint64_t)(opts->max_time * 1e9);
	struct sim_options sopts;
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());
	size_t len;

	findings_init();
	sim_default_options(&sopts);
	sopts.bugs = fuzz_target_bugs(run->target);
	while (s && findings_now_ns() < end) {
		for (unsigned int k = 0; k < 64; k++) {
			random_schedule(opts->engine, &x, run->target->memory, &sched,
					bin, &len);
			findings_exec();
			if (!sim_run(s, &sched, &sopts, &res, NULL) && !res.unchecked)
				continue;
			if (!len)
				len = sched_encode_binary(&sched, bin, sizeof(bin));
			findings_after_run(s, &sched, &sopts, &res, bin, len);
		}
	}
	sim_free(s);
	_exit(0);
}

int engine_start(const struct campaign_opts *opts, struct engine_run *run,
		 const char *seeds_bin)
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
	switch (opts->engine) {
	case ENGINE_AFL:
		exec_afl(opts, run, seeds_bin);
		break;
	case ENGINE_RANDOM:
	case ENGINE_GEN:
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

/* libFuzzer's last "corp: N/..." in the engine's log */
static unsigned int libfuzzer_corpus(const struct engine_run *run)
{
	char path[4200], buf[4096];
	unsigned int n = 0;
	FILE *f;
	long size;

	snprintf(path, sizeof(path), "%s/log", run->work);
	f = fopen(path, "r");
	if (!f)
		return 0;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, size > (long)sizeof(buf) - 1 ? size - (long)sizeof(buf) + 1 : 0,
	      SEEK_SET);
	size = (long)fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[size > 0 ? size : 0] = '\0';
	for (char *p = strstr(buf, "corp: "); p; p = strstr(p + 1, "corp: "))
		n = (unsigned int)strtoul(p + 6, NULL, 10);
	return n;
}

unsigned int engine_corpus_size(const struct campaign_opts *opts,
				const struct engine_run *run)
{
	char dir[4200];

	if (opts->engine == ENGINE_RANDOM || opts->engine == ENGINE_GEN)
		return 0;
	if (opts->engine != ENGINE_AFL)
		return libfuzzer_corpus(run);
	snprintf(dir, sizeof(dir), "%s/afl/default/queue", run->work);
	return count_files(dir);
}
