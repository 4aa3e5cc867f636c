// SPDX-License-Identifier: GPL-2.0-only
/*
 * The exhaustive search, in three modes that share one depth-first loop
 * over the choices, every run re-executed from the start (the simulator
 * is fast and deterministic; nothing is copied or undone):
 *
 *  - cached (the default): every enabled choice, with sleep sets and
 *    state caching (Godefroid's thesis, "sleep sets with state storage").
 *    A state is sim_ctl_state_hash(); one reached again is explored
 *    only for the choices its earlier visit left asleep and this one
 *    does not, and its stored sleep set shrinks to the intersection.
 *  - dpor: stateless dynamic partial-order reduction after Flanagan and
 *    Godefroid (POPL 2005), with sleep sets.
 *  - naive: every enabled choice, nothing else (the reference).
 *
 * Threads are the CPUs (a step of the CPU's active kernel path), the
 * event starter and, with weak memory, the flush threads (control.h).
 * Two choices of different threads are dependent as control.h defines
 * it (same object and a write, same lock, a spinner and a write, or
 * anything that starts or ends a path, drains a store buffer or
 * violates); a flush is also dependent with every choice of its own CPU
 * but a load of another address (flush_same_cpu()).
 * Sleep sets skip choices whose reordering an explored sibling already
 * covers; a run in which every enabled thread sleeps is redundant and cut
 * (sleep-blocked).
 *
 * DPOR: each event of a run gets a vector clock (happens-before = program
 * order of its thread plus dependent pairs in run order). At every new
 * state, for each thread's next choice, the last earlier event it is
 * dependent with and not ordered after is a race: the state before that
 * event gets the thread (or, if it could not go there, every thread that
 * could) as a backtrack point, so the other order is run too.
 *
 * A preemption bound is part of the cached state (preemptions used, the
 * running thread). For DPOR a backtrack point also goes to the start of
 * the block of steps it falls in (the CHESS rule, so that the switch can
 * happen without a preemption), which keeps the bounded runs
 * heuristically, not provably (with flushes it is seen to miss states:
 * the cached mode is the exact one). A flush is no preemption: the
 * running CPU stays the one before it (node.last); --flushes bounds
 * them, and the flushes left are part of the cached state. tests/test_explore.c compares all modes
 * with naive, with and without a bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore_internal.h"

struct vclock {
	uint32_t c[XT_MAX];
};

/* The state after @depth choices of the current run */
struct node {
	uint64_t enabled, backtrack, done, sleep;
	uint64_t skip; /* cached: covered at an earlier visit */
	uint8_t chosen;
	int8_t last;			/* the running thread, -1 (xrun.last) */
	unsigned int preempt;		/* preemptions before this state */
	unsigned int flushes;		/* flush choices before this state */
	struct sim_choice pend[XT_MAX]; /* each thread's next choice here */
	struct sim_choice info[XT_MAX]; /* sleep | done: what it does */
	struct sim_choice taken;	/* the choice of the current run */
	struct vclock vc;		/* the clock of that event */
};

struct visited {
	uint64_t h;
	uint64_t sleep;
};

struct explorer {
	const struct explore_config *cfg;
	struct explore_stats *st;
	struct xrun run;
	struct node *node;		 /* [max_steps + 1] */
	struct vclock thread_vc[XT_MAX]; /* each thread's last event */
	/*
	 * Split (explore_split, cfg->prefix): the nodes above @cache_from
	 * are a plain sleep-set tree, neither cached nor counted; the
	 * search never backtracks above @floor
	 */
	unsigned int cache_from, floor;
	/* distinct states: open addressing over their hashes */
	struct visited *visited;
	size_t visited_size, nr_visited;
	double start, last_print;
};

/*
 * A flush (weak memory) and a choice of its own CPU: another flush of
 * the buffer may let it go (a barrier mark) and a store joins the buffer
 * beside it; only a load of another address surely commutes with it.
 */
static bool flush_same_cpu(const struct sim_choice *f, const struct sim_choice *o)
{
	return o->cpu == f->cpu && !(o->access == ACC_READ && o->obj != f->obj);
}

static bool dependent(const struct sim_choice *a, const struct sim_choice *b)
{
	if (a->access == ACC_GLOBAL || b->access == ACC_GLOBAL)
		return true;
	if (a->access == ACC_SPIN)
		return b->progress;
	if (b->access == ACC_SPIN)
		return a->progress;
	if ((a->kind == CHOICE_FLUSH && flush_same_cpu(a, b)) ||
	    (b->kind == CHOICE_FLUSH && flush_same_cpu(b, a)))
		return true;
	if (a->access == ACC_LOCAL || b->access == ACC_LOCAL || a->obj != b->obj)
		return false;
	if (a->access == ACC_SYNC || b->access == ACC_SYNC)
		return a->access == b->access;
	return a->access == ACC_WRITE || b->access == ACC_WRITE;
}

/*
 * The visited states: hash -> the sleep set it was explored with. New
 * (or no memory left to remember it): true, inserted with @sleep. Seen
 * before: false, @e is its entry.
 */
static bool visit(struct explorer *x, uint64_t h, uint64_t sleep, struct visited **e)
{
	size_t i, mask;

	if (!h)
		h = 1;
	if (2 * (x->nr_visited + 1) > x->visited_size) {
		size_t n = x->visited_size ? 2 * x->visited_size : 1 << 16;
		struct visited *v = calloc(n, sizeof(*v));

		/* out of memory: no caching from here (slower, still right) */
		if (!v)
			return true;
		for (i = 0; i < x->visited_size; i++) {
			size_t j = x->visited[i].h & (n - 1);

			if (!x->visited[i].h)
				continue;
			while (v[j].h)
				j = (j + 1) & (n - 1);
			v[j] = x->visited[i];
		}
		free(x->visited);
		x->visited = v;
		x->visited_size = n;
	}
	mask = x->visited_size - 1;
	for (i = h & mask; x->visited[i].h; i = (i + 1) & mask) {
		if (x->visited[i].h == h) {
			*e = &x->visited[i];
			return false;
		}
	}
	x->visited[i].h = h;
	x->visited[i].sleep = sleep;
	x->nr_visited++;
	*e = &x->visited[i];
	return true;
}

/*
 * The state (sim_ctl_state_hash), and, under a bound, what may still go:
 * the preemptions left and the thread that runs, the flushes left
 */
static uint64_t state_hash(const struct explorer *x, const struct node *n)
{
	uint64_t h = sim_ctl_state_hash(&x->run.ctl);

	if (x->cfg->preemptions >= 0)
		h = explore_mix(h, (uint64_t)n->preempt << 8 | (uint8_t)n->last);
	if (x->cfg->max_flushes >= 0)
		h = explore_mix(h, n->flushes);
	return h;
}

/*
 * A race of thread @p's choice @c (at depth @d) with an earlier event:
 * the last one it depends on and is not ordered after.
 */
static void add_backtrack(struct explorer *x, unsigned int i, unsigned int p)
{
	struct node *n = &x->node[i];
	uint64_t bits = n->enabled >> p & 1 ? 1ULL << p : n->enabled;
	unsigned int j = i;

	int run;

	n->backtrack |= bits;
	if (x->cfg->preemptions < 0)
		return;
	/* the block of the CPU that runs there; flushes inside it do not end it */
	run = n->chosen > x->run.starter ? n->last : n->chosen;
	while (j > 0 && (x->node[j - 1].chosen == run ||
			 (x->node[j - 1].chosen > x->run.starter && x->node[j - 1].last == run)))
		j--;
	x->node[j].backtrack |= bits & x->node[j].enabled;
}

static void find_race(struct explorer *x, unsigned int d, unsigned int p,
		      const struct sim_choice *c)
{
	const struct vclock *cp = &x->thread_vc[p];
	unsigned int i = d;

	while (i-- > 0) {
		const struct node *n = &x->node[i];
		unsigned int q = n->chosen;

		if (q == p || cp->c[q] >= n->vc.c[q] || !dependent(&n->taken, c))
			continue;
		add_backtrack(x, i, p);
		return;
	}
}

/* Fill in node @d for the state the run is in (a state never seen) */
static void new_node(struct explorer *x, unsigned int d)
{
	struct xrun *r = &x->run;
	struct node *n = &x->node[d];
	unsigned int t;

	n->enabled = r->enabled;
	n->last = (int8_t)r->last;
	n->preempt = r->preempt;
	n->flushes = r->flushes;
	n->backtrack = 0;
	n->done = 0;
	memcpy(n->pend, r->pend, sizeof(n->pend[0]) * r->nthreads);
	if (d == 0)
		n->sleep = 0;
	n->skip = 0;
	if (d >= x->cache_from &&
	    (x->cfg->count_states || x->cfg->mode == EXPLORE_CACHED)) {
		struct visited *e;

		if (visit(x, state_hash(x, n), n->sleep, &e)) {
			x->st->states++;
		} else if (x->cfg->mode == EXPLORE_CACHED) {
			/*
			 * Seen: only what the earlier visit left asleep and
			 * this one does not is new (Godefroid's sleep sets
			 * with state caching)
			 */
			n->skip = ~(e->sleep & ~n->sleep);
			e->sleep &= n->sleep;
		}
	}
	if (x->cfg->mode != EXPLORE_DPOR)
		return;
	for (t = 0; t < r->nthreads; t++)
		if (n->pend[t].path || n->pend[t].event >= 0 ||
		    (n->pend[t].kind == CHOICE_FLUSH && n->pend[t].enabled))
			find_race(x, d, t, &n->pend[t]);
}

/* The running thread at node @d (a flush runs nothing), -1 at the start */
static int last_at(const struct explorer *x, unsigned int d)
{
	return x->node[d].last;
}

/*
 * The threads that may go at node @d: enabled and within the bounds.
 * A flush is no preemption (it is memory, not a CPU, that moves): the
 * flushes have a bound of their own.
 */
static uint64_t allowed_at(const struct explorer *x, unsigned int d)
{
	const struct node *n = &x->node[d];
	int last = last_at(x, d), bound = x->cfg->preemptions;
	uint64_t flushes = n->enabled & ~0ULL << x->run.starter << 1;
	uint64_t m = n->enabled;

	if (x->cfg->max_flushes >= 0 && n->flushes >= (unsigned int)x->cfg->max_flushes) {
		m &= ~flushes;
		flushes = 0;
	}
	if (bound < 0 || n->preempt < (unsigned int)bound || last < 0 ||
	    (unsigned int)last == x->run.starter || !(n->enabled >> last & 1))
		return m;
	/* no preemption left: the running CPU goes on, memory too */
	return (m & 1ULL << last) | flushes;
}

/* The first choice to run at node @d: the last thread first (no switch) */
static int pick(const struct explorer *x, unsigned int d, uint64_t candidates)
{
	int last = last_at(x, d);
	unsigned int t;

	candidates &= ~x->node[d].done & ~x->node[d].sleep & ~x->node[d].skip;
	if (last >= 0 && (candidates >> last & 1))
		return last;
	for (t = 0; t < x->run.nthreads; t++)
		if (candidates >> t & 1)
			return (int)t;
	return -1;
}

/* Take thread @t's choice at node @d and set up node @d + 1 */
static int step(struct explorer *x, unsigned int d, unsigned int t)
{
	struct xrun *r = &x->run;
	struct node *n = &x->node[d], *child = &x->node[d + 1];
	struct vclock vc = x->thread_vc[t];
	uint64_t sleep;
	unsigned int i, u;
	int ret;

	n->chosen = (uint8_t)t;
	n->done |= 1ULL << t;
	ret = xrun_take(r, t, &n->taken);
	x->st->steps++;
	if (x->cfg->mode == EXPLORE_DPOR &&
	    (n->taken.access != n->pend[t].access || n->taken.progress != n->pend[t].progress))
		find_race(x, d, t, &n->taken);
	/* its clock: program order, then every earlier dependent event */
	vc.c[t]++;
	for (i = 0; i < d; i++) {
		const struct node *m = &x->node[i];

		if (vc.c[m->chosen] < m->vc.c[m->chosen] && dependent(&m->taken, &n->taken)) {
			for (u = 0; u < r->nthreads; u++)
				if (vc.c[u] < m->vc.c[u])
					vc.c[u] = m->vc.c[u];
		}
	}
	n->vc = vc;
	x->thread_vc[t] = vc;
	n->info[t] = n->taken;

	/* sleep set of the child: what stays independent of this choice */
	child->sleep = 0;
	if (x->cfg->mode != EXPLORE_NAIVE && !x->cfg->no_sleep_sets) {
		sleep = (n->sleep | n->done) & ~(1ULL << t);
		for (u = 0; u < r->nthreads; u++) {
			if (!(sleep >> u & 1) || dependent(&n->info[u], &n->taken))
				continue;
			child->sleep |= 1ULL << u;
			child->info[u] = n->info[u];
		}
	}
	return ret;
}

/* Re-run the current run's choices up to node @d (exclusive) */
static void replay_to(struct explorer *x, unsigned int d)
{
	struct xrun *r = &x->run;
	unsigned int i;

	xrun_begin(r);
	memset(x->thread_vc, 0, sizeof(x->thread_vc));
	for (i = 0; i < d; i++) {
		xrun_take(r, x->node[i].chosen, NULL);
		x->thread_vc[x->node[i].chosen] = x->node[i].vc;
		x->st->steps++;
	}
}

static void record_violation(struct explorer *x)
{
	struct explore_stats *st = x->st;

	if (st->violation)
		return;
	st->violation = true;
	st->violation_run = st->runs;
	st->res = x->run.res;
	xrun_witness(&x->run, &st->witness);
}

enum run_end {
	END_VERDICT, /* nothing may move, a violation, the bound */
	END_SLEEP,   /* all that may move sleeps: redundant */
	END_CACHED,  /* a state explored before */
};

/* A run ended at node @d. Returns true to stop exploring */
static bool end_of_run(struct explorer *x, unsigned int d, enum run_end how)
{
	struct explore_stats *st = x->st;
	struct explore_outcome o;

	if (how == END_SLEEP) {
		st->blocked++;
		return false;
	}
	if (how == END_CACHED) {
		st->cached++;
		return false;
	}
	st->runs++;
	if (d >= x->cfg->max_steps)
		st->cut++;
	if (d > st->max_depth)
		st->max_depth = d;
	if (xrun_finish(&x->run, &o))
		record_violation(x);
	if (x->cfg->outcome)
		x->cfg->outcome(x->cfg->outcome_ctx, &o);
	return (o.violation && !x->cfg->keep_going) ||
	       (x->cfg->max_runs && st->runs >= x->cfg->max_runs);
}

static enum run_end how_it_ended(const struct explorer *x, unsigned int d, uint64_t allowed)
{
	const struct node *n = &x->node[d];

	if (d >= x->cfg->max_steps || sim_ctl_stopped(&x->run.ctl) || !allowed)
		return END_VERDICT;
	if (!(allowed & ~n->sleep))
		return END_SLEEP;
	return END_CACHED;
}

/* The deepest node with a choice left to run, and that choice */
static int next_branch(struct explorer *x, unsigned int d, unsigned int *t)
{
	int c;

	while (d-- > x->floor) {
		c = pick(x, d, x->node[d].backtrack & allowed_at(x, d));
		if (c < 0)
			continue;
		replay_to(x, d);
		*t = (unsigned int)c;
		return (int)d;
	}
	return -1;
}

/*
 * Go down the split's tree from node @d to the child of thread @want,
 * as the sleep-set search of explore_split() does: each thread it would
 * take before @want first (into the node's done set, so into the child's
 * sleep set). 0, or -1 if @want is not a choice there.
 */
static int descend(struct explorer *x, unsigned int d, unsigned int want)
{
	uint64_t allowed = allowed_at(x, d);
	int c;

	x->node[d].backtrack = allowed;
	while ((c = pick(x, d, allowed)) >= 0 && (unsigned int)c != want) {
		step(x, d, (unsigned int)c);
		replay_to(x, d);
	}
	if (c < 0)
		return -1;
	step(x, d, want);
	new_node(x, d + 1);
	return 0;
}

static int explorer_init(struct explorer *x, const struct explore_config *cfg,
			 struct explore_stats *st)
{
	memset(x, 0, sizeof(*x));
	x->cfg = cfg;
	x->st = st;
	memset(st, 0, sizeof(*st));
	if (xrun_init(&x->run, cfg))
		return -1;
	x->node = calloc(cfg->max_steps + 2, sizeof(*x->node));
	if (!x->node) {
		xrun_free(&x->run);
		return -1;
	}
	x->start = x->last_print = explore_now();
	return 0;
}

static void explorer_free(struct explorer *x)
{
	free(x->node);
	free(x->visited);
	xrun_free(&x->run);
}

int explore_run(const struct explore_config *cfg, struct explore_stats *st)
{
	struct explorer x;
	struct xrun *r = &x.run;
	const struct explore_prefix *p = cfg->prefix;
	unsigned int d, t;
	int c, b;

	if (explorer_init(&x, cfg, st))
		return -1;
	replay_to(&x, 0);
	d = 0;
	if (sim_ctl_stopped(&r->ctl)) {
		end_of_run(&x, 0, END_VERDICT);
		goto out;
	}
	if (p && p->len) {
		if (cfg->mode != EXPLORE_CACHED ||
		    p->len > EXPLORE_MAX_PREFIX || p->len >= cfg->max_steps)
			goto bad_prefix;
		x.floor = x.cache_from = p->len;
	}
	new_node(&x, 0);
	for (; d < x.floor; d++)
		if (sim_ctl_stopped(&r->ctl) || descend(&x, d, p->thread[d]))
			goto bad_prefix;
	for (;;) {
		uint64_t allowed = allowed_at(&x, d);
		bool stop;

		c = d < cfg->max_steps && !sim_ctl_stopped(&r->ctl) ? pick(&x, d, allowed) : -1;
		if (c >= 0) {
			if (cfg->mode != EXPLORE_DPOR)
				x.node[d].backtrack = allowed;
			else
				x.node[d].backtrack |= 1ULL << c;
			step(&x, d, (unsigned int)c);
			new_node(&x, ++d);
			continue;
		}
		/* a run is over: see enum run_end */
		stop = end_of_run(&x, d, how_it_ended(&x, d, allowed));
		explore_progress(cfg, st, x.start, &x.last_print, d);
		if (stop)
			break;
		b = next_branch(&x, d, &t);
		if (b < 0) {
			st->complete = true;
			break;
		}
		d = (unsigned int)b;
		step(&x, d, t);
		new_node(&x, ++d);
	}
out:
	st->seconds = explore_now() - x.start;
	st->flush_threads = r->ctl.nr_flush;
	st->unnamed = r->ctl.nr_unnamed;
	st->no_room = r->ctl.no_room;
	explorer_free(&x);
	return st->violation ? 1 : 0;
bad_prefix:
	/* not a subtree of explore_split()'s: a caller's error */
	explorer_free(&x);
	return -1;
}

long explore_split(const struct explore_config *cfg, unsigned int depth,
		   void (*fn)(void *ctx, const struct explore_prefix *p),
		   void *ctx, unsigned long *deep)
{
	struct explore_stats *st = malloc(sizeof(*st));
	struct explore_prefix pre;
	struct explorer x;
	unsigned int d, t, i;
	long n = 0;
	int c, b;

	*deep = 0;
	if (!st || cfg->mode != EXPLORE_CACHED || depth > EXPLORE_MAX_PREFIX ||
	    depth >= cfg->max_steps || explorer_init(&x, cfg, st)) {
		free(st);
		return -1;
	}
	x.cache_from = depth + 1; /* nothing cached */
	replay_to(&x, 0);
	new_node(&x, 0);
	for (d = 0;;) {
		uint64_t allowed = allowed_at(&x, d);

		c = d < depth && !sim_ctl_stopped(&x.run.ctl) ?
			    pick(&x, d, allowed) :
			    -1;
		if (c >= 0) {
			x.node[d].backtrack = allowed;
			step(&x, d, (unsigned int)c);
			new_node(&x, ++d);
			continue;
		}
		/* a leaf, unless every thread that may go sleeps (redundant) */
		if (how_it_ended(&x, d, allowed) != END_SLEEP) {
			pre.len = (uint8_t)d;
			for (i = 0; i < d; i++)
				pre.thread[i] = x.node[i].chosen;
			if (fn)
				fn(ctx, &pre);
			n++;
			*deep += d == depth && !sim_ctl_stopped(&x.run.ctl) &&
				 allowed;
		}
		b = next_branch(&x, d, &t);
		if (b < 0)
			break;
		d = (unsigned int)b;
		step(&x, d, t);
		new_node(&x, ++d);
	}
	explorer_free(&x);
	free(st);
	return n;
}
