// SPDX-License-Identifier: GPL-2.0-only
/* The fuzz targets (targets.h). */
#include <string.h>

#include "kernel.h"
#include "targets.h"

#define BUG(b)	(1U << (b))

const struct fuzz_target fuzz_targets[] = {
	{ "fixed", 0, TARGET_FIXED, true, false,
	  "the current code; any violation is a new bug" },
	{ "transit-task-to-cpu", BUG(BUG_TRANSIT_TASK_TO_CPU), TARGET_BUG, true,
	  false, "seed patch 1 reverted: livelock" },
	{ "exit-reassign-cid", BUG(BUG_EXIT_REASSIGN_CID), TARGET_BUG, true,
	  false, "seed patch 3 reverted: inactive task holds a CID" },
	/* The weak-memory targets: every schedule has store buffers */
	{ "split-mode-fields", BUG(BUG_SPLIT_MODE_FIELDS), TARGET_BUG, true,
	  true, "seed patch 2 reverted: mode fields seen out of order" },
	{ "fixed-weak", 0, TARGET_FIXED, true, true,
	  "the current code on weak memory; any violation is a new bug" },
	/* The open question of the patch 2 review: docs/transit-barriers.md */
	{ "transit-barriers", BUG(BUG_TRANSIT_BARRIERS), TARGET_VARIANT, true,
	  true, "no smp_mb() around the fixup walk, weak memory" },
	{ "schedout-drop", BUG(BUG_SCHEDOUT_DROP), TARGET_VARIANT, false,
	  false, "before seed patch 4: more bitmap operations, not a bug" },
	{ "walk-thread-list", BUG(BUG_WALK_THREAD_LIST), TARGET_VARIANT, false,
	  false, "fixup walk over the thread lists with a users budget" },
	{ "parse_text", 0, TARGET_FRONT_DOOR, true, false,
	  "our .sched parser: a clear error or a schedule that round-trips" },
	{ "binary_roundtrip", 0, TARGET_FRONT_DOOR, true, false,
	  "our binary decoder: decode -> print -> parse, encode -> decode" },
};

const unsigned int nr_fuzz_targets = sizeof(fuzz_targets) / sizeof(fuzz_targets[0]);

const struct fuzz_target *fuzz_target_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_fuzz_targets; i++)
		if (!strcmp(fuzz_targets[i].name, name))
			return &fuzz_targets[i];
	return NULL;
}
