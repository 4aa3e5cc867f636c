// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the schedule formats: the text parser (fields, every error
 * message), the canonical printer (round trip, fixed point), and the binary
 * decoder and encoder (total decoding, exact round trip), including a
 * fixed-seed random sweep that ties all of them together.
 *
 * Every parse goes through a heap copy of exactly the input's length so
 * that a sanitizer build catches any read past the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "schedule.h"
#include "testlib.h"
#include "test_drawn_events.h"
#include "trace_funcs.h"

#define PRINT_BUF	(64 * 1024)

/* Big: keep them off the stack. */
static struct schedule sa, sb, sc;
static char pbuf[PRINT_BUF], pbuf2[PRINT_BUF];
static uint8_t bbuf[256 * 1024];
static struct sched_error err;

/* Parse a copy of exactly @len bytes: no NUL after it to lean on. */
static int parse_exact(const char *text, size_t len, struct schedule *s,
		       struct sched_error *e)
{
	char *copy = calloc(1, len ? len : 1);
	int ret;

	memcpy(copy, text, len);
	ret = sched_parse_text("x.sched", copy, len, s, e);
	free(copy);
	return ret;
}

static int parse_str(const char *text, struct schedule *s)
{
	return parse_exact(text, strlen(text), s, &err);
}

static struct sched_event *add_event(struct schedule *s, unsigned int kind)
{
	struct sched_event *ev = &s->ev[s->nr_events++];

	memset(ev, 0, sizeof(*ev));
	ev->kind = (uint8_t)kind;
	ev->cpu = -1;
	ev->task = -1;
	ev->task2 = SCHED_TASK_NONE;
	ev->obj = -1;
	ev->run.task = SCHED_TASK_NONE;
	return ev;
}

static void set_until(struct sched_event *ev, int func, int task)
{
	ev->run.kind = RUN_UNTIL;
	ev->run.func = (uint8_t)func;
	ev->run.task = (int8_t)task;
}

static void set_steps(struct sched_event *ev, unsigned int steps)
{
	ev->run.kind = RUN_STEPS;
	ev->run.steps = (uint16_t)steps;
}

/* Print the first differing event of two schedules, to see why. */
static void show_diff(const struct schedule *a, const struct schedule *b)
{
	char x[512], y[512];
	unsigned int i;

	printf("  nr_cpus %u/%u nr_events %u/%u\n", a->nr_cpus, b->nr_cpus,
	       a->nr_events, b->nr_events);
	for (i = 0; i < a->nr_events && i < b->nr_events; i++) {
		struct schedule one_a = { .nr_cpus = 1, .nr_events = 1 };
		struct schedule one_b = { .nr_cpus = 1, .nr_events = 1 };

		one_a.ev[0] = a->ev[i];
		one_b.ev[0] = b->ev[i];
		if (sched_equal(&one_a, &one_b))
			continue;
		sched_print_event(&a->ev[i], x, sizeof(x));
		sched_print_event(&b->ev[i], y, sizeof(y));
		printf("  event %u: '%s' vs '%s'\n", i, x, y);
		return;
	}
}

/*
 * What the text parser would accept, including canonical values in the
 * fields an event does not use.
 */
static bool valid_task(int t)
{
	return t >= 0 && t < SCHED_MAX_TASKS;
}

static bool valid_run(const struct sched_run *r)
{
	switch (r->kind) {
	case RUN_COMPLETE:
		return !r->steps && !r->func && r->task == SCHED_TASK_NONE;
	case RUN_STEPS:
		return r->steps <= SCHED_MAX_STEPS && !r->func &&
		       r->task == SCHED_TASK_NONE;
	case RUN_UNTIL:
		return !r->steps && r->func < NR_TRACE_FUNCS &&
		       (r->task == SCHED_TASK_NONE || valid_task(r->task));
	}
	return false;
}

static bool valid_event(const struct schedule *s, const struct sched_event *e)
{
	bool cpu_ok = e->cpu >= 0 && (unsigned int)e->cpu < s->nr_cpus;
	bool opt_cpu_ok = e->cpu == -1 || cpu_ok;
	uint64_t all = s->nr_cpus == 64 ? ~0ULL : (1ULL << s->nr_cpus) - 1;
	bool task_only = valid_task(e->task) && e->cpu == -1 &&
			 e->task2 == SCHED_TASK_NONE;
	bool cpu_only = cpu_ok && e->task == -1 && e->task2 == SCHED_TASK_NONE;
	unsigned int i;

	if (e->kind != EV_FORK && e->fork_kind)
		return false;
	if (e->kind != EV_FORK && e->kind != EV_EXEC && e->fails)
		return false;
	if (e->kind != EV_THREADS && e->nr_tasks)
		return false;
	if (e->kind != EV_AFFINITY && e->mask)
		return false;
	if (e->kind != EV_FLUSH && (e->field || e->obj != -1))
		return false;
	if (!valid_run(&e->run))
		return false;
	switch (e->kind) {
	case EV_PROCESS:
		return valid_task(e->task) && opt_cpu_ok &&
		       e->task2 == SCHED_TASK_NONE &&
		       e->run.kind == RUN_COMPLETE;
	case EV_THREADS:
		if (e->nr_tasks < 1 || e->nr_tasks > SCHED_MAX_TASKS ||
		    e->cpu != -1 || e->task != -1 ||
		    e->task2 != SCHED_TASK_NONE || e->run.kind != RUN_COMPLETE)
			return false;
		for (i = 0; i < e->nr_tasks; i++)
			if (!valid_task(e->tasks[i]))
				return false;
		return true;
	case EV_FORK:
		return valid_task(e->task) && valid_task(e->task2) &&
		       e->cpu == -1 && e->fork_kind < NR_SCHED_FORK_KINDS;
	case EV_EXIT:
	case EV_EXEC:
	case EV_BLOCK:
		return task_only;
	case EV_WAKE:
		return valid_task(e->task) && opt_cpu_ok &&
		       e->task2 == SCHED_TASK_NONE;
	case EV_SCHEDULE:
		return cpu_ok && e->task == -1 &&
		       (e->task2 == SCHED_TASK_NONE ||
			e->task2 == SCHED_TASK_IDLE || valid_task(e->task2));
	case EV_MIGRATE:
		return valid_task(e->task) && cpu_ok &&
		       e->task2 == SCHED_TASK_NONE;
	case EV_AFFINITY:
		return valid_task(e->task) && e->cpu == -1 && e->mask &&
		       !(e->mask & ~all) && e->task2 == SCHED_TASK_NONE;
	case EV_WORK:
	case EV_STEP:
	case EV_PREEMPT:
	case EV_IDLE:
		return cpu_only;
	case EV_FLUSH:
		if (!cpu_only || e->run.kind != RUN_COMPLETE ||
		    e->field >= NR_SCHED_FIELDS)
			return false;
		if (e->field == FIELD_ALL)
			return e->obj == -1;
		if (sched_field_is_mm(e->field))
			return e->obj >= 0;	/* int8_t: below SCHED_MAX_MMS */
		return valid_task(e->obj);
	}
	return false;
}

static bool valid_schedule(const struct schedule *s)
{
	unsigned int i;

	if (s->nr_cpus < 1 || s->nr_cpus > SCHED_MAX_CPUS ||
	    s->nr_events > SCHED_MAX_EVENTS)
		return false;
	for (i = 0; i < s->nr_events; i++)
		if (!valid_event(s, &s->ev[i]))
			return false;
	return true;
}

/* Every event kind, every fork kind, every RUN form; comments, tabs, CRs */
static const char full_example[] =
	"# a full example\n"
	"\n"
	"   cpus 4   # four CPUs\n"
	"memory   weak # store buffers\n"
	"threads T0 T1\tT2\n"
	"process T9 cpu2\n"
	"process T10\r\n"
	"fork T0 T4\n"
	"fork T0 T5 vfork steps 3\n"
	"fork T9 T11 clone_vm until enters copy_process\n"
	"fork T9 T12 process until enters wake_up_new_task for T12\n"
	"fork T0 T13 thread\n"
	"exit T4\n"
	"exec T5 steps 0\n"
	"fork T0 T14 vfork fail\n"
	"fork T0 T15 thread fail steps 1\n"
	"exec T5 fail until enters sched_mm_cid_after_execve\n"
	"block T1 until enters __schedule for T1 # why: to stop there\n"
	"wake T1\n"
	"wake T1 cpu3 steps 4096\n"
	"schedule cpu1\n"
	"schedule cpu1 idle\n"
	"schedule cpu2 T2 until enters mm_cid_schedin\n"
	"migrate T1 cpu2\n"
	"affinity T1 0-1,3 steps 7\n"
	"affinity T63 3,2,1\n"
	"work cpu0\n"
	"step cpu0 steps 1\n"
	"preempt cpu3\n"
	"idle cpu0 until enters mm_cid_work_fn for T0\n"
	"flush cpu0\n"
	"flush cpu1 mm0.percpu\n"
	"flush cpu2 T63.on_cpu\n"
	"flush cpu3 mm127.max_cids";	/* no final \n */

static const char full_example_canonical[] =
	"cpus 4\n"
	"memory weak\n"
	"threads T0 T1 T2\n"
	"process T9 cpu2\n"
	"process T10\n"
	"fork T0 T4\n"
	"fork T0 T5 vfork steps 3\n"
	"fork T9 T11 clone_vm until enters copy_process\n"
	"fork T9 T12 process until enters wake_up_new_task for T12\n"
	"fork T0 T13\n"
	"exit T4\n"
	"exec T5 steps 0\n"
	"fork T0 T14 vfork fail\n"
	"fork T0 T15 fail steps 1\n"
	"exec T5 fail until enters sched_mm_cid_after_execve\n"
	"block T1 until enters __schedule for T1\n"
	"wake T1\n"
	"wake T1 cpu3 steps 4096\n"
	"schedule cpu1\n"
	"schedule cpu1 idle\n"
	"schedule cpu2 T2 until enters mm_cid_schedin\n"
	"migrate T1 cpu2\n"
	"affinity T1 0-1,3 steps 7\n"
	"affinity T63 1-3\n"
	"work cpu0\n"
	"step cpu0 steps 1\n"
	"preempt cpu3\n"
	"idle cpu0 until enters mm_cid_work_fn for T0\n"
	"flush cpu0\n"
	"flush cpu1 mm0.percpu\n"
	"flush cpu2 T63.on_cpu\n"
	"flush cpu3 mm127.max_cids\n";

static void build_full_example(struct schedule *s)
{
	struct sched_event *ev;

	memset(s, 0, sizeof(*s));
	s->nr_cpus = 4;
	ev = add_event(s, EV_THREADS);
	ev->nr_tasks = 3;
	ev->tasks[0] = 0, ev->tasks[1] = 1, ev->tasks[2] = 2;
	ev = add_event(s, EV_PROCESS);
	ev->task = 9, ev->cpu = 2;
	ev = add_event(s, EV_PROCESS);
	ev->task = 10;
	ev = add_event(s, EV_FORK);
	ev->task = 0, ev->task2 = 4;
	ev = add_event(s, EV_FORK);
	ev->task = 0, ev->task2 = 5, ev->fork_kind = FORK_VFORK;
	set_steps(ev, 3);
	ev = add_event(s, EV_FORK);
	ev->task = 9, ev->task2 = 11, ev->fork_kind = FORK_CLONE_VM;
	set_until(ev, TF_copy_process, SCHED_TASK_NONE);
	ev = add_event(s, EV_FORK);
	ev->task = 9, ev->task2 = 12, ev->fork_kind = FORK_PROCESS;
	set_until(ev, TF_wake_up_new_task, 12);
	ev = add_event(s, EV_FORK);
	ev->task = 0, ev->task2 = 13;
	ev = add_event(s, EV_EXIT);
	ev->task = 4;
	ev = add_event(s, EV_EXEC);
	ev->task = 5;
	set_steps(ev, 0);
	ev = add_event(s, EV_FORK);
	ev->task = 0, ev->task2 = 14, ev->fork_kind = FORK_VFORK;
	ev->fails = true;
	ev = add_event(s, EV_FORK);
	ev->task = 0, ev->task2 = 15, ev->fails = true;
	set_steps(ev, 1);
	ev = add_event(s, EV_EXEC);
	ev->task = 5, ev->fails = true;
	set_until(ev, TF_sched_mm_cid_after_execve, SCHED_TASK_NONE);
	ev = add_event(s, EV_BLOCK);
	ev->task = 1;
	set_until(ev, TF___schedule, 1);
	ev = add_event(s, EV_WAKE);
	ev->task = 1;
	ev = add_event(s, EV_WAKE);
	ev->task = 1, ev->cpu = 3;
	set_steps(ev, SCHED_MAX_STEPS);
	ev = add_event(s, EV_SCHEDULE);
	ev->cpu = 1;
	ev = add_event(s, EV_SCHEDULE);
	ev->cpu = 1, ev->task2 = SCHED_TASK_IDLE;
	ev = add_event(s, EV_SCHEDULE);
	ev->cpu = 2, ev->task2 = 2;
	set_until(ev, TF_mm_cid_schedin, SCHED_TASK_NONE);
	ev = add_event(s, EV_MIGRATE);
	ev->task = 1, ev->cpu = 2;
	ev = add_event(s, EV_AFFINITY);
	ev->task = 1, ev->mask = 0xb;
	set_steps(ev, 7);
	ev = add_event(s, EV_AFFINITY);
	ev->task = 63, ev->mask = 0xe;
	ev = add_event(s, EV_WORK);
	ev->cpu = 0;
	ev = add_event(s, EV_STEP);
	ev->cpu = 0;
	set_steps(ev, 1);
	ev = add_event(s, EV_PREEMPT);
	ev->cpu = 3;
	ev = add_event(s, EV_IDLE);
	ev->cpu = 0;
	set_until(ev, TF_mm_cid_work_fn, 0);
	ev = add_event(s, EV_FLUSH);
	ev->cpu = 0;
	ev = add_event(s, EV_FLUSH);
	ev->cpu = 1, ev->field = FIELD_MM_PERCPU, ev->obj = 0;
	ev = add_event(s, EV_FLUSH);
	ev->cpu = 2, ev->field = FIELD_TASK_ON_CPU, ev->obj = 63;
	ev = add_event(s, EV_FLUSH);
	ev->cpu = 3, ev->field = FIELD_MM_MAX_CIDS, ev->obj = 127;
	s->weak = true;
}

TEST(parse_full_example_gives_expected_fields)
{
	static const int lines[] = { 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
				     15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
				     25, 26, 27, 28, 29, 30, 31, 32, 33, 34 };
	bool seen[NR_SCHED_EVENT_KINDS] = { false };
	unsigned int i;

	build_full_example(&sb);
	EXPECT_EQ_INT(parse_str(full_example, &sa), 0);
	EXPECT_EQ_INT(sa.nr_events, sizeof(lines) / sizeof(lines[0]));
	EXPECT(sched_equal(&sa, &sb));
	if (!sched_equal(&sa, &sb))
		show_diff(&sa, &sb);
	for (i = 0; i < sa.nr_events && i < sizeof(lines) / sizeof(lines[0]);
	     i++) {
		EXPECT_EQ_INT(sa.ev[i].line, lines[i]);
		seen[sa.ev[i].kind] = true;
	}
	for (i = 0; i < NR_SCHED_EVENT_KINDS; i++)
		EXPECT(seen[i]);
	EXPECT(valid_schedule(&sa));
}

TEST(parse_defaults_to_four_cpus_and_accepts_empty_input)
{
	EXPECT_EQ_INT(parse_exact("", 0, &sa, &err), 0);
	EXPECT_EQ_INT(sa.nr_cpus, 4);
	EXPECT_EQ_INT(sa.nr_events, 0);
	EXPECT_EQ_INT(parse_str("# only a comment\n\n\t \n", &sa), 0);
	EXPECT_EQ_INT(sa.nr_events, 0);
	EXPECT_EQ_INT(parse_str("work cpu3", &sa), 0);
	EXPECT_EQ_INT(sa.nr_cpus, 4);
	EXPECT_EQ_INT(parse_str("cpus 64\nwork cpu63\nexit T007", &sa), 0);
	EXPECT_EQ_INT(sa.ev[0].cpu, 63);
	EXPECT_EQ_INT(sa.ev[1].task, 7);
}

TEST(parse_takes_arbitrarily_long_lines)
{
	size_t n = 1 << 20, i;
	char *text = malloc(n + 64);
	size_t len = 0;

	len += (size_t)sprintf(text, "threads");
	for (i = 0; i < 64; i++) {
		memset(text + len, i & 1 ? '\t' : ' ', 4096);
		len += 4096;
		len += (size_t)sprintf(text + len, "T%zu", 63 - i);
	}
	text[len++] = '#';
	memset(text + len, 'c', n - len);
	len = n;
	EXPECT_EQ_INT(parse_exact(text, len, &sa, &err), 0);
	EXPECT_EQ_INT(sa.nr_events, 1);
	EXPECT_EQ_INT(sa.ev[0].nr_tasks, 64);
	EXPECT_EQ_INT(sa.ev[0].tasks[0], 63);
	EXPECT_EQ_INT(sa.ev[0].tasks[63], 0);
	free(text);
}

TEST(print_of_parse_is_canonical_round_trip_and_fixed_point)
{
	size_t n;

	EXPECT_EQ_INT(parse_str(full_example, &sa), 0);
	n = sched_print_text(&sa, pbuf, sizeof(pbuf));
	EXPECT_EQ_INT(n, strlen(pbuf));
	EXPECT(!strcmp(pbuf, full_example_canonical));
	if (strcmp(pbuf, full_example_canonical))
		printf("  printed:\n%s", pbuf);

	EXPECT_EQ_INT(parse_exact(pbuf, n, &sb, &err), 0);
	EXPECT(sched_equal(&sa, &sb));
	sched_print_text(&sb, pbuf2, sizeof(pbuf2));
	EXPECT(!strcmp(pbuf, pbuf2));
}

TEST(print_writes_masks_as_ranges)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "cpus 8\naffinity T0 5,0-2\n",
		  "cpus 8\naffinity T0 0-2,5\n" },
		{ "cpus 8\naffinity T0 0,2,3,4,7,6\n",
		  "cpus 8\naffinity T0 0,2-4,6-7\n" },
		{ "cpus 64\naffinity T0 0-63\n",
		  "cpus 64\naffinity T0 0-63\n" },
		{ "cpus 64\naffinity T0 63,1-1\n",
		  "cpus 64\naffinity T0 1,63\n" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_EQ_INT(parse_str(cases[i].in, &sa), 0);
		sched_print_text(&sa, pbuf, sizeof(pbuf));
		EXPECT(!strcmp(pbuf, cases[i].out));
		if (strcmp(pbuf, cases[i].out))
			printf("  got: %s", pbuf);
	}
	EXPECT_EQ_INT(parse_str("cpus 64\naffinity T0 0-63\n", &sa), 0);
	EXPECT(sa.ev[0].mask == ~0ULL);
}

TEST(print_truncates_like_snprintf)
{
	char small[10];
	size_t full, n;

	EXPECT_EQ_INT(parse_str(full_example, &sa), 0);
	full = sched_print_text(&sa, pbuf, sizeof(pbuf));
	memset(small, 'x', sizeof(small));
	n = sched_print_text(&sa, small, 8);
	EXPECT_EQ_INT(n, full);
	EXPECT(!strcmp(small, "cpus 4\n"));
	EXPECT_EQ_INT(small[8], 'x');
	EXPECT_EQ_INT(sched_print_text(&sa, NULL, 0), full);

	n = sched_print_event(&sa.ev[sa.nr_events - 5], small, sizeof(small));
	EXPECT_EQ_INT(n, strlen("idle cpu0 until enters mm_cid_work_fn for T0"));
	EXPECT(!strcmp(small, "idle cpu0"));
}

TEST(kind_names_cover_every_kind)
{
	EXPECT(!strcmp(sched_event_kind_name(EV_PROCESS), "process"));
	EXPECT(!strcmp(sched_event_kind_name(EV_IDLE), "idle"));
	EXPECT(!strcmp(sched_event_kind_name(NR_SCHED_EVENT_KINDS), "?"));
	EXPECT(!strcmp(sched_fork_kind_name(FORK_CLONE_VM), "clone_vm"));
	EXPECT(!strcmp(sched_fork_kind_name(NR_SCHED_FORK_KINDS), "?"));
}

/* Each draw (the gen and mut columns) picks one kind for each 0..99 */
TEST(draw_bands_tile_zero_to_ninety_nine)
{
	unsigned int d, r, k, holders, holder;

	for (d = 0; d < NR_SCHED_DRAWS; d++) {
		for (r = 0; r < SCHED_DRAW_RANGE; r++) {
			holders = 0;
			holder = NR_SCHED_EVENT_KINDS;
			for (k = 0; k < NR_SCHED_EVENT_KINDS; k++) {
				const struct sched_band *b =
					&sched_kinds[k].band[d];

				if (b->from <= r && r < b->to) {
					holders++;
					holder = k;
				}
			}
			EXPECT_EQ_INT(holders, 1);
			EXPECT_EQ_INT(sched_kind_drawn(d, r), holder);
		}
	}
}

/*
 * Generated schedules read back from their text; their events come in
 * every kind of the generator's draw, each in about its band's share
 * (within 2 points), with every operand of its kind.
 */
TEST(generator_makes_every_kind_of_the_draw_with_every_operand)
{
	static struct schedule s;
	unsigned int seen[NR_SCHED_EVENT_KINDS] = { 0 }, drawn = 0, bad = 0;
	unsigned int seed, cpus, k;

	for (seed = 1; seed <= 300; seed++) {
		cpus = 1 + seed % 8;
		sched_generate_mem(&s, seed, cpus, 64, seed % 3 == 0);
		EXPECT(reads_back(&s));
		for (k = 0; k < s.nr_events; k++) {
			seen[s.ev[k].kind]++;
			bad += !operands_drawn(&s.ev[k], SCHED_MAX_TASKS, cpus);
		}
	}
	EXPECT_EQ_INT(bad, 0);
	EXPECT(seen[EV_FLUSH] > 0);
	for (k = 0; k < NR_SCHED_EVENT_KINDS; k++)
		drawn += sched_kinds[k].band[DRAW_GEN].to ? seen[k] : 0;
	for (k = 0; k < NR_SCHED_EVENT_KINDS; k++) {
		const struct sched_band *b = &sched_kinds[k].band[DRAW_GEN];
		int share = (int)(1000 * seen[k] / drawn),
		    band = 10 * (b->to - b->from);

		if (!b->to)
			continue;
		EXPECT(seen[k] > 0);
		EXPECT(share - band <= 20 && band - share <= 20);
	}
}

struct bad_case {
	const char *text;
	size_t len;		/* 0: strlen(text) */
	int line;
	const char *msg;
};

#define FIELDS	"mmK.{mode,percpu,transit,max_cids,nr_cpus_allowed," \
		"irq_work,work} or Tn.{state,on_rq,on_cpu,cpu,mm}"
#define BAD(t, l, m)	{ t, 0, l, m }
#define BADN(t, l, m)	{ t, sizeof(t) - 1, l, m }

static const struct bad_case bad_cases[] = {
	/* unknown keyword */
	BAD("cpus 2\n\nfrob T1\n", 3,
	    "x.sched:3: expected an event (threads, process, fork, exit, ...), got 'frob'"),
	BAD("Exit T1", 1, "x.sched:1: expected an event (threads, process, fork, exit, ...), got 'Exit'"),
	/* bad task */
	BAD("threads T0\n# c\nexit foo\n", 3,
	    "x.sched:3: expected a task name T0..T63, got 'foo'"),
	BAD("exit T64", 1, "x.sched:1: expected a task name T0..T63, got 'T64'"),
	BAD("exit T", 1, "x.sched:1: expected a task name T0..T63, got 'T'"),
	BAD("exit T-1", 1, "x.sched:1: expected a task name T0..T63, got 'T-1'"),
	BAD("exit", 1, "x.sched:1: expected a task name T0..T63, got end of line"),
	BAD("threads # none", 1, "x.sched:1: expected a task name T0..T63, got end of line"),
	BAD("fork T0 x1", 1, "x.sched:1: expected a task name T0..T63, got 'x1'"),
	BAD("schedule cpu0 Tx", 1, "x.sched:1: expected a task name T0..T63, got 'Tx'"),
	/* CPU out of range or malformed */
	BAD("work cpu4", 1, "x.sched:1: expected a CPU cpu0..cpu3, got 'cpu4'"),
	BAD("cpus 2\nwork cpu0\nmigrate T0 cpu2\n", 3,
	    "x.sched:3: expected a CPU cpu0..cpu1, got 'cpu2'"),
	BAD("wake T1 cpu", 1, "x.sched:1: expected a CPU cpu0..cpu3, got 'cpu'"),
	BAD("process T1 cpux", 1, "x.sched:1: expected a CPU cpu0..cpu3, got 'cpux'"),
	BAD("migrate T1", 1, "x.sched:1: expected a CPU cpu0..cpu3, got end of line"),
	BAD("step 0", 1, "x.sched:1: expected a CPU cpu0..cpu3, got '0'"),
	/* bad masks */
	BAD("affinity T1 0-4", 1,
	    "x.sched:1: expected a CPU list of CPUs 0..3 like 0-2,5, got '0-4'"),
	BAD("affinity T1 2-1", 1,
	    "x.sched:1: expected a CPU list of CPUs 0..3 like 0-2,5, got '2-1'"),
	BAD("affinity T1 1,,2", 1,
	    "x.sched:1: expected a CPU list of CPUs 0..3 like 0-2,5, got '1,,2'"),
	BAD("affinity T1 1,", 1,
	    "x.sched:1: expected a CPU list of CPUs 0..3 like 0-2,5, got '1,'"),
	BAD("affinity T1 1-2-3", 1,
	    "x.sched:1: expected a CPU list of CPUs 0..3 like 0-2,5, got '1-2-3'"),
	BAD("affinity T1 cpu1", 1,
	    "x.sched:1: expected a CPU list of CPUs 0..3 like 0-2,5, got 'cpu1'"),
	/* empty mask: the list cannot be left out */
	BAD("\naffinity T1\n", 2,
	    "x.sched:2: expected a CPU list of CPUs 0..3 like 0-2,5, got end of line"),
	BAD("affinity T1 # all", 1,
	    "x.sched:1: expected a CPU list of CPUs 0..3 like 0-2,5, got end of line"),
	/* steps */
	BAD("step cpu0 steps 4097", 1,
	    "x.sched:1: expected a step count 0..4096, got '4097'"),
	BAD("step cpu0 steps", 1,
	    "x.sched:1: expected a step count 0..4096, got end of line"),
	BAD("step cpu0 steps -1", 1,
	    "x.sched:1: expected a step count 0..4096, got '-1'"),
	/* functions and until */
	BAD("exit T1 until enters bogus", 1,
	    "x.sched:1: expected a traced function name, got 'bogus'"),
	BAD("exit T1 until enters", 1,
	    "x.sched:1: expected a traced function name, got end of line"),
	BAD("exit T1 until do_exit", 1,
	    "x.sched:1: expected 'enters', got 'do_exit'"),
	BAD("exit T1 until enters do_exit for", 1,
	    "x.sched:1: expected a task name T0..T63, got end of line"),
	/* trailing junk */
	BAD("exit T1 junk", 1,
	    "x.sched:1: expected end of line or a run limit (steps N, until enters FUNC), got 'junk'"),
	BAD("fork T0 T1 threadx", 1,
	    "x.sched:1: expected end of line, 'fail' or a run limit (steps N, until enters FUNC), got 'threadx'"),
	BAD("exec T1 fails", 1,
	    "x.sched:1: expected end of line, 'fail' or a run limit (steps N, until enters FUNC), got 'fails'"),
	/* fail: only on fork and exec, after the fork kind, once */
	BAD("fork T0 T1 fail vfork", 1,
	    "x.sched:1: expected end of line or a run limit (steps N, until enters FUNC), got 'vfork'"),
	BAD("exec T1 fail fail", 1,
	    "x.sched:1: expected end of line or a run limit (steps N, until enters FUNC), got 'fail'"),
	BAD("exit T1 fail", 1,
	    "x.sched:1: expected end of line or a run limit (steps N, until enters FUNC), got 'fail'"),
	BAD("exec T1 steps 2 fail", 1, "x.sched:1: expected end of line, got 'fail'"),
	BAD("process T1 cpu0 junk", 1, "x.sched:1: expected end of line, got 'junk'"),
	BAD("process T1 steps 1", 1, "x.sched:1: expected end of line, got 'steps'"),
	BAD("exit T1 steps 3 4", 1, "x.sched:1: expected end of line, got '4'"),
	BAD("exit T1 until enters do_exit for T1 x", 1,
	    "x.sched:1: expected end of line, got 'x'"),
	BAD("cpus 2 3", 1, "x.sched:1: expected end of line, got '3'"),
	BAD("threads T0 T1 cpu0", 1, "x.sched:1: expected a task name T0..T63, got 'cpu0'"),
	/* cpus */
	BAD("exit T1\ncpus 2", 2, "x.sched:2: cpus must come before the first event"),
	BAD("cpus 2\n\ncpus 2", 3, "x.sched:3: cpus given more than once"),
	BAD("cpus 0", 1, "x.sched:1: expected a CPU count 1..64, got '0'"),
	BAD("cpus 65", 1, "x.sched:1: expected a CPU count 1..64, got '65'"),
	BAD("cpus", 1, "x.sched:1: expected a CPU count 1..64, got end of line"),
	/* weak memory */
	BAD("exit T1\nmemory weak", 2,
	    "x.sched:2: memory must come before the first event"),
	BAD("memory tso", 1, "x.sched:1: expected weak or sc, got 'tso'"),
	BAD("flush T0", 1, "x.sched:1: expected a CPU cpu0..cpu3, got 'T0'"),
	BAD("flush cpu0 mm0.cid", 1, "x.sched:1: expected a field "
	    FIELDS ", got 'mm0.cid'"),
	BAD("flush cpu0 T1.mode", 1, "x.sched:1: expected a field "
	    FIELDS ", got 'T1.mode'"),
	BAD("flush cpu0 mm128.mode", 1, "x.sched:1: expected a field "
	    FIELDS ", got 'mm128.mode'"),
	BAD("flush cpu0 mm0.mode steps 1", 1,
	    "x.sched:1: expected end of line, got 'steps'"),
	/* numbers that overflow any integer type */
	BAD("cpus 18446744073709551621", 1,
	    "x.sched:1: expected a CPU count 1..64, got '18446744073709551621'"),
	BAD("exit T18446744073709551616", 1,
	    "x.sched:1: expected a task name T0..T63, got 'T18446744073709551616'"),
	BAD("work cpu4294967296", 1,
	    "x.sched:1: expected a CPU cpu0..cpu3, got 'cpu4294967296'"),
	BAD("step cpu0 steps 4294967296000", 1,
	    "x.sched:1: expected a step count 0..4096, got '4294967296000'"),
	BAD("affinity T0 0-18446744073709551617", 1,
	    "x.sched:1: expected a CPU list of CPUs 0..3 like 0-2,5, got '0-18446744073709551617'"),
	/* NUL bytes, in an event or in a comment */
	BADN("exit T1\nexit T\0001\n", 2, "x.sched:2: unexpected NUL byte"),
	BADN("work cpu0 # \0\n", 1, "x.sched:1: unexpected NUL byte"),
	BADN("\0", 1, "x.sched:1: unexpected NUL byte"),
	/* how bad tokens are shown */
	BAD("exit \x01\x7f", 1, "x.sched:1: expected a task name T0..T63, got '\\x01\\x7f'"),
	BAD("exit AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1,
	    "x.sched:1: expected a task name T0..T63, got 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...'"),
};

TEST(parse_errors_give_documented_message_and_line)
{
	unsigned int i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		size_t len = c->len ? c->len : strlen(c->text);

		memset(&err, 0, sizeof(err));
		EXPECT_EQ_INT(parse_exact(c->text, len, &sa, &err), -1);
		EXPECT_EQ_INT(err.line, c->line);
		EXPECT(!strcmp(err.msg, c->msg));
		if (strcmp(err.msg, c->msg))
			printf("  case %u: got '%s'\n", i, err.msg);
	}
}

TEST(parse_error_too_many_events_and_tasks)
{
	size_t size = (SCHED_MAX_EVENTS + 2) * 16, len = 0;
	char *text = malloc(size);
	int i;

	len += (size_t)sprintf(text, "cpus 2\n");
	for (i = 0; i < SCHED_MAX_EVENTS; i++)
		len += (size_t)sprintf(text + len, "work cpu%d\n", i & 1);
	EXPECT_EQ_INT(parse_exact(text, len, &sa, &err), 0);
	EXPECT_EQ_INT(sa.nr_events, SCHED_MAX_EVENTS);
	len += (size_t)sprintf(text + len, "step cpu1\n");
	EXPECT_EQ_INT(parse_exact(text, len, &sa, &err), -1);
	EXPECT_EQ_INT(err.line, SCHED_MAX_EVENTS + 2);
	EXPECT_STR_CONTAINS(err.msg, "x.sched:1026: too many events (max 1024)");
	/* the limit counts events, not lines */
	len = (size_t)sprintf(text, "work cpu0\n# nothing\n\n");
	EXPECT_EQ_INT(parse_exact(text, len, &sa, &err), 0);

	len = (size_t)sprintf(text, "threads");
	for (i = 0; i <= SCHED_MAX_TASKS; i++)
		len += (size_t)sprintf(text + len, " T%d", i % 64);
	EXPECT_EQ_INT(parse_exact(text, len, &sa, &err), -1);
	EXPECT(!strcmp(err.msg, "x.sched:1: too many tasks in threads (max 64)"));
	free(text);
}

TEST(parse_error_without_err_or_name_does_not_crash)
{
	EXPECT_EQ_INT(sched_parse_text(NULL, "frob", 4, &sa, NULL), -1);
	EXPECT_EQ_INT(sched_parse_text(NULL, "frob", 4, &sa, &err), -1);
	EXPECT_STR_CONTAINS(err.msg, "<input>:1: expected an event");
}

/* ------------------------------------------------------------------ */
/* Binary                                                             */
/* ------------------------------------------------------------------ */

/* decode -> print -> parse gives the decoded schedule back */
static bool text_round_trip(const struct schedule *s, int *failed)
{
	size_t n = sched_print_text(s, pbuf, sizeof(pbuf));

	EXPECT(n < sizeof(pbuf));
	if (n >= sizeof(pbuf))
		return false;
	if (parse_exact(pbuf, n, &sc, &err)) {
		printf("  %s\n", err.msg);
		*failed = 1;
		return false;
	}
	if (!sched_equal(s, &sc)) {
		show_diff(s, &sc);
		*failed = 1;
		return false;
	}
	/* and printing is a fixed point */
	sched_print_text(&sc, pbuf2, sizeof(pbuf2));
	EXPECT(!strcmp(pbuf, pbuf2));
	return true;
}

/* encode -> decode gives @s back */
static bool binary_round_trip(const struct schedule *s, int *failed)
{
	size_t n = sched_encode_binary(s, bbuf, sizeof(bbuf));

	EXPECT(n <= sizeof(bbuf));
	if (n > sizeof(bbuf))
		return false;
	sched_decode_binary(bbuf, n, &sc);
	if (!sched_equal(s, &sc)) {
		show_diff(s, &sc);
		*failed = 1;
		return false;
	}
	return true;
}

TEST(binary_decode_of_empty_input_is_one_cpu_no_events)
{
	sched_decode_binary(NULL, 0, &sa);
	EXPECT_EQ_INT(sa.nr_cpus, 1);
	EXPECT_EQ_INT(sa.nr_events, 0);
	EXPECT_EQ_INT(sched_encode_binary(&sa, bbuf, sizeof(bbuf)), 1);
	EXPECT_EQ_INT(bbuf[0], 0);
}

TEST(binary_decode_of_truncated_input_is_valid)
{
	size_t n, cut;

	EXPECT_EQ_INT(parse_str(full_example, &sa), 0);
	n = sched_encode_binary(&sa, bbuf, sizeof(bbuf));
	for (cut = 0; cut <= n; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, bbuf, cut);
		sched_decode_binary(copy, cut, &sb);
		free(copy);
		EXPECT(valid_schedule(&sb));
		if (!text_round_trip(&sb, failed))
			printf("  at cut %zu\n", cut);
	}
	/* the last event, cut short, still decodes: its bytes read as 0 */
	sched_decode_binary(bbuf, n - 1, &sb);
	EXPECT_EQ_INT(sb.nr_events, sa.nr_events);
	EXPECT_EQ_INT(sb.ev[sb.nr_events - 1].field, FIELD_MM_MAX_CIDS);
	EXPECT_EQ_INT(sb.ev[sb.nr_events - 1].obj, 0);
	EXPECT(sb.weak);
}

TEST(binary_encode_of_parsed_text_decodes_to_it)
{
	static const char *const texts[] = {
		full_example,
		"cpus 1\nwork cpu0\n",
		"cpus 64\naffinity T63 63 until enters task_rq_lock for T63\n"
		"wake T0 cpu63 steps 4096\nschedule cpu63 T63\n",
		"cpus 3\nthreads T5 T5 T5\nfork T5 T5 process\n",
	};
	unsigned int i;
	size_t len;
	char *text = malloc(1024);

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		EXPECT_EQ_INT(parse_str(texts[i], &sa), 0);
		binary_round_trip(&sa, failed);
	}
	/* a full threads line, in reverse order */
	len = (size_t)sprintf(text, "threads");
	for (i = 0; i < SCHED_MAX_TASKS; i++)
		len += (size_t)sprintf(text + len, " T%u", 63 - i);
	EXPECT_EQ_INT(parse_exact(text, len, &sa, &err), 0);
	binary_round_trip(&sa, failed);
	free(text);
}

TEST(binary_encode_truncates_like_snprintf)
{
	uint8_t small[8];
	size_t full;

	EXPECT_EQ_INT(parse_str(full_example, &sa), 0);
	full = sched_encode_binary(&sa, bbuf, sizeof(bbuf));
	memset(small, 0xaa, sizeof(small));
	EXPECT_EQ_INT(sched_encode_binary(&sa, small, 4), full);
	EXPECT(!memcmp(small, bbuf, 4));
	EXPECT_EQ_INT(small[4], 0xaa);
	EXPECT_EQ_INT(sched_encode_binary(&sa, NULL, 0), full);
}

TEST(binary_task_bytes_prefer_introduced_tasks)
{
	static const uint8_t in[] = {
		3,					/* 4 CPUs */
		EV_THREADS, 2, 0, 0, 0x80 + 9,		/* T0 T1 T9 */
		EV_EXIT, 2, 0,				/* 3rd: T9 */
		EV_FORK, 4, 0, 1, 15, 1, 2, 0,		/* T1, new T2, 15 % 8: fail */
		EV_EXEC, 0xff, 8, 2, NR_TRACE_FUNCS + TF_sched_mm_cid_exit, 6,
							/* 8 % 8: no fail; 6 % 4: T9 */
		EV_PROCESS, 0x85, 7,			/* (7 - 1) % 4 */
		EV_SCHEDULE, 6, 3, 4, 0,		/* 4 % 5: T5 */
		EV_AFFINITY, 1, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0: all */
	};
	static const char expect[] =
		"cpus 4\n"
		"threads T0 T1 T9\n"
		"exit T9\n"
		"fork T1 T2 vfork fail steps 2\n"
		"exec T63 until enters sched_mm_cid_exit for T9\n"
		"process T5 cpu2\n"
		"schedule cpu2 T5\n"
		"affinity T1 0-3\n";
	char text[256];

	sched_decode_binary(in, sizeof(in), &sa);
	EXPECT(valid_schedule(&sa));
	sched_print_text(&sa, text, sizeof(text));
	EXPECT(!strcmp(text, expect));
	if (strcmp(text, expect))
		printf("  got:\n%s", text);
}

/* fail: after the fork kind and the exec's task, before the run part */
TEST(fail_flag_parses_prints_and_round_trips)
{
	static const char text[] =
		"cpus 2\n"
		"fork T0 T1 clone_vm fail\n"
		"exec T1 fail steps 3\n"
		"fork T0 T2\n"
		"exec T2\n"
		"fork T0 T3 process fail until enters copy_process for T3\n";
	static const bool fails[] = { true, true, false, false, true };
	unsigned int i;

	EXPECT_EQ_INT(parse_str(text, &sa), 0);
	EXPECT_EQ_INT(sa.nr_events, 5);
	for (i = 0; i < sa.nr_events && i < 5; i++)
		EXPECT_EQ_INT(sa.ev[i].fails, fails[i]);
	EXPECT_EQ_INT(sa.ev[1].run.steps, 3);
	EXPECT_EQ_INT(sa.ev[4].fork_kind, FORK_PROCESS);
	sched_print_text(&sa, pbuf, sizeof(pbuf));
	EXPECT(!strcmp(pbuf, text));
	if (strcmp(pbuf, text))
		printf("  printed:\n%s", pbuf);
	text_round_trip(&sa, failed);
	binary_round_trip(&sa, failed);
	/* the flag is part of the event */
	sb = sa;
	sb.ev[2].fails = true;
	EXPECT(!sched_equal(&sa, &sb));
	sb = sa;
	sb.ev[1].fails = false;
	EXPECT(!sched_equal(&sa, &sb));
}

/* FAIL: b % 8 == 7 decodes as a failing fork or exec; the encoder writes 7 */
TEST(binary_fail_byte_is_one_in_eight)
{
	uint8_t fork_in[] = { 1, EV_FORK, 0x80, 0x81, FORK_THREAD, 0, 0 };
	uint8_t exec_in[] = { 1, EV_EXEC, 0x80, 0, 0 };
	unsigned int b, forks = 0, execs = 0;
	size_t n;

	for (b = 0; b < 256; b++) {
		fork_in[5] = (uint8_t)b;
		exec_in[3] = (uint8_t)b;
		sched_decode_binary(fork_in, sizeof(fork_in), &sa);
		sched_decode_binary(exec_in, sizeof(exec_in), &sb);
		EXPECT_EQ_INT(sa.ev[0].fails, b % 8 == 7);
		EXPECT_EQ_INT(sb.ev[0].fails, b % 8 == 7);
		EXPECT_EQ_INT(sa.nr_events, 1);
		EXPECT_EQ_INT(sb.nr_events, 1);
		forks += sa.ev[0].fails;
		execs += sb.ev[0].fails;
		binary_round_trip(&sa, failed);
		binary_round_trip(&sb, failed);
	}
	EXPECT_EQ_INT(forks, 32);
	EXPECT_EQ_INT(execs, 32);
	EXPECT_EQ_INT(parse_str("cpus 2\nfork T0 T1 fail\nexec T1 fail\n", &sa), 0);
	n = sched_encode_binary(&sa, bbuf, sizeof(bbuf));
	EXPECT_EQ_INT(n, 1 + 6 + 4);
	EXPECT_EQ_INT(bbuf[5], 7);	/* fork: after the kind */
	EXPECT_EQ_INT(bbuf[9], 7);	/* exec: after the task */
}

TEST(binary_new_task_wraps_once_all_are_introduced)
{
	uint8_t in[1 + 2 + 64 + 2];
	size_t n = 0;
	int i;

	in[n++] = 0;
	in[n++] = EV_THREADS;
	in[n++] = 0x80 + 63;		/* 64 entries */
	for (i = 0; i < 64; i++)
		in[n++] = 0;		/* lowest not introduced: T0..T63 */
	in[n++] = EV_PROCESS;
	in[n++] = 70;			/* all used: 70 % 64 */
	sched_decode_binary(in, n, &sa);
	EXPECT_EQ_INT(sa.nr_events, 2);
	EXPECT_EQ_INT(sa.ev[0].nr_tasks, 64);
	for (i = 0; i < 64; i++)
		EXPECT_EQ_INT(sa.ev[0].tasks[i], i);
	EXPECT_EQ_INT(sa.ev[1].task, 6);
	EXPECT_EQ_INT(sa.ev[1].cpu, -1);
	EXPECT(valid_schedule(&sa));
}

TEST(binary_decode_stops_at_max_events)
{
	static uint8_t in[1 + 3 * (SCHED_MAX_EVENTS + 10)];
	size_t i;

	memset(in, 0, sizeof(in));
	for (i = 1; i < sizeof(in); i += 3)
		in[i] = EV_WORK;
	sched_decode_binary(in, sizeof(in), &sa);
	EXPECT_EQ_INT(sa.nr_events, SCHED_MAX_EVENTS);
	EXPECT(valid_schedule(&sa));
	binary_round_trip(&sa, failed);
	text_round_trip(&sa, failed);
}

static uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

TEST(binary_random_bytes_decode_print_parse_and_encode_exactly)
{
	uint64_t rng = 0x5eed5eed12345678ULL;
	uint8_t in[300];
	int iter, bad = 0;

	for (iter = 0; iter < 20000 && bad < 5; iter++) {
		size_t len = xorshift64(&rng) % (sizeof(in) + 1), i;
		uint8_t *copy;

		for (i = 0; i < len; i++)
			in[i] = (uint8_t)xorshift64(&rng);
		/* exact-size copy: the decoder must not read past it */
		copy = malloc(len ? len : 1);
		memcpy(copy, in, len);
		sched_decode_binary(copy, len, &sa);
		free(copy);

		if (!valid_schedule(&sa) || !text_round_trip(&sa, failed) ||
		    !binary_round_trip(&sa, failed)) {
			EXPECT(valid_schedule(&sa));
			printf("  iteration %d, %zu bytes\n", iter, len);
			bad++;
		}
	}
	EXPECT_EQ_INT(bad, 0);
}

TEST(binary_decode_is_deterministic)
{
	uint64_t rng = 42;
	uint8_t in[300];
	int iter;
	size_t i;

	for (iter = 0; iter < 200; iter++) {
		for (i = 0; i < sizeof(in); i++)
			in[i] = (uint8_t)xorshift64(&rng);
		memset(&sa, 0x55, sizeof(sa));
		memset(&sb, 0xaa, sizeof(sb));
		sched_decode_binary(in, sizeof(in), &sa);
		sched_decode_binary(in, sizeof(in), &sb);
		EXPECT(sched_equal(&sa, &sb));
		sched_print_text(&sa, pbuf, sizeof(pbuf));
		sched_print_text(&sb, pbuf2, sizeof(pbuf2));
		EXPECT(!strcmp(pbuf, pbuf2));
	}
}

TEST_MAIN()
