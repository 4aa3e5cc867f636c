// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz verify: every scenario of a small scope (N CPUs, M threads, K
 * concurrent events: verify/verify.h), each explored exhaustively, in
 * worker processes. Prints the scope, each distinct violation (its
 * minimized schedule written as a .sched) and either "verified: no
 * violation in scope" (exit 0) or the number of violations (exit 1).
 * The output is the same for any --jobs and after a --resume, but for
 * the "wall time" line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "help.h"
#include "verify.h"

/* argv[*i] takes a number up to @max: 0, or 2 (and a message) */
static int num_option(int argc, char **argv, int *i, unsigned long max, unsigned int *out)
{
	unsigned long v;

	if (*i + 1 < argc && cli_number(argv[*i + 1], max, &v)) {
		*out = (unsigned int)v;
		(*i)++;
		return 0;
	}
	fprintf(stderr, "cidfuzz verify: %s: expected a number up to %lu\n", argv[*i], max);
	return 2;
}

static int parse_args(int argc, char **argv, struct verify_config *cfg, bool *list)
{
	bool cpus = false, tasks = false, k = false;
	unsigned int v;
	int i;

	for (i = 0; i < argc; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "--cpus")) {
			if (num_option(argc, argv, &i, VERIFY_MAX_CPUS, &cfg->scope.cpus))
				return 2;
			cpus = true;
		} else if (!strcmp(o, "--tasks")) {
			if (num_option(argc, argv, &i, VERIFY_MAX_CPUS + 1, &cfg->scope.tasks))
				return 2;
			tasks = true;
		} else if (!strcmp(o, "--concurrent")) {
			if (num_option(argc, argv, &i, VERIFY_MAX_K, &cfg->scope.concurrent))
				return 2;
			k = true;
		} else if (!strcmp(o, "--jobs")) {
			if (num_option(argc, argv, &i, 256, &cfg->jobs))
				return 2;
			if (!cfg->jobs) {
				fprintf(stderr, "cidfuzz verify: --jobs: expected at least 1\n");
				return 2;
			}
		} else if (!strcmp(o, "--max-steps")) {
			if (num_option(argc, argv, &i, 100000, &cfg->max_steps))
				return 2;
			if (!cfg->max_steps) {
				fprintf(stderr,
					"cidfuzz verify: --max-steps: expected at least 1\n");
				return 2;
			}
		} else if (!strcmp(o, "--preemptions")) {
			if (num_option(argc, argv, &i, 1000, &v))
				return 2;
			cfg->preemptions = (int)v;
		} else if (!strcmp(o, "--bug") || !strcmp(o, "--kernel") ||
			   !strcmp(o, "--no-bug")) {
			if (parse_target_option(argc, argv, &i, &cfg->bugs) < 0)
				return 2;
		} else if (!strcmp(o, "--kinds") && i + 1 < argc) {
			if (verify_parse_kinds(argv[++i], &cfg->scope.kinds)) {
				fprintf(stderr, "cidfuzz verify: --kinds: expected a list of");
				for (unsigned int j = 0; j < NR_VERIFY_KINDS; j++)
					fprintf(stderr, "%s%s", j ? ", " : " ",
						verify_kind_name(j));
				fprintf(stderr, "\n");
				return 2;
			}
		} else if (!strcmp(o, "--setups") && i + 1 < argc) {
			if (verify_parse_setups(argv[++i], &cfg->scope.setups)) {
				fprintf(stderr, "cidfuzz verify: --setups: expected a list of");
				for (unsigned int j = 0; verify_setup_name(j); j++)
					fprintf(stderr, "%s%s", j ? ", " : " ",
						verify_setup_name(j));
				fprintf(stderr, "\n");
				return 2;
			}
		} else if (!strcmp(o, "--split") && i + 1 < argc) {
			const char *when = argv[++i];

			if (!strcmp(when, "auto")) {
				cfg->split = VERIFY_SPLIT_AUTO;
			} else if (!strcmp(when, "never")) {
				cfg->split = VERIFY_SPLIT_NEVER;
			} else if (!strcmp(when, "always")) {
				cfg->split = VERIFY_SPLIT_ALWAYS;
			} else {
				fprintf(stderr,
					"cidfuzz verify: --split: expected auto, never or always\n");
				return 2;
			}
		} else if (!strcmp(o, "--weak")) {
			cfg->weak = true;
		} else if (!strcmp(o, "--resume") && i + 1 < argc) {
			cfg->resume = argv[++i];
		} else if (!strcmp(o, "-o") && i + 1 < argc) {
			cfg->out = argv[++i];
		} else if (!strcmp(o, "--quiet")) {
			cfg->progress = false;
		} else if (!strcmp(o, "--list")) {
			*list = true;
		} else {
			return help_usage("verify");
		}
	}
	if (!cpus || !tasks || !k) {
		fprintf(stderr, "cidfuzz verify: expected --cpus N --tasks M --concurrent K\n");
		return 2;
	}
	return 0;
}

static void print_scope(const struct verify_config *cfg, const struct verify_list *l)
{
	unsigned int i;

	printf("scope: %u CPUs, %u threads, up to %u concurrent events of", cfg->scope.cpus,
	       cfg->scope.tasks, cfg->scope.concurrent);
	for (i = 0; i < NR_VERIFY_KINDS; i++)
		if (cfg->scope.kinds >> i & 1)
			printf(" %s", verify_kind_name(i));
	printf("\nbugs:");
	if (!cfg->bugs)
		printf(" none");
	for (i = 0; i < NR_CID_BUGS; i++)
		if (cfg->bugs >> i & 1)
			printf(" %s", cid_bug_slug(i));
	printf("; memory %s; max-steps %u; preemptions ", cfg->weak ? "weak" : "sc",
	       cfg->max_steps);
	if (cfg->preemptions < 0)
		printf("unbounded");
	else
		printf("%d", cfg->preemptions);
	printf("\nset-ups:");
	for (i = 0; i < l->nr_setups; i++)
		printf(" %s", verify_setup_name(l->setup_used[i]));
	printf("\nscenarios: %zu (%lu sequences before removing renamings)\n", l->n, l->raw);
}

int cmd_verify(int argc, char **argv)
{
	static struct verify_list l;
	struct verify_config cfg = {
		.scope.kinds = VERIFY_ALL_KINDS,
		.scope.setups = VERIFY_ALL_SETUPS,
		.max_steps = VERIFY_MAX_STEPS,
		.preemptions = -1,
		.out = "verify-findings",
		.progress = true,
		/* on two cores a split costs more than it gains (verify.md) */
		.split = VERIFY_SPLIT_NEVER,
	};
	struct verify_summary sum;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	char err[256], name[512];
	bool list = false;
	size_t i;
	int ret;

	cfg.jobs = cores > 0 ? (unsigned int)cores : 1;
	ret = parse_args(argc, argv, &cfg, &list);
	if (ret)
		return ret;
	if (verify_enumerate(&cfg.scope, &l, err, sizeof(err))) {
		fprintf(stderr, "cidfuzz verify: %s\n", err);
		return 2;
	}
	print_scope(&cfg, &l);
	for (i = 0; list && i < l.n; i++) {
		verify_item_name(&l.item[i], name, sizeof(name));
		printf("#%zu %s\n", i, name);
	}
	if (list) {
		verify_list_free(&l);
		return 0;
	}
	ret = verify_run(&cfg, &l, &sum);
	verify_list_free(&l);
	if (ret < 0)
		return 2;
	if (sum.resumed)
		fprintf(stderr, "verify: %lu verdicts taken from %s\n", sum.resumed, cfg.resume);
	if (sum.split)
		printf("split: %lu scenario(s) into %lu subtrees, cut at depth %u..%u (states "
		       "counted per subtree)\n",
		       sum.split, sum.items - (sum.scenarios - sum.split),
		       sum.min_cut, sum.max_cut);
	printf("explored: %lu scenarios, %lu distinct states, %lu runs hit max-steps\n",
	       sum.scenarios, sum.states, sum.cut);
	printf("wall time: %.1f s, %u jobs\n", sum.seconds, cfg.jobs);
	if (ret) {
		printf("violations: %u distinct (invariant, site)", sum.violations);
		if (sum.known)
			printf(", and %u known", sum.known);
		printf("\n");
		return ret;
	}
	printf("verified: no violation in scope");
	if (cfg.preemptions >= 0)
		printf(" within %d preemption(s) a run", cfg.preemptions);
	if (sum.known)
		printf(" but %u known finding(s) of the newest code (docs/findings.md)", sum.known);
	if (sum.cut)
		printf(" (%lu runs that hit max-steps finished by the drain, unexplored)", sum.cut);
	printf("\n");
	return ret;
}
