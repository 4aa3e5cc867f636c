// SPDX-License-Identifier: GPL-2.0-only
/*
 * A bounded exhaustive search for the transit-barriers question
 * (docs/transit-barriers.md): can the missing smp_mb()s around the fixup
 * walk break an invariant on weak memory?
 *
 * A scenario is a set-up, an initiator (the kernel path that switches
 * the mode and runs the fixup walk: a fork or an exit) and an alphabet of
 * interferences (short event lists: another task schedules in and out on
 * some CPU, migrates and stays, the initiator's store buffer drains). The
 * initiator runs one primitive at a time; the search tries every
 * schedule that puts up to K interferences, in every order, at any of its
 * L + 1 positions (before its first primitive ... after its last), and,
 * deeper, up to W interferences at one position inside a window where a
 * mode store of the initiator is still buffered (after a store in
 * mm_cid_write_mode). After the last event the simulator drains and
 * settles as always; every invariant is checked after every step.
 *
 *   explore_barriers [--bug SLUG]... [-k K] [-w W] [--scenario fork|exit]
 *                    [--first]
 *
 * Prints the bound, the number of schedules run and of violations (and
 * the first one, as .sched text). Exit 0 when none was found, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cid_bugs.h"
#include "oracle.h"
#include "schedule.h"
#include "sim.h"
#include "strbuf.h"

#define MAX_LEN 128
#define MAX_ALPHA 32
#define MAX_TEXT 8192

struct scenario {
	const char *name;
	const char *setup;	      /* .sched text, "memory weak" included */
	const char *start;	      /* the initiator, started only */
	const char *cpu;	      /* where it runs: "cpu0" */
	const char *alpha[MAX_ALPHA]; /* interferences, ';' between events */
};

/* The initiator's (cpu0's) buffered stores: all, or one field first */
#define FLUSHES								\
	"flush cpu0", "flush cpu0 mm0.mode", "flush cpu0 mm0.max_cids",	\
	"flush cpu0 mm0.percpu", "flush cpu0 mm0.transit"

/* Per-task -> per-CPU: T0's fork makes five users on four CPUs */
static const struct scenario fork_scenario = {
    "fork",
    "cpus 4\nmemory weak\nthreads T0 T1 T2 T3\n"
    "idle cpu1\nidle cpu2\nidle cpu3\n",
    "fork T0 T4 steps 0",
    "cpu0",
    {
	FLUSHES,
	/* Tj schedules in on cpu k and out again */
	"migrate T1 cpu1;schedule cpu1 T1;idle cpu1",
	"migrate T1 cpu2;schedule cpu2 T1;idle cpu2",
	"migrate T1 cpu3;schedule cpu3 T1;idle cpu3",
	"migrate T2 cpu1;schedule cpu1 T2;idle cpu1",
	"migrate T2 cpu2;schedule cpu2 T2;idle cpu2",
	"migrate T2 cpu3;schedule cpu3 T2;idle cpu3",
	"migrate T3 cpu1;schedule cpu1 T3;idle cpu1",
	"migrate T3 cpu2;schedule cpu2 T3;idle cpu2",
	"migrate T3 cpu3;schedule cpu3 T3;idle cpu3",
	/* Tj goes to cpu k and stays there (preempting its task) */
	"migrate T1 cpu1;schedule cpu1 T1",
	"migrate T1 cpu2;schedule cpu2 T1",
	"migrate T1 cpu3;schedule cpu3 T1",
	"migrate T2 cpu1;schedule cpu1 T2",
	"migrate T2 cpu2;schedule cpu2 T2",
	"migrate T2 cpu3;schedule cpu3 T2",
	"migrate T3 cpu1;schedule cpu1 T3",
	"migrate T3 cpu2;schedule cpu2 T3",
	"migrate T3 cpu3;schedule cpu3 T3",
	NULL,
    },
};

/*
 * Per-CPU -> per-task: five users put the mm in per-CPU mode (pcpu_thrs
 * 2); three exit; T0's exit brings the users below the threshold. T4,
 * the one user left, is the observer.
 */
static const struct scenario exit_scenario = {
    "exit",
    "cpus 4\nmemory weak\nthreads T0 T1 T2 T3\nfork T0 T4\n"
    "exit T3\nexit T2\nexit T1\n",
    "exit T0 steps 0",
    "cpu0",
    {
	FLUSHES,
	"migrate T4 cpu1;schedule cpu1 T4;idle cpu1",
	"migrate T4 cpu2;schedule cpu2 T4;idle cpu2",
	"migrate T4 cpu3;schedule cpu3 T4;idle cpu3",
	"migrate T4 cpu1;schedule cpu1 T4",
	"migrate T4 cpu2;schedule cpu2 T4",
	"migrate T4 cpu3;schedule cpu3 T4",
	NULL,
    },
};

struct search {
	const struct scenario *sc;
	unsigned int bugs;
	unsigned int nr_alpha;
	unsigned int len;	  /* L: the initiator's primitives */
	bool window[MAX_LEN + 1]; /* a mode store buffered here */
	unsigned long runs, violations;
	bool first_only;
	struct sim *sim;
	struct sim_options opts;
	struct schedule sched;
	char first[MAX_TEXT];
	char first_what[400];
};

static void add(char *buf, size_t *n, const char *s)
{
	size_t k = strlen(s);

	if (*n + k + 1 < MAX_TEXT) {
		memcpy(buf + *n, s, k);
		*n += k;
		buf[*n] = '\0';
	}
}

/* One interference: its events, one a line */
static void add_alpha(const struct search *x, char *buf, size_t *n, unsigned int a)
{
	const char *p = x->sc->alpha[a];

	while (*p) {
		size_t k = strcspn(p, ";");
		char line[128];

		snprintf(line, sizeof(line), "%.*s\n", (int)k, p);
		add(buf, n, line);
		p += k + (p[k] == ';');
	}
}

/*
 * The schedule with interference ins[i] placed after pos[i] primitives
 * of the initiator (pos non-decreasing), into @buf.
 */
static void build(const struct search *x, const unsigned int *pos, const unsigned int *ins,
		  unsigned int k, char *buf)
{
	char step[64];
	size_t n = 0;
	unsigned int p, i = 0;

	buf[0] = '\0';
	add(buf, &n, x->sc->setup);
	add(buf, &n, x->sc->start);
	add(buf, &n, "\n");
	snprintf(step, sizeof(step), "step %s steps 1\n", x->sc->cpu);
	for (p = 0; p <= x->len; p++) {
		for (; i < k && pos[i] == p; i++)
			add_alpha(x, buf, &n, ins[i]);
		if (p < x->len)
			add(buf, &n, step);
	}
}

static void run(struct search *x, const unsigned int *pos, const unsigned int *ins, unsigned int k)
{
	static char text[MAX_TEXT];
	struct sched_error err;
	struct sim_result res;

	if (x->first_only && x->violations)
		return;
	build(x, pos, ins, k, text);
	if (sched_parse_text("explore", text, strlen(text), &x->sched, &err)) {
		fprintf(stderr, "explore_barriers: %s\n", err.msg);
		exit(2);
	}
	x->runs++;
	if (!sim_run(x->sim, &x->sched, &x->opts, &res, NULL))
		return;
	if (!x->violations++) {
		snprintf(x->first, sizeof(x->first), "%s", text);
		snprintf(x->first_what, sizeof(x->first_what), "%s at %s: %s", res.invariant,
			 res.site, res.what);
	}
}

/* Every sequence of @k interferences at non-decreasing positions */
static void place(struct search *x, unsigned int *pos, unsigned int *ins, unsigned int i,
		  unsigned int k, unsigned int from, bool in_window)
{
	unsigned int p, a;

	if (i == k) {
		run(x, pos, ins, k);
		return;
	}
	for (p = from; p <= x->len; p++) {
		if (in_window && (!x->window[p] || (i && p != pos[0])))
			continue;
		for (a = 0; a < x->nr_alpha; a++) {
			pos[i] = p;
			ins[i] = a;
			place(x, pos, ins, i + 1, k, p, in_window);
		}
	}
}

/*
 * The initiator alone, one primitive per step event, traced: its length
 * L (step events not skipped) and the positions right after a store in
 * mm_cid_write_mode (a mode store still in the store buffer).
 */
static int measure(struct search *x)
{
	static unsigned int none[1];
	static char text[MAX_TEXT * 4];
	struct sim_options opts = x->opts;
	struct sched_error err;
	struct sim_result res;
	struct strbuf out;
	const char *p;
	unsigned int step = 0;

	x->len = MAX_LEN;
	build(x, none, none, 0, text);
	if (sched_parse_text("measure", text, strlen(text), &x->sched, &err))
		return -1;
	sb_init(&out);
	opts.trace = true;
	opts.checks = 0;
	sim_run(x->sim, &x->sched, &opts, &res, &out);
	x->len = 0;
	memset(x->window, 0, sizeof(x->window));
	for (p = out.buf; p && (p = strstr(p, "\n== ")); p++) {
		const char *eol = strchr(p + 1, '\n'), *colon = strchr(p + 1, ':');
		char line[256];

		if (!eol || !colon || colon > eol || strncmp(colon, ": step ", 7))
			continue;
		step++;
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(eol + 1, "\n"), eol + 1);
		if (!strncmp(line, "  skipped", 9) || !strncmp(line, "==", 2))
			continue;
		x->len = step;
		if (strstr(line, " mm_cid_write_mode ") && strstr(line, " store "))
			x->window[step] = true;
	}
	sb_free(&out);
	return x->len ? 0 : -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: explore_barriers [--bug SLUG]... [-k K] [-w W] "
			"[--scenario fork|exit] [--first]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct search x;
	unsigned int pos[8], ins[8], k = 2, w = 4, i, nr_window = 0;
	int a;

	x.sc = &fork_scenario;
	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--bug") && a + 1 < argc) {
			int b = cid_bug_lookup(argv[++a]);

			if (b < 0)
				usage();
			x.bugs |= 1U << b;
		} else if (!strcmp(argv[a], "-k") && a + 1 < argc) {
			k = (unsigned int)atoi(argv[++a]);
		} else if (!strcmp(argv[a], "-w") && a + 1 < argc) {
			w = (unsigned int)atoi(argv[++a]);
		} else if (!strcmp(argv[a], "--scenario") && a + 1 < argc) {
			a++;
			if (!strcmp(argv[a], "exit"))
				x.sc = &exit_scenario;
			else if (strcmp(argv[a], "fork"))
				usage();
		} else if (!strcmp(argv[a], "--first")) {
			x.first_only = true;
		} else {
			usage();
		}
	}
	if (k > 8 || w > 8)
		usage();
	x.sim = sim_new(oracle_checker());
	sim_default_options(&x.opts);
	x.opts.bugs = x.bugs;
	while (x.sc->alpha[x.nr_alpha])
		x.nr_alpha++;
	if (!x.sim || measure(&x)) {
		fprintf(stderr, "explore_barriers: cannot measure the initiator\n");
		return 2;
	}
	for (i = 0; i <= x.len; i++)
		nr_window += x.window[i];
	printf("scenario %s: initiator '%s', %u primitives, %u interferences, "
	       "%u window position(s)\n",
	       x.sc->name, x.sc->start, x.len, x.nr_alpha, nr_window);
	for (i = 0; i <= k; i++)
		place(&x, pos, ins, 0, i, 0, false);
	printf("  up to %u interferences anywhere: %lu schedules\n", k, x.runs);
	for (i = k + 1; i <= w; i++)
		place(&x, pos, ins, 0, i, 0, true);
	printf("  and %u..%u at one window position: %lu schedules in all, "
	       "%lu violations\n",
	       k + 1, w, x.runs, x.violations);
	if (x.violations)
		printf("first violation: %s\n%s", x.first_what, x.first);
	sim_free(x.sim);
	return x.violations ? 1 : 0;
}
