// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenarios of a scope: set-ups times sequences of concurrent events,
 * one of each class of renamings (verify.h).
 *
 * The set-ups are the states the mm_cid code switches between, made the
 * way the reproducers in crashes/ make them, with M threads on N CPUs
 * (Ti on cpu i % N; max_cids is N, so more than N users means per-CPU
 * mode, and with four CPUs or more fewer than two users (pcpu_thrs)
 * means per-task mode again):
 *
 *   per-task	   "threads T0..": every thread a CID of its own
 *   task-off	   per-task, T1 off cpu1 (queued there): it can schedule in
 *		   while a switch runs (transit-task-to-cpu, split-mode-fields)
 *   per-cpu	   T0 forks until users > N: the switch and its walk have
 *		   run, the children are parked on cpu0 (cid-on-cpu-drop,
 *		   unset-transit-oob start from here)
 *   per-cpu-2	   per-cpu, then the children (each scheduled in on cpu0)
 *		   and T2.. exit: T0 and T1 left,
 *		   T1 still holding its CID with TRANSIT from the walk; the
 *		   next exit goes back to per-task mode
 *   per-cpu-3	   the same with T0, T1, T2 left: a failed exec does not
 *		   switch back, two exits do (unset-transit-oob)
 *   clone-vm	   T0 made a second thread group on the mm (vfork-budget)
 *   switching	   task-off, and T0 forks until users > N, the last fork
 *		   stopped where it writes the new mode: the switch to per-CPU
 *		   mode and its walk run concurrently with the events, and T1
 *		   can schedule in, leave, move and schedule in again before
 *		   the walk reaches it (transit-task-to-cpu) or see the two
 *		   stores of the split mode out of order (split-mode-fields)
 *
 * A set-up's renamings: the threads Ti alone on their cpu i (i > 0) are
 * interchangeable with their CPUs as pairs, the CPUs with no task are
 * interchangeable, T0, cpu0, T1 in task-off, per-cpu-2 and switching, and
 * the tasks forked in the set-up stay. A sequence is kept if no renaming maps it
 * to a smaller one (events compared as kind, task, child, CPU). This
 * assumes what the model only nearly keeps: that the number of a CID or
 * a CPU does not matter, only which task or CPU holds it; the lowest
 * free CID and the order of the walks do depend on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

enum verify_setup {
	SETUP_PER_TASK,
	SETUP_TASK_OFF,
	SETUP_PER_CPU,
	SETUP_PER_CPU_2,
	SETUP_PER_CPU_3,
	SETUP_CLONE_VM,
	SETUP_SWITCHING,
	NR_SETUPS
};

static const char *const setup_names[NR_SETUPS] = {
	[SETUP_PER_TASK] = "per-task",	 [SETUP_TASK_OFF] = "task-off",
	[SETUP_PER_CPU] = "per-cpu",	 [SETUP_PER_CPU_2] = "per-cpu-2",
	[SETUP_PER_CPU_3] = "per-cpu-3", [SETUP_CLONE_VM] = "clone-vm",
	[SETUP_SWITCHING] = "switching",
};

static const struct {
	const char *name;
	const char *fmt;
} kinds[NR_VERIFY_KINDS] = {
#define VERIFY_KIND_ROW(k, n, f) [VK_##k] = {n, f},
    VERIFY_KINDS(VERIFY_KIND_ROW)
#undef VERIFY_KIND_ROW
};

#define MAX_NAMES 64 /* task names T0..T63 (schedule.h) */

/* What a set-up leaves: its text, the tasks alive, the renamings */
struct setup {
	char text[1024];
	size_t len;
	uint64_t live;	       /* bit t: Tt may be named */
	unsigned int next;     /* the next free task name */
	unsigned int nr_pairs; /* (task, CPU) pairs that may be swapped */
	int8_t pair[VERIFY_MAX_CPUS];
	unsigned int nr_free; /* CPUs with no task, may be swapped */
	int8_t free_cpu[VERIFY_MAX_CPUS];
};

struct renaming {
	int8_t task[MAX_NAMES];
	int8_t cpu[VERIFY_MAX_CPUS];
};

const char *verify_setup_name(unsigned int setup)
{
	return setup < NR_SETUPS ? setup_names[setup] : NULL;
}

const char *verify_kind_name(unsigned int kind)
{
	return kind < NR_VERIFY_KINDS ? kinds[kind].name : "?";
}

/* "a,b": a bit set of the names @name gives for 0..@n-1; -1 if unknown */
static int parse_names(const char *list, const char *(*name)(unsigned int), unsigned int n,
		       unsigned int *out)
{
	unsigned int i, bits = 0;
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");

		for (i = 0; i < n; i++)
			if (strlen(name(i)) == len && !strncmp(p, name(i), len))
				break;
		if (i == n)
			return -1;
		bits |= 1U << i;
		p += len;
		if (*p)
			p++;
	}
	if (!bits)
		return -1;
	*out = bits;
	return 0;
}

int verify_parse_kinds(const char *list, unsigned int *out)
{
	return parse_names(list, verify_kind_name, NR_VERIFY_KINDS, out);
}

int verify_parse_setups(const char *list, unsigned int *out)
{
	return parse_names(list, verify_setup_name, NR_SETUPS, out);
}

static void add(struct setup *s, const char *fmt, int a, int b)
{
	if (s->len < sizeof(s->text))
		s->len += (size_t)snprintf(s->text + s->len, sizeof(s->text) - s->len, fmt, a, b);
}

/* Ti alone on cpu i pairs up with it; CPUs no thread got are free */
static void per_task_renamings(const struct verify_scope *sc, struct setup *s, unsigned int from)
{
	unsigned int i, n = sc->cpus, m = sc->tasks;

	for (i = from; i < n; i++) {
		if (i < m && i + n >= m)
			s->pair[s->nr_pairs++] = (int8_t)i;
		else if (i >= m)
			s->free_cpu[s->nr_free++] = (int8_t)i;
	}
}

/*
 * T1 off cpu1, the forks that make users N + 1 (the children parked on
 * cpu0), the last one stopped before it stores the per-CPU mode: on weak
 * memory the explorer then flushes those stores in every order too
 */
static void switching_setup(const struct verify_scope *sc, struct setup *s)
{
	unsigned int i, n = sc->cpus;

	add(s, "idle cpu1\n", 0, 0);
	for (i = sc->tasks; i < n; i++)
		add(s, "fork T0 T%d\n", (int)i, 0);
	add(s, "fork T0 T%d until enters mm_cid_write_mode\n", (int)n, 0);
	s->next = n + 1;
	s->live = (1ULL << s->next) - 1;
	per_task_renamings(sc, s, 2);
}

/* Build set-up @id; false if it makes no sense in this scope */
static bool build_setup(const struct verify_scope *sc, unsigned int id, struct setup *s)
{
	unsigned int n = sc->cpus, m = sc->tasks, i, left;

	memset(s, 0, sizeof(*s));
	if (!(sc->setups >> id & 1))
		return false;
	if ((id == SETUP_TASK_OFF || id == SETUP_PER_CPU_2 ||
	     id == SETUP_SWITCHING) &&
	    m < 2)
		return false;
	if (id == SETUP_PER_CPU_3 && m < 3)
		return false;
	if ((id == SETUP_PER_CPU || id == SETUP_PER_CPU_2 ||
	     id == SETUP_PER_CPU_3 || id == SETUP_SWITCHING) &&
	    m > n)
		return false; /* per-task already is per-CPU mode */
	add(s, "cpus %d\nthreads", (int)n, 0);
	for (i = 0; i < m; i++)
		add(s, " T%d", (int)i, 0);
	add(s, "\n", 0, 0);
	s->live = (1ULL << m) - 1;
	s->next = m;
	switch (id) {
	case SETUP_PER_TASK:
		per_task_renamings(sc, s, 1);
		break;
	case SETUP_TASK_OFF:
		add(s, "idle cpu1\n", 0, 0);
		per_task_renamings(sc, s, 2);
		break;
	case SETUP_PER_CPU:
	case SETUP_PER_CPU_2:
	case SETUP_PER_CPU_3:
		left = id == SETUP_PER_CPU_3 ? 3 : 2;
		for (i = m; i <= n; i++)
			add(s, "fork T0 T%d\n", (int)i, 0);
		s->next = n + 1;
		s->live = (1ULL << s->next) - 1;
		if (id == SETUP_PER_CPU) {
			per_task_renamings(sc, s, 1);
			break;
		}
		/* after an exit cpu0 runs T0 or a child: idle first */
		for (i = m; i <= n; i++)
			add(s,
			    i > m ? "idle cpu0\nschedule cpu0 T%d\nexit T%d\n"
				  : "schedule cpu0 T%d\nexit T%d\n",
			    (int)i, (int)i);
		for (i = m - 1; i >= left; i--)
			add(s, "exit T%d\n", (int)i, 0);
		s->live = (1ULL << left) - 1;
		/* T1 and T2 of per-cpu-3 alike: both running, TRANSIT */
		if (left == 3) {
			s->pair[s->nr_pairs++] = 1;
			s->pair[s->nr_pairs++] = 2;
		}
		for (i = left; i < n; i++)
			s->free_cpu[s->nr_free++] = (int8_t)i;
		break;
	case SETUP_CLONE_VM:
		add(s, "fork T0 T%d clone_vm\n", (int)m, 0);
		s->live |= 1ULL << m;
		s->next = m + 1;
		per_task_renamings(sc, s, 1);
		break;
	case SETUP_SWITCHING:
		switching_setup(sc, s);
		break;
	}
	return s->len < sizeof(s->text);
}

static bool takes_task(unsigned int k)
{
	return k <= VK_MIGRATE;
}

static bool takes_child(unsigned int k)
{
	return k <= VK_FORK_FAIL;
}

static bool takes_cpu(unsigned int k)
{
	return k >= VK_MIGRATE;
}

static size_t event_text(const struct verify_event *e, char *buf, size_t size)
{
	const char *fmt = kinds[e->kind].fmt;

	if (takes_child(e->kind))
		return (size_t)snprintf(buf, size, fmt, e->task, e->child);
	if (e->kind == VK_MIGRATE)
		return (size_t)snprintf(buf, size, fmt, e->task, e->cpu);
	return (size_t)snprintf(buf, size, fmt, takes_task(e->kind) ? e->task : e->cpu);
}

size_t verify_item_name(const struct verify_item *it, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "%s:", verify_setup_name(it->setup));
	unsigned int i;

	if (!it->n && n < size)
		n += (size_t)snprintf(buf + n, size - n, " (nothing)");
	for (i = 0; i < it->n && n < size; i++) {
		n += (size_t)snprintf(buf + n, size - n, i ? " | " : " ");
		if (n < size)
			n += event_text(&it->ev[i], buf + n, size - n);
	}
	return n;
}

size_t verify_item_text(const struct verify_scope *sc, const struct verify_item *it, char *buf,
			size_t size)
{
	struct setup s;
	size_t n;
	unsigned int i;

	build_setup(sc, it->setup, &s);
	n = (size_t)snprintf(buf, size, "%s# concurrent\n", s.text);
	for (i = 0; i < it->n && n < size; i++) {
		n += event_text(&it->ev[i], buf + n, size - n);
		if (n < size)
			n += (size_t)snprintf(buf + n, size - n, "\n");
	}
	return n;
}

/* Every renaming of @s: the pairs permuted, times the free CPUs permuted */
struct group {
	struct renaming *r;
	unsigned int n;
};

static void permute(int8_t *a, unsigned int k, unsigned int len, void (*fn)(void *), void *ctx)
{
	unsigned int i;
	int8_t t;

	if (k == len) {
		fn(ctx);
		return;
	}
	for (i = k; i < len; i++) {
		t = a[k], a[k] = a[i], a[i] = t;
		permute(a, k + 1, len, fn, ctx);
		t = a[k], a[k] = a[i], a[i] = t;
	}
}

struct group_ctx {
	const struct setup *s;
	struct group *g;
	int8_t pairs[VERIFY_MAX_CPUS], frees[VERIFY_MAX_CPUS];
};

static void emit(void *p)
{
	struct group_ctx *c = p;
	struct renaming *r = &c->g->r[c->g->n++];
	unsigned int i;

	for (i = 0; i < MAX_NAMES; i++)
		r->task[i] = (int8_t)i;
	for (i = 0; i < VERIFY_MAX_CPUS; i++)
		r->cpu[i] = (int8_t)i;
	/* Ti and cpu i move together (Ti runs on cpu i) */
	for (i = 0; i < c->s->nr_pairs; i++) {
		r->task[c->s->pair[i]] = c->pairs[i];
		r->cpu[c->s->pair[i]] = c->pairs[i];
	}
	for (i = 0; i < c->s->nr_free; i++)
		r->cpu[c->s->free_cpu[i]] = c->frees[i];
}

static void frees_then_emit(void *p)
{
	struct group_ctx *c = p;

	memcpy(c->frees, c->s->free_cpu, sizeof(c->frees));
	permute(c->frees, 0, c->s->nr_free, emit, c);
}

static unsigned int factorial(unsigned int n)
{
	return n <= 1 ? 1 : n * factorial(n - 1);
}

static int make_group(const struct setup *s, struct group *g)
{
	struct group_ctx c = {.s = s, .g = g};

	g->n = 0;
	g->r = calloc(factorial(s->nr_pairs) * factorial(s->nr_free), sizeof(*g->r));
	if (!g->r)
		return -1;
	memcpy(c.pairs, s->pair, sizeof(c.pairs));
	permute(c.pairs, 0, s->nr_pairs, frees_then_emit, &c);
	return 0;
}

static int cmp_event(const struct verify_event *a, const struct verify_event *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->task != b->task)
		return a->task < b->task ? -1 : 1;
	if (a->child != b->child)
		return a->child < b->child ? -1 : 1;
	if (a->cpu != b->cpu)
		return a->cpu < b->cpu ? -1 : 1;
	return 0;
}

static void rename_event(const struct renaming *r, const struct verify_event *e,
			 struct verify_event *out)
{
	*out = *e;
	if (e->task >= 0)
		out->task = r->task[e->task];
	if (e->cpu >= 0)
		out->cpu = r->cpu[e->cpu];
}

/* No renaming maps @it to a smaller sequence */
static bool canonical(const struct group *g, const struct verify_item *it)
{
	struct verify_event e;
	unsigned int i, j;
	int c;

	for (i = 1; i < g->n; i++) { /* r[0] is the identity */
		for (j = 0; j < it->n; j++) {
			rename_event(&g->r[i], &it->ev[j], &e);
			c = cmp_event(&e, &it->ev[j]);
			if (c < 0)
				return false;
			if (c > 0)
				break;
		}
	}
	return true;
}

struct gen {
	const struct verify_scope *sc;
	const struct group *g;
	struct verify_list *l;
	struct verify_item it;
	unsigned int len;
	char *err;
	size_t size;
};

#define VERIFY_MAX_SCENARIOS 5000000UL
#define VERIFY_MAX_SEQUENCES 50000000UL

static int keep(struct gen *x)
{
	struct verify_list *l = x->l;

	if (++l->raw > VERIFY_MAX_SEQUENCES) {
		snprintf(x->err, x->size,
			 "more than %lu sequences: a smaller scope, or fewer --kinds or --setups",
			 VERIFY_MAX_SEQUENCES);
		return -1;
	}
	if (!canonical(x->g, &x->it))
		return 0;
	if (l->n == l->size) {
		size_t n = l->size ? 2 * l->size : 1024;
		struct verify_item *p;

		if (n > VERIFY_MAX_SCENARIOS) {
			snprintf(x->err, x->size,
				 "more than %lu scenarios: a smaller scope, or fewer --kinds or "
				 "--setups",
				 VERIFY_MAX_SCENARIOS);
			return -1;
		}
		p = realloc(l->item, n * sizeof(*p));
		if (!p) {
			snprintf(x->err, x->size, "out of memory");
			return -1;
		}
		l->item = p;
		l->size = n;
	}
	l->item[l->n++] = x->it;
	return 0;
}

/* Every sequence of x->len events from position @i on */
static int extend(struct gen *x, unsigned int i, uint64_t live, unsigned int next)
{
	struct verify_event *e = &x->it.ev[i];
	unsigned int k, t, c;

	if (i == x->len) {
		x->it.n = (uint8_t)i;
		return keep(x);
	}
	for (k = 0; k < NR_VERIFY_KINDS; k++) {
		if (!(x->sc->kinds >> k & 1))
			continue;
		if (takes_child(k) && next >= MAX_NAMES)
			continue;
		for (t = 0; t < (takes_task(k) ? MAX_NAMES : 1); t++) {
			if (takes_task(k) && !(live >> t & 1))
				continue;
			for (c = 0; c < (takes_cpu(k) ? x->sc->cpus : 1); c++) {
				e->kind = (uint8_t)k;
				e->task = takes_task(k) ? (int8_t)t : -1;
				e->child = takes_child(k) ? (int8_t)next : -1;
				e->cpu = takes_cpu(k) ? (int8_t)c : -1;
				if (takes_child(k) ? extend(x, i + 1, live | 1ULL << next, next + 1)
						   : extend(x, i + 1, live, next))
					return -1;
			}
		}
	}
	return 0;
}

int verify_enumerate(const struct verify_scope *sc, struct verify_list *l, char *err, size_t size)
{
	struct gen x = {.sc = sc, .l = l, .err = err, .size = size};
	struct setup s;
	struct group g;
	unsigned int id;
	int ret = 0;

	memset(l, 0, sizeof(*l));
	if (sc->cpus < 2 || sc->cpus > VERIFY_MAX_CPUS || !sc->tasks || sc->tasks > sc->cpus + 1 ||
	    sc->concurrent > VERIFY_MAX_K || !sc->kinds || !sc->setups) {
		snprintf(err, size, "expected --cpus 2..%d, --tasks 1..cpus+1, --concurrent 0..%d",
			 VERIFY_MAX_CPUS, VERIFY_MAX_K);
		return -1;
	}
	for (id = 0; id < NR_SETUPS && !ret; id++) {
		if (!build_setup(sc, id, &s))
			continue;
		l->setup_used[l->nr_setups++] = id;
		if (make_group(&s, &g)) {
			snprintf(err, size, "out of memory");
			return -1;
		}
		x.g = &g;
		x.it.setup = (uint8_t)id;
		for (x.len = 0; x.len <= sc->concurrent && !ret; x.len++)
			ret = extend(&x, 0, s.live, s.next);
		free(g.r);
	}
	if (ret)
		verify_list_free(l);
	return ret;
}

void verify_list_free(struct verify_list *l)
{
	free(l->item);
	l->item = NULL;
	l->n = l->size = 0;
}
