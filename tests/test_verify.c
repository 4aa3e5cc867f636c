// SPDX-License-Identifier: GPL-2.0-only
/*
 * Small-scope verification: the scenarios of a tiny scope, counted by
 * hand, with and without the renamings; every set-up runs without a
 * skipped event and clean on the newest code; every scenario text parses.
 */
#include <stdio.h>
#include <string.h>

#include "explore.h"
#include "cid_bugs.h"
#include "control.h"
#include "oracle.h"
#include "testlib.h"
#include "verify.h"
#include "view.h"

static struct verify_list l;
static struct scenario sc;
static char text[16384];

static unsigned long count_setup(const char *name)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < l.n; i++)
		n += !strcmp(verify_setup_name(l.item[i].setup), name);
	return n;
}

/*
 * 3 CPUs, T0..T2 on cpu0..2, one event of "exit T" or "idle cpuN".
 * per-task: T1/cpu1 and T2/cpu2 swap: exit T0, exit T1 (~ exit T2),
 * idle cpu0, idle cpu1 (~ idle cpu2), and nothing at all: 5 of 7.
 * task-off (T1 off cpu1): nothing swaps: 1 + 3 + 3 = 7.
 * per-cpu (T0 forked T3, parked on cpu0): exit T0, T1 (~T2), T3,
 * idle cpu0, cpu1 (~cpu2), nothing: 6 of 8. per-cpu-2 (T0 and T1 left,
 * cpu2 alone is free): 1 + 2 + 3 = 6. per-cpu-3 (T0, T1, T2 left, T1
 * and T2 alike): as per-task, 5 of 7. clone-vm (T3 its own group on
 * cpu0): as per-cpu, 6 of 8. switching (T3 forked, not yet woken, T1
 * off cpu1, T2 alone): exit T0..T3, idle cpu0..2, nothing: 8 of 8. In
 * all 43 of 51.
 */
TEST(tiny_scope_counts_match_the_hand_count)
{
	struct verify_scope s = {
	    .cpus = 3, .tasks = 3, .concurrent = 1, .setups = VERIFY_ALL_SETUPS};
	char err[256];

	EXPECT_EQ_INT(verify_parse_kinds("exit,idle", &s.kinds), 0);
	EXPECT_EQ_INT(verify_enumerate(&s, &l, err, sizeof(err)), 0);
	EXPECT_EQ_INT(l.nr_setups, 7);
	EXPECT_EQ_INT(count_setup("per-task"), 5);
	EXPECT_EQ_INT(count_setup("task-off"), 7);
	EXPECT_EQ_INT(count_setup("per-cpu"), 6);
	EXPECT_EQ_INT(count_setup("per-cpu-2"), 6);
	EXPECT_EQ_INT(count_setup("per-cpu-3"), 5);
	EXPECT_EQ_INT(count_setup("clone-vm"), 6);
	EXPECT_EQ_INT(count_setup("switching"), 8);
	EXPECT_EQ_INT(l.n, 43);
	EXPECT_EQ_INT(l.raw, 51);
	verify_list_free(&l);
}

/*
 * Two events of "idle cpuN" in per-task mode on 3 CPUs: 9 sequences,
 * in 5 classes under swapping cpu1 and cpu2 ((0,0), (0,1), (1,0),
 * (1,1), (1,2)), plus the 2 of one event and the empty one
 */
TEST(renamings_of_sequences_counted_by_hand)
{
	struct verify_scope s = {
	    .cpus = 3, .tasks = 3, .concurrent = 2, .setups = VERIFY_ALL_SETUPS};
	char err[256];

	EXPECT_EQ_INT(verify_parse_kinds("idle", &s.kinds), 0);
	EXPECT_EQ_INT(verify_enumerate(&s, &l, err, sizeof(err)), 0);
	EXPECT_EQ_INT(count_setup("per-task"), 8);
	verify_list_free(&l);
}

/* Every set-up makes the state it names with no event skipped */
TEST(setups_run_clean_with_nothing_skipped)
{
	struct verify_scope s = {
	    .concurrent = 0, .kinds = VERIFY_ALL_KINDS, .setups = VERIFY_ALL_SETUPS};
	struct sim_options opts;
	struct sim_result res;
	struct sim *sim = sim_new(oracle_checker());
	char err[256];
	size_t i;

	sim_default_options(&opts);
	for (s.cpus = 2; s.cpus <= 4; s.cpus++) {
		for (s.tasks = 1; s.tasks <= s.cpus + 1; s.tasks++) {
			EXPECT_EQ_INT(verify_enumerate(&s, &l, err, sizeof(err)), 0);
			for (i = 0; i < l.n; i++) {
				size_t n = verify_item_text(&s, &l.item[i], text, sizeof(text));

				EXPECT_EQ_INT(scenario_parse("t", text, n, &sc, err, sizeof(err)),
					      0);
				EXPECT_EQ_INT(sim_run(sim, &sc.sched, &opts, &res, NULL), 0);
				if (res.events_skipped || res.violation)
					printf("  %u CPUs, %u tasks:\n%s", s.cpus, s.tasks, text);
				EXPECT_EQ_INT(res.events_skipped, 0);
			}
			verify_list_free(&l);
		}
	}
	sim_free(sim);
}

static struct verify_item *find_setup(const char *name)
{
	size_t i;

	for (i = 0; i < l.n; i++)
		if (!strcmp(verify_setup_name(l.item[i].setup), name) &&
		    !l.item[i].n)
			return &l.item[i];
	return NULL;
}

/*
 * switching: replayed, its events leave T0's fork (the (N+1)-th user)
 * in flight, stopped before it stores the new mode, with T1 queued off
 * cpu1; stepped on alone, that fork switches the mm to per-CPU mode and
 * its walk takes T1's CID (T1 is not running)
 */
TEST(switching_stops_the_fork_before_the_per_cpu_switch)
{
	static const unsigned int scopes[][2] = { { 3, 3 }, { 4, 2 } };
	struct verify_scope s = { .concurrent = 0,
				  .kinds = VERIFY_ALL_KINDS,
				  .setups = VERIFY_ALL_SETUPS };
	struct sim *sim = sim_new(oracle_checker());
	struct sim_ctl ctl;
	struct sim_options opts;
	struct sim_result res;
	struct sim_choice ch;
	struct view_task t1;
	struct view *v = sim_view(sim);
	struct verify_item *it;
	char err[256];
	size_t i, n;

	sim_default_options(&opts);
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		s.cpus = scopes[i][0];
		s.tasks = scopes[i][1];
		EXPECT_EQ_INT(verify_enumerate(&s, &l, err, sizeof(err)), 0);
		it = find_setup("switching");
		EXPECT(it != NULL);
		n = verify_item_text(&s, it, text, sizeof(text));
		EXPECT_EQ_INT(
			scenario_parse("t", text, n, &sc, err, sizeof(err)), 0);
		memset(&ctl, 0, sizeof(ctl));
		EXPECT_EQ_INT(sim_ctl_begin(&ctl, sim, &sc.sched, sc.first,
					    &opts, &res, NULL),
			      0);
		EXPECT_EQ_INT(view_paths_in_flight(v), 1);
		EXPECT_EQ_INT(view_mm_users(v, 0), s.cpus + 1);
		EXPECT_EQ_INT(view_mm_mode(v, 0), 0);
		sim_ctl_choice(&ctl, 0, &ch);
		EXPECT(ch.enabled && ch.kind == CHOICE_STEP);
		view_read_task(v, (unsigned int)view_task_of_slot(v, 1), &t1);
		EXPECT_EQ_INT(t1.flags & (VT_ON_RQ | VT_RUNNING), VT_ON_RQ);
		EXPECT_EQ_INT(t1.cpu, 1);
		EXPECT_EQ_INT(t1.cid, 1);
		while (view_paths_in_flight(v)) {
			sim_ctl_choice(&ctl, 0, &ch);
			if (!ch.enabled || sim_ctl_take(&ctl, 0, &ch))
				break;
		}
		EXPECT_EQ_INT(view_paths_in_flight(v), 0);
		EXPECT_EQ_INT(view_mm_mode(v, 0), VIEW_CID_ONCPU);
		view_read_task(v, (unsigned int)view_task_of_slot(v, 1), &t1);
		EXPECT_EQ_INT(t1.cid, VIEW_CID_UNSET);
		verify_list_free(&l);
	}
	sim_free(sim);
}

static struct verify_item *find_item(const char *want)
{
	char name[512];
	size_t i;

	for (i = 0; i < l.n; i++) {
		verify_item_name(&l.item[i], name, sizeof(name));
		if (!strcmp(name, want))
			return &l.item[i];
	}
	return NULL;
}

/* Explore @it as verify does: 1 on a violation at @site, 0 if clean */
static int explore_item(const struct verify_scope *s,
			const struct verify_item *it, const char *bug,
			bool weak, const char *site)
{
	static struct explore_stats st;
	struct explore_config cfg;
	char err[256];
	size_t n = verify_item_text(s, it, text, sizeof(text));

	if (scenario_parse("t", text, n, &sc, err, sizeof(err)))
		return -1;
	sc.sched.weak = weak;
	explore_default_config(&cfg, &sc);
	cfg.opts.bugs = bug ? 1U << cid_bug_lookup(bug) : 0;
	cfg.preemptions = 1;
	if (explore_run(&cfg, &st) < 0)
		return -1;
	if (!st.violation)
		return 0;
	return site && !strcmp(st.res.invariant, "I4") &&
			       !strcmp(st.res.site, site) ?
		       1 :
		       -1;
}

/*
 * The scope --cpus 3 --tasks 3 --concurrent 4 --setups switching --kinds
 * schedule,idle,migrate holds the reproducer of transit-task-to-cpu and,
 * on weak memory, of split-mode-fields (T1 scheduled in on cpu1 while
 * the fork switches, out, moved to cpu2 and in there: the I4 livelock
 * in mm_get_cid()), within one preemption a run, as verify explores it;
 * the newest code is clean there. The whole scope: bench/verify.sh.
 */
TEST(switching_scope_holds_the_transit_livelocks)
{
	struct verify_scope s = { .cpus = 3,
				  .tasks = 3,
				  .concurrent = 4,
				  .setups = VERIFY_ALL_SETUPS };
	struct verify_item *it;
	char err[256];

	EXPECT_EQ_INT(verify_parse_kinds("schedule,idle,migrate", &s.kinds), 0);
	EXPECT_EQ_INT(verify_parse_setups("switching", &s.setups), 0);
	EXPECT_EQ_INT(verify_enumerate(&s, &l, err, sizeof(err)), 0);
	it = find_item("switching: schedule cpu1 | idle cpu1 | migrate T1 cpu2 "
		       "| schedule cpu2");
	EXPECT(it != NULL);
	if (it) {
		EXPECT_EQ_INT(explore_item(&s, it, "transit-task-to-cpu", false,
					   "mm_get_cid"),
			      1);
		EXPECT_EQ_INT(explore_item(&s, it, "split-mode-fields", true,
					   "mm_get_cid"),
			      1);
		EXPECT_EQ_INT(explore_item(&s, it, "split-mode-fields", false,
					   NULL),
			      0);
		EXPECT_EQ_INT(explore_item(&s, it, NULL, false, NULL), 0);
		EXPECT_EQ_INT(explore_item(&s, it, NULL, true, NULL), 0);
	}
	verify_list_free(&l);
}

/* Every event of the alphabet parses, in every scenario of a scope */
TEST(every_scenario_parses)
{
	struct verify_scope s = {.cpus = 2,
				 .tasks = 2,
				 .concurrent = 2,
				 .kinds = VERIFY_ALL_KINDS,
				 .setups = VERIFY_ALL_SETUPS};
	char err[256];
	size_t i;

	EXPECT_EQ_INT(verify_enumerate(&s, &l, err, sizeof(err)), 0);
	EXPECT(l.n > 1000);
	for (i = 0; i < l.n; i++) {
		size_t n = verify_item_text(&s, &l.item[i], text, sizeof(text));

		if (scenario_parse("t", text, n, &sc, err, sizeof(err))) {
			printf("  %s\n", err);
			*failed = 1;
			break;
		}
	}
	verify_list_free(&l);
}

TEST(scopes_out_of_range_are_refused)
{
	struct verify_scope s = {.cpus = 1,
				 .tasks = 1,
				 .concurrent = 1,
				 .kinds = VERIFY_ALL_KINDS,
				 .setups = VERIFY_ALL_SETUPS};
	unsigned int kinds;
	char err[256];

	EXPECT_EQ_INT(verify_enumerate(&s, &l, err, sizeof(err)), -1);
	EXPECT_STR_CONTAINS(err, "expected --cpus 2..");
	s.cpus = 2;
	s.tasks = 4;
	EXPECT_EQ_INT(verify_enumerate(&s, &l, err, sizeof(err)), -1);
	EXPECT_EQ_INT(verify_parse_kinds("exit,frob", &kinds), -1);
	EXPECT_EQ_INT(verify_parse_kinds("", &kinds), -1);
	EXPECT_EQ_INT(verify_parse_setups("per-cpu,frob", &kinds), -1);
	EXPECT_EQ_INT(verify_parse_setups("per-cpu-3,task-off", &kinds), 0);
	EXPECT_EQ_INT(kinds, 1U << 4 | 1U << 1);
}

TEST_MAIN()
