// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz regress: every reproducer in a folder (<slug>.sched or
 * <slug>.<anything>.sched), with its bug on and with every bug off, as a
 * table.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oracle.h"

/* "# expect: I4" in a crash file's header: the invariant it breaks */
static void expected_invariant(const char *path, char *inv, size_t size)
{
	size_t len;
	char *buf = read_whole(path, &len);
	char *p;

	snprintf(inv, size, "?");
	if (!buf)
		return;
	p = strstr(buf, "# expect:");
	if (p && sscanf(p + 9, "%7s", inv) != 1)
		snprintf(inv, size, "?");
	free(buf);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int regress_one(const char *dir, const char *name)
{
	static struct schedule sched;
	struct sim_options opts;
	struct sim_result on, off;
	char path[1024], slug[256], inv[8];
	int bug, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	/* <slug>.sched, or <slug>.<more>.sched: several files per bug */
	snprintf(slug, sizeof(slug), "%.*s", (int)strcspn(name, "."), name);
	bug = cid_bug_lookup(slug);
	if (bug < 0) {
		printf("%-22s %-10s %s: no bug switch named '%s'\n", slug, "ERROR",
		       path, slug);
		return 0;
	}
	if (load_schedule(path, false, &sched))
		return 0;
	expected_invariant(path, inv, sizeof(inv));
	sim_default_options(&opts);
	opts.bugs = 1U << bug;
	run_one(&sched, &opts, &on, NULL);
	opts.bugs = 0;
	run_one(&sched, &opts, &off, NULL);
	ok = on.violation && !strcmp(on.invariant, inv) && !off.violation;
	printf("%-22s %-10s %-9s %-9s %s\n", slug,
	       on.violation ? on.invariant : "clean",
	       off.violation ? off.invariant : "clean", ok ? "ok" : "FAIL",
	       on.violation ? on.what : "(bug not reproduced)");
	return ok;
}

int cmd_regress(int argc, char **argv)
{
	const char *dir = argc > 0 ? argv[0] : "crashes";
	char *names[256];
	unsigned int n = 0, i, good = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (argc > 1)
		return usage();
	if (!d) {
		fprintf(stderr, "%s: cannot open: %s\n", dir, strerror(errno));
		return 2;
	}
	while ((de = readdir(d)) && n < 256) {
		size_t len = strlen(de->d_name);

		if (len > 6 && !strcmp(de->d_name + len - 6, ".sched"))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	printf("%-22s %-10s %-9s %-9s %s\n", "bug", "bug on", "bug off",
	       "result", "what the bug-on run found");
	for (i = 0; i < n; i++) {
		good += (unsigned int)regress_one(dir, names[i]);
		free(names[i]);
	}
	printf("%u of %u reproducers behave as expected\n", good, n);
	return good == n ? 0 : 1;
}
