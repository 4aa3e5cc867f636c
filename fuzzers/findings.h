/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a harness does with a violation, and the counters a campaign
 * reads while it runs.
 *
 * On its own (no CIDFUZZ_FINDINGS in the environment) a harness reports
 * a violation the way fuzz engines expect: a message and abort(), so
 * that libFuzzer, AFL++ or ClusterFuzzLite keep the input as a crash.
 *
 * Under a campaign, CIDFUZZ_FINDINGS names a folder: each distinct
 * violation (invariant and site) is written there at once, atomically
 * and never overwritten (an earlier run's input stays), as
 * <invariant>-<site>.bin, and fuzzing goes on; a run that was not fully
 * checked as unchecked-<invariant>.bin.
 * CIDFUZZ_STATS names a file that holds a struct fuzz_stats, shared with
 * the campaign (mmap): executions, findings, when the first came.
 */
#ifndef CIDFUZZ_FINDINGS_H
#define CIDFUZZ_FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "sim.h"

/* Whose finding a violation is (known.h decides) */
enum finding_class {
	FINDING_TARGET, /* the target's own: its switches needed */
	FINDING_KNOWN, /* the newest code's, written up: known-<key> */
	FINDING_NEWEST, /* the newest code's, new: newest-<key> */
};

struct fuzz_stats {
	uint64_t execs;
	uint64_t found;		/* distinct violations seen (per process) */
	uint64_t first_ns;	/* CLOCK_MONOTONIC of the first, 0: none */
	uint64_t first_execs;	/* executions until the first */
	char first_key[96];	/* its file name, without .bin */
	uint64_t unchecked;	/* runs not fully checked (findings_unchecked()) */
};

void findings_init(void);
struct fuzz_stats *findings_stats(void);

static inline void findings_exec(void)
{
	findings_stats()->execs++;
}

/*
 * Keep @res (classified: known.h) with its input: <key>.bin, or
 * known-<key>.bin, newest-<key>.bin (neither counts as the target found)
 */
void findings_violation(const struct sim_result *res, enum finding_class class,
			const uint8_t *data, size_t size);

/*
 * A run the oracle could not check to its end (sim_result.unchecked):
 * not clean, a run to look at. Counted, and kept like a violation, as
 * unchecked-<invariant>.bin (on its own: a message and abort(), so that
 * the engine keeps the input); never the target found.
 */
void findings_unchecked(const struct sim_result *res, const uint8_t *data,
			size_t size);

/* Also used by the campaign: the file name of a violation, no extension */
void findings_key(const struct sim_result *res, char *buf, size_t size);
uint64_t findings_now_ns(void);

#endif
