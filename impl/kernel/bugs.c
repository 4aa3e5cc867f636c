// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bug switches: stable slugs (used in CLI flags, crash file names and
 * reports) and one line each on what the switch restores.
 */
#include <string.h>

#include "kernel.h"

unsigned int cid_bugs;

static const struct {
	const char *slug;
	const char *summary;
} cid_bug_table[NR_CID_BUGS] = {
	[BUG_TRANSIT_TASK_TO_CPU] = {
		"transit-task-to-cpu",
		"seed patch 1 reverted: per-task -> per-CPU switch hands CIDs to CPUs for good, no TRANSIT (livelock in mm_get_cid)" },
	[BUG_SPLIT_MODE_FIELDS] = {
		"split-mode-fields",
		"seed patch 2 reverted: mode kept in two fields percpu/transit, stored and loaded separately (needs weak memory)" },
	[BUG_EXIT_REASSIGN_CID] = {
		"exit-reassign-cid",
		"seed patch 3 reverted: exit-initiated switch to per-task re-gives the CPU's CID to the inactive exiting task" },
	[BUG_SCHEDOUT_DROP] = {
		"schedout-drop",
		"variant, before seed patch 4: schedout always drops a TRANSIT CID instead of handing ownership over" },
	[BUG_WALK_THREAD_LIST] = {
		"walk-thread-list",
		"variant: task->CPU fixup walks the thread group, then all processes, with a users budget, not the mm's user list" },
	[BUG_TRANSIT_BARRIERS] = {
		"transit-barriers",
		"the review of seed patch 2: no smp_mb() after setting TRANSIT and before clearing it (needs weak memory)" },
	[BUG_UNSET_TRANSIT_OOB] = {
		"unset-transit-oob",
		"de3ab9bd3133 reverted: the per-task fixup marks a running task's MM_CID_UNSET with TRANSIT; its schedout clears bit MM_CID_UNSET (out of bounds)" },
	[BUG_FORK_EXIT_RQ_LOCK] = {
		"fork-exit-rq-lock",
		"variant, the unmerged proposal of 6 March 2026: fork and exit take this CPU's rq lock around the mode change" },
};

const char *cid_bug_slug(unsigned int bug)
{
	return bug < NR_CID_BUGS ? cid_bug_table[bug].slug : NULL;
}

const char *cid_bug_summary(unsigned int bug)
{
	return bug < NR_CID_BUGS ? cid_bug_table[bug].summary : NULL;
}

int cid_bug_lookup(const char *slug)
{
	for (unsigned int i = 0; i < NR_CID_BUGS; i++)
		if (!strcmp(cid_bug_table[i].slug, slug))
			return (int)i;
	return -1;
}
