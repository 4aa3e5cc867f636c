// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bug switches and the kernel profiles (cid_bugs.h): one row per
 * switch, one per profile. The facts come from the commits named here;
 * docs/kernel-history.md tells each story.
 */
#include <string.h>

#include "cid_bugs.h"

#define BIT_OF(b)	(1U << (b))

unsigned int cid_bugs;

static const struct cid_bug_info cid_bug_table[NR_CID_BUGS] = {
	[BUG_TRANSIT_TASK_TO_CPU] = {
		"transit-task-to-cpu", CID_BUG_REAL,
		"4327fb13fa47 sched/mmcid: Prevent live lock on task to CPU mode transition",
		"2026-02-07",
		"fbd0e71dc370 sched/mmcid: Provide CID ownership mode fixup functions",
		"BPF CI livelock (Ihor Solodrai), Jan 2026", "I4",
		BIT_OF(BUG_SPLIT_MODE_FIELDS) | BIT_OF(BUG_SCHEDOUT_DROP),
		"the per-task -> per-CPU switch hands CIDs to CPUs for good, no TRANSIT phase: a task migrated before the walk spins in mm_get_cid()" },
	[BUG_SPLIT_MODE_FIELDS] = {
		"split-mode-fields", CID_BUG_REAL,
		"47ee94efccf6 sched/mmcid: Protect transition on weakly ordered systems",
		"2026-02-07",
		"fbd0e71dc370 sched/mmcid: Provide CID ownership mode fixup functions",
		"hard lockup on PowerPC (Shrikanth Hegde), Jan 2026", "I4",
		BIT_OF(BUG_SCHEDOUT_DROP),
		"the mode kept in two fields percpu/transit, stored and loaded separately, no smp_mb() around the walk (needs weak memory)" },
	[BUG_EXIT_REASSIGN_CID] = {
		"exit-reassign-cid", CID_BUG_CHANGE,
		"007d84287c74 sched/mmcid: Drop per CPU CID immediately when switching to per task mode",
		"2026-02-07",
		"fbd0e71dc370 sched/mmcid: Provide CID ownership mode fixup functions",
		"found by reading (tglx), Jan 2026", "-", 0,
		"an exit that switches back to per-task mode hands this CPU's CID to current with TRANSIT (a no-op when current is the exiting task)" },
	[BUG_SCHEDOUT_DROP] = {
		"schedout-drop", CID_BUG_CHANGE,
		"4463c7aa11a6 sched/mmcid: Optimize transitional CIDs when scheduling out",
		"2026-02-07",
		"9a723ed7facf sched/mmcid: Provide new scheduler CID mechanism",
		"an optimization, no bug report", "-", 0,
		"schedout always gives a TRANSIT CID back to the pool instead of handing it over once the transition is done" },
	[BUG_CID_ON_CPU_DROP] = {
		"cid-on-cpu-drop", CID_BUG_REAL,
		"1e83ccd5921a sched/mmcid: Don't assume CID is CPU owned on mode switch",
		"2026-02-11",
		"007d84287c74 sched/mmcid: Drop per CPU CID immediately when switching to per task mode",
		"KASAN out-of-bounds in sched_mm_cid_exit (Shinichiro Kawasaki, blktests), Feb 2026; CVE-2026-23225", "I9", 0,
		"mm_drop_cid_on_cpu() drops this CPU's slot without checking ONCPU: a slot in TRANSIT feeds clear_bit() bit 29 and up" },
	[BUG_FORK_VISIBILITY] = {
		"fork-visibility", CID_BUG_REAL,
		"b2e48c429ec5 sched/mmcid: Prevent CID stalls due to concurrent forks",
		"2026-03-15",
		"fbd0e71dc370 sched/mmcid: Provide CID ownership mode fixup functions",
		"stalls (Matthieu Baerts, MPTCP CI; Jiri Slaby, openSUSE builds), Feb-Mar 2026", "I4",
		BIT_OF(BUG_WALK_THREAD_LIST),
		"the child becomes a CID user in copy_mm(), before it is linked into the thread lists (a concurrent fork's walk misses it; the walk's budget is users - 2); a failed fork unregisters it" },
	[BUG_VFORK_BUDGET] = {
		"vfork-budget", CID_BUG_REAL,
		"28b5a1395036 sched/mmcid: Handle vfork()/CLONE_VM correctly",
		"2026-03-15",
		"fbd0e71dc370 sched/mmcid: Provide CID ownership mode fixup functions",
		"stalls (Matthieu Baerts, MPTCP CI; Jiri Slaby, openSUSE builds), Feb-Mar 2026", "I4",
		BIT_OF(BUG_WALK_THREAD_LIST),
		"the walk's second pass over all processes counts current's threads again against the users budget and stops before a CLONE_VM/vfork child" },
	[BUG_WALK_THREAD_LIST] = {
		"walk-thread-list", CID_BUG_CHANGE,
		"192d852129b1 sched/mmcid: Avoid full tasklist walks",
		"2026-03-15",
		"fbd0e71dc370 sched/mmcid: Provide CID ownership mode fixup functions",
		"a cure for the counting the two fixes above patched, no report of its own", "-", 0,
		"the task -> CPU walk goes over current's thread group, then every process for CLONE_VM users, with a users budget, instead of the mm's user list" },
	[BUG_UNSET_TRANSIT_OOB] = {
		"unset-transit-oob", CID_BUG_REAL,
		"de3ab9bd3133 sched/mmcid: Fix OOB clear_bit when CID is MM_CID_UNSET in fixup path",
		"2026-06",
		"fbd0e71dc370 sched/mmcid: Provide CID ownership mode fixup functions",
		"syzkaller, out-of-bounds clear_bit in mm_cid_schedout, June 2026", "I9", 0,
		"the per-CPU -> per-task walk marks a running task's MM_CID_UNSET with TRANSIT; its schedout clears bit MM_CID_UNSET" },
	[BUG_TRANSIT_BARRIERS] = {
		"transit-barriers", CID_BUG_VARIANT, "-", "-", "-",
		"the review of seed patch 2 (Mathieu Desnoyers, 30 Jan 2026) asked whether they are needed", "-", 0,
		"no smp_mb() after setting TRANSIT and before clearing it, one mode word (needs weak memory)" },
	[BUG_FORK_EXIT_RQ_LOCK] = {
		"fork-exit-rq-lock", CID_BUG_VARIANT, "-", "-", "-",
		"Peter Zijlstra's proposal of 6 March 2026, not merged", "-", 0,
		"fork and exit take this CPU's rq lock around the accounting and the mode flip, as well as mm_cid::lock" },
};

#define REWRITE_BUGS							\
	(BIT_OF(BUG_TRANSIT_TASK_TO_CPU) | BIT_OF(BUG_SPLIT_MODE_FIELDS) |	\
	 BIT_OF(BUG_EXIT_REASSIGN_CID) | BIT_OF(BUG_SCHEDOUT_DROP) |	\
	 SEED_BUGS) & ~BIT_OF(BUG_CID_ON_CPU_DROP)
#define SEED_BUGS							\
	(BIT_OF(BUG_CID_ON_CPU_DROP) | BIT_OF(BUG_FORK_VISIBILITY) |	\
	 BIT_OF(BUG_VFORK_BUDGET) | BIT_OF(BUG_WALK_THREAD_LIST) | MARCH_BUGS)
#define MARCH_BUGS	BIT_OF(BUG_UNSET_TRANSIT_OOB)

static const struct cid_profile cid_profile_table[NR_CID_PROFILES] = {
	[PROFILE_REWRITE] = { "rewrite",
		"v6.19-rc (Nov 2025 rewrite, 653fda7ae73d; with 2bdf777410dc)",
		"2026-01", REWRITE_BUGS },
	[PROFILE_SEED] = { "seed",
		"v6.19 (the four seed patches, 4327fb13fa47..4463c7aa11a6)",
		"2026-02-08", SEED_BUGS },
	[PROFILE_MARCH] = { "march",
		"v7.0-rc4 (1e83ccd5921a; b2e48c429ec5, 28b5a1395036, 7574ac6e4978, 192d852129b1)",
		"2026-03-15", MARCH_BUGS },
	[PROFILE_LATEST] = { "latest",
		"peterz queue f98d3fa9 (de3ab9bd3133)", "2026-06", 0 },
};

const struct cid_bug_info *cid_bug_info(unsigned int bug)
{
	return bug < NR_CID_BUGS ? &cid_bug_table[bug] : NULL;
}

const char *cid_bug_slug(unsigned int bug)
{
	return bug < NR_CID_BUGS ? cid_bug_table[bug].slug : NULL;
}

int cid_bug_lookup(const char *slug)
{
	for (unsigned int i = 0; i < NR_CID_BUGS; i++)
		if (!strcmp(cid_bug_table[i].slug, slug))
			return (int)i;
	return -1;
}

unsigned int cid_bug_closure(unsigned int bugs)
{
	unsigned int i, all = bugs;

	for (i = 0; i < NR_CID_BUGS; i++)
		if (bugs & BIT_OF(i))
			all |= cid_bug_table[i].implies;
	return all;
}

const struct cid_profile *cid_profile(unsigned int id)
{
	return id < NR_CID_PROFILES ? &cid_profile_table[id] : NULL;
}

int cid_profile_lookup(const char *name)
{
	for (unsigned int i = 0; i < NR_CID_PROFILES; i++)
		if (!strcmp(cid_profile_table[i].name, name))
			return (int)i;
	return -1;
}

int cid_bug_profile(unsigned int bug)
{
	int i;

	for (i = NR_CID_PROFILES - 1; i >= 0; i--)
		if (cid_profile_table[i].bugs & BIT_OF(bug))
			return i;
	return -1;
}
