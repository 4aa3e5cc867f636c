// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz minimize: shrink a violating schedule to a smallest one with
 * the same violation (invariant and site), and write it as a .sched file
 * whose header says how to reproduce it (`cidfuzz regress` reads its
 * "# expect:" line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "help.h"
#include "minimize.h"
#include "oracle.h"

struct minimize_args {
	const char *file;
	const char *out;		/* NULL: derived from file */
	bool binary;
	struct sim_options opts;
};

/* 0, or the exit code of a usage error */
static int parse_args(int argc, char **argv, struct minimize_args *a)
{
	int i;

	sim_default_options(&a->opts);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--binary")) {
			a->binary = true;
		} else if (!strcmp(argv[i], "--bug") || !strcmp(argv[i], "--kernel") ||
			   !strcmp(argv[i], "--no-bug")) {
			if (parse_target_option(argc, argv, &i, &a->opts.bugs) < 0)
				return 2;
		} else if (!strcmp(argv[i], "--check")) {
			a->opts.checks = i + 1 < argc ?
					 oracle_parse_checks(argv[++i]) : 0;
			if (!a->opts.checks) {
				fprintf(stderr, "cidfuzz: --check: expected a "
					"list like I1,I3 (I1..I%d) or all\n",
					CHECK_NR_INV);
				return 2;
			}
		} else if (!strcmp(argv[i], "-o")) {
			if (i + 1 >= argc || a->out)
				return help_usage("minimize");
			a->out = argv[++i];
		} else if (argv[i][0] == '-' || a->file) {
			return help_usage("minimize");
		} else {
			a->file = argv[i];
		}
	}
	return a->file ? 0 : help_usage("minimize");
}

/*
 * FILE with the extension of its base name (from the last '.', unless
 * that starts the name) replaced by ".min.sched"; malloc'ed.
 */
static char *default_out(const char *file)
{
	const char *base = strrchr(file, '/');
	const char *dot;
	size_t keep;
	char *out;

	base = base ? base + 1 : file;
	dot = strrchr(base, '.');
	keep = dot && dot > base ? (size_t)(dot - file) : strlen(file);
	out = malloc(keep + sizeof(".min.sched"));
	if (out) {
		memcpy(out, file, keep);
		strcpy(out + keep, ".min.sched");
	}
	return out;
}

int cmd_minimize(int argc, char **argv)
{
	static struct schedule sched;
	struct minimize_args a = { 0 };
	struct minimize_stats st;
	struct sim_result res;
	struct strbuf sb;
	char *out;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret;
	if (load_schedule(a.file, a.binary, &sched))
		return 2;
	if (minimize_schedule(&sched, &a.opts, &st)) {
		fprintf(stderr, "%s: no violation to keep (clean under these "
			"options)\n", a.file);
		return 2;
	}
	/* the header describes the minimized schedule's own violation */
	run_one(&sched, &a.opts, &res, NULL);
	out = a.out ? strdup(a.out) : default_out(a.file);
	sb_init(&sb);
	ret = out && !minimize_format(&sb, a.file, a.opts.bugs, &sched, &res) &&
	      !write_file_atomic(out, sb.buf, sb.len, false) ? 0 : 2;
	if (!ret)
		printf("minimized %s: %u events -> %u events, %lu steps -> %lu "
		       "steps, %s at %s (%u runs) -> %s\n", a.file,
		       st.events_before, st.events_after, st.steps_before,
		       st.steps_after, res.invariant, res.site, st.runs, out);
	sb_free(&sb);
	free(out);
	return ret;
}
