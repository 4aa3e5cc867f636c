/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fuzz targets: the fixed code, and one per bug switch. A harness is
 * built per target (fuzz_<name>); the campaign runs them.
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
};

struct fuzz_target {
	const char *name;	/* "fixed", the bug's slug, a front door */
	unsigned int bugs;	/* bit set of enum cid_bug */
	unsigned int kind;	/* enum target_kind */
	bool in_campaign;	/* run by default by cidfuzz campaign */
	bool weak;		/* weak memory on in every schedule (else off) */
	const char *note;
};

extern const struct fuzz_target fuzz_targets[];
extern const unsigned int nr_fuzz_targets;

const struct fuzz_target *fuzz_target_lookup(const char *name);

#endif
