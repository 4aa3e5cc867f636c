// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz replay: run one schedule with the oracle, print the trace and
 * the verdict (--json: the verdict as one JSON object; --svg OUT: the
 * swimlane picture of the run).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "crash_note.h"
#include "help.h"
#include "json.h"
#include "oracle.h"
#include "picture.h"

/* --json: the verdict as one object, for CI dashboards */
static void print_json(const char *file, const struct sim_options *opts,
		       const struct sim_result *res)
{
	unsigned int i;
	bool first = true;

	printf("{\"file\": ");
	json_string(stdout, file);
	printf(", \"bugs\": [");
	for (i = 0; i < NR_CID_BUGS; i++) {
		if (!(opts->bugs >> i & 1))
			continue;
		printf("%s", first ? "" : ", ");
		json_string(stdout, cid_bug_slug(i));
		first = false;
	}
	printf("], \"verdict\": \"%s\"", res->violation ? "violation" : "clean");
	if (res->violation) {
		printf(", \"invariant\": ");
		json_string(stdout, res->invariant);
		printf(", \"site\": ");
		json_string(stdout, res->site);
		printf(", \"what\": ");
		json_string(stdout, res->what);
		printf(", \"step\": %lu, \"event\": %d, \"line\": %d",
		       res->step, res->event_index + 1, res->event_line);
	}
	printf(", \"steps\": %lu, \"events_run\": %u, \"events_skipped\": %u}\n",
	       res->steps, res->events_run, res->events_skipped);
}

int cmd_replay(int argc, char **argv)
{
	static struct schedule sched;
	const char *file = NULL, *svg = NULL, *html = NULL;
	struct picture pic = { 0 };
	bool binary = false, json = false;
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
					"like I1,I3 (I1..I%d) or all\n",
					CHECK_NR_INV);
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
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--svg") || !strcmp(argv[i], "--html")) {
			if (i + 1 >= argc)
				return help_usage("replay");
			if (!strcmp(argv[i], "--svg"))
				svg = argv[++i];
			else
				html = argv[++i];
			picture_hooks(&opts, &pic);
		} else if (!strcmp(argv[i], "--bug") || !strcmp(argv[i], "--kernel") ||
			   !strcmp(argv[i], "--no-bug")) {
			if (parse_target_option(argc, argv, &i, &opts.bugs) < 0)
				return 2;
		} else if (argv[i][0] == '-' || file) {
			return help_usage("replay");
		} else {
			file = argv[i];
		}
	}
	if (!file)
		return help_usage("replay");
	if (load_schedule(file, binary, &sched))
		return 2;

	if (json) {
		ret = run_one(&sched, &opts, &res, NULL);
		print_json(file, &opts, &res);
		return ret;
	}
	sb_init(&out);
	crash_note_arm(&out);
	ret = run_one(&sched, &opts, &res, &out);
	crash_note_arm(NULL);
	if ((svg || html) &&
	    picture_write(svg, html, &pic, &(struct pic_run){ .file = file,
			  .sched = &sched, .res = &res,
			  .report = out.buf && !opts.trace ? out.buf : "" }))
		ret = 2;
	picture_free(&pic);
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
