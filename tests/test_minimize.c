// SPDX-License-Identifier: GPL-2.0-only
/*
 * The minimizer: it keeps the violation (invariant and site), the result
 * is no larger, still violates with its bug on and is clean with it off
 * (a minimized reproducer must not turn into a bug of the fixed code),
 * prints and parses back, is a fixpoint (minimizing it again changes
 * nothing), padding is removed (also events that only go in pairs: a
 * padded reproducer shrinks to at most 1.5 times the hand-made one), and
 * a clean schedule is left alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cid_bugs.h"
#include "minimize.h"
#include "oracle.h"
#include "schedule.h"
#include "sim.h"
#include "testlib.h"
#include "test_sched_file.h"

/* ~100 KB each: static, like the tools keep them */
static struct schedule orig, work, again;

static void load(const char *rel, struct schedule *s, int *failed)
{
	load_sched_file(rel, s, failed);
}

static void parse(const char *text, struct schedule *s, int *failed)
{
	struct sched_error err;

	EXPECT_EQ_INT(sched_parse_text("t.sched", text, strlen(text), s, &err),
		      0);
}

static void options(const char *bug, struct sim_options *opts)
{
	sim_default_options(opts);
	if (bug)
		opts->bugs = 1U << cid_bug_lookup(bug);
}

static int run(const struct schedule *s, const char *bug,
	       struct sim_result *res)
{
	struct sim_options opts;
	struct sim *sim = sim_new(oracle_checker());
	int ret;

	options(bug, &opts);
	ret = sim_run(sim, s, &opts, res, NULL);
	sim_free(sim);
	return ret;
}

/* Print @s and parse it back: the .sched file the CLI would write */
static void round_trip(const struct schedule *s, int *failed)
{
	static char text[1 << 16];
	static struct schedule back;
	struct sched_error err;
	size_t len = sched_print_text(s, text, sizeof(text));

	EXPECT(len < sizeof(text));
	EXPECT_EQ_INT(sched_parse_text("min.sched", text, len, &back, &err), 0);
	EXPECT(sched_equal(s, &back));
}

/*
 * Minimize orig (under @bug) into work and check everything the
 * minimizer promises; @inv is the invariant the file is known to break.
 */
static void check_minimize(const char *bug, const char *inv, int *failed)
{
	struct sim_result before, after, off;
	struct minimize_stats st, st2;
	struct sim_options opts;

	EXPECT_EQ_INT(run(&orig, bug, &before), 1);
	EXPECT_STR_CONTAINS(before.invariant, inv);
	work = orig;
	options(bug, &opts);
	EXPECT_EQ_INT(minimize_schedule(&work, &opts, &st), 0);
	EXPECT_EQ_INT(st.events_before, orig.nr_events);
	EXPECT_EQ_INT(st.events_after, work.nr_events);
	EXPECT(work.nr_events <= orig.nr_events);
	EXPECT_EQ_INT(st.steps_before, before.steps);
	EXPECT(st.runs > 0);

	/* same violation, and the steps it reports are the result's */
	EXPECT_EQ_INT(run(&work, bug, &after), 1);
	EXPECT(!strcmp(after.invariant, before.invariant));
	EXPECT(!strcmp(after.site, before.site));
	EXPECT_EQ_INT(st.steps_after, after.steps);

	/* with the fix, the minimized reproducer is clean */
	EXPECT_EQ_INT(run(&work, NULL, &off), 0);
	round_trip(&work, failed);

	/* a fixpoint: minimizing the result again changes nothing */
	again = work;
	EXPECT_EQ_INT(minimize_schedule(&again, &opts, &st2), 0);
	EXPECT(sched_equal(&again, &work));
	EXPECT_EQ_INT(st2.events_before, st2.events_after);
	EXPECT_EQ_INT(st2.steps_before, st2.steps_after);
}

TEST(transit_task_to_cpu_keeps_I4)
{
	load("crashes/transit-task-to-cpu.sched", &orig, failed);
	check_minimize("transit-task-to-cpu", "I4", failed);
}

TEST(cid_on_cpu_drop_keeps_I9)
{
	load("crashes/cid-on-cpu-drop.sched", &orig, failed);
	check_minimize("cid-on-cpu-drop", "I9", failed);
}

TEST(vfork_budget_keeps_I6)
{
	load("crashes/vfork-budget.sched", &orig, failed);
	check_minimize("vfork-budget", "I6", failed);
}

/* Same input, same options: same result and same figures */
TEST(deterministic)
{
	struct minimize_stats st1, st2;
	struct sim_options opts;

	load("crashes/transit-task-to-cpu.sched", &orig, failed);
	options("transit-task-to-cpu", &opts);
	work = orig;
	again = orig;
	EXPECT_EQ_INT(minimize_schedule(&work, &opts, &st1), 0);
	EXPECT_EQ_INT(minimize_schedule(&again, &opts, &st2), 0);
	EXPECT(sched_equal(&work, &again));
	EXPECT_EQ_INT(st1.runs, st2.runs);
	EXPECT_EQ_INT(st1.steps_after, st2.steps_after);
}

/*
 * transit-task-to-cpu.sched with 20 events of an unrelated process T20
 * (its own mm, on cpu3) mixed in; some are skipped, which is fine.
 */
static const char padded[] =
	"cpus 4\n"
	"process T20 cpu3\n"
	"threads T0 T1 T2 T3\n"
	"block T20\n"
	"wake T20 cpu3\n"
	"schedule cpu3 T20\n"
	"preempt cpu3\n"
	"fork T20 T21 process\n"
	"schedule cpu3 T21\n"
	"exit T21\n"
	"affinity T20 2-3\n"
	"idle cpu1\n"
	"work cpu3\n"
	"block T20\n"
	"wake T20\n"
	"schedule cpu3 T20\n"
	"fork T0 T4 until enters mm_cid_fixup_tasks_to_cpus\n"
	"schedule cpu1 T1\n"
	"block T20\n"
	"idle cpu1\n"
	"wake T20 cpu3\n"
	"migrate T1 cpu2\n"
	"schedule cpu3 T20\n"
	"schedule cpu2 T1\n"
	"exec T20\n"
	"step cpu0\n"
	"preempt cpu3\n"
	"block T20\n"
	"schedule cpu3 T3\n";

TEST(padding_is_removed)
{
	struct minimize_stats st, st_pad;
	struct sim_result plain, pad;
	struct sim_options opts;
	const char *bug = "transit-task-to-cpu";

	load("crashes/transit-task-to-cpu.sched", &orig, failed);
	options(bug, &opts);
	work = orig;
	EXPECT_EQ_INT(minimize_schedule(&work, &opts, &st), 0);

	parse(padded, &again, failed);
	EXPECT_EQ_INT(again.nr_events, orig.nr_events + 20);
	/* the padding does not change the violation */
	EXPECT_EQ_INT(run(&orig, bug, &plain), 1);
	EXPECT_EQ_INT(run(&again, bug, &pad), 1);
	EXPECT(!strcmp(pad.invariant, plain.invariant));
	EXPECT(!strcmp(pad.site, plain.site));

	EXPECT_EQ_INT(minimize_schedule(&again, &opts, &st_pad), 0);
	EXPECT_EQ_INT(st_pad.events_before, orig.nr_events + 20);
	EXPECT(again.nr_events <= work.nr_events);
	EXPECT_EQ_INT(run(&again, bug, &pad), 1);
	EXPECT(!strcmp(pad.invariant, plain.invariant));
	EXPECT(!strcmp(pad.site, plain.site));
	EXPECT_EQ_INT(run(&again, NULL, &pad), 0);
}

/*
 * crashes/transit-task-to-cpu.sched padded with events that only go in
 * pairs, and noise. Its 8 events are, by index: 0 threads, 1 idle cpu1,
 * 2 the fork that stops at the walk, 3 schedule cpu1 T1, 4 idle cpu1,
 * 5 migrate T1 cpu2, 6 schedule cpu2 T1, 7 step cpu0 (8: the end).
 *
 * "preempt cpuN" switches cpuN between its task and idle, so its parity
 * is what counts. cpu0: T0 must be running to fork, so the six before
 * the fork go only two at a time (one alone leaves T0 off cpu0 and the
 * fork is skipped); they straddle the first idle cpu1, which must stay.
 * cpu3: T3 must be on cpu3 from the fork on, so that the pool is empty
 * when T1 looks for a CID on cpu2; the two straddle the idle and the
 * fork. A 1-minimal minimizer (single events, contiguous chunks) keeps
 * all eight: 15 events. The rest is noise that goes one at a time.
 */
static const struct {
	unsigned int before;	/* the file's event it goes before */
	bool pair;		/* goes only with another (checked) */
	const char *line;
} parity_padding[] = {
	{ 1, true, "preempt cpu0" },	{ 1, false, "work cpu2" },
	{ 1, true, "preempt cpu3" },	{ 1, true, "preempt cpu0" },
	{ 1, false, "wake T3" },	{ 1, true, "preempt cpu0" },
	{ 2, true, "preempt cpu0" },	{ 2, false, "exit T9" },
	{ 2, true, "preempt cpu0" },	{ 2, false, "work cpu3" },
	{ 2, true, "preempt cpu0" },	{ 3, false, "affinity T2 0-3" },
	{ 3, true, "preempt cpu3" },	{ 4, false, "preempt cpu2" },
	{ 5, false, "step cpu3" },	{ 6, false, "preempt cpu2" },
	{ 8, false, "work cpu0" },
};

#define NR_PARITY_PADDING (sizeof(parity_padding) / sizeof(parity_padding[0]))

/*
 * @in with parity_padding[] inserted, into @out; @pair[k] says whether
 * event k of @out is one of a pair
 */
static void pad_with_pairs(const struct schedule *in, struct schedule *out,
			   bool *pair, int *failed)
{
	static char text[1 << 14];
	size_t len = (size_t)snprintf(text, sizeof(text), "cpus %u\n",
				      in->nr_cpus);
	unsigned int i, k, n = 0;

	for (i = 0; i <= in->nr_events; i++) {
		for (k = 0; k < NR_PARITY_PADDING; k++) {
			if (parity_padding[k].before != i)
				continue;
			len += (size_t)snprintf(text + len, sizeof(text) - len,
						"%s\n", parity_padding[k].line);
			pair[n++] = parity_padding[k].pair;
		}
		if (i == in->nr_events)
			break;
		len += sched_print_event(&in->ev[i], text + len,
					 sizeof(text) - len);
		len += (size_t)snprintf(text + len, sizeof(text) - len, "\n");
		pair[n++] = false;
	}
	EXPECT(len < sizeof(text));
	parse(text, out, failed);
	EXPECT_EQ_INT(out->nr_events, n);
}

TEST(parity_pairs_go_and_the_result_is_at_most_one_and_a_half_times_the_reproducer)
{
	static struct schedule pairless;
	static bool pair[SCHED_MAX_EVENTS];
	const char *bug = "transit-task-to-cpu";
	struct minimize_stats st, st2;
	struct sim_result plain, res;
	struct sim_options opts;
	unsigned int k, pairs = 0;

	load("crashes/transit-task-to-cpu.sched", &orig, failed);
	EXPECT_EQ_INT(orig.nr_events, 8);
	pad_with_pairs(&orig, &work, pair, failed);
	EXPECT_EQ_INT(work.nr_events, orig.nr_events + NR_PARITY_PADDING);
	/* the padding keeps the violation ... */
	EXPECT_EQ_INT(run(&orig, bug, &plain), 1);
	EXPECT_EQ_INT(run(&work, bug, &res), 1);
	EXPECT(!strcmp(res.invariant, plain.invariant));
	EXPECT(!strcmp(res.site, plain.site));
	/* ... and each of a pair, removed alone, loses it */
	for (k = 0; k < work.nr_events; k++) {
		if (!pair[k])
			continue;
		pairs++;
		pairless = work;
		memmove(&pairless.ev[k], &pairless.ev[k + 1],
			(pairless.nr_events - k - 1) * sizeof(pairless.ev[0]));
		pairless.nr_events--;
		if (run(&pairless, bug, &res) &&
		    !strcmp(res.invariant, plain.invariant) &&
		    !strcmp(res.site, plain.site)) {
			printf("  event %u alone goes\n", k + 1);
			*failed = 1;
		}
	}
	EXPECT_EQ_INT(pairs, 8);

	options(bug, &opts);
	again = work;
	EXPECT_EQ_INT(minimize_schedule(&work, &opts, &st), 0);
	printf("  %u events -> %u (the reproducer: %u), %u runs\n",
	       st.events_before, st.events_after, orig.nr_events, st.runs);
	EXPECT(work.nr_events * 2 <= orig.nr_events * 3);
	EXPECT_EQ_INT(run(&work, bug, &res), 1);
	EXPECT(!strcmp(res.invariant, plain.invariant));
	EXPECT(!strcmp(res.site, plain.site));
	EXPECT_EQ_INT(run(&work, NULL, &res), 0);
	/* deterministic: the same again */
	EXPECT_EQ_INT(minimize_schedule(&again, &opts, &st2), 0);
	EXPECT(sched_equal(&again, &work));
	EXPECT_EQ_INT(st2.runs, st.runs);
}

/*
 * The seed reproducer with its named stop point as a step count: the
 * fork must stop inside the walk, which a window of counts does (from
 * about 10 to 29 steps). The minimizer keeps "steps N" (a full run
 * does not reproduce) and shortens N to the start of the window; the
 * rest of check_minimize() holds as for the file.
 */
static const char by_steps[] =
	"cpus 4\n"
	"threads T0 T1 T2 T3\n"
	"idle cpu1\n"
	"fork T0 T4 steps 25\n"
	"schedule cpu1 T1\n"
	"idle cpu1\n"
	"migrate T1 cpu2\n"
	"schedule cpu2 T1\n"
	"step cpu0\n";

static const struct sched_event *find_fork(const struct schedule *s)
{
	for (unsigned int i = 0; i < s->nr_events; i++)
		if (s->ev[i].kind == EV_FORK)
			return &s->ev[i];
	return NULL;
}

TEST(step_counts_are_shortened)
{
	const char *bug = "transit-task-to-cpu";
	const struct sched_event *fork;
	struct sim_result res;
	unsigned int i;

	parse(by_steps, &orig, failed);
	check_minimize(bug, "I4", failed);
	fork = find_fork(&work);
	EXPECT(fork != NULL);
	if (!fork)
		return;
	EXPECT_EQ_INT(fork->run.kind, RUN_STEPS);
	EXPECT(fork->run.steps > 0 && fork->run.steps < 25);

	/* one step less no longer reproduces */
	again = work;
	i = (unsigned int)(fork - work.ev);
	again.ev[i].run.steps--;
	EXPECT_EQ_INT(run(&again, bug, &res), 0);
}

TEST(clean_schedule_is_left_alone)
{
	struct minimize_stats st;
	struct sim_options opts;

	load("corpus/vfork-exec.sched", &orig, failed);
	options(NULL, &opts);
	work = orig;
	EXPECT_EQ_INT(minimize_schedule(&work, &opts, &st), -1);
	EXPECT(sched_equal(&work, &orig));
	EXPECT_EQ_INT(st.events_before, orig.nr_events);
	EXPECT_EQ_INT(st.events_after, orig.nr_events);
	EXPECT_EQ_INT(st.runs, 1);
}

TEST_MAIN()
