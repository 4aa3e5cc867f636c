// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the cidfuzz subcommands share: reading files, loading schedules,
 * running one schedule, the --bug option.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oracle.h"

int load_schedule(const char *path, bool binary, struct schedule *s)
{
	struct sched_error err;
	size_t len;
	char *buf = read_whole(path, &len);
	int ret = 0;

	if (!buf)
		return -1;
	if (binary) {
		sched_decode_binary((const uint8_t *)buf, len, s);
	} else if (sched_parse_text(path, buf, len, s, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		ret = -1;
	}
	free(buf);
	return ret;
}

/* A decimal number up to @max, nothing after it */
bool cli_number(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!s || !*s)
		return false;
	*v = strtoul(s, &end, 10);
	return !*end && *v <= max;
}

int run_one(const struct schedule *sched, const struct sim_options *opts,
		   struct sim_result *res, struct strbuf *out)
{
	struct sim *s = sim_new(oracle_checker());
	int ret;

	if (!s) {
		fprintf(stderr, "cidfuzz: out of memory\n");
		exit(2);
	}
	ret = sim_run(s, sched, opts, res, out);
	sim_free(s);
	return ret;
}

/*
 * cidfuzz-tree runs a kernel tree's own mm_cid code: impl/'s bug switches
 * and kernel profiles mean nothing there. True (and a message) if
 * @option is one of them and this binary runs a tree.
 */
bool refuse_on_tree(const char *option)
{
	const char *tree = sim_kernel_tree();

	if (!tree || (strcmp(option, "--bug") && strcmp(option, "--no-bug") &&
		      strcmp(option, "--kernel")))
		return false;
	fprintf(stderr,
		"cidfuzz-tree: %s: this binary runs the mm_cid code of the "
		"kernel tree %s; bug switches and kernel profiles act on impl/'s "
		"model only (run cidfuzz for them)\n",
		option, tree);
	return true;
}

/*
 * --bug SLUG or --kernel PROFILE at argv[*i]: add the switch, or every
 * switch of the profile, to @bugs; --no-bug SLUG takes one away again
 * (options act in their order: "--kernel seed --no-bug vfork-budget").
 * 0 if argv[*i] is none of them, 1 if it was taken, -1 (and a message)
 * if its argument is unknown.
 */
int parse_target_option(int argc, char **argv, int *i, unsigned int *bugs)
{
	const char *arg = *i + 1 < argc ? argv[*i + 1] : "";
	unsigned int off = 0;
	int prof;

	if (refuse_on_tree(argv[*i]))
		return -1;
	if (!strcmp(argv[*i], "--bug"))
		return parse_bug_option(argc, argv, i, bugs) ? -1 : 1;
	if (!strcmp(argv[*i], "--no-bug")) {
		if (parse_bug_option(argc, argv, i, &off))
			return -1;
		*bugs &= ~off;
		return 1;
	}
	if (strcmp(argv[*i], "--kernel"))
		return 0;
	prof = cid_profile_lookup(arg);
	if (prof < 0) {
		fprintf(stderr, "cidfuzz: --kernel: unknown profile '%s' (see cidfuzz bugs)\n",
			arg);
		return -1;
	}
	*bugs |= cid_profile((unsigned int)prof)->bugs;
	(*i)++;
	return 1;
}

/* --bug SLUG at argv[*i]: add it to @bugs; -1 (and a message) if unknown */
int parse_bug_option(int argc, char **argv, int *i, unsigned int *bugs)
{
	int bug = *i + 1 < argc ? cid_bug_lookup(argv[*i + 1]) : -1;

	if (bug < 0) {
		fprintf(stderr, "cidfuzz: --bug: unknown bug '%s' (see cidfuzz bugs)\n",
			*i + 1 < argc ? argv[*i + 1] : "");
		return -1;
	}
	*bugs |= 1U << bug;
	(*i)++;
	return 0;
}
