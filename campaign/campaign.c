// SPDX-License-Identifier: GPL-2.0-only
/*
 * The campaign's main loop (campaign.h): encode the seeds, run the
 * engines (--jobs at a time) with a progress line, stop a target at its
 * first finding (unless --keep-going) or at its time budget, stop all on
 * Ctrl-C or SIGTERM, then minimize what was found and fill the results.
 * It drives every engine the same way, through its ops (engine.h).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "collect.h"
#include "engine.h"
#include "findings.h"
#include "schedule.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* The engines (campaign.h: CAMPAIGN_ENGINES) */
static const struct campaign_engine_ops *const engines[NR_CAMPAIGN_ENGINES] = {
#define X(ENGINE, ops, name, what) [ENGINE_##ENGINE] = &ops,
	CAMPAIGN_ENGINES(X)
#undef X
};

static const char *const engine_names[NR_CAMPAIGN_ENGINES] = {
#define X(ENGINE, ops, name, what) [ENGINE_##ENGINE] = name,
	CAMPAIGN_ENGINES(X)
#undef X
};

const char *campaign_engine_name(unsigned int engine)
{
	return engine < NR_CAMPAIGN_ENGINES ? engine_names[engine] : "?";
}

int campaign_engine_lookup(const char *name)
{
	for (unsigned int i = 0; i < NR_CAMPAIGN_ENGINES; i++)
		if (!strcmp(engine_names[i], name))
			return (int)i;
	return -1;
}

/* The .sched seeds, in binary form, into <findings>/.work/seeds/ */
static int encode_seeds(const struct campaign_opts *opts, char *out, size_t size)
{
	static struct schedule sched;
	static uint8_t bin[1 << 16];
	struct sched_error err;
	struct dirent *de;
	DIR *d = opendir(opts->seeds);
	unsigned int n = 0;

	snprintf(out, size, "%s/.work/seeds", opts->findings);
	if (!d || (mkdir(out, 0755) && errno != EEXIST)) {
		fprintf(stderr, "cidfuzz campaign: seeds %s: %s\n", opts->seeds,
			strerror(errno));
		if (d)
			closedir(d);
		return -1;
	}
	while ((de = readdir(d))) {
		char path[4096], dst[4600];
		size_t len = strlen(de->d_name), blen;
		char *text;

		if (len < 7 || strcmp(de->d_name + len - 6, ".sched"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", opts->seeds, de->d_name);
		text = read_whole(path, &blen);
		if (!text || sched_parse_text(path, text, blen, &sched, &err)) {
			fprintf(stderr, "%s\n", text ? err.msg : path);
			free(text);
			continue;
		}
		free(text);
		blen = sched_encode_binary(&sched, bin, sizeof(bin));
		snprintf(dst, sizeof(dst), "%s/%.*s.bin", out, (int)(len - 6),
			 de->d_name);
		if (blen <= sizeof(bin) && !write_file_atomic(dst, bin, blen, false))
			n++;
	}
	closedir(d);
	return n ? 0 : -1;
}

static double since(const struct engine_run *run, uint64_t ns)
{
	return (double)(ns - run->start_ns) / 1e9;
}

static unsigned int corpus_size(const struct engine_run *r)
{
	return r->ops->corpus_size ? r->ops->corpus_size(r) : 0;
}

static void progress(struct engine_run *runs, unsigned int nr)
{
	uint64_t now = findings_now_ns();

	for (unsigned int i = 0; i < nr; i++) {
		struct engine_run *r = &runs[i];
		double t = since(r, now);

		if (!r->pid || r->done)
			continue;
		printf("[%5.0fs] %-22s %8.0f execs/s  corpus %5u  found %s\n",
		       t, r->target->name,
		       t > 0 ? (double)r->stats->execs / t : 0, corpus_size(r),
		       r->stats->first_ns ? "yes" : "no");
	}
	fflush(stdout);
}

/* Seconds an engine has after SIGTERM before its process group is killed */
#define STOP_GRACE_S 3

/*
 * Ask the engine to stop; if it is still there STOP_GRACE_S later, kill
 * it. libFuzzer's SIGTERM handler allocates: a signal that lands inside
 * malloc() deadlocks the harness on malloc's lock (seen 2026-12-06, a
 * campaign waiting for good), so the request alone is not enough.
 */
static void stop(struct engine_run *r, uint64_t now)
{
	if (r->pid <= 0 || r->done)
		return;
	if (!r->stopped) {
		kill(-r->pid, SIGTERM);
		kill(r->pid, SIGTERM);
		r->stopped = true;
		r->stop_ns = now;
	} else if (now - r->stop_ns > STOP_GRACE_S * 1000000000ull) {
		kill(-r->pid, SIGKILL);
		kill(r->pid, SIGKILL);
	}
}

/* Reap ended engines; stop those past their time or (unless keep-going) done */
static unsigned int poll_runs(const struct campaign_opts *opts,
			      struct engine_run *runs, unsigned int nr)
{
	uint64_t now = findings_now_ns();
	unsigned int running = 0;

	for (unsigned int i = 0; i < nr; i++) {
		struct engine_run *r = &runs[i];
		int status;

		if (!r->pid || r->done)
			continue;
		if (waitpid(r->pid, &status, WNOHANG) == r->pid) {
			r->done = true;
			continue;
		}
		running++;
		if (interrupted || since(r, now) > opts->max_time + 5 ||
		    (opts->max_execs && r->stats->execs >= opts->max_execs) ||
		    (r->stats->first_ns && !opts->keep_going))
			stop(r, now);
	}
	return running;
}

static int start_next(const struct campaign_opts *opts, struct engine_run *runs,
		      unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		if (runs[i].pid)
			continue;
		if (!opts->quiet)
			printf("[    0s] %-22s starting (%s, %.0f s)\n",
			       runs[i].target->name, runs[i].engine,
			       opts->max_time);
		return engine_start(&runs[i]);
	}
	return 0;
}

static void run_all(const struct campaign_opts *opts, struct engine_run *runs,
		    unsigned int nr)
{
	unsigned int started = 0, tick = 0;

	for (;;) {
		unsigned int running = poll_runs(opts, runs, nr);

		while (!interrupted && running < opts->jobs && started < nr) {
			if (start_next(opts, runs, nr))
				interrupted = 1;
			started++;
			running++;
		}
		if (!running && (started == nr || interrupted))
			break;
		usleep(100 * 1000);
		if (!opts->quiet && ++tick % 50 == 0)
			progress(runs, nr);
	}
}

/* What every engine is given: the campaign's settings, no more */
static void config_engines(const struct campaign_opts *opts,
			   struct engine_config *cfg, const char *seeds_bin)
{
	cfg->max_time = opts->max_time;
	cfg->seed = opts->seed;
	cfg->seeds = opts->seeds;
	cfg->seeds_bin = seeds_bin;
	cfg->fuzz_dir = opts->fuzz_dir;
	cfg->afl_dir = opts->afl_dir;
	cfg->afl_mutator = opts->afl_mutator;
}

/* After the engines: each engine's own leftovers, then the findings */
static void collect_all(const struct campaign_opts *opts,
			struct engine_run *runs,
			struct campaign_result *results)
{
	for (unsigned int i = 0; i < opts->nr_targets; i++) {
		if (runs[i].ops->collect)
			runs[i].ops->collect(&runs[i]);
		collect_results(&runs[i], &results[i]);
	}
}

int campaign_run(const struct campaign_opts *opts,
		 struct campaign_result *results)
{
	static struct engine_run runs[CAMPAIGN_MAX_TARGETS];
	static struct engine_config cfg;
	static char seeds_bin[4200];
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned int i;

	if (opts->engine >= NR_CAMPAIGN_ENGINES)
		return -1;
	config_engines(opts, &cfg, seeds_bin);
	memset(runs, 0, sizeof(runs));
	for (i = 0; i < opts->nr_targets; i++) {
		runs[i].ops = engines[opts->engine];
		runs[i].engine = engine_names[opts->engine];
		runs[i].cfg = &cfg;
		runs[i].target = fuzz_target_lookup(opts->targets[i]);
		if (!runs[i].target) {
			fprintf(stderr, "cidfuzz campaign: no target '%s'\n",
				opts->targets[i]);
			return -1;
		}
		if (engine_prepare(&runs[i], opts->findings))
			return -1;
	}
	if (encode_seeds(opts, seeds_bin, sizeof(seeds_bin)))
		return -1;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	run_all(opts, runs, opts->nr_targets);
	if (interrupted && !opts->quiet)
		printf("interrupted: keeping what was found so far\n");
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	collect_all(opts, runs, results);
	return 0;
}
