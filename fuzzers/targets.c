// SPDX-License-Identifier: GPL-2.0-only
/* The fuzz targets (targets.h). */
#include <stdio.h>
#include <string.h>

#include "cid_bugs.h"
#include "targets.h"

#define BUG(b)		(1U << (b))

const struct fuzz_target fuzz_targets[] = {
	{ "fixed", 0, TARGET_FIXED, true, TARGET_SC,
	  "the current code; any violation is a new bug", NULL },
	{ "transit-task-to-cpu", BUG(BUG_TRANSIT_TASK_TO_CPU), TARGET_BUG, true,
	  TARGET_SC, "4327fb13fa47 reverted: livelock (BPF CI)", NULL },
	{ "cid-on-cpu-drop", BUG(BUG_CID_ON_CPU_DROP), TARGET_BUG, true,
	  TARGET_SC, "1e83ccd5921a reverted: out-of-bounds clear_bit (KASAN)", NULL },
	{ "fork-visibility", BUG(BUG_FORK_VISIBILITY), TARGET_BUG, true,
	  TARGET_SC, "b2e48c429ec5 reverted: a concurrent fork's walk misses a child", NULL },
	/* Not in the default campaign yet: found in 3 of 10 runs of 60 s */
	{ "unset-transit-oob", BUG(BUG_UNSET_TRANSIT_OOB), TARGET_BUG, false,
	  TARGET_SC, "de3ab9bd3133 reverted: clear_bit(MM_CID_UNSET) (syzkaller)", NULL },
	{ "vfork-budget", BUG(BUG_VFORK_BUDGET), TARGET_BUG, true,
	  TARGET_SC, "28b5a1395036 reverted: the walk stops before a CLONE_VM child", NULL },
	/* The weak-memory targets: every schedule has store buffers */
	{ "split-mode-fields", BUG(BUG_SPLIT_MODE_FIELDS), TARGET_BUG, true,
	  TARGET_WEAK, "47ee94efccf6 reverted: mode fields seen out of order", NULL },
	{ "fixed-weak", 0, TARGET_FIXED, true, TARGET_WEAK,
	  "the current code on weak memory; any violation is a new bug", NULL },
	/* The open question of the patch 2 review: docs/transit-barriers.md */
	{ "transit-barriers", BUG(BUG_TRANSIT_BARRIERS), TARGET_VARIANT, true,
	  TARGET_WEAK, "no smp_mb() around the fixup walk, weak memory", NULL },
	/* The old kernels, not told which bugs they have */
	{ "kernel-rewrite", 0, TARGET_PROFILE, false, TARGET_EITHER,
	  "v6.19-rc, the Nov 2025 rewrite", "rewrite" },
	{ "kernel-seed", 0, TARGET_PROFILE, false, TARGET_EITHER,
	  "v6.19, with the four seed patches", "seed" },
	{ "kernel-march", 0, TARGET_PROFILE, false, TARGET_EITHER,
	  "v7.0-rc4, with the February and March fixes", "march" },
	/* Changes that fixed no bug, and code that never shipped */
	{ "exit-reassign-cid", BUG(BUG_EXIT_REASSIGN_CID), TARGET_VARIANT, false,
	  TARGET_SC, "before 007d84287c74: exit hands this CPU's CID to current", NULL },
	{ "schedout-drop", BUG(BUG_SCHEDOUT_DROP), TARGET_VARIANT, false,
	  TARGET_SC, "before 4463c7aa11a6: more bitmap operations, not a bug", NULL },
	{ "walk-thread-list", BUG(BUG_WALK_THREAD_LIST), TARGET_VARIANT, false,
	  TARGET_SC, "before 192d852129b1: the walk over the thread lists", NULL },
	{ "fork-exit-rq-lock", BUG(BUG_FORK_EXIT_RQ_LOCK), TARGET_VARIANT, false,
	  TARGET_SC, "the unmerged 6 March 2026 proposal: rq lock in fork/exit", NULL },
	{ "parse_text", 0, TARGET_FRONT_DOOR, true, TARGET_SC,
	  "our .sched parser: a clear error or a schedule that round-trips", NULL },
	{ "binary_roundtrip", 0, TARGET_FRONT_DOOR, true, TARGET_SC,
	  "our binary decoder: decode -> print -> parse, encode -> decode", NULL },
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

unsigned int fuzz_target_bugs(const struct fuzz_target *t)
{
	if (t->profile)
		return cid_profile((unsigned int)cid_profile_lookup(t->profile))->bugs;
	return t->bugs;
}

const struct fuzz_target *fuzz_target_of_profile(const char *profile)
{
	char name[48];

	if (!strcmp(profile, "latest"))
		return fuzz_target_lookup("fixed");
	snprintf(name, sizeof(name), "kernel-%s", profile);
	return fuzz_target_lookup(name);
}

const char *fuzz_target_known_env(const struct fuzz_target *t)
{
	return t->kind == TARGET_FRONT_DOOR ? "" : FUZZ_KNOWN_FINDINGS;
}

const char *fuzz_target_memory_env(const struct fuzz_target *t)
{
	if (t->memory == TARGET_WEAK)
		return "1";
	return t->memory == TARGET_EITHER ? "either" : "";
}
