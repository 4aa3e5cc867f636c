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

/*
 * Exit codes: 0 clean, 1 a violation, 2 a usage error or bad input, 3
 * no violation but not fully checked (an invariant the oracle could not
 * check on from some step: sim_result.unchecked)
 */
#define EXIT_UNCHECKED		3

/* --json: the invariants not selected that fired, if any */
static void print_json_deselected(const struct sim_result *res)
{
	unsigned int n;
	bool first = true;

	if (!res->deselected)
		return;
	printf(", \"deselected\": [");
	for (n = 1; n <= CHECK_NR_INV; n++) {
		if (!(res->deselected & CHECK_INV(n)))
			continue;
		printf("%s{\"invariant\": \"I%u\", \"step\": %lu, \"what\": ",
		       first ? "" : ", ", n, res->fired[n - 1].step);
		json_string(stdout, res->fired[n - 1].what);
		printf("}");
		first = false;
	}
	printf("]");
}

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
	printf("], \"verdict\": \"%s\"", res->violation ? "violation" :
	       res->unchecked ? "unchecked" : "clean");
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
	print_json_deselected(res);
	if (res->unchecked) {
		printf(", \"unchecked\": {\"invariant\": ");
		json_string(stdout, res->unchecked_inv);
		printf(", \"step\": %lu, \"why\": ", res->unchecked_step);
		json_string(stdout, res->unchecked_why);
		printf("}");
	}
	printf(", \"steps\": %lu, \"events_run\": %u, \"events_skipped\": %u}\n",
	       res->steps, res->events_run, res->events_skipped);
}

/* Not a violation, but not fully checked either: its own exit code */
static int exit_code(int ret, const struct sim_result *res)
{
	return !ret && res->unchecked ? EXIT_UNCHECKED : ret;
}

/* The verdict lines, after the report */
static void print_verdict(const struct sim_result *res)
{
	unsigned int n;

	/* --check: reported apart, never the verdict nor the exit code */
	for (n = 1; n <= CHECK_NR_INV; n++)
		if (res->deselected & CHECK_INV(n))
			printf("deselected: I%u fired at step %lu (%s)\n", n,
			       res->fired[n - 1].step, res->fired[n - 1].what);
	if (res->unchecked)
		printf("unchecked: %s from step %lu (%s)\n", res->unchecked_inv,
		       res->unchecked_step, res->unchecked_why);
	if (res->violation)
		printf("verdict: VIOLATION %s (%lu steps)\n", res->invariant,
		       res->steps);
	else
		printf("verdict: %s (%u events, %u skipped, %lu steps)\n",
		       res->unchecked ? "unchecked" : "clean", res->events_run,
		       res->events_skipped, res->steps);
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
		return exit_code(ret, &res);
	}
	sb_init(&out);
	crash_note_arm(&out);
	ret = exit_code(run_one(&sched, &opts, &res, &out), &res);
	crash_note_arm(NULL);
	if ((svg || html) &&
	    picture_write(svg, html, &pic, &(struct pic_run){ .file = file,
			  .sched = &sched, .res = &res,
			  .report = out.buf && !opts.trace ? out.buf : "" }))
		ret = 2;
	picture_free(&pic);
	if (out.buf)
		fputs(out.buf, stdout);
	print_verdict(&res);
	sb_free(&out);
	return ret;
}
