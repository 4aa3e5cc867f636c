// SPDX-License-Identifier: GPL-2.0-only
/*
 * After the engines: every raw finding of a target that has no readable
 * reproducer yet is replayed and minimized into <INV>-<site>.sched beside
 * it (never replacing one); the result row of the target is filled in.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "fileio.h"
#include "findings.h"
#include "minimize.h"
#include "oracle.h"
#include "schedule.h"

/* Minimize <dir>/<name>.bin into <dir>/<name>.sched; 0 if it exists now */
static int minimize_one(const struct engine_run *run, const char *name,
			char *out, size_t size)
{
	static struct schedule sched;
	struct sim_options opts;
	struct minimize_stats st;
	struct sim_result res;
	struct strbuf sb;
	struct sim *s;
	char bin[4600];
	size_t len;
	char *data;
	int ret = -1;

	snprintf(bin, sizeof(bin), "%s/%s.bin", run->found_dir, name);
	snprintf(out, size, "%s/%s.sched", run->found_dir, name);
	if (access(out, F_OK) == 0)
		return 0;
	data = read_whole(bin, &len);
	if (!data)
		return -1;
	sched_decode_binary((const uint8_t *)data, len, &sched);
	if (run->target->memory != TARGET_EITHER)
		sched.weak = run->target->memory == TARGET_WEAK;
	free(data);
	sim_default_options(&opts);
	/* known- and newest- are the newest code's violations (known.h) */
	if (strncmp(name, "known-", 6) && strncmp(name, "newest-", 7))
		opts.bugs = fuzz_target_bugs(run->target);
	if (minimize_schedule(&sched, &opts, &st)) {
		fprintf(stderr, "%s: no longer shows a violation\n", bin);
		return -1;
	}
	s = sim_new(oracle_checker());
	if (!s)
		return -1;
	sim_run(s, &sched, &opts, &res, NULL);
	sim_free(s);
	sb_init(&sb);
	if (!minimize_format(&sb, bin, opts.bugs, &sched, &res))
		ret = write_file_atomic(out, sb.buf, sb.len, true) < 0 ? -1 : 0;
	sb_free(&sb);
	return ret;
}

/*
 * A crash of the harness itself (ASan, UBSan, a signal: libFuzzer's
 * crash-<sha> artifact), or a broken promise of a front door (its raw
 * input is the reproducer: there is no schedule to minimize). A crash
 * behind a front door is what the front door looks for; behind any
 * other target it is a defect of cidfuzz, never the target's bug found:
 * it goes into res->crash, apart from the findings.
 */
static bool raw_finding(const struct engine_run *run, const char *file,
			struct campaign_result *res)
{
	bool crash = !strncmp(file, "crash-", 6);
	char path[8200];
	struct stat st;

	if (!crash && run->target->kind != TARGET_FRONT_DOOR)
		return false;
	snprintf(path, sizeof(path), "%s/%s", run->found_dir, file);
	/* an earlier campaign's crash stays in the folder: not this run's */
	if (crash && !stat(path, &st) && st.st_mtime < run->start_wall)
		return true;
	if (crash && run->target->kind != TARGET_FRONT_DOOR) {
		snprintf(res->crash, sizeof(res->crash), "%.4000s", path);
		return true;
	}
	res->nr_findings++;
	if (crash && !res->found) {
		/* no stats from a process that died: found, time unknown */
		res->found = true;
		res->first_s = -1;
	}
	if (!res->reproducer[0] || crash)
		snprintf(res->reproducer, sizeof(res->reproducer), "%.3000s/%.900s",
			 run->found_dir, file);
	return true;
}

void collect_results(const struct engine_run *run, struct campaign_result *res)
{
	const struct fuzz_stats *st = run->stats;
	struct dirent *de;
	char path[4600];
	DIR *d;

	d = opendir(run->found_dir);
	memset(res, 0, sizeof(*res));
	res->target = run->target->name;
	res->execs = st->execs;
	res->unchecked = st->unchecked;
	res->found = st->first_ns != 0;
	if (res->found) {
		res->first_s = (double)(st->first_ns - run->start_ns) / 1e9;
		res->first_execs = st->first_execs;
	}
	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char name[256];

		if (de->d_name[0] == '.' || raw_finding(run, de->d_name, res))
			continue;
		/* not fully checked, no violation to minimize: as it is */
		if (len < 5 || strcmp(de->d_name + len - 4, ".bin") ||
		    !strncmp(de->d_name, "unchecked-", 10))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 4), de->d_name);
		if (minimize_one(run, name, path, sizeof(path)))
			continue;
		if (!strncmp(name, "known-", 6)) {
			res->nr_known++;
			continue;
		}
		if (!strncmp(name, "newest-", 7)) {
			res->nr_newest++;
			continue;
		}
		res->nr_findings++;
		if (res->found && !strcmp(name, st->first_key))
			snprintf(res->reproducer, sizeof(res->reproducer), "%.4000s", path);
	}
	if (d)
		closedir(d);
}
