// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running a scope's scenarios: worker processes (fork) take the next
 * scenario number from a counter in shared memory, explore it with the
 * explorer as `cidfuzz explore` does (sleep sets + state caching) and
 * write its verdict into its slot of a shared array. The parent only
 * watches: a progress line a second, the state file (--resume) every few
 * seconds, written atomically. Which worker ran a scenario does not
 * matter: the verdicts are read in scenario order at the end, and each
 * distinct violation (invariant and site) is taken from the first
 * scenario that shows it, explored again and minimized by the parent.
 * So the output does not depend on --jobs, nor on a resume.
 *
 * A scope of few scenarios would keep few workers busy, so there (see
 * verify.h: fewer than VERIFY_SPLIT_SCENARIOS, --split) each scenario's
 * search is cut into subtrees before the workers start (plan_split()):
 * the explorer's tree down to the first depth with enough subtrees,
 * searched with its sleep sets but without state caching, and each
 * subtree below it, with the sleep set the search carries there, is a
 * work item explored with a state cache of its own (explore_split(),
 * explore_config.prefix). The cut depends only on the scenario and the
 * options; a scenario's verdict is that of its first item (in the
 * search's order) with a violation, its states the sum over its items.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cid_bugs.h"
#include "explore.h"
#include "fileio.h"
#include "findings.h"
#include "known.h"
#include "minimize.h"
#include "oracle.h"
#include "verify.h"

#define STATE_MAGIC "cidfuzz verify state 2\n" /* 2: a verdict a work item */
#define STATE_MAGIC_ANY "cidfuzz verify state "
#define SAVE_EVERY 2.0 /* seconds between state files */

struct shared {
	unsigned long next;	   /* the next scenario to take */
	struct verify_summary sum; /* the reporter's counts */
	struct verify_verdict v[];
};

/* A work item: a scenario, or the subtree of one below @prefix */
struct work {
	uint32_t scenario;
	struct explore_prefix prefix; /* len 0: the whole scenario */
};

/*
 * The work items in scenario order (in memory of their own, not from
 * malloc, whose state the workers inherit): scenario i's are
 * first[i] .. first[i + 1] - 1
 */
struct plan {
	const struct verify_list *l;
	struct work *w;
	size_t n;
	size_t *first;
	uint8_t *cut; /* each scenario's cut depth, 0: not split */
	unsigned long split;
	unsigned int min_cut, max_cut;
};

/* What one worker needs for one scenario: too large for the stack */
static struct scenario scenario;
static struct explore_stats stats;
static char text[16384];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Scenario @it as the explorer's configuration. 0, or -1 (and a message) */
static int prepare(const struct verify_config *cfg,
		   const struct verify_item *it, struct explore_config *ecfg)
{
	char err[512];
	size_t len = verify_item_text(&cfg->scope, it, text, sizeof(text));

	if (len >= sizeof(text) ||
	    scenario_parse("verify", text, len, &scenario, err, sizeof(err))) {
		fprintf(stderr, "cidfuzz verify: a scenario does not parse: %s\n%s",
			len >= sizeof(text) ? "too long" : err, text);
		return -1;
	}
	scenario.sched.weak = cfg->weak;
	explore_default_config(ecfg, &scenario);
	ecfg->opts.bugs = cfg->bugs;
	ecfg->max_steps = cfg->max_steps;
	ecfg->preemptions = cfg->preemptions;
	return 0;
}

/* Explore work item @w into @st. 0, or -1 (and a message) */
static int explore_item(const struct verify_config *cfg,
			const struct verify_list *l, const struct work *w,
			struct explore_config *ecfg, struct explore_stats *st)
{
	if (prepare(cfg, &l->item[w->scenario], ecfg))
		return -1;
	ecfg->prefix = w->prefix.len ? &w->prefix : NULL;
	if (explore_run(ecfg, st) < 0) {
		fprintf(stderr, "cidfuzz verify: out of memory\n");
		return -1;
	}
	return 0;
}

/* Zeroed memory of its own (see struct plan), or NULL */
static void *map_zeroed(size_t bytes)
{
	void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * Where scenario @it is cut: the first depth with at least
 * VERIFY_SPLIT_SUBTREES subtrees, the one above if that has more than
 * VERIFY_SPLIT_MAX_SUBTREES; 0 if the tree ends before (a small
 * scenario, not split). Into *@count the subtrees there. -1 on an error.
 */
static int cut_depth(const struct verify_config *cfg,
		     const struct verify_item *it, unsigned long *count)
{
	struct explore_config ecfg;
	unsigned long deep, prev = 1;
	unsigned int d, max = EXPLORE_MAX_PREFIX;
	long n;

	if (prepare(cfg, it, &ecfg))
		return -1;
	if (max >= cfg->max_steps)
		max = cfg->max_steps - 1;
	for (d = 1; d <= max; d++) {
		n = explore_split(&ecfg, d, NULL, NULL, &deep);
		if (n < 0) {
			fprintf(stderr, "cidfuzz verify: out of memory\n");
			return -1;
		}
		if ((unsigned long)n >= VERIFY_SPLIT_SUBTREES) {
			if ((unsigned long)n > VERIFY_SPLIT_MAX_SUBTREES &&
			    prev > 1) {
				*count = prev;
				return (int)d - 1;
			}
			*count = (unsigned long)n;
			return (int)d;
		}
		if (!deep)
			break;
		prev = (unsigned long)n;
	}
	if (d > max && prev > 1) {
		*count = prev;
		return (int)max;
	}
	*count = 1;
	return 0;
}

struct fill {
	struct work *w;
	uint32_t scenario;
	size_t n, room;
};

static void add_subtree(void *ctx, const struct explore_prefix *p)
{
	struct fill *f = ctx;

	if (f->n < f->room)
		f->w[f->n] =
			(struct work){ .scenario = f->scenario, .prefix = *p };
	f->n++;
}

static bool splits(const struct verify_config *cfg, const struct verify_list *l)
{
	return cfg->split == VERIFY_SPLIT_ALWAYS ||
	       (cfg->split == VERIFY_SPLIT_AUTO &&
		l->n < VERIFY_SPLIT_SCENARIOS);
}

/*
 * The work items of @l: one a scenario, or its subtrees if the scope is
 * split. Done by the parent before anything else runs, the same for
 * every --jobs and resume. 0, or -1 (and a message).
 */
static int plan_split(const struct verify_config *cfg,
		      const struct verify_list *l, struct plan *pl)
{
	struct explore_config ecfg;
	unsigned long count, deep;
	struct fill f;
	size_t i;
	int d;

	memset(pl, 0, sizeof(*pl));
	pl->l = l;
	pl->first = map_zeroed((l->n + 1) * sizeof(*pl->first));
	pl->cut = map_zeroed(l->n);
	if (!pl->first || !pl->cut)
		goto nomem;
	for (i = 0; i < l->n; i++) {
		count = 1;
		d = splits(cfg, l) ? cut_depth(cfg, &l->item[i], &count) : 0;
		if (d < 0)
			return -1;
		pl->cut[i] = (uint8_t)d;
		pl->first[i + 1] = pl->first[i] + count;
		if (!d)
			continue;
		pl->split++;
		if (!pl->min_cut || (unsigned int)d < pl->min_cut)
			pl->min_cut = (unsigned int)d;
		if ((unsigned int)d > pl->max_cut)
			pl->max_cut = (unsigned int)d;
	}
	pl->n = pl->first[l->n];
	pl->w = map_zeroed(pl->n * sizeof(*pl->w));
	if (!pl->w)
		goto nomem;
	for (i = 0; i < l->n; i++) {
		f = (struct fill){ .w = pl->w + pl->first[i],
				   .scenario = (uint32_t)i,
				   .room = pl->first[i + 1] - pl->first[i] };
		if (!pl->cut[i]) {
			add_subtree(&f, &(struct explore_prefix){ .len = 0 });
			continue;
		}
		if (prepare(cfg, &l->item[i], &ecfg) ||
		    explore_split(&ecfg, pl->cut[i], add_subtree, &f, &deep) <
			    0 ||
		    f.n != f.room) {
			fprintf(stderr,
				"cidfuzz verify: scenario #%zu: the split failed\n",
				i);
			return -1;
		}
	}
	return 0;
nomem:
	fprintf(stderr, "cidfuzz verify: out of memory\n");
	return -1;
}

static void plan_free(struct plan *pl)
{
	if (pl->first)
		munmap(pl->first, (pl->l->n + 1) * sizeof(*pl->first));
	if (pl->cut)
		munmap(pl->cut, pl->l->n ? pl->l->n : 1);
	if (pl->w)
		munmap(pl->w, pl->n ? pl->n * sizeof(*pl->w) : 1);
}

static void sanitize(char *s)
{
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '\n')
			*s = '_';
}

static int verdict_of(const struct verify_config *cfg, const struct plan *pl,
		      size_t k, struct verify_verdict *v)
{
	struct explore_config ecfg;

	if (explore_item(cfg, pl->l, &pl->w[k], &ecfg, &stats))
		return -1;
	v->states = stats.states;
	v->cut = stats.cut;
	v->complete = stats.complete || stats.violation;
	v->violation = stats.violation;
	snprintf(v->invariant, sizeof(v->invariant), "%s",
		 stats.violation ? stats.res.invariant : "-");
	snprintf(v->site, sizeof(v->site), "%s", stats.violation ? stats.res.site : "-");
	sanitize(v->invariant);
	sanitize(v->site);
	return 0;
}

/*
 * Wait for child @pid: its exit status, or -1 if it did not exit. A
 * scenario or a report runs in a child of its own, forked from a process
 * that has not run any: the simulator's state hash mixes in addresses
 * and what earlier runs left in memory, so the same scenario explored
 * after different ones may merge states differently (a state more or
 * less); forked from the same start it is the same run, in any worker.
 */
static int wait_child(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* A worker or the reporter: killed with the parent (a run killed stops) */
static void die_with(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(2);
}

static void worker(const struct verify_config *cfg, const struct plan *pl,
		   struct shared *sh)
{
	pid_t pid, worker_pid = getpid();
	unsigned long i;

	for (;;) {
		i = __atomic_fetch_add(&sh->next, 1, __ATOMIC_SEQ_CST);
		if (i >= pl->n)
			break;
		if (__atomic_load_n(&sh->v[i].done, __ATOMIC_ACQUIRE))
			continue; /* resumed */
		pid = fork();
		if (!pid) {
			die_with(worker_pid);
			_exit(verdict_of(cfg, pl, i, &sh->v[i]) ? 2 : 0);
		}
		if (wait_child(pid))
			_exit(2);
		__atomic_store_n(&sh->v[i].done, 1, __ATOMIC_RELEASE);
	}
	_exit(0);
}

/* The first line of the state file after the magic: what it is about */
static void state_header(const struct verify_config *cfg, const struct plan *pl,
			 char *buf, size_t size)
{
	snprintf(
		buf, size,
		"scope cpus %u tasks %u concurrent %u kinds %#x setups %#x bugs %#x "
		"weak %d max-steps %u preemptions %d scenarios %zu split %d items %zu\n",
		cfg->scope.cpus, cfg->scope.tasks, cfg->scope.concurrent,
		cfg->scope.kinds, cfg->scope.setups, cfg->bugs, cfg->weak,
		cfg->max_steps, cfg->preemptions, pl->l->n, (int)cfg->split,
		pl->n);
}

static int save_state(const struct verify_config *cfg, const struct plan *pl,
		      const struct shared *sh)
{
	struct strbuf sb;
	char head[320];
	size_t i;
	int ret;

	state_header(cfg, pl, head, sizeof(head));
	sb_init(&sb);
	sb_puts(&sb, STATE_MAGIC);
	sb_puts(&sb, head);
	for (i = 0; i < pl->n; i++) {
		const struct verify_verdict *v = &sh->v[i];

		if (!__atomic_load_n(&v->done, __ATOMIC_ACQUIRE))
			continue;
		sb_printf(&sb, "%zu %lu %lu %u %u %s %s\n", i, v->states, v->cut, v->complete,
			  v->violation, v->invariant, v->site);
	}
	ret = write_file_atomic(cfg->resume, sb.buf, sb.len, false);
	sb_free(&sb);
	return ret ? -1 : 0;
}

/*
 * The file at @path, NUL terminated, in memory of its own (munmap
 * len + 1): not from malloc, whose state the workers inherit
 */
static char *map_file(const char *path, size_t *len)
{
	struct stat sb;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &sb)) {
		fprintf(stderr, "cidfuzz verify: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	*len = (size_t)sb.st_size;
	buf = mmap(NULL, *len + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		close(fd);
		return NULL;
	}
	while (got < *len && (n = read(fd, buf + got, *len - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = 0;
	return buf;
}

/* The verdicts of an earlier run, if @cfg->resume exists. 0, or -1 */
static int load_state(const struct verify_config *cfg, const struct plan *pl,
		      struct shared *sh, unsigned long *resumed)
{
	char head[320], inv[sizeof(sh->v[0].invariant)],
		site[sizeof(sh->v[0].site)];
	char *buf, *line, *nl;
	unsigned long states, cut;
	unsigned int complete, violation;
	size_t len, i;
	int lineno = 3;
	bool other;

	*resumed = 0;
	if (access(cfg->resume, F_OK) && errno == ENOENT)
		return 0;
	buf = map_file(cfg->resume, &len);
	if (!buf)
		return -1;
	state_header(cfg, pl, head, sizeof(head));
	/* an older format: refused, not misread */
	other = !strncmp(buf, STATE_MAGIC_ANY, strlen(STATE_MAGIC_ANY)) &&
		strncmp(buf, STATE_MAGIC, strlen(STATE_MAGIC));
	if (other || strncmp(buf, STATE_MAGIC, strlen(STATE_MAGIC)) ||
	    strncmp(buf + strlen(STATE_MAGIC), head, strlen(head))) {
		if (other)
			fprintf(stderr,
				"cidfuzz verify: %s: the state file of another version of "
				"cidfuzz (expected \"%.*s\" on line 1): delete it to start "
				"again\n",
				cfg->resume, (int)strlen(STATE_MAGIC) - 1,
				STATE_MAGIC);
		else
			fprintf(stderr,
				"cidfuzz verify: %s: not the state of this run (expected "
				"\"%.*s\" on line 2)\n",
				cfg->resume, (int)strlen(head) - 1, head);
		munmap(buf, len + 1);
		return -1;
	}
	for (line = buf + strlen(STATE_MAGIC) + strlen(head); *line; line = nl + 1, lineno++) {
		nl = strchr(line, '\n');
		if (!nl ||
		    sscanf(line, "%zu %lu %lu %u %u %7s %63s", &i, &states,
			   &cut, &complete, &violation, inv, site) != 7 ||
		    i >= pl->n || complete > 1 || violation > 1) {
			fprintf(stderr,
				"cidfuzz verify: %s:%d: expected \"ITEM STATES CUT "
				"COMPLETE VIOLATION INVARIANT SITE\"\n",
				cfg->resume, lineno);
			munmap(buf, len + 1);
			return -1;
		}
		sh->v[i] = (struct verify_verdict){
		    .done = 1,
		    .violation = (uint8_t)violation,
		    .complete = (uint8_t)complete,
		    .states = states,
		    .cut = cut,
		};
		snprintf(sh->v[i].invariant, sizeof(inv), "%s", inv);
		snprintf(sh->v[i].site, sizeof(site), "%s", site);
		(*resumed)++;
	}
	munmap(buf, len + 1);
	return 0;
}

static void count(const struct plan *pl, const struct shared *sh,
		  unsigned long *done, unsigned long *states)
{
	size_t i;

	*done = *states = 0;
	for (i = 0; i < pl->n; i++) {
		if (!__atomic_load_n(&sh->v[i].done, __ATOMIC_ACQUIRE))
			continue;
		(*done)++;
		*states += sh->v[i].states;
	}
}

static void progress(const struct plan *pl, const struct shared *sh,
		     unsigned long resumed, double start)
{
	unsigned long done, states;
	double t = now() - start, eta;

	count(pl, sh, &done, &states);
	eta = done > resumed ?
		      t / (double)(done - resumed) * (double)(pl->n - done) :
		      0;
	fprintf(stderr, "verify: %lu/%zu %s, %lu states, %.0f s, ETA %.0f s\n",
		done, pl->n,
		pl->split ? "work items (subtrees, scenarios)" : "scenarios",
		states, t, eta);
}

/* Start the workers and wait for them. 0, or -1 if one failed */
static int run_workers(const struct verify_config *cfg, const struct plan *pl,
		       struct shared *sh, unsigned long resumed)
{
	pid_t pid[256], parent = getpid();
	unsigned int j, jobs = cfg->jobs, left;
	double start = now(), last_print = start, last_save = start;
	int status, failed = 0;
	struct timespec pause = {0, 50 * 1000 * 1000};

	fflush(stdout);
	fflush(stderr);
	if (jobs > sizeof(pid) / sizeof(pid[0]))
		jobs = sizeof(pid) / sizeof(pid[0]);
	for (j = 0; j < jobs; j++) {
		pid[j] = fork();
		if (pid[j] < 0) {
			perror("cidfuzz verify: fork");
			jobs = j;
			failed = 1;
			break;
		}
		if (!pid[j]) {
			die_with(parent);
			worker(cfg, pl, sh);
		}
	}
	for (left = jobs; left;) {
		nanosleep(&pause, NULL);
		for (j = 0; j < jobs; j++) {
			if (pid[j] <= 0 || waitpid(pid[j], &status, WNOHANG) != pid[j])
				continue;
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				failed = 1;
			pid[j] = 0;
			left--;
		}
		if (cfg->progress && now() - last_print >= 1.0) {
			last_print = now();
			progress(pl, sh, resumed, start);
		}
		if (cfg->resume && now() - last_save >= SAVE_EVERY) {
			last_save = now();
			if (save_state(cfg, pl, sh))
				failed = 1;
		}
		if (failed && left) {
			for (j = 0; j < jobs; j++)
				if (pid[j] > 0)
					kill(pid[j], SIGTERM);
		}
	}
	if (cfg->resume && save_state(cfg, pl, sh))
		failed = 1;
	if (failed)
		fprintf(stderr, "cidfuzz verify: a worker failed\n");
	return failed ? -1 : 0;
}

static const char *const class_label[] = {
    [FINDING_TARGET] = "",
    [FINDING_KNOWN] = " (known: docs/findings.md, the newest code's)",
    [FINDING_NEWEST] = " (the newest code's too, not the switches')",
};

/* Needs the switches (or, with none, is new), known, or the newest code's */
static enum finding_class classify(const struct explore_config *ecfg,
				   const struct explore_stats *st)
{
	struct sim *s = sim_new(oracle_checker());
	struct sim_result newest;
	enum finding_class c;

	if (!s)
		return FINDING_TARGET;
	c = classify_finding(s, &st->witness, &ecfg->opts, &st->res, &newest);
	sim_free(s);
	return c;
}

/* " OPT a,b": the names @name gives for the bits of @set */
static void put_names(struct strbuf *sb, const char *opt, unsigned int set,
		      const char *(*name)(unsigned int))
{
	const char *sep = " ";
	unsigned int i;

	sb_printf(sb, " %s", opt);
	for (i = 0; i < 32 && name(i); i++) {
		if (set >> i & 1) {
			sb_printf(sb, "%s%s", sep, name(i));
			sep = ",";
		}
	}
}

static const char *kind_name(unsigned int kind)
{
	return kind < NR_VERIFY_KINDS ? verify_kind_name(kind) : NULL;
}

static const char *bug_name(unsigned int bug)
{
	return bug < NR_CID_BUGS ? cid_bug_slug(bug) : NULL;
}

/*
 * The command that explores this scope again, every option that changes
 * what is explored: the header of a violation's .sched
 */
static void scope_command(const struct verify_config *cfg, struct strbuf *sb)
{
	const struct verify_scope *sc = &cfg->scope;
	unsigned int i, all_setups = 0;

	for (i = 0; verify_setup_name(i); i++)
		all_setups |= 1U << i;
	sb_printf(sb, "cidfuzz verify --cpus %u --tasks %u --concurrent %u",
		  sc->cpus, sc->tasks, sc->concurrent);
	if ((sc->kinds & VERIFY_ALL_KINDS) != VERIFY_ALL_KINDS)
		put_names(sb, "--kinds", sc->kinds, kind_name);
	if ((sc->setups & all_setups) != all_setups)
		put_names(sb, "--setups", sc->setups, verify_setup_name);
	for (i = 0; bug_name(i); i++)
		if (cfg->bugs >> i & 1)
			sb_printf(sb, " --bug %s", bug_name(i));
	if (cfg->weak)
		sb_puts(sb, " --weak");
	if (cfg->preemptions >= 0)
		sb_printf(sb, " --preemptions %d", cfg->preemptions);
	if (cfg->max_steps != VERIFY_MAX_STEPS)
		sb_printf(sb, " --max-steps %u", cfg->max_steps);
	if (cfg->split != VERIFY_SPLIT_NEVER)
		sb_printf(sb, " --split %s",
			  cfg->split == VERIFY_SPLIT_AUTO ? "auto" : "always");
}

/*
 * The violation first seen in scenario @i: explore it again (it is
 * deterministic), minimize the schedule, write it, print where. 1 if it
 * is known (docs/findings.md), 0 if not, -1 on an error.
 */
static int report(const struct verify_config *cfg, const struct plan *pl,
		  size_t i, size_t k, unsigned long times)
{
	const struct verify_list *l = pl->l;
	struct explore_config ecfg;
	struct strbuf sb, origin;
	char name[512], key[96], path[4096];
	const char *how = "minimized";
	enum finding_class c;
	int ret;

	verify_item_name(&l->item[i], name, sizeof(name));
	if (explore_item(cfg, l, &pl->w[k], &ecfg, &stats))
		return -1;
	if (!stats.violation) {
		fprintf(stderr, "cidfuzz verify: scenario #%zu: no violation the second time\n", i);
		return -1;
	}
	if (explore_minimize_witness(&ecfg, &stats))
		how = "not minimized: it does not replay to the same violation";
	c = classify(&ecfg, &stats);
	printf("VIOLATION %s at %s%s: %lu scenario(s), the first #%zu (%s): %s\n",
	       stats.res.invariant, stats.res.site, class_label[c], times, i, name, stats.res.what);
	findings_key(&stats.res, key, sizeof(key));
	snprintf(path, sizeof(path), "%s/%s%s.sched", cfg->out, c == FINDING_KNOWN ? "known-" : "",
		 key);
	sb_init(&origin);
	scope_command(cfg, &origin);
	sb_printf(&origin, ", %s", name);
	sb_init(&sb);
	ret = c == FINDING_KNOWN;
	if (minimize_format(&sb, origin.buf, cfg->bugs, &stats.witness,
			    &stats.res) ||
	    write_file_atomic(path, sb.buf, sb.len, false))
		ret = -1;
	else
		printf("  %s (%s, %u events)\n", path, how, stats.witness.nr_events);
	sb_free(&sb);
	sb_free(&origin);
	return ret;
}

static bool same_violation(const struct verify_verdict *a, const struct verify_verdict *b)
{
	return !strcmp(a->invariant, b->invariant) && !strcmp(a->site, b->site);
}

/*
 * The verdict of scenario @i that counts: its first work item (in the
 * search's order) with a violation, or NULL if none has one
 */
static const struct verify_verdict *violation_of(const struct plan *pl,
						 const struct shared *sh,
						 size_t i, size_t *k)
{
	for (*k = pl->first[i]; *k < pl->first[i + 1]; (*k)++)
		if (sh->v[*k].violation)
			return &sh->v[*k];
	return NULL;
}

/* Every distinct violation, in the order of its first scenario */
static int report_all(const struct verify_config *cfg, const struct plan *pl,
		      const struct shared *sh, struct verify_summary *sum)
{
	const struct verify_verdict *v, *u;
	size_t i, j, k, kj, n = pl->l->n;
	unsigned long times;
	pid_t pid, reporter = getpid();
	int ret;

	for (i = 0; i < n; i++) {
		v = violation_of(pl, sh, i, &k);
		if (!v)
			continue;
		for (j = 0; j < i; j++)
			if ((u = violation_of(pl, sh, j, &kj)) &&
			    same_violation(v, u))
				break;
		if (j < i)
			continue;
		for (times = 0, j = i; j < n; j++)
			times += (u = violation_of(pl, sh, j, &kj)) &&
				 same_violation(v, u);
		if (!sum->violations && !sum->known && mkdir(cfg->out, 0777) && errno != EEXIST) {
			fprintf(stderr, "cidfuzz verify: %s: %s\n", cfg->out, strerror(errno));
			return -1;
		}
		pid = fork();
		if (!pid) {
			die_with(reporter);
			ret = report(cfg, pl, i, k, times);
			fflush(stdout);
			_exit(ret < 0 ? 2 : 10 + ret);
		}
		switch (wait_child(pid) - 10) {
		case 0:
			sum->violations++;
			break;
		case 1:
			sum->known++;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

int verify_run(const struct verify_config *cfg, const struct verify_list *l,
	       struct verify_summary *sum)
{
	double start = now();
	struct shared *sh = MAP_FAILED;
	struct plan pl;
	size_t size = 0, i, k;
	int go[2], ret = 0;
	pid_t reporter, parent;
	bool whole;
	char cmd;

	memset(sum, 0, sizeof(*sum));
	if (plan_split(cfg, l, &pl)) {
		ret = -1;
		goto out;
	}
	size = sizeof(struct shared) + pl.n * sizeof(struct verify_verdict);
	sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("cidfuzz verify: mmap");
		ret = -1;
		goto out;
	}
	if (cfg->resume && load_state(cfg, &pl, sh, &sum->resumed)) {
		ret = -1;
		goto out;
	}
	/*
	 * The reporter is forked with the workers, before anything runs:
	 * it waits for a byte on the pipe ('r': report) and reports in
	 * children of its own, from the state the workers started in
	 */
	fflush(stdout);
	if (pipe(go)) {
		perror("cidfuzz verify: pipe");
		ret = -1;
		goto out;
	}
	parent = getpid();
	reporter = fork();
	if (!reporter) {
		die_with(parent);
		close(go[1]);
		if (read(go[0], &cmd, 1) != 1 || cmd != 'r')
			_exit(0);
		ret = report_all(cfg, &pl, sh, &sh->sum);
		fflush(stdout);
		_exit(ret ? 2 : 0);
	}
	close(go[0]);
	if (run_workers(cfg, &pl, sh, sum->resumed)) {
		close(go[1]);
		wait_child(reporter);
		ret = -1;
		goto out;
	}
	cmd = 'r';
	if (write(go[1], &cmd, 1) != 1 || (close(go[1]), wait_child(reporter))) {
		fprintf(stderr, "cidfuzz verify: the reports failed\n");
		ret = -1;
		goto out;
	}
	/* a scenario is complete if it violates or each of its items is */
	for (i = 0; i < l->n; i++) {
		whole = true;
		for (k = pl.first[i]; k < pl.first[i + 1]; k++) {
			sum->states += sh->v[k].states;
			sum->cut += sh->v[k].cut;
			whole = whole && sh->v[k].complete;
		}
		sum->incomplete += !whole && !violation_of(&pl, sh, i, &k);
	}
	sum->scenarios = l->n;
	sum->items = pl.n;
	sum->split = pl.split;
	sum->min_cut = pl.min_cut;
	sum->max_cut = pl.max_cut;
	sum->violations = sh->sum.violations;
	sum->known = sh->sum.known;
	ret = sum->violations ? 1 : 0;
out:
	sum->seconds = now() - start;
	if (sh != MAP_FAILED)
		munmap(sh, size);
	plan_free(&pl);
	return ret;
}
