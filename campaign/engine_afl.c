// SPDX-License-Identifier: GPL-2.0-only
/*
 * AFL++ as a campaign engine (engine.h): afl-fuzz with afl_<target> from
 * the AFL++ build (scripts/build.sh afl) and our structure-aware mutator
 * as its custom mutator. Its output folder is <work>/afl, during the run
 * a link to a folder in RAM (ram_out()).
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "fileio.h"

static void harness(const struct engine_run *run, char *path, size_t size)
{
	snprintf(path, size, "%s/afl_%s", run->cfg->afl_dir, run->target->name);
}

/*
 * How the campaign runs AFL++ (besides the paths): the one place these
 * settings live; the command line in <work>/log repeats them for a run
 * by hand (docs/fuzzing.md, "AFL++").
 */
static const struct {
	const char *name, *value;
	const char *unless; /* not set when this one is in the environment */
} afl_env[] = {
	{ "AFL_SKIP_CPUFREQ", "1", NULL },
	{ "AFL_NO_UI", "1", NULL },
	/*
	 * afl-fuzz and its harness hand every execution to each other
	 * (about seven context switches): on one core that is a local
	 * switch, across cores a wake-up IPI, 1.7x the time an execution
	 * (docs/fuzzing.md). Bind to a core no other bound process holds;
	 * none free (more runs than cores), run unbound. (afl-fuzz 4.04c
	 * binds with both set: AFL_NO_AFFINITY=1 in the campaign's
	 * environment keeps it unbound.)
	 */
	{ "AFL_TRY_AFFINITY", "1", "AFL_NO_AFFINITY" },
	{ "AFL_AUTORESUME", "1", NULL },
	{ "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1", NULL },
	/* byte-level havoc breaks the schedules' structure more than it helps */
	{ "AFL_CUSTOM_MUTATOR_ONLY", "1", NULL },
	/*
	 * About every fifth mutant is a new queue entry (the interleaving
	 * feedback): three calibration runs each, not eight, and no byte
	 * trimming, which cuts events in half
	 */
	{ "AFL_FAST_CAL", "1", NULL },
	{ "AFL_DISABLE_TRIM", "1", NULL },
};

/* Entry i of afl_env[], unless the variable it yields to is set */
static bool afl_env_used(size_t i)
{
	return !afl_env[i].unless || !getenv(afl_env[i].unless);
}

/*
 * The command, environment first, as a shell would take it: what a run
 * by hand repeats. CIDFUZZ_WEAK tells the mutator (a library of afl-fuzz,
 * not of the harness) the target's memory.
 */
static void print_command(char *const argv[])
{
	size_t i;

	fprintf(stderr, "cidfuzz: running:");
	for (i = 0; i < sizeof(afl_env) / sizeof(afl_env[0]); i++) {
		const char *name = afl_env_used(i) ? afl_env[i].name :
						     afl_env[i].unless;

		fprintf(stderr, " %s=%s", name, getenv(name));
	}
	fprintf(stderr, " AFL_CUSTOM_MUTATOR_LIBRARY='%s' CIDFUZZ_WEAK='%s'",
		getenv("AFL_CUSTOM_MUTATOR_LIBRARY"), getenv("CIDFUZZ_WEAK"));
	for (i = 0; argv[i]; i++)
		fprintf(stderr, " '%s'", argv[i]);
	fprintf(stderr, "\n");
}

/*
 * AFL++ writes every queue entry as a file, and about every fifth mutant
 * is one: on this project's ext4 machines the inode allocation of those
 * files took a quarter of the CPU time of a run (perf, 2026-12-06). So
 * <work>/afl is made a link to a fresh folder under CIDFUZZ_AFL_TMPDIR
 * (default /dev/shm; empty: no link, the folder on disk as before, which
 * a later campaign resumes). The queue then lives in RAM for the run,
 * as libFuzzer's corpus does; collect() keeps what AFL++ found and
 * removes the folder. A <work>/afl that is a real folder is kept.
 */
static void ram_out(const char *out)
{
	const char *tmp = getenv("CIDFUZZ_AFL_TMPDIR");
	char dir[4200];
	struct stat st;

	if (!tmp)
		tmp = "/dev/shm";
	if (!*tmp || (lstat(out, &st) == 0 && !S_ISLNK(st.st_mode)))
		return;
	unlink(out);
	snprintf(dir, sizeof(dir), "%s/cidfuzz-afl-XXXXXX", tmp);
	if (!mkdtemp(dir))
		return; /* no RAM folder: AFL++ makes <work>/afl on disk */
	if (symlink(dir, out))
		rmdir(dir);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP ? rmdir(path) : unlink(path))
		fprintf(stderr, "cidfuzz campaign: cannot remove %s: %s\n",
			path, strerror(errno));
	return 0;
}

/* The RAM folder <work>/afl links to, and the link: gone */
static void ram_out_remove(const struct engine_run *run)
{
	char out[4200], dir[4200];
	ssize_t len;

	snprintf(out, sizeof(out), "%s/afl", run->work);
	len = readlink(out, dir, sizeof(dir) - 1);
	if (len <= 0)
		return;
	dir[len] = 0;
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	unlink(out);
}

static void collect(const struct engine_run *run);

/*
 * A <work>/afl link left by a run that was killed before collect() (a
 * SIGKILL, a crash of the campaign): what that AFL++ run kept in RAM is
 * still there. Keep its crashes now (this run reports them) and free the
 * RAM, so that nothing found is lost and nothing piles up in /dev/shm.
 */
static void leftover(const struct engine_run *run, const char *out)
{
	struct stat st;

	if (lstat(out, &st) || !S_ISLNK(st.st_mode))
		return;
	fprintf(stderr,
		"cidfuzz: %s is left from a run that was stopped: keeping its crashes\n",
		out);
	collect(run);
}

static void start(const struct engine_run *run)
{
	const struct engine_config *cfg = run->cfg;
	char bin[4200], out[4200], time_arg[32], dict[4200], seed[32];
	char seeds[4200];
	char *argv[16];
	size_t i;
	int n = 0;

	harness(run, bin, sizeof(bin));
	snprintf(out, sizeof(out), "%s/afl", run->work);
	leftover(run, out);
	ram_out(out);
	snprintf(time_arg, sizeof(time_arg), "%u",
		 (unsigned int)(cfg->max_time + 0.999));
	snprintf(dict, sizeof(dict), "%s/cidfuzz.dict", cfg->afl_dir);
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)cfg->seed);
	for (i = 0; i < sizeof(afl_env) / sizeof(afl_env[0]); i++)
		if (afl_env_used(i))
			setenv(afl_env[i].name, afl_env[i].value, 1);
	setenv("AFL_CUSTOM_MUTATOR_LIBRARY", cfg->afl_mutator, 1);
	argv[n++] = "afl-fuzz";
	argv[n++] = "-i";
	snprintf(seeds, sizeof(seeds), "%s", cfg->seeds_bin);
	argv[n++] = seeds;
	argv[n++] = "-o";
	argv[n++] = out;
	argv[n++] = "-V";
	argv[n++] = time_arg;
	argv[n++] = "-x";
	argv[n++] = dict;
	/*
	 * Each queue entry in turn: the weighted choice favours the few
	 * shortest entries and starves the ones just found, on which the
	 * next window edit has to build
	 */
	argv[n++] = "-Z";
	if (cfg->seed) {
		argv[n++] = "-s";
		argv[n++] = seed;
	}
	argv[n++] = "--";
	argv[n++] = bin;
	argv[n] = NULL;
	print_command(argv);
	execvp("afl-fuzz", argv);
	fprintf(stderr, "cannot run afl-fuzz: %s\n", strerror(errno));
	_exit(127);
}

/* The queue's inputs */
static unsigned int corpus_size(const struct engine_run *run)
{
	char dir[4200];
	struct dirent *de;
	unsigned int n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/afl/default/queue", run->work);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/*
 * AFL++ keeps the inputs that crashed the harness in its own output
 * folder (a violation is not a crash: the harness records it and goes
 * on): copy each into the findings as crash-afl-<id>, where they stay.
 */
static void collect(const struct engine_run *run)
{
	char dir[4200], from[4600], to[4600];
	struct dirent *de;
	size_t len;
	char *data;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/afl/default/crashes", run->work);
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "id:", 3))
			continue;
		snprintf(from, sizeof(from), "%s/%.300s", dir, de->d_name);
		snprintf(to, sizeof(to), "%s/crash-afl-%.6s", run->found_dir,
			 de->d_name + 3);
		if (access(to, F_OK) == 0 || !(data = read_whole(from, &len)))
			continue;
		if (write_file_atomic(to, data, len, true) < 0)
			fprintf(stderr, "%s: cannot keep it as %s\n", from, to);
		free(data);
	}
	if (d)
		closedir(d);
	ram_out_remove(run);
}

const struct campaign_engine_ops afl_engine = {
	.harness = harness,
	.build = "afl",
	.start = start,
	.corpus_size = corpus_size,
	.collect = collect,
};
