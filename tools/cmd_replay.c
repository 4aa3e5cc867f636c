// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz replay: run one schedule with the oracle, print the trace and
 * the verdict.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "oracle.h"

int cmd_replay(int argc, char **argv)
{
	static struct schedule sched;
	const char *file = NULL;
	bool binary = false;
	struct sim_options opts;
	struct sim_result res;
	struct strbuf out;
	int i, ret;

	sim_default_options(&opts);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--trace")) {
			opts.trace = true;
		} else if (!strcmp(argv[i], "--check")) {
			opts.checks = i + 1 < argc ? oracle_parse_checks(argv[++i]) : 0;
			if (!opts.checks) {
				fprintf(stderr, "cidfuzz: --check: expected a list "
					"like I1,I3 (I1..I8) or all\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--oracle")) {
			const char *m = i + 1 < argc ? argv[++i] : "";

			if (strcmp(m, "full") && strcmp(m, "incremental")) {
				fprintf(stderr, "cidfuzz: --oracle: expected full "
					"or incremental\n");
				return 2;
			}
			opts.oracle_full = !strcmp(m, "full");
		} else if (!strcmp(argv[i], "--binary")) {
			binary = true;
		} else if (!strcmp(argv[i], "--bug")) {
			if (parse_bug_option(argc, argv, &i, &opts.bugs))
				return 2;
		} else if (argv[i][0] == '-' || file) {
			return usage();
		} else {
			file = argv[i];
		}
	}
	if (!file)
		return usage();
	if (load_schedule(file, binary, &sched))
		return 2;

	sb_init(&out);
	ret = run_one(&sched, &opts, &res, &out);
	if (out.buf)
		fputs(out.buf, stdout);
	if (!ret)
		printf("verdict: clean (%u events, %u skipped, %lu steps)\n",
		       res.events_run, res.events_skipped, res.steps);
	else
		printf("verdict: VIOLATION %s (%lu steps)\n", res.invariant,
		       res.steps);
	sb_free(&out);
	return ret;
}
