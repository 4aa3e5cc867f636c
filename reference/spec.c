// SPDX-License-Identifier: GPL-2.0-only
/*
 * The specification's account (spec.h), written from docs/contract.md
 * §4 and §6 only.
 *
 * Orders: a window's operations are applied in every order, breadth
 * first, one operation per layer, with equal states merged. Operations of
 * one kind are interchangeable (any ADD is like any other), and so are
 * WIDENs of one mask: a layer node is (how many of each kind are applied,
 * which masks are still to come, the state), and the layers stay small
 * even for long windows. A WIDEN whose mask the union already has can
 * change nothing, now or later (the union only grows): it leaves the
 * node at once, so that orders that differ only in such no-ops merge. The
 * pairs of a failed fork or exec (spec.h) keep their own order: of the
 * pairs of one kind, no more may have ended than begun.
 */
#include <string.h>

#include "spec.h"

#define SPEC_MAX_NODES		1024
#define SPEC_MAX_MASKS		64	/* distinct WIDEN masks in a window */

/* Why the spec lost track of an mm (spec_mm.why): the bound it hit */
#define STR_(x)			#x
#define STR(x)			STR_(x)
static const char why_ops[] =
	"more than " STR(SPEC_MAX_OPS) " operations to keep";
static const char why_masks[] =
	"more than " STR(SPEC_MAX_MASKS) " affinity masks in one window";
static const char why_nodes[] =
	"more than " STR(SPEC_MAX_NODES) " partial orders of one window's events";
static const char why_cands[] =
	"more than " STR(SPEC_MAX_CANDS) " possible states";

static unsigned int min_u(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

unsigned int spec_weight(const struct spec *sp, const struct spec_state *st)
{
	uint64_t possible = sp->nr_cpus >= 64 ? ~0ULL : (1ULL << sp->nr_cpus) - 1;

	return (unsigned int)__builtin_popcountll(st->mask & possible);
}

/* §4: the optimum is min(allowed CPUs, users), plus 25%, at most the CPUs */
unsigned int spec_max_cids(const struct spec *sp, const struct spec_state *st)
{
	unsigned int opt = min_u(spec_weight(sp, st), st->users);

	return min_u(opt + opt / 4, sp->nr_cpus);
}

/* §4: back to per-task mode below the optimum minus 25%, capped, >= 1 */
unsigned int spec_calc_thrs(const struct spec *sp, const struct spec_state *st)
{
	unsigned int opt = min_u(spec_weight(sp, st), st->users);
	unsigned int thrs = min_u(opt - opt / 4, sp->nr_cpus / 2);

	return thrs ? thrs : 1;
}

/* §6 mm_update_max_cids(): the decision made under the lock */
static void update(const struct spec *sp, struct spec_state *st)
{
	st->deferred = false;
	if (!st->thrs) {
		if (st->users > spec_max_cids(sp, st))
			st->thrs = (uint16_t)spec_calc_thrs(sp, st);
	} else if (st->users < st->thrs) {
		st->thrs = 0;
	}
}

/* §6 mm_update_cpus_allowed(): widen, and maybe defer a switch back */
static void widen(const struct spec *sp, struct spec_state *st, uint64_t mask)
{
	unsigned int before = spec_weight(sp, st);

	if (!st->users)
		return;
	st->mask |= mask;
	if (spec_weight(sp, st) == before || !st->thrs)
		return;
	st->thrs = (uint16_t)spec_calc_thrs(sp, st);
	if (st->users < st->thrs && !st->deferred)
		st->deferred = true;
}

static bool add_user(const struct spec *sp, struct spec_state *st)
{
	if (st->dead)
		return false;
	st->users++;
	update(sp, st);
	return true;
}

/*
 * The last user gone, the mm is dead to user space: nothing to check.
 * Unless @held: a failed exec's task still has it and joins it again.
 */
static bool remove_user(const struct spec *sp, struct spec_state *st,
			bool held)
{
	if (st->dead || !st->users)
		return false;
	if (!--st->users && !held) {
		st->dead = true;
		return true;
	}
	update(sp, st);
	return true;
}

static bool state_eq(const struct spec_state *a, const struct spec_state *b)
{
	if (a->dead || b->dead)
		return a->dead == b->dead;
	return a->mask == b->mask && a->users == b->users &&
	       a->thrs == b->thrs && a->deferred == b->deferred;
}

/*
 * A window's operations by class; within a class one is like any other.
 * The second of a pair (spec.h) comes after the first: a failed fork's
 * C_TRY_REMOVE after its C_TRY_ADD, a failed exec's C_REJOIN after its
 * C_LEAVE.
 */
enum op_class {
	C_ADD,
	C_REMOVE,
	C_WORK,
	C_TRY_ADD,
	C_TRY_REMOVE,
	C_LEAVE,
	C_REJOIN,
	NR_CLASSES
};

struct node {
	uint16_t used[NR_CLASSES];	/* applied, by class */
	uint64_t widens;		/* the masks still to apply, by index */
	struct spec_state st;
};

static struct node layer[2][SPEC_MAX_NODES];

static bool node_eq(const struct node *a, const struct node *b)
{
	return !memcmp(a->used, b->used, sizeof(a->used)) &&
	       a->widens == b->widens && state_eq(&a->st, &b->st);
}

/* Add @n to @l (size *nr) unless there; false when full */
static bool layer_add(struct node *l, unsigned int *nr, const struct node *n)
{
	unsigned int i;

	for (i = 0; i < *nr; i++)
		if (node_eq(&l[i], n))
			return true;
	if (*nr == SPEC_MAX_NODES)
		return false;
	l[(*nr)++] = *n;
	return true;
}

struct window {
	/* C_ADD, C_REMOVE, C_WORK; C_TRY_ADD: failed forks; C_LEAVE: execs */
	unsigned int count[NR_CLASSES];
	unsigned int nr_masks;
	uint64_t mask[SPEC_MAX_MASKS];	/* of the WIDENs, each once */
};

/* Count a WIDEN of @mask in @w; false if it has too many masks */
static bool window_widen(struct window *w, uint64_t mask)
{
	unsigned int i;

	for (i = 0; i < w->nr_masks; i++)
		if (w->mask[i] == mask)
			return true;
	if (w->nr_masks == SPEC_MAX_MASKS)
		return false;
	w->mask[w->nr_masks++] = mask;
	return true;
}

static int window_of(const struct spec_op *ops, unsigned int n,
		     struct window *w, const char **why)
{
	static const uint8_t class_of[] = {
		[SOP_ADD] = C_ADD, [SOP_REMOVE] = C_REMOVE, [SOP_WORK] = C_WORK,
		[SOP_TRY_ADD] = C_TRY_ADD, [SOP_LEAVE] = C_LEAVE,
	};
	unsigned int i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < n; i++) {
		switch (ops[i].kind) {
		case SOP_TRY_REMOVE:
		case SOP_REJOIN:
			continue;	/* the second of a pair: counted with it */
		case SOP_WIDEN:
			if (!window_widen(w, ops[i].mask)) {
				*why = why_masks;
				return -1;
			}
			continue;
		default:
			w->count[class_of[ops[i].kind]]++;
		}
	}
	return 0;
}

/*
 * Drop the WIDENs still to come that can change nothing: their mask is
 * in the union already (which only grows), or the mm is dead
 */
static void drop_idle_widens(const struct window *w, struct node *n)
{
	uint64_t left = n->widens;

	while (left) {
		unsigned int i = (unsigned int)__builtin_ctzll(left);

		left &= left - 1;
		if (n->st.dead || !(w->mask[i] & ~n->st.mask))
			n->widens &= ~(1ULL << i);
	}
}

/* Is every operation of the window applied in @n? */
static bool node_done(const struct window *w, const struct node *n)
{
	const uint16_t *u = n->used;

	return !n->widens && u[C_ADD] == w->count[C_ADD] &&
	       u[C_REMOVE] == w->count[C_REMOVE] && u[C_WORK] == w->count[C_WORK] &&
	       u[C_TRY_ADD] == w->count[C_TRY_ADD] &&
	       u[C_TRY_REMOVE] == u[C_TRY_ADD] &&
	       u[C_LEAVE] == w->count[C_LEAVE] && u[C_REJOIN] == u[C_LEAVE];
}

/* Can @n apply an operation of class @c next? */
static bool class_ready(const struct window *w, const struct node *n,
			unsigned int c)
{
	const uint16_t *u = n->used;

	switch (c) {
	case C_TRY_REMOVE:
		return u[C_TRY_REMOVE] < u[C_TRY_ADD];
	case C_REJOIN:
		return u[C_REJOIN] < u[C_LEAVE];
	default:
		return u[c] < w->count[c];
	}
}

/* Apply one operation of class @c; false if no execution can do it here */
static bool apply_class(const struct spec *sp, struct node *n, unsigned int c)
{
	struct spec_state *st = &n->st;
	/* a failed exec between leaving and joining again holds the mm */
	bool held = n->used[C_LEAVE] + (c == C_LEAVE) > n->used[C_REJOIN];

	switch (c) {
	case C_ADD:
	case C_TRY_ADD:
	case C_REJOIN:
		return add_user(sp, st);
	case C_REMOVE:
	case C_TRY_REMOVE:
	case C_LEAVE:
		return remove_user(sp, st, held);
	default:	/* C_WORK */
		if (!st->dead && st->users && st->deferred)
			update(sp, st);
		return true;
	}
}

/* @n with the operation @k applied (a class, then the masks); false: none */
static bool extend(const struct spec *sp, const struct window *w,
		   struct node *n, unsigned int k)
{
	if (k < NR_CLASSES) {
		if (!class_ready(w, n, k) || !apply_class(sp, n, k))
			return false;
		n->used[k]++;
	} else {
		k -= NR_CLASSES;
		if (!(n->widens >> k & 1))
			return false;
		n->widens &= ~(1ULL << k);
		widen(sp, &n->st, w->mask[k]);
	}
	drop_idle_widens(w, n);
	return true;
}

/*
 * One layer: every node extended by every operation not yet applied; a
 * node with all applied goes on as it is (it may have got there in fewer
 * layers: idle WIDENs take none). -1 when full; *moved: any extended.
 */
static int next_layer(const struct spec *sp, const struct window *w,
		      const struct node *cur, unsigned int nr_cur,
		      struct node *next, bool *moved)
{
	unsigned int i, k, nr = 0;

	*moved = false;
	for (i = 0; i < nr_cur; i++) {
		if (node_done(w, &cur[i])) {
			if (!layer_add(next, &nr, &cur[i]))
				return -1;
			continue;
		}
		for (k = 0; k < NR_CLASSES + w->nr_masks; k++) {
			struct node n = cur[i];

			if (!extend(sp, w, &n, k))
				continue;
			*moved = true;
			if (!layer_add(next, &nr, &n))
				return -1;
		}
	}
	return (int)nr;
}

/*
 * Every state after the window @ops from any of @in: into @out. -1 if
 * a bound is hit (*why: which)
 */
static int run_window(const struct spec *sp, const struct spec_state *in,
		      unsigned int nr_in, const struct spec_op *ops,
		      unsigned int n, struct spec_state *out, const char **why)
{
	struct window w;
	unsigned int i, step, nr = 0, nr_out = 0;
	bool moved = true;
	int cur = 0;

	if (window_of(ops, n, &w, why))
		return -1;
	for (i = 0; i < nr_in; i++) {
		struct node start = { .st = in[i] };

		start.widens = w.nr_masks < 64 ? (1ULL << w.nr_masks) - 1 : ~0ULL;
		drop_idle_widens(&w, &start);
		layer_add(layer[0], &nr, &start);
	}
	for (step = 0; step < n && moved; step++) {
		int got = next_layer(sp, &w, layer[cur], nr, layer[!cur], &moved);

		if (got < 0) {
			*why = why_nodes;
			return -1;
		}
		nr = (unsigned int)got;
		cur = !cur;
	}
	for (i = 0; i < nr; i++) {
		unsigned int j;

		if (!node_done(&w, &layer[cur][i]))
			continue;
		for (j = 0; j < nr_out && !state_eq(&out[j], &layer[cur][i].st); j++)
			;
		if (j < nr_out)
			continue;
		if (nr_out == SPEC_MAX_CANDS) {
			*why = why_cands;
			return -1;
		}
		out[nr_out++] = layer[cur][i].st;
	}
	return (int)nr_out;
}

void spec_reset(struct spec *sp, unsigned int nr_cpus, bool keep_history)
{
	sp->nr_cpus = nr_cpus;
	sp->keep_history = keep_history;
	sp->nr_mms = 0;
	memset(sp->task, 0, sizeof(sp->task));
}

static void add_op(struct spec *sp, int smm, uint8_t kind, uint64_t mask)
{
	struct spec_mm *m;

	if (smm < 0)
		return;
	m = &sp->mm[smm];
	if (m->nr_ops == SPEC_MAX_OPS) {
		if (!m->lost)
			m->why = why_ops;
		m->lost = true;
		return;
	}
	m->ops[m->nr_ops].kind = kind;
	m->ops[m->nr_ops].window_end = false;
	m->ops[m->nr_ops].mask = mask;
	m->nr_ops++;
}

/* A new mm, created by @slot (its allowed CPUs start the union) */
static int new_mm(struct spec *sp, unsigned int slot)
{
	struct spec_mm *m;

	if (sp->nr_mms == SPEC_MAX_MMS)
		return -1;
	m = &sp->mm[sp->nr_mms];
	m->model = -1;
	m->lost = false;
	m->why = NULL;
	m->nr_base = 1;
	memset(&m->base[0], 0, sizeof(m->base[0]));
	m->base[0].mask = sp->task[slot].mask;
	m->nr_ops = m->done_ops = 0;
	return (int)sp->nr_mms++;
}

static void join(struct spec *sp, unsigned int slot, int smm)
{
	struct spec_task *t = &sp->task[slot];

	t->mm = smm;
	t->user = smm >= 0;
	add_op(sp, smm, SOP_ADD, 0);
}

void spec_process(struct spec *sp, unsigned int slot)
{
	struct spec_task *t = &sp->task[slot];

	t->exists = true;
	t->failed = false;
	t->mask = sp->nr_cpus >= 64 ? ~0ULL : (1ULL << sp->nr_cpus) - 1;
	join(sp, slot, new_mm(sp, slot));
}

void spec_fork(struct spec *sp, unsigned int parent, unsigned int child,
	       bool share_mm)
{
	struct spec_task *c = &sp->task[child];

	c->exists = true;
	c->failed = false;
	c->mask = sp->task[parent].mask;
	join(sp, child, share_mm ? sp->task[parent].mm : new_mm(sp, child));
}

/*
 * With CLONE_VM the child would be a user of the parent's mm, if at all
 * (spec_fork_registered()); a new mm of its own would die with it
 * unseen: nothing to follow
 */
void spec_fork_failed(struct spec *sp, unsigned int parent, unsigned int child,
		      bool share_mm)
{
	struct spec_task *c = &sp->task[child];

	c->exists = false;
	c->user = false;
	c->failed = share_mm;
	c->mm = share_mm ? sp->task[parent].mm : -1;
}

/* Both now: the fork path ends, with the removal, before the window */
void spec_fork_registered(struct spec *sp, unsigned int slot)
{
	struct spec_task *c = &sp->task[slot];

	if (!c->failed)
		return;
	c->failed = false;
	add_op(sp, c->mm, SOP_TRY_ADD, 0);
	add_op(sp, c->mm, SOP_TRY_REMOVE, 0);
}

static void leave(struct spec *sp, unsigned int slot)
{
	struct spec_task *t = &sp->task[slot];

	if (t->user)
		add_op(sp, t->mm, SOP_REMOVE, 0);
	t->user = false;
}

void spec_exit(struct spec *sp, unsigned int slot)
{
	leave(sp, slot);
	sp->task[slot].mm = -1;
}

void spec_exec(struct spec *sp, unsigned int slot)
{
	leave(sp, slot);
	join(sp, slot, new_mm(sp, slot));
}

void spec_exec_failed(struct spec *sp, unsigned int slot)
{
	struct spec_task *t = &sp->task[slot];

	if (!t->user) {
		join(sp, slot, t->mm);
		return;
	}
	add_op(sp, t->mm, SOP_LEAVE, 0);
	add_op(sp, t->mm, SOP_REJOIN, 0);
}

void spec_affinity(struct spec *sp, unsigned int slot, uint64_t mask)
{
	struct spec_task *t = &sp->task[slot];

	t->mask = mask;
	add_op(sp, t->mm, SOP_WIDEN, mask);
}

void spec_work(struct spec *sp, int smm)
{
	add_op(sp, smm, SOP_WORK, 0);
}

/* Full mode: from the first state through every window, never collapsed */
static int settle_history(struct spec *sp, struct spec_mm *m,
			  struct spec_state *out, const char **why)
{
	struct spec_state cur[SPEC_MAX_CANDS];
	unsigned int start = 0, i;
	int nr = 1;

	cur[0] = m->base[0];
	for (i = 0; i < m->nr_ops; i++) {
		if (!m->ops[i].window_end && i + 1 < m->nr_ops)
			continue;
		nr = run_window(sp, cur, (unsigned int)nr, m->ops + start,
				i + 1 - start, out, why);
		if (nr < 0)
			return -1;
		memcpy(cur, out, (size_t)nr * sizeof(cur[0]));
		start = i + 1;
	}
	memcpy(out, cur, (size_t)nr * sizeof(cur[0]));
	return nr;
}

int spec_settle(struct spec *sp, unsigned int smm, struct spec_state *out)
{
	struct spec_mm *m = &sp->mm[smm];
	int nr;

	if (m->lost)
		return -1;
	if (m->nr_ops)
		m->ops[m->nr_ops - 1].window_end = true;
	if (sp->keep_history)
		nr = settle_history(sp, m, out, &m->why);
	else
		nr = run_window(sp, m->base, m->nr_base, m->ops + m->done_ops,
				m->nr_ops - m->done_ops, out, &m->why);
	m->done_ops = m->nr_ops;
	if (nr < 0)
		m->lost = true;
	return nr;
}

void spec_collapse(struct spec *sp, unsigned int smm,
		   const struct spec_state *st)
{
	struct spec_mm *m = &sp->mm[smm];

	if (sp->keep_history)
		return;
	m->base[0] = *st;
	m->nr_base = 1;
	m->nr_ops = m->done_ops = 0;
}
