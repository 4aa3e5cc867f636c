// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz campaign: the main job. Hunts every target with a fuzz engine
 * under a time budget and prints what it found (campaign/campaign.h);
 * its options: help.c.
 *
 * The harnesses come from the fuzz builds next to this binary's build
 * (build/fuzz, build/afl; scripts/campaign.sh makes them).
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "campaign.h"
#include "cli.h"
#include "help.h"
#include "json.h"
#include "targets.h"

static bool json;

static char fuzz_dir[4096], afl_dir[4096], mutator[4096];

/* Where this binary's sibling builds are: <build>/../fuzz/fuzzers, ... */
static void default_paths(struct campaign_opts *o, const char *argv0)
{
	char self[4096], *dir;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		snprintf(self, sizeof(self), "%s", argv0);
	else
		self[n] = '\0';
	dir = dirname(self);
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/../fuzz/fuzzers", dir);
	snprintf(afl_dir, sizeof(afl_dir), "%s/../afl/fuzzers", dir);
	snprintf(mutator, sizeof(mutator), "%s/libcidfuzz_afl_mutator.so", dir);
	o->fuzz_dir = fuzz_dir;
	o->afl_dir = afl_dir;
	o->afl_mutator = mutator;
	o->seeds = CIDFUZZ_SOURCE_DIR "/corpus/seeds";
	o->findings = "findings";
	o->engine = ENGINE_LIBFUZZER;
	o->max_time = 60;
	o->jobs = (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
	if (!o->jobs)
		o->jobs = 1;
}

static int parse_targets(struct campaign_opts *o, char *list)
{
	char *tok, *save = NULL;

	o->nr_targets = 0;
	if (!strcmp(list, "all")) {
		for (unsigned int i = 0; i < nr_fuzz_targets &&
		     o->nr_targets < CAMPAIGN_MAX_TARGETS; i++)
			o->targets[o->nr_targets++] = fuzz_targets[i].name;
		return 0;
	}
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!fuzz_target_lookup(tok) || o->nr_targets == CAMPAIGN_MAX_TARGETS) {
			fprintf(stderr, "cidfuzz campaign: unknown target '%s'\n", tok);
			return -1;
		}
		o->targets[o->nr_targets++] = tok;
	}
	return o->nr_targets ? 0 : -1;
}

/* --kernel PROFILE: hunt in that kernel (latest: the fixed code, SC and weak) */
static int kernel_targets(struct campaign_opts *o, const char *profile)
{
	const struct fuzz_target *t = fuzz_target_of_profile(profile);

	if (cid_profile_lookup(profile) < 0 || !t) {
		fprintf(stderr, "cidfuzz campaign: --kernel: unknown profile '%s' "
			"(see cidfuzz bugs)\n", profile);
		return -1;
	}
	o->nr_targets = 0;
	o->targets[o->nr_targets++] = t->name;
	if (t->kind == TARGET_FIXED)
		o->targets[o->nr_targets++] = "fixed-weak";
	return 0;
}

/* --engine @name names none: say which there are; a usage error */
static int unknown_engine(const char *name)
{
	unsigned int e;

	fprintf(stderr, "cidfuzz campaign: --engine %s: no such engine; ",
		name);
	for (e = 0; e < NR_CAMPAIGN_ENGINES; e++)
		fprintf(stderr, "%s%s",
			e ? e + 1 < NR_CAMPAIGN_ENGINES ? ", " : " or " : "",
			campaign_engine_name(e));
	fputc('\n', stderr);
	return 2;
}

static int parse_args(int argc, char **argv, struct campaign_opts *o)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--keep-going")) {
			o->keep_going = true;
			continue;
		}
		if (!strcmp(a, "--quiet")) {
			o->quiet = true;
			continue;
		}
		if (!strcmp(a, "--json")) {
			json = o->quiet = true;
			continue;
		}
		if (!v)
			return help_usage("campaign");
		i++;
		if (!strcmp(a, "--engine")) {
			int e = campaign_engine_lookup(v);

			if (e < 0)
				return unknown_engine(v);
			o->engine = (unsigned int)e;
		} else if (!strcmp(a, "--max-time")) {
			o->max_time = atof(v);
		} else if (!strcmp(a, "--max-execs")) {
			char *end;

			o->max_execs = strtoull(v, &end, 10);
			if (*end || !o->max_execs || *v == '-') {
				fprintf(stderr,
					"cidfuzz campaign: --max-execs %s: "
					"a number of executions > 0\n",
					v);
				return 2;
			}
		} else if (!strcmp(a, "--jobs")) {
			o->jobs = (unsigned int)atoi(v);
		} else if (!strcmp(a, "--targets")) {
			if (parse_targets(o, argv[i]))
				return 2;
		} else if (!strcmp(a, "--kernel")) {
			if (kernel_targets(o, v))
				return 2;
		} else if (!strcmp(a, "--findings")) {
			o->findings = v;
		} else if (!strcmp(a, "--seeds")) {
			o->seeds = v;
		} else if (!strcmp(a, "--fuzzers")) {
			o->fuzz_dir = o->afl_dir = v;
		} else if (!strcmp(a, "--seed")) {
			o->seed = strtoull(v, NULL, 0);
		} else {
			return help_usage("campaign");
		}
	}
	if (o->max_time <= 0 || !o->jobs) {
		fprintf(stderr, "cidfuzz campaign: --max-time and --jobs must be > 0\n");
		return 2;
	}
	return 0;
}

/* On a kernel tree, the fixed targets run the tree's code: kind "tree" */
static const char *kind_name(const struct fuzz_target *t)
{
	static const char *const names[] = {
		[TARGET_FIXED] = "fixed", [TARGET_BUG] = "bug",
		[TARGET_VARIANT] = "variant", [TARGET_FRONT_DOOR] = "front door",
		[TARGET_PROFILE] = "kernel",
	};

	if (t->kind == TARGET_FIXED && sim_kernel_tree())
		return "tree";
	return names[t->kind];
}

/* Nothing run is nothing checked, never a clean target */
static bool ran_nothing(const struct campaign_result *r)
{
	return !r->execs && !r->found;
}

/*
 * Did the target do what its kind expects: a bug or an old kernel must
 * show a violation, the fixed code and the front doors none, variants
 * anything.
 */
static bool as_expected(const struct fuzz_target *t,
			const struct campaign_result *r)
{
	if (r->crash[0] || r->nr_newest || ran_nothing(r))
		return false;
	if (t->kind == TARGET_VARIANT)
		return true;
	return (t->kind == TARGET_BUG || t->kind == TARGET_PROFILE) == r->found;
}


/*
 * The front doors (our parser and decoder) have libFuzzer harnesses only:
 * with another engine they are left out, and the table says so.
 */
static void drop_front_doors(struct campaign_opts *o)
{
	unsigned int i, n = 0;

	if (o->engine == ENGINE_LIBFUZZER)
		return;
	for (i = 0; i < o->nr_targets; i++) {
		const struct fuzz_target *t = fuzz_target_lookup(o->targets[i]);

		if (t->kind != TARGET_FRONT_DOOR)
			o->targets[n++] = o->targets[i];
		else if (!json)
			printf("cidfuzz campaign: %s left out (front doors run with "
			       "--engine libfuzzer only)\n", t->name);
	}
	o->nr_targets = n;
}

/* --json: the table as one object, for CI dashboards */
static int print_json(const struct campaign_opts *o,
		      const struct campaign_result *res)
{
	int bad = 0;

	printf("{\"engine\": \"%s\", \"max_time\": %.1f, \"findings\": ",
	       campaign_engine_name(o->engine), o->max_time);
	json_string(stdout, o->findings);
	if (sim_kernel_tree()) {
		printf(", \"kernel_tree\": ");
		json_string(stdout, sim_kernel_tree());
	}
	printf(", \"targets\": [");
	for (unsigned int i = 0; i < o->nr_targets; i++) {
		const struct fuzz_target *t = fuzz_target_lookup(res[i].target);
		const struct campaign_result *r = &res[i];

		printf("%s{\"target\": ", i ? ", " : "");
		json_string(stdout, r->target);
		printf(", \"kind\": \"%s\", \"found\": %s", kind_name(t),
		       r->found ? "true" : "false");
		if (r->found)
			printf(", \"first_s\": %.3f, \"first_executions\": %llu",
			       r->first_s, (unsigned long long)r->first_execs);
		printf(", \"executions\": %llu, \"distinct_violations\": %u, "
		       "\"known\": %u, \"newest\": %u, \"unchecked_runs\": %llu, "
		       "\"reproducer\": ",
		       (unsigned long long)r->execs, r->nr_findings, r->nr_known,
		       r->nr_newest, (unsigned long long)r->unchecked);
		json_string(stdout, r->reproducer);
		if (r->crash[0]) {
			printf(", \"cidfuzz_crashed\": ");
			json_string(stdout, r->crash);
		}
		printf(", \"as_expected\": %s}", as_expected(t, r) ? "true" : "false");
		bad |= !as_expected(t, r);
	}
	printf("], \"as_expected\": %s}\n", bad ? "false" : "true");
	return bad;
}

/* The table; 0 when every bug target was found and the fixed code is clean */
static int print_table(const struct campaign_opts *o,
		       const struct campaign_result *res)
{
	const char *tree = sim_kernel_tree();
	int bad = 0;

	printf("\n%-22s %-10s %-6s %10s %12s  %s\n", "target", "kind", "found",
	       "first (s)", "executions", "reproducer (minimized)");
	for (unsigned int i = 0; i < o->nr_targets; i++) {
		const struct fuzz_target *t = fuzz_target_lookup(res[i].target);
		const struct campaign_result *r = &res[i];
		char first[32] = "-";

		if (r->found && r->first_s < 0)
			snprintf(first, sizeof(first), "?");	/* a crash: no time */
		else if (r->found)
			snprintf(first, sizeof(first), "%.1f", r->first_s);
		printf("%-22s %-10s %-6s %10s %12llu  %s\n", r->target, kind_name(t),
		       r->found ? "yes" : "no", first,
		       (unsigned long long)r->execs,
		       r->reproducer[0] ? r->reproducer : "-");
		if (r->found && tree && t->kind == TARGET_FIXED)
			printf("%-22s FOUND IN THE TREE'S CODE (not a finding of "
			       "docs/findings.md): cidfuzz replay %s --kernel-tree %s\n",
			       "", r->reproducer[0] ? r->reproducer : "?",
			       tree);
		if (r->nr_known)
			printf("%-22s and %u known finding(s) of %s "
			       "(docs/findings.md): %s/%s/known-*\n",
			       "", r->nr_known,
			       tree ? "the newest code, shown by the tree's" :
				      "the newest code",
			       o->findings, r->target);
		if (r->nr_newest)
			printf("%-22s and %u NEW finding(s) of the newest code (they need "
			       "no switch of this target): %s/%s/newest-*\n", "",
			       r->nr_newest, o->findings, r->target);
		if (r->unchecked)
			printf("%-22s and %llu run(s) NOT FULLY CHECKED (the oracle "
			       "lost track, docs/replay.md): %s/%s/unchecked-*\n", "",
			       (unsigned long long)r->unchecked, o->findings, r->target);
		if (ran_nothing(r))
			printf("%-22s RAN NO EXECUTIONS: nothing was checked (the "
			       "engine's log: %s/.work/)\n",
			       "", o->findings);
		if (r->crash[0])
			printf("%-22s CIDFUZZ ITSELF CRASHED (a defect of cidfuzz, not a "
			       "kernel finding): cidfuzz replay "
			       "--binary %s\n", "", r->crash);
		if (r->nr_findings > 1)
			printf("%-22s %d more distinct violation(s) in %s/%s/\n", "",
			       (int)r->nr_findings - 1, o->findings, r->target);
		bad |= !as_expected(t, r);
	}
	if (tree) {
		printf("%s %s\n",
		       bad ? "NOT clean: the code of the kernel tree" :
			     "as expected: nothing but known findings on the code of "
			     "the kernel tree",
		       tree);
		if (bad)
			printf("(above: what it shows that docs/findings.md does not "
			       "explain, a bug of the tree or of cidfuzz's shim; "
			       "impl/'s verdict: cidfuzz replay FILE --kernel P)\n");
		return bad;
	}
	printf("%s\n", bad ? "NOT as expected: see above (a finding on the fixed "
	       "code, or a new one of the newest code, is a new bug; a bug target not found needs a longer budget; "
	       "a crash of cidfuzz is ours to fix)" :
	       "as expected: every bug target found, nothing on the fixed code");
	return bad;
}

/*
 * On a kernel tree's code (cidfuzz-tree): the engines that run this
 * binary's simulator (random, gen: in process) or the tree's own
 * libFuzzer harnesses (tree_harnesses()); not AFL++, whose harnesses are
 * built from impl/ only. Only the targets of the fixed code (the others
 * are impl/'s bug switches). 0, or 2 after a message.
 */
static int tree_campaign(const struct campaign_opts *o)
{
	unsigned int i;

	if (o->engine == ENGINE_AFL) {
		fprintf(stderr,
			"cidfuzz-tree campaign: --engine afl: AFL++'s harnesses "
			"are built from impl/ only; on a kernel tree's code: "
			"libfuzzer (the default), libfuzzer-plain, gen or random\n");
		return 2;
	}
	for (i = 0; i < o->nr_targets; i++) {
		const struct fuzz_target *t = fuzz_target_lookup(o->targets[i]);

		if (t && t->kind != TARGET_FIXED &&
		    t->kind != TARGET_FRONT_DOOR) {
			fprintf(stderr,
				"cidfuzz-tree campaign: target %s: impl/'s bug "
				"switches; on a kernel tree's code: fixed, fixed-weak\n",
				t->name);
			return 2;
		}
	}
	return 0;
}

/*
 * The tree's libFuzzer harnesses (fuzz_<target>, or fuzz_plain_<target>),
 * built or brought up to date in build/tree-<hash>-fuzz (kernel_tree.c),
 * unless --fuzzers names a folder. 0, or 2 after a message.
 */
static int tree_harnesses(struct campaign_opts *o, bool fuzzers_given)
{
	static char names[CAMPAIGN_MAX_TARGETS][64];
	const char *list[CAMPAIGN_MAX_TARGETS + 1];
	unsigned int i;

	if (fuzzers_given || (o->engine != ENGINE_LIBFUZZER &&
			      o->engine != ENGINE_LIBFUZZER_PLAIN))
		return 0;
	for (i = 0; i < o->nr_targets; i++) {
		snprintf(names[i], sizeof(names[i]), "fuzz_%s%s",
			 o->engine == ENGINE_LIBFUZZER_PLAIN ? "plain_" : "",
			 o->targets[i]);
		list[i] = names[i];
	}
	list[i] = NULL;
	if (kernel_tree_harnesses(sim_kernel_tree(), list, fuzz_dir,
				  sizeof(fuzz_dir))) {
		fprintf(stderr,
			"cidfuzz-tree campaign: no libFuzzer harness of the "
			"tree (clang with libFuzzer needed); --engine gen runs "
			"without one\n");
		return 2;
	}
	o->fuzz_dir = fuzz_dir;
	return 0;
}

int cmd_campaign(int argc, char **argv)
{
	static struct campaign_result results[CAMPAIGN_MAX_TARGETS];
	struct campaign_opts o = { 0 };
	int ret;

	default_paths(&o, argv[-1]);
	for (unsigned int i = 0; i < nr_fuzz_targets; i++)
		if (fuzz_targets[i].in_campaign &&
		    (!sim_kernel_tree() ||
		     fuzz_targets[i].kind == TARGET_FIXED))
			o.targets[o.nr_targets++] = fuzz_targets[i].name;
	ret = parse_args(argc, argv, &o);
	if (!ret && sim_kernel_tree())
		ret = tree_campaign(&o);
	if (ret)
		return ret;
	drop_front_doors(&o);
	if (!o.nr_targets) {
		fprintf(stderr, "cidfuzz campaign: no target left to run\n");
		return 2;
	}
	/* --fuzzers DIR set o.fuzz_dir to its own argument */
	if (sim_kernel_tree() && tree_harnesses(&o, o.fuzz_dir != fuzz_dir))
		return 2;
	if (!json)
		printf("cidfuzz campaign: %s, %.0f s per target, %u at once, "
		       "findings in %s/\n", campaign_engine_name(o.engine),
		       o.max_time, o.jobs, o.findings);
	if (!json && sim_kernel_tree())
		printf("on the mm_cid code of the kernel tree %s (no bug "
		       "switches: each violation is the tree's)\n",
		       sim_kernel_tree());
	if (campaign_run(&o, results))
		return 2;
	return json ? print_json(&o, results) : print_table(&o, results);
}
