// SPDX-License-Identifier: GPL-2.0-only
/*
 * The binary form of schedules: what the fuzzers feed the simulator.
 *
 * Decoding is total: every byte string, the empty one included, is a
 * schedule. Bytes past the end read as 0, every value is reduced modulo its
 * legal choices (so a decoded schedule would also pass the text parser),
 * and bytes after the SCHED_MAX_EVENTS'th event are ignored.
 *
 * Layout (all counts in bytes):
 *
 *   [0]	nr_cpus = 1 + b % 64 (empty input: 1 CPU, no events);
 *		weak memory if b & 0x40 (a harness may force it on or off)
 *   then, while input is left: one event
 *	opcode	kind = b % NR_SCHED_EVENT_KINDS (the rows of event_kinds.h),
 *		then the kind's operands in the order of its row, each as
 *		below, then RUN if the kind takes a run part (KF_RUN). So:
 *	process	NEW [OPTCPU]
 *	threads	COUNT NEW * count
 *	fork	REF(parent) NEW(child) b % NR_SCHED_FORK_KINDS FAIL RUN
 *	exec	REF FAIL RUN
 *	exit, block
 *		REF RUN
 *	wake	REF OPTCPU RUN
 *	schedule
 *		CPU NEXT RUN
 *	migrate	REF CPU RUN
 *	affinity
 *		REF MASK RUN
 *	work, step, preempt, idle
 *		CPU RUN
 *	flush	CPU FIELD, then for an mm field b % 128 (the mm), for a
 *		task field a REF; no RUN
 *
 *   REF	a task: b < 0x80 picks the (b % n)'th of the n tasks
 *		introduced so far (T0 when none), b >= 0x80 is
 *		T((b - 0x80) % 64). Introduced are, in order of first
 *		appearance: process tasks, threads entries and fork
 *		children; decoding never forgets one.
 *   NEW	a task that is introduced: b < 0x80 is the lowest task not
 *		introduced yet (b % 64 once all 64 are), b >= 0x80 as for REF.
 *		So random bytes mostly name tasks that exist, and fresh
 *		ones where they are made.
 *   CPU	cpu b % nr_cpus
 *   OPTCPU	0: none (-1), otherwise cpu (b - 1) % nr_cpus
 *   MASK	8 bytes, little endian, & the nr_cpus CPUs; 0 means all
 *   COUNT	number of threads entries: b < 0x80 gives 1 + b % 8 (small
 *		groups are the common case), b >= 0x80 gives
 *		1 + (b - 0x80) % 64
 *   FIELD	b % NR_SCHED_FIELDS (enum sched_field)
 *   FAIL	b % 8 == 7: the fork or exec fails (sched_event.fails); so
 *		one random byte in eight, about as often as the generator
 *		makes them (schedule/gen.c)
 *   NEXT	b % 4 == 0: SCHED_TASK_NONE, 1: SCHED_TASK_IDLE,
 *		otherwise a REF follows
 *   RUN	r: kind = r % NR_SCHED_RUN_KINDS, then
 *		RUN_COMPLETE: nothing
 *		RUN_STEPS: 2 bytes little endian % (SCHED_MAX_STEPS + 1)
 *		RUN_UNTIL: func = b % NR_TRACE_FUNCS, then a byte: 0 is
 *			   SCHED_TASK_NONE, anything else a REF (byte and all)
 *
 * The encoder writes every task in the raw form 0x80 + index and every
 * value as itself, so what it writes does not depend on the introduced
 * list and decodes back exactly.
 */
#include <string.h>

#include "schedule.h"
#include "trace_funcs.h"

_Static_assert(NR_TRACE_FUNCS <= 256, "function index must fit a byte");
_Static_assert(NR_SCHED_EVENT_KINDS <= 256, "kind must fit a byte");
_Static_assert(SCHED_MAX_TASKS == 64 && SCHED_MAX_CPUS == 64,
	       "the layout assumes 64 tasks and 64 CPUs");

#define RAW_TASK	0x80	/* task bytes at or above: index + 0x80 */
#define FAIL_BYTE	7	/* FAIL: b % 8 == FAIL_BYTE */


/* ------------------------------------------------------------------ */
/* Decoder                                                            */
/* ------------------------------------------------------------------ */

struct decoder {
	const uint8_t *data;
	size_t len, pos;
	unsigned int nr_cpus;
	uint64_t introduced;			/* bit n: Tn introduced */
	unsigned int nr_intro;
	int8_t intro[SCHED_MAX_TASKS];		/* in order of introduction */
};

static uint8_t get_byte(struct decoder *d)
{
	return d->pos < d->len ? d->data[d->pos++] : 0;
}

static int8_t ref_of(const struct decoder *d, uint8_t b)
{
	if (b >= RAW_TASK)
		return (int8_t)((b - RAW_TASK) % SCHED_MAX_TASKS);
	if (!d->nr_intro)
		return 0;
	return d->intro[b % d->nr_intro];
}

static int8_t get_ref(struct decoder *d)
{
	return ref_of(d, get_byte(d));
}

static void introduce(struct decoder *d, int8_t t)
{
	if (d->introduced & 1ULL << t)
		return;
	d->introduced |= 1ULL << t;
	d->intro[d->nr_intro++] = t;
}

static int8_t get_new(struct decoder *d)
{
	uint8_t b = get_byte(d);
	int8_t t;

	if (b >= RAW_TASK) {
		t = (int8_t)((b - RAW_TASK) % SCHED_MAX_TASKS);
	} else if (d->introduced == ~0ULL) {
		t = (int8_t)(b % SCHED_MAX_TASKS);
	} else {
		for (t = 0; d->introduced & 1ULL << t; t++)
			;
	}
	introduce(d, t);
	return t;
}

static int8_t get_cpu(struct decoder *d)
{
	return (int8_t)(get_byte(d) % d->nr_cpus);
}

static int8_t get_opt_cpu(struct decoder *d)
{
	uint8_t b = get_byte(d);

	return b ? (int8_t)((b - 1) % d->nr_cpus) : -1;
}

static uint64_t all_cpus(unsigned int nr_cpus)
{
	return nr_cpus >= 64 ? ~0ULL : (1ULL << nr_cpus) - 1;
}

static uint64_t get_mask(struct decoder *d)
{
	uint64_t m = 0;
	int i;

	for (i = 0; i < 8; i++)
		m |= (uint64_t)get_byte(d) << (8 * i);
	m &= all_cpus(d->nr_cpus);
	return m ? m : all_cpus(d->nr_cpus);
}

static int8_t get_next(struct decoder *d)
{
	switch (get_byte(d) % 4) {
	case 0:
		return SCHED_TASK_NONE;
	case 1:
		return SCHED_TASK_IDLE;
	default:
		return get_ref(d);
	}
}

static void get_run(struct decoder *d, struct sched_run *run)
{
	unsigned int v;
	uint8_t b;

	run->kind = get_byte(d) % NR_SCHED_RUN_KINDS;
	switch (run->kind) {
	case RUN_STEPS:
		v = get_byte(d);
		v |= (unsigned int)get_byte(d) << 8;
		run->steps = (uint16_t)(v % (SCHED_MAX_STEPS + 1));
		break;
	case RUN_UNTIL:
		run->func = get_byte(d) % NR_TRACE_FUNCS;
		b = get_byte(d);
		if (b)
			run->task = ref_of(d, b);
		break;
	}
}

/* Operands (event_kinds.h), one decoder each */

static void get_opd_task(struct decoder *d, struct sched_event *ev)
{
	ev->task = get_ref(d);
}

static void get_opd_new_task(struct decoder *d, struct sched_event *ev)
{
	ev->task = get_new(d);
}

static void get_opd_child(struct decoder *d, struct sched_event *ev)
{
	ev->task2 = get_new(d);
}

static void get_opd_tasks(struct decoder *d, struct sched_event *ev)
{
	uint8_t b = get_byte(d);
	unsigned int n, i;

	n = b < RAW_TASK ? 1 + b % 8 : 1 + (b - RAW_TASK) % SCHED_MAX_TASKS;
	for (i = 0; i < n; i++)
		ev->tasks[i] = get_new(d);
	ev->nr_tasks = (uint8_t)n;
}

static void get_opd_cpu(struct decoder *d, struct sched_event *ev)
{
	ev->cpu = get_cpu(d);
}

static void get_opd_opt_cpu(struct decoder *d, struct sched_event *ev)
{
	ev->cpu = get_opt_cpu(d);
}

static void get_opd_next(struct decoder *d, struct sched_event *ev)
{
	ev->task2 = get_next(d);
}

static void get_opd_mask(struct decoder *d, struct sched_event *ev)
{
	ev->mask = get_mask(d);
}

static void get_opd_fork_kind(struct decoder *d, struct sched_event *ev)
{
	ev->fork_kind = get_byte(d) % NR_SCHED_FORK_KINDS;
}

static void get_opd_fail(struct decoder *d, struct sched_event *ev)
{
	ev->fails = get_byte(d) % 8 == FAIL_BYTE;
}

static void get_opd_field(struct decoder *d, struct sched_event *ev)
{
	ev->field = get_byte(d) % NR_SCHED_FIELDS;
	if (sched_field_is_mm(ev->field))
		ev->obj = (int8_t)(get_byte(d) % SCHED_MAX_MMS);
	else if (ev->field != FIELD_ALL)
		ev->obj = get_ref(d);
}

static void (*const operand_decoders[NR_SCHED_OPERANDS])(struct decoder *,
							 struct sched_event *) = {
#define X(OPERAND, name) [OPD_##OPERAND] = get_opd_##name,
	SCHED_OPERANDS(X)
#undef X
};

static void get_event(struct decoder *d, struct sched_event *ev)
{
	const struct sched_kind *kind;
	const unsigned char *o;

	*ev = sched_event_blank;
	ev->kind = get_byte(d) % NR_SCHED_EVENT_KINDS;
	kind = &sched_kinds[ev->kind];
	for (o = kind->operands; *o != OPD_END; o++)
		operand_decoders[*o](d, ev);
	if (kind->flags & KF_RUN)
		get_run(d, &ev->run);
}

void sched_decode_binary(const uint8_t *data, size_t len, struct schedule *s)
{
	struct decoder d = { .data = data, .len = len };
	uint8_t b = get_byte(&d);

	d.nr_cpus = 1 + b % SCHED_MAX_CPUS;
	s->nr_cpus = d.nr_cpus;
	s->weak = b & SCHED_WEAK_BIT;
	s->nr_events = 0;
	while (d.pos < d.len && s->nr_events < SCHED_MAX_EVENTS)
		get_event(&d, &s->ev[s->nr_events++]);
}

/* ------------------------------------------------------------------ */
/* Encoder                                                            */
/* ------------------------------------------------------------------ */

/* snprintf semantics: len counts every byte, buf gets those that fit. */
struct encoder {
	uint8_t *buf;
	size_t size, len;
};

static void put_byte(struct encoder *e, unsigned int b)
{
	if (e->len < e->size)
		e->buf[e->len] = (uint8_t)b;
	e->len++;
}

static void put_task(struct encoder *e, int8_t t)
{
	put_byte(e, RAW_TASK + ((unsigned int)t & (SCHED_MAX_TASKS - 1)));
}

static void put_run(struct encoder *e, const struct sched_run *run)
{
	put_byte(e, run->kind);
	switch (run->kind) {
	case RUN_STEPS:
		put_byte(e, run->steps & 0xff);
		put_byte(e, run->steps >> 8);
		break;
	case RUN_UNTIL:
		put_byte(e, run->func);
		if (run->task == SCHED_TASK_NONE)
			put_byte(e, 0);
		else
			put_task(e, run->task);
		break;
	}
}

/* Operands (event_kinds.h), one encoder each */

static void put_opd_task(struct encoder *e, const struct sched_event *ev)
{
	put_task(e, ev->task);
}

static void put_opd_new_task(struct encoder *e, const struct sched_event *ev)
{
	put_task(e, ev->task);
}

static void put_opd_child(struct encoder *e, const struct sched_event *ev)
{
	put_task(e, ev->task2);
}

static void put_opd_tasks(struct encoder *e, const struct sched_event *ev)
{
	unsigned int i, n;

	n = ev->nr_tasks < SCHED_MAX_TASKS ? ev->nr_tasks : SCHED_MAX_TASKS;
	put_byte(e, RAW_TASK + (n ? n - 1 : 0));
	for (i = 0; i < n; i++)
		put_task(e, ev->tasks[i]);
}

static void put_opd_cpu(struct encoder *e, const struct sched_event *ev)
{
	put_byte(e, (uint8_t)ev->cpu);
}

static void put_opd_opt_cpu(struct encoder *e, const struct sched_event *ev)
{
	put_byte(e, ev->cpu < 0 ? 0 : (unsigned int)ev->cpu + 1);
}

static void put_opd_next(struct encoder *e, const struct sched_event *ev)
{
	if (ev->task2 == SCHED_TASK_NONE) {
		put_byte(e, 0);
	} else if (ev->task2 == SCHED_TASK_IDLE) {
		put_byte(e, 1);
	} else {
		put_byte(e, 2);
		put_task(e, ev->task2);
	}
}

static void put_opd_mask(struct encoder *e, const struct sched_event *ev)
{
	int i;

	for (i = 0; i < 8; i++)
		put_byte(e, (unsigned int)(ev->mask >> (8 * i)) & 0xff);
}

static void put_opd_fork_kind(struct encoder *e, const struct sched_event *ev)
{
	put_byte(e, ev->fork_kind);
}

static void put_opd_fail(struct encoder *e, const struct sched_event *ev)
{
	put_byte(e, ev->fails ? FAIL_BYTE : 0);
}

static void put_opd_field(struct encoder *e, const struct sched_event *ev)
{
	put_byte(e, ev->field);
	if (sched_field_is_mm(ev->field))
		put_byte(e, (uint8_t)ev->obj);
	else if (ev->field != FIELD_ALL)
		put_task(e, ev->obj);
}

static void (*const operand_encoders[NR_SCHED_OPERANDS])(struct encoder *,
							 const struct sched_event *) = {
#define X(OPERAND, name) [OPD_##OPERAND] = put_opd_##name,
	SCHED_OPERANDS(X)
#undef X
};

static void put_event(struct encoder *e, const struct sched_event *ev)
{
	const struct sched_kind *kind;
	const unsigned char *o;

	put_byte(e, ev->kind);
	if (ev->kind >= NR_SCHED_EVENT_KINDS)
		return;
	kind = &sched_kinds[ev->kind];
	for (o = kind->operands; *o != OPD_END; o++)
		operand_encoders[*o](e, ev);
	if (kind->flags & KF_RUN)
		put_run(e, &ev->run);
}

size_t sched_encode_binary(const struct schedule *s, uint8_t *buf, size_t size)
{
	struct encoder e = { .buf = buf, .size = size };
	unsigned int i;

	put_byte(&e, (s->nr_cpus - 1) | (s->weak ? SCHED_WEAK_BIT : 0));
	for (i = 0; i < s->nr_events && i < SCHED_MAX_EVENTS; i++)
		put_event(&e, &s->ev[i]);
	return e.len;
}
