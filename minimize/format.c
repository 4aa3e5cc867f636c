// SPDX-License-Identifier: GPL-2.0-only
/* The text of a minimized reproducer (minimize.h: minimize_format()). */
#include <stdlib.h>

#include "cid_bugs.h"
#include "minimize.h"

/* "# bugs: a b" (slugs in enum order) or "# bugs: none" */
static void print_bugs(struct strbuf *sb, unsigned int bugs)
{
	unsigned int i;

	sb_puts(sb, "# bugs:");
	if (!bugs)
		sb_puts(sb, " none");
	for (i = 0; i < NR_CID_BUGS; i++)
		if (bugs >> i & 1)
			sb_printf(sb, " %s", cid_bug_slug(i));
	sb_puts(sb, "\n");
}

int minimize_format(struct strbuf *sb, const char *origin, unsigned int bugs,
		    const struct schedule *s, const struct sim_result *res)
{
	size_t len = sched_print_text(s, NULL, 0);
	char *text = malloc(len + 1);

	if (!text)
		return -1;
	sched_print_text(s, text, len + 1);
	sb_printf(sb, "# minimized by cidfuzz from %s\n", origin);
	print_bugs(sb, bugs);
	sb_printf(sb, "# expect: %s\n", res->invariant);
	sb_printf(sb, "# violation: %s at %s: %s\n", res->invariant, res->site,
		  res->what);
	sb_puts(sb, text);
	free(text);
	return 0;
}
