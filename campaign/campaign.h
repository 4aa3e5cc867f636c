/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The campaign: hunt every target with a fuzz engine under a time budget,
 * keep what is found (raw at once, minimized at the end), print a table.
 * The main job of cidfuzz (cidfuzz campaign, scripts/campaign.sh).
 *
 * Layout under the findings folder:
 *   <target>/<INV>-<site>.bin     the first input that showed it (raw)
 *   <target>/<INV>-<site>.sched   the same, minimized and readable
 *   <target>/unchecked-<INV>.bin  the first run the oracle could not
 *                                 check to its end (raw: no violation
 *                                 to minimize; cidfuzz replay --binary)
 *   .work/<engine>-<target>/      the engine's stats and log (AFL++: its
 *                                 output folder; libFuzzer's corpus lives
 *                                 in memory)
 * Nothing there is ever overwritten: a later campaign adds, never
 * replaces; an interrupted one keeps everything saved so far.
 */
#ifndef CIDFUZZ_CAMPAIGN_H
#define CIDFUZZ_CAMPAIGN_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The fuzz engines, one row each, from which the enum, the ops table
 * (campaign.c), --engine's names and errors (tools/cmd_campaign.c) and
 * cidfuzz help (tools/help.c) are made. X(ENGINE, ops, name, what):
 *   ENGINE	ENGINE_<ENGINE>
 *   ops	its struct campaign_engine_ops (campaign/engine.h), whose
 *		name is this row's
 *   name	--engine NAME; the first row's is the default
 *   what	one line for cidfuzz help
 * A new engine is a row here and its ops (a file of campaign/).
 */
#define CAMPAIGN_ENGINES(X)                                                   \
	X(LIBFUZZER, libfuzzer_engine, "libfuzzer",                           \
	  "the mutator and the feedback under libFuzzer")                     \
	X(AFL, afl_engine, "afl", "the mutator and the feedback under AFL++") \
	X(RANDOM, random_engine, "random",                                    \
	  "baseline: uniform random schedules, in process")                   \
	X(GEN, gen_engine, "gen",                                             \
	  "baseline: the schedule generator, in process")                     \
	X(LIBFUZZER_PLAIN, libfuzzer_plain_engine, "libfuzzer-plain",         \
	  "baseline: libFuzzer on bytes, code coverage")

enum campaign_engine {
#define X(ENGINE, ...) ENGINE_##ENGINE,
	CAMPAIGN_ENGINES(X) /* the rows above, in their order */
#undef X
	NR_CAMPAIGN_ENGINES
};

#define CAMPAIGN_MAX_TARGETS	32

struct campaign_opts {
	unsigned int engine;
	double max_time;		/* seconds per target */
	uint64_t max_execs; /* about this many executions per target; 0: no limit */
	unsigned int jobs;		/* engines at once */
	const char *targets[CAMPAIGN_MAX_TARGETS];
	unsigned int nr_targets;
	const char *findings;		/* the findings folder */
	const char *seeds;		/* .sched seeds (corpus/seeds) */
	const char *fuzz_dir;		/* build/fuzz/fuzzers */
	const char *afl_dir;		/* build/afl/fuzzers */
	const char *afl_mutator;	/* libcidfuzz_afl_mutator.so */
	bool keep_going;		/* go on after the first finding */
	bool quiet;			/* no progress lines */
	uint64_t seed;			/* engine seed; 0: the engine's choice */
};

/* One target's outcome */
struct campaign_result {
	const char *target;
	bool found;
	double first_s;			/* seconds to the first violation */
	uint64_t execs, first_execs;
	char reproducer[4096];		/* minimized .sched of the first */
	unsigned int nr_findings;	/* distinct violations in the folder */
	unsigned int nr_known;		/* the newest code's, known (docs/findings.md) */
	unsigned int nr_newest;		/* the newest code's, new: not the target's */
	uint64_t unchecked;		/* runs not fully checked: unchecked-*.bin */
	char crash[4096];		/* the harness itself crashed: its input */
};

/* Run it; results[] gets one entry per target. 0 ok, -1 setup error. */
int campaign_run(const struct campaign_opts *opts,
		 struct campaign_result *results);

/* --engine NAME: "?" for no engine */
const char *campaign_engine_name(unsigned int engine);
/* The engine --engine @name names, or -1 */
int campaign_engine_lookup(const char *name);

#endif
