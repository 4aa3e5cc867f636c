// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz bugs: the bug switches and the kernel profiles, from the tables
 * in impl/names/bugs.c.
 */
#include <stdio.h>

#include "cli.h"
#include "help.h"

static const char *const kind_name[] = {
	[CID_BUG_REAL] = "bug",
	[CID_BUG_CHANGE] = "change",
	[CID_BUG_VARIANT] = "variant",
};

static void print_bug(unsigned int bug)
{
	const struct cid_bug_info *b = cid_bug_info(bug);
	int prof = cid_bug_profile(bug);
	unsigned int i;

	printf("%-20s %-7s %-4s %-8s %s\n", b->slug, kind_name[b->kind],
	       b->invariant, prof < 0 ? "-" : cid_profile((unsigned int)prof)->name,
	       b->summary);
	if (b->kind != CID_BUG_VARIANT) {
		printf("%43s fixed by %s (%s)\n", "", b->fix, b->fixed);
		printf("%43s since %s\n", "", b->introduced);
	}
	printf("%43s %s\n", "", b->reported);
	if (b->implies) {
		printf("%43s implies:", "");
		for (i = 0; i < NR_CID_BUGS; i++)
			if (b->implies >> i & 1)
				printf(" %s", cid_bug_slug(i));
		printf("\n");
	}
}

static void print_profile(unsigned int id)
{
	const struct cid_profile *p = cid_profile(id);
	unsigned int i;

	printf("%-8s %-10s %s\n%19s switches:", p->name, p->date, p->state, "");
	if (!p->bugs)
		printf(" none");
	for (i = 0; i < NR_CID_BUGS; i++)
		if (p->bugs >> i & 1)
			printf(" %s", cid_bug_slug(i));
	printf("\n");
}

int cmd_bugs(int argc, char **argv)
{
	unsigned int i;

	(void)argv;
	if (argc)
		return help_usage("bugs");
	printf("%-20s %-7s %-4s %-8s %s\n", "switch", "kind", "inv", "until",
	       "what it puts back");
	for (i = 0; i < NR_CID_BUGS; i++)
		print_bug(i);
	printf("\n%-8s %-10s %s\n", "profile", "date", "kernel state (--kernel NAME)");
	for (i = 0; i < NR_CID_PROFILES; i++)
		print_profile(i);
	return 0;
}
