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
#include "known.h"
#include "minimize.h"
#include "oracle.h"
#include "schedule.h"

/* known- and newest- name the newest code's violations (known.h) */
static bool newest_name(const char *name)
{
	return !strncmp(name, "known-", 6) || !strncmp(name, "newest-", 7);
}

/* Does @sched show a violation on the newest code (no switch)? */
static bool newest_code_violates(struct sim *s, const struct schedule *sched,
				 const struct sim_options *opts)
{
	struct sim_options o = *opts;
	struct sim_result res;

	o.bugs = 0;
	return sim_run(s, sched, &o, &res, NULL);
}

/*
 * A bug target's finding, minimized with its switches: does the newest
 * code show a violation on the minimized schedule too? Then the switches
 * are not what it needs (the raw input can run clean without them only
 * because they change step counts, and with them which events skip):
 * it is the newest code's, known or new (known.h), renamed so, and the
 * reproducer is the newest code's run.
 */
static enum finding_class
reclassify(const struct engine_run *run, const char *name, struct sim *s,
	   const struct schedule *sched, struct sim_options *opts,
	   struct sim_result *res, char *base, size_t size)
{
	static const char *const prefix[] = {
		[FINDING_KNOWN] = "known-",
		[FINDING_NEWEST] = "newest-",
	};
	enum finding_class class;
	struct sim_result newest;
	char from[4400], to[4400 + 300];
	unsigned int n = 0;

	if (!opts->bugs || !res->violation || newest_name(name))
		return FINDING_TARGET;
	class = classify_finding(s, sched, opts, res, &newest);
	if (class == FINDING_TARGET)
		return class;
	/* nothing found is lost: a name of its own beside any same key */
	snprintf(from, sizeof(from), "%s/%s.bin", run->found_dir, name);
	do {
		snprintf(base, size, "%s%s.t%u", prefix[class], name, n);
		snprintf(to, sizeof(to), "%s/%s.bin", run->found_dir, base);
	} while (!access(to, F_OK) && ++n < 100);
	if (n == 100 || rename(from, to))
		return FINDING_TARGET;
	/* a known finding may need the switches' timing: then they stay */
	if (newest_code_violates(s, sched, opts)) {
		*res = newest;
		opts->bugs = 0;
	}
	return class;
}

/*
 * Minimize <dir>/<name>.bin into <dir>/<name>.sched; 0 if it exists now.
 * *class: whose it is, if a bug target's turned out the newest code's
 * (reclassify(); then the files are <known-|newest-><name>.t<n>.*)
 */
static int minimize_one(const struct engine_run *run, const char *name,
			char *out, size_t size, enum finding_class *class)
{
	static struct schedule sched;
	struct sim_options opts;
	struct minimize_stats st;
	struct sim_result res;
	struct strbuf sb;
	struct sim *s;
	char bin[4600], base[300];
	size_t len;
	char *data;
	int ret = -1;

	*class = FINDING_TARGET;
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
	s = sim_new(oracle_checker());
	if (!s)
		return -1;
	/*
	 * The newest code's, but for a known finding that the schedule
	 * reaches only with the target's switches (which change timing and
	 * nothing else): then with them
	 */
	if (!newest_name(name) || !newest_code_violates(s, &sched, &opts))
		opts.bugs = fuzz_target_bugs(run->target);
	if (minimize_schedule(&sched, &opts, &st)) {
		fprintf(stderr, "%s: no longer shows a violation\n", bin);
		sim_free(s);
		return -1;
	}
	sim_run(s, &sched, &opts, &res, NULL);
	*class = reclassify(run, name, s, &sched, &opts, &res, base,
			    sizeof(base));
	sim_free(s);
	if (*class != FINDING_TARGET) {
		snprintf(out, size, "%s/%s.sched", run->found_dir, base);
		snprintf(bin, sizeof(bin), "%s/%s.bin", run->found_dir, base);
	}
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

/* A raw finding's file name */
typedef char file_name[256];

/* The raw findings' file names, read before any is renamed */
static file_name *list_dir(const char *dir, unsigned int *nr)
{
	file_name *names = NULL, *more;
	unsigned int n = 0, cap = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d && (de = readdir(d))) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			more = realloc(names, cap * sizeof(*names));
			if (!more)
				break;
			names = more;
		}
		snprintf(names[n++], sizeof(names[0]), "%s", de->d_name);
	}
	if (d)
		closedir(d);
	*nr = n;
	return names;
}

/* The first finding was not the target's after all (reclassify()) */
static void first_lost(struct campaign_result *res)
{
	if (!res->nr_findings) {
		res->found = false;
		res->first_s = 0;
		res->first_execs = 0;
	} else {
		res->first_s = -1; /* found, but when is not known */
	}
}

void collect_results(const struct engine_run *run, struct campaign_result *res)
{
	const struct fuzz_stats *st = run->stats;
	char path[4600], first[4600] = "";
	file_name *names;
	unsigned int i, nr;
	bool lost = false;

	names = list_dir(run->found_dir, &nr);
	memset(res, 0, sizeof(*res));
	res->target = run->target->name;
	res->execs = st->execs;
	res->unchecked = st->unchecked;
	res->found = st->first_ns != 0;
	if (res->found) {
		res->first_s = (double)(st->first_ns - run->start_ns) / 1e9;
		res->first_execs = st->first_execs;
	}
	for (i = 0; i < nr; i++) {
		const char *file = names[i];
		size_t len = strlen(file);
		enum finding_class class;
		char name[256];

		if (file[0] == '.' || raw_finding(run, file, res))
			continue;
		/* not fully checked, no violation to minimize: as it is */
		if (len < 5 || strcmp(file + len - 4, ".bin") ||
		    !strncmp(file, "unchecked-", 10))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 4), file);
		if (minimize_one(run, name, path, sizeof(path), &class))
			continue;
		if (class != FINDING_TARGET && !strcmp(name, st->first_key))
			lost = true;
		if (!strncmp(name, "known-", 6) || class == FINDING_KNOWN) {
			res->nr_known++;
			continue;
		}
		if (!strncmp(name, "newest-", 7) || class == FINDING_NEWEST) {
			res->nr_newest++;
			continue;
		}
		if (!res->nr_findings++)
			snprintf(first, sizeof(first), "%s", path);
		if (res->found && !strcmp(name, st->first_key))
			snprintf(res->reproducer, sizeof(res->reproducer), "%.4000s", path);
	}
	if (lost) {
		first_lost(res);
		snprintf(res->reproducer, sizeof(res->reproducer), "%.4000s",
			 res->nr_findings ? first : "");
	}
	free(names);
}
