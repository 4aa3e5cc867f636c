// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer as a campaign engine (engine.h): fuzz_<target>, with the
 * structure-aware mutator, the interleaving feedback and the dictionary,
 * or fuzz_plain_<target>, with neither (the baseline of the time-to-bug
 * benchmark). Both come from the fuzz build (scripts/build.sh fuzz).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"

static void harness(const struct engine_run *run, const char *kind, char *path,
		    size_t size)
{
	snprintf(path, size, "%s/fuzz_%s%s", run->cfg->fuzz_dir, kind,
		 run->target->name);
}

static void full_harness(const struct engine_run *run, char *path, size_t size)
{
	harness(run, "", path, size);
}

static void plain_harness(const struct engine_run *run, char *path, size_t size)
{
	harness(run, "plain_", path, size);
}

/* "-seed_inputs=a.bin,b.bin,...": the seeds, for an in-memory corpus */
static char *seed_inputs(const char *dir)
{
	static char arg[65536];
	size_t len = (size_t)snprintf(arg, sizeof(arg), "-seed_inputs=");
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    len + strlen(dir) + 300 > sizeof(arg))
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
static void exec_libfuzzer(const struct engine_run *run, bool plain)
{
	const struct engine_config *cfg = run->cfg;
	const char *seeds = cfg->seeds_bin;
	char bin[4200], time_arg[64], dict[4200], seed[64], artifacts[4300];
	char *argv[14];
	int n = 0;

	run->ops->harness(run, bin, sizeof(bin));
	snprintf(time_arg, sizeof(time_arg), "-max_total_time=%u",
		 (unsigned int)(cfg->max_time + 0.999));
	snprintf(dict, sizeof(dict), "-dict=%s/cidfuzz.dict", cfg->fuzz_dir);
	snprintf(seed, sizeof(seed), "-seed=%llu",
		 (unsigned long long)cfg->seed);
	argv[n++] = bin;
	argv[n++] = time_arg;
	argv[n++] = "-max_len=1024";
	argv[n++] = "-timeout=10";
	argv[n++] = "-print_final_stats=1";
	/* the parser's inputs are .sched texts, not the binary encoding */
	if (run->target->kind == TARGET_FRONT_DOOR &&
	    !strcmp(run->target->name, "parse_text"))
		seeds = cfg->seeds;
	else if (!plain)
		argv[n++] = dict;
	if (cfg->seed)
		argv[n++] = seed;
	/* a crash (ASan, a signal) is kept with the findings */
	snprintf(artifacts, sizeof(artifacts), "-artifact_prefix=%s/crash-",
		 run->found_dir);
	argv[n++] = artifacts;
	argv[n++] = seed_inputs(seeds);
	argv[n] = NULL;
	execv(bin, argv);
	fprintf(stderr, "cannot run %s: %s\n", bin, strerror(errno));
	_exit(127);
}

static void start_full(const struct engine_run *run)
{
	exec_libfuzzer(run, false);
}

static void start_plain(const struct engine_run *run)
{
	exec_libfuzzer(run, true);
}

/* libFuzzer's last "corp: N/..." in the engine's log */
static unsigned int corpus_size(const struct engine_run *run)
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
	fseek(f,
	      size > (long)sizeof(buf) - 1 ? size - (long)sizeof(buf) + 1 : 0,
	      SEEK_SET);
	size = (long)fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[size > 0 ? size : 0] = '\0';
	for (char *p = strstr(buf, "corp: "); p; p = strstr(p + 1, "corp: "))
		n = (unsigned int)strtoul(p + 6, NULL, 10);
	return n;
}

const struct campaign_engine_ops libfuzzer_engine = {
	.harness = full_harness,
	.build = "fuzz",
	.start = start_full,
	.corpus_size = corpus_size,
};

const struct campaign_engine_ops libfuzzer_plain_engine = {
	.harness = plain_harness,
	.build = "fuzz",
	.start = start_plain,
	.corpus_size = corpus_size,
};
