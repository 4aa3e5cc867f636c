// SPDX-License-Identifier: GPL-2.0-only
/*
 * cidfuzz: the command line for people.
 *
 *   cidfuzz replay FILE [--bug SLUG]... [--trace] [--binary]
 *		       [--check I1,I2,...] [--oracle full|incremental]
 *	run one schedule, print the trace (with --trace) and the verdict.
 *	--check selects the invariants (default: all); --oracle full checks
 *	every mm after every step and recomputes the spec's account from
 *	the whole history. Exit 0 clean, 1 violation, 2 usage or bad input.
 *   cidfuzz regress [DIR]
 *	replay every DIR/<slug>.sched (default crashes/) with its bug on
 *	and with every bug off; print a table; exit 1 if any file does not
 *	behave as its header says.
 *   cidfuzz decode FILE
 *	print a binary (fuzz) schedule in text form.
 *   cidfuzz bugs
 *	list the bug switches.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "oracle.h"
#include "schedule.h"
#include "sim.h"

#define CIDFUZZ_MAX_INPUT	(4 << 20)

static int usage(void)
{
	fprintf(stderr,
		"usage: cidfuzz replay FILE [--bug SLUG]... [--trace] [--binary]\n"
		"                      [--check I1,I2,...] [--oracle full|incremental]\n"
		"       cidfuzz regress [DIR]\n"
		"       cidfuzz decode FILE\n"
		"       cidfuzz bugs\n");
	return 2;
}

/* Read a whole file; NULL (and a message) on error */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = malloc(CIDFUZZ_MAX_INPUT + 1);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, CIDFUZZ_MAX_INPUT + 1, f);
	if (ferror(f) || n > CIDFUZZ_MAX_INPUT) {
		fprintf(stderr, "%s: %s\n", path, n > CIDFUZZ_MAX_INPUT ?
			"file too large (max 4 MiB)" : "read error");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int load_schedule(const char *path, bool binary, struct schedule *s)
{
	struct sched_error err;
	size_t len;
	char *buf = read_file(path, &len);
	int ret = 0;

	if (!buf)
		return -1;
	if (binary) {
		sched_decode_binary((const uint8_t *)buf, len, s);
	} else if (sched_parse_text(path, buf, len, s, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		ret = -1;
	}
	free(buf);
	return ret;
}

static int run_one(const struct schedule *sched, const struct sim_options *opts,
		   struct sim_result *res, struct strbuf *out)
{
	struct sim *s = sim_new();
	int ret;

	if (!s) {
		fprintf(stderr, "cidfuzz: out of memory\n");
		exit(2);
	}
	ret = sim_run(s, sched, opts, res, out);
	sim_free(s);
	return ret;
}

static int cmd_replay(int argc, char **argv)
{
	static struct schedule sched;
	const char *file = NULL;
	bool binary = false;
	struct sim_options opts;
	struct sim_result res;
	struct strbuf out;
	int i, ret;

	sim_default_options(&opts);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--trace")) {
			opts.trace = true;
		} else if (!strcmp(argv[i], "--check")) {
			opts.checks = i + 1 < argc ? oracle_parse_checks(argv[++i]) : 0;
			if (!opts.checks) {
				fprintf(stderr, "cidfuzz: --check: expected a list "
					"like I1,I3 (I1..I8) or all\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--oracle")) {
			const char *m = i + 1 < argc ? argv[++i] : "";

			if (strcmp(m, "full") && strcmp(m, "incremental")) {
				fprintf(stderr, "cidfuzz: --oracle: expected full "
					"or incremental\n");
				return 2;
			}
			opts.oracle_full = !strcmp(m, "full");
		} else if (!strcmp(argv[i], "--binary")) {
			binary = true;
		} else if (!strcmp(argv[i], "--bug")) {
			int bug = i + 1 < argc ? cid_bug_lookup(argv[i + 1]) : -1;

			if (bug < 0) {
				fprintf(stderr, "cidfuzz: --bug: unknown bug '%s' "
					"(see cidfuzz bugs)\n",
					i + 1 < argc ? argv[i + 1] : "");
				return 2;
			}
			opts.bugs |= 1U << bug;
			i++;
		} else if (argv[i][0] == '-' || file) {
			return usage();
		} else {
			file = argv[i];
		}
	}
	if (!file)
		return usage();
	if (load_schedule(file, binary, &sched))
		return 2;

	sb_init(&out);
	ret = run_one(&sched, &opts, &res, &out);
	if (out.buf)
		fputs(out.buf, stdout);
	if (!ret)
		printf("verdict: clean (%u events, %u skipped, %lu steps)\n",
		       res.events_run, res.events_skipped, res.steps);
	else
		printf("verdict: VIOLATION %s (%lu steps)\n", res.invariant,
		       res.steps);
	sb_free(&out);
	return ret;
}

static int cmd_decode(int argc, char **argv)
{
	static struct schedule sched;
	static char text[1 << 20];

	if (argc != 1)
		return usage();
	if (load_schedule(argv[0], true, &sched))
		return 2;
	sched_print_text(&sched, text, sizeof(text));
	fputs(text, stdout);
	return 0;
}

static int cmd_bugs(void)
{
	for (unsigned int i = 0; i < NR_CID_BUGS; i++)
		printf("%-22s %s\n", cid_bug_slug(i), cid_bug_summary(i));
	return 0;
}

/* "# expect: I4" in a crash file's header: the invariant it breaks */
static void expected_invariant(const char *path, char *inv, size_t size)
{
	size_t len;
	char *buf = read_file(path, &len);
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
	snprintf(slug, sizeof(slug), "%.*s", (int)(strlen(name) - 6), name);
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

static int cmd_regress(int argc, char **argv)
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

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc - 2, argv + 2);
	if (!strcmp(argv[1], "regress"))
		return cmd_regress(argc - 2, argv + 2);
	if (!strcmp(argv[1], "decode"))
		return cmd_decode(argc - 2, argv + 2);
	if (!strcmp(argv[1], "bugs") && argc == 2)
		return cmd_bugs();
	return usage();
}
