// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whose finding is a violation (fuzzers/known.h): a bug target owns only
 * what needs its switch; a violation of the newest code is known when it
 * is one of docs/findings.md, new otherwise.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cid_bugs.h"
#include "fileio.h"
#include "findings.h"
#include "known.h"
#include "oracle.h"
#include "schedule.h"
#include "sim.h"
#include "testlib.h"
#include "test_sched_file.h"

static struct schedule sched;

static void parse(const char *text, int *failed)
{
	struct sched_error err;

	EXPECT_EQ_INT(sched_parse_text("t.sched", text, strlen(text), &sched, &err), 0);
}

/* Run @sched with @bug (NULL: none) and classify its violation */
static enum finding_class classify(const char *bug, struct sim_result *newest,
				   int *failed)
{
	struct sim_options opts;
	struct sim_result res;
	struct sim *s = sim_new(oracle_checker());
	enum finding_class class;

	sim_default_options(&opts);
	if (bug)
		opts.bugs = 1U << cid_bug_lookup(bug);
	EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, NULL), 1);
	class = classify_finding(s, &sched, &opts, &res, newest);
	sim_free(s);
	return class;
}

TEST(a_reproducer_belongs_to_its_bug_target)
{
	struct sim_result newest;

	load_sched_file("crashes/unset-transit-oob.sched", &sched, failed);
	EXPECT_EQ_INT(classify("unset-transit-oob", &newest, failed), FINDING_TARGET);
	load_sched_file("crashes/transit-task-to-cpu.sched", &sched, failed);
	EXPECT_EQ_INT(classify("transit-task-to-cpu", &newest, failed), FINDING_TARGET);
}

/*
 * Found by the unset-transit-oob target in 2 of 10 runs of
 * bench/history.sh (2026-12-06), and counted as that bug found: T1's
 * second failed exec leaves the mm without users while cpu0 and cpu1
 * still own CIDs 0 and 1 (per-CPU mode); T1 joins again as its "first
 * user", the mode flips to per-task with max_cids 1, and mm_get_cid()
 * spins under mm_cid.lock. It needs no switch: the newest code's known
 * finding (docs/findings.md), an mm that got users back.
 */
TEST(a_known_finding_is_not_the_bug_targets)
{
	struct sim_result newest;

	parse("cpus 2\nthreads T0 T1\nfork T0 T3\nexit T0\n"
	      "exec T1 fail until enters sched_mm_cid_exit\nidle cpu1\n"
	      "migrate T1 cpu0\nschedule cpu0\nthreads T0 T1 T2 T3\nstep cpu0\n"
	      "exec T1 fail until enters sched_mm_cid_exit\nexit T3\n", failed);
	EXPECT_EQ_INT(classify("unset-transit-oob", &newest, failed), FINDING_KNOWN);
	EXPECT_STR_CONTAINS(newest.invariant, "I4");
	EXPECT_STR_CONTAINS(newest.site, "mm_get_cid");
	/* and on the newest code, where it is the fixed target's */
	EXPECT_EQ_INT(classify(NULL, &newest, failed), FINDING_KNOWN);
	load_sched_file("docs/findings/failed-exec-revives-mm.sched", &sched, failed);
	EXPECT_EQ_INT(classify(NULL, &newest, failed), FINDING_KNOWN);
}

/*
 * The second finding (a failed exec in per-CPU mode leaves a CPU owning a
 * CID in per-task mode) is known by predicate, not by its key alone: I6
 * at cpu-owns-in-per-task when a failed exec's window was open in the run
 * (an active user in user space without a CID, per-CPU mode). The same
 * key from a run without that window is new.
 */
TEST(a_cpu_keeping_its_cid_is_known_only_after_a_failed_exec)
{
	struct sim_options opts;
	struct sim_result res, newest;
	struct sim *s = sim_new(oracle_checker());

	unsetenv("CIDFUZZ_KNOWN");
	load_sched_file("docs/findings/failed-exec-leaves-cpu-cid-short.sched",
			&sched, failed);
	EXPECT_EQ_INT(classify(NULL, &newest, failed), FINDING_KNOWN);
	EXPECT_STR_CONTAINS(newest.site, "cpu-owns-in-per-task");
	/* a bug target that meets it: the newest code's, known */
	EXPECT_EQ_INT(classify("unset-transit-oob", &newest, failed),
		      FINDING_KNOWN);
	load_sched_file("docs/findings/failed-exec-leaves-cpu-cid.sched",
			&sched, failed);
	EXPECT_EQ_INT(classify(NULL, &newest, failed), FINDING_KNOWN);
	EXPECT_STR_CONTAINS(newest.site, "cpu-owns-in-per-task");

	/* the key without the window: a clean run, its verdict forged */
	parse("cpus 4\nthreads T0 T1 T2 T3\nfork T0 T4\nexit T4\nexit T3\n",
	      failed);
	sim_default_options(&opts);
	EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, NULL), 0);
	res.violation = true;
	snprintf(res.invariant, sizeof(res.invariant), "I6");
	snprintf(res.site, sizeof(res.site), "cpu-owns-in-per-task");
	EXPECT_EQ_INT(classify_finding(s, &sched, &opts, &res, &newest),
		      FINDING_TARGET);
	setenv("CIDFUZZ_KNOWN", "I6-cpu-owns-in-per-task", 1);
	EXPECT_EQ_INT(classify_finding(s, &sched, &opts, &res, &newest),
		      FINDING_KNOWN);
	unsetenv("CIDFUZZ_KNOWN");
	sim_free(s);
}

/*
 * The second finding seen first as the lockup it leads to (I4 at
 * mm_get_cid): two runs of the no-false-positive hour of 2026-12-06 that
 * the I6-only predicate called new. Known only when the CPU kept its CID
 * in per-task mode after the failed exec's window, as in both.
 */
TEST(a_cpu_keeping_its_cid_is_known_as_the_lockup_too)
{
	struct sim_result newest;

	unsetenv("CIDFUZZ_KNOWN");
	load_sched_file("tests/cpu-kept-cid-lockup.sched", &sched, failed);
	EXPECT_EQ_INT(classify(NULL, &newest, failed), FINDING_KNOWN);
	EXPECT_STR_CONTAINS(newest.invariant, "I4");
	EXPECT_STR_CONTAINS(newest.site, "mm_get_cid");
	load_sched_file("tests/cpu-kept-cid-lockup-walk.sched", &sched, failed);
	EXPECT_EQ_INT(classify("walk-thread-list", &newest, failed),
		      FINDING_KNOWN);
	EXPECT_STR_CONTAINS(newest.site, "mm_get_cid");

	/* the lockup without a CPU keeping a CID: a bug target's own */
	load_sched_file("crashes/transit-task-to-cpu.sched", &sched, failed);
	EXPECT_EQ_INT(classify("transit-task-to-cpu", &newest, failed),
		      FINDING_TARGET);
}

/* A violation that needs no switch and is not written up: new */
TEST(a_new_violation_of_the_newest_code_is_kept_apart)
{
	struct sim_options opts;
	struct sim_result res, newest;
	struct sim *s = sim_new(oracle_checker());

	load_sched_file("crashes/transit-task-to-cpu.sched", &sched, failed);
	sim_default_options(&opts);
	opts.bugs = 1U << cid_bug_lookup("vfork-budget");
	opts.fault.kind = FAULT_MAX_CIDS;	/* the newest code, broken */
	opts.fault.after_event = 1;
	EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, NULL), 1);
	EXPECT_EQ_INT(classify_finding(s, &sched, &opts, &res, &newest),
		      FINDING_NEWEST);
	EXPECT_STR_CONTAINS(newest.invariant, "I6");
	opts.bugs = 0;
	EXPECT_EQ_INT(classify_finding(s, &sched, &opts, &res, &newest),
		      FINDING_TARGET);
	sim_free(s);
}

/*
 * A run the oracle could not check to its end is no clean run: the
 * harness (findings_after_run()) counts it and keeps its input as
 * unchecked-I6.bin, which replays the same; never the target found.
 */
TEST(a_run_not_fully_checked_is_kept_as_unchecked)
{
	static uint8_t bin[1 << 16];
	char dir[] = "/tmp/cidfuzz-test-known-XXXXXX", path[256];
	struct sim *s = sim_new(oracle_checker());
	struct sim_options opts;
	struct sim_result res;
	size_t len;
	char *data;

	EXPECT(mkdtemp(dir) != NULL);
	setenv("CIDFUZZ_FINDINGS", dir, 1);
	findings_init();
	sim_default_options(&opts);
	load_sched_file("tests/unchecked-window.sched", &sched, failed);
	EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, NULL), 0);
	EXPECT(res.unchecked);
	len = sched_encode_binary(&sched, bin, sizeof(bin));
	findings_after_run(s, &sched, &opts, &res, bin, len);
	EXPECT_EQ_INT(findings_stats()->unchecked, 1);
	EXPECT_EQ_INT(findings_stats()->found, 0);
	snprintf(path, sizeof(path), "%s/unchecked-I6.bin", dir);
	data = read_whole(path, &len);
	EXPECT(data != NULL);
	if (data) {
		sched_decode_binary((const uint8_t *)data, len, &sched);
		EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, NULL), 0);
		EXPECT(res.unchecked);
		free(data);
	}
	/* a clean run is not kept */
	parse("cpus 2\nthreads T0 T1\nexit T1\n", failed);
	EXPECT_EQ_INT(sim_run(s, &sched, &opts, &res, NULL), 0);
	EXPECT(!res.unchecked);
	findings_after_run(s, &sched, &opts, &res, bin, 0);
	EXPECT_EQ_INT(findings_stats()->unchecked, 1);
	unlink(path);
	rmdir(dir);
	unsetenv("CIDFUZZ_FINDINGS");
	sim_free(s);
}

TEST_MAIN()
