/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bug switches and the kernel profiles: the model's history.
 *
 * A bug switch puts back the code of one real bug as it shipped (the
 * statements its fix removed), or, for a variant, a version of the code
 * that never shipped but answers a question someone asked. A profile is
 * the set of switches a kernel state had: with none, impl/ is the newest
 * code (peterz queue f98d3fa9). The tables are in bugs.c; the code tests
 * a switch with cid_bug() at the spot where the versions differ.
 *
 * Only this header is needed to name bugs and profiles: the parts that
 * pick a target (the CLI, the fuzzers, the minimizer) include it alone.
 * Its folder (impl/names/) is all of impl/ on their include path; the
 * model's own headers (impl/include/) are not there to include.
 */
#ifndef CIDFUZZ_CID_BUGS_H
#define CIDFUZZ_CID_BUGS_H

#include <stdbool.h>

/* In the order the fixes were merged; the variants last */
enum cid_bug {
	BUG_TRANSIT_TASK_TO_CPU,	/* 4327fb13fa47, seed patch 1 */
	BUG_SPLIT_MODE_FIELDS,		/* 47ee94efccf6, seed patch 2 */
	BUG_EXIT_REASSIGN_CID,		/* 007d84287c74, seed patch 3 */
	BUG_SCHEDOUT_DROP,		/* 4463c7aa11a6, seed patch 4 */
	BUG_CID_ON_CPU_DROP,		/* 1e83ccd5921a, CVE-2026-23225 */
	BUG_FORK_VISIBILITY,		/* b2e48c429ec5 */
	BUG_VFORK_BUDGET,		/* 28b5a1395036 */
	BUG_WALK_THREAD_LIST,		/* 192d852129b1 */
	BUG_UNSET_TRANSIT_OOB,		/* de3ab9bd3133 */
	BUG_TRANSIT_BARRIERS,		/* variant: no smp_mb() around the walk */
	BUG_FORK_EXIT_RQ_LOCK,		/* variant: the 6 March 2026 proposal */
	NR_CID_BUGS
};

enum cid_bug_kind {
	CID_BUG_REAL,		/* shipped; breaks an invariant */
	CID_BUG_CHANGE,		/* shipped; a fix that was no bug fix */
	CID_BUG_VARIANT,	/* never shipped */
};

struct cid_bug_info {
	const char *slug;	/* flags, file names, reports */
	enum cid_bug_kind kind;
	const char *fix;	/* "sha subject" of the commit that removed it */
	const char *fixed;	/* date that commit was merged (YYYY-MM-DD) */
	const char *introduced;	/* "sha subject" of the commit that added it */
	const char *reported;	/* who saw it, how, when */
	const char *invariant;	/* what cidfuzz reports: "I4", "I9", "-" */
	unsigned int implies;	/* switches its code needs (bits) */
	const char *summary;	/* what the switch puts back */
};

enum cid_profile_id {
	PROFILE_REWRITE,
	PROFILE_SEED,
	PROFILE_MARCH,
	PROFILE_LATEST,
	NR_CID_PROFILES
};

struct cid_profile {
	const char *name;	/* --kernel NAME */
	const char *state;	/* the kernel state: version, last commit */
	const char *date;
	unsigned int bugs;	/* the switches on in that state */
};

extern unsigned int cid_bugs;		/* bit set of enum cid_bug */

static inline bool cid_bug(enum cid_bug bug)
{
	return cid_bugs & (1U << bug);
}

const struct cid_bug_info *cid_bug_info(unsigned int bug);
const char *cid_bug_slug(unsigned int bug);
int cid_bug_lookup(const char *slug);
/* @bugs with every switch they imply */
unsigned int cid_bug_closure(unsigned int bugs);

const struct cid_profile *cid_profile(unsigned int id);
int cid_profile_lookup(const char *name);
/* The newest profile that shipped @bug; -1 for a variant */
int cid_bug_profile(unsigned int bug);

#endif
