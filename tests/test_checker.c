// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulator's side of the checker interface (view/checker.h), with a
 * checker of the test's own instead of the oracle: it is begun once a
 * run, told every accepted event once, in order, called once per step
 * and ended once; the run does not depend on which checker watches it
 * (the oracle or this one); and a verdict it gives through the view ends
 * the run at that step.
 */
#include <string.h>

#include "checker.h"
#include "cid_bugs.h"
#include "oracle.h"
#include "schedule.h"
#include "sim.h"
#include "testlib.h"
#include "test_sched_file.h"
#include "view.h"

#define MAX_EVENTS 16

struct counts {
	unsigned int begins, steps, ends, resyncs, releases;
	unsigned int finals, halts;	/* ends with view_final(), view_halted() */
	unsigned int nr_events;
	struct check_event ev[MAX_EVENTS];
	unsigned long fail_at;		/* give a verdict at this step, 0: never */
};

static void count_begin(void *ctx, struct view *v, const struct check_options *opts)
{
	struct counts *c = ctx;

	(void)v;
	(void)opts;
	c->begins++;
}

static void count_event(void *ctx, struct view *v, const struct check_event *ev)
{
	struct counts *c = ctx;

	(void)v;
	if (c->nr_events < MAX_EVENTS)
		c->ev[c->nr_events] = *ev;
	c->nr_events++;
}

static void count_step(void *ctx, struct view *v)
{
	struct counts *c = ctx;

	if (++c->steps == c->fail_at)
		view_violation(v, "I7", "counted", "the test's checker says so");
}

static void count_resync(void *ctx, struct view *v)
{
	struct counts *c = ctx;

	(void)v;
	c->resyncs++;
}

static void count_end(void *ctx, struct view *v, struct check_stats *st)
{
	struct counts *c = ctx;

	c->ends++;
	c->finals += view_final(v);
	c->halts += view_halted(v);
	memset(st, 0, sizeof(*st));
}

static uint64_t count_hash(const void *ctx)
{
	(void)ctx;
	return 0;
}

static void count_release(void *ctx)
{
	struct counts *c = ctx;

	c->releases++;
}

static struct counts counts;

static const struct checker counting = {
	.ctx = &counts,
	.begin = count_begin,
	.event = count_event,
	.step = count_step,
	.resync = count_resync,
	.end = count_end,
	.state_hash = count_hash,
	.release = count_release,
};

/* Five events the checker hears of, two it does not (migrate, schedule) */
static const char text[] =
	"cpus 2\n"
	"process T0 cpu0\n"
	"fork T0 T1\n"
	"migrate T1 cpu1\n"
	"schedule cpu1 T1\n"
	"affinity T0 0-1\n"
	"fork T0 T2\n"
	"exit T1\n";

/* Run @sched under the counting checker, as @opts says */
static void run_sched(const struct schedule *sched, const struct sim_options *opts,
		      struct sim_result *res, int *failed)
{
	struct sim *s = sim_new(&counting);

	EXPECT(s != NULL);
	if (!s)
		return;
	sim_run(s, sched, opts, res, NULL);
	sim_free(s);
}

/* Run @schedule (text) with the invariants @checks */
static void run_checks(const char *schedule, unsigned int checks,
		       struct sim_result *res, int *failed)
{
	static struct schedule sched;
	struct sched_error err;
	struct sim_options opts;

	EXPECT_EQ_INT(sched_parse_text("t.sched", schedule, strlen(schedule), &sched, &err), 0);
	sim_default_options(&opts);
	opts.checks = checks;
	run_sched(&sched, &opts, res, failed);
}

static void run(const char *schedule, struct sim_result *res, int *failed)
{
	run_checks(schedule, CHECK_ALL, res, failed);
}

TEST(checker_is_called_once_per_step_and_once_per_event)
{
	static const struct {
		uint8_t kind, task, child;
	} want[] = {
		{ CEV_PROCESS, 0, 0 }, { CEV_FORK, 0, 1 }, { CEV_AFFINITY, 0, 0 },
		{ CEV_FORK, 0, 2 }, { CEV_EXIT, 1, 0 },
	};
	struct sim_result res;
	unsigned int i;

	memset(&counts, 0, sizeof(counts));
	run(text, &res, failed);
	EXPECT_EQ_INT(res.violation, 0);
	EXPECT_EQ_INT(res.events_skipped, 0);
	EXPECT(res.steps > 0);
	EXPECT_EQ_INT(counts.steps, res.steps);
	EXPECT_EQ_INT(counts.begins, 1);
	EXPECT_EQ_INT(counts.ends, 1);
	EXPECT_EQ_INT(counts.resyncs, 0);
	EXPECT_EQ_INT(counts.releases, 1);
	EXPECT_EQ_INT(counts.nr_events, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < sizeof(want) / sizeof(want[0]) && i < counts.nr_events; i++) {
		EXPECT_EQ_INT(counts.ev[i].kind, want[i].kind);
		EXPECT_EQ_INT(counts.ev[i].task, want[i].task);
		if (want[i].kind == CEV_FORK)
			EXPECT_EQ_INT(counts.ev[i].child, want[i].child);
	}
}

/* The same run, step for step, under the oracle and under the counter */
TEST(run_is_the_same_whatever_checker_watches_it)
{
	struct sim_result a, b;
	struct schedule sched;
	struct sched_error err;
	struct sim_options opts;
	struct strbuf ta, tb;
	struct sim *s = sim_new(oracle_checker()), *c = sim_new(&counting);

	memset(&counts, 0, sizeof(counts));
	EXPECT(s && c);
	if (!s || !c)
		return;
	EXPECT_EQ_INT(sched_parse_text("t.sched", text, strlen(text), &sched, &err), 0);
	sim_default_options(&opts);
	opts.trace = true;
	sb_init(&ta);
	sb_init(&tb);
	sim_run(s, &sched, &opts, &a, &ta);
	sim_run(c, &sched, &opts, &b, &tb);
	EXPECT_EQ_INT(a.violation, 0);
	EXPECT_EQ_INT(a.steps, b.steps);
	EXPECT(ta.buf && tb.buf && !strcmp(ta.buf, tb.buf));
	EXPECT_EQ_INT(counts.steps, b.steps);
	sb_free(&ta);
	sb_free(&tb);
	sim_free(s);
	sim_free(c);
}

/* A checker that could not be made makes no simulator */
TEST(no_checker_no_simulator)
{
	EXPECT(sim_new(NULL) == NULL);
}

TEST(checker_verdict_through_the_view_ends_the_run_at_its_step)
{
	struct sim_result res;

	memset(&counts, 0, sizeof(counts));
	counts.fail_at = 10;
	run(text, &res, failed);
	EXPECT_EQ_INT(res.violation, 1);
	EXPECT_STR_CONTAINS(res.invariant, "I7");
	EXPECT_STR_CONTAINS(res.site, "counted");
	EXPECT_EQ_INT(res.step, 10);
	EXPECT_EQ_INT(counts.steps, 10);
	EXPECT_EQ_INT(counts.ends, 1);
	EXPECT_EQ_INT(counts.finals + counts.halts, 0);
}

/*
 * A verdict under an invariant the run does not report (--check) is none:
 * the run goes on to its end and its final checks, and names it
 */
TEST(deselected_verdict_is_named_and_the_run_goes_on_to_its_end)
{
	struct sim_result res;
	unsigned long steps;

	memset(&counts, 0, sizeof(counts));
	run(text, &res, failed);
	steps = res.steps;
	memset(&counts, 0, sizeof(counts));
	counts.fail_at = 10;
	run_checks(text, CHECK_ALL & ~CHECK_INV(7), &res, failed);
	EXPECT_EQ_INT(res.violation, 0);
	EXPECT_EQ_INT(res.steps, steps);
	EXPECT_EQ_INT(counts.steps, steps);
	EXPECT_EQ_INT(res.deselected, CHECK_INV(7));
	EXPECT_EQ_INT(res.fired[6].step, 10);
	EXPECT_STR_CONTAINS(res.fired[6].what, "counted: the test's checker says so");
	EXPECT_EQ_INT(counts.finals, 1);
}

/*
 * A livelock with I4 deselected still ends the run (nothing can move),
 * named, and no verdict: the checker's end is told that the run halted
 */
TEST(deselected_livelock_ends_the_run_halted_and_named)
{
	static struct schedule sched;
	struct sim_options opts;
	struct sim_result res;

	load_sched_file("crashes/transit-task-to-cpu.sched", &sched, failed);
	sim_default_options(&opts);
	opts.bugs = 1U << cid_bug_lookup("transit-task-to-cpu");
	opts.checks = CHECK_ALL & ~CHECK_INV(4);
	memset(&counts, 0, sizeof(counts));
	run_sched(&sched, &opts, &res, failed);
	EXPECT_EQ_INT(res.violation, 0);
	EXPECT_EQ_INT(res.deselected, CHECK_INV(4));
	EXPECT_STR_CONTAINS(res.fired[3].what, "mm_get_cid: livelock");
	EXPECT_EQ_INT(res.fired[3].step, res.steps);
	EXPECT_EQ_INT(counts.ends, 1);
	EXPECT_EQ_INT(counts.halts, 1);
	EXPECT_EQ_INT(counts.finals, 0);
}

TEST_MAIN()
