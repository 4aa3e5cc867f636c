/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fuzz targets: the fixed code, one per bug switch, one per old
 * kernel profile. A harness is built per target (fuzz_<name>); the
 * campaign runs them.
 */
#ifndef CIDFUZZ_TARGETS_H
#define CIDFUZZ_TARGETS_H

#include <stdbool.h>

enum target_kind {
	TARGET_FIXED,		/* the current code: must never report */
	TARGET_BUG,		/* a known bug switched back on: must be found */
	TARGET_VARIANT,		/* an older form of the code: findings are news */
	TARGET_FRONT_DOOR,	/* our own input code (fuzz_<name>, libFuzzer */
				/* only): a finding is a bug of cidfuzz       */
	TARGET_PROFILE,		/* an old kernel (--kernel): bugs, untold     */
};

/* Which memory the target's schedules run on */
enum target_memory {
	TARGET_SC,		/* sequentially consistent, always */
	TARGET_WEAK,		/* store buffers in every schedule */
	TARGET_EITHER,		/* as the input says; the mutator may flip it */
};

struct fuzz_target {
	const char *name;	/* "fixed", the bug's slug, a front door */
	unsigned int bugs;	/* bit set of enum cid_bug; fuzz_target_bugs() */
	unsigned int kind;	/* enum target_kind */
	bool in_campaign;	/* run by default by cidfuzz campaign */
	unsigned int memory;	/* enum target_memory */
	const char *note;
	const char *profile;	/* TARGET_PROFILE: the kernel profile */
};

/*
 * Findings of the newest code that are known and written up
 * (docs/findings.md), as "INV-site" keys, space separated: a target that
 * runs the newest code records them as "known-<key>" and hunts on; they
 * do not count as found. The failed exec's findings are also known by
 * predicate (fuzzers/known.c): I6 at cpu-owns-in-per-task only when a
 * failed exec's window was open in the run, so it is not listed here.
 */
#define FUZZ_KNOWN_FINDINGS "I3-mode-transit"

extern const struct fuzz_target fuzz_targets[];
extern const unsigned int nr_fuzz_targets;

const struct fuzz_target *fuzz_target_lookup(const char *name);
/* The switches the target runs with (a profile's, resolved) */
unsigned int fuzz_target_bugs(const struct fuzz_target *t);
/* The target of a kernel profile: "kernel-<name>", "fixed" for latest */
const struct fuzz_target *fuzz_target_of_profile(const char *profile);
/* The value of CIDFUZZ_KNOWN for the target's harness */
const char *fuzz_target_known_env(const struct fuzz_target *t);
/* The value of CIDFUZZ_WEAK for the mutator ("1", "either", "") */
const char *fuzz_target_memory_env(const struct fuzz_target *t);

#endif
