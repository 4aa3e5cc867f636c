// SPDX-License-Identifier: GPL-2.0-only
/*
 * The structure-aware mutator (mutator.h).
 *
 * A mutant is the decoded schedule with one to four edits. Plain edits:
 * insert, delete, duplicate, move or swap events, retarget a task or a
 * CPU, change how far an event runs its path, make a fork or exec fail
 * (or succeed again). The edits that make this a concurrency fuzzer:
 *  - a change point: an event's path stops part-way (a step count), a
 *    few events run on other CPUs, and a later "step" resumes it; PCT's
 *    priority change points, in schedule form;
 *  - a lock-section stop: an event's path stops on entering a function
 *    that runs under a lock or in a transition (the fixup walks,
 *    mm_get_cid, the schedin paths), and other CPUs act in that window;
 *  - a burst: several forks or exits at once, so that the users cross
 *    the mode thresholds in one edit;
 *  - with weak memory on, flushes: a window opens with a flush of one
 *    field of the stopped CPU's store buffer, so that one of its stores
 *    becomes visible to the other CPUs before the ones it made earlier.
 */
#include <stdlib.h>
#include <string.h>

#include "mutator.h"
#include "schedule.h"
#include "trace_funcs.h"

struct rng {
	uint64_t x;
};

static uint32_t rnd(struct rng *r, uint32_t n)
{
	r->x ^= r->x << 13;
	r->x ^= r->x >> 7;
	r->x ^= r->x << 17;
	return n ? (uint32_t)((r->x >> 11) % n) : 0;
}

/* The functions inside lock sections and transitions: where to stop */
static const uint8_t window_funcs[] = {
	TF_mm_cid_fixup_tasks_to_cpus, TF_mm_cid_fixup_task_to_cpu,
	TF_mm_cid_fixup_cpus_to_tasks, TF_mm_cid_complete_transit,
	TF_mm_get_cid, TF_mm_cid_from_cpu, TF_mm_cid_from_task,
	TF_mm_cid_schedin, TF_mm_cid_schedout, TF_mm_update_max_cids,
	TF_sched_mm_cid_fork, TF_sched_mm_cid_exit, TF_task_rq_lock,
	TF_move_queued_task, TF_mm_cid_converge, TF_mm_cid_write_mode,
};

static struct schedule work, other;

/* The tasks the operands of @ev name (bit n: Tn), event_kinds.h */
static uint64_t event_tasks(const struct sched_event *ev)
{
	const unsigned char *o;
	uint64_t named = 0;
	unsigned int k;

	for (o = sched_kinds[ev->kind].operands; *o != OPD_END; o++) {
		switch (*o) {
		case OPD_TASK:
		case OPD_NEW_TASK:
			if (ev->task >= 0)
				named |= 1ULL << ev->task;
			break;
		case OPD_CHILD:
		case OPD_NEXT:	/* a task, or none, or idle */
			if (ev->task2 >= 0)
				named |= 1ULL << ev->task2;
			break;
		case OPD_TASKS:
			for (k = 0; k < ev->nr_tasks; k++)
				named |= 1ULL << ev->tasks[k];
			break;
		}
	}
	return named;
}

/* The tasks a schedule names anywhere (bit n: Tn) */
static uint64_t named_tasks(const struct schedule *s)
{
	uint64_t named = 0;
	unsigned int i;

	for (i = 0; i < s->nr_events; i++)
		named |= event_tasks(&s->ev[i]);
	return named;
}

static int pick_task(struct rng *r, const struct schedule *s)
{
	uint64_t named = named_tasks(s);
	unsigned int n = (unsigned int)__builtin_popcountll(named), k;

	if (!n || !rnd(r, 16))
		return (int)rnd(r, 8);
	for (k = rnd(r, n); k; k--)
		named &= named - 1;
	return __builtin_ctzll(named);
}

/* The lowest task not named yet: what a fork or process creates */
static int fresh_task(const struct schedule *s)
{
	uint64_t named = named_tasks(s);

	return ~named ? __builtin_ctzll(~named) : 63;
}

static struct sched_run random_run(struct rng *r)
{
	struct sched_run run = { .kind = RUN_COMPLETE, .task = SCHED_TASK_NONE };
	unsigned int k = rnd(r, 10);

	if (k >= 7) {
		run.kind = RUN_STEPS;
		run.steps = (uint16_t)(1 + rnd(r, k == 9 ? 200 : 24));
	} else if (k >= 5) {
		run.kind = RUN_UNTIL;
		run.func = window_funcs[rnd(r, sizeof(window_funcs))];
	}
	return run;
}

/* The fields whose store order matters most: the mode, split or not */
static const uint8_t flush_fields[] = {
    FIELD_ALL,	       FIELD_MM_MODE,	FIELD_MM_PERCPU,  FIELD_MM_TRANSIT,
    FIELD_MM_MAX_CIDS, FIELD_MM_PERCPU, FIELD_MM_TRANSIT,
};

/*
 * The operands (event_kinds.h) of an event the mutator makes, one
 * function each, drawn in their order. A CPU is drawn first for every
 * kind (random_event()): cpu keeps it, opt_cpu keeps it or names none.
 */

static void draw_task(struct rng *r, const struct schedule *s,
		      struct sched_event *ev)
{
	ev->task = (int8_t)pick_task(r, s);
}

static void draw_new_task(struct rng *r, const struct schedule *s,
			  struct sched_event *ev)
{
	(void)r;
	ev->task = (int8_t)fresh_task(s);
}

static void draw_child(struct rng *r, const struct schedule *s,
		       struct sched_event *ev)
{
	(void)r;
	ev->task2 = (int8_t)fresh_task(s);
}

/* threads: a thread group of one to four tasks not named yet */
static void draw_tasks(struct rng *r, const struct schedule *s,
		       struct sched_event *ev)
{
	uint64_t free = ~named_tasks(s);
	unsigned int n = 1 + rnd(r, 4);

	for (ev->nr_tasks = 0; ev->nr_tasks < n && free; free &= free - 1)
		ev->tasks[ev->nr_tasks++] = (int8_t)__builtin_ctzll(free);
}

/* cpu: the one drawn first */
static void draw_cpu(struct rng *r, const struct schedule *s,
		     struct sched_event *ev)
{
	(void)r;
	(void)s;
	(void)ev;
}

static void draw_opt_cpu(struct rng *r, const struct schedule *s,
			 struct sched_event *ev)
{
	(void)s;
	ev->cpu = (int8_t)(rnd(r, 2) ? ev->cpu : -1);
}

/* schedule's next task: a task mostly, else the next runnable */
static void draw_next(struct rng *r, const struct schedule *s,
		      struct sched_event *ev)
{
	ev->task2 = (int8_t)(rnd(r, 4) ? pick_task(r, s) : SCHED_TASK_NONE);
}

static void draw_mask(struct rng *r, const struct schedule *s,
		      struct sched_event *ev)
{
	ev->mask = ((uint64_t)rnd(r, 1u << 31) << 1 | 1) &
		   (s->nr_cpus >= 64 ? ~0ULL : (1ULL << s->nr_cpus) - 1);
}

/* Mostly a thread, as in a thread pool */
static void draw_fork_kind(struct rng *r, const struct schedule *s,
			   struct sched_event *ev)
{
	(void)s;
	ev->fork_kind = (uint8_t)(rnd(r, 4) ? FORK_THREAD :
					      rnd(r, NR_SCHED_FORK_KINDS));
}

/* One fork or exec in eight fails */
static void draw_fail(struct rng *r, const struct schedule *s,
		      struct sched_event *ev)
{
	(void)s;
	ev->fails = !rnd(r, 8);
}

static void draw_field(struct rng *r, const struct schedule *s,
		       struct sched_event *ev)
{
	(void)s;
	ev->field = flush_fields[rnd(r, sizeof(flush_fields))];
	if (ev->field != FIELD_ALL)
		ev->obj = (int8_t)(rnd(r, 8) ? 0 : rnd(r, 4));
}

typedef void operand_draw_fn(struct rng *r, const struct schedule *s,
			     struct sched_event *ev);

static operand_draw_fn *const operand_draws[NR_SCHED_OPERANDS] = {
#define X(OPERAND, name) [OPD_##OPERAND] = draw_##name,
	SCHED_OPERANDS(X)
#undef X
};

/* Weak memory: make (some of) @cpu's buffered stores visible */
static struct sched_event random_flush(struct rng *r, unsigned int cpu)
{
	struct sched_event ev = sched_event_blank;

	ev.kind = EV_FLUSH;
	ev.cpu = (int8_t)cpu;
	draw_field(r, NULL, &ev);
	return ev;
}

/*
 * An event of a kind the draw picks (event_kinds.h: the mut column, which
 * favours what moves tasks and CPUs around, and exec, whose failures
 * leave a task without a CID, almost as often as exit), or on weak
 * memory now and then a flush.
 */
static struct sched_event random_event(struct rng *r, const struct schedule *s)
{
	struct sched_event ev = sched_event_blank;
	const unsigned char *o;

	if (s->weak && !rnd(r, 5))
		return random_flush(r, rnd(r, s->nr_cpus));
	ev.kind = (uint8_t)sched_kind_drawn(DRAW_MUT, rnd(r, SCHED_DRAW_RANGE));
	ev.cpu = (int8_t)rnd(r, s->nr_cpus);
	for (o = sched_kinds[ev.kind].operands; *o != OPD_END; o++)
		operand_draws[*o](r, s, &ev);
	/* the CPU drawn first stays only where the kind names one */
	if (!sched_kind_has(ev.kind, OPD_CPU) && !sched_kind_has(ev.kind, OPD_OPT_CPU))
		ev.cpu = -1;
	if (sched_kinds[ev.kind].flags & KF_RUN)
		ev.run = random_run(r);
	return ev;
}

static void insert_at(struct schedule *s, unsigned int pos,
		      const struct sched_event *ev)
{
	if (s->nr_events >= SCHED_MAX_EVENTS)
		return;
	if (pos > s->nr_events)
		pos = s->nr_events;
	memmove(&s->ev[pos + 1], &s->ev[pos],
		(s->nr_events - pos) * sizeof(s->ev[0]));
	s->ev[pos] = *ev;
	s->nr_events++;
}

static void delete_at(struct schedule *s, unsigned int pos)
{
	if (pos >= s->nr_events)
		return;
	memmove(&s->ev[pos], &s->ev[pos + 1],
		(s->nr_events - pos - 1) * sizeof(s->ev[0]));
	s->nr_events--;
}

/* Events on other CPUs, then "step cpu" that resumes the stopped one */
static void open_window(struct rng *r, struct schedule *s, unsigned int at)
{
	unsigned int n = 1 + rnd(r, 3), i, stopped_cpu;
	struct sched_event ev;

	stopped_cpu = s->ev[at].cpu >= 0 ? (unsigned int)s->ev[at].cpu :
		      rnd(r, s->nr_cpus);
	if (s->weak && rnd(r, 2)) {
		/* one of the stopped path's stores overtakes the others */
		ev = random_flush(r, stopped_cpu);
		insert_at(s, ++at, &ev);
	}
	for (i = 0; i < n; i++) {
		ev = random_event(r, s);
		if (s->nr_cpus > 1 && ev.cpu == (int8_t)stopped_cpu)
			ev.cpu = (int8_t)((stopped_cpu + 1 + rnd(r, s->nr_cpus - 1)) %
					  s->nr_cpus);
		insert_at(s, at + 1 + i, &ev);
	}
	ev = sched_event_blank;
	ev.kind = EV_STEP;
	ev.cpu = (int8_t)stopped_cpu;
	insert_at(s, at + 1 + n + rnd(r, 2), &ev);
}

/*
 * Weak memory: stop an event's path where it publishes a mode, let it
 * make one to three more stores, flush one of them ahead of the others,
 * and let other CPUs act on the half-visible mode before it goes on.
 */
static void store_window(struct rng *r, struct schedule *s, unsigned int at)
{
	struct sched_event ev = sched_event_blank;
	unsigned int cpu;

	s->ev[at].run.kind = RUN_UNTIL;
	s->ev[at].run.func = TF_mm_cid_write_mode;
	s->ev[at].run.task = SCHED_TASK_NONE;
	cpu = s->ev[at].cpu >= 0 ? (unsigned int)s->ev[at].cpu : rnd(r, 4) ? 0 : rnd(r, s->nr_cpus);
	ev.kind = EV_STEP;
	ev.cpu = (int8_t)cpu;
	ev.run.kind = RUN_STEPS;
	ev.run.steps = (uint16_t)(1 + rnd(r, 3));
	insert_at(s, at + 1, &ev);
	s->ev[at + 1].cpu = (int8_t)cpu;
	open_window(r, s, at + 1);
}

/*
 * A hop: a task that a "schedule cpuX T" put on a CPU leaves it, migrates
 * and runs on another CPU, where a CID has to be found for it (both seed
 * livelocks end with one). Without such an event, a random task and CPU.
 */
static void hop(struct rng *r, struct schedule *s)
{
	struct sched_event ev = sched_event_blank;
	unsigned int i, n = 0, at = rnd(r, s->nr_events + 1), from, to;
	int t = pick_task(r, s);

	from = rnd(r, s->nr_cpus);
	for (i = 0; i < s->nr_events; i++) {
		const struct sched_event *e = &s->ev[i];

		/* a random one of the schedule events that name a task */
		if (e->kind == EV_SCHEDULE && e->task2 >= 0 && !rnd(r, ++n)) {
			at = i + 1;
			t = e->task2;
			from = (unsigned int)e->cpu;
		}
	}
	to = s->nr_cpus > 1 ? (from + 1 + rnd(r, s->nr_cpus - 1)) % s->nr_cpus : 0;
	ev.kind = EV_IDLE;
	ev.cpu = (int8_t)from;
	insert_at(s, at, &ev);
	ev.kind = EV_MIGRATE;
	ev.task = (int8_t)t;
	ev.cpu = (int8_t)to;
	insert_at(s, at + 1, &ev);
	ev.kind = EV_SCHEDULE;
	ev.task = -1;
	ev.task2 = (int8_t)t;
	insert_at(s, at + 2, &ev);
}

/* schedule's next task: a task mostly, else none or idle */
static void retarget_next(struct rng *r, struct schedule *s, struct sched_event *ev)
{
	ev->task2 = (int8_t)(rnd(r, 4) ? pick_task(r, s) :
			     rnd(r, 2) ? SCHED_TASK_NONE :
			     SCHED_TASK_IDLE);
}

static void retarget_fork_kind(struct rng *r, struct schedule *s, struct sched_event *ev)
{
	(void)s;
	ev->fork_kind = (uint8_t)rnd(r, NR_SCHED_FORK_KINDS);
}

static void retarget_field(struct rng *r, struct schedule *s, struct sched_event *ev)
{
	(void)s;
	*ev = random_flush(r, (unsigned int)ev->cpu);
}

/*
 * The operands (event_kinds.h) other than the task and the CPU that
 * retarget() changes; an event has at most one of them
 */
static void (*const retarget_operand[NR_SCHED_OPERANDS])(struct rng *, struct schedule *,
							 struct sched_event *) = {
	[OPD_NEXT]	= retarget_next,
	[OPD_FORK_KIND]	= retarget_fork_kind,
	[OPD_FIELD]	= retarget_field,
};

static void retarget(struct rng *r, struct schedule *s, struct sched_event *ev)
{
	const unsigned char *o;

	switch (rnd(r, 3)) {
	case 0:
		if (ev->cpu >= 0)
			ev->cpu = (int8_t)rnd(r, s->nr_cpus);
		break;
	case 1:
		if (ev->task >= 0)
			ev->task = (int8_t)pick_task(r, s);
		break;
	default:
		for (o = sched_kinds[ev->kind].operands; *o != OPD_END; o++) {
			if (retarget_operand[*o]) {
				retarget_operand[*o](r, s, ev);
				break;
			}
		}
		break;
	}
}

static void change_run(struct rng *r, struct sched_event *ev)
{
	if (ev->kind == EV_THREADS || ev->kind == EV_PROCESS)
		return;
	if (ev->run.kind == RUN_STEPS && rnd(r, 2)) {
		int d = (int)rnd(r, 9) - 4, k = ev->run.steps + d;

		ev->run.steps = (uint16_t)(k < 0 ? 0 : k > SCHED_MAX_STEPS ?
					   SCHED_MAX_STEPS : k);
		return;
	}
	ev->run = random_run(r);
}

/*
 * A burst: a thread pool grows or shrinks at once, 2..5 forks from one
 * parent or exits of different tasks in a row, which moves users across
 * the mode thresholds in one edit.
 */
static void burst(struct rng *r, struct schedule *s, unsigned int at)
{
	unsigned int n = 2 + rnd(r, 4), k;
	bool forks = rnd(r, 2);
	struct sched_event ev = sched_event_blank;
	int parent = pick_task(r, s);

	for (k = 0; k < n; k++) {
		if (forks) {
			ev.kind = EV_FORK;
			ev.task = (int8_t)parent;
			ev.task2 = (int8_t)fresh_task(s);
			ev.fork_kind = FORK_THREAD;
		} else {
			ev.kind = EV_EXIT;
			ev.task = (int8_t)pick_task(r, s);
		}
		insert_at(s, at + k, &ev);
	}
}

/*
 * A fork or exec that succeeded fails now, or the other way round: the
 * first one from @at on. A failing fork leaves its parent's mm as it
 * was (or registers the child and takes it back), a failing exec leaves
 * its task without a CID until it schedules in again.
 */
static void toggle_fail(struct schedule *s, unsigned int at)
{
	unsigned int n = s->nr_events, k;

	for (k = 0; k < n; k++) {
		struct sched_event *e = &s->ev[(at + k) % n];

		if (sched_kind_has(e->kind, OPD_FAIL)) {
			e->fails = !e->fails;
			return;
		}
	}
}

/*
 * The edits of weak memory, one in three on a weak schedule: a flush
 * somewhere, another field for a flush, a store window, a hop.
 */
static void weak_edit(struct rng *r, struct schedule *s)
{
	unsigned int n = s->nr_events, i = rnd(r, n ? n : 1), k;
	struct sched_event ev;

	switch (rnd(r, 4)) {
	case 0:
		ev = random_flush(r, rnd(r, s->nr_cpus));
		insert_at(s, rnd(r, n + 1), &ev);
		break;
	case 1:
		for (k = 0; k < n; k++) {
			struct sched_event *e = &s->ev[(i + k) % n];

			if (e->kind == EV_FLUSH) {
				*e = random_flush(r, (unsigned int)e->cpu);
				return;
			}
		}
		break;
	case 2:
		if (n && s->ev[i].kind != EV_THREADS)
			store_window(r, s, i);
		break;
	default:
		hop(r, s);
		break;
	}
}

static void mutate_once(struct rng *r, struct schedule *s)
{
	unsigned int n = s->nr_events, i, j;
	struct sched_event ev;

	if (s->weak && !rnd(r, 3)) {
		weak_edit(r, s);
		return;
	}
	i = rnd(r, n ? n : 1);
	j = rnd(r, n ? n : 1);

	switch (n ? rnd(r, 14) : 0) {
	case 0:
	case 1:
		ev = random_event(r, s);
		insert_at(s, rnd(r, n + 1), &ev);
		break;
	case 2:
		if (i > 0 || s->ev[0].kind != EV_THREADS)
			delete_at(s, i);
		break;
	case 3:
		ev = s->ev[i];
		insert_at(s, j, &ev);
		break;
	case 4:
		if (i && j) {
			ev = s->ev[i];
			s->ev[i] = s->ev[j];
			s->ev[j] = ev;
		}
		break;
	case 5:
	case 6:
		retarget(r, s, &s->ev[i]);
		break;
	case 7:
		change_run(r, &s->ev[i]);
		break;
	case 8:
	case 9:
		/* a priority change point: stop part-way, others run */
		if (s->ev[i].kind == EV_THREADS)
			break;
		s->ev[i].run.kind = RUN_STEPS;
		s->ev[i].run.steps = (uint16_t)(1 + rnd(r, 48));
		open_window(r, s, i);
		break;
	case 10:
		/* stop inside a lock section or transition */
		if (s->ev[i].kind == EV_THREADS)
			break;
		s->ev[i].run.kind = RUN_UNTIL;
		s->ev[i].run.func = window_funcs[rnd(r, sizeof(window_funcs))];
		s->ev[i].run.task = SCHED_TASK_NONE;
		open_window(r, s, i);
		break;
	case 11:
		if (rnd(r, 2))
			burst(r, s, rnd(r, n + 1));
		else
			change_run(r, &s->ev[i]);
		break;
	case 12:
		toggle_fail(s, i);
		break;
	default:
		if (!rnd(r, 4))
			s->nr_cpus = 1 + rnd(r, 8);
		else
			retarget(r, s, &s->ev[i]);
		break;
	}
}

/* Encode, dropping events from the end until it fits */
static size_t encode_fit(struct schedule *s, uint8_t *out, size_t max)
{
	size_t len;

	while ((len = sched_encode_binary(s, out, max)) > max && s->nr_events)
		s->nr_events--;
	return len > max ? 0 : len;
}

/*
 * The target's memory (CIDFUZZ_WEAK, set by its harness or the
 * campaign): "1" runs every schedule on weak memory, so mutate for it;
 * "either" lets the input decide, so now and then flip it.
 */
static const char *target_memory(void)
{
	static const char *mem;

	if (!mem) {
		mem = getenv("CIDFUZZ_WEAK");
		if (!mem)
			mem = "";
	}
	return mem;
}

size_t cf_mutate(uint8_t *data, size_t size, size_t max, uint32_t seed)
{
	struct rng r = { .x = seed * 0x9e3779b97f4a7c15ULL + 1 };
	unsigned int k, edits = 1 + rnd(&r, 4);

	sched_decode_binary(data, size, &work);
	if (!strcmp(target_memory(), "1"))
		work.weak = true;
	else if (!strcmp(target_memory(), "either") && !rnd(&r, 16))
		work.weak = !work.weak;
	if (!work.nr_cpus)
		work.nr_cpus = 1;
	for (k = 0; k < edits; k++)
		mutate_once(&r, &work);
	return encode_fit(&work, data, max);
}

size_t cf_crossover(const uint8_t *a, size_t size_a, const uint8_t *b,
		    size_t size_b, uint8_t *out, size_t max, uint32_t seed)
{
	struct rng r = { .x = seed * 0x9e3779b97f4a7c15ULL + 7 };
	unsigned int cut_a, cut_b, n;

	sched_decode_binary(a, size_a, &work);
	sched_decode_binary(b, size_b, &other);
	cut_a = rnd(&r, work.nr_events + 1);
	cut_b = rnd(&r, other.nr_events + 1);
	n = other.nr_events - cut_b;
	if (cut_a + n > SCHED_MAX_EVENTS)
		n = SCHED_MAX_EVENTS - cut_a;
	memcpy(&work.ev[cut_a], &other.ev[cut_b], n * sizeof(work.ev[0]));
	work.nr_events = cut_a + n;
	return encode_fit(&work, out, max);
}
