// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz regress [DIR]...: every schedule in the folders (default
 * crashes/, corpus/ and corpus/seeds/), as a table. A reproducer (<slug>.sched or
 * <slug>.<anything>.sched, slug a bug switch) must show the invariant of
 * its "# expect:" line with its bug on and be clean with every bug off
 * (else the model drifted); any other schedule must be clean with no bug
 * (else it is a regression), and also with each switch its "# clean
 * with:" line names (variants such as walk-thread-list, whose code only
 * runs with the switch on). A reproducer that needs weak memory ("memory
 * weak") must also be clean with its bug on and memory sequentially
 * consistent (column "bug on, sc"): a TSO machine never shows it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "help.h"
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

/*
 * "# clean with: SLUG[, SLUG]... [(remark)]": the switches a corpus schedule must also
 * be clean with. Returns the bit set, or -1 for an unknown slug.
 */
static int clean_with(const char *path)
{
	size_t len;
	char *buf = read_whole(path, &len), *p, *end;
	int bits = 0;

	if (!buf)
		return 0;
	p = strstr(buf, "# clean with:");
	if (!p)
		goto out;
	p += strlen("# clean with:");
	end = p + strcspn(p, "\n(");	/* a "(...)" remark ends the list */
	*end = 0;
	for (p = strtok(p, " ,\t"); p; p = strtok(NULL, " ,\t")) {
		int bug = cid_bug_lookup(p);

		if (bug < 0) {
			fprintf(stderr, "%s: '# clean with:' names no bug switch: %s\n",
				path, p);
			bits = -1;
			break;
		}
		bits |= 1 << bug;
	}
out:
	free(buf);
	return bits;
}

/* Clean is fully checked too: a run the oracle lost track of is not */
static bool clean(const struct sim_result *r)
{
	return !r->violation && !r->unchecked;
}

/* Clean with every switch of @bits on, one at a time; 1 if so */
static int clean_with_each(const struct schedule *sched, int bits,
			   struct sim_result *res, char *which, size_t size)
{
	struct sim_options opts;
	int bug;

	for (bug = 0; bug < NR_CID_BUGS; bug++) {
		if (!(bits & (1 << bug)))
			continue;
		sim_default_options(&opts);
		opts.bugs = 1U << bug;
		run_one(sched, &opts, res, NULL);
		snprintf(which, size, "%s", cid_bug_slug((unsigned int)bug));
		if (!clean(res))
			return 0;
	}
	return 1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *verdict(const struct sim_result *r)
{
	if (!r)
		return "-";
	return r->violation ? r->invariant : r->unchecked ? "unchecked" : "clean";
}

static void row(const char *dir, const char *name, const char *want, const struct sim_result *on,
		const struct sim_result *off, const struct sim_result *sc, int ok)
{
	char file[300];

	snprintf(file, sizeof(file), "%s/%s", dir, name);
	printf("%-44s %-8s %-8s %-8s %-10s %-5s %s\n", file, want, verdict(on), verdict(off),
	       verdict(sc), ok ? "ok" : "FAIL",
	       on && on->violation   ? on->what
	       : off->violation	     ? off->what
	       : sc && sc->violation ? sc->what
	       : off->unchecked	     ? off->unchecked_why
				     : "");
}

/* 1 if the file behaves as expected */
static int regress_one(const char *dir, const char *name)
{
	static struct schedule sched;
	struct sim_options opts;
	struct sim_result on, off, sc;
	char path[1024], slug[256], inv[8];
	int bug, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (load_schedule(path, false, &sched))
		return 0;
	/* <slug>.sched, or <slug>.<more>.sched: several files per bug */
	snprintf(slug, sizeof(slug), "%.*s", (int)strcspn(name, "."), name);
	bug = cid_bug_lookup(slug);
	sim_default_options(&opts);
	run_one(&sched, &opts, &off, NULL);
	if (bug < 0) {
		int bits = clean_with(path);

		if (!clean(&off) || bits <= 0) {
			row(dir, name, "clean", NULL, &off, NULL, clean(&off) && !bits);
			return clean(&off) && !bits;
		}
		/* the variant runs in the "bug on" column */
		ok = clean_with_each(&sched, bits, &on, slug, sizeof(slug));
		row(dir, name, "clean", &on, &off, NULL, ok);
		if (!ok)
			printf("  (with %s on)\n", slug);
		return ok;
	}
	expected_invariant(path, inv, sizeof(inv));
	opts.bugs = 1U << bug;
	run_one(&sched, &opts, &on, NULL);
	ok = on.violation && !strcmp(on.invariant, inv) && clean(&off);
	if (!sched.weak) {
		row(dir, name, inv, &on, &off, NULL, ok);
		return ok;
	}
	sched.weak = false;
	run_one(&sched, &opts, &sc, NULL);
	ok = ok && clean(&sc);
	row(dir, name, inv, &on, &off, &sc, ok);
	return ok;
}

/* The file names of a folder: as many as it has */
struct name_list {
	char **name;
	size_t nr, size;
};

static void name_list_clear(struct name_list *l)
{
	while (l->nr)
		free(l->name[--l->nr]);
}

static int name_list_add(struct name_list *l, const char *name)
{
	if (l->nr == l->size) {
		size_t size = l->size ? 2 * l->size : 64;
		char **p = realloc(l->name, size * sizeof(*p));

		if (!p)
			return -1;
		l->name = p;
		l->size = size;
	}
	l->name[l->nr] = strdup(name);
	if (!l->name[l->nr])
		return -1;
	l->nr++;
	return 0;
}

/* The .sched files of @dir, sorted, into @l (emptied first) */
static int list_dir(const char *dir, struct name_list *l)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int ret = 0;

	name_list_clear(l);
	if (!d) {
		fprintf(stderr, "%s: cannot open: %s\n", dir, strerror(errno));
		return -1;
	}
	while (!ret && (de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 6 && !strcmp(de->d_name + len - 6, ".sched"))
			ret = name_list_add(l, de->d_name);
	}
	closedir(d);
	if (ret) {
		fprintf(stderr, "%s: out of memory listing the folder\n", dir);
		return -1;
	}
	if (l->nr)
		qsort(l->name, l->nr, sizeof(l->name[0]), name_cmp);
	return 0;
}

int cmd_regress(int argc, char **argv)
{
	static const char *const dflt[] = { "crashes", "corpus", "corpus/seeds" };
	const char *const *dirs = argc ? (const char *const *)argv : dflt;
	unsigned int nr_dirs = argc ? (unsigned int)argc : 3, k, good = 0, total = 0;
	struct name_list names = { 0 };
	int ret = 0;

	printf("%-44s %-8s %-8s %-8s %-10s %-5s %s\n", "file", "expect", "bug on", "bug off",
	       "bug on, sc", "", "what it found");
	for (k = 0; k < nr_dirs && !ret; k++) {
		if (dirs[k][0] == '-') {
			ret = help_usage("regress");
		} else if (list_dir(dirs[k], &names)) {
			ret = 2;
		} else {
			for (size_t i = 0; i < names.nr; i++)
				good += (unsigned int)regress_one(dirs[k], names.name[i]);
			total += (unsigned int)names.nr;
		}
	}
	name_list_clear(&names);
	free(names.name);
	if (ret)
		return ret;
	printf("%u of %u schedules behave as expected\n", good, total);
	return good == total ? 0 : 1;
}
