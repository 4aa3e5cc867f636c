// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz explore: every interleaving of a scenario's kernel paths up to
 * the bounds, with partial-order reduction (explore/explore.h); or, with
 * --pct, randomized priority runs. Prints the counts, the reduction
 * against the naive enumeration and either "no violation within bounds"
 * or the first violation, whose schedule is minimized and written as a
 * .sched that `cidfuzz replay` reproduces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "help.h"
#include "explore.h"
#include "minimize.h"

struct explore_args {
	const char *scenario;	  /* --scenario FILE */
	unsigned int cpus, tasks; /* --cpus N --tasks M --events LIST */
	const char *events;
	const char *out; /* -o: the violating schedule */
	bool pct;	 /* --pct D: D change points */
	unsigned int pct_changes;
	unsigned long runs; /* --runs R */
	unsigned long seed;
	unsigned int probes; /* --estimate P */
	int memory;	     /* --weak / --memory: 1 weak, 0 sc, -1 the file's */
	bool minimize;
	struct explore_config cfg;
};

/* An option with a number: 0, or 2 (and a message) */
static int num_option(int argc, char **argv, int *i, unsigned long max, unsigned long *v)
{
	if (*i + 1 < argc && cli_number(argv[*i + 1], max, v)) {
		(*i)++;
		return 0;
	}
	fprintf(stderr, "cidfuzz explore: %s: expected a number up to %lu\n", argv[*i], max);
	return 2;
}

static const char *const mode_names[] = {
    [EXPLORE_CACHED] = "cached",
    [EXPLORE_DPOR] = "dpor",
    [EXPLORE_NAIVE] = "naive",
};

static const char *const mode_what[] = {
    [EXPLORE_CACHED] = "sleep sets + exact state caching",
    [EXPLORE_DPOR] = "stateless DPOR: races + sleep sets",
    [EXPLORE_NAIVE] = "every enabled choice, no reduction",
};

static int parse_mode(const char *s, enum explore_mode *mode)
{
	unsigned int i;

	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++) {
		if (!strcmp(s, mode_names[i])) {
			*mode = (enum explore_mode)i;
			return 0;
		}
	}
	fprintf(stderr, "cidfuzz explore: --mode: expected cached, dpor or naive\n");
	return 2;
}

static int parse_args(int argc, char **argv, struct explore_args *a)
{
	unsigned long v;
	int i;

	for (i = 0; i < argc; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "--scenario") && i + 1 < argc) {
			a->scenario = argv[++i];
		} else if (!strcmp(o, "--events") && i + 1 < argc) {
			a->events = argv[++i];
		} else if (!strcmp(o, "-o") && i + 1 < argc) {
			a->out = argv[++i];
		} else if (!strcmp(o, "--cpus") || !strcmp(o, "--tasks")) {
			if (num_option(argc, argv, &i, 64, &v))
				return 2;
			*(o[2] == 'c' ? &a->cpus : &a->tasks) = (unsigned int)v;
		} else if (!strcmp(o, "--preemptions")) {
			if (num_option(argc, argv, &i, 1000, &v))
				return 2;
			a->cfg.preemptions = (int)v;
		} else if (!strcmp(o, "--max-steps")) {
			if (num_option(argc, argv, &i, 100000, &v))
				return 2;
			if (!v) {
				fprintf(stderr, "cidfuzz explore: --max-steps: "
						"expected at least 1\n");
				return 2;
			}
			a->cfg.max_steps = (unsigned int)v;
		} else if (!strcmp(o, "--max-runs")) {
			if (num_option(argc, argv, &i, ~0UL, &a->cfg.max_runs))
				return 2;
		} else if (!strcmp(o, "--pct")) {
			if (num_option(argc, argv, &i, 64, &v))
				return 2;
			a->pct = true;
			a->pct_changes = (unsigned int)v;
		} else if (!strcmp(o, "--runs")) {
			if (num_option(argc, argv, &i, ~0UL, &a->runs))
				return 2;
		} else if (!strcmp(o, "--seed")) {
			if (num_option(argc, argv, &i, ~0UL, &a->seed))
				return 2;
		} else if (!strcmp(o, "--estimate")) {
			if (num_option(argc, argv, &i, 1000000, &v))
				return 2;
			a->probes = (unsigned int)v;
		} else if (!strcmp(o, "--bug") || !strcmp(o, "--kernel") ||
			   !strcmp(o, "--no-bug")) {
			if (parse_target_option(argc, argv, &i, &a->cfg.opts.bugs) < 0)
				return 2;
		} else if (!strcmp(o, "--mode") && i + 1 < argc) {
			if (parse_mode(argv[++i], &a->cfg.mode))
				return 2;
		} else if (!strcmp(o, "--no-minimize")) {
			a->minimize = false;
		} else if (!strcmp(o, "--quiet")) {
			a->cfg.progress = false;
		} else if (!strcmp(o, "--weak")) {
			a->memory = 1;
		} else if (!strcmp(o, "--memory") && i + 1 < argc) {
			o = argv[++i];
			if (strcmp(o, "weak") && strcmp(o, "sc")) {
				fprintf(stderr, "cidfuzz explore: --memory: expected weak or sc\n");
				return 2;
			}
			a->memory = o[0] == 'w';
		} else if (!strcmp(o, "--flushes")) {
			if (num_option(argc, argv, &i, 100000, &v))
				return 2;
			a->cfg.max_flushes = (int)v;
		} else {
			return help_usage("explore");
		}
	}
	if (!a->scenario == !(a->cpus || a->tasks || a->events) ||
	    (!a->scenario && !(a->cpus && a->tasks && a->events))) {
		fprintf(stderr, "cidfuzz explore: expected --scenario FILE, or "
				"--cpus N --tasks M --events LIST\n");
		return 2;
	}
	return 0;
}

static void print_bounds(const struct explore_args *a, const struct scenario *sc)
{
	const struct explore_config *cfg = &a->cfg;
	unsigned int i;

	printf("scenario: %s (%u CPUs, %u set-up events, %u concurrent)\n",
	       a->scenario ? a->scenario : "--events", sc->sched.nr_cpus, sc->first,
	       sc->sched.nr_events - sc->first);
	printf("bounds: max-steps %u, preemptions ", cfg->max_steps);
	if (cfg->preemptions < 0)
		printf("unbounded");
	else
		printf("%d", cfg->preemptions);
	if (sc->sched.weak) {
		printf(", memory weak, flushes ");
		if (cfg->max_flushes < 0)
			printf("unbounded");
		else
			printf("%d", cfg->max_flushes);
	}
	printf(", bugs:");
	if (!cfg->opts.bugs)
		printf(" none");
	for (i = 0; i < NR_CID_BUGS; i++)
		if (cfg->opts.bugs >> i & 1)
			printf(" %s", cid_bug_slug(i));
	printf("\n");
}

/*
 * The compiler of this binary, printed with the state count: a state's
 * hash reads the paths' live stacks, whose layout is the compiler's, so
 * another build counts other states (docs/figures.md)
 */
#define STR_(x) #x
#define STR(x) STR_(x)
#if defined(__clang__)
#define BUILT_WITH                                                                                 \
	"clang " STR(__clang_major__) "." STR(__clang_minor__) "." STR(__clang_patchlevel__)
#elif defined(__GNUC__)
#define BUILT_WITH "gcc " __VERSION__
#else
#define BUILT_WITH "unknown compiler"
#endif

static void print_counts(const struct explore_args *a, const struct explore_stats *st)
{
	unsigned long explored = st->runs + st->blocked + st->cached;
	double naive;

	if (a->pct) {
		printf("mode: pct, %u change points, seed %lu\n", a->pct_changes, a->seed);
		printf("runs: %lu (cut at max-steps: %lu), longest %u steps\n", st->runs, st->cut,
		       st->max_depth);
	} else {
		printf("mode: %s (%s)\n", mode_names[a->cfg.mode], mode_what[a->cfg.mode]);
		printf("interleavings explored: %lu run to a verdict, %lu cut at "
		       "a state seen before, %lu cut by the sleep set; %lu hit "
		       "max-steps; longest %u steps\n",
		       st->runs, st->cached, st->blocked, st->cut, st->max_depth);
		printf("distinct states: %lu (a " BUILT_WITH " build: the count depends on the "
		       "compiler)\n",
		       st->states);
		if (st->flush_threads || st->unnamed)
			printf("flush choices: %u (CPU, field) pairs; %u (CPU, address) "
			       "pairs no flush event names, left to the model's "
			       "barriers\n",
			       st->flush_threads, st->unnamed);
		if (st->no_room)
			printf("flush choices not offered %lu times: every thread number "
			       "in use (not exhaustive)\n",
			       st->no_room);
		if (a->probes && explored) {
			naive = explore_estimate_naive(&a->cfg, a->probes, a->seed);
			printf("naive enumeration: ~%.3g interleavings (estimated from "
			       "%u random walks); reduction: ~%.3g x\n",
			       naive, a->probes, naive / (double)explored);
		}
	}
	printf("wall time: %.2f s (%.0f runs/s)\n", st->seconds,
	       st->seconds > 0 ? (double)(st->runs + st->blocked + st->cached) / st->seconds : 0);
}

static int report_violation(struct explore_args *a, struct explore_stats *st)
{
	struct sim_result res;
	struct strbuf sb;
	char origin[512];
	int ret = 1;

	printf("result: VIOLATION %s at %s in run %lu: %s\n", st->res.invariant, st->res.site,
	       st->violation_run, st->res.what);
	if (a->minimize && explore_minimize_witness(&a->cfg, st)) {
		printf("(the schedule does not replay to the same violation: not "
		       "minimized)\n");
		ret = 2;
	}
	run_one(&st->witness, &a->cfg.opts, &res, NULL);
	snprintf(origin, sizeof(origin), "cidfuzz explore %s",
		 a->scenario ? a->scenario : "--events");
	sb_init(&sb);
	if (minimize_format(&sb, origin, a->cfg.opts.bugs, &st->witness, &res)) {
		sb_free(&sb);
		return 2;
	}
	if (a->out) {
		if (write_file_atomic(a->out, sb.buf, sb.len, false))
			ret = 2;
		else
			printf("violating schedule (%s%u events): %s\n",
			       a->minimize ? "minimized, " : "", st->witness.nr_events, a->out);
	} else {
		printf("violating schedule (%s%u events):\n%s", a->minimize ? "minimized, " : "",
		       st->witness.nr_events, sb.buf);
	}
	sb_free(&sb);
	return ret;
}

int cmd_explore(int argc, char **argv)
{
	static struct explore_args a;
	static struct explore_stats st;
	static struct scenario sc;
	char err[512];
	int ret;

	memset(&a, 0, sizeof(a));
	explore_default_config(&a.cfg, &sc);
	a.cfg.progress = true;
	a.minimize = true;
	a.runs = 1000;
	a.probes = 100;
	a.memory = -1;
	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret;
	if (a.scenario ? scenario_load(a.scenario, &sc, err, sizeof(err))
		       : scenario_build(a.cpus, a.tasks, a.events, &sc, err, sizeof(err))) {
		if (err[0])
			fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (a.memory >= 0)
		sc.sched.weak = a.memory;
	print_bounds(&a, &sc);
	if (a.pct)
		ret = explore_pct(&a.cfg, a.pct_changes, a.runs, a.seed, &st);
	else
		ret = explore_run(&a.cfg, &st);
	if (ret < 0) {
		fprintf(stderr, "cidfuzz explore: out of memory\n");
		return 2;
	}
	print_counts(&a, &st);
	if (st.violation)
		return report_violation(&a, &st);
	if (a.pct)
		printf("result: no violation in %lu PCT runs\n", st.runs);
	else if (st.complete && st.cut)
		printf("result: no violation within bounds (%lu runs reached "
		       "max-steps %u: the drain ran the rest of them, "
		       "unexplored)\n",
		       st.cut, a.cfg.max_steps);
	else if (st.complete)
		printf("result: no violation within bounds\n");
	else
		printf("result: no violation in the part explored (stopped at "
		       "--max-runs)\n");
	return 0;
}
