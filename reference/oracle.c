// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle as the checker a machine calls (view/checker.h, oracle.h):
 * which checks run after a step, and in what order. The checks
 * themselves are in watch.c (what a step changed: I7, I8), checks.c (the
 * state: I1, I2, I3, I5) and account.c (the spec's account: I6).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle_internal.h"
#include "view.h"

/* Start a run: the options select the invariants and the mode */
static void oracle_begin(void *ctx, struct view *v,
			 const struct check_options *opts)
{
	struct oracle *o = ctx;
	unsigned int nr_cpus = view_nr_cpus(v);

	o->checks = opts->checks;
	o->full = opts->full;
	o->audit = opts->audit;
	o->nr_cpus = nr_cpus;
	memset(&o->stats, 0, sizeof(o->stats));
	spec_reset(&o->spec, nr_cpus, opts->full);
	o->nr_tasks = 0;
	o->rq_locked = 0;
	memset(o->index_of_slot, 0xff, sizeof(o->index_of_slot));
	o->nr_mms_seen = 0;
	o->paths = 0;
	o->all_dirty = true;
	o->recheck_leaks = false;
	o->nr_aux = 0;
	o->account_valid = false;
	memset(o->lost_told, 0, sizeof(o->lost_told));
	o->no_cid_ok = 0;
	o->no_cid_seen = 0;
	memset(o->dirty, 0, sizeof(o->dirty));
	tally_reset(o);
}

void or_fail(struct view *v, const char *inv, const char *site,
	     const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	view_violation(v, inv, site, msg);
}

const char *or_word_str(unsigned int w, char *buf, unsigned long size)
{
	if (w == VIEW_CID_UNSET)
		snprintf(buf, size, "UNSET");
	else
		snprintf(buf, size, "%u%s%s", VIEW_CID_NR(w),
			 w & VIEW_CID_ONCPU ? "|ONCPU" : "",
			 w & VIEW_CID_TRANSIT ? "|TRANSIT" : "");
	return buf;
}

/*
 * A failed exec opens I1's exception for its task (oracle_internal.h),
 * until it is back in user space and stops running; its entry is tallied
 * again with it
 */
static void no_cid_window_open(struct oracle *o, unsigned int slot)
{
	unsigned int i = o->index_of_slot[slot % 64];
	bool known = i < o->nr_tasks;

	if (known)
		tally_task(o, i, &o->tasks[i], -1);
	o->no_cid_ok |= 1ULL << (slot % 64);
	o->no_cid_seen &= ~(1ULL << (slot % 64));
	if (known)
		tally_task(o, i, &o->tasks[i], 1);
}

static void oracle_event(void *ctx, struct view *v,
			 const struct check_event *ev)
{
	struct oracle *o = ctx;

	if (!o->checks)
		return;
	o->account_valid = false;
	if (ev->kind == CEV_EXEC && ev->fails)
		no_cid_window_open(o, ev->task);
	or_account_event(o, v, ev);
}

/* Take the current state as the baseline of I7/I8 (after a test fault) */
static void oracle_resync(void *ctx, struct view *v)
{
	struct oracle *o = ctx;
	unsigned int checks = o->checks;

	o->checks &= ~(CHECK_INV(7) | CHECK_INV(8));
	if (o->checks)
		or_watch(o, v);
	o->checks = checks;
}

/* After every step; reports the first violation through the view */
static void oracle_step(void *ctx, struct view *v)
{
	struct oracle *o = ctx;

	if (!o->checks)
		return;
	if (!or_watch(o, v))
		return;
	if (!or_state_checks(o, v))
		return;
	if (!o->account_valid && view_quiescent(v))
		o->account_valid = or_account_check(o, v) && !o->full;
}

/* After the drain and the settle round (view_final()) */
static void check_final(struct oracle *o, struct view *v)
{
	if (!o->checks)
		return;
	oracle_resync(o, v);
	o->all_dirty = true;
	if (!or_state_checks(o, v) || !or_account_check(o, v))
		return;
	or_compact_check(o, v);
}

/*
 * The run ended short without a verdict (view_halted()): what holds after
 * every step is checked once more over every mm; I6 and compactness need
 * a machine at rest, which this one is not
 */
static void check_halted(struct oracle *o, struct view *v)
{
	if (!o->checks)
		return;
	o->all_dirty = true;
	or_state_checks(o, v);
}

static void oracle_end(void *ctx, struct view *v, struct check_stats *st)
{
	struct oracle *o = ctx;

	if (view_final(v))
		check_final(o, v);
	else if (view_halted(v))
		check_halted(o, v);
	*st = o->stats;
}

static uint64_t hash_in(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ULL + (h >> 29);
}

static uint64_t hash_state(uint64_t h, const struct spec_state *st)
{
	h = hash_in(h, st->mask);
	return hash_in(h, (uint64_t)st->users << 32 | (uint64_t)st->thrs << 16 |
		       (uint64_t)st->deferred << 8 | st->dead);
}

/*
 * What the oracle's later verdicts depend on besides the model's state:
 * the spec's account (its candidates and the window of operations not
 * yet settled). For the explorer's state caching.
 */
static uint64_t oracle_state_hash(const void *ctx)
{
	const struct oracle *o = ctx;
	const struct spec *sp = &o->spec;
	uint64_t h = hash_in(0, sp->nr_mms);
	unsigned int i, k;

	for (i = 0; i < sp->nr_mms && i < SPEC_MAX_MMS; i++) {
		const struct spec_mm *m = &sp->mm[i];

		h = hash_in(h, (uint64_t)(uint32_t)m->model << 32 | m->lost);
		h = hash_in(h, (uint64_t)m->nr_base << 32 | (m->nr_ops - m->done_ops));
		for (k = 0; k < m->nr_base && k < SPEC_MAX_CANDS; k++)
			h = hash_state(h, &m->base[k]);
		for (k = m->done_ops; k < m->nr_ops && k < SPEC_MAX_OPS; k++)
			h = hash_in(h, hash_in((uint64_t)m->ops[k].kind << 8 |
					       m->ops[k].window_end, m->ops[k].mask));
	}
	h = hash_in(hash_in(h, o->no_cid_ok), o->no_cid_seen);
	for (i = 0; i < SPEC_MAX_TASKS; i++) {
		const struct spec_task *t = &sp->task[i];

		if (t->exists || t->failed)
			h = hash_in(hash_in(h, (uint64_t)i << 32 | (uint64_t)t->user << 31 |
					    (uint64_t)t->failed << 30 |
					    (uint32_t)(t->mm + 1)), t->mask);
	}
	return h;
}

static void oracle_release(void *ctx)
{
	free(ctx);
}

const struct checker *oracle_checker(void)
{
	struct oracle *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->checker = (struct checker){
		.ctx = o,
		.begin = oracle_begin,
		.event = oracle_event,
		.step = oracle_step,
		.resync = oracle_resync,
		.end = oracle_end,
		.state_hash = oracle_state_hash,
		.release = oracle_release,
	};
	return &o->checker;
}

unsigned int oracle_parse_checks(const char *list)
{
	unsigned int bits = 0;
	const char *p = list;

	if (!strcmp(list, "all"))
		return CHECK_ALL;
	while (*p) {
		char *end;
		long n;

		if (*p == 'I' || *p == 'i')
			p++;
		n = strtol(p, &end, 10);
		if (end == p || n < 1 || n > CHECK_NR_INV)
			return 0;
		bits |= CHECK_INV(n);
		p = end;
		if (*p == ',')
			p++;
		else if (*p)
			return 0;
	}
	return bits;
}
