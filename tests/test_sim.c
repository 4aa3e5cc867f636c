// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulator behaviour: the crash reproducers reproduce with their bug on
 * and are clean with it off, verdicts are deterministic, named stop points
 * stop where they say, impossible events are skipped and counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cid_bugs.h"
#include "gen.h"
#include "oracle.h"
#include "schedule.h"
#include "sim.h"
#include "testlib.h"
#include "test_sched_file.h"
#include "view.h"

static struct schedule sched;

static void load(const char *rel, int *failed)
{
	load_sched_file(rel, &sched, failed);
}

static void parse(const char *text, int *failed)
{
	struct sched_error err;

	EXPECT_EQ_INT(sched_parse_text("t.sched", text, strlen(text), &sched, &err), 0);
}

static int run(const char *bug, bool trace, struct sim_result *res,
	       struct strbuf *out)
{
	struct sim_options opts;
	struct sim *s = sim_new(oracle_checker());
	int ret;

	sim_default_options(&opts);
	if (bug)
		opts.bugs = 1U << cid_bug_lookup(bug);
	opts.trace = trace;
	ret = sim_run(s, &sched, &opts, res, out);
	sim_free(s);
	return ret;
}

TEST(transit_task_to_cpu_reproduces_with_bug_on_clean_with_bug_off)
{
	struct sim_result res;
	struct strbuf out;

	load("crashes/transit-task-to-cpu.sched", failed);
	sb_init(&out);
	EXPECT_EQ_INT(run("transit-task-to-cpu", false, &res, &out), 1);
	EXPECT_STR_CONTAINS(res.invariant, "I4");
	/* names the spinning CPU and the path waiting for its rq lock */
	EXPECT_STR_CONTAINS(res.what, "livelock: cpu2 __schedule->T1 spins in mm_get_cid holding rq2");
	EXPECT_STR_CONTAINS(res.what, "T0 fork (on cpu0) waits for rq2");
	EXPECT_STR_CONTAINS(out.buf, "wait-for:");
	sb_free(&out);
	EXPECT_EQ_INT(run(NULL, false, &res, NULL), 0);
}

/*
 * crashes/<@file>.sched shows @inv with @bug on, in words that contain
 * @what, and is clean with every bug off
 */
static void expect_reproduces(const char *file, const char *bug,
			      const char *inv, const char *what, int *failed)
{
	struct sim_result res;
	char rel[96];

	snprintf(rel, sizeof(rel), "crashes/%s.sched", file);
	load(rel, failed);
	EXPECT_EQ_INT(run(bug, false, &res, NULL), 1);
	EXPECT_STR_CONTAINS(res.invariant, inv);
	EXPECT_STR_CONTAINS(res.what, what);
	EXPECT_EQ_INT(run(NULL, false, &res, NULL), 0);
}

/*
 * The out-of-bounds bit numbers as KASAN saw them: CVE-2026-23225, a
 * slot in TRANSIT dropped on a mode switch; de3ab9bd3133 (syzkaller), a
 * failed exec's UNSET word marked TRANSIT by the walk back to per-task
 * mode and given back at its schedule out
 */
TEST(i9_reproducers_name_the_bit_number_with_bug_on_clean_with_bug_off)
{
	expect_reproduces("cid-on-cpu-drop", "cid-on-cpu-drop", "I9",
			  "clear_bit(0x20000001) in mm_drop_cid: bit number carries MM_CID_TRANSIT",
			  failed);
	expect_reproduces("unset-transit-oob", "unset-transit-oob", "I9",
			  "clear_bit(0x80000000) in mm_drop_cid: bit number carries MM_CID_UNSET",
			  failed);
}

/* The two March stalls: a task keeps a task CID in per-CPU mode */
TEST(fork_visibility_and_vfork_budget_reproduce_with_bug_on_only)
{
	static const char *const bug[] = { "fork-visibility", "vfork-budget" };
	static const char *const who[] = {
		"per-CPU mode, but T4 owns CID 3", "per-CPU mode, but T3 owns CID 3",
	};
	struct sim_result res;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		expect_reproduces(bug[i], bug[i], "I6", who[i], failed);
		/* the thread-list walk alone, as after both fixes: clean */
		EXPECT_EQ_INT(run("walk-thread-list", false, &res, NULL), 0);
	}
}

/*
 * A failed fork undone by its parent before b2e48c429ec5: the switch
 * back to per-task mode drops the CPU's CID the parent runs with
 */
TEST(fork_visibility_failed_fork_drops_the_parents_cid)
{
	expect_reproduces("fork-visibility.failed-fork", "fork-visibility", "I2",
			  "CID 0 is owned by cpu0 but free in the bitmap", failed);
}

/* Run the schedule in @s, which stays for a look at its end state */
static int run_in(struct sim *s, unsigned int bugs, struct sim_result *res)
{
	struct sim_options opts;

	sim_default_options(&opts);
	opts.bugs = bugs;
	return sim_run(s, &sched, &opts, res, NULL);
}

/* Slot T<slot> in the end state: its view index (it must exist) */
static unsigned int task_of(struct sim *s, unsigned int slot,
			    int *failed)
{
	int i = view_task_of_slot(sim_view(s), slot);

	EXPECT(i >= 0);
	return i < 0 ? 0 : (unsigned int)i;
}

/*
 * A failed exec in per-CPU mode: the task leaves its mm and joins it
 * again, which hands out no CID in per-CPU mode; it runs on in user
 * space as a user without one (the oracle allows that window) until its
 * next schedule in gives it one. The users and the mode stay.
 */
TEST(failed_exec_in_per_cpu_mode_runs_without_a_cid_until_schedule_in)
{
	static const char text[] = "cpus 4\nthreads T0 T1 T2 T3\nfork T0 T4\n"
				   "exec T3 fail\n";
	char again[256];
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());
	unsigned int t3;

	parse(text, failed);
	EXPECT_EQ_INT(run_in(s, 0, &res), 0);
	EXPECT_EQ_INT(res.events_skipped, 0);
	t3 = task_of(s, 3, failed);
	EXPECT(view_task_active(sim_view(s), t3));
	EXPECT(view_task_in_user(sim_view(s), t3));
	EXPECT_EQ_INT(view_task_cid(sim_view(s), t3), VIEW_CID_UNSET);
	EXPECT_EQ_INT(view_task_mm(sim_view(s), t3), 0);
	EXPECT_EQ_INT(view_mm_users(sim_view(s), 0), 5);
	EXPECT_EQ_INT(view_mm_mode(sim_view(s), 0), VIEW_CID_ONCPU);
	/* out and in again: now it has one, cpu3's */
	snprintf(again, sizeof(again), "%sidle cpu3\nschedule cpu3 T3\n", text);
	parse(again, failed);
	EXPECT_EQ_INT(run_in(s, 0, &res), 0);
	t3 = task_of(s, 3, failed);
	EXPECT(view_task_in_user(sim_view(s), t3));
	EXPECT(view_task_cid(sim_view(s), t3) != VIEW_CID_UNSET);
	EXPECT_EQ_INT(view_task_cid(sim_view(s), t3), view_mm_pcpu_cid(sim_view(s), 0, 3));
	EXPECT_EQ_INT(view_mm_users(sim_view(s), 0), 5);
	sim_free(s);
}

/* In per-task mode it gets a new CID at once, as a fork's child does */
TEST(failed_exec_in_per_task_mode_gets_a_cid_at_once)
{
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());
	unsigned int t1;

	parse("cpus 4\nthreads T0 T1 T2\nexec T1 fail\n", failed);
	EXPECT_EQ_INT(run_in(s, 0, &res), 0);
	t1 = task_of(s, 1, failed);
	EXPECT(view_task_active(sim_view(s), t1));
	EXPECT(view_task_cid(sim_view(s), t1) < VIEW_CID_TRANSIT);
	EXPECT_EQ_INT(view_mm_users(sim_view(s), 0), 3);
	EXPECT_EQ_INT(view_mm_mode(sim_view(s), 0), 0);
	EXPECT_EQ_INT(view_nr_mms(sim_view(s)), 1);	/* the new mm comes in exec_mmap() */
	sim_free(s);
}

/*
 * A failed fork, of every kind, with and without the old registration in
 * copy_mm(): the parent's mm has the users it had, the child never runs
 * (events that name it are skipped) and its name can be used again; the
 * vfork parent does not wait for a child that never was.
 */
TEST(failed_fork_leaves_the_users_and_frees_the_name)
{
	static const char *const kind[] = { "thread", "vfork", "clone_vm", "process" };
	unsigned int bugs[] = { 0, 1U << cid_bug_lookup("fork-visibility") };
	char text[256];
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());
	unsigned int k, b, t0, t2;

	for (k = 0; k < 4; k++) {
		for (b = 0; b < 2; b++) {
			snprintf(text, sizeof(text),
				 "cpus 4\nthreads T0 T1 T2 T3\nexit T2\n"
				 "fork T0 T2 %s fail\n"
				 "schedule cpu0 T2\nmigrate T2 cpu2\nexit T2\n", kind[k]);
			parse(text, failed);
			EXPECT_EQ_INT(run_in(s, bugs[b], &res), 0);
			EXPECT_EQ_INT(res.events_skipped, 3);
			EXPECT_EQ_INT(view_mm_users(sim_view(s), 0), 3);
			EXPECT_EQ_INT(view_mm_mode(sim_view(s), 0), 0);
			t0 = task_of(s, 0, failed);
			t2 = task_of(s, 2, failed);
			EXPECT(view_task_in_user(sim_view(s), t0));
			EXPECT(!view_task_active(sim_view(s), t2));
			EXPECT_EQ_INT(view_task_mm(sim_view(s), t2), -1);
			EXPECT_EQ_INT(view_task_cid(sim_view(s), t2), VIEW_CID_UNSET);
			/* the name again, for a fork that succeeds */
			snprintf(text, sizeof(text),
				 "cpus 4\nthreads T0 T1 T2 T3\nexit T2\n"
				 "fork T0 T2 %s fail\nfork T0 T2 %s\n",
				 kind[k], kind[k]);
			parse(text, failed);
			EXPECT_EQ_INT(run_in(s, bugs[b], &res), 0);
			EXPECT_EQ_INT(res.events_skipped, 0);
			t2 = task_of(s, 2, failed);
			EXPECT(view_task_active(sim_view(s), t2));
			EXPECT_EQ_INT(view_mm_users(sim_view(s), 0), k == 3 ? 3 : 4);
		}
	}
	sim_free(s);
}

/*
 * A finding on the newest code (fuzzers/known.h, docs/findings.md): on two CPUs, three
 * threads put the mm in per-CPU mode (pcpu_thrs 1), two exit, and the
 * last one's exec fails. Leaving, it was the last user: the mode flipped
 * to per-task with TRANSIT, and no walk followed ("nothing to do": the
 * mm was to die); cpu0 still owns CID 0. Joining again as the "first
 * user" it takes CID 1; the mode stays in TRANSIT (I3). Its next fork,
 * in "per-task" mode, wants a CID for the child at once: CID 0 is
 * cpu0's, CID 1 its own, and mm_get_cid() spins with mm_cid.lock held
 * and interrupts off, for good (I4 with I3 and I6 deselected).
 */
TEST(failed_exec_revives_a_userless_mm)
{
	struct sim_options opts;
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());

	parse("cpus 2\nthreads T0 T1\nfork T0 T2\nexit T0\nschedule cpu1\n"
	      "schedule cpu1\nexit T1\nexec T2 fail\nfork T2 T3\n", failed);
	EXPECT_EQ_INT(run_in(s, 0, &res), 1);
	EXPECT_STR_CONTAINS(res.invariant, "I3");
	EXPECT_STR_CONTAINS(res.what, "mode has TRANSIT with no transition running");
	EXPECT_EQ_INT(res.event_index, 6);	/* in the exec */
	sim_default_options(&opts);
	opts.checks = CHECK_ALL & ~(CHECK_INV(3) | CHECK_INV(6));
	EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, NULL), 1);
	EXPECT_STR_CONTAINS(res.invariant, "I4");
	EXPECT_STR_CONTAINS(res.what, "T2 fork (on cpu0) spins in mm_get_cid holding mm0.mutex,mm0.lock");
	sim_free(s);
}

/*
 * The second finding of docs/findings.md, by its shortest reproducer
 * (docs/findings/failed-exec-leaves-cpu-cid-short.sched, from cidfuzz
 * verify): T0's exec fails in per-CPU mode above pcpu_thrs, so T0 runs on
 * cpu0 as a user with MM_CID_UNSET while cpu0 owns CID 0; the exit that
 * switches back to per-task mode walks cpu0, and mm_cid_transit_to_task()
 * tests T0's word, which has no ONCPU: cpu0 keeps CID 0 (I6). The mm
 * never loses its users. If T0 then runs elsewhere and the mm grows to
 * four users without a task of it on cpu0, the fourth fork finds all four
 * CIDs taken (three tasks', cpu0's) and mm_get_cid() spins (I4).
 */
TEST(failed_exec_leaves_a_cpu_cid)
{
	struct sim_options opts;
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());
	unsigned int t0;

	load("docs/findings/failed-exec-leaves-cpu-cid-short.sched", failed);
	EXPECT_EQ_INT(run_in(s, 0, &res), 1);
	EXPECT_STR_CONTAINS(res.invariant, "I6");
	EXPECT_STR_CONTAINS(res.site, "cpu-owns-in-per-task");
	EXPECT_STR_CONTAINS(res.what,
			    "mm0: per-task mode, but cpu0 owns CID 0");
	t0 = task_of(s, 0, failed);
	EXPECT(view_task_active(sim_view(s), t0));
	EXPECT_EQ_INT(view_task_cid(sim_view(s), t0), VIEW_CID_UNSET);
	EXPECT_EQ_INT(view_mm_users(sim_view(s), 0), 1);
	EXPECT_EQ_INT(view_mm_mode(sim_view(s), 0), 0);
	EXPECT_EQ_INT(view_mm_pcpu_cid(sim_view(s), 0, 0),
		      VIEW_CID_ONCPU); /* CID 0 */

	parse("cpus 4\nthreads T0 T1 T2\nfork T0 T3\nfork T0 T4\n"
	      "schedule cpu0\nexit T3\nexit T4\nexit T1 steps 0\n"
	      "exit T2 steps 0\nexec T0 fail\nstep cpu1\nstep cpu2\n"
	      "preempt cpu0\nmigrate T0 cpu1\nschedule cpu1 T0\n"
	      "fork T0 T5\nfork T0 T6\nfork T0 T7\n",
	      failed);
	sim_default_options(&opts);
	opts.checks = CHECK_ALL & ~CHECK_INV(6);
	EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, NULL), 1);
	EXPECT_STR_CONTAINS(res.invariant, "I4");
	EXPECT_STR_CONTAINS(
		res.what,
		"T0 fork (on cpu1) spins in mm_get_cid holding mm0.mutex,mm0.lock");
	sim_free(s);
}

/*
 * The statement 007d84287c74 removed hands this CPU's CID to current;
 * for an exit current is the exiting task, whose word is UNSET by then,
 * so it does nothing: the inconsistent state the changelog describes
 * cannot happen in the real code (docs/kernel-history.md).
 */
/* The end state of @s (every task, every mm's CID state) into @out */
static void end_state(struct sim *s, struct strbuf *out)
{
	const struct view *v = sim_view(s);
	struct view_task t;
	struct view_mm mm;
	unsigned int i, c;

	for (i = 0; i < view_nr_tasks(v); i++) {
		view_read_task(v, i, &t);
		sb_printf(out, "T%u cid %#x mm %d cpu %u flags %#x\n", t.slot,
			  t.cid, t.mm, t.cpu, t.flags);
	}
	for (i = 0; i < view_nr_mms(v); i++) {
		view_read_mm(v, i, &mm);
		sb_printf(out, "mm%u mode %#x users %u max_cids %u thrs %u "
			  "cidmask %#llx pcpu", i, mm.mode, mm.users,
			  mm.max_cids, mm.thrs, (unsigned long long)mm.cidmask);
		for (c = 0; c < view_nr_cpus(v); c++)
			sb_printf(out, " %#x", mm.pcpu[c]);
		sb_printf(out, "\n");
	}
}

TEST(exit_reassign_cid_changes_nothing_on_exit)
{
	struct sim_result res;
	struct strbuf trace[2], state[2];
	struct sim *s = sim_new(oracle_checker());
	struct sim_options opts;
	unsigned int i;

	parse("cpus 4\nthreads T0 T1 T2 T3\nfork T0 T4\nexit T3\nexit T2\n"
	      "exit T1\nmigrate T4 cpu1\nschedule cpu1 T4\nexit T4\n", failed);
	for (i = 0; i < 2; i++) {
		sim_default_options(&opts);
		opts.bugs = i ? 1U << cid_bug_lookup("exit-reassign-cid") : 0;
		opts.trace = true;
		sb_init(&trace[i]);
		sb_init(&state[i]);
		EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, &trace[i]), 0);
		end_state(s, &state[i]);
	}
	/* the switch's code ran (the exit path differs), to the same end */
	EXPECT(trace[0].len && trace[1].len &&
	       (trace[0].len != trace[1].len ||
		memcmp(trace[0].buf, trace[1].buf, trace[0].len)));
	EXPECT(state[0].len > 0);
	EXPECT(state[0].len == state[1].len &&
	       !memcmp(state[0].buf, state[1].buf, state[0].len));
	for (i = 0; i < 2; i++) {
		sb_free(&trace[i]);
		sb_free(&state[i]);
	}
	sim_free(s);
}

/*
 * A dead group leader stays linked while its threads live: its name is
 * not reused meanwhile (the kernel has a zombie there, never a new
 * task), so a thread-list walk that meets it finds it intact.
 */
TEST(dead_leader_is_not_reused_while_its_threads_live)
{
	struct sim_result res;

	parse("cpus 2\nthreads T0 T1\nexit T0\nprocess T0\n", failed);
	EXPECT_EQ_INT(run(NULL, false, &res, NULL), 0);
	EXPECT_EQ_INT(res.events_skipped, 1);	/* T0 is a zombie leader */
	parse("cpus 2\nthreads T0 T1\nexit T0\nexit T1\nprocess T0\n", failed);
	EXPECT_EQ_INT(run(NULL, false, &res, NULL), 0);
	EXPECT_EQ_INT(res.events_skipped, 0);	/* the group is gone */
	/* T3's walk (thread list, under RCU) stands on zombie T0 */
	parse("cpus 4\nthreads T0 T1 T2 T3\nexit T0\nfork T1 T4\n"
	      "fork T3 T5 steps 9\nthreads T0\n", failed);
	EXPECT_EQ_INT(run("fork-visibility", false, &res, NULL), 0);
	EXPECT_EQ_INT(res.events_skipped, 1);
}

TEST(seed_crash_is_clean_under_the_other_bug_switches)
{
	struct sim_result res;

	load("crashes/transit-task-to-cpu.sched", failed);
	EXPECT_EQ_INT(run("exit-reassign-cid", false, &res, NULL), 0);
	EXPECT_EQ_INT(run("schedout-drop", false, &res, NULL), 0);
	EXPECT_EQ_INT(run("cid-on-cpu-drop", false, &res, NULL), 0);
}

TEST(same_schedule_gives_the_same_trace_bytes)
{
	struct sim_result r1, r2;
	struct strbuf a, b;

	load("crashes/transit-task-to-cpu.sched", failed);
	sb_init(&a);
	sb_init(&b);
	EXPECT_EQ_INT(run("transit-task-to-cpu", true, &r1, &a), 1);
	EXPECT_EQ_INT(run("transit-task-to-cpu", true, &r2, &b), 1);
	EXPECT(a.len > 1000);
	EXPECT_EQ_INT(a.len, b.len);
	EXPECT(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	EXPECT_EQ_INT(r1.steps, r2.steps);
	sb_free(&a);
	sb_free(&b);
}

TEST(until_enters_stops_before_the_first_primitive_of_the_function)
{
	struct sim_result res;
	struct strbuf out;
	const char *p;

	parse("cpus 4\nthreads T0 T1 T2 T3\n"
	      "fork T0 T4 until enters mm_cid_fixup_tasks_to_cpus\n"
	      "schedule cpu1 idle\n", failed);
	sb_init(&out);
	EXPECT_EQ_INT(run(NULL, true, &res, &out), 0);
	/* the fork path is parked; the next event's trace comes right after
	 * the mode switch, before the walk takes its first pi_lock */
	p = strstr(out.buf, "== 2: fork T0 T4");
	EXPECT(p != NULL);
	if (p) {
		const char *next = strstr(p, "== 3:");
		const char *walk = strstr(p, "task_rq_lock");

		EXPECT(next != NULL && walk != NULL && next < walk);
	}
	sb_free(&out);
}

TEST(impossible_events_are_skipped_and_counted)
{
	struct sim_result res;

	parse("cpus 2\nthreads T0 T1\n"
	      "exit T7\n"			/* no such task */
	      "migrate T0 cpu1\n"		/* T0 is running */
	      "schedule cpu1 T0\n"		/* T0 is not on cpu1 */
	      "step cpu1\n"			/* nothing in flight */
	      "wake T1\n", failed);		/* T1 is not asleep */
	EXPECT_EQ_INT(run(NULL, false, &res, NULL), 0);
	EXPECT_EQ_INT(res.events_skipped, 5);
}

/*
 * The steps the trace shows under the header of @section ("== 2:",
 * "== drain"): its lines "  N cpuK ..." up to the next header
 */
static unsigned int steps_in(const char *trace, const char *section)
{
	const char *p = trace ? strstr(trace, section) : NULL;
	unsigned int n = 0;

	if (!p)
		return 0;
	for (p = strchr(p, '\n'); p && p[1] && strncmp(p + 1, "== ", 3);
	     p = strchr(p + 1, '\n')) {
		const char *q = p + 1 + strspn(p + 1, " ");

		n += q > p + 1 && *q >= '0' && *q <= '9';
	}
	return n;
}

/*
 * "steps N" stops the path after N steps of its own, "step cpuK steps
 * M" goes on for M more, and the drain finishes it: the same steps in
 * all, as a fork run in one go
 */
TEST(steps_n_runs_exactly_n_primitives)
{
	struct sim_result whole, res;
	struct strbuf out;
	unsigned long setup;

	parse("cpus 2\nthreads T0\nfork T0 T1\n", failed);
	sb_init(&out);
	EXPECT_EQ_INT(run(NULL, true, &whole, &out), 0);
	setup = steps_in(out.buf, "== 1: threads T0");
	EXPECT(setup > 0);
	EXPECT(whole.steps > setup + 5);
	sb_free(&out);

	parse("cpus 2\nthreads T0\nfork T0 T1 steps 3\n", failed);
	sb_init(&out);
	EXPECT_EQ_INT(run(NULL, true, &res, &out), 0);
	EXPECT_EQ_INT(steps_in(out.buf, "== 2: fork T0 T1 steps 3"), 3);
	EXPECT_EQ_INT(res.steps, whole.steps);
	EXPECT_EQ_INT(steps_in(out.buf, "== drain"), whole.steps - setup - 3);
	sb_free(&out);

	parse("cpus 2\nthreads T0\nfork T0 T1 steps 3\nstep cpu0 steps 2\n", failed);
	sb_init(&out);
	EXPECT_EQ_INT(run(NULL, true, &res, &out), 0);
	EXPECT_EQ_INT(steps_in(out.buf, "== 2: fork T0 T1 steps 3"), 3);
	EXPECT_EQ_INT(steps_in(out.buf, "== 3: step cpu0 steps 2"), 2);
	EXPECT_EQ_INT(res.steps, whole.steps);
	EXPECT_EQ_INT(steps_in(out.buf, "== drain"), whole.steps - setup - 3 - 2);
	sb_free(&out);
}

TEST(every_binary_input_runs_to_a_verdict)
{
	static uint8_t bytes[512];
	struct sim_options opts;
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());
	uint64_t x = 88172645463325252ULL;
	unsigned int verdicts[2] = { 0, 0 };

	sim_default_options(&opts);
	for (unsigned int i = 0; i < 300; i++) {
		size_t len = i % 200;

		for (size_t j = 0; j < len; j++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			bytes[j] = (uint8_t)x;
		}
		sched_decode_binary(bytes, len, &sched);
		/* a verdict: 1 with what and where, or 0 after every event */
		EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, NULL),
			      res.violation);
		EXPECT(res.events_run <= sched.nr_events);
		if (res.violation) {
			EXPECT(res.invariant[0] && res.site[0] && res.what[0]);
			EXPECT(res.step <= res.steps);
		} else {
			EXPECT_EQ_INT(res.events_run, sched.nr_events);
		}
		verdicts[res.violation]++;
	}
	printf("  %u clean, %u with a violation\n", verdicts[0], verdicts[1]);
	EXPECT(verdicts[0] > 0);
	sim_free(s);
}

/* Each simulator is its own world: one may come and go while another lives */
TEST(two_simulators_in_one_process)
{
	struct sim_options opts;
	struct sim_result a, b;
	struct sim *s1 = sim_new(oracle_checker()), *s2;

	load("crashes/transit-task-to-cpu.sched", failed);
	sim_default_options(&opts);
	opts.bugs = 1U << cid_bug_lookup("transit-task-to-cpu");
	EXPECT_EQ_INT(sim_run(s1, &sched, &opts, &a, NULL), 1);
	s2 = sim_new(oracle_checker());
	EXPECT_EQ_INT(sim_run(s2, &sched, &opts, &b, NULL), 1);
	sim_free(s2);
	EXPECT_EQ_INT(sim_run(s1, &sched, &opts, &b, NULL), 1);
	EXPECT_EQ_INT(a.steps, b.steps);
	sim_free(s1);
}

/* The feedback features a run reports, folded in order */
static uint64_t feature_fold;

static void fold_feature(uint32_t id)
{
	feature_fold = (feature_fold ^ id) * 0x100000001b3ULL;
}

static bool run_both_ways(struct sim *s, struct sim_options *opts,
			  bool trace, int *failed)
{
	struct sim_result a, b;
	struct strbuf ta, tb;
	uint64_t fa, fb;

	sb_init(&ta);
	sb_init(&tb);
	opts->trace = trace;
	opts->step_by_step = false;
	feature_fold = 0;
	sim_run(s, &sched, opts, &a, &ta);
	fa = feature_fold;
	opts->step_by_step = true;
	feature_fold = 0;
	sim_run(s, &sched, opts, &b, &tb);
	fb = feature_fold;
	EXPECT_EQ_INT(a.violation, b.violation);
	EXPECT(!strcmp(a.invariant, b.invariant));
	EXPECT(!strcmp(a.site, b.site));
	EXPECT(!strcmp(a.what, b.what));
	EXPECT_EQ_INT(a.step, b.step);
	EXPECT_EQ_INT(a.steps, b.steps);
	EXPECT_EQ_INT(a.events_run, b.events_run);
	EXPECT_EQ_INT(a.events_skipped, b.events_skipped);
	EXPECT_EQ_INT(a.account_checks, b.account_checks);
	EXPECT_EQ_INT(a.transitions, b.transitions);
	EXPECT(fa == fb);
	EXPECT_EQ_INT(ta.len, tb.len);
	EXPECT(ta.len == tb.len && (!ta.len || !memcmp(ta.buf, tb.buf, ta.len)));
	sb_free(&ta);
	sb_free(&tb);
	return a.violation;
}

/*
 * A chained run (the path going on from step to step on its own stack)
 * does what switching back to the simulator after every step does:
 * verdict, step counts, the oracle's figures, the feedback features in
 * order, and the trace bytes. The crash reproducers with their bug on
 * (traced), and 3,000 generated schedules, a third of them with weak
 * memory, every bug switch in turn, every 25th traced; and 300 with I9's
 * test fault, a verdict from inside a primitive, whose path goes on to
 * its next one before the run stops.
 */
TEST(chained_runs_change_nothing)
{
	static const char *const crash[] = { "transit-task-to-cpu",
		"cid-on-cpu-drop", "split-mode-fields", "fork-visibility",
		"vfork-budget", "unset-transit-oob" };
	struct sim_options opts;
	struct sim *s = sim_new(oracle_checker());
	unsigned int i, found = 0, i9 = 0;
	char rel[64];

	sim_default_options(&opts);
	sim_feature_hook = fold_feature;
	for (i = 0; i < sizeof(crash) / sizeof(crash[0]); i++) {
		snprintf(rel, sizeof(rel), "crashes/%s.sched", crash[i]);
		load(rel, failed);
		opts.bugs = 1U << cid_bug_lookup(crash[i]);
		EXPECT(run_both_ways(s, &opts, true, failed));
	}
	for (i = 0; i < 3000; i++) {
		sched_generate_mem(&sched, 7000 + i, 1 + i % 4, 64, i % 3 == 0);
		opts.bugs = i % 2 ? 0 : 1U << (i / 2 % NR_CID_BUGS);
		found += run_both_ways(s, &opts, i % 25 == 0, failed);
	}
	opts.bugs = 0;
	opts.fault.kind = FAULT_TRANSIT_BIT_NR;
	for (i = 0; i < 300; i++) {
		sched_generate_mem(&sched, 9000 + i, 1 + i % 4, 64, i % 3 == 0);
		opts.fault.after_event = 1 + i % 30;
		i9 += run_both_ways(s, &opts, i % 5 == 0, failed);
	}
	sim_feature_hook = NULL;
	printf("  %u of the 3000 generated runs with a violation, %u of 300 "
	       "with I9's fault\n", found, i9);
	EXPECT(i9 > 100);
	sim_free(s);
}

TEST_MAIN()
