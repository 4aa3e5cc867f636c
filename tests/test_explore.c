// SPDX-License-Identifier: GPL-2.0-only
/*
 * The explorer: the reduction loses nothing (on small scenarios the
 * reduced modes reach the same states and the same set of verdicts and
 * final states as the naive enumeration), it finds the seed livelock and
 * the schedule it writes replays to the same violation, minimized too;
 * the fixed code is clean within the bounds; PCT finds the seed bug;
 * scenario files with mistakes are refused with the line; results are
 * deterministic.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"
#include "cid_bugs.h"
#include "oracle.h"
#include "testlib.h"

/* ~100 KB each: static, like the tools keep them */
static struct scenario sc;
static struct explore_stats st, st2;

static void load(const char *rel, int *failed)
{
	char path[512], err[512];

	snprintf(path, sizeof(path), "%s/%s", CIDFUZZ_SOURCE_DIR, rel);
	err[0] = 0;
	EXPECT_EQ_INT(scenario_load(path, &sc, err, sizeof(err)), 0);
	if (err[0])
		printf("  %s\n", err);
}

static void parse(const char *text, int *failed)
{
	char err[512];

	err[0] = 0;
	EXPECT_EQ_INT(scenario_parse("t.sched", text, strlen(text), &sc, err, sizeof(err)), 0);
	if (err[0])
		printf("  %s\n", err);
}

static void config(struct explore_config *cfg, const char *bug)
{
	explore_default_config(cfg, &sc);
	if (bug)
		cfg->opts.bugs = 1U << cid_bug_lookup(bug);
}

/* The outcomes of every run, as a sorted set */
#define MAX_OUTCOMES 4096

struct outcome_set {
	unsigned int n;
	uint64_t key[MAX_OUTCOMES];
	bool overflow;
};

static void collect(void *ctx, const struct explore_outcome *o)
{
	struct outcome_set *set = ctx;
	uint64_t k = o->final_state;
	unsigned int i;

	/* the final state hash covers the verdict; the site too */
	for (i = 0; o->violation && o->site[i]; i++)
		k = (k ^ (uint8_t)o->site[i]) * 0x100000001b3ULL;
	for (i = 0; i < set->n; i++)
		if (set->key[i] == k)
			return;
	if (set->n == MAX_OUTCOMES) {
		set->overflow = true;
		return;
	}
	set->key[set->n++] = k;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static struct outcome_set sets[4];

/* The modes same_as() compares, by bit (a mask of them) */
enum {
	M_NAIVE = 1 << 0,
	M_CACHING = 1 << 1, /* state caching alone */
	M_CACHED = 1 << 2,  /* + sleep sets: the default */
	M_DPOR = 1 << 3,
	M_SMALL = M_NAIVE | M_CACHING | M_CACHED | M_DPOR,
	M_LARGE = M_CACHING | M_CACHED, /* too big for naive and dpor */
};

/*
 * Explore the loaded scenario in the modes of @mask within the bounds
 * and check that all of them reach the same distinct states and the same
 * set of outcomes as the first.
 */
static void same_as(const char *bug, unsigned int mask, int preemptions, int flushes, int *failed)
{
	static const struct {
		enum explore_mode mode;
		bool no_sleep;
	} modes[4] = {
	    {EXPLORE_NAIVE, false},
	    {EXPLORE_CACHED, true},
	    {EXPLORE_CACHED, false},
	    {EXPLORE_DPOR, false},
	};
	unsigned long states[4] = {0}, runs[4] = {0};
	struct explore_config cfg;
	unsigned int m, first = (unsigned int)__builtin_ctz(mask);

	for (m = first; m < 4; m++) {
		if (!(mask >> m & 1))
			continue;
		memset(&sets[m], 0, sizeof(sets[m]));
		config(&cfg, bug);
		cfg.mode = modes[m].mode;
		cfg.no_sleep_sets = modes[m].no_sleep;
		cfg.keep_going = true;
		cfg.preemptions = preemptions;
		cfg.max_flushes = flushes;
		cfg.outcome = collect;
		cfg.outcome_ctx = &sets[m];
		EXPECT(explore_run(&cfg, &st) >= 0);
		EXPECT(st.complete);
		EXPECT_EQ_INT(st.cut, 0);
		EXPECT(!sets[m].overflow);
		qsort(sets[m].key, sets[m].n, sizeof(uint64_t), cmp_u64);
		states[m] = st.states;
		runs[m] = st.runs + st.cached + st.blocked;
	}
	for (m = first + 1; m < 4; m++) {
		if (!(mask >> m & 1))
			continue;
		EXPECT_EQ_INT(states[m], states[first]);
		EXPECT_EQ_INT(sets[m].n, sets[first].n);
		EXPECT(!memcmp(sets[m].key, sets[first].key, sets[first].n * sizeof(uint64_t)));
	}
	/* and it is a reduction */
	EXPECT(runs[2] < runs[first]);
	if (mask & M_NAIVE && mask & M_DPOR)
		EXPECT(runs[3] <= runs[first]);
}

static void same_as_naive(const char *bug, bool small, int preemptions, int *failed)
{
	same_as(bug, small ? M_SMALL : M_LARGE, preemptions, -1, failed);
}

TEST(reduced_reaches_the_states_and_outcomes_of_naive_exit_and_switch)
{
	parse("cpus 2\nthreads T0 T1\n# concurrent\nexit T1\nidle cpu0\n", failed);
	same_as_naive(NULL, true, -1, failed);
	EXPECT(sets[0].n >= 1);
}

TEST(reduced_reaches_the_states_and_outcomes_of_naive_with_violations)
{
	/* cid-on-cpu-drop: T1's exit drops cpu1's slot in TRANSIT (I9) */
	parse("cpus 4\nthreads T0 T1 T2 T3\nfork T0 T4\nschedule cpu0 T4\n"
	      "exit T4\nexit T3\nexit T2\n# concurrent\nexit T1\nidle cpu0\n",
	      failed);
	same_as_naive("cid-on-cpu-drop", true, -1, failed);
	EXPECT(sets[0].n >= 1);
}

TEST(caching_with_and_without_sleep_sets_agree_on_the_seed_shape)
{
	/* the seed livelock on 3 CPUs: too big for naive, not for caching */
	parse("cpus 3\nthreads T0 T1 T2\nidle cpu1\n# concurrent\nfork T0 T3\n"
	      "schedule cpu1 T1\nidle cpu1\nmigrate T1 cpu2\nschedule cpu2 T1\n",
	      failed);
	same_as_naive("transit-task-to-cpu", false, -1, failed);
	EXPECT(sets[1].n >= 2); /* clean ends and the livelock */
}

TEST(reduced_reaches_the_states_of_naive_within_a_preemption_bound)
{
	parse("cpus 2\nthreads T0 T1\n# concurrent\nidle cpu1\nfork T0 T2\n"
	      "migrate T1 cpu0\n",
	      failed);
	same_as_naive(NULL, true, 2, failed);
}

/*
 * Weak memory: exit and a context switch on two CPUs, every store
 * visibility order. Unbounded, naive does not finish (millions of runs):
 * within a preemption and a flush bound it does; DPOR is compared with
 * caching within a flush bound alone (under a preemption bound its
 * block rule is a heuristic, which flushes make miss states).
 */
TEST(weak_reduced_reaches_the_states_and_outcomes_of_naive_within_bounds)
{
	parse("cpus 2\nmemory weak\nthreads T0 T1\n# concurrent\nexit T1\nidle cpu0\n", failed);
	same_as(NULL, M_NAIVE | M_CACHING | M_CACHED, 1, 1, failed);
	EXPECT(sets[0].n >= 1);
	EXPECT(st.flush_threads >= 2);
	same_as(NULL, M_CACHING | M_CACHED | M_DPOR, -1, 1, failed);
}

TEST(weak_flushes_are_choices_and_change_what_is_reached)
{
	struct explore_config cfg;
	unsigned long weak_states;

	parse("cpus 2\nmemory weak\nthreads T0 T1\n# concurrent\nexit T1\nidle cpu0\n", failed);
	config(&cfg, NULL);
	EXPECT_EQ_INT(explore_run(&cfg, &st), 0);
	weak_states = st.states;
	EXPECT(st.flush_threads >= 2);
	/* no flush allowed: only the model's own drains */
	cfg.max_flushes = 0;
	EXPECT_EQ_INT(explore_run(&cfg, &st), 0);
	EXPECT(st.states < weak_states);
	/* the same scenario on SC memory: no buffer, no flush thread */
	sc.sched.weak = false;
	config(&cfg, NULL);
	EXPECT_EQ_INT(explore_run(&cfg, &st), 0);
	EXPECT_EQ_INT(st.flush_threads, 0);
	EXPECT(st.states < weak_states);
}

/* The subtrees of explore_split() at one depth, kept for split_covers() */
#define MAX_SUBTREES 4096

static struct explore_prefix subtrees[MAX_SUBTREES];
static unsigned int nr_subtrees;

static void keep_subtree(void *ctx, const struct explore_prefix *p)
{
	(void)ctx;
	if (nr_subtrees < MAX_SUBTREES)
		subtrees[nr_subtrees] = *p;
	nr_subtrees++;
}

/*
 * The loaded scenario cut at every @every-th depth up to @max_depth (cidfuzz
 * verify's split): the subtrees, each searched with a state cache of its
 * own, reach together the same set of outcomes (verdicts, sites, final
 * states) as the unsplit cached search, and its distinct states at least
 * (but those above the cut: each subtree counts its own); the first violation (in subtree order)
 * is the unsplit search's invariant and site. Returns the most subtrees
 * of one depth.
 */
static unsigned int split_covers(const char *bug, int preemptions,
				 unsigned int max_depth, unsigned int every,
				 int *failed)
{
	struct explore_config cfg;
	unsigned long states, sum, deep;
	unsigned int d, i, most = 0;
	char inv[8] = "", site[64] = "", first[72];
	long n;

	memset(&sets[0], 0, sizeof(sets[0]));
	config(&cfg, bug);
	cfg.keep_going = true;
	cfg.preemptions = preemptions;
	cfg.outcome = collect;
	cfg.outcome_ctx = &sets[0];
	EXPECT(explore_run(&cfg, &st) >= 0);
	EXPECT(st.complete);
	states = st.states;
	if (st.violation) {
		snprintf(inv, sizeof(inv), "%s", st.res.invariant);
		snprintf(site, sizeof(site), "%s", st.res.site);
	}
	qsort(sets[0].key, sets[0].n, sizeof(uint64_t), cmp_u64);
	for (d = every; d <= max_depth; d += every) {
		memset(&sets[1], 0, sizeof(sets[1]));
		config(&cfg, bug);
		cfg.preemptions = preemptions;
		nr_subtrees = 0;
		n = explore_split(&cfg, d, keep_subtree, NULL, &deep);
		EXPECT(n >= 1 && n == (long)nr_subtrees &&
		       nr_subtrees <= MAX_SUBTREES);
		if (n < 1 || nr_subtrees > MAX_SUBTREES)
			return most;
		most = nr_subtrees > most ? nr_subtrees : most;
		if (getenv("SPLIT_DEBUG"))
			printf("  depth %u: %u subtrees\n", d, nr_subtrees);
		cfg.keep_going = true;
		cfg.outcome = collect;
		cfg.outcome_ctx = &sets[1];
		first[0] = 0;
		for (i = 0, sum = 0; i < nr_subtrees; i++) {
			cfg.prefix = &subtrees[i];
			EXPECT(explore_run(&cfg, &st2) >= 0);
			EXPECT(st2.complete);
			sum += st2.states;
			if (st2.violation && !first[0])
				snprintf(first, sizeof(first), "%s %s",
					 st2.res.invariant, st2.res.site);
		}
		/* the nodes above the cut are counted by none */
		EXPECT(sum + d * nr_subtrees >= states);
		EXPECT(!sets[1].overflow);
		qsort(sets[1].key, sets[1].n, sizeof(uint64_t), cmp_u64);
		EXPECT_EQ_INT(sets[1].n, sets[0].n);
		EXPECT(!memcmp(sets[1].key, sets[0].key,
			       sets[0].n * sizeof(uint64_t)));
		if (inv[0]) {
			char want[72];

			snprintf(want, sizeof(want), "%s %s", inv, site);
			EXPECT(!strcmp(first, want));
		} else {
			EXPECT(!first[0]);
		}
	}
	return most;
}

TEST(split_subtrees_reach_the_outcomes_of_the_unsplit_search)
{
	/*
	 * the seed livelock's shape on 3 CPUs, with the bug and without,
	 * within a preemption bound (part of the cached state)
	 */
	parse("cpus 3\nthreads T0 T1 T2\nidle cpu1\n# concurrent\nfork T0 T3\n"
	      "schedule cpu1 T1\nidle cpu1\nmigrate T1 cpu2\nschedule cpu2 T1\n",
	      failed);
	EXPECT(split_covers("transit-task-to-cpu", 1, 12, 4, failed) >= 16);
	EXPECT(sets[0].n >= 2); /* clean ends and the livelock */
	EXPECT(split_covers(NULL, 1, 12, 4, failed) >= 16);
	/* cid-on-cpu-drop: a violation a few steps in, above some cuts */
	parse("cpus 4\nthreads T0 T1 T2 T3\nfork T0 T4\nschedule cpu0 T4\n"
	      "exit T4\nexit T3\nexit T2\n# concurrent\nexit T1\nidle cpu0\n",
	      failed);
	EXPECT(split_covers("cid-on-cpu-drop", -1, 16, 3, failed) >= 64);
	EXPECT(split_covers(NULL, -1, 16, 3, failed) >= 64);
}

/* A prefix that is no subtree of the split is refused, not explored */
TEST(split_refuses_a_prefix_off_the_tree)
{
	struct explore_prefix p = { .len = 3, .thread = { 60, 60, 60 } };
	struct explore_config cfg;

	parse("cpus 2\nthreads T0 T1\n# concurrent\nexit T1\nidle cpu0\n",
	      failed);
	config(&cfg, NULL);
	cfg.prefix = &p;
	EXPECT_EQ_INT(explore_run(&cfg, &st), -1);
}

static bool replays_with(const struct schedule *s, const struct sim_options *opts,
			 const struct sim_result *want)
{
	struct sim_result res;
	struct sim *sim = sim_new(oracle_checker());
	int ret;

	ret = sim_run(sim, s, opts, &res, NULL);
	sim_free(sim);
	if (!want)
		return ret == 0;
	return ret == 1 && !strcmp(res.invariant, want->invariant) && !strcmp(res.site, want->site);
}

static bool replays_to(const struct schedule *s, unsigned int bugs, const struct sim_result *want)
{
	struct sim_options opts;

	sim_default_options(&opts);
	opts.bugs = bugs;
	return replays_with(s, &opts, want);
}

TEST(seed_scenario_finds_the_livelock_and_its_schedule_replays)
{
	struct explore_config cfg;
	unsigned int before;

	load("scenarios/seed-task-to-cpu.sched", failed);
	config(&cfg, "transit-task-to-cpu");
	EXPECT_EQ_INT(explore_run(&cfg, &st), 1);
	EXPECT_STR_CONTAINS(st.res.invariant, "I4");
	EXPECT_STR_CONTAINS(st.res.site, "mm_get_cid");
	EXPECT_STR_CONTAINS(st.res.what, "livelock");
	EXPECT(replays_to(&st.witness, cfg.opts.bugs, &st.res));
	before = st.witness.nr_events;
	EXPECT_EQ_INT(explore_minimize_witness(&cfg, &st), 0);
	EXPECT(st.witness.nr_events <= before);
	EXPECT(replays_to(&st.witness, cfg.opts.bugs, &st.res));
	/* the fix removes it */
	EXPECT(replays_to(&st.witness, 0, NULL));
}

/* The loaded scenario, with @bug: no violation in all of its space */
static void clean_within_one_preemption(const char *bug, int *failed)
{
	struct explore_config cfg;

	config(&cfg, bug);
	cfg.preemptions = 1;
	EXPECT_EQ_INT(explore_run(&cfg, &st), 0);
	EXPECT(st.complete);
	EXPECT_EQ_INT(st.cut, 0);
	EXPECT(st.states > 1000);
}

TEST(seed_scenario_is_clean_within_one_preemption)
{
	load("scenarios/seed-task-to-cpu.sched", failed);
	clean_within_one_preemption(NULL, failed);
}

TEST(reverse_scenario_is_clean_within_one_preemption)
{
	load("scenarios/reverse-cpu-to-task.sched", failed);
	clean_within_one_preemption(NULL, failed);
}

/*
 * Seed patch 2 reverted: the explorer finds the flush order of
 * crashes/split-mode-fields.sched by itself (within one preemption: the
 * unbounded search takes a minute, docs/exploration.md), and its
 * schedule replays.
 */
TEST(split_mode_fields_weak_finds_the_livelock_and_its_schedule_replays)
{
	struct explore_config cfg;
	unsigned int i, flushes = 0;

	load("scenarios/split-mode-fields.sched", failed);
	EXPECT(sc.sched.weak);
	config(&cfg, "split-mode-fields");
	cfg.preemptions = 1;
	EXPECT_EQ_INT(explore_run(&cfg, &st), 1);
	EXPECT_STR_CONTAINS(st.res.invariant, "I4");
	EXPECT_STR_CONTAINS(st.res.site, "mm_get_cid");
	EXPECT(st.witness.weak);
	for (i = 0; i < st.witness.nr_events; i++)
		flushes += st.witness.ev[i].kind == EV_FLUSH;
	EXPECT(flushes >= 1);
	EXPECT(replays_to(&st.witness, cfg.opts.bugs, &st.res));
	EXPECT_EQ_INT(explore_minimize_witness(&cfg, &st), 0);
	EXPECT(replays_to(&st.witness, cfg.opts.bugs, &st.res));
	EXPECT(replays_to(&st.witness, 0, NULL));
}

TEST(split_mode_fields_is_clean_with_the_fix_and_on_sc_memory)
{
	load("scenarios/split-mode-fields.sched", failed);
	clean_within_one_preemption(NULL, failed);
	EXPECT(st.flush_threads > 0);
	/* the bug on, memory SC (a TSO machine too): the stores stay in order */
	sc.sched.weak = false;
	clean_within_one_preemption("split-mode-fields", failed);
	EXPECT_EQ_INT(st.flush_threads, 0);
}

/* Runs to a verdict, and those that ended with I9 at mm_drop_cid */
struct i9_count {
	unsigned long runs, i9;
};

static void count_i9(void *ctx, const struct explore_outcome *o)
{
	struct i9_count *c = ctx;

	c->runs++;
	c->i9 += o->violation && !strcmp(o->invariant, "I9") &&
		 !strcmp(o->site, "mm_drop_cid");
}

/*
 * I9 in the explorer: a test fault armed after the set-up (TRANSIT in
 * the next clear_bit's number) fires in whichever order clears a bit
 * first. Every run ends there with I9 at mm_drop_cid (the whole space,
 * not just the first violation), on SC and on weak memory, and the
 * schedule replays to it; with I9 off the same search does not crash
 * (the access is skipped) and goes on: the bit left set is I2's leak,
 * as it would be in the kernel, and with I2 off too it finds nothing.
 */
TEST(bad_bit_number_is_i9_in_every_order)
{
	static const char *const texts[] = {
		"cpus 2\nthreads T0 T1\n# concurrent\nexit T1\nidle cpu0\n",
		"cpus 2\nmemory weak\nthreads T0 T1\n# concurrent\nexit T1\n"
		"idle cpu0\n",
	};
	struct explore_config cfg;
	struct i9_count count;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		parse(texts[i], failed);
		EXPECT_EQ_INT(sc.sched.weak, i);
		config(&cfg, NULL);
		cfg.opts.fault.kind = FAULT_TRANSIT_BIT_NR;
		cfg.opts.fault.after_event = sc.first;
		EXPECT_EQ_INT(explore_run(&cfg, &st), 1);
		EXPECT(!strcmp(st.res.invariant, "I9"));
		EXPECT(!strcmp(st.res.site, "mm_drop_cid"));
		EXPECT_STR_CONTAINS(st.res.what, "bit number carries MM_CID_TRANSIT");
		/* (the minimizer leaves test faults out: replay only) */
		EXPECT(replays_with(&st.witness, &cfg.opts, &st.res));
		memset(&count, 0, sizeof(count));
		cfg.keep_going = true;
		cfg.outcome = count_i9;
		cfg.outcome_ctx = &count;
		EXPECT_EQ_INT(explore_run(&cfg, &st), 1);
		EXPECT(st.complete);
		EXPECT(count.runs > 1);
		EXPECT_EQ_INT(count.i9, count.runs);
		cfg.outcome = NULL;
		cfg.keep_going = false;
		cfg.opts.checks = CHECK_ALL & ~CHECK_INV(9);
		EXPECT_EQ_INT(explore_run(&cfg, &st), 1);
		EXPECT(!strcmp(st.res.invariant, "I2"));
		cfg.opts.checks = CHECK_ALL & ~(CHECK_INV(9) | CHECK_INV(2));
		EXPECT_EQ_INT(explore_run(&cfg, &st), 0);
		EXPECT(st.complete);
	}
}

/* Every shipped scenario loads and is clean on the fixed code */
TEST(every_scenario_is_clean_within_one_preemption)
{
	char dir[512], rel[600];
	struct explore_config cfg;
	struct dirent *de;
	unsigned int n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/scenarios", CIDFUZZ_SOURCE_DIR);
	d = opendir(dir);
	EXPECT(d != NULL);
	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 6 || strcmp(de->d_name + len - 6, ".sched"))
			continue;
		snprintf(rel, sizeof(rel), "scenarios/%s", de->d_name);
		load(rel, failed);
		config(&cfg, NULL);
		cfg.preemptions = 1;
		if (explore_run(&cfg, &st) != 0 || !st.complete || st.cut) {
			printf("  %s: not clean within one preemption\n", rel);
			*failed = 1;
		}
		n++;
	}
	if (d)
		closedir(d);
	EXPECT(n >= 3);
}

TEST(pct_finds_the_seed_livelock)
{
	struct explore_config cfg;

	load("scenarios/seed-task-to-cpu.sched", failed);
	config(&cfg, "transit-task-to-cpu");
	EXPECT_EQ_INT(explore_pct(&cfg, 2, 2000, 1, &st), 1);
	EXPECT_STR_CONTAINS(st.res.invariant, "I4");
	EXPECT(replays_to(&st.witness, cfg.opts.bugs, &st.res));
	/* the fixed code: nothing in as many runs */
	config(&cfg, NULL);
	EXPECT_EQ_INT(explore_pct(&cfg, 2, st.violation_run, 1, &st2), 0);
}

/* Every outcome in the order the runs ended, folded (FNV-1a style) */
static void fold_outcome(void *ctx, const struct explore_outcome *o)
{
	uint64_t *h = ctx;

	*h = (*h ^ o->final_state) * 0x100000001b3ULL;
	*h = (*h ^ (o->violation ? 1u : 0u) ^ (uint64_t)o->depth << 1) *
	     0x100000001b3ULL;
}

/* Two explorations of one scenario: the same verdict, runs, in order */
TEST(exploration_is_deterministic)
{
	struct explore_config cfg;
	uint64_t h1 = 0, h2 = 0;

	load("scenarios/reverse-cpu-to-task.sched", failed);
	config(&cfg, NULL);
	cfg.preemptions = 1;
	cfg.outcome = fold_outcome;
	cfg.outcome_ctx = &h1;
	EXPECT_EQ_INT(explore_run(&cfg, &st), 0);
	cfg.outcome_ctx = &h2;
	EXPECT_EQ_INT(explore_run(&cfg, &st2), 0);
	EXPECT(st.complete && st2.complete);
	EXPECT(st.runs > 1);
	EXPECT(h1 != 0 && h1 == h2);
	EXPECT_EQ_INT(st.runs, st2.runs);
	EXPECT_EQ_INT(st.cached, st2.cached);
	EXPECT_EQ_INT(st.blocked, st2.blocked);
	EXPECT_EQ_INT(st.states, st2.states);
	EXPECT_EQ_INT(st.steps, st2.steps);
}

TEST(scenario_mistakes_name_file_and_line)
{
	static const char no_marker[] = "cpus 2\nthreads T0 T1\nexit T1\n";
	static const char setup_late[] = "cpus 2\n# concurrent\nthreads T0 T1\n";
	char err[512];

	EXPECT_EQ_INT(
	    scenario_parse("a.sched", no_marker, strlen(no_marker), &sc, err, sizeof(err)), -1);
	EXPECT_STR_CONTAINS(err, "a.sched: expected a line '# concurrent'");
	EXPECT_EQ_INT(
	    scenario_parse("b.sched", setup_late, strlen(setup_late), &sc, err, sizeof(err)), -1);
	EXPECT_STR_CONTAINS(err, "b.sched:3: expected an event that starts");
	EXPECT_EQ_INT(scenario_build(2, 2, "exit T1;frob", &sc, err, sizeof(err)), -1);
	EXPECT_STR_CONTAINS(err, "--events:5:");
}

TEST_MAIN()
